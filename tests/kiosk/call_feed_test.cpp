// The display's calls feed against a stand-in server: start from the recent past, announce
// only what is new, back off while the server is away, recover, never hang on close.
#include "kiosk/call_feed.h"

#include <doctest/doctest.h>

#include <deque>
#include <mutex>

#include "tests/support/process.h"

using namespace ventanilla;
using namespace std::chrono_literals;
using ventanilla::testing::wait_until;

namespace {

const WallTime kNoon = std::chrono::sys_days{std::chrono::year{2026} / 3 / 14} + 12h;

QueueCall call_at(std::int64_t sequence, WallTime when) {
    return QueueCall{sequence, "B-" + std::to_string(sequence), "giros", 2, false, false, when};
}

// A scripted server: a list of calls, a clock, and failures on demand. A poll with a wait
// blocks (up to 2 s, or until cancelled) while there is no call after `after`.
class FakeServer {
public:
    void add(QueueCall call) {
        {
            std::lock_guard lock(mutex_);
            calls_.push_back(std::move(call));
        }
        changed_.notify_all();
    }
    void set_down(bool down) {
        std::lock_guard lock(mutex_);
        down_ = down;
    }
    void set_time(WallTime time) {
        std::lock_guard lock(mutex_);
        time_ = time;
    }
    void restart_empty() {
        {
            std::lock_guard lock(mutex_);
            calls_.clear();
        }
        changed_.notify_all();
    }
    int requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }
    std::vector<std::int64_t> afters() const {
        std::lock_guard lock(mutex_);
        return afters_;
    }

    CallSource source() {
        return CallSource{
            [this](const std::atomic<bool>&) -> Result<std::int64_t> {
                std::lock_guard lock(mutex_);
                ++requests_;
                if (down_) return make_error("net.unreachable");
                return last();
            },
            [this](std::int64_t after, int wait_s, const std::atomic<bool>& cancel) -> Result<CallsPage> {
                std::unique_lock lock(mutex_);
                ++requests_;
                afters_.push_back(after);
                if (down_) return make_error("net.unreachable");
                auto deadline = std::chrono::steady_clock::now() + std::min(2s, std::chrono::seconds(wait_s));
                while (wait_s > 0 && last() <= after && !cancel &&
                       std::chrono::steady_clock::now() < deadline) {
                    changed_.wait_for(lock, 20ms);
                }
                if (cancel) return make_error("net.cancelled");
                CallsPage page;
                for (const auto& c : calls_) {
                    if (c.sequence > after) page.calls.push_back(c);
                }
                // As the real server: `after` itself when there is nothing after it.
                page.last_sequence = page.calls.empty() ? after : page.calls.back().sequence;
                page.server_time = time_;
                return page;
            }};
    }

private:
    std::int64_t last() const { return calls_.empty() ? 0 : calls_.back().sequence; }

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<QueueCall> calls_;
    bool down_ = false;
    WallTime time_ = kNoon;
    int requests_ = 0;
    std::vector<std::int64_t> afters_;
};

CallFeedOptions quick_options() {
    CallFeedOptions options;
    options.wait_s = 2;
    options.history_calls = 5;
    options.retry = RetryPolicy{5ms, 20ms};
    return options;
}

// Everything the feed handed over until `enough` holds (or 5 s pass).
struct Collected {
    std::vector<CallFeedUpdate> updates;
    std::vector<FeedCall> calls() const {
        std::vector<FeedCall> all;
        for (const auto& u : updates) all.insert(all.end(), u.calls.begin(), u.calls.end());
        return all;
    }
};

bool collect_until(CallFeed& feed, Collected& into, const std::function<bool(const Collected&)>& enough) {
    return wait_until(
        [&] {
            for (auto& u : feed.drain()) into.updates.push_back(std::move(u));
            return enough(into);
        },
        5s, 5ms);
}

}  // namespace

TEST_CASE("call feed: starts from the office's latest calls, shown without a sound") {
    FakeServer server;
    // 30 calls this morning; the first ones more than an hour ago.
    for (int i = 1; i <= 30; ++i) server.add(call_at(i, kNoon - std::chrono::minutes(31 - i) * 3));
    int wakes = 0;
    std::mutex wakes_mutex;
    CallFeed feed(server.source(), quick_options(), [&] {
        std::lock_guard lock(wakes_mutex);
        ++wakes;
    });
    Collected got;
    REQUIRE(collect_until(feed, got, [](const Collected& c) { return !c.updates.empty(); }));
    REQUIRE(got.updates.size() == 1);
    CHECK(got.updates[0].reset);
    auto calls = got.calls();
    REQUIRE(calls.size() == 5);  // the last five, not the whole day
    CHECK(calls.front().call.sequence == 26);
    CHECK(calls.back().call.sequence == 30);
    for (const auto& c : calls) CHECK_FALSE(c.announce);
    CHECK(wait_until([&] { return feed.status().state == CallFeedStatus::State::online; }, 2s));
    CHECK(feed.status().last_sequence == 30);
    std::lock_guard lock(wakes_mutex);
    CHECK(wakes >= 1);
}

TEST_CASE("call feed: only calls of the last hour are shown at start") {
    FakeServer server;
    server.add(call_at(1, kNoon - 3h));
    server.add(call_at(2, kNoon - 61min));
    server.add(call_at(3, kNoon - 59min));
    CallFeed feed(server.source(), quick_options(), [] {});
    Collected got;
    REQUIRE(collect_until(feed, got, [](const Collected& c) { return !c.updates.empty(); }));
    auto calls = got.calls();
    REQUIRE(calls.size() == 1);
    CHECK(calls[0].call.sequence == 3);
}

TEST_CASE("call feed: a call made while the display waits arrives at once and is announced") {
    FakeServer server;
    server.add(call_at(1, kNoon));
    CallFeed feed(server.source(), quick_options(), [] {});
    Collected got;
    REQUIRE(collect_until(feed, got, [](const Collected& c) { return !c.updates.empty(); }));
    // The poll is waiting now; a counter calls.
    REQUIRE(wait_until([&] { return server.afters().size() >= 2; }, 2s));
    auto made = std::chrono::steady_clock::now();
    server.add(call_at(2, kNoon));
    REQUIRE(collect_until(feed, got, [](const Collected& c) { return c.calls().size() >= 2; }));
    CHECK(std::chrono::steady_clock::now() - made < 1s);
    auto calls = got.calls();
    CHECK(calls.back().call.sequence == 2);
    CHECK(calls.back().announce);
    CHECK_FALSE(got.updates.back().reset);
}

TEST_CASE("call feed: an unreachable server is retried with backoff and the feed recovers by itself") {
    FakeServer server;
    server.set_down(true);
    server.add(call_at(1, kNoon));
    CallFeed feed(server.source(), quick_options(), [] {});
    REQUIRE(wait_until([&] { return feed.status().failures >= 3; }, 3s));
    CallFeedStatus status = feed.status();
    CHECK(status.state == CallFeedStatus::State::offline);
    CHECK(status.error_code == "net.unreachable");
    server.set_down(false);
    REQUIRE(wait_until([&] { return feed.status().state == CallFeedStatus::State::online; }, 3s));
    CHECK(feed.status().failures == 0);
    Collected got;
    REQUIRE(collect_until(feed, got, [](const Collected& c) { return !c.calls().empty(); }));
    CHECK(got.calls()[0].call.sequence == 1);
}

TEST_CASE("call feed: after an outage the calls missed are shown, only the recent ones announced") {
    FakeServer server;
    server.add(call_at(1, kNoon));
    CallFeed feed(server.source(), quick_options(), [] {});
    Collected got;
    REQUIRE(collect_until(feed, got, [](const Collected& c) { return !c.updates.empty(); }));
    server.set_down(true);
    REQUIRE(wait_until([&] { return feed.status().state == CallFeedStatus::State::offline; }, 5s));
    // Two calls while away: one five minutes before the server answers again, one just now.
    server.add(call_at(2, kNoon + 1min));
    server.add(call_at(3, kNoon + 6min - 5s));
    server.set_time(kNoon + 6min);
    server.set_down(false);
    REQUIRE(collect_until(feed, got, [](const Collected& c) { return c.calls().size() >= 3; }));
    auto calls = got.calls();
    CHECK(calls[1].call.sequence == 2);
    CHECK_FALSE(calls[1].announce);  // the person has long gone to the counter
    CHECK(calls[2].call.sequence == 3);
    CHECK(calls[2].announce);
}

TEST_CASE("call feed: a server back with fewer calls than seen (a restored database) starts the board over") {
    FakeServer server;
    for (int i = 1; i <= 4; ++i) server.add(call_at(i, kNoon));
    CallFeed feed(server.source(), quick_options(), [] {});
    Collected got;
    REQUIRE(collect_until(feed, got, [](const Collected& c) { return !c.updates.empty(); }));
    server.set_down(true);
    REQUIRE(wait_until([&] { return feed.status().state == CallFeedStatus::State::offline; }, 5s));
    server.restart_empty();
    server.set_down(false);
    server.add(call_at(1, kNoon));
    REQUIRE(collect_until(feed, got, [](const Collected& c) {
        return c.updates.size() >= 2 && c.updates.back().reset;
    }));
    auto last = got.updates.back();
    REQUIRE(last.calls.size() == 1);
    CHECK(last.calls[0].call.sequence == 1);
}

TEST_CASE("call feed: closing gives up the waiting poll at once") {
    FakeServer server;
    CallFeedOptions options = quick_options();
    options.wait_s = 25;  // the fake holds it 2 s at most, the real server 25
    auto feed = std::make_unique<CallFeed>(server.source(), options, [] {});
    REQUIRE(wait_until([&] { return server.afters().size() >= 2; }, 2s));
    auto start = std::chrono::steady_clock::now();
    feed.reset();
    CHECK(std::chrono::steady_clock::now() - start < 500ms);
}
