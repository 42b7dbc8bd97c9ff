// Printing through a real CUPS daemon (started privately by the test): a receipt queued,
// followed to completion and read back from the printed PDF; a printer that fails its jobs
// (out of paper) reported as such; a queue that does not exist refused.
#include <doctest/doctest.h>

#include <cstdlib>

#include "devices/cups_printer.h"
#include "devices/print_worker.h"
#include "devices/receipt_pdf.h"
#include "tests/devices/receipt_samples.h"
#include "tests/support/cups_server.h"

using namespace ventanilla;
using namespace ventanilla::testing;

TEST_CASE("cups: a receipt printed on a real CUPS queue, followed to completion, its PDF read back") {
    auto cups = CupsServer::start();
    REQUIRE_MESSAGE(cups.ok(), cups.error().describe());
    ::setenv("CUPS_SERVER", cups->server().c_str(), 1);
    auto pdf = render_receipt_pdf(sample_tracking_receipt());
    REQUIRE(pdf.ok());

    PrinterConfig config;
    config.backend = PrinterBackend::cups;
    config.cups_queue = "receipts";
    auto printer = make_printer(config);
    REQUIRE(printer.ok());
    CHECK((*printer)->name() == "cups:receipts");
    auto job = (*printer)->print(pdf.value(), {.title = "Seguimiento RR123456785CU"});
    REQUIRE_MESSAGE(job.ok(), job.error().describe());
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
    ::unsetenv("CUPS_SERVER");
}
