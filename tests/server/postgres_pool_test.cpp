// The PostgreSQL connection pool against a real PostgreSQL: borrowers served in turn.
#include <doctest/doctest.h>

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "server/postgres_connection.h"
#include "tests/support/postgres.h"

using namespace ventanilla;
using namespace ventanilla::testing;
using namespace std::chrono_literals;

namespace {

void wait_for_waiters(PgPool& pool, std::size_t count) {
    auto deadline = std::chrono::steady_clock::now() + 5s;
    while (pool.waiting() < count && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(1ms);
    }
    REQUIRE(pool.waiting() == count);
}

}  // namespace

TEST_CASE("PostgreSQL pool: a returned connection goes to the borrower waiting longest, not to one arriving") {
    PgPool pool(fresh_postgres_database(), "test", 1);
    std::mutex mutex;
    std::vector<std::string> served;
    auto held = std::make_optional(pool.acquire());
    REQUIRE(held->ok());

    std::thread waiter([&] {
        auto lease = pool.acquire(5s);
        std::lock_guard lock(mutex);  // doctest's assertions from a second thread, one at a time
        CHECK(lease.ok());
        if (lease.ok()) {
            CHECK((*lease)->run("SELECT 1", {}, "check").ok());
            served.push_back("waiter");
        }
    });
    wait_for_waiters(pool, 1);
    // Returned and asked for again at once by the same thread: before the fix this thread
    // took it back while the waiter was still waking up, and could do so for ever.
    held.reset();
    auto again = pool.acquire(5s);
    REQUIRE(again.ok());
    {
        std::lock_guard lock(mutex);
        served.push_back("arriving");
    }
    waiter.join();
    CHECK(served == std::vector<std::string>{"waiter", "arriving"});
}

TEST_CASE("PostgreSQL pool: borrowers are served in the order they came, and one who gave up keeps no place") {
    PgPool pool(fresh_postgres_database(), "test", 1);
    auto held = std::make_optional(pool.acquire());
    REQUIRE(held->ok());

    // One who waits too little gives up with store.busy and leaves the queue.
    auto impatient = pool.acquire(50ms);
    REQUIRE_FALSE(impatient.ok());
    CHECK(impatient.error().code == "store.busy");
    CHECK(pool.waiting() == 0);

    std::mutex mutex;
    std::vector<int> served;
    std::vector<std::thread> borrowers;
    for (int i = 0; i < 4; ++i) {
        borrowers.emplace_back([&, i] {
            auto lease = pool.acquire(5s);
            std::lock_guard lock(mutex);
            CHECK(lease.ok());
            if (lease.ok()) served.push_back(i);
        });
        wait_for_waiters(pool, static_cast<std::size_t>(i) + 1);
    }
    held.reset();
    for (auto& borrower : borrowers) borrower.join();
    CHECK(served == std::vector<int>{0, 1, 2, 3});
    CHECK(pool.waiting() == 0);
    // The one connection is back and free.
    auto last = pool.acquire(100ms);
    CHECK(last.ok());
}
