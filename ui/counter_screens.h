// The counter's two screens: the clerk's log-in (clerk, PIN pad, services) and the working
// screen (the ticket in hand, large; the operations; the waiting counts and the day's
// figures). They draw the CounterFlow and record taps as CounterIntents; no I/O.
#pragma once

#include <optional>
#include <string>

#include "kiosk/catalog.h"
#include "kiosk/counter_flow.h"
#include "ui/onscreen_keyboard.h"
#include "ui/screen_model.h"
#include "ui/widgets.h"

namespace ventanilla::ui {

struct CounterIntents {
    std::optional<std::string> clerk;  // the clerk field's new text
    std::optional<char> digit;
    bool backspace = false;
    bool clear_pin = false;
    std::optional<std::string> toggle_service;
    bool log_in = false;
    std::optional<ClerkAction> action;
    std::string argument;  // of `action`
    std::optional<CounterPanel> open_panel;
    bool close_panel = false;
    bool log_out = false;

    bool any() const {
        return clerk || digit || backspace || clear_pin || toggle_service || log_in || action ||
               open_panel || close_panel || log_out;
    }
};

// What the counter screens read besides the terminal's ScreenModel.
struct CounterScreenModel {
    const ScreenModel& terminal;
    const CounterFlow& flow;
    const Office* office = nullptr;  // from the catalog; null until it arrives
    int counter = 1;
    std::optional<std::string> blocked_key;  // a reason the counter cannot work at all
};

// The name of a service in the screen's language, else its id.
std::string service_name(const Office* office, const std::string& id, const std::string& language);

class CounterScreen {
public:
    void draw(const CounterScreenModel& model, CounterIntents& intents, Painter& painter);

private:
    void draw_login(const CounterScreenModel& model, CounterIntents& intents, Painter& painter);
    void draw_pin_pad(const CounterScreenModel& model, CounterIntents& intents, Painter& painter, float width);
    void draw_working(const CounterScreenModel& model, CounterIntents& intents, Painter& painter);
    void draw_clerk_and_ticket(const CounterScreenModel& model, CounterIntents& intents, Painter& painter,
                               float left_w);
    void draw_actions(const CounterScreenModel& model, CounterIntents& intents, Painter& painter);
    void draw_panel(const CounterScreenModel& model, CounterIntents& intents, Painter& painter);
    // The open panel's typed field (a ticket's number, a pause's reason): its box, and the
    // button that sends it while the on-screen keys are down (when they are up, their own key).
    void draw_panel_field(const CounterScreenModel& model, CounterIntents& intents, Painter& painter, float width);
    // Keys typed in the open panel's field (the on-screen ones or a keyboard plugged in); its
    // text sent on the submit key or Enter.
    void take_panel_keys(const CounterFlow& flow, const Keystrokes& keys, CounterIntents& intents);
    void submit_panel_text(const CounterFlow& flow, CounterIntents& intents);
    void draw_queue(const CounterScreenModel& model, Painter& painter, float width);
    void draw_figures(const CounterScreenModel& model, Painter& painter, float width);
    void draw_message(const CounterScreenModel& model, Painter& painter, float width);

    // UI-only state: whether the clerk's code or the open panel's field has the on-screen
    // keyboard, what is being typed in a panel.
    bool typing_clerk_ = false;
    bool typing_panel_ = false;
    OnScreenKeyboard keyboard_;
    std::string number_text_;
    std::string reason_text_;
};

}  // namespace ventanilla::ui
