// The queue under concurrency: many counters calling at once, many kiosks issuing at once, on
// one server and on two processes sharing a database.
#include <doctest/doctest.h>

#include <barrier>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "tests/server/queue_support.h"

using namespace ventanilla;
using namespace ventanilla::testing;

namespace {

constexpr int kCounters = 8;
constexpr int kWaiting = 200;

// One server, or two on the same database (PostgreSQL, or the same SQLite file).
std::vector<CentralServer> start_servers(StoreBackend backend, int count) {
    std::vector<CentralServer> servers;
    Result<CentralServer> first = CentralServer::start({.backend = backend});
    REQUIRE_MESSAGE(first.ok(), first.failure_text());
    servers.push_back(std::move(first).value());
    for (int i = 1; i < count; ++i) {
        Result<CentralServer> next = CentralServer::start({.db_path = servers.front().db_path()});
        REQUIRE_MESSAGE(next.ok(), next.failure_text());
        servers.push_back(std::move(next).value());
    }
    return servers;
}

void many_counters_call_next(StoreBackend backend, int processes) {
    auto servers = start_servers(backend, processes);
    const CentralServer& central = servers.front();
    // Every counter may serve giros in this test, and each needs a clerk of its own.
    run_sql(central.db_path(),
            "UPDATE services SET counters = '' WHERE office_id = 'hav-plaza' AND id = 'giros'");
    add_test_clerks(central.db_path(), kCounters);
    auto kiosk = enrol_device(central, "kiosk", "hav-plaza", 9);
    REQUIRE_MESSAGE(kiosk.ok(), kiosk.failure_text());
    for (int i = 0; i < kWaiting; ++i) {
        // Some priority tickets, so the policy's choice is exercised too.
        auto reply = post_ticket(central, *kiosk,
                                 ticket_body("giros", i % 7 == 3 ? nlohmann::json("elderly") : nullptr));
        REQUIRE(reply);
        REQUIRE(reply->status == 201);
    }
    std::vector<EnrolledDevice> counters;
    std::vector<std::string> sessions;
    for (int c = 1; c <= kCounters; ++c) {
        auto device = enrol_device(central, "counter", "hav-plaza", c);
        REQUIRE_MESSAGE(device.ok(), device.failure_text());
        auto opened = open_session(central, *device, c, "c" + std::to_string(c), "2580", {"giros"});
        REQUIRE(opened);
        REQUIRE_MESSAGE(opened->status == 201, opened->body);
        counters.push_back(*device);
        sessions.push_back(body_json(opened)["session"]);
    }

    std::mutex mutex;
    std::map<std::string, std::vector<int>> called_by;  // number -> counters that got it
    std::vector<std::int64_t> call_sequences;
    std::vector<std::string> failures;
    std::barrier start_line(kCounters);
    std::vector<std::thread> threads;
    for (int c = 1; c <= kCounters; ++c) {
        threads.emplace_back([&, c] {
            const CentralServer& server = servers[static_cast<std::size_t>(c) % servers.size()];
            const EnrolledDevice& device = counters[static_cast<std::size_t>(c - 1)];
            const std::string& session = sessions[static_cast<std::size_t>(c - 1)];
            start_line.arrive_and_wait();
            while (true) {
                auto reply = counter_post(server, device, c, session, "call-next");
                if (!reply || reply->status != 200) {
                    std::lock_guard lock(mutex);
                    failures.push_back(reply ? reply->body : "no answer");
                    return;
                }
                const auto body = body_json(reply);
                if (body["ticket"].is_null()) return;
                {
                    std::lock_guard lock(mutex);
                    called_by[body["ticket"]["number"]].push_back(c);
                    call_sequences.push_back(body["call"]["sequence"]);
                }
                auto served = counter_post(server, device, c, session, "served");
                if (!served || served->status != 200) {
                    std::lock_guard lock(mutex);
                    failures.push_back(served ? served->body : "no answer to served");
                    return;
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK_MESSAGE(failures.empty(), (failures.empty() ? "" : failures.front()));
    CHECK(called_by.size() == kWaiting);
    for (const auto& [number, by] : called_by) {
        CHECK_MESSAGE(by.size() == 1, number << " was called by " << by.size() << " counters");
    }
    // Every call has its own place in the office's sequence: 1 … 200, none twice.
    std::set<std::int64_t> distinct(call_sequences.begin(), call_sequences.end());
    CHECK(distinct.size() == kWaiting);
    CHECK(*distinct.begin() == 1);
    CHECK(*distinct.rbegin() == kWaiting);
    CHECK(database_integer(central.db_path(),
                           "SELECT count(*) FROM queue_tickets WHERE status = 'served'") == kWaiting);
}

void many_kiosks_issue(StoreBackend backend, int processes) {
    auto servers = start_servers(backend, processes);
    constexpr int kKiosks = 8;
    constexpr int kEach = 25;
    std::vector<EnrolledDevice> kiosks;
    for (int k = 1; k <= kKiosks; ++k) {
        auto kiosk = enrol_device(servers.front(), "kiosk", "hav-plaza", k);
        REQUIRE_MESSAGE(kiosk.ok(), kiosk.failure_text());
        kiosks.push_back(*kiosk);
    }
    std::mutex mutex;
    std::vector<std::pair<std::int64_t, std::string>> issued;  // sequence, number
    std::vector<std::string> failures;
    std::barrier start_line(kKiosks);
    std::vector<std::thread> threads;
    for (int k = 0; k < kKiosks; ++k) {
        threads.emplace_back([&, k] {
            const CentralServer& server = servers[static_cast<std::size_t>(k) % servers.size()];
            start_line.arrive_and_wait();
            for (int i = 0; i < kEach; ++i) {
                auto reply = post_ticket(server, kiosks[static_cast<std::size_t>(k)], ticket_body("giros"));
                std::lock_guard lock(mutex);
                if (!reply || reply->status != 201) {
                    failures.push_back(reply ? reply->body : "no answer");
                    return;
                }
                const auto body = body_json(reply);
                issued.emplace_back(body["sequence"].get<std::int64_t>(),
                                    body["number"].get<std::string>());
            }
        });
    }
    for (auto& thread : threads) thread.join();
    REQUIRE_MESSAGE(failures.empty(), (failures.empty() ? "" : failures.front()));
    REQUIRE(issued.size() == kKiosks * kEach);
    // Gapless and in order: sorted by the office's sequence, the numbers count 1, 2, 3, …
    std::sort(issued.begin(), issued.end());
    for (std::size_t i = 0; i < issued.size(); ++i) {
        std::string expected = std::to_string(i + 1);
        expected.insert(0, expected.size() < 3 ? 3 - expected.size() : 0, '0');
        CHECK(issued[i].second == "B-" + expected);
    }
}

}  // namespace

TEST_CASE("queue concurrency: 8 counters call-next at once on 200 tickets, one server on SQLite") {
    many_counters_call_next(StoreBackend::sqlite, 1);
}

TEST_CASE("queue concurrency: 8 counters call-next at once, two servers on one SQLite file") {
    many_counters_call_next(StoreBackend::sqlite, 2);
}

TEST_CASE("queue concurrency: 8 counters call-next at once, two servers on one PostgreSQL") {
    many_counters_call_next(StoreBackend::postgresql, 2);
}

TEST_CASE("queue concurrency: 8 kiosks issue at once, numbers unique, gapless, in order (SQLite)") {
    many_kiosks_issue(StoreBackend::sqlite, 1);
}

TEST_CASE("queue concurrency: 8 kiosks issue at once through two servers on one PostgreSQL") {
    many_kiosks_issue(StoreBackend::postgresql, 2);
}
