#include "server/queue_figures.h"

#include <algorithm>
#include <chrono>
#include <map>

#include "server/http_router.h"

namespace ventanilla {

namespace {

using nlohmann::json;

json summary_json(const DurationSummary& summary) {
    return {{"count", summary.count},
            {"mean", summary.mean_s ? json(*summary.mean_s) : json()},
            {"p90", summary.p90_s ? json(*summary.p90_s) : json()}};
}

// What is counted for the office and for each clerk.
struct Tally {
    std::int64_t served = 0;
    std::int64_t no_shows = 0;
    std::int64_t in_hand = 0;  // called and not finished yet
    std::vector<std::int64_t> waits_s;
    std::vector<std::int64_t> services_s;

    void add(const std::string& status, std::int64_t wait_s, std::optional<std::int64_t> service_s) {
        if (status == "served") ++served;
        if (status == "no_show") ++no_shows;
        if (status == "called") ++in_hand;
        waits_s.push_back(std::max<std::int64_t>(0, wait_s));
        if (service_s) services_s.push_back(std::max<std::int64_t>(0, *service_s));
    }
    json to_json() const {
        return {{"served", served},
                {"no_shows", no_shows},
                {"in_hand", in_hand},
                {"wait_s", summary_json(summarize_durations(waits_s))},
                {"service_s", summary_json(summarize_durations(services_s))}};
    }
};

struct SessionSpan {
    int counter = 0;
    std::string clerk;
    std::int64_t opened_at_s = 0;
    std::optional<std::int64_t> ended_at_s;
};

// The clerk whose session at `counter` was open at `time_s` (the latest opened, when a
// login replaced another in the same second); empty when none was.
std::string clerk_at(const std::vector<SessionSpan>& sessions, int counter, std::int64_t time_s) {
    const SessionSpan* found = nullptr;
    for (const SessionSpan& session : sessions) {
        if (session.counter != counter || session.opened_at_s > time_s) continue;
        if (session.ended_at_s && *session.ended_at_s < time_s) continue;
        if (!found || session.opened_at_s >= found->opened_at_s) found = &session;
    }
    return found ? found->clerk : std::string();
}

}  // namespace

DurationSummary summarize_durations(std::vector<std::int64_t> durations_s) {
    DurationSummary summary;
    summary.count = static_cast<std::int64_t>(durations_s.size());
    if (durations_s.empty()) return summary;
    std::sort(durations_s.begin(), durations_s.end());
    std::int64_t total = 0;
    for (std::int64_t d : durations_s) total += d;
    const auto n = static_cast<std::int64_t>(durations_s.size());
    summary.mean_s = (total + n / 2) / n;  // rounded to the nearest second
    // Nearest rank: the smallest value with at least 90 % of the values at or below it.
    const std::int64_t rank = (9 * n + 9) / 10;  // ceil(0.9 n)
    summary.p90_s = durations_s[static_cast<std::size_t>(std::max<std::int64_t>(rank, 1) - 1)];
    return summary;
}

Result<json> day_figures(CentralStore& store, const Office& office, const std::string& day,
                         std::int64_t now_s) {
    json answer;
    auto status = store.queue_transaction(office.id, QueueAccess::read, [&](QueueSql& sql) -> Status {
        auto tickets = sql.query(
            "SELECT status, counter, joined_at_s, called_at_s, finished_at_s FROM queue_tickets "
            "WHERE office_id = $1 AND number_day = $2",
            {office.id, day}, "read the day's tickets");
        if (!tickets) return tickets.error();
        std::int64_t first_call_s = now_s;
        for (std::size_t r = 0; r < tickets->size(); ++r) {
            if (!tickets->is_null(r, 3)) first_call_s = std::min(first_call_s, tickets->integer(r, 3));
        }
        auto session_rows = sql.query(
            "SELECT s.counter, s.clerk_id, s.opened_at_s, s.ended_at_s, c.name "
            "FROM counter_sessions s LEFT JOIN clerks c ON c.office_id = s.office_id AND "
            "c.id = s.clerk_id WHERE s.office_id = $1 AND "
            "(s.ended_at_s IS NULL OR s.ended_at_s >= $2) ORDER BY s.opened_at_s",
            {office.id, first_call_s}, "read the day's counter sessions");
        if (!session_rows) return session_rows.error();
        std::vector<SessionSpan> sessions;
        std::map<std::string, std::string> clerk_names;
        for (std::size_t r = 0; r < session_rows->size(); ++r) {
            SessionSpan span{static_cast<int>(session_rows->integer(r, 0)), session_rows->text(r, 1),
                             session_rows->integer(r, 2), std::nullopt};
            if (!session_rows->is_null(r, 3)) span.ended_at_s = session_rows->integer(r, 3);
            clerk_names[span.clerk] = session_rows->text(r, 4);
            sessions.push_back(std::move(span));
        }

        Tally totals;
        std::map<std::string, Tally> by_clerk;
        std::int64_t issued = 0;
        std::int64_t waiting = 0;
        for (std::size_t r = 0; r < tickets->size(); ++r) {
            ++issued;
            const std::string state = tickets->text(r, 0);
            if (state == "waiting") ++waiting;
            if (tickets->is_null(r, 3)) continue;  // never called (or sent back by a transfer)
            const std::int64_t called_s = tickets->integer(r, 3);
            const std::int64_t wait_s = called_s - tickets->integer(r, 2);
            std::optional<std::int64_t> service_s;
            if (state == "served" && !tickets->is_null(r, 4)) {
                service_s = tickets->integer(r, 4) - called_s;
            }
            totals.add(state, wait_s, service_s);
            const std::string clerk =
                clerk_at(sessions, static_cast<int>(tickets->integer(r, 1)), called_s);
            if (!clerk.empty()) by_clerk[clerk].add(state, wait_s, service_s);
        }
        json office_figures = totals.to_json();
        office_figures["issued"] = issued;
        office_figures["waiting"] = waiting;
        json clerks = json::array();
        for (const auto& [clerk, tally] : by_clerk) {
            json entry = tally.to_json();
            entry["clerk"] = clerk;
            entry["name"] = clerk_names[clerk];
            clerks.push_back(std::move(entry));
        }
        answer = {{"office", office.id},
                  {"day", day},
                  {"time", rfc3339_utc(std::chrono::system_clock::time_point(
                               std::chrono::seconds(now_s)))},
                  {"totals", std::move(office_figures)},
                  {"clerks", std::move(clerks)}};
        return ok_status();
    });
    if (!status) return status.error();
    return answer;
}

}  // namespace ventanilla
