#include "kiosk/ticket_upload_worker.h"

#include "kiosk/log.h"

namespace ventanilla {

namespace {
using SteadyClock = std::chrono::steady_clock;
}  // namespace

Result<std::unique_ptr<TicketUploadWorker>> TicketUploadWorker::start(TicketUploadOptions options) {
    StoreOptions store_options;
    store_options.check_integrity_on_open = false;
    auto store = LocalStore::open(options.db_path, store_options);
    if (!store) return store.error();
    std::unique_ptr<TicketUploadWorker> worker(
        new TicketUploadWorker(std::move(options), std::move(store).value()));
    worker->thread_ = std::thread([w = worker.get()] { w->run(); });
    return worker;
}

TicketUploadWorker::TicketUploadWorker(TicketUploadOptions options, LocalStore store)
    : options_(std::move(options)),
      store_(std::move(store)),
      tickets_(store_),
      schedule_(options_.retry, options_.random) {}

TicketUploadWorker::~TicketUploadWorker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cancel_ = true;
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void TicketUploadWorker::wake() {
    {
        std::lock_guard lock(mutex_);
        wake_requested_ = true;
    }
    changed_.notify_all();
}

TicketUploadState TicketUploadWorker::state() const {
    std::lock_guard lock(mutex_);
    return state_;
}

bool TicketUploadWorker::wait_until_drained(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [this] { return idle_ && state_.waiting == 0; });
}

void TicketUploadWorker::run() {
    std::unique_lock lock(mutex_);
    SteadyClock::time_point next_pass = SteadyClock::now();
    while (!stopping_) {
        const bool blocked = state_.paused || state_.revoked;
        if (wake_requested_) {
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
            next_pass = more                      ? SteadyClock::now()
                        : schedule_.failures() > 0 ? schedule_.next_try()
                                                   : SteadyClock::now() + options_.idle_poll;
            continue;
        }
        const auto until = blocked ? SteadyClock::now() + options_.idle_poll : next_pass;
        changed_.wait_until(lock, until, [this] { return stopping_ || wake_requested_; });
    }
}

bool TicketUploadWorker::pass() {
    auto due = tickets_.uploads_due(1);
    if (!due || due->empty()) {
        {
            std::lock_guard lock(mutex_);
            idle_ = due.ok();
            if (!due) state_.last_error_code = due.error().code;
        }
        refresh_counts();
        return false;
    }
    {
        std::lock_guard lock(mutex_);
        idle_ = false;
    }
    const StoredTicket& stored = due->front();
    // Durable before the first byte goes out: after a crash the same bytes go again.
    if (Status marked = tickets_.mark_sending(stored.ticket.id); !marked) {
        schedule_.failed(SteadyClock::now());
        std::lock_guard lock(mutex_);
        state_.last_error_code = marked.error().code;
        return false;
    }
    TicketReply reply = post_ticket(options_.endpoint, stored.ticket, stored.upload_body,
                                    options_.timeouts, &cancel_);
    if (cancel_) return false;
    bool more = false;
    Status settled = ok_status();
    switch (reply.kind) {
        case TicketReply::Kind::issued:
            settled = tickets_.mark_uploaded(*reply.ticket);
            schedule_.succeeded();
            more = settled.ok();
            break;
        case TicketReply::Kind::refused:
            log_line(LogLevel::warning, "offline ticket " + stored.ticket.number + " set aside: " +
                                            reply.error_code + " " + reply.error_detail);
            settled = tickets_.set_aside(stored.ticket.id, reply.error_code, reply.error_detail);
            more = settled.ok();
            break;
        case TicketReply::Kind::unreachable:
            schedule_.failed(SteadyClock::now(), reply.retry_after);
            break;
        case TicketReply::Kind::paused:
        case TicketReply::Kind::revoked:
            break;
    }
    {
        std::lock_guard lock(mutex_);
        if (reply.kind == TicketReply::Kind::issued) {
            ++state_.uploaded;
            state_.last_error_code.clear();
            state_.last_error_detail.clear();
        } else {
            state_.last_error_code = reply.error_code;
            state_.last_error_detail = reply.error_detail;
        }
        if (!settled) state_.last_error_code = settled.error().code;
        state_.paused = state_.paused || reply.kind == TicketReply::Kind::paused;
        state_.revoked = state_.revoked || reply.kind == TicketReply::Kind::revoked;
    }
    refresh_counts();
    return more;
}

void TicketUploadWorker::refresh_counts() {
    auto counts = tickets_.upload_counts();
    {
        std::lock_guard lock(mutex_);
        if (counts) {
            state_.waiting = counts->waiting;
            state_.set_aside = counts->set_aside;
        }
    }
    changed_.notify_all();
    if (options_.on_change) options_.on_change();
}

}  // namespace ventanilla
