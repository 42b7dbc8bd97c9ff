// Personal data in the outbox: kept, sealed, after the server acknowledged it, and deleted only
// once its retention period has passed as well; a terminal's outbox of schema 3 carries its
// records over to schema 4.
#include <doctest/doctest.h>

#include "kiosk/outbox.h"
#include "kiosk/uuid.h"
#include "tests/support/process.h"

using namespace ventanilla;
using ventanilla::testing::TempDir;

namespace {

const std::string kDataKey(32, 'k');
const nlohmann::json kContent = {{"answers", {{"full_name", "Yamilé Cañizares"}}}};

RecordVerdict accepted(const std::string& id) { return {id, RecordVerdict::Kind::accepted, "", ""}; }

}  // namespace

TEST_CASE("outbox retention: sealed records stay acknowledged until their days have passed, others go at once") {
    TempDir dir;
    auto store = LocalStore::open(dir.file("terminal.db"));
    REQUIRE(store.ok());
    Outbox outbox(store.value());
    const WallTime made = std::chrono::system_clock::now();
    auto sealed = outbox.enqueue_with_id(make_uuid_v4(), "submission", kContent, made, kDataKey);
    auto plain = outbox.enqueue_with_id(make_uuid_v4(), "ticket", {{"number", 42}}, made);
    REQUIRE(sealed.ok());
    REQUIRE(plain.ok());

    // Past its retention but not acknowledged: never deleted.
    CHECK(outbox.remove_expired(made + std::chrono::days(100), std::chrono::days(7)).value() == 0);
    CHECK(outbox.find(*sealed)->has_value());

    const std::vector<RecordVerdict> verdicts{accepted(*sealed), accepted(*plain)};
    REQUIRE(outbox.settle(verdicts, made + std::chrono::hours(1)).ok());
    CHECK_FALSE(outbox.find(*plain)->has_value());
    auto kept = outbox.find(*sealed);
    REQUIRE(kept->has_value());
    CHECK((*kept)->state == OutboxState::acknowledged);
    CHECK(is_sealed_content((*kept)->content));
    auto counts = outbox.counts();
    CHECK(counts->waiting == 0);
    CHECK(counts->acknowledged == 1);
    CHECK(outbox.next_batch(10, 1 << 20)->empty());  // never sent again
    REQUIRE(outbox.settle(verdicts).ok());            // the same answer again changes nothing
    CHECK((*outbox.find(*sealed))->state == OutboxState::acknowledged);

    CHECK(outbox.remove_expired(made + std::chrono::days(6), std::chrono::days(7)).value() == 0);
    CHECK(outbox.find(*sealed)->has_value());
    CHECK(outbox.remove_expired(made + std::chrono::days(7) + std::chrono::seconds(1), std::chrono::days(7)).value() == 1);
    CHECK_FALSE(outbox.find(*sealed)->has_value());
    CHECK(outbox.counts()->acknowledged == 0);
}

TEST_CASE("outbox retention: an outbox of schema 3 keeps its records, order and states in schema 4") {
    TempDir dir;
    const std::string path = dir.file("terminal.db");
    auto all = local_store_migrations();
    std::vector<StoreMigration> up_to_3(all.begin(), all.begin() + 3);
    std::string first, second;
    {
        auto store = LocalStore::open(path, {}, up_to_3);
        REQUIRE(store.ok());
        REQUIRE(store->schema_version() == 3);
        Outbox outbox(store.value());
        first = outbox.enqueue("ticket", {{"number", 1}}).value();
        second = outbox.enqueue("ticket", {{"number", 2}}).value();
        auto batch = outbox.next_batch(1, 1 << 20);
        REQUIRE(outbox.mark_sending(*batch).ok());
    }
    auto store = LocalStore::open(path);
    REQUIRE_MESSAGE(store.ok(), store.failure_text());
    CHECK(store->schema_version() == LocalStore::latest_schema_version());
    Outbox outbox(store.value());
    auto batch = outbox.next_batch(10, 1 << 20);
    REQUIRE(batch->size() == 2);
    CHECK(batch->at(0).id == first);
    CHECK(batch->at(0).state == OutboxState::sending);
    CHECK(batch->at(1).id == second);
    CHECK(batch->at(0).seq < batch->at(1).seq);
    // Still frozen once queued.
    CHECK_FALSE(store->db().exec("UPDATE outbox SET content = '{}'").ok());
    auto third = outbox.enqueue("ticket", {{"number", 3}});
    REQUIRE(third.ok());
    CHECK((*outbox.find(*third))->seq > batch->at(1).seq);
}
