// The printed queue ticket: the number large, the service, the time, people ahead and the
// expected wait, and a QR code to check the turn later at any kiosk.
#pragma once

#include <chrono>
#include <string>

#include "devices/receipt.h"
#include "kiosk/i18n.h"
#include "kiosk/ticket.h"

namespace ventanilla {

// What the QR code on a ticket holds: "VT1:" then the ticket's UUID. A kiosk that scans it
// looks the turn up; the prefix tells it from every other code a citizen may carry.
inline constexpr std::string_view kTicketCodePrefix = "VT1:";
std::string ticket_code_payload(const Ticket& ticket);

struct TicketReceiptInput {
    const Ticket& ticket;
    const Translations& text;   // in the citizen's language
    std::string office_name;    // "Correos Plaza"
    std::string service_name;   // in the citizen's language
    std::string counters;       // where it is served: "1, 2 y 3"; empty when unknown
    std::chrono::minutes utc_offset{0};
    bool copy = false;          // a reprint: marked "COPIA" above the number
};

// Never holds personal data: a ticket is thrown away in the street.
ReceiptDocument ticket_receipt(const TicketReceiptInput& input);

}  // namespace ventanilla
