// The configured scanner started from its settings, and the replay camera it can be.
#include "devices/scanners.h"

#include <doctest/doctest.h>

#include <thread>

#include "devices/replay_camera.h"
#include "tests/devices/scan_test_files.h"
#include "tests/support/process.h"

using namespace ventanilla;
using namespace ventanilla::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

TEST_CASE("replay camera: the folder's images in name order, in a loop, at its pace") {
    ScratchDir dir;
    write_pgm(dir / "b.pgm", camera_frame("code128-1", 1280, 720));
    write_pgm(dir / "a.pgm", camera_frame("", 640, 480));
    spill(dir / "notes.txt", "not an image");
    auto camera = open_replay_camera(dir.path(), 20ms);
    REQUIRE_MESSAGE(camera.ok(), camera.failure_text());
    GrayImage frame;
    std::vector<int> widths;
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 4; ++i) {
        REQUIRE((*camera)->next_frame(frame, 1s).ok());
        widths.push_back(frame.width);
    }
    CHECK(widths == std::vector<int>{640, 1280, 640, 1280});
    CHECK(std::chrono::steady_clock::now() - start >= 55ms);  // 3 intervals after the first
    // A wait shorter than the pace times out instead of blocking past it.
    auto timed = (*camera)->next_frame(frame, 1ms);
    if (!timed) CHECK(timed.error().code == "camera.timeout");
}

TEST_CASE("replay camera: a missing or empty folder is camera.not_found naming it") {
    ScratchDir dir;
    auto empty = open_replay_camera(dir.path());
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().code == "camera.not_found");
    CHECK(empty.error().detail == "replay:" + dir.path().string());
    CHECK(open_replay_camera(dir / "missing").error().code == "camera.not_found");
    spill(dir / "broken.png", "not really a png");
    CHECK(open_replay_camera(dir.path()).error().code.starts_with("image."));
}

TEST_CASE("scanners: the camera source decodes, previews, and says once that a device is missing") {
    ScratchDir dir;
    write_pgm(dir / "view.pgm", camera_frame("code128-1"));
    ScannerConfig config;
    config.source = ScannerSource::camera;
    config.camera_device = "replay:" + dir.path().string();
    ScanStream stream;
    {
        Scanners scanners(config, stream);
        REQUIRE(scanners.camera() != nullptr);
        CHECK(scanners.description() == "camera " + config.camera_device);
        std::vector<Scan> scans;
        REQUIRE(wait_until([&] {
            for (auto& s : stream.take_all()) scans.push_back(std::move(s));
            return !scans.empty();
        }, 10s));
        CHECK(scans[0].text == "RR123456785CU");
        CHECK(scans[0].source == "camera");
        GrayImage preview;
        std::uint64_t generation = 0;
        CHECK(scanners.camera()->copy_preview_if_newer(preview, generation));
        CHECK(preview.width <= 640);
        CHECK(preview.width > 0);
    }

    config.camera_device = (dir / "no-such-camera").string();
    {
        Scanners scanners(config, stream);
        std::vector<Error> errors;
        REQUIRE(wait_until([&] {
            for (auto& e : stream.take_errors()) errors.push_back(std::move(e));
            return !errors.empty();
        }, 10s));
        std::this_thread::sleep_for(2500ms);  // two more tries to open it
        for (auto& e : stream.take_errors()) errors.push_back(std::move(e));
        CHECK(errors.size() == 1);  // once per episode, not once per retry
        CHECK(errors[0].code == "camera.not_found");
    }
}

TEST_CASE("scanners: the keyboard wedge needs no device, the image folder is watched") {
    ScanStream stream;
    {
        Scanners wedge(ScannerConfig{}, stream);
        CHECK(wedge.description() == "keyboard_wedge");
        CHECK(wedge.camera() == nullptr);
    }
    ScratchDir dir;
    ScannerConfig config;
    config.source = ScannerSource::image_folder;
    config.image_folder = dir.path().string();
    Scanners scanners(config, stream);
    // Files already there when the watch starts are not scans: let it look once first.
    std::this_thread::sleep_for(600ms);
    fs::copy_file(sample_image("code128-1"), dir / "receipt.png");
    std::vector<Scan> scans;
    REQUIRE(wait_until([&] {
        for (auto& s : stream.take_all()) scans.push_back(std::move(s));
        return !scans.empty();
    }, 10s));
    CHECK(scans[0].text == "RR123456785CU");
    CHECK(scans[0].source == "image");
}
