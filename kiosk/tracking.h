// A postal item's tracking history as the central server tells it, and what to say about it.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/result.h"
#include "kiosk/tracking_time.h"

namespace ventanilla {

// One scan of the item somewhere in the postal network (a UPU event).
struct TrackingEvent {
    std::string event_id;     // the server's id, unique per item
    std::string code;         // UPU event code, "EMA", "EMI", …
    WallTime time;            // when it happened
    std::string office_code;  // "CU10400"; may be empty
    std::string office_name;  // "Correos Plaza"; may be empty
    std::string location;     // "La Habana"; may be empty
    std::string country;      // "CU": ISO alpha-2; may be empty
    std::string counter;      // "2": the window where it waits; empty unless one applies

    bool operator==(const TrackingEvent&) const = default;
};

struct TrackingRecord {
    std::string item_id;                // "RR123456785CU"
    std::vector<TrackingEvent> events;  // newest first (sorted so on parsing)
    WallTime fetched_at;                // when the server answered

    bool operator==(const TrackingRecord&) const = default;
};

// What one look-up found: the server's answer, and the last cached one when the server could
// not give a usable answer (network down, 5xx, garbage).
struct TrackingAnswer {
    Result<TrackingRecord> fresh = make_error("tracking.not_started");
    std::optional<TrackingRecord> cached;
};

// Bounds of a sane answer: more than this is a broken or hostile server, not a parcel.
inline constexpr std::size_t kMaxTrackingAnswerBytes = 1024 * 1024;
inline constexpr std::size_t kMaxTrackingEvents = 500;
inline constexpr std::size_t kMaxTrackingTextBytes = 200;

// A tracking answer that cannot be used is error "tracking.bad_answer" with args
// `path` ("events[2].time", "" for the whole answer) and `reason`, one of these.
inline constexpr std::array<std::string_view, 7> kTrackingBadAnswerReasons{
    "not_json",        // not JSON at all, or cut short
    "not_object",      // JSON, but not an object where one belongs
    "missing",         // a required field is absent or null
    "wrong_type",      // a field of the wrong JSON type
    "too_large",       // more bytes, events or characters than the bounds above
    "invalid_time",    // not an RFC 3339 time
    "different_item",  // the answer is about another item than the one asked for
};

// Reads a 200 answer of GET /api/v1/tracking/{item_id}. Unknown fields are ignored.
Result<TrackingRecord> parse_tracking_record(std::string_view json_text);

// The same record as JSON in the wire format (for the cache; parse_tracking_record reads it).
std::string tracking_record_to_json(const TrackingRecord& record);

}  // namespace ventanilla
