#include "devices/camera_scan_source.h"

#include <doctest/doctest.h>

#include <thread>

#include "devices/camera_v4l2.h"
#include "tests/devices/scan_test_files.h"
#include "tests/fakes/fake_camera.h"

using namespace ventanilla;
using namespace ventanilla::testing;
using namespace std::chrono_literals;

namespace {

template <typename Predicate>
bool wait_for(Predicate done, std::chrono::milliseconds limit = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(2ms);
    }
    return true;
}

}  // namespace

TEST_CASE("scan camera: opening a missing camera is camera.not_found") {
    V4l2CameraOptions options;
    options.device = "/dev/video-ventanilla-missing";
    auto camera = open_v4l2_camera(options);
    REQUIRE_FALSE(camera.ok());
    CHECK(camera.error().code == "camera.not_found");
    CHECK(camera.error().detail == "/dev/video-ventanilla-missing");
}

TEST_CASE("scan camera: a device that is not a V4L2 camera is said so") {
    V4l2CameraOptions options;
    options.device = "/dev/null";
    CHECK(open_v4l2_camera(options).error().code == "camera.not_a_camera");
    ScratchDir dir;
    spill(dir / "video0", "");
    options.device = (dir / "video0").string();
    CHECK(open_v4l2_camera(options).error().code == "camera.not_a_camera");
}

TEST_CASE("scan camera: YUYV gives its Y bytes, row padding skipped") {
    // 2x2 pixels, rows of 4 YUYV bytes padded to 6.
    const std::uint8_t yuyv[] = {10, 128, 20, 128, 0xEE, 0xEE, 30, 128, 40, 128, 0xEE, 0xEE};
    GrayImage out;
    yuyv_to_gray(yuyv, 2, 2, 6, out);
    CHECK(out.width == 2);
    CHECK(out.height == 2);
    CHECK(out.pixels == std::vector<std::uint8_t>{10, 20, 30, 40});
}

TEST_CASE("scan camera: the preview is downscaled by a whole factor, each pixel a mean") {
    GrayImage in{4, 2, {0, 2, 10, 10, 4, 6, 20, 20}};
    GrayImage out;
    downscale_for_preview(in.view(), 2, out);
    CHECK(out.width == 2);
    CHECK(out.height == 1);
    CHECK(out.pixels == std::vector<std::uint8_t>{3, 15});
    downscale_for_preview(in.view(), 640, out);
    CHECK(out.pixels == in.pixels);
}

TEST_CASE("scan camera: a code held in front of the camera is one scan") {
    auto camera = std::make_unique<FakeCamera>(std::vector{camera_frame("code128-1")}, 33ms);
    auto served = camera->counters();
    ScanStream stream;
    CameraScanSource source(std::move(camera), stream);
    std::vector<Scan> scans;
    REQUIRE(wait_for([&] {
        for (auto& s : stream.take_all()) scans.push_back(std::move(s));
        return !scans.empty() && served->served >= 30;  // about a second of frames
    }));
    for (auto& s : stream.take_all()) scans.push_back(std::move(s));
    REQUIRE(scans.size() == 1);
    CHECK(scans[0].text == "RR123456785CU");
    CHECK(scans[0].source == "camera");
    CHECK(source.stats().decoded > 1);  // it was seen again and again, and pushed once
}

TEST_CASE("scan camera: frames the decoder cannot take are dropped, not queued") {
    // 500 frames a second, with and without a code; at most 10 decodes a second.
    std::vector<GrayImage> frames{camera_frame("qrcode-1"), camera_frame("")};
    auto camera = std::make_unique<FakeCamera>(frames, 2ms);
    auto served = camera->counters();
    ScanStream stream;
    CameraScanOptions options;
    options.max_decodes_per_s = 10;
    const auto start = std::chrono::steady_clock::now();
    CameraScanSource source(std::move(camera), stream, options);
    REQUIRE(wait_for([&] { return served->served >= 200; }));
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const CameraScanStats stats = source.stats();
    CHECK(stats.frames + 1 >= 200);
    CHECK(stats.decoded >= 1);
    CHECK(static_cast<double>(stats.decoded) <= seconds * 10 + 1);
    CHECK(stats.frames - stats.decoded - stats.dropped <= 1);  // one may be on its way
    CHECK(stats.dropped >= stats.frames / 2);
}

TEST_CASE("scan camera: the latest preview is there for the UI, once per new frame") {
    auto camera = std::make_unique<FakeCamera>(std::vector{camera_frame("")}, 1ms, false);
    ScanStream stream;
    CameraScanSource source(std::move(camera), stream);
    GrayImage preview;
    std::uint64_t generation = 0;
    REQUIRE(wait_for([&] { return source.stats().frames == 1; }));
    REQUIRE(wait_for([&] { return source.copy_preview_if_newer(preview, generation); }));
    CHECK(preview.width == 640);
    CHECK(preview.height == 360);
    CHECK(generation == 1);
    CHECK_FALSE(source.copy_preview_if_newer(preview, generation));  // nothing newer
    CHECK(stream.take_all().empty());  // a frame without a code is no scan
}

TEST_CASE("scan camera: a camera that goes away is an error on the stream, once") {
    auto camera = std::make_unique<FakeCamera>(std::vector{camera_frame("")}, 1ms);
    camera->fail_after(3);
    ScanStream stream;
    CameraScanOptions options;
    options.retry_after_error = 10ms;
    CameraScanSource source(std::move(camera), stream, options);
    std::vector<Error> errors;
    REQUIRE(wait_for([&] {
        for (auto& e : stream.take_errors()) errors.push_back(std::move(e));
        return !errors.empty();
    }));
    std::this_thread::sleep_for(100ms);  // it keeps failing
    for (auto& e : stream.take_errors()) errors.push_back(std::move(e));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "camera.disconnected");
    CHECK(source.stats().frames == 3);
}

TEST_CASE("scan camera: a tilted code is found within a few frames by the passes taken in turn") {
    // A 640x360 camera; the sample is a whole frame, its code tilted 38°.
    auto tilted = load_gray_image(sample_image("code128-3"));
    REQUIRE(tilted.ok());
    auto camera = std::make_unique<FakeCamera>(std::vector{tilted.value()}, 10ms);
    ScanStream stream;
    CameraScanSource source(std::move(camera), stream);
    std::vector<Scan> scans;
    REQUIRE(wait_for([&] {
        for (auto& s : stream.take_all()) scans.push_back(std::move(s));
        return !scans.empty();
    }));
    CHECK(scans[0].text == "CP000000005CU");
    // Cheap passes and turned_30 on the first frame, turned_330 (the one that reads it) on the
    // second; a few more may be handed over before the scan is taken.
    CHECK(source.stats().decoded <= 6);
}
