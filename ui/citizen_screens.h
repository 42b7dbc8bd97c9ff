// The citizen's screens of the kiosk role: home, the four services, the idle prompt.
#pragma once

#include "ui/screen_model.h"
#include "ui/widgets.h"

namespace ventanilla::ui {

struct HomeScreen {
    void draw(const ScreenModel& model, Intents& intents, Painter& painter);
};

// A service this terminal cannot offer (a receipt's status where no receipt worker runs):
// its title, a line that says so, and the way home.
struct ServiceScreen {
    void draw(const ScreenModel& model, Intents& intents, Painter& painter);
};

// "¿Necesita más tiempo?": drawn over any screen while the idle countdown runs.
struct IdlePrompt {
    void draw(const ScreenModel& model, Intents& intents, Painter& painter);
};

// The top line of every citizen screen: its title at the left, in the largest font that
// leaves room (a long title in English with large text would run under the buttons), and the
// buttons at the right for language and accessibility.
void draw_title_and_preferences(const std::string& title, const ScreenModel& model, Intents& intents,
                                Painter& painter);

// The corner that tells whether the server can be reached, and the time.
void draw_status_corner(const ScreenModel& model, Painter& painter);

}  // namespace ventanilla::ui
