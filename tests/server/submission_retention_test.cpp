// A submission's personal data leaves the kiosk only when both hold: the server acknowledged
// it, and the retention period has passed since it was made. A movable wall clock stands in
// for the days going by; the server is the real one.
#include <doctest/doctest.h>

#include <atomic>

#include "kiosk/outbox.h"
#include "kiosk/outbox_worker.h"
#include "kiosk/uuid.h"
#include "tests/support/kiosk_submission.h"
#include "tests/support/shipped_forms.h"

using namespace ventanilla;
using namespace ventanilla::testing;
using Json = nlohmann::json;

namespace {

const Json kSuggestion = {{"kind", "suggestion"}, {"about", "other"},
                          {"text", "Pongan más sillas en la sala de espera, por favor."}, {"wants_answer", "yes"},
                          {"full_name", "Rolando Díaz Guerra"}, {"phone", "53214567"}};

std::optional<OutboxState> state_of(const std::string& db, const std::string& id) {
    auto store = LocalStore::open(db);
    REQUIRE(store.ok());
    auto found = Outbox(store.value()).find(id);
    REQUIRE(found.ok());
    return found->has_value() ? std::optional<OutboxState>((*found)->state) : std::nullopt;
}

}  // namespace

TEST_CASE("submission retention: personal data kept after the acknowledgement until its days have passed, never "
          "before the server has it") {
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    TempDir dir;
    auto kiosk = enrol_signing_kiosk(*central, dir);
    REQUIRE_MESSAGE(kiosk.ok(), kiosk.failure_text());

    // Made 30 days ago and never sent (the kiosk was offline all that time): past its
    // retention, yet the server does not have it, so it must stay.
    const auto now = std::chrono::system_clock::now();
    const auto month_ago = now - std::chrono::days(30);
    const std::string old_id = make_uuid_v4();
    {
        FormDefinition form = shipped_form("complaint-suggestion");
        auto today = std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(month_ago));
        auto old = finalize_submission(form, kSuggestion,
                                       {old_id, "hav-plaza", kiosk->credentials.device_id, kiosk->keys.signing,
                                        month_ago, today, [] { return 4u; }});
        REQUIRE(old.ok());
        auto store = LocalStore::open(kiosk->db_path);
        REQUIRE(store.ok());
        REQUIRE(Outbox(store.value())
                    .enqueue_with_id(old_id, "submission", old->to_json(), month_ago, kiosk->keys.data_key)
                    .ok());
    }
    std::atomic<int> days_later{0};
    auto options_for = [&](const std::string& base_url) {
        OutboxWorkerOptions options;
        options.db_path = kiosk->db_path;
        options.endpoint.base_url = base_url;
        options.endpoint.device_id = kiosk->credentials.device_id;
        options.endpoint.token = kiosk->credentials.token;
        options.data_key = kiosk->keys.data_key;
        options.retention = std::chrono::days(7);
        options.purge_interval = std::chrono::milliseconds(0);  // look at every pass
        options.idle_poll = std::chrono::milliseconds(50);
        options.retry = {std::chrono::milliseconds(20), std::chrono::milliseconds(50)};
        options.wall_clock = [&] { return std::chrono::system_clock::now() + std::chrono::days(days_later.load()); };
        return options;
    };
    {
        // No server at this address: passes run, purges run, the record waits.
        auto offline = OutboxWorker::start(options_for("http://127.0.0.1:9"));
        REQUIRE(offline.ok());
        REQUIRE(wait_until([&] { return (*offline)->state().last_error_code.starts_with("net."); }, 10s, 20ms));
        std::this_thread::sleep_for(200ms);  // a few more passes, each with its purge
    }
    CHECK(state_of(kiosk->db_path, old_id) == OutboxState::sending);

    // Made today and uploaded: acknowledged, and the month-old one with it.
    auto fresh = submit_from_kiosk(*central, *kiosk, "complaint-suggestion", kSuggestion, now);
    REQUIRE_MESSAGE(fresh.ok(), fresh.failure_text());
    CHECK(state_of(kiosk->db_path, fresh->id) == OutboxState::acknowledged);

    auto worker = OutboxWorker::start(options_for(central->base_url()));
    REQUIRE(worker.ok());
    // Acknowledged and 30 days old: gone at the next look. The fresh one stays.
    REQUIRE(wait_until([&] { return !state_of(kiosk->db_path, old_id).has_value(); }, 10s, 50ms));
    // The worker publishes its counts after the purge's commit: a moment later under load.
    CHECK(wait_until([&] { return (*worker)->state().records_removed_after_retention == 1; }, 5s, 20ms));
    CHECK(state_of(kiosk->db_path, fresh->id) == OutboxState::acknowledged);

    // Six days on: still within its seven.
    days_later = 6;
    (*worker)->wake();
    std::this_thread::sleep_for(300ms);
    CHECK(state_of(kiosk->db_path, fresh->id) == OutboxState::acknowledged);
    CHECK((*worker)->state().records_kept_acknowledged == 1);

    // Eight days on: gone.
    days_later = 8;
    (*worker)->wake();
    REQUIRE(wait_until([&] { return !state_of(kiosk->db_path, fresh->id).has_value(); }, 10s, 50ms));
    CHECK(wait_until([&] { return (*worker)->state().records_removed_after_retention == 2; }, 5s, 20ms));
    REQUIRE(wait_until([&] { return (*worker)->state().records_kept_acknowledged == 0; }, 5s, 50ms));
}
