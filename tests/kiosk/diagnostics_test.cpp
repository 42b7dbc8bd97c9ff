// The technician's diagnostics bundle: what support asks for first, nothing secret or personal,
// written whole (atomically) or not at all.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <fstream>

#include "kiosk/diagnostics.h"
#include "kiosk/enrolment.h"
#include "kiosk/log.h"
#include "tests/support/process.h"

using namespace ventanilla;
using ventanilla::testing::TempDir;

TEST_CASE("diagnostics: versions, configuration, sync and outbox, disk, problems and recent log, no secrets") {
    TempDir dir;
    std::string config_path = dir.file("kiosk.json");
    std::ofstream(config_path) << R"({"role": "kiosk", "office_id": "hav-plaza", "terminal_number": 3,
                                      "server_url": "http://127.0.0.1:9", "data_dir": ")" +
                                      dir.path() + R"("})";
    ConfigInEffect config = load_config_with_fallback(config_path, dir.file("kiosk.last-good.json"));
    REQUIRE(config.source == ConfigSource::file);
    std::string token(43, 'T');
    REQUIRE(save_credentials(secrets_path_for(config_path),
                             {"3f0c1a52-7d1e-4c55-9a0b-2b6d1e9f4a10", token, "kiosk", "hav-plaza", 3, "http://127.0.0.1:9"})
                .ok());
    log_line(LogLevel::warning, "diagnostics test: the scanner went away");

    SyncState sync;
    sync.link = SyncState::Link::offline;
    sync.records_waiting = 12;
    sync.records_set_aside = 1;
    sync.last_error_code = "net.unreachable";
    auto now = std::chrono::system_clock::now();
    sync.oldest_waiting_created_at = now - std::chrono::hours(2);
    DiagnosticsInput input{config, "0.1.0", "", "offline", sync, {"scanner.gone"}, recent_log_lines(), now};

    TempDir usb;
    auto written = export_diagnostics(usb.path(), input);
    REQUIRE_MESSAGE(written.ok(), written.failure_text());
    CHECK(written->filename().string().starts_with("ventanilla-diagnostics-hav-plaza-3-"));
    std::ifstream in(*written);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    auto json = nlohmann::json::parse(text);
    CHECK(json["terminal"]["version"] == "0.1.0");
    CHECK(json["terminal"]["role"] == "kiosk");
    CHECK(json["configuration"]["office_id"] == "hav-plaza");
    CHECK(json["configuration_source"] == "file");
    CHECK(json["sync"]["records_waiting"] == 12);
    CHECK(json["sync"]["last_error"] == "net.unreachable");
    CHECK(json["sync"]["oldest_waiting_age_s"].get<long>() >= 7200);
    CHECK(json["disk"]["free_bytes"].get<unsigned long long>() > 0);
    CHECK(json["problems"][0] == "scanner.gone");
    CHECK(text.find("the scanner went away") != std::string::npos);
    CHECK(text.find(token) == std::string::npos);  // the secrets file is never read into it

    ::chmod(usb.path().c_str(), 0500);  // a write-protected stick
    if (::geteuid() != 0) {  // root writes anyway: the check means something only for others
        CHECK(export_diagnostics(usb.path(), input).error().code == "file.write_failed");
    }
    auto missing = export_diagnostics(usb.file("no/such/folder"), input);
    CHECK(missing.error().code == "file.write_failed");
}
