// Renders a ReceiptDocument to a one-page PDF (libharu, base-14 fonts, codes drawn with ZXing).
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "devices/receipt.h"
#include "kiosk/result.h"

namespace ventanilla {

// Every error code render_receipt_pdf can produce (each has a key in assets/i18n).
inline constexpr std::array<std::string_view, 5> kReceiptPdfErrorCodes{
    "receipt.invalid_options",  // paper narrower than its margins, sizes not positive…
    "receipt.invalid_code",     // a barcode payload ZXing cannot encode (empty, not ASCII)
    "receipt.code_too_wide",    // a code would not fit the paper at its minimum module
    "receipt.too_long",         // taller than the 5 m PDF allows for one page
    "receipt.pdf_failed",       // libharu reported an error (out of memory…)
};

// A one-page PDF as wide as the paper and exactly as tall as its content. Text
// is Helvetica in WinAnsiEncoding: characters outside Windows-1252 print as "?".
// Codes are images of one pixel per module, scaled to whole printer dots.
Result<std::string> render_receipt_pdf(const ReceiptDocument& document,
                                       const ReceiptOptions& options = {});

// How many characters of `document` will print as "?" (outside Windows-1252,
// ill-formed UTF-8, control characters): worth a line in the diagnostics.
std::size_t receipt_unprintable_characters(const ReceiptDocument& document);

}  // namespace ventanilla
