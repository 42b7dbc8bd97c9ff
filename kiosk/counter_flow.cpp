#include "kiosk/counter_flow.h"

#include <algorithm>

namespace ventanilla {

namespace {

bool is_network_error(const Error& error) { return error.code.starts_with("net."); }

bool ends_session(const Error& error) {
    return error.code == "queue.session_ended" || error.code == "queue.session_invalid" ||
           error.code == "queue.session_required";
}

bool needs_argument(ClerkAction action) {
    return action == ClerkAction::transfer || action == ClerkAction::call_number ||
           action == ClerkAction::pause;
}

}  // namespace

std::string_view counter_phase_name(CounterPhase phase) {
    switch (phase) {
        case CounterPhase::login: return "login";
        case CounterPhase::logging_in: return "logging_in";
        case CounterPhase::working: return "working";
    }
    return "unknown";
}

void CounterFlow::set_office(std::vector<CounterService> services_here, bool call_by_number) {
    call_by_number_ = call_by_number;
    const bool first = !office_set_;
    office_set_ = true;
    std::vector<std::string> chosen;
    for (const CounterService& service : services_here) {
        if (first || service_chosen(service.id)) chosen.push_back(service.id);
    }
    services_here_ = std::move(services_here);
    chosen_ = std::move(chosen);
}

bool CounterFlow::service_chosen(const std::string& id) const {
    return std::find(chosen_.begin(), chosen_.end(), id) != chosen_.end();
}

void CounterFlow::type_clerk(std::string clerk) {
    if (phase_ != CounterPhase::login) return;
    clerk_input_ = std::move(clerk);
}

void CounterFlow::press_digit(char digit) {
    if (phase_ != CounterPhase::login || digit < '0' || digit > '9') return;
    if (pin_.size() < kMaxPinDigits) pin_ += digit;
}

void CounterFlow::press_backspace() {
    if (phase_ == CounterPhase::login && !pin_.empty()) pin_.pop_back();
}

void CounterFlow::clear_pin() { pin_.clear(); }

void CounterFlow::toggle_service(const std::string& id) {
    if (phase_ != CounterPhase::login) return;
    const auto found = std::find(chosen_.begin(), chosen_.end(), id);
    if (found != chosen_.end()) {
        chosen_.erase(found);
        return;
    }
    const bool here = std::any_of(services_here_.begin(), services_here_.end(),
                                  [&](const CounterService& s) { return s.id == id; });
    if (here) chosen_.push_back(id);
}

bool CounterFlow::can_log_in() const {
    return phase_ == CounterPhase::login && !busy() && !clerk_input_.empty() &&
           pin_.size() >= kMinPinDigits && !chosen_.empty();
}

std::optional<CounterRequest> CounterFlow::log_in() {
    if (!can_log_in()) return std::nullopt;
    CounterRequest request;
    request.kind = CounterRequest::Kind::log_in;
    request.id = next_id();
    request.clerk = clerk_input_;
    request.pin = pin_;
    // The services in the catalog's order, as the clerk sees them.
    for (const CounterService& service : services_here_) {
        if (service_chosen(service.id)) request.services.push_back(service.id);
    }
    pin_.clear();  // the PIN lives in the request only
    phase_ = CounterPhase::logging_in;
    running_ = request;
    message_.reset();
    return request;
}

const std::optional<HeldTicket>& CounterFlow::ticket_in_hand() const {
    static const std::optional<HeldTicket> kNone;
    return session_ ? session_->ticket_in_hand : kNone;
}

std::optional<ClerkAction> CounterFlow::running_action() const {
    if (!running_ || running_->kind != CounterRequest::Kind::action) return std::nullopt;
    return running_->action;
}

bool CounterFlow::can(ClerkAction action) const {
    if (phase_ != CounterPhase::working || !session_ || busy()) return false;
    const bool holding = session_->ticket_in_hand.has_value();
    switch (action) {
        case ClerkAction::call_next: return !holding && !session_->paused;
        case ClerkAction::call_number: return call_by_number_ && !holding && !session_->paused;
        case ClerkAction::recall:
        case ClerkAction::served:
        case ClerkAction::no_show:
        case ClerkAction::transfer: return holding;
        case ClerkAction::pause: return !session_->paused;
        case ClerkAction::resume: return session_->paused;
    }
    return false;
}

std::optional<CounterRequest> CounterFlow::act(ClerkAction action, std::string argument) {
    if (!can(action)) return std::nullopt;
    if (needs_argument(action) && argument.empty()) return std::nullopt;
    CounterRequest request;
    request.kind = CounterRequest::Kind::action;
    request.id = next_id();
    request.action = action;
    request.argument = std::move(argument);
    request.session_token = session_->token;
    running_ = request;
    panel_ = CounterPanel::none;
    message_.reset();
    return request;
}

void CounterFlow::open_panel(CounterPanel panel) {
    const bool allowed = (panel == CounterPanel::transfer && can(ClerkAction::transfer)) ||
                         (panel == CounterPanel::call_number && can(ClerkAction::call_number)) ||
                         (panel == CounterPanel::pause && can(ClerkAction::pause)) ||
                         panel == CounterPanel::none;
    if (allowed) panel_ = panel;
}

std::optional<CounterRequest> CounterFlow::log_out() {
    if (!session_) return std::nullopt;
    CounterRequest request;
    request.kind = CounterRequest::Kind::log_out;
    request.id = next_id();
    request.session_token = session_->token;
    back_to_login();
    message_ = CounterMessage{"counter.logged_out", {}, false, {}};
    return request;
}

void CounterFlow::back_to_login() {
    session_.reset();
    running_.reset();  // a late answer to the old session is dropped
    panel_ = CounterPanel::none;
    pin_.clear();
    phase_ = CounterPhase::login;
    figures_.reset();
}

void CounterFlow::note_failure(const Error& error) {
    if (is_network_error(error)) reachable_ = false;
    CounterMessage message{error.message_key, error.args, true, error.code};
    if (error.code == "queue.wrong_pin" && error.args.contains("attempts_left")) {
        message.key = "counter.wrong_pin_attempts";
    } else if (error.code == "queue.clerk_locked") {
        message.key = error.args.contains("until") ? "counter.clerk_locked_until"
                                                   : "error.queue.clerk_locked";
    } else if (is_network_error(error)) {
        message.key = "counter.unreachable";
    }
    message_ = std::move(message);
}

void CounterFlow::on_logged_in(std::uint64_t id, Result<CounterSession> session) {
    if (!running_ || running_->id != id) return;
    running_.reset();
    if (!session) {
        phase_ = CounterPhase::login;
        note_failure(session.error());
        return;
    }
    reachable_ = true;
    session_ = std::move(session).value();
    phase_ = CounterPhase::working;
    message_.reset();
    if (session_->ticket_in_hand) {
        message_ = CounterMessage{"counter.still_holding",
                                  {{"number", session_->ticket_in_hand->number}}, false, {}};
    }
}

void CounterFlow::on_action_done(std::uint64_t id, Result<ActionOutcome> outcome) {
    if (!running_ || running_->id != id || !session_) return;
    const CounterRequest request = *running_;
    running_.reset();
    if (!outcome) {
        const Error& error = outcome.error();
        if (ends_session(error)) {
            back_to_login();
            note_failure(error);
            return;
        }
        // The server told us how the counter stands: follow it, so the buttons match.
        if (error.code == "queue.ticket_in_hand" && error.args.contains("number")) {
            if (!session_->ticket_in_hand || session_->ticket_in_hand->number != error.args.at("number")) {
                session_->ticket_in_hand = HeldTicket{error.args.at("number"), {}, false, false};
            }
        } else if (error.code == "queue.no_ticket_in_hand") {
            session_->ticket_in_hand.reset();
        } else if (error.code == "queue.counter_paused") {
            session_->paused = true;
        }
        note_failure(error);
        return;
    }
    reachable_ = true;
    const std::optional<HeldTicket>& ticket = outcome->ticket;
    const std::string number = ticket ? ticket->number : std::string();
    switch (request.action) {
        case ClerkAction::call_next:
        case ClerkAction::call_number:
            session_->ticket_in_hand = ticket;
            if (!ticket) message_ = CounterMessage{"counter.nobody_waiting", {}, false, {}};
            break;
        case ClerkAction::recall:
            message_ = CounterMessage{"counter.recalled", {{"number", number}}, false, {}};
            break;
        case ClerkAction::served:
            session_->ticket_in_hand.reset();
            message_ = CounterMessage{"counter.done_served", {{"number", number}}, false, {}};
            break;
        case ClerkAction::no_show:
            session_->ticket_in_hand.reset();
            message_ = CounterMessage{"counter.done_no_show", {{"number", number}}, false, {}};
            break;
        case ClerkAction::transfer:
            session_->ticket_in_hand.reset();
            message_ = CounterMessage{
                "counter.done_transfer", {{"number", number}, {"service", request.argument}}, false, {}};
            break;
        case ClerkAction::pause:
            session_->paused = true;
            session_->pause_reason = request.argument;
            break;
        case ClerkAction::resume:
            session_->paused = false;
            session_->pause_reason.clear();
            break;
    }
}

void CounterFlow::on_queue(const Result<QueueSnapshot>& snapshot) {
    if (!snapshot) {
        if (is_network_error(snapshot.error())) reachable_ = false;
        return;
    }
    reachable_ = true;
    queue_ = *snapshot;
}

void CounterFlow::on_figures(const Result<DayFigures>& figures) {
    if (!figures) {
        if (is_network_error(figures.error())) reachable_ = false;
        return;
    }
    reachable_ = true;
    if (session_) figures_ = *figures;
}

std::optional<int> CounterFlow::waiting(const std::string& service) const {
    if (!queue_) return std::nullopt;
    for (const ServiceQueue& line : queue_->services) {
        if (line.id == service) return line.waiting;
    }
    return std::nullopt;
}

}  // namespace ventanilla
