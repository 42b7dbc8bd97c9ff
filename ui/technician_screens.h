// Screens for the technician: what is wrong with this terminal (at start-up), and the
// technician mode's PIN pad, menu, settings pages, self-tests and diagnostics. They read a
// TechnicianModel and ask through TechnicianIntents; ui/technician_mode.h owns the state.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/settings_form.h"
#include "kiosk/technician_flow.h"
#include "ui/onscreen_keyboard.h"
#include "ui/screen_model.h"
#include "ui/widgets.h"

namespace ventanilla::ui {

// A bad configuration file or database: each problem with its key and reason, and what
// the terminal is doing about it. Dismissable only when citizens can still be served.
struct ProblemScreen {
    void draw(const ScreenModel& model, Intents& intents, Painter& painter);
};

// One line of a self-test or of the diagnostics: a name, what was found, and whether it is good.
struct TechnicianLine {
    std::string label;
    std::string value;
    enum class Mark { none, pass, fail, running } mark = Mark::none;
};

struct TechnicianModel {
    explicit TechnicianModel(const Translations& text_in) : text(text_in) {}

    const Translations& text;
    TechnicianPhase phase = TechnicianPhase::closed;
    PinStep pin_step = PinStep::enter;
    TechnicianPage page = TechnicianPage::menu;
    std::size_t digits_typed = 0;
    bool busy = false;
    std::string message;  // translated: a wrong PIN, a lock with its time left
    // Settings
    const SettingsDraft* draft = nullptr;
    std::vector<std::pair<std::string, std::string>> field_errors;  // key, translated message
    std::string settings_message;  // saved and applied, or what is wrong elsewhere
    bool settings_failed = false;
    bool restart_offered = false;
    std::vector<std::string> cups_queues;
    std::string cups_message;  // the list is being read, or why it cannot be
    std::string enrolment_code;
    std::string enrolment_message;
    bool enrolment_failed = false;
    std::optional<CameraPreview> camera_preview;
    // Self-tests and diagnostics, already in words
    std::vector<TechnicianLine> self_tests;
    bool scan_test_waiting = false;
    std::vector<TechnicianLine> diagnostics;
    std::vector<std::string> set_aside;  // records the server refused, one line each
    std::vector<std::string> recent_errors;
    std::vector<std::string> log_lines;
    std::string export_folder;
    std::vector<std::string> removable_folders;  // USB sticks mounted now
    std::string export_message;
    bool export_failed = false;
};

struct TechnicianIntents {
    std::optional<char> digit;
    bool erase_digit = false;
    bool submit_pin = false;
    bool leave = false;
    std::optional<TechnicianPage> show;
    std::optional<std::pair<std::string, std::string>> set_field;  // key, value
    bool save_settings = false;
    bool refresh_queues = false;
    bool restart = false;
    std::optional<std::string> enrolment_code;
    bool enrol = false;
    bool test_scan = false;
    bool test_print = false;
    bool test_server = false;
    std::optional<std::string> export_folder;
    bool export_diagnostics = false;
    bool refresh_diagnostics = false;

    bool any() const {
        return digit || erase_digit || submit_pin || leave || show || set_field || save_settings ||
               refresh_queues || restart || enrolment_code || enrol || test_scan || test_print || test_server ||
               export_folder || export_diagnostics || refresh_diagnostics;
    }
};

// The PIN pad: choosing a first PIN (twice), entering it, or the lock and its time left.
struct TechnicianPinScreen {
    void draw(const TechnicianModel& model, TechnicianIntents& intents, Painter& painter);
};

// The mode's menu and pages, under a bar that always offers the way out. A text field tapped
// takes the on-screen keyboard, drawn in a band under the page (in place of "Guardar") while
// the field scrolls to the top of what is left: a kiosk has no other keyboard.
struct TechnicianPagesScreen {
    void draw(const TechnicianModel& model, TechnicianIntents& intents, Painter& painter);

    // The field the keyboard types into (a setting's key, "enrolment_code" or
    // "export_folder"), "" while it is closed; and that keyboard's layout.
    const std::string& typing() const { return typing_; }
    static KeyboardLayout keyboard_for_field(std::string_view target);

private:
    // A box typed on the keyboard, named `name`; tapped, it takes the keyboard with its value
    // selected, so that the first key replaces it (tapped again: the keys add to its end).
    void typed_box(const std::string& target, std::string_view name, std::string_view value, std::string_view hint,
                   float width, bool error, Painter& painter);
    void draw_keyboard(const TechnicianModel& model, float width, TechnicianIntents& intents, Painter& painter);
    void draw_settings(const TechnicianModel& model, TechnicianIntents& intents, Painter& painter);
    void draw_field(const TechnicianModel& model, const SettingField& field, TechnicianIntents& intents,
                    Painter& painter);
    void draw_settings_footer(const TechnicianModel& model, TechnicianIntents& intents, Painter& painter);
    void draw_self_tests(const TechnicianModel& model, TechnicianIntents& intents, Painter& painter);
    void draw_diagnostics(const TechnicianModel& model, TechnicianIntents& intents, Painter& painter);

    // UI state only: where the keyboard types, never what was typed (that is the draft's).
    OnScreenKeyboard keyboard_;
    std::string typing_;
    bool typing_replaces_ = false;  // the value is selected: the next key replaces it
    bool typing_drawn_ = false;     // its box was on the page this frame (a hidden field closes it)
    std::string scrolled_to_;       // the field last brought above the keyboard
    TechnicianPage typing_page_ = TechnicianPage::menu;
};

}  // namespace ventanilla::ui
