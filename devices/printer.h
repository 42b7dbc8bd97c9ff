// What every printer backend (PDF folder, CUPS, ESC/POS) offers: a PDF in, a job out.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "kiosk/result.h"

namespace ventanilla {

// Every error code the printer backends share (each needs a key in assets/i18n).
inline constexpr std::array<std::string_view, 11> kPrinterErrorCodes{
    "printer.invalid_request",    // not a PDF, no copies
    "printer.folder_unwritable",  // missing rights, read-only medium, a file in the way
    "printer.disk_full",
    "printer.write_failed",  // any other I/O error, with the reason in the detail
    "printer.unknown_job",
    "printer.unavailable",  // a queue or device that does not answer (CUPS, ESC/POS)
    "printer.backend_unavailable",  // the configured backend is not in this build
    "printer.out_of_paper",         // the job stopped or never started: no paper
    "printer.offline",              // switched off, unplugged, not answering
    "printer.job_failed",           // the printer gave up on the job (and on its one reprint)
    "printer.stalled",              // the job did not finish in time; it was cancelled
};

// What a printer says about itself: for the technician's screens and for choosing what the
// citizen is told. `out_of_paper` and `offline` need a person at the printer.
enum class PrinterCondition { unknown, ready, printing, out_of_paper, offline, error };

// "ready", "out_of_paper"…: the automation state's words and the i18n keys'
// (printer.condition.<name>).
std::string_view name_of(PrinterCondition condition);

struct PrinterHealth {
    PrinterCondition condition = PrinterCondition::unknown;
    std::string detail;  // what the printer or the system said: "media-empty-error", "No such file"
};

struct PrintRequest {
    std::string title = "recibo";  // UTF-8; names the job in a queue or the file in a folder
    int copies = 1;
    // The word a reprint carries at its top, in the citizen's language ("COPIA"). The print
    // worker prints a job that failed half way once more, so marked; never when it is empty.
    std::string copy_mark{};
};

// Where a job is. A folder job is completed as soon as print() returns; a CUPS or
// ESC/POS job can be queued or printing and end completed or failed (out of paper).
enum class PrintJobState { queued, printing, completed, failed };

struct PrintJob {
    std::string id;  // unique per printer; pass it to Printer::job() to follow the job
    PrintJobState state = PrintJobState::queued;
    std::string where;   // the file written, or the queue and its job number
    std::string detail;  // why it failed, or what the device said last
    // The printer had begun on it: some paper may have come out. A job that fails after
    // this is a torn receipt, printed again (once, marked COPIA) by the print worker.
    bool started = false;
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
    // Withdraws a job that has not finished, so it does not come out later for nobody.
    // Backends whose print() finishes the job have nothing to withdraw.
    virtual Status cancel(std::string_view job_id) {
        (void)job_id;
        return ok_status();
    }
    // The printer's state now (paper, power, queue), asked of the device or the spooler.
    virtual PrinterHealth health() = 0;
    // For the technician's screen and the logs, e.g. "pdf-folder:/var/lib/ventanilla/receipts".
    virtual std::string name() const = 0;
};

}  // namespace ventanilla
