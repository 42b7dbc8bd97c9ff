// Finds the barcodes (Code128, QR, DataMatrix) in one 8-bit grey image, with ZXing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/result.h"

namespace ventanilla {

// A non-owning view of 8-bit grey pixels: row y starts at data + y * stride.
struct GrayImageView {
    const std::uint8_t* data = nullptr;
    int width = 0;
    int height = 0;
    int stride = 0;  // bytes from one row to the next, >= width
};

// Grey pixels that own their memory, rows packed (stride == width).
struct GrayImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;

    GrayImageView view() const { return {pixels.data(), width, height, width}; }
};

enum class CodeFormat { code128, qr_code, data_matrix };

// One way of looking at the image. Cheap ones first: a frame that holds a code usually
// gives it up to the first pass, and a pass runs only when those before it found nothing.
enum class DecodePass {
    quick,       // ZXing reading every few rows (also turned 90°, and downscaled)
    thorough,    // ZXing reading every row ("try harder")
    flattened,   // shading and low contrast evened out: each pixel against its neighbourhood
    turned_30,   // linear codes tilted 15°–45° cross no scan line; turned 30° they do
    turned_330,  // the same for -15° to -45°
    upscaled,    // twice the size, for modules 1–2 px wide
};

struct DecodeOptions {
    // Fewer formats decode faster (~40 % with three instead of all).
    std::vector<CodeFormat> formats{CodeFormat::code128, CodeFormat::qr_code,
                                    CodeFormat::data_matrix};
    // Tried in order; a pass runs only when those before it found nothing.
    std::vector<DecodePass> passes{DecodePass::quick,      DecodePass::thorough,
                                   DecodePass::flattened,  DecodePass::turned_30,
                                   DecodePass::turned_330, DecodePass::upscaled};
    // A kiosk reads one receipt at a time. More costs a second ZXing run per pass, because
    // ZXing 1.4 (Debian's, asserts on) aborts the process when it meets the same linear code
    // twice while gathering several: linear codes are always read one per frame.
    int max_codes = 1;
    // Shorter Code128 texts are more often noise read as a code than a real receipt.
    std::size_t min_code128_length = 4;
};

struct DecodedCode {
    std::string text;    // UTF-8
    std::string format;  // ZXing's name: "Code128", "QRCode", "DataMatrix"
};

// The codes found (none is an empty list, not an error). An Error only for a
// malformed view ("barcode.invalid_image") or a decoder failure ("barcode.decoder_failed").
Result<std::vector<DecodedCode>> decode_barcodes(const GrayImageView& image,
                                                 const DecodeOptions& options = {});

const char* to_string(DecodePass pass);

}  // namespace ventanilla
