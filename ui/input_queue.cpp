#include "ui/input_queue.h"

namespace ventanilla::ui {

namespace {
// Escape, Tab, Backspace, Insert, Delete, the arrows, Page Up/Down, Home, End
// (GLFW_KEY_ESCAPE .. GLFW_KEY_END, Enter aside). Printable keys, modifiers and function
// keys are not: the text of a printable key comes through its character, and a scanner
// presses Shift for capitals.
bool is_editing_key(int code) { return code >= 256 && code <= 269; }
}  // namespace

void InputQueue::push(const RawInput& in) {
    using Kind = RawInput::Kind;
    switch (in.kind) {
        case Kind::mouse_move:
            for_imgui_.push_back({ImGuiEvent::Kind::mouse_pos, in.x, in.y, 0, false, {}});
            break;
        case Kind::mouse_button:
            wedge_.flush();
            if (in.down) ++counters_.taps;
            activity_since_frame_ = true;
            for_imgui_.push_back({ImGuiEvent::Kind::mouse_button, 0, 0, in.code, in.down, {}});
            break;
        case Kind::scroll:
            activity_since_frame_ = true;
            for_imgui_.push_back({ImGuiEvent::Kind::scroll, in.x, in.y, 0, false, {}});
            break;
        case Kind::character:
            ++counters_.characters;
            activity_since_frame_ = true;
            wedge_.on_char(in.codepoint, in.when);
            break;
        case Kind::key:
            activity_since_frame_ = true;
            if (in.code == kEnterKey || in.code == kKeypadEnterKey) {
                // The wedge decides whether this Enter ends a scan or goes to the screen.
                if (in.down) wedge_.on_enter(in.when);
                break;
            }
            // Only editing keys end a burst and reach ImGui. ImGui never sees Ctrl or Alt,
            // so no scan and no keyboard can fire a shortcut.
            if (!is_editing_key(in.code)) break;
            wedge_.flush();
            for_imgui_.push_back({ImGuiEvent::Kind::key, 0, 0, in.code, in.down, {}});
            break;
    }
}

void InputQueue::take_wedge_output(SteadyTime now, FrameInput& frame) {
    // Typing goes to the screen in the order it came; a scan goes to the application.
    for (auto& out : wedge_.take(now)) {
        switch (out.kind) {
            case WedgeOutput::Kind::typed_text:
                for_imgui_.push_back({ImGuiEvent::Kind::text, 0, 0, 0, false, std::move(out.text)});
                break;
            case WedgeOutput::Kind::typed_enter:
                for_imgui_.push_back({ImGuiEvent::Kind::key, 0, 0, kEnterKey, true, {}});
                for_imgui_.push_back({ImGuiEvent::Kind::key, 0, 0, kEnterKey, false, {}});
                break;
            case WedgeOutput::Kind::scan:
            case WedgeOutput::Kind::scan_too_long:
                ++counters_.scans;
                frame.scans.push_back(std::move(out));
                break;
        }
    }
}

FrameInput InputQueue::feed_frame(ImGuiIO& io, SteadyTime now) {
    FrameInput frame;
    take_wedge_output(now, frame);
    frame.activity = activity_since_frame_;
    activity_since_frame_ = false;

    std::set<int> buttons_changed, keys_changed;
    bool took_any = false;
    while (!for_imgui_.empty()) {
        ImGuiEvent& e = for_imgui_.front();
        bool fits = true;
        switch (e.kind) {
            case ImGuiEvent::Kind::mouse_pos:
                // A move after a press or release would make ImGui see the click elsewhere.
                fits = buttons_changed.empty();
                if (fits) io.MousePos = ImVec2(e.x, e.y);
                break;
            case ImGuiEvent::Kind::mouse_button:
                fits = e.code >= 0 && e.code < IM_ARRAYSIZE(io.MouseDown) &&
                       !buttons_changed.contains(e.code);
                if (fits) {
                    io.MouseDown[e.code] = e.down;
                    buttons_changed.insert(e.code);
                } else if (e.code < 0 || e.code >= IM_ARRAYSIZE(io.MouseDown)) {
                    fits = true;  // a button ImGui does not know: drop it
                }
                break;
            case ImGuiEvent::Kind::key:
                fits = !keys_changed.contains(e.code);
                if (fits && e.code >= 0 && e.code < IM_ARRAYSIZE(io.KeysDown)) {
                    io.KeysDown[e.code] = e.down;
                    keys_changed.insert(e.code);
                }
                break;
            case ImGuiEvent::Kind::text:
                // Text typed after a key press must reach the field after that key.
                fits = keys_changed.empty();
                if (fits) io.AddInputCharactersUTF8(e.text.c_str());
                break;
            case ImGuiEvent::Kind::scroll:
                io.MouseWheelH += e.x;
                io.MouseWheel += e.y;
                break;
        }
        if (!fits) break;
        took_any = true;
        for_imgui_.pop_front();
    }
    if (took_any) ++counters_.frames_fed;
    return frame;
}

}  // namespace ventanilla::ui
