// Every scanner feeds the one stream the keyboard wedge does: a code from a serial scanner, a
// camera or an image dropped in a folder opens tracking on the real terminal like a wedge scan.
#include <doctest/doctest.h>

#include <filesystem>
#include <thread>

#include "tests/devices/scan_test_files.h"
#include "tests/fakes/fake_serial_scanner.h"
#include "tests/support/terminal.h"

using namespace ventanilla;
using namespace ventanilla::testing;
namespace fs = std::filesystem;

namespace {

// Waits for the terminal to be looking up or showing `item`, opened by a scan.
bool opened_tracking_for(Result<Terminal>& terminal, const std::string& item) {
    return wait_until([&] {
        auto state = terminal->state();
        return state["screen"] == "track" && state["tracking_item"] == item;
    }, 15s, 100ms);
}

}  // namespace

TEST_CASE("a serial scanner's code opens tracking, its garbage is refused with a message") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    TempDir dir;
    std::string port = dir.file("ttyScanner");
    FakeSerialScanner scanner(port);
    TerminalOptions options;
    options.config = {{"scanner", {{"source", "serial"}, {"serial_device", port}, {"baud_rate", 9600}}}};
    auto terminal = Terminal::start(*display, options);
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
    CHECK(terminal->state()["scanner"] == "serial " + port);

    scanner.type("RR123456785CU\r\n");
    REQUIRE(opened_tracking_for(terminal, "RR123456785CU"));
    CHECK(terminal->state()["scan_routes"].back() == "tracking");

    // A serial line can carry bytes no keyboard types: refused, said, nothing opened.
    scanner.type("RR12\x1b[3~\xff\xfe" "456\r\n");
    REQUIRE(wait_until([&] { return terminal->state()["scan_routes"].size() == 2; }, 10s, 50ms));
    auto state = terminal->state();
    CHECK(state["scan_routes"].back() == "refused");
    CHECK_FALSE(state["notice"].get<std::string>().empty());
    CHECK(state["tracking_item"] == "RR123456785CU");
}

TEST_CASE("an image dropped in the scan folder is read like a scan") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    TempDir dir;
    std::string folder = dir.file("scans");
    fs::create_directories(folder);
    TerminalOptions options;
    options.config = {{"scanner", {{"source", "image_folder"}, {"image_folder", folder}}}};
    auto terminal = Terminal::start(*display, options);
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());

    fs::copy_file(sample_image("code128-1"), fs::path(folder) / "receipt.png");  // RR123456785CU
    REQUIRE(opened_tracking_for(terminal, "RR123456785CU"));
}

TEST_CASE("the camera: a live preview on the tracking screen, and a code held up to it is scanned") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    TempDir dir;

    SUBCASE("nothing in view: the citizen sees what the camera sees") {
        std::string frames = dir.file("empty-view");
        fs::create_directories(frames);
        // A counter with no receipt held up: light from one side, no code anywhere.
        GrayImage view = camera_frame("");
        for (int y = 0; y < view.height; ++y) {
            for (int x = 0; x < view.width; ++x) {
                view.pixels[static_cast<std::size_t>(y * view.width + x)] =
                    static_cast<std::uint8_t>(60 + 150 * x / view.width);
            }
        }
        write_pgm(fs::path(frames) / "frame.pgm", view);

        TerminalOptions options;
        options.config = {{"scanner", {{"source", "camera"}, {"camera_device", "replay:" + frames}}}};
        auto terminal = Terminal::start(*display, options);
        REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
        CHECK(terminal->state()["camera_preview_uploads"] == 0);  // not on the home screen

        terminal->must("tap Seguir un envío o giro");
        REQUIRE(wait_until([&] { return terminal->state()["camera_preview_uploads"] >= 3; }, 10s, 100ms));
        CHECK(terminal->shows("O acerque el código de barras a la cámara:"));
        CHECK(terminal->shows("camera_preview"));
        CHECK(terminal->state()["scans"].empty());
        terminal->screenshot("tracking_camera_preview");

        // Leaving the screen stops the uploads: the camera costs nothing on other screens.
        terminal->must("tap Volver al inicio");
        terminal->must("wait_idle");
        auto uploads = terminal->state()["camera_preview_uploads"].get<int>();
        std::this_thread::sleep_for(500ms);
        CHECK(terminal->state()["camera_preview_uploads"] == uploads);
    }

    SUBCASE("a receipt held up to the camera opens its tracking once") {
        std::string frames = dir.file("receipt-view");
        fs::create_directories(frames);
        write_pgm(fs::path(frames) / "receipt.pgm", camera_frame("code128-1"));  // RR123456785CU
        TerminalOptions options;
        options.config = {{"scanner", {{"source", "camera"}, {"camera_device", "replay:" + frames}}}};
        auto terminal = Terminal::start(*display, options);
        REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
        REQUIRE(opened_tracking_for(terminal, "RR123456785CU"));
        // Held in view for a while, it is still one scan.
        std::this_thread::sleep_for(1s);
        CHECK(terminal->state()["scans"].size() == 1);
    }
}

TEST_CASE("a camera that is not there: the terminal runs, the technician is told") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    TerminalOptions options;
    options.config = {{"scanner", {{"source", "camera"}, {"camera_device", "/dev/video-none"}}}};
    auto terminal = Terminal::start(*display, options);
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
    REQUIRE(wait_until([&] { return !terminal->state()["scanner_problems"].empty(); }, 10s, 100ms));
    CHECK(terminal->state()["scanner_problems"][0] == "camera.not_found");
    terminal->must("scan RR123456785CU");  // the keyboard wedge still works
    CHECK(terminal->state()["tracking_item"] == "RR123456785CU");
}
