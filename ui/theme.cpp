#include "ui/theme.h"

#include <filesystem>

namespace ventanilla::ui {

namespace {

ImVec4 rgb(int r, int g, int b) {
    return ImVec4(static_cast<float>(r) / 255.0f, static_cast<float>(g) / 255.0f,
                  static_cast<float>(b) / 255.0f, 1.0f);
}

// Calm colours with text contrast above WCAG AA (4.5:1) on their backgrounds.
const Palette kNormal{
    .background = rgb(0xF4, 0xF1, 0xEA),
    .surface = rgb(0xFF, 0xFF, 0xFF),
    .text = rgb(0x1B, 0x1F, 0x24),
    .text_muted = rgb(0x4A, 0x52, 0x5C),
    .primary = rgb(0x00, 0x4C, 0x8C),
    .primary_text = rgb(0xFF, 0xFF, 0xFF),
    .accent = rgb(0xB3, 0x26, 0x1E),
    .danger = rgb(0xA1, 0x1B, 0x1B),
    .warning = rgb(0x8A, 0x5A, 0x00),
    .ok = rgb(0x1E, 0x6B, 0x34),
    .border = rgb(0xC9, 0xC2, 0xB4),
};

// High contrast: white on black, yellow for actions (above 7:1, WCAG AAA).
const Palette kHighContrast{
    .background = rgb(0x00, 0x00, 0x00),
    .surface = rgb(0x00, 0x00, 0x00),
    .text = rgb(0xFF, 0xFF, 0xFF),
    .text_muted = rgb(0xFF, 0xFF, 0xFF),
    .primary = rgb(0xFF, 0xE0, 0x00),
    .primary_text = rgb(0x00, 0x00, 0x00),
    .accent = rgb(0xFF, 0xE0, 0x00),
    .danger = rgb(0xFF, 0x80, 0x80),
    .warning = rgb(0xFF, 0xE0, 0x00),
    .ok = rgb(0x80, 0xFF, 0x80),
    .border = rgb(0xFF, 0xFF, 0xFF),
};

constexpr float kBodyPx = 34.0f;
constexpr float kHeadingPx = 50.0f;
constexpr float kTitlePx = 72.0f;
constexpr float kLargeFactor = 1.35f;

}  // namespace

const Palette& Theme::palette() const { return high_contrast ? kHighContrast : kNormal; }

void Theme::apply_to_imgui_style() const {
    ImGuiStyle style;
    ImGui::StyleColorsLight(&style);
    const Palette& p = palette();
    style.WindowPadding = ImVec2(px(40), px(32));
    style.FramePadding = ImVec2(px(20), px(16));
    style.ItemSpacing = ImVec2(gap_px(), gap_px());
    style.FrameRounding = px(14);
    style.WindowRounding = px(18);
    style.PopupRounding = px(18);
    style.FrameBorderSize = high_contrast ? px(3) : px(1.5f);
    style.WindowBorderSize = 0;
    style.PopupBorderSize = px(3);
    style.ScrollbarSize = px(36);
    style.Colors[ImGuiCol_WindowBg] = p.background;
    style.Colors[ImGuiCol_PopupBg] = p.surface;
    style.Colors[ImGuiCol_ChildBg] = p.surface;
    style.Colors[ImGuiCol_Text] = p.text;
    style.Colors[ImGuiCol_TextDisabled] = p.text_muted;
    style.Colors[ImGuiCol_Border] = p.border;
    style.Colors[ImGuiCol_FrameBg] = p.surface;
    style.Colors[ImGuiCol_FrameBgHovered] = p.surface;
    style.Colors[ImGuiCol_FrameBgActive] = p.surface;
    style.Colors[ImGuiCol_Button] = p.primary;
    style.Colors[ImGuiCol_ButtonHovered] = p.primary;
    ImVec4 pressed = p.primary;
    pressed.x *= 0.8f;
    pressed.y *= 0.8f;
    pressed.z *= 0.8f;
    style.Colors[ImGuiCol_ButtonActive] = pressed;
    style.Colors[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, high_contrast ? 0.85f : 0.55f);
    ImGui::GetStyle() = style;
}

float scale_for_screen(int height_px, float configured_scale) {
    if (configured_scale > 0) return configured_scale;
    float scale = static_cast<float>(height_px) / 1080.0f;
    return scale < 0.5f ? 0.5f : scale;
}

Result<ThemeFonts> load_theme_fonts(ImFontAtlas& atlas, const std::string& ttf_path, float scale,
                                    bool with_board) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(ttf_path, ec)) {
        return make_error("ui.font_missing", ttf_path, {{"path", ttf_path}});
    }
    // Latin-1 covers á é í ó ú ü ñ ¿ ¡ and capitals; the rest are typographic marks
    // that Spanish text and our messages use.
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(atlas.GetGlyphRangesDefault());
    builder.AddText("€—–“”‘’…•←→✓·●");
    builder.AddChar(0xFFFD);
    // ImGui reads the ranges until the atlas is built, which happens below.
    ImVector<ImWchar> ranges;
    builder.BuildRanges(&ranges);

    // The atlas exactly as high as its glyphs: rounding up to a power of two wasted 2 MB of
    // the kiosk's 8.4 MB texture, and would double the display's once the board font is in.
    atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    ImFontConfig config;
    config.OversampleH = 1;  // big sizes need no oversampling; keeps the atlas small
    config.OversampleV = 1;
    config.PixelSnapH = true;
    auto add = [&](float px) {
        return atlas.AddFontFromFileTTF(ttf_path.c_str(), px * scale, &config, ranges.Data);
    };
    ThemeFonts fonts;
    fonts.body = add(kBodyPx);
    fonts.heading = add(kHeadingPx);
    fonts.title = add(kTitlePx);
    fonts.large_body = add(kBodyPx * kLargeFactor);
    fonts.large_heading = add(kHeadingPx * kLargeFactor);
    fonts.large_title = add(kTitlePx * kLargeFactor);
    // Kept alive until the atlas is built, below.
    ImVector<ImWchar> board_ranges;
    if (with_board) {
        ImFontGlyphRangesBuilder board_builder;
        board_builder.AddText("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZÑ-→· ");
        board_builder.BuildRanges(&board_ranges);
        std::filesystem::path bold = std::filesystem::path(ttf_path).parent_path() /
                                     (std::filesystem::path(ttf_path).stem().string() + "-Bold.ttf");
        std::string board_path = std::filesystem::is_regular_file(bold, ec) ? bold.string() : ttf_path;
        fonts.board = atlas.AddFontFromFileTTF(board_path.c_str(), kBoardPx * scale, &config,
                                               board_ranges.Data);
        if (!fonts.board) return make_error("ui.font_unreadable", board_path, {{"path", board_path}});
    }
    if (!fonts.body || !fonts.heading || !fonts.title || !fonts.large_body ||
        !fonts.large_heading || !fonts.large_title || !atlas.Build()) {
        return make_error("ui.font_unreadable", ttf_path, {{"path", ttf_path}});
    }
    // Built: the glyphs are in the atlas. Each size above holds its own copy of the TTF file
    // (760 KB of DejaVu Sans, six or seven times), which only a rebuild would read again.
    atlas.ClearInputData();
    return fonts;
}

Theme make_theme(const ThemeFonts& fonts, float scale, bool large_text, bool high_contrast) {
    Theme theme;
    theme.scale = scale;
    theme.large_text = large_text;
    theme.high_contrast = high_contrast;
    theme.body = large_text ? fonts.large_body : fonts.body;
    theme.heading = large_text ? fonts.large_heading : fonts.heading;
    theme.title = large_text ? fonts.large_title : fonts.title;
    theme.board = fonts.board;
    return theme;
}

}  // namespace ventanilla::ui
