// LocalStore: the terminal's own SQLite file, durable, migrated step by step, never wiped.
#pragma once

// WAL with synchronous=FULL: a commit survives a power cut. A damaged, foreign or newer file is
// refused before anything is written to it, so a technician can still rescue its records.

#include <array>
#include <filesystem>
#include <span>
#include <string_view>

#include "kiosk/result.h"
#include "kiosk/sqlite_db.h"

namespace ventanilla {

// Error codes LocalStore adds to those of kSqliteErrorCodes (each has a key in assets/i18n).
inline constexpr std::array<std::string_view, 4> kStoreErrorCodes{
    "store.newer_schema",       // path, found, supported: written by a newer program
    "store.foreign_database",   // path: an SQLite file, but not a Ventanilla terminal's
    "store.migration_failed",   // path, version, reason: rolled back, file still at the old version
    "store.create_dir_failed",  // path, reason
};

// Written into the file's header (PRAGMA application_id) by the first migration: "VNTL".
inline constexpr std::int32_t kStoreApplicationId = 0x564E544C;

// One schema step. Steps run in order, each in its own transaction; PRAGMA user_version
// holds the version of the last step applied. Never edit a shipped step: add a new one.
struct StoreMigration {
    int version;
    std::string_view sql;
};

std::span<const StoreMigration> local_store_migrations();

struct StoreOptions {
    int busy_timeout_ms = 5000;
    // A full PRAGMA integrity_check reads the whole file: fine for a terminal's few MB.
    bool check_integrity_on_open = true;
};

class LocalStore {
public:
    // Creates the file and its directories if missing. An existing file is checked (schema
    // version, owner, integrity) before anything is written to it.
    static Result<LocalStore> open(const std::filesystem::path& file,
                                   const StoreOptions& options = {});
    // The same with another list of steps, for testing the migration machinery itself.
    static Result<LocalStore> open(const std::filesystem::path& file, const StoreOptions& options,
                                   std::span<const StoreMigration> migrations);

    int schema_version() const { return schema_version_; }
    static int latest_schema_version();

    // PRAGMA integrity_check; the error is store.corrupt with SQLite's findings as reason.
    Status check_integrity();
    bool integrity_ok() { return check_integrity().ok(); }

    // For the storage modules built on this file (outbox, tracking cache, settings).
    SqliteDb& db() { return db_; }
    const std::filesystem::path& path() const { return db_.path(); }

private:
    LocalStore(SqliteDb db, int schema_version)
        : db_(std::move(db)), schema_version_(schema_version) {}

    SqliteDb db_;
    int schema_version_;
};

}  // namespace ventanilla
