// The central server's throughput for what every terminal does all day: fetch the catalog and
// upload records, on SQLite and on PostgreSQL, from several clients at once over loopback.
// tests/support/central.h includes doctest, so test_support's objects need doctest's
// implementation; given here (without its main), the linker does not pull doctest_main.o.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "bench/budget.h"
#include "kiosk/tracking_time.h"
#include "kiosk/uuid.h"
#include "tests/support/central.h"
#include "tests/support/enrolled_device.h"

using namespace ventanilla;
using namespace ventanilla::testing;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kClients = 4;  // kiosks of an office syncing at the same moment
constexpr int kCatalogRequests = 2000;
constexpr int kBatches = 200;  // of 50 records: 10,000 records
constexpr int kRecordsPerBatch = 50;

struct Run {
    double per_second = 0;
    double p99_ms = 0;
    bool ok = false;
};

// Runs `requests` calls of `one` spread over kClients threads; each returns true on success.
template <typename One>
Run hammer(const CentralServer& central, int requests, One one) {
    std::atomic<int> next{0};
    std::atomic<bool> failed{false};
    std::mutex mutex;
    std::vector<double> latencies;
    auto start = Clock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < kClients; ++c) {
        threads.emplace_back([&] {
            httplib::Client client = central.client();
            client.set_keep_alive(true);
            client.set_tcp_nodelay(true);  // as libcurl, the terminals' client, does
            std::vector<double> mine;
            for (int i = next++; i < requests; i = next++) {
                auto t0 = Clock::now();
                if (!one(client, i)) failed = true;
                mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
            }
            std::lock_guard lock(mutex);
            latencies.insert(latencies.end(), mine.begin(), mine.end());
        });
    }
    for (auto& t : threads) t.join();
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::sort(latencies.begin(), latencies.end());
    Run run;
    run.per_second = requests / seconds;
    run.p99_ms = latencies.empty() ? 0 : latencies[latencies.size() * 99 / 100];
    run.ok = !failed;
    return run;
}

bool run(bench::BudgetReport& report, StoreBackend backend, const std::string& name) {
    auto central = CentralServer::start({.backend = backend});
    if (!central) {
        std::fprintf(stderr, "%s: %s\n", name.c_str(), central.error().detail.c_str());
        return false;
    }
    auto catalog = hammer(*central, kCatalogRequests, [](httplib::Client& client, int) {
        auto reply = client.Get("/api/v1/catalog");
        return reply && reply->status == 200;
    });
    report.figure(name + ": catalog, requests/s", catalog.per_second, 500, "/s", false);
    report.info(name + ": catalog, p99", catalog.p99_ms, "ms");

    auto device = enrol_device(*central);
    if (!device) {
        std::fprintf(stderr, "%s: %s\n", name.c_str(), device.error().detail.c_str());
        return false;
    }
    const std::string auth = "Bearer " + device->token;
    const std::string now = format_rfc3339_utc(std::chrono::system_clock::now());
    auto upload = hammer(*central, kBatches, [&](httplib::Client& client, int) {
        nlohmann::json records = nlohmann::json::array();
        for (int r = 0; r < kRecordsPerBatch; ++r) {
            records.push_back({{"id", make_uuid_v4()},
                               {"kind", "complaint"},
                               {"created_at", now},
                               {"content", {{"text", "Bench record"}, {"n", r}}}});
        }
        nlohmann::json body{{"device_id", device->device_id}, {"records", records}};
        auto reply = client.Post("/api/v1/records", {{"Authorization", auth}}, body.dump(),
                                 "application/json");
        return reply && reply->status == 200;
    });
    double records_per_s = upload.per_second * kRecordsPerBatch;
    report.figure(name + ": record upload, records/s", records_per_s, 1000, "/s", false);
    report.info(name + ": record upload, p99 per batch of 50", upload.p99_ms, "ms");
    if (!catalog.ok || !upload.ok) std::fprintf(stderr, "%s: some requests failed\n", name.c_str());
    return catalog.ok && upload.ok;
}

}  // namespace

int main() {
    bench::BudgetReport report("central server: catalog and record upload, 4 clients on loopback");
    bool ok = run(report, StoreBackend::sqlite, "SQLite");
    ok = run(report, StoreBackend::postgresql, "PostgreSQL") && ok;
    return ok ? report.exit_code() : 2;
}
