// A kiosk gives its receipt-signing public key when it enrols; counters fetch the keys and
// check a receipt offline; a revoked terminal's key is no longer handed out. Both backends.
#include <doctest/doctest.h>

#include "kiosk/base64.h"
#include "kiosk/enrolment.h"
#include "kiosk/receipt_signature.h"
#include "tests/support/central.h"
#include "tests/support/enrolled_device.h"

using namespace ventanilla;
using namespace ventanilla::testing;
using Json = nlohmann::json;

TEST_CASE_TEMPLATE("terminal keys: given at enrolment, handed to counters, gone with a revocation", Backend, OnSqlite,
                   OnPostgresql) {
    Result<CentralServer> central = CentralServer::start({.backend = Backend::value});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto counter = enrol_device(*central, "counter");
    REQUIRE(counter.ok());

    SigningKeys keys = make_signing_keys();
    auto code = issue_enrolment_code(*central, "kiosk");
    REQUIRE(code.ok());
    EnrolmentRequest request;
    request.server_url = central->base_url();
    request.code = code.value();
    request.terminal_number = 4;
    request.name = "Kiosco de la entrada";
    request.signing_public_key = keys.public_key;
    auto kiosk = enrol_terminal(request);
    REQUIRE_MESSAGE(kiosk.ok(), kiosk.failure_text());

    auto get_keys = [&](const std::string& token) {
        return central->client().Get("/api/v1/terminal-keys", httplib::Headers{{"Authorization", "Bearer " + token}});
    };
    auto reply = get_keys(counter->token);
    REQUIRE(reply);
    REQUIRE_MESSAGE(reply->status == 200, reply->body);
    Json terminals = body_json(reply)["terminals"];
    REQUIRE(terminals.size() == 1);  // the counter itself gave no key
    CHECK(terminals[0]["device_id"] == kiosk->device_id);
    CHECK(terminals[0]["terminal_number"] == 4);
    // Counters ask every few minutes: while nothing changed, a bodiless 304.
    const std::string etag = reply->get_header_value("ETag");
    REQUIRE_FALSE(etag.empty());
    auto unchanged = central->client().Get(
        "/api/v1/terminal-keys", httplib::Headers{{"Authorization", "Bearer " + counter->token}, {"If-None-Match", etag}});
    REQUIRE(unchanged);
    CHECK(unchanged->status == 304);
    CHECK(unchanged->body.empty());

    // The counter checks a receipt of that kiosk with nothing but the fetched key.
    KnownTerminals known;
    for (const auto& terminal : terminals) {
        known[terminal["device_id"].get<std::string>()] = from_base64(terminal["signing_key"].get<std::string>()).value();
    }
    std::string receipt = sign_receipt({"7K3MQ9XC", kiosk->device_id, 1795430000}, keys);
    CHECK(verify_receipt(receipt, known).ok());

    CHECK(get_keys(kiosk->token)->status == 403);

    auto revoke = run_central({"--db", central->db_path(), "--revoke-device", kiosk->device_id});
    REQUIRE(revoke);
    auto after_revocation = central->client().Get(
        "/api/v1/terminal-keys", httplib::Headers{{"Authorization", "Bearer " + counter->token}, {"If-None-Match", etag}});
    REQUIRE(after_revocation);
    CHECK(after_revocation->status == 200);  // changed: the whole list again
    CHECK(body_json(after_revocation)["terminals"].empty());
    CHECK(after_revocation->get_header_value("ETag") != etag);

    // A key that is not one is refused at enrolment, and the code is not spent on it.
    auto second = issue_enrolment_code(*central, "kiosk");
    REQUIRE(second.ok());
    auto bad = central->client().Post(
        "/api/v1/enrolment",
        Json{{"code", second.value()}, {"terminal_number", 5}, {"name", "x"}, {"signing_key", "AAAA"}}.dump(),
        "application/json");
    REQUIRE(bad);
    CHECK(bad->status == 400);
    CHECK(body_json(bad)["error"]["code"] == "enrolment.invalid_request");
    request.code = second.value();
    request.signing_public_key.clear();
    CHECK(enrol_terminal(request).ok());
}
