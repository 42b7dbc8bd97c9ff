#include "ui/citizen_screens.h"

#include <algorithm>

namespace ventanilla::ui {

namespace {

const char* title_key(Screen screen) {
    switch (screen) {
        case Screen::track: return "home.track.title";
        case Screen::ticket: return "home.ticket.title";
        case Screen::procedure: return "home.procedure.title";
        case Screen::complaint: return "home.complaint.title";
        case Screen::receipt: return "receipt_status.title";
        case Screen::home: break;
    }
    return "home.welcome";
}

}  // namespace

namespace {

struct PreferenceLabels {
    std::string labels[3];
    float width = 0;  // of each button: one width for the three, wide enough for the longest
};

PreferenceLabels preference_labels(const ScreenModel& model, const Theme& theme) {
    const Translations& t = model.text;
    const Preferences& prefs = model.flow.preferences();
    PreferenceLabels p{{t.tr("common.switch_language"),
                        t.tr(prefs.large_text ? "common.normal_text" : "common.large_text"),
                        t.tr(prefs.high_contrast ? "common.normal_contrast" : "common.high_contrast")},
                       theme.px(300)};
    for (const auto& label : p.labels) {
        p.width = std::max(p.width, ImGui::CalcTextSize(label.c_str()).x + 2 * theme.px(28));
    }
    return p;
}

}  // namespace

void draw_title_and_preferences(const std::string& title, const ScreenModel& model, Intents& intents,
                                Painter& painter) {
    const Theme& theme = painter.theme();
    const Preferences& prefs = model.flow.preferences();
    const PreferenceLabels p = preference_labels(model, theme);
    // The title's room is what the buttons leave; it may take two lines there (the buttons are
    // that tall), in the largest font that manages.
    const float room = ImGui::GetContentRegionAvail().x - 3 * p.width - 4 * theme.gap_px();
    ImFont* font = theme.title;
    for (ImFont* smaller : {theme.heading, theme.body}) {
        const float height = font->CalcTextSizeA(font->FontSize, FLT_MAX, room, title.c_str()).y;
        if (height <= 2.5f * font->FontSize) break;
        font = smaller;
    }
    painter.text_wrapped(title, room, font, &theme.palette().primary);

    const std::string(&labels)[3] = p.labels;
    const float width = p.width;
    float right = ImGui::GetWindowContentRegionMax().x;
    ImGui::SameLine(right - 3 * width - 2 * theme.gap_px());
    if (painter.button(labels[0], ImVec2(width, 0), ButtonStyle::secondary, "language")) {
        intents.language = prefs.language == "es" ? "en" : "es";
    }
    ImGui::SameLine();
    if (painter.button(labels[1], ImVec2(width, 0), ButtonStyle::secondary, "large_text")) {
        intents.toggle_large_text = true;
    }
    ImGui::SameLine();
    if (painter.button(labels[2], ImVec2(width, 0), ButtonStyle::secondary, "contrast")) {
        intents.toggle_high_contrast = true;
    }
}

void HomeScreen::draw(const ScreenModel& model, Intents& intents, Painter& painter) {
    const Theme& theme = painter.theme();
    const Translations& t = model.text;
    const Palette& p = theme.palette();

    draw_title_and_preferences(t.tr("home.welcome"), model, intents, painter);
    painter.text(model.office_name.empty() ? t.tr("home.question")
                                           : model.office_name + " · " + t.tr("home.question"),
                 theme.heading);

    ImVec2 avail = ImGui::GetContentRegionAvail();
    // The hint line (or a notice, in the heading font), then the status corner under it.
    float footer = theme.px(40) + theme.heading->FontSize + theme.body->FontSize + theme.gap_px();
    float gap = theme.gap_px();
    ImVec2 tile((avail.x - gap) / 2, (avail.y - footer - gap) / 2);
    struct Service {
        Screen screen;
        const char* title;
        const char* subtitle;
    };
    const Service services[] = {
        {Screen::track, "home.track.title", "home.track.subtitle"},
        {Screen::ticket, "home.ticket.title", "home.ticket.subtitle"},
        {Screen::procedure, "home.procedure.title", "home.procedure.subtitle"},
        {Screen::complaint, "home.complaint.title", "home.complaint.subtitle"},
    };
    for (int i = 0; i < 4; ++i) {
        if (i % 2 == 1) ImGui::SameLine();
        const Service& s = services[i];
        if (painter.tile(t.tr(s.title), t.tr(s.subtitle), tile, screen_name(s.screen))) {
            intents.open = s.screen;
        }
    }
    ImGui::Dummy(ImVec2(0, theme.px(8)));
    if (model.notice) {
        painter.text(*model.notice, theme.heading, &p.danger);
    } else {
        painter.text(t.tr("home.scan_hint"), theme.body, &p.text_muted);
    }
    draw_status_corner(model, painter);
}

void ServiceScreen::draw(const ScreenModel& model, Intents& intents, Painter& painter) {
    const Theme& theme = painter.theme();
    const Translations& t = model.text;
    const Palette& p = theme.palette();
    Screen screen = model.flow.screen();

    draw_title_and_preferences(t.tr(title_key(screen)), model, intents, painter);
    ImGui::Dummy(ImVec2(0, theme.px(16)));
    float width = ImGui::GetContentRegionAvail().x;

    painter.text_wrapped(t.tr("service.not_yet_here"), width, theme.body, &p.text_muted);
    if (model.notice) painter.text(*model.notice, theme.heading, &p.danger);

    ImVec2 avail = ImGui::GetContentRegionAvail();
    float button_h = theme.touch_target_px();
    float footer = theme.px(90) + theme.body->FontSize;
    ImGui::Dummy(ImVec2(0, std::max(0.0f, avail.y - button_h - footer - theme.gap_px())));
    if (painter.button(t.tr("common.back_home"), ImVec2(theme.px(520), button_h),
                       ButtonStyle::secondary, "home")) {
        intents.finish_session = true;
    }
    draw_status_corner(model, painter);
}

void IdlePrompt::draw(const ScreenModel& model, Intents& intents, Painter& painter) {
    const Theme& theme = painter.theme();
    const Translations& t = model.text;
    const Palette& p = theme.palette();
    ImGuiIO& io = ImGui::GetIO();

    // A window over the whole screen: a tap anywhere on it means "more time", and
    // nothing underneath can be pressed by the tap that answers the question.
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::SetNextWindowFocus();
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::GetStyle().Colors[ImGuiCol_ModalWindowDimBg]);
    ImGui::Begin("##idle_overlay", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings);
    ImGui::PopStyleColor();
    bool tapped_outside = ImGui::IsWindowHovered() && ImGui::IsMouseReleased(0);

    ImVec2 panel(theme.px(1100), theme.px(560) + (theme.large_text ? theme.px(160) : 0));
    ImGui::SetCursorPos(ImVec2((io.DisplaySize.x - panel.x) / 2, (io.DisplaySize.y - panel.y) / 2));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p.surface);
    ImGui::PushStyleColor(ImGuiCol_Border, p.primary);
    ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, theme.px(18));
    ImGui::PushStyleVar(ImGuiStyleVar_ChildBorderSize, theme.px(4));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(theme.px(48), theme.px(40)));
    ImGui::BeginChild("##idle_panel", panel, true, ImGuiWindowFlags_AlwaysUseWindowPadding);
    float inner = ImGui::GetContentRegionAvail().x;
    painter.text_centered(t.tr("idle.title"), inner, theme.title, &p.primary);
    painter.text_centered(std::to_string(model.countdown_left_s), inner, theme.title, &p.accent);
    painter.text_wrapped(t.tr("idle.body", {{"seconds", std::to_string(model.countdown_left_s)}}),
                         inner, theme.body);
    ImGui::Dummy(ImVec2(0, theme.px(8)));
    float bw = (inner - theme.gap_px()) / 2;
    if (painter.button(t.tr("idle.more_time"), ImVec2(bw, 0), ButtonStyle::primary, "more")) {
        intents.more_time = true;
    }
    ImGui::SameLine();
    if (painter.button(t.tr("idle.finish"), ImVec2(bw, 0), ButtonStyle::secondary, "finish")) {
        intents.finish_session = true;
    }
    ImGui::EndChild();
    ImGui::PopStyleVar(3);
    ImGui::PopStyleColor(2);
    if (tapped_outside && !intents.finish_session) intents.more_time = true;
    ImGui::End();
}

void draw_status_corner(const ScreenModel& model, Painter& painter) {
    const Theme& theme = painter.theme();
    const Palette& p = theme.palette();
    const Translations& t = model.text;
    std::string status;
    const ImVec4* color = &p.text_muted;
    switch (model.server.state) {
        case ServerStatus::State::online:
            status = t.tr("status.online");
            color = &p.ok;
            break;
        case ServerStatus::State::offline:
            status = t.tr("status.offline");
            color = &p.warning;
            break;
        case ServerStatus::State::unknown: status = t.tr("status.connecting"); break;
    }
    // What the outbox does is the technician's business, but a queue that stalls must be seen
    // (collect#6120): records not yet at the server are counted here, revocation is said.
    if (model.sync) {
        if (model.sync->revoked) {
            status += " · " + t.tr("status.revoked");
            color = &p.danger;
        } else if (model.sync->records_waiting > 0) {
            status += " · " + t.tr("status.waiting", {{"n", std::to_string(model.sync->records_waiting)}});
        }
    }
    std::string line = "● " + status + "   " + model.clock_hhmm;
    ImFont* font = theme.body;
    float w = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, line.c_str()).x;
    ImVec2 size = ImGui::GetWindowSize();
    ImGui::SetCursorPos(ImVec2(size.x - w - theme.px(40), size.y - font->FontSize - theme.px(28)));
    painter.text(line, font, color);
}

}  // namespace ventanilla::ui
