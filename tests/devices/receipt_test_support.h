// For the receipt tests (the shipped texts are in tests/support/fixed_values.h): a rendered receipt read back as text, and its
// codes read back off paper as the printer would print it.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "devices/image_scan_source.h"
#include "devices/receipt_pdf.h"
#include "kiosk/i18n.h"
#include "tests/support/fixed_values.h"
#include "tests/support/process.h"

namespace ventanilla::testing {

// Renders `doc`, keeps the PDF in build/test-artifacts/receipts/<name> for people to open,
// and returns its bytes and its text (pdftotext) with every run of white space one space:
// lines wrap on paper.
inline std::pair<std::string, std::string> render_and_read(const ReceiptDocument& doc,
                                                           const std::string& name) {
    auto pdf = render_receipt_pdf(doc);
    REQUIRE_MESSAGE(pdf.ok(), pdf.failure_text());
    std::filesystem::path dir = std::filesystem::path(VENTANILLA_ARTIFACTS_DIR) / "receipts";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / name, std::ios::binary) << pdf.value();
    auto text = pdf_text((dir / name).string());
    REQUIRE(text.has_value());
    return {pdf.value(), std::regex_replace(*text, std::regex("\\s+"), " ")};
}

// The codes on a rendered receipt, rasterised at a thermal printer's 203 dpi and read by the
// decoder the kiosk's camera uses.
inline std::vector<DecodedCode> codes_on_paper(const ReceiptDocument& doc) {
    auto pdf = render_receipt_pdf(doc);
    REQUIRE_MESSAGE(pdf.ok(), pdf.failure_text());
    TempDir dir;
    std::ofstream(dir.file("r.pdf"), std::ios::binary) << pdf.value();
    auto raster = run_program({"pdftoppm", "-r", "203", "-gray", "-png", "-singlefile", dir.file("r.pdf"),
                               dir.file("r")});
    REQUIRE(raster.has_value());
    REQUIRE(raster->exit_code == 0);
    auto codes = scan_image_file(dir.file("r.png"));
    REQUIRE_MESSAGE(codes.ok(), codes.failure_text());
    return codes.value();
}

}  // namespace ventanilla::testing
