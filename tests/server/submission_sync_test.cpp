// A procedure submitted at a kiosk travels sealed: committed to the outbox under its draft id
// with its personal data encrypted at rest, opened only to be sent, accepted by the server,
// and opened there by a counter with the reference on the receipt.
#include <doctest/doctest.h>

#include <sodium.h>

#include <fstream>
#include <sstream>

#include "kiosk/outbox.h"
#include "kiosk/outbox_worker.h"
#include "kiosk/submission.h"
#include "kiosk/terminal_keys.h"
#include "kiosk/uuid.h"
#include "tests/support/central.h"
#include "tests/support/enrolled_device.h"
#include "tests/support/shipped_forms.h"

using namespace ventanilla;
using namespace ventanilla::testing;
using Json = nlohmann::json;

namespace {

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
}

}  // namespace

TEST_CASE("submission sync: sealed at rest in the outbox, sent once, opened at the counter by its reference") {
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto kiosk = enrol_device(*central, "kiosk");
    auto counter = enrol_device(*central, "counter");
    REQUIRE(kiosk.ok());
    REQUIRE(counter.ok());

    TempDir dir;
    std::string db = dir.file("terminal.db");
    auto keys = load_or_make_terminal_keys(dir.file("terminal.secrets.json"));
    REQUIRE(keys.ok());
    FormDefinition form = shipped_form("id-card-replacement");
    Json answers = {{"reason", "stolen"}, {"police_report", "yes"}, {"full_name", "Yamilé Cañizares Ortiz"},
                    {"ci", "91042512347"}, {"province", "la-habana"}, {"municipality", "playa"},
                    {"address", "Calle 60 #3512 e/ 35 y 37"}, {"phone", "7 203 4455"}};
    auto now = std::chrono::system_clock::now();
    auto today = std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(now));
    std::string draft_id = make_uuid_v4();
    auto submission = finalize_submission(form, answers, {draft_id, "hav-plaza", kiosk->device_id, keys->signing, now,
                                                          today, [] { return randombytes_random(); }});
    REQUIRE_MESSAGE(submission.ok(), submission.failure_text());

    {
        auto store = LocalStore::open(db);
        REQUIRE(store.ok());
        Outbox outbox(store.value());
        auto id = outbox.enqueue_with_id(draft_id, "submission", submission->to_json(), now, keys->data_key);
        REQUIRE_MESSAGE(id.ok(), id.failure_text());
        CHECK(id.value() == draft_id);
        // A second tap, or a retry after a crash: the same record, not a second one.
        CHECK(outbox.enqueue_with_id(draft_id, "submission", submission->to_json(), now, keys->data_key).ok());
        CHECK(outbox.counts()->waiting == 1);
        auto kept = outbox.find(draft_id);
        REQUIRE(kept.ok());
        CHECK(is_sealed_content((*kept)->content));
        // A record sealed with a key this terminal no longer has: set aside, the rest goes on.
        std::string other_key(32, 'k');
        REQUIRE(outbox.enqueue_with_id(make_uuid_v4(), "submission", submission->to_json(), now, other_key).ok());
    }
    // Nothing of the citizen in clear on the terminal's disk: database and WAL.
    for (const char* suffix : {"", "-wal"}) {
        std::string bytes = file_bytes(db + suffix);
        CHECK(bytes.find("Cañizares") == std::string::npos);
        CHECK(bytes.find("91042512347") == std::string::npos);
        CHECK(bytes.find("Calle 60") == std::string::npos);
    }

    OutboxWorkerOptions options;
    options.db_path = db;
    options.endpoint.base_url = central->base_url();
    options.endpoint.device_id = kiosk->device_id;
    options.endpoint.token = kiosk->token;
    options.retry = {std::chrono::milliseconds(10), std::chrono::milliseconds(200)};
    options.data_key = keys->data_key;
    auto worker = OutboxWorker::start(std::move(options));
    REQUIRE(worker.ok());
    REQUIRE(wait_until(
        [&] {
            auto state = (*worker)->state();
            return state.records_acknowledged == 1 && state.records_set_aside == 1;
        },
        10s, 50ms));
    CHECK((*worker)->state().records_waiting == 0);
    worker->reset();
    {
        auto store = LocalStore::open(db);
        Outbox outbox(store.value());
        auto aside = outbox.set_aside_records();
        REQUIRE(aside.ok());
        REQUIRE(aside->size() == 1);
        CHECK(aside->front().set_aside_reason == "sealed.damaged");
        // Acknowledged, but its retention period has not passed: kept, still sealed.
        auto kept = outbox.find(draft_id);
        REQUIRE(kept->has_value());
        CHECK((*kept)->state == OutboxState::acknowledged);
        CHECK(is_sealed_content((*kept)->content));
        CHECK(outbox.counts()->waiting == 0);
    }

    auto reply = central->client().Get("/api/v1/submissions/" + submission->reference,
                                       httplib::Headers{{"Authorization", "Bearer " + counter->token}});
    REQUIRE(reply);
    REQUIRE_MESSAGE(reply->status == 200, reply->body);
    Json opened = body_json(reply);
    CHECK(opened["answers"]["full_name"] == "Yamilé Cañizares Ortiz");
    CHECK(opened["answers"]["phone"] == "+53 72034455");
    CHECK(opened["form"] == "id-card-replacement");
    // The receipt's code proves the receipt was made by this kiosk.
    CHECK(verify_receipt(submission->receipt_code, {{kiosk->device_id, keys->signing.public_key}}).ok());
}
