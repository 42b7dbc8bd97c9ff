#include "server/postgres_central_store.h"

#include <array>
#include <charconv>
#include <map>
#include <utility>

#include "server/postgres_conninfo.h"
#include "server/postgres_queue_sql.h"
#include "server/queue_schema.h"

namespace ventanilla {

namespace {

// Connections per process. The server has 64 request threads (server/main.cpp), each
// holding at most one connection at a time; the rest wait their turn in the pool. More
// would not help ticket issue, where one office's writers take turns on its lock anyway.
constexpr std::size_t kPoolSize = 8;

// How often a transaction is tried when PostgreSQL aborts it for a deadlock or
// a serialization failure (both leave nothing stored).
constexpr int kAttempts = 5;

// Advisory locks: "VCNT" (as in the SQLite file's application_id) in the high
// half, so they do not collide with another program's small numbers.
constexpr std::string_view kMigrationLock = "6215898033385635841";      // 0x56434E54'00000001
constexpr std::string_view kOfficeWritersLock = "6215898033385635842";  // 0x56434E54'00000002

// Marks our schema_migrations table apart from another program's (Rails and
// others use the same name).
constexpr std::string_view kSchemaMarker = "ventanilla-central";

// Migration N (1-based) takes the schema from version N-1 to N. Append only:
// a shipped migration never changes. Same tables as the SQLite store.
constexpr std::array<std::string_view, 8> kMigrations = {
    // 1: offices, their services and the hours each service is open.
    R"sql(
CREATE TABLE offices (
    id           text PRIMARY KEY,
    code         text NOT NULL UNIQUE,
    name_es      text NOT NULL,
    name_en      text NOT NULL,
    street       text NOT NULL,
    municipality text NOT NULL,
    province     text NOT NULL
);
CREATE TABLE services (
    office_id text NOT NULL REFERENCES offices(id) ON DELETE CASCADE,
    id        text NOT NULL,
    position  integer NOT NULL,
    prefix    text NOT NULL,
    name_es   text NOT NULL,
    name_en   text NOT NULL,
    PRIMARY KEY (office_id, id),
    UNIQUE (office_id, prefix)
);
CREATE TABLE service_hours (
    office_id  text NOT NULL,
    service_id text NOT NULL,
    position   integer NOT NULL,
    days       text NOT NULL,  -- ISO weekdays as written, e.g. '1,2,3,4,5'
    opens      text NOT NULL,  -- 'HH:MM', office local time
    closes     text NOT NULL,
    PRIMARY KEY (office_id, service_id, position),
    FOREIGN KEY (office_id, service_id) REFERENCES services(office_id, id) ON DELETE CASCADE
);
)sql",
    // 2: tracked items and their events. The item's foreign key is checked at
    // commit, so an event and its item go in with one statement (see
    // put_tracking_events). `seq` orders events stored at the same time.
    R"sql(
CREATE TABLE tracked_items (
    item_id      text PRIMARY KEY,
    first_seen_s bigint NOT NULL
);
CREATE TABLE tracking_events (
    seq           bigint GENERATED ALWAYS AS IDENTITY,
    event_id      text PRIMARY KEY,
    item_id       text NOT NULL REFERENCES tracked_items(item_id) DEFERRABLE INITIALLY DEFERRED,
    code          text NOT NULL,
    time          text NOT NULL,
    time_s        bigint NOT NULL,
    office_code   text NOT NULL,
    office_name   text NOT NULL,
    location      text NOT NULL,
    country       text NOT NULL,
    counter       text,
    received_at_s bigint NOT NULL
);
CREATE INDEX tracking_events_by_item ON tracking_events (item_id, time_s);
)sql",
    // 3: enrolled devices, the one-time codes that enrol them, and the records
    // terminals upload. Codes and tokens are kept only as hashes. A record is
    // never updated: its id is the idempotency key, and a different copy under
    // the same id goes to record_conflicts for a person to look at.
    R"sql(
CREATE TABLE enrolment_codes (
    code_hash    text PRIMARY KEY,
    role         text NOT NULL,
    office_id    text NOT NULL,
    issued_at_s  bigint NOT NULL,
    expires_at_s bigint NOT NULL,
    used_at_s    bigint,
    device_id    text
);
CREATE TABLE devices (
    id              text PRIMARY KEY,
    role            text NOT NULL,
    office_id       text NOT NULL,
    terminal_number integer NOT NULL,
    name            text NOT NULL,
    token_hash      text NOT NULL UNIQUE,
    enrolled_at_s   bigint NOT NULL,
    revoked_at_s    bigint
);
CREATE TABLE records (
    id            text PRIMARY KEY,
    device_id     text NOT NULL REFERENCES devices(id),
    kind          text NOT NULL,
    created_at    text NOT NULL,
    content       text NOT NULL,
    content_hash  text NOT NULL,
    received_at_s bigint NOT NULL
);
CREATE INDEX records_by_device ON records (device_id, received_at_s);
CREATE TABLE record_conflicts (
    record_id     text NOT NULL,
    device_id     text NOT NULL REFERENCES devices(id),
    kind          text NOT NULL,
    created_at    text NOT NULL,
    content       text NOT NULL,
    content_hash  text NOT NULL,
    received_at_s bigint NOT NULL,
    UNIQUE (record_id, device_id, content_hash)
);
)sql",
    // 4: office queues: queue settings, tickets, calls, clerks, counter sessions and
    // appointments (server/queue_schema.h).
    kPostgresQueueMigration,
    // 5: submitted procedures found by their printed reference, and the clerk's word on each.
    R"sql(
CREATE INDEX records_by_submission_reference ON records (((content::jsonb) ->> 'reference'))
    WHERE kind = 'submission';
CREATE TABLE submission_states (
    reference     text PRIMARY KEY,
    status        text NOT NULL,
    reason        text NOT NULL,
    answer        text NOT NULL,
    clerk         text NOT NULL,
    device_id     text NOT NULL REFERENCES devices(id),
    updated_at_s  bigint NOT NULL
);
)sql",
    // 6: the key each terminal signs its receipts with.
    R"sql(
ALTER TABLE devices ADD COLUMN signing_key text NOT NULL DEFAULT '';
)sql",
    // 7: what every kiosk ticket asks, answered from indexes alone: the waiting tickets of
    // a service as ahead_of_newcomer counts them, and the calls since the last priority one.
    kQueueCountIndexes,
    // 8: the waiting tickets of each service counted by priority group and weight, kept by
    // triggers (server/queue_schema.h).
    kPostgresQueueWaitingCounts,
};

// The queue writers of one office take turns on this advisory lock: ("VCNT", hash of the
// office id), in the two-key space, which never meets the one-key locks above. Two offices
// whose ids hash alike only take turns too, which is harmless.
constexpr std::string_view kQueueLockSpace = "1447251540";  // 0x56434E54

// Explicit levels: a database whose default is SERIALIZABLE must not change
// what our ON CONFLICT logic relies on.
constexpr std::string_view kBeginWrite = "BEGIN ISOLATION LEVEL READ COMMITTED";
// Several SELECTs that must see one moment (offices, then services, then hours).
constexpr std::string_view kBeginSnapshot = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
constexpr std::string_view kBeginRead = "BEGIN READ ONLY";
// No BEGIN and no COMMIT: work that runs one SELECT, which PostgreSQL runs as a transaction
// of its own. Two round trips fewer than kBeginRead, on every authenticated request (the
// token look-up); a round trip is two context switches, the server's main cost here.
constexpr std::string_view kSingleRead = "";

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

// Checks and migrates inside one transaction that holds the advisory lock, so
// a refusal rolls back to exactly what was there.
Status migrate(PgConnection& connection, const std::string& display) {
    const std::string untouched = "; " + display + " was left untouched";
    auto marker = connection.query(
        "SELECT to_regclass('schema_migrations') IS NOT NULL, "
        "coalesce(obj_description(to_regclass('schema_migrations'), 'pg_class'), '')",
        {}, "read the schema of " + display);
    if (!marker) {
        return marker.error();
    }
    const bool has_table = marker->text(0, 0) == "t";
    if (!has_table) {
        auto tables = connection.query(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
            {}, "read the schema of " + display);
        if (!tables) {
            return tables.error();
        }
        if (tables->integer(0, 0) > 0) {
            return make_error(
                "store.foreign",
                display + " holds tables but no ventanilla-central schema" + untouched);
        }
        if (auto status = connection.run_script(
                "CREATE TABLE schema_migrations (version integer PRIMARY KEY, "
                "applied_at timestamptz NOT NULL DEFAULT now()); "
                "COMMENT ON TABLE schema_migrations IS '" +
                    std::string(kSchemaMarker) + "'",
                "create schema_migrations");
            !status) {
            return status;
        }
    } else if (marker->text(0, 1) != kSchemaMarker) {
        return make_error("store.foreign", display +
                                               " has a schema_migrations table of another program, "
                                               "not a ventanilla-central schema" +
                                               untouched);
    }
    auto version = connection.query("SELECT coalesce(max(version), 0) FROM schema_migrations", {},
                                    "read the schema version of " + display);
    if (!version) {
        return version.error();
    }
    const std::int64_t found = version->integer(0, 0);
    const auto supported = static_cast<std::int64_t>(kMigrations.size());
    if (found > supported) {
        return make_error(
            "store.schema_too_new",
            display + " has schema version " + std::to_string(found) + ", newer than version " +
                std::to_string(supported) +
                " that this ventanilla-central understands; run a newer release" + untouched,
            {{"found", std::to_string(found)}, {"supported", std::to_string(supported)}});
    }
    for (auto next = found + 1; next <= supported; ++next) {
        const std::string label = "migration " + std::to_string(next);
        if (auto status = connection.run_script(
                std::string(kMigrations[static_cast<std::size_t>(next - 1)]), label);
            !status) {
            return status;
        }
        if (auto status = connection.run("INSERT INTO schema_migrations (version) VALUES ($1)",
                                         {std::to_string(next)}, label);
            !status) {
            return status;
        }
    }
    return ok_status();
}

constexpr std::string_view kEventColumns =
    "event_id, item_id, code, time, time_s, office_code, office_name, location, country, counter";

PostalEvent read_event(const PgResult& rows, int row) {
    PostalEvent event;
    event.event_id = rows.text(row, 0);
    event.item_id = rows.text(row, 1);
    event.code = rows.text(row, 2);
    event.time = rows.text(row, 3);
    event.time_s = rows.integer(row, 4);
    event.office_code = rows.text(row, 5);
    event.office_name = rows.text(row, 6);
    event.location = rows.text(row, 7);
    event.country = rows.text(row, 8);
    event.counter = rows.optional_text(row, 9);
    return event;
}

}  // namespace

int PostgresCentralStore::latest_schema_version() {
    return static_cast<int>(kMigrations.size());
}

PostgresCentralStore::PostgresCentralStore(const std::string& conninfo, const std::string& display)
    : pool_(conninfo, display, kPoolSize) {}

Result<std::unique_ptr<PostgresCentralStore>> PostgresCentralStore::open(
    const std::string& conninfo) {
    std::unique_ptr<PostgresCentralStore> store(
        new PostgresCentralStore(conninfo, masked_conninfo(conninfo)));
    const std::string& display = store->pool_.display();
    auto status = store->in_transaction(kBeginWrite, [&](PgConnection& connection) -> Status {
        // Held until commit or rollback: a second process starting now waits
        // here, then finds the schema up to date.
        if (auto locked = connection.run("SELECT pg_advisory_xact_lock($1::bigint)",
                                         {std::string(kMigrationLock)}, "lock for migrations");
            !locked) {
            return locked;
        }
        return migrate(connection, display);
    });
    if (!status) {
        return status.error();
    }
    return store;
}

Status PostgresCentralStore::in_transaction(std::string_view begin,
                                            const std::function<Status(PgConnection&)>& work) {
    Status status = ok_status();
    for (int attempt = 1; attempt <= kAttempts; ++attempt) {
        auto lease = pool_.acquire();
        if (!lease) {
            return lease.error();
        }
        PgConnection& connection = **lease;
        if (begin.empty()) {
            status = work(connection);
            // A pooled connection the server closed meanwhile: a read may simply run again.
            if (!status && connection.broken() && attempt < kAttempts) {
                pool_.drop_idle();
                continue;
            }
            return status;
        }
        status = connection.run(begin, {}, "begin transaction");
        if (!status) {
            // A pooled connection the server closed meanwhile (a restart, an
            // idle timeout): nothing was sent, so a fresh one may try again.
            if (connection.broken()) {
                pool_.drop_idle();
                continue;
            }
            return status;
        }
        status = work(connection);
        if (status) {
            status = connection.run("COMMIT", {}, "commit");
            if (status) {
                return status;
            }
        } else if (!connection.broken()) {
            (void)connection.run("ROLLBACK", {}, "roll back");
        }
        const std::string sqlstate = sqlstate_of(status.error());
        if (sqlstate != kSerializationFailure && sqlstate != kDeadlockDetected) {
            return status;
        }
    }
    return status;
}

Status PostgresCentralStore::check() {
    return in_transaction(kBeginRead, [](PgConnection& connection) {
        return connection.run("SELECT 1", {}, "check");
    });
}

Result<std::vector<Office>> PostgresCentralStore::offices() {
    return load_offices(std::nullopt);
}

Result<std::optional<Office>> PostgresCentralStore::office(std::string_view id) {
    auto found = load_offices(id);
    if (!found) {
        return found.error();
    }
    if (found->empty()) {
        return std::optional<Office>();
    }
    return std::optional<Office>(std::move(found->front()));
}

// Three queries rather than a join, as in the SQLite store. Offices are
// ordered by their ids' bytes (COLLATE "C"), whatever the database's locale,
// so the catalog and its version are the same as SQLite's for the same data.
Result<std::vector<Office>> PostgresCentralStore::load_offices(
    std::optional<std::string_view> only_id) {
    const PgParams filter = {only_id ? std::optional<std::string>(*only_id) : std::nullopt};
    std::vector<Office> offices;
    auto status = in_transaction(kBeginSnapshot, [&](PgConnection& connection) -> Status {
        offices.clear();
        auto office_rows = connection.query(
            "SELECT id, code, name_es, name_en, street, municipality, province, queue_policy, "
            "normals_per_priority, call_by_number FROM offices "
            "WHERE $1::text IS NULL OR id = $1 ORDER BY id COLLATE \"C\"",
            filter, "read offices");
        if (!office_rows) {
            return office_rows.error();
        }
        std::map<std::string, std::size_t> office_index;
        for (int row = 0; row < office_rows->rows(); ++row) {
            Office office;
            office.id = office_rows->text(row, 0);
            office.code = office_rows->text(row, 1);
            office.name = {office_rows->text(row, 2), office_rows->text(row, 3)};
            office.address = {office_rows->text(row, 4), office_rows->text(row, 5),
                              office_rows->text(row, 6)};
            office.queue.fairness.kind =
                fairness_kind_from(office_rows->text(row, 7)).value_or(FairnessKind::interleave);
            office.queue.fairness.normals_per_priority =
                static_cast<int>(office_rows->integer(row, 8));
            office.queue.call_by_number = office_rows->integer(row, 9) != 0;
            office_index[office.id] = offices.size();
            offices.push_back(std::move(office));
        }

        auto service_rows = connection.query(
            "SELECT office_id, id, prefix, name_es, name_en, counters FROM services "
            "WHERE $1::text IS NULL OR office_id = $1 ORDER BY office_id, position",
            filter, "read services");
        if (!service_rows) {
            return service_rows.error();
        }
        for (int row = 0; row < service_rows->rows(); ++row) {
            const auto office = office_index.find(service_rows->text(row, 0));
            if (office == office_index.end()) {
                continue;
            }
            Service service;
            service.id = service_rows->text(row, 1);
            service.prefix = service_rows->text(row, 2);
            service.name = {service_rows->text(row, 3), service_rows->text(row, 4)};
            service.counters = split_days(service_rows->text(row, 5));  // the same "1,2,3" form
            offices[office->second].services.push_back(std::move(service));
        }
        auto group_rows = connection.query(
            "SELECT office_id, id, weight, name_es, name_en FROM priority_groups "
            "WHERE $1::text IS NULL OR office_id = $1 ORDER BY office_id, position",
            filter, "read priority groups");
        if (!group_rows) {
            return group_rows.error();
        }
        for (int row = 0; row < group_rows->rows(); ++row) {
            const auto office = office_index.find(group_rows->text(row, 0));
            if (office == office_index.end()) {
                continue;
            }
            offices[office->second].queue.priority_groups.push_back(
                {group_rows->text(row, 1), static_cast<int>(group_rows->integer(row, 2)),
                 {group_rows->text(row, 3), group_rows->text(row, 4)}});
        }
        // Pointers are taken only now that the service vectors have stopped growing.
        std::map<std::pair<std::string, std::string>, Service*> service_index;
        for (Office& office : offices) {
            for (Service& service : office.services) {
                service_index[{office.id, service.id}] = &service;
            }
        }

        auto hour_rows = connection.query(
            "SELECT office_id, service_id, days, opens, closes FROM service_hours "
            "WHERE $1::text IS NULL OR office_id = $1 ORDER BY office_id, service_id, position",
            filter, "read service hours");
        if (!hour_rows) {
            return hour_rows.error();
        }
        for (int row = 0; row < hour_rows->rows(); ++row) {
            const auto service =
                service_index.find({hour_rows->text(row, 0), hour_rows->text(row, 1)});
            if (service == service_index.end()) {
                continue;
            }
            service->second->hours.push_back({split_days(hour_rows->text(row, 2)),
                                              hour_rows->text(row, 3), hour_rows->text(row, 4)});
        }
        return ok_status();
    });
    if (!status) {
        return status.error();
    }
    return offices;
}

Status PostgresCentralStore::put_offices(std::span<const Office> offices) {
    return in_transaction(kBeginWrite, [&](PgConnection& connection) -> Status {
        // Writers of offices take turns. ON CONFLICT (id) alone is not enough:
        // two processes inserting the same new office (every server loading the
        // demo at start) would collide on the code's unique index, which
        // ON CONFLICT does not arbitrate. Offices change rarely; waiting is cheap.
        if (auto locked = connection.run("SELECT pg_advisory_xact_lock($1::bigint)",
                                         {std::string(kOfficeWritersLock)}, "lock offices");
            !locked) {
            return locked;
        }
        for (const Office& office : offices) {
            if (auto status = connection.run(
                    "INSERT INTO offices (id, code, name_es, name_en, street, municipality, "
                    "province, queue_policy, normals_per_priority, call_by_number) "
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
                    "ON CONFLICT (id) DO UPDATE SET code = excluded.code, "
                    "name_es = excluded.name_es, name_en = excluded.name_en, "
                    "street = excluded.street, municipality = excluded.municipality, "
                    "province = excluded.province, queue_policy = excluded.queue_policy, "
                    "normals_per_priority = excluded.normals_per_priority, "
                    "call_by_number = excluded.call_by_number",
                    {office.id, office.code, office.name.es, office.name.en, office.address.street,
                     office.address.municipality, office.address.province,
                     std::string(name_of(office.queue.fairness.kind)),
                     std::to_string(office.queue.fairness.normals_per_priority),
                     office.queue.call_by_number ? "1" : "0"},
                    "store office " + office.id);
                !status) {
                return status;
            }
            if (auto status = connection.run("DELETE FROM priority_groups WHERE office_id = $1",
                                             {office.id},
                                             "replace priority groups of " + office.id);
                !status) {
                return status;
            }
            for (std::size_t g = 0; g < office.queue.priority_groups.size(); ++g) {
                const QueuePriorityGroup& group = office.queue.priority_groups[g];
                if (auto status = connection.run(
                        "INSERT INTO priority_groups (office_id, id, position, weight, name_es, "
                        "name_en) VALUES ($1, $2, $3, $4, $5, $6)",
                        {office.id, group.id, std::to_string(g), std::to_string(group.weight),
                         group.name.es, group.name.en},
                        "store priority group " + office.id + "/" + group.id);
                    !status) {
                    return status;
                }
            }
            // Replacing an office's services wholesale (hours go with them by
            // cascade) keeps "store the same data twice" a no-op for readers.
            if (auto status = connection.run("DELETE FROM services WHERE office_id = $1",
                                             {office.id}, "replace services of " + office.id);
                !status) {
                return status;
            }
            for (std::size_t s = 0; s < office.services.size(); ++s) {
                const Service& service = office.services[s];
                if (auto status = connection.run(
                        "INSERT INTO services (office_id, id, position, prefix, name_es, name_en, "
                        "counters) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                        {office.id, service.id, std::to_string(s), service.prefix, service.name.es,
                         service.name.en, join_days(service.counters)},
                        "store service " + office.id + "/" + service.id);
                    !status) {
                    return status;
                }
                for (std::size_t h = 0; h < service.hours.size(); ++h) {
                    const OpeningPeriod& period = service.hours[h];
                    if (auto status = connection.run(
                            "INSERT INTO service_hours (office_id, service_id, position, days, "
                            "opens, closes) VALUES ($1, $2, $3, $4, $5, $6)",
                            {office.id, service.id, std::to_string(h), join_days(period.days),
                             period.opens, period.closes},
                            "store hours of " + office.id + "/" + service.id);
                        !status) {
                        return status;
                    }
                }
            }
        }
        return ok_status();
    });
}

Result<std::optional<std::vector<PostalEvent>>> PostgresCentralStore::tracking_events(
    std::string_view item_id) {
    std::vector<PostalEvent> events;
    auto status = in_transaction(kBeginRead, [&](PgConnection& connection) -> Status {
        events.clear();
        auto rows = connection.query("SELECT " + std::string(kEventColumns) +
                                         " FROM tracking_events WHERE item_id = $1 "
                                         "ORDER BY time_s DESC, seq DESC",
                                     {std::string(item_id)}, "read tracking events");
        if (!rows) {
            return rows.error();
        }
        for (int row = 0; row < rows->rows(); ++row) {
            events.push_back(read_event(*rows, row));
        }
        return ok_status();
    });
    if (!status) {
        return status.error();
    }
    // An item exists only through its events, so no events means never seen.
    if (events.empty()) {
        return std::optional<std::vector<PostalEvent>>();
    }
    return std::optional<std::vector<PostalEvent>>(std::move(events));
}

// One statement per event tries the insert; ON CONFLICT DO NOTHING makes a
// second writer of the same event id wait for the first one's commit and then
// insert nothing, so of two processes storing one event at once exactly one
// gets `accepted`. Whoever inserts nothing reads the stored event and compares.
Result<std::vector<TrackingWrite>> PostgresCentralStore::put_tracking_events(
    std::span<const PostalEvent> events, std::int64_t received_at_s) {
    const std::string received = std::to_string(received_at_s);
    std::vector<TrackingWrite> writes;
    auto status = in_transaction(kBeginWrite, [&](PgConnection& connection) -> Status {
        writes.clear();
        writes.reserve(events.size());
        for (const PostalEvent& event : events) {
            auto inserted = connection.query(
                "WITH new_event AS ("
                " INSERT INTO tracking_events (" +
                    std::string(kEventColumns) +
                    ", received_at_s) "
                    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
                    " ON CONFLICT (event_id) DO NOTHING RETURNING item_id), "
                    "new_item AS ("
                    " INSERT INTO tracked_items (item_id, first_seen_s)"
                    " SELECT item_id, $11 FROM new_event ON CONFLICT (item_id) DO NOTHING) "
                    "SELECT count(*) FROM new_event",
                {event.event_id, event.item_id, event.code, event.time,
                 std::to_string(event.time_s), event.office_code, event.office_name, event.location,
                 event.country, event.counter, received},
                "store tracking event");
            if (!inserted) {
                return inserted.error();
            }
            if (inserted->integer(0, 0) == 1) {
                writes.push_back(TrackingWrite::accepted);
                continue;
            }
            auto stored = connection.query("SELECT " + std::string(kEventColumns) +
                                               " FROM tracking_events WHERE event_id = $1",
                                           {event.event_id}, "look up tracking event");
            if (!stored) {
                return stored.error();
            }
            if (stored->rows() != 1) {
                return make_error(
                    "store.io", "tracking event " + event.event_id + " is neither new nor stored");
            }
            writes.push_back(read_event(*stored, 0) == event ? TrackingWrite::duplicate
                                                             : TrackingWrite::conflict);
        }
        return ok_status();
    });
    if (!status) {
        return status.error();
    }
    return writes;
}

namespace {

// The first row of "SELECT id, kind, created_at, content, content_hash, device_id, received_at_s".
StoredRecord stored_record(const PgResult& rows) {
    StoredRecord stored;
    stored.record = {rows.text(0, 0), rows.text(0, 1), rows.text(0, 2), rows.text(0, 3), rows.text(0, 4)};
    stored.device_id = rows.text(0, 5);
    stored.received_at_s = rows.integer(0, 6);
    return stored;
}

constexpr std::string_view kDeviceColumns =
    "id, role, office_id, terminal_number, name, enrolled_at_s, revoked_at_s";

Device read_device(const PgResult& rows, int row) {
    Device device;
    device.id = rows.text(row, 0);
    device.role = rows.text(row, 1);
    device.office_id = rows.text(row, 2);
    device.terminal_number = static_cast<int>(rows.integer(row, 3));
    device.name = rows.text(row, 4);
    device.enrolled_at_s = rows.integer(row, 5);
    if (!rows.is_null(row, 6)) {
        device.revoked_at_s = rows.integer(row, 6);
    }
    return device;
}

}  // namespace

Status PostgresCentralStore::put_enrolment_code(const EnrolmentCodeGrant& code) {
    return in_transaction(kBeginWrite, [&](PgConnection& connection) {
        return connection.run(
            "INSERT INTO enrolment_codes (code_hash, role, office_id, issued_at_s, expires_at_s) "
            "VALUES ($1, $2, $3, $4, $5)",
            {code.code_hash, code.role, code.office_id, std::to_string(code.issued_at_s),
             std::to_string(code.expires_at_s)},
            "store enrolment code");
    });
}

Result<EnrolmentResult> PostgresCentralStore::redeem_enrolment_code(std::string_view code_hash,
                                                                    const Device& device,
                                                                    std::string_view token_hash,
                                                                    std::int64_t now_s) {
    EnrolmentResult result;
    auto status = in_transaction(kBeginWrite, [&](PgConnection& connection) -> Status {
        result = EnrolmentResult{};
        // FOR UPDATE: a second redemption of the same code, from any process,
        // waits here for the first to commit and then reads the code as used.
        auto code = connection.query(
            "SELECT role, office_id, expires_at_s, used_at_s FROM enrolment_codes "
            "WHERE code_hash = $1 FOR UPDATE",
            {std::string(code_hash)}, "look up enrolment code");
        if (!code) {
            return code.error();
        }
        if (code->rows() == 0) {
            result.outcome = EnrolmentOutcome::unknown_code;
            return ok_status();
        }
        if (!code->is_null(0, 3)) {
            result.outcome = EnrolmentOutcome::code_used;
            return ok_status();
        }
        if (now_s >= code->integer(0, 2)) {
            result.outcome = EnrolmentOutcome::code_expired;
            return ok_status();
        }
        Device stored = device;
        stored.role = code->text(0, 0);
        stored.office_id = code->text(0, 1);
        stored.enrolled_at_s = now_s;
        stored.revoked_at_s.reset();
        if (auto inserted = connection.run(
                "INSERT INTO devices (id, role, office_id, terminal_number, name, token_hash, "
                "enrolled_at_s, signing_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                {stored.id, stored.role, stored.office_id, std::to_string(stored.terminal_number),
                 stored.name, std::string(token_hash), std::to_string(now_s), stored.signing_key},
                "store device");
            !inserted) {
            return inserted;
        }
        if (auto used = connection.run(
                "UPDATE enrolment_codes SET used_at_s = $2, device_id = $3 WHERE code_hash = $1",
                {std::string(code_hash), std::to_string(now_s), stored.id},
                "mark enrolment code used");
            !used) {
            return used;
        }
        result.outcome = EnrolmentOutcome::enrolled;
        result.device = std::move(stored);
        return ok_status();
    });
    if (!status) {
        return status.error();
    }
    return result;
}

Result<std::optional<Device>> PostgresCentralStore::device_by_token_hash(
    std::string_view token_hash) {
    std::optional<Device> found;
    auto status = in_transaction(kSingleRead, [&](PgConnection& connection) -> Status {
        auto rows = connection.query(
            "SELECT " + std::string(kDeviceColumns) + " FROM devices WHERE token_hash = $1",
            {std::string(token_hash)}, "look up device");
        if (!rows) {
            return rows.error();
        }
        found.reset();
        if (rows->rows() > 0) {
            found = read_device(*rows, 0);
        }
        return ok_status();
    });
    if (!status) {
        return status.error();
    }
    return found;
}

Result<bool> PostgresCentralStore::revoke_device(std::string_view device_id, std::int64_t now_s) {
    bool revoked = false;
    auto status = in_transaction(kBeginWrite, [&](PgConnection& connection) -> Status {
        auto rows = connection.query(
            "UPDATE devices SET revoked_at_s = coalesce(revoked_at_s, $2) WHERE id = $1 "
            "RETURNING id",
            {std::string(device_id), std::to_string(now_s)}, "revoke device");
        if (!rows) {
            return rows.error();
        }
        revoked = rows->rows() > 0;
        return ok_status();
    });
    if (!status) {
        return status.error();
    }
    return revoked;
}

// As put_tracking_events: ON CONFLICT DO NOTHING lets the first writer of an
// id win across processes; the others compare with what it stored.
Result<std::vector<RecordWrite>> PostgresCentralStore::put_records(
    std::string_view device_id, std::span<const DeviceRecord> records, std::int64_t received_at_s) {
    const std::string device(device_id);
    const std::string received = std::to_string(received_at_s);
    std::vector<RecordWrite> writes;
    auto status = in_transaction(kBeginWrite, [&](PgConnection& connection) -> Status {
        writes.clear();
        writes.reserve(records.size());
        for (const DeviceRecord& record : records) {
            const PgParams params = {record.id,         device,         record.kind,
                                     record.created_at, record.content, record.content_hash,
                                     received};
            auto inserted = connection.query(
                "WITH new_record AS ("
                " INSERT INTO records (id, device_id, kind, created_at, content, content_hash,"
                " received_at_s) VALUES ($1, $2, $3, $4, $5, $6, $7)"
                " ON CONFLICT (id) DO NOTHING RETURNING 1) "
                "SELECT count(*) FROM new_record",
                params, "store record");
            if (!inserted) {
                return inserted.error();
            }
            if (inserted->integer(0, 0) == 1) {
                writes.push_back(RecordWrite::accepted);
                continue;
            }
            auto stored =
                connection.query("SELECT device_id, content_hash FROM records WHERE id = $1",
                                 {record.id}, "look up record");
            if (!stored) {
                return stored.error();
            }
            if (stored->rows() != 1) {
                return make_error("store.io", "record " + record.id + " is neither new nor stored");
            }
            if (stored->text(0, 0) == device && stored->text(0, 1) == record.content_hash) {
                writes.push_back(RecordWrite::duplicate);
                continue;
            }
            if (auto kept = connection.run(
                    "INSERT INTO record_conflicts (record_id, device_id, kind, created_at, "
                    "content, content_hash, received_at_s) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                    "ON CONFLICT (record_id, device_id, content_hash) DO NOTHING",
                    params, "keep conflicting record aside");
                !kept) {
                return kept;
            }
            writes.push_back(RecordWrite::conflict);
        }
        return ok_status();
    });
    if (!status) {
        return status.error();
    }
    return writes;
}

Result<std::optional<StoredRecord>> PostgresCentralStore::record(std::string_view id) {
    std::optional<StoredRecord> found;
    auto status = in_transaction(kSingleRead, [&](PgConnection& connection) -> Status {
        auto rows = connection.query(
            "SELECT id, kind, created_at, content, content_hash, device_id, received_at_s "
            "FROM records WHERE id = $1",
            {std::string(id)}, "read record");
        if (!rows) {
            return rows.error();
        }
        found.reset();
        if (rows->rows() > 0) found = stored_record(*rows);
        return ok_status();
    });
    if (!status) {
        return status.error();
    }
    return found;
}

Result<std::optional<StoredRecord>> PostgresCentralStore::submission_by_reference(std::string_view reference) {
    std::optional<StoredRecord> found;
    auto status = in_transaction(kSingleRead, [&](PgConnection& connection) -> Status {
        auto rows = connection.query(
            "SELECT id, kind, created_at, content, content_hash, device_id, received_at_s FROM records "
            "WHERE kind = 'submission' AND (content::jsonb) ->> 'reference' = $1",
            {std::string(reference)}, "read submission");
        if (!rows) return rows.error();
        found.reset();
        if (rows->rows() > 0) found = stored_record(*rows);
        return ok_status();
    });
    if (!status) return status.error();
    return found;
}

Result<std::vector<Device>> PostgresCentralStore::signing_devices() {
    std::vector<Device> devices;
    auto status = in_transaction(kSingleRead, [&](PgConnection& connection) -> Status {
        auto rows = connection.query(
            "SELECT id, role, office_id, terminal_number, name, enrolled_at_s, signing_key FROM devices "
            "WHERE revoked_at_s IS NULL AND signing_key <> '' ORDER BY id",
            {}, "read signing keys");
        if (!rows) return rows.error();
        devices.clear();
        for (int i = 0; i < rows->rows(); ++i) {
            Device device;
            device.id = rows->text(i, 0);
            device.role = rows->text(i, 1);
            device.office_id = rows->text(i, 2);
            device.terminal_number = static_cast<int>(rows->integer(i, 3));
            device.name = rows->text(i, 4);
            device.enrolled_at_s = rows->integer(i, 5);
            device.signing_key = rows->text(i, 6);
            devices.push_back(std::move(device));
        }
        return ok_status();
    });
    if (!status) return status.error();
    return devices;
}

Result<std::optional<SubmissionState>> PostgresCentralStore::submission_state(std::string_view reference) {
    std::optional<SubmissionState> found;
    auto status = in_transaction(kSingleRead, [&](PgConnection& connection) -> Status {
        auto rows = connection.query(
            "SELECT status, reason, answer, clerk, device_id, updated_at_s FROM submission_states "
            "WHERE reference = $1",
            {std::string(reference)}, "read submission state");
        if (!rows) return rows.error();
        found.reset();
        if (rows->rows() > 0) {
            found = SubmissionState{rows->text(0, 0), rows->text(0, 1), rows->text(0, 2),
                                    rows->text(0, 3), rows->text(0, 4), rows->integer(0, 5)};
        }
        return ok_status();
    });
    if (!status) return status.error();
    return found;
}

Status PostgresCentralStore::put_submission_state(std::string_view reference, const SubmissionState& state) {
    return in_transaction(kBeginWrite, [&](PgConnection& connection) -> Status {
        auto rows = connection.query(
            "INSERT INTO submission_states (reference, status, reason, answer, clerk, device_id, updated_at_s) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (reference) DO UPDATE SET "
            "status = excluded.status, reason = excluded.reason, answer = excluded.answer, "
            "clerk = excluded.clerk, device_id = excluded.device_id, updated_at_s = excluded.updated_at_s",
            {std::string(reference), state.status, state.reason, state.answer, state.clerk, state.device_id,
             std::to_string(state.updated_at_s)},
            "write submission state");
        if (!rows) return rows.error();
        return ok_status();
    });
}

Status PostgresCentralStore::queue_transaction(std::string_view office_id, QueueAccess access,
                                               const QueueWork& work) {
    if (access == QueueAccess::read) {
        return in_transaction(kBeginSnapshot, [&](PgConnection& connection) {
            PostgresQueueSql sql(connection);
            return work(sql);
        });
    }
    const std::string office(office_id);
    return in_transaction(kBeginWrite, [&](PgConnection& connection) -> Status {
        // Held until commit: a second writer of this office, in any process, waits here
        // and then reads what the first one committed.
        if (auto locked =
                connection.run("SELECT pg_advisory_xact_lock($1::integer, hashtext($2))",
                               {std::string(kQueueLockSpace), office}, "lock the queue of " + office);
            !locked) {
            return locked;
        }
        PostgresQueueSql sql(connection);
        return work(sql);
    });
}

}  // namespace ventanilla
