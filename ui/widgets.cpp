#include "ui/widgets.h"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cfloat>
#include <cstdint>

namespace ventanilla::ui {

const ShownWidget* ShownWidgets::find_tappable(std::string_view text) const {
    for (const auto& w : widgets_) {
        if (w.tappable && w.text == text) return &w;
    }
    return nullptr;
}

namespace {
struct FontScope {
    explicit FontScope(ImFont* font) : pushed(font != nullptr) {
        if (pushed) ImGui::PushFont(font);
    }
    ~FontScope() {
        if (pushed) ImGui::PopFont();
    }
    bool pushed;
};

struct ColorScope {
    explicit ColorScope(const ImVec4* color) : pushed(color != nullptr) {
        if (pushed) ImGui::PushStyleColor(ImGuiCol_Text, *color);
    }
    ~ColorScope() {
        if (pushed) ImGui::PopStyleColor();
    }
    bool pushed;
};

std::string id_for(std::string_view label, const char* id) {
    std::string s(label);
    s += "##";
    s += id ? id : "";
    return s;
}

float text_width(std::string_view s) { return ImGui::CalcTextSize(s.data(), s.data() + s.size()).x; }
}  // namespace

std::string button_label_lines(std::string_view label, float inner_width_px) {
    std::string lines(label);
    if (inner_width_px <= 0 || text_width(label) <= inner_width_px) return lines;
    float longest = FLT_MAX;
    for (std::size_t space = label.find(' '); space != std::string_view::npos; space = label.find(' ', space + 1)) {
        const float width = std::max(text_width(label.substr(0, space)), text_width(label.substr(space + 1)));
        if (width < longest) {
            longest = width;
            lines = std::string(label.substr(0, space)) + "\n" + std::string(label.substr(space + 1));
        }
    }
    return lines;
}

void Painter::record(std::string text, ImVec2 min, ImVec2 max, bool tappable) {
    // Only what can be seen: the part of the widget inside the window's clip (a list scrolled
    // past a button hides it, and a tap at its recorded centre must land on it).
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 clip_min = dl->GetClipRectMin(), clip_max = dl->GetClipRectMax();
    min = ImVec2(std::max(min.x, clip_min.x), std::max(min.y, clip_min.y));
    max = ImVec2(std::min(max.x, clip_max.x), std::min(max.y, clip_max.y));
    if (min.x >= max.x || min.y >= max.y) return;
    shown_.add(std::move(text), min, max, tappable);
}

void Painter::text(std::string_view s, ImFont* font, const ImVec4* color) {
    FontScope f(font);
    ColorScope c(color);
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    record(std::string(s), ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), false);
}

void Painter::display_text(std::string_view s, float width_px, ImFont* font, float scale,
                           const ImVec4* color) {
    const float size = font->FontSize * scale;
    const ImVec2 extent = font->CalcTextSizeA(size, FLT_MAX, 0, s.data(), s.data() + s.size());
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const ImVec2 at(start.x + std::max(0.0f, (width_px - extent.x) / 2), start.y);
    const ImVec4 tint = color ? *color : ImGui::GetStyle().Colors[ImGuiCol_Text];
    ImGui::GetWindowDrawList()->AddText(font, size, at, ImGui::ColorConvertFloat4ToU32(tint),
                                        s.data(), s.data() + s.size());
    ImGui::Dummy(ImVec2(width_px, extent.y));
    record(std::string(s), at, ImVec2(at.x + extent.x, at.y + extent.y), false);
}

void Painter::text_wrapped(std::string_view s, float wrap_width_px, ImFont* font,
                           const ImVec4* color) {
    FontScope f(font);
    ColorScope c(color);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap_width_px);
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    ImGui::PopTextWrapPos();
    record(std::string(s), ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), false);
}

void Painter::text_centered(std::string_view s, float width_px, ImFont* font,
                            const ImVec4* color) {
    FontScope f(font);
    float w = ImGui::CalcTextSize(s.data(), s.data() + s.size()).x;
    if (w < width_px) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (width_px - w) / 2);
    ColorScope c(color);
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    record(std::string(s), ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), false);
}

void Painter::text_at(ImVec2 top_left, std::string_view s, ImFont* font, float size_px,
                      const ImVec4& color) {
    if (font == nullptr) font = ImGui::GetFont();
    const char* begin = s.data();
    const char* end = s.data() + s.size();
    ImVec2 size = font->CalcTextSizeA(size_px, FLT_MAX, 0.0f, begin, end);
    ImGui::GetWindowDrawList()->AddText(font, size_px, top_left, ImGui::GetColorU32(color), begin, end);
    record(std::string(s), top_left, ImVec2(top_left.x + size.x, top_left.y + size.y), false);
}

bool Painter::button(std::string_view label, ImVec2 size, ButtonStyle style, const char* id,
                     bool enabled) {
    const Palette& p = theme_.palette();
    if (size.y < theme_.touch_target_px()) size.y = theme_.touch_target_px();
    ImVec4 bg = p.primary, fg = p.primary_text;
    if (style == ButtonStyle::secondary) {
        bg = p.surface;
        fg = p.primary;
    } else if (style == ButtonStyle::danger) {
        bg = p.danger;
        fg = p.primary_text;
    }
    ImGui::PushStyleColor(ImGuiCol_Button, bg);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, bg);
    ImGui::PushStyleColor(ImGuiCol_Text, fg);
    ImGui::PushStyleColor(ImGuiCol_Border, style == ButtonStyle::secondary ? p.primary : bg);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, theme_.px(3));
    ImGui::BeginDisabled(!enabled);
    const std::string drawn = button_label_lines(label, size.x - 2 * ImGui::GetStyle().FramePadding.x);
    bool clicked = ImGui::Button(id_for(drawn, id).c_str(), size);
    ImGui::EndDisabled();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor(4);
    record(std::string(label), ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), enabled);
    return clicked && enabled;
}

bool Painter::key(std::string_view label, ImVec2 size, const char* id, bool lit) {
    // Drawn by hand: a key's label may be "#", which ImGui would read as the start of an id.
    const Palette& p = theme_.palette();
    size.y = std::max(size.y, theme_.px(kKeyHeightAt1080p));
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const bool clicked = ImGui::InvisibleButton(id, size);
    const bool held = ImGui::IsItemActive();
    const ImVec2 end(origin.x + size.x, origin.y + size.y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // Square, outlined keys over the page, filled only while lit or pressed: sixty filled,
    // rounded keys cost llvmpipe several ms a frame (bench/form_step_bench).
    if (lit || held) dl->AddRectFilled(origin, end, ImGui::GetColorU32(p.primary));
    dl->AddRect(origin, end, ImGui::GetColorU32(theme_.high_contrast ? p.border : p.primary), 0, 0, theme_.px(2));
    ImFont* font = ImGui::GetFont();
    const ImVec2 extent = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, label.data(), label.data() + label.size());
    dl->AddText(font, font->FontSize, ImVec2(origin.x + (size.x - extent.x) / 2, origin.y + (size.y - extent.y) / 2),
                ImGui::GetColorU32(lit || held ? p.primary_text : p.text), label.data(), label.data() + label.size());
    record(std::string(label), origin, end, true);
    return clicked;
}

bool Painter::answer_box(const char* id, std::string_view name, std::string_view value, std::string_view hint,
                         ImVec2 size, bool focused, bool error, bool selected) {
    const Palette& p = theme_.palette();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const bool tapped = ImGui::InvisibleButton(id, size);
    if (!ImGui::IsItemVisible()) return tapped;  // scrolled away: nothing to draw or record
    const ImVec2 end(origin.x + size.x, origin.y + size.y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(origin, end, ImGui::GetColorU32(p.surface), theme_.px(14));
    const ImVec4& frame = error ? p.danger : focused ? p.primary : p.border;
    dl->AddRect(origin, end, ImGui::GetColorU32(frame), theme_.px(14), 0,
                theme_.px(focused || error ? 5.0f : theme_.high_contrast ? 3.0f : 2.0f));
    ImFont* font = ImGui::GetFont();
    const float pad = theme_.px(24);
    const float wrap = size.x - 2 * pad;
    const bool empty = value.empty();
    const std::string shown(empty ? hint : value);
    const bool one_line = size.y < 2.5f * font->FontSize;
    const ImVec2 text_at(origin.x + pad, origin.y + (one_line ? (size.y - font->FontSize) / 2 : pad / 2));
    const ImVec2 extent = font->CalcTextSizeA(font->FontSize, FLT_MAX, wrap, shown.c_str());
    // A long answer shows its end, where the citizen types: what scrolls out is above.
    const float room = size.y - (text_at.y - origin.y) - pad / 2;
    const float lift = std::max(0.0f, extent.y - room);
    dl->PushClipRect(ImVec2(origin.x + pad / 2, origin.y + 2), ImVec2(end.x - pad / 2, end.y - 2), true);
    const ImVec2 at(text_at.x, text_at.y - lift);
    const bool highlighted = selected && !empty;
    if (highlighted) dl->AddRectFilled(at, ImVec2(at.x + extent.x, at.y + extent.y), ImGui::GetColorU32(p.primary));
    dl->AddText(font, font->FontSize, at,
                ImGui::GetColorU32(empty ? p.text_muted : highlighted ? p.primary_text : p.text), shown.c_str(),
                nullptr, wrap);
    if (focused) {  // the caret, after the last character typed
        ImVec2 caret = at;
        if (!empty) {
            const char* line = shown.c_str();
            const char* end_of_text = line + shown.size();
            for (;;) {  // to the last wrapped line, as AddText wraps it
                const char* next = font->CalcWordWrapPositionA(1.0f, line, end_of_text, wrap);
                if (next >= end_of_text) break;
                if (next == line) ++next;
                while (next < end_of_text && (*next == ' ' || *next == '\n')) ++next;
                line = next;
                caret.y += font->FontSize;
            }
            caret.x += font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, line, end_of_text).x;
        }
        dl->AddRectFilled(ImVec2(caret.x + theme_.px(2), caret.y),
                          ImVec2(caret.x + theme_.px(6), caret.y + font->FontSize), ImGui::GetColorU32(p.primary));
    }
    dl->PopClipRect();
    record(std::string(name), origin, end, true);
    if (!empty) record(std::string(value), origin, end, false);
    return tapped;
}

void Painter::image(unsigned texture, ImVec2 size, std::string_view name) {
    const Palette& p = theme_.palette();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 end(origin.x + size.x, origin.y + size.y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(origin, end, ImGui::GetColorU32(p.surface));
    if (texture != 0) {
        ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(texture)), size);
    } else {
        ImGui::Dummy(size);
    }
    dl->AddRect(origin, end, ImGui::GetColorU32(p.border), 0, 0, theme_.px(3));
    record(std::string(name), origin, end, false);
}

bool Painter::tile(std::string_view title, std::string_view subtitle, ImVec2 size,
                   const char* id) {
    const Palette& p = theme_.palette();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    bool clicked = ImGui::InvisibleButton(id, size);
    bool held = ImGui::IsItemActive();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 end(origin.x + size.x, origin.y + size.y);
    ImVec4 bg = p.primary;
    if (held) bg = ImVec4(bg.x * 0.8f, bg.y * 0.8f, bg.z * 0.8f, 1.0f);
    dl->AddRectFilled(origin, end, ImGui::GetColorU32(bg), theme_.px(22));
    if (theme_.high_contrast) {
        dl->AddRect(origin, end, ImGui::GetColorU32(p.border), theme_.px(22), 0, theme_.px(4));
    }
    float pad = theme_.px(40);
    float wrap = size.x - 2 * pad;
    ImU32 fg = ImGui::GetColorU32(p.primary_text);
    ImFont* title_font = theme_.heading;
    ImFont* body_font = theme_.body;
    std::string t(title), s(subtitle);
    ImVec2 title_size = title_font->CalcTextSizeA(title_font->FontSize, FLT_MAX, wrap, t.c_str());
    ImVec2 sub_size = body_font->CalcTextSizeA(body_font->FontSize, FLT_MAX, wrap, s.c_str());
    float block = title_size.y + theme_.px(16) + sub_size.y;
    float y = origin.y + (size.y - block) / 2;
    dl->AddText(title_font, title_font->FontSize, ImVec2(origin.x + pad, y), fg, t.c_str(), nullptr,
                wrap);
    dl->AddText(body_font, body_font->FontSize,
                ImVec2(origin.x + pad, y + title_size.y + theme_.px(16)), fg, s.c_str(), nullptr,
                wrap);
    record(t, origin, end, true);
    record(s, origin, end, false);
    return clicked;
}

bool Painter::text_field(const char* id, std::string& value, float width_px,
                         std::string_view hint, int flags) {
    ImGui::SetNextItemWidth(width_px);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(theme_.px(24), theme_.px(24)));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, theme_.px(3));
    std::string hint_s(hint);
    bool changed = ImGui::InputTextWithHint(id, hint_s.c_str(), &value, flags);
    ImGui::PopStyleVar(2);
    record(value.empty() ? hint_s : value, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
               true);
    return changed;
}

}  // namespace ventanilla::ui
