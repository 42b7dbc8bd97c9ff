#include "kiosk/counter_client.h"

#include <nlohmann/json.hpp>

#include "kiosk/server_error.h"

namespace ventanilla {

namespace {

using nlohmann::json;

std::string counter_url(const CounterEndpoint& endpoint, std::string_view what) {
    std::string base = endpoint.base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + "/api/v1/offices/" + endpoint.office_id + "/counters/" +
           std::to_string(endpoint.counter) + "/" + std::string(what);
}

std::string office_url(const CounterEndpoint& endpoint, std::string_view what) {
    std::string base = endpoint.base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + "/api/v1/offices/" + endpoint.office_id + "/" + std::string(what);
}

HttpRequest make_request(const CounterEndpoint& endpoint, std::string method, std::string url,
                         const std::string& session_token = {}, const json& body = nullptr) {
    HttpRequest request;
    request.method = std::move(method);
    request.url = std::move(url);
    request.headers = {"Accept: application/json", "Authorization: Bearer " + endpoint.device_token};
    if (!session_token.empty()) request.headers.push_back("Ventanilla-Session: " + session_token);
    if (request.method == "POST") {
        request.headers.push_back("Content-Type: application/json");
        request.body = body.is_null() ? std::string() : body.dump();
    }
    request.connect_timeout_ms = endpoint.connect_timeout_ms;
    request.total_timeout_ms = endpoint.total_timeout_ms;
    request.low_speed_time_s = 5;
    request.transport = endpoint.transport;
    request.cancel = endpoint.cancelled;
    return request;
}

// The server's own queue.* codes and the two auth codes that have texts pass as they are.
constexpr std::array<std::string_view, 3> kPassedCodes{"queue.", "auth.wrong_office", "auth.wrong_role"};

Result<json> exchange(const HttpRequest& request, long expected_status) {
    return exchange_json(request, expected_status, kPassedCodes);
}

Error bad_answer(std::string reason) {
    return make_error("counter.bad_answer", reason, {{"reason", reason}});
}

std::optional<HeldTicket> read_ticket(const json& value) {
    if (!value.is_object() || !value.contains("number") || !value["number"].is_string()) {
        return std::nullopt;
    }
    HeldTicket ticket;
    ticket.number = value["number"].get<std::string>();
    if (value.contains("service") && value["service"].is_string()) {
        ticket.service = value["service"].get<std::string>();
    }
    ticket.appointment = value.value("appointment", false);
    ticket.priority = value.contains("priority") && value["priority"].is_string();
    return ticket;
}

std::string text_of(const json& value, const char* key) {
    if (!value.contains(key) || !value[key].is_string()) return {};
    return value[key].get<std::string>();
}

std::optional<std::int64_t> seconds_of(const json& value) {
    if (!value.is_number()) return std::nullopt;
    return value.get<std::int64_t>();
}

FigureSet read_figures(const json& value) {
    FigureSet figures;
    figures.issued = value.value("issued", std::int64_t{0});
    figures.waiting = value.value("waiting", std::int64_t{0});
    figures.served = value.value("served", std::int64_t{0});
    figures.no_shows = value.value("no_shows", std::int64_t{0});
    figures.in_hand = value.value("in_hand", std::int64_t{0});
    if (value.contains("wait_s") && value["wait_s"].is_object()) {
        figures.wait_mean_s = seconds_of(value["wait_s"].value("mean", json()));
        figures.wait_p90_s = seconds_of(value["wait_s"].value("p90", json()));
    }
    if (value.contains("service_s") && value["service_s"].is_object()) {
        figures.service_mean_s = seconds_of(value["service_s"].value("mean", json()));
        figures.service_p90_s = seconds_of(value["service_s"].value("p90", json()));
    }
    return figures;
}

}  // namespace

std::string_view clerk_action_name(ClerkAction action) {
    switch (action) {
        case ClerkAction::call_next: return "call_next";
        case ClerkAction::recall: return "recall";
        case ClerkAction::served: return "served";
        case ClerkAction::no_show: return "no_show";
        case ClerkAction::transfer: return "transfer";
        case ClerkAction::call_number: return "call_number";
        case ClerkAction::pause: return "pause";
        case ClerkAction::resume: return "resume";
    }
    return "unknown";
}

const FigureSet* DayFigures::clerk(std::string_view id) const {
    for (const auto& [clerk_id, figures] : clerks) {
        if (clerk_id == id) return &figures;
    }
    return nullptr;
}

Result<CounterSession> open_counter_session(const CounterEndpoint& endpoint,
                                            const std::string& clerk, const std::string& pin,
                                            const std::vector<std::string>& services) try {
    const json body = {{"clerk", clerk}, {"pin", pin}, {"services", services}};
    auto answer = exchange(make_request(endpoint, "POST", counter_url(endpoint, "session"), {}, body),
                           201);
    if (!answer) return answer.error();
    const json& value = *answer;
    CounterSession session;
    session.token = text_of(value, "session");
    if (session.token.empty()) return bad_answer("no_session");
    session.clerk = text_of(value, "clerk");
    if (value.contains("services") && value["services"].is_array()) {
        for (const auto& service : value["services"]) {
            if (service.is_string()) session.services.push_back(service.get<std::string>());
        }
    }
    session.paused = value.value("paused", false);
    session.pause_reason = text_of(value, "pause_reason");
    if (value.contains("ticket_in_hand")) session.ticket_in_hand = read_ticket(value["ticket_in_hand"]);
    return session;
} catch (const json::exception&) {
    return bad_answer("wrong_type");
}

Result<ActionOutcome> run_clerk_action(const CounterEndpoint& endpoint,
                                       const std::string& session_token, ClerkAction action,
                                       const std::string& argument) try {
    std::string path;
    json body;
    switch (action) {
        case ClerkAction::call_next: path = "call-next"; break;
        case ClerkAction::recall: path = "recall"; break;
        case ClerkAction::served: path = "served"; break;
        case ClerkAction::no_show: path = "no-show"; break;
        case ClerkAction::transfer: path = "transfer"; body = {{"service", argument}}; break;
        case ClerkAction::call_number: path = "call"; body = {{"number", argument}}; break;
        case ClerkAction::pause: path = "pause"; body = {{"reason", argument}}; break;
        case ClerkAction::resume: path = "resume"; break;
    }
    auto answer = exchange(
        make_request(endpoint, "POST", counter_url(endpoint, path), session_token, body), 200);
    if (!answer) return answer.error();
    ActionOutcome outcome;
    if (answer->contains("ticket")) {
        outcome.ticket = read_ticket((*answer)["ticket"]);
        if (outcome.ticket) outcome.ticket_status = text_of((*answer)["ticket"], "status");
    }
    return outcome;
} catch (const json::exception&) {
    return bad_answer("wrong_type");
}

Status end_counter_session(const CounterEndpoint& endpoint, const std::string& session_token) {
    auto answer = exchange(
        make_request(endpoint, "DELETE", counter_url(endpoint, "session"), session_token), 200);
    if (!answer) return answer.error();
    return ok_status();
}

Result<QueueSnapshot> parse_queue_snapshot(const std::string& body) try {
    const auto value = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!value.is_object() || !value.contains("services") || !value["services"].is_array()) {
        return bad_answer("no_services");
    }
    QueueSnapshot snapshot;
    snapshot.day = text_of(value, "day");
    for (const auto& item : value["services"]) {
        if (!item.is_object()) return bad_answer("service_not_object");
        ServiceQueue service;
        service.id = text_of(item, "id");
        service.prefix = text_of(item, "prefix");
        service.waiting = item.value("waiting", 0);
        if (item.contains("queue") && item["queue"].is_array()) {
            for (const auto& number : item["queue"]) {
                if (number.is_string()) service.next.push_back(number.get<std::string>());
            }
        }
        if (item.contains("serving") && item["serving"].is_array()) {
            for (const auto& serving : item["serving"]) {
                if (!serving.is_object()) continue;
                service.serving.push_back({text_of(serving, "number"), serving.value("counter", 0)});
            }
        }
        snapshot.services.push_back(std::move(service));
    }
    if (value.contains("counters") && value["counters"].is_array()) {
        for (const auto& item : value["counters"]) {
            if (!item.is_object()) continue;
            OpenCounter counter;
            counter.counter = item.value("counter", 0);
            counter.clerk = text_of(item, "clerk");
            if (item.contains("services") && item["services"].is_array()) {
                for (const auto& s : item["services"]) {
                    if (s.is_string()) counter.services.push_back(s.get<std::string>());
                }
            }
            counter.paused = item.value("paused", false);
            counter.pause_reason = text_of(item, "pause_reason");
            snapshot.counters.push_back(std::move(counter));
        }
    }
    return snapshot;
} catch (const json::exception&) {
    return bad_answer("wrong_type");  // a field of another type than the protocol's
}

Result<QueueSnapshot> fetch_queue_snapshot(const CounterEndpoint& endpoint) {
    auto response = http_send(make_request(endpoint, "GET", office_url(endpoint, "queue")));
    if (!response) return response.error();
    if (response->status != 200) return refusal_error(*response, kPassedCodes);
    return parse_queue_snapshot(response->body);
}

Result<DayFigures> parse_day_figures(const std::string& body) try {
    const auto value = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!value.is_object() || !value.contains("totals") || !value["totals"].is_object()) {
        return bad_answer("no_totals");
    }
    DayFigures figures;
    figures.day = text_of(value, "day");
    figures.office = read_figures(value["totals"]);
    if (value.contains("clerks") && value["clerks"].is_array()) {
        for (const auto& item : value["clerks"]) {
            if (!item.is_object()) continue;
            figures.clerks.emplace_back(text_of(item, "clerk"), read_figures(item));
        }
    }
    return figures;
} catch (const json::exception&) {
    return bad_answer("wrong_type");
}

Result<DayFigures> fetch_day_figures(const CounterEndpoint& endpoint) {
    auto response = http_send(make_request(endpoint, "GET", office_url(endpoint, "figures")));
    if (!response) return response.error();
    if (response->status != 200) return refusal_error(*response, kPassedCodes);
    return parse_day_figures(response->body);
}

}  // namespace ventanilla
