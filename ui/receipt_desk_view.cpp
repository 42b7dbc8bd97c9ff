#include "ui/receipt_desk_view.h"

#include "kiosk/log.h"

namespace ventanilla::ui {

ReceiptDeskView::ReceiptDeskView(DeskServer server, std::function<void()> wake,
                                 std::chrono::seconds keys_refresh_interval)
    : server_(std::move(server)),
      keys_(load_kept_terminal_keys(server_.keys_file)),  // offline from the first scan
      keys_refresh_interval_(keys_refresh_interval),
      next_key_refresh_(RoleClock::now()),
      jobs_(std::make_unique<BackgroundJobs>(std::move(wake))) {}

bool ReceiptDeskView::poll(RoleClock::time_point now) {
    const bool changed = jobs_->apply_finished() > 0;
    if (next_key_refresh_ && now >= *next_key_refresh_ && !refreshing_keys_) {
        next_key_refresh_ = now + keys_refresh_interval_;
        refresh_keys();
    }
    return changed;
}

void ReceiptDeskView::refresh_keys() {
    refreshing_keys_ = true;
    jobs_->post([this, server = server_, keys = keys_](const std::atomic<bool>& stopping) -> BackgroundJobs::Apply {
        auto fresh = refresh_terminal_keys(server, keys, &stopping);
        return [this, fresh = std::move(fresh)] {
            refreshing_keys_ = false;
            if (fresh) {
                keys_ = fresh.value();
                keys_problem_.clear();
            } else {
                keys_problem_ = fresh.error().code;
                log_line(LogLevel::warning, "terminal keys not refreshed: " + fresh.error().describe());
            }
        };
    });
}

void ReceiptDeskView::scan(const std::string& code, const std::string& clerk) {
    send(desk_.scan(code, keys_.known(), clerk));
}

void ReceiptDeskView::send(std::optional<DeskRequest> request) {
    if (!request) return;
    if (request->kind == DeskRequest::Kind::save) {
        jobs_->post([this, server = server_, request = *request](const std::atomic<bool>& stopping) -> BackgroundJobs::Apply {
            DeskCallOptions options;
            options.cancelled = &stopping;
            auto saved = record_outcome(server.endpoint, request.reference, request.outcome, options);
            if (saved) {
                log_line(LogLevel::info, "submission " + request.reference + " marked " + saved->status);
            }
            return [this, id = request.id, saved = std::move(saved)]() mutable { desk_.on_saved(id, std::move(saved)); };
        });
        return;
    }
    jobs_->post([this, server = server_, request = *request, keys = keys_](const std::atomic<bool>& stopping) -> BackgroundJobs::Apply {
        DeskOpened opened = open_for_desk(server, request, keys, &stopping);
        return [this, id = request.id, opened = std::move(opened)]() mutable {
            if (opened.fresh_keys) keys_ = std::move(*opened.fresh_keys);
            desk_.on_opened(id, std::move(opened.opened), std::move(opened.verdict), std::move(opened.form));
        };
    });
}

bool ReceiptDeskView::draw(const ScreenModel& model, int counter, Painter& painter) {
    intents_ = DeskIntents{};
    screen_.draw(DeskScreenModel{model, desk_, counter}, intents_, painter);
    return intents_.any();
}

void ReceiptDeskView::apply(const std::string& clerk) {
    DeskIntents intents = std::move(intents_);
    intents_ = DeskIntents{};
    if (intents.choose) desk_.choose(*intents.choose);
    if (intents.reason) desk_.set_reason(*intents.reason);
    if (intents.answer) desk_.set_answer(*intents.answer);
    if (intents.retry) send(desk_.retry());
    if (intents.save) send(desk_.save(clerk));
    if (intents.close) desk_.close();
}

nlohmann::json ReceiptDeskView::state() const {
    nlohmann::json state = {
        {"phase", desk_phase_name(desk_.phase())},
        {"reference", desk_.reference()},
        {"unknown_terminal", desk_.unknown_terminal()},
        {"problem", desk_.problem() ? nlohmann::json(desk_.problem()->code) : nlohmann::json()},
        {"chosen_status", desk_.chosen_status()},
        {"saving", desk_.saving()},
        {"saved", desk_.saved()},
        {"known_terminals", keys_.terminals.size()},
        {"keys_problem", keys_problem_},
    };
    if (desk_.submission()) {
        state["form"] = desk_.submission()->form;
        state["status"] = desk_.submission()->status.status;
        state["answer_count"] = desk_.submission()->answers.size();
        state["form_known"] = desk_.form().has_value();
    }
    return state;
}

}  // namespace ventanilla::ui
