// What the screens read (ScreenModel) and what they ask for (Intents): screens own no data.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/citizen_flow.h"
#include "kiosk/config.h"
#include "kiosk/i18n.h"
#include "kiosk/result.h"
#include "kiosk/server_link.h"
#include "kiosk/sync_state.h"
#include "kiosk/tracking_flow.h"
#include "ui/form_intents.h"

namespace ventanilla::ui {

// The camera's live picture, already on the GPU; texture 0 until the first frame came.
struct CameraPreview {
    unsigned texture = 0;  // an OpenGL texture name
    int width = 0;
    int height = 0;
};

struct ScreenModel {
    ScreenModel(const CitizenFlow& flow_in, const Translations& text_in,
                const TerminalConfig& config_in, ServerStatus server_in)
        : flow(flow_in), text(text_in), config(config_in), server(std::move(server_in)) {}

    const CitizenFlow& flow;
    const Translations& text;  // in the language the citizen chose
    const TerminalConfig& config;
    ServerStatus server;
    std::string office_name;             // from the catalog, else the configured id
    const Catalog* catalog = nullptr;    // the last good catalog, when there is one
    std::string clock_hhmm;              // local time shown in the corner
    int countdown_left_s = 0;            // while asking "¿Necesita más tiempo?"
    std::optional<std::string> notice;   // a one-line message for the citizen (e.g. a bad scan)
    const TrackingFlow* tracking = nullptr;
    int lookup_elapsed_s = 0;
    std::string cache_age_text;          // "hace 3 horas", for a cached answer
    std::chrono::minutes utc_offset{0};  // of the terminal's local time
    bool can_print = false;              // a printer is set up and nothing is printing
    std::optional<std::string> print_message;  // "Imprimiendo…", "Recoja su comprobante…"
    bool print_failed = false;
    std::optional<CameraPreview> camera_preview;  // while the camera scanner is on screen
    std::optional<SyncState> sync;  // when the terminal is enrolled and uploading
    // For the technician: what is wrong with this terminal, already translated.
    std::vector<std::string> problems;
    std::string problems_consequence;    // what the terminal does about it
    bool problems_block_service = false; // true: citizens cannot be served at all
};

struct Intents {
    std::optional<Screen> open;
    bool finish_session = false;
    std::optional<std::string> language;
    bool toggle_large_text = false;
    bool toggle_high_contrast = false;
    bool more_time = false;
    std::optional<std::string> typed_text;
    bool start_typing = false;  // the screen's code field was tapped: the on-screen keyboard comes up
    bool dismiss_problems = false;
    std::optional<std::string> track_submit;
    bool track_cancel = false;
    bool track_reset = false;
    bool track_print = false;
    // Tomar un turno (ui/ticket_screen.h)
    std::optional<std::string> ticket_service;   // a service tile was tapped
    std::optional<std::string> ticket_priority;  // the question's answer, "" for none
    bool ticket_back = false;
    bool ticket_check_in = false;                // "Tengo cita previa"
    std::optional<std::string> ticket_code;      // an appointment code to check in
    bool ticket_reprint = false;
    // Hacer un trámite, Quejas y sugerencias (ui/form_screen.h)
    FormIntents form;
};

}  // namespace ventanilla::ui
