// Enrolment codes, record checks and the SQLite store's devices and records, without HTTP.
#include <doctest/doctest.h>

#include <set>

#include "kiosk/enrolment_code.h"
#include "kiosk/uuid.h"
#include "server/records.h"
#include "server/sqlite_central_store.h"
#include "server/sync_api.h"
#include "server/sync_options.h"
#include "tests/support/process.h"

using namespace ventanilla;
using namespace ventanilla::testing;

namespace {

std::unique_ptr<SqliteCentralStore> open_store(const TempDir& dir) {
    auto store = SqliteCentralStore::open(dir.file("central.db"));
    REQUIRE_MESSAGE(store.ok(), store.failure_text());
    Office office;
    office.id = "hav-plaza";
    office.code = "HAB-01";
    office.name = {"Plaza", "Plaza"};
    office.address = {"", "Plaza", "La Habana"};
    REQUIRE((*store)->put_offices(std::span<const Office>(&office, 1)).ok());
    return std::move(store).value();
}

DeviceRecord device_record(const std::string& id, const std::string& content) {
    return {id, "ticket", "2026-01-01T00:00:00Z", content,
            record_content_hash("ticket", "2026-01-01T00:00:00Z", content)};
}

Device new_device(int number) {
    Device device;
    device.id = make_uuid_v4();
    device.terminal_number = number;
    device.name = "T" + std::to_string(number);
    return device;
}

}  // namespace

TEST_CASE("enrolment codes: twelve symbols, any typo or swap is caught") {
    std::uint32_t state = 7;
    auto random = [&] { return state = state * 1664525u + 1013904223u; };
    for (int i = 0; i < 200; ++i) {
        const EnrolmentCode code = generate_enrolment_code(random);
        REQUIRE(code.symbols.size() == 12);
        auto parsed = parse_enrolment_code(code.to_string());
        REQUIRE(parsed.ok());
        CHECK(*parsed == code);
        for (std::size_t a = 0; a < 12; ++a) {
            std::string wrong = code.symbols;
            wrong[a] = wrong[a] == '2' ? '3' : '2';
            CHECK_FALSE(parse_enrolment_code(wrong).ok());
            for (std::size_t b = a + 1; b < 12; ++b) {
                if (code.symbols[a] == code.symbols[b]) continue;
                std::string swapped = code.symbols;
                std::swap(swapped[a], swapped[b]);
                CHECK(parse_enrolment_code(swapped).error().code == "enrolment.code_check_failed");
            }
        }
    }
    CHECK(parse_enrolment_code("ABC").error().code == "enrolment.code_wrong_length");
    CHECK(parse_enrolment_code("0BCD-EFGH-JKLM").error().code == "enrolment.code_character");
}

TEST_CASE("records: the content hash ignores key order and spacing, not values") {
    auto parse = [](const std::string& text) {
        const nlohmann::json body = {
            {"device_id", "0b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6a"},
            {"records", nlohmann::json::array({{{"id", "1b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6a"},
                                                {"kind", "ticket"},
                                                {"created_at", "2026-01-01T00:00:00Z"},
                                                {"content", nlohmann::json::parse(text)}}})}};
        auto batch = parse_record_batch(body);
        REQUIRE(std::holds_alternative<RecordBatch>(batch));
        return std::get<RecordBatch>(batch).records.at(0);
    };
    const DeviceRecord a = parse(R"({"b": [1, 2], "a": "ñ"})");
    const DeviceRecord b = parse(R"({"a":"ñ","b":[1,2]})");
    const DeviceRecord c = parse(R"({"a":"ñ","b":[2,1]})");
    CHECK(a.content == R"({"a":"ñ","b":[1,2]})");
    CHECK(a.content_hash == b.content_hash);
    CHECK(a.content_hash != c.content_hash);
    CHECK(a.content_hash.size() == 64);
}

TEST_CASE("store: a code enrols one device once, and not after it expired") {
    TempDir dir;
    auto store = open_store(dir);
    const std::int64_t now = 1'800'000'000;
    auto issued = issue_enrolment_code(*store, "kiosk", "hav-plaza", 24, now);
    REQUIRE_MESSAGE(issued.ok(), issued.failure_text());
    const auto code = parse_enrolment_code(*issued);
    REQUIRE(code.ok());
    const std::string hash = secret_hash(code->symbols);

    auto expired = store->redeem_enrolment_code(hash, new_device(1), secret_hash("t1"),
                                                now + 24 * 3600);
    REQUIRE(expired.ok());
    CHECK(expired->outcome == EnrolmentOutcome::code_expired);

    auto enrolled = store->redeem_enrolment_code(hash, new_device(2), secret_hash("t2"), now + 60);
    REQUIRE(enrolled.ok());
    REQUIRE(enrolled->outcome == EnrolmentOutcome::enrolled);
    CHECK(enrolled->device->role == "kiosk");
    CHECK(enrolled->device->office_id == "hav-plaza");
    CHECK(enrolled->device->terminal_number == 2);
    CHECK(enrolled->device->enrolled_at_s == now + 60);

    auto again = store->redeem_enrolment_code(hash, new_device(3), secret_hash("t3"), now + 61);
    CHECK(again->outcome == EnrolmentOutcome::code_used);
    auto unknown =
        store->redeem_enrolment_code(secret_hash("nope"), new_device(4), secret_hash("t4"), now);
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
    CHECK(issue_enrolment_code(*store, "kiosk", "nowhere", 24, now).error().code ==
          "enrolment.unknown_office");
}

TEST_CASE("store: records are never overwritten, and a repeat within a batch is compared") {
    TempDir dir;
    auto store = open_store(dir);
    auto code = issue_enrolment_code(*store, "kiosk", "hav-plaza", 1, 100);
    auto device = store->redeem_enrolment_code(
        secret_hash(parse_enrolment_code(*code)->symbols), new_device(1), secret_hash("t"), 100);
    REQUIRE(device->outcome == EnrolmentOutcome::enrolled);
    const std::string id = device->device->id;
    const std::string a = make_uuid_v4();
    const std::string b = make_uuid_v4();
    const std::vector<DeviceRecord> batch = {device_record(a, "{\"n\":1}"),
                                             device_record(a, "{\"n\":1}"),
                                             device_record(a, "{\"n\":2}"),
                                             device_record(b, "{}")};
    auto writes = store->put_records(id, batch, 500);
    REQUIRE_MESSAGE(writes.ok(), writes.failure_text());
    CHECK(*writes == std::vector<RecordWrite>{RecordWrite::accepted, RecordWrite::duplicate,
                                              RecordWrite::conflict, RecordWrite::accepted});
    // Long after: an id stays an idempotency key (nothing prunes records).
    auto later = store->put_records(id, std::vector<DeviceRecord>{device_record(a, "{\"n\":1}")},
                                    500 + 365 * 86400);
    CHECK(*later == std::vector<RecordWrite>{RecordWrite::duplicate});
    auto stored = store->record(a);
    REQUIRE(stored->has_value());
    CHECK((*stored)->record.content == "{\"n\":1}");
    CHECK((*stored)->device_id == id);
    CHECK((*stored)->received_at_s == 500);
    CHECK_FALSE(store->record(make_uuid_v4())->has_value());
}

TEST_CASE("options: device and record options are taken out and checked") {
    std::vector<std::string> args = {"--db", "x.db", "--issue-enrolment-code", "--role=counter",
                                     "--office", "hav-plaza", "--valid-hours", "48"};
    auto command = take_sync_options(args);
    REQUIRE(command.ok());
    CHECK(command->action == SyncCommand::Action::issue_enrolment_code);
    CHECK(command->role == "counter");
    CHECK(command->valid_hours == 48);
    CHECK(args == std::vector<std::string>{"--db", "x.db"});

    std::vector<std::string> revoke = {"--revoke-device", "0b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6a",
                                       "--idempotency-days", "120"};
    auto revoked = take_sync_options(revoke);
    REQUIRE(revoked.ok());
    CHECK(revoked->action == SyncCommand::Action::revoke_device);
    CHECK(revoked->idempotency_days == 120);

    for (std::vector<std::string> bad : std::vector<std::vector<std::string>>{
             {"--issue-enrolment-code", "--role", "kiosk"},
             {"--issue-enrolment-code", "--office", "x"},
             {"--role", "kiosk", "--office", "x"},
             {"--role", "boss"},
             {"--valid-hours", "0"},
             {"--idempotency-days", "0"},
             {"--revoke-device", "nope"},
             {"--idempotency-days"}}) {
        CAPTURE(bad.front());
        CHECK(take_sync_options(bad).error().code == "options.invalid");
    }
}
