#include "ui/code_entry.h"

#include <algorithm>

#include "kiosk/code_text.h"

namespace ventanilla::ui {

namespace {

// Longer than any code a receipt prints ("GP-1234567890-92" is 16), typed with spaces.
constexpr std::size_t kMaxCodeCharacters = 40;

}  // namespace

CodeEntry::CodeEntry(const ScreenModel& model, CodeEntrySpec spec, Intents& intents, Painter& painter)
    : model_(model),
      spec_(std::move(spec)),
      intents_(intents),
      painter_(painter),
      typed_(model.flow.session().typed_text) {}

bool CodeEntry::keyboard_up() const { return model_.flow.session().typing; }

void CodeEntry::take(const Keystrokes& keys) {
    if (!keys.typed.empty() || keys.erased > 0) {
        typed_ = edit_at_end(typed_, keys.erased, keys.typed, kMaxCodeCharacters);
        intents_.typed_text = typed_;
    }
    if (keys.done) submitted_ = typed_;
}

void CodeEntry::draw_field(float width) {
    const Theme& theme = painter_.theme();
    Keystrokes keys;
    read_physical_keys(keys, /*enter_is_done=*/true);
    take(keys);
    ImGui::PushFont(theme.heading);  // what the citizen types, large enough to compare with the receipt
    // With the keys up the submit button beside the box gives way to theirs: the box takes the
    // whole width (a long hint in large text would wrap and be cut).
    const ImVec2 size(keyboard_up() ? width : width * spec_.box_width_share,
                      std::max(theme.touch_target_px(), theme.heading->FontSize + theme.px(48)));
    if (painter_.answer_box(spec_.id, spec_.hint, typed_, spec_.hint, size, keyboard_up(), spec_.refused) &&
        !keyboard_up()) {
        intents_.start_typing = true;
    }
    ImGui::PopFont();
    if (keyboard_up()) return;
    ImGui::SameLine();
    if (painter_.button(spec_.submit, ImVec2(std::min(theme.px(420), width - size.x - theme.gap_px()), size.y),
                        ButtonStyle::primary, "code_submit")) {
        submitted_ = typed_;
    }
}

void CodeEntry::draw_keyboard(float width, float below) {
    if (!keyboard_up()) return;
    const Theme& theme = painter_.theme();
    const float height = OnScreenKeyboard::height(spec_.layout, theme);
    const float room = ImGui::GetContentRegionAvail().y - below - height;
    if (room > 0) ImGui::SetCursorPosY(ImGui::GetCursorPosY() + room);
    Keystrokes keys;
    OnScreenKeyboard keyboard;  // capitals only: no Shift to remember between frames
    keyboard.draw(spec_.layout, "", model_.text, width, keys, painter_, spec_.submit);
    take(keys);
}

}  // namespace ventanilla::ui
