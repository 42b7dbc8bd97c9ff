#include "server/sqlite_central_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

#include "server/queue_schema.h"
#include "server/sqlite_queue_sql.h"

namespace ventanilla {

namespace {

// "VCNT" in the header's application_id: tells our file apart from a
// terminal's database, which also counts its schema in user_version.
constexpr int kApplicationId = 0x56434E54;

// Migration N (1-based) takes the schema from version N-1 to N. Append only:
// a shipped migration never changes, or existing databases would diverge.
constexpr std::array<std::string_view, 8> kMigrations = {
    // 1: offices, their services and the hours each service is open.
    R"sql(
CREATE TABLE offices (
    id           TEXT PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    name_es      TEXT NOT NULL,
    name_en      TEXT NOT NULL,
    street       TEXT NOT NULL,
    municipality TEXT NOT NULL,
    province     TEXT NOT NULL
) STRICT;
CREATE TABLE services (
    office_id TEXT NOT NULL REFERENCES offices(id) ON DELETE CASCADE,
    id        TEXT NOT NULL,
    position  INTEGER NOT NULL,
    prefix    TEXT NOT NULL,
    name_es   TEXT NOT NULL,
    name_en   TEXT NOT NULL,
    PRIMARY KEY (office_id, id),
    UNIQUE (office_id, prefix)
) STRICT;
CREATE TABLE service_hours (
    office_id  TEXT NOT NULL,
    service_id TEXT NOT NULL,
    position   INTEGER NOT NULL,
    days       TEXT NOT NULL,  -- ISO weekdays as written, e.g. '1,2,3,4,5'
    opens      TEXT NOT NULL,  -- 'HH:MM', office local time
    closes     TEXT NOT NULL,
    PRIMARY KEY (office_id, service_id, position),
    FOREIGN KEY (office_id, service_id) REFERENCES services(office_id, id) ON DELETE CASCADE
) STRICT;
)sql",
    // 2: tracked items (S10 ids and giro references) and the events the postal
    // system reported for them. An event is never updated once stored.
    R"sql(
CREATE TABLE tracked_items (
    item_id      TEXT PRIMARY KEY,  -- canonical: 'RR123456785CU', 'GP-1234567890-92'
    first_seen_s INTEGER NOT NULL   -- when its first event arrived, seconds since 1970
) STRICT;
CREATE TABLE tracking_events (
    event_id      TEXT PRIMARY KEY,  -- the postal system's id: the idempotency key
    item_id       TEXT NOT NULL REFERENCES tracked_items(item_id),
    code          TEXT NOT NULL,     -- UPU EMSEVT code
    time          TEXT NOT NULL,     -- RFC 3339 UTC, as answered
    time_s        INTEGER NOT NULL,  -- the same, for ordering
    office_code   TEXT NOT NULL,
    office_name   TEXT NOT NULL,
    location      TEXT NOT NULL,
    country       TEXT NOT NULL,
    counter       TEXT,              -- NULL when the event names no counter
    received_at_s INTEGER NOT NULL   -- our clock when it arrived
) STRICT;
CREATE INDEX tracking_events_by_item ON tracking_events (item_id, time_s);
)sql",
    // 3: enrolled devices, the one-time codes that enrol them, and the records
    // terminals upload. Codes and tokens are kept only as hashes. A record is never
    // updated: its id is the idempotency key, and a different copy under the same
    // id goes to record_conflicts for a person to look at.
    R"sql(
CREATE TABLE enrolment_codes (
    code_hash    TEXT PRIMARY KEY,  -- hex BLAKE2b-256 of the 12 symbols
    role         TEXT NOT NULL,
    office_id    TEXT NOT NULL,
    issued_at_s  INTEGER NOT NULL,
    expires_at_s INTEGER NOT NULL,
    used_at_s    INTEGER,           -- NULL until a device is enrolled with it
    device_id    TEXT               -- the device it enrolled
) STRICT;
CREATE TABLE devices (
    id              TEXT PRIMARY KEY,
    role            TEXT NOT NULL,
    office_id       TEXT NOT NULL,
    terminal_number INTEGER NOT NULL,
    name            TEXT NOT NULL,
    token_hash      TEXT NOT NULL UNIQUE,  -- hex BLAKE2b-256 of the bearer token
    enrolled_at_s   INTEGER NOT NULL,
    revoked_at_s    INTEGER
) STRICT;
CREATE TABLE records (
    id            TEXT PRIMARY KEY,  -- the terminal's UUID
    device_id     TEXT NOT NULL REFERENCES devices(id),
    kind          TEXT NOT NULL,
    created_at    TEXT NOT NULL,     -- the terminal's clock, as sent
    content       TEXT NOT NULL,     -- canonical JSON
    content_hash  TEXT NOT NULL,
    received_at_s INTEGER NOT NULL   -- our clock
) STRICT;
CREATE INDEX records_by_device ON records (device_id, received_at_s);
CREATE TABLE record_conflicts (
    record_id     TEXT NOT NULL,
    device_id     TEXT NOT NULL REFERENCES devices(id),
    kind          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    content       TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    received_at_s INTEGER NOT NULL,
    UNIQUE (record_id, device_id, content_hash)
) STRICT;
)sql",
    // 4: office queues: queue settings, tickets, calls, clerks, counter sessions and
    // appointments (server/queue_schema.h).
    kSqliteQueueMigration,
    // 5: submitted procedures found by their printed reference, and the clerk's word on each.
    R"sql(
CREATE INDEX records_by_submission_reference ON records (json_extract(content, '$.reference'))
    WHERE kind = 'submission';
CREATE TABLE submission_states (
    reference     TEXT PRIMARY KEY,
    status        TEXT NOT NULL,
    reason        TEXT NOT NULL,
    answer        TEXT NOT NULL,
    clerk         TEXT NOT NULL,
    device_id     TEXT NOT NULL REFERENCES devices(id),
    updated_at_s  INTEGER NOT NULL
) STRICT;
)sql",
    // 6: the key each terminal signs its receipts with.
    R"sql(
ALTER TABLE devices ADD COLUMN signing_key TEXT NOT NULL DEFAULT '';
)sql",
    // 7: what every kiosk ticket asks, answered from indexes alone: the waiting tickets of
    // a service as ahead_of_newcomer counts them, and the calls since the last priority one.
    kQueueCountIndexes,
    // 8: the waiting tickets of each service counted by priority group and weight, kept by
    // triggers (server/queue_schema.h).
    kSqliteQueueWaitingCounts,
};

Error sqlite_error(sqlite3* db, std::string_view what) {
    return make_error("store.io", std::string(what) + ": " + sqlite3_errmsg(db));
}

// A prepared statement that finalizes itself. Binding errors are kept and
// reported by the next step(), so call sites stay linear.
class Statement {
public:
    Statement(sqlite3* db, std::string_view sql) : db_(db) {
        rc_ = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    }
    // A statement of `kept`, prepared the first time and reset (not finalized) after use.
    Statement(sqlite3* db, SqliteStatementCache& kept, std::string_view sql) : db_(db) {
        const auto found = kept.statements.find(sql);
        if (found != kept.statements.end()) {
            stmt_ = found->second;
        } else {
            rc_ = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
            if (rc_ == SQLITE_OK) kept.statements.emplace(std::string(sql), stmt_);
        }
        kept_ = rc_ == SQLITE_OK;
    }
    ~Statement() {
        if (kept_) {
            sqlite3_reset(stmt_);
            sqlite3_clear_bindings(stmt_);
        } else {
            sqlite3_finalize(stmt_);
        }
    }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    void bind(int index, std::string_view text) {
        keep(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                               SQLITE_TRANSIENT));
    }
    void bind(int index, std::int64_t value) { keep(sqlite3_bind_int64(stmt_, index, value)); }
    void bind_optional(int index, const std::optional<std::string>& text) {
        if (text) {
            bind(index, std::string_view(*text));
        } else {
            keep(sqlite3_bind_null(stmt_, index));
        }
    }

    // Ready to run again with new bindings, after rows were read.
    void reset() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
        rc_ = SQLITE_OK;
    }

    // SQLITE_ROW, SQLITE_DONE or an error code.
    int step() {
        if (rc_ != SQLITE_OK && rc_ != SQLITE_ROW && rc_ != SQLITE_DONE) {
            return rc_;
        }
        rc_ = sqlite3_step(stmt_);
        return rc_;
    }

    // Runs a statement that returns no rows.
    Status run(std::string_view what) {
        if (step() != SQLITE_DONE) {
            return sqlite_error(db_, what);
        }
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
        rc_ = SQLITE_OK;
        return ok_status();
    }

    std::string text(int column) const {
        const auto* bytes = sqlite3_column_text(stmt_, column);
        return bytes ? std::string(reinterpret_cast<const char*>(bytes),
                                   static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
                     : std::string();
    }
    std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
    std::optional<std::string> optional_text(int column) const {
        if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) {
            return std::nullopt;
        }
        return text(column);
    }

private:
    void keep(int rc) {
        if (rc_ == SQLITE_OK && rc != SQLITE_OK) {
            rc_ = rc;
        }
    }

    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    int rc_ = SQLITE_OK;
    bool kept_ = false;
};

Status execute(sqlite3* db, const std::string& sql, std::string_view what) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string detail = std::string(what) + ": " + (message ? message : sqlite3_errmsg(db));
        sqlite3_free(message);
        return make_error("store.io", detail);
    }
    return ok_status();
}

// Rolls back unless committed, so an early return never leaves a transaction open.
class Transaction {
public:
    Transaction(sqlite3* db, const char* begin) : db_(db) {
        status_ = execute(db, begin, "begin transaction");
    }
    ~Transaction() {
        if (status_.ok() && !done_) {
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        }
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    const Status& begun() const { return status_; }
    Status commit() {
        done_ = true;
        return execute(db_, "COMMIT", "commit");
    }

private:
    sqlite3* db_;
    Status status_ = ok_status();
    bool done_ = false;
};

Result<std::int64_t> pragma_integer(sqlite3* db, std::string_view sql) {
    Statement statement(db, sql);
    const int rc = statement.step();
    if (rc != SQLITE_ROW) {
        const int primary = rc & 0xff;  // extended codes are on
        return make_error(
            primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT ? "store.corrupt" : "store.io",
            sqlite3_errmsg(db));
    }
    return statement.integer(0);
}

std::string join_days(const std::vector<int>& days) {
    std::string text;
    for (int day : days) {
        if (!text.empty()) {
            text += ',';
        }
        text += std::to_string(day);
    }
    return text;
}

std::vector<int> split_days(std::string_view text) {
    std::vector<int> days;
    while (!text.empty()) {
        int day = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), day);
        if (ec == std::errc()) {
            days.push_back(day);
        }
        const auto comma = text.find(',');
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    }
    return days;
}

// Everything we check before the first write, so a file we refuse stays as it was.
Status inspect_existing(sqlite3* db, const std::string& path) {
    const std::string untouched = "; " + path + " was left untouched";
    auto version = pragma_integer(db, "PRAGMA user_version");
    if (!version) {
        if (version.error().code == "store.corrupt") {
            return make_error("store.corrupt", path + " is not an SQLite database or is damaged (" +
                                                   version.error().detail + ")" + untouched);
        }
        return version.error();
    }
    {
        Statement check(db, "PRAGMA quick_check");
        const int rc = check.step();
        if (rc != SQLITE_ROW || check.text(0) != "ok") {
            std::string reason = rc == SQLITE_ROW ? check.text(0) : sqlite3_errmsg(db);
            std::replace(reason.begin(), reason.end(), '\n', ' ');  // one log line
            return make_error("store.corrupt",
                              path + " is damaged (integrity check: " + reason + ")" + untouched);
        }
    }
    auto application_id = pragma_integer(db, "PRAGMA application_id");
    if (!application_id) {
        return application_id.error();
    }
    if (*version == 0) {
        Statement objects(db, "SELECT count(*) FROM sqlite_schema");
        if (objects.step() != SQLITE_ROW) {
            return sqlite_error(db, "read the schema of " + path);
        }
        if (objects.integer(0) > 0) {
            return make_error("store.foreign",
                              path + " holds tables but no ventanilla-central schema" + untouched);
        }
        return ok_status();
    }
    if (*application_id != kApplicationId) {
        return make_error("store.foreign", path + " is not a ventanilla-central database" +
                                               " (it may be a terminal's)" + untouched);
    }
    if (*version > static_cast<std::int64_t>(kMigrations.size())) {
        return make_error("store.schema_too_new",
                          path + " has schema version " + std::to_string(*version) +
                              ", newer than version " + std::to_string(kMigrations.size()) +
                              " that this ventanilla-central understands; run a newer release" +
                              untouched,
                          {{"found", std::to_string(*version)},
                           {"supported", std::to_string(kMigrations.size())}});
    }
    return ok_status();
}

Status migrate(sqlite3* db) {
    auto version = pragma_integer(db, "PRAGMA user_version");
    if (!version) {
        return version.error();
    }
    for (auto next = static_cast<std::size_t>(*version) + 1; next <= kMigrations.size(); ++next) {
        Transaction transaction(db, "BEGIN IMMEDIATE");
        if (!transaction.begun()) {
            return transaction.begun();
        }
        const std::string label = "migration " + std::to_string(next);
        if (auto status = execute(db, std::string(kMigrations[next - 1]), label); !status) {
            return status;
        }
        // PRAGMAs take no bound parameters; both values are our own constants.
        if (auto status = execute(db,
                                  "PRAGMA application_id = " + std::to_string(kApplicationId) +
                                      "; PRAGMA user_version = " + std::to_string(next),
                                  label);
            !status) {
            return status;
        }
        if (auto status = transaction.commit(); !status) {
            return status;
        }
    }
    return ok_status();
}

}  // namespace

int SqliteCentralStore::latest_schema_version() {
    return static_cast<int>(kMigrations.size());
}

Result<std::unique_ptr<SqliteCentralStore>> SqliteCentralStore::open(const std::string& path) {
    sqlite3* db = nullptr;
    const int rc =
        sqlite3_open_v2(path.c_str(), &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    // Owned from here on, even when opening failed.
    std::unique_ptr<SqliteCentralStore> store(new SqliteCentralStore(db));
    if (rc != SQLITE_OK) {
        return make_error("store.open_failed", "cannot open " + path + ": " +
                                                   (db ? sqlite3_errmsg(db) : "out of memory"));
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 5000);
    if (auto status = inspect_existing(db, path); !status) {
        return status.error();
    }
    // WAL lets readers go on while a writer commits. synchronous=FULL because a
    // terminal deletes its copy of a record once we acknowledge it: an
    // acknowledged commit must survive a power cut.
    {
        Statement journal(db, "PRAGMA journal_mode = WAL");
        if (journal.step() != SQLITE_ROW || journal.text(0) != "wal") {
            return sqlite_error(db, "switch " + path + " to WAL mode");
        }
    }
    if (auto status =
            execute(db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", "configure " + path);
        !status) {
        return status.error();
    }
    if (auto status = migrate(db); !status) {
        return status.error();
    }
    auto queue_writers = SqliteGroupCommit::open(path);
    if (!queue_writers) {
        return queue_writers.error();
    }
    store->queue_writers_ = std::move(queue_writers).value();
    return store;
}

SqliteCentralStore::~SqliteCentralStore() {
    statements_.clear();
    sqlite3_close_v2(db_);
}

Status SqliteCentralStore::check() {
    std::lock_guard lock(mutex_);
    Statement statement(db_, "SELECT 1");
    if (statement.step() != SQLITE_ROW) {
        return sqlite_error(db_, "check");
    }
    return ok_status();
}

Result<std::vector<Office>> SqliteCentralStore::offices() {
    std::lock_guard lock(mutex_);
    return load_offices(std::nullopt);
}

Result<std::optional<Office>> SqliteCentralStore::office(std::string_view id) {
    std::lock_guard lock(mutex_);
    auto found = load_offices(id);
    if (!found) {
        return found.error();
    }
    if (found->empty()) {
        return std::optional<Office>();
    }
    return std::optional<Office>(std::move(found->front()));
}

// Three queries rather than a join: the rows come back already grouped and in
// order, and an office with no services still appears. With `only_id` unset the
// `?1 IS NULL` arm selects every office.
Result<std::vector<Office>> SqliteCentralStore::load_offices(
    std::optional<std::string_view> only_id) {
    Transaction snapshot(db_, "BEGIN");
    if (!snapshot.begun()) {
        return snapshot.begun().error();
    }
    auto bind_filter = [&](Statement& statement) {
        if (only_id) {
            statement.bind(1, *only_id);
        }
    };

    std::vector<Office> offices;
    std::map<std::string, std::size_t> office_index;
    Statement office_rows(db_,
                          "SELECT id, code, name_es, name_en, street, municipality, province, "
                          "queue_policy, normals_per_priority, call_by_number "
                          "FROM offices WHERE ?1 IS NULL OR id = ?1 ORDER BY id");
    bind_filter(office_rows);
    int rc = SQLITE_OK;
    while ((rc = office_rows.step()) == SQLITE_ROW) {
        Office office;
        office.id = office_rows.text(0);
        office.code = office_rows.text(1);
        office.name = {office_rows.text(2), office_rows.text(3)};
        office.address = {office_rows.text(4), office_rows.text(5), office_rows.text(6)};
        office.queue.fairness.kind =
            fairness_kind_from(office_rows.text(7)).value_or(FairnessKind::interleave);
        office.queue.fairness.normals_per_priority = static_cast<int>(office_rows.integer(8));
        office.queue.call_by_number = office_rows.integer(9) != 0;
        office_index[office.id] = offices.size();
        offices.push_back(std::move(office));
    }
    if (rc != SQLITE_DONE) {
        return sqlite_error(db_, "read offices");
    }

    std::map<std::pair<std::string, std::string>, Service*> service_index;
    Statement service_rows(db_,
                           "SELECT office_id, id, prefix, name_es, name_en, counters FROM services "
                           "WHERE ?1 IS NULL OR office_id = ?1 ORDER BY office_id, position");
    bind_filter(service_rows);
    while ((rc = service_rows.step()) == SQLITE_ROW) {
        const auto office = office_index.find(service_rows.text(0));
        if (office == office_index.end()) {
            continue;
        }
        Service service;
        service.id = service_rows.text(1);
        service.prefix = service_rows.text(2);
        service.name = {service_rows.text(3), service_rows.text(4)};
        service.counters = split_days(service_rows.text(5));  // the same "1,2,3" form
        offices[office->second].services.push_back(std::move(service));
    }
    if (rc != SQLITE_DONE) {
        return sqlite_error(db_, "read services");
    }
    Statement group_rows(db_,
                         "SELECT office_id, id, weight, name_es, name_en FROM priority_groups "
                         "WHERE ?1 IS NULL OR office_id = ?1 ORDER BY office_id, position");
    bind_filter(group_rows);
    while ((rc = group_rows.step()) == SQLITE_ROW) {
        const auto office = office_index.find(group_rows.text(0));
        if (office == office_index.end()) {
            continue;
        }
        offices[office->second].queue.priority_groups.push_back(
            {group_rows.text(1), static_cast<int>(group_rows.integer(2)),
             {group_rows.text(3), group_rows.text(4)}});
    }
    if (rc != SQLITE_DONE) {
        return sqlite_error(db_, "read priority groups");
    }
    // Pointers are taken only now that the service vectors have stopped growing.
    for (Office& office : offices) {
        for (Service& service : office.services) {
            service_index[{office.id, service.id}] = &service;
        }
    }

    Statement hour_rows(db_,
                        "SELECT office_id, service_id, days, opens, closes FROM service_hours "
                        "WHERE ?1 IS NULL OR office_id = ?1 "
                        "ORDER BY office_id, service_id, position");
    bind_filter(hour_rows);
    while ((rc = hour_rows.step()) == SQLITE_ROW) {
        const auto service = service_index.find({hour_rows.text(0), hour_rows.text(1)});
        if (service == service_index.end()) {
            continue;
        }
        service->second->hours.push_back(
            {split_days(hour_rows.text(2)), hour_rows.text(3), hour_rows.text(4)});
    }
    if (rc != SQLITE_DONE) {
        return sqlite_error(db_, "read service hours");
    }
    if (auto status = snapshot.commit(); !status) {
        return status.error();
    }
    return offices;
}

Status SqliteCentralStore::put_offices(std::span<const Office> offices) {
    std::lock_guard lock(mutex_);
    Transaction transaction(db_, "BEGIN IMMEDIATE");
    if (!transaction.begun()) {
        return transaction.begun();
    }
    Statement upsert_office(
        db_,
        "INSERT INTO offices (id, code, name_es, name_en, street, municipality, province, "
        "queue_policy, normals_per_priority, call_by_number) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
        "ON CONFLICT (id) DO UPDATE SET code = excluded.code, name_es = excluded.name_es, "
        "name_en = excluded.name_en, street = excluded.street, "
        "municipality = excluded.municipality, province = excluded.province, "
        "queue_policy = excluded.queue_policy, "
        "normals_per_priority = excluded.normals_per_priority, "
        "call_by_number = excluded.call_by_number");
    Statement delete_groups(db_, "DELETE FROM priority_groups WHERE office_id = ?1");
    Statement insert_group(db_,
                           "INSERT INTO priority_groups (office_id, id, position, weight, "
                           "name_es, name_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    // Replacing an office's services wholesale (hours go with them by cascade)
    // keeps "store the same data twice" a no-op for readers.
    Statement delete_services(db_, "DELETE FROM services WHERE office_id = ?1");
    Statement insert_service(db_,
                             "INSERT INTO services (office_id, id, position, prefix, name_es, "
                             "name_en, counters) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    Statement insert_hours(db_,
                           "INSERT INTO service_hours (office_id, service_id, position, days, "
                           "opens, closes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    for (const Office& office : offices) {
        upsert_office.bind(1, office.id);
        upsert_office.bind(2, office.code);
        upsert_office.bind(3, office.name.es);
        upsert_office.bind(4, office.name.en);
        upsert_office.bind(5, office.address.street);
        upsert_office.bind(6, office.address.municipality);
        upsert_office.bind(7, office.address.province);
        upsert_office.bind(8, name_of(office.queue.fairness.kind));
        upsert_office.bind(9, static_cast<std::int64_t>(office.queue.fairness.normals_per_priority));
        upsert_office.bind(10, static_cast<std::int64_t>(office.queue.call_by_number ? 1 : 0));
        if (auto status = upsert_office.run("store office " + office.id); !status) {
            return status;
        }
        delete_groups.bind(1, office.id);
        if (auto status = delete_groups.run("replace priority groups of " + office.id); !status) {
            return status;
        }
        for (std::size_t g = 0; g < office.queue.priority_groups.size(); ++g) {
            const QueuePriorityGroup& group = office.queue.priority_groups[g];
            insert_group.bind(1, office.id);
            insert_group.bind(2, group.id);
            insert_group.bind(3, static_cast<std::int64_t>(g));
            insert_group.bind(4, static_cast<std::int64_t>(group.weight));
            insert_group.bind(5, group.name.es);
            insert_group.bind(6, group.name.en);
            if (auto status = insert_group.run("store priority group " + office.id + "/" + group.id);
                !status) {
                return status;
            }
        }
        delete_services.bind(1, office.id);
        if (auto status = delete_services.run("replace services of " + office.id); !status) {
            return status;
        }
        for (std::size_t s = 0; s < office.services.size(); ++s) {
            const Service& service = office.services[s];
            insert_service.bind(1, office.id);
            insert_service.bind(2, service.id);
            insert_service.bind(3, static_cast<std::int64_t>(s));
            insert_service.bind(4, service.prefix);
            insert_service.bind(5, service.name.es);
            insert_service.bind(6, service.name.en);
            insert_service.bind(7, join_days(service.counters));
            if (auto status = insert_service.run("store service " + office.id + "/" + service.id);
                !status) {
                return status;
            }
            for (std::size_t h = 0; h < service.hours.size(); ++h) {
                const OpeningPeriod& period = service.hours[h];
                insert_hours.bind(1, office.id);
                insert_hours.bind(2, service.id);
                insert_hours.bind(3, static_cast<std::int64_t>(h));
                insert_hours.bind(4, join_days(period.days));
                insert_hours.bind(5, period.opens);
                insert_hours.bind(6, period.closes);
                if (auto status =
                        insert_hours.run("store hours of " + office.id + "/" + service.id);
                    !status) {
                    return status;
                }
            }
        }
    }
    return transaction.commit();
}

namespace {

constexpr std::string_view kEventColumns =
    "event_id, item_id, code, time, time_s, office_code, office_name, location, country, counter";

PostalEvent read_event(const Statement& row) {
    PostalEvent event;
    event.event_id = row.text(0);
    event.item_id = row.text(1);
    event.code = row.text(2);
    event.time = row.text(3);
    event.time_s = row.integer(4);
    event.office_code = row.text(5);
    event.office_name = row.text(6);
    event.location = row.text(7);
    event.country = row.text(8);
    event.counter = row.optional_text(9);
    return event;
}

}  // namespace

Result<std::optional<std::vector<PostalEvent>>> SqliteCentralStore::tracking_events(
    std::string_view item_id) {
    std::lock_guard lock(mutex_);
    Statement rows(db_, "SELECT " + std::string(kEventColumns) +
                            " FROM tracking_events WHERE item_id = ?1 "
                            "ORDER BY time_s DESC, rowid DESC");
    rows.bind(1, item_id);
    std::vector<PostalEvent> events;
    int rc = SQLITE_OK;
    while ((rc = rows.step()) == SQLITE_ROW) {
        events.push_back(read_event(rows));
    }
    if (rc != SQLITE_DONE) {
        return sqlite_error(db_, "read tracking events");
    }
    // An item exists only through its events, so no events means never seen.
    if (events.empty()) {
        return std::optional<std::vector<PostalEvent>>();
    }
    return std::optional<std::vector<PostalEvent>>(std::move(events));
}

Result<std::vector<TrackingWrite>> SqliteCentralStore::put_tracking_events(
    std::span<const PostalEvent> events, std::int64_t received_at_s) {
    std::lock_guard lock(mutex_);
    Transaction transaction(db_, "BEGIN IMMEDIATE");
    if (!transaction.begun()) {
        return transaction.begun().error();
    }
    Statement find(
        db_, "SELECT " + std::string(kEventColumns) + " FROM tracking_events WHERE event_id = ?1");
    Statement insert_item(db_,
                          "INSERT INTO tracked_items (item_id, first_seen_s) VALUES (?1, ?2) "
                          "ON CONFLICT (item_id) DO NOTHING");
    Statement insert_event(db_, "INSERT INTO tracking_events (" + std::string(kEventColumns) +
                                    ", received_at_s) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    std::vector<TrackingWrite> writes;
    writes.reserve(events.size());
    for (const PostalEvent& event : events) {
        find.bind(1, event.event_id);
        const int rc = find.step();
        if (rc == SQLITE_ROW) {
            const PostalEvent stored = read_event(find);
            find.reset();
            writes.push_back(stored == event ? TrackingWrite::duplicate : TrackingWrite::conflict);
            continue;
        }
        if (rc != SQLITE_DONE) {
            return sqlite_error(db_, "look up tracking event");
        }
        find.reset();
        insert_item.bind(1, event.item_id);
        insert_item.bind(2, received_at_s);
        if (auto status = insert_item.run("store tracked item"); !status) {
            return status.error();
        }
        insert_event.bind(1, event.event_id);
        insert_event.bind(2, event.item_id);
        insert_event.bind(3, event.code);
        insert_event.bind(4, event.time);
        insert_event.bind(5, event.time_s);
        insert_event.bind(6, event.office_code);
        insert_event.bind(7, event.office_name);
        insert_event.bind(8, event.location);
        insert_event.bind(9, event.country);
        insert_event.bind_optional(10, event.counter);
        insert_event.bind(11, received_at_s);
        if (auto status = insert_event.run("store tracking event"); !status) {
            return status.error();
        }
        writes.push_back(TrackingWrite::accepted);
    }
    if (auto status = transaction.commit(); !status) {
        return status.error();
    }
    return writes;
}

namespace {

// A row of "SELECT id, kind, created_at, content, content_hash, device_id, received_at_s".
StoredRecord stored_record(Statement& row) {
    StoredRecord stored;
    stored.record = {row.text(0), row.text(1), row.text(2), row.text(3), row.text(4)};
    stored.device_id = row.text(5);
    stored.received_at_s = row.integer(6);
    return stored;
}

constexpr std::string_view kDeviceColumns =
    "id, role, office_id, terminal_number, name, enrolled_at_s, revoked_at_s";

Device read_device(const Statement& row) {
    Device device;
    device.id = row.text(0);
    device.role = row.text(1);
    device.office_id = row.text(2);
    device.terminal_number = static_cast<int>(row.integer(3));
    device.name = row.text(4);
    device.enrolled_at_s = row.integer(5);
    if (auto revoked = row.optional_text(6)) {
        device.revoked_at_s = row.integer(6);
    }
    return device;
}

}  // namespace

Status SqliteCentralStore::put_enrolment_code(const EnrolmentCodeGrant& code) {
    std::lock_guard lock(mutex_);
    Statement insert(db_,
                     "INSERT INTO enrolment_codes (code_hash, role, office_id, issued_at_s, "
                     "expires_at_s) VALUES (?1, ?2, ?3, ?4, ?5)");
    insert.bind(1, code.code_hash);
    insert.bind(2, code.role);
    insert.bind(3, code.office_id);
    insert.bind(4, code.issued_at_s);
    insert.bind(5, code.expires_at_s);
    return insert.run("store enrolment code");
}

Result<EnrolmentResult> SqliteCentralStore::redeem_enrolment_code(std::string_view code_hash,
                                                                  const Device& device,
                                                                  std::string_view token_hash,
                                                                  std::int64_t now_s) {
    std::lock_guard lock(mutex_);
    // IMMEDIATE takes the write lock first, so two servers on one file cannot
    // both see the code unused.
    Transaction transaction(db_, "BEGIN IMMEDIATE");
    if (!transaction.begun()) {
        return transaction.begun().error();
    }
    Statement find(db_,
                   "SELECT role, office_id, expires_at_s, used_at_s FROM enrolment_codes "
                   "WHERE code_hash = ?1");
    find.bind(1, code_hash);
    const int rc = find.step();
    if (rc == SQLITE_DONE) {
        return EnrolmentResult{EnrolmentOutcome::unknown_code, std::nullopt};
    }
    if (rc != SQLITE_ROW) {
        return sqlite_error(db_, "look up enrolment code");
    }
    if (find.optional_text(3)) {
        return EnrolmentResult{EnrolmentOutcome::code_used, std::nullopt};
    }
    if (now_s >= find.integer(2)) {
        return EnrolmentResult{EnrolmentOutcome::code_expired, std::nullopt};
    }
    Device stored = device;
    stored.role = find.text(0);
    stored.office_id = find.text(1);
    stored.enrolled_at_s = now_s;
    stored.revoked_at_s.reset();
    find.reset();

    Statement insert(db_,
                     "INSERT INTO devices (id, role, office_id, terminal_number, name, "
                     "token_hash, enrolled_at_s, signing_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    insert.bind(1, stored.id);
    insert.bind(2, stored.role);
    insert.bind(3, stored.office_id);
    insert.bind(4, static_cast<std::int64_t>(stored.terminal_number));
    insert.bind(5, stored.name);
    insert.bind(6, token_hash);
    insert.bind(7, now_s);
    insert.bind(8, stored.signing_key);
    if (auto status = insert.run("store device"); !status) {
        return status.error();
    }
    Statement use(db_,
                  "UPDATE enrolment_codes SET used_at_s = ?2, device_id = ?3 WHERE code_hash = ?1");
    use.bind(1, code_hash);
    use.bind(2, now_s);
    use.bind(3, stored.id);
    if (auto status = use.run("mark enrolment code used"); !status) {
        return status.error();
    }
    if (auto status = transaction.commit(); !status) {
        return status.error();
    }
    return EnrolmentResult{EnrolmentOutcome::enrolled, std::move(stored)};
}

Result<std::optional<Device>> SqliteCentralStore::device_by_token_hash(
    std::string_view token_hash) {
    std::lock_guard lock(mutex_);
    static const std::string kFind =
        "SELECT " + std::string(kDeviceColumns) + " FROM devices WHERE token_hash = ?1";
    Statement find(db_, statements_, kFind);
    find.bind(1, token_hash);
    const int rc = find.step();
    if (rc == SQLITE_DONE) {
        return std::optional<Device>();
    }
    if (rc != SQLITE_ROW) {
        return sqlite_error(db_, "look up device");
    }
    return std::optional<Device>(read_device(find));
}

Result<bool> SqliteCentralStore::revoke_device(std::string_view device_id, std::int64_t now_s) {
    std::lock_guard lock(mutex_);
    Statement revoke(db_,
                     "UPDATE devices SET revoked_at_s = coalesce(revoked_at_s, ?2) WHERE id = ?1");
    revoke.bind(1, device_id);
    revoke.bind(2, now_s);
    if (auto status = revoke.run("revoke device"); !status) {
        return status.error();
    }
    return sqlite3_changes(db_) > 0;
}

Result<std::vector<RecordWrite>> SqliteCentralStore::put_records(
    std::string_view device_id, std::span<const DeviceRecord> records,
    std::int64_t received_at_s) {
    std::lock_guard lock(mutex_);
    Transaction transaction(db_, "BEGIN IMMEDIATE");
    if (!transaction.begun()) {
        return transaction.begun().error();
    }
    Statement find(db_, "SELECT device_id, content_hash FROM records WHERE id = ?1");
    Statement insert(db_,
                     "INSERT INTO records (id, device_id, kind, created_at, content, "
                     "content_hash, received_at_s) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    Statement keep_aside(db_,
                         "INSERT INTO record_conflicts (record_id, device_id, kind, created_at, "
                         "content, content_hash, received_at_s) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                         "ON CONFLICT (record_id, device_id, content_hash) DO NOTHING");
    auto bind_record = [&](Statement& statement, const DeviceRecord& record) {
        statement.bind(1, record.id);
        statement.bind(2, device_id);
        statement.bind(3, record.kind);
        statement.bind(4, record.created_at);
        statement.bind(5, record.content);
        statement.bind(6, record.content_hash);
        statement.bind(7, received_at_s);
    };
    std::vector<RecordWrite> writes;
    writes.reserve(records.size());
    for (const DeviceRecord& record : records) {
        find.bind(1, record.id);
        const int rc = find.step();
        if (rc == SQLITE_ROW) {
            const bool same = find.text(0) == device_id && find.text(1) == record.content_hash;
            find.reset();
            if (same) {
                writes.push_back(RecordWrite::duplicate);
                continue;
            }
            bind_record(keep_aside, record);
            if (auto status = keep_aside.run("keep conflicting record aside"); !status) {
                return status.error();
            }
            writes.push_back(RecordWrite::conflict);
            continue;
        }
        if (rc != SQLITE_DONE) {
            return sqlite_error(db_, "look up record");
        }
        find.reset();
        bind_record(insert, record);
        if (auto status = insert.run("store record"); !status) {
            return status.error();
        }
        writes.push_back(RecordWrite::accepted);
    }
    if (auto status = transaction.commit(); !status) {
        return status.error();
    }
    return writes;
}

Result<std::optional<StoredRecord>> SqliteCentralStore::one_record(std::string_view where, std::string_view value,
                                                                   const char* what) {
    std::lock_guard lock(mutex_);
    Statement find(db_, "SELECT id, kind, created_at, content, content_hash, device_id, received_at_s "
                        "FROM records WHERE " + std::string(where));
    find.bind(1, value);
    const int rc = find.step();
    if (rc == SQLITE_DONE) return std::optional<StoredRecord>();
    if (rc != SQLITE_ROW) return sqlite_error(db_, what);
    return std::optional<StoredRecord>(stored_record(find));
}

Result<std::optional<StoredRecord>> SqliteCentralStore::record(std::string_view id) {
    return one_record("id = ?1", id, "read record");
}

Result<std::optional<StoredRecord>> SqliteCentralStore::submission_by_reference(std::string_view reference) {
    return one_record("kind = 'submission' AND json_extract(content, '$.reference') = ?1", reference,
                      "read submission");
}

Result<std::vector<Device>> SqliteCentralStore::signing_devices() {
    std::lock_guard lock(mutex_);
    Statement find(db_,
                   "SELECT id, role, office_id, terminal_number, name, enrolled_at_s, signing_key FROM devices "
                   "WHERE revoked_at_s IS NULL AND signing_key <> '' ORDER BY id");
    std::vector<Device> devices;
    while (true) {
        const int rc = find.step();
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) return sqlite_error(db_, "read signing keys");
        Device device;
        device.id = find.text(0);
        device.role = find.text(1);
        device.office_id = find.text(2);
        device.terminal_number = static_cast<int>(find.integer(3));
        device.name = find.text(4);
        device.enrolled_at_s = find.integer(5);
        device.signing_key = find.text(6);
        devices.push_back(std::move(device));
    }
    return devices;
}

Result<std::optional<SubmissionState>> SqliteCentralStore::submission_state(std::string_view reference) {
    std::lock_guard lock(mutex_);
    Statement find(db_,
                   "SELECT status, reason, answer, clerk, device_id, updated_at_s FROM submission_states "
                   "WHERE reference = ?1");
    find.bind(1, reference);
    const int rc = find.step();
    if (rc == SQLITE_DONE) return std::optional<SubmissionState>();
    if (rc != SQLITE_ROW) return sqlite_error(db_, "read submission state");
    return std::optional<SubmissionState>(
        SubmissionState{find.text(0), find.text(1), find.text(2), find.text(3), find.text(4), find.integer(5)});
}

Status SqliteCentralStore::put_submission_state(std::string_view reference, const SubmissionState& state) {
    std::lock_guard lock(mutex_);
    Statement put(db_,
                  "INSERT INTO submission_states (reference, status, reason, answer, clerk, device_id, updated_at_s) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (reference) DO UPDATE SET "
                  "status = excluded.status, reason = excluded.reason, answer = excluded.answer, "
                  "clerk = excluded.clerk, device_id = excluded.device_id, updated_at_s = excluded.updated_at_s");
    put.bind(1, reference);
    put.bind(2, state.status);
    put.bind(3, state.reason);
    put.bind(4, state.answer);
    put.bind(5, state.clerk);
    put.bind(6, state.device_id);
    put.bind(7, state.updated_at_s);
    return put.run("write submission state");
}

Status SqliteCentralStore::queue_transaction(std::string_view office_id, QueueAccess access,
                                             const QueueWork& work) {
    (void)office_id;  // one connection, one writer at a time: every office takes turns
    if (access == QueueAccess::write) {
        return queue_writers_->run(work);
    }
    std::lock_guard lock(mutex_);
    Transaction transaction(db_, "BEGIN");
    if (!transaction.begun()) {
        return transaction.begun();
    }
    SqliteQueueSql sql(db_);
    if (auto status = work(sql); !status) {
        return status;
    }
    return transaction.commit();
}

}  // namespace ventanilla
