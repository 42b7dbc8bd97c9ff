// The counter role's view: the clerk's flow, the worker that talks to the office queue, and
// the screens that draw them (ui/counter_screens.h).
#include <algorithm>
#include <memory>

#include "kiosk/counter_flow.h"
#include "kiosk/counter_worker.h"
#include "kiosk/outbox_upload.h"
#include "kiosk/scan_route.h"
#include "ui/counter_screens.h"
#include "ui/receipt_desk_view.h"
#include "ui/role_view.h"

namespace ventanilla::ui {

namespace {

const Office* office_in(const Catalog* catalog, const std::string& id) {
    if (!catalog) return nullptr;
    for (const Office& office : catalog->offices) {
        if (office.id == id) return &office;
    }
    return nullptr;
}

class CounterView final : public RoleView {
public:
    explicit CounterView(const RoleContext& context) : setup_(context.setup) {
        const TerminalConfig& config = setup_.config.config;
        counter_ = config.terminal_number;
        if (!setup_.credentials) {
            blocked_key_ = "counter.not_enrolled";
            return;
        }
        office_id_ = setup_.credentials->office_id.empty() ? config.office_id
                                                           : setup_.credentials->office_id;
        if (office_id_.empty()) {
            blocked_key_ = "counter.no_office";
            return;
        }
        CounterEndpoint endpoint;
        endpoint.base_url = config.server_url;
        endpoint.device_token = setup_.credentials->token;
        endpoint.office_id = office_id_;
        endpoint.counter = counter_;
        endpoint.transport.pinned_public_key = config.server_key_pin;
        endpoint.transport.allow_plain_http = config.allow_plain_http;
        worker_ = std::make_unique<CounterWorker>(endpoint, context.wake);
        const std::filesystem::path data_dir = config.data_dir;
        desk_ = std::make_unique<ReceiptDeskView>(
            DeskServer{sync_endpoint(config, *setup_.credentials), data_dir / "terminal-keys.json",
                       data_dir / "forms.json"},
            context.wake);
    }

    bool poll(RoleClock::time_point now) override {
        if (!worker_) return false;
        bool changed = desk_->poll(now);
        for (CounterReply& reply : worker_->drain_replies()) {
            changed = true;
            if (reply.session) flow_.on_logged_in(reply.request.id, std::move(*reply.session));
            if (reply.outcome) flow_.on_action_done(reply.request.id, std::move(*reply.outcome));
        }
        for (const CounterRefresh& refresh : worker_->drain_refreshes()) {
            if (refresh.queue) changed |= note_queue(*refresh.queue);
            if (refresh.figures) {
                flow_.on_figures(*refresh.figures);
                changed = true;
            }
        }
        worker_->want_figures(flow_.phase() == CounterPhase::working);
        return changed;
    }

    std::optional<RoleClock::time_point> next_deadline(RoleClock::time_point) const override {
        // Everything else comes from the workers, which wake the loop.
        return desk_ ? desk_->next_deadline() : std::nullopt;
    }

    bool draw(const ScreenModel& model, Painter& painter) override {
        const Office* office = office_in(model.catalog, office_id_);
        if (office && (!office_version_ || *office_version_ != model.catalog->version)) {
            office_version_ = model.catalog->version;
            std::vector<CounterService> here;
            for (const Service& service : office->services) {
                const auto& counters = service.counters;
                if (counters.empty() ||
                    std::find(counters.begin(), counters.end(), counter_) != counters.end()) {
                    here.push_back({service.id, service.prefix});
                }
            }
            flow_.set_office(std::move(here), office->queue.call_by_number);
        }
        desk_asked_ = false;
        if (desk_ && desk_->showing()) {
            desk_asked_ = desk_->draw(model, counter_, painter);
            return desk_asked_;
        }
        CounterScreenModel screen_model{model, flow_, office, counter_, blocked_key_};
        intents_ = CounterIntents{};
        screen_.draw(screen_model, intents_, painter);
        return intents_.any();
    }

    void apply(RoleClock::time_point) override {
        if (desk_asked_) return desk_->apply(clerk());
        CounterIntents intents = std::move(intents_);
        intents_ = CounterIntents{};
        if (intents.clerk) flow_.type_clerk(*intents.clerk);
        if (intents.digit) flow_.press_digit(*intents.digit);
        if (intents.backspace) flow_.press_backspace();
        if (intents.clear_pin) flow_.clear_pin();
        if (intents.toggle_service) flow_.toggle_service(*intents.toggle_service);
        if (intents.close_panel) flow_.close_panel();
        if (intents.open_panel) flow_.open_panel(*intents.open_panel);
        if (intents.log_in) send(flow_.log_in());
        if (intents.action) send(flow_.act(*intents.action, intents.argument));
        if (intents.log_out) send(flow_.log_out());
    }

    void on_scan(const std::string& code, RoleClock::time_point) override {
        // A procedure receipt opens the citizen's submission, whatever is on screen.
        if (desk_ && classify_scan(code) == ScanKind::receipt_reference) return desk_->scan(code, clerk());
        // A clerk's badge at the log-in screen fills the clerk field.
        if (flow_.phase() == CounterPhase::login) flow_.type_clerk(code);
    }

    nlohmann::json state() const override {
        nlohmann::json waiting = nlohmann::json::object();
        if (flow_.queue()) {
            for (const ServiceQueue& line : flow_.queue()->services) waiting[line.id] = line.waiting;
        }
        const auto& ticket = flow_.ticket_in_hand();
        nlohmann::json state = {
            {"role", "counter"},
            {"counter", counter_},
            {"phase", blocked_key_ ? std::string("blocked") : std::string(counter_phase_name(flow_.phase()))},
            {"clerk", flow_.session() ? nlohmann::json(flow_.session()->clerk) : nlohmann::json()},
            {"services_here", nlohmann::json::array()},
            {"ticket", ticket ? nlohmann::json(ticket->number) : nlohmann::json()},
            {"paused", flow_.paused()},
            {"pause_reason", flow_.session() ? flow_.session()->pause_reason : std::string()},
            {"busy", flow_.busy()},
            {"server_reachable", flow_.server_reachable()},
            {"message", flow_.message() ? nlohmann::json(flow_.message()->key) : nlohmann::json()},
            {"waiting", waiting},
        };
        for (const CounterService& service : flow_.services_here()) {
            state["services_here"].push_back(service.id);
        }
        if (desk_) state["desk"] = desk_->state();
        if (flow_.figures()) {
            const DayFigures& figures = *flow_.figures();
            state["figures"] = {{"office_issued", figures.office.issued},
                                {"office_served", figures.office.served},
                                {"office_no_shows", figures.office.no_shows}};
            if (flow_.session()) {
                if (const FigureSet* mine = figures.clerk(flow_.session()->clerk)) {
                    state["figures"]["clerk_served"] = mine->served;
                    state["figures"]["clerk_no_shows"] = mine->no_shows;
                }
            }
        }
        return state;
    }

private:
    std::string clerk() const { return flow_.session() ? flow_.session()->clerk : std::string(); }

    // True when the screen shows something else now: counts, next numbers, reachability.
    bool note_queue(const Result<QueueSnapshot>& snapshot) {
        const bool was_reachable = flow_.server_reachable();
        const std::string before = queue_fingerprint();
        flow_.on_queue(snapshot);
        return was_reachable != flow_.server_reachable() || before != queue_fingerprint();
    }

    std::string queue_fingerprint() const {
        if (!flow_.queue()) return {};
        std::string out;
        for (const ServiceQueue& line : flow_.queue()->services) {
            out += line.id + ':' + std::to_string(line.waiting) + ':';
            for (const std::string& number : line.next) out += number + ',';
            out += ';';
        }
        return out;
    }

    void send(std::optional<CounterRequest> request) {
        if (!request || !worker_) return;
        worker_->submit(std::move(*request));
    }

    const AppSetup& setup_;
    int counter_ = 1;
    std::string office_id_;
    std::optional<std::string> blocked_key_;
    std::optional<std::string> office_version_;
    CounterFlow flow_;
    CounterScreen screen_;
    CounterIntents intents_;
    bool desk_asked_ = false;
    std::unique_ptr<ReceiptDeskView> desk_;  // a scanned procedure receipt; null when not enrolled
    std::unique_ptr<CounterWorker> worker_;  // last: stopped first, before the flow goes
};

}  // namespace

std::unique_ptr<RoleView> make_counter_view(const RoleContext& context) {
    return std::make_unique<CounterView>(context);
}

}  // namespace ventanilla::ui
