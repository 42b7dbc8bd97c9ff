// The counter terminal's calls on the office queue (docs/protocol.md, "Queue"): a clerk's
// session, the operations on it, the queue and the day's figures. Each call blocks: run
// them on a worker (kiosk/counter_worker.h).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/http_client.h"
#include "kiosk/result.h"

namespace ventanilla {

// Error codes the counter's calls add to net.* and the server's own queue.* / auth.* codes,
// which are passed on with the fields of the server's error as args (each has a text).
inline constexpr std::array<std::string_view, 3> kCounterClientErrorCodes{
    "counter.unauthorized",  // code: the server refused this terminal's token (401/403 auth.*)
    "counter.server_error",  // status: 5xx or a status we do not expect
    "counter.bad_answer",    // reason: a 2xx that is not the answer we know
};

// Where and as whom: the terminal's server, its device token, office and counter number.
struct CounterEndpoint {
    std::string base_url;
    std::string device_token;
    std::string office_id;
    int counter = 1;
    TransportOptions transport;
    long connect_timeout_ms = 3000;
    long total_timeout_ms = 8000;
    const std::atomic<bool>* cancelled = nullptr;
};

// The clerk's operations on an open session.
enum class ClerkAction { call_next, recall, served, no_show, transfer, call_number, pause, resume };

std::string_view clerk_action_name(ClerkAction action);  // "call_next", … (logs, automation)

// A ticket as the counter sees it: no personal data, a number and a service.
struct HeldTicket {
    std::string number;  // "B-042"
    std::string service;
    bool appointment = false;
    bool priority = false;

    bool operator==(const HeldTicket&) const = default;
};

struct CounterSession {
    std::string token;  // kept in memory only
    std::string clerk;
    std::vector<std::string> services;
    bool paused = false;
    std::string pause_reason;
    std::optional<HeldTicket> ticket_in_hand;
};

// What an operation did.
struct ActionOutcome {
    std::optional<HeldTicket> ticket;  // the ticket it called or finished; none: nobody waits
    std::string ticket_status;         // "called", "served", "no_show", "waiting" (transferred)
};

struct ServiceQueue {
    std::string id;
    std::string prefix;
    int waiting = 0;
    std::vector<std::string> next;  // waiting numbers in call order
    struct Serving {
        std::string number;
        int counter = 0;
    };
    std::vector<Serving> serving;
};

struct OpenCounter {
    int counter = 0;
    std::string clerk;
    std::vector<std::string> services;
    bool paused = false;
    std::string pause_reason;
};

struct QueueSnapshot {
    std::string day;
    std::vector<ServiceQueue> services;
    std::vector<OpenCounter> counters;
};

// One set of figures (docs/protocol.md, "Day figures"): seconds, nullopt when none.
struct FigureSet {
    std::int64_t issued = 0;   // office only
    std::int64_t waiting = 0;  // office only
    std::int64_t served = 0;
    std::int64_t no_shows = 0;
    std::int64_t in_hand = 0;
    std::optional<std::int64_t> wait_mean_s, wait_p90_s, service_mean_s, service_p90_s;
};

struct DayFigures {
    std::string day;
    FigureSet office;
    std::vector<std::pair<std::string, FigureSet>> clerks;  // by clerk id

    const FigureSet* clerk(std::string_view id) const;
};

// POST …/counters/{n}/session.
Result<CounterSession> open_counter_session(const CounterEndpoint& endpoint,
                                            const std::string& clerk, const std::string& pin,
                                            const std::vector<std::string>& services);
// POST …/counters/{n}/<action>; `argument` is the service (transfer), number (call_number)
// or reason (pause).
Result<ActionOutcome> run_clerk_action(const CounterEndpoint& endpoint,
                                       const std::string& session_token, ClerkAction action,
                                       const std::string& argument = {});
// DELETE …/counters/{n}/session.
Status end_counter_session(const CounterEndpoint& endpoint, const std::string& session_token);
// GET …/queue.
Result<QueueSnapshot> fetch_queue_snapshot(const CounterEndpoint& endpoint);
// GET …/figures (today).
Result<DayFigures> fetch_day_figures(const CounterEndpoint& endpoint);

// Parsers of the answers, apart for tests.
Result<QueueSnapshot> parse_queue_snapshot(const std::string& body);
Result<DayFigures> parse_day_figures(const std::string& body);

}  // namespace ventanilla
