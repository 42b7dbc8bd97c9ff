// The terminal's window and main loop: drains input and worker results, draws only when
// something changed, and answers the automation interface.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/config.h"
#include "kiosk/enrolment.h"
#include "kiosk/i18n.h"
#include "kiosk/result.h"
#include "kiosk/store.h"
#include "kiosk/terminal_keys.h"

namespace ventanilla::ui {

struct AppOptions {
    bool windowed = false;
    std::string automation_socket;  // empty: no automation interface
    std::string font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    std::chrono::milliseconds server_probe_interval{15000};
    std::chrono::steady_clock::time_point process_start = std::chrono::steady_clock::now();
    // Completes the AppSetup (all but its configuration) while the window opens; returns 0,
    // or the exit code when the terminal cannot run. Empty: the setup came complete.
    std::function<int()> finish_setup;
};

// What the terminal runs with, built by main(): the configuration before the window opens,
// the rest while it opens (AppOptions::finish_setup).
struct AppSetup {
    ConfigInEffect config;
    std::filesystem::path config_path;  // where the technician saves it; the secrets file is beside it
    Translations spanish;
    Translations english;
    std::optional<Error> store_failure;  // the local database could not be opened
    std::optional<LocalStore> store;     // used by the tracking worker only (one thread)
    std::filesystem::path store_path;    // the same file, for workers with their own connection
    // The terminal's enrolment: without it nothing is uploaded (records wait in the outbox).
    std::optional<DeviceCredentials> credentials;
    std::optional<Error> credentials_failure;  // a secrets file that is damaged or too open
    // The terminal's signing and data keys (made on first start): without them no procedure
    // form is offered, as nothing a citizen enters could be sealed.
    std::optional<TerminalKeys> keys;
};

// run_terminal's answer when the technician asked to start again (main runs itself anew).
inline constexpr int kRestartRequested = 75;

// Opens the window and runs until it is closed. Returns the process exit code.
int run_terminal(AppSetup& setup, const AppOptions& options);

}  // namespace ventanilla::ui
