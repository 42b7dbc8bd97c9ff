#include "kiosk/server_check.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "kiosk/config.h"
#include "kiosk/file_descriptor.h"
#include "kiosk/outbox_upload.h"
#include "kiosk/server_error.h"

namespace ventanilla {

namespace {

using Step = ServerCheckStep;
using Name = ServerCheckStepName;

Step passed(Name name, std::string found_key = {}, TextArgs found_args = {}) {
    return Step{name, Step::Outcome::pass, std::nullopt, std::move(found_key), std::move(found_args)};
}

Step failed(Name name, Error error) { return Step{name, Step::Outcome::fail, std::move(error), {}, {}}; }

Step not_run(Name name) { return failed(name, make_error("selftest.not_run")); }

std::string address_text(const sockaddr* address) {
    char text[INET6_ADDRSTRLEN] = {};
    if (address->sa_family == AF_INET) {
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text, sizeof text);
    } else if (address->sa_family == AF_INET6) {
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text, sizeof text);
    }
    return text;
}

struct Resolved {
    sockaddr_storage address{};
    socklen_t length = 0;
    std::string text;
};

Result<Resolved> resolve(const ServerUrl& url) {
    std::string host = url.host;
    if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    int status = getaddrinfo(host.c_str(), std::to_string(url.port).c_str(), &hints, &found);
    if (status != 0 || !found) {
        std::string reason = gai_strerror(status);
        return make_error("selftest.unresolved", host + ": " + reason, {{"host", host}, {"reason", reason}});
    }
    Resolved resolved;
    std::memcpy(&resolved.address, found->ai_addr, found->ai_addrlen);
    resolved.length = found->ai_addrlen;
    resolved.text = address_text(found->ai_addr);
    freeaddrinfo(found);
    return resolved;
}

// A TCP connection opened and closed again, within the connect timeout.
Status connect_to(const Resolved& resolved, int port, long timeout_ms) {
    auto fail = [&](int error) {
        std::string reason = error == ETIMEDOUT ? "timed out" : std::strerror(error);
        return make_error("selftest.connect_failed", resolved.text + ":" + std::to_string(port) + ": " + reason,
                          {{"address", resolved.text}, {"port", std::to_string(port)}, {"reason", reason}});
    };
    FileDescriptor socket_fd(::socket(resolved.address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (socket_fd.get() < 0) return fail(errno);
    if (::connect(socket_fd.get(), reinterpret_cast<const sockaddr*>(&resolved.address), resolved.length) == 0) {
        return ok_status();
    }
    if (errno != EINPROGRESS) return fail(errno);
    pollfd waiting{socket_fd.get(), POLLOUT, 0};
    int ready = ::poll(&waiting, 1, static_cast<int>(timeout_ms));
    if (ready == 0) return fail(ETIMEDOUT);
    if (ready < 0) return fail(errno);
    int error = 0;
    socklen_t length = sizeof error;
    ::getsockopt(socket_fd.get(), SOL_SOCKET, SO_ERROR, &error, &length);
    return error == 0 ? ok_status() : fail(error);
}

HttpRequest request_to(const ServerCheckRequest& check, const std::string& path) {
    HttpRequest request;
    request.url = check.server_url;
    while (!request.url.empty() && request.url.back() == '/') request.url.pop_back();
    request.url += path;
    request.transport = check.transport;
    request.connect_timeout_ms = check.connect_timeout_ms;
    request.total_timeout_ms = check.total_timeout_ms;
    return request;
}

Step token_step(const ServerCheckRequest& check) {
    if (!check.credentials) return failed(Name::token, make_error("selftest.not_enrolled"));
    // An empty batch: the server checks the token and the device, and stores nothing.
    HttpRequest request = request_to(check, "/api/v1/records");
    request.method = "POST";
    request.headers = {"Content-Type: application/json", "Authorization: Bearer " + check.credentials->token};
    request.body = nlohmann::json{{"device_id", check.credentials->device_id},
                                  {"records", nlohmann::json::array()}}
                       .dump();
    auto answer = http_send(request);
    if (!answer) return failed(Name::token, answer.error());
    if (answer->status == 200) {
        return passed(Name::token, "tech.selftest.found.device", {{"device", check.credentials->device_id}});
    }
    std::string code = server_error_code(answer->body);
    std::string status = std::to_string(answer->status);
    return failed(Name::token, make_error("selftest.token_refused", status + " " + code,
                                          {{"status", status}, {"code", code}}));
}

}  // namespace

std::string_view name_of(ServerCheckStepName step) {
    switch (step) {
        case Name::resolve: return "resolve";
        case Name::connect: return "connect";
        case Name::tls: return "tls";
        case Name::token: return "token";
        case Name::clock: return "clock";
    }
    return "resolve";
}

std::vector<ServerCheckStep> check_server(const ServerCheckRequest& request) {
    std::vector<Step> steps;
    auto url = parse_server_url(request.server_url);
    if (!url) {
        steps.push_back(failed(Name::resolve, url.error()));
        for (Name later : {Name::connect, Name::tls, Name::token, Name::clock}) steps.push_back(not_run(later));
        return steps;
    }
    auto resolved = resolve(url.value());
    if (!resolved) {
        steps.push_back(failed(Name::resolve, resolved.error()));
        for (Name later : {Name::connect, Name::tls, Name::token, Name::clock}) steps.push_back(not_run(later));
        return steps;
    }
    steps.push_back(passed(Name::resolve, "tech.selftest.found.address", {{"address", resolved->text}}));
    if (auto connected = connect_to(resolved.value(), url->port, request.connect_timeout_ms); !connected) {
        steps.push_back(failed(Name::connect, connected.error()));
        for (Name later : {Name::tls, Name::token, Name::clock}) steps.push_back(not_run(later));
        return steps;
    }
    steps.push_back(passed(Name::connect, "tech.selftest.found.port", {{"port", std::to_string(url->port)}}));

    // The health answer proves the TLS handshake (certificate, host name, pin) and carries the
    // server's clock.
    const auto sent_at = request.wall_now();
    auto health = http_send(request_to(request, "/api/v1/health"));
    const auto received_at = request.wall_now();
    const bool https = url->scheme == "https";
    if (!health) {
        steps.push_back(failed(Name::tls, health.error()));
        for (Name later : {Name::token, Name::clock}) steps.push_back(not_run(later));
        return steps;
    }
    steps.push_back(https ? passed(Name::tls, "tech.selftest.found.tls")
                          : Step{Name::tls, Step::Outcome::not_applicable, std::nullopt, "tech.selftest.found.plain_http", {}});
    steps.push_back(token_step(request));

    auto date = health->headers.find("date");
    std::optional<WallTime> server_time;
    if (date != health->headers.end()) server_time = parse_http_date(date->second);
    if (!server_time) {
        steps.push_back(failed(Name::clock, make_error("server.unexpected_answer", "no Date header in the health answer")));
        return steps;
    }
    // The server stamped its Date somewhere between sending and receiving: compare with the middle.
    auto middle = sent_at + (received_at - sent_at) / 2;
    auto offset = std::chrono::duration_cast<std::chrono::seconds>(*server_time - middle);
    std::string seconds = (offset.count() > 0 ? "+" : "") + std::to_string(offset.count());
    if (offset > kServerClockTolerance || -offset > kServerClockTolerance) {
        steps.push_back(failed(Name::clock, make_error("selftest.clock_off", seconds + " s", {{"seconds", seconds}})));
    } else {
        steps.push_back(passed(Name::clock, "tech.selftest.found.clock", {{"seconds", seconds}}));
    }
    return steps;
}

}  // namespace ventanilla
