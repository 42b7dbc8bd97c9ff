// From the tap to the cut: a queue ticket asked for (committed, answered by a real
// ventanilla-central on loopback), its receipt made 15 cm long, rendered, rasterised to
// ESC/POS and sent through a CUPS raw queue of a private cupsd to a printer that moves paper
// at 150 mm/s (bench/escpos_paper_model, a CUPS backend that drains the job as a thermal
// printer does and cuts). The figure is the wall time from the tap to the cut, beside the
// issue's budget of 2 s; the paper's own time at that speed is printed beside it.
//
//   print_budget_bench [--runs N] [--speed MM_PER_S]
//
// Exit status 1 when the budget is missed, 2 when it cannot run.

// tests/support/central.h includes doctest, so test_support's objects need doctest's
// implementation; given here (without its main), the linker does not pull doctest_main.o.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/budget.h"
#include "devices/escpos_printer.h"
#include "devices/print_worker.h"
#include "devices/receipt_pdf.h"
#include "devices/ticket_receipt.h"
#include "kiosk/i18n.h"
#include "kiosk/ticket_issuer.h"
#include "tests/support/central.h"
#include "tests/support/cups_server.h"
#include "tests/support/enrolled_device.h"

using namespace ventanilla;
using namespace ventanilla::testing;

namespace {

// The issue's budget: a citizen taps and has the paper in hand within 2 s.
constexpr double kTapToCutMs = 2000;
constexpr double kReceiptLengthMm = 150;
constexpr double kDotsPerMm = 8;

long long realtime_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5)];
}

constexpr const char* kSmallPrint = "Horario: lunes a viernes de 8:00 a 17:00; sábados de 8:00 a 12:00.";

// The ticket's own receipt, lengthened with `extra` lines of the office's small print.
ReceiptDocument lengthened(const Ticket& ticket, const Translations& es, int extra) {
    ReceiptDocument receipt =
        ticket_receipt({ticket, es, "Correos Plaza", "Giros postales", "2, 3", std::chrono::minutes(-300)});
    for (int i = 0; i < extra; ++i) receipt.lines.push_back(ReceiptSmallPrint{kSmallPrint});
    return receipt;
}

// How many lines of small print make the receipt 15 cm of paper (found once, before timing).
int lines_for_fifteen_cm(const Ticket& ticket, const Translations& es, int* height_dots) {
    for (int extra = 0; extra < 200; ++extra) {
        auto pdf = render_receipt_pdf(lengthened(ticket, es, extra));
        if (!pdf) return -1;
        auto raster = rasterize_receipt(*pdf, EscposOptions{});
        if (!raster) return -1;
        *height_dots = raster->height_dots;
        if (raster->height_dots >= kReceiptLengthMm * kDotsPerMm) return extra;
    }
    return -1;
}

// The cut the paper model logged for the latest job: the time in ns since the epoch.
long long last_cut_ns(const std::string& log_path, std::size_t lines_before) {
    std::ifstream in(log_path);
    std::string line, last;
    std::size_t count = 0;
    while (std::getline(in, line)) {
        ++count;
        last = line;
    }
    if (count <= lines_before) return 0;
    auto at = last.find("cut_ns=");
    return at == std::string::npos ? 0 : std::atoll(last.c_str() + at + 7);
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 10;
    double speed_mm_s = 150;
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--runs") == 0) runs = std::max(3, std::atoi(argv[i + 1]));
        if (std::strcmp(argv[i], "--speed") == 0) speed_mm_s = std::atof(argv[i + 1]);
    }
    auto es = load_translations(std::filesystem::path(VENTANILLA_SOURCE_DIR) / "assets/i18n", "es");
    if (!es.ok()) return 2;
    auto central = CentralServer::start();
    if (!central.ok()) {
        std::fprintf(stderr, "no server: %s\n", central.error().describe().c_str());
        return 2;
    }
    auto device = enrol_device(*central, "kiosk", "hav-plaza", 9);
    if (!device.ok()) return 2;
    const std::string model = std::string(VENTANILLA_BIN_DIR) + "/escpos_paper_model";
    std::ostringstream uri;
    uri << "paper:DIR/paper.log?speed_mm_s=" << speed_mm_s;
    auto cups = CupsServer::start({.backends = {{"paper", model}},
                                   .queues = {{"thermal", uri.str(), "", "abort-job"}}});
    if (!cups.ok()) {
        std::fprintf(stderr, "no cupsd: %s\n", cups.error().describe().c_str());
        return 2;
    }
    UsingCupsServer using_cups(*cups);
    const std::string paper_log = cups->output_dir() + "/paper.log";

    TempDir dir("ventanilla-print-bench-");
    auto store = LocalStore::open(dir.file("terminal.db"));
    if (!store.ok()) return 2;
    TicketStore tickets(store.value());
    TicketIssueOptions issue;
    issue.endpoint = SyncEndpoint{};
    issue.endpoint->base_url = central->base_url();
    issue.endpoint->device_id = device->device_id;
    issue.endpoint->token = device->token;
    issue.terminal_number = 9;
    const std::string day = kiosk_local_day(std::chrono::system_clock::now());

    // The worker is made at start-up, as the terminal does; jobs are followed as it follows them.
    PrintWorker worker(std::make_unique<EscposPrinter>(EscposOptions{.device = "cups:thermal"}), [] {});
    std::vector<double> tap_to_cut_ms, tap_to_reported_ms;
    int height_dots = 0;
    int extra_lines = -1;
    if (auto sample = issue_ticket_now(tickets, {"hav-plaza", "giros", "B", ""}, issue, std::chrono::system_clock::now(), day)) {
        extra_lines = lines_for_fifteen_cm(*sample, *es, &height_dots);
    }
    if (extra_lines < 0) {
        std::fprintf(stderr, "cannot make a 15 cm receipt\n");
        return 2;
    }
    for (int run = 0; run <= runs; ++run) {  // run 0 warms up cupsd, the connection, the caches
        std::size_t logged = 0;
        {
            std::ifstream in(paper_log);
            std::string line;
            while (std::getline(in, line)) ++logged;
        }
        const long long tap_ns = realtime_ns();
        const auto tap = std::chrono::steady_clock::now();
        auto ticket = issue_ticket_now(tickets, {"hav-plaza", "giros", "B", ""}, issue, std::chrono::system_clock::now(), day);
        if (!ticket.ok()) {
            std::fprintf(stderr, "issue failed: %s\n", ticket.error().describe().c_str());
            return 2;
        }
        ReceiptDocument receipt = lengthened(*ticket, *es, extra_lines);
        const std::uint64_t order = worker.submit(std::move(receipt), {}, {.title = "turno-" + ticket->number, .copy_mark = "COPIA"});
        std::vector<PrintOutcome> outcomes;
        bool done = wait_until(
            [&] {
                for (auto& o : worker.drain()) outcomes.push_back(std::move(o));
                return !outcomes.empty();
            },
            30s, 1ms);
        if (!done || outcomes.front().order != order || !outcomes.front().job.ok()) {
            std::fprintf(stderr, "print failed: %s\n%s\n",
                         done && !outcomes.front().job.ok() ? outcomes.front().job.error().describe().c_str() : "no outcome",
                         cups->log().c_str());
            return 2;
        }
        const double reported_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - tap).count();
        long long cut_ns = 0;
        wait_until([&] { return (cut_ns = last_cut_ns(paper_log, logged)) != 0; }, 5s, 5ms);
        if (cut_ns == 0) {
            std::fprintf(stderr, "the paper model logged no cut\n");
            return 2;
        }
        if (run == 0) continue;
        tap_to_cut_ms.push_back(static_cast<double>(cut_ns - tap_ns) / 1e6);
        tap_to_reported_ms.push_back(reported_ms);
    }

    const double paper_mm = height_dots / kDotsPerMm + 4 * 25.4 / 6;
    const double paper_ms = paper_mm / speed_mm_s * 1000 + 300;
    bench::BudgetReport report("print_budget_bench: tap -> ticket -> 15 cm receipt -> CUPS raw queue -> cut");
    report.info("receipt length", height_dots / kDotsPerMm, "mm");
    report.info("printer speed (modelled)", speed_mm_s, "mm/s");
    report.info("paper floor: print + feed + 300 ms cut", paper_ms, "ms");
    report.info("receipts", static_cast<double>(tap_to_cut_ms.size()), "");
    report.figure("tap to cut, median", percentile(tap_to_cut_ms, 0.5), kTapToCutMs, "ms");
    report.figure("tap to cut, worst", percentile(tap_to_cut_ms, 1.0), kTapToCutMs, "ms");
    report.info("software's share (median - paper floor)", percentile(tap_to_cut_ms, 0.5) - paper_ms, "ms");
    report.info("tap to job reported completed, median", percentile(tap_to_reported_ms, 0.5), "ms");
    return report.exit_code();
}
