#include "server/tracking.h"

#include <algorithm>
#include <array>

#include "kiosk/s10.h"
#include "kiosk/tracking_flow.h"
#include "kiosk/upu_events.h"
#include "server/text_checks.h"

namespace ventanilla {

namespace {

constexpr std::string_view kReasonPrefix = "tracking.";

// Longer than any real value; keeps a bad upload from filling the database.
constexpr std::size_t kMaxFieldBytes = 200;

constexpr std::array<std::string_view, 8> kRequiredFields = {
    "event_id", "item_id", "code", "time", "office_code", "office_name", "location", "country"};

Error rejected(std::string_view reason, std::string detail) {
    return make_error(std::string(kReasonPrefix) + std::string(reason), std::move(detail));
}

}  // namespace

Result<PostalEvent> parse_tracking_event(const nlohmann::json& json) {
    if (!json.is_object()) {
        return rejected("not_an_object", "an event must be a JSON object");
    }
    for (const auto& [key, value] : json.items()) {
        if (key != "counter" && std::find(kRequiredFields.begin(), kRequiredFields.end(), key) ==
                                    kRequiredFields.end()) {
            return rejected("unknown_field", "unknown field \"" + key.substr(0, 40) + "\"");
        }
    }
    // Every required field a non-empty string without control characters.
    auto field = [&](std::string_view name) -> Result<std::string> {
        const auto it = json.find(name);
        if (it == json.end() || it->is_null()) {
            return rejected("missing_field", "missing field \"" + std::string(name) + "\"");
        }
        if (!it->is_string()) {
            return rejected("invalid_field", "\"" + std::string(name) + "\" must be a string");
        }
        std::string value = it->get<std::string>();
        if (value.empty()) {
            return rejected("missing_field", "field \"" + std::string(name) + "\" is empty");
        }
        if (value.size() > kMaxFieldBytes || has_control_character(value)) {
            return rejected("invalid_field", "\"" + std::string(name) + "\" must be at most " +
                                                 std::to_string(kMaxFieldBytes) +
                                                 " bytes without control characters");
        }
        return value;
    };
    std::array<std::string, kRequiredFields.size()> values;
    for (std::size_t i = 0; i < kRequiredFields.size(); ++i) {
        auto value = field(kRequiredFields[i]);
        if (!value) {
            return value.error();
        }
        values[i] = std::move(value).value();
    }
    PostalEvent event;
    event.event_id = values[0];
    auto item_id = normalise_tracking_id(values[1]);
    if (!item_id) {
        return rejected("invalid_item_id", "item_id: " + item_id.error().describe());
    }
    event.item_id = std::move(item_id).value();
    if (find_upu_event(values[2]) == nullptr) {
        return rejected("unknown_code",
                        "\"" + values[2].substr(0, 40) + "\" is not a UPU EMSEVT event code");
    }
    event.code = values[2];
    const auto time = parse_rfc3339(values[3]);
    if (!time) {
        return rejected("invalid_time",
                        "\"" + values[3].substr(0, 40) + "\" is not an RFC 3339 date-time");
    }
    event.time_s = std::chrono::floor<std::chrono::seconds>(*time).time_since_epoch().count();
    event.time = format_rfc3339_utc(*time);
    event.office_code = values[4];
    event.office_name = values[5];
    event.location = values[6];
    const auto countries = iso_3166_alpha2_codes();
    if (!std::binary_search(countries.begin(), countries.end(), std::string_view(values[7]))) {
        return rejected("unknown_country",
                        "\"" + values[7].substr(0, 40) + "\" is not an ISO 3166-1 alpha-2 code");
    }
    event.country = values[7];
    if (const auto it = json.find("counter"); it != json.end() && !it->is_null()) {
        if (!it->is_string() || it->get<std::string>().size() > kMaxFieldBytes ||
            has_control_character(it->get<std::string>())) {
            return rejected("invalid_field", "\"counter\" must be a short string");
        }
        if (!it->get<std::string>().empty()) {
            event.counter = it->get<std::string>();
        }
    }
    return event;
}

std::string_view rejection_reason(const Error& error) {
    std::string_view code = error.code;
    if (code.starts_with(kReasonPrefix)) {
        code.remove_prefix(kReasonPrefix.size());
    }
    return code;
}

nlohmann::json to_json(const PostalEvent& event) {
    nlohmann::json json = {{"event_id", event.event_id},
                           {"code", event.code},
                           {"time", event.time},
                           {"office_code", event.office_code},
                           {"office_name", event.office_name},
                           {"location", event.location},
                           {"country", event.country}};
    if (event.counter) {
        json["counter"] = *event.counter;
    }
    return json;
}

}  // namespace ventanilla
