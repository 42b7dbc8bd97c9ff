// HttpRouter: JSON endpoints on cpp-httplib, with JSON errors, 404/405/415 and a request log.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "kiosk/result.h"
#include "server/line_log.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace ventanilla {

struct ApiRequest {
    const httplib::Request& http;       // headers and query parameters
    std::vector<std::string> captures;  // the route pattern's groups, e.g. an office id
    nlohmann::json body;                // the parsed body, for routes that take JSON

    std::string header(const std::string& name) const;
};

struct ApiResponse {
    int status = 200;
    std::optional<nlohmann::json> body;  // none for 204 and 304
    std::vector<std::pair<std::string, std::string>> headers;
    // Goes into the request log line, never to the client: why a 500 happened.
    std::string log_note;
};

ApiResponse json_response(nlohmann::json body, int status = 200);

// {"error":{"code":"not_found","message":"..."}}. Codes are stable snake_case
// words a terminal may branch on; messages are English prose for people.
ApiResponse error_response(int status, std::string_view code, std::string_view message);

// A store that failed: the client gets a generic 500 "internal", the log the store's own words.
ApiResponse store_failure(const Error& error);

enum class RequestBody {
    none,
    json,  // must be Content-Type application/json (else 415) and parse (else 400)
};

using RouteHandler = std::function<ApiResponse(const ApiRequest&)>;

// Routes are matched by method and a regular expression over the whole path.
// A path that matches some route but not the method gets 405 with an Allow
// header; no match at all gets 404. Errors that cpp-httplib produces itself
// (413 body too large, 400 unparsable request) get the same JSON shape.
//
// Every request is logged as one line: time, method, path, status, duration,
// peer. Never bodies or query strings, which may carry personal data.
class HttpRouter {
public:
    explicit HttpRouter(LineLog& log) : log_(log) {}
    HttpRouter(const HttpRouter&) = delete;
    HttpRouter& operator=(const HttpRouter&) = delete;

    void add(std::string method, const std::string& pattern, RouteHandler handler,
             RequestBody body = RequestBody::none);

    // Takes over all of `server`'s routing, error handling and logging. The
    // router must outlive the server.
    void install(httplib::Server& server);

private:
    struct Route {
        std::string method;
        std::regex pattern;
        RouteHandler handler;
        RequestBody body;
    };

    void dispatch(const httplib::Request& request, httplib::Response& response);
    ApiResponse route(const httplib::Request& request);
    std::vector<std::string> allowed_methods(const std::string& path) const;
    bool handle_library_error(const httplib::Request& request, httplib::Response& response);
    void log_request(const httplib::Request& request, const httplib::Response& response);

    LineLog& log_;
    std::vector<Route> routes_;

    // cpp-httplib's logger does not know when a request started. Each worker
    // thread serves one request at a time, so the start is kept per thread
    // from the pre-routing hook until the logger runs.
    std::mutex mutex_;
    std::map<std::thread::id, std::chrono::steady_clock::time_point> started_;
    std::map<std::thread::id, std::string> notes_;
};

// An HTTP date (RFC 9110 IMF-fixdate), as in the Date header.
std::string http_date(std::chrono::system_clock::time_point time);

// RFC 3339 in UTC with second precision: "2025-03-14T09:26:53Z".
std::string rfc3339_utc(std::chrono::system_clock::time_point time);

}  // namespace ventanilla
