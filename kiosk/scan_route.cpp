#include "kiosk/scan_route.h"

#include <cstdint>

#include "kiosk/code_text.h"

namespace ventanilla {
namespace {

bool matches_shape(std::string_view text, std::string_view shape) {
    std::size_t at = 0;
    for (char wanted : shape) {
        if (wanted == '*') return at < text.size();
        if (at == text.size()) return false;
        const char c = text[at++];
        const bool fits = wanted == 'A'   ? c >= 'A' && c <= 'Z'
                          : wanted == '9' ? c >= '0' && c <= '9'
                                          : c == wanted;
        if (!fits) return false;
    }
    return at == text.size();
}

bool is_trimmed_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool is_control_character(std::string_view character) {
    const auto lead = static_cast<std::uint8_t>(character[0]);
    if (lead < 0x20 || lead == 0x7F) return true;
    return lead == 0xC2 && character.size() == 2 && static_cast<std::uint8_t>(character[1]) <= 0x9F;
}

}  // namespace

std::string_view scan_kind_name(ScanKind kind) {
    switch (kind) {
        case ScanKind::s10_item:
            return "s10_item";
        case ScanKind::giro_reference:
            return "giro_reference";
        case ScanKind::receipt_reference:
            return "receipt_reference";
        case ScanKind::ticket_code:
            return "ticket_code";
        case ScanKind::unknown:
            return "unknown";
    }
    return "unknown";
}

ScanRouting default_scan_routing() {
    return ScanRouting{{
        {ScanKind::ticket_code, "VT1:", "*"},        // kiosk/ticket.h: "VT1:<uuid>"
        {ScanKind::receipt_reference, "VS1:", "*"},  // kiosk/receipt_signature.h
        {ScanKind::giro_reference, "GP-", "9999999999-99"},
        {ScanKind::s10_item, "", "AA999999999AA"},
    }};
}

ScanKind classify_scan(std::string_view text, const ScanRouting& routing) {
    for (const ScanRule& rule : routing.rules) {
        if (text.starts_with(rule.prefix) &&
            matches_shape(text.substr(rule.prefix.size()), rule.shape)) {
            return rule.kind;
        }
    }
    return ScanKind::unknown;
}

ScanKind classify_scan(std::string_view text) {
    return classify_scan(text, default_scan_routing());
}

Result<std::string> sanitize_scan(std::string_view raw) {
    std::string_view text = raw;
    while (!text.empty() && is_trimmed_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_trimmed_space(text.back())) text.remove_suffix(1);
    if (text.empty()) return make_error("scan.empty", "no characters");
    if (text.size() > kMaxScanBytes) {
        const std::string length = std::to_string(text.size());
        return make_error("scan.too_long", length + " bytes",
                          {{"length", length}, {"limit", std::to_string(kMaxScanBytes)}});
    }
    const std::size_t valid = valid_utf8_prefix(text);
    if (valid != text.size()) {
        const std::string position = std::to_string(valid + 1);
        return make_error("scan.invalid_utf8", "byte " + position, {{"position", position}});
    }
    const std::vector<std::string_view> characters = split_characters(text);
    for (std::size_t i = 0; i < characters.size(); ++i) {
        if (is_control_character(characters[i])) {
            const std::string position = std::to_string(i + 1);
            return make_error("scan.control_character", "character " + position,
                              {{"position", position}});
        }
    }
    return std::string(text);
}

}  // namespace ventanilla
