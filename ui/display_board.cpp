#include "ui/display_board.h"

#include <algorithm>
#include <cfloat>

namespace ventanilla::ui {

namespace {

ImU32 color_of(const ImVec4& c) { return ImGui::GetColorU32(c); }

float width_of(ImFont* font, float size_px, const std::string& text) {
    return font->CalcTextSizeA(size_px, FLT_MAX, 0.0f, text.c_str()).x;
}

// Fonts are drawn at most at the size they were rasterized at: larger would blur.
float size_for(ImFont* font, float wanted_px) { return std::min(font->FontSize, wanted_px); }

// One line of a list: the ticket at the left, its counter at the right, the same big font;
// with `arrow`, an arrow between them where no column heading says which is which.
void draw_row(Painter& painter, ImFont* font, float size, ImVec2 min, float width,
              const QueueCall& call, const ImVec4& color, const ImVec4* arrow = nullptr) {
    std::string counter = std::to_string(call.counter);
    painter.text_at(min, call.number, font, size, color);
    float counter_x = min.x + width - width_of(font, size, counter);
    painter.text_at(ImVec2(counter_x, min.y), counter, font, size, color);
    if (arrow) {
        float number_end = min.x + width_of(font, size, call.number);
        float arrow_w = width_of(font, size, "→");
        painter.text_at(ImVec2((number_end + counter_x - arrow_w) / 2, min.y), "→", font, size, *arrow);
    }
}

}  // namespace

void DisplayBoard::draw(const ScreenModel& model, const BoardModel& board, Painter& painter) {
    const Theme& theme = painter.theme();
    const Palette& p = theme.palette();
    const Translations& t = model.text;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 screen = ImGui::GetIO().DisplaySize;
    // The board is laid out for 1920×1080 and fitted to the screen as a whole, whatever the
    // configured ui_scale, so nothing runs off a smaller or squarer screen.
    const float u = std::min(screen.x / 1920.0f, screen.y / 1080.0f);
    ImFont* big = theme.board ? theme.board : theme.title;
    const float margin = 40 * u;
    const float rounding = 18 * u;
    // Edge to edge: the screen window's clip rectangle would keep the header off the edges.
    draw->PushClipRectFullScreen();

    // Header: the office, and the clock people check against their appointment.
    const float header_h = 120 * u;
    draw->AddRectFilled(ImVec2(0, 0), ImVec2(screen.x, header_h), color_of(p.primary));
    float heading = size_for(theme.heading, 54 * u);
    painter.text_at(ImVec2(margin, (header_h - heading) / 2), model.office_name, theme.heading,
                    heading, p.primary_text);
    float clock = size_for(theme.title, 76 * u);
    painter.text_at(ImVec2(screen.x - margin - width_of(theme.title, clock, model.clock_hhmm),
                           (header_h - clock) / 2),
                    model.clock_hhmm, theme.title, clock, p.primary_text);

    const float top = header_h + 30 * u;
    const float footer_h = 70 * u;
    const float bottom = screen.y - footer_h;
    const float side_w = 600 * u;
    const ImVec2 side_min(screen.x - margin - side_w, top);
    const ImVec2 main_min(margin, top);
    const float main_w = side_min.x - 30 * u - margin;
    const float label = size_for(theme.heading, 50 * u);

    // The call being made now.
    const ImVec2 now_max(main_min.x + main_w, top + 470 * u);
    const bool lit = board.highlighted && board.current.has_value();
    const ImVec4& now_fill = lit ? p.accent : p.surface;
    const ImVec4& now_text = lit ? p.primary_text : p.text;
    const ImVec4& now_label = lit ? p.primary_text : p.text_muted;
    draw->AddRectFilled(main_min, now_max, color_of(now_fill), rounding);
    draw->AddRect(main_min, now_max, color_of(lit ? p.accent : p.border), rounding, 0, 3 * u);
    const float pad = 44 * u;
    if (board.current) {
        const QueueCall& call = *board.current;
        std::string counter = std::to_string(call.counter);
        std::string counter_label = t.tr("display.counter");
        const std::string arrow = "→";
        // As big as the panel allows: "B-1000 → 12" must fit as well as "A-7 → 3".
        float inner = main_w - 2 * pad;
        float size = size_for(big, 230 * u);
        float gap = 50 * u;
        auto line_width = [&](float s) {
            return width_of(big, s, call.number) + width_of(big, s, arrow) +
                   width_of(big, s, counter) + 2 * gap * s / (230 * u);
        };
        if (line_width(size) > inner) size *= inner / line_width(size);
        float y_label = top + 34 * u;
        float y_big = top + 110 * u;
        painter.text_at(ImVec2(main_min.x + pad, y_label), t.tr("display.ticket"), theme.heading,
                        label, now_label);
        float right = now_max.x - pad;
        painter.text_at(ImVec2(right - width_of(theme.heading, label, counter_label), y_label),
                        counter_label, theme.heading, label, now_label);
        painter.text_at(ImVec2(main_min.x + pad, y_big), call.number, big, size, now_text);
        float counter_x = right - width_of(big, size, counter);
        float number_end = main_min.x + pad + width_of(big, size, call.number);
        float arrow_w = width_of(big, size, arrow);
        painter.text_at(ImVec2((number_end + counter_x - arrow_w) / 2, y_big), arrow, big, size,
                        now_label);
        painter.text_at(ImVec2(counter_x, y_big), counter, big, size, now_text);
        if (call.appointment) {
            // An appointment is told apart at a glance: a badge of its own colour.
            std::string badge = t.tr("display.appointment");
            float badge_size = size_for(theme.heading, 50 * u);
            ImVec2 badge_min(main_min.x + pad, y_big + size + 24 * u);
            ImVec2 badge_max(badge_min.x + width_of(theme.heading, badge_size, badge) + 40 * u,
                             badge_min.y + badge_size + 24 * u);
            draw->AddRectFilled(badge_min, badge_max, color_of(lit ? p.primary_text : p.ok), rounding);
            painter.text_at(ImVec2(badge_min.x + 20 * u, badge_min.y + 12 * u), badge,
                            theme.heading, badge_size, lit ? p.accent : p.primary_text);
        }
    } else {
        std::string waiting = t.tr("display.waiting");
        float size = size_for(theme.title, 72 * u);
        painter.text_at(ImVec2(main_min.x + (main_w - width_of(theme.title, size, waiting)) / 2,
                               (top + now_max.y - size) / 2),
                        waiting, theme.title, size, p.text_muted);
    }

    // Appointment calls, apart from the walk-in ones: two columns of two.
    const ImVec2 app_min(main_min.x, now_max.y + 30 * u);
    const ImVec2 app_max(now_max.x, bottom);
    draw->AddRectFilled(app_min, app_max, color_of(p.surface), rounding);
    draw->AddRect(app_min, app_max, color_of(p.ok), rounding, 0, 3 * u);
    painter.text_at(ImVec2(app_min.x + pad, app_min.y + 24 * u), t.tr("display.appointments"),
                    theme.heading, label, p.ok);
    const float row_size = size_for(big, 88 * u);
    const float row_h = 118 * u;
    const float column_w = (main_w - 3 * pad) / 2;
    for (std::size_t i = 0; i < board.appointments.size() && i < 4; ++i) {
        ImVec2 at(app_min.x + pad + static_cast<float>(i % 2) * (column_w + pad),
                  app_min.y + 96 * u + static_cast<float>(i / 2) * row_h);
        if (at.y + row_size > app_max.y) break;
        draw_row(painter, big, row_size, at, column_w, board.appointments[i], p.text, &p.text_muted);
    }

    // The last walk-in calls.
    const ImVec2 side_max(screen.x - margin, bottom);
    draw->AddRectFilled(side_min, side_max, color_of(p.surface), rounding);
    draw->AddRect(side_min, side_max, color_of(p.border), rounding, 0, 3 * u);
    painter.text_at(ImVec2(side_min.x + pad, side_min.y + 24 * u), t.tr("display.recent"),
                    theme.heading, label, p.primary);
    float small = size_for(theme.body, 34 * u);
    std::string counter_label = t.tr("display.counter");
    float row_w = side_w - 2 * pad;
    painter.text_at(ImVec2(side_min.x + pad, side_min.y + 96 * u), t.tr("display.ticket"),
                    theme.body, small, p.text_muted);
    painter.text_at(ImVec2(side_max.x - pad - width_of(theme.body, small, counter_label),
                           side_min.y + 96 * u),
                    counter_label, theme.body, small, p.text_muted);
    for (std::size_t i = 0; i < board.recent.size(); ++i) {
        float y = side_min.y + 150 * u + static_cast<float>(i) * row_h;
        if (y + row_size > side_max.y - 10 * u) break;
        draw->AddLine(ImVec2(side_min.x + pad, y - 14 * u), ImVec2(side_max.x - pad, y - 14 * u),
                      color_of(p.border), 2 * u);
        draw_row(painter, big, row_size, ImVec2(side_min.x + pad, y), row_w, board.recent[i], p.text);
    }

    // A discreet word when the board may be behind: never in the way of the numbers.
    if (board.notice) {
        float size = size_for(theme.body, 34 * u);
        painter.text_at(ImVec2(margin, bottom + (footer_h - size) / 2), "● " + *board.notice,
                        theme.body, size, p.warning);
    }
    draw->PopClipRect();
}

}  // namespace ventanilla::ui
