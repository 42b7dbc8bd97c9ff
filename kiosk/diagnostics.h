// The technician's "export diagnostics": one JSON file with what a support engineer asks for
// first (versions, the configuration in force, sync state and outbox, disk space, recent
// problems and log lines), written to a chosen folder or USB stick. Nothing personal goes in:
// no secrets, no answers, no scanned codes; log lines never carry personal data by rule.
#pragma once

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kiosk/config.h"
#include "kiosk/result.h"
#include "kiosk/sync_state.h"

namespace ventanilla {

// A record the server refused (conflict or rejection), as the technician may see it: never
// its content, which may be a citizen's answers.
struct SetAsideSummary {
    std::string id;
    std::string kind;
    std::string created_at;
    std::string reason;   // "conflict", "unknown_kind", ...
    std::string message;  // the server's words
};

struct DiagnosticsInput {
    const ConfigInEffect& config;
    std::string terminal_version;
    std::string server_version;          // "" when the server was never reached
    std::string server_state;            // "online", "offline", "unknown"
    std::optional<SyncState> sync;       // when enrolled
    std::vector<std::string> problems;   // as the problem screen lists them (codes and keys)
    std::vector<std::string> log_lines;  // recent_log_lines()
    std::chrono::system_clock::time_point now;
    std::vector<SetAsideSummary> set_aside{};
};

nlohmann::json diagnostics_json(const DiagnosticsInput& input);

// Writes "ventanilla-diagnostics-<office>-<terminal>-<UTC time>.json" into `folder`
// atomically and returns its path.
Result<std::filesystem::path> export_diagnostics(const std::filesystem::path& folder, const DiagnosticsInput& input);

}  // namespace ventanilla
