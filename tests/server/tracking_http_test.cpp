// Tracking on the real ventanilla-central: look-ups, event uploads, the CSV import, restarts.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "kiosk/giro_reference.h"
#include "tests/support/central.h"

using namespace ventanilla;
using namespace ventanilla::testing;

namespace {

nlohmann::json event(const std::string& event_id, const std::string& code,
                     const std::string& time) {
    return {{"event_id", event_id},
            {"item_id", "RR 703 615 427 cu"},
            {"code", code},
            {"time", time},
            {"office_code", "CU10400"},
            {"office_name", "Correos Plaza"},
            {"location", "La Habana"},
            {"country", "CU"}};
}

httplib::Result post_events(const CentralServer& central, const nlohmann::json& events) {
    return central.client().Post("/api/v1/tracking/events",
                                 nlohmann::json{{"events", events}}.dump(), "application/json");
}

// One status per event, in order, and the reason of each rejection ("" otherwise).
std::vector<std::string> statuses(const httplib::Result& reply) {
    REQUIRE(reply);
    REQUIRE_MESSAGE(reply->status == 200, reply->body);
    std::vector<std::string> list;
    const auto body = body_json(reply);  // kept: a temporary would die before the loop
    for (const auto& result : body["results"]) {
        std::string text = result["status"].get<std::string>();
        if (result.contains("reason")) {
            text += ":" + result["reason"].get<std::string>();
        }
        list.push_back(text);
    }
    return list;
}

const std::string kCsvHeader =
    "event_id,item_id,code,time,office_code,office_name,location,country,counter\n";

}  // namespace

TEST_CASE_TEMPLATE("a demo item answers with its events newest first, accents intact", Backend,
                   OnSqlite, OnPostgresql) {
    Result<CentralServer> central = CentralServer::start({.backend = Backend::value});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());

    // Typed as a person would: lower case and spaces.
    auto reply = central->client().Get("/api/v1/tracking/rr%20123%20456%20785%20cu");
    REQUIRE(reply);
    REQUIRE_MESSAGE(reply->status == 200, reply->body);
    CHECK(reply->get_header_value("Content-Type") == "application/json; charset=utf-8");
    const auto body = body_json(reply);
    CHECK(body["item_id"] == "RR123456785CU");
    const std::regex rfc3339(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)");
    CHECK(std::regex_match(body["fetched_at"].get<std::string>(), rfc3339));
    const auto& events = body["events"];
    REQUIRE(events.size() >= 5);
    for (std::size_t i = 0; i < events.size(); ++i) {
        CHECK(std::regex_match(events[i]["time"].get<std::string>(), rfc3339));
        if (i > 0) {
            CHECK(events[i - 1]["time"].get<std::string>() >= events[i]["time"].get<std::string>());
        }
    }
    // Ready for pick-up at Correos Plaza, counter 2.
    CHECK(events[0]["code"] == "EDH");
    CHECK(events[0]["office_name"] == "Correos Plaza");
    CHECK(events[0]["office_code"] == "CU10400");
    CHECK(events[0]["country"] == "CU");
    CHECK(events[0]["counter"] == "2");
    CHECK(events.back()["code"] == "EMA");
    CHECK_FALSE(events.back().contains("counter"));  // absent, not empty, when none applies
    // UTF-8 bytes on the wire, not \u escapes.
    CHECK(reply->body.find("Centro de Clasificación Postal de La Habana") != std::string::npos);
    CHECK(reply->body.find("Correos Santiago — Oficina Central") != std::string::npos);

    // Every demo item answers; the giro too, however it is typed.
    for (const std::string id :
         {"CX204817360ES", "CP615703280MX", "LZ904172632US", "EE310958466ES", "UA552380170US",
          "CP472812340CU", "RR703615427CU", "GP-4000012345-97", "gp400001234597"}) {
        CAPTURE(id);
        auto item = central->client().Get("/api/v1/tracking/" + id);
        REQUIRE(item);
        CHECK(item->status == 200);
    }
    CHECK(body_json(central->client().Get("/api/v1/tracking/CX204817360ES"))["events"][0]["code"] ==
          "EMI");
}

TEST_CASE_TEMPLATE(
    "an unknown item is 404 tracking.not_found, a malformed id 400 tracking.invalid_id", Backend,
    OnSqlite, OnPostgresql) {
    Result<CentralServer> central = CentralServer::start({.backend = Backend::value});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto client = central->client();

    check_error(client.Get("/api/v1/tracking/EE123456785CU"), 404, "tracking.not_found");
    check_error(client.Get("/api/v1/tracking/GP-1234567890-92"), 404, "tracking.not_found");
    check_error(client.Get("/api/v1/tracking/RR123456784CU"), 400, "tracking.invalid_id");
    check_error(client.Get("/api/v1/tracking/GP-1234567890-93"), 400, "tracking.invalid_id");
    check_error(client.Get("/api/v1/tracking/hello"), 400, "tracking.invalid_id");
    check_error(client.Get("/api/v1/tracking/RR%20123%2F..%2Fx"), 400, "tracking.invalid_id");
    check_error(client.Post("/api/v1/tracking/RR123456785CU", "{}", "application/json"), 405,
                "method_not_allowed");
}

TEST_CASE_TEMPLATE("uploaded events are accepted, repeated as duplicates, never overwritten",
                   Backend, OnSqlite, OnPostgresql) {
    Result<CentralServer> central =
        CentralServer::start({.demo_data = false, .backend = Backend::value});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());

    const nlohmann::json first = {event("ev-1", "EMA", "2026-11-01T09:00:00-05:00"),
                                  event("ev-2", "EMG", "2026-11-03T15:30:00Z")};
    CHECK(statuses(post_events(*central, first)) ==
          std::vector<std::string>{"accepted", "accepted"});

    nlohmann::json changed = event("ev-2", "EMI", "2026-11-03T15:30:00Z");
    nlohmann::json with_counter = event("ev-3", "EDH", "2026-11-04T10:00:00Z");
    with_counter["counter"] = "2";
    nlohmann::json bad_code = event("ev-4", "EMZ", "2026-11-04T10:00:00Z");
    nlohmann::json bad_time = event("ev-5", "EMI", "2026-02-30T10:00:00Z");
    nlohmann::json bad_id = event("ev-6", "EMI", "2026-11-04T10:00:00Z");
    bad_id["item_id"] = "RR123456784CU";
    nlohmann::json missing = event("ev-7", "EMI", "2026-11-04T10:00:00Z");
    missing.erase("office_name");
    nlohmann::json unknown_key = event("ev-8", "EMI", "2026-11-04T10:00:00Z");
    unknown_key["note"] = "x";
    nlohmann::json bad_country = event("ev-9", "EMI", "2026-11-04T10:00:00Z");
    bad_country["country"] = "XX";
    nlohmann::json wrong_type = event("ev-10", "EMI", "2026-11-04T10:00:00Z");
    wrong_type["office_code"] = 10400;
    const nlohmann::json second = {first[0],    changed,    with_counter, bad_code,
                                   bad_time,    bad_id,     missing,      unknown_key,
                                   bad_country, wrong_type, 42,           with_counter};
    auto reply = post_events(*central, second);
    CHECK(statuses(reply) == std::vector<std::string>{
                                 "duplicate", "rejected:conflict", "accepted",
                                 "rejected:unknown_code", "rejected:invalid_time",
                                 "rejected:invalid_item_id", "rejected:missing_field",
                                 "rejected:unknown_field", "rejected:unknown_country",
                                 "rejected:invalid_field", "rejected:not_an_object", "duplicate"});
    const auto results = body_json(reply)["results"];
    CHECK(results[1]["event_id"] == "ev-2");
    CHECK(results[1]["message"].is_string());
    CHECK(results[10]["event_id"] == "");

    // ev-2 kept its first content; times are stored in UTC, newest first.
    const auto body = body_json(central->client().Get("/api/v1/tracking/RR703615427CU"));
    REQUIRE(body["events"].size() == 3);
    CHECK(body["events"][0]["event_id"] == "ev-3");
    CHECK(body["events"][0]["counter"] == "2");
    CHECK(body["events"][1]["event_id"] == "ev-2");
    CHECK(body["events"][1]["code"] == "EMG");
    CHECK(body["events"][2]["time"] == "2026-11-01T14:00:00Z");
}

TEST_CASE_TEMPLATE(
    "a bad batch is refused whole: malformed JSON, wrong shape, more than 1000 events", Backend,
    OnSqlite, OnPostgresql) {
    Result<CentralServer> central =
        CentralServer::start({.demo_data = false, .backend = Backend::value});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto client = central->client();

    check_error(client.Post("/api/v1/tracking/events", "{\"events\": [", "application/json"), 400,
                "malformed_json");
    check_error(client.Post("/api/v1/tracking/events", "[]", "application/json"), 400,
                "tracking.invalid_batch");
    check_error(
        client.Post("/api/v1/tracking/events", R"({"events": [], "more": 1})", "application/json"),
        400, "tracking.invalid_batch");
    check_error(client.Post("/api/v1/tracking/events", "{}", "text/plain"), 415,
                "unsupported_media_type");

    nlohmann::json many = nlohmann::json::array();
    for (int i = 0; i < 1001; ++i) {
        many.push_back(event("bulk-" + std::to_string(i), "EMA", "2026-11-01T09:00:00Z"));
    }
    check_error(post_events(*central, many), 413, "tracking.batch_too_large");
    check_error(central->client().Get("/api/v1/tracking/RR703615427CU"), 404,
                "tracking.not_found");  // nothing of it was stored

    many.erase(many.size() - 1);  // exactly 1000 is fine
    const auto all = statuses(post_events(*central, many));
    CHECK(all.size() == 1000);
    CHECK(std::count(all.begin(), all.end(), "accepted") == 1000);
}

TEST_CASE_TEMPLATE("--import-events stores a CSV file, and a second run finds only duplicates",
                   Backend, OnSqlite, OnPostgresql) {
    TempDir dir("central-import-");
    const auto created = new_database(Backend::value, dir);
    REQUIRE_MESSAGE(created.ok(), created.failure_text());
    const std::string db = *created;
    const std::string csv = dir.file("events.csv");
    {
        std::ofstream file(csv, std::ios::binary);
        file << kCsvHeader
             << "imp-1,rr123456785cu,EMA,2026-11-01T09:00:00-05:00,CU90100,"
                "\"Correos Santiago, Oficina Central\",Santiago de Cuba,CU,\r\n"
             << "imp-2,RR123456785CU,EDH,2026-11-06T14:05:00Z,CU10400,Correos Plaza,"
                "La Habana,CU,2\r\n"
             << "\n"
             << "imp-3," << make_giro_reference(4'000'012'345).to_string()
             << ",EMG,2026-11-06T14:05:00Z,CU10400,Correos Plaza,La Habana,CU,\n";
    }
    auto first = run_central({"--db", db, "--import-events", csv});
    REQUIRE(first);
    CHECK_MESSAGE(first->exit_code == 0, first->output);
    CHECK(first->output.find("line 2: imp-1 accepted") != std::string::npos);
    CHECK(first->output.find("line 5: imp-3 accepted") != std::string::npos);
    CHECK(first->output.find("3 accepted, 0 duplicate, 0 rejected") != std::string::npos);

    auto second = run_central({"--db", db, "--import-events", csv});
    REQUIRE(second);
    CHECK_MESSAGE(second->exit_code == 0, second->output);
    CHECK(second->output.find("0 accepted, 3 duplicate, 0 rejected") != std::string::npos);

    // A conflicting and an invalid row make the import fail; the good row still goes in.
    {
        std::ofstream file(csv, std::ios::binary);
        file << kCsvHeader
             << "imp-2,RR123456785CU,EMI,2026-11-06T14:05:00Z,CU10400,Correos Plaza,"
                "La Habana,CU,2\n"
             << "imp-4,RR123456785CU,EMX,2026-11-07T14:05:00Z,CU10400,Correos Plaza,"
                "La Habana,CU,2\n"
             << "imp-5,RR123456785CU,EMI,2026-11-07T15:00:00Z,CU10400,Correos Plaza,"
                "La Habana,CU,2\n";
    }
    auto third = run_central({"--db", db, "--import-events", csv});
    REQUIRE(third);
    CHECK_MESSAGE(third->exit_code == 1, third->output);
    CHECK(third->output.find("line 2: imp-2 rejected conflict") != std::string::npos);
    CHECK(third->output.find("line 3: imp-4 rejected unknown_code") != std::string::npos);
    CHECK(third->output.find("1 accepted, 0 duplicate, 2 rejected") != std::string::npos);

    // A file with another header is refused as a whole.
    {
        std::ofstream file(csv, std::ios::binary);
        file << "id,item\nx,y\n";
    }
    auto bad = run_central({"--db", db, "--import-events", csv});
    REQUIRE(bad);
    CHECK(bad->exit_code == 1);
    CHECK(bad->output.find("import.bad_header") != std::string::npos);

    // The imported history is served, with the commas inside quotes kept.
    Result<CentralServer> central = CentralServer::start({.demo_data = false, .db_path = db});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    const auto body = body_json(central->client().Get("/api/v1/tracking/RR123456785CU"));
    REQUIRE(body["events"].size() == 3);
    CHECK(body["events"][0]["event_id"] == "imp-5");
    CHECK(body["events"][2]["office_name"] == "Correos Santiago, Oficina Central");
    CHECK(body["events"][2]["time"] == "2026-11-01T14:00:00Z");
}

TEST_CASE_TEMPLATE("tracking data survives a restart, and loading the demo again changes nothing",
                   Backend, OnSqlite, OnPostgresql) {
    TempDir dir("central-tracking-restart-");
    const auto created = new_database(Backend::value, dir);
    REQUIRE_MESSAGE(created.ok(), created.failure_text());
    const std::string db = *created;
    std::string before;
    {
        Result<CentralServer> central = CentralServer::start({.db_path = db});
        REQUIRE_MESSAGE(central.ok(), central.failure_text());
        CHECK(statuses(post_events(*central, nlohmann::json::array({event(
                                                 "ev-1", "EMA", "2026-11-01T09:00:00Z")}))) ==
              std::vector<std::string>{"accepted"});
        auto reply = central->client().Get("/api/v1/tracking/RR123456785CU");
        REQUIRE(reply);
        before = body_json(reply)["events"].dump();
        REQUIRE(central->stop() == 0);
    }
    Result<CentralServer> central = CentralServer::start({.demo_data = true, .db_path = db});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    CHECK(body_json(central->client().Get("/api/v1/tracking/RR123456785CU"))["events"].dump() ==
          before);
    CHECK(body_json(central->client().Get("/api/v1/tracking/RR703615427CU"))["events"].size() ==
          8);  // the demo's seven and ours
}
