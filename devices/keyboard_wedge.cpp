#include "devices/keyboard_wedge.h"

namespace ventanilla {

void KeyboardWedge::on_char(char32_t codepoint, Time when) {
    if (holding() && gap_seen()) release_as_typing();
    last_key_ = when;
    if (held_chars_ >= options_.max_scan_length) {
        overflow_ = true;  // keep swallowing: a runaway scan must not type into the screen
        return;
    }
    append_utf8(held_, codepoint);
    ++held_chars_;
}

void KeyboardWedge::on_enter(Time when) {
    (void)when;
    bool in_burst = holding() && !gap_seen();
    if (in_burst && overflow_) {
        ready_.push_back({WedgeOutput::Kind::scan_too_long, {}});
        held_.clear();
        held_chars_ = 0;
        overflow_ = false;
        return;
    }
    if (in_burst && held_chars_ >= options_.min_scan_length) {
        ready_.push_back({WedgeOutput::Kind::scan, std::move(held_)});
        held_.clear();
        held_chars_ = 0;
        return;
    }
    release_as_typing();
    ready_.push_back({WedgeOutput::Kind::typed_enter, {}});
}

void KeyboardWedge::release_as_typing() {
    if (overflow_) {
        ready_.push_back({WedgeOutput::Kind::scan_too_long, {}});
    } else if (!held_.empty()) {
        ready_.push_back({WedgeOutput::Kind::typed_text, std::move(held_)});
    }
    held_.clear();
    held_chars_ = 0;
    overflow_ = false;
}

void KeyboardWedge::observe_quiet(Time now) {
    if (now > quiet_seen_) quiet_seen_ = now;
}

std::vector<WedgeOutput> KeyboardWedge::take(Time now) {
    observe_quiet(now);
    if (holding() && gap_seen()) release_as_typing();
    std::vector<WedgeOutput> out;
    out.swap(ready_);
    return out;
}

std::optional<KeyboardWedge::Time> KeyboardWedge::next_deadline() const {
    if (!holding()) return std::nullopt;
    return last_key_ + options_.max_key_interval + std::chrono::milliseconds(1);
}

}  // namespace ventanilla
