#include "ui/ticket_screen.h"

#include <algorithm>

#include "ui/citizen_screens.h"
#include "ui/code_entry.h"

namespace ventanilla::ui {

namespace {

// How much larger than the title font a ticket's number is drawn.
constexpr float kNumberScale = 2.6f;

void draw_service_tiles(const ScreenModel& model, const TicketView& view, Intents& intents,
                        Painter& painter, float width, float height) {
    const Theme& theme = painter.theme();
    const Translations& t = model.text;
    if (view.services.empty()) {
        painter.text_wrapped(t.tr("ticket.screen.none_open"), width, theme.heading, &theme.palette().warning);
        return;
    }
    painter.text(t.tr("ticket.screen.choose_service"), theme.heading);
    const float gap = theme.gap_px();
    const std::size_t columns = view.services.size() > 4 ? 3 : 2;
    const auto rows = static_cast<float>((view.services.size() + columns - 1) / columns);
    const auto across = static_cast<float>(columns);
    const float tile_h = std::clamp((height - theme.heading->FontSize - gap * rows) / rows,
                                    theme.touch_target_px(), theme.px(260));
    const ImVec2 tile((width - gap * (across - 1)) / across, tile_h);
    for (std::size_t i = 0; i < view.services.size(); ++i) {
        if (i % columns != 0) ImGui::SameLine();
        const auto& service = view.services[i];
        const std::string id = "service_" + service.id;
        if (painter.tile(service.label, "", tile, id.c_str())) intents.ticket_service = service.id;
    }
}

void draw_priority_question(const ScreenModel& model, const TicketView& view, Intents& intents,
                            Painter& painter, float width) {
    const Theme& theme = painter.theme();
    const Translations& t = model.text;
    painter.text(view.service_name, theme.heading, &theme.palette().text_muted);
    painter.text_wrapped(t.tr("ticket.screen.priority_question"), width, theme.title);
    painter.text_wrapped(t.tr("ticket.screen.priority_hint"), width, theme.body, &theme.palette().text_muted);
    // The groups side by side (three to a row), "No" under them, wide: the usual answer.
    const float gap = theme.gap_px();
    const std::size_t per_row = std::min<std::size_t>(std::max<std::size_t>(view.priority_groups.size(), 1), 3);
    const float group_w = (width - gap * static_cast<float>(per_row - 1)) / static_cast<float>(per_row);
    for (std::size_t i = 0; i < view.priority_groups.size(); ++i) {
        if (i % per_row != 0) ImGui::SameLine();
        const auto& group = view.priority_groups[i];
        const std::string id = "priority_" + group.id;
        if (painter.button(group.label, ImVec2(group_w, theme.touch_target_px()),
                           ButtonStyle::secondary, id.c_str())) {
            intents.ticket_priority = group.id;
        }
    }
    ImGui::Dummy(ImVec2(0, theme.px(8)));
    const float button_w = std::min(width, theme.px(900));
    if (painter.button(t.tr("ticket.screen.priority_none"), ImVec2(button_w, theme.touch_target_px()),
                       ButtonStyle::primary, "priority_none")) {
        intents.ticket_priority = "";
    }
}

void draw_ticket(const ScreenModel& model, const TicketView& view, Painter& painter, float width) {
    const Theme& theme = painter.theme();
    const Palette& p = theme.palette();
    const Translations& t = model.text;
    const Ticket& ticket = *view.flow->ticket();
    painter.text_centered(t.tr("ticket.screen.your_turn"), width, theme.heading);
    painter.display_text(ticket.number, width, theme.title, kNumberScale, &p.primary);
    painter.text_centered(view.service_name, width, theme.title);
    if (!ticket.priority.empty()) {
        painter.text_centered(t.tr("ticket.receipt.priority", {{"group", t.tr("ticket.priority." + ticket.priority)}}),
                              width, theme.body);
    }
    painter.text_centered(t.tr("ticket.screen.issued_at", {{"time", view.issued_hhmm}}), width, theme.body,
                          &p.text_muted);
    ImGui::Dummy(ImVec2(0, theme.px(8)));
    if (ticket.offline) {
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + width * 0.1f);
        painter.text_wrapped(t.tr("ticket.screen.offline"), width * 0.8f, theme.heading, &p.warning);
    } else {
        if (ticket.people_ahead) {
            painter.text_centered(t.tr("ticket.screen.ahead", {{"n", std::to_string(*ticket.people_ahead)}}),
                                  width, theme.heading);
        }
        if (ticket.estimated_wait_s && *ticket.estimated_wait_s > 0) {
            const int minutes = (*ticket.estimated_wait_s + 59) / 60;
            painter.text_centered(t.tr("ticket.screen.wait", {{"minutes", std::to_string(minutes)}}), width,
                                  theme.heading);
        }
    }
    if (view.print_message) {
        ImGui::Dummy(ImVec2(0, theme.px(8)));
        painter.text_centered(*view.print_message, width, theme.heading,
                              view.print_failed ? &p.danger : &p.ok);
    }
}

void draw_status(const ScreenModel& model, const TicketView& view, Painter& painter, float width) {
    const Theme& theme = painter.theme();
    const Palette& p = theme.palette();
    const Translations& t = model.text;
    const TicketStatus& status = *view.flow->status();
    painter.text_centered(t.tr("ticket.screen.your_turn"), width, theme.heading);
    painter.display_text(status.number, width, theme.title, kNumberScale, &p.primary);
    painter.text_centered(view.service_name, width, theme.title);
    ImGui::Dummy(ImVec2(0, theme.px(12)));
    if (status.status == "waiting") {
        painter.text_centered(t.tr("ticket.screen.status_waiting"), width, theme.title, &p.accent);
        if (status.people_ahead) {
            painter.text_centered(t.tr("ticket.screen.ahead", {{"n", std::to_string(*status.people_ahead)}}),
                                  width, theme.heading);
        }
        if (status.estimated_wait_s && *status.estimated_wait_s > 0) {
            const int minutes = (*status.estimated_wait_s + 59) / 60;
            painter.text_centered(t.tr("ticket.screen.wait", {{"minutes", std::to_string(minutes)}}), width,
                                  theme.heading);
        }
    } else if (status.status == "called") {
        painter.text_centered(t.tr("ticket.screen.status_called", {{"counter", std::to_string(status.counter.value_or(0))}}),
                              width, theme.title, &p.ok);
    } else if (status.status == "served") {
        painter.text_centered(t.tr("ticket.screen.status_served"), width, theme.heading);
    } else if (status.status == "no_show") {
        painter.text_centered(t.tr("ticket.screen.status_no_show"), width, theme.heading, &p.warning);
    } else {
        painter.text_centered(t.tr("ticket.screen.status_expired"), width, theme.heading, &p.warning);
    }
}

// The appointment's code: its box and, from the start, the keys of the code's 32 symbols.
void draw_code_entry(const ScreenModel& model, Intents& intents, Painter& painter, float width, float below) {
    const Theme& theme = painter.theme();
    const Translations& t = model.text;
    painter.text_wrapped(t.tr("ticket.screen.check_in_instructions"), width, theme.body);  // the title says what
    CodeEntry entry(model,
                    {.id = "##appointment",
                     .hint = t.tr("ticket.screen.check_in_hint"),
                     .submit = t.tr("ticket.screen.check_in_submit"),
                     .layout = KeyboardLayout::reference,
                     .box_width_share = 0.55f},
                    intents, painter);
    entry.draw_field(width);
    entry.draw_keyboard(width, below);
    if (entry.submitted() && !entry.submitted()->empty()) intents.ticket_code = *entry.submitted();
}

}  // namespace

void TicketScreen::draw(const ScreenModel& model, const TicketView& view, Intents& intents,
                        Painter& painter) {
    const Theme& theme = painter.theme();
    const Translations& t = model.text;
    const Palette& p = theme.palette();
    const TicketFlow& flow = *view.flow;
    const float width = ImGui::GetContentRegionAvail().x;

    draw_title_and_preferences(t.tr(flow.checking_in() ? "ticket.screen.check_in_title" : "home.ticket.title"),
                               model, intents, painter);
    ImGui::Dummy(ImVec2(0, theme.px(12)));

    const float button_h = theme.touch_target_px();
    const float footer = theme.px(40) + 2 * theme.body->FontSize + button_h + theme.gap_px();
    const float body_h = ImGui::GetContentRegionAvail().y - footer;
    switch (flow.phase()) {
        case TicketPhase::choosing_service:
            draw_service_tiles(model, view, intents, painter, width, body_h);
            break;
        case TicketPhase::asking_priority:
            draw_priority_question(model, view, intents, painter, width);
            break;
        case TicketPhase::issuing:
            ImGui::Dummy(ImVec2(0, theme.px(120)));
            painter.text_centered(t.tr(flow.checking_in() ? "ticket.screen.checking_in" : "ticket.screen.issuing"),
                                  width, theme.title);
            break;
        case TicketPhase::looking_up:
            ImGui::Dummy(ImVec2(0, theme.px(120)));
            painter.text_centered(t.tr("ticket.screen.looking_up"), width, theme.title);
            break;
        case TicketPhase::issued:
            draw_ticket(model, view, painter, width);
            break;
        case TicketPhase::showing_status:
            draw_status(model, view, painter, width);
            break;
        case TicketPhase::entering_code: {
            // The keyboard stands on the footer, and on the notice of a scan refused when there is one.
            const float notice = model.notice ? theme.heading->FontSize + theme.gap_px() : 0;
            draw_code_entry(model, intents, painter, width, footer + notice + theme.gap_px());
            break;
        }
        case TicketPhase::failed:
            painter.text(t.tr(flow.looked_up_id().empty() ? "ticket.screen.failed" : "ticket.screen.looking_up"),
                         theme.heading);
            painter.text_wrapped(view.error_text, width, theme.title, &p.danger);
            break;
    }
    if (model.notice) painter.text_wrapped(*model.notice, width, theme.heading, &p.danger);

    // The footer: home (but while issuing); then what this phase offers.
    ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::Dummy(ImVec2(0, std::max(0.0f, avail.y - button_h - (footer - button_h - theme.gap_px()) - theme.gap_px())));
    // While the ticket is being issued (4 s at most, then the kiosk numbers it itself) there is
    // no way home: a citizen who left then would leave a ticket in the queue, never printed.
    const bool done = flow.phase() == TicketPhase::issued || flow.phase() == TicketPhase::showing_status;
    if (flow.phase() != TicketPhase::issuing &&
        painter.button(t.tr(done ? "ticket.screen.done" : "common.back_home"), ImVec2(theme.px(460), button_h),
                       done ? ButtonStyle::primary : ButtonStyle::secondary, "home")) {
        intents.finish_session = true;
    }
    const bool can_go_back = flow.phase() == TicketPhase::asking_priority ||
                             flow.phase() == TicketPhase::entering_code ||
                             (flow.phase() == TicketPhase::failed && flow.looked_up_id().empty());
    if (can_go_back) {
        ImGui::SameLine();
        if (painter.button(t.tr("ticket.screen.back"), ImVec2(theme.px(360), button_h),
                           ButtonStyle::secondary, "back")) {
            intents.ticket_back = true;
        }
    }
    if (flow.phase() == TicketPhase::choosing_service) {
        ImGui::SameLine();
        if (painter.button(t.tr("ticket.screen.appointment"), ImVec2(theme.px(560), button_h),
                           ButtonStyle::secondary, "appointment")) {
            intents.ticket_check_in = true;
        }
    }
    if (flow.phase() == TicketPhase::issued) {
        ImGui::SameLine();
        if (painter.button(t.tr("ticket.screen.reprint"), ImVec2(theme.px(400), button_h),
                           ButtonStyle::secondary, "reprint", view.can_print)) {
            intents.ticket_reprint = true;
        }
    }
    draw_status_corner(model, painter);
}

}  // namespace ventanilla::ui
