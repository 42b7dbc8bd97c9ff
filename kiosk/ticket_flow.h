// The kiosk's "Tomar un turno" flow: choose a service, answer the priority question when the
// office asks it, get the ticket. Advanced by intents and by the issuer's answer; no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/result.h"
#include "kiosk/ticket.h"

namespace ventanilla {

enum class TicketPhase {
    choosing_service,  // big tiles of the services open now
    asking_priority,   // "¿Pertenece a alguno de estos grupos?": only when the office uses them
    issuing,           // committed locally, asking the server (the screen shows progress)
    issued,            // the ticket, from the server or from this kiosk's own numbering
    failed,            // nothing could be issued at all (the local store refused): say so
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
    // Back to the service tiles (from the question), or everything forgotten (done, timeout).
    void back();
    void reset();

private:
    TicketPhase phase_ = TicketPhase::choosing_service;
    std::string service_id_;
    std::string priority_;
    std::optional<Ticket> ticket_;
    std::optional<Error> error_;
};

}  // namespace ventanilla
