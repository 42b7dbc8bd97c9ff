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
    // The waiting hall's numbers, bold and very large; null on other roles.
    ImFont* board = nullptr;

    float px(float at_1080p) const { return at_1080p * scale; }
    float touch_target_px() const { return px(large_text ? 120.0f : 96.0f); }
    float gap_px() const { return px(24.0f); }
    const Palette& palette() const;
    void apply_to_imgui_style() const;
};

// An on-screen keyboard's key: under the buttons' touch target, never under 80 px at 1080p.
inline constexpr float kKeyHeightAt1080p = 84.0f;

// Every font the theme uses, loaded once at start-up. The atlas holds both the
// normal and the large-text sizes so switching costs no texture rebuild.
struct ThemeFonts {
    ImFont* body = nullptr;
    ImFont* heading = nullptr;
    ImFont* title = nullptr;
    ImFont* large_body = nullptr;
    ImFont* large_heading = nullptr;
    ImFont* large_title = nullptr;
    ImFont* board = nullptr;  // only when asked for: see load_theme_fonts
};

// The board font's size for a 1080-pixel-high screen: a ticket number a person reads from
// across a waiting hall (about 6 cm of capital on a 42" screen).
inline constexpr float kBoardPx = 220.0f;

// Loads the TTF at every size with the glyphs Spanish needs (Latin-1 plus € — “ ” …) and
// builds the atlas. Needs no ImGui context: it runs on a worker while the window opens.
// `with_board`: also the board font (the display role), from the bold face beside the TTF
// when there is one, with only the glyphs of ticket and counter numbers. Measured at 1080p:
// the atlas goes from 6.2 MB (1024×1509 RGBA) to 9.5 MB (2048×1156) and the fonts' start-up
// from about 50 ms to 63 ms; the whole Latin-1 range at that size alone would take 12.7 MB.
Result<ThemeFonts> load_theme_fonts(ImFontAtlas& atlas, const std::string& ttf_path, float scale,
                                    bool with_board = false);

// The font size that keeps touch targets at least 80 px at 1080p on this screen.
float scale_for_screen(int height_px, float configured_scale);

Theme make_theme(const ThemeFonts& fonts, float scale, bool large_text, bool high_contrast);

}  // namespace ventanilla::ui
