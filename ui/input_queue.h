// The terminal's own input queue: nothing typed, tapped or scanned is ever lost.
//
// Dear ImGui 1.86 has no event queue: a key or click that starts and ends between two
// frames is lost. Every event (from GLFW callbacks or the automation interface) lands
// here first, keystrokes pass the keyboard-wedge detector, and each frame takes only
// what ImGui can see without losing a transition: at most one change per button or key.
#pragma once

#include <imgui.h>

#include <chrono>
#include <deque>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "devices/keyboard_wedge.h"

namespace ventanilla::ui {

using SteadyTime = std::chrono::steady_clock::time_point;

struct RawInput {
    enum class Kind { mouse_move, mouse_button, key, character, scroll };
    Kind kind = Kind::mouse_move;
    SteadyTime when{};
    float x = 0, y = 0;   // mouse_move: position; scroll: offsets
    int code = 0;         // mouse_button: button; key: GLFW key code
    bool down = false;    // mouse_button, key
    char32_t codepoint = 0;
};

// What a frame hands to the application besides what ImGui sees.
struct FrameInput {
    std::vector<WedgeOutput> scans;  // scan and scan_too_long outputs
    bool activity = false;           // a person did something: resets the idle timer
};

struct InputCounters {
    long taps = 0;          // mouse button presses received
    long characters = 0;    // characters received
    long scans = 0;         // scans recognised
    long frames_fed = 0;    // frames that took at least one event
};

class InputQueue {
public:
    static constexpr int kEnterKey = 257;  // GLFW_KEY_ENTER
    static constexpr int kKeypadEnterKey = 335;

    explicit InputQueue(KeyboardWedgeOptions wedge_options = {}) : wedge_(wedge_options) {}

    void push(const RawInput& input);
    FrameInput feed_frame(ImGuiIO& io, SteadyTime now);
    // Call after every event poll: the window's queue was drained at `now`.
    void observe_quiet(SteadyTime now) { wedge_.observe_quiet(now); }
    // True while events wait for a frame: the loop must keep rendering.
    bool pending() const { return !for_imgui_.empty(); }
    // When held keystrokes are due to be released as typing.
    std::optional<SteadyTime> next_deadline() const { return wedge_.next_deadline(); }
    const InputCounters& counters() const { return counters_; }

private:
    struct ImGuiEvent {
        enum class Kind { mouse_pos, mouse_button, key, text, scroll };
        Kind kind;
        float x = 0, y = 0;
        int code = 0;
        bool down = false;
        std::string text;
    };
    void take_wedge_output(SteadyTime now, FrameInput& frame);

    KeyboardWedge wedge_;
    std::deque<ImGuiEvent> for_imgui_;
    InputCounters counters_;
    bool activity_since_frame_ = false;
};

}  // namespace ventanilla::ui
