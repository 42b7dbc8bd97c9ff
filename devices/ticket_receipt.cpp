#include "devices/ticket_receipt.h"

#include "kiosk/tracking_time.h"

namespace ventanilla {

std::string ticket_code_payload(const Ticket& ticket) {
    return std::string(kTicketCodePrefix) + ticket.id;
}

ReceiptDocument ticket_receipt(const TicketReceiptInput& input) {
    const Translations& t = input.text;
    const Ticket& ticket = input.ticket;
    ReceiptDocument doc;
    auto add = [&](ReceiptLine line) { doc.lines.push_back(std::move(line)); };

    add(ReceiptTitle{input.office_name});
    if (input.copy) add(ReceiptHeading{"*** " + t.tr("ticket.receipt.copy") + " ***"});
    add(ReceiptText{t.tr("ticket.receipt.your_turn")});
    add(ReceiptDisplay{ticket.number});
    add(ReceiptHeading{input.service_name});
    if (!ticket.priority.empty()) {
        add(ReceiptText{t.tr("ticket.receipt.priority", {{"group", t.tr("ticket.priority." + ticket.priority)}})});
    }
    add(ReceiptSeparator{});
    add(ReceiptKeyValue{t.tr("ticket.receipt.issued"), format_local_day_time(ticket.issued_at, input.utc_offset)});
    if (ticket.people_ahead) {
        add(ReceiptKeyValue{t.tr("ticket.receipt.ahead"), std::to_string(*ticket.people_ahead)});
    }
    if (ticket.estimated_wait_s) {
        int minutes = (*ticket.estimated_wait_s + 59) / 60;
        add(ReceiptKeyValue{t.tr("ticket.receipt.wait"), t.tr("ticket.minutes", {{"n", std::to_string(minutes)}})});
    }
    if (!input.counters.empty()) {
        add(ReceiptKeyValue{t.tr("ticket.receipt.counters"), input.counters});
    }
    if (ticket.offline) add(ReceiptText{t.tr("ticket.receipt.offline")});
    add(ReceiptSeparator{});
    add(ReceiptText{t.tr("ticket.receipt.watch_screen")});
    add(ReceiptQrCode{ticket_code_payload(ticket)});
    add(ReceiptSmallPrint{t.tr("ticket.receipt.qr_hint")});
    return doc;
}

}  // namespace ventanilla
