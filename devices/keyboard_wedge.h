// Tells a keyboard-wedge scanner's burst of keystrokes from a person typing.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/code_text.h"  // append_utf8, used with the wedge's code points

namespace ventanilla {

struct KeyboardWedgeOptions {
    // A scanner types a key every few ms; people rarely beat 60 ms between keys.
    std::chrono::milliseconds max_key_interval{50};
    std::size_t min_scan_length = 4;    // shorter bursts ending in Enter are typing
    std::size_t max_scan_length = 512;  // longer input is a hostile or broken scan
};

// What the detector hands on: a finished scan, or keystrokes that were typing after all.
struct WedgeOutput {
    enum class Kind { scan, typed_text, typed_enter, scan_too_long };
    Kind kind;
    std::string text;  // UTF-8
};

// Holds back characters while they might be a scan; releases them as typing when
// the burst stops without an Enter. Feed it every character and Enter with its time.
class KeyboardWedge {
public:
    using Time = std::chrono::steady_clock::time_point;

    explicit KeyboardWedge(KeyboardWedgeOptions options = {}) : options_(options) {}

    void on_char(char32_t codepoint, Time when);
    void on_enter(Time when);
    // The caller drained its event queue at `now` and found nothing more. Only a gap seen
    // this way ends a burst: keys are stamped when the program reads them, so a program
    // that was not scheduled for a while reads a scanner's keys late, never far apart.
    void observe_quiet(Time now);
    // Releases what is due at `now` (typing whose burst ended); implies observe_quiet(now).
    std::vector<WedgeOutput> take(Time now);
    // When take() will next have something to release, if anything is held back.
    std::optional<Time> next_deadline() const;
    // Releases everything held as typing now: another key (Backspace, a tap) ends any burst.
    void flush() { release_as_typing(); }
    bool holding() const { return !held_.empty() || overflow_; }

private:
    void release_as_typing();
    bool gap_seen() const { return quiet_seen_ - last_key_ > options_.max_key_interval; }

    KeyboardWedgeOptions options_;
    std::string held_;
    std::size_t held_chars_ = 0;
    bool overflow_ = false;
    Time last_key_{};
    Time quiet_seen_{};
    std::vector<WedgeOutput> ready_;
};


}  // namespace ventanilla
