// The day's figures (GET …/figures) on both backends: counts per office and per clerk, wait and
// service times with their mean and 90th percentile, and who may ask.
#include <doctest/doctest.h>

#include "server/queue_figures.h"
#include "tests/server/queue_support.h"

using namespace ventanilla;
using namespace ventanilla::testing;

namespace {

nlohmann::json figures_of(const CentralServer& central, const EnrolledDevice& counter,
                          const std::string& query = "") {
    auto reply = central.client().Get("/api/v1/offices/hav-plaza/figures" + query,
                                      bearer(counter.token));
    REQUIRE(reply);
    REQUIRE_MESSAGE(reply->status == 200, reply->body);
    CHECK(reply->get_header_value("Cache-Control") == "no-store");
    return body_json(reply);
}

std::string session_of(const httplib::Result& reply) {
    REQUIRE(reply);
    REQUIRE_MESSAGE(reply->status == 201, reply->body);
    return body_json(reply)["session"].get<std::string>();
}

std::string called_number(const httplib::Result& reply) {
    REQUIRE(reply);
    REQUIRE_MESSAGE(reply->status == 200, reply->body);
    return body_json(reply)["ticket"]["number"].get<std::string>();
}

// Moves a ticket's times back so its wait and service time are known: it joined `wait_s`
// before its call, and (when served) was served `service_s` after it.
void set_times(const std::string& database, const std::string& number, std::int64_t wait_s,
               std::int64_t service_s) {
    // Every right-hand side reads the row as it was; finished_at_s becomes the old call time.
    run_sql(database, "UPDATE queue_tickets SET called_at_s = called_at_s - " +
                          std::to_string(service_s) + ", joined_at_s = called_at_s - " +
                          std::to_string(service_s + wait_s) +
                          ", finished_at_s = CASE WHEN finished_at_s IS NULL THEN NULL "
                          "ELSE called_at_s END WHERE number = '" + number + "'");
}

}  // namespace

TEST_CASE("day figures: mean and nearest-rank 90th percentile") {
    CHECK(summarize_durations({}).count == 0);
    CHECK_FALSE(summarize_durations({}).mean_s.has_value());
    CHECK_FALSE(summarize_durations({}).p90_s.has_value());
    const auto one = summarize_durations({42});
    CHECK(one.count == 1);
    CHECK(*one.mean_s == 42);
    CHECK(*one.p90_s == 42);
    const auto ten = summarize_durations({10, 1, 9, 2, 8, 3, 7, 4, 6, 5});
    CHECK(*ten.mean_s == 6);  // 5.5 rounds up
    CHECK(*ten.p90_s == 9);
    const auto eleven = summarize_durations({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100});
    CHECK(*eleven.p90_s == 10);  // rank ceil(9.9) = 10
    CHECK(*eleven.mean_s == 14);
}

TEST_CASE_TEMPLATE("day figures: issued, served, no-shows, wait and service times per office and clerk",
                   Backend, OnSqlite, OnPostgresql) {
    Result<CentralServer> started = CentralServer::start({.backend = Backend::value});
    REQUIRE_MESSAGE(started.ok(), started.failure_text());
    CentralServer& central = started.value();
    auto kiosk = enrol_device(central, "kiosk", "hav-plaza", 9);
    REQUIRE_MESSAGE(kiosk.ok(), kiosk.failure_text());
    auto counter2 = enrol_device(central, "counter", "hav-plaza", 2);
    REQUIRE_MESSAGE(counter2.ok(), counter2.failure_text());
    auto counter3 = enrol_device(central, "counter", "hav-plaza", 3);
    REQUIRE_MESSAGE(counter3.ok(), counter3.failure_text());

    SUBCASE("an empty day: zeros, no means") {
        const auto figures = figures_of(central, *counter2);
        CHECK(figures["office"] == "hav-plaza");
        CHECK(figures["totals"]["issued"] == 0);
        CHECK(figures["totals"]["wait_s"]["count"] == 0);
        CHECK(figures["totals"]["wait_s"]["mean"].is_null());
        CHECK(figures["totals"]["service_s"]["p90"].is_null());
        CHECK(figures["clerks"].empty());
    }

    SUBCASE("two clerks serve; the times are theirs") {
        for (int i = 0; i < 5; ++i) {
            auto issued = post_ticket(central, *kiosk, ticket_body("giros"));
            REQUIRE(issued);
            REQUIRE_MESSAGE(issued->status == 201, issued->body);
        }
        // Sessions opened well before the calls the times are moved to.
        const std::string ana = session_of(open_session(central, *counter2, 2, "ana", "2580", {"giros"}));
        const std::string luis =
            session_of(open_session(central, *counter3, 3, "luis", "1397", {"giros"}));
        run_sql(central.db_path(), "UPDATE counter_sessions SET opened_at_s = opened_at_s - 10000");

        const std::string first = called_number(counter_post(central, *counter2, 2, ana, "call-next"));
        REQUIRE(counter_post(central, *counter2, 2, ana, "served")->status == 200);
        set_times(central.db_path(), first, 300, 120);
        const std::string second = called_number(counter_post(central, *counter2, 2, ana, "call-next"));
        REQUIRE(counter_post(central, *counter2, 2, ana, "no-show")->status == 200);
        set_times(central.db_path(), second, 600, 0);
        const std::string third = called_number(counter_post(central, *counter3, 3, luis, "call-next"));
        REQUIRE(counter_post(central, *counter3, 3, luis, "served")->status == 200);
        set_times(central.db_path(), third, 900, 240);
        const std::string fourth = called_number(counter_post(central, *counter2, 2, ana, "call-next"));
        set_times(central.db_path(), fourth, 60, 0);  // still in hand

        const auto figures = figures_of(central, *counter2);
        const auto& totals = figures["totals"];
        CHECK(totals["issued"] == 5);
        CHECK(totals["waiting"] == 1);
        CHECK(totals["in_hand"] == 1);
        CHECK(totals["served"] == 2);
        CHECK(totals["no_shows"] == 1);
        CHECK(totals["wait_s"]["count"] == 4);
        CHECK(totals["wait_s"]["mean"] == 465);  // (300 + 600 + 900 + 60) / 4
        CHECK(totals["wait_s"]["p90"] == 900);
        CHECK(totals["service_s"]["count"] == 2);
        CHECK(totals["service_s"]["mean"] == 180);
        CHECK(totals["service_s"]["p90"] == 240);

        REQUIRE(figures["clerks"].size() == 2);
        nlohmann::json by_clerk;
        for (const auto& clerk : figures["clerks"]) by_clerk[clerk["clerk"].get<std::string>()] = clerk;
        CHECK(by_clerk["ana"]["served"] == 1);
        CHECK(by_clerk["ana"]["no_shows"] == 1);
        CHECK(by_clerk["ana"]["in_hand"] == 1);
        CHECK(by_clerk["ana"]["wait_s"]["count"] == 3);
        CHECK(by_clerk["ana"]["wait_s"]["mean"] == 320);  // (300 + 600 + 60) / 3
        CHECK(by_clerk["ana"]["service_s"]["mean"] == 120);
        CHECK(by_clerk["luis"]["served"] == 1);
        CHECK(by_clerk["luis"]["no_shows"] == 0);
        CHECK(by_clerk["luis"]["service_s"]["p90"] == 240);
        CHECK_FALSE(by_clerk["ana"]["name"].get<std::string>().empty());

        // Another day has none of them.
        const auto other = figures_of(central, *counter2, "?day=2020-01-01");
        CHECK(other["day"] == "2020-01-01");
        CHECK(other["totals"]["issued"] == 0);
    }

    SUBCASE("only counters ask; a bad day is refused") {
        check_error(central.client().Get("/api/v1/offices/hav-plaza/figures", bearer(kiosk->token)),
                    403, "auth.wrong_role");
        check_error(central.client().Get("/api/v1/offices/hav-plaza/figures?day=2026-02-30",
                                         bearer(counter2->token)),
                    400, "queue.invalid_request");
        check_error(central.client().Get("/api/v1/offices/hav-plaza/figures?day=yesterday",
                                         bearer(counter2->token)),
                    400, "queue.invalid_request");
    }
}
