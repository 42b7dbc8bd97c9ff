#include "kiosk/config.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <span>

#include "kiosk/atomic_file.h"
#include "kiosk/json_file.h"

namespace ventanilla {
namespace {

using Json = nlohmann::ordered_json;

constexpr JsonFileErrorCodes kFileCodes{"config.file_missing", "config.file_unreadable",
                                        "config.syntax"};

template <typename E>
struct NamedValue {
    E value;
    std::string_view name;
};

constexpr std::array<NamedValue<TerminalRole>, 3> kRoleNames{{
    {TerminalRole::kiosk, "kiosk"},
    {TerminalRole::counter, "counter"},
    {TerminalRole::display, "display"},
}};
constexpr std::array<NamedValue<ScannerSource>, 4> kScannerSourceNames{{
    {ScannerSource::keyboard_wedge, "keyboard_wedge"},
    {ScannerSource::serial, "serial"},
    {ScannerSource::camera, "camera"},
    {ScannerSource::image_folder, "image_folder"},
}};
constexpr std::array<NamedValue<PrinterBackend>, 3> kPrinterBackendNames{{
    {PrinterBackend::pdf_folder, "pdf_folder"},
    {PrinterBackend::cups, "cups"},
    {PrinterBackend::escpos, "escpos"},
}};

constexpr std::array<NamedValue<SpeechOutput>, 3> kSpeechOutputNames{{
    {SpeechOutput::speaker, "speaker"},
    {SpeechOutput::wav_folder, "wav_folder"},
    {SpeechOutput::off, "off"},
}};

template <typename E, size_t N>
std::string_view name_in(const std::array<NamedValue<E>, N>& names, E value) {
    for (const auto& named : names) {
        if (named.value == value) return named.name;
    }
    return "?";
}

template <typename T>
std::string join_values(std::span<const T> values) {
    std::string text;
    for (const auto& value : values) {
        if (!text.empty()) text += ", ";
        if constexpr (std::is_arithmetic_v<T>) {
            text += std::to_string(value);
        } else {
            text += value;
        }
    }
    return text;
}

std::string to_lower(std::string_view text) {
    std::string lower(text);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower;
}

std::string take_url_apart(std::string_view url, ServerUrl& parts);

std::string join_key(const std::string& prefix, std::string_view name) {
    return prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
}

// Collects the problems of one document; remembers which keys were bad so the checks
// that combine two keys do not pile a second, misleading problem on top.
class Problems {
public:
    void add(const std::string& key, std::string code, const std::string& reason,
             std::map<std::string, std::string> args = {}) {
        args["key"] = key;
        bad_keys_.insert(key);
        list_.push_back(make_error(std::move(code), key + ": " + reason, std::move(args)));
    }
    bool is_bad(const std::string& key) const { return bad_keys_.count(key) != 0; }
    std::vector<Error>& list() { return list_; }

private:
    std::vector<Error> list_;
    std::set<std::string> bad_keys_;
};

// One known key of an object and what to do with its value.
struct Field {
    std::string_view name;
    std::function<void(const Json& value, const std::string& key)> read;
};

// A JSON type a key may hold, with the error code that says it was something else.
struct ExpectedType {
    std::string_view name;
    std::string_view code;
};
constexpr ExpectedType kObject{"object", "config.expected_object"};
constexpr ExpectedType kString{"string", "config.expected_string"};
constexpr ExpectedType kInteger{"integer", "config.expected_integer"};
constexpr ExpectedType kNumber{"number", "config.expected_number"};
constexpr ExpectedType kBoolean{"boolean", "config.expected_boolean"};

void wrong_type(Problems& problems, const std::string& key, const Json& value,
                ExpectedType expected) {
    std::string actual = json_value_text(value);
    problems.add(key, std::string(expected.code),
                 "expected " + std::string(expected.name) + ", found " + actual,
                 {{"actual", actual}});
}

void read_object(Problems& problems, const Json& object, const std::string& prefix,
                 std::span<const Field> fields) {
    for (const auto& [name, value] : object.items()) {
        std::string key = join_key(prefix, name);
        auto field = std::find_if(fields.begin(), fields.end(),
                                  [&name = name](const Field& f) { return f.name == name; });
        if (field == fields.end()) {
            std::string known;
            for (const Field& f : fields)
                known += (known.empty() ? "" : ", ") + std::string(f.name);
            problems.add(key, "config.unknown_key", "unknown key (known here: " + known + ")");
            continue;
        }
        field->read(value, key);
    }
}

void read_section(Problems& problems, const Json& value, const std::string& key,
                  std::span<const Field> fields) {
    if (!value.is_object()) return wrong_type(problems, key, value, kObject);
    read_object(problems, value, key, fields);
}

void read_bool(Problems& problems, const Json& value, const std::string& key, bool& out) {
    if (!value.is_boolean()) return wrong_type(problems, key, value, kBoolean);
    out = value.get<bool>();
}

void read_string(Problems& problems, const Json& value, const std::string& key, std::string& out) {
    if (!value.is_string()) return wrong_type(problems, key, value, kString);
    out = value.get<std::string>();
}

// A path or name that the terminal cannot work without.
void read_non_empty_string(Problems& problems, const Json& value, const std::string& key,
                           std::string& out) {
    if (!value.is_string()) return wrong_type(problems, key, value, kString);
    if (value.get_ref<const std::string&>().empty()) {
        return problems.add(key, "config.empty_value", "must not be empty");
    }
    out = value.get<std::string>();
}

// The integer as written, widened so that 99999999999 is out of range rather than wrapped.
std::optional<int64_t> integer_of(const Json& value) {
    if (value.is_number_unsigned()) {
        auto unsigned_value = value.get<uint64_t>();
        if (unsigned_value > static_cast<uint64_t>(INT64_MAX)) return INT64_MAX;
        return static_cast<int64_t>(unsigned_value);
    }
    if (value.is_number_integer()) return value.get<int64_t>();
    return std::nullopt;
}

void read_int(Problems& problems, const Json& value, const std::string& key, IntRange range,
              int& out) {
    auto number = integer_of(value);
    if (!number) return wrong_type(problems, key, value, kInteger);
    if (*number < range.min || *number > range.max) {
        std::string actual = json_value_text(value);
        std::string min = std::to_string(range.min);
        std::string max = std::to_string(range.max);
        return problems.add(key, "config.out_of_range",
                            "must be from " + min + " to " + max + ", found " + actual,
                            {{"min", min}, {"max", max}, {"actual", actual}});
    }
    out = static_cast<int>(*number);
}

void not_allowed(Problems& problems, const std::string& key, const Json& value,
                 const std::string& allowed) {
    std::string actual = json_value_text(value);
    problems.add(key, "config.not_allowed", "must be one of " + allowed + ", found " + actual,
                 {{"allowed", allowed}, {"actual", actual}});
}

void read_int_one_of(Problems& problems, const Json& value, const std::string& key,
                     std::span<const int> allowed, int& out) {
    auto number = integer_of(value);
    if (!number) return wrong_type(problems, key, value, kInteger);
    if (std::find(allowed.begin(), allowed.end(), *number) == allowed.end()) {
        return not_allowed(problems, key, value, join_values(std::span<const int>(allowed)));
    }
    out = static_cast<int>(*number);
}

template <typename E, size_t N>
void read_enum(Problems& problems, const Json& value, const std::string& key,
               const std::array<NamedValue<E>, N>& names, E& out) {
    if (!value.is_string()) return wrong_type(problems, key, value, kString);
    const auto& text = value.get_ref<const std::string&>();
    for (const auto& named : names) {
        if (named.name == text) {
            out = named.value;
            return;
        }
    }
    std::vector<std::string_view> allowed;
    for (const auto& named : names) allowed.push_back(named.name);
    not_allowed(problems, key, value, join_values(std::span<const std::string_view>(allowed)));
}

void read_language(Problems& problems, const Json& value, const std::string& key,
                   std::string& out) {
    if (!value.is_string()) return wrong_type(problems, key, value, kString);
    const auto& text = value.get_ref<const std::string&>();
    if (std::find(kLanguages.begin(), kLanguages.end(), text) == kLanguages.end()) {
        return not_allowed(problems, key, value,
                           join_values(std::span<const std::string_view>(kLanguages)));
    }
    out = text;
}

void read_ui_scale(Problems& problems, const Json& value, const std::string& key, double& out) {
    if (!value.is_number()) return wrong_type(problems, key, value, kNumber);
    double scale = value.get<double>();
    if (scale != 0.0 && (scale < kUiScaleMin || scale > kUiScaleMax)) {
        std::string actual = json_value_text(value);
        return problems.add(key, "config.out_of_range_or_zero",
                            "must be 0 (automatic) or from 0.5 to 3.0, found " + actual,
                            {{"min", "0.5"}, {"max", "3.0"}, {"actual", actual}});
    }
    out = scale;
}

// Letters, digits, '-' and '_': it names the office in URLs and file names.
void read_office_id(Problems& problems, const Json& value, const std::string& key,
                    std::string& out) {
    if (!value.is_string()) return wrong_type(problems, key, value, kString);
    const auto& text = value.get_ref<const std::string&>();
    bool valid =
        text.size() <= kOfficeIdMaxLength && std::all_of(text.begin(), text.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
        });
    if (!valid) {
        std::string max_length = std::to_string(kOfficeIdMaxLength);
        return problems.add(key, "config.invalid_office_id",
                            "use up to " + max_length + " letters, digits, '-' or '_', found " +
                                json_value_text(value),
                            {{"actual", json_value_text(value)}, {"max_length", max_length}});
    }
    out = text;
}

void read_server_url(Problems& problems, const Json& value, const std::string& key,
                     std::string& out) {
    if (!value.is_string()) return wrong_type(problems, key, value, kString);
    ServerUrl parts;
    std::string reason = take_url_apart(value.get_ref<const std::string&>(), parts);
    if (!reason.empty()) {
        return problems.add(key, "config.invalid_url",
                            reason + " (expected http(s)://host[:port][/path])",
                            {{"actual", json_value_text(value)}});
    }
    out = value.get<std::string>();
}

// "sha256//" and the base64 of 32 bytes (44 characters ending in '='), one or more joined by ';'.
void read_key_pin(Problems& problems, const Json& value, const std::string& key, std::string& out) {
    if (!value.is_string()) return wrong_type(problems, key, value, kString);
    const auto& text = value.get_ref<const std::string&>();
    auto is_pin = [](std::string_view pin) {
        constexpr std::string_view kPrefix = "sha256//";
        if (!pin.starts_with(kPrefix)) return false;
        pin.remove_prefix(kPrefix.size());
        return pin.size() == 44 && pin.back() == '=' &&
               std::all_of(pin.begin(), pin.end() - 1, [](char c) {
                   return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/';
               });
    };
    std::string_view rest = text;
    bool valid = true;
    while (valid && !rest.empty()) {
        const auto semicolon = rest.find(';');
        valid = is_pin(rest.substr(0, semicolon));
        rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
        if (semicolon != std::string_view::npos && rest.empty()) valid = false;
    }
    if (!valid) {
        return problems.add(key, "config.invalid_key_pin",
                            "expected \"sha256//\" and the base64 SHA-256 of the server's public "
                            "key (44 characters), several joined by ';', or \"\" for none, found " +
                                json_value_text(value),
                            {{"actual", json_value_text(value)}});
    }
    out = text;
}

// The checks that combine two keys, once each key is known to be well formed.
void check_combinations(Problems& problems, const TerminalConfig& config) {
    if (!problems.is_bad("server_url") && !problems.is_bad("allow_plain_http") &&
        !config.allow_plain_http) {
        auto url = parse_server_url(config.server_url);
        if (url && url->scheme == "http" && !url->is_loopback()) {
            std::string actual = json_value_text(config.server_url);
            problems.add("server_url", "config.plain_http_not_allowed",
                         "plain http is allowed only to this machine (127.0.0.1, ::1, "
                         "localhost) unless allow_plain_http is true, found " +
                             actual,
                         {{"actual", actual}});
        }
    }

    auto require = [&](const std::string& key, const std::string& value,
                       const std::string& because_key, std::string_view because_value) {
        if (problems.is_bad(key) || problems.is_bad(because_key) || !value.empty()) return;
        problems.add(key, "config.value_required",
                     "needed because " + because_key + " is \"" + std::string(because_value) + "\"",
                     {{"because_key", because_key}, {"because_value", std::string(because_value)}});
    };
    const ScannerConfig& scanner = config.scanner;
    std::string_view source = name_of(scanner.source);
    if (scanner.source == ScannerSource::serial) {
        require("scanner.serial_device", scanner.serial_device, "scanner.source", source);
    } else if (scanner.source == ScannerSource::camera) {
        require("scanner.camera_device", scanner.camera_device, "scanner.source", source);
    } else if (scanner.source == ScannerSource::image_folder) {
        require("scanner.image_folder", scanner.image_folder, "scanner.source", source);
    }
    const PrinterConfig& printer = config.printer;
    std::string_view backend = name_of(printer.backend);
    if (printer.backend == PrinterBackend::pdf_folder) {
        require("printer.pdf_folder", printer.pdf_folder, "printer.backend", backend);
    } else if (printer.backend == PrinterBackend::cups) {
        require("printer.cups_queue", printer.cups_queue, "printer.backend", backend);
    } else {
        require("printer.escpos_device", printer.escpos_device, "printer.backend", backend);
    }
    const SpeechConfig& speech = config.speech;
    std::string_view output = name_of(speech.output);
    if (speech.output == SpeechOutput::speaker) {
        require("speech.alsa_device", speech.alsa_device, "speech.output", output);
    } else if (speech.output == SpeechOutput::wav_folder) {
        require("speech.wav_folder", speech.wav_folder, "speech.output", output);
    }
}

ConfigCheck check_document(const JsonDocument& document) {
    Problems problems;
    for (const std::string& key : document.duplicate_keys) {
        problems.add(key, "config.duplicate_key", "appears more than once; remove all but one");
    }
    TerminalConfig config;
    if (!document.value.is_object()) {
        std::string actual = json_value_text(document.value);
        problems.list().push_back(make_error("config.not_an_object",
                                             "the file must hold one JSON object { ... }",
                                             {{"actual", actual}}));
        return problems.list();
    }

    DisplayConfig& display = config.display;
    const std::array display_fields{
        Field{"fullscreen",
              [&](auto& v, auto& k) { read_bool(problems, v, k, display.fullscreen); }},
        Field{"width_px",
              [&](auto& v, auto& k) { read_int(problems, v, k, kWidthRange, display.width_px); }},
        Field{"height_px",
              [&](auto& v, auto& k) { read_int(problems, v, k, kHeightRange, display.height_px); }},
        Field{"ui_scale",
              [&](auto& v, auto& k) { read_ui_scale(problems, v, k, display.ui_scale); }},
        Field{"large_text",
              [&](auto& v, auto& k) { read_bool(problems, v, k, display.large_text); }},
        Field{"high_contrast",
              [&](auto& v, auto& k) { read_bool(problems, v, k, display.high_contrast); }},
    };
    ScannerConfig& scanner = config.scanner;
    const std::array scanner_fields{
        Field{"source",
              [&](auto& v, auto& k) {
                  read_enum(problems, v, k, kScannerSourceNames, scanner.source);
              }},
        Field{"serial_device",
              [&](auto& v, auto& k) { read_string(problems, v, k, scanner.serial_device); }},
        Field{"baud_rate",
              [&](auto& v, auto& k) {
                  read_int_one_of(problems, v, k, kBaudRates, scanner.baud_rate);
              }},
        Field{"camera_device",
              [&](auto& v, auto& k) { read_string(problems, v, k, scanner.camera_device); }},
        Field{"image_folder",
              [&](auto& v, auto& k) { read_string(problems, v, k, scanner.image_folder); }},
        Field{"wedge_max_key_interval_ms",
              [&](auto& v, auto& k) {
                  read_int(problems, v, k, kWedgeKeyIntervalRange,
                           scanner.wedge_max_key_interval_ms);
              }},
    };
    PrinterConfig& printer = config.printer;
    const std::array printer_fields{
        Field{"backend",
              [&](auto& v, auto& k) {
                  read_enum(problems, v, k, kPrinterBackendNames, printer.backend);
              }},
        Field{"pdf_folder",
              [&](auto& v, auto& k) { read_string(problems, v, k, printer.pdf_folder); }},
        Field{"cups_queue",
              [&](auto& v, auto& k) { read_string(problems, v, k, printer.cups_queue); }},
        Field{"escpos_device",
              [&](auto& v, auto& k) { read_string(problems, v, k, printer.escpos_device); }},
        Field{"paper_width_mm",
              [&](auto& v, auto& k) {
                  read_int_one_of(problems, v, k, kPaperWidthsMm, printer.paper_width_mm);
              }},
    };
    SpeechConfig& speech = config.speech;
    const std::array speech_fields{
        Field{"output",
              [&](auto& v, auto& k) { read_enum(problems, v, k, kSpeechOutputNames, speech.output); }},
        Field{"alsa_device",
              [&](auto& v, auto& k) { read_string(problems, v, k, speech.alsa_device); }},
        Field{"wav_folder",
              [&](auto& v, auto& k) { read_string(problems, v, k, speech.wav_folder); }},
        Field{"voice",
              [&](auto& v, auto& k) { read_non_empty_string(problems, v, k, speech.voice); }},
        Field{"words_per_minute",
              [&](auto& v, auto& k) {
                  read_int(problems, v, k, kWordsPerMinuteRange, speech.words_per_minute);
              }},
    };
    const std::array top_fields{
        Field{"role",
              [&](auto& v, auto& k) { read_enum(problems, v, k, kRoleNames, config.role); }},
        Field{"office_id",
              [&](auto& v, auto& k) { read_office_id(problems, v, k, config.office_id); }},
        Field{"terminal_number",
              [&](auto& v, auto& k) {
                  read_int(problems, v, k, kTerminalNumberRange, config.terminal_number);
              }},
        Field{"server_url",
              [&](auto& v, auto& k) { read_server_url(problems, v, k, config.server_url); }},
        Field{"allow_plain_http",
              [&](auto& v, auto& k) { read_bool(problems, v, k, config.allow_plain_http); }},
        Field{"server_key_pin",
              [&](auto& v, auto& k) { read_key_pin(problems, v, k, config.server_key_pin); }},
        Field{"language",
              [&](auto& v, auto& k) { read_language(problems, v, k, config.language); }},
        Field{"idle_timeout_s",
              [&](auto& v, auto& k) {
                  read_int(problems, v, k, kIdleTimeoutRange, config.idle_timeout_s);
              }},
        Field{"idle_countdown_s",
              [&](auto& v, auto& k) {
                  read_int(problems, v, k, kIdleCountdownRange, config.idle_countdown_s);
              }},
        Field{"personal_data_retention_days",
              [&](auto& v, auto& k) {
                  read_int(problems, v, k, kRetentionDaysRange, config.personal_data_retention_days);
              }},
        Field{"display", [&](auto& v, auto& k) { read_section(problems, v, k, display_fields); }},
        Field{"scanner", [&](auto& v, auto& k) { read_section(problems, v, k, scanner_fields); }},
        Field{"printer", [&](auto& v, auto& k) { read_section(problems, v, k, printer_fields); }},
        Field{"speech", [&](auto& v, auto& k) { read_section(problems, v, k, speech_fields); }},
        Field{"data_dir",
              [&](auto& v, auto& k) { read_non_empty_string(problems, v, k, config.data_dir); }},
    };
    read_object(problems, document.value, "", top_fields);
    check_combinations(problems, config);

    if (!problems.list().empty()) return std::move(problems.list());
    return config;
}

bool is_host_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
}

// A DNS name (labels of letters, digits and '-') or, if all digits and dots, an IPv4 address.
bool is_valid_host_name(std::string_view host) {
    if (host.empty() || host.size() > 253) return false;
    if (!std::all_of(host.begin(), host.end(), is_host_char)) return false;
    bool numeric = std::all_of(host.begin(), host.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
    });
    if (numeric) {
        in_addr address{};
        return inet_pton(AF_INET, std::string(host).c_str(), &address) == 1;
    }
    size_t start = 0;
    while (start <= host.size()) {
        size_t end = host.find('.', start);
        if (end == std::string_view::npos) end = host.size();
        std::string_view label = host.substr(start, end - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
            return false;
        }
        start = end + 1;
    }
    return true;
}

// Why `url` is not a server address, or "" when it is one (then `parts` holds its pieces).
std::string take_url_apart(std::string_view url, ServerUrl& parts) {
    auto invalid = [](std::string reason) { return reason; };
    size_t scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return invalid("no http:// or https:// at the start");
    parts.scheme = to_lower(url.substr(0, scheme_end));
    if (parts.scheme != "http" && parts.scheme != "https") {
        return invalid("the scheme must be http or https");
    }
    std::string_view rest = url.substr(scheme_end + 3);
    size_t authority_end = rest.find('/');
    std::string_view authority = rest.substr(0, authority_end);
    std::string_view path =
        authority_end == std::string_view::npos ? "" : rest.substr(authority_end);

    if (authority.find('@') != std::string_view::npos) {
        return invalid("a user name or password does not belong in the address");
    }
    std::string_view port_text;
    if (!authority.empty() && authority.front() == '[') {
        size_t close = authority.find(']');
        if (close == std::string_view::npos) return invalid("an IPv6 address lacks its ']'");
        in6_addr address{};
        std::string inner(authority.substr(1, close - 1));
        if (inet_pton(AF_INET6, inner.c_str(), &address) != 1) {
            return invalid("not a valid IPv6 address");
        }
        parts.host = to_lower(authority.substr(0, close + 1));
        std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return invalid("unexpected text after the IPv6 address");
            port_text = after.substr(1);
            if (port_text.empty()) return invalid("':' without a port number");
        }
    } else {
        size_t colon = authority.find(':');
        std::string_view host = authority.substr(0, colon);
        if (host.empty()) return invalid("no host name");
        if (!is_valid_host_name(host)) return invalid("not a valid host name");
        parts.host = to_lower(host);
        if (colon != std::string_view::npos) {
            port_text = authority.substr(colon + 1);
            if (port_text.empty()) return invalid("':' without a port number");
        }
    }
    if (!port_text.empty()) {
        bool digits =
            port_text.size() <= 5 && std::all_of(port_text.begin(), port_text.end(), [](char c) {
                return std::isdigit(static_cast<unsigned char>(c));
            });
        int port = digits ? std::stoi(std::string(port_text)) : 0;
        if (port < 1 || port > 65535) return invalid("the port must be a number from 1 to 65535");
        parts.port = port;
    } else {
        parts.port = parts.scheme == "https" ? 443 : 80;
    }
    for (char c : path) {
        if (c == '?' || c == '#')
            return invalid("a query (?) or fragment (#) does not belong here");
        auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte >= 0x7F ||
            std::string_view("\"<>\\^`{|}").find(c) != std::string_view::npos) {
            return invalid("the path has a space or a character that must be escaped");
        }
    }
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    parts.path = std::string(path);
    return {};
}

}  // namespace

Result<ServerUrl> parse_server_url(std::string_view url) {
    ServerUrl parts;
    std::string reason = take_url_apart(url, parts);
    if (reason.empty()) return parts;
    std::string actual = json_value_text(Json(std::string(url)));
    return make_error("config.invalid_url",
                      "server_url: " + reason + " (expected http(s)://host[:port][/path])",
                      {{"key", "server_url"}, {"actual", actual}});
}

std::string_view name_of(TerminalRole role) {
    return name_in(kRoleNames, role);
}
std::string_view name_of(ScannerSource source) {
    return name_in(kScannerSourceNames, source);
}
std::string_view name_of(PrinterBackend backend) {
    return name_in(kPrinterBackendNames, backend);
}
std::string_view name_of(SpeechOutput output) {
    return name_in(kSpeechOutputNames, output);
}

bool ServerUrl::is_loopback() const {
    if (host == "localhost") return true;
    if (host.size() > 2 && host.front() == '[') {
        in6_addr address{};
        std::string inner = host.substr(1, host.size() - 2);
        return inet_pton(AF_INET6, inner.c_str(), &address) == 1 && IN6_IS_ADDR_LOOPBACK(&address);
    }
    in_addr address{};
    return inet_pton(AF_INET, host.c_str(), &address) == 1 && (ntohl(address.s_addr) >> 24) == 127;
}

ConfigCheck parse_config(std::string_view json_text, const std::string& source) {
    auto document = parse_json_document(json_text, source, kFileCodes);
    if (!document) return std::vector<Error>{document.error()};
    return check_document(document.value());
}

ConfigCheck load_config(const std::filesystem::path& path) {
    auto text = read_text_file(path, kFileCodes);
    if (!text) return std::vector<Error>{text.error()};
    return parse_config(text.value(), path.string());
}

std::vector<Error> validate_config(const TerminalConfig& config) {
    ConfigCheck check = parse_config(config_to_json_text(config), "(in memory)");
    return check.ok() ? std::vector<Error>{} : check.problems();
}

std::string config_to_json_text(const TerminalConfig& config) {
    const DisplayConfig& display = config.display;
    const ScannerConfig& scanner = config.scanner;
    const PrinterConfig& printer = config.printer;
    const SpeechConfig& speech = config.speech;
    Json json = {
        {"role", name_of(config.role)},
        {"office_id", config.office_id},
        {"terminal_number", config.terminal_number},
        {"server_url", config.server_url},
        {"allow_plain_http", config.allow_plain_http},
        {"server_key_pin", config.server_key_pin},
        {"language", config.language},
        {"idle_timeout_s", config.idle_timeout_s},
        {"idle_countdown_s", config.idle_countdown_s},
        {"personal_data_retention_days", config.personal_data_retention_days},
        {"display",
         {{"fullscreen", display.fullscreen},
          {"width_px", display.width_px},
          {"height_px", display.height_px},
          {"ui_scale", display.ui_scale},
          {"large_text", display.large_text},
          {"high_contrast", display.high_contrast}}},
        {"scanner",
         {{"source", name_of(scanner.source)},
          {"serial_device", scanner.serial_device},
          {"baud_rate", scanner.baud_rate},
          {"camera_device", scanner.camera_device},
          {"image_folder", scanner.image_folder},
          {"wedge_max_key_interval_ms", scanner.wedge_max_key_interval_ms}}},
        {"printer",
         {{"backend", name_of(printer.backend)},
          {"pdf_folder", printer.pdf_folder},
          {"cups_queue", printer.cups_queue},
          {"escpos_device", printer.escpos_device},
          {"paper_width_mm", printer.paper_width_mm}}},
        {"speech",
         {{"output", name_of(speech.output)},
          {"alsa_device", speech.alsa_device},
          {"wav_folder", speech.wav_folder},
          {"voice", speech.voice},
          {"words_per_minute", speech.words_per_minute}}},
        {"data_dir", config.data_dir},
    };
    return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

ConfigInEffect load_config_with_fallback(const std::filesystem::path& path,
                                         const std::filesystem::path& last_good_path) {
    ConfigInEffect in_effect;
    auto text = read_text_file(path, kFileCodes);
    if (text) {
        ConfigCheck check = parse_config(text.value(), path.string());
        if (check.ok()) {
            in_effect.config = check.value();
            in_effect.source = ConfigSource::file;
            // An unchanged copy is not rewritten: most starts then write nothing to the flash.
            auto saved = read_text_file(last_good_path, kFileCodes);
            if (!saved || saved.value() != text.value()) {
                std::error_code ignored;  // a missing directory shows up as the write's error
                std::filesystem::create_directories(last_good_path.parent_path(), ignored);
                Status written = write_file_atomically(last_good_path, text.value());
                if (!written) in_effect.problems.push_back(written.error());
            }
            return in_effect;
        }
        in_effect.problems = check.problems();
    } else {
        in_effect.problems.push_back(text.error());
    }

    auto last_good = read_text_file(last_good_path, kFileCodes);
    if (!last_good) {
        if (last_good.error().code != "config.file_missing") {
            in_effect.problems.push_back(make_error("config.last_good_unusable",
                                                    last_good.error().describe(),
                                                    {{"path", last_good_path.string()}}));
        }
        return in_effect;
    }
    ConfigCheck check = parse_config(last_good.value(), last_good_path.string());
    if (!check.ok()) {
        // Possible after an update that tightened a rule; the defaults are the safe floor.
        in_effect.problems.push_back(make_error("config.last_good_unusable",
                                                check.problems().front().describe(),
                                                {{"path", last_good_path.string()}}));
        return in_effect;
    }
    in_effect.config = check.value();
    in_effect.source = ConfigSource::last_good;
    return in_effect;
}

}  // namespace ventanilla
