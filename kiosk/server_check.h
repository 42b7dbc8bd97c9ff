// The technician's "test server": each step a terminal needs to sync, tried in order and
// answered with a plain pass or fail and the reason: the name resolved, a connection made,
// TLS (when the address is https), the terminal's token accepted, and the clocks compared.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/enrolment.h"
#include "kiosk/http_client.h"
#include "kiosk/i18n.h"
#include "kiosk/result.h"

namespace ventanilla {

// Every error code check_server adds to net.* and auth.* (each has a key in assets/i18n).
inline constexpr std::array<std::string_view, 6> kServerCheckErrorCodes{
    "selftest.unresolved",      // host, reason
    "selftest.connect_failed",  // address, port, reason
    "selftest.not_enrolled",    // no token to try
    "selftest.token_refused",   // status, code
    "selftest.clock_off",       // seconds: further apart than kServerClockTolerance
    "selftest.not_run",         // an earlier step failed
};

inline constexpr std::chrono::seconds kServerClockTolerance{60};

enum class ServerCheckStepName { resolve, connect, tls, token, clock };
std::string_view name_of(ServerCheckStepName step);

struct ServerCheckStep {
    ServerCheckStepName step = ServerCheckStepName::resolve;
    enum class Outcome { pass, fail, not_applicable };
    Outcome outcome = Outcome::fail;
    std::optional<Error> error;  // why it failed
    // What it found, for the pass line: a message key and its args ("tech.selftest.found.address").
    std::string found_key;
    TextArgs found_args;
};

struct ServerCheckRequest {
    std::string server_url;
    TransportOptions transport;
    std::optional<DeviceCredentials> credentials;
    long connect_timeout_ms = 3000;
    long total_timeout_ms = 8000;
    std::chrono::system_clock::time_point (*wall_now)() = &std::chrono::system_clock::now;
};

// Blocks for up to a few timeouts: run it on a worker. Steps after a failed one that needs it
// are "selftest.not_run".
std::vector<ServerCheckStep> check_server(const ServerCheckRequest& request);

}  // namespace ventanilla
