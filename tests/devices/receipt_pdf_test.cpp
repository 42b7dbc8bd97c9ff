#include "devices/receipt_pdf.h"

#include <ZXing/BarcodeFormat.h>
#include <ZXing/DecodeHints.h>
#include <ZXing/ImageView.h>
#include <ZXing/ReadBarcode.h>
#include <doctest/doctest.h>
#include <stb/stb_image.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "tests/devices/receipt_samples.h"

using namespace ventanilla;
namespace fs = std::filesystem;

namespace {

// Receipts stay in build/test-artifacts/receipts so people can open them.
fs::path artifact(const std::string& name) {
    fs::path dir = fs::path(VENTANILLA_ARTIFACTS_DIR) / "receipts";
    fs::create_directories(dir);
    return dir / name;
}

void save(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

std::string quoted(const fs::path& path) {
    return "'" + path.string() + "'";
}

// Runs a shell command; its exit status and what it printed on stdout.
std::pair<int, std::string> run(const std::string& command) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) return {-1, {}};
    std::string output;
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe.get())) {
        output.append(buffer, n);
    }
    const int status = pclose(pipe.release());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

std::string render_to(const ReceiptDocument& document, const std::string& name,
                      const ReceiptOptions& options = {}) {
    Result<std::string> pdf = render_receipt_pdf(document, options);
    REQUIRE_MESSAGE(pdf.ok(), (pdf.ok() ? "" : pdf.failure_text()));
    save(artifact(name), *pdf);
    return *pdf;
}

// pdftotext -layout output as lines with runs of spaces collapsed, blank lines dropped:
// what a person reads, independent of how far apart the layout put the columns.
std::vector<std::string> text_lines(const fs::path& pdf) {
    auto [status, text] = run("pdftotext -layout -enc UTF-8 " + quoted(pdf) + " -");
    REQUIRE(status == 0);
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        line = std::regex_replace(line, std::regex("[ \f]+"), " ");
        if (!line.empty() && line.front() == ' ') line.erase(0, 1);
        if (!line.empty() && line.back() == ' ') line.pop_back();
        if (!line.empty()) lines.push_back(line);
    }
    return lines;
}

// "Page size: 226.77 x 405 pts" from pdfinfo.
std::pair<double, double> page_size_pt(const fs::path& pdf) {
    auto [status, info] = run("pdfinfo " + quoted(pdf));
    REQUIRE(status == 0);
    std::smatch match;
    REQUIRE(std::regex_search(info, match, std::regex(R"(Page size:\s+([\d.]+) x ([\d.]+) pts)")));
    return {std::stod(match[1]), std::stod(match[2])};
}

struct Decoded {
    std::string format;
    std::string text;
};

// Passes of a 3x3 box blur; n passes come close to a Gaussian of sigma sqrt(2n/3) px:
// a printer's bleed or a camera slightly out of focus.
void blur(std::vector<unsigned char>& pixels, int width, int height, int passes) {
    std::vector<unsigned char> tmp(pixels.size());
    auto at = [&](const std::vector<unsigned char>& image, int x, int y) {
        x = std::clamp(x, 0, width - 1);
        y = std::clamp(y, 0, height - 1);
        return static_cast<int>(image[static_cast<std::size_t>(y) * width + x]);
    };
    for (int pass = 0; pass < passes; ++pass) {
        for (int y = 0; y < height; ++y) {
            for (int x = 0; x < width; ++x) {
                int sum = at(pixels, x - 1, y) + at(pixels, x, y) + at(pixels, x + 1, y);
                tmp[static_cast<std::size_t>(y) * width + x] = static_cast<unsigned char>(sum / 3);
            }
        }
        for (int y = 0; y < height; ++y) {
            for (int x = 0; x < width; ++x) {
                int sum = at(tmp, x, y - 1) + at(tmp, x, y) + at(tmp, x, y + 1);
                pixels[static_cast<std::size_t>(y) * width + x] =
                    static_cast<unsigned char>(sum / 3);
            }
        }
    }
}

// The page rendered as a PNG, as a receipt scanner or a clerk's camera sees it, decoded
// by ZXing (optionally blurred first).
std::vector<Decoded> decode_with_zxing(const fs::path& png, int blur_passes = 0) {
    int width = 0, height = 0, channels = 0;
    unsigned char* loaded = stbi_load(png.c_str(), &width, &height, &channels, 1);
    REQUIRE(loaded != nullptr);
    std::vector<unsigned char> pixels(loaded, loaded + static_cast<std::size_t>(width) * height);
    stbi_image_free(loaded);
    if (blur_passes > 0) blur(pixels, width, height, blur_passes);
    ZXing::ImageView view(pixels.data(), width, height, ZXing::ImageFormat::Lum);
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::Code128 | ZXing::BarcodeFormat::QRCode);
    std::vector<Decoded> found;
    for (const ZXing::Result& result : ZXing::ReadBarcodes(view, hints)) {
        found.push_back({ZXing::ToString(result.format()), result.text()});
    }
    return found;
}

fs::path render_png(const fs::path& pdf, int dpi) {
    fs::path stem = pdf;
    stem.replace_extension();
    stem += "-" + std::to_string(dpi) + "dpi";
    auto [status, ignored] = run("pdftoppm -r " + std::to_string(dpi) + " -png -singlefile " +
                                 quoted(pdf) + " " + quoted(stem));
    REQUIRE(status == 0);
    return stem.string() + ".png";
}

bool contains(const std::vector<Decoded>& found, const std::string& format,
              const std::string& text) {
    for (const Decoded& d : found) {
        if (d.format == format && d.text == text) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("receipt pdf: Spanish text comes back from pdftotext exactly") {
    ReceiptDocument receipt{{
        ReceiptTitle{"Envío"},
        ReceiptHeading{"¿Dónde está mi paquete?"},
        ReceiptText{"Año 2024 — Señal recibida"},
        ReceiptKeyValue{"Importe", "€ 5,00 — listo"},
        ReceiptSeparator{},
        ReceiptText{"«Ñandú» ¡Atención! Pingüino, acción"},
        ReceiptText{"“comillas” ‘simples’ … • – 50 % ½ ° nº"},
        ReceiptSmallPrint{"Más información en la ventanilla."},
    }};
    const fs::path pdf = artifact("spanish.pdf");
    render_to(receipt, "spanish.pdf");
    CHECK(text_lines(pdf) == std::vector<std::string>{
                                 "Envío",
                                 "¿Dónde está mi paquete?",
                                 "Año 2024 — Señal recibida",
                                 "Importe € 5,00 — listo",
                                 "«Ñandú» ¡Atención! Pingüino, acción",
                                 "“comillas” ‘simples’ … • – 50 % ½ ° nº",
                                 "Más información en la ventanilla.",
                             });
}

TEST_CASE("receipt pdf: 80 mm and 58 mm wide, as tall as the content") {
    const ReceiptDocument receipt = testing::sample_tracking_receipt();
    const fs::path pdf80 = artifact("tracking-80mm.pdf");
    render_to(receipt, "tracking-80mm.pdf");
    auto [width80, height80] = page_size_pt(pdf80);
    CHECK(width80 == doctest::Approx(226.77).epsilon(0.0001));

    ReceiptOptions narrow;
    narrow.paper_width_mm = 58;
    const fs::path pdf58 = artifact("tracking-58mm.pdf");
    render_to(receipt, "tracking-58mm.pdf", narrow);
    auto [width58, height58] = page_size_pt(pdf58);
    CHECK(width58 == doctest::Approx(164.41).epsilon(0.0001));
    CHECK(height58 > height80);  // narrower paper, more wrapped lines

    ReceiptDocument short_receipt{{ReceiptTitle{"Turno"}, ReceiptText{"A-042"}}};
    const fs::path small = artifact("short.pdf");
    render_to(short_receipt, "short.pdf");
    auto [width_small, height_small] = page_size_pt(small);
    CHECK(width_small == doctest::Approx(226.77).epsilon(0.0001));
    CHECK(height_small < 100);  // no A4 tail of blank paper
}

TEST_CASE("receipt pdf: no text runs past the margins, long words are cut") {
    ReceiptDocument receipt{{
        ReceiptText{"Referencia-extremadamente-larga-sin-espacios-que-no-cabe-en-una-linea-de-"
                    "papel-termico-1234567890"},
        ReceiptKeyValue{"Dirección del destinatario",
                        "Calle 23 número 1052 entre Avenida de los Presidentes y Calle H, Vedado"},
        ReceiptText{"Primera línea\n\nTercera línea tras una vacía"},
    }};
    const fs::path pdf = artifact("wrapping.pdf");
    render_to(receipt, "wrapping.pdf");
    auto [status, html] = run("pdftotext -bbox " + quoted(pdf) + " -");
    REQUIRE(status == 0);
    const double right_limit = 226.77 - 4 * 72 / 25.4;
    std::regex word(R"re(<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)")re");
    int words = 0;
    for (auto it = std::sregex_iterator(html.begin(), html.end(), word);
         it != std::sregex_iterator(); ++it) {
        ++words;
        CHECK(std::stod((*it)[1]) >= 4 * 72 / 25.4 - 0.5);
        CHECK(std::stod((*it)[2]) <= right_limit + 0.5);
    }
    CHECK(words > 10);
    const std::vector<std::string> lines = text_lines(pdf);
    std::string joined;
    for (const std::string& line : lines) joined += line;
    CHECK(joined.find("Referencia-extremadamente-larga-sin-espacios-que-no-cabe-en-una-linea-de-"
                      "papel-termico-1234567890") != std::string::npos);
    CHECK(std::find(lines.begin(), lines.end(), "Tercera línea tras una vacía") != lines.end());
}

TEST_CASE("receipt pdf: Code128 and QR decode back with ZXing and zbarimg at 200 dpi") {
    const fs::path pdf = artifact("tracking-80mm.pdf");
    render_to(testing::sample_tracking_receipt(), "tracking-80mm.pdf");
    const fs::path png = render_png(pdf, 200);

    const std::vector<Decoded> found = decode_with_zxing(png);
    CHECK(contains(found, "Code128", "RR123456785CU"));
    CHECK(contains(found, "QRCode", "https://correos.cu/s/RR123456785CU"));

    auto [status, zbar] = run("zbarimg --nodbus -q " + quoted(png));
    CHECK(status == 0);
    CHECK(zbar.find("CODE-128:RR123456785CU\n") != std::string::npos);
    CHECK(zbar.find("QR-Code:https://correos.cu/s/RR123456785CU\n") != std::string::npos);

    // The margin left for blur. The Code128 of an S10 id fits 80 mm paper at 0.375 mm
    // (3 dots) per bar, ~3 px at 200 dpi: ZXing still reads it after a blur of sigma
    // ~1.15 px (two passes) and loses it at ~1.4 px (three), as PLATFORM.md found for
    // camera frames. The QR code, at 1 mm (~8 px) per module, survives four passes.
    CHECK(contains(decode_with_zxing(png, 2), "Code128", "RR123456785CU"));
    CHECK(contains(decode_with_zxing(png, 4), "QRCode", "https://correos.cu/s/RR123456785CU"));
}

TEST_CASE("receipt pdf: codes on 58 mm paper and a UTF-8 QR payload still decode") {
    ReceiptOptions narrow;
    narrow.paper_width_mm = 58;
    ReceiptDocument receipt{{
        ReceiptBarcode{"7K3M-Q9XA"},
        ReceiptQrCode{"Señal: ¿Dónde está? €"},
    }};
    const fs::path pdf = artifact("codes-58mm.pdf");
    render_to(receipt, "codes-58mm.pdf", narrow);
    const fs::path png = render_png(pdf, 200);
    const std::vector<Decoded> found = decode_with_zxing(png);
    CHECK(contains(found, "Code128", "7K3M-Q9XA"));
    CHECK(contains(found, "QRCode", "Señal: ¿Dónde está? €"));
    auto [status, zbar] = run("zbarimg --nodbus -q " + quoted(png));
    CHECK(status == 0);
    CHECK(zbar.find("CODE-128:7K3M-Q9XA\n") != std::string::npos);
    CHECK(zbar.find("QR-Code:Señal: ¿Dónde está? €\n") != std::string::npos);
}

TEST_CASE("receipt pdf: a tracking receipt with ten events stays under 8 KB") {
    const std::string pdf = render_to(testing::sample_tracking_receipt(), "tracking-80mm.pdf");
    MESSAGE("tracking receipt: " << pdf.size() << " bytes");
    CHECK(pdf.size() <= 8 * 1024);
    CHECK(pdf.rfind("%PDF-", 0) == 0);
    CHECK(pdf.find("/FlateDecode") != std::string::npos);  // compression is on
    CHECK(pdf.find("/WinAnsiEncoding") != std::string::npos);
    CHECK(pdf.find("/FontFile") == std::string::npos);  // base-14: nothing embedded
}

TEST_CASE("receipt pdf: a copy says COPIA, the original does not") {
    ReceiptDocument receipt{
        {ReceiptTitle{"Certificado de nacimiento"}, ReceiptKeyValue{"Referencia", "7K3M-Q9XA"}}};
    ReceiptOptions copy;
    copy.copy_mark = true;
    render_to(receipt, "copy.pdf", copy);
    render_to(receipt, "original.pdf");
    const std::vector<std::string> copy_lines = text_lines(artifact("copy.pdf"));
    REQUIRE(!copy_lines.empty());
    CHECK(copy_lines.front() == "COPIA");
    for (const std::string& line : text_lines(artifact("original.pdf"))) {
        CHECK(line.find("COPIA") == std::string::npos);
    }
}

TEST_CASE("receipt pdf: the same receipt gives the same bytes") {
    const ReceiptDocument receipt = testing::sample_tracking_receipt();
    Result<std::string> first = render_receipt_pdf(receipt);
    Result<std::string> second = render_receipt_pdf(receipt);
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    CHECK(*first == *second);  // golden files and duplicate detection can rely on it
}

TEST_CASE("receipt pdf: what cannot be printed is an error value or a counted '?'") {
    SUBCASE("a Code128 payload outside printable ASCII") {
        Result<std::string> pdf = render_receipt_pdf({{ReceiptBarcode{"Envío"}}});
        REQUIRE(!pdf.ok());
        CHECK(pdf.error().code == "receipt.invalid_code");
        CHECK(!render_receipt_pdf({{ReceiptBarcode{""}}}).ok());
        CHECK(!render_receipt_pdf({{ReceiptQrCode{""}}}).ok());
        CHECK(!render_receipt_pdf({{ReceiptQrCode{"\xC3("}}}).ok());
    }
    SUBCASE("a Code128 too long for the paper") {
        Result<std::string> pdf =
            render_receipt_pdf({{ReceiptBarcode{"ABCDEFGHIJKLMNOPQRSTUVWXYZ-abcdefghijklmnop"}}});
        REQUIRE(!pdf.ok());
        CHECK(pdf.error().code == "receipt.code_too_wide");
        MESSAGE(pdf.error().describe());
    }
    SUBCASE("a QR code too big for the paper") {
        ReceiptOptions narrow;
        narrow.paper_width_mm = 58;
        Result<std::string> pdf =
            render_receipt_pdf({{ReceiptQrCode{std::string(1500, 'x')}}}, narrow);
        REQUIRE(!pdf.ok());
        CHECK(pdf.error().code == "receipt.code_too_wide");
        // Beyond what a QR code can hold at all.
        pdf = render_receipt_pdf({{ReceiptQrCode{std::string(3000, 'x')}}});
        REQUIRE(!pdf.ok());
        CHECK(pdf.error().code == "receipt.invalid_code");
    }
    SUBCASE("options that leave no paper") {
        ReceiptOptions options;
        options.margin_side_mm = 35;
        Result<std::string> pdf = render_receipt_pdf({{ReceiptText{"x"}}}, options);
        REQUIRE(!pdf.ok());
        CHECK(pdf.error().code == "receipt.invalid_options");
    }
    SUBCASE("a receipt longer than a PDF page may be") {
        ReceiptDocument endless;
        for (int i = 0; i < 2000; ++i) endless.lines.push_back(ReceiptText{"línea"});
        Result<std::string> pdf = render_receipt_pdf(endless);
        REQUIRE(!pdf.ok());
        CHECK(pdf.error().code == "receipt.too_long");
    }
    SUBCASE("characters without a WinAnsi code print as '?' and are counted") {
        ReceiptDocument receipt{{ReceiptText{"A-042 → Ventanilla 3"},
                                 ReceiptKeyValue{"Nombre", "Zoë Ωmega\x01"},
                                 ReceiptBarcode{"ABC"}}};
        CHECK(receipt_unprintable_characters(receipt) == 3);
        render_to(receipt, "unprintable.pdf");
        const std::vector<std::string> lines = text_lines(artifact("unprintable.pdf"));
        CHECK(lines.at(0) == "A-042 ? Ventanilla 3");
        CHECK(lines.at(1) == "Nombre Zoë ?mega?");
    }
    SUBCASE("an empty receipt is a short blank page") {
        Result<std::string> pdf = render_receipt_pdf({});
        CHECK(pdf.ok());
    }
}
