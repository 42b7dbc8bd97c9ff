#include "ui/onscreen_keyboard.h"

#include <algorithm>
#include <array>
#include <vector>

#include "kiosk/code_text.h"
#include "kiosk/reference_code.h"

namespace ventanilla::ui {

namespace {

constexpr float kKeyGapAt1080p = 8.0f;

// The letter rows, lower case; capitals come from upper() when Shift is on.
constexpr std::array<std::string_view, 10> kDigits{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"};
constexpr std::array<std::string_view, 12> kTopRow{"q", "w", "e", "r", "t", "y", "u", "i", "o", "p", "á", "é"};
constexpr std::array<std::string_view, 12> kMiddleRow{"a", "s", "d", "f", "g", "h", "j", "k", "l", "ñ", "í", "ó"};
constexpr std::array<std::string_view, 11> kBottomRow{"z", "x", "c", "v", "b", "n", "m", "ú", "ü", ",", "."};
constexpr std::array<std::string_view, 5> kSigns{"@", "-", "/", "#", "_"};
// Addresses and paths: "http://10.2.0.5:8420", "/dev/ttyUSB0", "sha256//…=;…", "hav-plaza".
constexpr std::array<std::string_view, 12> kAddressTopRow{"q", "w", "e", "r", "t", "y", "u", "i", "o", "p", ":", "/"};
constexpr std::array<std::string_view, 12> kAddressMiddleRow{"a", "s", "d", "f", "g", "h", "j", "k", "l", ".", "-", "_"};
constexpr std::array<std::string_view, 11> kAddressBottomRow{"z", "x", "c", "v", "b", "n", "m", "@", "+", "=", ";"};
constexpr std::array<std::string_view, 2> kAddressSigns{"~", "%"};
// Codes off a receipt: ten columns of capitals and digits in the order of a keyboard; Borrar and
// the key that submits end the last row.
constexpr std::array<std::string_view, 4> kCodeRows{"1234567890", "QWERTYUIOP", "ASDFGHJKL-", "ZXCVBNM"};

// Capitals of the letters on the keys (ASCII, and the two-byte Latin-1 ones: á→Á is -0x20).
std::string upper(std::string_view key) {
    std::string s(key);
    if (s.size() == 1 && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    if (s.size() == 2 && static_cast<unsigned char>(s[0]) == 0xC3 && static_cast<unsigned char>(s[1]) >= 0xA0) {
        s[1] = static_cast<char>(static_cast<unsigned char>(s[1]) - 0x20);
    }
    return s;
}

float key_height(const Theme& theme) { return theme.px(kKeyHeightAt1080p); }
float key_gap(const Theme& theme) { return theme.px(kKeyGapAt1080p); }

}  // namespace

KeyboardLayout keyboard_for(FieldType type) {
    switch (type) {
        case FieldType::text:
        case FieldType::long_text:
        case FieldType::email: return KeyboardLayout::letters;
        case FieldType::number:
        case FieldType::date:
        case FieldType::phone:
        case FieldType::cuban_id: return KeyboardLayout::numbers;
        default: return KeyboardLayout::none;
    }
}

const char* keyboard_name(KeyboardLayout layout) {
    switch (layout) {
        case KeyboardLayout::letters: return "letters";
        case KeyboardLayout::numbers: return "numbers";
        case KeyboardLayout::address: return "address";
        case KeyboardLayout::code: return "code";
        case KeyboardLayout::reference: return "reference";
        case KeyboardLayout::ticket: return "ticket";
        case KeyboardLayout::none: break;
    }
    return "";
}

float OnScreenKeyboard::height(KeyboardLayout layout, const Theme& theme) {
    const bool four_rows =
        layout == KeyboardLayout::numbers || layout == KeyboardLayout::code || layout == KeyboardLayout::reference;
    const float rows = four_rows ? 4 : layout == KeyboardLayout::none ? 0 : 5;
    if (rows == 0) return 0;
    return rows * key_height(theme) + (rows - 1) * key_gap(theme);
}

void read_physical_keys(Keystrokes& keys, bool enter_is_done) {
    const ImGuiIO& io = ImGui::GetIO();
    for (ImWchar c : io.InputQueueCharacters) {
        if (c >= 0x20 && c != 0x7F) append_utf8(keys.typed, c);
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) ++keys.erased;
    if (enter_is_done && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter))) keys.done = true;
}

void OnScreenKeyboard::draw(KeyboardLayout layout, std::string_view extra, const Translations& text, float width,
                            Keystrokes& pressed, Painter& painter, std::string_view done_label) {
    if (layout == KeyboardLayout::none) return;
    const Theme& theme = painter.theme();
    const float h = key_height(theme);
    const float gap = key_gap(theme);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
    const std::string erase = text.tr("form.keyboard.erase");
    const std::string done = done_label.empty() ? text.tr("form.keyboard.done") : std::string(done_label);
    const std::string shift = text.tr("form.keyboard.shift");
    const std::string space = text.tr("form.keyboard.space");
    // Every key is `span` columns of one grid, so the rows line up.
    using Keys = std::vector<std::pair<std::string, int>>;
    auto row = [&](const Keys& keys, float unit) {
        for (std::size_t i = 0; i < keys.size(); ++i) {
            if (i > 0) ImGui::SameLine();
            const auto& [label, span] = keys[i];
            const float w = unit * static_cast<float>(span) + gap * static_cast<float>(span - 1);
            if (label.empty()) {  // a key this layout leaves out: its place stays, so the rows keep their shape
                ImGui::Dummy(ImVec2(w, h));
                continue;
            }
            const std::string id = "key_" + label;
            if (!painter.key(label, ImVec2(w, h), id.c_str(), label == shift && shifted)) continue;
            if (label == erase) {
                ++pressed.erased;
            } else if (label == done) {
                pressed.done = true;
            } else if (label == shift) {
                shifted = !shifted;
            } else if (label == space) {
                pressed.typed += " ";
            } else {
                pressed.typed += label;
                shifted = false;
            }
        }
    };
    auto letters = [&](auto row_keys) {
        Keys keys;
        for (std::string_view k : row_keys) keys.emplace_back(shifted ? upper(k) : std::string(k), 1);
        return keys;
    };

    if (layout == KeyboardLayout::code || layout == KeyboardLayout::reference) {
        // Capitals only, large: a code is copied character by character off a receipt. Borrar
        // and the key that submits keep the page's font, so that their words fit their keys.
        const float unit = (width - 9 * gap) / 10;
        for (std::string_view symbols : kCodeRows) {
            Keys keys;
            for (char c : symbols) {
                const bool offered = layout == KeyboardLayout::code || c == '-' ||
                                     kReferenceAlphabet.find(c) != std::string_view::npos;
                keys.emplace_back(offered ? std::string(1, c) : std::string(), 1);
            }
            ImGui::PushFont(theme.heading);
            row(keys, unit);
            ImGui::PopFont();
        }
        ImGui::SameLine();
        row({{erase, 1}, {done, 2}}, unit);
    } else if (layout == KeyboardLayout::numbers || layout == KeyboardLayout::ticket) {
        // Three columns of digits and one of actions, centred: a phone's or an ATM's keypad. A
        // ticket's service letters go in a row above it, the dash left of 0.
        const float pad_width = std::min(width, theme.px(880));
        const float indent = ImGui::GetCursorPosX() + (width - pad_width) / 2;
        const float unit = (pad_width - 3 * gap) / 4;
        if (layout == KeyboardLayout::ticket) {
            Keys service_letters;
            for (char letter : extra) service_letters.emplace_back(std::string(1, letter), 1);
            const float columns = static_cast<float>(std::max<std::size_t>(service_letters.size(), 4));
            ImGui::SetCursorPosX(indent);
            row(service_letters, (pad_width - (columns - 1) * gap) / columns);
            extra = "-";
        }
        Keys last;
        if (!extra.empty()) last.emplace_back(std::string(extra), 1);
        last.emplace_back("0", 1);
        for (const Keys& keys : {Keys{{"1", 1}, {"2", 1}, {"3", 1}, {erase, 1}},
                                 Keys{{"4", 1}, {"5", 1}, {"6", 1}, {done, 1}},
                                 Keys{{"7", 1}, {"8", 1}, {"9", 1}}, last}) {
            ImGui::SetCursorPosX(indent + (keys == last && extra.empty() ? unit + gap : 0));
            row(keys, unit);
        }
    } else {
        // Twelve columns; the letters and address layouts share the digits and the two last rows' shape.
        const bool address = layout == KeyboardLayout::address;
        const float unit = (width - 11 * gap) / 12;
        Keys digits = letters(kDigits);
        digits.emplace_back(erase, 2);
        row(digits, unit);
        row(address ? letters(kAddressTopRow) : letters(kTopRow), unit);
        row(address ? letters(kAddressMiddleRow) : letters(kMiddleRow), unit);
        Keys bottom = address ? letters(kAddressBottomRow) : letters(kBottomRow);
        bottom.insert(bottom.begin(), {shift, 1});
        row(bottom, unit);
        Keys signs;
        if (address) {
            for (std::string_view k : kAddressSigns) signs.emplace_back(std::string(k), 1);
            signs.emplace_back(space, 8);
        } else {
            for (std::string_view k : kSigns) signs.emplace_back(std::string(k), 1);
            signs.emplace_back(space, 5);
        }
        signs.emplace_back(done, 2);
        row(signs, unit);
    }
    ImGui::PopStyleVar();
}

}  // namespace ventanilla::ui
