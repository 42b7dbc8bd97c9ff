// What the terminal does when something it starts with is broken: a clear message, and
// either a running program a technician can read or a clean exit. Nothing is wiped.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/terminal.h"

using namespace ventanilla::testing;

TEST_CASE("a config file with a wrong value: the key and the reason on screen, defaults in use") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    TerminalOptions options;
    options.raw_config_text = R"({"role": "kiosk", "idle_timeout_s": 5, "colour": "red"})";
    auto terminal = Terminal::start(*display, options);
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());

    auto state = terminal->state();
    CHECK(state["screen"] == "problems");
    CHECK(state["config_source"] == "defaults");
    CHECK(terminal->shows("Esta terminal necesita un técnico"));
    CHECK(terminal->shows("idle_timeout_s"));
    CHECK(terminal->shows("colour"));
    CHECK(terminal->shows("valores por defecto"));
    CHECK(terminal->log().find("idle_timeout_s") != std::string::npos);
    terminal->screenshot("problems_bad_config");

    terminal->must("tap Continuar");
    CHECK(terminal->state()["screen"] == "home");
}

TEST_CASE("a broken config file with a last good copy: the terminal runs on the last good one") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    TerminalOptions options;
    options.raw_config_text = R"({"role": "kiosk", "language": "es",)";  // cut off mid-write
    options.last_good_text = R"({"role": "kiosk", "language": "en", "data_dir": "data"})";
    auto terminal = Terminal::start(*display, options);
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
    auto state = terminal->state();
    CHECK(state["config_source"] == "last_good");
    CHECK(state["language"] == "en");
    CHECK(terminal->shows("last valid configuration"));
    terminal->must("tap Continue");
    CHECK(terminal->shows("Welcome"));
}

TEST_CASE("a corrupt local database is reported, never wiped, and the kiosk does not serve") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    TempDir data("ventanilla-baddb-");
    std::string garbage(8192, '\0');
    for (size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>((i * 7919) % 251);
    std::string db = data.file("terminal.db");
    std::ofstream(db, std::ios::binary) << garbage;

    TerminalOptions options;
    options.config = {{"data_dir", data.path()}};
    auto terminal = Terminal::start(*display, options);
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
    auto state = terminal->state();
    CHECK(state["screen"] == "problems");
    CHECK(terminal->shows("base de datos"));
    CHECK_FALSE(terminal->centre_of("Continuar").has_value());
    terminal->screenshot("problems_corrupt_db");
    terminal->must("quit");
    REQUIRE(terminal->process().wait_exit(10s).has_value());
    CHECK(read_file(db).value_or("") == garbage);
}

TEST_CASE("a missing font file ends the program cleanly with a message that says what to do") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    TempDir dir;
    std::ofstream(dir.file("t.json")) << R"({"data_dir": ")" + dir.file("data") + R"("})";
    auto result = run_terminal_to_exit({"--config", dir.file("t.json"), "--font", "/nonexistent/font.ttf"},
                                       {{"DISPLAY", display->name()}}, 20s);
    REQUIRE(result.has_value());
    CHECK(result->exit_code == 3);
    CHECK(result->output.find("/nonexistent/font.ttf") != std::string::npos);
    CHECK(result->output.find("fonts-dejavu-core") != std::string::npos);
}

TEST_CASE("without a display the program says how to run it under Xvfb, and exits cleanly") {
    TempDir dir;
    std::ofstream(dir.file("t.json")) << R"({"data_dir": ")" + dir.file("data") + R"("})";
    auto result = run_terminal_to_exit({"--config", dir.file("t.json")},
                                       {{"DISPLAY", ""}, {"WAYLAND_DISPLAY", ""}}, 20s);
    REQUIRE(result.has_value());
    CHECK(result->exit_code == 4);
    CHECK(result->output.find("xvfb-run") != std::string::npos);
}

TEST_CASE("the window's OpenGL context has no depth or stencil buffer: ImGui uses neither") {
    // Xvfb's configurations for the window's (default) visual all carry both; the terminal
    // takes one of the same pixel format without them. Each would be one more full-screen
    // buffer for the software renderer (8 MB of memory at 1080p).
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    auto terminal = Terminal::start(*display);
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
    CHECK(terminal->shows("Bienvenido"));
    std::string log = terminal->log();
    CHECK(log.find("GLX configuration") != std::string::npos);
    CHECK(log.find("depth 0, stencil 0") != std::string::npos);
}

TEST_CASE("a display without OpenGL (no GLX) ends the program cleanly with a message that says so") {
    auto display = VirtualDisplay::start(1920, 1080, {"-extension", "GLX"});
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    TempDir dir;
    std::ofstream(dir.file("t.json")) << R"({"data_dir": ")" + dir.file("data") + R"("})";
    auto result = run_terminal_to_exit({"--config", dir.file("t.json")}, {{"DISPLAY", display->name()}}, 20s);
    REQUIRE(result.has_value());
    CHECK(result->exit_code == 4);
    CHECK(result->output.find("cannot draw with OpenGL 3.3 on this display") != std::string::npos);
    CHECK(result->output.find("no GLX") != std::string::npos);
    CHECK(result->output.find("first frame") == std::string::npos);
}
