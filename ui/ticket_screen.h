// "Tomar un turno": the service tiles, the priority question, the ticket on screen, the
// appointment check-in and a scanned ticket's state. Draws the TicketFlow; no I/O.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kiosk/ticket_flow.h"
#include "ui/screen_model.h"
#include "ui/widgets.h"

namespace ventanilla::ui {

// What the ticket screens read besides the ScreenModel, already in the citizen's language.
struct TicketView {
    struct Choice {
        std::string id;
        std::string label;
    };
    const TicketFlow* flow = nullptr;
    std::vector<Choice> services;         // open now, in catalog order
    std::vector<Choice> priority_groups;  // the office's, "appointment" left out
    std::string service_name;             // of the ticket on screen (or looked up)
    std::string issued_hhmm;              // its time, local
    std::string error_text;               // a refusal or failure, translated
    std::optional<std::string> print_message;
    bool print_failed = false;
    bool can_print = false;  // a printer exists and nothing of this ticket is printing
    int elapsed_s = 0;       // while issuing or looking up
};

struct TicketScreen {
    void draw(const ScreenModel& model, const TicketView& view, Intents& intents, Painter& painter);
};

}  // namespace ventanilla::ui
