// The few widgets every screen is built from; each one records what it showed, and where,
// so tests and demos can find "the button labelled X" and read the text on screen.
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

#include "ui/theme.h"

namespace ventanilla::ui {

struct ShownWidget {
    std::string text;  // the visible label or text, UTF-8
    ImVec2 min, max;   // screen rectangle in pixels
    bool tappable = false;
};

// What one frame showed: filled while drawing, read by the automation interface.
class ShownWidgets {
public:
    void clear() { widgets_.clear(); }
    void add(std::string text, ImVec2 min, ImVec2 max, bool tappable) {
        widgets_.push_back({std::move(text), min, max, tappable});
    }
    const std::vector<ShownWidget>& all() const { return widgets_; }
    const ShownWidget* find_tappable(std::string_view text) const;

private:
    std::vector<ShownWidget> widgets_;
};

enum class ButtonStyle { primary, secondary, danger };

// A button's label as drawn in `inner_width_px` (the button less its padding) with the current
// font: as it is when it fits, else on two lines broken at the space that leaves the longer line
// shortest ("Faltan documentos" on a third of the receipt desk's column). Needs an ImGui frame.
std::string button_label_lines(std::string_view label, float inner_width_px);

// A drawing context handed to every screen: the theme and the record of this frame.
class Painter {
public:
    Painter(const Theme& theme, ShownWidgets& shown) : theme_(theme), shown_(shown) {}
    const Theme& theme() const { return theme_; }

    void text(std::string_view s, ImFont* font = nullptr, const ImVec4* color = nullptr);
    void text_wrapped(std::string_view s, float wrap_width_px, ImFont* font = nullptr,
                      const ImVec4* color = nullptr);
    void text_centered(std::string_view s, float width_px, ImFont* font = nullptr,
                       const ImVec4* color = nullptr);
    // One short line drawn `scale` times the font's size, centred in `width_px`: a ticket's
    // number, to be read from a step away.
    void display_text(std::string_view s, float width_px, ImFont* font, float scale,
                      const ImVec4* color = nullptr);
    // A labelled button at least one touch target high; true on the frame it is tapped.
    // A disabled one is drawn faded, ignores taps and is not recorded as tappable.
    bool button(std::string_view label, ImVec2 size, ButtonStyle style = ButtonStyle::primary,
                const char* id = nullptr, bool enabled = true);
    // A big service tile: a title and a line under it, the whole tile one target.
    bool tile(std::string_view title, std::string_view subtitle, ImVec2 size, const char* id);
    // An OpenGL texture drawn at `size`, framed; recorded as `name` (not tappable). A
    // texture of 0 (nothing yet) draws the empty frame.
    void image(unsigned texture, ImVec2 size, std::string_view name);
    // Text placed at `top_left` (screen pixels) at any size of `font`, outside the layout:
    // the waiting hall's board places its numbers itself. Recorded like text().
    void text_at(ImVec2 top_left, std::string_view s, ImFont* font, float size_px,
                 const ImVec4& color);
    // A key of the on-screen keyboard: shorter than a button (80 px at 1080p, five rows must
    // leave room above them for the field being typed), `lit` while Shift is on.
    bool key(std::string_view label, ImVec2 size, const char* id, bool lit = false);
    // The box of a typed answer: shows `value` (or `hint`, faded), is recorded as a target
    // named `name` (the field's label), framed thick when `focused`, red with an `error`, the
    // value on a highlight when `selected` (the next key typed replaces it). True on the frame
    // it is tapped.
    bool answer_box(const char* id, std::string_view name, std::string_view value, std::string_view hint,
                    ImVec2 size, bool focused, bool error, bool selected = false);
    // A single-line text field; returns true while its content changed this frame. `flags` are
    // ImGuiInputTextFlags (AutoSelectAll: a tap selects the old value, typing replaces it).
    bool text_field(const char* id, std::string& value, float width_px, std::string_view hint,
                    int flags = 0);

private:
    void record(std::string text, ImVec2 min, ImVec2 max, bool tappable);

    const Theme& theme_;
    ShownWidgets& shown_;
};

}  // namespace ventanilla::ui
