#include "devices/print_worker.h"

#include <chrono>

#include "devices/cups_printer.h"
#include "devices/escpos_printer.h"
#include "devices/pdf_folder_printer.h"
#include "devices/receipt_pdf.h"

namespace ventanilla {

Result<std::unique_ptr<Printer>> make_printer(const PrinterConfig& config) {
    switch (config.backend) {
        case PrinterBackend::pdf_folder:
            return std::unique_ptr<Printer>(
                std::make_unique<PdfFolderPrinter>(PdfFolderPrinterOptions{config.pdf_folder}));
        case PrinterBackend::escpos: {
            EscposOptions options;
            options.device = config.escpos_device;
            options.paper_width_mm = config.paper_width_mm;
            options.printable_width_mm = config.paper_width_mm >= 80 ? 72 : 48;
            return std::unique_ptr<Printer>(std::make_unique<EscposPrinter>(options));
        }
        case PrinterBackend::cups:
            return std::unique_ptr<Printer>(std::make_unique<CupsPrinter>(config.cups_queue));
    }
    return make_error("printer.backend_unavailable", "",
                      {{"backend", std::string(name_of(config.backend))}});
}

ReceiptOptions receipt_options_for(const PrinterConfig& config) {
    ReceiptOptions options;
    options.paper_width_mm = config.paper_width_mm;
    return options;
}

PrintWorker::PrintWorker(std::unique_ptr<Printer> printer, std::function<void()> wake)
    : printer_(std::move(printer)),
      printer_name_(printer_->name()),
      wake_(std::move(wake)),
      thread_([this] { run(); }) {}

PrintWorker::~PrintWorker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    work_.notify_all();
    thread_.join();
}

std::uint64_t PrintWorker::submit(ReceiptDocument document, ReceiptOptions options,
                                  PrintRequest request) {
    std::uint64_t id = 0;
    {
        std::lock_guard lock(mutex_);
        id = next_id_++;
        orders_.push_back({id, std::move(document), options, std::move(request)});
    }
    work_.notify_one();
    return id;
}

std::vector<PrintOutcome> PrintWorker::drain() {
    std::lock_guard lock(mutex_);
    std::vector<PrintOutcome> out;
    out.swap(done_);
    return out;
}

void PrintWorker::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        work_.wait(lock, [&] { return stopping_ || !orders_.empty(); });
        if (orders_.empty()) return;  // stopping, and nothing promised is left
        Order order = std::move(orders_.front());
        orders_.pop_front();
        lock.unlock();

        PrintOutcome outcome;
        outcome.order = order.id;
        auto start = std::chrono::steady_clock::now();
        Result<std::string> pdf = render_receipt_pdf(order.document, order.options);
        outcome.render_ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        if (pdf) {
            outcome.job = printer_->print(pdf.value(), order.request);
        } else {
            outcome.job = pdf.error();
        }

        lock.lock();
        done_.push_back(std::move(outcome));
        if (wake_) wake_();
    }
}

}  // namespace ventanilla
