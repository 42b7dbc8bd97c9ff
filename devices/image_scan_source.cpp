#include "devices/image_scan_source.h"

#include <stb/stb_image.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <fstream>
#include <map>
#include <mutex>
#include <stop_token>
#include <string>
#include <system_error>
#include <thread>

namespace ventanilla {
namespace {

namespace fs = std::filesystem;

// What identifies one version of a file between two polls.
struct FileStamp {
    std::uintmax_t size = 0;
    fs::file_time_type mtime{};
    bool operator==(const FileStamp&) const = default;
};

struct FileState {
    FileStamp stamp;
    bool scanned = false;
};

// stb_image pads a binary PGM/PPM that is shorter than its header says with whatever it
// finds; a truncated file must be an error instead. True when `bytes` is not such a file.
bool pnm_is_complete(const std::uint8_t* bytes, std::size_t size) {
    if (size < 2 || bytes[0] != 'P' || (bytes[1] != '5' && bytes[1] != '6')) return true;
    const std::size_t channels = bytes[1] == '6' ? 3 : 1;
    std::size_t pos = 2;
    std::uint64_t fields[3] = {0, 0, 0};  // width, height, maxval
    for (auto& field : fields) {
        while (pos < size && (std::isspace(bytes[pos]) || bytes[pos] == '#')) {
            if (bytes[pos] == '#')
                while (pos < size && bytes[pos] != '\n') ++pos;
            else
                ++pos;
        }
        if (pos >= size || !std::isdigit(bytes[pos])) return false;
        while (pos < size && std::isdigit(bytes[pos]) && field < (1u << 30))
            field = field * 10 + (bytes[pos++] - '0');
    }
    ++pos;  // the one whitespace byte before the pixels
    const std::uint64_t sample_bytes = fields[2] > 255 ? 2 : 1;
    return pos <= size && (size - pos) >= fields[0] * fields[1] * channels * sample_bytes;
}

}  // namespace

Result<GrayImage> decode_gray_image(const std::uint8_t* bytes, std::size_t size,
                                    const ImageLoadOptions& options) {
    if (size > options.max_file_bytes || size > static_cast<std::size_t>(INT32_MAX))
        return make_error("image.too_large", std::to_string(size) + " bytes");
    const int length = static_cast<int>(size);
    int width = 0, height = 0, channels = 0;
    if (bytes == nullptr || !stbi_info_from_memory(bytes, length, &width, &height, &channels))
        return make_error("image.not_an_image", "not a PNG, JPEG or PNM image");
    if (width < 1 || height < 1 || width > options.max_side_px || height > options.max_side_px)
        return make_error("image.too_large",
                          std::to_string(width) + "x" + std::to_string(height) + " px");
    if (!pnm_is_complete(bytes, size))
        return make_error("image.not_an_image", "PGM/PPM shorter than its header says");
    stbi_uc* pixels = stbi_load_from_memory(bytes, length, &width, &height, &channels, 1);
    if (pixels == nullptr) {
        const char* reason = stbi_failure_reason();
        return make_error("image.not_an_image", reason ? reason : "corrupt image");
    }
    GrayImage image{width, height, {}};
    image.pixels.assign(pixels, pixels + static_cast<std::size_t>(width) * height);
    stbi_image_free(pixels);
    return image;
}

Result<GrayImage> load_gray_image(const fs::path& path, const ImageLoadOptions& options) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (!fs::exists(status)) return make_error("image.not_found", path.filename().string());
    if (!fs::is_regular_file(status))
        return make_error("image.unreadable", path.filename().string() + ": not a file");
    const auto size = fs::file_size(path, ec);
    if (ec) return make_error("image.unreadable", path.filename().string() + ": " + ec.message());
    if (size > options.max_file_bytes)
        return make_error("image.too_large", path.filename().string());

    std::ifstream in(path, std::ios::binary);
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    if (!in || !in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size)))
        return make_error("image.unreadable", path.filename().string());
    auto image = decode_gray_image(bytes.data(), bytes.size(), options);
    if (!image) {
        Error e = image.error();
        e.detail = path.filename().string() + ": " + e.detail;
        return e;
    }
    return image;
}

Result<std::vector<DecodedCode>> scan_image_file(const fs::path& path, const DecodeOptions& decode,
                                                 const ImageLoadOptions& load) {
    auto image = load_gray_image(path, load);
    if (!image) return image.error();
    return decode_barcodes(image->view(), decode);
}

bool is_image_file_name(const fs::path& path) {
    const std::string name = path.filename().string();
    if (name.empty() || name.front() == '.') return false;
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".pgm" || ext == ".ppm" ||
           ext == ".pnm";
}

struct ImageFolderScanSource::Worker {
    fs::path folder;
    ScanStream& stream;
    ImageFolderOptions options;
    std::map<fs::path, FileState> files;
    std::atomic<std::uint64_t> polls{0};
    std::mutex mutex;
    std::condition_variable_any wake;
    std::jthread thread;  // last: started once everything above exists

    Worker(fs::path f, ScanStream& s, ImageFolderOptions o)
        : folder(std::move(f)), stream(s), options(std::move(o)) {
        thread = std::jthread([this](std::stop_token stop) { run(stop); });
    }

    void run(std::stop_token stop) {
        bool first = true;
        while (!stop.stop_requested()) {
            poll(first);
            first = false;
            polls.fetch_add(1);
            std::unique_lock lock(mutex);
            wake.wait_for(lock, stop, options.poll_interval, [] { return false; });
        }
    }

    void poll(bool first) {
        std::error_code ec;
        std::map<fs::path, FileStamp> present;
        for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
            const fs::path& path = it->path();
            std::error_code file_ec;
            if (!is_image_file_name(path) || !it->is_regular_file(file_ec)) continue;
            FileStamp stamp{it->file_size(file_ec), it->last_write_time(file_ec)};
            if (!file_ec) present.emplace(path, stamp);
        }
        // Forget files that went away, so one put back later is scanned again.
        std::erase_if(files, [&](const auto& entry) { return !present.contains(entry.first); });
        for (const auto& [path, stamp] : present) {
            auto [it, is_new] =
                files.try_emplace(path, FileState{stamp, first && !options.scan_existing_files});
            FileState& state = it->second;
            if (is_new) continue;  // seen once; scanned when it holds still until the next poll
            if (!(state.stamp == stamp)) {
                state = FileState{stamp, false};
                continue;
            }
            if (state.scanned) continue;
            state.scanned = true;
            scan(path);
        }
    }

    void scan(const fs::path& path) {
        auto codes = scan_image_file(path, options.decode, options.load);
        if (!codes) {
            stream.push_error(codes.error());
            return;
        }
        const auto when = std::chrono::steady_clock::now();
        for (DecodedCode& code : codes.value())
            stream.push(Scan{std::move(code.text), "image", when});
    }
};

ImageFolderScanSource::ImageFolderScanSource(fs::path folder, ScanStream& stream,
                                             ImageFolderOptions options)
    : worker_(std::make_unique<Worker>(std::move(folder), stream, std::move(options))) {}

ImageFolderScanSource::~ImageFolderScanSource() = default;

std::uint64_t ImageFolderScanSource::polls_done() const {
    return worker_->polls.load();
}

}  // namespace ventanilla
