// Raw ESC/POS: the receipt's own PDF page rendered at 203 dpi and sent as raster bands with a
// cut. The bytes are read back as a printer would and its codes decoded off that raster.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>

#include "devices/barcode_decode.h"
#include "devices/escpos_printer.h"
#include "devices/print_worker.h"
#include "devices/receipt_pdf.h"
#include "tests/devices/receipt_samples.h"
#include "tests/support/cups_server.h"
#include "tests/support/process.h"

using namespace ventanilla;
using ventanilla::testing::TempDir;
using namespace std::chrono_literals;

namespace {

// The job's bytes back into dots, as a printer reads them; fails the test on any command
// other than the ones a receipt needs.
MonoRaster read_job(const std::string& bytes, int expected_width_bytes) {
    MonoRaster raster;
    REQUIRE(bytes.rfind("\x1b@", 0) == 0);  // ESC @ first
    std::size_t at = 2;
    while (at < bytes.size() && bytes.compare(at, 4, std::string("\x1dv0\x00", 4)) == 0) {
        auto byte = [&](std::size_t i) { return static_cast<unsigned char>(bytes[at + i]); };
        int width_bytes = byte(4) | (byte(5) << 8);
        int rows = byte(6) | (byte(7) << 8);
        REQUIRE(width_bytes == expected_width_bytes);
        REQUIRE(rows >= 1);
        REQUIRE(rows <= 256);
        raster.width_dots = width_bytes * 8;
        raster.height_dots += rows;
        raster.rows.insert(raster.rows.end(), bytes.begin() + static_cast<std::ptrdiff_t>(at + 8),
                           bytes.begin() + static_cast<std::ptrdiff_t>(at + 8 + static_cast<std::size_t>(width_bytes * rows)));
        at += 8 + static_cast<std::size_t>(width_bytes * rows);
    }
    REQUIRE(bytes.compare(at, 2, "\x1b" "d") == 0);  // feed
    at += 3;
    REQUIRE(bytes.compare(at, 4, std::string("\x1dV\x42\x00", 4)) == 0);  // partial cut
    CHECK(at + 4 == bytes.size());
    return raster;
}

GrayImage to_image(const MonoRaster& raster) {
    GrayImage image;
    image.width = raster.width_dots;
    image.height = raster.height_dots;
    image.pixels.resize(static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height));
    for (int y = 0; y < image.height; ++y) {
        for (int x = 0; x < image.width; ++x) {
            image.pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width) + static_cast<std::size_t>(x)] =
                raster.black(x, y) ? 0 : 255;
        }
    }
    return image;
}

}  // namespace

TEST_CASE("escpos: a receipt goes out as raster bands 576 dots wide and a cut, and its codes read back off the dots") {
    auto pdf = render_receipt_pdf(testing::sample_tracking_receipt());
    REQUIRE(pdf.ok());
    TempDir dir;
    EscposPrinter printer({.device = dir.file("lp0")});
    auto job = printer.print(pdf.value(), {});
    REQUIRE_MESSAGE(job.ok(), job.failure_text());
    CHECK(job->state == PrintJobState::completed);
    CHECK(printer.job(job->id)->state == PrintJobState::completed);
    CHECK(printer.job("nope").error().code == "printer.unknown_job");

    std::ifstream in(dir.file("lp0"), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    MonoRaster raster = read_job(bytes, 72);
    CHECK(raster.width_dots == 576);
    CHECK(raster.height_dots > 800);  // an 80 mm receipt of some length, whole

    GrayImage image = to_image(raster);
    std::filesystem::create_directories(std::filesystem::path(VENTANILLA_ARTIFACTS_DIR) / "receipts");
    std::ofstream pgm(std::filesystem::path(VENTANILLA_ARTIFACTS_DIR) / "receipts" / "escpos_raster.pgm", std::ios::binary);
    pgm << "P5\n" << image.width << " " << image.height << "\n255\n";
    pgm.write(reinterpret_cast<const char*>(image.pixels.data()), static_cast<std::streamsize>(image.pixels.size()));
    pgm.close();
    DecodeOptions both;
    both.max_codes = 2;
    auto codes = decode_barcodes(image.view(), both);
    REQUIRE(codes.ok());
    std::vector<std::string> texts;
    for (const auto& code : *codes) texts.push_back(code.text);
    CHECK(std::find(texts.begin(), texts.end(), "RR123456785CU") != texts.end());
    CHECK(std::find(texts.begin(), texts.end(), "https://correos.cu/s/RR123456785CU") != texts.end());
}

TEST_CASE("escpos: 58 mm paper is 384 dots, two copies are two cuts, and a printer that is gone says so") {
    ReceiptOptions narrow;
    narrow.paper_width_mm = 58;
    auto pdf = render_receipt_pdf(testing::sample_tracking_receipt(), narrow);
    REQUIRE_MESSAGE(pdf.ok(), pdf.failure_text());
    TempDir dir;
    PrinterConfig config;
    config.backend = PrinterBackend::escpos;
    config.escpos_device = dir.file("lp0");
    config.paper_width_mm = 58;
    auto printer = make_printer(config);
    REQUIRE(printer.ok());
    CHECK((*printer)->name() == "escpos:" + dir.file("lp0"));
    REQUIRE((*printer)->print(pdf.value(), {.copies = 2}).ok());
    std::ifstream in(dir.file("lp0"), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    std::size_t half = bytes.size() / 2;
    CHECK(bytes.substr(0, half) == bytes.substr(half));
    read_job(bytes.substr(0, half), 48);

    EscposPrinter unplugged({.device = dir.file("usb/lp0")});
    auto failed = unplugged.print(pdf.value(), {});
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().code == "printer.unavailable");
    CHECK(unplugged.print("not a pdf", {}).error().code == "printer.invalid_request");
}

TEST_CASE("escpos: through a CUPS raw queue the printer gets the same commands, and the job is followed to its end") {
    auto cups = testing::CupsServer::start();
    REQUIRE_MESSAGE(cups.ok(), cups.failure_text());
    testing::UsingCupsServer using_cups(*cups);
    auto pdf = render_receipt_pdf(testing::sample_tracking_receipt());
    REQUIRE(pdf.ok());
    PrinterConfig config;
    config.backend = PrinterBackend::escpos;
    config.escpos_device = "cups:receipts";
    auto printer = make_printer(config);
    REQUIRE(printer.ok());
    CHECK((*printer)->name() == "escpos:cups:receipts");
    auto job = (*printer)->print(pdf.value(), {.title = "seguimiento"});
    REQUIRE_MESSAGE(job.ok(), job.failure_text());
    REQUIRE(testing::wait_until([&] { return (*printer)->job(job->id)->state == PrintJobState::completed; }, 15s, 100ms));
    CHECK((*printer)->health().condition == PrinterCondition::ready);
    std::ifstream in(cups->output_dir() + "/" + job->id + ".pdf", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    MonoRaster raster = read_job(bytes, 72);  // ESC @, GS v 0 bands, ESC d, GS V: nothing else
    CHECK(raster.height_dots > 800);

    EscposPrinter unplugged({.device = "cups:no-such-queue"});
    CHECK(unplugged.health().condition == PrinterCondition::offline);
    CHECK(unplugged.print(pdf.value(), {}).error().code == "printer.unavailable");
}

TEST_CASE("escpos: a device that is not there is offline, one that is writable ready") {
    TempDir dir;
    EscposPrinter gone({.device = dir.file("usb/lp0")});
    PrinterHealth health = gone.health();
    CHECK(health.condition == PrinterCondition::offline);
    CHECK(health.detail.find("usb/lp0") != std::string::npos);
    std::ofstream(dir.file("lp0")) << "";
    CHECK(EscposPrinter({.device = dir.file("lp0")}).health().condition == PrinterCondition::ready);
}
