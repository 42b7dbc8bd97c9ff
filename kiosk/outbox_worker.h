// OutboxWorker: a thread that drains the outbox to the server in batches, and says how it goes.
#pragma once

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "kiosk/outbox.h"
#include "kiosk/outbox_retry.h"
#include "kiosk/outbox_upload.h"
#include "kiosk/result.h"
#include "kiosk/store.h"
#include "kiosk/sync_state.h"

namespace ventanilla {

struct OutboxWorkerOptions {
    std::filesystem::path db_path;  // the terminal's LocalStore file; the worker opens its own
                                    // connection to it
    SyncEndpoint endpoint;
    std::size_t max_records = 100;         // per batch
    std::size_t max_bytes = 256 * 1024;    // per batch, content bytes (one record always fits)
    RetryPolicy retry;
    RandomUpTo random = system_random_up_to();
    // With nothing to send the worker still looks every so often, for records another
    // connection made without calling wake().
    std::chrono::milliseconds idle_poll = std::chrono::seconds(30);
    // Runs on the worker whenever the state changes (to end the UI loop's wait). Must not block.
    std::function<void()> on_change;
    // Opens records sealed at rest (Outbox::enqueue_with_id with a key) just before they are
    // sent; one that cannot be opened is set aside as sealed.damaged and the rest go on.
    std::string data_key;
    // Personal data the server acknowledged is deleted once it is this old (Outbox::
    // remove_expired), looked for at start and every purge_interval, by this wall clock.
    std::chrono::days retention{7};
    std::chrono::milliseconds purge_interval = std::chrono::hours(1);
    std::function<WallTime()> wall_clock = [] { return std::chrono::system_clock::now(); };
};

// Failures are sorted as DESIGN.md says: network errors, 408, 429 and 5xx back off and retry;
// 401/403 pause and alert; a 4xx that names one record sets that record aside and the rest go
// on; auth.revoked stops the worker's uploads for good. Records go in order of creation.
class OutboxWorker {
public:
    // Opens the store (no full integrity check: the terminal did one at start) and starts the
    // thread. The first pass runs at once.
    static Result<std::unique_ptr<OutboxWorker>> start(OutboxWorkerOptions options);
    // Stops: a request in flight is abandoned within about a second; records stay as they are
    // and are sent again by the next worker.
    ~OutboxWorker();
    OutboxWorker(const OutboxWorker&) = delete;
    OutboxWorker& operator=(const OutboxWorker&) = delete;

    // Try now: a record was just made, or the network came back (collect#6120: a queue must
    // not sit out its backoff once the link is up again).
    void wake();
    // Leave the 401/403 pause (after the technician fixed the server side). A revoked
    // terminal stays stopped: it needs a new enrolment, hence a new worker.
    void resume();

    SyncState state() const;

    // Blocks until no record is waiting or sending and the last pass ended (true), or until
    // `timeout` (false). For tests, benches and an orderly shutdown.
    bool wait_until_drained(std::chrono::milliseconds timeout);

private:
    OutboxWorker(OutboxWorkerOptions options, LocalStore store);
    void run();
    // One batch; returns true when another batch should follow at once.
    bool pass();
    void refresh_counts();
    void apply_counts(const Result<OutboxCounts>& counts);  // with mutex_ held
    void publish();
    // Deletes the acknowledged personal data past its retention, when a look is due.
    void purge_expired();

    OutboxWorkerOptions options_;
    LocalStore store_;
    Outbox outbox_;
    RetrySchedule schedule_;
    std::size_t batch_limit_;  // shrinks to 1 after a batch_refused, grows back on success
    std::chrono::steady_clock::time_point next_purge_{};

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    SyncState state_;
    bool wake_requested_ = false;
    bool stopping_ = false;
    bool idle_ = false;  // the last pass found nothing to send
    std::atomic<bool> cancel_{false};
    std::thread thread_;
};

}  // namespace ventanilla
