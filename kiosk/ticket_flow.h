// The kiosk's "Tomar un turno" flow: choose a service, answer the priority question when the
// office asks it, get the ticket. Advanced by intents and by the issuer's answer; no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/result.h"
#include "kiosk/ticket.h"
#include "kiosk/ticket_client.h"

namespace ventanilla {

enum class TicketPhase {
    choosing_service,  // big tiles of the services open now
    asking_priority,   // "¿Pertenece a alguno de estos grupos?": only when the office uses them
    issuing,           // committed locally, asking the server (the screen shows progress)
    issued,            // the ticket, from the server or from this kiosk's own numbering
    failed,            // nothing could be issued at all (the local store refused): say so
    entering_code,     // "Tengo cita previa": scan or type the appointment's code
    looking_up,        // a scanned ticket's QR: asking the server where it stands
    showing_status,    // that ticket now: waiting with people ahead, called, served
};

std::string_view ticket_phase_name(TicketPhase phase);

class TicketFlow {
public:
    TicketPhase phase() const { return phase_; }
    const std::string& service_id() const { return service_id_; }
    const std::string& priority() const { return priority_; }
    const std::optional<Ticket>& ticket() const { return ticket_; }
    const std::optional<Error>& error() const { return error_; }

    // `priority_groups`: the office's groups, empty when it asks no priority question.
    // Returns true when the ticket can be asked for now (no question to answer).
    bool choose_service(std::string service_id, const std::vector<std::string>& priority_groups);
    // "" for "no, none of these". Ignored unless the question is being asked, or when the
    // group is not one of the office's.
    bool choose_priority(std::string group, const std::vector<std::string>& priority_groups);
    // The issuer took the request: from here a second tap cannot ask for a second ticket.
    void on_issuing() { phase_ = TicketPhase::issuing; }
    void on_issued(Result<Ticket> ticket);
    // "Tengo cita previa": from the service tiles to the code field.
    void start_check_in();
    // The code was sent (check-in): its answer comes through on_issued as a ticket's does.
    // A refusal (too early, too late) goes to `failed` and back() returns to the code.
    bool submit_code();
    bool checking_in() const { return checking_in_; }
    // A ticket's QR was scanned: whatever was on screen gives way to its state.
    void look_up(std::string ticket_id);
    const std::string& looked_up_id() const { return looked_up_id_; }
    void on_status(std::string ticket_id, Result<TicketStatus> status);
    const std::optional<TicketStatus>& status() const { return status_; }
    // Back to the service tiles (from the question, the code or a refusal), or everything
    // forgotten (done, timeout).
    void back();
    void reset();

private:
    TicketPhase phase_ = TicketPhase::choosing_service;
    std::string service_id_;
    std::string priority_;
    std::optional<Ticket> ticket_;
    std::optional<Error> error_;
    bool checking_in_ = false;
    std::string looked_up_id_;
    std::optional<TicketStatus> status_;
};

}  // namespace ventanilla
