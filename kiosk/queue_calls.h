// The office's calls feed (GET …/calls, the waiting hall's long poll), read as values.
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
#include "kiosk/tracking_time.h"

namespace ventanilla {

// Every error code the calls client adds to the "net.*" ones of http_send (each has a key in
// assets/i18n).
inline constexpr std::array<std::string_view, 3> kQueueCallsErrorCodes{
    "calls.refused",       // status, code: 401/403, the device may not read the feed
    "calls.server_error",  // status: 5xx or another status we do not expect
    "calls.bad_answer",    // reason: a 200 that is not the feed's answer
};

// One call of a ticket to a counter, as the server numbered it.
struct QueueCall {
    std::int64_t sequence = 0;  // the office's call sequence: 1, 2, 3, … with no gaps
    std::string number;         // "B-044"
    std::string service;        // service id, "giros"
    int counter = 0;
    bool recall = false;       // the same ticket called again
    bool appointment = false;  // a ticket of an appointment check-in
    WallTime called_at{};

    bool operator==(const QueueCall&) const = default;
};

// One answer of the feed: calls after the asked sequence, oldest first.
struct CallsPage {
    std::vector<QueueCall> calls;
    std::int64_t last_sequence = 0;
    // The server's clock when it answered (its Date header): how old a call is, measured
    // without trusting this terminal's clock.
    std::optional<WallTime> server_time;
};

// The body of `GET …/calls`; strict: an unknown shape is calls.bad_answer.
Result<CallsPage> parse_calls_page(std::string_view body);
// `last_call_sequence` from the body of `GET …/queue`.
Result<std::int64_t> parse_last_call_sequence(std::string_view body);

// Where the feed is and who asks: an enrolled display or counter of the office.
struct CallsEndpoint {
    std::string base_url;
    std::string office_id;
    std::string token;
    TransportOptions transport;
    long connect_timeout_ms = 3000;
};

// GET {base}/api/v1/offices/{office}/calls?after=…&wait=…: blocks up to `wait_s` seconds
// (plus the network's time) when there is no call yet. Call it from a worker; `cancel`
// gives it up within about a second.
Result<CallsPage> fetch_calls(const CallsEndpoint& endpoint, std::int64_t after, int wait_s,
                              const std::atomic<bool>* cancel = nullptr);
// GET …/queue, for the sequence of the office's last call.
Result<std::int64_t> fetch_last_call_sequence(const CallsEndpoint& endpoint,
                                              const std::atomic<bool>* cancel = nullptr);

}  // namespace ventanilla
