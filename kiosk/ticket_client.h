// The kiosk's queue calls to the server: ask for a ticket, upload an offline one, check an
// appointment in, look a ticket up; each answer sorted into what the kiosk should do.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/http_client.h"
#include "kiosk/outbox_upload.h"
#include "kiosk/result.h"
#include "kiosk/ticket.h"

namespace ventanilla {

// What one queue request came to.
struct TicketReply {
    enum class Kind {
        issued,       // the server has the ticket: `ticket` is its answer
        unreachable,  // network error, timeout, 408, 429, 5xx or a garbled 200: try later
        refused,      // a 4xx of ours about this request (queue.*): a person must look
        paused,       // 401 or 403: the terminal's enrolment is the problem
        revoked,      // 403 auth.revoked
    };
    Kind kind = Kind::unreachable;
    std::optional<Ticket> ticket;
    std::string error_code;    // net.*, sync.server_error, sync.bad_answer, queue.*, auth.*
    std::string error_detail;  // the server's message, for logs and the technician
    std::map<std::string, std::string> error_args;  // the error's other fields, as text
    std::chrono::milliseconds retry_after{0};
};

// Sorts an answer to POST …/tickets or …/check-in about `asked`.
TicketReply classify_ticket_reply(const Result<HttpResponse>& response, const Ticket& asked);

// How long a citizen may wait on the server before the kiosk numbers the ticket itself.
struct TicketCallTimeouts {
    long connect_timeout_ms = 2000;
    long total_timeout_ms = 4000;
};

// POST /api/v1/offices/{office}/tickets with `body` (ticket_request_json, or an offline
// ticket's frozen upload body). Blocks.
TicketReply post_ticket(const SyncEndpoint& endpoint, const Ticket& asked, std::string_view body,
                        const TicketCallTimeouts& timeouts,
                        const std::atomic<bool>* cancel = nullptr);

// POST /api/v1/offices/{office}/appointments/{code}/check-in with ticket id `asked.id`.
TicketReply post_check_in(const SyncEndpoint& endpoint, const Ticket& asked,
                          std::string_view code, const TicketCallTimeouts& timeouts,
                          const std::atomic<bool>* cancel = nullptr);

// A ticket as GET /api/v1/offices/{office}/tickets/{id} tells it: where it stands now.
struct TicketStatus {
    std::string id;
    std::string number;
    std::string service_id;
    std::string status;  // "waiting", "called", "served", "no_show"
    std::optional<int> people_ahead;      // while waiting
    std::optional<int> estimated_wait_s;  // while waiting
    std::optional<int> counter;           // called (or served) at this counter
    bool offline = false;
};

// Reads the server's answer to GET …/tickets/{id}.
Result<TicketStatus> parse_ticket_status(std::string_view json_text, std::string_view id);

// Errors: net.*, ticket.unknown (404 queue.unknown_ticket), ticket.unreachable (5xx),
// ticket.refused, ticket.bad_answer. Blocks.
Result<TicketStatus> fetch_ticket_status(const SyncEndpoint& endpoint, std::string_view office_id,
                                         std::string_view id, const TicketCallTimeouts& timeouts,
                                         const std::atomic<bool>* cancel = nullptr);

}  // namespace ventanilla
