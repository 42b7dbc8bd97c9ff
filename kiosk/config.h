// TerminalConfig: one terminal's settings, strictly checked from JSON, with a last-good fallback.
#pragma once

// A typo in the file must never brick a kiosk: every problem is reported at once, naming its
// key, and the terminal keeps running on the last file that was valid.

#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "kiosk/result.h"

namespace ventanilla {

enum class TerminalRole { kiosk, counter, display };
enum class ScannerSource { keyboard_wedge, serial, camera, image_folder };
enum class PrinterBackend { pdf_folder, cups, escpos };
// Where the waiting hall's announcements go: the sound card, WAV files, or nowhere.
enum class SpeechOutput { speaker, wav_folder, off };

std::string_view name_of(TerminalRole role);
std::string_view name_of(ScannerSource source);
std::string_view name_of(PrinterBackend backend);
std::string_view name_of(SpeechOutput output);

struct DisplayConfig {
    bool fullscreen = true;
    int width_px = 1920;  // the window size when not fullscreen
    int height_px = 1080;
    double ui_scale = 0.0;  // 0 = from the screen's size; otherwise 0.5..3.0
    bool large_text = false;
    bool high_contrast = false;
};

struct ScannerConfig {
    ScannerSource source = ScannerSource::keyboard_wedge;
    std::string serial_device = "/dev/ttyUSB0";
    int baud_rate = 9600;
    std::string camera_device = "/dev/video0";
    std::string image_folder = "var/scans";
    // Keys closer together than this are a scanner typing, not a person.
    int wedge_max_key_interval_ms = 50;

    bool operator==(const ScannerConfig&) const = default;
};

struct PrinterConfig {
    PrinterBackend backend = PrinterBackend::pdf_folder;
    std::string pdf_folder = "var/receipts";
    std::string cups_queue;
    std::string escpos_device = "/dev/usb/lp0";
    int paper_width_mm = 80;

    bool operator==(const PrinterConfig&) const = default;
};

// The display role's voice: a chime and "Turno be cuarenta y cuatro, ventanilla tres".
struct SpeechConfig {
    SpeechOutput output = SpeechOutput::speaker;
    std::string alsa_device = "default";          // for speaker: the ALSA PCM to play on
    std::string wav_folder = "var/announcements";  // for wav_folder: one file per announcement
    std::string voice = "es-419";                  // an espeak-ng voice (Latin American Spanish)
    int words_per_minute = 150;                    // espeak-ng's rate; 175 is its default
};

struct TerminalConfig {
    TerminalRole role = TerminalRole::kiosk;
    // Empty until the technician assigns the terminal to an office.
    std::string office_id;
    int terminal_number = 1;
    std::string server_url = "http://127.0.0.1:8420";
    // Plain http leaks tokens on a shared network: without this, only loopback may use it.
    bool allow_plain_http = false;
    // The server's public key pinned, as curl takes it: "sha256//<base64 of 32 bytes>", several
    // joined by ';' during a key roll-over. Empty: the CA store alone decides. https only.
    std::string server_key_pin;
    std::string language = "es";
    int idle_timeout_s = 60;
    // WCAG 2.2.1 asks for at least 20 s to answer "do you need more time?".
    int idle_countdown_s = 30;
    // A submission's personal data stays on the terminal, sealed, until the server has
    // acknowledged it and this many days have passed since it was made (a technician can
    // recover from it what a server lost); then it is deleted.
    int personal_data_retention_days = 7;
    DisplayConfig display;
    ScannerConfig scanner;
    PrinterConfig printer;
    SpeechConfig speech;
    std::string data_dir = "var/terminal";  // where the terminal's SQLite file lives
};

// The limits the checks apply, for screens that edit a config.
struct IntRange {
    int min;
    int max;
};
inline constexpr IntRange kTerminalNumberRange{1, 999};
inline constexpr IntRange kIdleTimeoutRange{15, 3600};
inline constexpr IntRange kIdleCountdownRange{20, 300};
inline constexpr IntRange kRetentionDaysRange{1, 365};
inline constexpr IntRange kWidthRange{320, 7680};
inline constexpr IntRange kHeightRange{240, 4320};
inline constexpr IntRange kWedgeKeyIntervalRange{5, 500};
inline constexpr IntRange kWordsPerMinuteRange{80, 300};
inline constexpr double kUiScaleMin = 0.5;
inline constexpr double kUiScaleMax = 3.0;
inline constexpr size_t kOfficeIdMaxLength = 32;
inline constexpr std::array<int, 8> kBaudRates{1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200};
inline constexpr std::array<int, 2> kPaperWidthsMm{58, 80};
inline constexpr std::array<std::string_view, 2> kLanguages{"es", "en"};

// Every error code this module can produce (each has a key in assets/i18n).
// Problems with a key name it in args["key"] as a full dotted path and start `detail` with it.
inline constexpr std::array<std::string_view, 21> kConfigErrorCodes{
    "config.file_missing",            // path
    "config.file_unreadable",         // path, reason
    "config.syntax",                  // path, line, column, reason
    "config.not_an_object",           // actual: the file holds JSON, but not one object
    "config.duplicate_key",           // key
    "config.unknown_key",             // key
    "config.expected_object",         // key, actual
    "config.expected_string",         // key, actual
    "config.expected_integer",        // key, actual
    "config.expected_number",         // key, actual
    "config.expected_boolean",        // key, actual
    "config.out_of_range",            // key, min, max, actual
    "config.out_of_range_or_zero",    // key, min, max, actual: display.ui_scale, 0 = automatic
    "config.not_allowed",             // key, allowed, actual
    "config.invalid_office_id",       // key, actual, max_length
    "config.invalid_url",             // key, actual
    "config.plain_http_not_allowed",  // key, actual
    "config.invalid_key_pin",         // key, actual
    "config.empty_value",             // key
    "config.value_required",          // key, because_key, because_value
    "config.last_good_unusable",      // path
};

// A config checked in full: either valid, or every problem found (never a half-valid one).
class [[nodiscard]] ConfigCheck {
public:
    ConfigCheck(TerminalConfig config) : state_(std::move(config)) {}
    ConfigCheck(std::vector<Error> problems) : state_(std::move(problems)) {}

    bool ok() const { return std::holds_alternative<TerminalConfig>(state_); }
    const TerminalConfig& value() const { return std::get<TerminalConfig>(state_); }
    const std::vector<Error>& problems() const { return std::get<std::vector<Error>>(state_); }

private:
    std::variant<TerminalConfig, std::vector<Error>> state_;
};

// A server address taken apart, for the sync client.
struct ServerUrl {
    std::string scheme;  // "http" or "https"
    std::string host;    // lower case; an IPv6 address keeps its brackets
    int port = 0;        // the scheme's default when the address names none
    std::string path;    // "" or "/something", without a trailing slash
    bool is_loopback() const;
};

// Accepts http(s)://host[:port][/path] only: no user name or password, query or fragment.
// The error is "config.invalid_url" with args key = "server_url".
Result<ServerUrl> parse_server_url(std::string_view url);

// `source` names the text in syntax errors (usually the file's path).
ConfigCheck parse_config(std::string_view json_text, const std::string& source = "config");
ConfigCheck load_config(const std::filesystem::path& path);

// The same checks on a config built in memory (a technician's edit before it is saved).
std::vector<Error> validate_config(const TerminalConfig& config);

// Every key written out, defaults included, 2-space indent.
std::string config_to_json_text(const TerminalConfig& config);

enum class ConfigSource { file, last_good, defaults };

// The config a terminal runs with, where it came from, and what the technician must see.
struct ConfigInEffect {
    TerminalConfig config;
    ConfigSource source = ConfigSource::defaults;
    // Why the file was not used (empty when source == file), and any failure to keep a
    // last-good copy. Shown on the technician's error screen and logged.
    std::vector<Error> problems;
};

// A valid file is used and copied atomically to `last_good_path`; an invalid or missing one
// is reported and the last good copy (if valid, else the defaults) is used instead.
ConfigInEffect load_config_with_fallback(const std::filesystem::path& path,
                                         const std::filesystem::path& last_good_path);

}  // namespace ventanilla
