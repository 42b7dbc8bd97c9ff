#include "kiosk/ticket_store.h"

#include "kiosk/uuid.h"

namespace ventanilla {

namespace {

constexpr std::string_view kColumns =
    "seq, id, office_id, service_id, priority, created_at, state, coalesce(number, ''), "
    "issued_at, people_ahead, estimated_wait_s, coalesce(upload_body, ''), upload_attempts, "
    "coalesce(set_aside_reason, ''), coalesce(set_aside_message, '')";

TicketState state_named(const std::string& name) {
    if (name == "online") return TicketState::online;
    if (name == "offline_waiting") return TicketState::offline_waiting;
    if (name == "offline_sending") return TicketState::offline_sending;
    if (name == "uploaded") return TicketState::uploaded;
    if (name == "set_aside") return TicketState::set_aside;
    if (name == "abandoned") return TicketState::abandoned;
    return TicketState::asking;
}

std::optional<int> optional_int(const SqliteStatement& row, int column) {
    if (row.column_is_null(column)) return std::nullopt;
    return static_cast<int>(row.column_int64(column));
}

StoredTicket read_row(const SqliteStatement& row) {
    StoredTicket stored;
    stored.seq = row.column_int64(0);
    stored.ticket.id = row.column_text(1);
    stored.ticket.office_id = row.column_text(2);
    stored.ticket.service_id = row.column_text(3);
    stored.ticket.priority = row.column_text(4);
    stored.created_at = row.column_text(5);
    stored.state = state_named(row.column_text(6));
    stored.ticket.number = row.column_text(7);
    const std::string issued = row.column_is_null(8) ? stored.created_at : row.column_text(8);
    stored.ticket.issued_at = parse_rfc3339(issued).value_or(WallTime{});
    stored.ticket.people_ahead = optional_int(row, 9);
    stored.ticket.estimated_wait_s = optional_int(row, 10);
    stored.upload_body = row.column_text(11);
    stored.upload_attempts = static_cast<int>(row.column_int64(12));
    stored.set_aside_reason = row.column_text(13);
    stored.set_aside_message = row.column_text(14);
    stored.ticket.offline = stored.state == TicketState::offline_waiting ||
                            stored.state == TicketState::offline_sending ||
                            stored.state == TicketState::uploaded ||
                            stored.state == TicketState::set_aside;
    return stored;
}

Result<std::vector<StoredTicket>> read_all(SqliteStatement& statement) {
    std::vector<StoredTicket> rows;
    while (true) {
        auto row = statement.step();
        if (!row) return row.error();
        if (!row.value()) return rows;
        rows.push_back(read_row(statement));
    }
}

template <typename Bind>
Status run(SqliteDb& db, std::string_view sql, Bind bind) {
    auto statement = db.prepare(sql);
    if (!statement) return statement.error();
    bind(statement.value());
    return statement->run();
}

}  // namespace

std::string_view name_of(TicketState state) {
    switch (state) {
        case TicketState::asking: return "asking";
        case TicketState::online: return "online";
        case TicketState::offline_waiting: return "offline_waiting";
        case TicketState::offline_sending: return "offline_sending";
        case TicketState::uploaded: return "uploaded";
        case TicketState::set_aside: return "set_aside";
        case TicketState::abandoned: return "abandoned";
    }
    return "?";
}

Result<Ticket> TicketStore::create(std::string_view office_id, std::string_view service_id,
                                   std::string_view priority, WallTime created_at) {
    Ticket ticket;
    ticket.id = make_uuid_v4();
    ticket.office_id = std::string(office_id);
    ticket.service_id = std::string(service_id);
    ticket.priority = std::string(priority);
    ticket.issued_at = std::chrono::floor<std::chrono::seconds>(created_at);
    const std::string created_text = format_rfc3339_utc(ticket.issued_at);
    // Autocommit: with WAL and synchronous=FULL the row is on disk when this returns.
    Status stored = run(db_,
                        "INSERT INTO queue_tickets (id, office_id, service_id, priority, created_at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5)",
                        [&](SqliteStatement& s) {
                            s.bind(1, ticket.id).bind(2, office_id).bind(3, service_id).bind(4, priority)
                                .bind(5, created_text);
                        });
    if (!stored) return stored.error();
    return ticket;
}

Status TicketStore::record_online(const Ticket& answered) {
    return run(db_,
               "UPDATE queue_tickets SET state = 'online', number = ?2, issued_at = ?3, "
               "people_ahead = ?4, estimated_wait_s = ?5 WHERE id = ?1 AND state = 'asking'",
               [&](SqliteStatement& s) {
                   s.bind(1, answered.id).bind(2, answered.number)
                       .bind(3, format_rfc3339_utc(answered.issued_at))
                       .bind(4, answered.people_ahead).bind(5, answered.estimated_wait_s);
               });
}

Status TicketStore::record_checked_in(const Ticket& answered, WallTime created_at) {
    return run(db_,
               "INSERT INTO queue_tickets (id, office_id, service_id, priority, created_at, state, "
               "number, issued_at, people_ahead, estimated_wait_s) VALUES (?1, ?2, ?3, ?4, ?5, "
               "'online', ?6, ?7, ?8, ?9) ON CONFLICT (id) DO NOTHING",
               [&](SqliteStatement& s) {
                   s.bind(1, answered.id).bind(2, answered.office_id).bind(3, answered.service_id)
                       .bind(4, answered.priority).bind(5, format_rfc3339_utc(created_at))
                       .bind(6, answered.number).bind(7, format_rfc3339_utc(answered.issued_at))
                       .bind(8, answered.people_ahead).bind(9, answered.estimated_wait_s);
               });
}

Result<Ticket> TicketStore::issue_offline(std::string_view id, std::string_view prefix,
                                          int terminal_number, std::string_view local_day) {
    auto found = find(id);
    if (!found) return found.error();
    if (!*found) return make_error("ticket.unknown", "no ticket " + std::string(id), {{"id", std::string(id)}});
    auto transaction = SqliteTransaction::begin(db_);
    if (!transaction) return transaction.error();
    auto next = db_.prepare(
        "INSERT INTO offline_days (day, last_sequence) VALUES (?1, 1) "
        "ON CONFLICT (day) DO UPDATE SET last_sequence = last_sequence + 1 "
        "RETURNING last_sequence");
    if (!next) return next.error();
    next->bind(1, local_day);
    auto row = next->step();
    if (!row) return row.error();
    const int sequence = static_cast<int>(next->column_int64(0));
    next->reset();

    Ticket ticket = (*found)->ticket;
    ticket.number = offline_ticket_number(prefix, terminal_number, sequence);
    ticket.offline = true;
    ticket.people_ahead.reset();
    ticket.estimated_wait_s.reset();
    ticket.issued_at = parse_rfc3339((*found)->created_at).value_or(ticket.issued_at);
    const std::string body = ticket_request_json(ticket);
    Status updated = run(db_,
                         "UPDATE queue_tickets SET state = 'offline_waiting', number = ?2, "
                         "issued_at = created_at, offline_day = ?3, offline_sequence = ?4, "
                         "upload_body = ?5 WHERE id = ?1 AND state = 'asking'",
                         [&](SqliteStatement& s) {
                             s.bind(1, id).bind(2, ticket.number).bind(3, local_day)
                                 .bind(4, std::int64_t{sequence}).bind(5, body);
                         });
    if (!updated) return updated.error();
    if (db_.changes() != 1) {
        return make_error("ticket.unknown", "ticket " + std::string(id) + " is no longer asking", {{"id", std::string(id)}});
    }
    Status committed = transaction->commit();
    if (!committed) return committed.error();
    return ticket;
}

Status TicketStore::abandon(std::string_view id) {
    return run(db_, "UPDATE queue_tickets SET state = 'abandoned' WHERE id = ?1 AND state = 'asking'",
               [&](SqliteStatement& s) { s.bind(1, id); });
}

Result<std::int64_t> TicketStore::abandon_unanswered() {
    Status done = db_.exec("UPDATE queue_tickets SET state = 'abandoned' WHERE state = 'asking'");
    if (!done) return done.error();
    return db_.changes();
}

Result<std::optional<StoredTicket>> TicketStore::find(std::string_view id) {
    auto select = db_.prepare("SELECT " + std::string(kColumns) + " FROM queue_tickets WHERE id = ?1");
    if (!select) return select.error();
    select->bind(1, id);
    auto rows = read_all(select.value());
    if (!rows) return rows.error();
    if (rows->empty()) return std::optional<StoredTicket>();
    return std::optional<StoredTicket>(std::move(rows->front()));
}

Result<std::vector<StoredTicket>> TicketStore::uploads_due(std::size_t max_tickets) {
    auto select = db_.prepare("SELECT " + std::string(kColumns) +
                              " FROM queue_tickets WHERE state IN ('offline_waiting', "
                              "'offline_sending') ORDER BY seq LIMIT ?1");
    if (!select) return select.error();
    select->bind(1, static_cast<std::int64_t>(std::max<std::size_t>(max_tickets, 1)));
    return read_all(select.value());
}

Status TicketStore::mark_sending(std::string_view id) {
    return run(db_,
               "UPDATE queue_tickets SET state = 'offline_sending', upload_attempts = "
               "upload_attempts + 1 WHERE id = ?1 AND state IN ('offline_waiting', "
               "'offline_sending')",
               [&](SqliteStatement& s) { s.bind(1, id); });
}

Status TicketStore::mark_uploaded(const Ticket& answered) {
    // The number stays the printed one (the server keeps an offline ticket's number); the
    // people ahead are the server's.
    return run(db_,
               "UPDATE queue_tickets SET state = 'uploaded', people_ahead = ?2, "
               "estimated_wait_s = ?3 WHERE id = ?1 AND state IN ('offline_waiting', "
               "'offline_sending')",
               [&](SqliteStatement& s) {
                   s.bind(1, answered.id).bind(2, answered.people_ahead)
                       .bind(3, answered.estimated_wait_s);
               });
}

Status TicketStore::set_aside(std::string_view id, std::string_view reason,
                              std::string_view message) {
    return run(db_,
               "UPDATE queue_tickets SET state = 'set_aside', set_aside_reason = ?2, "
               "set_aside_message = ?3 WHERE id = ?1 AND state IN ('offline_waiting', "
               "'offline_sending')",
               [&](SqliteStatement& s) { s.bind(1, id).bind(2, reason).bind(3, message); });
}

Result<TicketUploadCounts> TicketStore::upload_counts() {
    auto select = db_.prepare(
        "SELECT coalesce(sum(state IN ('offline_waiting', 'offline_sending')), 0), "
        "coalesce(sum(state = 'set_aside'), 0), "
        "min(CASE WHEN state IN ('offline_waiting', 'offline_sending') THEN created_at END) "
        "FROM queue_tickets");
    if (!select) return select.error();
    auto row = select->step();
    if (!row) return row.error();
    TicketUploadCounts counts;
    counts.waiting = select->column_int64(0);
    counts.set_aside = select->column_int64(1);
    if (!select->column_is_null(2)) counts.oldest_created_at = parse_rfc3339(select->column_text(2));
    return counts;
}

Result<int> TicketStore::last_offline_sequence(std::string_view local_day) {
    auto select = db_.prepare("SELECT last_sequence FROM offline_days WHERE day = ?1");
    if (!select) return select.error();
    select->bind(1, local_day);
    auto row = select->step();
    if (!row) return row.error();
    if (!row.value()) return 0;
    return static_cast<int>(select->column_int64(0));
}

}  // namespace ventanilla
