// UPU EMSEVT tracking event codes ("EMI"): what each means to a citizen, in Spanish and English.
#pragma once

#include <span>
#include <string_view>

namespace ventanilla {

// One event code of the UPU EMSEVT message set, as a post office reports it for an item.
struct UpuEvent {
    std::string_view code;  // "EMI": three letters, as the postal system sends it
    std::string_view es;    // "Entregado": shown to citizens in Spanish
    std::string_view en;    // "Delivered"
    bool is_final = false;  // nothing more happens to the item after it (delivered)
};

// Every event code Ventanilla knows, in the order an item usually meets them.
std::span<const UpuEvent> upu_events();

// The event with exactly this code (upper case, no spaces), or nullptr: codes come
// from the postal system, not from people, so they are not normalised here.
const UpuEvent* find_upu_event(std::string_view code);

}  // namespace ventanilla
