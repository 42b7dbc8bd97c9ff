#include "ui/technician_screens.h"

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
