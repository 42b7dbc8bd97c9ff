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
        case TicketPhase::entering_code: return "entering_code";
        case TicketPhase::looking_up: return "looking_up";
        case TicketPhase::showing_status: return "showing_status";
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

void TicketFlow::start_check_in() {
    if (phase_ != TicketPhase::choosing_service) return;
    phase_ = TicketPhase::entering_code;
    checking_in_ = true;
}

bool TicketFlow::submit_code() {
    if (phase_ != TicketPhase::entering_code) return false;
    phase_ = TicketPhase::issuing;
    return true;
}

void TicketFlow::look_up(std::string ticket_id) {
    *this = TicketFlow{};
    looked_up_id_ = std::move(ticket_id);
    phase_ = TicketPhase::looking_up;
}

void TicketFlow::on_status(std::string ticket_id, Result<TicketStatus> status) {
    if (phase_ != TicketPhase::looking_up || ticket_id != looked_up_id_) return;
    if (status) {
        status_ = std::move(status).value();
        phase_ = TicketPhase::showing_status;
    } else {
        error_ = status.error();
        phase_ = TicketPhase::failed;
    }
}

void TicketFlow::back() {
    switch (phase_) {
        case TicketPhase::asking_priority:
            phase_ = TicketPhase::choosing_service;
            break;
        case TicketPhase::entering_code:
            phase_ = TicketPhase::choosing_service;
            checking_in_ = false;
            break;
        case TicketPhase::failed:
            error_.reset();
            phase_ = checking_in_ ? TicketPhase::entering_code : TicketPhase::choosing_service;
            break;
        case TicketPhase::showing_status:
            reset();
            break;
        default:
            break;
    }
}

void TicketFlow::reset() { *this = TicketFlow{}; }

}  // namespace ventanilla
