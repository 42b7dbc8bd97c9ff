// Printing off the UI thread: receipts are rendered, handed to the printer and followed until
// the paper is out (or the reason it is not) on a worker; the printer's state is kept for the
// technician's screens.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "devices/printer.h"
#include "devices/receipt.h"
#include "kiosk/config.h"
#include "kiosk/result.h"

namespace ventanilla {

// The printer the configuration asks for. A backend this build cannot drive yet is
// "printer.backend_unavailable" with arg `backend`, so the technician sees why nothing prints.
Result<std::unique_ptr<Printer>> make_printer(const PrinterConfig& config);

// Paper width and the like from the configuration, the rest of the receipt's defaults.
ReceiptOptions receipt_options_for(const PrinterConfig& config);

struct PrintWorkerOptions {
    std::chrono::milliseconds poll_interval{100};  // how often an unfinished job is asked about
    // A job still unfinished then is cancelled ("printer.stalled"): the citizen has gone.
    std::chrono::milliseconds job_timeout{30000};
    // A printer out of paper or unreachable this long during a job fails it: a USB or network
    // printer reconnects in well under this, one switched off never does.
    std::chrono::milliseconds offline_grace{5000};
    // When idle the printer is asked about itself this often, so a technician sees paper out
    // before a citizen does.
    std::chrono::milliseconds health_interval{30000};
};

struct PrintOutcome {
    std::uint64_t order = 0;  // what submit() returned
    // The job that printed, or why nothing did: the backend's error, or "printer.out_of_paper",
    // "printer.offline", "printer.job_failed", "printer.stalled" once the job was followed.
    Result<PrintJob> job = make_error("printer.unavailable");
    double render_ms = 0;    // the PDF's making, for the diagnostics
    bool reprinted = false;  // the first print failed half way; a copy was printed
};

// What the technician's screens show about the printer (PrintWorker::status()).
struct PrinterStatus {
    std::string printer;  // "cups:receipts", "escpos:/dev/usb/lp0"
    PrinterHealth health;  // as the printer last said
    std::chrono::system_clock::time_point checked_at{};  // when it said so
    std::optional<Error> last_failure;  // the last receipt that did not come out, and why
    std::string last_job_where;         // the last job that did
    std::uint64_t printed = 0;   // receipts that came out whole, reprints included
    std::uint64_t failed = 0;    // receipts that did not, even after their reprint
    std::uint64_t reprints = 0;  // torn receipts printed again, marked COPIA
    // Out of paper, offline or in error: a person must go to the printer.
    bool needs_attention() const {
        return health.condition == PrinterCondition::out_of_paper || health.condition == PrinterCondition::offline ||
               health.condition == PrinterCondition::error;
    }
};

// One worker thread per printer: jobs go out in the order they came, one at a time, each
// followed to completion. A job that failed after the printer had begun on it is printed
// again once, marked with the request's copy_mark, when the printer can still print.
// The UI submits and, once woken, drains outcomes at the start of a frame.
class PrintWorker {
public:
    PrintWorker(std::unique_ptr<Printer> printer, std::function<void()> wake, PrintWorkerOptions options = {});
    // Finishes the job in hand and every job already submitted: a citizen was told
    // their receipt is coming.
    ~PrintWorker();
    PrintWorker(const PrintWorker&) = delete;
    PrintWorker& operator=(const PrintWorker&) = delete;

    std::uint64_t submit(ReceiptDocument document, ReceiptOptions options, PrintRequest request);
    // Outcomes since the last call, in order. Never blocks on the printer.
    std::vector<PrintOutcome> drain();
    std::string printer_name() const { return printer_name_; }

    // The printer's state as last seen. Never blocks on the printer.
    PrinterStatus status() const;
    // Asks the printer about itself now, on the worker (after the job in hand); wakes the UI
    // when the answer is in.
    void check_now();

private:
    struct Order {
        std::uint64_t id;
        ReceiptDocument document;
        ReceiptOptions options;
        PrintRequest request;
    };
    void run();
    PrintOutcome carry_out(const Order& order);
    // Prints and follows one job: a completed or failed job, or an error.
    Result<PrintJob> print_and_follow(const std::string& pdf, const PrintRequest& request);
    PrinterHealth refresh_health();
    Error failure_of(const PrintJob& job, const PrinterHealth& health) const;

    std::unique_ptr<Printer> printer_;
    std::string printer_name_;
    std::function<void()> wake_;
    PrintWorkerOptions options_;
    mutable std::mutex mutex_;
    std::condition_variable work_;
    std::deque<Order> orders_;
    std::vector<PrintOutcome> done_;
    PrinterStatus status_;
    std::optional<PrinterHealth> found_by_job_;  // the worker's own: what the last job ran into
    std::uint64_t next_id_ = 1;
    bool check_requested_ = true;  // the first look at the printer, at start
    bool stopping_ = false;
    std::thread thread_;  // last: started once everything above exists
};

// The status as the automation interface and the diagnostics give it:
// {"printer": "cups:receipts", "condition": "out_of_paper", "detail": "media-empty-error",
//  "needs_attention": true, "checked_at": "…Z", "last_failure": "printer.out_of_paper",
//  "last_failure_detail": "…", "last_job": "receipts-12", "printed": 3, "failed": 1, "reprints": 0}
nlohmann::json printer_status_json(const PrinterStatus& status);
// The same shape for a terminal whose printer could not be set up at all (condition "error").
nlohmann::json printer_problem_json(const std::optional<Error>& problem);

}  // namespace ventanilla
