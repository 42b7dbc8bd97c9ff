#include "kiosk/store.h"

#include <sqlite3.h>

#include <string>

namespace ventanilla {
namespace {

// TEXT PRIMARY KEY columns say NOT NULL because SQLite, for old compatibility, lets a
// non-INTEGER primary key hold NULL otherwise.
constexpr std::string_view kSchemaV1 = R"sql(
PRAGMA application_id = 1447973964;  -- kStoreApplicationId, "VNTL"

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

-- Records waiting for the server. id is the record's UUID, made once when the record is
-- created: the idempotency key from this table to the server's answer.
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY NOT NULL,
    kind            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error      TEXT
);
-- The sync worker asks "what is due now?" on every pass.
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

-- The last answer the server gave for an item, shown with its age when offline.
CREATE TABLE tracking_cache (
    item_id    TEXT PRIMARY KEY NOT NULL,
    payload    TEXT NOT NULL,
    fetched_at TEXT NOT NULL
);
)sql";

// Version 2: the outbox as the sync worker uses it (kiosk/outbox.h). seq orders records by
// creation on this terminal (AUTOINCREMENT: never reused, so never out of order after a
// delete or a VACUUM); clocks never order anything. Rows of version 1 are carried over.
constexpr std::string_view kSchemaV2 = R"sql(
CREATE TABLE outbox_v2 (
    seq               INTEGER PRIMARY KEY AUTOINCREMENT,
    id                TEXT NOT NULL UNIQUE,
    kind              TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    content           TEXT NOT NULL,
    state             TEXT NOT NULL DEFAULT 'waiting'
                      CHECK (state IN ('waiting', 'sending', 'set_aside')),
    attempts          INTEGER NOT NULL DEFAULT 0,
    last_attempt_at   TEXT,
    set_aside_reason  TEXT,
    set_aside_message TEXT,
    set_aside_at      TEXT
);
INSERT INTO outbox_v2 (id, kind, created_at, content)
    SELECT id, kind, created_at, payload FROM outbox ORDER BY rowid;
DROP TABLE outbox;
ALTER TABLE outbox_v2 RENAME TO outbox;
CREATE INDEX outbox_by_state ON outbox (state, seq);
-- Records are frozen once queued (collect#4589): a correction is a new record.
CREATE TRIGGER outbox_immutable BEFORE UPDATE OF id, kind, created_at, content ON outbox
BEGIN
    SELECT RAISE(ABORT, 'outbox records are immutable once queued');
END;
)sql";

// Version 3: the queue tickets this kiosk issued (kiosk/ticket_store.h). A row is written
// before the server is asked; an offline ticket keeps its frozen upload body here until the
// server has it, so this table is also the offline tickets' outbox. offline_days holds the
// kiosk's own numbering of each local day, so a restart never gives a number twice.
constexpr std::string_view kSchemaV3 = R"sql(
CREATE TABLE queue_tickets (
    seq               INTEGER PRIMARY KEY AUTOINCREMENT,
    id                TEXT NOT NULL UNIQUE,
    office_id         TEXT NOT NULL,
    service_id        TEXT NOT NULL,
    priority          TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    state             TEXT NOT NULL DEFAULT 'asking'
                      CHECK (state IN ('asking', 'online', 'offline_waiting', 'offline_sending',
                                       'uploaded', 'set_aside', 'abandoned')),
    number            TEXT,
    issued_at         TEXT,
    people_ahead      INTEGER,
    estimated_wait_s  INTEGER,
    offline_day       TEXT,
    offline_sequence  INTEGER,
    upload_body       TEXT,
    upload_attempts   INTEGER NOT NULL DEFAULT 0,
    set_aside_reason  TEXT,
    set_aside_message TEXT,
    UNIQUE (offline_day, offline_sequence)
);
CREATE INDEX queue_tickets_by_state ON queue_tickets (state, seq);
CREATE TABLE offline_days (
    day           TEXT PRIMARY KEY NOT NULL,
    last_sequence INTEGER NOT NULL
);
-- What was asked never changes, nor a number once printed, nor an upload body once frozen.
CREATE TRIGGER queue_tickets_frozen BEFORE UPDATE OF id, office_id, service_id, priority,
    created_at ON queue_tickets
BEGIN
    SELECT RAISE(ABORT, 'a queue ticket request is immutable');
END;
CREATE TRIGGER queue_tickets_number_kept BEFORE UPDATE OF number, upload_body ON queue_tickets
    WHEN (OLD.number IS NOT NULL AND NEW.number IS NOT OLD.number)
      OR (OLD.upload_body IS NOT NULL AND NEW.upload_body IS NOT OLD.upload_body)
BEGIN
    SELECT RAISE(ABORT, 'a printed ticket number is immutable');
END;
)sql";

// Version 4: a record with personal data (sealed) is not deleted when the server acknowledges
// it but kept, still sealed, as 'acknowledged' until the retention period has passed
// (Outbox::remove_expired). SQLite cannot change a CHECK: the table is built anew.
constexpr std::string_view kSchemaV4 = R"sql(
CREATE TABLE outbox_v4 (
    seq               INTEGER PRIMARY KEY AUTOINCREMENT,
    id                TEXT NOT NULL UNIQUE,
    kind              TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    content           TEXT NOT NULL,
    state             TEXT NOT NULL DEFAULT 'waiting'
                      CHECK (state IN ('waiting', 'sending', 'set_aside', 'acknowledged')),
    attempts          INTEGER NOT NULL DEFAULT 0,
    last_attempt_at   TEXT,
    set_aside_reason  TEXT,
    set_aside_message TEXT,
    set_aside_at      TEXT,
    acknowledged_at   TEXT
);
INSERT INTO outbox_v4 (seq, id, kind, created_at, content, state, attempts, last_attempt_at,
                       set_aside_reason, set_aside_message, set_aside_at)
    SELECT seq, id, kind, created_at, content, state, attempts, last_attempt_at,
           set_aside_reason, set_aside_message, set_aside_at FROM outbox ORDER BY seq;
DROP TABLE outbox;
ALTER TABLE outbox_v4 RENAME TO outbox;
CREATE INDEX outbox_by_state ON outbox (state, seq);
CREATE TRIGGER outbox_immutable BEFORE UPDATE OF id, kind, created_at, content ON outbox
BEGIN
    SELECT RAISE(ABORT, 'outbox records are immutable once queued');
END;
)sql";

constexpr std::array<StoreMigration, 4> kMigrations{{
    {1, kSchemaV1},
    {2, kSchemaV2},
    {3, kSchemaV3},
    {4, kSchemaV4},
}};

Error store_error(std::string code, const SqliteDb& db, std::string detail,
                  std::map<std::string, std::string> args = {}) {
    args["path"] = db.path().string();
    return make_error(std::move(code), db.path().string() + ": " + detail, std::move(args));
}

Status run_integrity_check(SqliteDb& db) {
    // Up to 10 findings: enough to tell a technician what kind of damage it is.
    auto statement = db.prepare("PRAGMA integrity_check(10)");
    if (!statement) return statement.error();
    std::string findings;
    while (true) {
        auto row = statement->step();
        if (!row) return row.error();
        if (!row.value()) break;
        std::string line = statement->column_text(0);
        if (line == "ok") continue;
        if (!findings.empty()) findings += "; ";
        findings += line;
    }
    if (findings.empty()) return ok_status();
    return store_error("store.corrupt", db, "integrity check failed: " + findings,
                       {{"reason", findings}});
}

// Everything that must hold before the first write: a file that is not ours, is damaged or
// comes from a newer program is left exactly as it was, for a person to look at.
Status check_before_writing(SqliteDb& db, int latest_version, const StoreOptions& options) {
    // Closing would checkpoint a leftover WAL into the main file: not before it is vetted.
    sqlite3_db_config(db.handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    Status read_only = db.exec("PRAGMA query_only = ON");
    if (!read_only) return read_only;

    auto version = db.query_int("PRAGMA user_version");
    if (!version) return version.error();
    auto application_id = db.query_int("PRAGMA application_id");
    if (!application_id) return application_id.error();
    auto tables = db.query_int("SELECT count(*) FROM sqlite_schema");
    if (!tables) return tables.error();

    bool ours = application_id.value() == kStoreApplicationId ||
                (application_id.value() == 0 && version.value() == 0 && tables.value() == 0);
    if (!ours) {
        return store_error("store.foreign_database", db,
                           "an SQLite file of another program (application_id " +
                               std::to_string(application_id.value()) + ", " +
                               std::to_string(tables.value()) + " tables)");
    }
    if (version.value() > latest_version) {
        std::string found = std::to_string(version.value());
        std::string supported = std::to_string(latest_version);
        return store_error("store.newer_schema", db,
                           "schema version " + found + " is newer than this program's " +
                               supported + "; install the newer program or restore a backup",
                           {{"found", found}, {"supported", supported}});
    }
    if (options.check_integrity_on_open) {
        Status intact = run_integrity_check(db);
        if (!intact) return intact;
    }

    Status writable = db.exec("PRAGMA query_only = OFF");
    if (!writable) return writable;
    sqlite3_db_config(db.handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);
    return ok_status();
}

Status set_durability(SqliteDb& db) {
    auto mode = db.query_text("PRAGMA journal_mode = WAL");
    if (!mode) return mode.error();
    if (mode.value() != "wal") {
        return store_error("store.sql_error", db, "journal_mode stayed " + mode.value(),
                           {{"reason", "journal_mode stayed " + mode.value()}});
    }
    // FULL: a commit is on disk before the screen says "done", even if the power goes.
    Status durable = db.exec("PRAGMA synchronous = FULL");
    if (!durable) return durable;
    return db.exec("PRAGMA foreign_keys = ON");
}

Result<int> migrate(SqliteDb& db, std::span<const StoreMigration> migrations) {
    auto current = db.query_int("PRAGMA user_version");
    if (!current) return current.error();
    int version = static_cast<int>(current.value());

    for (const StoreMigration& step : migrations) {
        if (step.version <= version) continue;
        auto transaction = SqliteTransaction::begin(db);
        if (!transaction) return transaction.error();
        // Another process may have applied the step while this one waited for the lock.
        auto now = db.query_int("PRAGMA user_version");
        if (!now) return now.error();
        version = static_cast<int>(now.value());
        if (step.version <= version) continue;

        auto failed = [&](const Error& cause) -> Error {
            // Disk full, I/O and lock errors say more as themselves than as "migration failed".
            if (cause.code != "store.sql_error" && cause.code != "store.constraint") return cause;
            std::string reason =
                cause.args.count("reason") ? cause.args.at("reason") : cause.detail;
            return store_error("store.migration_failed", db,
                               "step " + std::to_string(step.version) + ": " + cause.detail,
                               {{"version", std::to_string(step.version)}, {"reason", reason}});
        };
        Status applied = db.exec(step.sql);
        if (!applied) return failed(applied.error());
        // A pragma takes no bound parameters; the number comes from the table above.
        applied = db.exec("PRAGMA user_version = " + std::to_string(step.version));
        if (!applied) return failed(applied.error());
        Status committed = transaction->commit();
        if (!committed) return failed(committed.error());
        version = step.version;
    }
    return version;
}

}  // namespace

std::span<const StoreMigration> local_store_migrations() {
    return kMigrations;
}

int LocalStore::latest_schema_version() {
    return kMigrations.back().version;
}

Result<LocalStore> LocalStore::open(const std::filesystem::path& file,
                                    const StoreOptions& options) {
    return open(file, options, local_store_migrations());
}

Result<LocalStore> LocalStore::open(const std::filesystem::path& file, const StoreOptions& options,
                                    std::span<const StoreMigration> migrations) {
    std::error_code ec;
    bool exists = std::filesystem::exists(file, ec);
    if (ec) {
        return make_error("store.open_failed", file.string() + ": " + ec.message(),
                          {{"path", file.string()}, {"reason", ec.message()}});
    }
    if (!exists && !file.parent_path().empty()) {
        std::filesystem::create_directories(file.parent_path(), ec);
        if (ec) {
            std::string directory = file.parent_path().string();
            return make_error("store.create_dir_failed", directory + ": " + ec.message(),
                              {{"path", directory}, {"reason", ec.message()}});
        }
    }

    auto db = SqliteDb::open(
        file, exists ? SqliteDb::OpenMode::existing_only : SqliteDb::OpenMode::create_if_missing);
    if (!db) return db.error();
    sqlite3_busy_timeout(db->handle(), options.busy_timeout_ms);

    int latest = migrations.empty() ? 0 : migrations.back().version;
    if (exists) {
        Status vetted = check_before_writing(db.value(), latest, options);
        if (!vetted) return vetted.error();
    }
    Status durable = set_durability(db.value());
    if (!durable) return durable.error();
    auto version = migrate(db.value(), migrations);
    if (!version) return version.error();
    return LocalStore(std::move(db).value(), version.value());
}

Status LocalStore::check_integrity() {
    return run_integrity_check(db_);
}

}  // namespace ventanilla
