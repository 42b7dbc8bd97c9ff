#include "ui/form_screen.h"

#include <algorithm>
#include <cfloat>

#include "kiosk/cuba_places.h"
#include "ui/citizen_screens.h"

namespace ventanilla::ui {

namespace {

// A definition's text in the citizen's language (both are required by the parser).
const std::string& in(const LocalizedText& text, const std::string& language) {
    return language == "en" && !text.en.empty() ? text.en : text.es;
}

// A bound of a number field as the citizen writes it: "5", "2,5".
std::string number_text(double value, int decimals) {
    std::string text = std::to_string(value);
    const auto point = text.find('.');
    text = decimals > 0 ? text.substr(0, point + 1 + static_cast<std::size_t>(decimals)) : text.substr(0, point);
    std::replace(text.begin(), text.end(), '.', ',');
    return text;
}

// What a typed field's empty box says: by type, and for a number what it may be (a count
// of copies from 1 to 5 must not suggest "12,5").
std::string hint_for(const FormField& field, const Translations& t) {
    switch (field.type) {
        case FieldType::number:
            if (field.min && field.max) {
                return t.tr("form.screen.hint.number_range", {{"min", number_text(*field.min, field.decimals)},
                                                              {"max", number_text(*field.max, field.decimals)}});
            }
            return t.tr(field.decimals > 0 ? "form.screen.hint.number" : "form.screen.hint.number_whole");
        case FieldType::date: return t.tr("form.screen.hint.date");
        case FieldType::phone: return t.tr("form.screen.hint.phone");
        case FieldType::email: return t.tr("form.screen.hint.email");
        case FieldType::cuban_id: return t.tr("form.screen.hint.cuban_id");
        default: return t.tr("form.screen.hint.text");
    }
}

// The numeric pad's key beside the 0: the decimal comma only where decimals are allowed.
const char* pad_extra(const FormField& field) {
    switch (field.type) {
        case FieldType::number: return field.decimals > 0 ? "," : "";
        case FieldType::date: return "/";
        case FieldType::phone: return "+";
        default: return "";
    }
}

std::string answer_text(const nlohmann::json& answer) {
    return answer.is_string() ? answer.get<std::string>() : answer.is_null() ? "" : answer.dump();
}

struct Option {
    std::string id;
    std::string label;
};

// The answers a tapped field offers: its choices, yes/no, the provinces, or the
// municipalities of the province answered.
std::vector<Option> options_of(const FormField& field, const nlohmann::json& answers, const Translations& t,
                               const std::string& language) {
    std::vector<Option> options;
    switch (field.type) {
        case FieldType::single_choice:
        case FieldType::multiple_choice:
            for (const auto& choice : field.choices) options.push_back({choice.id, in(choice.label, language)});
            break;
        case FieldType::yes_no:
            options = {{"yes", t.tr("form.answer.yes")}, {"no", t.tr("form.answer.no")}};
            break;
        case FieldType::province:
            for (const auto& province : cuban_provinces()) {
                options.push_back({std::string(province.id), std::string(province.name)});
            }
            break;
        case FieldType::municipality: {
            auto chosen = answers.find(field.province_field);
            if (chosen == answers.end() || !chosen->is_string()) break;
            if (const Province* province = find_province(chosen->get<std::string>())) {
                for (const auto& m : province->municipalities) options.push_back({std::string(m.id), std::string(m.name)});
            }
            break;
        }
        default: break;
    }
    return options;
}

bool chosen(const nlohmann::json& answer, const std::string& id) {
    if (answer.is_string()) return answer.get<std::string>() == id;
    if (answer.is_array()) return std::find(answer.begin(), answer.end(), id) != answer.end();
    return false;
}

// Drawing one form's pages: the state every part needs, gathered once.
class FormPage {
public:
    FormPage(const ScreenModel& model, const FormView& view, FormScreen& screen, Intents& intents, Painter& painter)
        : model_(model),
          view_(view),
          screen_(screen),
          intents_(intents),
          form_intents_(intents.form),
          painter_(painter),
          theme_(painter.theme()),
          p_(theme_.palette()),
          t_(model.text),
          language_(model.flow.preferences().language) {}

    void procedures();
    void step();
    void review();
    void submitting();
    void submitted();

private:
    void header(const std::string& title);
    void field(const FormField& field, float width, const std::string& scroll_to);
    void typed_field(const FormField& field, float width, const Error* problem);
    void option_field(const FormField& field, float width);
    void problem_summary(const std::vector<FieldProblem>& problems, float width);
    void take(const Keystrokes& keys);
    void drag_to_scroll();
    float button_h() const { return theme_.touch_target_px(); }
    const FormFlow& flow() const { return *view_.flow; }

    const ScreenModel& model_;
    const FormView& view_;
    FormScreen& screen_;
    Intents& intents_;
    FormIntents& form_intents_;
    Painter& painter_;
    const Theme& theme_;
    const Palette& p_;
    const Translations& t_;
    const std::string& language_;
};

void FormPage::header(const std::string& title) {
    draw_title_and_preferences(title, model_, intents_, painter_);  // a procedure's name can be long
}

void FormPage::procedures() {
    header(t_.tr("home.procedure.title"));
    const float width = ImGui::GetContentRegionAvail().x;
    const float footer = button_h() + theme_.body->FontSize + theme_.px(60);
    if (view_.procedures.empty()) {
        painter_.text_wrapped(t_.tr("form.screen.none"), width, theme_.heading, &p_.warning);
    } else {
        painter_.text(t_.tr("form.screen.choose"), theme_.heading);
        const float gap = theme_.gap_px();
        const std::size_t columns = view_.procedures.size() > 4 ? 3 : 2;
        const auto rows = static_cast<float>((view_.procedures.size() + columns - 1) / columns);
        const float height = ImGui::GetContentRegionAvail().y - footer;
        const float tile_h = std::clamp((height - gap * rows) / rows, theme_.touch_target_px(), theme_.px(300));
        const ImVec2 tile((width - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns), tile_h);
        for (std::size_t i = 0; i < view_.procedures.size(); ++i) {
            if (i % columns != 0) ImGui::SameLine();
            const auto& procedure = view_.procedures[i];
            const std::string id = "form_" + procedure.id;
            if (painter_.tile(procedure.title, procedure.summary, tile, id.c_str())) {
                form_intents_.open_form = procedure.id;
            }
        }
    }
    ImGui::SetCursorPosY(ImGui::GetWindowHeight() - footer);
    if (painter_.button(t_.tr("common.back_home"), ImVec2(theme_.px(520), button_h()), ButtonStyle::secondary,
                        "home")) {
        intents_.finish_session = true;
    }
    draw_status_corner(model_, painter_);
}

void FormPage::problem_summary(const std::vector<FieldProblem>& problems, float width) {
    if (problems.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, p_.surface);
    ImGui::PushStyleColor(ImGuiCol_Border, p_.danger);
    ImGui::PushStyleVar(ImGuiStyleVar_ChildBorderSize, theme_.px(4));
    ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, theme_.px(14));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(theme_.px(24), theme_.px(12)));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(theme_.gap_px(), theme_.px(4)));
    const float lines = static_cast<float>(std::min<std::size_t>(problems.size(), 4) + 1);
    const float height = lines * (theme_.body->FontSize + theme_.px(4)) + theme_.px(28);
    ImGui::BeginChild("##problems", ImVec2(width, height), true, ImGuiWindowFlags_AlwaysUseWindowPadding);
    painter_.text(t_.tr("form.screen.fix_these", {{"n", std::to_string(problems.size())}}), theme_.body, &p_.danger);
    for (std::size_t i = 0; i < problems.size() && i < 4; ++i) {
        const FormField* f = flow().form().field(problems[i].field);
        painter_.text("• " + (f ? in(f->label, language_) : problems[i].field) + ": " + t_.translate(problems[i].error),
                      theme_.body, &p_.danger);
    }
    ImGui::EndChild();
    ImGui::PopStyleVar(4);
    ImGui::PopStyleColor(2);
}

void FormPage::drag_to_scroll() {
    // A finger drags the list; ImGui scrolls only by wheel.
    const ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
        ImGui::IsMouseDragging(ImGuiMouseButton_Left, theme_.px(16))) {
        ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
    }
}

void FormPage::take(const Keystrokes& keys) {
    form_intents_.typed += keys.typed;
    form_intents_.erased += keys.erased;
    if (keys.done) form_intents_.focus = "";
}

void FormPage::typed_field(const FormField& field, float width, const Error* problem) {
    const bool focused = view_.focused_field == field.id;
    auto answer = flow().answers().find(field.id);
    const std::string value = answer == flow().answers().end() ? "" : answer_text(*answer);
    const float line = theme_.heading->FontSize;
    const float lines = field.type == FieldType::long_text ? 3.0f : 1.0f;
    const ImVec2 size(width * (problem ? 0.6f : 0.75f),
                      std::max(theme_.touch_target_px(), lines * line + theme_.px(lines > 1 ? 40 : 48)));
    const std::string id = "##answer_" + field.id;
    ImGui::PushFont(theme_.heading);  // what the citizen types, large
    if (painter_.answer_box(id.c_str(), in(field.label, language_), value, hint_for(field, t_), size, focused,
                            problem != nullptr) &&
        !focused) {
        form_intents_.focus = field.id;
    }
    ImGui::PopFont();
    if (focused) {
        Keystrokes keys;
        read_physical_keys(keys, field.type != FieldType::long_text);
        take(keys);
    }
    if (problem) {
        ImGui::SameLine();
        painter_.text_wrapped(t_.translate(*problem), width * 0.38f, theme_.body, &p_.danger);
    }
}

void FormPage::option_field(const FormField& field, float width) {
    auto options = options_of(field, flow().answers(), t_, language_);
    if (options.empty()) {  // a municipality before its province
        painter_.text(t_.tr("form.screen.province_first"), theme_.body, &p_.text_muted);
        return;
    }
    auto answer = flow().answers().find(field.id);
    const nlohmann::json current = answer == flow().answers().end() ? nlohmann::json() : *answer;
    float widest = 0;
    for (const auto& o : options) widest = std::max(widest, ImGui::CalcTextSize(o.label.c_str()).x);
    const float gap = theme_.gap_px();
    const float min_w = std::max(theme_.px(260), widest + theme_.px(100));
    const auto columns = static_cast<std::size_t>(std::clamp((width + gap) / (min_w + gap), 1.0f, 5.0f));
    const float w = (width - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    const bool multiple = field.type == FieldType::multiple_choice;
    for (std::size_t i = 0; i < options.size(); ++i) {
        if (i % columns != 0) ImGui::SameLine();
        const bool on = chosen(current, options[i].id);
        const std::string label = multiple && on ? "✓ " + options[i].label : options[i].label;
        const std::string id = field.id + "_" + options[i].id;
        if (!painter_.button(label, ImVec2(w, button_h()), on ? ButtonStyle::primary : ButtonStyle::secondary,
                             id.c_str())) {
            continue;
        }
        nlohmann::json value = options[i].id;
        if (multiple) {
            value = current.is_array() ? current : nlohmann::json::array();
            auto it = std::find(value.begin(), value.end(), options[i].id);
            if (it != value.end()) {
                value.erase(it);
            } else {
                value.push_back(options[i].id);
            }
        }
        form_intents_.answer = {field.id, value};
        form_intents_.focus = "";
        if (!multiple) screen_.advance_from = field.id;
    }
}

void FormPage::field(const FormField& field, float width, const std::string& scroll_to) {
    const Error* problem = flow().problem_of(field.id);
    const bool typed = keyboard_for(field.type) != KeyboardLayout::none;
    painter_.text(in(field.label, language_), theme_.heading);
    if (field.id == scroll_to) ImGui::SetScrollHereY(0.0f);  // its label at the top
    if (problem && !typed) {
        ImGui::SameLine();
        painter_.text(t_.translate(*problem), theme_.body, &p_.danger);
    }
    if (!field.help.es.empty()) painter_.text_wrapped(in(field.help, language_), width, theme_.body, &p_.text_muted);
    if (typed) {
        typed_field(field, width, problem);
    } else {
        option_field(field, width);
    }
    ImGui::Dummy(ImVec2(0, theme_.px(12)));
}

void FormPage::step() {
    const FormDefinition& form = flow().form();
    const FormStep& step = form.steps[flow().step()];
    header(in(form.title, language_));
    const float width = ImGui::GetContentRegionAvail().x;
    painter_.text(t_.tr("form.screen.step", {{"n", std::to_string(flow().step_number())},
                                             {"total", std::to_string(flow().step_count())}}) +
                      " · " + in(step.title, language_),
                  theme_.heading);
    const FormField* focused = form.field(view_.focused_field);
    const KeyboardLayout layout = focused ? keyboard_for(focused->type) : KeyboardLayout::none;
    // While typing, every line counts: the field must fit above the keyboard in large text.
    if (!view_.notice.empty() && layout == KeyboardLayout::none) {
        painter_.text_wrapped(view_.notice, width, theme_.body, &p_.ok);
    }
    problem_summary(flow().problems(), width);
    const float gap = theme_.gap_px();
    const float below = layout == KeyboardLayout::none ? button_h() + gap : OnScreenKeyboard::height(layout, theme_) + gap;
    const float fields_h = std::max(theme_.touch_target_px(), ImGui::GetContentRegionAvail().y - below);

    // Where the fields scroll to, once per change (FormScreen's scrolled_* members).
    const std::string step_key = form.id + "/" + step.id;
    const bool new_step = step_key != screen_.scrolled_step;
    std::string problems_key;
    for (const auto& problem : flow().problems()) problems_key += problem.field + " ";
    std::string scroll_to;
    if (focused && focused->id != screen_.scrolled_focus) scroll_to = focused->id;
    if (!problems_key.empty() && problems_key != screen_.scrolled_problems) scroll_to = flow().problems().front().field;
    std::vector<const FormField*> visible;
    for (const auto& f : step.fields) {
        if (field_visible(form, f, flow().answers())) visible.push_back(&f);
    }
    if (scroll_to.empty() && !screen_.advance_from.empty()) {
        for (std::size_t i = 0; i + 1 < visible.size(); ++i) {
            if (visible[i]->id == screen_.advance_from) scroll_to = visible[i + 1]->id;
        }
    }
    screen_.scrolled_step = step_key;
    screen_.scrolled_focus = focused ? focused->id : "";
    screen_.scrolled_problems = problems_key;
    screen_.advance_from.clear();

    // No background of its own: on the software renderer every filled pixel costs.
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0, 0, 0, 0));
    ImGui::BeginChild("##fields", ImVec2(width, fields_h), false);
    ImGui::PopStyleColor();
    if (new_step && scroll_to.empty()) ImGui::SetScrollY(0);
    drag_to_scroll();
    const float inner = ImGui::GetContentRegionAvail().x - theme_.px(48);  // the scrollbar's room
    for (const FormField* f : visible) field(*f, inner, scroll_to);
    ImGui::EndChild();

    if (layout != KeyboardLayout::none) {
        Keystrokes keys;
        screen_.keyboard.draw(layout, pad_extra(*focused), t_, width, keys, painter_);
        take(keys);
        if (form_intents_.focus && form_intents_.focus->empty()) screen_.advance_from = focused->id;  // "Listo"
        return;
    }
    screen_.keyboard.shifted = false;
    const float bw = theme_.px(440);
    if (painter_.button(t_.tr("form.screen.leave"), ImVec2(bw, button_h()), ButtonStyle::secondary, "leave")) {
        intents_.finish_session = true;
    }
    ImGui::SameLine(width - 2 * bw - gap + ImGui::GetStyle().WindowPadding.x);
    const bool first = flow().step_number() <= 1;
    if (first && model_.flow.screen() == Screen::complaint) {
        ImGui::Dummy(ImVec2(bw, button_h()));
    } else if (painter_.button(t_.tr("form.screen.back"), ImVec2(bw, button_h()), ButtonStyle::secondary, "back")) {
        if (first) {
            form_intents_.to_list = true;
        } else {
            form_intents_.back = true;
        }
    }
    ImGui::SameLine();
    const bool to_review = flow().editing_from_review() || flow().step_number() == flow().step_count();
    if (painter_.button(t_.tr(to_review ? "form.screen.to_review" : "form.screen.next"), ImVec2(bw, button_h()),
                        ButtonStyle::primary, "next")) {
        form_intents_.next = true;
    }
}

void FormPage::review() {
    const FormDefinition& form = flow().form();
    header(in(form.title, language_));
    const float width = ImGui::GetContentRegionAvail().x;
    painter_.text(t_.tr("form.screen.review_title"), theme_.heading);
    if (!view_.error_text.empty()) painter_.text_wrapped(view_.error_text, width, theme_.heading, &p_.danger);
    const std::string consent = t_.tr("form.screen.consent", {{"data", in(form.kept_data, language_)},
                                                              {"days", std::to_string(form.retention_days)}});
    const float consent_h = ImGui::CalcTextSize(consent.c_str(), nullptr, false, width).y;
    const float below = consent_h + button_h() + 3 * theme_.gap_px();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0, 0, 0, 0));
    ImGui::BeginChild("##review", ImVec2(width, std::max(button_h(), ImGui::GetContentRegionAvail().y - below)), false);
    ImGui::PopStyleColor();
    drag_to_scroll();
    const float inner = ImGui::GetContentRegionAvail().x - theme_.px(48);
    const float change_w = theme_.px(280);
    const float label_w = inner * 0.36f;
    const float answer_x = label_w + theme_.gap_px();
    const float answer_w = inner - answer_x - change_w - theme_.gap_px();
    std::size_t shown_step = form.steps.size();
    for (const auto& line : view_.review) {
        if (line.step != shown_step) {
            shown_step = line.step;
            painter_.text(in(form.steps[line.step].title, language_), theme_.heading, &p_.primary);
        }
        const float top = ImGui::GetCursorPosY();
        painter_.text_wrapped(line.label, label_w, theme_.body, &p_.text_muted);
        float bottom = ImGui::GetCursorPosY();
        ImGui::SetCursorPos(ImVec2(answer_x + ImGui::GetStyle().WindowPadding.x * 0, top));
        painter_.text_wrapped(line.answer, answer_w, theme_.body);
        bottom = std::max(bottom, ImGui::GetCursorPosY());
        ImGui::SetCursorPos(ImVec2(inner - change_w, top));
        const std::string id = "change_" + line.field_id;
        if (painter_.button(t_.tr("form.screen.change"), ImVec2(change_w, 0), ButtonStyle::secondary, id.c_str())) {
            form_intents_.edit_step = line.step;
            form_intents_.edit_field = line.field_id;
        }
        ImGui::SetCursorPosY(std::max(bottom, ImGui::GetCursorPosY()));
    }
    ImGui::EndChild();
    painter_.text_wrapped(consent, width, theme_.body);
    const float bw = theme_.px(440);
    if (painter_.button(t_.tr("form.screen.leave"), ImVec2(bw, button_h()), ButtonStyle::secondary, "leave")) {
        intents_.finish_session = true;
    }
    ImGui::SameLine(width - 2 * bw - theme_.gap_px() + ImGui::GetStyle().WindowPadding.x);
    if (painter_.button(t_.tr("form.screen.back"), ImVec2(bw, button_h()), ButtonStyle::secondary, "back")) {
        form_intents_.back = true;
    }
    ImGui::SameLine();
    if (painter_.button(t_.tr("form.screen.submit"), ImVec2(bw, button_h()), ButtonStyle::primary, "submit")) {
        form_intents_.submit = true;
    }
}

void FormPage::submitting() {
    header(in(flow().form().title, language_));
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::Dummy(ImVec2(0, theme_.px(200)));
    painter_.text_centered(t_.tr("form.screen.sending"), width, theme_.title);
}

void FormPage::submitted() {
    const FormDefinition& form = flow().form();
    header(in(form.title, language_));
    const float width = ImGui::GetContentRegionAvail().x;
    painter_.text_centered(t_.tr("form.screen.sent"), width, theme_.title, &p_.ok);
    painter_.text_centered(t_.tr("form.receipt.reference"), width, theme_.heading);
    painter_.display_text(view_.reference, width, theme_.title, 1.8f, &p_.primary);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + width * 0.1f);
    painter_.text_wrapped(in(form.next_steps, language_), width * 0.8f, theme_.heading);
    if (view_.print_message) {
        painter_.text_centered(*view_.print_message, width, theme_.heading, view_.print_failed ? &p_.danger : &p_.ok);
    }
    ImGui::SetCursorPosY(ImGui::GetWindowHeight() - button_h() - theme_.body->FontSize - theme_.px(60));
    if (painter_.button(t_.tr("form.screen.finish"), ImVec2(theme_.px(520), button_h()), ButtonStyle::primary,
                        "finish")) {
        intents_.finish_session = true;
    }
    draw_status_corner(model_, painter_);
}

}  // namespace

void FormScreen::draw(const ScreenModel& model, const FormView& view, Intents& intents, Painter& painter) {
    FormPage page(model, view, *this, intents, painter);
    if (!view.flow) return page.procedures();
    switch (view.flow->phase()) {
        case FormPhase::filling: return page.step();
        case FormPhase::reviewing: return page.review();
        case FormPhase::submitting: return page.submitting();
        case FormPhase::submitted: return page.submitted();
    }
}

}  // namespace ventanilla::ui
