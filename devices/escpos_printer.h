// Raw ESC/POS to a thermal printer: the receipt's PDF rendered at the printer's resolution
// (Poppler, the same page the PDF folder keeps), thresholded to black and white, sent as
// raster bands and cut — to its device (USB /dev/usb/lp0, a serial port, a file) or, as
// "cups:QUEUE", through a CUPS raw queue that hands the bytes to the printer as they are.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "devices/cups_printer.h"
#include "devices/printer.h"

namespace ventanilla {

struct EscposOptions {
    std::string device = "/dev/usb/lp0";  // or "cups:QUEUE", a raw queue
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

// The CUPS queue a device setting names ("cups:receipts" → "receipts"), or "".
std::string escpos_cups_queue(std::string_view device);

class EscposPrinter final : public Printer {
public:
    explicit EscposPrinter(EscposOptions options);

    // To a device: the job is completed once every byte is written; a write that fails after
    // the first bytes went out is a `started`, failed job (a torn receipt). Through CUPS: the
    // queue's job, followed with job().
    Result<PrintJob> print(std::string_view pdf_bytes, const PrintRequest& request) override;
    Result<PrintJob> job(std::string_view job_id) override;
    Status cancel(std::string_view job_id) override;
    // A device node exists only while the printer is plugged in and powered.
    PrinterHealth health() override;
    std::string name() const override { return "escpos:" + options_.device; }

private:
    Result<PrintJob> write_to_device(const std::string& bytes, std::string detail);

    EscposOptions options_;
    std::unique_ptr<CupsPrinter> cups_;  // when the device is a raw CUPS queue
    std::mutex mutex_;
    std::map<std::string, PrintJob, std::less<>> jobs_;
    int next_job_ = 1;
};

}  // namespace ventanilla
