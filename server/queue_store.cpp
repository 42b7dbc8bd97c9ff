#include "server/queue_store.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "kiosk/queue_policy.h"
#include "kiosk/reference_code.h"
#include "kiosk/tracking_time.h"
#include "server/clerk_pin.h"
#include "server/http_router.h"
#include "server/sync_api.h"

namespace ventanilla {

namespace {

using nlohmann::json;
using Clock = std::chrono::system_clock;

constexpr std::int64_t kWeekS = 7 * 24 * 3600;
constexpr std::int64_t kRecentServedTickets = 20;
constexpr std::string_view kAppointmentGroup = "appointment";

std::string time_text(std::int64_t time_s) {
    return rfc3339_utc(Clock::time_point(std::chrono::seconds(time_s)));
}

// "09:45": the office's local time (the server's TZ), for messages people read.
std::string local_hhmm(std::int64_t time_s) { return format_local(time_s, "%H:%M"); }

Clock::time_point time_point(std::int64_t time_s) {
    return Clock::time_point(std::chrono::seconds(time_s));
}

const Service* find_service(const Office& office, std::string_view id) {
    for (const Service& service : office.services) {
        if (service.id == id) return &service;
    }
    return nullptr;
}

const QueuePriorityGroup* find_group(const Office& office, std::string_view id) {
    for (const QueuePriorityGroup& group : office.queue.priority_groups) {
        if (group.id == id) return &group;
    }
    return nullptr;
}

Error unknown_service(const Office& office, std::string_view service) {
    return make_error("queue.unknown_service",
                      "office " + office.id + " has no service \"" + std::string(service) + "\"",
                      {{"service", std::string(service)}});
}

// The next value of one of the office's gapless counters (server/queue_schema.h). The
// row lock it takes is held to the end of the transaction, so the values come out in
// commit order.
Result<std::int64_t> next_value(QueueSql& sql, const std::string& office_id,
                                const std::string& name) {
    auto rows = sql.query(
        "INSERT INTO queue_sequences (office_id, name, value) VALUES ($1, $2, 1) "
        "ON CONFLICT (office_id, name) DO UPDATE SET value = queue_sequences.value + 1 "
        "RETURNING value",
        {office_id, name}, "take the next " + name);
    if (!rows) return rows.error();
    return rows->integer(0, 0);
}

// "A-042": the service's letter and the day's number, three digits at least.
std::string ticket_number(const Service& service, std::int64_t value) {
    std::string digits = std::to_string(value);
    if (digits.size() < 3) digits.insert(0, 3 - digits.size(), '0');
    return service.prefix + "-" + digits;
}

constexpr std::string_view kTicketColumns =
    "id, number, service, priority, weight, queue_seq, joined_at_s, appointment";

struct TicketRow {
    std::string id;
    std::string number;
    std::string service;
    std::optional<std::string> priority;
    int weight = 0;
    std::int64_t queue_seq = 0;
    std::int64_t joined_at_s = 0;
    std::optional<std::string> appointment;
};

std::vector<TicketRow> read_tickets(const SqlRows& rows) {
    std::vector<TicketRow> tickets;
    tickets.reserve(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
        tickets.push_back({rows.text(r, 0), rows.text(r, 1), rows.text(r, 2),
                           rows.optional_text(r, 3), static_cast<int>(rows.integer(r, 4)),
                           rows.integer(r, 5), rows.integer(r, 6), rows.optional_text(r, 7)});
    }
    return tickets;
}

WaitingTicket waiting_ticket(const TicketRow& row) {
    return {row.id, row.service, row.priority.value_or(""), row.weight, row.queue_seq,
            time_point(row.joined_at_s)};
}

// Today's waiting tickets of the office, every service, in queue order.
Result<std::vector<TicketRow>> waiting_tickets(QueueSql& sql, const std::string& office_id,
                                               const std::string& day) {
    auto rows = sql.query("SELECT " + std::string(kTicketColumns) +
                              " FROM queue_tickets WHERE office_id = $1 AND status = 'waiting' "
                              "AND number_day = $2 ORDER BY queue_seq",
                          {office_id, day}, "read the waiting tickets");
    if (!rows) return rows.error();
    return read_tickets(*rows);
}

Result<std::vector<TicketRow>> waiting_in_service(QueueSql& sql, const std::string& office_id,
                                                  const std::string& day,
                                                  const std::string& service) {
    auto rows = sql.query("SELECT " + std::string(kTicketColumns) +
                              " FROM queue_tickets WHERE office_id = $1 AND status = 'waiting' "
                              "AND service = $2 AND number_day = $3 ORDER BY queue_seq",
                          {office_id, service, day}, "read the waiting tickets");
    if (!rows) return rows.error();
    return read_tickets(*rows);
}

// The service's waiting tickets as ahead_of_newcomer counts them, for a newcomer of
// `weight` joining at `now_s`. Every kiosk ticket asks, so this reads the service's counts
// by priority group and weight (migration 8), a few rows whatever the queue's length.
// The aging score is call_order's: seconds waited + weight × 60. A ticket of weight k at
// least the newcomer's is ahead whenever it came; one of a lower k only once it has waited
// (weight - k) minutes, so those of its class that joined more recently are counted apart,
// over the waiting index: they are the last minutes' arrivals, not the whole queue.
Result<QueueBeforeNewcomer> queue_before_newcomer(QueueSql& sql, const Office& office,
                                                  const std::string& day,
                                                  const std::string& service, int weight,
                                                  std::int64_t now_s) {
    auto rows = sql.query(
        "SELECT priority, weight, waiting FROM queue_waiting_counts WHERE office_id = $1 AND "
        "service = $2 AND number_day = $3 AND waiting > 0",
        {office.id, service, day}, "count the waiting tickets");
    if (!rows) return rows.error();
    const bool aging = office.queue.fairness.kind == FairnessKind::aging;
    QueueBeforeNewcomer before;
    for (std::size_t r = 0; r < rows->size(); ++r) {
        const std::string group = rows->text(r, 0);
        const std::int64_t class_weight = rows->integer(r, 1);
        const auto waiting = static_cast<std::size_t>(rows->integer(r, 2));
        (group.empty() ? before.normals : before.priorities) += waiting;
        if (!aging) {
            if (!group.empty() && class_weight >= weight) before.at_least_as_urgent += waiting;
            continue;
        }
        if (class_weight >= weight) {
            before.at_least_as_urgent += waiting;
            continue;
        }
        // PostgreSQL wants every parameter used: the group is bound only when named.
        SqlParams values = {office.id, service, day, class_weight,
                            now_s - (weight - class_weight) * 60};
        std::string of_group = "priority IS NULL";
        if (!group.empty()) {
            of_group = "priority = $6";
            values.push_back(group);
        }
        auto recent = sql.query(
            "SELECT COUNT(*) FROM queue_tickets WHERE office_id = $1 AND service = $2 AND "
            "number_day = $3 AND status = 'waiting' AND " + of_group + " AND weight = $4 AND "
            "joined_at_s > $5",
            values, "count the recent waiting tickets");
        if (!recent) return recent.error();
        before.at_least_as_urgent += waiting - static_cast<std::size_t>(recent->integer(0, 0));
    }
    return before;
}

// Today's calls of one counter (`counter` set) or of one service: the history the
// counter's next choice, or the service's expected order, starts from. Interleave needs
// only the normal calls since the last priority one; a day without a priority call
// starts with one due. Counted over the indexes of migration 7, never call by call.
Result<CallHistory> call_history(QueueSql& sql, const std::string& office_id,
                                 const std::string& day, std::optional<int> counter,
                                 const std::string& service) {
    const std::string of_whom = counter ? "counter = $3" : "service = $3";
    const std::string calls =
        "FROM queue_calls WHERE office_id = $1 AND day = $2 AND " + of_whom + " AND recall = 0 ";
    auto rows = sql.query(
        "WITH last_priority AS (SELECT MAX(seq) AS seq " + calls + "AND priority = 1) "
        "SELECT CASE WHEN (SELECT seq FROM last_priority) IS NULL THEN 1 ELSE 0 END, COUNT(*) " +
            calls + "AND priority = 0 AND seq > COALESCE((SELECT seq FROM last_priority), -1)",
        {office_id, day, counter ? SqlValue(std::int64_t{*counter}) : SqlValue(service)},
        "read the calls");
    if (!rows) return rows.error();
    const auto normals = static_cast<int>(rows->integer(0, 1));
    CallHistory history;
    history.normals_since_priority =
        rows->integer(0, 0) != 0 ? CallHistory::kPriorityDue + normals : normals;
    return history;
}

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> items;
    while (!text.empty()) {
        const auto comma = text.find(',');
        items.emplace_back(text.substr(0, comma));
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    }
    return items;
}

std::string join_list(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ",") + item;
    return text;
}

// Seconds until a ticket with `ahead` people before it is called: the recent mean service
// time of the service, shared among the open, unpaused counters that serve it.
Result<std::int64_t> estimated_wait(QueueSql& sql, const std::string& office_id,
                                    const std::string& service, std::size_t ahead,
                                    std::int64_t now_s) {
    if (ahead == 0) return std::int64_t{0};
    auto served = sql.query(
        "SELECT finished_at_s - called_at_s FROM queue_tickets WHERE office_id = $1 AND "
        "service = $2 AND status = 'served' AND finished_at_s >= $3 "
        "ORDER BY finished_at_s DESC LIMIT $4",
        {office_id, service, now_s - kWeekS, kRecentServedTickets}, "read service times");
    if (!served) return served.error();
    std::int64_t mean = kDefaultServiceTimeS;
    if (served->size() >= static_cast<std::size_t>(kMinServedForMean)) {
        std::int64_t total = 0;
        for (std::size_t r = 0; r < served->size(); ++r) total += served->integer(r, 0);
        mean = std::max<std::int64_t>(30, total / static_cast<std::int64_t>(served->size()));
    }
    auto sessions = sql.query(
        "SELECT services FROM counter_sessions WHERE office_id = $1 AND ended_at_s IS NULL "
        "AND paused = 0",
        {office_id}, "read the open counters");
    if (!sessions) return sessions.error();
    std::int64_t counters = 0;
    for (std::size_t r = 0; r < sessions->size(); ++r) {
        const auto services = split_list(sessions->text(r, 0));
        if (std::find(services.begin(), services.end(), service) != services.end()) ++counters;
    }
    const std::int64_t total = static_cast<std::int64_t>(ahead) * mean;
    const std::int64_t shared = std::max<std::int64_t>(counters, 1);
    return (total + shared - 1) / shared;
}

std::string request_hash(const Device& kiosk, const TicketRequest& request,
                         const std::optional<std::string>& appointment) {
    const json canonical = {{"device", kiosk.id},
                            {"service", request.service},
                            {"priority", request.priority ? json(*request.priority) : json()},
                            {"created_at", request.created_at},
                            {"offline_number", request.offline_number
                                                   ? json(*request.offline_number)
                                                   : json()},
                            {"appointment", appointment ? json(*appointment) : json()}};
    return secret_hash(canonical.dump());
}

// "A-9-007": the service's letter, the kiosk's terminal number, its own serial.
Status check_offline_number(const std::string& number, const Service& service,
                            const Device& kiosk) {
    const std::string expected = service.prefix + "-" + std::to_string(kiosk.terminal_number) + "-";
    const bool digits_follow =
        number.size() > expected.size() && number.size() <= expected.size() + 6 &&
        std::all_of(number.begin() + static_cast<std::ptrdiff_t>(expected.size()), number.end(),
                    [](char c) { return c >= '0' && c <= '9'; });
    if (!number.starts_with(expected) || !digits_follow) {
        return make_error("queue.invalid_request",
                          "\"offline_number\" must be \"" + expected +
                              "<digits>\": the service's letter, this kiosk's terminal number "
                              "and its own serial",
                          {{"field", "offline_number"}});
    }
    return ok_status();
}

// The lost answer (docs/protocol.md): ticket `request.id` was stored online as an answer
// the kiosk never heard, and the kiosk printed its own `offline_number` instead. The citizen
// holds that number, so the stored ticket takes it, keeping its place in the queue; one that
// was called meanwhile under a number nobody held and marked a no-show joins the queue again.
// Later repeats of this upload get the same answer.
Result<json> adopt_offline_number(QueueSql& sql, const Office& office, const Device& kiosk,
                                  const TicketRequest& request, const std::string& hash,
                                  const std::string& service_id, const std::string& stored_answer,
                                  const std::string& status, std::int64_t now_s) {
    const Service* service = find_service(office, service_id);
    if (!service) return unknown_service(office, service_id);
    if (auto checked = check_offline_number(*request.offline_number, *service, kiosk); !checked) {
        return checked.error();
    }
    const std::string day = local_day(now_s);
    auto taken = sql.query(
        "SELECT id FROM queue_tickets WHERE office_id = $1 AND number_day = $2 AND number = $3",
        {office.id, day, *request.offline_number}, "look up the offline number");
    if (!taken) return taken.error();
    if (!taken->empty()) {
        return make_error("queue.offline_number_taken",
                          "another ticket today has number " + *request.offline_number,
                          {{"number", *request.offline_number}});
    }
    json answer = json::parse(stored_answer);
    answer["number"] = *request.offline_number;
    answer["offline"] = true;
    if (status == "no_show") {
        auto queue_seq = next_value(sql, office.id, "tickets");
        if (!queue_seq) return queue_seq.error();
        auto rejoined = sql.run(
            "UPDATE queue_tickets SET status = 'waiting', queue_seq = $2, joined_at_s = $3, "
            "counter = NULL, called_at_s = NULL, finished_at_s = NULL WHERE id = $1",
            {request.id, *queue_seq, now_s}, "put the ticket back in the queue");
        if (!rejoined) return rejoined.error();
        answer["sequence"] = *queue_seq;
        answer["status"] = "waiting";
    }
    auto renamed = sql.run(
        "UPDATE queue_tickets SET number = $2, offline = 1, request_hash = $3, answer = $4 "
        "WHERE id = $1",
        {request.id, *request.offline_number, hash, answer.dump()}, "renumber the ticket");
    if (!renamed) return renamed.error();
    return answer;
}

// The shared body of issue_ticket and check_in_appointment; `appointment` is the code
// of a check-in (its checks run inside the same transaction).
Result<IssuedTicket> issue(CentralStore& store, const Office& office, const Device& kiosk,
                           const TicketRequest& request, const std::optional<std::string>& appointment,
                           std::int64_t now_s) {
    const std::string hash = request_hash(kiosk, request, appointment);
    const std::string day = local_day(now_s);
    IssuedTicket issued;
    auto status = store.queue_transaction(office.id, QueueAccess::write, [&](QueueSql& sql) -> Status {
        issued = IssuedTicket{};
        auto existing = sql.query(
            "SELECT request_hash, answer, offline, status, number_day, service FROM queue_tickets "
            "WHERE id = $1",
            {request.id}, "look up the ticket");
        if (!existing) return existing.error();
        if (!existing->empty()) {
            if (existing->text(0, 0) != hash && request.offline_number && !appointment &&
                existing->integer(0, 2) == 0 && existing->text(0, 4) == day) {
                TicketRequest asked_online = request;
                asked_online.offline_number.reset();
                if (existing->text(0, 0) == request_hash(kiosk, asked_online, appointment)) {
                    // A lost answer: the kiosk asked online, the server stored the ticket,
                    // the answer never came back and the kiosk printed its own number.
                    auto adopted = adopt_offline_number(sql, office, kiosk, request, hash,
                                                        existing->text(0, 5), existing->text(0, 1),
                                                        existing->text(0, 3), now_s);
                    if (!adopted) return adopted.error();
                    issued.answer = std::move(adopted).value();
                    issued.repeated = true;
                    return ok_status();
                }
            }
            if (existing->text(0, 0) != hash) {
                return make_error("queue.ticket_conflict",
                                  "ticket " + request.id +
                                      " was issued with other content; it was not changed",
                                  {{"id", request.id}});
            }
            issued.answer = json::parse(existing->text(0, 1));
            issued.repeated = true;
            return ok_status();
        }

        std::string service_id = request.service;
        std::optional<std::string> priority = request.priority;
        int weight = 0;
        if (appointment) {
            auto found = sql.query(
                "SELECT service, time_s, early_s, late_s, ticket_id FROM appointments "
                "WHERE office_id = $1 AND code = $2",
                {office.id, *appointment}, "look up the appointment");
            if (!found) return found.error();
            const std::string shown = ReferenceCode{*appointment}.to_string();
            if (found->empty()) {
                return make_error("queue.appointment_unknown",
                                  "office " + office.id + " has no appointment " + shown,
                                  {{"appointment", shown}});
            }
            const std::int64_t time_s = found->integer(0, 1);
            const std::int64_t opens_s = time_s - found->integer(0, 2);
            const std::int64_t closes_s = time_s + found->integer(0, 3);
            const std::map<std::string, std::string> window = {
                {"appointment", shown},          {"time", time_text(time_s)},
                {"opens_at", time_text(opens_s)}, {"closes_at", time_text(closes_s)},
                {"time_local", local_hhmm(time_s)}, {"opens_local", local_hhmm(opens_s)},
                {"closes_local", local_hhmm(closes_s)}};
            if (!found->is_null(0, 4)) {
                return make_error("queue.appointment_used",
                                  "appointment " + shown + " was checked in already", window);
            }
            if (now_s < opens_s) {
                return make_error("queue.appointment_too_early",
                                  "appointment " + shown + " is at " + time_text(time_s) +
                                      "; check-in opens at " + time_text(opens_s) +
                                      " and closes at " + time_text(closes_s),
                                  window);
            }
            if (now_s > closes_s) {
                return make_error("queue.appointment_too_late",
                                  "appointment " + shown + " was at " + time_text(time_s) +
                                      "; check-in closed at " + time_text(closes_s) +
                                      " (it opened at " + time_text(opens_s) + ")",
                                  window);
            }
            service_id = found->text(0, 0);
            priority = std::string(kAppointmentGroup);
            const QueuePriorityGroup* group = find_group(office, kAppointmentGroup);
            weight = group ? group->weight : 1;
        }
        const Service* service = find_service(office, service_id);
        if (!service) return unknown_service(office, service_id);
        if (priority && !appointment) {
            if (*priority == kAppointmentGroup) {
                return make_error("queue.appointment_priority",
                                  "the appointment priority comes only with an appointment "
                                  "check-in (POST …/appointments/{code}/check-in)");
            }
            const QueuePriorityGroup* group = find_group(office, *priority);
            if (!group) {
                return make_error("queue.unknown_priority",
                                  "office " + office.id + " has no priority group \"" + *priority +
                                      "\"",
                                  {{"priority", *priority}});
            }
            weight = group->weight;
        }

        std::string number;
        if (request.offline_number) {
            if (auto checked = check_offline_number(*request.offline_number, *service, kiosk);
                !checked) {
                return checked;
            }
            if (local_day(request.created_at_s) < day) {
                return make_error("queue.offline_ticket_stale",
                                  "ticket " + *request.offline_number + " was issued offline on " +
                                      local_day(request.created_at_s) +
                                      ", an earlier day; its holder has gone",
                                  {{"number", *request.offline_number}});
            }
            auto taken = sql.query(
                "SELECT id FROM queue_tickets WHERE office_id = $1 AND number_day = $2 AND "
                "number = $3",
                {office.id, day, *request.offline_number}, "look up the offline number");
            if (!taken) return taken.error();
            if (!taken->empty()) {
                return make_error("queue.offline_number_taken",
                                  "another ticket today has number " + *request.offline_number,
                                  {{"number", *request.offline_number}});
            }
            number = *request.offline_number;
        } else {
            auto value = next_value(sql, office.id, "number " + day + " " + service->id);
            if (!value) return value.error();
            number = ticket_number(*service, *value);
        }
        auto queue_seq = next_value(sql, office.id, "tickets");
        if (!queue_seq) return queue_seq.error();

        auto before = queue_before_newcomer(sql, office, day, service->id, weight, now_s);
        if (!before) return before.error();
        auto history = call_history(sql, office.id, day, std::nullopt, service->id);
        if (!history) return history.error();
        const std::size_t ahead =
            ahead_of_newcomer(*before, priority.has_value(), office.queue.fairness, *history);
        auto wait_s = estimated_wait(sql, office.id, service->id, ahead, now_s);
        if (!wait_s) return wait_s.error();

        issued.answer = {{"id", request.id},
                         {"office", office.id},
                         {"number", number},
                         {"service", service->id},
                         {"priority", priority ? json(*priority) : json()},
                         {"sequence", *queue_seq},
                         {"issued_at", time_text(now_s)},
                         {"people_ahead", ahead},
                         {"estimated_wait_s", *wait_s},
                         {"status", "waiting"},
                         {"offline", request.offline_number.has_value()}};
        if (appointment) issued.answer["appointment"] = ReferenceCode{*appointment}.to_string();
        auto stored = sql.run(
            "INSERT INTO queue_tickets (id, office_id, number_day, number, service, priority, "
            "weight, queue_seq, joined_at_s, issued_at_s, offline, appointment, device_id, "
            "request_hash, answer, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, "
            "$11, $12, $13, $14, 'waiting')",
            {request.id, office.id, day, number, service->id,
             priority ? SqlValue(*priority) : SqlValue(), std::int64_t{weight}, *queue_seq, now_s,
             std::int64_t{request.offline_number ? 1 : 0},
             appointment ? SqlValue(*appointment) : SqlValue(), kiosk.id, hash,
             issued.answer.dump()},
            "store the ticket");
        if (!stored) return stored;
        if (appointment) {
            return sql.run(
                "UPDATE appointments SET ticket_id = $3, checked_in_at_s = $4 "
                "WHERE office_id = $1 AND code = $2",
                {office.id, *appointment, request.id, now_s}, "check the appointment in");
        }
        return ok_status();
    });
    if (!status) return status.error();
    return issued;
}

// --- Counter sessions ---

struct SessionRow {
    std::string office_id;
    int counter = 0;
    std::string clerk_id;
    std::string device_id;
    std::vector<std::string> services;
    std::optional<std::int64_t> ended_at_s;
    bool paused = false;
    std::optional<std::string> pause_reason;
};

json session_json(const SessionRow& session) {
    return {{"counter", session.counter},
            {"clerk", session.clerk_id},
            {"services", session.services},
            {"paused", session.paused},
            {"pause_reason", session.pause_reason ? json(*session.pause_reason) : json()}};
}

json call_json(const SqlRows& rows, std::size_t r) {
    return {{"sequence", rows.integer(r, 0)},     {"number", rows.text(r, 1)},
            {"service", rows.text(r, 2)},         {"counter", rows.integer(r, 3)},
            {"recall", rows.integer(r, 4) != 0},  {"appointment", rows.integer(r, 5) != 0},
            {"called_at", time_text(rows.integer(r, 6))}};
}

constexpr std::string_view kCallColumns =
    "seq, number, service, counter, recall, appointment, called_at_s";

json ticket_json(const TicketRow& ticket, std::string_view status) {
    return {{"id", ticket.id},
            {"number", ticket.number},
            {"service", ticket.service},
            {"priority", ticket.priority ? json(*ticket.priority) : json()},
            {"appointment", ticket.appointment.has_value()},
            {"sequence", ticket.queue_seq},
            {"status", status}};
}

// Records a call of `ticket` by `counter` with the office's next call sequence.
Result<json> record_call(QueueSql& sql, const Office& office, int counter, const TicketRow& ticket,
                         bool recall, std::int64_t now_s) {
    auto seq = next_value(sql, office.id, "calls");
    if (!seq) return seq.error();
    auto rows = sql.query(
        "INSERT INTO queue_calls (office_id, seq, ticket_id, number, service, counter, recall, "
        "appointment, priority, called_at_s, day) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
        "$10, $11) RETURNING " +
            std::string(kCallColumns),
        {office.id, *seq, ticket.id, ticket.number, ticket.service, std::int64_t{counter},
         std::int64_t{recall ? 1 : 0}, std::int64_t{ticket.appointment ? 1 : 0},
         std::int64_t{ticket.priority ? 1 : 0}, now_s, local_day(now_s)},
        "record the call");
    if (!rows) return rows.error();
    return call_json(*rows, 0);
}

Result<std::optional<TicketRow>> ticket_in_hand(QueueSql& sql, const std::string& office_id,
                                                int counter) {
    auto rows = sql.query("SELECT " + std::string(kTicketColumns) +
                              " FROM queue_tickets WHERE office_id = $1 AND status = 'called' "
                              "AND counter = $2 ORDER BY called_at_s DESC",
                          {office_id, std::int64_t{counter}}, "read the ticket in hand");
    if (!rows) return rows.error();
    auto tickets = read_tickets(*rows);
    if (tickets.empty()) return std::optional<TicketRow>();
    return std::optional<TicketRow>(std::move(tickets.front()));
}

Error ticket_in_hand_error(int counter, const TicketRow& ticket) {
    return make_error("queue.ticket_in_hand",
                      "counter " + std::to_string(counter) + " holds ticket " + ticket.number +
                          "; mark it served, no-show or transferred first",
                      {{"number", ticket.number}});
}

Error no_ticket_error(int counter) {
    return make_error("queue.no_ticket_in_hand",
                      "counter " + std::to_string(counter) + " holds no called ticket",
                      {{"counter", std::to_string(counter)}});
}

Result<json> call_next(QueueSql& sql, const Office& office, const SessionRow& session,
                       std::int64_t now_s) {
    if (session.paused) {
        return make_error("queue.counter_paused",
                          "counter " + std::to_string(session.counter) +
                              " is paused; resume it before calling",
                          {{"counter", std::to_string(session.counter)}});
    }
    auto held = ticket_in_hand(sql, office.id, session.counter);
    if (!held) return held.error();
    if (*held) return ticket_in_hand_error(session.counter, **held);
    const std::string day = local_day(now_s);
    auto all = waiting_tickets(sql, office.id, day);
    if (!all) return all.error();
    std::vector<TicketRow> rows;
    std::vector<WaitingTicket> waiting;
    for (TicketRow& row : all.value()) {
        if (std::find(session.services.begin(), session.services.end(), row.service) ==
            session.services.end()) {
            continue;
        }
        waiting.push_back(waiting_ticket(row));
        rows.push_back(std::move(row));
    }
    auto history = call_history(sql, office.id, day, session.counter, "");
    if (!history) return history.error();
    const auto chosen = choose_next(waiting, office.queue.fairness, *history, time_point(now_s));
    if (!chosen) return json{{"ticket", nullptr}, {"call", nullptr}, {"waiting", 0}};
    const TicketRow& ticket = rows[*chosen];
    // Under the office's queue lock nobody else can have called it meanwhile; the status
    // test is the last line of defence all the same.
    auto taken = sql.query(
        "UPDATE queue_tickets SET status = 'called', counter = $2, called_at_s = $3 "
        "WHERE id = $1 AND status = 'waiting' RETURNING id",
        {ticket.id, std::int64_t{session.counter}, now_s}, "call the ticket");
    if (!taken) return taken.error();
    if (taken->size() != 1) {
        return make_error("store.io", "ticket " + ticket.id + " left the queue while called");
    }
    auto call = record_call(sql, office, session.counter, ticket, false, now_s);
    if (!call) return call.error();
    return json{{"ticket", ticket_json(ticket, "called")},
                {"call", *call},
                {"waiting", rows.size() - 1}};
}

Result<json> call_number(QueueSql& sql, const Office& office, const SessionRow& session,
                         const std::string& number, std::int64_t now_s) {
    if (!office.queue.call_by_number) {
        return make_error("queue.call_by_number_off",
                          "office " + office.id + " does not let counters call a ticket by number");
    }
    auto held = ticket_in_hand(sql, office.id, session.counter);
    if (!held) return held.error();
    if (*held) return ticket_in_hand_error(session.counter, **held);
    auto rows = sql.query("SELECT " + std::string(kTicketColumns) +
                              " FROM queue_tickets WHERE office_id = $1 AND number_day = $2 "
                              "AND number = $3 AND status = 'waiting'",
                          {office.id, local_day(now_s), number}, "look up the number");
    if (!rows) return rows.error();
    auto tickets = read_tickets(*rows);
    if (tickets.empty()) {
        return make_error("queue.unknown_number", "no ticket " + number + " is waiting today",
                          {{"number", number}});
    }
    const TicketRow& ticket = tickets.front();
    if (auto status = sql.run(
            "UPDATE queue_tickets SET status = 'called', counter = $2, called_at_s = $3 "
            "WHERE id = $1",
            {ticket.id, std::int64_t{session.counter}, now_s}, "call the ticket");
        !status) {
        return status.error();
    }
    auto call = record_call(sql, office, session.counter, ticket, false, now_s);
    if (!call) return call.error();
    return json{{"ticket", ticket_json(ticket, "called")}, {"call", *call}};
}

Result<json> finish_in_hand(QueueSql& sql, const Office& office, const SessionRow& session,
                            const CounterCommand& command, std::int64_t now_s) {
    auto held = ticket_in_hand(sql, office.id, session.counter);
    if (!held) return held.error();
    if (!*held) return no_ticket_error(session.counter);
    TicketRow ticket = **held;
    switch (command.action) {
        case CounterAction::recall: {
            auto call = record_call(sql, office, session.counter, ticket, true, now_s);
            if (!call) return call.error();
            return json{{"ticket", ticket_json(ticket, "called")}, {"call", *call}};
        }
        case CounterAction::served:
        case CounterAction::no_show: {
            const std::string status =
                command.action == CounterAction::served ? "served" : "no_show";
            if (auto done = sql.run(
                    "UPDATE queue_tickets SET status = $2, finished_at_s = $3 WHERE id = $1",
                    {ticket.id, status, now_s}, "finish the ticket");
                !done) {
                return done.error();
            }
            return json{{"ticket", ticket_json(ticket, status)}};
        }
        case CounterAction::transfer: {
            const Service* target = find_service(office, command.argument);
            if (!target) return unknown_service(office, command.argument);
            if (target->id == ticket.service) {
                return make_error("queue.invalid_request",
                                  "ticket " + ticket.number + " is already in service " +
                                      target->id,
                                  {{"field", "service"}});
            }
            // A ticket held since an earlier day cannot join today's queue: its number may be
            // today's too (A-001 again). The clerk finishes it instead.
            auto day = sql.query("SELECT number_day FROM queue_tickets WHERE id = $1", {ticket.id},
                                 "read the ticket's day");
            if (!day) return day.error();
            if (day->size() == 1 && day->text(0, 0) != local_day(now_s)) {
                return make_error("queue.ticket_from_another_day",
                                  "ticket " + ticket.number + " was numbered on " + day->text(0, 0) +
                                      ": it cannot join today's queue",
                                  {{"number", ticket.number}});
            }
            // It joins the back of the other queue, keeping its number and priority.
            auto queue_seq = next_value(sql, office.id, "tickets");
            if (!queue_seq) return queue_seq.error();
            if (auto moved = sql.run(
                    "UPDATE queue_tickets SET service = $2, status = 'waiting', counter = NULL, "
                    "called_at_s = NULL, queue_seq = $3, joined_at_s = $4, number_day = $5 "
                    "WHERE id = $1",
                    {ticket.id, target->id, *queue_seq, now_s, local_day(now_s)},
                    "transfer the ticket");
                !moved) {
                return moved.error();
            }
            ticket.service = target->id;
            ticket.queue_seq = *queue_seq;
            return json{{"ticket", ticket_json(ticket, "waiting")}};
        }
        default:
            return make_error("store.io", "not an operation on the ticket in hand");
    }
}

Result<SessionRow> session_for(QueueSql& sql, const Office& office, const Device& device,
                               int counter, std::string_view token) {
    auto rows = sql.query(
        "SELECT office_id, counter, clerk_id, device_id, services, ended_at_s, paused, "
        "pause_reason FROM counter_sessions WHERE token_hash = $1",
        {secret_hash(token)}, "look up the counter session");
    if (!rows) return rows.error();
    if (rows->empty() || rows->text(0, 0) != office.id || rows->integer(0, 1) != counter ||
        rows->text(0, 3) != device.id) {
        return make_error("queue.session_invalid",
                          "this session token is not one of counter " + std::to_string(counter) +
                              " on this terminal; log in again");
    }
    SessionRow session{rows->text(0, 0),     counter,
                       rows->text(0, 2),     rows->text(0, 3),
                       split_list(rows->text(0, 4)),
                       std::nullopt,         rows->integer(0, 6) != 0,
                       rows->optional_text(0, 7)};
    if (!rows->is_null(0, 5)) {
        return make_error("queue.session_ended",
                          "this counter session has ended (logged out, or another login at "
                          "counter " +
                              std::to_string(counter) + "); log in again");
    }
    return session;
}

}  // namespace

std::string local_day(std::int64_t time_s) { return format_local(time_s, "%Y-%m-%d"); }

Result<IssuedTicket> issue_ticket(CentralStore& store, const Office& office, const Device& kiosk,
                                  const TicketRequest& request, std::int64_t now_s) {
    return issue(store, office, kiosk, request, std::nullopt, now_s);
}

Result<IssuedTicket> check_in_appointment(CentralStore& store, const Office& office,
                                          const Device& kiosk, std::string_view code,
                                          TicketRequest request, std::int64_t now_s) {
    auto parsed = parse_reference_code(code);
    if (!parsed) {
        return make_error("queue.appointment_unknown",
                          "\"" + std::string(code.substr(0, 40)) +
                              "\" is not an appointment code (" + parsed.error().describe() + ")",
                          {{"appointment", std::string(code.substr(0, 40))}});
    }
    request.service.clear();
    request.priority.reset();
    request.offline_number.reset();
    return issue(store, office, kiosk, request, parsed->symbols, now_s);
}

Result<json> open_counter_session(CentralStore& store, const Office& office, const Device& device,
                                  int counter, const SessionRequest& request, std::int64_t now_s) {
    for (const std::string& id : request.services) {
        const Service* service = find_service(office, id);
        if (!service) return unknown_service(office, id);
        if (!service->counters.empty() &&
            std::find(service->counters.begin(), service->counters.end(), counter) ==
                service->counters.end()) {
            return make_error("queue.service_not_at_counter",
                              "service " + id + " is not served at counter " +
                                  std::to_string(counter) + " of office " + office.id,
                              {{"service", id}, {"counter", std::to_string(counter)}});
        }
    }
    auto locked_error = [&](std::int64_t until_s) {
        return make_error("queue.clerk_locked",
                          "clerk " + request.clerk + " is locked after " +
                              std::to_string(kFailuresBeforeLock) +
                              " wrong PINs until " + time_text(until_s),
                          {{"retry_after_s", std::to_string(std::max<std::int64_t>(1, until_s - now_s))},
                           {"until", time_text(until_s)}});
    };
    // The slow hash runs outside any transaction; the outcome is recorded after.
    std::optional<std::string> pin_hash;
    auto read = store.queue_transaction(office.id, QueueAccess::read, [&](QueueSql& sql) -> Status {
        auto rows = sql.query(
            "SELECT pin_hash, locked_until_s FROM clerks WHERE office_id = $1 AND id = $2",
            {office.id, request.clerk}, "look up the clerk");
        if (!rows) return rows.error();
        pin_hash.reset();
        if (rows->empty()) return ok_status();
        if (rows->integer(0, 1) > now_s) return locked_error(rows->integer(0, 1));
        pin_hash = rows->text(0, 0);
        return ok_status();
    });
    if (!read) return read.error();
    const Error wrong = make_error("queue.wrong_pin", "unknown clerk or wrong PIN");
    if (!pin_hash) return wrong;
    const bool right = pin_matches(request.pin, *pin_hash);

    const std::string token = make_device_token();
    json answer;
    auto status = store.queue_transaction(office.id, QueueAccess::write, [&](QueueSql& sql) -> Status {
        auto clerk = sql.query(
            "SELECT locked_until_s FROM clerks WHERE office_id = $1 AND id = $2",
            {office.id, request.clerk}, "look up the clerk");
        if (!clerk) return clerk.error();
        if (clerk->empty()) return wrong;
        if (clerk->integer(0, 0) > now_s) return locked_error(clerk->integer(0, 0));
        if (!right) {
            auto failed = sql.query(
                "UPDATE clerks SET failed_attempts = failed_attempts + 1 WHERE office_id = $1 "
                "AND id = $2 RETURNING failed_attempts",
                {office.id, request.clerk}, "count a wrong PIN");
            if (!failed) return failed.error();
            const std::int64_t failures = failed->integer(0, 0);
            if (failures >= kFailuresBeforeLock) {
                if (auto lock = sql.run(
                        "UPDATE clerks SET failed_attempts = 0, locked_until_s = $3 "
                        "WHERE office_id = $1 AND id = $2",
                        {office.id, request.clerk, now_s + kClerkLockS}, "lock the clerk");
                    !lock) {
                    return lock;
                }
                answer = nullptr;  // committed below: the lock must stick
                return ok_status();
            }
            answer = json{{"attempts_left", kFailuresBeforeLock - failures}};
            return ok_status();
        }
        if (auto reset = sql.run(
                "UPDATE clerks SET failed_attempts = 0 WHERE office_id = $1 AND id = $2",
                {office.id, request.clerk}, "reset the failed PINs");
            !reset) {
            return reset;
        }
        if (auto ended = sql.run(
                "UPDATE counter_sessions SET ended_at_s = $4 WHERE office_id = $1 AND "
                "ended_at_s IS NULL AND (counter = $2 OR clerk_id = $3)",
                {office.id, std::int64_t{counter}, request.clerk, now_s},
                "end the earlier sessions");
            !ended) {
            return ended;
        }
        if (auto opened = sql.run(
                "INSERT INTO counter_sessions (token_hash, office_id, counter, clerk_id, "
                "device_id, services, opened_at_s) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                {secret_hash(token), office.id, std::int64_t{counter}, request.clerk, device.id,
                 join_list(request.services), now_s},
                "open the counter session");
            !opened) {
            return opened;
        }
        auto held = ticket_in_hand(sql, office.id, counter);
        if (!held) return held.error();
        SessionRow session{office.id, counter, request.clerk, device.id, request.services,
                           std::nullopt, false, std::nullopt};
        answer = session_json(session);
        answer["session"] = token;
        answer["opened_at"] = time_text(now_s);
        answer["ticket_in_hand"] = *held ? ticket_json(**held, "called") : json();
        return ok_status();
    });
    if (!status) return status.error();
    if (!right) {
        if (answer.is_null()) return locked_error(now_s + kClerkLockS);
        const auto left = answer["attempts_left"].get<std::int64_t>();
        return make_error("queue.wrong_pin",
                          "unknown clerk or wrong PIN; " + std::to_string(left) +
                              " more wrong PINs lock the clerk for " +
                              std::to_string(kClerkLockS / 60) + " minutes",
                          {{"attempts_left", std::to_string(left)}});
    }
    return answer;
}

Result<json> counter_command(CentralStore& store, const Office& office, const Device& device,
                             int counter, std::string_view session_token,
                             const CounterCommand& command, std::int64_t now_s) {
    json answer;
    auto status = store.queue_transaction(office.id, QueueAccess::write, [&](QueueSql& sql) -> Status {
        auto session = session_for(sql, office, device, counter, session_token);
        if (!session) return session.error();
        Result<json> done = json();
        switch (command.action) {
            case CounterAction::call_next:
                done = call_next(sql, office, *session, now_s);
                break;
            case CounterAction::call_number:
                done = call_number(sql, office, *session, command.argument, now_s);
                break;
            case CounterAction::recall:
            case CounterAction::served:
            case CounterAction::no_show:
            case CounterAction::transfer:
                done = finish_in_hand(sql, office, *session, command, now_s);
                break;
            case CounterAction::pause:
            case CounterAction::resume: {
                const bool pause = command.action == CounterAction::pause;
                if (auto set = sql.run(
                        "UPDATE counter_sessions SET paused = $2, pause_reason = $3 "
                        "WHERE token_hash = $1",
                        {secret_hash(session_token), std::int64_t{pause ? 1 : 0},
                         pause ? SqlValue(command.argument) : SqlValue()},
                        "pause or resume the counter");
                    !set) {
                    return set;
                }
                session->paused = pause;
                session->pause_reason =
                    pause ? std::optional<std::string>(command.argument) : std::nullopt;
                done = json{{"session", session_json(*session)}};
                break;
            }
            case CounterAction::end_session: {
                if (auto ended = sql.run(
                        "UPDATE counter_sessions SET ended_at_s = $2 WHERE token_hash = $1",
                        {secret_hash(session_token), now_s}, "end the counter session");
                    !ended) {
                    return ended;
                }
                done = json{{"ended_at", time_text(now_s)}};
                break;
            }
        }
        if (!done) return done.error();
        answer = std::move(done).value();
        return ok_status();
    });
    if (!status) return status.error();
    return answer;
}

Result<json> queue_state(CentralStore& store, const Office& office, std::int64_t now_s) {
    const std::string day = local_day(now_s);
    json answer;
    auto status = store.queue_transaction(office.id, QueueAccess::read, [&](QueueSql& sql) -> Status {
        auto waiting = waiting_tickets(sql, office.id, day);
        if (!waiting) return waiting.error();
        auto serving = sql.query(
            "SELECT number, service, counter, called_at_s FROM queue_tickets WHERE "
            "office_id = $1 AND status = 'called' ORDER BY counter",
            {office.id}, "read the tickets being served");
        if (!serving) return serving.error();
        auto sessions = sql.query(
            "SELECT counter, clerk_id, services, paused, pause_reason FROM counter_sessions "
            "WHERE office_id = $1 AND ended_at_s IS NULL ORDER BY counter",
            {office.id}, "read the open counters");
        if (!sessions) return sessions.error();
        auto last = sql.query(
            "SELECT value FROM queue_sequences WHERE office_id = $1 AND name = 'calls'",
            {office.id}, "read the call sequence");
        if (!last) return last.error();

        json services = json::array();
        for (const Service& service : office.services) {
            std::vector<WaitingTicket> queue;
            std::vector<const TicketRow*> rows;
            for (const TicketRow& row : *waiting) {
                if (row.service != service.id) continue;
                queue.push_back(waiting_ticket(row));
                rows.push_back(&row);
            }
            auto history = call_history(sql, office.id, day, std::nullopt, service.id);
            if (!history) return history.error();
            json numbers = json::array();
            for (std::size_t i : call_order(queue, office.queue.fairness, *history, time_point(now_s))) {
                numbers.push_back(rows[i]->number);
            }
            json being_served = json::array();
            for (std::size_t r = 0; r < serving->size(); ++r) {
                if (serving->text(r, 1) != service.id) continue;
                being_served.push_back({{"number", serving->text(r, 0)},
                                        {"counter", serving->integer(r, 2)},
                                        {"called_at", time_text(serving->integer(r, 3))}});
            }
            services.push_back({{"id", service.id},
                                {"prefix", service.prefix},
                                {"waiting", queue.size()},
                                {"queue", std::move(numbers)},
                                {"serving", std::move(being_served)}});
        }
        json counters = json::array();
        for (std::size_t r = 0; r < sessions->size(); ++r) {
            counters.push_back(
                {{"counter", sessions->integer(r, 0)},
                 {"clerk", sessions->text(r, 1)},
                 {"services", split_list(sessions->text(r, 2))},
                 {"paused", sessions->integer(r, 3) != 0},
                 {"pause_reason",
                  sessions->is_null(r, 4) ? json() : json(sessions->text(r, 4))}});
        }
        answer = {{"office", office.id},
                  {"day", day},
                  {"time", time_text(now_s)},
                  {"services", std::move(services)},
                  {"counters", std::move(counters)},
                  {"last_call_sequence", last->empty() ? 0 : last->integer(0, 0)}};
        return ok_status();
    });
    if (!status) return status.error();
    return answer;
}

Result<json> ticket_status(CentralStore& store, const Office& office, std::string_view id,
                           std::int64_t now_s) {
    const std::string day = local_day(now_s);
    json answer;
    auto status = store.queue_transaction(office.id, QueueAccess::read, [&](QueueSql& sql) -> Status {
        auto rows = sql.query(
            "SELECT number, service, status, number_day, counter, offline, priority, "
            "appointment, called_at_s FROM queue_tickets WHERE id = $1 AND office_id = $2",
            {std::string(id), office.id}, "look up the ticket");
        if (!rows) return rows.error();
        if (rows->empty()) {
            return make_error("queue.unknown_ticket",
                              "office " + office.id + " has no ticket " + std::string(id),
                              {{"id", std::string(id)}});
        }
        std::string state = rows->text(0, 2);
        const std::string service = rows->text(0, 1);
        // Waiting tickets of an earlier day are never called: their holders have gone.
        if (state == "waiting" && rows->text(0, 3) != day) state = "expired";
        answer = {{"id", std::string(id)},
                  {"office", office.id},
                  {"number", rows->text(0, 0)},
                  {"service", service},
                  {"priority", rows->is_null(0, 6) ? json() : json(rows->text(0, 6))},
                  {"appointment", !rows->is_null(0, 7)},
                  {"status", state},
                  {"offline", rows->integer(0, 5) != 0},
                  {"time", time_text(now_s)}};
        if (!rows->is_null(0, 4)) answer["counter"] = rows->integer(0, 4);
        if (!rows->is_null(0, 8)) answer["called_at"] = time_text(rows->integer(0, 8));
        if (state != "waiting") return ok_status();
        auto waiting = waiting_in_service(sql, office.id, day, service);
        if (!waiting) return waiting.error();
        auto history = call_history(sql, office.id, day, std::nullopt, service);
        if (!history) return history.error();
        std::vector<WaitingTicket> queue;
        std::size_t mine = 0;
        for (const TicketRow& row : *waiting) {
            if (row.id == id) mine = queue.size();
            queue.push_back(waiting_ticket(row));
        }
        const auto order = call_order(queue, office.queue.fairness, *history, time_point(now_s));
        const auto ahead = static_cast<std::size_t>(
            std::find(order.begin(), order.end(), mine) - order.begin());
        auto wait_s = estimated_wait(sql, office.id, service, ahead, now_s);
        if (!wait_s) return wait_s.error();
        answer["people_ahead"] = ahead;
        answer["estimated_wait_s"] = *wait_s;
        return ok_status();
    });
    if (!status) return status.error();
    return answer;
}

Result<json> calls_after(CentralStore& store, const Office& office, std::int64_t after, int limit) {
    json answer;
    auto status = store.queue_transaction(office.id, QueueAccess::read, [&](QueueSql& sql) -> Status {
        auto rows = sql.query("SELECT " + std::string(kCallColumns) +
                                  " FROM queue_calls WHERE office_id = $1 AND seq > $2 "
                                  "ORDER BY seq LIMIT $3",
                              {office.id, after, std::int64_t{limit}}, "read the calls");
        if (!rows) return rows.error();
        json calls = json::array();
        std::int64_t last = after;
        for (std::size_t r = 0; r < rows->size(); ++r) {
            calls.push_back(call_json(*rows, r));
            last = rows->integer(r, 0);
        }
        answer = {{"calls", std::move(calls)}, {"last_sequence", last}};
        return ok_status();
    });
    if (!status) return status.error();
    return answer;
}

Result<json> appointments_around(CentralStore& store, const Office& office, std::int64_t now_s) {
    json answer;
    auto status = store.queue_transaction(office.id, QueueAccess::read, [&](QueueSql& sql) -> Status {
        auto rows = sql.query(
            "SELECT code, service, time_s, early_s, late_s, ticket_id FROM appointments "
            "WHERE office_id = $1 AND time_s >= $2 AND time_s <= $3 ORDER BY time_s, code",
            {office.id, now_s - 12 * 3600, now_s + 36 * 3600}, "read the appointments");
        if (!rows) return rows.error();
        json list = json::array();
        for (std::size_t r = 0; r < rows->size(); ++r) {
            list.push_back({{"code", ReferenceCode{rows->text(r, 0)}.to_string()},
                            {"service", rows->text(r, 1)},
                            {"time", time_text(rows->integer(r, 2))},
                            {"early_min", rows->integer(r, 3) / 60},
                            {"late_min", rows->integer(r, 4) / 60},
                            {"checked_in", !rows->is_null(r, 5)}});
        }
        answer = {{"office", office.id}, {"appointments", std::move(list)}};
        return ok_status();
    });
    if (!status) return status.error();
    return answer;
}

Status add_clerks(CentralStore& store, std::span<const Clerk> clerks) {
    std::map<std::string, std::vector<const Clerk*>> by_office;
    for (const Clerk& clerk : clerks) by_office[clerk.office_id].push_back(&clerk);
    for (const auto& [office_id, list] : by_office) {
        auto status = store.queue_transaction(office_id, QueueAccess::write, [&](QueueSql& sql) -> Status {
            for (const Clerk* clerk : list) {
                if (auto added = sql.run(
                        "INSERT INTO clerks (office_id, id, name, pin_hash) VALUES ($1, $2, $3, "
                        "$4) ON CONFLICT (office_id, id) DO NOTHING",
                        {clerk->office_id, clerk->id, clerk->name, clerk->pin_hash}, "add a clerk");
                    !added) {
                    return added;
                }
            }
            return ok_status();
        });
        if (!status) return status;
    }
    return ok_status();
}

Status add_appointments(CentralStore& store, std::span<const Appointment> appointments) {
    std::map<std::string, std::vector<const Appointment*>> by_office;
    for (const Appointment& appointment : appointments) {
        by_office[appointment.office_id].push_back(&appointment);
    }
    for (const auto& [office_id, list] : by_office) {
        auto status = store.queue_transaction(office_id, QueueAccess::write, [&](QueueSql& sql) -> Status {
            for (const Appointment* a : list) {
                if (auto added = sql.run(
                        "INSERT INTO appointments (office_id, code, service, time_s, early_s, "
                        "late_s) VALUES ($1, $2, $3, $4, $5, $6) "
                        "ON CONFLICT (office_id, code) DO NOTHING",
                        {a->office_id, a->code, a->service, a->time_s, a->early_s, a->late_s},
                        "add an appointment");
                    !added) {
                    return added;
                }
            }
            return ok_status();
        });
        if (!status) return status;
    }
    return ok_status();
}

}  // namespace ventanilla
