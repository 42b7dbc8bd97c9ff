// Sizes, fonts and colours of every screen, from one place, scaled to the screen.
#pragma once

#include <imgui.h>

#include <string>

#include "kiosk/result.h"

namespace ventanilla::ui {

struct Palette {
    ImVec4 background, surface, text, text_muted, primary, primary_text, accent, danger,
        warning, ok, border;
};

// Font sizes and touch targets are given for a 1080-pixel-high screen and scaled.
struct Theme {
    float scale = 1.0f;          // screen height / 1080, or the configured ui_scale
    bool large_text = false;
    bool high_contrast = false;

    ImFont* body = nullptr;
    ImFont* heading = nullptr;
    ImFont* title = nullptr;

    float px(float at_1080p) const { return at_1080p * scale; }
    float touch_target_px() const { return px(large_text ? 120.0f : 96.0f); }
    float gap_px() const { return px(24.0f); }
    const Palette& palette() const;
    void apply_to_imgui_style() const;
};

// Every font the theme uses, loaded once at start-up. The atlas holds both the
// normal and the large-text sizes so switching costs no texture rebuild.
struct ThemeFonts {
    ImFont* body = nullptr;
    ImFont* heading = nullptr;
    ImFont* title = nullptr;
    ImFont* large_body = nullptr;
    ImFont* large_heading = nullptr;
    ImFont* large_title = nullptr;
};

// Loads the TTF at every size with the glyphs Spanish needs (Latin-1 plus € — “ ” …) and
// builds the atlas. Needs no ImGui context: it runs on a worker while the window opens.
Result<ThemeFonts> load_theme_fonts(ImFontAtlas& atlas, const std::string& ttf_path, float scale);

// The font size that keeps touch targets at least 80 px at 1080p on this screen.
float scale_for_screen(int height_px, float configured_scale);

Theme make_theme(const ThemeFonts& fonts, float scale, bool large_text, bool high_contrast);

}  // namespace ventanilla::ui
