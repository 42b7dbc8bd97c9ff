// Files for the scanner tests: the golden barcode samples and a scratch folder per test.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace ventanilla::testing {

inline std::filesystem::path barcode_samples_dir() {
    return std::filesystem::path(VENTANILLA_SOURCE_DIR) / "tests" / "devices" / "samples";
}

// The one image in a sample folder ("image.png" or "image.jpg").
inline std::filesystem::path sample_image(const std::string& sample) {
    for (const auto& entry : std::filesystem::directory_iterator(barcode_samples_dir() / sample))
        if (entry.path().stem() == "image" && entry.path().extension() != ".txt") return entry.path();
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
