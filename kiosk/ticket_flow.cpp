#include "kiosk/ticket_flow.h"

#include <algorithm>

namespace ventanilla {

std::string_view ticket_phase_name(TicketPhase phase) {
    switch (phase) {
        case TicketPhase::choosing_service: return "choosing_service";
        case TicketPhase::asking_priority: return "asking_priority";
        case TicketPhase::issuing: return "issuing";
        case TicketPhase::issued: return "issued";
        case TicketPhase::failed: return "failed";
    }
    return "?";
}

bool TicketFlow::choose_service(std::string service_id, const std::vector<std::string>& priority_groups) {
    if (phase_ != TicketPhase::choosing_service) return false;
    service_id_ = std::move(service_id);
    priority_.clear();
    if (!priority_groups.empty()) {
        phase_ = TicketPhase::asking_priority;
        return false;
    }
    return true;
}

bool TicketFlow::choose_priority(std::string group, const std::vector<std::string>& priority_groups) {
    if (phase_ != TicketPhase::asking_priority) return false;
    if (!group.empty() && std::find(priority_groups.begin(), priority_groups.end(), group) == priority_groups.end()) {
        return false;
    }
    priority_ = std::move(group);
    return true;
}

void TicketFlow::on_issued(Result<Ticket> ticket) {
    if (phase_ != TicketPhase::issuing) return;  // the citizen left meanwhile
    if (ticket) {
        ticket_ = std::move(ticket).value();
        error_.reset();
        phase_ = TicketPhase::issued;
    } else {
        error_ = ticket.error();
        phase_ = TicketPhase::failed;
    }
}

void TicketFlow::back() {
    if (phase_ == TicketPhase::asking_priority) phase_ = TicketPhase::choosing_service;
}

void TicketFlow::reset() { *this = TicketFlow{}; }

}  // namespace ventanilla
