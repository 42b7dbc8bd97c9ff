#include "devices/receipt_pdf.h"

#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>
#include <hpdf.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <optional>
#include <span>
#include <type_traits>
#include <vector>

#include "kiosk/code_text.h"
#include "kiosk/cp1252.h"

namespace ventanilla {
namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr double kMaxPageHeightPt = 14400;  // the PDF 1.x limit, which libharu enforces
constexpr int kCode128QuietModules = 10;    // ISO/IEC 15417: ten modules each side
constexpr int kQrQuietModules = 4;          // ISO/IEC 18004: four modules each side
constexpr int kQrEccLevelMedium = 4;        // MultiFormatWriter's 0..8 scale: 3..4 is M (15 %)
constexpr double kCopyMarkSizePt = 20;
constexpr HPDF_REAL kRuleWidthPt = 0.6F;

// libharu calls this instead of returning details; the failing call then returns an
// error code, which the renderer checks. Recording the first error is all it does:
// no exception and no longjmp cross libharu's C frames.
struct HpdfErrors {
    HPDF_STATUS error = HPDF_OK;
    HPDF_STATUS detail = 0;
};

void record_hpdf_error(HPDF_STATUS error, HPDF_STATUS detail, void* user_data) {
    auto* errors = static_cast<HpdfErrors*>(user_data);
    if (errors->error == HPDF_OK) {
        errors->error = error;
        errors->detail = detail;
    }
}

// Owns one libharu document and the record of its errors (whose address libharu keeps).
class PdfDocument {
public:
    PdfDocument() : doc_(HPDF_New(record_hpdf_error, &errors_)) {}
    ~PdfDocument() {
        if (doc_ != nullptr) HPDF_Free(doc_);
    }
    PdfDocument(const PdfDocument&) = delete;
    PdfDocument& operator=(const PdfDocument&) = delete;

    HPDF_Doc get() const { return doc_; }
    bool failed() const { return doc_ == nullptr || errors_.error != HPDF_OK; }

    Error failure(std::string_view step) const {
        char codes[64];
        std::snprintf(codes, sizeof codes, "libharu error 0x%04lX (detail %lu)",
                      static_cast<unsigned long>(errors_.error),
                      static_cast<unsigned long>(errors_.detail));
        return make_error("receipt.pdf_failed", std::string(step) + ": " + codes,
                          {{"step", std::string(step)}});
    }

private:
    HpdfErrors errors_;
    HPDF_Doc doc_;
};

// A base-14 font with its advance widths, so the layout can be measured before the
// page exists (libharu fixes the page size before anything is drawn on it).
struct FontFace {
    HPDF_Font font = nullptr;
    std::array<double, 256> widths{};  // per CP1252 byte, in 1/1000 em
    double ascent = 0;                 // 1/1000 em
    double descent = 0;                // 1/1000 em, negative

    double width_pt(std::string_view text, double size_pt) const {
        double units = 0;
        for (char c : text) units += widths[static_cast<unsigned char>(c)];
        return units * size_pt / 1000;
    }
};

std::optional<FontFace> load_font(HPDF_Doc doc, const char* name) {
    FontFace face;
    face.font = HPDF_GetFont(doc, name, "WinAnsiEncoding");
    if (face.font == nullptr) return std::nullopt;
    for (int byte = 1; byte < 256; ++byte) {
        const auto c = static_cast<HPDF_BYTE>(byte);
        face.widths[static_cast<std::size_t>(byte)] = HPDF_Font_TextWidth(face.font, &c, 1).width;
    }
    face.ascent = HPDF_Font_GetAscent(face.font);
    face.descent = HPDF_Font_GetDescent(face.font);
    return face;
}

// UTF-8 to the bytes a WinAnsi font can show: tabs and CRs become spaces, "\n" stays
// (it breaks lines), other control characters become "?" like unmappable ones.
std::string printable_text(std::string_view utf8, std::size_t* unprintable = nullptr) {
    Cp1252Text converted = utf8_to_cp1252(utf8);
    std::size_t count = converted.replaced();
    for (char& c : converted.bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte == '\t' || byte == '\r') {
            c = ' ';
        } else if ((byte < 0x20 && byte != '\n') || byte == 0x7F) {
            c = '?';
            ++count;
        }
    }
    if (unprintable != nullptr) *unprintable += count;
    return std::move(converted.bytes);
}

std::string without_line_breaks(std::string text) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    return text;
}

// Greedy word wrap; a word wider than the line is cut between characters. Runs of
// spaces collapse to one; an empty paragraph is an empty line.
std::vector<std::string> wrap(std::string_view text, const FontFace& face, double size_pt,
                              double max_width_pt) {
    std::vector<std::string> lines;
    const double space = face.width_pt(" ", size_pt);
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view paragraph = text.substr(start, end - start);
        std::string line;
        double line_width = 0;
        bool any_word = false;
        std::size_t at = 0;
        while (at < paragraph.size()) {
            if (paragraph[at] == ' ') {
                ++at;
                continue;
            }
            std::size_t word_end = paragraph.find(' ', at);
            if (word_end == std::string_view::npos) word_end = paragraph.size();
            std::string_view word = paragraph.substr(at, word_end - at);
            at = word_end;
            any_word = true;
            const double word_width = face.width_pt(word, size_pt);
            if (!line.empty() && line_width + space + word_width <= max_width_pt) {
                line += ' ';
                line += word;
                line_width += space + word_width;
                continue;
            }
            if (!line.empty()) lines.push_back(std::move(line));
            line.clear();
            line_width = 0;
            // Cut a word that is wider than a whole line (a long reference, a URL).
            while (face.width_pt(word, size_pt) > max_width_pt) {
                std::size_t fit = 1;
                while (fit < word.size() &&
                       face.width_pt(word.substr(0, fit + 1), size_pt) <= max_width_pt) {
                    ++fit;
                }
                lines.emplace_back(word.substr(0, fit));
                word.remove_prefix(fit);
            }
            line = std::string(word);
            line_width = face.width_pt(word, size_pt);
        }
        if (!line.empty() || !any_word) lines.push_back(std::move(line));
        start = end + 1;
    }
    return lines;
}

// What the layout decided, in points from the top-left corner; drawn once the page exists.
struct TextRun {
    const FontFace* face;
    double size_pt;
    double x_pt;
    double baseline_pt;
    std::string text;  // CP1252
};
struct CodeImage {
    HPDF_Image image;
    double x_pt, top_pt, width_pt, height_pt;
};
struct Frame {
    double x_pt, top_pt, width_pt, height_pt;
};
struct Layout {
    std::vector<TextRun> texts;
    std::vector<CodeImage> images;
    std::vector<double> rules_pt;  // dashed rules across the content, by height
    std::vector<Frame> frames;
};

enum class Align { left, center, right };

// The size of one code module: as wide as allowed, narrower only to fit the paper,
// always a whole number of printer dots so every bar prints the same width.
std::optional<double> module_mm(int total_modules, double content_width_mm, double max_mm,
                                double min_mm, double dots_per_mm) {
    double size = std::min(max_mm, content_width_mm / total_modules);
    if (dots_per_mm > 0) size = std::floor(size * dots_per_mm + 1e-9) / dots_per_mm;
    if (size + 1e-9 < min_mm || size <= 0) return std::nullopt;
    return size;
}

// A code as a 1-bit image, one pixel per module, rows padded to whole bytes, most
// significant bit first, 1 = black. The quiet zone is part of it (white pixels), so
// it travels with the code.
struct CodeBitmap {
    int width = 0;
    int height = 0;
    int row_bytes = 0;
    std::vector<HPDF_BYTE> bits;
};

CodeBitmap code_bitmap(const ZXing::BitMatrix& matrix, int quiet_x, int quiet_y) {
    CodeBitmap bitmap;
    bitmap.width = matrix.width() + 2 * quiet_x;
    bitmap.height = matrix.height() + 2 * quiet_y;
    bitmap.row_bytes = (bitmap.width + 7) / 8;
    bitmap.bits.assign(static_cast<std::size_t>(bitmap.row_bytes) * bitmap.height, 0);
    for (int y = 0; y < matrix.height(); ++y) {
        for (int x = 0; x < matrix.width(); ++x) {
            if (!matrix.get(x, y)) continue;
            const int column = x + quiet_x;
            bitmap.bits[static_cast<std::size_t>(y + quiet_y) * bitmap.row_bytes + column / 8] |=
                static_cast<HPDF_BYTE>(0x80u >> (column % 8));
        }
    }
    return bitmap;
}

Error invalid_code(std::string_view kind, std::string_view reason) {
    return make_error("receipt.invalid_code", std::string(kind) + ": " + std::string(reason),
                      {{"kind", std::string(kind)}});
}

// Measures and places every line top-down; `cursor_pt` is the top of the next line.
class LayoutBuilder {
public:
    LayoutBuilder(HPDF_Doc doc, const ReceiptOptions& options, const FontFace& regular,
                  const FontFace& bold)
        : doc_(doc),
          options_(options),
          regular_(regular),
          bold_(bold),
          left_pt_(options.margin_side_mm * kPointsPerMm),
          width_pt_((options.paper_width_mm - 2 * options.margin_side_mm) * kPointsPerMm),
          cursor_pt_(options.margin_top_mm * kPointsPerMm),
          top_pt_(cursor_pt_) {}

    void add_copy_mark() {
        const double height = kCopyMarkSizePt * 1.6;
        layout_.frames.push_back({left_pt_, cursor_pt_, width_pt_, height});
        place_line("COPIA", bold_, kCopyMarkSizePt, Align::center, cursor_pt_, height);
        cursor_pt_ += height;
        gap(0.6 * options_.text_size_pt);
    }

    Status operator()(const ReceiptTitle& line) {
        paragraph(printable_text(line.text), bold_, options_.title_size_pt, Align::center);
        gap(0.3 * options_.text_size_pt);
        return ok_status();
    }
    Status operator()(const ReceiptDisplay& line) {
        gap(0.2 * options_.text_size_pt);
        paragraph(printable_text(line.text), bold_, options_.display_size_pt, Align::center);
        gap(0.3 * options_.text_size_pt);
        return ok_status();
    }
    Status operator()(const ReceiptHeading& line) {
        gap(0.5 * options_.text_size_pt);
        paragraph(printable_text(line.text), bold_, options_.heading_size_pt, Align::left);
        gap(0.15 * options_.text_size_pt);
        return ok_status();
    }
    Status operator()(const ReceiptText& line) {
        paragraph(printable_text(line.text), regular_, options_.text_size_pt, Align::left);
        return ok_status();
    }
    Status operator()(const ReceiptSmallPrint& line) {
        gap(0.3 * options_.text_size_pt);
        paragraph(printable_text(line.text), regular_, options_.small_print_size_pt, Align::left);
        return ok_status();
    }
    Status operator()(const ReceiptSeparator&) {
        const double height = 0.9 * options_.text_size_pt;
        layout_.rules_pt.push_back(cursor_pt_ + height / 2);
        cursor_pt_ += height;
        return ok_status();
    }
    // Consecutive key/value rows form a table: the keys share the column of the widest
    // one (at most 45 % of the paper) and the values line up to its right.
    void start_table(std::span<const ReceiptLine> rows) {
        double widest = 0;
        for (const ReceiptLine& row : rows) {
            const auto* key_value = std::get_if<ReceiptKeyValue>(&row);
            if (key_value == nullptr) break;
            widest =
                std::max(widest, regular_.width_pt(table_key(*key_value), options_.text_size_pt));
        }
        key_column_pt_ = std::min(widest, 0.45 * width_pt_);
    }

    Status operator()(const ReceiptKeyValue& line) {
        const double size = options_.text_size_pt;
        const double height = line_height(size);
        const double gap_pt = 0.8 * size;
        const double value_left = left_pt_ + key_column_pt_ + gap_pt;
        const std::vector<std::string> keys = wrap(table_key(line), regular_, size, key_column_pt_);
        const std::vector<std::string> values =
            wrap(without_line_breaks(printable_text(line.value)), bold_, size,
                 width_pt_ - key_column_pt_ - gap_pt);
        const std::size_t rows = std::max(keys.size(), values.size());
        for (std::size_t i = 0; i < rows; ++i) {
            const double top = cursor_pt_ + static_cast<double>(i) * height;
            if (i < keys.size()) place_line(keys[i], regular_, size, Align::left, top, height);
            if (i < values.size() && !values[i].empty()) {
                place_text(values[i], bold_, size, value_left, top, height);
            }
        }
        cursor_pt_ += static_cast<double>(rows) * height;
        return ok_status();
    }

    Status operator()(const ReceiptBarcode& line) {
        if (line.payload.empty()) return invalid_code("code128", "empty payload");
        for (char c : line.payload) {
            if (c < 0x20 || c > 0x7E) return invalid_code("code128", "not printable ASCII");
        }
        ZXing::BitMatrix matrix;
        try {
            ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::Code128);
            writer.setMargin(0);
            matrix = writer.encode(line.payload, 0, 1);
        } catch (const std::exception& e) {
            return invalid_code("code128", e.what());
        }
        const int total = matrix.width() + 2 * kCode128QuietModules;
        const std::optional<double> module =
            module_mm(total, width_pt_ / kPointsPerMm, options_.barcode_max_module_mm,
                      options_.barcode_min_module_mm, options_.printer_dots_per_mm);
        if (!module) return too_wide("code128", total, options_.barcode_min_module_mm);

        gap(0.5 * options_.text_size_pt);
        const double width = total * *module * kPointsPerMm;
        const double height = options_.barcode_height_mm * kPointsPerMm;
        Status placed = place_code(code_bitmap(matrix, kCode128QuietModules, 0), width, height);
        if (!placed) return placed;
        if (line.show_payload) {
            gap(0.15 * options_.text_size_pt);
            paragraph(printable_text(line.payload), regular_, options_.text_size_pt, Align::center);
        }
        gap(0.4 * options_.text_size_pt);
        return ok_status();
    }

    Status operator()(const ReceiptQrCode& line) {
        if (line.payload.empty()) return invalid_code("qr", "empty payload");
        if (valid_utf8_prefix(line.payload) != line.payload.size()) {
            return invalid_code("qr", "payload is not UTF-8");
        }
        const bool ascii = std::all_of(line.payload.begin(), line.payload.end(),
                                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
        ZXing::BitMatrix matrix;
        try {
            ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::QRCode);
            writer.setMargin(0).setEccLevel(kQrEccLevelMedium);
            // Byte mode defaults to ISO-8859-1; anything beyond ASCII goes as UTF-8 instead
            // (ZXing and zbarimg both read it back, see the tests).
            if (!ascii) writer.setEncoding(ZXing::CharacterSet::UTF8);
            matrix = writer.encode(line.payload, 0, 0);
        } catch (const std::exception& e) {
            return invalid_code("qr", e.what());
        }
        const int total = matrix.width() + 2 * kQrQuietModules;
        const std::optional<double> module =
            module_mm(total, width_pt_ / kPointsPerMm, options_.qr_max_module_mm,
                      options_.qr_min_module_mm, options_.printer_dots_per_mm);
        if (!module) return too_wide("qr", total, options_.qr_min_module_mm);

        gap(0.3 * options_.text_size_pt);
        const double side = total * *module * kPointsPerMm;
        Status placed =
            place_code(code_bitmap(matrix, kQrQuietModules, kQrQuietModules), side, side);
        if (!placed) return placed;
        gap(0.3 * options_.text_size_pt);
        return ok_status();
    }

    Layout& layout() { return layout_; }
    double content_bottom_pt() const { return cursor_pt_; }

private:
    double line_height(double size_pt) const { return size_pt * options_.line_spacing; }

    // Adds vertical space, except at the very top where the margin already is.
    void gap(double points) {
        if (cursor_pt_ > top_pt_) cursor_pt_ += points;
    }

    static std::string table_key(const ReceiptKeyValue& line) {
        return without_line_breaks(printable_text(line.key));
    }

    void place_line(std::string text, const FontFace& face, double size_pt, Align align,
                    double top_pt, double height_pt) {
        const double text_width = face.width_pt(text, size_pt);
        double x = left_pt_;
        if (align == Align::center) x += (width_pt_ - text_width) / 2;
        if (align == Align::right) x += width_pt_ - text_width;
        place_text(std::move(text), face, size_pt, x, top_pt, height_pt);
    }

    void place_text(std::string text, const FontFace& face, double size_pt, double x_pt,
                    double top_pt, double height_pt) {
        // The glyphs' box (ascent to descent) centred in the line box.
        const double glyph_height = (face.ascent - face.descent) * size_pt / 1000;
        const double baseline =
            top_pt + (height_pt - glyph_height) / 2 + face.ascent * size_pt / 1000;
        layout_.texts.push_back({&face, size_pt, x_pt, baseline, std::move(text)});
    }

    void paragraph(std::string_view text, const FontFace& face, double size_pt, Align align) {
        const double height = line_height(size_pt);
        for (std::string& line : wrap(text, face, size_pt, width_pt_)) {
            if (!line.empty())
                place_line(std::move(line), face, size_pt, align, cursor_pt_, height);
            cursor_pt_ += height;
        }
    }

    // 1-bit images are CCITT G4 compressed by libharu: a few dozen bytes, and no zlib
    // stream (whose 256 KB of buffers cost more than the rest of the receipt) per code.
    // black_is1 = false is what prints the 1 bits black (the decode tests check it);
    // true inverts the code.
    Status place_code(const CodeBitmap& bitmap, double width_pt, double height_pt) {
        HPDF_Image image = HPDF_Image_LoadRaw1BitImageFromMem(
            doc_, bitmap.bits.data(), static_cast<HPDF_UINT>(bitmap.width),
            static_cast<HPDF_UINT>(bitmap.height), static_cast<HPDF_UINT>(bitmap.row_bytes),
            HPDF_FALSE, HPDF_TRUE);
        if (image == nullptr) return make_error("receipt.pdf_failed", "load code image");
        const double x = left_pt_ + (width_pt_ - width_pt) / 2;
        layout_.images.push_back({image, x, cursor_pt_, width_pt, height_pt});
        cursor_pt_ += height_pt;
        return ok_status();
    }

    Error too_wide(std::string_view kind, int modules, double min_module_mm) const {
        const double needed_mm = modules * min_module_mm + 2 * options_.margin_side_mm;
        char detail[128];
        std::snprintf(detail, sizeof detail, "%.*s of %d modules needs %.1f mm of paper",
                      static_cast<int>(kind.size()), kind.data(), modules, needed_mm);
        return make_error("receipt.code_too_wide", detail, {{"kind", std::string(kind)}});
    }

    HPDF_Doc doc_;
    const ReceiptOptions& options_;
    const FontFace& regular_;
    const FontFace& bold_;
    double left_pt_;
    double width_pt_;
    double cursor_pt_;
    double top_pt_;
    double key_column_pt_ = 0;
    Layout layout_;
};

Status check_options(const ReceiptOptions& o) {
    auto invalid = [](std::string detail) {
        return make_error("receipt.invalid_options", std::move(detail));
    };
    if (!(o.margin_side_mm >= 0 && o.margin_top_mm >= 0 && o.margin_bottom_mm >= 0)) {
        return invalid("margins must not be negative");
    }
    if (!(o.paper_width_mm - 2 * o.margin_side_mm >= 20) || !(o.paper_width_mm <= 400)) {
        return invalid("paper must leave 20..400 mm between the margins");
    }
    for (double size :
         {o.title_size_pt, o.display_size_pt, o.heading_size_pt, o.text_size_pt, o.small_print_size_pt}) {
        if (!(size >= 4 && size <= 72)) return invalid("font sizes must be 4..72 pt");
    }
    if (!(o.line_spacing >= 1 && o.line_spacing <= 3)) return invalid("line spacing must be 1..3");
    if (!(o.printer_dots_per_mm >= 0) || !(o.barcode_height_mm > 0) ||
        !(o.barcode_min_module_mm > 0 && o.barcode_min_module_mm <= o.barcode_max_module_mm) ||
        !(o.qr_min_module_mm > 0 && o.qr_min_module_mm <= o.qr_max_module_mm)) {
        return invalid("code sizes must be positive, minimum not above maximum");
    }
    return ok_status();
}

HPDF_REAL real(double value) {
    return static_cast<HPDF_REAL>(value);
}

// Draws what the layout placed; every libharu call's status is checked by the caller
// through PdfDocument::failed(), which the error handler keeps.
void draw(HPDF_Page page, const Layout& layout, double page_height_pt, double left_pt,
          double content_width_pt) {
    auto flip = [&](double from_top) { return real(page_height_pt - from_top); };

    HPDF_Page_SetLineWidth(page, kRuleWidthPt);
    for (const Frame& frame : layout.frames) {
        HPDF_Page_Rectangle(page, real(frame.x_pt), flip(frame.top_pt + frame.height_pt),
                            real(frame.width_pt), real(frame.height_pt));
        HPDF_Page_Stroke(page);
    }
    if (!layout.rules_pt.empty()) {
        const HPDF_UINT16 dash[] = {2, 2};
        HPDF_Page_SetDash(page, dash, 2, 0);
        for (double y : layout.rules_pt) {
            HPDF_Page_MoveTo(page, real(left_pt), flip(y));
            HPDF_Page_LineTo(page, real(left_pt + content_width_pt), flip(y));
        }
        HPDF_Page_Stroke(page);
        HPDF_Page_SetDash(page, nullptr, 0, 0);
    }
    for (const CodeImage& code : layout.images) {
        HPDF_Page_DrawImage(page, code.image, real(code.x_pt), flip(code.top_pt + code.height_pt),
                            real(code.width_pt), real(code.height_pt));
    }
    if (!layout.texts.empty()) {
        HPDF_Page_BeginText(page);
        const FontFace* face = nullptr;
        double size = 0;
        for (const TextRun& run : layout.texts) {
            if (run.face != face || run.size_pt != size) {
                face = run.face;
                size = run.size_pt;
                HPDF_Page_SetFontAndSize(page, face->font, real(size));
            }
            HPDF_Page_TextOut(page, real(run.x_pt), flip(run.baseline_pt), run.text.c_str());
        }
        HPDF_Page_EndText(page);
    }
}

std::size_t count_unprintable(std::string_view text) {
    std::size_t count = 0;
    (void)printable_text(text, &count);
    return count;
}

}  // namespace

Result<std::string> render_receipt_pdf(const ReceiptDocument& document,
                                       const ReceiptOptions& options) {
    Status valid = check_options(options);
    if (!valid) return valid.error();

    PdfDocument pdf;
    if (pdf.failed()) return pdf.failure("create document");
    HPDF_Doc doc = pdf.get();
    HPDF_SetCompressionMode(doc, HPDF_COMP_ALL);
    std::optional<FontFace> regular = load_font(doc, "Helvetica");
    std::optional<FontFace> bold = load_font(doc, "Helvetica-Bold");
    if (!regular || !bold || pdf.failed()) return pdf.failure("load fonts");

    LayoutBuilder builder(doc, options, *regular, *bold);
    if (options.copy_mark) builder.add_copy_mark();
    const std::span<const ReceiptLine> lines(document.lines);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const bool table_starts =
            std::holds_alternative<ReceiptKeyValue>(lines[i]) &&
            (i == 0 || !std::holds_alternative<ReceiptKeyValue>(lines[i - 1]));
        if (table_starts) builder.start_table(lines.subspan(i));
        Status placed = std::visit(builder, lines[i]);
        if (!placed) return placed.error();
    }
    if (pdf.failed()) return pdf.failure("lay out");

    const double width_pt = options.paper_width_mm * kPointsPerMm;
    const double height_pt =
        std::ceil(builder.content_bottom_pt() + options.margin_bottom_mm * kPointsPerMm);
    if (height_pt > kMaxPageHeightPt) {
        return make_error("receipt.too_long",
                          std::to_string(static_cast<int>(height_pt / kPointsPerMm)) + " mm");
    }

    HPDF_Page page = HPDF_AddPage(doc);
    if (page == nullptr) return pdf.failure("add page");
    HPDF_Page_SetWidth(page, real(width_pt));
    HPDF_Page_SetHeight(page, real(height_pt));
    draw(page, builder.layout(), height_pt, options.margin_side_mm * kPointsPerMm,
         (options.paper_width_mm - 2 * options.margin_side_mm) * kPointsPerMm);
    if (pdf.failed()) return pdf.failure("draw");

    if (HPDF_SaveToStream(doc) != HPDF_OK) return pdf.failure("save");
    HPDF_UINT32 size = HPDF_GetStreamSize(doc);
    std::string bytes(size, '\0');
    // Reading exactly the stream's size returns HPDF_OK; asking for more would report
    // end-of-stream through the error handler.
    if (HPDF_ReadFromStream(doc, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size) != HPDF_OK ||
        size != bytes.size() || pdf.failed()) {
        return pdf.failure("read back");
    }
    return bytes;
}

std::size_t receipt_unprintable_characters(const ReceiptDocument& document) {
    std::size_t count = 0;
    for (const ReceiptLine& line : document.lines) {
        std::visit(
            [&](const auto& item) {
                using T = std::decay_t<decltype(item)>;
                if constexpr (std::is_same_v<T, ReceiptKeyValue>) {
                    count += count_unprintable(item.key) + count_unprintable(item.value);
                } else if constexpr (requires { item.text; }) {
                    count += count_unprintable(item.text);
                }
            },
            line);
    }
    return count;
}

}  // namespace ventanilla
