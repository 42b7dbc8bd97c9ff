// Raw ESC/POS to a thermal printer's device (USB /dev/usb/lp0, a serial port, a file): the
// receipt's PDF rendered at the printer's resolution (Poppler, the same page the PDF folder
// keeps), thresholded to black and white, sent as raster bands and cut.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "devices/printer.h"

namespace ventanilla {

struct EscposOptions {
    std::string device = "/dev/usb/lp0";
    double paper_width_mm = 80;
    double printable_width_mm = 72;  // 80 mm rolls: 576 dots; 58 mm rolls: 48 mm, 384 dots
    double dots_per_mm = 8;          // 203 dpi
    int feed_lines_before_cut = 4;   // the tear bar sits above the print head
};

// A page as the printer gets it: `width_dots` a multiple of 8, one bit a dot, 1 = black,
// the leftmost dot in the highest bit.
struct MonoRaster {
    int width_dots = 0;
    int height_dots = 0;
    std::vector<unsigned char> rows;  // height_dots * width_dots / 8 bytes
    bool black(int x, int y) const {
        return (rows[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_dots / 8) +
                     static_cast<std::size_t>(x / 8)] >>
                (7 - x % 8)) &
               1;
    }
};

// Every page of the PDF, stacked, cropped to the printable width and thresholded.
Result<MonoRaster> rasterize_receipt(std::string_view pdf_bytes, const EscposOptions& options);

// ESC @, the raster in GS v 0 bands of at most 256 rows, a feed and a partial cut (GS V 66).
std::string escpos_job(const MonoRaster& raster, const EscposOptions& options);

class EscposPrinter final : public Printer {
public:
    explicit EscposPrinter(EscposOptions options) : options_(std::move(options)) {}

    Result<PrintJob> print(std::string_view pdf_bytes, const PrintRequest& request) override;
    Result<PrintJob> job(std::string_view job_id) override;
    std::string name() const override { return "escpos:" + options_.device; }

private:
    EscposOptions options_;
    std::mutex mutex_;
    std::map<std::string, PrintJob, std::less<>> jobs_;
    int next_job_ = 1;
};

}  // namespace ventanilla
