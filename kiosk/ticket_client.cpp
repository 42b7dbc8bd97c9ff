#include "kiosk/ticket_client.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "kiosk/server_error.h"

namespace ventanilla {

namespace {

using Json = nlohmann::json;

std::string base_of(const SyncEndpoint& endpoint) {
    std::string base = endpoint.base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base;
}

HttpRequest request_to(const SyncEndpoint& endpoint, std::string method, std::string path,
                       const TicketCallTimeouts& timeouts, const std::atomic<bool>* cancel) {
    HttpRequest request;
    request.method = std::move(method);
    request.url = base_of(endpoint) + path;
    request.headers = {"Accept: application/json", "Authorization: Bearer " + endpoint.token,
                       "Expect:"};
    if (request.method == "POST") request.headers.push_back("Content-Type: application/json");
    request.connect_timeout_ms = timeouts.connect_timeout_ms;
    request.total_timeout_ms = timeouts.total_timeout_ms;
    request.transport = endpoint.transport;
    request.cancel = cancel;
    return request;
}

TicketReply reply(TicketReply::Kind kind, std::string code, std::string detail) {
    TicketReply result;
    result.kind = kind;
    result.error_code = std::move(code);
    result.error_detail = std::move(detail);
    return result;
}

std::string path_segment(std::string_view text) {
    // Ids, office ids and codes are letters, digits and dashes; anything else is escaped.
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.') {
            out += static_cast<char>(c);
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            out += hex;
        }
    }
    return out;
}

}  // namespace

TicketReply classify_ticket_reply(const Result<HttpResponse>& response, const Ticket& asked) {
    using Kind = TicketReply::Kind;
    if (!response) return reply(Kind::unreachable, response.error().code, response.error().detail);
    const HttpResponse& http = *response;
    const long status = http.status;
    const Json error = server_error_object(http.body);
    const std::string code = error.is_object() ? error["code"].get<std::string>() : "";
    if (status == 200 || status == 201) {
        auto ticket = parse_ticket_answer(http.body, asked);
        if (!ticket) return reply(Kind::unreachable, "sync.bad_answer", ticket.error().detail);
        TicketReply result;
        result.kind = Kind::issued;
        result.ticket = std::move(ticket).value();
        return result;
    }
    if (status == 408 || status == 429 || (status >= 500 && status <= 599)) {
        TicketReply result = reply(Kind::unreachable, "sync.server_error",
                                   "HTTP " + std::to_string(status) + (code.empty() ? "" : " " + code));
        result.retry_after = retry_after(http);
        return result;
    }
    if (status == 401) return reply(Kind::paused, code.empty() ? "sync.unauthorized" : code, "HTTP 401");
    if (status == 403 && code == "auth.revoked") return reply(Kind::revoked, code, "HTTP 403");
    if (status == 403 && !code.starts_with("queue.")) {
        return reply(Kind::paused, code.empty() ? "sync.forbidden" : code, "HTTP 403");
    }
    if (status >= 400 && status <= 499 && code.starts_with("queue.")) {
        TicketReply result = reply(Kind::refused, code, error.value("message", ""));
        for (const auto& [key, value] : error.items()) {
            if (key == "code" || key == "message") continue;
            result.error_args[key] = value.is_string() ? value.get<std::string>() : value.dump();
        }
        return result;
    }
    // A 404 from a wrong address, a proxy's 400, a portal's 302: not our server's verdict on
    // this ticket. Treated as no server.
    return reply(Kind::unreachable, "sync.bad_answer",
                 "HTTP " + std::to_string(status) + (code.empty() ? "" : " " + code));
}

TicketReply post_ticket(const SyncEndpoint& endpoint, const Ticket& asked, std::string_view body,
                        const TicketCallTimeouts& timeouts, const std::atomic<bool>* cancel) {
    HttpRequest request = request_to(endpoint, "POST",
                                      "/api/v1/offices/" + path_segment(asked.office_id) + "/tickets",
                                      timeouts, cancel);
    request.body = std::string(body);
    return classify_ticket_reply(http_send(request), asked);
}

TicketReply post_check_in(const SyncEndpoint& endpoint, const Ticket& asked,
                          std::string_view code, const TicketCallTimeouts& timeouts,
                          const std::atomic<bool>* cancel) {
    HttpRequest request = request_to(endpoint, "POST",
                                     "/api/v1/offices/" + path_segment(asked.office_id) +
                                         "/appointments/" + path_segment(code) + "/check-in",
                                     timeouts, cancel);
    request.body = Json{{"id", asked.id}, {"created_at", format_rfc3339_utc(asked.issued_at)}}.dump();
    return classify_ticket_reply(http_send(request), asked);
}

Result<TicketStatus> parse_ticket_status(std::string_view json_text, std::string_view id) {
    Json j = Json::parse(json_text, nullptr, false);
    auto bad = [](const std::string& reason) {
        return make_error("ticket.bad_answer", reason, {{"reason", reason}});
    };
    if (!j.is_object()) return bad("not a JSON object");
    auto text = [&](const char* key) -> std::string {
        auto it = j.find(key);
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    auto count = [&](const char* key) -> std::optional<int> {
        auto it = j.find(key);
        if (it == j.end() || !it->is_number_integer()) return std::nullopt;
        auto v = it->get<long long>();
        if (v < 0 || v > 100000) return std::nullopt;
        return static_cast<int>(v);
    };
    TicketStatus status;
    status.id = text("id");
    status.number = text("number");
    status.service_id = text("service");
    status.status = text("status");
    if (status.id != id) return bad("the answer is about another ticket");
    if (status.number.empty() || status.status.empty()) return bad("number or status missing");
    status.people_ahead = count("people_ahead");
    status.estimated_wait_s = count("estimated_wait_s");
    status.counter = count("counter");
    status.offline = j.value("offline", false);
    return status;
}

Result<TicketStatus> fetch_ticket_status(const SyncEndpoint& endpoint, std::string_view office_id,
                                         std::string_view id, const TicketCallTimeouts& timeouts,
                                         const std::atomic<bool>* cancel) {
    HttpRequest request = request_to(endpoint, "GET",
                                     "/api/v1/offices/" + path_segment(office_id) + "/tickets/" +
                                         path_segment(id),
                                     timeouts, cancel);
    auto response = http_send(request);
    if (!response) return response.error();
    const long status = response->status;
    if (status == 200) return parse_ticket_status(response->body, id);
    const Json error = server_error_object(response->body);
    const std::string code = error.is_object() ? error["code"].get<std::string>() : "";
    if (status == 404 && code == "queue.unknown_ticket") {
        return make_error("ticket.unknown", "the server has no ticket " + std::string(id),
                          {{"id", std::string(id)}});
    }
    if (status == 408 || status == 429 || status >= 500) {
        return make_error("ticket.unreachable", "HTTP " + std::to_string(status));
    }
    return make_error("ticket.refused", "HTTP " + std::to_string(status) + " " + code,
                      {{"code", code.empty() ? std::to_string(status) : code}});
}

}  // namespace ventanilla
