// The queue's tables (migration 4 of both central stores): queue settings, tickets, calls,
// clerks, counter sessions and appointments.
#pragma once

#include <string_view>

namespace ventanilla {

// No foreign key points from the queue to services or offices: put_offices replaces an
// office's services wholesale (DELETE then INSERT), and a cascade would wipe the day's
// tickets whenever the reference data is loaded again.
//
// queue_tickets.status: 'waiting', 'called' (held by `counter`), 'served', 'no_show'.
// queue_seq orders the queue (office-wide, rises each time a ticket joins a queue: issue,
// upload of an offline ticket, transfer); number_day is the office's local date
// 'YYYY-MM-DD' on which the ticket was numbered, so numbers restart each day.
// queue_sequences holds the counters that number things gaplessly under a row lock:
// ('tickets') the queue order, ('calls') the office's call sequence, and
// ('number <day> <service>') the day's numbers of each service.
inline constexpr std::string_view kSqliteQueueMigration = R"sql(
ALTER TABLE offices ADD COLUMN queue_policy TEXT NOT NULL DEFAULT 'interleave';
ALTER TABLE offices ADD COLUMN normals_per_priority INTEGER NOT NULL DEFAULT 1;
ALTER TABLE offices ADD COLUMN call_by_number INTEGER NOT NULL DEFAULT 0;
ALTER TABLE services ADD COLUMN counters TEXT NOT NULL DEFAULT '';
CREATE TABLE priority_groups (
    office_id TEXT NOT NULL REFERENCES offices(id) ON DELETE CASCADE,
    id        TEXT NOT NULL,
    position  INTEGER NOT NULL,
    weight    INTEGER NOT NULL,
    name_es   TEXT NOT NULL,
    name_en   TEXT NOT NULL,
    PRIMARY KEY (office_id, id)
) STRICT;
CREATE TABLE queue_sequences (
    office_id TEXT NOT NULL,
    name      TEXT NOT NULL,
    value     INTEGER NOT NULL,
    PRIMARY KEY (office_id, name)
) STRICT;
CREATE TABLE queue_tickets (
    id            TEXT PRIMARY KEY,  -- the kiosk's UUID: the idempotency key
    office_id     TEXT NOT NULL,
    number_day    TEXT NOT NULL,
    number        TEXT NOT NULL,     -- 'A-042', or the kiosk's own 'A-9-007' when offline
    service       TEXT NOT NULL,     -- where it queues now (a transfer changes it)
    priority      TEXT,              -- a priority group id, NULL for a normal ticket
    weight        INTEGER NOT NULL,
    queue_seq     INTEGER NOT NULL,
    joined_at_s   INTEGER NOT NULL,  -- when it joined its current queue (server clock)
    issued_at_s   INTEGER NOT NULL,  -- when the server first stored it
    offline       INTEGER NOT NULL,
    appointment   TEXT,              -- the appointment code it checked in with
    device_id     TEXT NOT NULL,     -- the kiosk that issued it
    request_hash  TEXT NOT NULL,     -- what was asked, to tell a repeat from a conflict
    answer        TEXT NOT NULL,     -- the first answer, given again to a repeat
    status        TEXT NOT NULL,
    counter       INTEGER,
    called_at_s   INTEGER,
    finished_at_s INTEGER,
    UNIQUE (office_id, number_day, number)
) STRICT;
CREATE INDEX queue_tickets_by_status ON queue_tickets (office_id, status, service, queue_seq);
CREATE INDEX queue_tickets_finished ON queue_tickets (office_id, service, finished_at_s);
CREATE TABLE queue_calls (
    office_id   TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    ticket_id   TEXT NOT NULL,
    number      TEXT NOT NULL,
    service     TEXT NOT NULL,
    counter     INTEGER NOT NULL,
    recall      INTEGER NOT NULL,
    appointment INTEGER NOT NULL,
    priority    INTEGER NOT NULL,  -- 1 when the ticket had a priority group
    called_at_s INTEGER NOT NULL,
    day         TEXT NOT NULL,
    PRIMARY KEY (office_id, seq)
) STRICT;
CREATE INDEX queue_calls_by_counter ON queue_calls (office_id, day, counter, seq);
CREATE TABLE clerks (
    office_id       TEXT NOT NULL,
    id              TEXT NOT NULL,
    name            TEXT NOT NULL,
    pin_hash        TEXT NOT NULL,  -- argon2id, libsodium's crypto_pwhash_str format
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until_s  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (office_id, id)
) STRICT;
CREATE TABLE counter_sessions (
    token_hash   TEXT PRIMARY KEY,  -- hex BLAKE2b-256 of the session token
    office_id    TEXT NOT NULL,
    counter      INTEGER NOT NULL,
    clerk_id     TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    services     TEXT NOT NULL,     -- service ids joined by ','
    opened_at_s  INTEGER NOT NULL,
    ended_at_s   INTEGER,
    paused       INTEGER NOT NULL DEFAULT 0,
    pause_reason TEXT
) STRICT;
CREATE INDEX counter_sessions_open ON counter_sessions (office_id, ended_at_s, counter);
CREATE TABLE appointments (
    office_id       TEXT NOT NULL,
    code            TEXT NOT NULL,  -- a reference code, '7K3MQ9XC' (no dash)
    service         TEXT NOT NULL,
    time_s          INTEGER NOT NULL,
    early_s         INTEGER NOT NULL,  -- check-in opens this long before time_s
    late_s          INTEGER NOT NULL,  -- and closes this long after it
    ticket_id       TEXT,
    checked_in_at_s INTEGER,
    PRIMARY KEY (office_id, code)
) STRICT;
CREATE INDEX appointments_by_time ON appointments (office_id, time_s);
)sql";

inline constexpr std::string_view kPostgresQueueMigration = R"sql(
ALTER TABLE offices ADD COLUMN queue_policy text NOT NULL DEFAULT 'interleave';
ALTER TABLE offices ADD COLUMN normals_per_priority integer NOT NULL DEFAULT 1;
ALTER TABLE offices ADD COLUMN call_by_number integer NOT NULL DEFAULT 0;
ALTER TABLE services ADD COLUMN counters text NOT NULL DEFAULT '';
CREATE TABLE priority_groups (
    office_id text NOT NULL REFERENCES offices(id) ON DELETE CASCADE,
    id        text NOT NULL,
    position  integer NOT NULL,
    weight    integer NOT NULL,
    name_es   text NOT NULL,
    name_en   text NOT NULL,
    PRIMARY KEY (office_id, id)
);
CREATE TABLE queue_sequences (
    office_id text NOT NULL,
    name      text NOT NULL,
    value     bigint NOT NULL,
    PRIMARY KEY (office_id, name)
);
CREATE TABLE queue_tickets (
    id            text PRIMARY KEY,
    office_id     text NOT NULL,
    number_day    text NOT NULL,
    number        text NOT NULL,
    service       text NOT NULL,
    priority      text,
    weight        integer NOT NULL,
    queue_seq     bigint NOT NULL,
    joined_at_s   bigint NOT NULL,
    issued_at_s   bigint NOT NULL,
    offline       integer NOT NULL,
    appointment   text,
    device_id     text NOT NULL,
    request_hash  text NOT NULL,
    answer        text NOT NULL,
    status        text NOT NULL,
    counter       integer,
    called_at_s   bigint,
    finished_at_s bigint,
    UNIQUE (office_id, number_day, number)
);
CREATE INDEX queue_tickets_by_status ON queue_tickets (office_id, status, service, queue_seq);
CREATE INDEX queue_tickets_finished ON queue_tickets (office_id, service, finished_at_s);
CREATE TABLE queue_calls (
    office_id   text NOT NULL,
    seq         bigint NOT NULL,
    ticket_id   text NOT NULL,
    number      text NOT NULL,
    service     text NOT NULL,
    counter     integer NOT NULL,
    recall      integer NOT NULL,
    appointment integer NOT NULL,
    priority    integer NOT NULL,
    called_at_s bigint NOT NULL,
    day         text NOT NULL,
    PRIMARY KEY (office_id, seq)
);
CREATE INDEX queue_calls_by_counter ON queue_calls (office_id, day, counter, seq);
CREATE TABLE clerks (
    office_id       text NOT NULL,
    id              text NOT NULL,
    name            text NOT NULL,
    pin_hash        text NOT NULL,
    failed_attempts integer NOT NULL DEFAULT 0,
    locked_until_s  bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (office_id, id)
);
CREATE TABLE counter_sessions (
    token_hash   text PRIMARY KEY,
    office_id    text NOT NULL,
    counter      integer NOT NULL,
    clerk_id     text NOT NULL,
    device_id    text NOT NULL,
    services     text NOT NULL,
    opened_at_s  bigint NOT NULL,
    ended_at_s   bigint,
    paused       integer NOT NULL DEFAULT 0,
    pause_reason text
);
CREATE INDEX counter_sessions_open ON counter_sessions (office_id, ended_at_s, counter);
CREATE TABLE appointments (
    office_id       text NOT NULL,
    code            text NOT NULL,
    service         text NOT NULL,
    time_s          bigint NOT NULL,
    early_s         bigint NOT NULL,
    late_s          bigint NOT NULL,
    ticket_id       text,
    checked_in_at_s bigint,
    PRIMARY KEY (office_id, code)
);
CREATE INDEX appointments_by_time ON appointments (office_id, time_s);
)sql";

// Migration 7, the same on both backends: counts that every ticket issue needs, read from
// indexes alone (server/queue_store.cpp, queue_before_newcomer and call_history). The
// first holds only waiting tickets, so it stays as small as the queues are (its
// status column lets SQLite read nothing else).
inline constexpr std::string_view kQueueCountIndexes = R"sql(
CREATE INDEX queue_tickets_waiting ON queue_tickets
    (office_id, service, number_day, status, priority, weight, joined_at_s) WHERE status = 'waiting';
CREATE INDEX queue_calls_by_service ON queue_calls (office_id, day, service, recall, priority, seq);
CREATE INDEX queue_calls_by_counter_kind ON queue_calls (office_id, day, counter, recall, priority, seq);
)sql";

// Migration 8: how many tickets wait in each service today, by priority group and weight,
// so that a new ticket's people ahead are a few rows read instead of a walk over the
// service's waiting tickets. Triggers keep the counts in the same transaction as every
// change of a ticket (issue, call, transfer, a no-show put back, any later path), so they
// cannot drift from queue_tickets. `priority` is '' for a normal ticket. Rows of earlier
// days stay, a few per service and day.
inline constexpr std::string_view kSqliteQueueWaitingCounts = R"sql(
CREATE TABLE queue_waiting_counts (
    office_id  TEXT NOT NULL,
    service    TEXT NOT NULL,
    number_day TEXT NOT NULL,
    priority   TEXT NOT NULL,
    weight     INTEGER NOT NULL,
    waiting    INTEGER NOT NULL,
    PRIMARY KEY (office_id, service, number_day, priority, weight)
) STRICT, WITHOUT ROWID;
INSERT INTO queue_waiting_counts (office_id, service, number_day, priority, weight, waiting)
    SELECT office_id, service, number_day, coalesce(priority, ''), weight, COUNT(*)
    FROM queue_tickets WHERE status = 'waiting'
    GROUP BY office_id, service, number_day, coalesce(priority, ''), weight;
CREATE TRIGGER queue_waiting_joined AFTER INSERT ON queue_tickets
WHEN new.status = 'waiting' BEGIN
    INSERT INTO queue_waiting_counts VALUES
        (new.office_id, new.service, new.number_day, coalesce(new.priority, ''), new.weight, 1)
    ON CONFLICT (office_id, service, number_day, priority, weight)
        DO UPDATE SET waiting = waiting + 1;
END;
CREATE TRIGGER queue_waiting_removed AFTER DELETE ON queue_tickets
WHEN old.status = 'waiting' BEGIN
    UPDATE queue_waiting_counts SET waiting = waiting - 1
    WHERE office_id = old.office_id AND service = old.service AND number_day = old.number_day
        AND priority = coalesce(old.priority, '') AND weight = old.weight;
END;
CREATE TRIGGER queue_waiting_changed
AFTER UPDATE OF status, service, number_day, priority, weight, office_id ON queue_tickets
WHEN old.status = 'waiting' OR new.status = 'waiting' BEGIN
    UPDATE queue_waiting_counts SET waiting = waiting - 1
    WHERE old.status = 'waiting' AND office_id = old.office_id AND service = old.service
        AND number_day = old.number_day AND priority = coalesce(old.priority, '')
        AND weight = old.weight;
    INSERT INTO queue_waiting_counts
        SELECT new.office_id, new.service, new.number_day, coalesce(new.priority, ''),
               new.weight, 1
        WHERE new.status = 'waiting'
    ON CONFLICT (office_id, service, number_day, priority, weight)
        DO UPDATE SET waiting = waiting + 1;
END;
)sql";

inline constexpr std::string_view kPostgresQueueWaitingCounts = R"sql(
CREATE TABLE queue_waiting_counts (
    office_id  text NOT NULL,
    service    text NOT NULL,
    number_day text NOT NULL,
    priority   text NOT NULL,
    weight     integer NOT NULL,
    waiting    bigint NOT NULL,
    PRIMARY KEY (office_id, service, number_day, priority, weight)
);
INSERT INTO queue_waiting_counts (office_id, service, number_day, priority, weight, waiting)
    SELECT office_id, service, number_day, coalesce(priority, ''), weight, COUNT(*)
    FROM queue_tickets WHERE status = 'waiting'
    GROUP BY office_id, service, number_day, coalesce(priority, ''), weight;
CREATE FUNCTION queue_waiting_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        IF OLD.status = 'waiting' THEN
            UPDATE queue_waiting_counts SET waiting = waiting - 1
            WHERE office_id = OLD.office_id AND service = OLD.service
                AND number_day = OLD.number_day AND priority = coalesce(OLD.priority, '')
                AND weight = OLD.weight;
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        IF NEW.status = 'waiting' THEN
            INSERT INTO queue_waiting_counts VALUES
                (NEW.office_id, NEW.service, NEW.number_day, coalesce(NEW.priority, ''),
                 NEW.weight, 1)
            ON CONFLICT (office_id, service, number_day, priority, weight)
                DO UPDATE SET waiting = queue_waiting_counts.waiting + 1;
        END IF;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER queue_waiting_count
AFTER INSERT OR DELETE OR UPDATE OF status, service, number_day, priority, weight, office_id
ON queue_tickets FOR EACH ROW EXECUTE FUNCTION queue_waiting_count();
)sql";

}  // namespace ventanilla
