#include "kiosk/tracking_flow.h"

#include <doctest/doctest.h>

#include "kiosk/giro_reference.h"

using namespace ventanilla;
using namespace std::chrono_literals;

namespace {

// The test's clocks: moved by hand, never read from the system.
struct Clocks {
    SteadyTime steady{};
    WallTime wall = parse_rfc3339("2026-11-21T13:00:00Z").value();
    void advance(std::chrono::seconds by) {
        steady += by;
        wall += by;
    }
};

TrackingRecord record(const char* fetched_at) {
    TrackingEvent event;
    event.event_id = "e1";
    event.code = "EMG";
    event.time = parse_rfc3339("2026-11-20T14:05:00Z").value();
    event.office_name = "Correos Plaza";
    event.country = "CU";
    event.counter = "2";
    return TrackingRecord{"RR123456785CU", {event}, parse_rfc3339(fetched_at).value()};
}

TrackingAnswer fresh(TrackingRecord r) {
    return TrackingAnswer{std::move(r), std::nullopt};
}

TrackingAnswer failed(Error error, std::optional<TrackingRecord> cached = std::nullopt) {
    return TrackingAnswer{std::move(error), std::move(cached)};
}

}  // namespace

TEST_CASE("tracking flow: a typed id is checked, looked up and found") {
    Clocks clock;
    TrackingFlow flow;
    CHECK(flow.phase() == TrackingPhase::idle);

    auto id = flow.submit("rr 123 456 785 cu", clock.steady);
    REQUIRE(id.has_value());
    CHECK(*id == "RR123456785CU");
    CHECK(flow.phase() == TrackingPhase::looking_up);
    CHECK(flow.input() == "rr 123 456 785 cu");
    clock.advance(2s);
    CHECK(flow.lookup_elapsed_s(clock.steady) == doctest::Approx(2.0));

    flow.on_answer("RR123456785CU", fresh(record("2026-11-21T13:00:02Z")));
    CHECK(flow.phase() == TrackingPhase::found);
    REQUIRE(flow.record().has_value());
    CHECK_FALSE(flow.record_is_cached());
    CHECK_FALSE(flow.cache_age(clock.wall).has_value());
    REQUIRE(flow.status().has_value());
    CHECK(flow.status()->key == "tracking.status.ready_for_pickup_at_counter");
    CHECK(flow.lookup_elapsed_s(clock.steady) == 0);

    flow.reset();
    CHECK(flow.phase() == TrackingPhase::idle);
    CHECK(flow.input().empty());
    CHECK_FALSE(flow.record().has_value());
}

TEST_CASE("tracking flow: a wrong id never leaves the terminal, and the error says why") {
    TrackingFlow flow;
    CHECK_FALSE(flow.submit("RR123456784CU", {}).has_value());
    CHECK(flow.phase() == TrackingPhase::invalid_id);
    REQUIRE(flow.error().has_value());
    CHECK(flow.error()->code == "s10.wrong_check_digit");
    CHECK(flow.error()->args.at("expected") == "5");
    CHECK(flow.error()->args.at("actual") == "4");

    CHECK_FALSE(flow.submit("   ", {}).has_value());
    CHECK(flow.error()->code == "s10.empty");
    CHECK_FALSE(flow.submit("RR12345678CU", {}).has_value());
    CHECK(flow.error()->code == "s10.wrong_length");

    SUBCASE("giro references go to their own parser") {
        const auto reference = make_giro_reference(1234567890).to_string();
        auto id = flow.submit(reference, {});
        REQUIRE(id.has_value());
        CHECK(*id == reference);
        auto wrong = reference;
        wrong.back() = wrong.back() == '0' ? '1' : '0';
        CHECK_FALSE(flow.submit(wrong, {}).has_value());
        CHECK(flow.error()->code == "giro.wrong_check_digits");
    }

    // A valid id after a wrong one starts over cleanly.
    REQUIRE(flow.submit("RR123456785CU", {}).has_value());
    CHECK(flow.phase() == TrackingPhase::looking_up);
    CHECK_FALSE(flow.error().has_value());
}

TEST_CASE("tracking flow: cancel goes back to idle and the late answer is ignored") {
    TrackingFlow flow;
    REQUIRE(flow.submit("RR123456785CU", {}).has_value());
    CHECK(flow.cancel());
    CHECK(flow.phase() == TrackingPhase::idle);
    CHECK_FALSE(flow.cancel());  // nothing left to cancel
    flow.on_answer("RR123456785CU", fresh(record("2026-11-21T13:00:00Z")));
    CHECK(flow.phase() == TrackingPhase::idle);
    CHECK_FALSE(flow.record().has_value());

    SUBCASE("an answer for an id replaced by a newer scan is ignored too") {
        REQUIRE(flow.submit("RR123456785CU", {}).has_value());
        REQUIRE(flow.submit("EE123456785CU", {}).has_value());
        flow.on_answer("RR123456785CU", fresh(record("2026-11-21T13:00:00Z")));
        CHECK(flow.phase() == TrackingPhase::looking_up);
        CHECK(flow.item_id() == "EE123456785CU");
    }
}

TEST_CASE("tracking flow: not found, offline with and without cache, server errors") {
    Clocks clock;
    TrackingFlow flow;
    REQUIRE(flow.submit("RR123456785CU", clock.steady).has_value());

    SUBCASE("not found") {
        flow.on_answer("RR123456785CU", failed(make_error("tracking.not_found")));
        CHECK(flow.phase() == TrackingPhase::not_found);
        CHECK(flow.error()->code == "tracking.not_found");
        CHECK_FALSE(flow.record().has_value());
    }
    SUBCASE("the server refused the id") {
        flow.on_answer("RR123456785CU", failed(make_error("tracking.invalid_id")));
        CHECK(flow.phase() == TrackingPhase::invalid_id);
    }
    SUBCASE("offline, seen three hours ago") {
        flow.on_answer("RR123456785CU", failed(make_error("net.unreachable", "http://x"),
                                               record("2026-11-21T10:00:00Z")));
        CHECK(flow.phase() == TrackingPhase::offline_with_cache);
        CHECK(flow.error()->code == "net.unreachable");
        CHECK(flow.record_is_cached());
        CHECK(flow.status()->kind == TrackingStatusKind::ready_for_pickup);
        CHECK(flow.cache_age(clock.wall) == AgeText{"tracking.age.hours", {{"n", "3"}}});
        clock.advance(std::chrono::hours(21));
        CHECK(flow.cache_age(clock.wall) == AgeText{"tracking.age.day", {{"n", "1"}}});
    }
    SUBCASE("offline, never seen") {
        flow.on_answer("RR123456785CU", failed(make_error("net.timeout")));
        CHECK(flow.phase() == TrackingPhase::offline_unknown);
        CHECK_FALSE(flow.record().has_value());
    }
    SUBCASE("server error, with the cached answer beside it") {
        flow.on_answer("RR123456785CU", failed(make_error("tracking.server_error", "HTTP 500"),
                                               record("2026-11-21T12:58:00Z")));
        CHECK(flow.phase() == TrackingPhase::server_error);
        CHECK(flow.record_is_cached());
        CHECK(flow.cache_age(clock.wall) == AgeText{"tracking.age.minutes", {{"n", "2"}}});
    }
    SUBCASE("garbage from the server is a server error") {
        flow.on_answer("RR123456785CU", failed(make_error("tracking.bad_answer")));
        CHECK(flow.phase() == TrackingPhase::server_error);
        CHECK_FALSE(flow.record().has_value());
    }
    SUBCASE("a not-found answer never shows a cached record") {
        flow.on_answer("RR123456785CU",
                       failed(make_error("tracking.not_found"), record("2026-11-21T10:00:00Z")));
        CHECK(flow.phase() == TrackingPhase::not_found);
        CHECK_FALSE(flow.record().has_value());
    }
}

TEST_CASE("tracking flow: phase names for logs") {
    CHECK(tracking_phase_name(TrackingPhase::offline_with_cache) == "offline_with_cache");
    CHECK(tracking_phase_name(TrackingPhase::looking_up) == "looking_up");
}
