#include "ui/receipt_status_view.h"

#include "devices/submission_receipt.h"
#include "kiosk/log.h"
#include "kiosk/receipt_desk_calls.h"
#include "kiosk/tracking_time.h"
#include "ui/citizen_screens.h"
#include "ui/receipt_desk_screen.h"

namespace ventanilla::ui {

namespace {

// What a citizen is told when the status cannot be had: the code's own problem, or that it has
// not arrived yet; a network or server failure in plain words (the technician has the log).
std::string failure_text(const Translations& t, const Error& error) {
    if (error.code.starts_with("receipt.") || error.code == "submission.unknown") return t.translate(error);
    return t.tr("receipt_status.unavailable");
}

const ImVec4& status_colour(const Palette& p, const std::string& status) {
    if (status == "processed") return p.ok;
    if (status == "needs_documents") return p.warning;
    if (status == "rejected") return p.danger;
    return p.primary;
}

}  // namespace

ReceiptStatusView::ReceiptStatusView(std::optional<SyncEndpoint> endpoint, std::filesystem::path forms_file,
                                     std::function<void()> wake)
    : endpoint_(std::move(endpoint)),
      forms_file_(std::move(forms_file)),
      jobs_(std::make_unique<BackgroundJobs>(std::move(wake))) {}

void ReceiptStatusView::look_up(const std::string& code) {
    reset();
    auto asked = flow_.scan(code);
    if (!asked) return;
    if (!endpoint_) {
        flow_.on_answer(asked->first, make_error("receipt_status.not_enrolled"));
        return;
    }
    jobs_->post([this, endpoint = *endpoint_, forms_file = forms_file_,
                 asked = *asked](const std::atomic<bool>& stopping) -> BackgroundJobs::Apply {
        DeskCallOptions options;
        options.cancelled = &stopping;
        auto status = fetch_submission_status(endpoint, asked.second, options);
        if (!status) log_line(LogLevel::warning, "receipt status: " + status.error().describe());
        std::optional<LocalizedText> title;
        if (status) {
            if (auto form = kept_form(forms_file, status->form, 0)) title = form->title;
        }
        return [this, id = asked.first, status = std::move(status), title = std::move(title)]() mutable {
            if (status) form_title_ = std::move(title);
            flow_.on_answer(id, std::move(status));
        };
    });
}

void ReceiptStatusView::reset() {
    flow_.reset();
    form_title_.reset();
}

void ReceiptStatusView::draw(const ScreenModel& model, Intents& intents, Painter& painter) {
    const Theme& theme = painter.theme();
    const Translations& t = model.text;
    const Palette& p = theme.palette();
    const float width = ImGui::GetContentRegionAvail().x;

    draw_title_and_preferences(t.tr("receipt_status.title"), model, intents, painter);
    ImGui::Dummy(ImVec2(0, theme.px(16)));
    const std::string reference = flow_.reference().empty() ? std::string() : reference_printed(flow_.reference());

    switch (flow_.phase()) {
        case ReceiptStatusPhase::idle: break;
        case ReceiptStatusPhase::looking_up:
            painter.text(t.tr("receipt_status.looking_up", {{"reference", reference}}), theme.heading);
            break;
        case ReceiptStatusPhase::failed:
            if (!reference.empty()) painter.text(t.tr("receipt_status.reference", {{"reference", reference}}), theme.heading);
            painter.text_wrapped(failure_text(t, *flow_.problem()), width, theme.heading, &p.danger);
            break;
        case ReceiptStatusPhase::shown: {
            const SubmissionStatus& status = *flow_.status();
            painter.text(t.tr("receipt_status.reference", {{"reference", reference}}), theme.heading);
            if (form_title_) painter.text_wrapped(in_language(*form_title_, t), width, theme.heading, &p.text_muted);
            if (auto made = parse_rfc3339(status.created_at)) {
                painter.text(t.tr("receipt_status.made_at", {{"when", format_local_day_time(*made, model.utc_offset)}}),
                             theme.body, &p.text_muted);
            }
            ImGui::Dummy(ImVec2(0, theme.px(16)));
            painter.text_wrapped(status_text(t, status.status), width, theme.title, &status_colour(p, status.status));
            painter.text_wrapped(t.tr("receipt_status.explain." + status.status), width, theme.heading);
            if (!status.reason.empty()) {
                painter.text_wrapped(t.tr("receipt_status.reason", {{"reason", status.reason}}), width, theme.heading);
            }
            if (!status.answer.empty()) {
                ImGui::Dummy(ImVec2(0, theme.px(12)));
                painter.text(t.tr("receipt_status.answer"), theme.heading, &p.primary);
                painter.text_wrapped(status.answer, width, theme.heading);
            }
            if (auto updated = parse_rfc3339(status.updated_at)) {
                painter.text(t.tr("receipt_status.updated_at",
                                  {{"when", format_local_day_time(*updated, model.utc_offset)}}),
                             theme.body, &p.text_muted);
            }
            break;
        }
    }
    ImGui::Dummy(ImVec2(0, theme.px(24)));
    if (painter.button(t.tr("common.back_home"), ImVec2(theme.px(520), 0), ButtonStyle::primary,
                       "receipt_status_done")) {
        intents.finish_session = true;
    }
    draw_status_corner(model, painter);
}

nlohmann::json ReceiptStatusView::state() const {
    nlohmann::json state = {{"phase", receipt_status_phase_name(flow_.phase())},
                            {"reference", flow_.reference()},
                            {"problem", flow_.problem() ? nlohmann::json(flow_.problem()->code) : nlohmann::json()}};
    if (flow_.status()) state["status"] = flow_.status()->status;
    return state;
}

}  // namespace ventanilla::ui
