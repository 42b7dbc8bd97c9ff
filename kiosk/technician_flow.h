// The technician mode's way in and its screens as a state machine: a corner held for five
// seconds, the PIN pad (choose and repeat a first PIN, or enter it; a lock shown with its time
// left), the mode's pages, and the way out by hand or after two idle minutes.
// Checking a PIN is argon2id work: the flow hands it out as a PinJob and takes the answer back.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/result.h"

namespace ventanilla {

using TechnicianTime = std::chrono::steady_clock::time_point;
using TechnicianWallTime = std::chrono::system_clock::time_point;

inline constexpr std::chrono::seconds kCornerHoldTime{5};
inline constexpr std::chrono::seconds kTechnicianIdleTimeout{120};
inline constexpr std::size_t kTechnicianPinMaxDigits = 12;

inline constexpr std::array<std::string_view, 1> kTechnicianFlowErrorCodes{
    "technician.pins_differ",  // the repeated PIN is not the first one
};

// A press held in a corner of the screen: where a citizen never keeps a finger for long.
class CornerHold {
public:
    // Called with every frame's pointer: position in pixels, the button, the screen's size and
    // how far from a corner still counts.
    void observe(bool down, float x, float y, float width, float height, float corner_px, TechnicianTime now);
    // When the press now held becomes the gesture.
    std::optional<TechnicianTime> deadline() const;
    // True once per press, when it has been held long enough in its corner.
    bool take_fired(TechnicianTime now);

private:
    std::optional<TechnicianTime> held_since_;
    bool fired_ = false;
};

enum class TechnicianPhase { closed, pin, locked, open };
enum class PinStep { choose, repeat, enter };
enum class TechnicianPage { menu, settings_terminal, settings_server, settings_scanner, settings_printer, self_tests,
                            diagnostics };

std::string_view technician_phase_name(TechnicianPhase phase);
std::string_view technician_page_name(TechnicianPage page);

// What the UI runs off the frame: set the first PIN or check one.
struct PinJob {
    enum class Kind { set, check };
    Kind kind = Kind::check;
    std::string pin;
};

class TechnicianFlow {
public:
    // The gesture was made. `needs_pin`: no PIN was ever set; `locked_until`: a lock in force.
    void open(bool needs_pin, std::optional<TechnicianWallTime> locked_until, TechnicianTime now);
    void close();

    TechnicianPhase phase() const { return phase_; }
    PinStep pin_step() const { return pin_step_; }
    TechnicianPage page() const { return page_; }
    std::size_t digits_typed() const { return digits_.size(); }
    bool busy() const { return busy_; }  // a PIN is being checked
    const std::optional<Error>& message() const { return message_; }
    std::optional<TechnicianWallTime> locked_until() const { return locked_until_; }

    void press_digit(char digit, TechnicianTime now);
    void erase_digit(TechnicianTime now);
    // "Aceptar": the PIN typed so far goes to be set or checked (or, choosing, to be repeated).
    std::optional<PinJob> submit(TechnicianTime now);
    // The answer to the job submit() gave; `locked_until` is read again after a failure.
    void on_pin_result(const Status& result, std::optional<TechnicianWallTime> locked_until, TechnicianTime now);

    void show(TechnicianPage page, TechnicianTime now);
    void on_activity(TechnicianTime now) { last_activity_ = now; }
    // Leaves the mode after the idle timeout, and the lock screen once the lock ran out.
    // True when the phase changed.
    bool tick(TechnicianTime now, TechnicianWallTime wall_now);
    std::optional<TechnicianTime> next_deadline(TechnicianTime now) const;

private:
    TechnicianPhase phase_ = TechnicianPhase::closed;
    PinStep pin_step_ = PinStep::enter;
    TechnicianPage page_ = TechnicianPage::menu;
    std::string digits_;     // wiped as soon as it is handed out or abandoned
    std::string first_pin_;  // while repeating a new PIN
    bool busy_ = false;
    std::optional<Error> message_;
    std::optional<TechnicianWallTime> locked_until_;
    TechnicianTime last_activity_{};
};

}  // namespace ventanilla
