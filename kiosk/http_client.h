// One HTTP exchange with the central server over libcurl, as a value: no exceptions, no globals.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "kiosk/result.h"

namespace ventanilla {

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
};

struct HttpResponse {
    long status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  // names lower-cased
};

// Network failures are errors (code "net.*"); any HTTP status is a response.
Result<HttpResponse> http_send(const HttpRequest& request);

}  // namespace ventanilla
