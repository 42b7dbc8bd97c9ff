#include "kiosk/store.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <vector>

#include "tests/kiosk/file_bytes.h"
#include "tests/support/process.h"

using namespace ventanilla;
using ventanilla::kiosk_test::read_bytes;
using ventanilla::kiosk_test::write_bytes;
using ventanilla::testing::TempDir;

namespace {

std::set<std::string> table_names(SqliteDb& db) {
    auto statement = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'");
    REQUIRE(statement.ok());
    std::set<std::string> names;
    while (statement->step().value()) names.insert(statement->column_text(0));
    return names;
}

// A closed store file of `rows` settings, several pages long.
std::filesystem::path make_store_with_rows(const std::filesystem::path& dir, int rows) {
    auto path = dir / "terminal.db";
    auto store = LocalStore::open(path);
    REQUIRE(store.ok());
    auto transaction = SqliteTransaction::begin(store->db());
    REQUIRE(transaction.ok());
    auto insert = store->db().prepare("INSERT INTO settings (key, value) VALUES (?, ?)");
    REQUIRE(insert.ok());
    for (int i = 0; i < rows; ++i) {
        insert->bind(1, "key-" + std::to_string(i)).bind(2, std::string(200, 'x'));
        REQUIRE(insert->run().ok());
        insert->reset();
    }
    REQUIRE(transaction->commit().ok());
    return path;
}

// Sets a pragma on a closed store file with a plain connection (not LocalStore).
void set_pragma(const std::filesystem::path& path, const std::string& pragma) {
    auto db = SqliteDb::open(path, SqliteDb::OpenMode::existing_only);
    REQUIRE(db.ok());
    REQUIRE(db->exec(pragma).ok());
}

}  // namespace

TEST_CASE("store: a new file gets every migration, its directories, WAL and FULL sync") {
    TempDir temp;
    const std::filesystem::path dir = temp.path();
    auto path = dir / "var" / "terminal" / "terminal.db";
    auto store = LocalStore::open(path);
    REQUIRE_MESSAGE(store.ok(), store.failure_text());
    CHECK(std::filesystem::exists(path));
    CHECK(store->path() == path);
    CHECK(store->schema_version() == LocalStore::latest_schema_version());
    CHECK(store->db().query_int("PRAGMA user_version").value() ==
          LocalStore::latest_schema_version());
    CHECK(store->db().query_int("PRAGMA application_id").value() == kStoreApplicationId);
    CHECK(store->db().query_text("PRAGMA journal_mode").value() == "wal");
    CHECK(store->db().query_int("PRAGMA synchronous").value() == 2);  // FULL
    CHECK(store->db().query_int("PRAGMA foreign_keys").value() == 1);
    CHECK(store->db().query_int("PRAGMA busy_timeout").value() == 5000);
    auto tables = table_names(store->db());
    CHECK(tables.count("settings") == 1);
    CHECK(tables.count("outbox") == 1);
    CHECK(tables.count("tracking_cache") == 1);
    CHECK(store->integrity_ok());
}

TEST_CASE("store: the migration list is numbered 1, 2, 3... without gaps") {
    auto migrations = local_store_migrations();
    REQUIRE_FALSE(migrations.empty());
    for (size_t i = 0; i < migrations.size(); ++i) {
        CHECK(migrations[i].version == static_cast<int>(i) + 1);
    }
    CHECK(LocalStore::latest_schema_version() == migrations.back().version);
}

TEST_CASE("store: reopening keeps the data and applies nothing twice") {
    TempDir temp;
    const std::filesystem::path dir = temp.path();
    auto path = dir / "terminal.db";
    {
        auto store = LocalStore::open(path);
        REQUIRE(store.ok());
        auto insert = store->db().prepare(
            "INSERT INTO outbox (id, kind, content, created_at) VALUES (?, ?, ?, ?)");
        REQUIRE(insert.ok());
        CHECK(insert->bind(1, "0b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6a")
                  .bind(2, "ticket")
                  .bind(3, R"({"n":42})")
                  .bind(4, "2025-01-01T10:00:00Z")
                  .run()
                  .ok());
    }
    for (int i = 0; i < 3; ++i) {
        auto store = LocalStore::open(path);
        REQUIRE_MESSAGE(store.ok(), store.failure_text());
        CHECK(store->schema_version() == LocalStore::latest_schema_version());
        auto row = store->db().prepare("SELECT kind, content, state, attempts FROM outbox");
        REQUIRE(row.ok());
        REQUIRE(row->step().value());
        CHECK(row->column_text(0) == "ticket");
        CHECK(row->column_text(1) == R"({"n":42})");
        CHECK(row->column_text(2) == "waiting");
        CHECK(row->column_int64(3) == 0);
        CHECK_FALSE(row->step().value());
    }
}

TEST_CASE("store: a file from a newer program is refused and left byte for byte") {
    TempDir temp;
    const std::filesystem::path dir = temp.path();
    auto path = make_store_with_rows(dir, 10);
    int newer = LocalStore::latest_schema_version() + 5;
    set_pragma(path, "PRAGMA user_version = " + std::to_string(newer));
    std::string before = read_bytes(path);

    auto store = LocalStore::open(path);
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code == "store.newer_schema");
    CHECK(store.error().args.at("found") == std::to_string(newer));
    CHECK(store.error().args.at("supported") ==
          std::to_string(LocalStore::latest_schema_version()));
    CHECK(store.error().args.at("path") == path.string());
    CHECK(read_bytes(path) == before);
}

TEST_CASE("store: a file that is not a database is refused and left byte for byte") {
    TempDir temp;
    const std::filesystem::path dir = temp.path();
    auto path = dir / "terminal.db";
    std::string garbage;
    for (int i = 0; i < 8192; ++i) garbage += static_cast<char>((i * 131 + 7) % 256);
    write_bytes(path, garbage);

    auto store = LocalStore::open(path);
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code == "store.corrupt");
    CHECK(store.error().args.at("path") == path.string());
    CHECK(read_bytes(path) == garbage);

    write_bytes(path, "SQLite format 3 is what this file claims, but it is text.\n");
    store = LocalStore::open(path);
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code == "store.corrupt");
    CHECK(read_bytes(path) == "SQLite format 3 is what this file claims, but it is text.\n");
}

TEST_CASE("store: a truncated database is refused and left byte for byte") {
    TempDir temp;
    const std::filesystem::path dir = temp.path();
    auto path = make_store_with_rows(dir, 500);
    auto size = std::filesystem::file_size(path);
    REQUIRE(size > 16 * 4096);
    std::filesystem::resize_file(path, size / 2);
    std::string before = read_bytes(path);

    auto store = LocalStore::open(path);
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code == "store.corrupt");
    CHECK_FALSE(store.error().args.at("reason").empty());
    CHECK(read_bytes(path) == before);
}

TEST_CASE("store: damage inside a page is found by the integrity check, file untouched") {
    TempDir temp;
    const std::filesystem::path dir = temp.path();
    auto path = make_store_with_rows(dir, 500);
    std::string bytes = read_bytes(path);
    // Scribble over the middle of the file (b-tree pages of the settings table).
    for (size_t i = bytes.size() / 2; i < bytes.size() / 2 + 3000; ++i) bytes[i] = '\x7f';
    write_bytes(path, bytes);

    auto store = LocalStore::open(path);
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code == "store.corrupt");
    CHECK(read_bytes(path) == bytes);
}

TEST_CASE("store: an SQLite file of another program is refused untouched") {
    TempDir temp;
    const std::filesystem::path dir = temp.path();
    auto path = dir / "other.db";
    {
        auto db = SqliteDb::open(path, SqliteDb::OpenMode::create_if_missing);
        REQUIRE(db.ok());
        REQUIRE(db->exec("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)").ok());
    }
    std::string before = read_bytes(path);
    auto store = LocalStore::open(path);
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code == "store.foreign_database");
    CHECK(read_bytes(path) == before);

    set_pragma(path, "PRAGMA user_version = 3");
    store = LocalStore::open(path);
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code == "store.foreign_database");
}

TEST_CASE("store: an empty file is a new database, as SQLite itself sees it") {
    TempDir temp;
    const std::filesystem::path dir = temp.path();
    write_bytes(dir / "terminal.db", "");
    auto store = LocalStore::open(dir / "terminal.db");
    REQUIRE_MESSAGE(store.ok(), store.failure_text());
    CHECK(store->schema_version() == LocalStore::latest_schema_version());
}

TEST_CASE("store: migrations run step by step and a failing step changes nothing") {
    TempDir temp;
    const std::filesystem::path dir = temp.path();
    auto path = dir / "terminal.db";
    auto real = local_store_migrations();
    std::vector<StoreMigration> first(real.begin(), real.end());
    int base = first.back().version;
    {
        auto store = LocalStore::open(path, {}, first);
        REQUIRE(store.ok());
        CHECK(store->schema_version() == base);
    }

    std::vector<StoreMigration> broken = first;
    broken.push_back({base + 1, "CREATE TABLE receipts (id TEXT PRIMARY KEY NOT NULL);"});
    broken.push_back({base + 2, "CREATE TABLE drafts (id TEXT); INSERT INTO nowhere VALUES (1);"});
    auto store = LocalStore::open(path, {}, broken);
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code == "store.migration_failed");
    CHECK(store.error().args.at("version") == std::to_string(base + 2));
    CHECK(store.error().args.at("reason").find("nowhere") != std::string::npos);

    // The good step stayed; the failed one left no half-made table behind.
    auto reopened = LocalStore::open(path, {}, std::span(broken).first(broken.size() - 1));
    REQUIRE_MESSAGE(reopened.ok(), reopened.failure_text());
    CHECK(reopened->schema_version() == base + 1);
    auto tables = table_names(reopened->db());
    CHECK(tables.count("receipts") == 1);
    CHECK(tables.count("drafts") == 0);
}

TEST_CASE("store: statements bind parameters, report constraint errors and bad bindings") {
    TempDir temp;
    const std::filesystem::path dir = temp.path();
    auto store = LocalStore::open(dir / "terminal.db");
    REQUIRE(store.ok());
    SqliteDb& db = store->db();

    auto insert = db.prepare("INSERT INTO settings (key, value) VALUES (?1, ?2)");
    REQUIRE(insert.ok());
    // A value that would break SQL built by concatenation is stored as it is.
    std::string tricky = "x'); DROP TABLE settings; --";
    REQUIRE(insert->bind(1, "language").bind(2, tricky).run().ok());
    insert->reset();
    auto duplicate = insert->bind(1, "language").bind(2, "en").run();
    REQUIRE_FALSE(duplicate.ok());
    CHECK(duplicate.error().code == "store.constraint");
    insert->reset();
    auto null_value = insert->bind(1, "office").bind_null(2).run();
    REQUIRE_FALSE(null_value.ok());
    CHECK(null_value.error().code == "store.constraint");

    insert->reset();
    auto bad_index = insert->bind(7, "x").run();
    REQUIRE_FALSE(bad_index.ok());
    CHECK(bad_index.error().code == "store.sql_error");

    auto select = db.prepare("SELECT value, length(value) FROM settings WHERE key = ?");
    REQUIRE(select.ok());
    select->bind(1, "language");
    REQUIRE(select->step().value());
    CHECK(select->column_text(0) == tricky);
    CHECK(select->column_int64(1) == static_cast<std::int64_t>(tricky.size()));
    CHECK(select->column_count() == 2);

    auto wrong = db.prepare("SELECT missing_column FROM nowhere");
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().code == "store.sql_error");
    CHECK(wrong.error().args.at("reason").find("nowhere") != std::string::npos);
}

TEST_CASE("store: a transaction not committed is rolled back") {
    TempDir temp;
    const std::filesystem::path dir = temp.path();
    auto store = LocalStore::open(dir / "terminal.db");
    REQUIRE(store.ok());
    SqliteDb& db = store->db();
    {
        auto transaction = SqliteTransaction::begin(db);
        REQUIRE(transaction.ok());
        REQUIRE(db.exec("INSERT INTO settings VALUES ('a', '1')").ok());
    }
    CHECK(db.query_int("SELECT count(*) FROM settings").value() == 0);
    {
        auto transaction = SqliteTransaction::begin(db);
        REQUIRE(transaction.ok());
        REQUIRE(db.exec("INSERT INTO settings VALUES ('a', '1')").ok());
        REQUIRE(transaction->commit().ok());
    }
    CHECK(db.query_int("SELECT count(*) FROM settings").value() == 1);
}

TEST_CASE("store: a second connection waiting on the write lock gives store.busy") {
    TempDir temp;
    const std::filesystem::path dir = temp.path();
    auto path = dir / "terminal.db";
    auto first = LocalStore::open(path);
    REQUIRE(first.ok());
    StoreOptions impatient;
    impatient.busy_timeout_ms = 50;
    auto second = LocalStore::open(path, impatient);
    REQUIRE(second.ok());

    auto holding = SqliteTransaction::begin(first->db());
    REQUIRE(holding.ok());
    auto waiting = SqliteTransaction::begin(second->db());
    REQUIRE_FALSE(waiting.ok());
    CHECK(waiting.error().code == "store.busy");
}

TEST_CASE("store: the integrity check of a healthy store is ok") {
    TempDir temp;
    const std::filesystem::path dir = temp.path();
    auto path = make_store_with_rows(dir, 100);
    auto store = LocalStore::open(path);
    REQUIRE(store.ok());
    CHECK(store->check_integrity().ok());
    CHECK(store->integrity_ok());
}
