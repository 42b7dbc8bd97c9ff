// A button's label too wide for it goes on two lines instead of being cut: on the counter's
// receipt desk "Faltan documentos" lost its last letter on a third of the outcome column.
#include <doctest/doctest.h>
#include <imgui.h>

#include "ui/widgets.h"

using namespace ventanilla::ui;

namespace {

float width_of(const std::string& s) { return ImGui::CalcTextSize(s.c_str()).x; }

}  // namespace

TEST_CASE("button label: kept when it fits, else broken at the space that leaves the longer line shortest") {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(800, 600);
    unsigned char* pixels;
    int w, h;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // NewFrame asserts without an atlas
    ImGui::NewFrame();

    const std::string outcome = "Faltan documentos";
    const float full = width_of(outcome);
    CHECK(button_label_lines(outcome, full) == outcome);
    CHECK(button_label_lines(outcome, 0) == outcome);  // an auto-sized button: nothing to fit
    CHECK(button_label_lines(outcome, full - 1) == "Faltan\ndocumentos");
    // Of three words, the break that balances the lines.
    CHECK(button_label_lines("Marcar como no presentado", 10) == "Marcar como\nno presentado");
    // One word cannot be broken: left as it is.
    CHECK(button_label_lines("Reintentar", 10) == "Reintentar");

    ImGui::EndFrame();
    ImGui::DestroyContext();
}
