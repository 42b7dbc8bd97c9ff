// Ticket issue on a real ventanilla-central over loopback: throughput, and latency at a steady
// 500 tickets a second, on SQLite (the budgets) and on PostgreSQL.
// tests/support/central.h includes doctest, so test_support's objects need doctest's
// implementation; given here (without its main), the linker does not pull doctest_main.o.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>
#include <chrono>
#include <cstdio>
#include <mutex>
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

// One kiosk per demo office, and the services each issues for, so the tickets spread
// over the offices' queues as a fleet's would.
struct Kiosk {
    std::string office;
    std::string token;
    std::vector<std::string> services;
};

std::optional<std::vector<Kiosk>> enrol_kiosks(const CentralServer& central) {
    const std::vector<std::pair<std::string, std::vector<std::string>>> offices = {
        {"hav-plaza", {"envios", "giros", "quejas"}},
        {"hav-centro", {"identidad", "registro-civil", "licencias", "quejas"}},
        {"scu-central", {"envios", "giros", "identidad", "registro-civil", "licencias"}},
    };
    std::vector<Kiosk> kiosks;
    for (const auto& [office, services] : offices) {
        auto device = enrol_device(central, "kiosk", office, 1);
        if (!device) {
            std::fprintf(stderr, "%s\n", device.error().detail.c_str());
            return std::nullopt;
        }
        kiosks.push_back({office, device->token, services});
    }
    return kiosks;
}

// Issues ticket number `n` (spread over kiosks and services); true on 201.
bool issue(httplib::Client& client, const std::vector<Kiosk>& kiosks, std::size_t n) {
    const Kiosk& kiosk = kiosks[n % kiosks.size()];
    const std::string& service = kiosk.services[(n / kiosks.size()) % kiosk.services.size()];
    const nlohmann::json body = {{"id", make_uuid_v4()},
                                 {"service", service},
                                 {"priority", n % 9 == 4 ? nlohmann::json("elderly") : nullptr},
                                 {"created_at", format_rfc3339_utc(std::chrono::system_clock::now())}};
    const auto sent = Clock::now();
    auto reply = client.Post("/api/v1/offices/" + kiosk.office + "/tickets",
                             {{"Authorization", "Bearer " + kiosk.token}}, body.dump(),
                             "application/json");
    if (reply && reply->status == 201) return true;
    static std::atomic<int> told{0};
    if (told++ < 3) {  // what went wrong, for the first few failures
        // How long the failed request took tells a connection the server had already closed
        // (at once) from an answer that never came (the client's read timeout).
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - sent).count();
        std::fprintf(stderr, "ticket refused after %.1f ms: %s\n", ms,
                     reply ? (std::to_string(reply->status) + " " + reply->body).c_str()
                           : httplib::to_string(reply.error()).c_str());
    }
    return false;
}

// CPU seconds (user + system) the process has used so far, from /proc.
double cpu_seconds(int pid) {
    std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    double ticks = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i == 14 || i == 15) ticks += std::stod(field);  // utime, stime
    }
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

httplib::Client client_of(const CentralServer& central) {
    httplib::Client client("127.0.0.1", central.port());
    client.set_keep_alive(true);
    // As the terminals' libcurl does: with Nagle on, cpp-httplib's body waits for the ACK of
    // its headers, which the server delays 40 ms (that, not the server, was the p50 here).
    client.set_tcp_nodelay(true);
    client.set_read_timeout(10);
    return client;
}

// As many tickets as `threads` closed-loop clients manage in `duration`: tickets a second.
double throughput(const CentralServer& central, const std::vector<Kiosk>& kiosks, int threads,
                  std::chrono::seconds duration, int& failures) {
    std::atomic<std::size_t> next{0};
    std::atomic<int> failed{0};
    const auto stop = Clock::now() + duration;
    std::vector<std::thread> workers;
    const auto start = Clock::now();
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
            auto client = client_of(central);
            while (Clock::now() < stop) {
                if (!issue(client, kiosks, next++)) ++failed;
            }
        });
    }
    for (auto& worker : workers) worker.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    failures = failed;
    return static_cast<double>(next.load() - static_cast<std::size_t>(failed.load())) / seconds;
}

struct Latency {
    double p50_ms = 0;
    double p99_ms = 0;
    double max_ms = 0;
    int failures = 0;
};

// Open loop: request i is due at start + i / rate, and its latency counts from then, so a
// slow answer that delays the next requests is charged to them too (no coordinated omission).
Latency steady_rate(const CentralServer& central, const std::vector<Kiosk>& kiosks, int rate,
                    std::chrono::seconds duration, int threads) {
    const std::size_t total = static_cast<std::size_t>(rate) * static_cast<std::size_t>(duration.count());
    const auto interval = std::chrono::nanoseconds(1'000'000'000 / rate);
    std::vector<double> latencies(total, 0.0);
    std::atomic<int> failed{0};
    const auto start = Clock::now() + std::chrono::milliseconds(100);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            auto client = client_of(central);
            for (std::size_t i = static_cast<std::size_t>(t); i < total;
                 i += static_cast<std::size_t>(threads)) {
                const auto due = start + interval * static_cast<long>(i);
                std::this_thread::sleep_until(due);
                if (!issue(client, kiosks, i)) ++failed;
                latencies[i] = std::chrono::duration<double, std::milli>(Clock::now() - due).count();
            }
        });
    }
    for (auto& worker : workers) worker.join();
    std::sort(latencies.begin(), latencies.end());
    return {latencies[total / 2], latencies[total * 99 / 100], latencies.back(), failed.load()};
}

bool run(bench::BudgetReport& report, StoreBackend backend, const char* name) {
    int failures = 0;
    double rate = 0;
    {
        auto central = CentralServer::start({.backend = backend});
        if (!central) {
            std::fprintf(stderr, "%s\n", central.error().detail.c_str());
            return false;
        }
        auto kiosks = enrol_kiosks(*central);
        if (!kiosks) return false;
        const int pid = central->process().pid();
        const double cpu_before = cpu_seconds(pid);
        const auto before = Clock::now();
        rate = throughput(*central, *kiosks, 32, std::chrono::seconds(4), failures);
        const double issued = rate * std::chrono::duration<double>(Clock::now() - before).count();
        report.info(std::string(name) + ": server CPU per ticket",
                    (cpu_seconds(pid) - cpu_before) / issued * 1e6, "us");
    }
    // The issue's budgets are SQLite's, the embedded default. PostgreSQL's figures are
    // printed beside them, without a budget of their own (docs/benchmarks.md).
    auto budgeted = [&](const std::string& figure, double value, double budget, const char* unit,
                        bool lower_is_better) {
        if (backend == StoreBackend::sqlite) {
            report.figure(std::string(name) + ": " + figure, value, budget, unit, lower_is_better);
        } else {
            report.info(std::string(name) + ": " + figure, value, unit);
        }
    };
    budgeted("tickets issued per second (32 clients)", rate, 3000, "/s", false);
    if (failures > 0) report.info(std::string(name) + ": failed requests", failures, "");
    Latency latency;
    {
        auto central = CentralServer::start({.backend = backend});
        if (!central) return false;
        auto kiosks = enrol_kiosks(*central);
        if (!kiosks) return false;
        latency = steady_rate(*central, *kiosks, 500, std::chrono::seconds(6), 32);
    }
    report.info(std::string(name) + ": p50 at a steady 500/s", latency.p50_ms, "ms");
    budgeted("p99 at a steady 500/s", latency.p99_ms, 20, "ms", true);
    report.info(std::string(name) + ": max at a steady 500/s", latency.max_ms, "ms");
    if (latency.failures > 0) report.info(std::string(name) + ": failed requests", latency.failures, "");
    return failures == 0 && latency.failures == 0;
}

}  // namespace

int main() {
    bench::BudgetReport report("queue: ticket issue on ventanilla-central over loopback");
    bool ok = run(report, StoreBackend::sqlite, "SQLite");
    ok = run(report, StoreBackend::postgresql, "PostgreSQL") && ok;
    return ok ? report.exit_code() : 1;
}
