// A code a citizen types at the kiosk (a tracking number, an appointment code): its box, a
// keyboard plugged in, and the on-screen keyboard in a band above the screen's footer.
#pragma once

#include <optional>
#include <string>

#include "ui/onscreen_keyboard.h"
#include "ui/screen_model.h"
#include "ui/widgets.h"

namespace ventanilla::ui {

struct CodeEntrySpec {
    const char* id = "##code";  // the box's ImGui id
    std::string hint;           // in the empty box; the box's name for automation
    std::string submit;         // the button beside the box, and the keyboard's own key
    KeyboardLayout layout = KeyboardLayout::code;
    float box_width_share = 0.6f;  // of the width given to draw_field, beside its button
    bool refused = false;          // what is in the box was refused: framed red
};

// One frame of a code field. The text lives in the citizen's session (typed_text), and so does
// whether the keyboard is up; a change goes out as intents.typed_text, a tap on the box as
// intents.start_typing. Keys of a keyboard plugged in always reach the box, Enter submits.
class CodeEntry {
public:
    CodeEntry(const ScreenModel& model, CodeEntrySpec spec, Intents& intents, Painter& painter);

    // The box at the cursor, the submit button beside it while the on-screen keyboard is down
    // (when it is up, its own key submits).
    void draw_field(float width);
    // With the keyboard up: moves down to leave `below` px under the keyboard (the footer's
    // room) and draws it `width` wide there, or right here when the page left less room.
    void draw_keyboard(float width, float below);
    bool keyboard_up() const;
    // The code to submit this frame (the button, Enter or the keyboard's key), as typed.
    const std::optional<std::string>& submitted() const { return submitted_; }

private:
    void take(const Keystrokes& keys);

    const ScreenModel& model_;
    CodeEntrySpec spec_;
    Intents& intents_;
    Painter& painter_;
    std::string typed_;
    std::optional<std::string> submitted_;
};

}  // namespace ventanilla::ui
