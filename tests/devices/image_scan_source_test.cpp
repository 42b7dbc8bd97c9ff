#include "devices/image_scan_source.h"

#include <doctest/doctest.h>

#include <thread>

#include "tests/devices/scan_test_files.h"

using namespace ventanilla;
using namespace ventanilla::testing;
using namespace std::chrono_literals;

namespace {

// Waits until the watch has completed `polls` more polls (or gives up after 10 s).
void wait_polls(const ImageFolderScanSource& source, std::uint64_t polls) {
    const auto target = source.polls_done() + polls;
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (source.polls_done() < target && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(5ms);
    REQUIRE(source.polls_done() >= target);
}

// Waits until `count` scans have arrived in all, returning them.
std::vector<Scan> wait_scans(ScanStream& stream, std::size_t count) {
    std::vector<Scan> all;
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (all.size() < count && std::chrono::steady_clock::now() < deadline) {
        for (auto& s : stream.take_all()) all.push_back(std::move(s));
        std::this_thread::sleep_for(5ms);
    }
    return all;
}

ImageFolderOptions fast_polling() {
    ImageFolderOptions options;
    options.poll_interval = 20ms;
    return options;
}

}  // namespace

TEST_CASE("scan image: PNG, JPEG and PGM load as grey pixels") {
    auto png = load_gray_image(sample_image("code128-1"));
    REQUIRE(png.ok());
    CHECK(png->width == 352);
    CHECK(png->pixels.size() == static_cast<std::size_t>(png->width) * png->height);

    auto jpeg = load_gray_image(sample_image("qrcode-2"));
    REQUIRE(jpeg.ok());
    CHECK(jpeg->width == 640);
    CHECK(jpeg->height == 360);

    // The PNG written again as a binary PGM reads back to the same pixels.
    ScratchDir dir;
    std::string pgm =
        "P5\n" + std::to_string(png->width) + " " + std::to_string(png->height) + "\n255\n";
    pgm.append(png->pixels.begin(), png->pixels.end());
    spill(dir / "code.pgm", pgm);
    auto again = load_gray_image(dir / "code.pgm");
    REQUIRE(again.ok());
    CHECK(again->pixels == png->pixels);
}

TEST_CASE("scan image: the technician's scan of one file") {
    auto codes = scan_image_file(sample_image("qrcode-1"));
    REQUIRE(codes.ok());
    REQUIRE(codes->size() == 1);
    CHECK(codes->front().text == "Envío RR123456785CU — Camagüey");
}

TEST_CASE("scan image: broken and missing files are errors, never a crash") {
    ScratchDir dir;
    const std::string png = slurp(sample_image("code128-1"));

    SUBCASE("truncated PNG") {
        spill(dir / "cut.png", png.substr(0, png.size() / 2));
        auto image = load_gray_image(dir / "cut.png");
        REQUIRE_FALSE(image.ok());
        CHECK(image.error().code == "image.not_an_image");
        CHECK(image.error().detail.find("cut.png") != std::string::npos);
    }
    SUBCASE("only the PNG header") {
        spill(dir / "head.png", png.substr(0, 33));
        CHECK(load_gray_image(dir / "head.png").error().code == "image.not_an_image");
    }
    SUBCASE("text named .png") {
        spill(dir / "notes.png", "Recibo de envío\n");
        CHECK(load_gray_image(dir / "notes.png").error().code == "image.not_an_image");
    }
    SUBCASE("empty file") {
        spill(dir / "empty.jpg", "");
        CHECK(load_gray_image(dir / "empty.jpg").error().code == "image.not_an_image");
    }
    SUBCASE("a PGM that claims to be enormous") {
        spill(dir / "huge.pgm", "P5\n100000 100000\n255\n\x01\x02");
        CHECK(load_gray_image(dir / "huge.pgm").error().code == "image.too_large");
    }
    SUBCASE("a PGM shorter than it says") {
        spill(dir / "short.pgm", "P5\n64 64\n255\n\x01\x02\x03");
        CHECK(load_gray_image(dir / "short.pgm").error().code == "image.not_an_image");
    }
    SUBCASE("missing") {
        CHECK(load_gray_image(dir / "nowhere.png").error().code == "image.not_found");
        CHECK(scan_image_file(dir / "nowhere.png").error().code == "image.not_found");
    }
    SUBCASE("a folder") {
        std::filesystem::create_directory(dir / "folder.png");
        CHECK(load_gray_image(dir / "folder.png").error().code == "image.unreadable");
    }
    SUBCASE("over the size limit") {
        ImageLoadOptions tiny;
        tiny.max_file_bytes = 100;
        CHECK(load_gray_image(sample_image("code128-1"), tiny).error().code == "image.too_large");
    }
}

TEST_CASE("scan image: which names a folder watch looks at") {
    CHECK(is_image_file_name("recibo.png"));
    CHECK(is_image_file_name("/tmp/x/RECIBO.JPG"));
    CHECK(is_image_file_name("a.jpeg"));
    CHECK(is_image_file_name("a.pgm"));
    CHECK_FALSE(is_image_file_name(".recibo.png"));  // a copy in progress, by convention
    CHECK_FALSE(is_image_file_name("recibo.png.part"));
    CHECK_FALSE(is_image_file_name("notas.txt"));
    CHECK_FALSE(is_image_file_name("png"));
}

TEST_CASE("scan image folder: each new image is scanned once, as an image scan") {
    ScratchDir dir;
    ScanStream stream;
    ImageFolderScanSource source(dir.path(), stream, fast_polling());
    wait_polls(source, 1);

    std::filesystem::copy_file(sample_image("code128-1"), dir / "a.png");
    auto scans = wait_scans(stream, 1);
    REQUIRE(scans.size() == 1);
    CHECK(scans[0].text == "RR123456785CU");
    CHECK(scans[0].source == "image");

    std::filesystem::copy_file(sample_image("datamatrix-1"), dir / "b.png");
    std::filesystem::copy_file(sample_image("qrcode-2"), dir / "c.jpg");
    scans = wait_scans(stream, 2);
    REQUIRE(scans.size() == 2);

    // Nothing new: more polls bring nothing more.
    wait_polls(source, 5);
    CHECK(stream.take_all().empty());
    CHECK(stream.take_errors().empty());
}

TEST_CASE("scan image folder: a broken image becomes an error on the stream") {
    ScratchDir dir;
    ScanStream stream;
    ImageFolderScanSource source(dir.path(), stream, fast_polling());
    wait_polls(source, 1);
    const std::string png = slurp(sample_image("code128-1"));
    spill(dir / "cut.png", png.substr(0, png.size() / 2));
    spill(dir / "readme.txt", "not looked at");

    std::vector<Error> errors;
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (errors.empty() && std::chrono::steady_clock::now() < deadline) {
        errors = stream.take_errors();
        std::this_thread::sleep_for(5ms);
    }
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "image.not_an_image");
    wait_polls(source, 3);
    CHECK(stream.take_errors().empty());  // reported once, not at every poll
    CHECK(stream.take_all().empty());
}

TEST_CASE("scan image folder: files already there are left alone unless asked") {
    ScratchDir dir;
    std::filesystem::copy_file(sample_image("code128-2"), dir / "old.png");
    {
        ScanStream stream;
        ImageFolderScanSource source(dir.path(), stream, fast_polling());
        wait_polls(source, 4);
        CHECK(stream.take_all().empty());
    }
    {
        ScanStream stream;
        ImageFolderOptions options = fast_polling();
        options.scan_existing_files = true;
        ImageFolderScanSource source(dir.path(), stream, options);
        auto scans = wait_scans(stream, 1);
        REQUIRE(scans.size() == 1);
        CHECK(scans[0].text == "7K3M-Q9XA");
    }
}

TEST_CASE("scan image folder: a folder that appears later is watched once it exists") {
    ScratchDir dir;
    ScanStream stream;
    ImageFolderScanSource source(dir / "later", stream, fast_polling());
    wait_polls(source, 2);
    std::filesystem::create_directory(dir / "later");
    wait_polls(source, 2);
    std::filesystem::copy_file(sample_image("code128-1"), dir / "later" / "a.png");
    auto scans = wait_scans(stream, 1);
    REQUIRE(scans.size() == 1);
    CHECK(scans[0].text == "RR123456785CU");
}

TEST_CASE("scan image: every cut of a PNG and a JPEG is an error or a picture, never a crash") {
    for (const char* sample : {"code128-1", "qrcode-2"}) {
        const std::string bytes = slurp(sample_image(sample));
        const std::size_t step = bytes.size() > 4000 ? 97 : 1;
        int errors = 0;
        for (std::size_t n = 0; n < bytes.size(); n += step) {
            auto image = decode_gray_image(reinterpret_cast<const std::uint8_t*>(bytes.data()), n);
            if (!image) {
                ++errors;
                continue;
            }
            // stb_image fills in what a cut JPEG lacks; the picture may simply hold no code.
            REQUIRE(image->pixels.size() == static_cast<std::size_t>(image->width) * image->height);
            CHECK(decode_barcodes(image->view()).ok());
        }
        CAPTURE(sample);
        CHECK(errors > 0);
    }
}
