#include "ui/technician_screens.h"

#include <cfloat>

#include "kiosk/code_text.h"
#include "ui/citizen_screens.h"

namespace ventanilla::ui {

void ProblemScreen::draw(const ScreenModel& model, Intents& intents, Painter& painter) {
    const Theme& theme = painter.theme();
    const Translations& t = model.text;
    const Palette& p = theme.palette();
    float width = ImGui::GetContentRegionAvail().x;

    painter.text(t.tr("problems.title"), theme.title, &p.danger);
    painter.text_wrapped(t.tr("problems.intro"), width, theme.body);
    ImGui::Dummy(ImVec2(0, theme.px(8)));
    for (const auto& problem : model.problems) {
        painter.text_wrapped("• " + problem, width, theme.body);
    }
    ImGui::Dummy(ImVec2(0, theme.px(8)));
    painter.text_wrapped(model.problems_consequence, width, theme.heading, &p.primary);
    if (!model.problems_block_service) {
        if (painter.button(t.tr("problems.continue"), ImVec2(theme.px(640), 0),
                           ButtonStyle::primary, "continue")) {
            intents.dismiss_problems = true;
        }
    }
    draw_status_corner(model, painter);
}

}  // namespace ventanilla::ui

namespace ventanilla::ui {

namespace {

const ImVec4* mark_color(const Palette& p, TechnicianLine::Mark mark) {
    switch (mark) {
        case TechnicianLine::Mark::pass: return &p.ok;
        case TechnicianLine::Mark::fail: return &p.danger;
        case TechnicianLine::Mark::running: return &p.warning;
        case TechnicianLine::Mark::none: break;
    }
    return nullptr;
}

std::string mark_text(const Translations& t, TechnicianLine::Mark mark) {
    switch (mark) {
        case TechnicianLine::Mark::pass: return t.tr("tech.mark.pass");
        case TechnicianLine::Mark::fail: return t.tr("tech.mark.fail");
        case TechnicianLine::Mark::running: return t.tr("tech.mark.running");
        case TechnicianLine::Mark::none: break;
    }
    return {};
}

// "Impresora: cups:receipts — Correcto", the verdict in its colour.
void draw_lines(const std::vector<TechnicianLine>& lines, const Translations& t, Painter& painter) {
    const Theme& theme = painter.theme();
    float width = ImGui::GetContentRegionAvail().x;
    for (const auto& line : lines) {
        painter.text(line.label, theme.heading);
        if (line.mark != TechnicianLine::Mark::none) {
            ImGui::SameLine(0, theme.px(24));
            painter.text(mark_text(t, line.mark), theme.heading, mark_color(theme.palette(), line.mark));
        }
        if (!line.value.empty()) painter.text_wrapped(line.value, width, theme.body);
        ImGui::Dummy(ImVec2(0, theme.px(6)));
    }
}

void draw_list(std::string_view title, const std::vector<std::string>& items, Painter& painter) {
    const Theme& theme = painter.theme();
    if (items.empty()) return;
    float width = ImGui::GetContentRegionAvail().x;
    ImGui::Dummy(ImVec2(0, theme.px(12)));
    painter.text(title, theme.heading);
    for (const auto& item : items) painter.text_wrapped(item, width, theme.body);
}

// The typed boxes that are not settings of the draft.
constexpr std::string_view kEnrolmentCode = "enrolment_code";
constexpr std::string_view kExportFolder = "export_folder";
// Longer than any URL, path or pair of key pins a technician types.
constexpr std::size_t kMaxTypedCharacters = 300;

std::string typed_value(const TechnicianModel& model, std::string_view target) {
    if (target == kEnrolmentCode) return model.enrolment_code;
    if (target == kExportFolder) return model.export_folder;
    return model.draft ? model.draft->value(target) : std::string();
}

void set_typed_value(TechnicianIntents& intents, const std::string& target, std::string value) {
    if (target == kEnrolmentCode) {
        intents.enrolment_code = std::move(value);
    } else if (target == kExportFolder) {
        intents.export_folder = std::move(value);
    } else {
        intents.set_field = {target, std::move(value)};
    }
}

std::string choice_label(const Translations& t, std::string_view value) {
    std::string key = "tech.choice." + std::string(value);
    return t.has(key) ? t.tr(key) : std::string(value);
}

}  // namespace

void TechnicianPinScreen::draw(const TechnicianModel& model, TechnicianIntents& intents, Painter& painter) {
    const Theme& theme = painter.theme();
    const Translations& t = model.text;
    const Palette& p = theme.palette();
    const float key_w = theme.px(200), key_h = theme.px(120), gap = theme.px(20);
    const float pad_w = 3 * key_w + 2 * gap;
    const float margin = theme.px(120);
    const float text_w = ImGui::GetWindowWidth() - pad_w - 3 * margin;

    // What to do on the left, the pad on the right: both fit a 1080-pixel screen.
    ImGui::SetCursorPos(ImVec2(margin, theme.px(120)));
    ImGui::BeginGroup();
    painter.text(t.tr("tech.title"), theme.title);
    ImGui::Dummy(ImVec2(0, gap));
    if (model.phase == TechnicianPhase::locked) {
        painter.text_wrapped(model.message, text_w, theme.heading, &p.danger);
        ImGui::Dummy(ImVec2(0, gap));
        if (painter.button(t.tr("tech.pin.back"), ImVec2(pad_w, key_h), ButtonStyle::secondary, "tech_back")) {
            intents.leave = true;
        }
        ImGui::EndGroup();
        return;
    }
    const char* step_key = model.pin_step == PinStep::choose   ? "tech.pin.choose"
                           : model.pin_step == PinStep::repeat ? "tech.pin.repeat"
                                                               : "tech.pin.enter";
    painter.text_wrapped(t.tr(step_key), text_w, theme.heading);
    ImGui::Dummy(ImVec2(0, gap));
    std::string dots;
    for (std::size_t i = 0; i < model.digits_typed; ++i) dots += "● ";
    painter.text(dots.empty() ? " " : dots, theme.title, &p.primary);
    ImGui::Dummy(ImVec2(0, gap));
    painter.text_wrapped(model.busy ? t.tr("tech.pin.checking") : model.message, text_w, theme.heading,
                         model.busy ? &p.text_muted : &p.danger);
    ImGui::EndGroup();

    ImGui::SetCursorPos(ImVec2(ImGui::GetWindowWidth() - margin - pad_w, theme.px(120)));
    ImGui::BeginGroup();
    const char* keys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9"};
    for (int i = 0; i < 9; ++i) {
        if (i % 3 != 0) ImGui::SameLine(0, gap);
        std::string id = std::string("pin_") + keys[i];
        if (painter.button(keys[i], ImVec2(key_w, key_h), ButtonStyle::secondary, id.c_str(), !model.busy)) {
            intents.digit = keys[i][0];
        }
    }
    if (painter.button(t.tr("tech.pin.erase"), ImVec2(key_w, key_h), ButtonStyle::secondary, "pin_erase",
                       !model.busy)) {
        intents.erase_digit = true;
    }
    ImGui::SameLine(0, gap);
    if (painter.button("0", ImVec2(key_w, key_h), ButtonStyle::secondary, "pin_0", !model.busy)) intents.digit = '0';
    ImGui::SameLine(0, gap);
    if (painter.button(t.tr("tech.pin.ok"), ImVec2(key_w, key_h), ButtonStyle::primary, "pin_ok",
                       !model.busy && model.digits_typed > 0)) {
        intents.submit_pin = true;
    }
    ImGui::Dummy(ImVec2(0, gap));
    if (painter.button(t.tr("tech.pin.cancel"), ImVec2(pad_w, key_h), ButtonStyle::secondary, "pin_cancel")) {
        intents.leave = true;
    }
    ImGui::EndGroup();
}

void TechnicianPagesScreen::draw(const TechnicianModel& model, TechnicianIntents& intents, Painter& painter) {
    const Theme& theme = painter.theme();
    const Translations& t = model.text;
    const float margin = theme.px(48);
    const float button_w = theme.px(420);
    ImGui::SetCursorPos(ImVec2(margin, theme.px(32)));
    painter.text(t.tr("tech.title") + " — " + t.tr("tech.page." + std::string(technician_page_name(model.page))),
                 theme.title);
    ImGui::SetCursorPos(ImVec2(ImGui::GetWindowWidth() - margin - button_w, theme.px(24)));
    if (painter.button(t.tr("tech.leave"), ImVec2(button_w, 0), ButtonStyle::danger, "tech_leave")) {
        intents.leave = true;
    }
    if (model.page != TechnicianPage::menu) {
        ImGui::SetCursorPos(ImVec2(ImGui::GetWindowWidth() - margin - 2 * button_w - theme.px(16), theme.px(24)));
        if (painter.button(t.tr("tech.menu"), ImVec2(button_w, 0), ButtonStyle::secondary, "tech_menu")) {
            intents.show = TechnicianPage::menu;
        }
    }
    const bool settings = model.page != TechnicianPage::menu && model.page != TechnicianPage::self_tests &&
                          model.page != TechnicianPage::diagnostics;
    if (model.page != typing_page_) typing_.clear();  // another page: the keyboard closes
    typing_page_ = model.page;
    const KeyboardLayout layout = typing_.empty() ? KeyboardLayout::none : keyboard_for_field(typing_);
    // A settings page keeps "Guardar" and its answer in a footer that never scrolls away; the
    // keyboard takes its place while a field is typed.
    const float footer = layout != KeyboardLayout::none ? OnScreenKeyboard::height(layout, theme) + theme.gap_px()
                         : settings                       ? theme.px(150)  // "Guardar" and a margin
                                                          : 0;
    typing_drawn_ = false;
    ImGui::SetCursorPos(ImVec2(margin, theme.px(140)));
    ImVec2 area(ImGui::GetWindowWidth() - 2 * margin, ImGui::GetWindowHeight() - theme.px(160) - footer);
    ImGui::BeginChild("##tech_page", area, false, ImGuiWindowFlags_NoBackground);
    // A finger dragged on the page scrolls it, as on a phone.
    if (ImGui::IsWindowHovered() && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
        ImGui::SetScrollY(ImGui::GetScrollY() - ImGui::GetIO().MouseDelta.y);
    }
    switch (model.page) {
        case TechnicianPage::menu: {
            const TechnicianPage pages[] = {TechnicianPage::settings_terminal, TechnicianPage::settings_server,
                                            TechnicianPage::settings_scanner,  TechnicianPage::settings_printer,
                                            TechnicianPage::self_tests,        TechnicianPage::diagnostics};
            const float tile_w = (area.x - 2 * theme.gap_px()) / 3;
            for (int i = 0; i < 6; ++i) {
                if (i % 3 != 0) ImGui::SameLine(0, theme.gap_px());
                std::string name(technician_page_name(pages[i]));
                if (painter.tile(t.tr("tech.page." + name), t.tr("tech.page_hint." + name),
                                 ImVec2(tile_w, theme.px(300)), ("tech_page_" + name).c_str())) {
                    intents.show = pages[i];
                }
                if (i == 2) ImGui::Dummy(ImVec2(0, theme.gap_px()));
            }
            break;
        }
        case TechnicianPage::self_tests: draw_self_tests(model, intents, painter); break;
        case TechnicianPage::diagnostics: draw_diagnostics(model, intents, painter); break;
        default: draw_settings(model, intents, painter); break;
    }
    ImGui::EndChild();
    if (layout != KeyboardLayout::none && typing_drawn_) {
        ImGui::SetCursorPos(ImVec2(margin, ImGui::GetWindowHeight() - footer + theme.gap_px() / 2));
        draw_keyboard(model, area.x, intents, painter);
    } else if (layout != KeyboardLayout::none) {
        typing_.clear();  // its field was hidden by another answer
    } else if (settings) {
        ImGui::SetCursorPos(ImVec2(margin, ImGui::GetWindowHeight() - footer));
        draw_settings_footer(model, intents, painter);
    }
    if (typing_.empty()) {
        keyboard_.shifted = false;
        scrolled_to_.clear();
    }
}

KeyboardLayout TechnicianPagesScreen::keyboard_for_field(std::string_view target) {
    const SettingField* field = setting_field(target);
    if (!field) return target.empty() ? KeyboardLayout::none : KeyboardLayout::address;
    switch (field->kind) {
        case SettingKind::whole_number:
        case SettingKind::decimal: return KeyboardLayout::numbers;
        case SettingKind::text: return KeyboardLayout::address;
        case SettingKind::choice:
        case SettingKind::yes_no: break;
    }
    return KeyboardLayout::none;
}

void TechnicianPagesScreen::typed_box(const std::string& target, std::string_view name, std::string_view value,
                                      std::string_view hint, float width, bool error, Painter& painter) {
    const Theme& theme = painter.theme();
    const bool focused = typing_ == target;
    if (focused && scrolled_to_ != target) {
        ImGui::SetScrollHereY(0.0f);  // at the top of the page, above the keyboard
        scrolled_to_ = target;
    }
    const std::string id = "##typed." + target;
    ImGui::PushFont(theme.heading);  // large enough to check a URL character by character
    if (painter.answer_box(id.c_str(), name, value, hint, ImVec2(width, theme.touch_target_px()), focused, error,
                           focused && typing_replaces_)) {
        typing_replaces_ = !focused;
        typing_ = target;
    }
    ImGui::PopFont();
    typing_drawn_ = typing_drawn_ || focused;
}

void TechnicianPagesScreen::draw_keyboard(const TechnicianModel& model, float width, TechnicianIntents& intents,
                                          Painter& painter) {
    const SettingField* field = setting_field(typing_);
    Keystrokes keys;
    read_physical_keys(keys, true);
    ImGui::BeginGroup();  // every row starts at the page's margin
    keyboard_.draw(keyboard_for_field(typing_), field && field->kind == SettingKind::decimal ? "," : "", model.text,
                   width, keys, painter);
    ImGui::EndGroup();
    if (!keys.typed.empty() || keys.erased > 0) {
        // A selected value goes whole: the first key replaces it, Borrar empties it.
        const std::string value = typing_replaces_ ? std::string() : typed_value(model, typing_);
        set_typed_value(intents, typing_,
                        edit_at_end(value, typing_replaces_ ? 0 : keys.erased, keys.typed, kMaxTypedCharacters));
        typing_replaces_ = false;
    }
    if (keys.done) typing_.clear();
}

void TechnicianPagesScreen::draw_field(const TechnicianModel& model, const SettingField& field,
                                       TechnicianIntents& intents, Painter& painter) {
    const Theme& theme = painter.theme();
    const Translations& t = model.text;
    const std::string key(field.key);
    const std::string& value = model.draft->value(field.key);
    const std::string label = t.tr(setting_label_key(field.key));
    const std::string* error = nullptr;
    for (const auto& [error_key, message] : model.field_errors) {
        if (error_key == key) error = &message;
    }
    // The name on the left, the value on the right: a page of fields fits the screen.
    // A name too long for its column ("Cuenta atrás antes de cerrar la sesión (segundos)")
    // goes on two lines from the row's top instead of running under the value.
    const float label_w = theme.px(600);
    const float label_wrap = label_w - theme.px(32);
    const float top = ImGui::GetCursorPosY();
    const ImVec2 label_size =
        theme.heading->CalcTextSizeA(theme.heading->FontSize, FLT_MAX, label_wrap, label.c_str());
    const bool label_wraps = label_size.y > theme.heading->FontSize * 1.5f;
    ImGui::SetCursorPosY(top + (label_wraps ? 0.0f : theme.px(24)));
    painter.text_wrapped(label, label_wrap, theme.heading);
    const float label_bottom = ImGui::GetCursorPosY();
    ImGui::SetCursorPos(ImVec2(label_w, top));
    ImGui::BeginGroup();
    if (field.kind == SettingKind::choice || field.kind == SettingKind::yes_no) {
        for (std::size_t i = 0; i < field.choices.size(); ++i) {
            const std::string& choice = field.choices[i];
            if (i > 0) ImGui::SameLine(0, theme.px(16));
            std::string id = "choice." + key + "." + choice;
            bool chosen = value == choice;
            if (painter.button(choice_label(t, choice), ImVec2(0, 0), chosen ? ButtonStyle::primary : ButtonStyle::secondary,
                               id.c_str())) {
                intents.set_field = {key, choice};
            }
        }
    } else {
        typed_box(key, label, value, label, theme.px(1100), error != nullptr, painter);
    }
    if (error) painter.text_wrapped(*error, ImGui::GetContentRegionAvail().x, theme.body, &theme.palette().danger);
    ImGui::EndGroup();
    if (ImGui::GetCursorPosY() < label_bottom) ImGui::SetCursorPosY(label_bottom);
    ImGui::Dummy(ImVec2(0, theme.px(6)));
}

void TechnicianPagesScreen::draw_settings(const TechnicianModel& model, TechnicianIntents& intents, Painter& painter) {
    const Theme& theme = painter.theme();
    const Translations& t = model.text;
    const Palette& p = theme.palette();
    if (!model.draft) return;
    const SettingsPage page = model.page == TechnicianPage::settings_server    ? SettingsPage::server
                              : model.page == TechnicianPage::settings_scanner ? SettingsPage::scanner
                              : model.page == TechnicianPage::settings_printer ? SettingsPage::printer
                                                                               : SettingsPage::terminal;
    for (const auto& field : setting_fields()) {
        if (field.page != page || !model.draft->shown(field)) continue;
        draw_field(model, field, intents, painter);
        if (field.key == "printer.cups_queue") {
            painter.text(t.tr("tech.cups.list"), theme.body, &p.text_muted);
            for (std::size_t i = 0; i < model.cups_queues.size(); ++i) {
                if (i > 0) ImGui::SameLine(0, theme.px(16));
                const std::string& queue = model.cups_queues[i];
                if (painter.button(queue, ImVec2(0, 0), ButtonStyle::secondary, ("queue." + queue).c_str())) {
                    intents.set_field = {"printer.cups_queue", queue};
                }
            }
            if (!model.cups_message.empty()) painter.text(model.cups_message, theme.body, &p.text_muted);
            if (painter.button(t.tr("tech.cups.refresh"), ImVec2(theme.px(520), 0), ButtonStyle::secondary,
                               "refresh_queues")) {
                intents.refresh_queues = true;
            }
            ImGui::Dummy(ImVec2(0, theme.px(10)));
        }
        if (field.key == "scanner.camera_device") {
            painter.text(t.tr("tech.camera.preview"), theme.body, &p.text_muted);
            CameraPreview preview = model.camera_preview.value_or(CameraPreview{});
            float w = theme.px(480);
            float h = preview.width > 0 ? w * static_cast<float>(preview.height) / static_cast<float>(preview.width)
                                        : theme.px(270);
            painter.image(preview.texture, ImVec2(w, h), t.tr("tech.camera.preview"));
        }
    }
    if (page == SettingsPage::server) {
        ImGui::Dummy(ImVec2(0, theme.px(10)));
        painter.text(t.tr("tech.enrolment.title"), theme.heading);
        typed_box(std::string(kEnrolmentCode), t.tr("tech.enrolment.code"), model.enrolment_code,
                  t.tr("tech.enrolment.hint"), theme.px(600), false, painter);
        ImGui::SameLine(0, theme.px(16));
        if (painter.button(t.tr("tech.enrolment.enrol"), ImVec2(theme.px(420), 0), ButtonStyle::primary, "enrol")) {
            intents.enrol = true;
        }
        if (!model.enrolment_message.empty()) {
            painter.text_wrapped(model.enrolment_message, ImGui::GetContentRegionAvail().x, theme.body,
                                 model.enrolment_failed ? &p.danger : &p.ok);
        }
    }
}

void TechnicianPagesScreen::draw_settings_footer(const TechnicianModel& model, TechnicianIntents& intents,
                                                 Painter& painter) {
    const Theme& theme = painter.theme();
    const Translations& t = model.text;
    const Palette& p = theme.palette();
    ImGui::BeginGroup();
    if (painter.button(t.tr("tech.save"), ImVec2(theme.px(420), 0), ButtonStyle::primary, "save_settings")) {
        intents.save_settings = true;
    }
    if (model.restart_offered) {
        ImGui::SameLine(0, theme.px(16));  // beside "Guardar": two rows would not fit the footer
        if (painter.button(t.tr("tech.restart"), ImVec2(theme.px(420), 0), ButtonStyle::secondary, "restart")) {
            intents.restart = true;
        }
    }
    ImGui::EndGroup();
    if (!model.settings_message.empty()) {
        ImGui::SameLine(0, theme.px(32));
        painter.text_wrapped(model.settings_message, ImGui::GetContentRegionAvail().x, theme.body,
                             model.settings_failed ? &p.danger : &p.ok);
    }
}

void TechnicianPagesScreen::draw_self_tests(const TechnicianModel& model, TechnicianIntents& intents,
                                            Painter& painter) {
    const Theme& theme = painter.theme();
    const Translations& t = model.text;
    const ImVec2 size(theme.px(560), 0);
    if (painter.button(t.tr("tech.selftest.scan"), size, ButtonStyle::primary, "test_scan")) intents.test_scan = true;
    ImGui::SameLine(0, theme.gap_px());
    if (painter.button(t.tr("tech.selftest.print"), size, ButtonStyle::primary, "test_print")) intents.test_print = true;
    ImGui::SameLine(0, theme.gap_px());
    if (painter.button(t.tr("tech.selftest.server"), size, ButtonStyle::primary, "test_server")) {
        intents.test_server = true;
    }
    ImGui::Dummy(ImVec2(0, theme.gap_px()));
    if (model.scan_test_waiting) {
        painter.text(t.tr("tech.selftest.scan_waiting"), theme.heading, &theme.palette().warning);
    }
    draw_lines(model.self_tests, t, painter);
}

void TechnicianPagesScreen::draw_diagnostics(const TechnicianModel& model, TechnicianIntents& intents,
                                             Painter& painter) {
    const Theme& theme = painter.theme();
    const Translations& t = model.text;
    const Palette& p = theme.palette();
    painter.text(t.tr("tech.export.title"), theme.heading);
    typed_box(std::string(kExportFolder), t.tr("tech.export.folder"), model.export_folder, t.tr("tech.export.hint"),
              theme.px(900), false, painter);
    ImGui::SameLine(0, theme.px(16));
    if (painter.button(t.tr("tech.export.go"), ImVec2(theme.px(560), 0), ButtonStyle::primary, "export")) {
        intents.export_diagnostics = true;
    }
    for (std::size_t i = 0; i < model.removable_folders.size(); ++i) {
        if (i > 0) ImGui::SameLine(0, theme.px(16));
        const std::string& removable = model.removable_folders[i];
        if (painter.button(removable, ImVec2(0, 0), ButtonStyle::secondary, ("usb." + removable).c_str())) {
            intents.export_folder = removable;
        }
    }
    if (!model.export_message.empty()) {
        painter.text_wrapped(model.export_message, ImGui::GetContentRegionAvail().x, theme.body,
                             model.export_failed ? &p.danger : &p.ok);
    }
    ImGui::Dummy(ImVec2(0, theme.px(12)));
    if (painter.button(t.tr("tech.diagnostics.refresh"), ImVec2(theme.px(420), 0), ButtonStyle::secondary,
                       "refresh_diagnostics")) {
        intents.refresh_diagnostics = true;
    }
    draw_lines(model.diagnostics, t, painter);
    draw_list(t.tr("tech.diagnostics.set_aside"), model.set_aside, painter);
    draw_list(t.tr("tech.diagnostics.errors"), model.recent_errors, painter);
    draw_list(t.tr("tech.diagnostics.log"), model.log_lines, painter);
}

}  // namespace ventanilla::ui
