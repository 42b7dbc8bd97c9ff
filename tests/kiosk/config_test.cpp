#include "kiosk/config.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "tests/kiosk/file_bytes.h"
#include "tests/support/process.h"

using namespace ventanilla;
using ventanilla::kiosk_test::read_bytes;
using ventanilla::kiosk_test::write_bytes;
using ventanilla::testing::TempDir;

namespace {

struct BadValue {
    const char* json;  // a whole config file
    const char* key;   // the key path the problem must name
    const char* code;
};

// One file per bad value; each must give exactly one problem naming the key.
const BadValue kBadValues[] = {
    {R"({"role": "printer"})", "role", "config.not_allowed"},
    {R"({"role": 1})", "role", "config.expected_string"},
    {R"({"office_id": "Habana Vieja"})", "office_id", "config.invalid_office_id"},
    {R"({"office_id": "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456"})", "office_id",
     "config.invalid_office_id"},
    {R"({"office_id": 7})", "office_id", "config.expected_string"},
    {R"({"terminal_number": 0})", "terminal_number", "config.out_of_range"},
    {R"({"terminal_number": 1000})", "terminal_number", "config.out_of_range"},
    {R"({"terminal_number": "3"})", "terminal_number", "config.expected_integer"},
    {R"({"terminal_number": 2.5})", "terminal_number", "config.expected_integer"},
    {R"({"terminal_number": 99999999999})", "terminal_number", "config.out_of_range"},
    {R"({"terminal_number": 18446744073709551615})", "terminal_number", "config.out_of_range"},
    {R"({"terminal_number": -5})", "terminal_number", "config.out_of_range"},
    {R"({"server_url": "ftp://central.example.org"})", "server_url", "config.invalid_url"},
    {R"({"server_url": "central.example.org"})", "server_url", "config.invalid_url"},
    {R"({"server_url": "https://"})", "server_url", "config.invalid_url"},
    {R"({"server_url": "https://user:secret@central.example.org"})", "server_url",
     "config.invalid_url"},
    {R"({"server_url": "https://central.example.org:0"})", "server_url", "config.invalid_url"},
    {R"({"server_url": "https://central.example.org:70000"})", "server_url", "config.invalid_url"},
    {R"({"server_url": "https://central.example.org:"})", "server_url", "config.invalid_url"},
    {R"({"server_url": "https://central.example.org/api?x=1"})", "server_url",
     "config.invalid_url"},
    {R"({"server_url": "https://central example.org"})", "server_url", "config.invalid_url"},
    {R"({"server_url": "https://-central.example.org"})", "server_url", "config.invalid_url"},
    {R"({"server_url": "https://999.1.1.1"})", "server_url", "config.invalid_url"},
    {R"({"server_url": "https://[::1"})", "server_url", "config.invalid_url"},
    {R"({"server_url": "https://central.example.org/a b"})", "server_url", "config.invalid_url"},
    {R"({"server_url": "http://192.168.1.10:8420"})", "server_url",
     "config.plain_http_not_allowed"},
    {R"({"server_url": "http://central.example.org"})", "server_url",
     "config.plain_http_not_allowed"},
    {R"({"server_url": ["https://central.example.org"]})", "server_url", "config.expected_string"},
    {R"({"allow_plain_http": "yes"})", "allow_plain_http", "config.expected_boolean"},
    {R"({"server_key_pin": "sha1//abc"})", "server_key_pin", "config.invalid_key_pin"},
    {R"({"server_key_pin": "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=;"})",
     "server_key_pin", "config.invalid_key_pin"},
    {R"({"server_key_pin": 1})", "server_key_pin", "config.expected_string"},
    {R"({"language": "fr"})", "language", "config.not_allowed"},
    {R"({"language": "ES"})", "language", "config.not_allowed"},
    {R"({"language": null})", "language", "config.expected_string"},
    {R"({"idle_timeout_s": 14})", "idle_timeout_s", "config.out_of_range"},
    {R"({"idle_timeout_s": 3601})", "idle_timeout_s", "config.out_of_range"},
    {R"({"personal_data_retention_days": 0})", "personal_data_retention_days", "config.out_of_range"},
    {R"({"personal_data_retention_days": 366})", "personal_data_retention_days", "config.out_of_range"},
    {R"({"idle_countdown_s": 19})", "idle_countdown_s", "config.out_of_range"},
    {R"({"idle_countdown_s": 301})", "idle_countdown_s", "config.out_of_range"},
    {R"({"display": []})", "display", "config.expected_object"},
    {R"({"display": {"fullscreen": "true"}})", "display.fullscreen", "config.expected_boolean"},
    {R"({"display": {"width_px": 100}})", "display.width_px", "config.out_of_range"},
    {R"({"display": {"height_px": 100000}})", "display.height_px", "config.out_of_range"},
    {R"({"display": {"ui_scale": 0.4}})", "display.ui_scale", "config.out_of_range_or_zero"},
    {R"({"display": {"ui_scale": 3.5}})", "display.ui_scale", "config.out_of_range_or_zero"},
    {R"({"display": {"ui_scale": -1}})", "display.ui_scale", "config.out_of_range_or_zero"},
    {R"({"display": {"ui_scale": "auto"}})", "display.ui_scale", "config.expected_number"},
    {R"({"display": {"large_text": 1}})", "display.large_text", "config.expected_boolean"},
    {R"({"display": {"high_contrast": null}})", "display.high_contrast", "config.expected_boolean"},
    {R"({"scanner": "keyboard_wedge"})", "scanner", "config.expected_object"},
    {R"({"scanner": {"source": "usb"}})", "scanner.source", "config.not_allowed"},
    {R"({"scanner": {"serial_device": 5}})", "scanner.serial_device", "config.expected_string"},
    {R"({"scanner": {"baud_rate": 9601}})", "scanner.baud_rate", "config.not_allowed"},
    {R"({"scanner": {"baud_rate": "9600"}})", "scanner.baud_rate", "config.expected_integer"},
    {R"({"scanner": {"camera_device": false}})", "scanner.camera_device", "config.expected_string"},
    {R"({"scanner": {"image_folder": []}})", "scanner.image_folder", "config.expected_string"},
    {R"({"scanner": {"wedge_max_key_interval_ms": 0}})", "scanner.wedge_max_key_interval_ms",
     "config.out_of_range"},
    {R"({"scanner": {"wedge_max_key_interval_ms": 1000}})", "scanner.wedge_max_key_interval_ms",
     "config.out_of_range"},
    {R"({"scanner": {"source": "serial", "serial_device": ""}})", "scanner.serial_device",
     "config.value_required"},
    {R"({"scanner": {"source": "camera", "camera_device": ""}})", "scanner.camera_device",
     "config.value_required"},
    {R"({"scanner": {"source": "image_folder", "image_folder": ""}})", "scanner.image_folder",
     "config.value_required"},
    {R"({"printer": 80})", "printer", "config.expected_object"},
    {R"({"printer": {"backend": "lpr"}})", "printer.backend", "config.not_allowed"},
    {R"({"printer": {"pdf_folder": 1}})", "printer.pdf_folder", "config.expected_string"},
    {R"({"printer": {"cups_queue": 1}})", "printer.cups_queue", "config.expected_string"},
    {R"({"printer": {"escpos_device": 1}})", "printer.escpos_device", "config.expected_string"},
    {R"({"printer": {"paper_width_mm": 76}})", "printer.paper_width_mm", "config.not_allowed"},
    {R"({"printer": {"backend": "pdf_folder", "pdf_folder": ""}})", "printer.pdf_folder",
     "config.value_required"},
    {R"({"printer": {"backend": "cups"}})", "printer.cups_queue", "config.value_required"},
    {R"({"printer": {"backend": "escpos", "escpos_device": ""}})", "printer.escpos_device",
     "config.value_required"},
    {R"({"speech": true})", "speech", "config.expected_object"},
    {R"({"speech": {"output": "hdmi"}})", "speech.output", "config.not_allowed"},
    {R"({"speech": {"alsa_device": 0}})", "speech.alsa_device", "config.expected_string"},
    {R"({"speech": {"output": "speaker", "alsa_device": ""}})", "speech.alsa_device",
     "config.value_required"},
    {R"({"speech": {"wav_folder": 0}})", "speech.wav_folder", "config.expected_string"},
    {R"({"speech": {"output": "wav_folder", "wav_folder": ""}})", "speech.wav_folder",
     "config.value_required"},
    {R"({"speech": {"voice": ""}})", "speech.voice", "config.empty_value"},
    {R"({"speech": {"words_per_minute": 79}})", "speech.words_per_minute", "config.out_of_range"},
    {R"({"speech": {"words_per_minute": 301}})", "speech.words_per_minute", "config.out_of_range"},
    {R"({"data_dir": ""})", "data_dir", "config.empty_value"},
    {R"({"data_dir": 5})", "data_dir", "config.expected_string"},
    {R"({"idle_timeout": 60})", "idle_timeout", "config.unknown_key"},
    {R"({"scanner": {"baud": 9600}})", "scanner.baud", "config.unknown_key"},
    {R"({"language": "es", "language": "en"})", "language", "config.duplicate_key"},
    {R"({"display": {"fullscreen": true, "fullscreen": false}})", "display.fullscreen",
     "config.duplicate_key"},
};

// Every leaf key of a config, as dotted paths.
void collect_keys(const nlohmann::json& object, const std::string& prefix,
                  std::set<std::string>& keys) {
    for (const auto& [name, value] : object.items()) {
        std::string key = prefix.empty() ? name : prefix + "." + name;
        keys.insert(key);
        if (value.is_object()) collect_keys(value, key, keys);
    }
}

std::string describe_all(const std::vector<Error>& problems) {
    std::string text;
    for (const Error& problem : problems) text += problem.describe() + "\n";
    return text;
}

const std::filesystem::path kConfigDir = std::filesystem::path(VENTANILLA_SOURCE_DIR) / "config";

}  // namespace

TEST_CASE("config: the defaults are a valid config and survive a round trip through JSON") {
    TerminalConfig defaults;
    CHECK(validate_config(defaults).empty());
    ConfigCheck check = parse_config(config_to_json_text(defaults));
    REQUIRE_MESSAGE(check.ok(), describe_all(check.problems()));
    CHECK(config_to_json_text(check.value()) == config_to_json_text(defaults));
}

TEST_CASE("config: missing keys take their defaults") {
    ConfigCheck check = parse_config(R"({"terminal_number": 7, "display": {"large_text": true}})");
    REQUIRE_MESSAGE(check.ok(), describe_all(check.problems()));
    TerminalConfig expected;
    expected.terminal_number = 7;
    expected.display.large_text = true;
    CHECK(config_to_json_text(check.value()) == config_to_json_text(expected));
    CHECK(check.value().idle_timeout_s == 60);
    CHECK(check.value().idle_countdown_s == 30);
    CHECK(check.value().language == "es");
    CHECK(check.value().data_dir == "var/terminal");
    CHECK(check.value().scanner.wedge_max_key_interval_ms == 50);
}

TEST_CASE("config: every valid value of every field is read") {
    ConfigCheck check = parse_config(R"({
      "role": "counter", "office_id": "PLZ_3-b", "terminal_number": 999,
      "server_url": "http://10.0.0.5:8080/api/", "allow_plain_http": true, "language": "en",
      "server_key_pin": "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=;sha256//BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=",
      "idle_timeout_s": 15, "idle_countdown_s": 20,
      "display": {"fullscreen": false, "width_px": 800, "height_px": 600, "ui_scale": 1.25,
                  "large_text": true, "high_contrast": true},
      "scanner": {"source": "camera", "serial_device": "/dev/ttyS1", "baud_rate": 115200,
                  "camera_device": "/dev/video2", "image_folder": "/srv/scans",
                  "wedge_max_key_interval_ms": 30},
      "printer": {"backend": "cups", "pdf_folder": "out", "cups_queue": "PDF",
                  "escpos_device": "/dev/usb/lp1", "paper_width_mm": 58},
      "speech": {"output": "wav_folder", "alsa_device": "hw:1,0", "wav_folder": "/srv/calls",
                 "voice": "es", "words_per_minute": 300},
      "data_dir": "/var/lib/ventanilla"})");
    REQUIRE_MESSAGE(check.ok(), describe_all(check.problems()));
    const TerminalConfig& c = check.value();
    CHECK(c.role == TerminalRole::counter);
    CHECK(c.office_id == "PLZ_3-b");
    CHECK(c.terminal_number == 999);
    CHECK(c.server_url == "http://10.0.0.5:8080/api/");
    CHECK(c.allow_plain_http);
    CHECK(c.server_key_pin.starts_with("sha256//AAAA"));
    CHECK(c.language == "en");
    CHECK(c.idle_timeout_s == 15);
    CHECK(c.idle_countdown_s == 20);
    CHECK_FALSE(c.display.fullscreen);
    CHECK(c.display.width_px == 800);
    CHECK(c.display.height_px == 600);
    CHECK(c.display.ui_scale == doctest::Approx(1.25));
    CHECK(c.display.large_text);
    CHECK(c.display.high_contrast);
    CHECK(c.scanner.source == ScannerSource::camera);
    CHECK(c.scanner.serial_device == "/dev/ttyS1");
    CHECK(c.scanner.baud_rate == 115200);
    CHECK(c.scanner.camera_device == "/dev/video2");
    CHECK(c.scanner.image_folder == "/srv/scans");
    CHECK(c.scanner.wedge_max_key_interval_ms == 30);
    CHECK(c.printer.backend == PrinterBackend::cups);
    CHECK(c.printer.pdf_folder == "out");
    CHECK(c.printer.cups_queue == "PDF");
    CHECK(c.printer.escpos_device == "/dev/usb/lp1");
    CHECK(c.printer.paper_width_mm == 58);
    CHECK(c.speech.output == SpeechOutput::wav_folder);
    CHECK(c.speech.alsa_device == "hw:1,0");
    CHECK(c.speech.wav_folder == "/srv/calls");
    CHECK(c.speech.voice == "es");
    CHECK(c.speech.words_per_minute == 300);
    CHECK(c.data_dir == "/var/lib/ventanilla");
}

TEST_CASE("config: an invalid value of any field is rejected naming the field and the reason") {
    std::set<std::string> keys_tested;
    for (const BadValue& bad : kBadValues) {
        CAPTURE(bad.json);
        ConfigCheck check = parse_config(bad.json);
        REQUIRE_FALSE(check.ok());
        REQUIRE_MESSAGE(check.problems().size() == 1, describe_all(check.problems()));
        const Error& problem = check.problems().front();
        CHECK(problem.code == bad.code);
        CHECK(problem.message_key == "error." + std::string(bad.code));
        CHECK(problem.args.at("key") == bad.key);
        // The log line names the key first, then says why.
        CHECK(problem.detail.rfind(std::string(bad.key) + ": ", 0) == 0);
        CHECK(problem.detail.size() > std::string(bad.key).size() + 4);
        keys_tested.insert(bad.key);
    }

    // Each key a config can hold has at least one bad value above.
    std::set<std::string> all_keys;
    collect_keys(nlohmann::json::parse(config_to_json_text(TerminalConfig{})), "", all_keys);
    for (const std::string& key : all_keys) {
        CHECK_MESSAGE(keys_tested.count(key) == 1, "no bad value tested for " << key);
    }
}

TEST_CASE("config: a problem says the value found and what was expected") {
    ConfigCheck check = parse_config(R"({"scanner": {"baud_rate": 9601}})");
    REQUIRE_FALSE(check.ok());
    const Error& baud = check.problems().front();
    CHECK(baud.args.at("actual") == "9601");
    CHECK(baud.args.at("allowed") == "1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200");
    CHECK(baud.detail ==
          "scanner.baud_rate: must be one of 1200, 2400, 4800, 9600, 19200, 38400, 57600, "
          "115200, found 9601");

    check = parse_config(R"({"idle_countdown_s": 10})");
    REQUIRE_FALSE(check.ok());
    const Error& countdown = check.problems().front();
    CHECK(countdown.args.at("min") == "20");
    CHECK(countdown.args.at("max") == "300");
    CHECK(countdown.args.at("actual") == "10");

    check = parse_config(R"({"terminal_number": "3"})");
    REQUIRE_FALSE(check.ok());
    CHECK(check.problems().front().args.at("actual") == "\"3\"");
    CHECK(check.problems().front().detail == "terminal_number: expected integer, found \"3\"");

    check = parse_config(R"({"scanner": {"source": "serial", "serial_device": ""}})");
    REQUIRE_FALSE(check.ok());
    CHECK(check.problems().front().args.at("because_key") == "scanner.source");
    CHECK(check.problems().front().args.at("because_value") == "serial");
}

TEST_CASE("config: all problems of a file are reported at once, in the file's order") {
    ConfigCheck check = parse_config(R"({
      "role": "kiosko",
      "terminal_number": 0,
      "colour": "blue",
      "display": {"ui_scale": 9, "width": 3},
      "scanner": {"baud_rate": 9601},
      "printer": {"paper_width_mm": "80"}
    })");
    REQUIRE_FALSE(check.ok());
    std::vector<std::string> keys;
    for (const Error& problem : check.problems()) keys.push_back(problem.args.at("key"));
    CHECK(keys == std::vector<std::string>{"role", "terminal_number", "colour", "display.ui_scale",
                                           "display.width", "scanner.baud_rate",
                                           "printer.paper_width_mm"});
}

TEST_CASE("config: a value that depends on a bad key is not reported twice") {
    // allow_plain_http is wrong, so whether plain http is allowed is unknown: one problem.
    ConfigCheck check =
        parse_config(R"({"server_url": "http://10.0.0.5", "allow_plain_http": "true"})");
    REQUIRE_FALSE(check.ok());
    REQUIRE(check.problems().size() == 1);
    CHECK(check.problems().front().args.at("key") == "allow_plain_http");

    check = parse_config(R"({"scanner": {"source": "seria", "serial_device": ""}})");
    REQUIRE_FALSE(check.ok());
    REQUIRE(check.problems().size() == 1);
    CHECK(check.problems().front().args.at("key") == "scanner.source");
}

TEST_CASE("config: plain http only to this machine unless allowed") {
    for (const char* url : {"http://127.0.0.1:8420", "http://127.1.2.3", "http://localhost:8420/x",
                            "http://LOCALHOST", "http://[::1]:8420"}) {
        CAPTURE(url);
        TerminalConfig config;
        config.server_url = url;
        CHECK(validate_config(config).empty());
    }
    TerminalConfig lan;
    lan.server_url = "http://192.168.1.10:8420";
    REQUIRE(validate_config(lan).size() == 1);
    CHECK(validate_config(lan).front().code == "config.plain_http_not_allowed");
    lan.allow_plain_http = true;
    CHECK(validate_config(lan).empty());
    lan.server_url = "https://192.168.1.10:8420";
    lan.allow_plain_http = false;
    CHECK(validate_config(lan).empty());
}

TEST_CASE("config: a server address is taken apart for the sync client") {
    auto url = parse_server_url("HTTPS://Central.Example.org:8443/api/v1/");
    REQUIRE(url.ok());
    CHECK(url->scheme == "https");
    CHECK(url->host == "central.example.org");
    CHECK(url->port == 8443);
    CHECK(url->path == "/api/v1");
    CHECK_FALSE(url->is_loopback());

    url = parse_server_url("http://[::1]");
    REQUIRE(url.ok());
    CHECK(url->host == "[::1]");
    CHECK(url->port == 80);
    CHECK(url->path.empty());
    CHECK(url->is_loopback());

    auto bad = parse_server_url("https://a@b");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == "config.invalid_url");
    CHECK(bad.error().args.at("key") == "server_url");
}

TEST_CASE("config: a JSON syntax error gives the line and column") {
    ConfigCheck check =
        parse_config("{\n  \"role\": \"kiosk\",\n  \"language\": es\n}\n", "k.json");
    REQUIRE_FALSE(check.ok());
    REQUIRE(check.problems().size() == 1);
    const Error& problem = check.problems().front();
    CHECK(problem.code == "config.syntax");
    CHECK(problem.args.at("path") == "k.json");
    CHECK(problem.args.at("line") == "3");
    CHECK(problem.args.at("column") == "15");  // the "e" of es
    CHECK(problem.detail.rfind("k.json:3:15: ", 0) == 0);

    check = parse_config("{\"role\": \"kiosk\",}");
    REQUIRE_FALSE(check.ok());
    CHECK(check.problems().front().args.at("line") == "1");
    CHECK(check.problems().front().args.at("column") == "18");

    check = parse_config("");
    REQUIRE_FALSE(check.ok());
    CHECK(check.problems().front().code == "config.syntax");

    // A number too large for a double: no parse error position, found from the token.
    check = parse_config("{\n  \"display\": {\"ui_scale\": 1e400}\n}");
    REQUIRE_FALSE(check.ok());
    CHECK(check.problems().front().code == "config.syntax");
    CHECK(check.problems().front().args.at("line") == "2");
    CHECK(check.problems().front().args.at("column") == "27");  // the "1" of 1e400

    // A file that holds valid JSON but not an object.
    check = parse_config("[1, 2]");
    REQUIRE_FALSE(check.ok());
    CHECK(check.problems().front().code == "config.not_an_object");
}

TEST_CASE("config: a missing file is its own clear error") {
    TempDir temp;
    const std::filesystem::path dir = temp.path();
    ConfigCheck check = load_config(dir / "nope.json");
    REQUIRE_FALSE(check.ok());
    CHECK(check.problems().front().code == "config.file_missing");
    CHECK(check.problems().front().args.at("path") == (dir / "nope.json").string());

    check = load_config(dir);  // a directory, not a file
    REQUIRE_FALSE(check.ok());
    CHECK(check.problems().front().code == "config.file_unreadable");
}

TEST_CASE("config: a valid file is used and kept as the last good copy") {
    TempDir temp;
    const std::filesystem::path dir = temp.path();
    std::string text = R"({"terminal_number": 4})";
    write_bytes(dir / "terminal.json", text);
    ConfigInEffect in_effect =
        load_config_with_fallback(dir / "terminal.json", dir / "state" / "last-good.json");
    CHECK(in_effect.source == ConfigSource::file);
    CHECK(in_effect.problems.empty());
    CHECK(in_effect.config.terminal_number == 4);
    CHECK(read_bytes(dir / "state" / "last-good.json") == text);
    // No temporary file left behind by the atomic write.
    size_t files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir / "state")) {
        ++files;
    }
    CHECK(files == 1);
}

TEST_CASE("config: an invalid file falls back to the last good one and reports why") {
    TempDir temp;
    const std::filesystem::path dir = temp.path();
    auto path = dir / "terminal.json";
    auto last_good = dir / "last-good.json";
    write_bytes(path, R"({"terminal_number": 4})");
    REQUIRE(load_config_with_fallback(path, last_good).source == ConfigSource::file);

    write_bytes(path, R"({"terminal_number": 4000, "language": "fr"})");
    ConfigInEffect in_effect = load_config_with_fallback(path, last_good);
    CHECK(in_effect.source == ConfigSource::last_good);
    CHECK(in_effect.config.terminal_number == 4);
    REQUIRE(in_effect.problems.size() == 2);
    CHECK(in_effect.problems[0].args.at("key") == "terminal_number");
    CHECK(in_effect.problems[1].args.at("key") == "language");
    // The bad file never becomes the last good one.
    CHECK(read_bytes(last_good) == R"({"terminal_number": 4})");

    std::filesystem::remove(path);
    in_effect = load_config_with_fallback(path, last_good);
    CHECK(in_effect.source == ConfigSource::last_good);
    REQUIRE(in_effect.problems.size() == 1);
    CHECK(in_effect.problems[0].code == "config.file_missing");
}

TEST_CASE("config: with no usable last good copy the defaults are used") {
    TempDir temp;
    const std::filesystem::path dir = temp.path();
    auto path = dir / "terminal.json";
    write_bytes(path, "{ not json");
    ConfigInEffect in_effect = load_config_with_fallback(path, dir / "last-good.json");
    CHECK(in_effect.source == ConfigSource::defaults);
    CHECK(config_to_json_text(in_effect.config) == config_to_json_text(TerminalConfig{}));
    REQUIRE(in_effect.problems.size() == 1);
    CHECK(in_effect.problems[0].code == "config.syntax");
    CHECK_FALSE(std::filesystem::exists(dir / "last-good.json"));

    write_bytes(dir / "last-good.json", R"({"role": "robot"})");
    in_effect = load_config_with_fallback(path, dir / "last-good.json");
    CHECK(in_effect.source == ConfigSource::defaults);
    REQUIRE(in_effect.problems.size() == 2);
    CHECK(in_effect.problems[1].code == "config.last_good_unusable");
    CHECK(in_effect.problems[1].args.at("path") == (dir / "last-good.json").string());
}

TEST_CASE("config: a last good copy that cannot be written is reported, the file still used") {
    TempDir temp;
    const std::filesystem::path dir = temp.path();
    write_bytes(dir / "terminal.json", "{}");
    write_bytes(dir / "blocker", "a file where a directory should be");
    ConfigInEffect in_effect =
        load_config_with_fallback(dir / "terminal.json", dir / "blocker" / "last-good.json");
    CHECK(in_effect.source == ConfigSource::file);
    REQUIRE(in_effect.problems.size() == 1);
    CHECK(in_effect.problems[0].code == "file.write_failed");
}

TEST_CASE("config: the shipped example files all load without problems") {
    struct Example {
        const char* file;
        TerminalRole role;
    };
    for (Example example : {Example{"kiosk.example.json", TerminalRole::kiosk},
                            Example{"counter.example.json", TerminalRole::counter},
                            Example{"display.example.json", TerminalRole::display},
                            Example{"kiosk.json", TerminalRole::kiosk}}) {
        CAPTURE(example.file);
        ConfigCheck check = load_config(kConfigDir / example.file);
        REQUIRE_MESSAGE(check.ok(), describe_all(check.problems()));
        CHECK(check.value().role == example.role);
        CHECK(check.value().display.fullscreen);
    }
    ConfigCheck run = load_config(kConfigDir / "kiosk.json");
    REQUIRE(run.ok());
    CHECK(run.value().server_url == "http://127.0.0.1:8420");
}
