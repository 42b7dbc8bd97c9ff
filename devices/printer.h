// What every printer backend (PDF folder, CUPS, ESC/POS) offers: a PDF in, a job out.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "kiosk/result.h"

namespace ventanilla {

// Every error code the printer backends share (each needs a key in assets/i18n).
inline constexpr std::array<std::string_view, 7> kPrinterErrorCodes{
    "printer.invalid_request",    // not a PDF, no copies
    "printer.folder_unwritable",  // missing rights, read-only medium, a file in the way
    "printer.disk_full",
    "printer.write_failed",  // any other I/O error, with the reason in the detail
    "printer.unknown_job",
    "printer.unavailable",  // a queue or device that does not answer (CUPS, ESC/POS)
    "printer.backend_unavailable",  // the configured backend is not in this build
};

struct PrintRequest {
    std::string title = "recibo";  // UTF-8; names the job in a queue or the file in a folder
    int copies = 1;
};

// Where a job is. A folder job is completed as soon as print() returns; a CUPS or
// ESC/POS job can be queued or printing and end completed or failed (out of paper).
enum class PrintJobState { queued, printing, completed, failed };

struct PrintJob {
    std::string id;  // unique per printer; pass it to Printer::job() to follow the job
    PrintJobState state = PrintJobState::queued;
    std::string where;   // the file written, or the queue and its job number
    std::string detail;  // why it failed, or what the device said last
};

// Printing blocks on I/O: call it from a worker, never from a frame. A backend may
// be called from one worker at a time; the folder printer also tolerates more.
class Printer {
public:
    virtual ~Printer() = default;

    // Hands over one document. Ok means the backend owns the job (the file is durable
    // on disk, the queue accepted it), not that paper came out: follow it with job().
    virtual Result<PrintJob> print(std::string_view pdf_bytes, const PrintRequest& request) = 0;
    // The job's state now.
    virtual Result<PrintJob> job(std::string_view job_id) = 0;
    // For the technician's screen and the logs, e.g. "pdf-folder:/var/lib/ventanilla/receipts".
    virtual std::string name() const = 0;
};

}  // namespace ventanilla
