// TicketUploadWorker: a thread that uploads the tickets this kiosk numbered itself to
// POST …/tickets (with their offline_number), one at a time, oldest first.
#pragma once

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "kiosk/outbox_retry.h"
#include "kiosk/result.h"
#include "kiosk/store.h"
#include "kiosk/ticket_client.h"
#include "kiosk/ticket_store.h"

namespace ventanilla {

struct TicketUploadOptions {
    std::filesystem::path db_path;  // the terminal's LocalStore; the worker opens its own connection
    SyncEndpoint endpoint;
    TicketCallTimeouts timeouts{5000, 30000};
    RetryPolicy retry;
    RandomUpTo random = system_random_up_to();
    // With nothing to send it still looks every so often, for tickets made without wake().
    std::chrono::milliseconds idle_poll = std::chrono::seconds(30);
    std::function<void()> on_change;  // runs on the worker; must not block
};

struct TicketUploadState {
    std::int64_t waiting = 0;    // offline tickets not yet at the server
    std::int64_t set_aside = 0;  // refused by the server, kept for the technician
    std::int64_t uploaded = 0;   // since the worker started
    bool paused = false;         // 401/403: the enrolment needs a technician
    bool revoked = false;
    std::string last_error_code;  // "" after a success
    std::string last_error_detail;
};

// The outbox's rules (DESIGN.md): network errors, 408, 429 and 5xx back off with full
// jitter and are sent again with the same bytes; 401/403 pause; a queue.* refusal (stale,
// number taken, conflict) sets that ticket aside for a person and the rest go on.
class TicketUploadWorker {
public:
    static Result<std::unique_ptr<TicketUploadWorker>> start(TicketUploadOptions options);
    ~TicketUploadWorker();
    TicketUploadWorker(const TicketUploadWorker&) = delete;
    TicketUploadWorker& operator=(const TicketUploadWorker&) = delete;

    // Try now: a ticket was just numbered offline, or the server answered again.
    void wake();
    TicketUploadState state() const;
    // Until nothing waits and the last pass ended (true), or `timeout` (false).
    bool wait_until_drained(std::chrono::milliseconds timeout);

private:
    TicketUploadWorker(TicketUploadOptions options, LocalStore store);
    void run();
    bool pass();  // true: another ticket should go at once
    void refresh_counts();

    TicketUploadOptions options_;
    LocalStore store_;
    TicketStore tickets_;
    RetrySchedule schedule_;

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    TicketUploadState state_;
    bool wake_requested_ = false;
    bool stopping_ = false;
    bool idle_ = false;
    std::atomic<bool> cancel_{false};
    std::thread thread_;
};

}  // namespace ventanilla
