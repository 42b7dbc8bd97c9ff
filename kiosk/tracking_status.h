// What a tracking record means for the citizen: the big line on the tracking screen.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kiosk/i18n.h"
#include "kiosk/tracking.h"

namespace ventanilla {

// What the newest event means for the citizen, in the few kinds the screen distinguishes.
enum class TrackingStatusKind {
    no_events,           // the server knows the item but has nothing yet
    accepted,            // posted, not yet moving
    in_transit_to_cuba,  // abroad, on its way
    in_transit,          // in Cuba, between offices
    held_by_customs,
    ready_for_pickup,  // waiting at an office (and counter)
    out_for_delivery,
    delivery_attempted,
    delivered,
    returned,  // going back to the sender
    unknown,   // a code we do not know: show the event as it is
};

// "ready_for_pickup", …: for logs and test output.
std::string_view tracking_status_kind_name(TrackingStatusKind kind);

// The big line on the tracking screen: a translation key and its {placeholders}.
struct TrackingStatus {
    TrackingStatusKind kind = TrackingStatusKind::no_events;
    std::string key;  // "tracking.status.ready_for_pickup"
    TextArgs args;    // {"office": "Correos Plaza", "counter": "2"}
    std::optional<TrackingEvent> newest;
};

TrackingStatus current_status(const TrackingRecord& record);

// What an event says in `language` ("es", "en"): the UPU wording, or its code when unknown.
std::string tracking_event_wording(const TrackingEvent& event, std::string_view language);

// Where it happened, as people say it: "Correos Plaza, La Habana" (the country only
// when it is not Cuba); empty when the server told nothing.
std::string tracking_event_place(const TrackingEvent& event);

}  // namespace ventanilla
