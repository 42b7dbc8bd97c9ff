// The technician's settings described as data (which fields, on which page, of what kind), the
// values as typed, checked by the configuration's own rules with each problem on its field,
// and saved so that a power cut leaves the old file or the new one, never half of either.
#pragma once

#include <array>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/config.h"
#include "kiosk/i18n.h"
#include "kiosk/result.h"

namespace ventanilla {

// Error codes of the typed values that never reach the configuration's checks (each has a
// key in assets/i18n). The configuration's own codes (config.*) come on top.
inline constexpr std::array<std::string_view, 2> kSettingsErrorCodes{
    "settings.not_a_whole_number",  // key, actual
    "settings.not_a_number",        // key, actual
};

enum class SettingsPage { terminal, server, scanner, printer };
enum class SettingKind { text, whole_number, decimal, choice, yes_no };

struct SettingField {
    std::string_view key;  // the dotted path in the configuration file: "printer.cups_queue"
    SettingsPage page;
    SettingKind kind;
    std::vector<std::string> choices;  // for choice: the values allowed, in the file's words;
                                       // yes_no: "true" and "false"
    // Shown only while another field holds a value: a serial port only for a serial scanner.
    std::string_view shown_when_key{};
    std::string_view shown_when_value{};
    // The running terminal cannot take it without starting again (the window's scale, the
    // role's screens, the sync workers' server).
    bool needs_restart = false;
};

// Every field the technician edits, in the order the pages show them.
const std::vector<SettingField>& setting_fields();
const SettingField* setting_field(std::string_view key);
// The translation key of a field's name: "tech.field.printer.cups_queue".
std::string setting_label_key(std::string_view key);

// An edit in progress: every field's value as text, starting from the configuration in force.
class SettingsDraft {
public:
    explicit SettingsDraft(const TerminalConfig& base);

    const std::string& value(std::string_view key) const;
    void set(std::string_view key, std::string text);
    bool shown(const SettingField& field) const;

    struct Check {
        std::optional<TerminalConfig> config;     // when every value is good
        std::map<std::string, Error> field_errors;  // the first problem of each field, by key
        std::vector<Error> other_errors;          // problems of keys no field shows
        bool ok() const { return config.has_value(); }
    };
    // All values converted and checked as the configuration file would be.
    Check check() const;
    // The keys whose value differs from the configuration the draft started from.
    std::vector<std::string> changed_keys() const;
    bool changes_need_restart() const;

private:
    nlohmann::json base_json_;
    std::map<std::string, std::string, std::less<>> values_;
    std::map<std::string, std::string, std::less<>> initial_;
};

// A field's problem for people: the configuration's message with the field's translated name
// in place of its dotted key ("«Número de terminal» debe estar entre 1 y 999…").
std::string describe_setting_error(const Error& error, const Translations& text);

// Writes the configuration to `path` atomically and then its last-good copy: after a crash at
// any point each file holds either what it held or the new configuration.
Status save_terminal_config(const std::filesystem::path& path, const std::filesystem::path& last_good_path,
                            const TerminalConfig& config);

}  // namespace ventanilla
