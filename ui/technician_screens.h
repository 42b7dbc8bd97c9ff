// Screens for the technician: what is wrong with this terminal.
#pragma once

#include "ui/screen_model.h"
#include "ui/widgets.h"

namespace ventanilla::ui {

// A bad configuration file or database: each problem with its key and reason, and what
// the terminal is doing about it. Dismissable only when citizens can still be served.
struct ProblemScreen {
    void draw(const ScreenModel& model, Intents& intents, Painter& painter);
};

}  // namespace ventanilla::ui
