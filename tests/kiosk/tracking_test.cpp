#include "kiosk/tracking.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <string>

#include "kiosk/tracking_status.h"
#include "tests/support/fixed_values.h"

using namespace ventanilla;
using ventanilla::testing::at;
using namespace std::chrono_literals;

namespace {

const char* kAnswer = R"({"item_id":"RR123456785CU","events":[
  {"event_id":"e3","code":"EMG","time":"2026-11-20T14:05:00Z","office_code":"CU10400",
   "office_name":"Correos Plaza","location":"La Habana","country":"CU","counter":"2"},
  {"event_id":"e2","code":"EMD","time":"2026-11-18T09:00:00Z","office_name":"CCI Boyeros",
   "location":"La Habana","country":"CU"},
  {"event_id":"e1","code":"EMA","time":"2026-11-10T12:30:00Z","office_name":"Correos Madrid",
   "location":"Madrid","country":"ES","counter":null}],
 "fetched_at":"2026-11-21T10:00:00Z","extra":"ignored"})";

Error bad(std::string_view json) {
    auto record = parse_tracking_record(json);
    REQUIRE_FALSE(record.ok());
    CHECK(record.error().code == "tracking.bad_answer");
    CHECK(record.error().message_key == "error.tracking.bad_answer");
    return record.error();
}

std::string event_json(const std::string& fields) {
    return R"({"item_id":"RR123456785CU","fetched_at":"2026-11-21T10:00:00Z","events":[{)" +
           fields + "}]}";
}

TrackingEvent event(const char* code, const char* country, const char* counter = "") {
    TrackingEvent e;
    e.event_id = std::string("id-") + code;
    e.code = code;
    e.time = at("2026-11-20T14:05:00Z");
    e.office_name = "Correos Plaza";
    e.location = "La Habana";
    e.country = country;
    e.counter = counter;
    return e;
}

TrackingStatus status_of(TrackingEvent e) {
    TrackingRecord record{"RR123456785CU", {std::move(e)}, at("2026-11-21T10:00:00Z")};
    return current_status(record);
}

}  // namespace

TEST_CASE("tracking time: RFC 3339 with Z, offsets and fractions, impossible dates refused") {
    const auto utc = at("2026-11-20T14:05:00Z");
    CHECK(format_rfc3339_utc(utc) == "2026-11-20T14:05:00Z");
    CHECK(at("2026-11-20T09:05:00-05:00") == utc);
    CHECK(at("2026-11-20T15:35:00+01:30") == utc);
    CHECK(at("2026-11-20T14:05:00.250Z") == utc + 250ms);
    CHECK(format_rfc3339_utc(at("2026-11-20T14:05:00.999Z")) == "2026-11-20T14:05:00Z");
    for (const char* wrong :
         {"", "2026-11-20", "2026-11-20T14:05:00", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z",
          "2026-11-20T24:00:00Z", "2026-11-20T14:05:60Z", "2026-11-20 14:05:00Z",
          "2026-11-20T14:05:00+0500", "2026-11-20T14:05:00Zjunk", "2026-11-20T14:05:00.Z",
          "2O26-11-20T14:05:00Z"}) {
        CAPTURE(wrong);
        CHECK_FALSE(parse_rfc3339(wrong).has_value());
    }
    CHECK(format_local_day_time(utc, -5h) == "20/11/2026 09:05");
    CHECK(format_local_day_time(at("2026-01-01T03:00:00Z"), -5h) == "31/12/2025 22:00");
}

// The machine's own time zone (a terminal's, a server's): here a POSIX TZ five hours behind
// UTC, so no time zone database is needed.
TEST_CASE("local time: strftime formats in the process's TZ, for a time point and for seconds") {
    const char* before = std::getenv("TZ");
    const std::string saved = before ? before : "";
    ::setenv("TZ", "UTC+5", 1);
    ::tzset();
    CHECK(format_local(at("2026-01-01T03:00:00Z"), "%Y-%m-%d %H:%M") == "2025-12-31 22:00");
    CHECK(format_local(std::int64_t{1767236400}, "%H:%M") == "22:00");  // the same moment
    CHECK(format_local(at("2026-11-20T14:05:09Z"), "%Y%m%d-%H%M%S") == "20261120-090509");
    CHECK(format_local(at("2026-11-20T14:05:09Z"), "").empty());
    if (before) {
        ::setenv("TZ", saved.c_str(), 1);
    } else {
        ::unsetenv("TZ");
    }
    ::tzset();
}

TEST_CASE("tracking answer: every field read, optional ones empty, events newest first") {
    auto record = parse_tracking_record(kAnswer);
    REQUIRE_MESSAGE(record.ok(), record.failure_text());
    CHECK(record->item_id == "RR123456785CU");
    CHECK(record->fetched_at == at("2026-11-21T10:00:00Z"));
    REQUIRE(record->events.size() == 3);
    const auto& newest = record->events[0];
    CHECK(newest.event_id == "e3");
    CHECK(newest.code == "EMG");
    CHECK(newest.time == at("2026-11-20T14:05:00Z"));
    CHECK(newest.office_code == "CU10400");
    CHECK(newest.office_name == "Correos Plaza");
    CHECK(newest.location == "La Habana");
    CHECK(newest.country == "CU");
    CHECK(newest.counter == "2");
    CHECK(record->events[1].office_code.empty());
    CHECK(record->events[2].counter.empty());

    SUBCASE("a round trip through the cache's JSON gives the same record") {
        auto again = parse_tracking_record(tracking_record_to_json(*record));
        REQUIRE(again.ok());
        CHECK(*again == *record);
    }
    SUBCASE("events sent oldest first are put newest first") {
        auto reversed = parse_tracking_record(
            R"({"item_id":"RR123456785CU","fetched_at":"2026-11-21T10:00:00Z","events":[
              {"event_id":"a","code":"EMA","time":"2026-11-10T12:30:00Z"},
              {"event_id":"b","code":"EMD","time":"2026-11-18T09:00:00Z"}]})");
        REQUIRE(reversed.ok());
        CHECK(reversed->events[0].event_id == "b");
        CHECK(reversed->events[1].event_id == "a");
    }
    SUBCASE("no events is a valid answer") {
        auto empty = parse_tracking_record(
            R"({"item_id":"RR123456785CU","fetched_at":"2026-11-21T10:00:00Z","events":[]})");
        REQUIRE(empty.ok());
        CHECK(empty->events.empty());
        CHECK(current_status(*empty).kind == TrackingStatusKind::no_events);
        CHECK(current_status(*empty).key == "tracking.status.no_events");
    }
}

TEST_CASE("tracking answer: garbage is refused with the path and the reason") {
    struct Case {
        std::string json, path, reason;
    };
    const Case cases[] = {
        {"", "", "not_json"},
        {"<html>502 Bad Gateway</html>", "", "not_json"},
        {R"({"item_id":"RR123456785CU","events":[)", "", "not_json"},
        {"[1,2]", "", "not_object"},
        {"null", "", "not_object"},
        {R"({"events":[],"fetched_at":"2026-11-21T10:00:00Z"})", "item_id", "missing"},
        {R"({"item_id":"","events":[],"fetched_at":"2026-11-21T10:00:00Z"})", "item_id", "missing"},
        {R"({"item_id":42,"events":[],"fetched_at":"2026-11-21T10:00:00Z"})", "item_id",
         "wrong_type"},
        {R"({"item_id":"RR123456785CU","events":[]})", "fetched_at", "missing"},
        {R"({"item_id":"RR123456785CU","events":[],"fetched_at":"yesterday"})", "fetched_at",
         "invalid_time"},
        {R"({"item_id":"RR123456785CU","fetched_at":"2026-11-21T10:00:00Z"})", "events", "missing"},
        {R"({"item_id":"RR123456785CU","events":{},"fetched_at":"2026-11-21T10:00:00Z"})", "events",
         "wrong_type"},
        {R"({"item_id":"RR123456785CU","events":["EMA"],"fetched_at":"2026-11-21T10:00:00Z"})",
         "events[0]", "not_object"},
        {event_json(R"("code":"EMA","time":"2026-11-20T14:05:00Z")"), "events[0].event_id",
         "missing"},
        {event_json(R"("event_id":"e","time":"2026-11-20T14:05:00Z")"), "events[0].code",
         "missing"},
        {event_json(R"("event_id":"e","code":"EMA")"), "events[0].time", "missing"},
        {event_json(R"("event_id":"e","code":"EMA","time":1763647500)"), "events[0].time",
         "wrong_type"},
        {event_json(R"("event_id":"e","code":"EMA","time":"2026-11-31T00:00:00Z")"),
         "events[0].time", "invalid_time"},
        {event_json(R"("event_id":"e","code":"EMA","time":"2026-11-20T14:05:00Z","counter":2)"),
         "events[0].counter", "wrong_type"},
        {event_json(R"("event_id":"e","code":"EMA","time":"2026-11-20T14:05:00Z","office_name":")" +
                    std::string(kMaxTrackingTextBytes + 1, 'x') + "\""),
         "events[0].office_name", "too_large"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.json.substr(0, 120));
        const Error error = bad(c.json);
        CHECK(error.args.at("path") == c.path);
        CHECK(error.args.at("reason") == c.reason);
        CHECK_FALSE(error.detail.empty());
    }

    SUBCASE("absurd sizes: too many events, too many bytes") {
        std::string many = R"({"item_id":"RR123456785CU","fetched_at":"2026-11-21T10:00:00Z",)"
                           R"("events":[)";
        for (std::size_t i = 0; i <= kMaxTrackingEvents; ++i) {
            if (i) many += ",";
            many += R"({"event_id":"e","code":"EMA","time":"2026-11-20T14:05:00Z"})";
        }
        many += "]}";
        Error error = bad(many);
        CHECK(error.args.at("path") == "events");
        CHECK(error.args.at("reason") == "too_large");
        error = bad(std::string(kMaxTrackingAnswerBytes + 1, ' '));
        CHECK(error.args.at("reason") == "too_large");
    }
}

TEST_CASE("tracking status: the newest event decides the big line") {
    auto record = parse_tracking_record(kAnswer);
    REQUIRE(record.ok());
    auto status = current_status(*record);
    CHECK(status.kind == TrackingStatusKind::ready_for_pickup);
    CHECK(status.key == "tracking.status.ready_for_pickup_at_counter");
    CHECK(status.args == TextArgs{{"office", "Correos Plaza"}, {"counter", "2"}});
    REQUIRE(status.newest.has_value());
    CHECK(status.newest->event_id == "e3");

    SUBCASE("order in the record does not matter") {
        std::swap(record->events[0], record->events[2]);
        CHECK(current_status(*record).newest->event_id == "e3");
    }

    CHECK(status_of(event("EMG", "CU")).key == "tracking.status.ready_for_pickup");
    CHECK(status_of(event("EMG", "CU")).args == TextArgs{{"office", "Correos Plaza"}});
    CHECK(status_of(event("EMI", "CU")).kind == TrackingStatusKind::delivered);
    CHECK(status_of(event("EMI", "CU")).key == "tracking.status.delivered");
    CHECK(status_of(event("EDG", "CU")).kind == TrackingStatusKind::out_for_delivery);
    CHECK(status_of(event("EME", "CU")).kind == TrackingStatusKind::held_by_customs);
    CHECK(status_of(event("EMH", "CU")).kind == TrackingStatusKind::delivery_attempted);
    CHECK(status_of(event("EMD", "CU")).kind == TrackingStatusKind::in_transit);
    CHECK(status_of(event("EMC", "ES")).kind == TrackingStatusKind::in_transit_to_cuba);
    CHECK(status_of(event("EMC", "ES")).args == TextArgs{{"country", "ES"}});
    CHECK(status_of(event("EMA", "ES")).kind == TrackingStatusKind::in_transit_to_cuba);
    CHECK(status_of(event("EMA", "CU")).kind == TrackingStatusKind::accepted);
    CHECK(status_of(event("EME", "ES")).kind == TrackingStatusKind::held_by_customs);
    CHECK(status_of(event("RTS", "CU")).kind == TrackingStatusKind::returned);
    const auto unknown = status_of(event("ZZZ", "CU"));
    CHECK(unknown.kind == TrackingStatusKind::unknown);
    CHECK(unknown.key == "tracking.status.unknown");
    CHECK(unknown.args.at("code") == "ZZZ");
}
