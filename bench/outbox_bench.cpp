// Drains 10,000 outbox records to a ventanilla-central on loopback and prints the time.
// tests/support/central.h includes doctest, so test_support's objects need doctest's
// implementation; given here (without its main), the linker does not pull doctest_main.o.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>

#include "bench/budget.h"
#include "kiosk/outbox.h"
#include "kiosk/outbox_worker.h"
#include "tests/support/central.h"
#include "tests/support/enrolled_device.h"

using namespace ventanilla;
using namespace ventanilla::testing;

int main() {
    constexpr int kRecords = 10000;
    bench::BudgetReport report("outbox: drain 10,000 records to a loopback server (SQLite)");
    auto central = CentralServer::start({.demo_data = true});
    if (!central) {
        std::fprintf(stderr, "%s\n", central.error().detail.c_str());
        return 1;
    }
    auto device = enrol_device(*central);
    if (!device) {
        std::fprintf(stderr, "%s\n", device.error().detail.c_str());
        return 1;
    }
    TempDir dir("ventanilla-outbox-bench-");
    const std::string db = dir.file("terminal.db");
    auto store = LocalStore::open(db);
    if (!store) return 1;
    Outbox outbox(store.value());

    // Records a terminal made over a day offline; a ticket-sized content each. Made in one
    // transaction: this bench measures the drain, not 10,000 fsyncs of enqueue.
    const auto made = std::chrono::steady_clock::now();
    if (!store->db().exec("BEGIN").ok()) return 1;
    for (int n = 0; n < kRecords; ++n) {
        auto id = outbox.enqueue("ticket", {{"service", "A"},
                                            {"number", n},
                                            {"office", "hav-plaza"},
                                            {"issued_by", "kiosk 1"},
                                            {"language", "es"}});
        if (!id) return 1;
    }
    if (!store->db().exec("COMMIT").ok()) return 1;
    report.info("enqueue 10,000 (one transaction)",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - made).count(),
                "s");

    OutboxWorkerOptions options;
    options.db_path = db;
    options.endpoint.base_url = central->base_url();
    options.endpoint.device_id = device->device_id;
    options.endpoint.token = device->token;
    const auto start = std::chrono::steady_clock::now();
    auto worker = OutboxWorker::start(options);
    if (!worker) return 1;
    const bool drained = (*worker)->wait_until_drained(std::chrono::seconds(60));
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const SyncState state = (*worker)->state();
    const auto stored = sqlite_integer(central->db_path(), "SELECT count(*) FROM records");
    if (!drained || stored != kRecords || state.records_acknowledged != kRecords) {
        std::fprintf(stderr, "not drained: %lld stored, %lld acknowledged, last error %s\n",
                     static_cast<long long>(stored),
                     static_cast<long long>(state.records_acknowledged),
                     state.last_error_code.c_str());
        return 1;
    }
    report.figure("drain 10,000 records (batches of 100)", seconds, 3.0, "s");
    report.info("records per second", kRecords / seconds, "/s");
    return report.exit_code();
}
