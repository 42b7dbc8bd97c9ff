// TicketIssuer: the kiosk's queue calls off the UI thread: issue a ticket (committed first,
// numbered by the kiosk itself when the server cannot be reached), check an appointment in,
// look a scanned ticket up. Results come back by value through drain().
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/result.h"
#include "kiosk/store.h"
#include "kiosk/ticket.h"
#include "kiosk/ticket_client.h"
#include "kiosk/ticket_store.h"

namespace ventanilla {

// What the citizen chose.
struct TicketOrder {
    std::string office_id;
    std::string service_id;
    std::string service_prefix;  // its letter, for a number of the kiosk's own
    std::string priority;        // a group id of the office, "" for none
};

struct TicketIssueOptions {
    std::optional<SyncEndpoint> endpoint;  // none: not enrolled, every ticket is offline
    int terminal_number = 1;
    TicketCallTimeouts timeouts;
};

// The kiosk's local date, "2026-03-14": its offline numbering restarts with it.
std::string kiosk_local_day(WallTime time);

// The blocking core of an issue, for the worker, tests and the bench:
// 1. the ticket's UUID is made and its request committed (TicketStore::create);
// 2. the server is asked (POST …/tickets);
// 3. its answer is recorded; or, when it cannot be reached (network, timeout, 408, 429, 5xx,
//    a garbled answer), the ticket gets this kiosk's own number of `local_day` and waits
//    for the TicketUploadWorker; a refusal (4xx) issues nothing: ticket.refused.
// `reached_server` (optional) tells whether the server answered at all.
Result<Ticket> issue_ticket_now(TicketStore& store, const TicketOrder& order,
                                const TicketIssueOptions& options, WallTime now,
                                const std::string& local_day,
                                const std::atomic<bool>* cancel = nullptr,
                                bool* reached_server = nullptr);

struct TicketIssuerOptions {
    std::filesystem::path db_path;  // the terminal's LocalStore; the worker opens its own connection
    TicketIssueOptions issue;
    std::function<WallTime()> wall_clock = [] { return std::chrono::system_clock::now(); };
    std::function<std::string(WallTime)> local_day = kiosk_local_day;
    // Runs on the worker when a result is ready (to end the UI loop's wait). Must not block.
    std::function<void()> on_result;
    // Runs on the worker when the server answered: offline tickets may go up at once.
    std::function<void()> on_server_reached;
};

struct TicketWork {
    enum class Kind { issue, check_in, look_up };
    std::uint64_t order = 0;  // what submit_* returned
    Kind kind = Kind::issue;
    Result<Ticket> ticket = make_error("ticket.unknown");        // issue, check_in
    Result<TicketStatus> status = make_error("ticket.unknown");  // look_up
};

class TicketIssuer {
public:
    // Opens the store, abandons requests a crash left unanswered, starts the thread.
    static Result<std::unique_ptr<TicketIssuer>> start(TicketIssuerOptions options);
    // A request in flight is abandoned within about a second (its ticket numbered offline
    // if it was an issue: it was committed and may be on screen).
    ~TicketIssuer();
    TicketIssuer(const TicketIssuer&) = delete;
    TicketIssuer& operator=(const TicketIssuer&) = delete;

    std::uint64_t issue(TicketOrder order);
    // `code` as typed or scanned; the same code again within a session reuses its ticket id,
    // so a lost answer is not turned into "appointment used" by the retry.
    std::uint64_t check_in(std::string office_id, std::string code);
    std::uint64_t look_up(std::string office_id, std::string ticket_id);
    std::vector<TicketWork> drain();

private:
    struct Job {
        std::uint64_t order;
        TicketWork::Kind kind;
        TicketOrder ticket;
        std::string code_or_id;
    };
    TicketIssuer(TicketIssuerOptions options, LocalStore store);
    void run();
    TicketWork work(const Job& job);

    TicketIssuerOptions options_;
    LocalStore store_;
    TicketStore tickets_;
    std::vector<std::pair<std::string, Ticket>> check_in_ids_;  // recent codes and their tickets

    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Job> jobs_;
    std::vector<TicketWork> done_;
    std::uint64_t next_order_ = 1;
    bool stopping_ = false;
    std::atomic<bool> cancel_{false};
    std::thread thread_;
};

}  // namespace ventanilla
