#include "kiosk/diagnostics.h"

#include <sys/statvfs.h>

#include <cstdio>
#include <ctime>

#include "kiosk/atomic_file.h"

namespace ventanilla {

namespace {

nlohmann::json disk_json(const std::filesystem::path& folder) {
    struct statvfs info {};
    if (::statvfs(folder.c_str(), &info) != 0) return {{"folder", folder.string()}, {"readable", false}};
    auto bytes = [&](unsigned long long blocks) { return blocks * static_cast<unsigned long long>(info.f_frsize); };
    return {{"folder", folder.string()},
            {"free_bytes", bytes(info.f_bavail)},
            {"total_bytes", bytes(info.f_blocks)}};
}

std::string utc_stamp(std::chrono::system_clock::time_point now, const char* format) {
    std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char text[32];
    std::strftime(text, sizeof text, format, &utc);
    return text;
}

nlohmann::json sync_json(const SyncState& sync, std::chrono::system_clock::time_point now) {
    nlohmann::json json = {
        {"link", sync.link == SyncState::Link::online    ? "online"
                 : sync.link == SyncState::Link::offline ? "offline"
                                                         : "unknown"},
        {"paused", sync.paused},
        {"revoked", sync.revoked},
        {"records_waiting", sync.records_waiting},
        {"records_set_aside", sync.records_set_aside},
        {"records_acknowledged", sync.records_acknowledged},
        {"last_error", sync.last_error_code},
        {"last_error_detail", sync.last_error_detail},
    };
    if (sync.last_success) json["last_success"] = format_rfc3339_utc(*sync.last_success);
    if (auto age = sync.oldest_waiting_age(now)) json["oldest_waiting_age_s"] = age->count();
    if (sync.clock_offset) json["clock_offset_s"] = sync.clock_offset->count();
    return json;
}

}  // namespace

nlohmann::json diagnostics_json(const DiagnosticsInput& input) {
    const TerminalConfig& config = input.config.config;
    nlohmann::json problems = input.problems;
    for (const Error& error : input.config.problems) problems.push_back(error.describe());
    nlohmann::json json = {
        {"made_at", format_rfc3339_utc(input.now)},
        {"terminal", {{"version", input.terminal_version},
                      {"role", std::string(name_of(config.role))},
                      {"office", config.office_id},
                      {"number", config.terminal_number}}},
        {"server", {{"url", config.server_url}, {"state", input.server_state}, {"version", input.server_version}}},
        // The file as in force: it holds no secrets (those live in the secrets file, left out).
        {"configuration", nlohmann::json::parse(config_to_json_text(config), nullptr, false)},
        {"configuration_source", input.config.source == ConfigSource::file        ? "file"
                                 : input.config.source == ConfigSource::last_good ? "last_good"
                                                                                  : "defaults"},
        {"disk", disk_json(config.data_dir)},
        {"problems", problems},
        {"log", input.log_lines},
    };
    json["sync"] = input.sync ? sync_json(*input.sync, input.now) : nlohmann::json(nullptr);
    nlohmann::json set_aside = nlohmann::json::array();
    for (const auto& record : input.set_aside) {
        set_aside.push_back({{"id", record.id},
                             {"kind", record.kind},
                             {"created_at", record.created_at},
                             {"reason", record.reason},
                             {"message", record.message}});
    }
    json["set_aside"] = set_aside;
    return json;
}

Result<std::filesystem::path> export_diagnostics(const std::filesystem::path& folder, const DiagnosticsInput& input) {
    const TerminalConfig& config = input.config.config;
    std::filesystem::path path =
        folder / ("ventanilla-diagnostics-" + config.office_id + "-" + std::to_string(config.terminal_number) + "-" +
                  utc_stamp(input.now, "%Y%m%dT%H%M%SZ") + ".json");
    if (auto written = write_file_atomically(path, diagnostics_json(input).dump(2) + "\n"); !written) {
        return written.error();
    }
    return path;
}

}  // namespace ventanilla
