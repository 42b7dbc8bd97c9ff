#include "kiosk/settings_form.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "kiosk/atomic_file.h"

namespace ventanilla {

namespace {

using Json = nlohmann::json;

template <typename Names>
std::vector<std::string> names(const Names& values) {
    std::vector<std::string> out;
    for (const auto& v : values) out.emplace_back(name_of(v));
    return out;
}

template <std::size_t N>
std::vector<std::string> numbers(const std::array<int, N>& values) {
    std::vector<std::string> out;
    for (int v : values) out.push_back(std::to_string(v));
    return out;
}

std::vector<std::string> build_fields_choices(std::string_view key) {
    if (key == "role") {
        return names(std::array{TerminalRole::kiosk, TerminalRole::counter, TerminalRole::display});
    }
    if (key == "language") return {kLanguages.begin(), kLanguages.end()};
    if (key == "scanner.source") {
        return names(std::array{ScannerSource::keyboard_wedge, ScannerSource::serial, ScannerSource::camera,
                                ScannerSource::image_folder});
    }
    if (key == "scanner.baud_rate") return numbers(kBaudRates);
    if (key == "printer.backend") {
        return names(std::array{PrinterBackend::pdf_folder, PrinterBackend::cups, PrinterBackend::escpos});
    }
    if (key == "printer.paper_width_mm") return numbers(kPaperWidthsMm);
    return {};
}

Json::json_pointer pointer_of(std::string_view key) {
    std::string path = "/" + std::string(key);
    std::replace(path.begin(), path.end(), '.', '/');
    return Json::json_pointer(path);
}

std::string text_of(const Json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
    if (value.is_number_integer()) return std::to_string(value.get<long long>());
    if (value.is_number()) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%g", value.get<double>());
        return buffer;
    }
    return value.dump();
}

std::string trimmed(std::string_view text) {
    auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return "";
    auto last = text.find_last_not_of(" \t");
    return std::string(text.substr(first, last - first + 1));
}

Error typed_value_error(std::string_view code, std::string_view key, const std::string& actual) {
    return make_error(std::string(code), std::string(key) + ": \"" + actual + "\" is not a number",
                      {{"key", std::string(key)}, {"actual", actual}});
}

// The field's text as the JSON the configuration file would hold, or why it cannot be.
// `numeric`: the file holds a number there (a choice of baud rates is still a number).
Result<Json> json_of(const SettingField& field, const std::string& text, bool numeric) {
    std::string value = trimmed(text);
    const SettingKind kind = field.kind == SettingKind::choice && numeric ? SettingKind::whole_number : field.kind;
    switch (kind) {
        case SettingKind::whole_number: {
            long long number = 0;
            auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
            if (value.empty() || ec != std::errc() || end != value.data() + value.size()) {
                return typed_value_error("settings.not_a_whole_number", field.key, value);
            }
            return Json(number);
        }
        case SettingKind::decimal: {
            std::replace(value.begin(), value.end(), ',', '.');  // "1,5" as Spanish writes it
            double number = 0;
            auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
            if (value.empty() || ec != std::errc() || end != value.data() + value.size()) {
                return typed_value_error("settings.not_a_number", field.key, value);
            }
            return Json(number);
        }
        case SettingKind::yes_no:
            if (value != "true" && value != "false") {
                return make_error("config.not_allowed", std::string(field.key) + ": \"" + value + "\"",
                                  {{"key", std::string(field.key)}, {"allowed", "true, false"}, {"actual", value}});
            }
            return Json(value == "true");
        case SettingKind::text:
        case SettingKind::choice: return Json(value);
    }
    return Json(value);
}

std::vector<SettingField> build_fields() {
    using P = SettingsPage;
    using K = SettingKind;
    std::vector<SettingField> fields = {
        {"role", P::terminal, K::choice, {}, {}, {}, true},
        {"office_id", P::terminal, K::text, {}, {}, {}, false},
        {"terminal_number", P::terminal, K::whole_number, {}, {}, {}, true},
        {"language", P::terminal, K::choice, {}, {}, {}, false},
        {"idle_timeout_s", P::terminal, K::whole_number, {}, {}, {}, false},
        {"idle_countdown_s", P::terminal, K::whole_number, {}, {}, {}, false},
        {"display.ui_scale", P::terminal, K::decimal, {}, {}, {}, true},
        {"server_url", P::server, K::text, {}, {}, {}, true},
        {"allow_plain_http", P::server, K::yes_no, {"true", "false"}, {}, {}, true},
        {"server_key_pin", P::server, K::text, {}, {}, {}, true},
        {"scanner.source", P::scanner, K::choice, {}, {}, {}, false},
        {"scanner.serial_device", P::scanner, K::text, {}, "scanner.source", "serial", false},
        {"scanner.baud_rate", P::scanner, K::choice, {}, "scanner.source", "serial", false},
        {"scanner.camera_device", P::scanner, K::text, {}, "scanner.source", "camera", false},
        {"scanner.image_folder", P::scanner, K::text, {}, "scanner.source", "image_folder", false},
        {"printer.backend", P::printer, K::choice, {}, {}, {}, false},
        {"printer.pdf_folder", P::printer, K::text, {}, "printer.backend", "pdf_folder", false},
        {"printer.cups_queue", P::printer, K::text, {}, "printer.backend", "cups", false},
        {"printer.escpos_device", P::printer, K::text, {}, "printer.backend", "escpos", false},
        {"printer.paper_width_mm", P::printer, K::choice, {}, {}, {}, false},
    };
    for (auto& field : fields) {
        if (field.kind == K::choice) field.choices = build_fields_choices(field.key);
    }
    return fields;
}

}  // namespace

const std::vector<SettingField>& setting_fields() {
    static const std::vector<SettingField> fields = build_fields();
    return fields;
}

const SettingField* setting_field(std::string_view key) {
    for (const auto& field : setting_fields()) {
        if (field.key == key) return &field;
    }
    return nullptr;
}

std::string setting_label_key(std::string_view key) { return "tech.field." + std::string(key); }

SettingsDraft::SettingsDraft(const TerminalConfig& base)
    : base_json_(Json::parse(config_to_json_text(base))) {
    for (const auto& field : setting_fields()) {
        values_[std::string(field.key)] = text_of(base_json_.at(pointer_of(field.key)));
    }
    initial_ = values_;
}

const std::string& SettingsDraft::value(std::string_view key) const {
    static const std::string kNone;
    auto it = values_.find(key);
    return it == values_.end() ? kNone : it->second;
}

void SettingsDraft::set(std::string_view key, std::string text) {
    auto it = values_.find(key);
    if (it != values_.end()) it->second = std::move(text);
}

bool SettingsDraft::shown(const SettingField& field) const {
    return field.shown_when_key.empty() || value(field.shown_when_key) == field.shown_when_value;
}

SettingsDraft::Check SettingsDraft::check() const {
    Check check;
    Json json = base_json_;
    for (const auto& field : setting_fields()) {
        const auto pointer = pointer_of(field.key);
        auto converted = json_of(field, value(field.key), base_json_.at(pointer).is_number());
        if (converted) {
            json[pointer] = converted.value();
        } else {
            check.field_errors.emplace(std::string(field.key), converted.error());
        }
    }
    ConfigCheck parsed = parse_config(json.dump(), "(settings)");
    if (!parsed.ok()) {
        for (const Error& problem : parsed.problems()) {
            auto key = problem.args.find("key");
            if (key != problem.args.end() && setting_field(key->second)) {
                check.field_errors.emplace(key->second, problem);  // the first one stays
            } else {
                check.other_errors.push_back(problem);
            }
        }
    }
    if (check.field_errors.empty() && check.other_errors.empty() && parsed.ok()) {
        check.config = parsed.value();
    }
    return check;
}

std::vector<std::string> SettingsDraft::changed_keys() const {
    std::vector<std::string> changed;
    for (const auto& [key, text] : values_) {
        if (trimmed(text) != trimmed(initial_.at(key))) changed.push_back(key);
    }
    return changed;
}

bool SettingsDraft::changes_need_restart() const {
    auto changed = changed_keys();
    return std::any_of(changed.begin(), changed.end(), [](const std::string& key) {
        const SettingField* field = setting_field(key);
        return field && field->needs_restart;
    });
}

std::string describe_setting_error(const Error& error, const Translations& text) {
    Error named = error;
    auto key = named.args.find("key");
    if (key != named.args.end() && setting_field(key->second)) {
        key->second = text.tr(setting_label_key(key->second));
    }
    auto because = named.args.find("because_key");
    if (because != named.args.end() && setting_field(because->second)) {
        because->second = text.tr(setting_label_key(because->second));
    }
    return text.translate(named);
}

Status save_terminal_config(const std::filesystem::path& path, const std::filesystem::path& last_good_path,
                            const TerminalConfig& config) {
    const std::string bytes = config_to_json_text(config);
    if (auto written = write_file_atomically(path, bytes); !written) return written;
    return write_file_atomically(last_good_path, bytes);
}

}  // namespace ventanilla
