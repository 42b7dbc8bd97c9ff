#include "ui/tracking_screen.h"

#include "kiosk/tracking_status.h"
#include "kiosk/tracking_time.h"
#include "ui/citizen_screens.h"
#include "ui/code_entry.h"

namespace ventanilla::ui {

namespace {

// What the camera sees, so the citizen can aim the receipt's code at it.
void draw_camera_preview(const ScreenModel& model, Painter& painter) {
    const Theme& theme = painter.theme();
    const CameraPreview& preview = *model.camera_preview;
    ImGui::Dummy(ImVec2(0, theme.px(12)));
    painter.text(model.text.tr("track.camera_hint"), theme.body, &theme.palette().text_muted);
    float max_h = ImGui::GetContentRegionAvail().y - theme.touch_target_px() - theme.px(120);
    float h = std::min(theme.px(400), max_h);
    if (h < theme.px(120)) return;  // no room: better no picture than a stamp-sized one
    float w = preview.height > 0 ? h * static_cast<float>(preview.width) / static_cast<float>(preview.height)
                                 : h * 16.0f / 9.0f;
    painter.image(preview.texture, ImVec2(w, h), "camera_preview");
}

}  // namespace

void TrackingScreen::draw(const ScreenModel& model, Intents& intents, Painter& painter) {
    const Theme& theme = painter.theme();
    const Translations& t = model.text;
    const Palette& p = theme.palette();
    const TrackingFlow& tracking = *model.tracking;
    const std::string& language = model.flow.preferences().language;
    float width = ImGui::GetContentRegionAvail().x;

    draw_title_and_preferences(t.tr("home.track.title"), model, intents, painter);
    ImGui::Dummy(ImVec2(0, theme.px(8)));

    const float button_h = theme.touch_target_px();
    const float footer = theme.px(40) + 2 * theme.body->FontSize;
    switch (tracking.phase()) {
        case TrackingPhase::idle:
        case TrackingPhase::invalid_id: {
            const bool refused = tracking.error() && model.flow.session().typed_text == tracking.input();
            CodeEntry entry(model,
                            {.id = "##item",
                             .hint = t.tr("track.field_hint"),
                             .submit = t.tr("track.search"),
                             .layout = KeyboardLayout::code,
                             .box_width_share = 0.62f,
                             .refused = refused},
                            intents, painter);
            painter.text_wrapped(t.tr("track.instructions"), width, theme.heading);
            entry.draw_field(width);
            if (tracking.error()) {
                // The box shows what was refused, framed red: the line that names it again would
                // push the keys off a large-text screen.
                if (!refused) painter.text(t.tr("track.item", {{"item", tracking.input()}}), theme.heading);
                painter.text_wrapped(t.translate(*tracking.error()), width, theme.heading, &p.danger);
            }
            // Typing, the keys take the camera's place: the citizen is not aiming a receipt.
            if (model.camera_preview && !entry.keyboard_up()) draw_camera_preview(model, painter);
            entry.draw_keyboard(width, button_h + footer + 2 * theme.gap_px());
            if (entry.submitted()) intents.track_submit = *entry.submitted();
            break;
        }
        case TrackingPhase::looking_up:
            painter.text(t.tr("track.searching", {{"item", tracking.item_id()},
                                                  {"seconds", std::to_string(model.lookup_elapsed_s)}}),
                         theme.heading);
            if (painter.button(t.tr("track.cancel"), ImVec2(theme.px(400), 0),
                               ButtonStyle::secondary, "cancel")) {
                intents.track_cancel = true;
            }
            break;
        case TrackingPhase::not_found:
        case TrackingPhase::offline_unknown:
        case TrackingPhase::server_error:
            if (!tracking.record()) {
                std::string message =
                    tracking.phase() == TrackingPhase::offline_unknown
                        ? t.tr("track.offline_unknown", {{"item", tracking.item_id()}})
                        : t.translate(*tracking.error());
                painter.text_wrapped(message, width, theme.heading, &p.danger);
                break;
            }
            [[fallthrough]];
        case TrackingPhase::found:
        case TrackingPhase::offline_with_cache: {
            const TrackingRecord& record = *tracking.record();
            painter.text(t.tr("track.item", {{"item", record.item_id}}), theme.body, &p.text_muted);
            if (auto status = tracking.status()) {
                painter.text_wrapped(t.tr(status->key, status->args), width, theme.title, &p.primary);
            }
            if (tracking.record_is_cached()) {
                painter.text_wrapped(t.tr("track.offline_age", {{"age", model.cache_age_text}}), width,
                                     theme.heading, &p.warning);
            }
            painter.text(t.tr("track.history"), theme.heading);
            float list_h = ImGui::GetContentRegionAvail().y - theme.touch_target_px() -
                           2 * theme.body->FontSize - theme.px(80);
            ImGui::BeginChild("##timeline", ImVec2(width, std::max(list_h, theme.px(120))), false);
            for (const TrackingEvent& event : record.events) {
                painter.text(format_local_day_time(event.time, model.utc_offset) + "   " +
                                 tracking_event_wording(event, language),
                             theme.body);
                std::string place = tracking_event_place(event);
                if (!place.empty()) painter.text("      " + place, theme.body, &p.text_muted);
            }
            ImGui::EndChild();
            break;
        }
    }

    ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::Dummy(ImVec2(0, std::max(0.0f, avail.y - button_h - footer - theme.gap_px())));
    if (painter.button(t.tr("common.back_home"), ImVec2(theme.px(520), button_h),
                       ButtonStyle::secondary, "home")) {
        intents.finish_session = true;
    }
    bool has_answer = tracking.phase() != TrackingPhase::idle &&
                      tracking.phase() != TrackingPhase::invalid_id &&
                      tracking.phase() != TrackingPhase::looking_up;
    if (has_answer) {
        ImGui::SameLine();
        if (painter.button(t.tr("track.another"), ImVec2(theme.px(520), button_h),
                           ButtonStyle::primary, "another")) {
            intents.track_reset = true;
        }
    }
    if (tracking.record()) {
        ImGui::SameLine();
        if (painter.button(t.tr("track.print"), ImVec2(theme.px(400), button_h),
                           ButtonStyle::secondary, "print", model.can_print)) {
            intents.track_print = true;
        }
    }
    if (model.print_message) {
        painter.text_wrapped(*model.print_message, width, theme.body,
                             model.print_failed ? &p.danger : &p.primary);
    }
    draw_status_corner(model, painter);
}

}  // namespace ventanilla::ui
