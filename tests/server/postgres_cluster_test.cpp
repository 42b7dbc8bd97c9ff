// Several ventanilla-central processes on one PostgreSQL, as behind a load balancer.
#include <doctest/doctest.h>

#include <barrier>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/central.h"
#include "tests/support/enrolled_device.h"
#include "tests/support/postgres.h"

using namespace ventanilla;
using namespace ventanilla::testing;

namespace {

nlohmann::json event(const std::string& event_id, int minute) {
    return {{"event_id", event_id},
            {"item_id", "CX204817360ES"},
            {"code", "EMD"},
            {"time", "2026-11-02T10:" + std::string(minute < 10 ? "0" : "") +
                         std::to_string(minute) + ":00Z"},
            {"office_code", "CUHAVA"},
            {"office_name", "Centro de Clasificación Internacional"},
            {"location", "Boyeros, La Habana"},
            {"country", "CU"}};
}

// event_id -> status, from one answer to POST /api/v1/tracking/events.
std::map<std::string, std::string> statuses(const httplib::Result& reply) {
    std::map<std::string, std::string> by_id;
    if (!reply || reply->status != 200) {
        return by_id;
    }
    const auto body = body_json(reply);
    for (const auto& result : body["results"]) {
        by_id[result["event_id"].get<std::string>()] = result["status"].get<std::string>();
    }
    return by_id;
}

}  // namespace

TEST_CASE("two servers on one PostgreSQL: what one stores the other serves, same catalog ETag") {
    const std::string db = fresh_postgres_database();
    auto first = CentralServer::start({.db_path = db});
    REQUIRE_MESSAGE(first.ok(), first.failure_text());
    auto second = CentralServer::start({.db_path = db});
    REQUIRE_MESSAGE(second.ok(), second.failure_text());

    auto posted = first->client().Post(
        "/api/v1/tracking/events",
        nlohmann::json{{"events", {event("lb-1", 1), event("lb-2", 2)}}}.dump(),
        "application/json");
    CHECK(statuses(posted) ==
          std::map<std::string, std::string>{{"lb-1", "accepted"}, {"lb-2", "accepted"}});
    auto read = second->client().Get("/api/v1/tracking/CX204817360ES");
    REQUIRE(read);
    REQUIRE(read->status == 200);
    const std::string served = read->body;
    CHECK(served.find("\"lb-1\"") != std::string::npos);
    CHECK(served.find("\"lb-2\"") != std::string::npos);

    // The version is a hash of what the database holds, so every process
    // answers the same ETag, and a terminal's If-None-Match works on any of them.
    auto catalog = first->client().Get("/api/v1/catalog");
    REQUIRE(catalog);
    const std::string etag = catalog->get_header_value("ETag");
    REQUIRE(etag.size() == 34);
    auto not_modified = second->client().Get("/api/v1/catalog", {{"If-None-Match", etag}});
    REQUIRE(not_modified);
    CHECK(not_modified->status == 304);

    // And the same as a SQLite server with the same demo data gives.
    auto sqlite = CentralServer::start();
    REQUIRE_MESSAGE(sqlite.ok(), sqlite.failure_text());
    auto sqlite_catalog = sqlite->client().Get("/api/v1/catalog");
    REQUIRE(sqlite_catalog);
    CHECK(sqlite_catalog->get_header_value("ETag") == etag);
}

TEST_CASE("the same batch posted at once to two servers on one PostgreSQL is stored once") {
    const std::string db = fresh_postgres_database();
    auto first = CentralServer::start({.demo_data = false, .db_path = db});
    REQUIRE_MESSAGE(first.ok(), first.failure_text());
    auto second = CentralServer::start({.demo_data = false, .db_path = db});
    REQUIRE_MESSAGE(second.ok(), second.failure_text());

    nlohmann::json events = nlohmann::json::array();
    for (int i = 0; i < 300; ++i) {
        events.push_back(event("race-" + std::to_string(i), i % 60));
    }
    const std::string body = nlohmann::json{{"events", events}}.dump();

    // Two senders per server, as impatient retries through a load balancer would be.
    constexpr int kSenders = 4;
    std::vector<std::map<std::string, std::string>> answers(kSenders);
    std::barrier start_line(kSenders);
    std::vector<std::thread> senders;
    for (int i = 0; i < kSenders; ++i) {
        const CentralServer& target = i % 2 == 0 ? *first : *second;
        senders.emplace_back([&, i] {
            auto client = target.client();
            client.set_read_timeout(30);
            start_line.arrive_and_wait();
            answers[i] = statuses(client.Post("/api/v1/tracking/events", body, "application/json"));
        });
    }
    for (auto& sender : senders) {
        sender.join();
    }
    for (int i = 0; i < kSenders; ++i) {
        CAPTURE(i);
        REQUIRE(answers[i].size() == 300);
    }
    int accepted_total = 0;
    for (int e = 0; e < 300; ++e) {
        const std::string id = "race-" + std::to_string(e);
        CAPTURE(id);
        int accepted = 0;
        int duplicate = 0;
        for (const auto& answer : answers) {
            accepted += answer.at(id) == "accepted";
            duplicate += answer.at(id) == "duplicate";
        }
        CHECK(accepted == 1);
        CHECK(duplicate == kSenders - 1);
        accepted_total += accepted;
    }
    CHECK(accepted_total == 300);
    auto stored = first->client().Get("/api/v1/tracking/CX204817360ES");
    REQUIRE(stored);
    CHECK(body_json(stored)["events"].size() == 300);
}

TEST_CASE("servers starting together on a new PostgreSQL database take turns migrating it") {
    const std::string db = fresh_postgres_database();
    TempDir dir("central-pg-start-");
    std::vector<Process> servers;
    for (const std::string name : {"a", "b", "c"}) {
        auto process = Process::start({.argv = {CentralServer::binary_path(), "--db", db, "--port",
                                                "0", "--port-file", dir.file(name), "--demo-data"},
                                       .log_path = dir.file(name + ".log")});
        REQUIRE_MESSAGE(process.ok(), process.failure_text());
        servers.push_back(std::move(process).value());
    }
    for (const std::string name : {"a", "b", "c"}) {
        const bool up = wait_until([&] { return read_file(dir.file(name)).has_value(); }, 15s);
        CHECK_MESSAGE(up, name << " did not come up; log:\n"
                               << read_file(dir.file(name + ".log")).value_or(""));
    }
    for (Process& server : servers) {
        CHECK(server.terminate() == 0);
    }
    const auto offices = postgres_query_text(db, "SELECT count(*) FROM offices");
    REQUIRE_MESSAGE(offices.ok(), offices.failure_text());
    CHECK(*offices == "3");
}

TEST_CASE("a PostgreSQL server logs its connection string with the password masked") {
    const std::string db = fresh_postgres_database();
    // The test cluster trusts local connections, so any password gets in.
    std::string with_password = db;
    with_password.replace(with_password.find("postgres@"), 9, "postgres:s3cret-pw@");
    auto central = CentralServer::start({.demo_data = false, .db_path = with_password});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto health = central->client().Get("/api/v1/health");
    REQUIRE(health);
    CHECK(body_json(health)["store"] == "postgresql");
    CHECK(central->stop() == 0);
    const std::string log = central->log();
    CHECK_MESSAGE(
        log.find("(store postgresql, user=postgres password=*** dbname=vt_") != std::string::npos,
        log);
    CHECK(log.find("s3cret-pw") == std::string::npos);
    CHECK(log.find("shutdown complete") != std::string::npos);

    // A server nobody answers on: exit 1, the reason, still no password.
    const auto unreachable = run_central(
        {"--db",
         "postgresql://central:s3cret-pw@127.0.0.1:" + std::to_string(free_port()) + "/central",
         "--port", "0"});
    REQUIRE(unreachable.has_value());
    CHECK(unreachable->exit_code == 1);
    CHECK_MESSAGE(
        unreachable->output.find("cannot use the database: cannot connect to "
                                 "user=central password=*** dbname=central") != std::string::npos,
        unreachable->output);
    CHECK(unreachable->output.find("s3cret-pw") == std::string::npos);
}

TEST_CASE("connections PostgreSQL closed under a running server are replaced") {
    const std::string db = fresh_postgres_database();
    auto central = CentralServer::start({.db_path = db});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    REQUIRE(central->client().Get("/api/v1/catalog"));
    auto display = enrol_device(*central, "display", "hav-plaza", 1);
    REQUIRE_MESSAGE(display.ok(), display.failure_text());

    // As a database restart or an idle-session timeout would.
    const std::string name = db.substr(db.rfind('/') + 1);
    auto postgres = TestPostgres::get();
    REQUIRE(postgres.ok());
    REQUIRE(run_postgres_sql((*postgres)->uri("postgres"),
                             "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE datname = '" +
                                 name + "'")
                .ok());

    // First a request whose token look-up is a single SELECT without BEGIN, on a pooled
    // connection that is dead by now: it runs again on a fresh one.
    auto queue = central->client().Get("/api/v1/offices/hav-plaza/queue",
                                       {{"Authorization", "Bearer " + display->token}});
    REQUIRE(queue);
    CHECK_MESSAGE(queue->status == 200, queue->body);
    for (const char* path : {"/api/v1/health", "/api/v1/catalog", "/api/v1/offices/hav-plaza"}) {
        CAPTURE(path);
        auto reply = central->client().Get(path);
        REQUIRE(reply);
        CHECK(reply->status == 200);
    }
}

TEST_CASE("a PostgreSQL database from a newer release stops the server at start, left as it was") {
    const std::string db = fresh_postgres_database();
    {
        auto central = CentralServer::start({.db_path = db});
        REQUIRE_MESSAGE(central.ok(), central.failure_text());
        REQUIRE(central->stop() == 0);
    }
    REQUIRE(run_postgres_sql(db, "INSERT INTO schema_migrations (version) VALUES (999)").ok());
    const auto before = postgres_query_text(db, "SELECT count(*) FROM offices");
    REQUIRE(before.ok());

    const auto refused = run_central({"--db", db, "--port", "0", "--demo-data"});
    REQUIRE(refused.has_value());
    CHECK(refused->exit_code == 1);
    CHECK_MESSAGE(
        refused->output.find("has schema version 999, newer than version") != std::string::npos,
        refused->output);
    CHECK(refused->output.find("was left untouched") != std::string::npos);
    CHECK(refused->output.find("listening") == std::string::npos);
    CHECK(postgres_query_text(db, "SELECT count(*) FROM offices").value() == *before);
}
