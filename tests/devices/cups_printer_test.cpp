// Printing through a real CUPS daemon (started privately by the test): a receipt queued,
// followed to completion and read back from the printed PDF; a printer that fails its jobs
// (out of paper) reported as such; a queue that does not exist refused.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "devices/cups_printer.h"
#include "devices/print_worker.h"
#include "devices/receipt_pdf.h"
#include "tests/devices/receipt_samples.h"
#include "tests/support/cups_server.h"

using namespace ventanilla;
using namespace ventanilla::testing;

TEST_CASE("cups: a receipt printed on a real CUPS queue, followed to completion, its PDF read back") {
    auto cups = CupsServer::start();
    REQUIRE_MESSAGE(cups.ok(), cups.failure_text());
    UsingCupsServer using_cups(*cups);
    auto pdf = render_receipt_pdf(sample_tracking_receipt());
    REQUIRE(pdf.ok());

    PrinterConfig config;
    config.backend = PrinterBackend::cups;
    config.cups_queue = "receipts";
    auto printer = make_printer(config);
    REQUIRE(printer.ok());
    CHECK((*printer)->name() == "cups:receipts");
    auto job = (*printer)->print(pdf.value(), {.title = "Seguimiento RR123456785CU"});
    REQUIRE_MESSAGE(job.ok(), job.failure_text());
    CHECK(job->where == "receipts-" + job->id);
    REQUIRE_MESSAGE(wait_until([&] { return (*printer)->job(job->id)->state == PrintJobState::completed; }, 15s, 100ms),
                    cups->log());
    auto text = pdf_text(cups->output_dir() + "/" + job->id + ".pdf");
    REQUIRE(text.has_value());
    CHECK(text->find("RR123456785CU") != std::string::npos);
    CHECK(text->find("Santiago de Cuba") != std::string::npos);
    CHECK((*printer)->job("99999").error().code == "printer.unknown_job");

    CupsPrinter jammed("jammed");
    auto stuck = jammed.print(pdf.value(), {});
    REQUIRE(stuck.ok());  // CUPS took it: the printer fails it afterwards
    PrintJob state;
    REQUIRE(wait_until(
        [&] {
            auto now = jammed.job(stuck->id);
            if (now) state = now.value();
            return now && now->state == PrintJobState::failed;
        },
        15s, 100ms));
    CHECK_MESSAGE(state.detail.find("stopped") != std::string::npos, state.detail);

    auto missing = CupsPrinter("no-such-queue").print(pdf.value(), {});
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == "printer.unavailable");
    CHECK(CupsPrinter("receipts").print("not a pdf", {}).error().code == "printer.invalid_request");
}

namespace {

// A worker on one queue that tells the test when an outcome is in.
struct FollowedQueue {
    explicit FollowedQueue(const std::string& queue, PrintWorkerOptions options = {})
        : worker(std::make_unique<CupsPrinter>(queue), [] {}, options) {}
    PrintOutcome print(ReceiptDocument receipt) {
        auto order = worker.submit(std::move(receipt), {}, {.title = "recibo", .copy_mark = "COPIA"});
        std::vector<PrintOutcome> seen;
        wait_until(
            [&] {
                for (auto& outcome : worker.drain()) seen.push_back(std::move(outcome));
                return !seen.empty();
            },
            30s, 50ms);
        REQUIRE(seen.size() == 1);
        CHECK(seen.front().order == order);
        return seen.front();
    }
    PrintWorker worker;
};

// The jobs a queue still holds (none once every job of ours finished or was withdrawn).
std::string jobs_left(const CupsServer& cups, const std::string& queue) {
    auto listed = run_program({"/usr/bin/lpstat", "-h", cups.server(), "-o", queue}, 10s);
    REQUIRE(listed.has_value());
    return listed->output;
}

}  // namespace

TEST_CASE("cups: a receipt through Debian's virtual PDF printer comes out as a PDF with its text") {
    auto cups = CupsServer::start();
    REQUIRE_MESSAGE(cups.ok(), cups.failure_text());
    UsingCupsServer using_cups(*cups);
    FollowedQueue pdf("pdf");
    PrintOutcome outcome = pdf.print(sample_tracking_receipt());
    REQUIRE_MESSAGE(outcome.job.ok(), (outcome.job.failure_text() + "\n" + cups->log()));
    CHECK(outcome.job->state == PrintJobState::completed);  // followed until the printer was done
    CHECK_FALSE(outcome.reprinted);
    auto file = cups->pdf_output(outcome.job->id);
    REQUIRE_MESSAGE(file.has_value(), cups->log());
    auto text = pdf_text(*file);
    REQUIRE(text.has_value());
    CHECK(text->find("RR123456785CU") != std::string::npos);
    CHECK(text->find("Santiago de Cuba") != std::string::npos);
    CHECK(text->find("En tránsito") != std::string::npos);
    PrinterStatus status = pdf.worker.status();
    CHECK(status.printer == "cups:pdf");
    CHECK(status.printed == 1);
    CHECK(status.health.condition == PrinterCondition::ready);
    CHECK_FALSE(status.needs_attention());
}

TEST_CASE("cups: a printer out of paper fails the receipt with its reason, tells the technician and keeps no job") {
    auto cups = CupsServer::start();
    REQUIRE_MESSAGE(cups.ok(), cups.failure_text());
    UsingCupsServer using_cups(*cups);
    FollowedQueue jammed("jammed");
    PrintOutcome outcome = jammed.print(sample_tracking_receipt());
    REQUIRE_FALSE(outcome.job.ok());
    CHECK(outcome.job.error().code == "printer.out_of_paper");
    CHECK_MESSAGE(outcome.job.error().detail.find("media-empty") != std::string::npos, outcome.job.error().detail);
    CHECK_FALSE(outcome.reprinted);  // no paper: a copy could not come out either
    PrinterStatus status = jammed.worker.status();
    CHECK(status.health.condition == PrinterCondition::out_of_paper);
    CHECK(status.needs_attention());
    CHECK(status.failed == 1);
    REQUIRE(status.last_failure.has_value());
    CHECK(status.last_failure->code == "printer.out_of_paper");
    auto json = printer_status_json(status);
    CHECK(json["condition"] == "out_of_paper");
    CHECK(json["needs_attention"] == true);
    CHECK(json["last_failure"] == "printer.out_of_paper");
    // Withdrawn: the receipt must not come out when the paper is loaded, for nobody.
    CHECK(jobs_left(*cups, "jammed").empty());
}

TEST_CASE("cups: a receipt torn half way is printed again once, marked COPIA") {
    auto cups = CupsServer::start();
    REQUIRE_MESSAGE(cups.ok(), cups.failure_text());
    UsingCupsServer using_cups(*cups);
    FollowedQueue flaky("flaky");
    PrintOutcome outcome = flaky.print(sample_tracking_receipt());
    REQUIRE_MESSAGE(outcome.job.ok(), (outcome.job.failure_text() + "\n" + cups->log()));
    CHECK(outcome.reprinted);
    std::vector<std::string> torn, whole;
    for (const auto& entry : std::filesystem::directory_iterator(cups->flaky_dir())) {
        if (entry.path().extension() == ".torn") torn.push_back(entry.path());
        if (entry.path().extension() == ".pdf") whole.push_back(entry.path());
    }
    REQUIRE(torn.size() == 1);
    REQUIRE(whole.size() == 1);  // once: not a third time
    CHECK(whole.front() == cups->flaky_dir() + "/" + outcome.job->id + ".pdf");
    auto text = pdf_text(whole.front());
    REQUIRE(text.has_value());
    CHECK(text->find("*** COPIA ***") != std::string::npos);
    CHECK(text->find("RR123456785CU") != std::string::npos);
    CHECK(flaky.worker.status().reprints == 1);
    CHECK(flaky.worker.status().printed == 1);
}

TEST_CASE("cups: a printer unplugged fails the receipt as offline after the grace time and withdraws it") {
    auto cups = CupsServer::start();
    REQUIRE_MESSAGE(cups.ok(), cups.failure_text());
    UsingCupsServer using_cups(*cups);
    PrintWorkerOptions quick;
    quick.offline_grace = 1s;
    FollowedQueue offline("offline", quick);
    PrintOutcome outcome = offline.print(sample_tracking_receipt());
    REQUIRE_FALSE(outcome.job.ok());
    CHECK(outcome.job.error().code == "printer.offline");
    CHECK(offline.worker.status().health.condition == PrinterCondition::offline);
    CHECK(wait_until([&] { return jobs_left(*cups, "offline").empty(); }, 10s, 100ms));
}

TEST_CASE("cups: printer-state-reasons read as conditions") {
    CHECK(cups_printer_health(3, "none").condition == PrinterCondition::ready);
    CHECK(cups_printer_health(4, "").condition == PrinterCondition::printing);
    CHECK(cups_printer_health(5, "media-empty-error,paused").condition == PrinterCondition::out_of_paper);
    CHECK(cups_printer_health(5, "media-empty-error,paused").detail == "printer stopped: media-empty-error,paused");
    CHECK(cups_printer_health(4, "media-needed-warning").condition == PrinterCondition::out_of_paper);
    CHECK(cups_printer_health(4, "connecting-to-device").condition == PrinterCondition::offline);
    CHECK(cups_printer_health(3, "offline-report").condition == PrinterCondition::offline);
    CHECK(cups_printer_health(5, "").condition == PrinterCondition::error);
    CHECK(cups_printer_health(5, "").detail == "printer stopped");
}
