// The per-service waiting counts a new ticket's people ahead are read from (migration 8),
// against the tickets themselves: through issues, calls, no-shows, transfers, an offline
// upload, a restart and the next day, in each fairness policy, on both backends. The store
// is driven in-process so that the clock is the test's: the aging policy's order moves with it.
#include <doctest/doctest.h>

#include <algorithm>
#include <ctime>
#include <type_traits>

#include "kiosk/uuid.h"
#include "server/demo_data.h"
#include "server/postgres_central_store.h"
#include "server/queue_store.h"
#include "server/sqlite_central_store.h"
#include "tests/server/queue_support.h"

using namespace ventanilla;
using namespace ventanilla::testing;

namespace {

// 10:00 local time on a fixed day, so that the day changes when the test says so.
std::int64_t waiting_counts_morning() {
    std::tm local{};
    local.tm_year = 2026 - 1900;
    local.tm_mon = 10;
    local.tm_mday = 23;
    local.tm_hour = 10;
    local.tm_isdst = -1;
    return static_cast<std::int64_t>(std::mktime(&local));
}

// A store on a database of its own that can be closed and opened again on the same data.
class CountedStore {
public:
    CountedStore(StoreBackend backend, std::int64_t now_s) : backend_(backend) {
        auto database = new_database(backend, dir_);
        REQUIRE_MESSAGE(database.ok(), database.failure_text());
        database_ = *database;
        reopen();
        REQUIRE(load_demo_data(*store_, now_s).ok());
    }

    // Closes the store, runs `sql_while_closed` on its database, and opens it again.
    void reopen(const std::string& sql_while_closed = "") {
        store_.reset();
        if (!sql_while_closed.empty()) run_sql(database_, sql_while_closed);
        if (backend_ == StoreBackend::sqlite) {
            auto opened = SqliteCentralStore::open(database_);
            REQUIRE_MESSAGE(opened.ok(), opened.failure_text());
            store_ = std::move(opened).value();
        } else {
            auto opened = PostgresCentralStore::open(database_);
            REQUIRE_MESSAGE(opened.ok(), opened.failure_text());
            store_ = std::move(opened).value();
        }
    }

    CentralStore& store() { return *store_; }

    Office office(const std::string& id) {
        auto found = store_->office(id);
        REQUIRE(found.ok());
        REQUIRE(found->has_value());
        return **found;
    }

    // "service day group weight count" lines, sorted: the counts table's non-zero rows, and
    // the same counted from the waiting tickets.
    std::vector<std::string> lines(const std::string& office_id, bool from_counts) {
        const std::string sql =
            from_counts
                ? "SELECT service, number_day, priority, weight, waiting FROM queue_waiting_counts "
                  "WHERE office_id = $1 AND waiting <> 0"
                : "SELECT service, number_day, coalesce(priority, ''), weight, COUNT(*) FROM "
                  "queue_tickets WHERE office_id = $1 AND status = 'waiting' "
                  "GROUP BY service, number_day, coalesce(priority, ''), weight";
        std::vector<std::string> found;
        auto status = store_->queue_transaction(
            office_id, QueueAccess::read, [&](QueueSql& queue) -> Status {
                found.clear();
                auto rows = queue.query(sql, {office_id}, "read the counts");
                if (!rows) return rows.error();
                for (std::size_t r = 0; r < rows->size(); ++r) {
                    std::string line;
                    for (std::size_t c = 0; c < 5; ++c) line += rows->text(r, c) + " ";
                    found.push_back(line);
                }
                return ok_status();
            });
        REQUIRE_MESSAGE(status.ok(), status.failure_text());
        std::sort(found.begin(), found.end());
        return found;
    }

private:
    StoreBackend backend_;
    TempDir dir_{"queue-counts-"};
    std::string database_;
    std::unique_ptr<CentralStore> store_;
};

void check_counts(CountedStore& counted, const std::string& office_id) {
    const auto counts = counted.lines(office_id, true);
    const auto tickets = counted.lines(office_id, false);
    CHECK(counts == tickets);
    CHECK_FALSE(tickets.empty());
}

// One office's part: a counter that serves two services and a third to transfer to.
struct CountsOffice {
    std::string id;
    std::string clerk;
    std::string pin;
    int counter = 0;
    std::vector<std::string> services;
    std::string transfer_to;
};

Device terminal_of(const std::string& office_id, const std::string& role, int number) {
    Device device;
    device.id = role + "-" + std::to_string(number);
    device.role = role;
    device.office_id = office_id;
    device.terminal_number = number;
    return device;
}

struct CountsRun {
    CountedStore& counted;
    Office office;
    Device kiosk;
    std::int64_t now_s = 0;
    int issued = 0;

    // Issues a ticket now and checks its people ahead against its place in call_order
    // (GET …/tickets/{id} ranks the waiting tickets one by one), then the counts.
    nlohmann::json issue(const std::string& service, const nlohmann::json& priority,
                         std::optional<std::string> offline_number = std::nullopt) {
        TicketRequest request{make_uuid_v4(), service, std::nullopt, "2026-11-23T10:00:00Z", now_s,
                              std::move(offline_number)};
        if (!priority.is_null()) request.priority = priority.get<std::string>();
        auto ticket = issue_ticket(counted.store(), office, kiosk, request, now_s);
        REQUIRE_MESSAGE(ticket.ok(), ticket.failure_text());
        auto state = ticket_status(counted.store(), office, request.id, now_s);
        REQUIRE(state.ok());
        CAPTURE(ticket->answer.dump());
        CHECK(ticket->answer["people_ahead"] == (*state)["people_ahead"]);
        check_counts(counted, office.id);
        ++issued;
        return ticket->answer;
    }

    // A counter operation now, then the counts.
    void command(const CountsOffice& spec, const std::string& session, CounterAction action,
                 const std::string& argument = "") {
        auto done = counter_command(counted.store(), office, counter, spec.counter, session,
                                    {action, argument}, now_s);
        REQUIRE_MESSAGE(done.ok(), done.failure_text());
        check_counts(counted, office.id);
    }

    Device counter;
};

template <typename Backend>
void waiting_counts_follow_the_tickets(const CountsOffice& spec) {
    CAPTURE(spec.id);
    const std::int64_t morning = waiting_counts_morning();
    CountedStore counted(Backend::value, morning);
    CountsRun run{counted, counted.office(spec.id), terminal_of(spec.id, "kiosk", 9), morning, 0,
                  terminal_of(spec.id, "counter", 40)};
    const std::vector<nlohmann::json> priorities = {nullptr, nullptr, "elderly", nullptr,
                                                    "disability", "pregnant", nullptr};
    // 20 tickets 100 s apart: over half an hour, so aging's head starts (15 to 30 minutes)
    // are overtaken by the longest waits.
    for (int i = 0; i < 20; ++i) {
        run.issue(spec.services[static_cast<std::size_t>(i) % 2],
                  priorities[static_cast<std::size_t>(i) % priorities.size()]);
        run.now_s += 100;
    }

    auto opened = open_counter_session(counted.store(), run.office, run.counter, spec.counter,
                                       {spec.clerk, spec.pin, spec.services}, run.now_s);
    REQUIRE_MESSAGE(opened.ok(), opened.failure_text());
    const std::string session = (*opened)["session"].get<std::string>();
    const CounterAction after_call[] = {CounterAction::served, CounterAction::no_show,
                                        CounterAction::transfer, CounterAction::served};
    for (CounterAction finish : after_call) {
        run.command(spec, session, CounterAction::call_next);
        run.command(spec, session, finish,
                    finish == CounterAction::transfer ? spec.transfer_to : "");
        run.now_s += 130;
        run.issue(spec.services[0], "elderly");
        run.issue(spec.services[1], nullptr);
    }
    if (run.office.queue.call_by_number) {
        const auto waiting = run.issue(spec.services[0], nullptr);
        run.command(spec, session, CounterAction::call_number,
                    waiting["number"].get<std::string>());
        run.command(spec, session, CounterAction::served);
    }
    // An offline ticket uploaded: it joins now with the kiosk's own number.
    const Service& first = *std::find_if(run.office.services.begin(), run.office.services.end(),
                                         [&](const Service& s) { return s.id == spec.services[0]; });
    run.issue(first.id, nullptr, first.prefix + "-9-001");

    // A restart: the counts are the tickets' still, and the next ticket is counted right.
    counted.reopen();
    check_counts(counted, spec.id);
    // A database of schema 7 with tickets waiting: migration 8 counts them.
    counted.reopen(std::is_same_v<Backend, OnSqlite>
                       ? "DROP TRIGGER queue_waiting_joined; DROP TRIGGER queue_waiting_removed; "
                         "DROP TRIGGER queue_waiting_changed; DROP TABLE queue_waiting_counts; "
                         "PRAGMA user_version = 7"
                       : "DROP TABLE queue_waiting_counts; DROP FUNCTION queue_waiting_count() "
                         "CASCADE; DELETE FROM schema_migrations WHERE version = 8");
    check_counts(counted, spec.id);
    run.now_s += 600;
    run.issue(spec.services[1], "pregnant");

    // The next day: yesterday's waiting tickets count for nobody, a ticket held overnight
    // cannot join today's queue (its number may be today's too) and, finished today, changes
    // no count; one transferred today joins today's queue.
    run.command(spec, session, CounterAction::call_next);
    run.now_s += 24 * 3600;
    auto refused = counter_command(run.counted.store(), run.office, run.counter, spec.counter, session,
                                   {CounterAction::transfer, spec.transfer_to}, run.now_s);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "queue.ticket_from_another_day");
    check_counts(run.counted, spec.id);
    run.command(spec, session, CounterAction::served);
    CHECK(run.issue(spec.services[0], nullptr)["people_ahead"] == 0);
    run.command(spec, session, CounterAction::call_next);
    run.command(spec, session, CounterAction::transfer, spec.transfer_to);
    CHECK(run.issue(spec.transfer_to, nullptr)["people_ahead"] == 1);
    CHECK(run.issued > 30);
}

const CountsOffice kInterleaveOffice{"hav-plaza", "ana", "2580", 2, {"envios", "giros"}, "quejas"};
const CountsOffice kStrictOffice{"hav-centro", "yanet", "3141", 6, {"licencias", "quejas"},
                                 "identidad"};
const CountsOffice kAgingOffice{"scu-central", "osmany", "1618", 2, {"envios", "giros"},
                                "identidad"};

}  // namespace

TEST_CASE_TEMPLATE("queue waiting counts: people ahead and counts follow the tickets, interleave",
                   Backend, OnSqlite, OnPostgresql) {
    waiting_counts_follow_the_tickets<Backend>(kInterleaveOffice);
}

TEST_CASE_TEMPLATE("queue waiting counts: people ahead and counts follow the tickets, strict",
                   Backend, OnSqlite, OnPostgresql) {
    waiting_counts_follow_the_tickets<Backend>(kStrictOffice);
}

TEST_CASE_TEMPLATE("queue waiting counts: people ahead and counts follow the tickets, aging",
                   Backend, OnSqlite, OnPostgresql) {
    waiting_counts_follow_the_tickets<Backend>(kAgingOffice);
}
