#include "kiosk/outbox_worker.h"

#include <algorithm>

namespace ventanilla {

namespace {
using SteadyClock = std::chrono::steady_clock;
}  // namespace

Result<std::unique_ptr<OutboxWorker>> OutboxWorker::start(OutboxWorkerOptions options) {
    StoreOptions store_options;
    store_options.check_integrity_on_open = false;
    auto store = LocalStore::open(options.db_path, store_options);
    if (!store) return store.error();
    std::unique_ptr<OutboxWorker> worker(
        new OutboxWorker(std::move(options), std::move(store).value()));
    worker->thread_ = std::thread([w = worker.get()] { w->run(); });
    return worker;
}

OutboxWorker::OutboxWorker(OutboxWorkerOptions options, LocalStore store)
    : options_(std::move(options)),
      store_(std::move(store)),
      outbox_(store_),
      schedule_(options_.retry, options_.random),
      batch_limit_(std::max<std::size_t>(options_.max_records, 1)) {}

OutboxWorker::~OutboxWorker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cancel_ = true;
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void OutboxWorker::wake() {
    {
        std::lock_guard lock(mutex_);
        wake_requested_ = true;
    }
    changed_.notify_all();
}

void OutboxWorker::resume() {
    {
        std::lock_guard lock(mutex_);
        if (state_.revoked) return;
        state_.paused = false;
        wake_requested_ = true;
    }
    changed_.notify_all();
}

SyncState OutboxWorker::state() const {
    std::lock_guard lock(mutex_);
    return state_;
}

bool OutboxWorker::wait_until_drained(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout,
                             [this] { return idle_ && state_.records_waiting == 0; });
}

void OutboxWorker::run() {
    std::unique_lock lock(mutex_);
    SteadyClock::time_point next_pass = SteadyClock::now();
    while (!stopping_) {
        const bool blocked = state_.paused || state_.revoked;
        if (wake_requested_) {
            // Taken even while paused or revoked (resume() lifts a pause and wakes again);
            // left pending, it would keep the wait below from ever sleeping.
            wake_requested_ = false;
            if (!blocked) {
                schedule_.retry_now(SteadyClock::now());
                next_pass = SteadyClock::now();
            }
        }
        if (!blocked && SteadyClock::now() >= next_pass) {
            lock.unlock();
            const bool more = pass();
            lock.lock();
            if (more) {
                next_pass = SteadyClock::now();
                continue;
            }
            next_pass = schedule_.failures() > 0 ? schedule_.next_try()
                                                 : SteadyClock::now() + options_.idle_poll;
            continue;
        }
        const auto until = blocked ? SteadyClock::now() + options_.idle_poll : next_pass;
        changed_.wait_until(lock, until, [this] { return stopping_ || wake_requested_; });
        if (blocked && !stopping_) {
            // Still paused: keep the counts fresh for the technician's screen.
            lock.unlock();
            refresh_counts();
            lock.lock();
        }
    }
}

bool OutboxWorker::pass() {
    using Kind = UploadOutcome::Kind;
    const auto fail_locally = [this](const Error& error) {
        schedule_.failed(SteadyClock::now());
        {
            std::lock_guard lock(mutex_);
            state_.last_error_code = error.code;
            state_.last_error_detail = error.detail;
            idle_ = false;
        }
        publish();
        return false;
    };

    purge_expired();
    auto batch = outbox_.next_batch(batch_limit_, options_.max_bytes);
    if (!batch) return fail_locally(batch.error());
    if (batch->empty()) {
        {
            std::lock_guard lock(mutex_);
            idle_ = true;
        }
        refresh_counts();
        return false;
    }
    {
        std::lock_guard lock(mutex_);
        idle_ = false;
    }
    // Sealed personal data is opened in memory only, for the request.
    std::vector<RecordVerdict> unreadable;
    std::erase_if(batch.value(), [&](OutboxRecord& record) {
        if (!is_sealed_content(record.content)) return false;
        auto opened = open_sealed_content(record.content, options_.data_key);
        if (opened) {
            record.content = std::move(opened).value();
            return false;
        }
        unreadable.push_back({record.id, RecordVerdict::Kind::rejected, "sealed.damaged",
                              "the record's sealed content cannot be opened with this terminal's key"});
        return true;
    });
    if (!unreadable.empty()) {
        if (auto settled = outbox_.settle(unreadable); !settled) return fail_locally(settled.error());
        refresh_counts();
        if (batch.value().empty()) return true;  // look again at once: the rest may be readable
    }
    // Durable before the first byte goes out: after a crash, "sending" says the server may
    // have it, and the same id and bytes go again.
    if (auto marked = outbox_.mark_sending(*batch); !marked) return fail_locally(marked.error());

    UploadOutcome outcome = upload_records(options_.endpoint, *batch, &cancel_);
    if (cancel_) return false;

    bool more = false;
    std::int64_t acknowledged = 0;
    if (outcome.kind == Kind::answered || outcome.kind == Kind::record_refused) {
        if (auto settled = outbox_.settle(outcome.verdicts, options_.wall_clock()); !settled) {
            return fail_locally(settled.error());
        }
        for (const RecordVerdict& verdict : outcome.verdicts) {
            if (verdict.kind == RecordVerdict::Kind::accepted ||
                verdict.kind == RecordVerdict::Kind::duplicate) {
                ++acknowledged;
            }
        }
    }
    switch (outcome.kind) {
        case Kind::answered:
            schedule_.succeeded();
            batch_limit_ = std::max<std::size_t>(options_.max_records, 1);
            more = true;
            break;
        case Kind::record_refused:
            more = true;  // the rest of the batch goes again at once
            break;
        case Kind::batch_refused:
            if (batch_limit_ > 1) {
                batch_limit_ = 1;  // find the record to blame, one at a time
                more = true;
            } else {
                schedule_.failed(SteadyClock::now());
            }
            break;
        case Kind::retry_later:
            schedule_.failed(SteadyClock::now(), outcome.retry_after);
            break;
        case Kind::paused:
        case Kind::revoked:
            break;
    }
    // Counted before the outcome is published, and published with it: a reader who sees
    // "revoked" or "offline" also sees what waits behind it, never the count of before.
    const auto counts = outbox_.counts();
    {
        std::lock_guard lock(mutex_);
        apply_counts(counts);
        if (outcome.reached_server) {
            state_.link = SyncState::Link::online;
        } else if (outcome.error_code.starts_with("net.")) {
            state_.link = SyncState::Link::offline;
        }
        if (outcome.kind == Kind::answered) {
            state_.last_success = std::chrono::system_clock::now();
            state_.last_error_code.clear();
            state_.last_error_detail.clear();
        } else {
            state_.last_error_code = outcome.error_code;
            state_.last_error_detail = outcome.error_detail;
        }
        if (outcome.clock_offset) state_.clock_offset = outcome.clock_offset;
        state_.paused = state_.paused || outcome.kind == Kind::paused;
        state_.revoked = state_.revoked || outcome.kind == Kind::revoked;
        state_.records_acknowledged += acknowledged;
        if (schedule_.failures() > 0 && !more) {
            state_.next_try_in = std::chrono::duration_cast<std::chrono::milliseconds>(
                schedule_.next_try() - SteadyClock::now());
        } else {
            state_.next_try_in.reset();
        }
    }
    publish();
    return more;
}

void OutboxWorker::purge_expired() {
    const auto now = SteadyClock::now();
    if (now < next_purge_) return;
    next_purge_ = now + options_.purge_interval;
    auto removed = outbox_.remove_expired(options_.wall_clock(), options_.retention);
    if (!removed) {
        std::lock_guard lock(mutex_);
        state_.last_error_code = removed.error().code;
        state_.last_error_detail = removed.error().detail;
        return;
    }
    std::lock_guard lock(mutex_);
    state_.records_removed_after_retention += removed.value();
}

void OutboxWorker::apply_counts(const Result<OutboxCounts>& counts) {
    if (counts) {
        state_.records_waiting = counts->waiting;
        state_.records_set_aside = counts->set_aside;
        state_.records_kept_acknowledged = counts->acknowledged;
        state_.oldest_waiting_created_at = counts->oldest_created_at;
    } else {
        state_.last_error_code = counts.error().code;
        state_.last_error_detail = counts.error().detail;
    }
}

void OutboxWorker::refresh_counts() {
    const auto counts = outbox_.counts();
    {
        std::lock_guard lock(mutex_);
        apply_counts(counts);
    }
    publish();
}

void OutboxWorker::publish() {
    changed_.notify_all();
    if (options_.on_change) options_.on_change();
}

}  // namespace ventanilla
