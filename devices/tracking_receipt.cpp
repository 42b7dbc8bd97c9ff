#include "devices/tracking_receipt.h"

#include <algorithm>

#include "kiosk/tracking_status.h"

namespace ventanilla {

ReceiptDocument tracking_receipt(const TrackingReceiptInput& input) {
    const Translations& t = input.text;
    const TrackingRecord& record = input.record;
    ReceiptDocument doc;
    auto add = [&](ReceiptLine line) { doc.lines.push_back(std::move(line)); };

    add(ReceiptTitle{t.tr("track.receipt.title")});
    if (!input.office_name.empty()) add(ReceiptText{input.office_name});
    add(ReceiptSeparator{});
    add(ReceiptKeyValue{t.tr("track.receipt.item"), record.item_id});
    add(ReceiptBarcode{record.item_id});

    add(ReceiptText{t.tr("track.receipt.status")});
    TrackingStatus status = current_status(record);
    add(ReceiptHeading{t.tr(status.key, status.args)});
    if (input.cached_age) {
        add(ReceiptText{t.tr("track.receipt.cached", {{"age", *input.cached_age}})});
    } else {
        add(ReceiptText{t.tr("track.receipt.fetched", {{"time", format_local_day_time(
                                                                    record.fetched_at, input.utc_offset)}})});
    }

    add(ReceiptHeading{t.tr("track.history")});
    std::size_t shown = std::min(record.events.size(), kTrackingReceiptMaxEvents);
    for (std::size_t i = 0; i < shown; ++i) {
        const TrackingEvent& event = record.events[i];
        // The time on the left, bold, so each event starts where the eye looks for it.
        add(ReceiptKeyValue{format_local_day_time(event.time, input.utc_offset),
                            tracking_event_wording(event, t.language())});
        std::string place = tracking_event_place(event);
        if (!place.empty()) add(ReceiptText{place});
    }
    if (record.events.size() > shown) {
        add(ReceiptText{t.tr("track.receipt.earlier",
                             {{"n", std::to_string(record.events.size() - shown)}})});
    }
    if (record.events.empty()) add(ReceiptText{t.tr("tracking.status.no_events")});

    add(ReceiptSeparator{});
    add(ReceiptKeyValue{t.tr("track.receipt.printed"),
                        format_local_day_time(input.printed_at, input.utc_offset)});
    add(ReceiptKeyValue{t.tr("track.receipt.terminal"),
                        t.tr("track.receipt.terminal_value",
                             {{"office", input.office_name},
                              {"number", std::to_string(input.terminal_number)}})});
    add(ReceiptSmallPrint{t.tr("track.receipt.footer")});
    return doc;
}

}  // namespace ventanilla
