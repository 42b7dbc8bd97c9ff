// The enrolled terminal uploads what it recorded, and the status corner says when records wait:
// a queue that silently stops after a reconnect (collect#6120) must be visible.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "kiosk/enrolment.h"
#include "kiosk/outbox.h"
#include "kiosk/store.h"
#include "tests/support/central.h"
#include "tests/support/enrolled_device.h"
#include "tests/support/terminal.h"

using namespace ventanilla;
using namespace ventanilla::testing;

TEST_CASE("records kept while the server is away are counted in the corner, then uploaded once") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto device = enrol_device(*central);
    REQUIRE_MESSAGE(device.ok(), device.failure_text());

    // Three complaints the kiosk recorded earlier, still in its outbox.
    TempDir data;
    {
        auto opened = LocalStore::open(data.file("terminal.db"));
        REQUIRE_MESSAGE(opened.ok(), opened.failure_text());
        LocalStore store = std::move(opened).value();
        Outbox outbox(store);
        for (int i = 0; i < 3; ++i) {
            auto id = outbox.enqueue("complaint", {{"text", "Queja " + std::to_string(i)}});
            REQUIRE_MESSAGE(id.ok(), id.failure_text());
        }
    }
    DeviceCredentials credentials{device->device_id, device->token, "kiosk", "hav-plaza", 1,
                                  central->base_url()};
    auto write_secrets = [&](const std::string& config_path) {
        REQUIRE(save_credentials(secrets_path_for(config_path), credentials).ok());
    };

    SUBCASE("away: the corner counts what waits") {
        TerminalOptions options;
        options.server_url = "http://127.0.0.1:" + std::to_string(free_port());
        options.config = {{"data_dir", data.path()}};
        options.before_start = write_secrets;
        auto terminal = Terminal::start(*display, options);
        REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
        REQUIRE(wait_until([&] { return terminal->state()["server"] == "offline"; }, 10s, 100ms));
        terminal->must("wait_idle");
        auto sync = terminal->state()["sync"];
        CHECK(sync["enrolled"] == true);
        CHECK(sync["records_waiting"] == 3);
        CHECK(terminal->shows("Sin conexión con el servidor · 3 por enviar"));
        terminal->screenshot("sync_waiting");
    }

    SUBCASE("back: everything goes up exactly once and the count goes away") {
        TerminalOptions options;
        options.server_url = central->base_url();
        options.config = {{"data_dir", data.path()}};
        options.before_start = write_secrets;
        auto terminal = Terminal::start(*display, options);
        REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
        REQUIRE(wait_until([&] { return terminal->state()["sync"]["records_acknowledged"] == 3; }, 20s, 100ms));
        terminal->must("wait_idle");
        auto sync = terminal->state()["sync"];
        CHECK(sync["records_waiting"] == 0);
        CHECK(sync["link"] == "online");
        CHECK(sqlite_integer(central->db_path(), "SELECT count(*) FROM records") == 3);
        CHECK(terminal->shows("En línea"));
        CHECK_FALSE(terminal->shows("por enviar"));
    }
}

TEST_CASE("a damaged secrets file is shown to the technician, the terminal still serves") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    TerminalOptions options;
    options.before_start = [](const std::string& config_path) {
        auto path = secrets_path_for(config_path);
        std::ofstream(path) << "{\"device\": ";
        std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    };
    auto terminal = Terminal::start(*display, options);
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
    CHECK(terminal->state()["sync"]["enrolled"] == false);
    CHECK(terminal->shows("El archivo de secretos"));
    CHECK(terminal->shows("no enviará nada al servidor"));
    terminal->screenshot("sync_secrets_damaged");
    terminal->must("tap Continuar");
    CHECK(terminal->state()["screen"] == "home");
}
