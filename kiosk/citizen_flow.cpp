#include "kiosk/citizen_flow.h"

#include <cmath>

namespace ventanilla {

namespace {
std::chrono::steady_clock::duration to_duration(double seconds) {
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(Seconds(seconds));
}
}  // namespace

const char* screen_name(Screen screen) {
    switch (screen) {
        case Screen::home: return "home";
        case Screen::track: return "track";
        case Screen::ticket: return "ticket";
        case Screen::procedure: return "procedure";
        case Screen::complaint: return "complaint";
        case Screen::receipt: return "receipt";
    }
    return "unknown";
}

CitizenFlow::CitizenFlow(IdleSettings idle, Preferences defaults, SteadyTime now)
    : idle_(idle), defaults_(defaults), preferences_(defaults), last_activity_(now) {}

int CitizenFlow::countdown_left_s(SteadyTime now) const {
    if (phase_ != IdlePhase::asking) return static_cast<int>(idle_.countdown_s);
    double left = idle_.countdown_s - Seconds(now - asking_since_).count();
    return left <= 0 ? 0 : static_cast<int>(std::ceil(left));
}

void CitizenFlow::open(Screen screen, SteadyTime now) {
    if (screen != screen_) {
        session_.typed_text.clear();
        session_.typing = false;
    }
    screen_ = screen;
    on_activity(now);
}

void CitizenFlow::finish_session(SteadyTime now) {
    screen_ = Screen::home;
    session_ = CitizenSession{};
    preferences_ = defaults_;
    phase_ = IdlePhase::active;
    last_activity_ = now;
}

void CitizenFlow::set_language(const std::string& language, SteadyTime now) {
    preferences_.language = language;
    on_activity(now);
}

void CitizenFlow::toggle_large_text(SteadyTime now) {
    preferences_.large_text = !preferences_.large_text;
    on_activity(now);
}

void CitizenFlow::toggle_high_contrast(SteadyTime now) {
    preferences_.high_contrast = !preferences_.high_contrast;
    on_activity(now);
}

void CitizenFlow::set_typed_text(std::string text, SteadyTime now) {
    session_.typed_text = std::move(text);
    on_activity(now);
}

void CitizenFlow::start_typing(SteadyTime now) {
    session_.typing = true;
    on_activity(now);
}

void CitizenFlow::add_scan(std::string code, SteadyTime now) {
    session_.scans.push_back(std::move(code));
    on_activity(now);
}

void CitizenFlow::on_activity(SteadyTime now) {
    last_activity_ = now;
    phase_ = IdlePhase::active;
}

bool CitizenFlow::has_something_to_wipe() const {
    return screen_ != Screen::home || !session_.empty() || preferences_ != defaults_;
}

bool CitizenFlow::tick(SteadyTime now) {
    if (!has_something_to_wipe()) {
        phase_ = IdlePhase::active;
        return false;
    }
    if (phase_ == IdlePhase::active) {
        if (now - last_activity_ < to_duration(idle_.idle_timeout_s)) return false;
        phase_ = IdlePhase::asking;
        asking_since_ = last_activity_ + to_duration(idle_.idle_timeout_s);
        countdown_shown_s_ = -1;
    }
    if (now - asking_since_ >= to_duration(idle_.countdown_s)) {
        finish_session(now);
        ++sessions_timed_out_;
        return true;
    }
    // While asking, the screen changes when the countdown's number does: once a second.
    int left = countdown_left_s(now);
    bool changed = left != countdown_shown_s_;
    countdown_shown_s_ = left;
    return changed;
}

std::optional<SteadyTime> CitizenFlow::next_deadline(SteadyTime now) const {
    if (!has_something_to_wipe()) return std::nullopt;
    if (phase_ == IdlePhase::active) return last_activity_ + to_duration(idle_.idle_timeout_s);
    // Wake at the next whole second of the countdown so the number on screen stays right.
    double elapsed = Seconds(now - asking_since_).count();
    double next = std::floor(elapsed) + 1.0;
    if (next > idle_.countdown_s) next = idle_.countdown_s;
    return asking_since_ + to_duration(next);
}

}  // namespace ventanilla
