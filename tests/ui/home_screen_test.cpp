// The kiosk's home screen on the real binary under Xvfb: Spanish first, English after one
// tap, large text and high contrast, and the server's state in the corner.
#include <doctest/doctest.h>

#include "tests/support/central.h"
#include "tests/support/terminal.h"

using namespace ventanilla::testing;

namespace {
Terminal start_terminal(const VirtualDisplay& display, TerminalOptions options = {}) {
    auto terminal = Terminal::start(display, std::move(options));
    if (!terminal) FAIL(terminal.error().describe());
    return std::move(terminal.value());
}

VirtualDisplay start_display() {
    auto display = VirtualDisplay::start();
    if (!display) FAIL(display.error().describe());
    return std::move(display.value());
}
}  // namespace

TEST_CASE("the home screen opens in Spanish with the four citizen services, English after one tap") {
    auto display = start_display();
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    TerminalOptions options;
    options.server_url = central->base_url();
    options.config = {{"office_id", "hav-plaza"}};
    auto terminal = start_terminal(display, options);

    CHECK(terminal.state()["language"] == "es");
    CHECK(terminal.shows("Bienvenido"));
    for (const char* service : {"Seguir un envío o giro", "Tomar un turno", "Hacer un trámite",
                                "Quejas y sugerencias"}) {
        CHECK_MESSAGE(terminal.centre_of(service).has_value(), service);
    }
    REQUIRE(ventanilla::testing::wait_until([&] { return terminal.state()["server"] == "online"; }, 10s, 100ms));
    terminal.must("wait_idle");
    CHECK(terminal.shows("En línea"));
    // The office's name comes from the server's catalog, not the configured id.
    REQUIRE(ventanilla::testing::wait_until([&] { return terminal.shows("Oficina Plaza"); }, 10s, 100ms));
    CHECK_FALSE(terminal.shows("hav-plaza"));
    terminal.screenshot("home_es");

    terminal.must("tap English");
    CHECK(terminal.state()["language"] == "en");
    CHECK(terminal.shows("Welcome"));
    CHECK(terminal.centre_of("Take a queue ticket").has_value());
    CHECK(terminal.centre_of("Español").has_value());
    CHECK_FALSE(terminal.shows("Bienvenido"));
    terminal.screenshot("home_en");

    terminal.must("tap Español");
    CHECK(terminal.state()["language"] == "es");
}

TEST_CASE("touch targets are at least 80 px high at 1080p") {
    auto display = start_display();
    auto terminal = start_terminal(display);
    int tappable = 0;
    auto shown = terminal.must("shown");
    for (const auto& w : shown["shown"]) {
        if (!w["tappable"].get<bool>()) continue;
        ++tappable;
        CHECK_MESSAGE(w["h"].get<double>() >= 80.0, w["text"].get<std::string>());
    }
    CHECK(tappable >= 7);  // four services, language, large text, contrast
}

TEST_CASE("large text and high contrast change the screen and survive until the citizen leaves") {
    auto display = start_display();
    auto terminal = start_terminal(display);
    auto before = terminal.must("shown")["shown"];
    terminal.must("tap Texto grande");
    terminal.must("tap Alto contraste");
    auto state = terminal.state();
    CHECK(state["large_text"] == true);
    CHECK(state["high_contrast"] == true);
    CHECK(terminal.centre_of("Texto normal").has_value());
    CHECK(terminal.centre_of("Contraste normal").has_value());
    // The tiles' titles are drawn bigger: the welcome line grows.
    auto height_of = [](const nlohmann::json& shown, const std::string& text) {
        for (const auto& w : shown) {
            if (w["text"] == text) return w["h"].get<double>();
        }
        return 0.0;
    };
    CHECK(height_of(terminal.must("shown")["shown"], "Bienvenido") >
          height_of(before, "Bienvenido") * 1.2);
    terminal.screenshot("home_large_high_contrast");
}

TEST_CASE("a server that cannot be reached is said in the corner, and the kiosk keeps running") {
    auto display = start_display();
    TerminalOptions options;
    options.server_url = "http://127.0.0.1:" + std::to_string(free_port());
    auto terminal = start_terminal(display, options);
    REQUIRE(wait_until([&] { return terminal.state()["server"] == "offline"; }, 10s, 100ms));
    terminal.must("wait_idle");
    CHECK(terminal.shows("Sin conexión con el servidor"));
    terminal.must("tap Tomar un turno");
    CHECK(terminal.state()["screen"] == "ticket");
    terminal.screenshot("offline_ticket");
}

TEST_CASE("the office's catalog is kept: restarted without its server, the kiosk still knows its office") {
    auto display = start_display();
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    TempDir data;
    TerminalOptions options;
    options.server_url = central->base_url();
    options.config = {{"office_id", "hav-plaza"}, {"data_dir", data.path()}};
    const std::string office_line = "Correos de Cuba — Oficina Plaza · ¿En qué podemos ayudarle?";
    {
        auto terminal = start_terminal(display, options);
        REQUIRE(wait_until([&] { return terminal.shows(office_line); }, 10s, 100ms));
        terminal.must("quit");
    }
    central->stop();
    auto terminal = start_terminal(display, options);
    terminal.must("wait_idle");
    CHECK(terminal.shows(office_line));  // from the first frame, before any probe
    REQUIRE(wait_until([&] { return terminal.state()["server"] == "offline"; }, 10s, 100ms));
    terminal.must("wait_idle");
    CHECK(terminal.shows(office_line));
}

TEST_CASE("in English with large text each screen's title stays clear of the buttons beside it, and all of it on screen") {
    auto display = start_display();
    auto terminal = start_terminal(display);
    auto english_large = [&] {  // going home ends the session: Spanish and normal text again
        terminal.must("tap English");
        terminal.must("tap Large text");
    };
    auto right_edge_of = [](const nlohmann::json& shown, const std::string& text) {
        for (const auto& w : shown) {
            if (w["text"] == text) return w["x"].get<double>() + w["w"].get<double>();
        }
        return -1.0;
    };
    auto left_edge_of = [](const nlohmann::json& shown, const std::string& text) {
        for (const auto& w : shown) {
            if (w["text"] == text) return w["x"].get<double>();
        }
        return -1.0;
    };
    auto check_title = [&](const std::string& title, const std::string& screenshot) {
        terminal.must("wait_idle");
        auto shown = terminal.must("shown")["shown"];
        const double title_right = right_edge_of(shown, title);
        const double buttons_left = left_edge_of(shown, "Español");
        INFO(title);
        REQUIRE(title_right > 0);
        REQUIRE(buttons_left > 0);
        CHECK(title_right < buttons_left);
        for (const auto& w : shown) {  // and nothing pushed off the bottom of the screen
            INFO(w["text"].get<std::string>());
            CHECK(w["y"].get<double>() + w["h"].get<double>() <= 1080);
        }
        terminal.screenshot(screenshot);
    };
    english_large();
    terminal.must("tap Track a parcel or money order");
    check_title("Track a parcel or money order", "title_fits_tracking");
    terminal.must("tap Back to start");
    english_large();
    terminal.must("tap Take a queue ticket");
    check_title("Take a queue ticket", "title_fits_ticket");
    terminal.must("tap I have an appointment");
    check_title("Check in for your appointment", "title_fits_check_in");
}
