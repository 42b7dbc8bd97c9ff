// Enrolment, bearer tokens and record upload against the real ventanilla-central.
#include <doctest/doctest.h>

#include <regex>
#include <string>

#include "kiosk/uuid.h"
#include "tests/support/central.h"
#include "tests/support/enrolled_device.h"

using namespace ventanilla;
using namespace ventanilla::testing;

namespace {

nlohmann::json record(const std::string& id, nlohmann::json content,
                      const std::string& kind = "ticket") {
    return {{"id", id},
            {"kind", kind},
            {"created_at", "2026-03-14T09:26:53.250Z"},
            {"content", std::move(content)}};
}

httplib::Result post_records(const CentralServer& central, const std::string& token,
                             const nlohmann::json& body) {
    auto client = central.client();
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return client.Post("/api/v1/records", headers, body.dump(), "application/json");
}

// A vector, not a json: `json{one_record}` would be a copy of the record, not an array.
httplib::Result post_batch(const CentralServer& central, const EnrolledDevice& device,
                           const std::vector<nlohmann::json>& records) {
    return post_records(central, device.token,
                        {{"device_id", device.device_id}, {"records", records}});
}

std::int64_t stored_records(const CentralServer& central) {
    return database_integer(central.db_path(), "SELECT count(*) FROM records");
}

std::int64_t conflicts(const CentralServer& central) {
    return database_integer(central.db_path(), "SELECT count(*) FROM record_conflicts");
}

}  // namespace

TEST_CASE_TEMPLATE("enrolment: a one-time code gives a device id, a token, the role and the office",
                   Backend, OnSqlite, OnPostgresql) {
    Result<CentralServer> central = CentralServer::start({.backend = Backend::value});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto code = issue_enrolment_code(*central, "counter", "hav-centro");
    REQUIRE_MESSAGE(code.ok(), code.failure_text());
    CHECK(std::regex_match(*code, std::regex(R"([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})")));

    // Typed by a person: lower case and no dashes are fine.
    std::string typed = *code;
    std::erase(typed, '-');
    for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const nlohmann::json request = {{"code", typed}, {"terminal_number", 3}, {"name", "Caja 3"}};
    auto reply = central->client().Post("/api/v1/enrolment", request.dump(), "application/json");
    REQUIRE(reply);
    CHECK(reply->status == 201);
    CHECK(reply->get_header_value("Cache-Control") == "no-store");
    const auto body = body_json(reply);
    CHECK(is_canonical_uuid(body["device_id"].get<std::string>()));
    CHECK(std::regex_match(body["token"].get<std::string>(), std::regex("[A-Za-z0-9_-]{43}")));
    CHECK(body["role"] == "counter");
    CHECK(body["office_id"] == "hav-centro");
    CHECK(body["terminal_number"] == 3);

    // The server keeps hashes only: neither the code nor the token is in its file.
    const std::string token = body["token"];
    CHECK(database_integer(central->db_path(),
                           "SELECT count(*) FROM devices WHERE token_hash = '" + token + "'") == 0);
    CHECK(database_integer(central->db_path(), "SELECT length(token_hash) FROM devices") == 64);

    SUBCASE("the same code again is refused, and enrols nothing") {
        auto again =
            central->client().Post("/api/v1/enrolment", request.dump(), "application/json");
        check_error(again, 409, "enrolment.code_used");
        CHECK(database_integer(central->db_path(), "SELECT count(*) FROM devices") == 1);
    }
}

TEST_CASE_TEMPLATE("enrolment: typos, unknown codes and bad requests get clear 4xx answers",
                   Backend, OnSqlite, OnPostgresql) {
    Result<CentralServer> central = CentralServer::start({.backend = Backend::value});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto code = issue_enrolment_code(*central);
    REQUIRE_MESSAGE(code.ok(), code.failure_text());
    auto post = [&](const nlohmann::json& body) {
        return central->client().Post("/api/v1/enrolment", body.dump(), "application/json");
    };
    std::string typo = *code;
    std::swap(typo[0], typo[1]);
    if (typo == *code) typo[0] = typo[0] == 'A' ? 'B' : 'A';
    check_error(post({{"code", typo}, {"terminal_number", 1}, {"name", "x"}}), 400,
                "enrolment.invalid_code");
    check_error(post({{"code", "2222-2222-2222"}, {"terminal_number", 1}, {"name", "x"}}), 404,
                "enrolment.unknown_code");
    check_error(post({{"code", *code}, {"terminal_number", 0}, {"name", "x"}}), 400,
                "enrolment.invalid_request");
    check_error(post({{"code", *code}, {"terminal_number", 1}, {"name", ""}}), 400,
                "enrolment.invalid_request");
    check_error(post({{"code", *code}, {"terminal_number", 1}, {"name", "x"}, {"role", "counter"}}),
                400, "enrolment.invalid_request");
    check_error(post({{"code", 42}, {"terminal_number", 1}, {"name", "x"}}), 400,
                "enrolment.invalid_request");
    CHECK(database_integer(central->db_path(), "SELECT count(*) FROM devices") == 0);
    // The code survived all of that.
    CHECK(post({{"code", *code}, {"terminal_number", 1}, {"name", "x"}})->status == 201);
}

TEST_CASE_TEMPLATE("enrolment codes: an unknown office or role is refused at the command line",
                   Backend, OnSqlite, OnPostgresql) {
    Result<CentralServer> central = CentralServer::start({.backend = Backend::value});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto office = run_central({"--db", central->db_path(), "--issue-enrolment-code", "--role",
                               "kiosk", "--office", "nowhere"});
    REQUIRE(office);
    CHECK(office->exit_code == 1);
    CHECK(office->output.find("nowhere") != std::string::npos);
    auto role = run_central({"--db", central->db_path(), "--issue-enrolment-code", "--role",
                             "toaster", "--office", "hav-plaza"});
    REQUIRE(role);
    CHECK(role->exit_code == 2);
    auto alone = run_central({"--db", central->db_path(), "--role", "kiosk"});
    REQUIRE(alone);
    CHECK(alone->exit_code == 2);
}

TEST_CASE_TEMPLATE("auth: records need a bearer token, and unknown and revoked tokens are refused",
                   Backend, OnSqlite, OnPostgresql) {
    Result<CentralServer> central = CentralServer::start({.backend = Backend::value});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto device = enrol_device(*central);
    REQUIRE_MESSAGE(device.ok(), device.failure_text());
    const nlohmann::json batch = {
        {"device_id", device->device_id},
        {"records", nlohmann::json::array({record(make_uuid_v4(), {{"n", 1}})})}};

    auto missing = post_records(*central, "", batch);
    check_error(missing, 401, "auth.required");
    CHECK(missing->get_header_value("WWW-Authenticate").starts_with("Bearer"));
    check_error(post_records(*central, "not-a-token", batch), 401, "auth.invalid");
    check_error(post_records(*central, std::string(43, 'A'), batch), 401, "auth.invalid");
    CHECK(stored_records(*central) == 0);

    // Public endpoints stay public.
    CHECK(central->client().Get("/api/v1/health")->status == 200);
    CHECK(central->client().Get("/api/v1/catalog")->status == 200);

    CHECK(post_records(*central, device->token, batch)->status == 200);
    auto revoke = run_central({"--db", central->db_path(), "--revoke-device", device->device_id});
    REQUIRE(revoke);
    CHECK(revoke->exit_code == 0);
    const nlohmann::json next = {
        {"device_id", device->device_id},
        {"records", nlohmann::json::array({record(make_uuid_v4(), {{"n", 2}})})}};
    check_error(post_records(*central, device->token, next), 403, "auth.revoked");
    CHECK(stored_records(*central) == 1);

    auto unknown = run_central({"--db", central->db_path(), "--revoke-device", make_uuid_v4()});
    REQUIRE(unknown);
    CHECK(unknown->exit_code == 1);
}

TEST_CASE_TEMPLATE(
    "records: accepted, a repeat is a duplicate, other content under the id a conflict", Backend,
    OnSqlite, OnPostgresql) {
    Result<CentralServer> central = CentralServer::start({.backend = Backend::value});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto device = enrol_device(*central);
    REQUIRE_MESSAGE(device.ok(), device.failure_text());
    const std::string a = make_uuid_v4();
    const std::string b = make_uuid_v4();
    const std::string c = make_uuid_v4();

    auto first = post_batch(
        *central, *device,
        {record(a, {{"service", "A"}, {"number", 42}}),
         record(b, {{"text", "Envío — ñandú"}}, "complaint"), record(c, {{"x", 1}}, "hologram")});
    REQUIRE(first);
    REQUIRE(first->status == 200);
    CHECK(first->has_header("Date"));
    auto body = body_json(first);
    REQUIRE(body["results"].size() == 3);
    CHECK(body["results"][0] == nlohmann::json({{"id", a}, {"status", "accepted"}}));
    CHECK(body["results"][1] == nlohmann::json({{"id", b}, {"status", "accepted"}}));
    CHECK(body["results"][2]["status"] == "rejected");
    CHECK(body["results"][2]["reason"] == "unknown_kind");
    CHECK(body["received_at"].is_string());
    CHECK(stored_records(*central) == 2);

    // The same content with its keys in another order is the same record.
    nlohmann::ordered_json reordered = {{"number", 42}, {"service", "A"}};
    auto repeat = post_batch(*central, *device,
                             {record(a, nlohmann::json::parse(reordered.dump())),
                              record(b, {{"text", "Envío — ñandú"}}, "complaint")});
    body = body_json(repeat);
    CHECK(body["results"][0]["status"] == "duplicate");
    CHECK(body["results"][1]["status"] == "duplicate");
    CHECK(stored_records(*central) == 2);

    auto changed = post_batch(*central, *device, {record(a, {{"service", "B"}, {"number", 42}})});
    body = body_json(changed);
    REQUIRE_MESSAGE(changed->status == 200, changed->body);
    CHECK(body["results"][0]["status"] == "conflict");
    CHECK(stored_records(*central) == 2);
    CHECK(conflicts(*central) == 1);
    // The stored record is the first one, never overwritten.
    CHECK(database_integer(central->db_path(),
                           "SELECT count(*) FROM records WHERE id = '" + a +
                               "' AND content = '{\"number\":42,\"service\":\"A\"}'") == 1);
    // The same conflicting copy again is answered alike and kept once.
    body =
        body_json(post_batch(*central, *device, {record(a, {{"service", "B"}, {"number", 42}})}));
    CHECK(body["results"][0]["status"] == "conflict");
    CHECK(conflicts(*central) == 1);

    // A record id another device already used is a conflict too, never a duplicate.
    auto other = enrol_device(*central, "kiosk", "hav-plaza", 2);
    REQUIRE(other.ok());
    body = body_json(
        post_batch(*central, *other, {record(b, {{"text", "Envío — ñandú"}}, "complaint")}));
    CHECK(body["results"][0]["status"] == "conflict");
    if (Backend::value == StoreBackend::sqlite) {
        CHECK(sqlite_integrity(central->db_path()) == "ok");
    }
}

TEST_CASE_TEMPLATE("records: bad input is refused with a clear 4xx and nothing is stored", Backend,
                   OnSqlite, OnPostgresql) {
    Result<CentralServer> central = CentralServer::start(
        {.backend = Backend::value, .extra_args = {"--max-body-bytes", "200000"}});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto device = enrol_device(*central);
    REQUIRE_MESSAGE(device.ok(), device.failure_text());
    auto other = enrol_device(*central, "kiosk", "hav-plaza", 2);
    REQUIRE(other.ok());
    const nlohmann::json good = record(make_uuid_v4(), {{"n", 1}});

    auto check_record_error = [&](nlohmann::json bad, int status, const std::string& code,
                                  const std::string& reason) {
        auto reply = post_batch(*central, *device, {good, std::move(bad)});
        check_error(reply, status, code);
        const auto body = body_json(reply);
        CHECK(body["error"]["record_index"] == 1);
        CHECK(body["error"]["reason"] == reason);
    };
    SUBCASE("invalid UUIDs") {
        check_record_error(record("not-a-uuid", nlohmann::json::object()), 400,
                           "records.invalid_record", "invalid_id");
        std::string upper = make_uuid_v4();
        for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        check_record_error(record(upper, nlohmann::json::object()), 400, "records.invalid_record",
                           "invalid_id");
    }
    SUBCASE("unknown fields") {
        auto extra = record(make_uuid_v4(), nlohmann::json::object());
        extra["priority"] = 1;
        check_record_error(extra, 400, "records.invalid_record", "unknown_field");
        check_error(post_records(*central, device->token,
                                 {{"device_id", device->device_id},
                                  {"records", nlohmann::json::array({good})},
                                  {"x", 1}}),
                    400, "records.invalid_batch");
    }
    SUBCASE("wrong types and missing fields") {
        auto number_id = record(make_uuid_v4(), nlohmann::json::object());
        number_id["id"] = 12;
        check_record_error(number_id, 400, "records.invalid_record", "invalid_field");
        auto array_content = record(make_uuid_v4(), nlohmann::json::object());
        array_content["content"] = nlohmann::json::array();
        check_record_error(array_content, 400, "records.invalid_record", "invalid_field");
        auto bad_time = record(make_uuid_v4(), nlohmann::json::object());
        bad_time["created_at"] = "yesterday";
        check_record_error(bad_time, 400, "records.invalid_record", "invalid_time");
        auto no_kind = record(make_uuid_v4(), nlohmann::json::object());
        no_kind.erase("kind");
        check_record_error(no_kind, 400, "records.invalid_record", "missing_field");
        check_record_error(nlohmann::json("text"), 400, "records.invalid_record", "not_an_object");
        check_error(post_records(*central, device->token,
                                 {{"device_id", device->device_id}, {"records", good}}),
                    400, "records.invalid_batch");
        check_error(
            post_records(*central, device->token, {{"records", nlohmann::json::array({good})}}),
            400, "records.invalid_batch");
    }
    SUBCASE("oversized") {
        check_record_error(record(make_uuid_v4(), {{"text", std::string(70000, 'x')}}), 413,
                           "records.record_too_large", "too_large");
        nlohmann::json deep = nlohmann::json::object();
        for (int i = 0; i < 40; ++i) deep = nlohmann::json{{"d", deep}};
        check_record_error(record(make_uuid_v4(), deep), 400, "records.invalid_record", "too_deep");
        std::vector<nlohmann::json> many;
        for (int i = 0; i < 501; ++i)
            many.push_back(record(make_uuid_v4(), nlohmann::json::object()));
        check_error(post_batch(*central, *device, many), 413, "records.batch_too_large");
        std::vector<nlohmann::json> big;
        for (int i = 0; i < 4; ++i) {
            big.push_back(record(make_uuid_v4(), {{"text", std::string(60000, 'y')}}));
        }
        check_error(post_batch(*central, *device, big), 413, "payload_too_large");
    }
    SUBCASE("another terminal's token") {
        check_error(post_records(*central, other->token,
                                 {{"device_id", device->device_id},
                                  {"records", nlohmann::json::array({good})}}),
                    403, "auth.wrong_device");
    }
    SUBCASE("not JSON") {
        auto client = central->client();
        auto reply = client.Post("/api/v1/records", {{"Authorization", "Bearer " + device->token}},
                                 "{\"records\":", "application/json");
        check_error(reply, 400, "malformed_json");
    }
    CHECK(stored_records(*central) == 0);
    CHECK(conflicts(*central) == 0);
}
