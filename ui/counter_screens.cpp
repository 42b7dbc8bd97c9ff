#include "ui/counter_screens.h"

#include <algorithm>

#include "kiosk/code_text.h"
#include "kiosk/tracking_time.h"
#include "ui/citizen_screens.h"

namespace ventanilla::ui {

namespace {

constexpr std::size_t kNextNumbersShown = 5;
constexpr std::size_t kMaxClerkCharacters = 40;
constexpr std::size_t kMaxTicketCharacters = 16;  // the server's limit on a number to call
constexpr std::size_t kMaxReasonCharacters = 200;

// The on-screen keys of a panel's typed field.
KeyboardLayout panel_keyboard(CounterPanel panel) {
    switch (panel) {
        case CounterPanel::call_number: return KeyboardLayout::ticket;
        case CounterPanel::pause: return KeyboardLayout::letters;
        default: return KeyboardLayout::none;
    }
}

// The letters tickets of `office` begin with, for the ticket pad ("ABC").
std::string service_letters(const Office* office) {
    std::string letters;
    if (!office) return letters;
    for (const Service& service : office->services) {
        for (char c : service.prefix) {
            if (letters.find(c) == std::string::npos) letters += c;
        }
    }
    return letters;
}

std::string duration_text(const Translations& t, std::optional<std::int64_t> seconds) {
    if (!seconds) return t.tr("counter.figures.none");
    if (*seconds < 60) return t.tr("counter.duration_s", {{"seconds", std::to_string(*seconds)}});
    std::string s = std::to_string(*seconds % 60);
    if (s.size() < 2) s = "0" + s;
    return t.tr("counter.duration", {{"minutes", std::to_string(*seconds / 60)}, {"seconds", s}});
}

// "09:45" in the terminal's local time, for an RFC 3339 time from the server.
std::string local_hhmm(const std::string& rfc3339, std::chrono::minutes utc_offset) {
    auto time = parse_rfc3339(rfc3339);
    if (!time) return rfc3339;
    std::string day_time = format_local_day_time(*time, utc_offset);  // "20/11/2026 09:05"
    return day_time.size() >= 5 ? day_time.substr(day_time.size() - 5) : day_time;
}

std::string message_text(const CounterScreenModel& model, const CounterMessage& message) {
    const Translations& t = model.terminal.text;
    TextArgs args = message.args;
    if (message.key == "counter.clerk_locked_until" && args.contains("until")) {
        args["until"] = local_hhmm(args["until"], model.terminal.utc_offset);
    }
    if (args.contains("service")) {
        args["service"] = service_name(model.office, args["service"], t.language());
    }
    if (!args.contains("detail")) args["detail"] = message.code;
    return t.tr(message.key, args);
}

float row_button_width(const Theme& theme, float width, int per_row) {
    return (width - theme.gap_px() * static_cast<float>(per_row - 1)) / static_cast<float>(per_row);
}

}  // namespace

std::string service_name(const Office* office, const std::string& id, const std::string& language) {
    if (office) {
        for (const Service& service : office->services) {
            if (service.id != id) continue;
            const std::string& name = language == "en" ? service.name.en : service.name.es;
            return name.empty() ? id : name;
        }
    }
    return id;
}

void CounterScreen::draw(const CounterScreenModel& model, CounterIntents& intents, Painter& painter) {
    const Theme& theme = painter.theme();
    const Translations& t = model.terminal.text;
    const Palette& p = theme.palette();
    float width = ImGui::GetContentRegionAvail().x;
    painter.text(t.tr("counter.title", {{"number", std::to_string(model.counter)}}), theme.title,
                 &p.primary);
    if (!model.terminal.office_name.empty()) {
        ImGui::SameLine();
        painter.text("   " + model.terminal.office_name, theme.heading, &p.text_muted);
    }
    if (model.blocked_key) {
        painter.text_wrapped(t.tr(*model.blocked_key), width, theme.heading, &p.danger);
        draw_status_corner(model.terminal, painter);
        return;
    }
    if (!model.flow.server_reachable()) {
        painter.text_wrapped(t.tr("counter.offline"), width, theme.body, &p.warning);
    }
    if (model.flow.phase() == CounterPhase::working) {
        draw_working(model, intents, painter);
    } else {
        draw_login(model, intents, painter);
    }
    draw_status_corner(model.terminal, painter);
}

void CounterScreen::draw_login(const CounterScreenModel& model, CounterIntents& intents,
                               Painter& painter) {
    const Theme& theme = painter.theme();
    const Translations& t = model.terminal.text;
    const Palette& p = theme.palette();
    const CounterFlow& flow = model.flow;
    const std::string& language = t.language();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float left_w = avail.x * 0.46f;
    const float bottom = theme.px(70);
    const bool typing = flow.phase() == CounterPhase::login;
    if (!typing) typing_clerk_ = false;
    // Typing the clerk's code, the on-screen keyboard takes a band under both columns and the
    // PIN pad's place: a counter may have a touchscreen and no keyboard.
    const KeyboardLayout layout = typing_clerk_ ? KeyboardLayout::letters : KeyboardLayout::none;
    const float keys_h = typing_clerk_ ? OnScreenKeyboard::height(layout, theme) + theme.gap_px() : 0;
    Keystrokes keys;

    ImGui::BeginChild("##login_left", ImVec2(left_w, avail.y - bottom - keys_h), false);
    painter.text(t.tr("counter.login.heading"), theme.heading, &p.primary);
    painter.text(t.tr("counter.login.clerk"), theme.body, &p.text_muted);
    ImGui::PushFont(theme.heading);
    const std::string hint = t.tr("counter.login.clerk_hint");
    if (painter.answer_box("##clerk", hint, flow.clerk_input(), hint,
                           ImVec2(left_w - theme.px(10), theme.touch_target_px()), typing_clerk_, false) &&
        typing) {
        typing_clerk_ = true;
    }
    ImGui::PopFont();
    if (typing_clerk_) read_physical_keys(keys, /*enter_is_done=*/true);
    painter.text(t.tr("counter.login.pin"), theme.body, &p.text_muted);
    ImGui::SameLine();
    if (flow.pin_length() == 0) {
        painter.text(t.tr("counter.login.pin_hint"), theme.heading, &p.text_muted);
    } else {
        std::string dots;
        for (std::size_t i = 0; i < flow.pin_length(); ++i) dots += i ? " ●" : "●";
        painter.text(dots, theme.heading);
    }
    if (!typing_clerk_) draw_pin_pad(model, intents, painter, left_w);
    ImGui::EndChild();

    ImGui::SameLine();
    ImGui::BeginChild("##login_right", ImVec2(0, avail.y - bottom - keys_h), false);
    const float right_w = ImGui::GetContentRegionAvail().x;
    painter.text(t.tr("counter.login.services"), theme.heading, &p.primary);
    if (flow.services_here().empty()) {
        painter.text_wrapped(t.tr("counter.login.no_services"), right_w, theme.body, &p.warning);
    }
    for (const CounterService& service : flow.services_here()) {
        const bool chosen = flow.service_chosen(service.id);
        const std::string label = service.prefix + " · " + service_name(model.office, service.id, language);
        if (painter.button(label, ImVec2(right_w - theme.px(10), theme.touch_target_px()),
                           chosen ? ButtonStyle::primary : ButtonStyle::secondary,
                           service.id.c_str(), typing)) {
            intents.toggle_service = service.id;
        }
    }
    ImGui::Dummy(ImVec2(0, theme.px(16)));
    if (flow.phase() == CounterPhase::logging_in) {
        painter.text(t.tr("counter.login.checking"), theme.heading, &p.primary);
    } else if (!typing_clerk_ &&
               painter.button(t.tr("counter.login.enter"), ImVec2(right_w - theme.px(10), theme.touch_target_px()),
                              ButtonStyle::primary, "log_in", flow.can_log_in())) {
        intents.log_in = true;
    }
    draw_message(model, painter, right_w);
    ImGui::EndChild();
    if (typing_clerk_) {
        // The keys take the place of "Entrar" in the column above them: their own key logs in
        // once the PIN is there, and until then ("Listo") gives the PIN pad its place back.
        const bool can_log_in = flow.can_log_in();
        keyboard_.draw(layout, "", t, avail.x, keys, painter, can_log_in ? t.tr("counter.login.enter") : "");
        if (!keys.typed.empty() || keys.erased > 0) {
            intents.clerk = edit_at_end(flow.clerk_input(), keys.erased, keys.typed, kMaxClerkCharacters);
        }
        if (keys.done) {
            typing_clerk_ = false;
            intents.log_in = can_log_in;
        }
    }
    if (!typing_clerk_) keyboard_.shifted = false;
}

// The PIN pad: large keys, in the order of a phone's.
void CounterScreen::draw_pin_pad(const CounterScreenModel& model, CounterIntents& intents, Painter& painter,
                                 float width) {
    const Theme& theme = painter.theme();
    const Translations& t = model.terminal.text;
    const CounterFlow& flow = model.flow;
    const float key_w = row_button_width(theme, std::min(width, theme.px(640)), 3);
    const float key_h = theme.touch_target_px();
    const bool typing = flow.phase() == CounterPhase::login;
    const char* digits[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9"};
    for (int i = 0; i < 9; ++i) {
        if (i % 3) ImGui::SameLine();
        if (painter.button(digits[i], ImVec2(key_w, key_h), ButtonStyle::secondary, digits[i], typing)) {
            intents.digit = digits[i][0];
        }
    }
    if (painter.button(t.tr("counter.login.backspace"), ImVec2(key_w, key_h), ButtonStyle::secondary,
                       "pin_back", typing && flow.pin_length() > 0)) {
        intents.backspace = true;
    }
    ImGui::SameLine();
    if (painter.button("0", ImVec2(key_w, key_h), ButtonStyle::secondary, "0", typing)) {
        intents.digit = '0';
    }
    ImGui::SameLine();
    if (painter.button(t.tr("counter.login.clear"), ImVec2(key_w, key_h), ButtonStyle::secondary,
                       "pin_clear", typing && flow.pin_length() > 0)) {
        intents.clear_pin = true;
    }
}

void CounterScreen::draw_working(const CounterScreenModel& model, CounterIntents& intents,
                                 Painter& painter) {
    const Theme& theme = painter.theme();
    const Translations& t = model.terminal.text;
    const CounterFlow& flow = model.flow;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float left_w = avail.x * 0.6f;
    const float bottom = theme.px(70);
    // A panel's typed field: a keyboard plugged in always types in it; tapped, it has the
    // on-screen keys in a band under both columns (a counter may have a touchscreen only).
    const KeyboardLayout layout = panel_keyboard(flow.panel());
    if (layout == KeyboardLayout::none) {
        typing_panel_ = false;
        number_text_.clear();
        reason_text_.clear();
    }
    const float keys_h = typing_panel_ ? OnScreenKeyboard::height(layout, theme) + theme.gap_px() : 0;
    Keystrokes keys;
    if (layout != KeyboardLayout::none) read_physical_keys(keys, /*enter_is_done=*/true);

    ImGui::BeginChild("##work_left", ImVec2(left_w, avail.y - bottom - keys_h), false);
    // Above the keys there is room for the panel's field only: the clerk and the ticket in hand
    // come back with the rest of the panel when the text is sent or cancelled.
    if (!typing_panel_) draw_clerk_and_ticket(model, intents, painter, left_w);
    if (flow.panel() == CounterPanel::none) {
        draw_actions(model, intents, painter);
    } else {
        draw_panel(model, intents, painter);
    }
    draw_message(model, painter, left_w);
    ImGui::EndChild();

    ImGui::SameLine();
    ImGui::BeginChild("##work_right", ImVec2(0, avail.y - bottom - keys_h), true);
    const float right_w = ImGui::GetContentRegionAvail().x;
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(theme.px(12), theme.px(8)));
    draw_queue(model, painter, right_w);
    ImGui::Dummy(ImVec2(0, theme.px(12)));
    draw_figures(model, painter, right_w);
    ImGui::PopStyleVar();
    ImGui::EndChild();
    if (typing_panel_) {
        const std::string submit = flow.panel() == CounterPanel::call_number ? t.tr("counter.call_number_panel.call")
                                                                             : t.tr("counter.pause_panel.pause_key");
        keyboard_.draw(layout, service_letters(model.office), t, avail.x, keys, painter, submit);
    }
    if (!typing_clerk_ && !typing_panel_) keyboard_.shifted = false;
    take_panel_keys(flow, keys, intents);
}

void CounterScreen::draw_panel_field(const CounterScreenModel& model, CounterIntents& intents, Painter& painter,
                                     float width) {
    const Theme& theme = painter.theme();
    const Translations& t = model.terminal.text;
    const bool number = model.flow.panel() == CounterPanel::call_number;
    const std::string hint = t.tr(number ? "counter.call_number_panel.hint" : "counter.pause_panel.other_hint");
    const float h = theme.touch_target_px();
    ImGui::PushFont(theme.heading);
    if (painter.answer_box(number ? "##number" : "##reason", hint, number ? number_text_ : reason_text_, hint,
                           ImVec2(row_button_width(theme, width, 2), h), typing_panel_, false)) {
        typing_panel_ = true;
    }
    ImGui::PopFont();
    if (typing_panel_) return;
    const std::string& text = number ? number_text_ : reason_text_;
    ImGui::SameLine();
    if (painter.button(t.tr(number ? "counter.call_number_panel.call" : "counter.pause_panel.other"),
                       ImVec2(row_button_width(theme, width, 2) * (number ? 0.6f : 1.0f), h), ButtonStyle::primary,
                       number ? "call_typed" : "pause_typed", text.find_first_not_of(' ') != std::string::npos)) {
        submit_panel_text(model.flow, intents);
    }
}

void CounterScreen::take_panel_keys(const CounterFlow& flow, const Keystrokes& keys, CounterIntents& intents) {
    const bool number = flow.panel() == CounterPanel::call_number;
    if (!number && flow.panel() != CounterPanel::pause) return;
    std::string typed = keys.typed;
    if (number) {  // "b-44" typed on a keyboard is the ticket B-44
        std::transform(typed.begin(), typed.end(), typed.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    }
    std::string& text = number ? number_text_ : reason_text_;
    if (!typed.empty() || keys.erased > 0) {
        text = edit_at_end(text, keys.erased, typed, number ? kMaxTicketCharacters : kMaxReasonCharacters);
    }
    if (keys.done) submit_panel_text(flow, intents);
}

void CounterScreen::submit_panel_text(const CounterFlow& flow, CounterIntents& intents) {
    const bool number = flow.panel() == CounterPanel::call_number;
    std::string& text = number ? number_text_ : reason_text_;
    if (text.find_first_not_of(' ') == std::string::npos) return;
    intents.action = number ? ClerkAction::call_number : ClerkAction::pause;
    intents.argument = text;
    text.clear();
    typing_panel_ = false;
}

// The clerk (and "Salir"), the services served, the ticket in hand, large, and a pause.
void CounterScreen::draw_clerk_and_ticket(const CounterScreenModel& model, CounterIntents& intents, Painter& painter,
                                          float left_w) {
    const Theme& theme = painter.theme();
    const Translations& t = model.terminal.text;
    const Palette& p = theme.palette();
    const CounterFlow& flow = model.flow;
    const CounterSession& session = *flow.session();
    const std::string& language = t.language();
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(theme.gap_px(), theme.px(10)));
    std::string services;
    for (const std::string& id : session.services) {
        services += (services.empty() ? "" : ", ") + service_name(model.office, id, language);
    }
    painter.text(t.tr("counter.clerk", {{"clerk", session.clerk}}), theme.heading);
    ImGui::SameLine();
    const float logout_w = theme.px(260);
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), left_w - logout_w - theme.px(10)));
    if (painter.button(t.tr("counter.log_out"), ImVec2(logout_w, theme.touch_target_px() * 0.85f),
                       ButtonStyle::secondary, "log_out")) {
        intents.log_out = true;
    }
    painter.text_wrapped(t.tr("counter.serving", {{"services", services}}), left_w, theme.body, &p.text_muted);

    painter.text(t.tr("counter.in_hand"), theme.body, &p.text_muted);
    if (const auto& ticket = flow.ticket_in_hand()) {
        ImGui::PushFont(theme.title);
        ImGui::SetWindowFontScale(2.2f);
        painter.text(ticket->number, nullptr, &p.primary);
        ImGui::SetWindowFontScale(1.0f);
        ImGui::PopFont();
        if (!ticket->service.empty()) {
            ImGui::SameLine();
            painter.text("  " + service_name(model.office, ticket->service, language), theme.heading);
        }
    } else {
        painter.text(t.tr("counter.no_ticket"), theme.title, &p.text_muted);
    }
    if (session.paused) {
        painter.text_wrapped(t.tr("counter.paused", {{"reason", session.pause_reason}}), left_w,
                             theme.heading, &p.warning);
    }
    ImGui::PopStyleVar();
    ImGui::Dummy(ImVec2(0, theme.px(4)));
}

void CounterScreen::draw_actions(const CounterScreenModel& model, CounterIntents& intents,
                                 Painter& painter) {
    const Theme& theme = painter.theme();
    const Translations& t = model.terminal.text;
    const CounterFlow& flow = model.flow;
    const float width = ImGui::GetContentRegionAvail().x - theme.px(10);
    const float h = theme.touch_target_px();
    const float w3 = row_button_width(theme, width, 3);
    auto action_button = [&](const char* key, ClerkAction action, ButtonStyle style, float w,
                             const char* id) {
        const bool running = flow.running_action() == action;
        const std::string label = running ? t.tr("counter.sending") : t.tr(key);
        if (painter.button(label, ImVec2(w, h), style, id, flow.can(action))) intents.action = action;
    };
    action_button("counter.call_next", ClerkAction::call_next, ButtonStyle::primary, width, "call_next");
    action_button("counter.recall", ClerkAction::recall, ButtonStyle::secondary, w3, "recall");
    ImGui::SameLine();
    action_button("counter.served", ClerkAction::served, ButtonStyle::primary, w3, "served");
    ImGui::SameLine();
    action_button("counter.no_show", ClerkAction::no_show, ButtonStyle::danger, w3, "no_show");
    if (painter.button(t.tr("counter.transfer"), ImVec2(w3, h), ButtonStyle::secondary, "transfer",
                       flow.can(ClerkAction::transfer))) {
        intents.open_panel = CounterPanel::transfer;
    }
    ImGui::SameLine();
    if (flow.call_by_number()) {
        if (painter.button(t.tr("counter.call_number"), ImVec2(w3, h), ButtonStyle::secondary,
                           "call_number", flow.can(ClerkAction::call_number))) {
            intents.open_panel = CounterPanel::call_number;
        }
        ImGui::SameLine();
    }
    if (flow.paused()) {
        action_button("counter.resume", ClerkAction::resume, ButtonStyle::primary, w3, "resume");
    } else if (painter.button(t.tr("counter.pause"), ImVec2(w3, h), ButtonStyle::secondary, "pause",
                              flow.can(ClerkAction::pause))) {
        intents.open_panel = CounterPanel::pause;
    }
}

void CounterScreen::draw_panel(const CounterScreenModel& model, CounterIntents& intents,
                               Painter& painter) {
    const Theme& theme = painter.theme();
    const Translations& t = model.terminal.text;
    const Palette& p = theme.palette();
    const CounterFlow& flow = model.flow;
    const std::string& language = t.language();
    const float width = ImGui::GetContentRegionAvail().x - theme.px(10);
    const float h = theme.touch_target_px();
    const float w2 = row_button_width(theme, width, 2);
    int in_row = 0;
    auto next_in_row = [&] {
        if (in_row++ % 2) ImGui::SameLine();
    };
    // The panel's title with "Cancelar" at its right: a row of its own under the choices
    // made the pause panel taller than the column.
    auto title_row = [&](const std::string& title) {
        const float cancel_w = theme.px(260);
        const float cancel_h = h * 0.85f;
        const float top = ImGui::GetCursorPosY();
        ImGui::SetCursorPosY(top + std::max(0.0f, (cancel_h - theme.heading->FontSize) / 2));
        painter.text(title, theme.heading, &p.primary);
        ImGui::SameLine();
        ImGui::SetCursorPos(ImVec2(std::max(ImGui::GetCursorPosX(), width - cancel_w), top));
        if (painter.button(t.tr("counter.cancel"), ImVec2(cancel_w, cancel_h), ButtonStyle::secondary,
                           "cancel_panel")) {
            intents.close_panel = true;
        }
    };
    switch (flow.panel()) {
        case CounterPanel::transfer: {
            const auto& ticket = flow.ticket_in_hand();
            title_row(t.tr("counter.transfer_panel.title", {{"number", ticket ? ticket->number : ""}}));
            if (model.office) {
                for (const Service& service : model.office->services) {
                    if (ticket && service.id == ticket->service) continue;
                    next_in_row();
                    const std::string label =
                        service.prefix + " · " + service_name(model.office, service.id, language);
                    if (painter.button(label, ImVec2(w2, h), ButtonStyle::primary, service.id.c_str())) {
                        intents.action = ClerkAction::transfer;
                        intents.argument = service.id;
                    }
                }
            }
            break;
        }
        case CounterPanel::call_number: {
            title_row(t.tr("counter.call_number_panel.title"));
            // The numbers waiting now, to tap (out of the way of the keys while one is typed);
            // or one typed.
            const float w4 = row_button_width(theme, width, 4);
            int shown = 0;
            if (flow.queue() && !typing_panel_) {
                for (const ServiceQueue& line : flow.queue()->services) {
                    for (std::size_t i = 0; i < line.next.size() && i < 4; ++i) {
                        if (shown % 4) ImGui::SameLine();
                        ++shown;
                        if (painter.button(line.next[i], ImVec2(w4, h), ButtonStyle::secondary,
                                           line.next[i].c_str())) {
                            intents.action = ClerkAction::call_number;
                            intents.argument = line.next[i];
                        }
                    }
                }
            }
            draw_panel_field(model, intents, painter, width);
            break;
        }
        case CounterPanel::pause: {
            title_row(t.tr("counter.pause_panel.title"));
            const char* reasons[] = {"counter.pause_panel.lunch", "counter.pause_panel.break",
                                     "counter.pause_panel.internal", "counter.pause_panel.technical"};
            for (const char* key : reasons) {
                if (typing_panel_) break;  // out of the way of the keys while another reason is typed
                next_in_row();
                if (painter.button(t.tr(key), ImVec2(w2, h), ButtonStyle::primary, key)) {
                    intents.action = ClerkAction::pause;
                    intents.argument = t.tr(key);
                }
            }
            draw_panel_field(model, intents, painter, width);
            break;
        }
        case CounterPanel::none: break;
    }
}

void CounterScreen::draw_queue(const CounterScreenModel& model, Painter& painter, float) {
    const Theme& theme = painter.theme();
    const Translations& t = model.terminal.text;
    const Palette& p = theme.palette();
    const CounterFlow& flow = model.flow;
    const std::string& language = t.language();
    painter.text(t.tr("counter.waiting.title"), theme.heading, &p.primary);
    if (!flow.queue()) {
        painter.text(t.tr("counter.waiting.unknown"), theme.body, &p.text_muted);
        return;
    }
    const auto& mine = flow.session()->services;
    // The clerk's own services first, then the rest of the office.
    std::vector<const ServiceQueue*> lines;
    for (const ServiceQueue& line : flow.queue()->services) {
        if (std::find(mine.begin(), mine.end(), line.id) != mine.end()) lines.push_back(&line);
    }
    for (const ServiceQueue& line : flow.queue()->services) {
        if (std::find(mine.begin(), mine.end(), line.id) == mine.end()) lines.push_back(&line);
    }
    for (const ServiceQueue* line : lines) {
        const bool served_here = std::find(mine.begin(), mine.end(), line->id) != mine.end();
        const std::string name = line->prefix + " · " + service_name(model.office, line->id, language);
        const std::string count = t.tr("counter.waiting.count", {{"count", std::to_string(line->waiting)}});
        if (!served_here) {
            painter.text(name, theme.body, &p.text_muted);
            ImGui::SameLine();
            painter.text(count, theme.body, &p.text_muted);
            continue;
        }
        painter.text(name, theme.heading);
        painter.text(count, theme.heading, &p.primary);
        ImGui::SameLine();
        std::string numbers;
        for (std::size_t i = 0; i < line->next.size() && i < kNextNumbersShown; ++i) {
            numbers += (i ? ", " : "") + line->next[i];
        }
        painter.text(numbers.empty() ? t.tr("counter.waiting.none")
                                     : t.tr("counter.waiting.next", {{"numbers", numbers}}),
                     theme.body, &p.text_muted);
        ImGui::Dummy(ImVec2(0, theme.px(4)));
    }
}

void CounterScreen::draw_figures(const CounterScreenModel& model, Painter& painter, float width) {
    const Theme& theme = painter.theme();
    const Translations& t = model.terminal.text;
    const Palette& p = theme.palette();
    const auto& figures = model.flow.figures();
    if (!figures) return;
    auto times = [&](const FigureSet& set) {
        painter.text_wrapped(t.tr("counter.figures.wait", {{"mean", duration_text(t, set.wait_mean_s)},
                                                           {"p90", duration_text(t, set.wait_p90_s)}}),
                             width, theme.body);
        painter.text_wrapped(t.tr("counter.figures.service", {{"mean", duration_text(t, set.service_mean_s)},
                                                              {"p90", duration_text(t, set.service_p90_s)}}),
                             width, theme.body);
    };
    FigureSet none;
    const FigureSet* mine = figures->clerk(model.flow.session()->clerk);
    if (!mine) mine = &none;
    painter.text(t.tr("counter.figures.clerk"), theme.heading, &p.primary);
    painter.text_wrapped(t.tr("counter.figures.clerk_counts", {{"served", std::to_string(mine->served)},
                                                               {"no_shows", std::to_string(mine->no_shows)}}),
                         width, theme.body);
    times(*mine);
    const FigureSet& office = figures->office;
    painter.text(t.tr("counter.figures.office"), theme.heading, &p.primary);
    painter.text_wrapped(t.tr("counter.figures.office_counts", {{"issued", std::to_string(office.issued)},
                                                                {"served", std::to_string(office.served)},
                                                                {"no_shows", std::to_string(office.no_shows)},
                                                                {"waiting", std::to_string(office.waiting)}}),
                         width, theme.body);
    times(office);
}

void CounterScreen::draw_message(const CounterScreenModel& model, Painter& painter, float width) {
    const auto& message = model.flow.message();
    if (!message) return;
    const Theme& theme = painter.theme();
    const Palette& p = theme.palette();
    painter.text_wrapped(message_text(model, *message), width, theme.heading,
                         message->error ? &p.danger : &p.ok);
}

}  // namespace ventanilla::ui
