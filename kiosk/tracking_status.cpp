#include "kiosk/tracking_status.h"

#include <algorithm>
#include <array>

#include "kiosk/upu_events.h"

namespace ventanilla {

namespace {

// UPU EMSEVT event codes grouped by what they mean for the person waiting for the item.
// Codes not listed are "unknown": the screen shows the event as the server sent it.
struct CodeKind {
    std::string_view code;
    TrackingStatusKind kind;
};

constexpr std::array<CodeKind, 21> kCodeKinds{{
    {"EMA", TrackingStatusKind::accepted},          // posting / collection
    {"EMB", TrackingStatusKind::in_transit},        // arrival at outward office of exchange
    {"EMC", TrackingStatusKind::in_transit},        // departure from outward office of exchange
    {"EMD", TrackingStatusKind::in_transit},        // arrival at inward office of exchange
    {"EME", TrackingStatusKind::held_by_customs},   // held by customs
    {"EMF", TrackingStatusKind::in_transit},        // departure from inward office of exchange
    {"EMG", TrackingStatusKind::ready_for_pickup},  // arrival at delivery office
    {"EMH", TrackingStatusKind::delivery_attempted},
    {"EMI", TrackingStatusKind::delivered},
    {"EMJ", TrackingStatusKind::in_transit},        // arrival at transit office of exchange
    {"EMK", TrackingStatusKind::in_transit},        // departure from transit office of exchange
    {"EDA", TrackingStatusKind::in_transit},        // held at inward office of exchange
    {"EDB", TrackingStatusKind::held_by_customs},   // presented to import customs
    {"EDC", TrackingStatusKind::in_transit},        // returned from customs
    {"EDD", TrackingStatusKind::in_transit},        // into sorting centre
    {"EDE", TrackingStatusKind::in_transit},        // out of sorting centre
    {"EDF", TrackingStatusKind::ready_for_pickup},  // held at delivery depot
    {"EDG", TrackingStatusKind::out_for_delivery},
    {"EDH", TrackingStatusKind::ready_for_pickup},  // at a collection point for pick-up
    {"EXA", TrackingStatusKind::held_by_customs},   // presented to export customs
    {"EXB", TrackingStatusKind::held_by_customs},   // held at export customs
}};

// Codes that mean the item is going back to its sender.
constexpr std::array<std::string_view, 2> kReturnCodes{"EMX", "RTS"};

TrackingStatusKind kind_of(const TrackingEvent& event) {
    if (std::find(kReturnCodes.begin(), kReturnCodes.end(), event.code) != kReturnCodes.end()) {
        return TrackingStatusKind::returned;
    }
    const auto it = std::find_if(kCodeKinds.begin(), kCodeKinds.end(),
                                 [&](const CodeKind& c) { return c.code == event.code; });
    if (it == kCodeKinds.end()) return TrackingStatusKind::unknown;
    // Moving, or accepted, anywhere but Cuba: what matters to the reader is that it is coming.
    const bool abroad = !event.country.empty() && event.country != "CU";
    if (abroad &&
        (it->kind == TrackingStatusKind::in_transit || it->kind == TrackingStatusKind::accepted)) {
        return TrackingStatusKind::in_transit_to_cuba;
    }
    return it->kind;
}

// The name to show for where the event happened.
std::string place_of(const TrackingEvent& event) {
    if (!event.office_name.empty()) return event.office_name;
    if (!event.location.empty()) return event.location;
    return event.office_code;
}

}  // namespace

std::string_view tracking_status_kind_name(TrackingStatusKind kind) {
    switch (kind) {
        case TrackingStatusKind::no_events:
            return "no_events";
        case TrackingStatusKind::accepted:
            return "accepted";
        case TrackingStatusKind::in_transit_to_cuba:
            return "in_transit_to_cuba";
        case TrackingStatusKind::in_transit:
            return "in_transit";
        case TrackingStatusKind::held_by_customs:
            return "held_by_customs";
        case TrackingStatusKind::ready_for_pickup:
            return "ready_for_pickup";
        case TrackingStatusKind::out_for_delivery:
            return "out_for_delivery";
        case TrackingStatusKind::delivery_attempted:
            return "delivery_attempted";
        case TrackingStatusKind::delivered:
            return "delivered";
        case TrackingStatusKind::returned:
            return "returned";
        case TrackingStatusKind::unknown:
            return "unknown";
    }
    return "unknown";
}

TrackingStatus current_status(const TrackingRecord& record) {
    TrackingStatus status;
    if (record.events.empty()) {
        status.key = "tracking.status.no_events";
        return status;
    }
    // parse_tracking_record sorts newest first; a record built by hand may not be.
    const auto newest = std::max_element(
        record.events.begin(), record.events.end(),
        [](const TrackingEvent& a, const TrackingEvent& b) { return a.time < b.time; });
    const TrackingEvent& event = *newest;
    status.newest = event;
    status.kind = kind_of(event);
    status.key = "tracking.status." + std::string(tracking_status_kind_name(status.kind));
    const std::string place = place_of(event);
    switch (status.kind) {
        case TrackingStatusKind::ready_for_pickup:
            status.args["office"] = place;
            if (!event.counter.empty()) {
                status.args["counter"] = event.counter;
                status.key = "tracking.status.ready_for_pickup_at_counter";
            }
            break;
        case TrackingStatusKind::in_transit:
        case TrackingStatusKind::accepted:
        case TrackingStatusKind::held_by_customs:
        case TrackingStatusKind::delivery_attempted:
            status.args["place"] = place;
            break;
        case TrackingStatusKind::in_transit_to_cuba:
            status.args["country"] = event.country;
            break;
        case TrackingStatusKind::unknown:
            status.args["code"] = event.code;
            status.args["place"] = place;
            break;
        default:
            break;
    }
    return status;
}

std::string tracking_event_wording(const TrackingEvent& event, std::string_view language) {
    if (const UpuEvent* known = find_upu_event(event.code)) {
        return std::string(language == "en" ? known->en : known->es);
    }
    return event.code;
}

std::string tracking_event_place(const TrackingEvent& event) {
    std::string place = event.office_name;
    auto add = [&](const std::string& part) {
        if (part.empty()) return;
        if (!place.empty()) place += ", ";
        place += part;
    };
    add(event.location);
    if (!event.country.empty() && event.country != "CU") add(event.country);
    return place;
}

}  // namespace ventanilla
