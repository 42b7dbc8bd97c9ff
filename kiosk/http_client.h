// One HTTP exchange with the central server over libcurl, as a value: no exceptions, no globals.
#pragma once

#include <array>
#include <atomic>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/result.h"

namespace ventanilla {

// Every error code http_send can produce (each has a key in assets/i18n).
inline constexpr std::array<std::string_view, 8> kHttpErrorCodes{
    "net.init_failed", "net.timeout", "net.unresolved", "net.unreachable", "net.tls",
    "net.failed",
    "net.plain_http_refused",  // plain http to another machine without allow_plain_http
    "net.cancelled",           // HttpRequest::cancel was set while the request ran
};

// How the terminal reaches its server, from its configuration. TLS certificates are always
// verified (peer and host name); there is no switch to turn that off.
struct TransportOptions {
    // curl's CURLOPT_PINNEDPUBLICKEY: "sha256//<base64>" (several joined by ';' while a key
    // is being rolled over). Empty: no pin, the CA store alone decides.
    std::string pinned_public_key;
    // Plain http is refused unless the host is this machine (127.0.0.0/8, ::1, localhost) or
    // this is true (config "allow_plain_http").
    bool allow_plain_http = false;
};

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::string body;
    std::vector<std::string> headers;  // "Name: value"
    long connect_timeout_ms = 3000;
    long total_timeout_ms = 10000;
    // A slow link is one under this many bytes/s for low_speed_time_s: give up on it.
    long low_speed_bytes_per_s = 10;
    long low_speed_time_s = 10;
    // Set by sync requests (enrolment, outbox): pin and plain-http rule apply. Left unset by
    // callers that predate it (their URL passed config validation, which has the same rule).
    std::optional<TransportOptions> transport;
    // When set and it becomes true, the transfer is abandoned ("net.cancelled") within ~1 s:
    // a worker being stopped does not wait for a slow server's timeouts.
    const std::atomic<bool>* cancel = nullptr;
};

struct HttpResponse {
    long status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  // names lower-cased
};

// Network failures are errors (code "net.*"); any HTTP status is a response.
Result<HttpResponse> http_send(const HttpRequest& request);

}  // namespace ventanilla
