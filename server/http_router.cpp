#include "server/http_router.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <exception>

namespace ventanilla {

namespace {

constexpr const char* kJsonType = "application/json; charset=utf-8";

std::string_view error_code_for(int status) {
    switch (status) {
        case 400:
            return "bad_request";
        case 404:
            return "not_found";
        case 405:
            return "method_not_allowed";
        case 408:
            return "request_timeout";
        case 413:
            return "payload_too_large";
        case 414:
            return "uri_too_long";
        case 415:
            return "unsupported_media_type";
        case 501:
            return "method_not_implemented";
        case 503:
            return "unavailable";
        default:
            return status >= 500 ? "internal" : "bad_request";
    }
}

std::string_view error_message_for(int status) {
    switch (status) {
        case 400:
            return "the request could not be understood";
        case 404:
            return "no such endpoint";
        case 405:
            return "this method is not allowed on this path";
        case 408:
            return "the request took too long to arrive";
        case 413:
            return "the request body is larger than this server accepts";
        case 414:
            return "the request path is too long";
        case 415:
            return "the request body must be application/json";
        default:
            return status >= 500 ? "internal server error" : "the request was refused";
    }
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// "application/json", "application/json; charset=utf-8", "application/problem+json".
bool is_json_media_type(const std::string& content_type) {
    std::string media = lower(content_type.substr(0, content_type.find(';')));
    media.erase(
        std::remove_if(media.begin(), media.end(), [](unsigned char c) { return std::isspace(c); }),
        media.end());
    return media == "application/json" ||
           (media.starts_with("application/") && media.ends_with("+json"));
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    std::string text;
    for (const auto& item : items) {
        if (!text.empty()) {
            text += separator;
        }
        text += item;
    }
    return text;
}

void write(const ApiResponse& api, httplib::Response& response) {
    response.status = api.status;
    for (const auto& [name, value] : api.headers) {
        response.set_header(name, value);
    }
    if (api.body) {
        // Replace rather than throw on invalid UTF-8: a broken string must not
        // turn into a 500 for the whole catalog.
        response.set_content(
            api.body->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), kJsonType);
    }
}

// A path is decoded from %XX before we see it: keep control characters (a
// forged newline) out of the log, and keep the line short.
std::string printable(const std::string& text) {
    if (text.empty()) {
        return "-";
    }
    std::string clean = text.substr(0, 200);
    for (char& c : clean) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            c = '?';
        }
    }
    return text.size() > clean.size() ? clean + "..." : clean;
}

bool is_known_method(const std::string& method) {
    static constexpr std::string_view kKnown[] = {"GET",    "HEAD",    "POST",  "PUT",    "PATCH",
                                                  "DELETE", "OPTIONS", "TRACE", "CONNECT"};
    return std::find(std::begin(kKnown), std::end(kKnown), method) != std::end(kKnown);
}

// cpp-httplib fills in method, target and version before it rejects a request
// line, so a well-formed line with a strange method tells itself apart from noise.
bool looks_like_request_line(const httplib::Request& request) {
    const bool method_is_token =
        !request.method.empty() &&
        std::all_of(request.method.begin(), request.method.end(),
                    [](char c) { return (c >= 'A' && c <= 'Z') || c == '-' || c == '_'; });
    return method_is_token && !request.target.empty() &&
           (request.version == "HTTP/1.1" || request.version == "HTTP/1.0");
}

}  // namespace

std::string ApiRequest::header(const std::string& name) const {
    return http.get_header_value(name);
}

ApiResponse json_response(nlohmann::json body, int status) {
    ApiResponse response;
    response.status = status;
    response.body = std::move(body);
    return response;
}

ApiResponse error_response(int status, std::string_view code, std::string_view message) {
    return json_response({{"error", {{"code", code}, {"message", message}}}}, status);
}

ApiResponse store_failure(const Error& error) {
    ApiResponse response = error_response(500, "internal", "the database failed");
    response.log_note = error.describe();
    return response;
}

std::string http_date(std::chrono::system_clock::time_point time) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[40];
    // strftime's %a and %b follow the C locale, which is what HTTP wants.
    std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
    return text;
}

std::string rfc3339_utc(std::chrono::system_clock::time_point time) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

void HttpRouter::add(std::string method, const std::string& pattern, RouteHandler handler,
                     RequestBody body) {
    routes_.push_back({std::move(method), std::regex(pattern), std::move(handler), body});
}

void HttpRouter::install(httplib::Server& server) {
    auto dispatch = [this](const httplib::Request& request, httplib::Response& response) {
        this->dispatch(request, response);
    };
    // Every path reaches dispatch(), which alone decides between 404 and 405.
    // HEAD is served by the GET handler; cpp-httplib drops the body.
    // ("[\s\S]*" rather than ".*": a decoded path may hold a newline, which "." skips.)
    const std::string any_path = R"([\s\S]*)";
    server.Get(any_path, dispatch);
    server.Post(any_path, dispatch);
    server.Put(any_path, dispatch);
    server.Patch(any_path, dispatch);
    server.Delete(any_path, dispatch);
    server.Options(any_path, dispatch);

    server.set_pre_routing_handler([this](const httplib::Request&, httplib::Response&) {
        std::lock_guard lock(mutex_);
        started_[std::this_thread::get_id()] = std::chrono::steady_clock::now();
        return httplib::Server::HandlerResponse::Unhandled;
    });
    server.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& request, httplib::Response& response) {
            return handle_library_error(request, response)
                       ? httplib::Server::HandlerResponse::Handled
                       : httplib::Server::HandlerResponse::Unhandled;
        }));
    server.set_exception_handler(
        [this](const httplib::Request&, httplib::Response& response, std::exception_ptr error) {
            std::string what = "unknown exception";
            try {
                std::rethrow_exception(error);
            } catch (const std::exception& e) {
                what = e.what();
            } catch (...) {
            }
            {
                std::lock_guard lock(mutex_);
                notes_[std::this_thread::get_id()] = "exception: " + what;
            }
            write(error_response(500, "internal", "internal server error"), response);
        });
    server.set_logger([this](const httplib::Request& request, const httplib::Response& response) {
        log_request(request, response);
    });
}

void HttpRouter::dispatch(const httplib::Request& request, httplib::Response& response) {
    ApiResponse api;
    try {
        api = route(request);
    } catch (const std::exception& e) {
        // Handlers report expected failures as values; this is a bug, but the
        // client still deserves a JSON answer and the log the reason.
        api = error_response(500, "internal", "internal server error");
        api.log_note = std::string("exception: ") + e.what();
    }
    if (!api.log_note.empty()) {
        std::lock_guard lock(mutex_);
        notes_[std::this_thread::get_id()] = api.log_note;
    }
    write(api, response);
    response.set_header("Date", http_date(std::chrono::system_clock::now()));
}

ApiResponse HttpRouter::route(const httplib::Request& request) {
    const std::string method = request.method == "HEAD" ? "GET" : request.method;
    bool path_known = false;
    for (const Route& route : routes_) {
        std::smatch match;
        if (!std::regex_match(request.path, match, route.pattern)) {
            continue;
        }
        path_known = true;
        if (route.method != method) {
            continue;
        }
        ApiRequest api{request, {}, nullptr};
        for (std::size_t i = 1; i < match.size(); ++i) {
            api.captures.push_back(match[i].str());
        }
        if (route.body == RequestBody::json) {
            if (!is_json_media_type(request.get_header_value("Content-Type"))) {
                return error_response(415, "unsupported_media_type",
                                      "the request body must be application/json");
            }
            try {
                api.body = nlohmann::json::parse(request.body);
            } catch (const nlohmann::json::parse_error& e) {
                return error_response(400, "malformed_json",
                                      "the request body is not valid JSON (error at byte " +
                                          std::to_string(e.byte) + ")");
            }
        }
        return route.handler(api);
    }
    if (!path_known) {
        return error_response(404, "not_found", "no such endpoint: " + request.path);
    }
    const auto allowed = allowed_methods(request.path);
    if (request.method == "OPTIONS") {
        ApiResponse response;
        response.status = 204;
        response.headers.emplace_back("Allow", join(allowed, ", "));
        return response;
    }
    ApiResponse response = error_response(
        405, "method_not_allowed",
        request.method + " is not allowed on " + request.path + "; use " + join(allowed, ", "));
    response.headers.emplace_back("Allow", join(allowed, ", "));
    return response;
}

std::vector<std::string> HttpRouter::allowed_methods(const std::string& path) const {
    std::vector<std::string> methods;
    for (const Route& route : routes_) {
        if (std::regex_match(path, route.pattern) &&
            std::find(methods.begin(), methods.end(), route.method) == methods.end()) {
            methods.push_back(route.method);
            if (route.method == "GET") {
                methods.push_back("HEAD");
            }
        }
    }
    if (!methods.empty()) {
        methods.push_back("OPTIONS");
    }
    return methods;
}

// Called for every response of status 400 and above, including those
// cpp-httplib makes before any handler runs. Our own responses already carry a
// JSON body; the library's come empty and get one here.
bool HttpRouter::handle_library_error(const httplib::Request& request,
                                      httplib::Response& response) {
    if (!response.body.empty()) {
        return false;
    }
    ApiResponse api = error_response(response.status, error_code_for(response.status),
                                     error_message_for(response.status));
    // cpp-httplib answers a method it does not know with a bare 400, and TRACE
    // and CONNECT with a bare 400 before routing. RFC 9110 says 501 for the
    // first and 405 for methods we know but do not allow.
    if (response.status == 400 && looks_like_request_line(request) &&
        !is_known_method(request.method)) {
        api = error_response(501, "method_not_implemented",
                             "this server does not implement " + printable(request.method));
    } else if (response.status == 400 &&
               (request.method == "TRACE" || request.method == "CONNECT")) {
        const auto allowed = allowed_methods(request.path);
        api = allowed.empty()
                  ? error_response(404, "not_found", "no such endpoint: " + request.path)
                  : error_response(405, "method_not_allowed",
                                   request.method + " is not allowed on " + request.path);
        if (!allowed.empty()) {
            api.headers.emplace_back("Allow", join(allowed, ", "));
        }
    }
    write(api, response);
    response.set_header("Date", http_date(std::chrono::system_clock::now()));
    return true;
}

void HttpRouter::log_request(const httplib::Request& request, const httplib::Response& response) {
    const auto now = std::chrono::steady_clock::now();
    double duration_ms = 0.0;
    std::string note;
    {
        std::lock_guard lock(mutex_);
        const auto id = std::this_thread::get_id();
        if (const auto started = started_.find(id); started != started_.end()) {
            duration_ms = std::chrono::duration<double, std::milli>(now - started->second).count();
            started_.erase(started);
        }
        if (const auto found = notes_.find(id); found != notes_.end()) {
            note = " (" + found->second + ")";
            notes_.erase(found);
        }
    }
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.1f", duration_ms);
    // The method and path of a request too malformed to parse may be empty: "-".
    log_.write(rfc3339_utc(std::chrono::system_clock::now()) + " request " +
               printable(request.method) + ' ' + printable(request.path) + ' ' +
               std::to_string(response.status) + ' ' + duration + "ms " +
               printable(request.remote_addr) + note);
}

}  // namespace ventanilla
