#include "server/queue_api.h"

#include <httplib.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "kiosk/tracking_time.h"
#include "kiosk/uuid.h"
#include "server/clerk_pin.h"
#include "server/queue_figures.h"
#include "server/text_checks.h"

namespace ventanilla {

namespace {

using nlohmann::json;

constexpr const char* kOffice = "/api/v1/offices/([^/]+)";
constexpr const char* kCounter = "/api/v1/offices/([^/]+)/counters/([0-9]{1,3})";
constexpr int kCallsPerAnswer = 100;
constexpr std::size_t kMaxReasonBytes = 200;
constexpr std::string_view kSessionHeader = "Ventanilla-Session";

int status_of(std::string_view code) {
    static const std::map<std::string_view, int> kStatus = {
        {"queue.invalid_request", 400},       {"queue.unknown_service", 400},
        {"queue.unknown_priority", 400},      {"queue.appointment_priority", 400},
        {"queue.ticket_conflict", 409},       {"queue.offline_number_taken", 409},
        {"queue.offline_ticket_stale", 409},  {"queue.wrong_pin", 403},
        {"queue.clerk_locked", 429},          {"queue.session_required", 401},
        {"queue.session_invalid", 401},       {"queue.session_ended", 401},
        {"queue.service_not_at_counter", 409}, {"queue.ticket_in_hand", 409},
        {"queue.no_ticket_in_hand", 409},     {"queue.counter_paused", 409},
        {"queue.call_by_number_off", 403},    {"queue.unknown_number", 404},
        {"queue.appointment_unknown", 404},   {"queue.appointment_too_early", 409},
        {"queue.appointment_too_late", 409},  {"queue.appointment_used", 409},
        {"queue.unknown_ticket", 404},        {"queue.ticket_from_another_day", 409},
    };
    const auto found = kStatus.find(code);
    return found == kStatus.end() ? 500 : found->second;
}

// A queue error as an answer: its args go beside code and message (numbers as numbers);
// anything else is the store failing, told to the log only.
ApiResponse failure(const Error& error) {
    const int status = status_of(error.code);
    if (status == 500) {
        ApiResponse response = error_response(500, "internal", "the database failed");
        response.log_note = error.describe();
        return response;
    }
    ApiResponse response = error_response(status, error.code, error.detail);
    auto& body = (*response.body)["error"];
    for (const auto& [key, value] : error.args) {
        std::int64_t number = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
        if (ec == std::errc() && end == value.data() + value.size() && !value.empty()) {
            body[key] = number;
        } else {
            body[key] = value;
        }
    }
    if (error.code == "queue.clerk_locked") {
        response.headers.emplace_back("Retry-After", error.args.at("retry_after_s"));
    }
    return response;
}

ApiResponse invalid(const std::string& field, const std::string& message) {
    return failure(make_error("queue.invalid_request", message, {{"field", field}}));
}

// Only `allowed` keys; the first other one is named.
std::optional<ApiResponse> unknown_field(const json& body,
                                         std::initializer_list<std::string_view> allowed) {
    if (!body.is_object()) return invalid("", "the body must be a JSON object");
    for (const auto& [key, value] : body.items()) {
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            return invalid(key.substr(0, 40), "unknown field \"" + key.substr(0, 40) + "\"");
        }
    }
    return std::nullopt;
}

// The shared part of a ticket and a check-in: "id" and "created_at".
std::optional<ApiResponse> read_identity(const json& body, TicketRequest& request) {
    const auto id = body.find("id");
    if (id == body.end() || !id->is_string() ||
        !is_canonical_uuid(id->get_ref<const std::string&>())) {
        return invalid("id", "\"id\" must be the ticket's UUID in lower-case canonical form");
    }
    request.id = id->get<std::string>();
    const auto created = body.find("created_at");
    if (created == body.end() || !created->is_string()) {
        return invalid("created_at", "\"created_at\" must be an RFC 3339 time");
    }
    const auto parsed = parse_rfc3339(created->get_ref<const std::string&>());
    if (!parsed) {
        return invalid("created_at", "\"created_at\" must be an RFC 3339 time, found \"" +
                                         created->get<std::string>().substr(0, 40) + "\"");
    }
    request.created_at = created->get<std::string>();
    request.created_at_s =
        std::chrono::duration_cast<std::chrono::seconds>(parsed->time_since_epoch()).count();
    return std::nullopt;
}

std::optional<ApiResponse> optional_text(const json& body, const std::string& key,
                                         std::optional<std::string>& out) {
    const auto found = body.find(key);
    if (found == body.end() || found->is_null()) return std::nullopt;
    if (!found->is_string() || found->get_ref<const std::string&>().empty() ||
        found->get_ref<const std::string&>().size() > 64 ||
        has_control_character(found->get_ref<const std::string&>())) {
        return invalid(key, "\"" + key + "\" must be null or text of 1 to 64 bytes");
    }
    out = found->get<std::string>();
    return std::nullopt;
}

// A query parameter as a whole number in [low, high], or `fallback` when absent.
std::optional<std::int64_t> number_param(const ApiRequest& request, const std::string& name,
                                         std::int64_t fallback, std::int64_t low,
                                         std::int64_t high) {
    if (!request.http.has_param(name)) return fallback;
    const std::string text = request.http.get_param_value(name);
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < low) return std::nullopt;
    return std::min(value, high);
}

}  // namespace

void QueueApi::add_routes(HttpRouter& router) {
    const std::string office = kOffice;
    const std::string counter = kCounter;
    router.add(
        "POST", office + "/tickets", [this](const ApiRequest& r) { return post_ticket(r); },
        RequestBody::json);
    router.add("GET", office + "/tickets/([^/]+)",
               [this](const ApiRequest& r) { return get_ticket(r); });
    router.add("GET", office + "/queue", [this](const ApiRequest& r) { return get_queue(r); });
    router.add("GET", office + "/calls", [this](const ApiRequest& r) { return get_calls(r); });
    router.add("GET", office + "/appointments",
               [this](const ApiRequest& r) { return get_appointments(r); });
    router.add("GET", office + "/figures", [this](const ApiRequest& r) { return get_figures(r); });
    router.add(
        "POST", office + "/appointments/([^/]+)/check-in",
        [this](const ApiRequest& r) { return post_check_in(r); }, RequestBody::json);
    router.add(
        "POST", counter + "/session", [this](const ApiRequest& r) { return post_session(r); },
        RequestBody::json);
    router.add("DELETE", counter + "/session", [this](const ApiRequest& r) {
        return counter_action(r, CounterAction::end_session);
    });
    const std::pair<const char*, CounterAction> plain[] = {
        {"/call-next", CounterAction::call_next}, {"/recall", CounterAction::recall},
        {"/served", CounterAction::served},       {"/no-show", CounterAction::no_show},
        {"/resume", CounterAction::resume}};
    for (const auto& [path, action] : plain) {
        router.add("POST", counter + path,
                   [this, action = action](const ApiRequest& r) { return counter_action(r, action); });
    }
    const std::pair<const char*, CounterAction> with_body[] = {
        {"/transfer", CounterAction::transfer},
        {"/call", CounterAction::call_number},
        {"/pause", CounterAction::pause}};
    for (const auto& [path, action] : with_body) {
        router.add(
            "POST", counter + path,
            [this, action = action](const ApiRequest& r) { return counter_action(r, action); },
            RequestBody::json);
    }
}

void QueueApi::stop_waiting() {
    stopping_ = true;
    wake_feeds();
}

void QueueApi::wake_feeds() {
    {
        std::lock_guard lock(feed_mutex_);
        ++feed_generation_;
    }
    feed_changed_.notify_all();
}

std::int64_t QueueApi::now_s() const {
    return std::chrono::duration_cast<std::chrono::seconds>(clock_().time_since_epoch()).count();
}

std::variant<QueueApi::Caller, ApiResponse> QueueApi::caller(
    const ApiRequest& request, std::initializer_list<std::string_view> roles) {
    auto who = auth_.authenticate(request);
    if (auto* refusal = std::get_if<ApiResponse>(&who)) return std::move(*refusal);
    Device& device = std::get<Device>(who);
    const std::string& office_id = request.captures.at(0);
    if (device.office_id != office_id) {
        return error_response(403, "auth.wrong_office",
                              "this device belongs to office " + device.office_id + ", not " +
                                  office_id.substr(0, 64));
    }
    if (std::find(roles.begin(), roles.end(), device.role) == roles.end()) {
        std::string names;
        for (std::string_view role : roles) names += (names.empty() ? "" : " or ") + std::string(role);
        return error_response(403, "auth.wrong_role",
                              "this endpoint is for a " + names + " terminal; this device is a " +
                                  device.role);
    }
    auto office = offices_.office(office_id);
    if (!office) return failure(office.error());
    if (!office->has_value()) {
        return error_response(404, "not_found", "no office with id \"" + office_id + "\"");
    }
    return Caller{std::move(device), std::move(**office)};
}

ApiResponse QueueApi::post_ticket(const ApiRequest& request) {
    auto who = caller(request, {"kiosk"});
    if (auto* refusal = std::get_if<ApiResponse>(&who)) return std::move(*refusal);
    const Caller& kiosk = std::get<Caller>(who);
    const json& body = request.body;
    if (auto bad = unknown_field(body, {"id", "service", "priority", "created_at", "offline_number"})) {
        return std::move(*bad);
    }
    TicketRequest ticket;
    if (auto bad = read_identity(body, ticket)) return std::move(*bad);
    const auto service = body.find("service");
    if (service == body.end() || !service->is_string() ||
        service->get_ref<const std::string&>().empty() ||
        service->get_ref<const std::string&>().size() > 64) {
        return invalid("service", "\"service\" must be a service id of the office");
    }
    ticket.service = service->get<std::string>();
    if (auto bad = optional_text(body, "priority", ticket.priority)) return std::move(*bad);
    if (auto bad = optional_text(body, "offline_number", ticket.offline_number)) {
        return std::move(*bad);
    }
    auto issued = issue_ticket(store_, kiosk.office, kiosk.device, ticket, now_s());
    if (!issued) return failure(issued.error());
    return json_response(issued->answer, issued->repeated ? 200 : 201);
}

ApiResponse QueueApi::post_check_in(const ApiRequest& request) {
    auto who = caller(request, {"kiosk"});
    if (auto* refusal = std::get_if<ApiResponse>(&who)) return std::move(*refusal);
    const Caller& kiosk = std::get<Caller>(who);
    if (auto bad = unknown_field(request.body, {"id", "created_at"})) return std::move(*bad);
    TicketRequest ticket;
    if (auto bad = read_identity(request.body, ticket)) return std::move(*bad);
    auto issued = check_in_appointment(store_, kiosk.office, kiosk.device, request.captures.at(1),
                                       ticket, now_s());
    if (!issued) return failure(issued.error());
    return json_response(issued->answer, issued->repeated ? 200 : 201);
}

ApiResponse QueueApi::get_queue(const ApiRequest& request) {
    auto who = caller(request, {"kiosk", "counter", "display"});
    if (auto* refusal = std::get_if<ApiResponse>(&who)) return std::move(*refusal);
    auto state = queue_state(store_, std::get<Caller>(who).office, now_s());
    if (!state) return failure(state.error());
    ApiResponse response = json_response(std::move(state).value());
    response.headers = {{"Cache-Control", "no-store"}};
    return response;
}

ApiResponse QueueApi::get_ticket(const ApiRequest& request) {
    auto who = caller(request, {"kiosk", "counter"});
    if (auto* refusal = std::get_if<ApiResponse>(&who)) return std::move(*refusal);
    const std::string& id = request.captures.at(1);
    if (!is_canonical_uuid(id)) {
        return failure(make_error("queue.unknown_ticket", "a ticket id is a lower-case UUID",
                                  {{"id", id.substr(0, 64)}}));
    }
    auto state = ticket_status(store_, std::get<Caller>(who).office, id, now_s());
    if (!state) return failure(state.error());
    ApiResponse response = json_response(std::move(state).value());
    response.headers = {{"Cache-Control", "no-store"}};
    return response;
}

ApiResponse QueueApi::get_appointments(const ApiRequest& request) {
    auto who = caller(request, {"kiosk", "counter"});
    if (auto* refusal = std::get_if<ApiResponse>(&who)) return std::move(*refusal);
    auto list = appointments_around(store_, std::get<Caller>(who).office, now_s());
    if (!list) return failure(list.error());
    ApiResponse response = json_response(std::move(list).value());
    response.headers = {{"Cache-Control", "no-store"}};
    return response;
}

// The day's figures; `day` (YYYY-MM-DD) defaults to the office's today.
ApiResponse QueueApi::get_figures(const ApiRequest& request) {
    auto who = caller(request, {"counter"});
    if (auto* refusal = std::get_if<ApiResponse>(&who)) return std::move(*refusal);
    const std::int64_t now = now_s();
    std::string day = local_day(now);
    if (request.http.has_param("day")) {
        day = request.http.get_param_value("day");
        if (day.size() != 10 || !parse_rfc3339(day + "T00:00:00Z")) {
            return invalid("day", "\"day\" must be a date, YYYY-MM-DD");
        }
    }
    auto figures = day_figures(store_, std::get<Caller>(who).office, day, now);
    if (!figures) return failure(figures.error());
    ApiResponse response = json_response(std::move(figures).value());
    response.headers = {{"Cache-Control", "no-store"}};
    return response;
}

// A long poll: answers at once when calls after `after` exist, else looks again every
// feed_poll_interval (and at once when this process records a call) until `wait` runs out.
ApiResponse QueueApi::get_calls(const ApiRequest& request) {
    auto who = caller(request, {"display", "counter"});
    if (auto* refusal = std::get_if<ApiResponse>(&who)) return std::move(*refusal);
    const Office& office = std::get<Caller>(who).office;
    const auto after = number_param(request, "after", 0, 0, INT64_MAX);
    const auto wait_s = number_param(request, "wait", 0, 0, options_.max_wait_s);
    if (!after || !wait_s) {
        return invalid("after", "\"after\" and \"wait\" must be whole numbers of 0 or more");
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(*wait_s);
    while (true) {
        std::uint64_t generation = 0;
        {
            std::lock_guard lock(feed_mutex_);
            generation = feed_generation_;
        }
        auto calls = calls_after(store_, office, *after, kCallsPerAnswer);
        if (!calls) return failure(calls.error());
        const auto now = std::chrono::steady_clock::now();
        if (!(*calls)["calls"].empty() || now >= deadline || stopping_) {
            ApiResponse response = json_response(std::move(calls).value());
            response.headers = {{"Cache-Control", "no-store"}};
            return response;
        }
        std::unique_lock lock(feed_mutex_);
        feed_changed_.wait_until(
            lock, std::min(deadline, now + options_.feed_poll_interval),
            [&] { return feed_generation_ != generation || stopping_; });
    }
}

ApiResponse QueueApi::post_session(const ApiRequest& request) {
    auto who = caller(request, {"counter"});
    if (auto* refusal = std::get_if<ApiResponse>(&who)) return std::move(*refusal);
    const Caller& counter = std::get<Caller>(who);
    const json& body = request.body;
    if (auto bad = unknown_field(body, {"clerk", "pin", "services"})) return std::move(*bad);
    SessionRequest session;
    const auto clerk = body.find("clerk");
    if (clerk == body.end() || !clerk->is_string() || clerk->get_ref<const std::string&>().empty() ||
        clerk->get_ref<const std::string&>().size() > 64 ||
        has_control_character(clerk->get_ref<const std::string&>())) {
        return invalid("clerk", "\"clerk\" must be the clerk's id");
    }
    session.clerk = clerk->get<std::string>();
    const auto pin = body.find("pin");
    if (pin == body.end() || !pin->is_string() || !is_valid_pin(pin->get_ref<const std::string&>())) {
        return invalid("pin", "\"pin\" must be 4 to 8 digits");
    }
    session.pin = pin->get<std::string>();
    const auto services = body.find("services");
    if (services == body.end() || !services->is_array() || services->empty() ||
        services->size() > 26) {
        return invalid("services", "\"services\" must list the service ids this counter serves");
    }
    std::set<std::string> seen;
    for (const json& service : *services) {
        if (!service.is_string() || service.get_ref<const std::string&>().empty() ||
            service.get_ref<const std::string&>().size() > 64 ||
            !seen.insert(service.get<std::string>()).second) {
            return invalid("services", "\"services\" must list different service ids");
        }
        session.services.push_back(service.get<std::string>());
    }
    const int number = std::stoi(request.captures.at(1));
    if (number < 1) return invalid("counter", "counters are numbered from 1 to 999");
    auto opened =
        open_counter_session(store_, counter.office, counter.device, number, session, now_s());
    if (!opened) return failure(opened.error());
    ApiResponse response = json_response(std::move(opened).value(), 201);
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

ApiResponse QueueApi::counter_action(const ApiRequest& request, CounterAction action) {
    auto who = caller(request, {"counter"});
    if (auto* refusal = std::get_if<ApiResponse>(&who)) return std::move(*refusal);
    const Caller& counter = std::get<Caller>(who);
    const std::string token = request.header(std::string(kSessionHeader));
    if (token.empty()) {
        return failure(make_error("queue.session_required",
                                  "counter operations need the clerk's session in the \"" +
                                      std::string(kSessionHeader) + "\" header"));
    }
    CounterCommand command{action, {}};
    const json& body = request.body;
    auto text_field = [&](const char* key, std::size_t max_bytes) -> std::optional<ApiResponse> {
        if (auto bad = unknown_field(body, {key})) return bad;
        const auto value = body.find(key);
        if (value == body.end() || !value->is_string() ||
            value->get_ref<const std::string&>().empty() ||
            value->get_ref<const std::string&>().size() > max_bytes ||
            has_control_character(value->get_ref<const std::string&>())) {
            return invalid(key, "\"" + std::string(key) + "\" must be text of 1 to " +
                                    std::to_string(max_bytes) + " bytes");
        }
        command.argument = value->get<std::string>();
        return std::nullopt;
    };
    std::optional<ApiResponse> bad;
    if (action == CounterAction::transfer) bad = text_field("service", 64);
    if (action == CounterAction::call_number) bad = text_field("number", 16);
    if (action == CounterAction::pause) bad = text_field("reason", kMaxReasonBytes);
    if (bad) return std::move(*bad);

    const int number = std::stoi(request.captures.at(1));
    auto done = counter_command(store_, counter.office, counter.device, number, token, command,
                                now_s());
    if (!done) return failure(done.error());
    if (done->contains("call") && !(*done)["call"].is_null()) wake_feeds();
    return json_response(std::move(done).value());
}

}  // namespace ventanilla
