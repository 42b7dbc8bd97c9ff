// A printed receipt described as data: lines of text, rows and codes, and how to lay them out.
#pragma once

#include <string>
#include <variant>
#include <vector>

namespace ventanilla {

// Big, bold and centred: the office or the kind of receipt ("Correos de Cuba").
struct ReceiptTitle {
    std::string text;
};
// Very large, bold and centred: what the reader must see from arm's length, a ticket's
// number ("B-042").
struct ReceiptDisplay {
    std::string text;
};
// Bold, left: starts a section ("Historial del envío").
struct ReceiptHeading {
    std::string text;
};
// A paragraph, wrapped to the paper; "\n" starts a new line.
struct ReceiptText {
    std::string text;
};
// A label on the left and its value on the right ("Fecha" … "12/05/2024 14:32"); when
// both do not fit on one line the value goes right-aligned on the lines below.
struct ReceiptKeyValue {
    std::string key;
    std::string value;
};
// A dashed rule across the paper.
struct ReceiptSeparator {};
// A Code128 barcode of `payload` (ASCII only), with the payload printed under it
// so a person can type it when the scanner fails.
struct ReceiptBarcode {
    std::string payload;
    bool show_payload = true;
};
// A QR code of `payload` (UTF-8).
struct ReceiptQrCode {
    std::string payload;
};
// Small print: conditions, opening hours, a privacy note.
struct ReceiptSmallPrint {
    std::string text;
};

using ReceiptLine =
    std::variant<ReceiptTitle, ReceiptDisplay, ReceiptHeading, ReceiptText, ReceiptKeyValue, ReceiptSeparator,
                 ReceiptBarcode, ReceiptQrCode, ReceiptSmallPrint>;

// Text is UTF-8; characters that the printer's fonts lack print as "?" (see
// receipt_unprintable_characters in receipt_pdf.h).
struct ReceiptDocument {
    std::vector<ReceiptLine> lines;
};

// Paper and type. The defaults suit an 80 mm thermal roll read by people of any age.
struct ReceiptOptions {
    double paper_width_mm = 80;  // 58 mm rolls work too
    // 80 mm printers print 72 mm: the side margins are the strip they cannot reach.
    double margin_side_mm = 4;
    double margin_top_mm = 4;
    double margin_bottom_mm = 8;  // room for the cutter
    double title_size_pt = 15;
    double display_size_pt = 40;  // about 14 mm capitals
    double heading_size_pt = 11;
    double text_size_pt = 10;
    double small_print_size_pt = 7.5;
    double line_spacing = 1.25;  // baseline to baseline, in font sizes
    // Codes are drawn in whole printer dots so every bar prints the same width.
    double printer_dots_per_mm = 8;  // 203 dpi, nearly every thermal printer
    double barcode_height_mm = 12;
    // The widest narrow bar a Code128 gets; it gets less only when the code would not
    // fit the paper, and never less than the minimum (then rendering fails).
    double barcode_max_module_mm = 0.5;
    double barcode_min_module_mm = 0.25;
    double qr_max_module_mm = 1;  // a 21-module QR code is then 29 mm with its quiet zone
    double qr_min_module_mm = 0.375;
    // Prints "COPIA" in a box at the top: a duplicate must never pass for the original.
    bool copy_mark = false;
};

}  // namespace ventanilla
