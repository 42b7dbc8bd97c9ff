// Printing through CUPS (libcups): the receipt's PDF (or, for a raw queue, the printer's own
// bytes) sent to a named queue, the job followed to completion or to the reason it stopped
// (out of paper, printer off). The server is the system's CUPS, or the one CUPS_SERVER names.
#pragma once

#include <string>
#include <string_view>

#include "devices/printer.h"

namespace ventanilla {

class CupsPrinter final : public Printer {
public:
    explicit CupsPrinter(std::string queue) : queue_(std::move(queue)) {}

    Result<PrintJob> print(std::string_view pdf_bytes, const PrintRequest& request) override;
    // Any document the queue takes: `mime_type` "application/pdf", or "application/vnd.cups-raw"
    // for bytes a raw queue hands to the printer as they are (ESC/POS).
    Result<PrintJob> print_document(std::string_view bytes, const char* mime_type, const PrintRequest& request);
    // A job that had reached the printer is `started`; a job waiting behind a stopped printer
    // is failed, with the printer's reasons in `detail`.
    Result<PrintJob> job(std::string_view job_id) override;
    Status cancel(std::string_view job_id) override;
    PrinterHealth health() override;
    std::string name() const override { return "cups:" + queue_; }

private:
    std::string queue_;
};

// A queue's IPP printer-state (3 idle, 4 processing, 5 stopped) and printer-state-reasons
// ("media-empty-error,paused") as a condition: media-empty and media-needed are out of paper;
// offline-report, connecting-to-device, timed-out and shutdown are offline.
PrinterHealth cups_printer_health(int printer_state, std::string_view reasons);

}  // namespace ventanilla
