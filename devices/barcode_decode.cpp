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
            case CodeFormat::code128:
                out |= ZXing::BarcodeFormat::Code128;
                break;
            case CodeFormat::qr_code:
                out |= ZXing::BarcodeFormat::QRCode;
                break;
            case CodeFormat::data_matrix:
                out |= ZXing::BarcodeFormat::DataMatrix;
                break;
        }
    }
    return out;
}

// The image turned by `degrees` about its centre, on a canvas big enough to hold all of it,
// white where the image was not; bilinear, so the edges of tilted bars stay where they were.
GrayImage turned(const GrayImageView& in, double degrees) {
    const double radians = degrees * 3.14159265358979323846 / 180.0;
    const double c = std::cos(radians), s = std::sin(radians);
    const int width =
        static_cast<int>(std::ceil(std::abs(in.width * c) + std::abs(in.height * s))) + 2;
    const int height =
        static_cast<int>(std::ceil(std::abs(in.width * s) + std::abs(in.height * c))) + 2;
    GrayImage out{width, height,
                  std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height, 255)};
    // Fixed point with 16 fractional bits. For a destination pixel centre d (relative to the
    // canvas centre) the source is centre + R(-degrees) d, less half a pixel for pixel centres.
    constexpr int shift = 16;
    constexpr double one = 1 << shift;
    const auto step_x = static_cast<std::int64_t>(std::llround(c * one));
    const auto step_y = static_cast<std::int64_t>(std::llround(-s * one));
    const std::int64_t max_x = static_cast<std::int64_t>(in.width - 1) << shift;
    const std::int64_t max_y = static_cast<std::int64_t>(in.height - 1) << shift;
    for (int y = 0; y < height; ++y) {
        const double dy = y + 0.5 - height / 2.0;
        const double dx = 0.5 - width / 2.0;
        auto sx =
            static_cast<std::int64_t>(std::llround((in.width / 2.0 + c * dx + s * dy - 0.5) * one));
        auto sy = static_cast<std::int64_t>(
            std::llround((in.height / 2.0 - s * dx + c * dy - 0.5) * one));
        std::uint8_t* row = out.pixels.data() + static_cast<std::size_t>(y) * width;
        for (int x = 0; x < width; ++x, sx += step_x, sy += step_y) {
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

// Each pixel against the mean of the (2r+1)² square around it, doubled about mid-grey: a
// shadow across a label or a grey-on-grey print becomes black on white again. One pass
// of running sums per row and per column.
GrayImage flattened(const GrayImageView& in, int radius) {
    const int w = in.width, h = in.height;
    // Column sums over the window, updated one row at a time.
    std::vector<std::uint32_t> column(static_cast<std::size_t>(w), 0);
    GrayImage out{w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h)};
    auto row_of = [&](int y) { return in.data + static_cast<std::ptrdiff_t>(y) * in.stride; };
    for (int y = 0; y < std::min(radius, h); ++y)
        for (int x = 0; x < w; ++x) column[x] += row_of(y)[x];
    for (int y = 0; y < h; ++y) {
        if (y + radius < h)
            for (int x = 0; x < w; ++x) column[x] += row_of(y + radius)[x];
        if (y - radius - 1 >= 0)
            for (int x = 0; x < w; ++x) column[x] -= row_of(y - radius - 1)[x];
        const int rows = std::min(h - 1, y + radius) - std::max(0, y - radius) + 1;
        std::uint32_t window = 0;
        for (int x = 0; x < std::min(radius, w); ++x) window += column[x];
        const std::uint8_t* src = row_of(y);
        std::uint8_t* dst = out.pixels.data() + static_cast<std::size_t>(y) * w;
        for (int x = 0; x < w; ++x) {
            if (x + radius < w) window += column[x + radius];
            if (x - radius - 1 >= 0) window -= column[x - radius - 1];
            const int cols = std::min(w - 1, x + radius) - std::max(0, x - radius) + 1;
            const int mean = static_cast<int>(window / static_cast<std::uint32_t>(rows * cols));
            dst[x] = static_cast<std::uint8_t>(std::clamp(128 + 2 * (src[x] - mean), 0, 255));
        }
    }
    return out;
}

// Twice the size, bicubic (Catmull-Rom): gives ZXing room to find 1–2 px modules. Bilinear
// blurs them too much: in the bench set it failed on 1.5 px QR modules that this reads.
// At exactly 2x every output pixel sits 1/4 or 3/4 between two input pixels, so the
// weights are fixed: (-9, 111, 29, -3) / 128 and their mirror.
GrayImage upscaled_2x(const GrayImageView& in) {
    const int w = in.width, h = in.height, out_w = 2 * w;
    constexpr int near_weights[4] = {-9, 111, 29, -3};  // taps at i-1, i, i+1, i+2; t = 1/4
    constexpr int far_weights[4] = {-3, 29, 111, -9};   // taps at i-2, i-1, i, i+1; t = 3/4
    auto clamp_x = [w](int x) { return std::clamp(x, 0, w - 1); };
    // Pass 1: every input row widened, kept x128 and signed (the overshoot is clamped last).
    std::vector<std::int32_t> wide(static_cast<std::size_t>(out_w) * h);
    for (int y = 0; y < h; ++y) {
        const std::uint8_t* src = in.data + static_cast<std::ptrdiff_t>(y) * in.stride;
        std::int32_t* dst = wide.data() + static_cast<std::size_t>(y) * out_w;
        for (int k = 0; k < w; ++k) {
            std::int32_t even = 0, odd = 0;
            for (int t = 0; t < 4; ++t) {
                even += far_weights[t] * src[clamp_x(k - 2 + t)];
                odd += near_weights[t] * src[clamp_x(k - 1 + t)];
            }
            dst[2 * k] = even;
            dst[2 * k + 1] = odd;
        }
    }
    // Pass 2: the same down the columns.
    GrayImage out{out_w, 2 * h, std::vector<std::uint8_t>(static_cast<std::size_t>(out_w) * 2 * h)};
    for (int y = 0; y < out.height; ++y) {
        const int k = y / 2;
        const bool even = y % 2 == 0;
        const int first = even ? k - 2 : k - 1;
        const int* weights = even ? far_weights : near_weights;
        const std::int32_t* rows[4];
        for (int t = 0; t < 4; ++t)
            rows[t] =
                wide.data() + static_cast<std::size_t>(std::clamp(first + t, 0, h - 1)) * out_w;
        std::uint8_t* dst = out.pixels.data() + static_cast<std::size_t>(y) * out_w;
        for (int x = 0; x < out_w; ++x) {
            const std::int32_t v = weights[0] * rows[0][x] + weights[1] * rows[1][x] +
                                   weights[2] * rows[2][x] + weights[3] * rows[3][x];
            dst[x] = static_cast<std::uint8_t>(std::clamp((v + 8192) >> 14, 0, 255));
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
        case DecodePass::quick:
            return "quick";
        case DecodePass::thorough:
            return "thorough";
        case DecodePass::flattened:
            return "flattened";
        case DecodePass::turned_30:
            return "turned_30";
        case DecodePass::turned_330:
            return "turned_330";
        case DecodePass::upscaled:
            return "upscaled";
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
        return make_error("barcode.invalid_image", std::to_string(image.width) + "x" +
                                                       std::to_string(image.height) + " stride " +
                                                       std::to_string(image.stride));
    if (options.formats.empty() || options.max_codes < 1) return std::vector<DecodedCode>{};

    ZXing::DecodeHints thorough;
    thorough.setFormats(zxing_formats(options.formats));
    thorough.setMaxNumberOfSymbols(static_cast<std::uint8_t>(std::min(options.max_codes, 255)));
    ZXing::DecodeHints quick = thorough;
    quick.setTryHarder(false);
    // Big frames are already sharp enough; a 4x larger copy would only cost time.
    const bool may_upscale = static_cast<long>(image.width) * image.height <= 1920L * 1080L;
    try {
        for (DecodePass pass : options.passes) {
            std::vector<DecodedCode> codes;
            switch (pass) {
                case DecodePass::quick:
                    codes = read(image, quick, options);
                    break;
                case DecodePass::thorough:
                    codes = read(image, thorough, options);
                    break;
                case DecodePass::flattened:
                    codes = read(flattened(image, 16).view(), thorough, options);
                    break;
                case DecodePass::turned_30:
                    codes = read(turned(image, 30).view(), thorough, options);
                    break;
                case DecodePass::turned_330:
                    codes = read(turned(image, -30).view(), thorough, options);
                    break;
                case DecodePass::upscaled: {
                    if (!may_upscale) break;
                    ZXing::DecodeHints no_downscale = thorough;
                    no_downscale.setTryDownscale(false);
                    codes = read(upscaled_2x(image).view(), no_downscale, options);
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
