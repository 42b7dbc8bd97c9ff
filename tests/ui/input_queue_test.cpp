// The input queue against a real ImGui context (no window): taps and keys that come and go
// between two frames still reach the widgets, one transition per frame.
#include "ui/input_queue.h"

#include <doctest/doctest.h>
#include <imgui.h>

#include <functional>

using namespace ventanilla;
using namespace ventanilla::ui;
using namespace std::chrono_literals;

namespace {

struct ImGuiHarness {
    ImGuiHarness() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(800, 600);
        io.DeltaTime = 1.0f / 60.0f;
        unsigned char* pixels;
        int w, h;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // NewFrame asserts without an atlas
        io.KeyMap[ImGuiKey_Enter] = InputQueue::kEnterKey;
        io.KeyMap[ImGuiKey_Backspace] = 259;
    }
    ~ImGuiHarness() { ImGui::DestroyContext(); }

    // One frame: feeds the queue, draws a button, returns whether it was clicked.
    bool frame(InputQueue& queue, SteadyTime now, FrameInput* out = nullptr,
               const std::function<void()>& extra = {}) {
        FrameInput in = queue.feed_frame(ImGui::GetIO(), now);
        if (out) *out = std::move(in);
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(800, 600));
        ImGui::Begin("w", nullptr, ImGuiWindowFlags_NoDecoration);
        ImGui::SetCursorScreenPos(ImVec2(100, 100));
        bool clicked = ImGui::Button("OK", ImVec2(200, 100));
        if (extra) extra();
        ImGui::End();
        ImGui::Render();
        return clicked;
    }
};

RawInput move_to(float x, float y) { return {RawInput::Kind::mouse_move, {}, x, y}; }
RawInput button(bool down) {
    RawInput in{RawInput::Kind::mouse_button};
    in.down = down;
    return in;
}

}  // namespace

TEST_CASE("a click that comes and goes between two frames is still a click") {
    ImGuiHarness imgui;
    InputQueue queue;
    SteadyTime t{};
    imgui.frame(queue, t);
    int clicks = 0;
    for (int i = 0; i < 25; ++i) {
        queue.push(move_to(150, 150));
        queue.push(button(true));
        queue.push(button(false));
        queue.push(move_to(700, 500));  // the pointer leaves before the next frame
        while (queue.pending()) clicks += imgui.frame(queue, t) ? 1 : 0;
    }
    CHECK(clicks == 25);
    CHECK(queue.counters().taps == 25);
}

TEST_CASE("fast typing reaches a text field complete and in order") {
    ImGuiHarness imgui;
    InputQueue queue;
    SteadyTime t = SteadyTime{} + 10s;
    char buffer[256] = "";
    bool focused = false;
    auto field = [&] {
        if (!focused) ImGui::SetKeyboardFocusHere();
        focused = true;
        ImGui::InputText("##f", buffer, sizeof(buffer));
    };
    // The field takes the focus on the frame after it is asked for, as after a tap.
    imgui.frame(queue, t, nullptr, field);
    imgui.frame(queue, t, nullptr, field);
    // A person types "Señora" a key every 120 ms; each key is released as typing.
    std::u32string word = U"Señora";
    for (char32_t c : word) {
        RawInput in{RawInput::Kind::character};
        in.codepoint = c;
        in.when = t;
        queue.push(in);
        t += 120ms;
        imgui.frame(queue, t, nullptr, field);
    }
    for (int i = 0; i < 3; ++i) imgui.frame(queue, t + 1s, nullptr, field);
    CHECK(std::string(buffer) == "Señora");
}

TEST_CASE("a scanner pressing keys and Shift for capitals still makes one scan") {
    ImGuiHarness imgui;
    InputQueue queue;
    SteadyTime t = SteadyTime{} + 10s;
    for (char c : std::string("RR123456785CU")) {
        bool upper = c >= 'A' && c <= 'Z';
        RawInput shift{RawInput::Kind::key};
        shift.code = 340;  // GLFW_KEY_LEFT_SHIFT
        shift.when = t;
        if (upper) {
            shift.down = true;
            queue.push(shift);
        }
        // The key itself comes too, beside its character (GLFW's key and char callbacks).
        RawInput key{RawInput::Kind::key};
        key.code = c;
        key.down = true;
        key.when = t;
        queue.push(key);
        RawInput in{RawInput::Kind::character};
        in.codepoint = static_cast<char32_t>(c);
        in.when = t;
        queue.push(in);
        key.down = false;
        queue.push(key);
        if (upper) {
            shift.down = false;
            queue.push(shift);
        }
        t += 3ms;
    }
    RawInput enter{RawInput::Kind::key};
    enter.code = InputQueue::kEnterKey;
    enter.down = true;
    enter.when = t;
    queue.push(enter);
    FrameInput in;
    imgui.frame(queue, t, &in);
    REQUIRE(in.scans.size() == 1);
    CHECK(in.scans[0].text == "RR123456785CU");
}

TEST_CASE("scans typed at machine speed are recognised, in order, none merged or split") {
    ImGuiHarness imgui;
    InputQueue queue;
    SteadyTime t = SteadyTime{} + 10s;
    std::vector<std::string> sent, received;
    for (int i = 0; i < 50; ++i) {
        std::string code = "RR" + std::to_string(10000000 + i) + "5CU";
        sent.push_back(code);
        for (char c : code) {
            RawInput in{RawInput::Kind::character};
            in.codepoint = static_cast<char32_t>(c);
            in.when = t;
            queue.push(in);
            t += 2ms;
        }
        RawInput enter{RawInput::Kind::key};
        enter.code = InputQueue::kEnterKey;
        enter.down = true;
        enter.when = t;
        queue.push(enter);
        enter.down = false;
        queue.push(enter);
        t += 2ms;
    }
    FrameInput in;
    imgui.frame(queue, t, &in);
    for (auto& s : in.scans) received.push_back(s.text);
    CHECK(received == sent);
    CHECK(queue.counters().scans == 50);
}
