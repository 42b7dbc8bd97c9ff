// Scans image files for barcodes: one file on demand, or each new image dropped into a folder.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "devices/barcode_decode.h"
#include "devices/scan_source.h"
#include "kiosk/result.h"

namespace ventanilla {

struct ImageLoadOptions {
    std::uintmax_t max_file_bytes = 64u << 20;
    int max_side_px = 8192;  // a bigger picture is a mistake or an attack, not a receipt
};

// PNG, JPEG, PGM/PPM (anything stb_image reads) as grey pixels. Errors:
// image.not_found, image.unreadable, image.too_large, image.not_an_image.
Result<GrayImage> load_gray_image(const std::filesystem::path& path,
                                  const ImageLoadOptions& options = {});

// The same from bytes already in memory.
Result<GrayImage> decode_gray_image(const std::uint8_t* bytes, std::size_t size,
                                    const ImageLoadOptions& options = {});

// Loads and decodes: the technician's "scan this image".
Result<std::vector<DecodedCode>> scan_image_file(const std::filesystem::path& path,
                                                 const DecodeOptions& decode = {},
                                                 const ImageLoadOptions& load = {});

// True for the names a folder watch looks at: .png .jpg .jpeg .pgm .ppm .pnm, not hidden.
bool is_image_file_name(const std::filesystem::path& path);

struct ImageFolderOptions {
    std::chrono::milliseconds poll_interval{250};
    // Files already there when the watch starts are left alone unless this is set.
    bool scan_existing_files = false;
    DecodeOptions decode;
    ImageLoadOptions load;
};

// Watches a folder on a worker thread. A file is scanned once it has kept the same size
// and time for one poll (so a half-copied file is not read), and once only, unless it is
// rewritten. Each code found becomes a Scan with source "image"; an unreadable image
// becomes an error on the stream. The folder may be missing at start or vanish later.
class ImageFolderScanSource {
public:
    ImageFolderScanSource(std::filesystem::path folder, ScanStream& stream,
                          ImageFolderOptions options = {});
    ~ImageFolderScanSource();  // stops and joins the worker
    ImageFolderScanSource(const ImageFolderScanSource&) = delete;
    ImageFolderScanSource& operator=(const ImageFolderScanSource&) = delete;

    // How many polls have completed: lets a test wait for "the watch has looked".
    std::uint64_t polls_done() const;

private:
    struct Worker;
    std::unique_ptr<Worker> worker_;
};

}  // namespace ventanilla
