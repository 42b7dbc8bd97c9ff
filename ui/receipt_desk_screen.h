// The counter's screen of a scanned procedure receipt: a forged or unreadable code said plainly,
// the submission being fetched, or its procedure, its answers with their labels and where it
// stands, with the clerk's outcome (processed, needs documents, rejected; a reason; an answer to
// the citizen). Draws the ReceiptDesk and records taps as DeskIntents; no I/O.
#pragma once

#include <optional>
#include <string>

#include "kiosk/receipt_desk.h"
#include "ui/screen_model.h"
#include "ui/widgets.h"

namespace ventanilla::ui {

struct DeskIntents {
    std::optional<std::string> choose;  // an outcome's status
    std::optional<std::string> reason;  // the reason field's new text
    std::optional<std::string> answer;  // the answer field's new text
    bool save = false;
    bool retry = false;
    bool close = false;

    bool any() const { return choose || reason || answer || save || retry || close; }
};

struct DeskScreenModel {
    const ScreenModel& terminal;
    const ReceiptDesk& desk;
    int counter = 1;
};

// "Faltan documentos", … : a status's name for people.
std::string status_text(const Translations& text, const std::string& status);

class ReceiptDeskScreen {
public:
    void draw(const DeskScreenModel& model, DeskIntents& intents, Painter& painter);

private:
    void draw_answers(const DeskScreenModel& model, Painter& painter, float width, float height);
    void draw_outcome(const DeskScreenModel& model, DeskIntents& intents, Painter& painter, float width);

    // UI-only state: the fields' text while typed (the desk holds what counts).
    std::string reason_text_;
    std::string answer_text_;
    std::string shown_reference_;  // the fields are filled anew when another one opens
};

}  // namespace ventanilla::ui
