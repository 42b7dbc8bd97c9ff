#include "kiosk/tracking_cache.h"

#include <doctest/doctest.h>

#include "tests/support/process.h"
#include "tests/support/fixed_values.h"

using namespace ventanilla;
using ventanilla::testing::at;
using namespace std::chrono_literals;
using ventanilla::testing::TempDir;

namespace {

TrackingRecord record(const char* item_id, const char* fetched_at, const char* code) {
    TrackingEvent event;
    event.event_id = "e1";
    event.code = code;
    event.time = at("2026-11-20T14:05:00Z");
    event.office_name = "Correos Plaza";
    event.counter = "2";
    return TrackingRecord{item_id, {event}, at(fetched_at)};
}

}  // namespace

TEST_CASE("tracking cache: stores, replaces, survives reopening, keeps the newer answer") {
    TempDir temp;
    const auto path = std::filesystem::path(temp.path()) / "terminal.db";
    {
        auto store = LocalStore::open(path);
        REQUIRE_MESSAGE(store.ok(), store.failure_text());
        TrackingCache cache(store.value());

        auto missing = cache.find("RR123456785CU");
        REQUIRE(missing.ok());
        CHECK_FALSE(missing->has_value());

        const auto first = record("RR123456785CU", "2026-11-21T10:00:00Z", "EMD");
        REQUIRE(cache.put(first).ok());
        auto found = cache.find("RR123456785CU");
        REQUIRE(found.ok());
        REQUIRE(found->has_value());
        CHECK(**found == first);

        const auto newer = record("RR123456785CU", "2026-11-21T12:00:00Z", "EMG");
        REQUIRE(cache.put(newer).ok());
        CHECK(cache.find("RR123456785CU")->value() == newer);

        // A late reply fetched before the one kept does not bring the old status back.
        REQUIRE(cache.put(first).ok());
        CHECK(cache.find("RR123456785CU")->value() == newer);

        // Ids are bound, never pasted: a quote is just a character.
        const auto odd =
            record("RR1'; DROP TABLE tracking_cache;--", "2026-11-21T10:00:00Z", "EMA");
        REQUIRE(cache.put(odd).ok());
        CHECK(cache.find(odd.item_id)->value() == odd);
        CHECK(store->db().query_int("SELECT count(*) FROM tracking_cache").value() == 2);
    }
    auto reopened = LocalStore::open(path);
    REQUIRE(reopened.ok());
    TrackingCache cache(reopened.value());
    auto found = cache.find("RR123456785CU");
    REQUIRE(found.ok());
    REQUIRE(found->has_value());
    CHECK((*found)->events[0].code == "EMG");
}

TEST_CASE("tracking cache: a damaged row is an error, not a record") {
    TempDir temp;
    auto store = LocalStore::open(std::filesystem::path(temp.path()) / "terminal.db");
    REQUIRE(store.ok());
    REQUIRE(store->db()
                .exec("INSERT INTO tracking_cache VALUES ('RR123456785CU', '{oops', "
                      "'2026-11-21T10:00:00Z')")
                .ok());
    TrackingCache cache(store.value());
    auto found = cache.find("RR123456785CU");
    REQUIRE_FALSE(found.ok());
    CHECK(found.error().code == "tracking.bad_answer");
}

TEST_CASE("tracking cache: the age of an answer in minutes, hours and days") {
    const auto fetched = at("2026-11-21T10:00:00Z");
    CHECK(describe_age(fetched, fetched) == AgeText{"tracking.age.just_now", {}});
    CHECK(describe_age(fetched, fetched + 59s) == AgeText{"tracking.age.just_now", {}});
    CHECK(describe_age(fetched, fetched - 5min) == AgeText{"tracking.age.just_now", {}});
    CHECK(describe_age(fetched, fetched + 60s) == AgeText{"tracking.age.minute", {{"n", "1"}}});
    CHECK(describe_age(fetched, fetched + 59min + 59s) ==
          AgeText{"tracking.age.minutes", {{"n", "59"}}});
    CHECK(describe_age(fetched, fetched + 1h) == AgeText{"tracking.age.hour", {{"n", "1"}}});
    CHECK(describe_age(fetched, fetched + 3h + 20min) ==
          AgeText{"tracking.age.hours", {{"n", "3"}}});
    CHECK(describe_age(fetched, fetched + 23h + 59min) ==
          AgeText{"tracking.age.hours", {{"n", "23"}}});
    CHECK(describe_age(fetched, fetched + 24h) == AgeText{"tracking.age.day", {{"n", "1"}}});
    CHECK(describe_age(fetched, fetched + 24h * 40) == AgeText{"tracking.age.days", {{"n", "40"}}});
}
