// Printing off the UI thread: receipts are rendered and handed to the printer on a worker.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

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

struct PrintOutcome {
    std::uint64_t order = 0;  // what submit() returned
    Result<PrintJob> job = make_error("printer.unavailable");
    double render_ms = 0;  // the PDF's making, for the diagnostics
};

// One worker thread per printer: jobs go out in the order they came, one at a time.
// The UI submits and, once woken, drains outcomes at the start of a frame.
class PrintWorker {
public:
    PrintWorker(std::unique_ptr<Printer> printer, std::function<void()> wake);
    // Finishes the job in hand and every job already submitted: a citizen was told
    // their receipt is coming.
    ~PrintWorker();
    PrintWorker(const PrintWorker&) = delete;
    PrintWorker& operator=(const PrintWorker&) = delete;

    std::uint64_t submit(ReceiptDocument document, ReceiptOptions options, PrintRequest request);
    // Outcomes since the last call, in order. Never blocks on the printer.
    std::vector<PrintOutcome> drain();
    std::string printer_name() const { return printer_name_; }

private:
    struct Order {
        std::uint64_t id;
        ReceiptDocument document;
        ReceiptOptions options;
        PrintRequest request;
    };
    void run();

    std::unique_ptr<Printer> printer_;
    std::string printer_name_;
    std::function<void()> wake_;
    std::mutex mutex_;
    std::condition_variable work_;
    std::deque<Order> orders_;
    std::vector<PrintOutcome> done_;
    std::uint64_t next_id_ = 1;
    bool stopping_ = false;
    std::thread thread_;  // last: started once everything above exists
};

}  // namespace ventanilla
