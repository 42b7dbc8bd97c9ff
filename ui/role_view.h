// The screens and workers of the roles beside the kiosk's citizen screens: the counter's
// clerk screens and the waiting hall's board. The Terminal owns one such view, drains it at
// the start of each loop turn and gives it the whole screen to draw.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "ui/app.h"
#include "ui/screen_model.h"
#include "ui/widgets.h"

namespace ventanilla::ui {

using RoleClock = std::chrono::steady_clock;

// What a role's view is built from: everything is the Terminal's and outlives the view.
struct RoleContext {
    const AppSetup& setup;        // configuration, translations, credentials, store path
    std::function<void()> wake;   // wakes the main loop from a worker thread
};

class RoleView {
public:
    virtual ~RoleView() = default;

    // Drains the role's workers at the start of a loop turn. True when the screen changed.
    virtual bool poll(RoleClock::time_point now) = 0;
    // The next moment the role needs a frame without any input (a countdown, a blink).
    virtual std::optional<RoleClock::time_point> next_deadline(RoleClock::time_point now) const = 0;
    // Draws the whole screen; remembers what was tapped or typed. True when the frame asked
    // for something, which `apply` then carries out after the frame.
    virtual bool draw(const ScreenModel& model, Painter& painter) = 0;
    virtual void apply(RoleClock::time_point now) = 0;
    // A code a scanner read while this role is on screen.
    virtual void on_scan(const std::string& code, RoleClock::time_point now) = 0;
    // What the automation interface reports as "role_state".
    virtual nlohmann::json state() const = 0;
};

// The counter's or the display's view; null for the kiosk role.
std::unique_ptr<RoleView> make_role_view(const RoleContext& context);
std::unique_ptr<RoleView> make_counter_view(const RoleContext& context);
std::unique_ptr<RoleView> make_display_view(const RoleContext& context);

}  // namespace ventanilla::ui
