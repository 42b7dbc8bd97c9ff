#include "kiosk/queue_calls.h"

#include <nlohmann/json.hpp>

#include "kiosk/outbox_upload.h"
#include "kiosk/server_error.h"

namespace ventanilla {

namespace {

using Json = nlohmann::json;

Error bad_answer(const std::string& reason) {
    return make_error("calls.bad_answer", reason, {{"reason", reason}});
}

Result<QueueCall> read_call(const Json& item, std::size_t index) {
    const std::string at = "calls[" + std::to_string(index) + "]";
    if (!item.is_object()) return bad_answer(at + " is not an object");
    auto integer = [&](const char* key) -> std::optional<std::int64_t> {
        auto it = item.find(key);
        if (it == item.end() || !it->is_number_integer()) return std::nullopt;
        return it->get<std::int64_t>();
    };
    auto text = [&](const char* key) -> std::optional<std::string> {
        auto it = item.find(key);
        if (it == item.end() || !it->is_string()) return std::nullopt;
        return it->get<std::string>();
    };
    auto flag = [&](const char* key) -> std::optional<bool> {
        auto it = item.find(key);
        if (it == item.end()) return false;  // absent: an older server, not a recall
        if (!it->is_boolean()) return std::nullopt;
        return it->get<bool>();
    };
    QueueCall call;
    auto sequence = integer("sequence");
    auto counter = integer("counter");
    auto number = text("number");
    auto service = text("service");
    auto called_at = text("called_at");
    auto recall = flag("recall");
    auto appointment = flag("appointment");
    if (!sequence || *sequence < 1) return bad_answer(at + ".sequence");
    if (!counter || *counter < 1 || *counter > 999) return bad_answer(at + ".counter");
    if (!number || number->empty() || number->size() > 32) return bad_answer(at + ".number");
    if (!service) return bad_answer(at + ".service");
    if (!recall) return bad_answer(at + ".recall");
    if (!appointment) return bad_answer(at + ".appointment");
    std::optional<WallTime> when = called_at ? parse_rfc3339(*called_at) : std::nullopt;
    if (!when) return bad_answer(at + ".called_at");
    call.sequence = *sequence;
    call.counter = static_cast<int>(*counter);
    call.number = std::move(*number);
    call.service = std::move(*service);
    call.recall = *recall;
    call.appointment = *appointment;
    call.called_at = *when;
    return call;
}

std::string trimmed(std::string base) {
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base;
}

// A status other than 200 as our error.
Error refusal(const HttpResponse& response) {
    const std::string status = std::to_string(response.status);
    const std::string code = server_error_code(response.body);
    if (response.status == 401 || response.status == 403) {
        return make_error("calls.refused", "HTTP " + status + (code.empty() ? "" : ": " + code),
                          {{"status", status}, {"code", code}});
    }
    return make_error("calls.server_error", "HTTP " + status + (code.empty() ? "" : ": " + code),
                      {{"status", status}});
}

HttpRequest request_for(const CallsEndpoint& endpoint, const std::string& path_and_query,
                        long total_timeout_ms, const std::atomic<bool>* cancel) {
    HttpRequest request;
    request.url = trimmed(endpoint.base_url) + "/api/v1/offices/" + endpoint.office_id + path_and_query;
    request.headers = {"Accept: application/json", "Authorization: Bearer " + endpoint.token};
    request.connect_timeout_ms = endpoint.connect_timeout_ms;
    request.total_timeout_ms = total_timeout_ms;
    // A long poll sends nothing until a call comes: the low-speed limit must outlast it.
    request.low_speed_bytes_per_s = 1;
    request.low_speed_time_s = total_timeout_ms / 1000;
    request.transport = endpoint.transport;
    request.cancel = cancel;
    return request;
}

}  // namespace

Result<CallsPage> parse_calls_page(std::string_view body) {
    const Json value = Json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!value.is_object()) return bad_answer("not a JSON object");
    auto calls = value.find("calls");
    auto last = value.find("last_sequence");
    if (calls == value.end() || !calls->is_array()) return bad_answer("calls");
    if (last == value.end() || !last->is_number_integer()) return bad_answer("last_sequence");
    CallsPage page;
    page.last_sequence = last->get<std::int64_t>();
    for (std::size_t i = 0; i < calls->size(); ++i) {
        auto call = read_call((*calls)[i], i);
        if (!call) return call.error();
        if (!page.calls.empty() && call->sequence <= page.calls.back().sequence) {
            return bad_answer("calls out of order");
        }
        page.calls.push_back(std::move(call).value());
    }
    if (!page.calls.empty() && page.calls.back().sequence > page.last_sequence) {
        return bad_answer("last_sequence below a call's");
    }
    return page;
}

Result<std::int64_t> parse_last_call_sequence(std::string_view body) {
    const Json value = Json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!value.is_object()) return bad_answer("not a JSON object");
    auto last = value.find("last_call_sequence");
    if (last == value.end() || !last->is_number_integer() || last->get<std::int64_t>() < 0) {
        return bad_answer("last_call_sequence");
    }
    return last->get<std::int64_t>();
}

Result<CallsPage> fetch_calls(const CallsEndpoint& endpoint, std::int64_t after, int wait_s,
                              const std::atomic<bool>* cancel) {
    // The server waits up to `wait_s`; give the answer 15 s more to come over a slow link.
    long total_ms = (static_cast<long>(wait_s) + 15) * 1000;
    auto response = http_send(request_for(
        endpoint, "/calls?after=" + std::to_string(after) + "&wait=" + std::to_string(wait_s),
        total_ms, cancel));
    if (!response) return response.error();
    if (response->status != 200) return refusal(*response);
    auto page = parse_calls_page(response->body);
    if (!page) return page.error();
    if (auto date = response->headers.find("date"); date != response->headers.end()) {
        page->server_time = parse_http_date(date->second);
    }
    return page;
}

Result<std::int64_t> fetch_last_call_sequence(const CallsEndpoint& endpoint,
                                              const std::atomic<bool>* cancel) {
    auto response = http_send(request_for(endpoint, "/queue", 15000, cancel));
    if (!response) return response.error();
    if (response->status != 200) return refusal(*response);
    return parse_last_call_sequence(response->body);
}

}  // namespace ventanilla
