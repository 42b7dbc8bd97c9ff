#include "kiosk/tracking.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace ventanilla {

namespace {

using nlohmann::json;

Error bad_answer(std::string path, std::string reason, std::string detail) {
    std::string full = path.empty() ? detail : path + ": " + detail;
    return make_error("tracking.bad_answer", std::move(full),
                      {{"path", std::move(path)}, {"reason", std::move(reason)}});
}

std::string type_name(const json& value) {
    return value.type_name();
}

// A required text field: present, a string, not empty, within the bounds.
Result<std::string> required_text(const json& object, const char* field, const std::string& at) {
    const std::string path = at.empty() ? field : at + "." + field;
    const auto it = object.find(field);
    if (it == object.end() || it->is_null()) return bad_answer(path, "missing", "required");
    if (!it->is_string()) return bad_answer(path, "wrong_type", "a " + type_name(*it));
    const auto& text = it->get_ref<const std::string&>();
    if (text.empty()) return bad_answer(path, "missing", "empty");
    if (text.size() > kMaxTrackingTextBytes) {
        return bad_answer(path, "too_large", std::to_string(text.size()) + " bytes");
    }
    return text;
}

// An optional text field: absent, null and "" all read as "".
Result<std::string> optional_text(const json& object, const char* field, const std::string& at) {
    const auto it = object.find(field);
    if (it == object.end() || it->is_null()) return std::string();
    if (it->is_string() && it->get_ref<const std::string&>().empty()) return std::string();
    return required_text(object, field, at);
}

Result<WallTime> required_time(const json& object, const char* field, const std::string& at) {
    auto text = required_text(object, field, at);
    if (!text) return text.error();
    auto time = parse_rfc3339(*text);
    if (!time) {
        return bad_answer(at.empty() ? field : at + "." + field, "invalid_time",
                          "\"" + *text + "\" is not an RFC 3339 time");
    }
    return *time;
}

Result<TrackingEvent> parse_event(const json& value, const std::string& at) {
    if (!value.is_object()) return bad_answer(at, "not_object", "a " + type_name(value));
    TrackingEvent event;
    auto event_id = required_text(value, "event_id", at);
    if (!event_id) return event_id.error();
    auto code = required_text(value, "code", at);
    if (!code) return code.error();
    auto time = required_time(value, "time", at);
    if (!time) return time.error();
    event.event_id = std::move(event_id).value();
    event.code = std::move(code).value();
    event.time = *time;
    struct Optional {
        const char* field;
        std::string TrackingEvent::*member;
    };
    for (const auto& [field, member] : {
             Optional{"office_code", &TrackingEvent::office_code},
             Optional{"office_name", &TrackingEvent::office_name},
             Optional{"location", &TrackingEvent::location},
             Optional{"country", &TrackingEvent::country},
             Optional{"counter", &TrackingEvent::counter},
         }) {
        auto text = optional_text(value, field, at);
        if (!text) return text.error();
        event.*member = std::move(text).value();
    }
    return event;
}

}  // namespace

Result<TrackingRecord> parse_tracking_record(std::string_view json_text) {
    if (json_text.size() > kMaxTrackingAnswerBytes) {
        return bad_answer("", "too_large", std::to_string(json_text.size()) + " bytes");
    }
    const json value = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) return bad_answer("", "not_json", "not JSON");
    if (!value.is_object()) return bad_answer("", "not_object", "a " + type_name(value));

    TrackingRecord record;
    auto item_id = required_text(value, "item_id", "");
    if (!item_id) return item_id.error();
    record.item_id = std::move(item_id).value();
    auto fetched_at = required_time(value, "fetched_at", "");
    if (!fetched_at) return fetched_at.error();
    record.fetched_at = *fetched_at;

    const auto events = value.find("events");
    if (events == value.end() || events->is_null()) {
        return bad_answer("events", "missing", "required");
    }
    if (!events->is_array()) return bad_answer("events", "wrong_type", "a " + type_name(*events));
    if (events->size() > kMaxTrackingEvents) {
        return bad_answer("events", "too_large", std::to_string(events->size()) + " events");
    }
    record.events.reserve(events->size());
    for (std::size_t i = 0; i < events->size(); ++i) {
        auto event = parse_event((*events)[i], "events[" + std::to_string(i) + "]");
        if (!event) return event.error();
        record.events.push_back(std::move(event).value());
    }
    // The protocol sends newest first; a server that does not must not put an old event on
    // the big line. Equal times keep the server's order.
    std::stable_sort(
        record.events.begin(), record.events.end(),
        [](const TrackingEvent& a, const TrackingEvent& b) { return a.time > b.time; });
    return record;
}

std::string tracking_record_to_json(const TrackingRecord& record) {
    json events = json::array();
    for (const auto& event : record.events) {
        json e = {{"event_id", event.event_id},
                  {"code", event.code},
                  {"time", format_rfc3339_utc(event.time)}};
        if (!event.office_code.empty()) e["office_code"] = event.office_code;
        if (!event.office_name.empty()) e["office_name"] = event.office_name;
        if (!event.location.empty()) e["location"] = event.location;
        if (!event.country.empty()) e["country"] = event.country;
        if (!event.counter.empty()) e["counter"] = event.counter;
        events.push_back(std::move(e));
    }
    const json value = {{"item_id", record.item_id},
                        {"events", std::move(events)},
                        {"fetched_at", format_rfc3339_utc(record.fetched_at)}};
    return value.dump();
}

}  // namespace ventanilla
