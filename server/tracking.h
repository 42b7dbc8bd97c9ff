// Tracking events of postal items and giros: the record the postal system uploads, and its checks.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/result.h"
#include "kiosk/tracking_time.h"

namespace ventanilla {

// One thing that happened to a tracked item, as the postal system reports it and
// the server stores it (the terminal's view of it is TrackingEvent, kiosk/tracking.h).
// Every string is already checked and normalised (parse_tracking_event): the
// item id by normalise_tracking_id (kiosk/tracking_flow.h), the time to UTC.
struct PostalEvent {
    std::string event_id;                // unique within the postal system; the idempotency key
    std::string item_id;                 // "RR123456785CU" or "GP-1234567890-92"
    std::string code;                    // UPU EMSEVT code, "EMI" (kiosk/upu_events.h)
    std::string time;                    // RFC 3339 in UTC, whole seconds: "2026-11-20T14:05:00Z"
    std::int64_t time_s = 0;             // the same instant in seconds since 1970, for ordering
    std::string office_code;             // "CU10400"
    std::string office_name;             // "Correos Plaza"
    std::string location;                // "La Habana"
    std::string country;                 // ISO 3166-1 alpha-2, "CU"
    std::optional<std::string> counter;  // the counter (ventanilla) where it waits, "2"

    bool operator==(const PostalEvent&) const = default;
};

// The most events one upload may carry.
inline constexpr std::size_t kMaxTrackingEventsPerBatch = 1000;

// Checks one uploaded event (a JSON object, every value a string; "counter" may
// be absent, null or "") and normalises its item id and time (RFC 3339 with
// "Z" or an offset; a fraction of a second is dropped). Error codes are
// "tracking.<reason>", the reasons listed in docs/protocol.md: not_an_object,
// missing_field, unknown_field, invalid_field, invalid_item_id, unknown_code,
// invalid_time, unknown_country.
Result<PostalEvent> parse_tracking_event(const nlohmann::json& json);

// The reason word of an error from parse_tracking_event: "unknown_code".
std::string_view rejection_reason(const Error& error);

// {"event_id":…, "code":…, "time":…, "office_code":…, "office_name":…,
//  "location":…, "country":…, "counter":… (only when set)}; the item id is left
// out because the answer names it once.
nlohmann::json to_json(const PostalEvent& event);

}  // namespace ventanilla
