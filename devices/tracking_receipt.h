// The printed answer to "¿Dónde está mi paquete?": a tracking record laid out as an 80 mm receipt.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "devices/receipt.h"
#include "kiosk/i18n.h"
#include "kiosk/tracking.h"
#include "kiosk/tracking_time.h"

namespace ventanilla {

// A receipt is paper in a citizen's hand: past this many events the oldest are summed up
// in one line ("… and 12 earlier events"). A real item has 5–30.
inline constexpr std::size_t kTrackingReceiptMaxEvents = 40;

struct TrackingReceiptInput {
    const TrackingRecord& record;
    const Translations& text;       // in the citizen's language
    std::string office_name;        // where it is printed: "Correos Plaza"
    int terminal_number = 1;
    WallTime printed_at;
    std::chrono::minutes utc_offset{0};  // of the terminal's local time
    // For an answer from the cache (the server could not be asked): how old it is,
    // already in words ("hace 3 horas"). nullopt for a fresh answer.
    std::optional<std::string> cached_age;
};

// Title, the item id as text and as a Code128 (a clerk scans it back), the current status
// in the same words as the screen, the timeline newest first with local times and places,
// then where and when it was printed. Pure: the same input gives the same document.
ReceiptDocument tracking_receipt(const TrackingReceiptInput& input);

}  // namespace ventanilla
