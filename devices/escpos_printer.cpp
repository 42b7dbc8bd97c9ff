#include "devices/escpos_printer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <memory>
#include <cups/cups.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

namespace ventanilla {

namespace {

constexpr int kBandRows = 256;
constexpr unsigned char kThreshold = 160;  // grey below this prints: thin strokes stay whole

}  // namespace

Result<MonoRaster> rasterize_receipt(std::string_view pdf_bytes, const EscposOptions& options) {
    std::unique_ptr<poppler::document> document(
        poppler::document::load_from_raw_data(pdf_bytes.data(), static_cast<int>(pdf_bytes.size())));
    if (!document || document->is_locked() || document->pages() < 1) {
        return make_error("printer.invalid_request", "not a PDF Poppler can read");
    }
    const double dpi = options.dots_per_mm * 25.4;
    MonoRaster raster;
    raster.width_dots = static_cast<int>(std::lround(options.printable_width_mm * options.dots_per_mm)) / 8 * 8;
    const int margin_dots = static_cast<int>(
        std::lround((options.paper_width_mm - options.printable_width_mm) / 2 * options.dots_per_mm));
    poppler::page_renderer renderer;
    renderer.set_image_format(poppler::image::format_gray8);
    renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
    renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
    const int bytes_per_row = raster.width_dots / 8;
    for (int p = 0; p < document->pages(); ++p) {
        std::unique_ptr<poppler::page> page(document->create_page(p));
        if (!page) return make_error("printer.invalid_request", "a page Poppler cannot read");
        poppler::image image = renderer.render_page(page.get(), dpi, dpi);
        if (!image.is_valid()) return make_error("printer.invalid_request", "a page Poppler cannot render");
        const int first_row = raster.height_dots;
        raster.height_dots += image.height();
        raster.rows.resize(static_cast<std::size_t>(raster.height_dots) * static_cast<std::size_t>(bytes_per_row), 0);
        const char* pixels = image.const_data();
        for (int y = 0; y < image.height(); ++y) {
            const auto* row = reinterpret_cast<const unsigned char*>(pixels + static_cast<std::ptrdiff_t>(y) * image.bytes_per_row());
            unsigned char* out = raster.rows.data() + static_cast<std::size_t>(first_row + y) * static_cast<std::size_t>(bytes_per_row);
            for (int x = 0; x < raster.width_dots; ++x) {
                int source_x = x + margin_dots;
                if (source_x < 0 || source_x >= image.width()) continue;
                if (row[source_x] < kThreshold) out[x / 8] |= static_cast<unsigned char>(0x80 >> (x % 8));
            }
        }
    }
    return raster;
}

std::string escpos_job(const MonoRaster& raster, const EscposOptions& options) {
    std::string job = "\x1b@";  // ESC @: initialise
    const int bytes_per_row = raster.width_dots / 8;
    for (int top = 0; top < raster.height_dots; top += kBandRows) {
        const int rows = std::min(kBandRows, raster.height_dots - top);
        // GS v 0 m xL xH yL yH: a raster band, normal density.
        job += std::string("\x1dv0\x00", 4);
        job += static_cast<char>(bytes_per_row & 0xff);
        job += static_cast<char>(bytes_per_row >> 8);
        job += static_cast<char>(rows & 0xff);
        job += static_cast<char>(rows >> 8);
        job.append(reinterpret_cast<const char*>(raster.rows.data()) + static_cast<std::size_t>(top) * static_cast<std::size_t>(bytes_per_row),
                   static_cast<std::size_t>(rows) * static_cast<std::size_t>(bytes_per_row));
    }
    job += "\x1b" "d";  // ESC d n: feed n lines
    job += static_cast<char>(options.feed_lines_before_cut);
    job += std::string("\x1dV\x42\x00", 4);  // GS V 66 0: feed to the cutter and cut partially
    return job;
}

std::string escpos_cups_queue(std::string_view device) {
    return device.starts_with("cups:") ? std::string(device.substr(5)) : std::string();
}

EscposPrinter::EscposPrinter(EscposOptions options) : options_(std::move(options)) {
    if (std::string queue = escpos_cups_queue(options_.device); !queue.empty()) {
        cups_ = std::make_unique<CupsPrinter>(queue);
    }
}

Result<PrintJob> EscposPrinter::print(std::string_view pdf_bytes, const PrintRequest& request) {
    if (request.copies < 1) return make_error("printer.invalid_request", "no copies");
    auto raster = rasterize_receipt(pdf_bytes, options_);
    if (!raster) return raster.error();
    std::string bytes = escpos_job(*raster, options_);
    std::string all;
    for (int i = 0; i < request.copies; ++i) all += bytes;
    std::string size = std::to_string(raster->width_dots) + "x" + std::to_string(raster->height_dots) + " dots";
    if (cups_) {
        PrintRequest one = request;
        one.copies = 1;  // already repeated in the bytes
        auto job = cups_->print_document(all, CUPS_FORMAT_RAW, one);
        if (job) job->detail = size;
        return job;
    }
    return write_to_device(all, size);
}

Result<PrintJob> EscposPrinter::write_to_device(const std::string& all, std::string detail) {
    PrintJob job;
    {
        std::lock_guard lock(mutex_);
        job.id = std::to_string(next_job_++);
    }
    job.where = options_.device;
    int fd = ::open(options_.device.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY | O_CREAT | O_TRUNC, 0600);
    auto failed = [&](int error) -> Result<PrintJob> {
        std::string reason = std::strerror(error);
        if (error == ENOSPC) {
            return make_error("printer.disk_full", options_.device, {{"folder", options_.device}, {"reason", reason}});
        }
        return make_error("printer.unavailable", options_.device + ": " + reason,
                          {{"printer", name()}, {"reason", reason}});
    };
    if (fd < 0) return failed(errno);
    std::size_t written = 0;
    int error = 0;
    while (written < all.size()) {
        ssize_t n = ::write(fd, all.data() + written, all.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            error = n < 0 ? errno : EIO;
            break;
        }
        written += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0 && error == 0) error = errno;
    if (error != 0 && written == 0) return failed(error);
    job.started = true;
    job.state = error == 0 ? PrintJobState::completed : PrintJobState::failed;
    // Paper out or unplugged half way: the print worker prints it again.
    job.detail = error == 0 ? std::move(detail)
                            : std::string(std::strerror(error)) + " after " + std::to_string(written) + " of " +
                                  std::to_string(all.size()) + " bytes";
    std::lock_guard lock(mutex_);
    jobs_[job.id] = job;
    return job;
}

Result<PrintJob> EscposPrinter::job(std::string_view job_id) {
    if (cups_) return cups_->job(job_id);
    std::lock_guard lock(mutex_);
    auto it = jobs_.find(job_id);
    if (it == jobs_.end()) return make_error("printer.unknown_job", std::string(job_id));
    return it->second;
}

Status EscposPrinter::cancel(std::string_view job_id) {
    if (cups_) return cups_->cancel(job_id);
    return ok_status();  // a device job is over when print() returns
}

PrinterHealth EscposPrinter::health() {
    if (cups_) return cups_->health();
    if (::access(options_.device.c_str(), W_OK) != 0) {
        return {PrinterCondition::offline, options_.device + ": " + std::strerror(errno)};
    }
    return {PrinterCondition::ready, options_.device};
}

}  // namespace ventanilla
