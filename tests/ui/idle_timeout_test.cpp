// The idle timeout on the real binary: "¿Necesita más tiempo?", one tap to extend, and the
// citizen's input wiped from the screen when the countdown runs out.
#include <doctest/doctest.h>

#include "tests/support/terminal.h"

using namespace ventanilla::testing;

TEST_CASE("after the idle timeout the kiosk asks, one tap extends, and the countdown wipes") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    TerminalOptions options;
    options.config = {{"idle_timeout_s", 60}, {"idle_countdown_s", 30}};
    auto terminal = Terminal::start(*display, options);
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());

    terminal->must("tap Seguir un envío o giro");
    REQUIRE(terminal->state()["screen"] == "track");
    auto field = terminal->centre_of("Número del envío, p. ej. RR123456785CU");
    REQUIRE(field.has_value());
    terminal->must("tap_at " + std::to_string(field->first) + " " + std::to_string(field->second));
    terminal->must("type María Pérez");
    CHECK(terminal->state()["typed_text"] == "María Pérez");

    auto state = terminal->must("clock_advance 61");
    CHECK(state["idle_phase"] == "asking");
    CHECK(terminal->shows("¿Necesita más tiempo?"));
    CHECK(state["countdown_left_s"].get<int>() >= 20);
    terminal->screenshot("idle_prompt");

    terminal->must("tap Sí, necesito más tiempo");
    state = terminal->state();
    CHECK(state["idle_phase"] == "active");
    CHECK(state["screen"] == "track");
    CHECK(state["typed_text"] == "María Pérez");

    terminal->must("clock_advance 61");
    CHECK(terminal->state()["idle_phase"] == "asking");
    state = terminal->must("clock_advance 31");
    CHECK(state["screen"] == "home");
    CHECK(state["typed_text"] == "");
    CHECK(state["sessions_timed_out"] == 1);
    CHECK(state["language"] == "es");
    for (const auto& text : terminal->texts()) CHECK(text.find("María") == std::string::npos);
    terminal->screenshot("idle_wiped_home");
}

TEST_CASE("a tap on the dimmed screen around the question also gives more time, and presses nothing under it") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    auto terminal = Terminal::start(*display);
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
    terminal->must("tap Tomar un turno");
    auto back = terminal->centre_of("Volver al inicio");
    REQUIRE(back.has_value());
    terminal->must("clock_advance 61");
    REQUIRE(terminal->state()["idle_phase"] == "asking");
    // Right where "Volver al inicio" is drawn under the dimmed layer.
    terminal->must("tap_at " + std::to_string(back->first) + " " + std::to_string(back->second));
    auto state = terminal->state();
    CHECK(state["idle_phase"] == "active");
    CHECK(state["screen"] == "ticket");
}

TEST_CASE("a counter or a waiting-hall display never asks for more time: the idle timeout is the citizen's") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    for (const char* role : {"counter", "display"}) {
        CAPTURE(role);
        TerminalOptions options;
        options.config = {{"role", role}, {"idle_timeout_s", 60}, {"idle_countdown_s", 30}};
        auto terminal = Terminal::start(*display, options);
        REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
        auto state = terminal->must("clock_advance 200");
        CHECK(state["role"] == role);
        CHECK(state["idle_phase"] == "active");
        CHECK(state["sessions_timed_out"] == 0);
        CHECK_FALSE(terminal->shows("¿Necesita más tiempo?"));
        terminal->must("quit");
    }
}
