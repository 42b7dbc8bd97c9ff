#include "devices/barcode_decode.h"

#include <ZXing/BarcodeFormat.h>
#include <ZXing/DecodeHints.h>
#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>

namespace ventanilla {
namespace {

ZXing::BarcodeFormats zxing_formats(const std::vector<CodeFormat>& formats) {
    ZXing::BarcodeFormats out;
    for (CodeFormat f : formats) {
        switch (f) {
            case CodeFormat::code128: out |= ZXing::BarcodeFormat::Code128; break;
            case CodeFormat::qr_code: out |= ZXing::BarcodeFormat::QRCode; break;
            case CodeFormat::data_matrix: out |= ZXing::BarcodeFormat::DataMatrix; break;
        }
    }
    return out;
}

// The image turned by 45° about its centre, on a canvas big enough to hold all of it;
// bilinear, so the edges of tilted bars stay where they were.
GrayImage turned_45(const GrayImageView& in) {
    const double c = std::sqrt(0.5);  // cos 45° == sin 45°
    const int size = static_cast<int>(std::ceil((in.width + in.height) * c)) + 2;
    GrayImage out{size, size, std::vector<std::uint8_t>(static_cast<std::size_t>(size) * size, 255)};
    // Fixed point (16 fractional bits): source = centre + R(-45°) * (dest - centre).
    constexpr int shift = 16;
    const auto one = static_cast<std::int64_t>(1) << shift;
    const auto step = static_cast<std::int64_t>(std::llround(c * static_cast<double>(one)));
    const double half = size / 2.0;
    const auto sx_centre = static_cast<std::int64_t>(std::llround(in.width / 2.0 * one));
    const auto sy_centre = static_cast<std::int64_t>(std::llround(in.height / 2.0 * one));
    const std::int64_t max_x = static_cast<std::int64_t>(in.width - 1) << shift;
    const std::int64_t max_y = static_cast<std::int64_t>(in.height - 1) << shift;
    for (int y = 0; y < size; ++y) {
        const double dy = y + 0.5 - half;
        const double dx0 = 0.5 - half;
        // Inverse rotation: sx = cx + dx*c + dy*c, sy = cy - dx*c + dy*c.
        std::int64_t sx = sx_centre + static_cast<std::int64_t>(std::llround((dx0 + dy) * c * one)) - one / 2;
        std::int64_t sy = sy_centre + static_cast<std::int64_t>(std::llround((dy - dx0) * c * one)) - one / 2;
        std::uint8_t* row = out.pixels.data() + static_cast<std::size_t>(y) * size;
        for (int x = 0; x < size; ++x, sx += step, sy -= step) {
            if (sx < 0 || sy < 0 || sx >= max_x || sy >= max_y) continue;
            const auto ix = static_cast<int>(sx >> shift);
            const auto iy = static_cast<int>(sy >> shift);
            const auto fx = static_cast<int>((sx >> 8) & 0xFF);
            const auto fy = static_cast<int>((sy >> 8) & 0xFF);
            const std::uint8_t* p = in.data + static_cast<std::ptrdiff_t>(iy) * in.stride + ix;
            const int top = p[0] * (256 - fx) + p[1] * fx;
            const int bottom = p[in.stride] * (256 - fx) + p[in.stride + 1] * fx;
            row[x] = static_cast<std::uint8_t>((top * (256 - fy) + bottom * fy + (1 << 15)) >> 16);
        }
    }
    return out;
}

// Twice the size, bilinear: gives ZXing room to find 1-px modules.
GrayImage upscaled_2x(const GrayImageView& in) {
    GrayImage out{in.width * 2, in.height * 2,
                  std::vector<std::uint8_t>(static_cast<std::size_t>(in.width) * 2 * in.height * 2)};
    for (int y = 0; y < out.height; ++y) {
        // Destination pixel centre y+0.5 maps to source (y+0.5)/2 - 0.5 = y/2 - 0.25.
        const int sy0 = std::max(0, (y - 1) / 2);
        const int sy1 = std::min(in.height - 1, sy0 + 1);
        const int wy = (y == 0) ? 0 : ((y % 2) ? 1 : 3);  // weight of sy1, in quarters
        const std::uint8_t* r0 = in.data + static_cast<std::ptrdiff_t>(sy0) * in.stride;
        const std::uint8_t* r1 = in.data + static_cast<std::ptrdiff_t>(sy1) * in.stride;
        std::uint8_t* row = out.pixels.data() + static_cast<std::size_t>(y) * out.width;
        for (int x = 0; x < out.width; ++x) {
            const int sx0 = std::max(0, (x - 1) / 2);
            const int sx1 = std::min(in.width - 1, sx0 + 1);
            const int wx = (x == 0) ? 0 : ((x % 2) ? 1 : 3);
            const int top = r0[sx0] * (4 - wx) + r0[sx1] * wx;
            const int bottom = r1[sx0] * (4 - wx) + r1[sx1] * wx;
            row[x] = static_cast<std::uint8_t>((top * (4 - wy) + bottom * wy + 8) / 16);
        }
    }
    return out;
}

void read_into(const ZXing::ImageView& view, const ZXing::DecodeHints& hints,
               const DecodeOptions& options, std::vector<DecodedCode>& codes) {
    for (const ZXing::Result& r : ZXing::ReadBarcodes(view, hints)) {
        if (!r.isValid()) continue;
        DecodedCode code{r.text(), ZXing::ToString(r.format())};
        if (r.format() == ZXing::BarcodeFormat::Code128 &&
            code.text.size() < options.min_code128_length)
            continue;
        const bool seen = std::any_of(codes.begin(), codes.end(), [&](const DecodedCode& c) {
            return c.text == code.text && c.format == code.format;
        });
        if (!seen) codes.push_back(std::move(code));
    }
}

// ZXing 1.4's Result::operator== asserts when a linear result seen on several scan lines is
// compared with its own double (found again on the downscaled layer, or a second copy of the
// same label), and Debian builds it with asserts: the process aborts. It compares only while
// gathering more than one symbol, so linear codes are read one at a time.
std::vector<DecodedCode> read(const GrayImageView& image, const ZXing::DecodeHints& hints,
                              const DecodeOptions& options) {
    const ZXing::ImageView view(image.data, image.width, image.height, ZXing::ImageFormat::Lum,
                                image.stride);
    std::vector<DecodedCode> codes;
    const ZXing::BarcodeFormats linear = hints.formats() & ZXing::BarcodeFormat::LinearCodes;
    const ZXing::BarcodeFormats matrix = hints.formats() & ZXing::BarcodeFormat::MatrixCodes;
    if (options.max_codes <= 1 || linear.empty() || matrix.empty()) {
        ZXing::DecodeHints one_pass = hints;
        if (!linear.empty()) one_pass.setMaxNumberOfSymbols(1);
        read_into(view, one_pass, options, codes);
        return codes;
    }
    ZXing::DecodeHints matrix_hints = hints;
    matrix_hints.setFormats(matrix);
    read_into(view, matrix_hints, options, codes);
    ZXing::DecodeHints linear_hints = hints;
    linear_hints.setFormats(linear).setMaxNumberOfSymbols(1);
    read_into(view, linear_hints, options, codes);
    if (codes.size() > static_cast<std::size_t>(options.max_codes))
        codes.resize(static_cast<std::size_t>(options.max_codes));
    return codes;
}

}  // namespace

const char* to_string(DecodePass pass) {
    switch (pass) {
        case DecodePass::plain: return "plain";
        case DecodePass::turned_45: return "turned_45";
        case DecodePass::upscaled: return "upscaled";
    }
    return "?";
}

Result<std::vector<DecodedCode>> decode_barcodes(const GrayImageView& image,
                                                 const DecodeOptions& options) {
    // ZXing works in int; a view it could not address, or that reads outside its rows, is refused.
    constexpr int max_side = 1 << 14;
    if (image.data == nullptr || image.width < 1 || image.height < 1 ||
        image.stride < image.width || image.width > max_side || image.height > max_side ||
        image.stride > std::numeric_limits<int>::max() / max_side)
        return make_error("barcode.invalid_image",
                          std::to_string(image.width) + "x" + std::to_string(image.height) +
                              " stride " + std::to_string(image.stride));
    if (options.formats.empty() || options.max_codes < 1) return std::vector<DecodedCode>{};

    ZXing::DecodeHints hints;
    hints.setFormats(zxing_formats(options.formats));
    hints.setMaxNumberOfSymbols(static_cast<std::uint8_t>(std::min(options.max_codes, 255)));
    try {
        for (DecodePass pass : options.passes) {
            std::vector<DecodedCode> codes;
            switch (pass) {
                case DecodePass::plain: codes = read(image, hints, options); break;
                case DecodePass::turned_45: {
                    const GrayImage turned = turned_45(image);
                    codes = read(turned.view(), hints, options);
                    break;
                }
                case DecodePass::upscaled: {
                    // Big frames are already sharp enough; a 4x larger copy would only cost time.
                    if (image.width * image.height > 1920 * 1080) break;
                    const GrayImage big = upscaled_2x(image);
                    ZXing::DecodeHints no_downscale = hints;
                    no_downscale.setTryDownscale(false);
                    codes = read(big.view(), no_downscale, options);
                    break;
                }
            }
            if (!codes.empty()) return codes;
        }
    } catch (const std::exception& e) {
        return make_error("barcode.decoder_failed", e.what());
    }
    return std::vector<DecodedCode>{};
}

}  // namespace ventanilla
