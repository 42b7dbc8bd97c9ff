#include "kiosk/technician_flow.h"

#include <algorithm>

namespace ventanilla {

namespace {

// Overwrites a PIN before its memory is let go.
void wipe(std::string& secret) {
    std::fill(secret.begin(), secret.end(), '\0');
    secret.clear();
}

}  // namespace

void CornerHold::observe(bool down, float x, float y, float width, float height, float corner_px,
                         TechnicianTime now) {
    bool near_left = x <= corner_px, near_right = x >= width - corner_px;
    bool near_top = y <= corner_px, near_bottom = y >= height - corner_px;
    bool in_corner = (near_left || near_right) && (near_top || near_bottom);
    if (!down || !in_corner) {
        held_since_.reset();
        fired_ = false;
        return;
    }
    if (!held_since_) held_since_ = now;
}

std::optional<TechnicianTime> CornerHold::deadline() const {
    if (!held_since_ || fired_) return std::nullopt;
    return *held_since_ + kCornerHoldTime;
}

bool CornerHold::take_fired(TechnicianTime now) {
    if (!held_since_ || fired_ || now < *held_since_ + kCornerHoldTime) return false;
    fired_ = true;
    return true;
}

std::string_view technician_phase_name(TechnicianPhase phase) {
    switch (phase) {
        case TechnicianPhase::closed: return "closed";
        case TechnicianPhase::pin: return "pin";
        case TechnicianPhase::locked: return "locked";
        case TechnicianPhase::open: return "open";
    }
    return "closed";
}

std::string_view technician_page_name(TechnicianPage page) {
    switch (page) {
        case TechnicianPage::menu: return "menu";
        case TechnicianPage::settings_terminal: return "settings_terminal";
        case TechnicianPage::settings_server: return "settings_server";
        case TechnicianPage::settings_scanner: return "settings_scanner";
        case TechnicianPage::settings_printer: return "settings_printer";
        case TechnicianPage::self_tests: return "self_tests";
        case TechnicianPage::diagnostics: return "diagnostics";
    }
    return "menu";
}

void TechnicianFlow::open(bool needs_pin, std::optional<TechnicianWallTime> locked_until, TechnicianTime now) {
    if (phase_ != TechnicianPhase::closed) return;
    wipe(digits_);
    wipe(first_pin_);
    message_.reset();
    busy_ = false;
    page_ = TechnicianPage::menu;
    last_activity_ = now;
    locked_until_ = locked_until;
    if (locked_until) {
        phase_ = TechnicianPhase::locked;
        return;
    }
    phase_ = TechnicianPhase::pin;
    pin_step_ = needs_pin ? PinStep::choose : PinStep::enter;
}

void TechnicianFlow::close() {
    wipe(digits_);
    wipe(first_pin_);
    message_.reset();
    busy_ = false;
    phase_ = TechnicianPhase::closed;
    page_ = TechnicianPage::menu;
}

void TechnicianFlow::press_digit(char digit, TechnicianTime now) {
    last_activity_ = now;
    if (phase_ != TechnicianPhase::pin || busy_ || digit < '0' || digit > '9') return;
    if (digits_.size() < kTechnicianPinMaxDigits) digits_.push_back(digit);
}

void TechnicianFlow::erase_digit(TechnicianTime now) {
    last_activity_ = now;
    if (phase_ == TechnicianPhase::pin && !busy_ && !digits_.empty()) digits_.pop_back();
}

std::optional<PinJob> TechnicianFlow::submit(TechnicianTime now) {
    last_activity_ = now;
    if (phase_ != TechnicianPhase::pin || busy_) return std::nullopt;
    message_.reset();
    switch (pin_step_) {
        case PinStep::choose:
            first_pin_ = digits_;
            wipe(digits_);
            pin_step_ = PinStep::repeat;
            return std::nullopt;
        case PinStep::repeat: {
            bool same = digits_ == first_pin_;
            wipe(digits_);
            if (!same) {
                wipe(first_pin_);
                pin_step_ = PinStep::choose;
                message_ = make_error("technician.pins_differ");
                return std::nullopt;
            }
            busy_ = true;
            PinJob job{PinJob::Kind::set, first_pin_};
            wipe(first_pin_);
            return job;
        }
        case PinStep::enter: {
            busy_ = true;
            PinJob job{PinJob::Kind::check, digits_};
            wipe(digits_);
            return job;
        }
    }
    return std::nullopt;
}

void TechnicianFlow::on_pin_result(const Status& result, std::optional<TechnicianWallTime> locked_until,
                                   TechnicianTime now) {
    if (phase_ != TechnicianPhase::pin || !busy_) return;  // the mode was left meanwhile
    busy_ = false;
    last_activity_ = now;
    if (result) {
        phase_ = TechnicianPhase::open;
        page_ = TechnicianPage::menu;
        message_.reset();
        return;
    }
    message_ = result.error();
    if (pin_step_ == PinStep::repeat) pin_step_ = PinStep::choose;  // a weak PIN: choose again
    if (locked_until) {
        locked_until_ = locked_until;
        phase_ = TechnicianPhase::locked;
    }
}

void TechnicianFlow::show(TechnicianPage page, TechnicianTime now) {
    last_activity_ = now;
    if (phase_ == TechnicianPhase::open) page_ = page;
}

bool TechnicianFlow::tick(TechnicianTime now, TechnicianWallTime wall_now) {
    if (phase_ == TechnicianPhase::closed) return false;
    if (phase_ == TechnicianPhase::locked && locked_until_ && wall_now >= *locked_until_) {
        locked_until_.reset();
        message_.reset();
        phase_ = TechnicianPhase::pin;
        pin_step_ = PinStep::enter;
        last_activity_ = now;
        return true;
    }
    if (!busy_ && now - last_activity_ >= kTechnicianIdleTimeout) {
        close();
        return true;
    }
    return false;
}

std::optional<TechnicianTime> TechnicianFlow::next_deadline(TechnicianTime now) const {
    if (phase_ == TechnicianPhase::closed) return std::nullopt;
    TechnicianTime idle = last_activity_ + kTechnicianIdleTimeout;
    // The lock screen counts its time down and opens the PIN pad when the lock runs out.
    if (phase_ == TechnicianPhase::locked) return std::min(idle, now + std::chrono::seconds(1));
    return idle;
}

}  // namespace ventanilla
