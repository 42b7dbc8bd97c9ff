// Translations: one language's texts from assets/i18n/<lang>.json, by key, {placeholders} filled.
#pragma once

// A missing key shows on screen as ⟦key⟧, so nobody mistakes it for a real text, and is
// recorded so a test can fail on it.

#include <array>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/result.h"

namespace ventanilla {

// Every error code this module can produce (each has a key in assets/i18n).
inline constexpr std::array<std::string_view, 7> kI18nErrorCodes{
    "i18n.invalid_language",  // language: not two lower-case letters
    "i18n.file_missing",      // path
    "i18n.file_unreadable",   // path, reason
    "i18n.syntax",            // path, line, column, reason
    "i18n.duplicate_key",     // path, key
    "i18n.not_an_object",     // path: the file holds JSON, but not one object
    "i18n.not_text",          // path, key, actual: a value that is not a string
};

// Values for a text's {placeholders}: {"number", "3"} fills "Ventanilla {number}".
using TextArgs = std::map<std::string, std::string>;

class Translations {
public:
    // No texts: every lookup is missing. Real ones come from load_translations().
    Translations();

    // `source` names the text in errors (usually the file's path). Nested objects give dotted
    // keys: {"error": {"store": {"busy": "…"}}} holds "error.store.busy".
    static Result<Translations> from_json_text(std::string_view json_text, std::string language,
                                               const std::string& source);

    const std::string& language() const { return language_; }
    bool has(std::string_view key) const;

    // The text for `key`, or ⟦key⟧ (and the key recorded) when this language lacks it.
    std::string tr(std::string_view key) const;
    // The same with {name} placeholders filled from `args`; an unknown one stays as written.
    std::string tr(std::string_view key, const TextArgs& args) const;
    // An error for people: its message_key filled with its args and {detail}.
    std::string translate(const Error& error) const;

    // Every key and its text, sorted by key.
    const std::map<std::string, std::string, std::less<>>& texts() const { return texts_; }
    // The keys asked for that this language lacks, sorted. Copies share one record.
    std::vector<std::string> missing_keys() const;

private:
    struct MissingKeys;

    std::string language_;
    std::map<std::string, std::string, std::less<>> texts_;
    std::shared_ptr<MissingKeys> missing_;
};

// Reads `<i18n_dir>/<language>.json`; `language` is two lower-case letters ("es", "en").
Result<Translations> load_translations(const std::filesystem::path& i18n_dir,
                                       std::string_view language);

// How a missing key looks on screen: visible, and unlike any real text.
std::string missing_text_marker(std::string_view key);

// The names of the {placeholders} in a text, for checking that languages agree.
std::set<std::string> placeholders_in(std::string_view text);

// Fills {name} placeholders in one pass: a value containing "{x}" is never filled again.
std::string fill_placeholders(std::string_view text, const TextArgs& args);

}  // namespace ventanilla
