#include "tests/support/office_terminal.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "tests/server/queue_support.h"

namespace ventanilla::testing {

OfficeUnderTest start_office() {
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    run_sql(central->db_path(), "DELETE FROM service_hours");
    auto kiosk = enrol_device(*central, "kiosk", "hav-plaza", kOfficeKiosk);
    auto counter = enrol_device(*central, "counter", "hav-plaza", kOfficeCounter);
    auto display = enrol_device(*central, "display", "hav-plaza", kOfficeDisplay);
    REQUIRE_MESSAGE(kiosk.ok(), kiosk.failure_text());
    REQUIRE_MESSAGE(counter.ok(), counter.failure_text());
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    return {std::move(central).value(), *kiosk, *counter, *display};
}

TerminalOptions enrolled_terminal_options(const std::string& server_url, nlohmann::json config,
                                          DeviceCredentials credentials, const std::string& secrets_file) {
    credentials.server_url = server_url;
    TerminalOptions options;
    options.server_url = server_url;
    options.config = std::move(config);
    options.before_start = [credentials, secrets_file](const std::string& config_path) {
        const std::filesystem::path secrets = secrets_path_for(config_path);
        if (!secrets_file.empty()) {
            std::filesystem::copy_file(secrets_file, secrets, std::filesystem::copy_options::overwrite_existing);
            std::filesystem::permissions(secrets, std::filesystem::perms::owner_read |
                                                      std::filesystem::perms::owner_write);
        }
        REQUIRE(save_credentials(secrets, credentials).ok());
    };
    return options;
}

TerminalOptions kiosk_options(const OfficeUnderTest& office, const std::string& server_url,
                              const std::string& data_dir, const std::string& secrets_file) {
    const DeviceCredentials credentials{office.kiosk.device_id, office.kiosk.token, "kiosk", "hav-plaza",
                                        kOfficeKiosk, server_url};
    return enrolled_terminal_options(
        server_url, {{"office_id", "hav-plaza"}, {"terminal_number", kOfficeKiosk}, {"data_dir", data_dir}},
        credentials, secrets_file);
}

void log_in_clerk(Terminal& terminal, const std::string& clerk, const std::string& pin) {
    terminal.must("tap Su código (o escanee su carné)");
    terminal.must("type " + clerk);
    terminal.must("tap Listo");  // the on-screen keys give the PIN pad its place back
    for (char digit : pin) terminal.must(std::string("tap ") + digit);
    terminal.must("tap Entrar");
    REQUIRE(wait_until([&] { return terminal.state()["role_state"]["phase"] == "working"; }, 10s, 100ms));
}

nlohmann::json role_state(Terminal& terminal) {
    try {
        return terminal.state()["role_state"];
    } catch (const std::exception& e) {
        FAIL(e.what() << "\n" << terminal.log());
    }
    return nullptr;
}

nlohmann::json desk_state(Terminal& terminal) { return terminal.state()["role_state"]["desk"]; }

bool wait_desk(Terminal& terminal, const std::function<bool(const nlohmann::json&)>& predicate,
               std::chrono::milliseconds timeout) {
    return wait_until([&] { return predicate(desk_state(terminal)); }, timeout, 100ms);
}

}  // namespace ventanilla::testing
