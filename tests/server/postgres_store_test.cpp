// The PostgreSQL store against a real PostgreSQL: data in and out, migrations, refusals, races.
#include <doctest/doctest.h>

#include <algorithm>
#include <barrier>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/enrolment_code.h"
#include "kiosk/uuid.h"
#include "server/demo_data.h"
#include "server/postgres_central_store.h"
#include "server/postgres_conninfo.h"
#include "server/records.h"
#include "server/server_options.h"
#include "server/sync_api.h"
#include "tests/support/postgres.h"

using namespace ventanilla;
using namespace ventanilla::testing;

namespace {

std::unique_ptr<PostgresCentralStore> open_store(const std::string& uri) {
    auto store = PostgresCentralStore::open(uri);
    REQUIRE_MESSAGE(store.ok(), store.failure_text());
    return std::move(store).value();
}

std::string query(const std::string& uri, const std::string& sql) {
    auto text = postgres_query_text(uri, sql);
    REQUIRE_MESSAGE(text.ok(), text.failure_text());
    return *text;
}

PostalEvent postal_event(const std::string& id, std::int64_t time_s) {
    PostalEvent event;
    event.event_id = id;
    event.item_id = "RR123456785CU";
    event.code = "EMA";
    event.time_s = 1'795'000'000 + time_s;
    event.time = "2026-11-20T14:05:00Z";  // not derived from time_s: the store keeps both as given
    event.office_code = "CU10400";
    event.office_name = "Correos Plaza";
    event.location = "La Habana";
    event.country = "CU";
    return event;
}

}  // namespace

TEST_CASE("the PostgreSQL store gives back exactly the offices it was given") {
    auto store = open_store(fresh_postgres_database());
    CHECK(store->backend() == "postgresql");
    CHECK(store->check().ok());

    auto empty = store->offices();
    REQUIRE(empty.ok());
    CHECK(empty->empty());

    const std::vector<Office> offices = demo_offices();
    REQUIRE(store->put_offices(offices).ok());
    REQUIRE(store->put_offices(offices).ok());  // twice changes nothing
    auto all = store->offices();
    REQUIRE(all.ok());
    CHECK(*all == offices);  // in id order, accents intact, services in their order
    CHECK(make_catalog(*all).version == make_catalog(offices).version);

    auto one = store->office("scu-central");
    REQUIRE(one.ok());
    REQUIRE(one->has_value());
    CHECK(**one == offices[2]);
    auto none = store->office("nowhere");
    REQUIRE(none.ok());
    CHECK_FALSE(none->has_value());

    // Two offices may not share a code: the batch fails whole, with SQLite's code.
    Office fresh = offices[1];
    fresh.id = "hav-nueva";
    fresh.code = "HAB-99";
    Office clash = offices[1];
    clash.id = "hav-otra";
    auto failed = store->put_offices(std::vector<Office>{fresh, clash});
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().code == "store.io");
    auto after = store->office("hav-nueva");
    REQUIRE(after.ok());
    CHECK_FALSE(after->has_value());
}

TEST_CASE(
    "PostgreSQL tracking events: newest first, duplicates and conflicts, nothing overwritten") {
    auto store = open_store(fresh_postgres_database());
    auto missing = store->tracking_events("RR123456785CU");
    REQUIRE(missing.ok());
    CHECK_FALSE(missing->has_value());

    PostalEvent first = postal_event("ev-1", 0);
    PostalEvent second = postal_event("ev-2", 60);
    second.counter = "2";
    PostalEvent same_time = postal_event("ev-3", 60);
    auto writes = store->put_tracking_events(
        std::vector<PostalEvent>{first, second, same_time, first}, 1'795'000'500);
    REQUIRE_MESSAGE(writes.ok(), writes.failure_text());
    CHECK(*writes == std::vector<TrackingWrite>{TrackingWrite::accepted, TrackingWrite::accepted,
                                                TrackingWrite::accepted, TrackingWrite::duplicate});

    PostalEvent changed = first;
    changed.code = "EMI";
    auto again =
        store->put_tracking_events(std::vector<PostalEvent>{changed, second}, 1'795'000'600);
    REQUIRE(again.ok());
    CHECK(*again == std::vector<TrackingWrite>{TrackingWrite::conflict, TrackingWrite::duplicate});

    auto events = store->tracking_events("RR123456785CU");
    REQUIRE(events.ok());
    REQUIRE(events->has_value());
    REQUIRE((*events)->size() == 3);
    CHECK((**events)[0] == same_time);  // equal times: last stored first
    CHECK((**events)[1] == second);
    CHECK((**events)[2] == first);  // kept, not overwritten
}

TEST_CASE("PostgreSQL migrations run once, are recorded, and a second start finds nothing to do") {
    const std::string uri = fresh_postgres_database();
    const std::string latest = std::to_string(PostgresCentralStore::latest_schema_version());
    {
        auto store = open_store(uri);
        REQUIRE(load_demo_data(*store, 1'795'000'000).ok());
    }
    CHECK(query(uri, "SELECT count(*) FROM schema_migrations") == latest);
    CHECK(query(uri, "SELECT max(version) FROM schema_migrations") == latest);
    CHECK(query(uri, "SELECT obj_description('schema_migrations'::regclass, 'pg_class')") ==
          "ventanilla-central");

    auto again = open_store(uri);
    CHECK(query(uri, "SELECT count(*) FROM schema_migrations") == latest);
    auto offices = again->offices();
    REQUIRE(offices.ok());
    CHECK(*offices == demo_offices());
}

TEST_CASE("PostgreSQL: several processes starting at once on a new database migrate it once") {
    const std::string uri = fresh_postgres_database();
    constexpr int kStarters = 4;
    std::vector<std::string> outcomes(kStarters);
    std::barrier start_line(kStarters);
    std::vector<std::thread> threads;
    for (int i = 0; i < kStarters; ++i) {
        threads.emplace_back([&, i] {
            start_line.arrive_and_wait();
            auto store = PostgresCentralStore::open(uri);
            outcomes[i] = store ? "ok" : store.error().describe();
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    for (const std::string& outcome : outcomes) {
        CHECK(outcome == "ok");
    }
    CHECK(query(uri, "SELECT count(*) FROM schema_migrations") ==
          std::to_string(PostgresCentralStore::latest_schema_version()));
}

TEST_CASE("PostgreSQL: a database with a newer schema is refused, named, and left as it was") {
    const std::string uri = fresh_postgres_database();
    open_store(uri);
    const int newer = PostgresCentralStore::latest_schema_version() + 1;
    REQUIRE(run_postgres_sql(uri, "INSERT INTO schema_migrations (version) VALUES (" +
                                      std::to_string(newer) + ")")
                .ok());
    const std::string tables_before = query(uri, "SELECT count(*) FROM pg_tables");

    auto refused = PostgresCentralStore::open(uri);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "store.schema_too_new");
    const std::string& detail = refused.error().detail;
    CHECK_MESSAGE(
        detail.find("has schema version " + std::to_string(newer) + ", newer than version " +
                    std::to_string(PostgresCentralStore::latest_schema_version())) !=
            std::string::npos,
        detail);
    CHECK_MESSAGE(detail.find("was left untouched") != std::string::npos, detail);
    CHECK_MESSAGE(detail.find("dbname=vt_") != std::string::npos, detail);
    CHECK(query(uri, "SELECT count(*) FROM pg_tables") == tables_before);
    CHECK(query(uri, "SELECT max(version) FROM schema_migrations") == std::to_string(newer));
}

TEST_CASE("PostgreSQL: another program's database is refused and left as it was") {
    SUBCASE("tables but no schema_migrations") {
        const std::string uri = fresh_postgres_database();
        REQUIRE(run_postgres_sql(uri, "CREATE TABLE tickets (id text PRIMARY KEY)").ok());
        auto refused = PostgresCentralStore::open(uri);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == "store.foreign");
        CHECK(refused.error().detail.find("holds tables but no ventanilla-central schema") !=
              std::string::npos);
        CHECK(query(uri, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "1");
    }
    SUBCASE("a schema_migrations table of another framework") {
        const std::string uri = fresh_postgres_database();
        REQUIRE(run_postgres_sql(uri,
                                 "CREATE TABLE schema_migrations (version varchar PRIMARY KEY);"
                                 "INSERT INTO schema_migrations VALUES ('20240101000000')")
                    .ok());
        auto refused = PostgresCentralStore::open(uri);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == "store.foreign");
        CHECK(query(uri, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "1");
    }
}

TEST_CASE("PostgreSQL: a server that does not answer is store.open_failed, password masked") {
    const int port = free_port();
    REQUIRE(port > 0);
    const std::string uri =
        "postgresql://central:s3cret-pw@127.0.0.1:" + std::to_string(port) + "/central";
    auto refused = PostgresCentralStore::open(uri);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "store.open_failed");
    CHECK_MESSAGE(refused.error().detail.find("password=***") != std::string::npos,
                  refused.error().detail);
    CHECK(refused.error().detail.find("s3cret-pw") == std::string::npos);
}

TEST_CASE("PostgreSQL: the same events written at once through two pools are stored once each") {
    const std::string uri = fresh_postgres_database();
    auto first = open_store(uri);
    auto second = open_store(uri);
    std::vector<PostalEvent> batch;
    for (int i = 0; i < 200; ++i) {
        batch.push_back(postal_event("race-" + std::to_string(i), i));
    }

    // The same order on both sides, then opposite orders, which lets the two
    // transactions wait on each other: PostgreSQL breaks the deadlock and the
    // store runs the loser again.
    for (const bool reversed : {false, true}) {
        CAPTURE(reversed);
        REQUIRE(run_postgres_sql(uri, "TRUNCATE tracking_events, tracked_items").ok());
        std::vector<PostalEvent> other = batch;
        if (reversed) {
            std::reverse(other.begin(), other.end());
        }
        std::barrier start_line(2);
        Result<std::vector<TrackingWrite>> a = make_error("not run");
        Result<std::vector<TrackingWrite>> b = make_error("not run");
        std::thread left([&] {
            start_line.arrive_and_wait();
            a = first->put_tracking_events(batch, 1'795'000'000);
        });
        std::thread right([&] {
            start_line.arrive_and_wait();
            b = second->put_tracking_events(other, 1'795'000'000);
        });
        left.join();
        right.join();
        REQUIRE_MESSAGE(a.ok(), a.failure_text());
        REQUIRE_MESSAGE(b.ok(), b.failure_text());
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const std::size_t j = reversed ? batch.size() - 1 - i : i;
            const auto pair = std::minmax((*a)[i], (*b)[j]);
            CHECK(pair.first == TrackingWrite::accepted);
            CHECK(pair.second == TrackingWrite::duplicate);
        }
        CHECK(query(uri, "SELECT count(*) FROM tracking_events") == "200");
        CHECK(query(uri, "SELECT count(*) FROM tracked_items") == "1");
    }
}

TEST_CASE("PostgreSQL: two processes loading the demo at once both succeed") {
    const std::string uri = fresh_postgres_database();
    auto first = open_store(uri);
    auto second = open_store(uri);
    std::barrier start_line(2);
    Status a = make_error("not run");
    Status b = make_error("not run");
    std::thread left([&] {
        start_line.arrive_and_wait();
        a = load_demo_data(*first, 1'795'000'000);
    });
    std::thread right([&] {
        start_line.arrive_and_wait();
        b = load_demo_data(*second, 1'795'000'000);
    });
    left.join();
    right.join();
    CHECK_MESSAGE(a.ok(), a.failure_text());
    CHECK_MESSAGE(b.ok(), b.failure_text());
    auto offices = first->offices();
    REQUIRE(offices.ok());
    CHECK(*offices == demo_offices());
}

TEST_CASE("connection strings: PostgreSQL told from SQLite files, passwords never shown") {
    CHECK(is_postgres_conninfo("postgresql://u:p@db1:5432/central"));
    CHECK(is_postgres_conninfo("postgres://db1/central"));
    CHECK(is_postgres_conninfo("host=db1 dbname=central"));
    CHECK(is_postgres_conninfo("dbname = central"));
    CHECK_FALSE(is_postgres_conninfo("central.db"));
    CHECK_FALSE(is_postgres_conninfo("/var/lib/ventanilla/central.db"));
    CHECK_FALSE(is_postgres_conninfo("./host=db1.db"));
    CHECK_FALSE(is_postgres_conninfo("colour=blue.db"));  // not a libpq keyword

    CHECK(masked_conninfo("postgresql://central:s3cret@db1:5432/central?sslmode=require") ==
          "user=central password=*** dbname=central host=db1 port=5432 sslmode=require");
    CHECK(masked_conninfo("host=db1 password='two words' dbname=central") ==
          "password=*** dbname=central host=db1");
    CHECK(masked_conninfo("host=db1 application_name='a b'") == "host=db1 application_name='a b'");

    auto uri = parse_command_line({"--db", "postgresql://central:s3cret@db1/central"});
    REQUIRE(uri.ok());
    CHECK(uri->options.store_kind == StoreKind::postgresql);
    CHECK(database_for_display(uri->options) ==
          "user=central password=*** dbname=central host=db1");
    auto keywords = parse_command_line({"--db=host=db1 dbname=central"});
    REQUIRE(keywords.ok());
    CHECK(keywords->options.store_kind == StoreKind::postgresql);
    CHECK(keywords->options.database == "host=db1 dbname=central");
    auto file = parse_command_line({"--db", "central.db"});
    REQUIRE(file.ok());
    CHECK(file->options.store_kind == StoreKind::sqlite);
    CHECK(database_for_display(file->options) == "central.db");

    auto broken = parse_command_line({"--db", "postgresql://central:s3cret@[db1/central"});
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().code == "options.invalid");
    CHECK(broken.error().detail.find("not a valid PostgreSQL connection string") !=
          std::string::npos);
    CHECK_MESSAGE(broken.error().detail.find("s3cret") == std::string::npos, broken.error().detail);
}

namespace {

Device new_device(int number) {
    Device device;
    device.id = make_uuid_v4();
    device.terminal_number = number;
    device.name = "T" + std::to_string(number);
    return device;
}

DeviceRecord device_record(const std::string& id, const std::string& content) {
    return {id, "ticket", "2026-01-01T00:00:00Z", content,
            record_content_hash("ticket", "2026-01-01T00:00:00Z", content)};
}

// A store with the demo offices and a fresh enrolment code for hav-plaza; its hash.
std::string issue_code(CentralStore& store, std::int64_t now) {
    auto issued = issue_enrolment_code(store, "kiosk", "hav-plaza", 24, now);
    REQUIRE_MESSAGE(issued.ok(), issued.failure_text());
    const auto code = parse_enrolment_code(*issued);
    REQUIRE(code.ok());
    return secret_hash(code->symbols);
}

}  // namespace

TEST_CASE("PostgreSQL devices: a code enrols once, not after it expired, and revocation is kept") {
    auto store = open_store(fresh_postgres_database());
    REQUIRE(store->put_offices(demo_offices()).ok());
    const std::int64_t now = 1'800'000'000;
    const std::string hash = issue_code(*store, now);

    auto expired =
        store->redeem_enrolment_code(hash, new_device(1), secret_hash("t1"), now + 24 * 3600);
    REQUIRE_MESSAGE(expired.ok(), expired.failure_text());
    CHECK(expired->outcome == EnrolmentOutcome::code_expired);
    auto enrolled = store->redeem_enrolment_code(hash, new_device(2), secret_hash("t2"), now + 60);
    REQUIRE(enrolled.ok());
    REQUIRE(enrolled->outcome == EnrolmentOutcome::enrolled);
    CHECK(enrolled->device->role == "kiosk");
    CHECK(enrolled->device->office_id == "hav-plaza");
    CHECK(enrolled->device->terminal_number == 2);
    CHECK(enrolled->device->enrolled_at_s == now + 60);
    auto again = store->redeem_enrolment_code(hash, new_device(3), secret_hash("t3"), now + 61);
    REQUIRE(again.ok());
    CHECK(again->outcome == EnrolmentOutcome::code_used);
    auto unknown =
        store->redeem_enrolment_code(secret_hash("nope"), new_device(4), secret_hash("t4"), now);
    REQUIRE(unknown.ok());
    CHECK(unknown->outcome == EnrolmentOutcome::unknown_code);

    auto found = store->device_by_token_hash(secret_hash("t2"));
    REQUIRE(found.ok());
    REQUIRE(found->has_value());
    CHECK(**found == *enrolled->device);
    CHECK_FALSE(store->device_by_token_hash(secret_hash("t3"))->has_value());
    CHECK(*store->revoke_device((*found)->id, now + 100));
    CHECK(*store->revoke_device((*found)->id, now + 200));
    CHECK((*store->device_by_token_hash(secret_hash("t2")))->revoked_at_s == now + 100);
    CHECK_FALSE(*store->revoke_device(make_uuid_v4(), now));

    // The same code hash twice is an error, as on SQLite.
    EnrolmentCodeGrant grant{hash, "kiosk", "hav-plaza", now, now + 60};
    auto twice = store->put_enrolment_code(grant);
    REQUIRE_FALSE(twice.ok());
    CHECK(twice.error().code == "store.io");
}

TEST_CASE("PostgreSQL devices: one code redeemed at once through two pools enrols one device") {
    const std::string uri = fresh_postgres_database();
    auto first = open_store(uri);
    auto second = open_store(uri);
    REQUIRE(first->put_offices(demo_offices()).ok());
    const std::int64_t now = 1'800'000'000;
    for (int round = 0; round < 5; ++round) {
        CAPTURE(round);
        const std::string hash = issue_code(*first, now);
        std::barrier start_line(2);
        Result<EnrolmentResult> a = make_error("not run");
        Result<EnrolmentResult> b = make_error("not run");
        std::thread left([&] {
            start_line.arrive_and_wait();
            a = first->redeem_enrolment_code(hash, new_device(1), secret_hash(hash + "a"), now);
        });
        std::thread right([&] {
            start_line.arrive_and_wait();
            b = second->redeem_enrolment_code(hash, new_device(2), secret_hash(hash + "b"), now);
        });
        left.join();
        right.join();
        REQUIRE_MESSAGE(a.ok(), a.failure_text());
        REQUIRE_MESSAGE(b.ok(), b.failure_text());
        const auto outcomes = std::minmax(a->outcome, b->outcome);
        CHECK(outcomes.first == EnrolmentOutcome::enrolled);
        CHECK(outcomes.second == EnrolmentOutcome::code_used);
    }
    CHECK(query(uri, "SELECT count(*) FROM devices") == "5");
}

TEST_CASE("PostgreSQL records: never overwritten, conflicts kept aside once, races stored once") {
    const std::string uri = fresh_postgres_database();
    auto store = open_store(uri);
    auto other = open_store(uri);
    REQUIRE(store->put_offices(demo_offices()).ok());
    auto device =
        store->redeem_enrolment_code(issue_code(*store, 100), new_device(1), secret_hash("t"), 100);
    REQUIRE(device.ok());
    REQUIRE(device->outcome == EnrolmentOutcome::enrolled);
    const std::string id = device->device->id;
    const std::string a = make_uuid_v4();
    const std::string b = make_uuid_v4();
    const std::vector<DeviceRecord> batch = {
        device_record(a, "{\"n\":1}"), device_record(a, "{\"n\":1}"), device_record(a, "{\"n\":2}"),
        device_record(b, "{}"), device_record(a, "{\"n\":2}")};
    auto writes = store->put_records(id, batch, 500);
    REQUIRE_MESSAGE(writes.ok(), writes.failure_text());
    CHECK(*writes == std::vector<RecordWrite>{RecordWrite::accepted, RecordWrite::duplicate,
                                              RecordWrite::conflict, RecordWrite::accepted,
                                              RecordWrite::conflict});
    CHECK(query(uri, "SELECT count(*) FROM record_conflicts") == "1");
    auto stored = store->record(a);
    REQUIRE(stored.ok());
    REQUIRE(stored->has_value());
    CHECK((*stored)->record.content == "{\"n\":1}");
    CHECK((*stored)->device_id == id);
    CHECK((*stored)->received_at_s == 500);
    CHECK_FALSE(store->record(make_uuid_v4())->has_value());

    // The same 100 records from two processes at once: each stored once.
    std::vector<DeviceRecord> many;
    for (int i = 0; i < 100; ++i) {
        many.push_back(device_record(make_uuid_v4(), "{\"i\":" + std::to_string(i) + "}"));
    }
    std::barrier start_line(2);
    Result<std::vector<RecordWrite>> left_writes = make_error("not run");
    Result<std::vector<RecordWrite>> right_writes = make_error("not run");
    std::thread left([&] {
        start_line.arrive_and_wait();
        left_writes = store->put_records(id, many, 600);
    });
    std::thread right([&] {
        start_line.arrive_and_wait();
        right_writes = other->put_records(id, many, 600);
    });
    left.join();
    right.join();
    REQUIRE_MESSAGE(left_writes.ok(), left_writes.failure_text());
    REQUIRE_MESSAGE(right_writes.ok(), right_writes.failure_text());
    for (std::size_t i = 0; i < many.size(); ++i) {
        const auto pair = std::minmax((*left_writes)[i], (*right_writes)[i]);
        CHECK(pair.first == RecordWrite::accepted);
        CHECK(pair.second == RecordWrite::duplicate);
    }
    CHECK(query(uri, "SELECT count(*) FROM records") == "102");
}
