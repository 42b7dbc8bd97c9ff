// The citizen's screens of the kiosk role: home, the four services, the idle prompt.
#pragma once

#include "ui/screen_model.h"
#include "ui/widgets.h"

namespace ventanilla::ui {

struct HomeScreen {
    void draw(const ScreenModel& model, Intents& intents, Painter& painter);
};

// The frame every service screen shares (title, back button), with the service's body.
struct ServiceScreen {
    void draw(const ScreenModel& model, Intents& intents, Painter& painter);
};

// "¿Necesita más tiempo?": drawn over any screen while the idle countdown runs.
struct IdlePrompt {
    void draw(const ScreenModel& model, Intents& intents, Painter& painter);
};

// The buttons every citizen screen offers at the top right: language and accessibility.
void draw_preference_buttons(const ScreenModel& model, Intents& intents, Painter& painter);

// How wide those three buttons are together, so a title beside them can fit itself.
float preference_buttons_width(const ScreenModel& model, const Theme& theme);

// The corner that tells whether the server can be reached, and the time.
void draw_status_corner(const ScreenModel& model, Painter& painter);

}  // namespace ventanilla::ui
