// The terminal's tracking look-up against the real ventanilla-central, and against bad servers.
#include "kiosk/tracking_client.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "kiosk/store.h"
#include "kiosk/tracking_cache.h"
#include "kiosk/tracking_flow.h"
#include "tests/support/central.h"
#include "tests/support/process.h"

using namespace ventanilla;
using namespace ventanilla::testing;
using namespace std::chrono_literals;

namespace {

constexpr const char* kDemoItem = "RR123456785CU";

// An httplib server on a free loopback port that answers tracking requests as told.
class BadServer {
public:
    explicit BadServer(httplib::Server::Handler handler) {
        server_.Get(R"(/api/v1/tracking/(.*))", std::move(handler));
        port_ = server_.bind_to_any_port("127.0.0.1");
        REQUIRE(port_ > 0);
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        REQUIRE(wait_until([this] { return server_.is_running(); }, 2s));
    }
    ~BadServer() {
        server_.stop();
        thread_.join();
    }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
};

Result<TrackingRecord> fetch_from(const BadServer& server,
                                  const TrackingHttpOptions& options = {}) {
    return fetch_tracking(server.base_url(), kDemoItem, options);
}

}  // namespace

TEST_CASE("tracking client: the demo item is found, newest event first, and cached") {
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());

    auto record = fetch_tracking(central->base_url(), kDemoItem);
    REQUIRE_MESSAGE(record.ok(), record.failure_text());
    CHECK(record->item_id == kDemoItem);
    REQUIRE_FALSE(record->events.empty());
    for (std::size_t i = 1; i < record->events.size(); ++i) {
        CHECK(record->events[i - 1].time >= record->events[i].time);
    }
    const auto now = std::chrono::system_clock::now();
    CHECK(record->fetched_at <= now + 5s);
    CHECK(record->fetched_at >= now - 60s);

    // Trailing slashes on the configured address do not matter.
    CHECK(fetch_tracking(central->base_url() + "/", kDemoItem).ok());
}

TEST_CASE("tracking client: an unknown item is not found, a malformed id is refused") {
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());

    auto missing = fetch_tracking(central->base_url(), "EE123456785CU");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == "tracking.not_found");
    CHECK(missing.error().args.at("item") == "EE123456785CU");

    auto malformed = fetch_tracking(central->base_url(), "RR123456784CU");
    REQUIRE_FALSE(malformed.ok());
    CHECK(malformed.error().code == "tracking.invalid_id");

    // An id that needs encoding reaches the server as one path segment.
    auto odd = fetch_tracking(central->base_url(), "RR 123/../x");
    REQUIRE_FALSE(odd.ok());
    CHECK(odd.error().code == "tracking.invalid_id");
}

TEST_CASE("tracking client: server down gives a net error and the cache still answers") {
    TempDir temp;
    auto store = LocalStore::open(std::filesystem::path(temp.path()) / "terminal.db");
    REQUIRE(store.ok());
    TrackingCache cache(store.value());

    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    const std::string base_url = central->base_url();
    const auto fetch = [&](const std::string& id) {
        return fetch_tracking(base_url, id, {.connect_timeout_ms = 1000, .total_timeout_ms = 3000});
    };

    auto online = look_up_tracking(fetch, cache, kDemoItem);
    REQUIRE_MESSAGE(online.fresh.ok(), online.fresh.failure_text());
    CHECK_FALSE(online.cached.has_value());

    CHECK(central->stop() == 0);

    auto offline = look_up_tracking(fetch, cache, kDemoItem);
    REQUIRE_FALSE(offline.fresh.ok());
    CHECK(offline.fresh.error().code.starts_with("net."));
    REQUIRE(offline.cached.has_value());
    CHECK(*offline.cached == online.fresh.value());

    // The flow shows it as offline with the cached answer and its age.
    TrackingFlow flow;
    REQUIRE(flow.submit(kDemoItem, {}).has_value());
    flow.on_answer(kDemoItem, std::move(offline));
    CHECK(flow.phase() == TrackingPhase::offline_with_cache);
    CHECK(flow.cache_age(online.fresh->fetched_at + 3h)->key == "tracking.age.hours");

    // An item this terminal never saw: offline and unknown.
    auto never = look_up_tracking(fetch, cache, "EE123456785CU");
    CHECK(never.fresh.error().code.starts_with("net."));
    CHECK_FALSE(never.cached.has_value());
}

TEST_CASE("tracking client: a server answering 500, an HTML page or garbage JSON") {
    SUBCASE("500") {
        BadServer server([](const httplib::Request&, httplib::Response& res) {
            res.status = 500;
            res.set_content(R"({"error":{"code":"server.internal","message":"x"}})",
                            "application/json");
        });
        auto record = fetch_from(server);
        REQUIRE_FALSE(record.ok());
        CHECK(record.error().code == "tracking.server_error");
        CHECK(record.error().args.at("status") == "500");
    }
    SUBCASE("a 404 that is not ours (a proxy, a wrong address)") {
        BadServer server([](const httplib::Request&, httplib::Response& res) {
            res.status = 404;
            res.set_content("<html>Not Found</html>", "text/html");
        });
        auto record = fetch_from(server);
        REQUIRE_FALSE(record.ok());
        CHECK(record.error().code == "tracking.server_error");
    }
    SUBCASE("200 with a captive portal's HTML") {
        BadServer server([](const httplib::Request&, httplib::Response& res) {
            res.set_content("<html>Login to WiFi</html>", "text/html");
        });
        auto record = fetch_from(server);
        REQUIRE_FALSE(record.ok());
        CHECK(record.error().code == "tracking.bad_answer");
        CHECK(record.error().args.at("reason") == "not_json");
    }
    SUBCASE("200 with JSON of the wrong shape") {
        BadServer server([](const httplib::Request&, httplib::Response& res) {
            res.set_content(R"({"item_id":"RR123456785CU","events":"none","fetched_at":"x"})",
                            "application/json");
        });
        auto record = fetch_from(server);
        REQUIRE_FALSE(record.ok());
        CHECK(record.error().code == "tracking.bad_answer");
    }
    SUBCASE("200 about another item") {
        BadServer server([](const httplib::Request&, httplib::Response& res) {
            res.set_content(
                R"({"item_id":"EE123456785CU","events":[],"fetched_at":"2026-11-21T10:00:00Z"})",
                "application/json");
        });
        auto record = fetch_from(server);
        REQUIRE_FALSE(record.ok());
        CHECK(record.error().args.at("reason") == "different_item");
    }
    SUBCASE("a body far too large") {
        BadServer server([](const httplib::Request&, httplib::Response& res) {
            res.set_content(std::string(kMaxTrackingAnswerBytes + 10, ' '), "application/json");
        });
        auto record = fetch_from(server);
        REQUIRE_FALSE(record.ok());
        CHECK(record.error().args.at("reason") == "too_large");
    }
}

TEST_CASE("tracking client: a slow server's look-up can be cancelled, its late answer dropped") {
    std::atomic<bool> answered = false;
    BadServer server([&](const httplib::Request&, httplib::Response& res) {
        std::this_thread::sleep_for(1500ms);
        res.set_content(
            R"({"item_id":"RR123456785CU","events":[],"fetched_at":"2026-11-21T10:00:00Z"})",
            "application/json");
        answered = true;
    });
    std::atomic<int> wakes = 0;
    const std::string base_url = server.base_url();
    TrackingLookup lookup(
        [&](const std::string& id, const std::atomic<bool>& cancelled) {
            TrackingHttpOptions http;
            http.cancelled = &cancelled;
            return TrackingAnswer{fetch_tracking(base_url, id, http), {}};
        },
        [&] { ++wakes; });
    TrackingFlow flow;
    const auto start = std::chrono::steady_clock::now();
    auto id = flow.submit(kDemoItem, start);
    REQUIRE(id.has_value());
    lookup.start(*id);
    std::this_thread::sleep_for(200ms);
    CHECK(flow.cancel());
    lookup.cancel();
    CHECK(flow.phase() == TrackingPhase::idle);
    CHECK(std::chrono::steady_clock::now() - start < 1s);  // cancelling never waits

    REQUIRE(wait_until([&] { return answered.load(); }, 5s));
    std::this_thread::sleep_for(300ms);  // time for the worker to queue it, were it kept
    CHECK(lookup.drain().empty());
    CHECK(wakes == 0);

    SUBCASE("not cancelled, the slow answer arrives") {
        answered = false;
        lookup.start(*flow.submit(kDemoItem, std::chrono::steady_clock::now()));
        REQUIRE(wait_until([&] { return wakes.load() == 1; }, 5s));
        auto results = lookup.drain();
        REQUIRE(results.size() == 1);
        flow.on_answer(results[0].item_id, std::move(results[0].answer));
        CHECK(flow.phase() == TrackingPhase::found);
    }
}

TEST_CASE("tracking client: a look-up abandoned for another gives up its request, so the new one never waits") {
    const std::string slow_item = "RR123456785CU";
    const std::string quick_item = "RB123456785GB";
    std::atomic<bool> finished = false;  // lets the slow handler go once the test is over
    BadServer server([&](const httplib::Request& req, httplib::Response& res) {
        const bool slow = req.path.find(slow_item) != std::string::npos;
        // 8 s: the worker's 10 s timeout is far away, and so is any pass by luck.
        for (int i = 0; slow && i < 160 && !finished; ++i) std::this_thread::sleep_for(50ms);
        const std::string item = slow ? slow_item : quick_item;
        res.set_content(R"({"item_id":")" + item + R"(","events":[],"fetched_at":"2026-11-21T10:00:00Z"})",
                        "application/json");
    });
    const std::string base_url = server.base_url();
    std::atomic<int> wakes = 0;
    std::string cancelled_code;
    std::mutex mutex;
    auto lookup = std::make_unique<TrackingLookup>(
        [&](const std::string& id, const std::atomic<bool>& cancelled) {
            TrackingHttpOptions http;
            http.cancelled = &cancelled;
            auto fetched = fetch_tracking(base_url, id, http);
            if (!fetched && id == slow_item) {
                std::lock_guard lock(mutex);
                cancelled_code = fetched.error().code;
            }
            return TrackingAnswer{std::move(fetched), {}};
        },
        [&] { ++wakes; });

    lookup->start(slow_item);
    std::this_thread::sleep_for(200ms);  // its request is out and waiting
    const auto replaced_at = std::chrono::steady_clock::now();
    lookup->start(quick_item);
    REQUIRE(wait_until([&] { return wakes.load() == 1; }, 5s));
    // The quick answer came within libcurl's one-second progress tick, not after 8 s.
    CHECK(std::chrono::steady_clock::now() - replaced_at < 2500ms);
    auto results = lookup->drain();
    REQUIRE(results.size() == 1);
    CHECK(results[0].item_id == quick_item);
    CHECK(results[0].answer.fresh.ok());
    {
        std::lock_guard lock(mutex);
        CHECK(cancelled_code == "net.cancelled");
    }

    // Closing the terminal in the middle of a slow look-up does not wait for it either.
    lookup->start(slow_item);
    std::this_thread::sleep_for(200ms);
    const auto closing_at = std::chrono::steady_clock::now();
    lookup.reset();
    CHECK(std::chrono::steady_clock::now() - closing_at < 2500ms);
    finished = true;
}
