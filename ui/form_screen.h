// "Hacer un trámite" and "Quejas y sugerencias": one generic renderer for every procedure's
// form (STYLE rule 11): the procedures on offer, one step at a time with big inputs and the
// on-screen keyboard, the review page, then the reference. Draws a FormView; no I/O.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kiosk/form_flow.h"
#include "ui/onscreen_keyboard.h"
#include "ui/screen_model.h"
#include "ui/widgets.h"

namespace ventanilla::ui {

// What the wizard's screens read besides the ScreenModel, in the citizen's language.
struct FormView {
    struct Procedure {
        std::string id;
        std::string title;
        std::string summary;
    };
    // One answer on the review page, as the citizen will read it.
    struct ReviewLine {
        std::size_t step = 0;
        std::string field_id;
        std::string label;
        std::string answer;
    };
    std::vector<Procedure> procedures;  // the list; empty when none came from the server yet
    const FormFlow* flow = nullptr;     // the form being filled; null on the list
    std::string focused_field;          // where the keyboard types; empty: no keyboard
    std::vector<ReviewLine> review;     // every answer shown, in step and field order
    std::string reference;              // "7K3M-Q9XC" once committed
    std::string error_text;             // why the last "Enviar" failed, translated
    std::string notice;                 // "Recuperamos su solicitud…" after a restart
    std::optional<std::string> print_message;
    bool print_failed = false;
};

struct FormScreen {
    void draw(const ScreenModel& model, const FormView& view, Intents& intents, Painter& painter);

    // UI state only: nothing a citizen entered.
    OnScreenKeyboard keyboard;
    // What the fields were last scrolled for: a new step starts at its top, a field opened for
    // typing or refused comes into view, and the one after a field just answered follows it.
    std::string scrolled_step;
    std::string scrolled_focus;
    std::string scrolled_problems;
    std::string advance_from;  // the field just answered or closed
};

}  // namespace ventanilla::ui
