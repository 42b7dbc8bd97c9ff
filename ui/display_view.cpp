#include <nlohmann/json.hpp>

#include "devices/announcer.h"
#include "kiosk/call_announcement.h"
#include "kiosk/call_board.h"
#include "kiosk/call_feed.h"
#include "kiosk/log.h"
#include "kiosk/outbox_upload.h"
#include "ui/display_board.h"
#include "ui/role_view.h"

namespace ventanilla::ui {

namespace {

std::string_view name_of(CallFeedStatus::State state) {
    switch (state) {
        case CallFeedStatus::State::starting: return "starting";
        case CallFeedStatus::State::online: return "online";
        case CallFeedStatus::State::offline: return "offline";
    }
    return "?";
}

nlohmann::json call_json(const QueueCall& call) {
    return {{"sequence", call.sequence},   {"number", call.number},
            {"service", call.service},     {"counter", call.counter},
            {"recall", call.recall},       {"appointment", call.appointment},
            {"called_at", format_rfc3339_utc(call.called_at)}};
}

// The waiting hall's board: follows the office's calls, shows them and has them announced.
class DisplayView final : public RoleView {
public:
    explicit DisplayView(const RoleContext& context) : setup_(context.setup) {
        const TerminalConfig& config = setup_.config.config;
        if (!setup_.credentials) {
            log_line(LogLevel::warning, "display: not enrolled, no calls to show");
            return;
        }
        CallsEndpoint endpoint;
        SyncEndpoint sync = sync_endpoint(config, *setup_.credentials);
        endpoint.base_url = sync.base_url;
        endpoint.transport = sync.transport;
        endpoint.token = setup_.credentials->token;
        endpoint.office_id =
            setup_.credentials->office_id.empty() ? config.office_id : setup_.credentials->office_id;
        feed_ = std::make_unique<CallFeed>(http_call_source(std::move(endpoint)), CallFeedOptions{},
                                           context.wake);
        if (auto output = make_announcement_output(config.speech)) {
            announcer_ = std::make_unique<Announcer>(
                std::move(output), VoiceOptions{config.speech.voice, config.speech.words_per_minute},
                context.wake);
            log_line(LogLevel::info, "display: announcements to " + announcer_->output_description());
        }
    }

    bool poll(RoleClock::time_point now) override {
        bool changed = false;
        if (feed_) {
            for (CallFeedUpdate& update : feed_->drain()) {
                if (update.reset) board_.clear();
                for (const QueueCall& call : board_.take(update.calls, now)) {
                    if (announcer_) announcer_->say({call_label(call), spoken_call_text(call)});
                }
                changed = true;
            }
            CallFeedStatus status = feed_->status();
            if (status.state != feed_status_.state) changed = true;
            feed_status_ = std::move(status);
        }
        if (announcer_) {
            AnnouncerStatus status = announcer_->status();
            if (status.last_error.has_value() != speech_status_.last_error.has_value()) changed = true;
            speech_status_ = std::move(status);
        }
        bool lit = board_.highlighted(now);
        if (lit != was_lit_) changed = true;
        was_lit_ = lit;
        return changed;
    }

    std::optional<RoleClock::time_point> next_deadline(RoleClock::time_point now) const override {
        return board_.highlight_end(now);
    }

    bool draw(const ScreenModel& model, Painter& painter) override {
        BoardModel board{board_.current(), board_.recent(), board_.appointments(), was_lit_,
                         notice(model.text)};
        screen_.draw(model, board, painter);
        return false;
    }
    void apply(RoleClock::time_point) override {}
    void on_scan(const std::string&, RoleClock::time_point) override {}

    nlohmann::json state() const override {
        nlohmann::json recent = nlohmann::json::array();
        for (const QueueCall& call : board_.recent()) recent.push_back(call_json(call));
        nlohmann::json appointments = nlohmann::json::array();
        for (const QueueCall& call : board_.appointments()) appointments.push_back(call_json(call));
        nlohmann::json speech = nullptr;
        if (announcer_) {
            speech = {{"output", announcer_->output_description()},
                      {"said", speech_status_.said},
                      {"failed", speech_status_.failed},
                      {"waiting", speech_status_.waiting},
                      {"speaking", speech_status_.speaking},
                      {"last_error", speech_status_.last_error ? speech_status_.last_error->code : ""}};
        }
        return {{"feed", feed_ ? name_of(feed_status_.state) : "not_enrolled"},
                {"feed_error", feed_status_.error_code},
                {"last_sequence", board_.last_sequence()},
                {"current", board_.current() ? call_json(*board_.current()) : nlohmann::json(nullptr)},
                {"highlighted", was_lit_},
                {"recent", std::move(recent)},
                {"appointments", std::move(appointments)},
                {"speech", std::move(speech)}};
    }

private:
    std::optional<std::string> notice(const Translations& t) const {
        if (!feed_) return t.tr("display.not_enrolled");
        if (feed_status_.state == CallFeedStatus::State::offline) return t.tr("display.offline");
        if (speech_status_.last_error) return t.tr("display.speech_failed");
        return std::nullopt;
    }

    const AppSetup& setup_;
    CallBoard board_;
    DisplayBoard screen_;
    CallFeedStatus feed_status_;
    AnnouncerStatus speech_status_;
    bool was_lit_ = false;
    // Workers last: they stop (and give up their requests) before the board goes.
    std::unique_ptr<Announcer> announcer_;
    std::unique_ptr<CallFeed> feed_;
};

}  // namespace

std::unique_ptr<RoleView> make_display_view(const RoleContext& context) {
    return std::make_unique<DisplayView>(context);
}

}  // namespace ventanilla::ui
