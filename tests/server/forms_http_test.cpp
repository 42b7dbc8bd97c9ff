// The procedure forms as reference data, and submissions checked again by the server: a
// terminal's checks are never trusted. Both backends.
#include <doctest/doctest.h>

#include <sodium.h>

#include <fstream>
#include <set>

#include "kiosk/receipt_signature.h"
#include "kiosk/reference_code.h"
#include "kiosk/submission.h"
#include "kiosk/uuid.h"
#include "tests/support/central.h"
#include "tests/support/enrolled_device.h"

using namespace ventanilla;
using namespace ventanilla::testing;
using Json = nlohmann::json;

namespace {

// A complaint as a kiosk finalises it, ready to upload as a record.
Json complaint_record(const Json& answers, const std::string& device_id) {
    auto form_text = [] {
        std::ifstream in(std::string(VENTANILLA_SOURCE_DIR) + "/assets/forms/complaint-suggestion.json");
        return std::string(std::istreambuf_iterator<char>(in), {});
    }();
    auto form = parse_form_definition(form_text);
    REQUIRE(form.ok());
    static const SigningKeys keys = make_signing_keys();
    auto now = std::chrono::system_clock::now();
    auto today = std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(now));
    // Answers the kiosk would have refused are sent as they are, as a faulty or hostile
    // terminal would: finalize only when they pass.
    Submission submission;
    submission.id = make_uuid_v4();
    submission.reference = generate_reference_code([] { return randombytes_random(); }).symbols;
    submission.form_id = "complaint-suggestion";
    submission.form_version = 1;
    submission.office_id = "hav-plaza";
    submission.terminal_id = device_id;
    submission.created_at = now;
    submission.answers = answers;
    if (auto checked = finalize_submission(*form, answers, {submission.id, "hav-plaza", device_id, keys, now, today,
                                                            [] { return randombytes_random(); }})) {
        submission = checked.value();
    }
    return {{"id", submission.id},
            {"kind", "submission"},
            {"created_at", "2026-11-23T10:00:00Z"},
            {"content", submission.to_json()}};
}

Json post(const CentralServer& central, const EnrolledDevice& device, const std::vector<Json>& records) {
    auto client = central.client();
    httplib::Headers headers{{"Authorization", "Bearer " + device.token}};
    auto reply = client.Post("/api/v1/records", headers,
                             Json{{"device_id", device.device_id}, {"records", records}}.dump(), "application/json");
    REQUIRE(reply);
    REQUIRE_MESSAGE(reply->status == 200, reply->body);
    return body_json(reply);
}

}  // namespace

TEST_CASE_TEMPLATE("forms: the shipped procedure forms are served as data with an ETag, 304 when unchanged",
                   Backend, OnSqlite, OnPostgresql) {
    Result<CentralServer> central = CentralServer::start({.backend = Backend::value});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto client = central->client();
    auto reply = client.Get("/api/v1/forms");
    REQUIRE(reply);
    REQUIRE(reply->status == 200);
    Json body = body_json(reply);
    REQUIRE(body["forms"].size() == 6);
    std::set<std::string> ids;
    for (const auto& form : body["forms"]) {
        ids.insert(form["id"].get<std::string>());
        CHECK(parse_form_definition(form.dump()).ok());
    }
    CHECK(ids.contains("civil-registry-certificate"));
    std::string etag = reply->get_header_value("ETag");
    CHECK_FALSE(etag.empty());

    auto again = client.Get("/api/v1/forms", {{"If-None-Match", etag}});
    REQUIRE(again);
    CHECK(again->status == 304);
    CHECK(again->body.empty());

    auto one = client.Get("/api/v1/forms/postal-giro/1");
    REQUIRE(one);
    CHECK(one->status == 200);
    CHECK(body_json(one)["title"]["es"] == "Giro postal nacional");
    CHECK(client.Get("/api/v1/forms/postal-giro/2")->status == 404);
}

TEST_CASE("forms: a malformed definition stops the server's start with its file and JSON path") {
    TempDir forms;
    std::ofstream(forms.file("broken.json")) << R"({"id": "broken", "version": 1, "title": {"es": "x"}})";
    auto started = CentralServer::start({.extra_args = {"--forms", forms.path()}, .ready_timeout = 5s});
    REQUIRE_FALSE(started.ok());
    auto run = run_central({"--db", forms.file("c.db"), "--forms", forms.path()});
    REQUIRE(run);
    CHECK(run->exit_code != 0);
    CHECK_MESSAGE(run->output.find("broken.json") != std::string::npos, run->output);
    CHECK_MESSAGE(run->output.find("$.title.en") != std::string::npos, run->output);
}

TEST_CASE_TEMPLATE("submissions: the server checks every answer again and refuses what a kiosk should not have sent",
                   Backend, OnSqlite, OnPostgresql) {
    Result<CentralServer> central = CentralServer::start({.backend = Backend::value});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto device = enrol_device(*central);
    REQUIRE_MESSAGE(device.ok(), device.failure_text());

    Json good = complaint_record({{"kind", "complaint"}, {"about", "queue"}, {"text", "Esperé dos horas sin que me llamaran."},
                                  {"wants_answer", "no"}},
                                 device->device_id);
    Json short_text = complaint_record({{"kind", "complaint"}, {"about", "queue"}, {"text", "mal"}, {"wants_answer", "no"}},
                                       device->device_id);
    Json hostile = complaint_record({{"kind", "complaint"}, {"about", "queue"},
                                     {"text", "Texto \u202Eal revés que engaña"}, {"wants_answer", "no"}},
                                    device->device_id);
    Json unknown_form = good;
    unknown_form["id"] = make_uuid_v4();
    unknown_form["content"]["id"] = unknown_form["id"];
    unknown_form["content"]["form"] = "dragon-licence";
    Json wrong_id = good;
    wrong_id["id"] = make_uuid_v4();
    Json hidden = complaint_record({{"kind", "complaint"}, {"about", "queue"}, {"text", "Esperé dos horas sin que me llamaran."},
                                    {"wants_answer", "no"}},
                                   device->device_id);
    hidden["content"]["answers"]["phone"] = "+53 52345678";  // asked only when an answer is wanted

    Json body = post(*central, *device, {good, short_text, hostile, unknown_form, wrong_id, hidden});
    REQUIRE(body["results"].size() == 6);
    CHECK(body["results"][0]["status"] == "accepted");
    CHECK(body["results"][5]["message"].get<std::string>().find("does not show") != std::string::npos);
    for (int i = 1; i < 6; ++i) {
        CAPTURE(i);
        CHECK(body["results"][i]["status"] == "rejected");
        CHECK(body["results"][i]["reason"] == "invalid_submission");
    }
    CHECK(body["results"][1]["message"].get<std::string>().find("text (form.too_short)") != std::string::npos);
    CHECK(body["results"][2]["message"].get<std::string>().find("form.text_control_character") != std::string::npos);
    CHECK(body["results"][3]["message"].get<std::string>().find("dragon-licence") != std::string::npos);
    CHECK(body["results"][4]["message"].get<std::string>().find("record's id") != std::string::npos);

    // The accepted one again is a duplicate, as for any record.
    CHECK(post(*central, *device, {good})["results"][0]["status"] == "duplicate");
}

TEST_CASE_TEMPLATE("submissions at the counter: opened by the receipt's reference, an outcome recorded, "
                   "the citizen told where it stands without personal data",
                   Backend, OnSqlite, OnPostgresql) {
    Result<CentralServer> central = CentralServer::start({.backend = Backend::value});
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto kiosk = enrol_device(*central, "kiosk");
    auto counter = enrol_device(*central, "counter");
    auto display = enrol_device(*central, "display");
    auto elsewhere = enrol_device(*central, "counter", "hav-centro");
    REQUIRE(kiosk.ok());
    REQUIRE(counter.ok());
    REQUIRE(display.ok());
    REQUIRE(elsewhere.ok());

    Json record = complaint_record({{"kind", "complaint"}, {"about", "queue"},
                                    {"text", "Esperé dos horas sin que me llamaran."}, {"wants_answer", "yes"},
                                    {"full_name", "María Pérez"}, {"phone", "52345678"}},
                                   kiosk->device_id);
    REQUIRE(post(*central, *kiosk, {record})["results"][0]["status"] == "accepted");
    std::string reference = record["content"]["reference"];
    // As a person types it off the receipt: lower case, with the dash.
    std::string typed = reference.substr(0, 4) + "-" + reference.substr(4);
    for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));

    auto get = [&](const EnrolledDevice& device, const std::string& path) {
        auto reply = central->client().Get(path, httplib::Headers{{"Authorization", "Bearer " + device.token}});
        REQUIRE(reply);
        return std::make_pair(reply->status, body_json(reply));
    };
    auto set = [&](const EnrolledDevice& device, const Json& body) {
        auto reply = central->client().Post("/api/v1/submissions/" + reference + "/state",
                                            httplib::Headers{{"Authorization", "Bearer " + device.token}},
                                            body.dump(), "application/json");
        REQUIRE(reply);
        return std::make_pair(reply->status, body_json(reply));
    };

    auto [status, opened] = get(*counter, "/api/v1/submissions/" + typed);
    REQUIRE(status == 200);
    CHECK(opened["reference"] == reference);
    CHECK(opened["form"] == "complaint-suggestion");
    CHECK(opened["answers"]["full_name"] == "María Pérez");
    CHECK(opened["answers"]["phone"] == "+53 52345678");
    CHECK(opened["state"]["status"] == "received");

    // Kiosks and displays never read a citizen's answers; another office's counter neither.
    CHECK(get(*kiosk, "/api/v1/submissions/" + reference).first == 403);
    CHECK(get(*display, "/api/v1/submissions/" + reference).second["error"]["code"] == "auth.wrong_role");
    CHECK(get(*elsewhere, "/api/v1/submissions/" + reference).second["error"]["code"] == "auth.wrong_office");
    CHECK(get(*counter, "/api/v1/submissions/7K3M-Q9XA").second["error"]["code"] == "submission.invalid_reference");
    std::string never_issued = "2222222" + std::string(1, reference_check_symbol("2222222"));
    CHECK(get(*counter, "/api/v1/submissions/" + never_issued).second["error"]["code"] == "submission.unknown");

    // The citizen at a kiosk: received, no answers in sight.
    auto [kiosk_status, seen] = get(*kiosk, "/api/v1/submissions/" + typed + "/state");
    REQUIRE(kiosk_status == 200);
    CHECK(seen["status"] == "received");
    CHECK_FALSE(seen.contains("answers"));
    CHECK(seen.dump().find("María") == std::string::npos);

    CHECK(set(*counter, {{"status", "needs_documents"}, {"clerk", "ana"}}).second["error"]["code"] ==
          "submission.invalid_state");  // a reason is owed to the citizen
    CHECK(set(*counter, {{"status", "lost"}, {"clerk", "ana"}}).first == 400);
    CHECK(set(*counter, {{"status", "processed"}, {"clerk", "ana"}, {"colour", "red"}}).first == 400);
    CHECK(set(*kiosk, {{"status", "processed"}, {"clerk", "ana"}}).first == 403);
    CHECK(set(*elsewhere, {{"status", "processed"}, {"clerk", "luis"}}).first == 403);

    auto [set_status, state] = set(*counter, {{"status", "processed"},
                                              {"clerk", "ana"},
                                              {"answer", "Disculpe la demora: reforzamos la ventanilla 2 por las mañanas."}});
    REQUIRE(set_status == 200);
    CHECK(state["status"] == "processed");
    auto after = get(*kiosk, "/api/v1/submissions/" + reference + "/state").second;
    CHECK(after["status"] == "processed");
    CHECK(after["answer"] == "Disculpe la demora: reforzamos la ventanilla 2 por las mañanas.");
    CHECK(get(*counter, "/api/v1/submissions/" + reference).second["state"]["status"] == "processed");
}
