// The citizen screens' flow: which screen is up, the idle timeout and the session it wipes.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace ventanilla {

using SteadyTime = std::chrono::steady_clock::time_point;
using Seconds = std::chrono::duration<double>;

enum class Screen {
    home,
    track,      // track a parcel or a money order
    ticket,     // take a queue ticket
    procedure,  // do a trámite
    complaint,  // complaints and suggestions
    receipt,    // where a procedure stands, from its scanned receipt
};

const char* screen_name(Screen screen);

// The person at the screen chose these; the next person starts from the defaults.
struct Preferences {
    std::string language = "es";
    bool large_text = false;
    bool high_contrast = false;

    bool operator==(const Preferences&) const = default;
};

// Everything one citizen entered. Destroyed on timeout or when they leave.
struct CitizenSession {
    std::string typed_text;            // what they typed in the current screen's field
    bool typing = false;               // that field took the on-screen keyboard (tapped, or opened so)
    std::vector<std::string> scans;    // codes they scanned, oldest first
    bool empty() const { return typed_text.empty() && scans.empty(); }
};

enum class IdlePhase {
    active,  // someone is using the screen (or nobody, on a clean home screen)
    asking,  // "¿Necesita más tiempo?" with its countdown
};

struct IdleSettings {
    double idle_timeout_s = 60;
    double countdown_s = 30;  // WCAG 2.2.1: at least 20 s to ask for more time
};

class CitizenFlow {
public:
    CitizenFlow(IdleSettings idle, Preferences defaults, SteadyTime now);

    Screen screen() const { return screen_; }
    const Preferences& preferences() const { return preferences_; }
    const CitizenSession& session() const { return session_; }
    IdlePhase idle_phase() const { return phase_; }
    // Whole seconds left before the session is wiped, while asking.
    int countdown_left_s(SteadyTime now) const;
    // How many times a session was wiped by the idle timeout (for the technician).
    int sessions_timed_out() const { return sessions_timed_out_; }

    void open(Screen screen, SteadyTime now);
    // The citizen leaves: back home, their session gone, preferences back to defaults.
    void finish_session(SteadyTime now);
    void set_language(const std::string& language, SteadyTime now);
    void toggle_large_text(SteadyTime now);
    void toggle_high_contrast(SteadyTime now);
    void set_typed_text(std::string text, SteadyTime now);
    // The current screen's field takes the on-screen keyboard; another screen drops it.
    void start_typing(SteadyTime now);
    void add_scan(std::string code, SteadyTime now);

    // Any tap, key or scan: the person is still there.
    void on_activity(SteadyTime now);
    // Advances the idle timeout; returns true if something visible changed.
    bool tick(SteadyTime now);
    // When tick() must run next for the screen to stay right; nullopt = nothing pending.
    std::optional<SteadyTime> next_deadline(SteadyTime now) const;

private:
    bool has_something_to_wipe() const;

    IdleSettings idle_;
    Preferences defaults_;
    Preferences preferences_;
    Screen screen_ = Screen::home;
    CitizenSession session_;
    IdlePhase phase_ = IdlePhase::active;
    SteadyTime last_activity_;
    SteadyTime asking_since_;
    int countdown_shown_s_ = -1;  // the number tick() last reported, so it reports each change once
    int sessions_timed_out_ = 0;
};

}  // namespace ventanilla
