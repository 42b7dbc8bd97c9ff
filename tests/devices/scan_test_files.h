// For the scanner tests: the golden barcode samples, frames made from them, a scratch folder.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "devices/image_scan_source.h"

namespace ventanilla::testing {

inline std::filesystem::path barcode_samples_dir() {
    return std::filesystem::path(VENTANILLA_SOURCE_DIR) / "tests" / "devices" / "samples";
}

// The one image in a sample folder ("image.png" or "image.jpg").
inline std::filesystem::path sample_image(const std::string& sample) {
    for (const auto& entry : std::filesystem::directory_iterator(barcode_samples_dir() / sample))
        if (entry.path().stem() == "image" && entry.path().extension() != ".txt")
            return entry.path();
    throw std::runtime_error("no image in sample " + sample);
}

inline std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void spill(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

// A camera-sized grey frame with a golden sample pasted in the middle (or none: "").
inline GrayImage camera_frame(const std::string& sample, int width = 1280, int height = 720) {
    GrayImage frame{width, height,
                    std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height, 150)};
    if (sample.empty()) return frame;
    auto code = load_gray_image(sample_image(sample));
    if (!code || code->width > width || code->height > height)
        throw std::runtime_error("sample " + sample + " does not fit a frame");
    const int left = (width - code->width) / 2, top = (height - code->height) / 2;
    for (int y = 0; y < code->height; ++y)
        std::copy_n(code->pixels.begin() + static_cast<std::ptrdiff_t>(y) * code->width,
                    code->width,
                    frame.pixels.begin() + static_cast<std::ptrdiff_t>(top + y) * width + left);
    return frame;
}

// Saves grey pixels as a binary PGM, which every image source here reads.
inline void write_pgm(const std::filesystem::path& path, const GrayImage& image) {
    std::string bytes = "P5\n" + std::to_string(image.width) + " " + std::to_string(image.height) + "\n255\n";
    bytes.append(image.pixels.begin(), image.pixels.end());
    spill(path, bytes);
}

// A fresh folder under /tmp, removed with its contents at the end of the test.
class ScratchDir {
public:
    ScratchDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "ventanilla-scan-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~ScratchDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

}  // namespace ventanilla::testing
