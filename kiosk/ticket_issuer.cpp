#include "kiosk/ticket_issuer.h"

#include "kiosk/log.h"
#include "kiosk/tracking_time.h"
#include "kiosk/uuid.h"

namespace ventanilla {

namespace {
constexpr std::size_t kRememberedCheckIns = 20;
}  // namespace

std::string kiosk_local_day(WallTime time) { return format_local(time, "%Y-%m-%d"); }

Result<Ticket> issue_ticket_now(TicketStore& store, const TicketOrder& order,
                                const TicketIssueOptions& options, WallTime now,
                                const std::string& local_day, const std::atomic<bool>* cancel,
                                bool* reached_server) {
    if (reached_server) *reached_server = false;
    // 1. Committed before anything else: whatever happens next, this ticket is known.
    auto asked = store.create(order.office_id, order.service_id, order.priority, now);
    if (!asked) return asked.error();
    // 2. The server, when there is one to ask.
    if (options.endpoint) {
        TicketReply reply = post_ticket(*options.endpoint, *asked, ticket_request_json(*asked),
                                        options.timeouts, cancel);
        if (reached_server) *reached_server = !reply.error_code.starts_with("net.");
        switch (reply.kind) {
            case TicketReply::Kind::issued: {
                Status recorded = store.record_online(*reply.ticket);
                if (!recorded) return recorded.error();
                return *reply.ticket;
            }
            case TicketReply::Kind::refused:
            case TicketReply::Kind::paused:
            case TicketReply::Kind::revoked: {
                // The server will not take this ticket, now or later: nothing is issued.
                log_line(LogLevel::warning, "ticket refused: " + reply.error_code + " " + reply.error_detail);
                (void)store.abandon(asked->id);
                std::map<std::string, std::string> args = reply.error_args;
                args["code"] = reply.error_code;
                return make_error("ticket.refused", reply.error_detail, std::move(args));
            }
            case TicketReply::Kind::unreachable:
                log_line(LogLevel::warning, "ticket issued offline: " + reply.error_code + " " +
                                                reply.error_detail);
                break;
        }
    }
    // 3. No server: this kiosk's own number, uploaded later. If the server did store the
    // request and only its answer was lost, the upload is answered with the stored ticket,
    // renumbered to the printed number (docs/protocol.md, "A lost answer").
    return store.issue_offline(asked->id, order.service_prefix, options.terminal_number, local_day);
}

Result<std::unique_ptr<TicketIssuer>> TicketIssuer::start(TicketIssuerOptions options) {
    StoreOptions store_options;
    store_options.check_integrity_on_open = false;
    auto store = LocalStore::open(options.db_path, store_options);
    if (!store) return store.error();
    std::unique_ptr<TicketIssuer> issuer(new TicketIssuer(std::move(options), std::move(store).value()));
    auto abandoned = issuer->tickets_.abandon_unanswered();
    if (abandoned && *abandoned > 0) {
        log_line(LogLevel::warning, std::to_string(*abandoned) +
                                        " ticket request(s) left unanswered by a stop were abandoned");
    }
    issuer->thread_ = std::thread([w = issuer.get()] { w->run(); });
    return issuer;
}

TicketIssuer::TicketIssuer(TicketIssuerOptions options, LocalStore store)
    : options_(std::move(options)), store_(std::move(store)), tickets_(store_) {}

TicketIssuer::~TicketIssuer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cancel_ = true;
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
}

std::uint64_t TicketIssuer::issue(TicketOrder order) {
    std::lock_guard lock(mutex_);
    const std::uint64_t id = next_order_++;
    jobs_.push_back({id, TicketWork::Kind::issue, std::move(order), {}});
    changed_.notify_all();
    return id;
}

std::uint64_t TicketIssuer::check_in(std::string office_id, std::string code) {
    std::lock_guard lock(mutex_);
    const std::uint64_t id = next_order_++;
    TicketOrder order;
    order.office_id = std::move(office_id);
    jobs_.push_back({id, TicketWork::Kind::check_in, std::move(order), std::move(code)});
    changed_.notify_all();
    return id;
}

std::uint64_t TicketIssuer::look_up(std::string office_id, std::string ticket_id) {
    std::lock_guard lock(mutex_);
    const std::uint64_t id = next_order_++;
    TicketOrder order;
    order.office_id = std::move(office_id);
    jobs_.push_back({id, TicketWork::Kind::look_up, std::move(order), std::move(ticket_id)});
    changed_.notify_all();
    return id;
}

std::vector<TicketWork> TicketIssuer::drain() {
    std::lock_guard lock(mutex_);
    std::vector<TicketWork> out;
    out.swap(done_);
    return out;
}

void TicketIssuer::run() {
    std::unique_lock lock(mutex_);
    while (true) {
        changed_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;  // stopping with nothing left
        Job job = std::move(jobs_.front());
        jobs_.pop_front();
        lock.unlock();
        TicketWork result = work(job);
        lock.lock();
        done_.push_back(std::move(result));
        if (options_.on_result) options_.on_result();
    }
}

TicketWork TicketIssuer::work(const Job& job) {
    TicketWork result;
    result.order = job.order;
    result.kind = job.kind;
    const WallTime now = options_.wall_clock();
    bool reached = false;
    const auto& endpoint = options_.issue.endpoint;
    switch (job.kind) {
        case TicketWork::Kind::issue:
            result.ticket = issue_ticket_now(tickets_, job.ticket, options_.issue, now,
                                             options_.local_day(now), &cancel_, &reached);
            break;
        case TicketWork::Kind::check_in: {
            if (!endpoint) {
                result.ticket = make_error("ticket.unreachable", "this terminal is not enrolled");
                break;
            }
            // The same code again (a retry after no answer) goes with the same ticket id.
            Ticket asked;
            for (const auto& [code, ticket] : check_in_ids_) {
                if (code == job.code_or_id) asked = ticket;
            }
            if (asked.id.empty()) {
                asked.id = make_uuid_v4();
                asked.office_id = job.ticket.office_id;
                asked.issued_at = std::chrono::floor<std::chrono::seconds>(now);
                if (check_in_ids_.size() == kRememberedCheckIns) check_in_ids_.erase(check_in_ids_.begin());
                check_in_ids_.emplace_back(job.code_or_id, asked);
            }
            TicketReply reply = post_check_in(*endpoint, asked, job.code_or_id, options_.issue.timeouts, &cancel_);
            reached = !reply.error_code.starts_with("net.");
            if (reply.kind == TicketReply::Kind::issued) {
                Status recorded = tickets_.record_checked_in(*reply.ticket, asked.issued_at);
                if (!recorded) {
                    result.ticket = recorded.error();
                } else {
                    result.ticket = *reply.ticket;
                }
            } else if (reply.kind == TicketReply::Kind::unreachable) {
                result.ticket = make_error("ticket.unreachable", reply.error_code + " " + reply.error_detail);
            } else {
                // queue.appointment_too_early and friends carry the window's times.
                result.ticket = make_error(reply.error_code, reply.error_detail, reply.error_args);
            }
            break;
        }
        case TicketWork::Kind::look_up:
            if (!endpoint) {
                result.status = make_error("ticket.unreachable", "this terminal is not enrolled");
                break;
            }
            result.status = fetch_ticket_status(*endpoint, job.ticket.office_id, job.code_or_id,
                                                options_.issue.timeouts, &cancel_);
            reached = result.status.ok() || !result.status.error().code.starts_with("net.");
            break;
    }
    if (reached && options_.on_server_reached) options_.on_server_reached();
    return result;
}

}  // namespace ventanilla
