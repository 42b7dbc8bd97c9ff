#include "ui/receipt_desk_screen.h"

#include <array>

#include "devices/submission_receipt.h"
#include "kiosk/tracking_time.h"
#include "ui/citizen_screens.h"

namespace ventanilla::ui {

namespace {

constexpr std::array<const char*, 3> kOutcomes{"processed", "needs_documents", "rejected"};

// "20/11/2026 09:05" in the terminal's local time, for an RFC 3339 time.
std::string local_time(const std::string& rfc3339, std::chrono::minutes utc_offset) {
    auto time = parse_rfc3339(rfc3339);
    return time ? format_local_day_time(*time, utc_offset) : rfc3339;
}

std::string form_title(const DeskScreenModel& model) {
    const Translations& t = model.terminal.text;
    if (model.desk.form()) return in_language(model.desk.form()->title, t);
    return model.desk.submission() ? model.desk.submission()->form : std::string();
}

// A network failure in the clerk's words (curl's own are English and for the log); the
// server's and the receipt's codes have texts of their own.
std::string problem_text(const Translations& t, const Error& error) {
    return error.code.starts_with("net.") ? t.tr("desk.offline") : t.translate(error);
}

}  // namespace

std::string status_text(const Translations& t, const std::string& status) {
    for (const char* known : {"received", "processed", "needs_documents", "rejected"}) {
        if (status == known) return t.tr(std::string("desk.status.") + known);
    }
    return status;
}

void ReceiptDeskScreen::draw(const DeskScreenModel& model, DeskIntents& intents, Painter& painter) {
    const Theme& theme = painter.theme();
    const Translations& t = model.terminal.text;
    const Palette& p = theme.palette();
    const ReceiptDesk& desk = model.desk;
    const float width = ImGui::GetContentRegionAvail().x;
    const float close_w = theme.px(260);

    const std::string heading = desk.reference().empty()
                                    ? t.tr("desk.title_no_reference")
                                    : t.tr("desk.title", {{"reference", reference_printed(desk.reference())}});
    painter.text(heading, theme.title, &p.primary);
    ImGui::SameLine(0, theme.px(40));
    // The procedure beside its reference once it is open; the counter's number until then.
    const std::string beside = desk.phase() == DeskPhase::open
                                   ? form_title(model)
                                   : t.tr("counter.title", {{"number", std::to_string(model.counter)}});
    painter.text(beside, theme.heading, &p.text_muted);
    ImGui::SameLine(width - close_w);
    if (painter.button(t.tr("desk.close"), ImVec2(close_w, 0), ButtonStyle::secondary, "desk_close")) {
        intents.close = true;
    }
    if (desk.unknown_terminal() && desk.phase() != DeskPhase::refused) {
        painter.text_wrapped(t.tr("desk.unknown_terminal_flag"), width, theme.heading, &p.danger);
    }

    switch (desk.phase()) {
        case DeskPhase::closed: break;
        case DeskPhase::refused:
            ImGui::Dummy(ImVec2(0, theme.px(24)));
            if (desk.problem()) painter.text_wrapped(t.translate(*desk.problem()), width, theme.title, &p.danger);
            break;
        case DeskPhase::opening:
            painter.text(t.tr("desk.opening"), theme.heading);
            break;
        case DeskPhase::failed:
            if (desk.problem()) painter.text_wrapped(problem_text(t, *desk.problem()), width, theme.heading, &p.danger);
            painter.text_wrapped(t.tr("desk.failed_hint"), width, theme.body, &p.text_muted);
            if (painter.button(t.tr("desk.retry"), ImVec2(theme.px(400), 0), ButtonStyle::primary, "desk_retry")) {
                intents.retry = true;
            }
            break;
        case DeskPhase::open: {
            if (shown_reference_ != desk.reference()) {
                shown_reference_ = desk.reference();
                reason_text_ = desk.reason();
                answer_text_ = desk.answer();
            }
            const OpenedSubmission& submission = *desk.submission();
            const std::chrono::minutes offset = model.terminal.utc_offset;
            painter.text(t.tr("desk.made_at", {{"created", local_time(submission.created_at, offset)},
                                               {"received", local_time(submission.received_at, offset)}}),
                         theme.body, &p.text_muted);
            const float avail_h = ImGui::GetContentRegionAvail().y - theme.px(60);
            const float left_w = width * 0.5f;
            ImGui::BeginChild("##desk_answers", ImVec2(left_w, avail_h), true);
            draw_answers(model, painter, left_w - theme.px(40), avail_h);
            ImGui::EndChild();
            ImGui::SameLine(0, theme.gap_px());
            ImGui::BeginChild("##desk_outcome", ImVec2(0, avail_h), false);
            draw_outcome(model, intents, painter, ImGui::GetContentRegionAvail().x);
            ImGui::EndChild();
            break;
        }
    }
    if (desk.phase() != DeskPhase::open) shown_reference_.clear();
    draw_status_corner(model.terminal, painter);
}

void ReceiptDeskScreen::draw_answers(const DeskScreenModel& model, Painter& painter, float width, float) {
    const Theme& theme = painter.theme();
    const Translations& t = model.terminal.text;
    const Palette& p = theme.palette();
    const OpenedSubmission& submission = *model.desk.submission();
    auto row = [&](const std::string& label, const std::string& value) {
        painter.text_wrapped(label, width, theme.body, &p.text_muted);
        painter.text_wrapped(value, width, theme.heading);
        ImGui::Dummy(ImVec2(0, theme.px(6)));
    };
    if (!model.desk.form()) {
        // A form version this counter has not received: the answers under their field ids.
        painter.text_wrapped(t.tr("desk.form_unknown"), width, theme.body, &p.warning);
        for (const auto& [id, value] : submission.answers.items()) {
            row(id, value.is_string() ? value.get<std::string>() : value.dump());
        }
        return;
    }
    for (const FormStep& step : model.desk.form()->steps) {
        bool heading = false;
        for (const FormField& field : step.fields) {
            auto answer = submission.answers.find(field.id);
            if (answer == submission.answers.end()) continue;
            if (!heading) {
                painter.text(in_language(step.title, t), theme.heading, &p.primary);
                heading = true;
            }
            row(in_language(field.label, t), printed_answer(field, *answer, submission.answers, t, /*mask_id=*/false));
        }
    }
}

void ReceiptDeskScreen::draw_outcome(const DeskScreenModel& model, DeskIntents& intents, Painter& painter,
                                     float width) {
    const Theme& theme = painter.theme();
    const Translations& t = model.terminal.text;
    const Palette& p = theme.palette();
    const ReceiptDesk& desk = model.desk;
    const SubmissionStatus& now = desk.submission()->status;

    painter.text(t.tr("desk.status_now", {{"status", status_text(t, now.status)}}), theme.heading, &p.primary);
    if (!now.reason.empty()) painter.text_wrapped(t.tr("desk.reason_now", {{"reason", now.reason}}), width, theme.body);
    if (!now.answer.empty()) painter.text_wrapped(t.tr("desk.answer_now", {{"answer", now.answer}}), width, theme.body);
    ImGui::Dummy(ImVec2(0, theme.px(8)));
    const float h = theme.touch_target_px();
    const bool editable = !desk.busy();
    // The three side by side, so the fields and "Guardar" stay on screen without scrolling.
    const float gap = theme.px(12);
    const float button_w = (width - 2 * gap) / 3;
    bool first = true;
    for (const char* status : kOutcomes) {
        if (!first) ImGui::SameLine(0, gap);
        first = false;
        const bool chosen = desk.chosen_status() == status;
        if (painter.button(status_text(t, status), ImVec2(button_w, h),
                           chosen ? ButtonStyle::primary : ButtonStyle::secondary, status, editable)) {
            intents.choose = status;
        }
    }
    ImGui::Dummy(ImVec2(0, theme.px(4)));
    // Each label beside its field: the column fits on screen without scrolling.
    const float label_w = theme.px(190);
    auto field = [&](const char* label_key, const char* id, std::string& text, const char* hint_key) {
        ImGui::AlignTextToFramePadding();
        painter.text(t.tr(label_key), theme.body, &p.text_muted);
        ImGui::SameLine(label_w);
        return painter.text_field(id, text, width - label_w, t.tr(hint_key));
    };
    if (desk.chosen_status() != "processed" &&
        field("desk.reason_label", "##desk_reason", reason_text_, "desk.reason_hint")) {
        intents.reason = reason_text_;
    }
    if (field("desk.answer_label", "##desk_answer", answer_text_, "desk.answer_hint")) intents.answer = answer_text_;
    ImGui::Dummy(ImVec2(0, theme.px(4)));
    const bool can_save = editable && !desk.chosen_status().empty();
    if (painter.button(t.tr("desk.save"), ImVec2(width, h), ButtonStyle::primary, "desk_save", can_save)) {
        intents.save = true;
    }
    if (desk.saving()) {
        painter.text(t.tr("desk.saving"), theme.heading);
    } else if (desk.problem()) {
        painter.text_wrapped(problem_text(t, *desk.problem()), width, theme.heading, &p.danger);
    } else if (desk.saved()) {
        painter.text_wrapped(t.tr("desk.saved", {{"status", status_text(t, now.status)}}), width, theme.heading, &p.ok);
    }
}

}  // namespace ventanilla::ui
