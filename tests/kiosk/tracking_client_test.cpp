// TrackingLookup's worker with a fake fetch; the real HTTP is in
// tests/server/tracking_client_test.cpp.
#include "kiosk/tracking_client.h"

#include <doctest/doctest.h>

#include <thread>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

using namespace ventanilla;
using namespace std::chrono_literals;

namespace {

// A fetch that waits until the test lets it answer, so the test decides the interleaving.
struct GatedFetch {
    std::mutex mutex;
    std::condition_variable changed;
    int started = 0;
    int released = 0;

    TrackingAnswer operator()(const std::string& item_id) {
        std::unique_lock lock(mutex);
        const int mine = ++started;
        changed.notify_all();
        changed.wait(lock, [&] { return released >= mine; });
        TrackingRecord record;
        record.item_id = item_id;
        return TrackingAnswer{record, std::nullopt};
    }
    void wait_started(int n) {
        std::unique_lock lock(mutex);
        REQUIRE(changed.wait_for(lock, 5s, [&] { return started >= n; }));
    }
    void release_one() {
        std::lock_guard lock(mutex);
        ++released;
        changed.notify_all();
    }
};

// Waits on the wake callback's count, as the UI loop waits on glfwPostEmptyEvent.
struct Wakes {
    std::mutex mutex;
    std::condition_variable changed;
    int count = 0;
    void wake() {
        std::lock_guard lock(mutex);
        ++count;
        changed.notify_all();
    }
    bool wait_for(int n) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, 5s, [&] { return count >= n; });
    }
};

}  // namespace

TEST_CASE("tracking lookup: the result comes back by value through drain, with a wake") {
    GatedFetch fetch;
    Wakes wakes;
    TrackingLookup lookup([&](const std::string& id, const std::atomic<bool>&) { return fetch(id); }, [&] { wakes.wake(); });
    CHECK_FALSE(lookup.busy());
    const auto id = lookup.start("RR123456785CU");
    CHECK(lookup.busy());
    fetch.wait_started(1);
    CHECK(lookup.drain().empty());  // never waits for the network
    fetch.release_one();
    REQUIRE(wakes.wait_for(1));
    auto results = lookup.drain();
    REQUIRE(results.size() == 1);
    CHECK(results[0].request_id == id);
    CHECK(results[0].item_id == "RR123456785CU");
    REQUIRE(results[0].answer.fresh.ok());
    CHECK(results[0].answer.fresh->item_id == "RR123456785CU");
    CHECK_FALSE(lookup.busy());
    CHECK(lookup.drain().empty());
}

TEST_CASE("tracking lookup: a cancelled look-up's late result is dropped") {
    GatedFetch fetch;
    Wakes wakes;
    TrackingLookup lookup([&](const std::string& id, const std::atomic<bool>&) { return fetch(id); }, [&] { wakes.wake(); });
    lookup.start("RR123456785CU");
    fetch.wait_started(1);
    lookup.cancel();
    CHECK_FALSE(lookup.busy());
    fetch.release_one();

    // A second look-up runs after the first ends, and only its result comes back.
    const auto second = lookup.start("EE123456785CU");
    fetch.wait_started(2);
    fetch.release_one();
    REQUIRE(wakes.wait_for(1));
    auto results = lookup.drain();
    REQUIRE(results.size() == 1);
    CHECK(results[0].request_id == second);
    CHECK(results[0].item_id == "EE123456785CU");
    CHECK(wakes.count == 1);
}

TEST_CASE("tracking lookup: one at a time, a newer start replaces a waiting one") {
    GatedFetch fetch;
    Wakes wakes;
    TrackingLookup lookup([&](const std::string& id, const std::atomic<bool>&) { return fetch(id); }, [&] { wakes.wake(); });
    lookup.start("RR123456785CU");
    fetch.wait_started(1);
    lookup.start("EE123456785CU");  // waits: the first is still running
    const auto last = lookup.start("CP123456785CU");
    fetch.release_one();  // the first ends; its result is dropped
    fetch.wait_started(2);
    {
        std::lock_guard lock(fetch.mutex);
        CHECK(fetch.started == 2);  // EE… was never fetched
    }
    fetch.release_one();
    REQUIRE(wakes.wait_for(1));
    auto results = lookup.drain();
    REQUIRE(results.size() == 1);
    CHECK(results[0].request_id == last);
    CHECK(results[0].item_id == "CP123456785CU");
}

TEST_CASE("tracking lookup: destroying it while a look-up runs waits for it, drops it") {
    GatedFetch fetch;
    std::atomic<int> wakes = 0;
    // The answer must come while the destructor is already waiting for the worker: released
    // before it, the worker may (rightly) finish and wake first. 200 ms puts the release
    // well inside the destructor's join.
    std::thread releaser;
    {
        TrackingLookup lookup([&](const std::string& id, const std::atomic<bool>&) { return fetch(id); }, [&] { ++wakes; });
        lookup.start("RR123456785CU");
        fetch.wait_started(1);
        releaser = std::thread([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            fetch.release_one();
        });
    }
    releaser.join();
    CHECK(wakes == 0);
}
