#include "kiosk/outbox.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "kiosk/base64.h"
#include "kiosk/sealed_data.h"
#include "kiosk/uuid.h"

namespace ventanilla {

namespace {

// The server refuses content nested deeper than this; better to refuse it here, at once.
constexpr int kMaxContentDepth = 32;

bool deeper_than(const nlohmann::json& value, int limit) {
    if (!value.is_structured()) return false;
    if (limit == 0) return true;
    return std::any_of(value.begin(), value.end(),
                       [limit](const nlohmann::json& child) { return deeper_than(child, limit - 1); });
}

bool is_kind_word(std::string_view kind) {
    return !kind.empty() && kind.size() <= 40 && kind.front() >= 'a' && kind.front() <= 'z' &&
           std::all_of(kind.begin(), kind.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
           });
}

// "2026-03-14T09:26:53.250Z": milliseconds, so records made in one second still read apart.
std::string rfc3339_millis(WallTime time) {
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
    const std::time_t seconds = static_cast<std::time_t>(millis / 1000 - (millis % 1000 < 0));
    const long fraction = static_cast<long>(((millis % 1000) + 1000) % 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[40];
    const std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
    std::snprintf(text + length, sizeof text - length, ".%03ldZ", fraction);
    return text;
}

OutboxState state_named(const std::string& name) {
    if (name == "sending") return OutboxState::sending;
    if (name == "set_aside") return OutboxState::set_aside;
    if (name == "acknowledged") return OutboxState::acknowledged;
    return OutboxState::waiting;
}

constexpr std::string_view kColumns =
    "seq, id, kind, created_at, content, state, attempts, coalesce(set_aside_reason, ''), "
    "coalesce(set_aside_message, '')";

OutboxRecord read_record(const SqliteStatement& row) {
    OutboxRecord record;
    record.seq = row.column_int64(0);
    record.id = row.column_text(1);
    record.kind = row.column_text(2);
    record.created_at = row.column_text(3);
    record.content = row.column_text(4);
    record.state = state_named(row.column_text(5));
    record.attempts = static_cast<int>(row.column_int64(6));
    record.set_aside_reason = row.column_text(7);
    record.set_aside_message = row.column_text(8);
    return record;
}

Result<std::vector<OutboxRecord>> read_all(SqliteStatement& statement) {
    std::vector<OutboxRecord> records;
    while (true) {
        auto row = statement.step();
        if (!row) return row.error();
        if (!row.value()) return records;
        records.push_back(read_record(statement));
    }
}

}  // namespace

std::string_view name_of(OutboxState state) {
    switch (state) {
        case OutboxState::waiting:
            return "waiting";
        case OutboxState::sending:
            return "sending";
        case OutboxState::set_aside:
            return "set_aside";
        case OutboxState::acknowledged:
            return "acknowledged";
    }
    return "?";
}

bool is_sealed_content(std::string_view content) { return content.starts_with("{\"sealed\":\""); }

Result<std::string> open_sealed_content(std::string_view content, std::string_view data_key) {
    auto json = nlohmann::json::parse(content, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object() || !json.contains("sealed") || !json["sealed"].is_string()) {
        return make_error("sealed.damaged", "not a sealed record");
    }
    auto bytes = from_base64(json["sealed"].get<std::string>());
    if (!bytes) return make_error("sealed.damaged", "not base64");
    return open_sealed_data(*bytes, data_key);
}

Result<std::string> Outbox::enqueue(std::string_view kind, const nlohmann::json& content) {
    return enqueue_at(kind, content, std::chrono::system_clock::now());
}

Result<std::string> Outbox::enqueue_at(std::string_view kind, const nlohmann::json& content,
                                       WallTime created_at) {
    return enqueue_with_id(make_uuid_v4(), kind, content, created_at);
}

Result<std::string> Outbox::enqueue_with_id(std::string_view id_given, std::string_view kind,
                                            const nlohmann::json& content, WallTime created_at,
                                            std::string_view data_key) {
    if (!is_canonical_uuid(id_given)) {
        return make_error("outbox.invalid_id", std::string(id_given.substr(0, 40)));
    }
    if (!is_kind_word(kind)) {
        return make_error("outbox.invalid_kind", std::string(kind.substr(0, 40)),
                          {{"kind", std::string(kind.substr(0, 40))}});
    }
    if (!content.is_object()) {
        return make_error("outbox.invalid_content", "content must be a JSON object",
                          {{"reason", "not an object"}});
    }
    if (deeper_than(content, kMaxContentDepth)) {
        return make_error("outbox.invalid_content", "content is nested too deep",
                          {{"reason", "nested deeper than 32 levels"}});
    }
    // Keys sorted, no spaces: the bytes the server will hash are the bytes we keep.
    std::string text = content.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.size() > kMaxOutboxContentBytes) {
        return make_error("outbox.content_too_large", std::to_string(text.size()) + " bytes",
                          {{"bytes", std::to_string(text.size())},
                           {"max_bytes", std::to_string(kMaxOutboxContentBytes)}});
    }
    std::string id(id_given);
    if (!data_key.empty()) {
        text = nlohmann::json{{"sealed", to_base64(seal_data(text, data_key))}}.dump();
    }
    // A record queued already under this id stays as it was: records are immutable once queued.
    auto insert = db_.prepare(
        "INSERT INTO outbox (id, kind, created_at, content) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (id) DO NOTHING");
    if (!insert) return insert.error();
    insert->bind(1, id).bind(2, kind).bind(3, rfc3339_millis(created_at)).bind(4, text);
    // One statement in autocommit mode is its own transaction; with WAL and synchronous=FULL
    // (LocalStore::open) the WAL is fsynced before this returns.
    Status stored = insert->run();
    if (!stored) return stored.error();
    return id;
}

Result<std::vector<OutboxRecord>> Outbox::next_batch(std::size_t max_records,
                                                     std::size_t max_bytes) {
    auto select = db_.prepare("SELECT " + std::string(kColumns) +
                              " FROM outbox WHERE state IN ('waiting', 'sending') "
                              "ORDER BY seq LIMIT ?1");
    if (!select) return select.error();
    select->bind(1, static_cast<std::int64_t>(std::max<std::size_t>(max_records, 1)));
    std::vector<OutboxRecord> batch;
    std::size_t bytes = 0;
    while (true) {
        auto row = select->step();
        if (!row) return row.error();
        if (!row.value()) break;
        OutboxRecord record = read_record(*select);
        if (!batch.empty() && bytes + record.content.size() > max_bytes) break;
        bytes += record.content.size();
        batch.push_back(std::move(record));
    }
    return batch;
}

Status Outbox::mark_sending(std::span<const OutboxRecord> records) {
    auto transaction = SqliteTransaction::begin(db_);
    if (!transaction) return transaction.error();
    auto update = db_.prepare(
        "UPDATE outbox SET state = 'sending', attempts = attempts + 1, last_attempt_at = ?2 "
        "WHERE seq = ?1 AND state IN ('waiting', 'sending')");
    if (!update) return update.error();
    const std::string now = rfc3339_millis(std::chrono::system_clock::now());
    for (const OutboxRecord& record : records) {
        update->bind(1, record.seq).bind(2, now);
        Status done = update->run();
        if (!done) return done;
        update->reset();
    }
    return transaction->commit();
}

Status Outbox::settle(std::span<const RecordVerdict> verdicts, WallTime now_time) {
    auto transaction = SqliteTransaction::begin(db_);
    if (!transaction) return transaction.error();
    // The acknowledgement is stored by the server before we delete: the local copy goes
    // only once the server has it (getodk/getodk#1017). Personal data stays, sealed, until
    // its retention period has passed too (remove_expired).
    auto keep = db_.prepare(
        "UPDATE outbox SET state = 'acknowledged', acknowledged_at = ?2 "
        "WHERE id = ?1 AND state IN ('waiting', 'sending') AND substr(content, 1, 11) = '{\"sealed\":\"'");
    if (!keep) return keep.error();
    auto forget = db_.prepare("DELETE FROM outbox WHERE id = ?1 AND state IN ('waiting', 'sending')");
    if (!forget) return forget.error();
    auto set_aside = db_.prepare(
        "UPDATE outbox SET state = 'set_aside', set_aside_reason = ?2, set_aside_message = ?3, "
        "set_aside_at = ?4 WHERE id = ?1 AND state IN ('waiting', 'sending')");
    if (!set_aside) return set_aside.error();
    const std::string now = rfc3339_millis(now_time);
    for (const RecordVerdict& verdict : verdicts) {
        Status done = ok_status();
        if (verdict.kind == RecordVerdict::Kind::accepted ||
            verdict.kind == RecordVerdict::Kind::duplicate) {
            keep->bind(1, verdict.id).bind(2, now);
            done = keep->run();
            keep->reset();
            if (!done) return done;
            forget->bind(1, verdict.id);
            done = forget->run();
            forget->reset();
        } else {
            const std::string reason = verdict.kind == RecordVerdict::Kind::conflict && verdict.reason.empty()
                                           ? "conflict"
                                           : verdict.reason;
            set_aside->bind(1, verdict.id).bind(2, reason).bind(3, verdict.message).bind(4, now);
            done = set_aside->run();
            set_aside->reset();
        }
        if (!done) return done;
    }
    return transaction->commit();
}

Result<std::int64_t> Outbox::remove_expired(WallTime now, std::chrono::days retention) {
    // Times are kept as fixed-width RFC 3339 UTC text: they compare as they order.
    const std::string cutoff = rfc3339_millis(now - retention);
    if (Status secure = db_.exec("PRAGMA secure_delete = ON"); !secure) return secure.error();
    auto remove = db_.prepare("DELETE FROM outbox WHERE state = 'acknowledged' AND created_at <= ?1");
    if (!remove) return remove.error();
    remove->bind(1, cutoff);
    if (Status done = remove->run(); !done) return done.error();
    return db_.changes();
}

Result<OutboxCounts> Outbox::counts() {
    OutboxCounts counts;
    auto waiting =
        db_.query_int("SELECT count(*) FROM outbox WHERE state IN ('waiting', 'sending')");
    if (!waiting) return waiting.error();
    counts.waiting = waiting.value();
    auto aside = db_.query_int("SELECT count(*) FROM outbox WHERE state = 'set_aside'");
    if (!aside) return aside.error();
    counts.set_aside = aside.value();
    auto kept = db_.query_int("SELECT count(*) FROM outbox WHERE state = 'acknowledged'");
    if (!kept) return kept.error();
    counts.acknowledged = kept.value();
    if (counts.waiting > 0) {
        auto oldest = db_.query_text(
            "SELECT created_at FROM outbox WHERE state IN ('waiting', 'sending') "
            "ORDER BY seq LIMIT 1");
        if (!oldest) return oldest.error();
        if (auto time = parse_rfc3339(oldest.value())) counts.oldest_created_at = *time;
    }
    return counts;
}

Result<std::vector<OutboxRecord>> Outbox::set_aside_records() {
    auto select = db_.prepare("SELECT " + std::string(kColumns) +
                              " FROM outbox WHERE state = 'set_aside' ORDER BY seq");
    if (!select) return select.error();
    return read_all(select.value());
}

Result<std::optional<OutboxRecord>> Outbox::find(std::string_view id) {
    auto select = db_.prepare("SELECT " + std::string(kColumns) + " FROM outbox WHERE id = ?1");
    if (!select) return select.error();
    select->bind(1, id);
    auto records = read_all(select.value());
    if (!records) return records.error();
    if (records->empty()) return std::optional<OutboxRecord>();
    return std::optional<OutboxRecord>(std::move(records->front()));
}

}  // namespace ventanilla
