#include "devices/barcode_decode.h"

#include <doctest/doctest.h>

#include <random>

#include "devices/image_scan_source.h"
#include "tests/devices/scan_test_files.h"

using namespace ventanilla;
using namespace ventanilla::testing;

namespace {

GrayImage load_sample(const std::string& sample) {
    auto image = load_gray_image(sample_image(sample));
    REQUIRE_MESSAGE(image.ok(), image.failure_text());
    return std::move(image).value();
}

GrayImage canvas(int width, int height, std::uint8_t grey) {
    return {width, height,
            std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height, grey)};
}

void paste(GrayImage& into, const GrayImage& what, int left, int top) {
    REQUIRE(left + what.width <= into.width);
    REQUIRE(top + what.height <= into.height);
    for (int y = 0; y < what.height; ++y)
        std::copy_n(what.pixels.begin() + static_cast<std::ptrdiff_t>(y) * what.width, what.width,
                    into.pixels.begin() + static_cast<std::ptrdiff_t>(top + y) * into.width + left);
}

std::string expected_format(const std::string& sample) {
    if (sample.starts_with("code128")) return "Code128";
    if (sample.starts_with("qrcode")) return "QRCode";
    if (sample.starts_with("datamatrix")) return "DataMatrix";
    return "?";
}

}  // namespace

TEST_CASE("scan decode: every golden sample decodes to its text and format") {
    int samples = 0;
    for (const auto& entry : std::filesystem::directory_iterator(barcode_samples_dir())) {
        if (!entry.is_directory()) continue;
        const std::string sample = entry.path().filename().string();
        CAPTURE(sample);
        const GrayImage image = load_sample(sample);
        auto codes = decode_barcodes(image.view());
        REQUIRE(codes.ok());
        REQUIRE(codes->size() == 1);
        CHECK(codes->front().text == slurp(entry.path() / "image.txt"));
        CHECK(codes->front().format == expected_format(sample));
        ++samples;
    }
    CHECK(samples >= 7);
}

TEST_CASE("scan decode: a frame without a code reports none") {
    SUBCASE("blank") {
        const GrayImage blank = canvas(1280, 720, 200);
        auto codes = decode_barcodes(blank.view());
        REQUIRE(codes.ok());
        CHECK(codes->empty());
    }
    SUBCASE("noise") {
        GrayImage noise = canvas(1280, 720, 0);
        std::mt19937 random(7);
        for (auto& p : noise.pixels) p = static_cast<std::uint8_t>(random() & 0xFF);
        auto codes = decode_barcodes(noise.view());
        REQUIRE(codes.ok());
        CHECK(codes->empty());
    }
    SUBCASE("random bars, the nearest thing to a Code128 that is not one") {
        GrayImage bars = canvas(1280, 720, 255);
        std::mt19937 random(11);
        for (int x = 100; x < 1180;) {
            const int width = 2 + static_cast<int>(random() % 8);
            for (int y = 200; y < 520; ++y)
                for (int i = 0; i < width && x + i < 1180; ++i)
                    bars.pixels[static_cast<std::size_t>(y) * 1280 + x + i] = 0;
            x += width + 2 + static_cast<int>(random() % 8);
        }
        auto codes = decode_barcodes(bars.view());
        REQUIRE(codes.ok());
        CHECK(codes->empty());
    }
}

TEST_CASE("scan decode: a code tilted 38 degrees needs the turned pass") {
    const GrayImage tilted = load_sample("code128-3");
    DecodeOptions plain_only;
    plain_only.passes = {DecodePass::quick, DecodePass::thorough};
    auto plain = decode_barcodes(tilted.view(), plain_only);
    REQUIRE(plain.ok());
    CHECK(plain->empty());

    auto all = decode_barcodes(tilted.view());
    REQUIRE(all.ok());
    REQUIRE(all->size() == 1);
    CHECK(all->front().text == "CP000000005CU");
}

TEST_CASE("scan decode: a view inside a wider buffer is read through its stride") {
    const GrayImage code = load_sample("code128-1");
    GrayImage wide = canvas(code.width + 300, code.height + 40, 0);  // black around it
    paste(wide, code, 200, 20);
    const GrayImageView view{wide.pixels.data() + 20 * wide.width + 200, code.width, code.height,
                             wide.width};
    auto codes = decode_barcodes(view);
    REQUIRE(codes.ok());
    REQUIRE(codes->size() == 1);
    CHECK(codes->front().text == "RR123456785CU");
}

TEST_CASE("scan decode: a malformed view is an error, not a crash") {
    const std::uint8_t pixel = 0;
    CHECK(decode_barcodes(GrayImageView{}).error().code == "barcode.invalid_image");
    CHECK(decode_barcodes({&pixel, 1, 1, 0}).error().code == "barcode.invalid_image");
    CHECK(decode_barcodes({&pixel, 0, 1, 1}).error().code == "barcode.invalid_image");
    CHECK(decode_barcodes({&pixel, 100000, 1, 100000}).error().code == "barcode.invalid_image");
}

TEST_CASE("scan decode: only the formats asked for are reported") {
    const GrayImage matrix = load_sample("datamatrix-1");
    DecodeOptions code128_only;
    code128_only.formats = {CodeFormat::code128};
    auto codes = decode_barcodes(matrix.view(), code128_only);
    REQUIRE(codes.ok());
    CHECK(codes->empty());
}

TEST_CASE("scan decode: several codes in one frame when asked for several") {
    const GrayImage linear = load_sample("code128-2");
    const GrayImage qr = load_sample("qrcode-1");
    GrayImage frame = canvas(1280, 720, 255);
    paste(frame, linear, 80, 200);
    paste(frame, qr, 900, 200);

    auto one = decode_barcodes(frame.view());
    REQUIRE(one.ok());
    CHECK(one->size() == 1);

    DecodeOptions several;
    several.max_codes = 4;
    auto both = decode_barcodes(frame.view(), several);
    REQUIRE(both.ok());
    REQUIRE(both->size() == 2);
    std::vector<std::string> formats{both->at(0).format, both->at(1).format};
    std::sort(formats.begin(), formats.end());
    CHECK(formats == std::vector<std::string>{"Code128", "QRCode"});
}

// ZXing 1.4 aborts on a failed assert when, gathering several symbols, it compares a
// linear code with a copy of itself. The decoder must never let it get there.
TEST_CASE("scan decode: the same label twice in a frame is read without aborting") {
    const GrayImage linear = load_sample("code128-1");
    GrayImage frame = canvas(1280, 720, 255);
    paste(frame, linear, 100, 100);
    paste(frame, linear, 100, 400);
    paste(frame, linear, 700, 250);
    DecodeOptions several;
    several.max_codes = 4;
    auto codes = decode_barcodes(frame.view(), several);
    REQUIRE(codes.ok());
    REQUIRE(codes->size() == 1);
    CHECK(codes->front().text == "RR123456785CU");
}
