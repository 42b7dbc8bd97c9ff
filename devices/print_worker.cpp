#include "devices/print_worker.h"

#include <chrono>
#include <ctime>
#include <optional>
#include <thread>

#include "devices/cups_printer.h"
#include "devices/escpos_printer.h"
#include "devices/pdf_folder_printer.h"
#include "devices/receipt_pdf.h"
#include "kiosk/log.h"

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

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

bool unfinished(const PrintJob& job) {
    return job.state == PrintJobState::queued || job.state == PrintJobState::printing;
}

// Out of paper, unplugged, or a queue stopped: nothing prints until someone goes to it.
bool needs_a_person(const PrinterHealth& health) {
    return health.condition == PrinterCondition::out_of_paper || health.condition == PrinterCondition::offline ||
           health.condition == PrinterCondition::error;
}

// The reprint of a torn receipt: the same receipt under "*** COPIA ***", so nobody takes the
// two for two documents.
ReceiptDocument marked_as_copy(ReceiptDocument document, const std::string& mark) {
    document.lines.insert(document.lines.begin(), ReceiptHeading{"*** " + mark + " ***"});
    return document;
}

}  // namespace

PrintWorker::PrintWorker(std::unique_ptr<Printer> printer, std::function<void()> wake, PrintWorkerOptions options)
    : printer_(std::move(printer)),
      printer_name_(printer_->name()),
      wake_(std::move(wake)),
      options_(options),
      thread_([this] { run(); }) {}

PrintWorker::~PrintWorker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    work_.notify_all();
    thread_.join();
}

std::uint64_t PrintWorker::submit(ReceiptDocument document, ReceiptOptions options, PrintRequest request) {
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

PrinterStatus PrintWorker::status() const {
    std::lock_guard lock(mutex_);
    PrinterStatus status = status_;
    status.printer = printer_name_;
    return status;
}

void PrintWorker::check_now() {
    {
        std::lock_guard lock(mutex_);
        check_requested_ = true;
    }
    work_.notify_one();
}

void PrintWorker::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        work_.wait_for(lock, options_.health_interval,
                       [&] { return stopping_ || !orders_.empty() || check_requested_; });
        if (orders_.empty()) {
            if (stopping_) return;  // nothing promised is left
            check_requested_ = false;
            lock.unlock();
            PrinterCondition before = status().health.condition;
            bool changed = refresh_health().condition != before;
            if (changed && wake_) wake_();
            lock.lock();
            continue;
        }
        Order order = std::move(orders_.front());
        orders_.pop_front();
        lock.unlock();

        PrintOutcome outcome = carry_out(order);

        lock.lock();
        if (outcome.job) {
            ++status_.printed;
            status_.last_job_where = outcome.job->where;
        } else {
            ++status_.failed;
            status_.last_failure = outcome.job.error();
        }
        if (outcome.reprinted) ++status_.reprints;
        done_.push_back(std::move(outcome));
        if (wake_) wake_();
    }
}

PrintOutcome PrintWorker::carry_out(const Order& order) {
    PrintOutcome outcome;
    outcome.order = order.id;
    auto start = Clock::now();
    Result<std::string> pdf = render_receipt_pdf(order.document, order.options);
    outcome.render_ms = ms_since(start);
    if (!pdf) {
        outcome.job = pdf.error();
        return outcome;
    }
    outcome.job = print_and_follow(pdf.value(), order.request);
    if (outcome.job && outcome.job->state == PrintJobState::failed) {
        PrinterHealth health = refresh_health();
        // Torn half way by a printer that can still print: the citizen gets it whole, once.
        if (outcome.job->started && !needs_a_person(health) && !order.request.copy_mark.empty()) {
            Result<std::string> copy =
                render_receipt_pdf(marked_as_copy(order.document, order.request.copy_mark), order.options);
            if (copy) {
                outcome.reprinted = true;
                outcome.job = print_and_follow(copy.value(), order.request);
                if (outcome.job && outcome.job->state == PrintJobState::failed) health = refresh_health();
            }
        }
        if (outcome.job && outcome.job->state == PrintJobState::failed) outcome.job = failure_of(*outcome.job, health);
    }
    return outcome;
}

Result<PrintJob> PrintWorker::print_and_follow(const std::string& pdf, const PrintRequest& request) {
    found_by_job_.reset();
    Result<PrintJob> job = printer_->print(pdf, request);
    if (!job) {
        refresh_health();
        return job;
    }
    const auto deadline = Clock::now() + options_.job_timeout;
    // Since when the printer has needed a person (a zero time point: it has not).
    Clock::time_point unreachable_since{};
    while (unfinished(*job)) {
        std::this_thread::sleep_for(options_.poll_interval);
        Result<PrintJob> now = printer_->job(job->id);
        if (!now) return now;
        job = std::move(now);
        if (!unfinished(*job)) break;
        PrinterHealth health = refresh_health();
        if (!needs_a_person(health)) {
            unreachable_since = {};
        } else if (unreachable_since == Clock::time_point{}) {
            unreachable_since = Clock::now();
        }
        bool given_up =
            unreachable_since != Clock::time_point{} && Clock::now() - unreachable_since >= options_.offline_grace;
        if (given_up || Clock::now() >= deadline) {
            // Withdrawn, so it does not come out later for nobody.
            if (auto cancelled = printer_->cancel(job->id); !cancelled) {
                log_line(LogLevel::warning, "print job " + job->where + " not withdrawn: " + cancelled.error().describe());
            }
            if (given_up) {
                found_by_job_ = health;  // CUPS forgets it once the job is gone
                return failure_of(*job, health);
            }
            return make_error("printer.stalled", printer_name_ + ": " + job->where,
                              {{"printer", printer_name_}, {"job", job->where}});
        }
    }
    if (job->state == PrintJobState::failed) (void)printer_->cancel(job->id);  // one held behind a stopped queue
    return job;
}

PrinterHealth PrintWorker::refresh_health() {
    PrinterHealth health = printer_->health();
    // A spooler knows a printer is unplugged only while a job tries it: what the last job
    // found stands until a job prints or the printer itself says otherwise.
    if (found_by_job_ && (health.condition == PrinterCondition::ready || health.condition == PrinterCondition::unknown)) {
        health = *found_by_job_;
    }
    std::lock_guard lock(mutex_);
    status_.health = health;
    status_.checked_at = std::chrono::system_clock::now();
    return health;
}

Error PrintWorker::failure_of(const PrintJob& job, const PrinterHealth& health) const {
    std::string code = health.condition == PrinterCondition::out_of_paper ? "printer.out_of_paper"
                       : health.condition == PrinterCondition::offline    ? "printer.offline"
                                                                          : "printer.job_failed";
    std::string reason = !health.detail.empty() ? health.detail : job.detail;
    return make_error(code, printer_name_ + ": " + reason, {{"printer", printer_name_}, {"job", job.where}});
}

namespace {

std::string utc_text(std::chrono::system_clock::time_point when) {
    if (when == std::chrono::system_clock::time_point{}) return "";
    std::time_t seconds = std::chrono::system_clock::to_time_t(when);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

}  // namespace

nlohmann::json printer_status_json(const PrinterStatus& status) {
    return {{"printer", status.printer},
            {"condition", std::string(name_of(status.health.condition))},
            {"detail", status.health.detail},
            {"needs_attention", status.needs_attention()},
            {"checked_at", utc_text(status.checked_at)},
            {"last_failure", status.last_failure ? status.last_failure->code : ""},
            {"last_failure_detail", status.last_failure ? status.last_failure->detail : ""},
            {"last_job", status.last_job_where},
            {"printed", status.printed},
            {"failed", status.failed},
            {"reprints", status.reprints}};
}

nlohmann::json printer_problem_json(const std::optional<Error>& problem) {
    PrinterStatus status;
    status.health.condition = PrinterCondition::error;
    if (problem) status.health.detail = problem->describe();
    status.last_failure = problem;
    return printer_status_json(status);
}

}  // namespace ventanilla
