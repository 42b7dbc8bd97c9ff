// The waiting hall's board: the call being made, very large, the last calls, the appointment
// calls apart, the office and the clock. Draws what it is given; owns nothing.
#pragma once

#include <deque>
#include <optional>
#include <string>

#include "kiosk/queue_calls.h"
#include "ui/screen_model.h"
#include "ui/widgets.h"

namespace ventanilla::ui {

struct BoardModel {
    const std::optional<QueueCall>& current;
    const std::deque<QueueCall>& recent;        // newest first
    const std::deque<QueueCall>& appointments;  // newest first
    bool highlighted = false;                   // the current call has just been made
    // A one-line notice at the foot, already translated (server away, not enrolled, …).
    std::optional<std::string> notice;
};

struct DisplayBoard {
    void draw(const ScreenModel& model, const BoardModel& board, Painter& painter);
};

}  // namespace ventanilla::ui
