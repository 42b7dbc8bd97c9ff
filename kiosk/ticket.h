// A queue ticket (turno) as the kiosk holds it: issued by the server, or from the kiosk's own
// numbering block when the server cannot be reached.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/result.h"
#include "kiosk/tracking_time.h"

namespace ventanilla {

struct Ticket {
    std::string id;          // UUID made when the citizen asked for it: the idempotency key
    std::string office_id;
    std::string service_id;
    std::string priority;    // a priority group id; empty for a normal ticket
    std::string number;      // "A-042"; offline: "A-9-007" (service, terminal, sequence)
    WallTime issued_at;      // the server's time; offline, the kiosk's
    std::optional<int> people_ahead;       // unknown offline
    std::optional<int> estimated_wait_s;   // unknown offline
    bool offline = false;    // numbered by this kiosk: printed as such, uploaded later
};

// Every error code of this module (each has a key in assets/i18n).
inline constexpr std::array<std::string_view, 4> kTicketErrorCodes{
    "ticket.bad_answer",   // reason: the server's answer to an issue request is unusable
    "ticket.refused",      // code: the server refused the request (a 4xx); nothing issued
    "ticket.unknown",      // id: no such ticket (on this kiosk, or at the server)
    "ticket.unreachable",  // the server could not be reached for something only it knows
};

// The number a kiosk gives a ticket it issues on its own: the service's letter, the
// terminal's number and its own count of the day, so two kiosks never give the same one and
// nobody takes it for a server number ("A-042"). `sequence` 1..999.
std::string offline_ticket_number(std::string_view prefix, int terminal_number, int sequence);

// The request body of POST /api/v1/offices/{office}/tickets (docs/protocol.md).
std::string ticket_request_json(const Ticket& ticket);

// Reads the server's 200/201 answer about `asked` (whose id it must repeat). The service and
// priority are taken from the answer when `asked` leaves them empty (an appointment
// check-in). Unknown fields are ignored.
Result<Ticket> parse_ticket_answer(std::string_view json_text, const Ticket& asked);

// What the QR code of a printed ticket holds: "VT1:<uuid>" (devices/ticket_receipt.h).
// The ticket's id when `code` is one, else nullopt.
std::optional<std::string> ticket_id_from_code(std::string_view code);

}  // namespace ventanilla
