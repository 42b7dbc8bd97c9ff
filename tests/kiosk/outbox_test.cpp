// The outbox's state machine, record ids, the retry schedule and the sorting of answers.
#include <doctest/doctest.h>

#include <regex>
#include <set>

#include "kiosk/outbox.h"
#include "kiosk/outbox_retry.h"
#include "kiosk/outbox_upload.h"
#include "kiosk/uuid.h"
#include "tests/support/process.h"

using namespace ventanilla;
using ventanilla::testing::TempDir;
using namespace std::chrono_literals;

namespace {

LocalStore open_store(const TempDir& dir) {
    auto store = LocalStore::open(std::filesystem::path(dir.path()) / "terminal.db");
    REQUIRE_MESSAGE(store.ok(), store.failure_text());
    return std::move(store).value();
}

HttpResponse answer(long status, std::string body) {
    HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    response.headers["date"] = "Sat, 14 Mar 2026 09:27:01 GMT";
    return response;
}

}  // namespace

TEST_CASE("uuid: version 4, RFC 9562 variant, lower case, all different") {
    const std::regex form("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    std::set<std::string> seen;
    for (int i = 0; i < 2000; ++i) {
        const std::string id = make_uuid_v4();
        CHECK(std::regex_match(id, form));
        CHECK(is_canonical_uuid(id));
        seen.insert(id);
    }
    CHECK(seen.size() == 2000);
    CHECK_FALSE(is_canonical_uuid("0B7E6C1E-4A9F-4C1E-9D2B-1F2E3D4C5B6A"));
    CHECK_FALSE(is_canonical_uuid("0b7e6c1e4a9f4c1e9d2b1f2e3d4c5b6a"));
    CHECK_FALSE(is_canonical_uuid("0b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6"));
    CHECK_FALSE(is_canonical_uuid("0b7e6c1e-4a9f-4c1e-9d2b_1f2e3d4c5b6a"));
    CHECK_FALSE(is_canonical_uuid("0b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6g"));
}

TEST_CASE("outbox: waiting, sending, then gone or set aside - never changed") {
    TempDir dir;
    LocalStore store = open_store(dir);
    CHECK(store.db().query_int("PRAGMA synchronous").value() == 2);  // FULL: "done" is on disk
    Outbox outbox(store);

    auto a = outbox.enqueue("ticket", {{"service", "A"}, {"number", 1}});
    auto b = outbox.enqueue("complaint", {{"text", "Envío ñ"}});
    auto c = outbox.enqueue("ticket", {{"service", "A"}, {"number", 2}});
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    REQUIRE(c.ok());
    CHECK(is_canonical_uuid(*a));

    auto record = outbox.find(*a);
    REQUIRE(record->has_value());
    CHECK((*record)->state == OutboxState::waiting);
    CHECK((*record)->content == R"({"number":1,"service":"A"})");
    CHECK(std::regex_match((*record)->created_at,
                           std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));

    auto batch = outbox.next_batch(2, 1 << 20);
    REQUIRE(batch->size() == 2);
    CHECK((*batch)[0].id == *a);
    CHECK((*batch)[1].id == *b);
    REQUIRE(outbox.mark_sending(*batch).ok());
    CHECK((*outbox.find(*a))->state == OutboxState::sending);
    CHECK((*outbox.find(*a))->attempts == 1);

    // No answer came: the same records, same ids and bytes, go again first.
    auto again = outbox.next_batch(10, 1 << 20);
    REQUIRE(again->size() == 3);
    CHECK((*again)[0].id == *a);
    CHECK((*again)[0].content == (*batch)[0].content);
    REQUIRE(outbox.mark_sending(*again).ok());
    CHECK((*outbox.find(*a))->attempts == 2);

    std::vector<RecordVerdict> answer = {{*a, RecordVerdict::Kind::accepted, "", ""},
                                         {*b, RecordVerdict::Kind::conflict, "conflict", "kept"},
                                         {*c, RecordVerdict::Kind::duplicate, "", ""}};
    REQUIRE(outbox.settle(answer).ok());
    CHECK_FALSE(outbox.find(*a)->has_value());
    CHECK_FALSE(outbox.find(*c)->has_value());
    auto aside = outbox.find(*b);
    REQUIRE(aside->has_value());
    CHECK((*aside)->state == OutboxState::set_aside);
    CHECK((*aside)->set_aside_reason == "conflict");
    // The same answer twice changes nothing; a set-aside record is never sent again.
    REQUIRE(outbox.settle(answer).ok());
    CHECK(outbox.next_batch(10, 1 << 20)->empty());
    auto counts = outbox.counts();
    CHECK(counts->waiting == 0);
    CHECK(counts->set_aside == 1);
    CHECK(outbox.set_aside_records()->size() == 1);

    // Frozen once queued: SQL itself refuses to edit a record.
    CHECK_FALSE(store.db().exec("UPDATE outbox SET content = '{}' WHERE id = '" + *b + "'").ok());
    CHECK_FALSE(store.db().exec("UPDATE outbox SET kind = 'x'").ok());
    CHECK((*outbox.find(*b))->content == R"({"text":"Envío ñ"})");
}

TEST_CASE("outbox: order is the local sequence, whatever the clock said") {
    TempDir dir;
    LocalStore store = open_store(dir);
    Outbox outbox(store);
    const auto now = std::chrono::system_clock::now();
    auto late = outbox.enqueue_at("event", {{"n", 1}}, now + 48h);  // clock ran ahead
    auto early = outbox.enqueue_at("event", {{"n", 2}}, now - 48h);  // then was set back
    auto batch = outbox.next_batch(10, 1 << 20);
    REQUIRE(batch->size() == 2);
    CHECK((*batch)[0].id == *late);
    CHECK((*batch)[1].id == *early);
    // The oldest waiting record is the first made, by sequence.
    CHECK(outbox.counts()->oldest_created_at.has_value());
}

TEST_CASE("outbox: batches stop at the byte budget but always carry one record") {
    TempDir dir;
    LocalStore store = open_store(dir);
    Outbox outbox(store);
    for (int i = 0; i < 5; ++i) {
        REQUIRE(outbox.enqueue("event", {{"text", std::string(1000, 'x')}}).ok());
    }
    CHECK(outbox.next_batch(100, 2500)->size() == 2);
    CHECK(outbox.next_batch(100, 10)->size() == 1);
    CHECK(outbox.next_batch(3, 1 << 20)->size() == 3);
}

TEST_CASE("outbox: what can never be sent is refused at once") {
    TempDir dir;
    LocalStore store = open_store(dir);
    Outbox outbox(store);
    CHECK(outbox.enqueue("Ticket", nlohmann::json::object()).error().code == "outbox.invalid_kind");
    CHECK(outbox.enqueue("", nlohmann::json::object()).error().code == "outbox.invalid_kind");
    CHECK(outbox.enqueue("ticket", nlohmann::json::array()).error().code ==
          "outbox.invalid_content");
    nlohmann::json deep = nlohmann::json::object();
    for (int i = 0; i < 40; ++i) deep = nlohmann::json{{"d", deep}};
    CHECK(outbox.enqueue("ticket", deep).error().code == "outbox.invalid_content");
    CHECK(outbox.enqueue("ticket", {{"t", std::string(70000, 'x')}}).error().code ==
          "outbox.content_too_large");
    CHECK(outbox.counts()->waiting == 0);
}

TEST_CASE("outbox: schema 2 carries over the records of schema 1") {
    TempDir dir;
    const auto path = std::filesystem::path(dir.path()) / "terminal.db";
    {
        auto v1 = LocalStore::open(path, {}, local_store_migrations().subspan(0, 1));
        REQUIRE(v1.ok());
        REQUIRE(v1->db()
                    .exec("INSERT INTO outbox (id, kind, payload, created_at) VALUES "
                          "('0b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6a', 'ticket', '{\"n\":1}', "
                          "'2025-01-01T10:00:00Z')")
                    .ok());
    }
    auto store = LocalStore::open(path);
    REQUIRE_MESSAGE(store.ok(), store.failure_text());
    Outbox outbox(store.value());
    auto record = outbox.find("0b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6a");
    REQUIRE(record->has_value());
    CHECK((*record)->state == OutboxState::waiting);
    CHECK((*record)->content == "{\"n\":1}");
    CHECK(store->integrity_ok());
}

TEST_CASE("retry: full jitter under a doubling ceiling, capped - success and wake reset") {
    std::uint64_t last_max = 0;
    std::uint64_t pick = 0;  // what the "random" source answers, as a fraction of max
    RetrySchedule schedule({1s, 60s}, [&](std::uint64_t max) {
        last_max = max;
        return pick == 0 ? 0 : max;  // the two ends of the range
    });
    using Clock = std::chrono::steady_clock;
    Clock::time_point now{};  // a clock moved by hand
    CHECK(schedule.due(now));

    pick = 1;
    const std::vector<std::uint64_t> ceilings = {1000, 2000, 4000, 8000, 16000, 32000, 60000,
                                                 60000};
    for (std::uint64_t ceiling : ceilings) {
        const auto next = schedule.failed(now);
        CHECK(last_max == ceiling);
        CHECK(next == now + std::chrono::milliseconds(ceiling));
        CHECK_FALSE(schedule.due(now + std::chrono::milliseconds(ceiling) - 1ms));
        CHECK(schedule.due(now + std::chrono::milliseconds(ceiling)));
        now += std::chrono::milliseconds(ceiling);
    }
    pick = 0;
    CHECK(schedule.failed(now) == now);  // full jitter may retry at once
    CHECK(schedule.failed(now, 30s) == now + 30s);  // Retry-After is a floor

    schedule.retry_now(now);  // the network came back
    CHECK(schedule.due(now));
    CHECK(schedule.failures() == 10);
    schedule.succeeded();
    CHECK(schedule.failures() == 0);
    CHECK(schedule.ceiling(1) == 1s);
    CHECK(schedule.ceiling(1000) == 60s);  // no overflow however long the outage

    // The production source stays within bounds.
    RetrySchedule real({100ms, 1s});
    for (int i = 0; i < 50; ++i) {
        const auto next = real.failed(now);
        CHECK(next >= now);
        CHECK(next <= now + 1s);
    }
}

TEST_CASE("classify: each kind of answer leads to the action DESIGN.md asks for") {
    using Kind = UploadOutcome::Kind;
    std::vector<OutboxRecord> batch(3);
    batch[0].id = "00000000-0000-4000-8000-000000000000";
    batch[1].id = "00000000-0000-4000-8000-000000000001";
    batch[2].id = "00000000-0000-4000-8000-000000000002";
    const auto now = *parse_http_date("Sat, 14 Mar 2026 09:26:01 GMT");
    auto classify = [&](Result<HttpResponse> response) {
        return classify_upload(response, batch, now);
    };
    const std::string ok_body =
        R"({"results":[{"id":")" + batch[0].id + R"(","status":"accepted"},{"id":")" +
        batch[1].id + R"(","status":"duplicate"},{"id":")" + batch[2].id +
        R"(","status":"rejected","reason":"unknown_kind","message":"no"}]})";

    auto answered = classify(answer(200, ok_body));
    CHECK(answered.kind == Kind::answered);
    REQUIRE(answered.verdicts.size() == 3);
    CHECK(answered.verdicts[1].kind == RecordVerdict::Kind::duplicate);
    CHECK(answered.verdicts[2].reason == "unknown_kind");
    CHECK(answered.clock_offset == 60s);

    CHECK(classify(make_error("net.unreachable")).kind == Kind::retry_later);
    CHECK_FALSE(classify(make_error("net.timeout")).reached_server);
    for (long status : {408L, 429L, 500L, 502L, 503L}) {
        CAPTURE(status);
        CHECK(classify(answer(status, "")).kind == Kind::retry_later);
    }
    HttpResponse busy = answer(429, "");
    busy.headers["retry-after"] = "7";
    CHECK(classify(busy).retry_after == 7s);
    CHECK(classify(answer(401, R"({"error":{"code":"auth.invalid","message":"x"}})")).kind ==
          Kind::paused);
    CHECK(classify(answer(403, R"({"error":{"code":"auth.wrong_device","message":"x"}})")).kind ==
          Kind::paused);
    CHECK(classify(answer(403, R"({"error":{"code":"auth.revoked","message":"x"}})")).kind ==
          Kind::revoked);

    auto blamed = classify(answer(
        400, R"({"error":{"code":"records.invalid_record","message":"m","record_index":1,)"
             R"("reason":"invalid_id"}})"));
    CHECK(blamed.kind == Kind::record_refused);
    REQUIRE(blamed.verdicts.size() == 1);
    CHECK(blamed.verdicts[0].id == batch[1].id);
    CHECK(blamed.verdicts[0].reason == "invalid_id");
    CHECK(classify(answer(413, R"({"error":{"code":"payload_too_large","message":"m"}})")).kind ==
          Kind::batch_refused);

    // Not ours to judge records by: garbage, a portal, a wrong address. Records stay.
    CHECK(classify(answer(200, "<html>Welcome to the hotel wifi</html>")).kind == Kind::retry_later);
    CHECK(classify(answer(200, R"({"results":[]})")).kind == Kind::retry_later);
    CHECK(classify(answer(302, "")).kind == Kind::retry_later);
    CHECK(classify(answer(404, "not found")).kind == Kind::retry_later);
    CHECK(classify(answer(400, "")).kind == Kind::retry_later);
    const std::string twice = R"({"results":[{"id":")" + batch[0].id +
                              R"(","status":"accepted"},{"id":")" + batch[0].id +
                              R"(","status":"accepted"},{"id":")" + batch[2].id +
                              R"(","status":"accepted"}]})";
    CHECK(classify(answer(200, twice)).kind == Kind::retry_later);

    std::vector<OutboxRecord> one(batch.begin(), batch.begin() + 1);
    auto alone = classify_upload(answer(413, R"({"error":{"code":"payload_too_large","message":"m"}})"),
                                 one, now);
    CHECK(alone.kind == Kind::record_refused);
}

TEST_CASE("upload body: contents go byte for byte, strings escaped") {
    std::vector<OutboxRecord> batch(1);
    batch[0].id = "00000000-0000-4000-8000-000000000000";
    batch[0].kind = "ticket";
    batch[0].created_at = "2026-01-01T00:00:00.000Z";
    batch[0].content = R"({"a":"\"ñ\""})";
    const std::string body = record_batch_body("d\"x", batch);
    auto json = nlohmann::json::parse(body);
    CHECK(json["device_id"] == "d\"x");
    CHECK(json["records"][0]["content"]["a"] == "\"ñ\"");
}
