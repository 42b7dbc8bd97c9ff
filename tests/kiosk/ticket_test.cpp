// Queue tickets on the kiosk: opening hours, offline numbers, the issue request and its answer.
#include "kiosk/ticket.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "kiosk/opening_hours.h"
#include "tests/support/fixed_values.h"

using namespace ventanilla;
using ventanilla::testing::at;
using namespace std::chrono_literals;

namespace {

Service counter_service() {
    return Service{"giros", "B", {"Giros", "Money orders"},
                   {OpeningPeriod{{1, 2, 3, 4, 5}, "08:00", "17:00"}, OpeningPeriod{{6}, "08:00", "12:00"}}};
}

Ticket asked() {
    Ticket t;
    t.id = "0b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6a";
    t.office_id = "hav-plaza";
    t.service_id = "giros";
    t.priority = "elderly";
    t.issued_at = at("2026-11-23T14:00:00Z");
    return t;
}

}  // namespace

TEST_CASE("opening hours: local weekday and time decide, closing time excluded") {
    Service s = counter_service();
    // 2026-11-23 is a Monday. Havana is UTC-5 in November.
    CHECK(local_moment(at("2026-11-23T13:00:00Z"), -5h).weekday == 1);
    CHECK(local_moment(at("2026-11-23T13:00:00Z"), -5h).minute_of_day == 8 * 60);
    CHECK(local_moment(at("2026-11-23T03:00:00Z"), -5h).weekday == 7);  // still Sunday evening
    struct Row {
        const char* utc;
        bool open;
    };
    const Row rows[] = {
        {"2026-11-23T12:59:00Z", false},  // Monday 07:59
        {"2026-11-23T13:00:00Z", true},   // Monday 08:00
        {"2026-11-23T21:59:00Z", true},   // Monday 16:59
        {"2026-11-23T22:00:00Z", false},  // Monday 17:00: closed
        {"2026-11-28T16:30:00Z", true},   // Saturday 11:30
        {"2026-11-28T17:00:00Z", false},  // Saturday 12:00
        {"2026-11-29T15:00:00Z", false},  // Sunday
    };
    for (const auto& row : rows) {
        CAPTURE(row.utc);
        CHECK(is_open(s, local_moment(at(row.utc), -5h)) == row.open);
    }
    Service always{"info", "I", {"Información", "Information"}, {}};
    CHECK(is_open(always, LocalMoment{7, 3 * 60}));
    Service broken{"x", "X", {"x", "x"}, {OpeningPeriod{{1}, "8:00", "25:00"}}};
    CHECK_FALSE(is_open(broken, LocalMoment{1, 10 * 60}));

    Office office{"hav-plaza", "CP", {"Correos Plaza", "Correos Plaza"}, {}, {counter_service(), always}};
    auto sunday = open_services(office, local_moment(at("2026-11-29T15:00:00Z"), -5h));
    REQUIRE(sunday.size() == 1);
    CHECK(sunday[0]->id == "info");
}

TEST_CASE("tickets: an offline number names the service, the kiosk and its count") {
    CHECK(offline_ticket_number("A", 2, 7) == "A-2-007");
    CHECK(offline_ticket_number("B", 12, 999) == "B-12-999");
}

TEST_CASE("tickets: the issue request carries the id made at the kiosk, the offline number when there is one") {
    auto body = nlohmann::json::parse(ticket_request_json(asked()));
    CHECK(body["id"] == asked().id);
    CHECK(body["service"] == "giros");
    CHECK(body["priority"] == "elderly");
    CHECK(body["created_at"] == "2026-11-23T14:00:00Z");
    CHECK_FALSE(body.contains("offline_number"));

    Ticket offline = asked();
    offline.priority.clear();
    offline.offline = true;
    offline.number = "B-2-001";
    body = nlohmann::json::parse(ticket_request_json(offline));
    CHECK(body["priority"].is_null());
    CHECK(body["offline_number"] == "B-2-001");
}

TEST_CASE("tickets: the server's answer is read, and an unusable one refused") {
    auto ticket = parse_ticket_answer(
        R"({"id":"0b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6a","number":"B-042","service":"giros",
            "issued_at":"2026-11-23T14:00:02Z","people_ahead":3,"estimated_wait_s":540,
            "status":"waiting","offline":false,"extra":"ignored"})",
        asked());
    REQUIRE_MESSAGE(ticket.ok(), ticket.failure_text());
    CHECK(ticket->number == "B-042");
    CHECK(ticket->people_ahead == 3);
    CHECK(ticket->estimated_wait_s == 540);
    CHECK(ticket->issued_at == at("2026-11-23T14:00:02Z"));
    CHECK(ticket->priority == "elderly");

    const char* bad[] = {
        "not json",
        "[]",
        R"({"number":"B-042","issued_at":"2026-11-23T14:00:02Z"})",  // no id
        R"({"id":"11111111-1111-4111-8111-111111111111","number":"B-042","issued_at":"2026-11-23T14:00:02Z"})",
        R"({"id":"0b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6a","number":"","issued_at":"2026-11-23T14:00:02Z"})",
        R"({"id":"0b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6a","number":"B-042","issued_at":"ayer"})",
    };
    for (const char* text : bad) {
        CAPTURE(text);
        auto result = parse_ticket_answer(text, asked());
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "ticket.bad_answer");
    }
    // Counts out of range are dropped, not trusted.
    auto odd = parse_ticket_answer(
        R"({"id":"0b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6a","number":"B-042","issued_at":"2026-11-23T14:00:02Z","people_ahead":-4})",
        asked());
    REQUIRE(odd.ok());
    CHECK_FALSE(odd->people_ahead.has_value());
}
