// The tracking screen: an id typed or scanned, the progress of its look-up, and the answer:
// the current status large and plain, then the timeline newest first.
#pragma once

#include "ui/screen_model.h"
#include "ui/widgets.h"

namespace ventanilla::ui {

struct TrackingScreen {
    void draw(const ScreenModel& model, Intents& intents, Painter& painter);
};

}  // namespace ventanilla::ui
