// TicketStore: the queue tickets this kiosk issued, kept in its SQLite file; also the outbox
// of the tickets it numbered itself while the server could not be reached.
#pragma once

// Every ticket is written here (committed, durably) before the server is asked, so a crash
// or a lost answer never makes a ticket nobody knows about. States:
//
//     asking ──answer──▶ online
//        │
//        └──no server──▶ offline_waiting ──mark_sending──▶ offline_sending ──▶ uploaded
//                         (number from this kiosk's        │   ▲                │
//                          own sequence of the day)        │   └── retry        └─▶ set_aside
//                                                          (same bytes)     (a 4xx for a person)
//
// A row left "asking" by a crash is marked abandoned at the next start: nobody holds its
// number. What was asked, the number once given and the upload body never change (triggers).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/result.h"
#include "kiosk/store.h"
#include "kiosk/ticket.h"

namespace ventanilla {

enum class TicketState { asking, online, offline_waiting, offline_sending, uploaded, set_aside, abandoned };
std::string_view name_of(TicketState state);

struct StoredTicket {
    std::int64_t seq = 0;
    Ticket ticket;            // number empty while asking
    std::string created_at;   // RFC 3339 UTC, whole seconds, exactly as sent
    TicketState state = TicketState::asking;
    std::string upload_body;  // offline tickets: the frozen body of POST …/tickets
    int upload_attempts = 0;
    std::string set_aside_reason;   // the server's code, "queue.offline_number_taken"
    std::string set_aside_message;  // its words, for the technician
};

struct TicketUploadCounts {
    std::int64_t waiting = 0;    // offline tickets the server does not have yet
    std::int64_t set_aside = 0;  // refused by the server: for the technician
    std::optional<WallTime> oldest_created_at;  // of those waiting
};

// Not thread-safe: one TicketStore per connection and thread (the issuer and the uploader
// each open their own LocalStore on the file).
class TicketStore {
public:
    explicit TicketStore(LocalStore& store) : db_(store.db()) {}

    // Makes the ticket's UUID and commits the request (state "asking") before returning.
    // `created_at` is kept to the second: the bytes sent now and in a later upload agree.
    Result<Ticket> create(std::string_view office_id, std::string_view service_id,
                          std::string_view priority, WallTime created_at);
    // The server's answer to the request (or to an upload): number, time, people ahead.
    Status record_online(const Ticket& answered);
    // A ticket the server issued at an appointment check-in (no local request came first:
    // without the server there is no check-in). A repeat of the same id is ignored.
    Status record_checked_in(const Ticket& answered, WallTime created_at);
    // No server: numbers the ticket from this kiosk's own sequence of `local_day`
    // ("2026-03-14"), freezes its upload body and queues it, all in one commit.
    Result<Ticket> issue_offline(std::string_view id, std::string_view prefix,
                                 int terminal_number, std::string_view local_day);
    // A request that will never be answered (refused, or a crash): nobody holds it.
    Status abandon(std::string_view id);
    // Rows left "asking" by a crash; returns how many were abandoned.
    Result<std::int64_t> abandon_unanswered();

    Result<std::optional<StoredTicket>> find(std::string_view id);
    // Offline tickets not yet at the server, oldest first ("sending" ones included).
    Result<std::vector<StoredTicket>> uploads_due(std::size_t max_tickets);
    // Durable before the first byte of an upload goes out.
    Status mark_sending(std::string_view id);
    Status mark_uploaded(const Ticket& answered);
    Status set_aside(std::string_view id, std::string_view reason, std::string_view message);
    Result<TicketUploadCounts> upload_counts();
    // The last ticket number this kiosk gave on its own on `local_day` (0: none).
    Result<int> last_offline_sequence(std::string_view local_day);

private:
    SqliteDb& db_;
};

}  // namespace ventanilla
