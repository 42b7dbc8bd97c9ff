// The technician's settings: each field checked by the configuration's own rules, its problem
// put on that field and named by the field's translated label; the draft saved atomically, so a
// kill -9 in the middle of a save leaves the old file or the new one, never a broken one.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <random>
#include <thread>

#include "kiosk/i18n.h"
#include "kiosk/settings_form.h"
#include "tests/support/process.h"

using namespace ventanilla;
using ventanilla::testing::TempDir;

namespace {

Translations spanish() {
    auto loaded = load_translations(std::filesystem::path(VENTANILLA_SOURCE_DIR) / "assets" / "i18n", "es");
    REQUIRE(loaded.ok());
    return loaded.value();
}

struct BadValue {
    const char* key;
    const char* value;
    const char* code;
    // Other fields set first, when the bad value only counts with them (a serial port for a
    // serial scanner).
    std::vector<std::pair<const char*, const char*>> with{};
};

}  // namespace

TEST_CASE("settings: every field shown to the technician has a label in both languages and a page") {
    const Translations es = spanish();
    auto en = load_translations(std::filesystem::path(VENTANILLA_SOURCE_DIR) / "assets" / "i18n", "en");
    REQUIRE(en.ok());
    CHECK(setting_fields().size() >= 19);
    for (const auto& field : setting_fields()) {
        CAPTURE(field.key);
        CHECK(es.has(setting_label_key(field.key)));
        CHECK(en->has(setting_label_key(field.key)));
        if (field.kind == SettingKind::choice) CHECK_FALSE(field.choices.empty());
    }
}

TEST_CASE("settings: the draft starts from the configuration in force and gives it back unchanged") {
    TerminalConfig config;
    config.office_id = "hav-plaza";
    config.terminal_number = 7;
    config.printer.backend = PrinterBackend::cups;
    config.printer.cups_queue = "recibos";
    config.display.ui_scale = 1.25;
    SettingsDraft draft(config);
    CHECK(draft.value("terminal_number") == "7");
    CHECK(draft.value("printer.backend") == "cups");
    CHECK(draft.value("display.ui_scale") == "1.25");
    CHECK(draft.changed_keys().empty());
    auto check = draft.check();
    REQUIRE(check.ok());
    CHECK(config_to_json_text(*check.config) == config_to_json_text(config));
}

TEST_CASE("settings: a bad value of each field is refused on that field, with the field named") {
    const Translations es = spanish();
    const std::vector<BadValue> cases = {
        {"role", "robot", "config.not_allowed"},
        {"office_id", "ofi cina!", "config.invalid_office_id"},
        {"terminal_number", "tres", "settings.not_a_whole_number"},
        {"terminal_number", "0", "config.out_of_range"},
        {"terminal_number", "1000", "config.out_of_range"},
        {"server_url", "ftp://central", "config.invalid_url"},
        {"server_url", "http://10.1.2.3:8420", "config.plain_http_not_allowed"},
        {"server_url", "https://user:pw@central", "config.invalid_url"},
        {"allow_plain_http", "quizás", "config.not_allowed"},
        {"server_key_pin", "sha256//corto", "config.invalid_key_pin", {{"server_url", "https://central"}}},
        {"language", "fr", "config.not_allowed"},
        {"idle_timeout_s", "5", "config.out_of_range"},
        {"idle_timeout_s", "1,5", "settings.not_a_whole_number"},
        {"idle_countdown_s", "10", "config.out_of_range"},
        {"display.ui_scale", "9", "config.out_of_range_or_zero"},
        {"display.ui_scale", "grande", "settings.not_a_number"},
        {"scanner.source", "laser", "config.not_allowed"},
        {"scanner.serial_device", "", "config.value_required", {{"scanner.source", "serial"}}},
        {"scanner.baud_rate", "1234", "config.not_allowed"},
        {"scanner.camera_device", "", "config.value_required", {{"scanner.source", "camera"}}},
        {"scanner.image_folder", " ", "config.value_required", {{"scanner.source", "image_folder"}}},
        {"printer.backend", "fax", "config.not_allowed"},
        {"printer.pdf_folder", "", "config.value_required", {{"printer.backend", "pdf_folder"}}},
        {"printer.cups_queue", "", "config.value_required", {{"printer.backend", "cups"}}},
        {"printer.escpos_device", "", "config.value_required", {{"printer.backend", "escpos"}}},
        {"printer.paper_width_mm", "70", "config.not_allowed"},
    };
    std::set<std::string> fields_tried;
    for (const auto& bad : cases) {
        CAPTURE(bad.key);
        CAPTURE(bad.value);
        SettingsDraft draft{TerminalConfig{}};
        for (const auto& [key, value] : bad.with) draft.set(key, value);
        draft.set(bad.key, bad.value);
        auto check = draft.check();
        CHECK_FALSE(check.ok());
        auto found = check.field_errors.find(bad.key);
        REQUIRE_MESSAGE(found != check.field_errors.end(), "no error on the field");
        CHECK(found->second.code == bad.code);
        // The message names the field as the screen labels it, not by its key in the file.
        std::string message = describe_setting_error(found->second, es);
        CAPTURE(message);
        CHECK(message.find(es.tr(setting_label_key(bad.key))) != std::string::npos);
        CHECK(message.find("⟦") == std::string::npos);
        fields_tried.insert(bad.key);
    }
    for (const auto& field : setting_fields()) {
        CAPTURE(field.key);
        CHECK(fields_tried.count(std::string(field.key)) == 1);
    }
}

TEST_CASE("settings: good values are taken, decimals with a comma, and the fields that need a restart are known") {
    SettingsDraft draft{TerminalConfig{}};
    draft.set("display.ui_scale", " 1,5 ");
    draft.set("printer.backend", "escpos");
    draft.set("printer.escpos_device", "/dev/usb/lp1");
    draft.set("printer.paper_width_mm", "58");
    auto check = draft.check();
    REQUIRE(check.ok());
    CHECK(check.config->display.ui_scale == doctest::Approx(1.5));
    CHECK(check.config->printer.backend == PrinterBackend::escpos);
    CHECK(check.config->printer.paper_width_mm == 58);
    CHECK(draft.changes_need_restart());  // the scale: the fonts are built for it at start

    SettingsDraft devices_only{TerminalConfig{}};
    devices_only.set("scanner.source", "image_folder");
    devices_only.set("language", "en");
    CHECK(devices_only.check().ok());
    CHECK_FALSE(devices_only.changes_need_restart());
    CHECK(devices_only.changed_keys() == std::vector<std::string>{"language", "scanner.source"});
}

TEST_CASE("settings: a field hidden by another's value is not shown but still checked") {
    SettingsDraft draft{TerminalConfig{}};
    const SettingField* serial = setting_field("scanner.serial_device");
    REQUIRE(serial);
    CHECK_FALSE(draft.shown(*serial));
    draft.set("scanner.source", "serial");
    CHECK(draft.shown(*serial));
}

TEST_CASE("settings: kill -9 during a save leaves the old file or the new one, never a broken one") {
    TempDir dir;
    const std::filesystem::path path = dir.file("terminal.json");
    std::filesystem::path last_good = path;
    last_good += ".last-good";
    TerminalConfig old_config, new_config;
    old_config.office_id = "hav-plaza";
    new_config.office_id = "hav-vedado";
    new_config.printer.backend = PrinterBackend::cups;
    new_config.printer.cups_queue = std::string(4000, 'q');  // a larger file: more time inside a write
    REQUIRE(save_terminal_config(path, last_good, old_config).ok());

    std::mt19937 random(20250314);
    int old_seen = 0, new_seen = 0;
    for (int trial = 0; trial < 120; ++trial) {
        pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            // Saves the two configurations in turn until it is killed.
            for (bool flip = true;; flip = !flip) {
                (void)save_terminal_config(path, last_good, flip ? new_config : old_config);
            }
        }
        std::this_thread::sleep_for(std::chrono::microseconds(random() % 20000));
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
        REQUIRE(WIFSIGNALED(status));
        for (const auto& file : {path, last_good}) {
            CAPTURE(file);
            ConfigCheck loaded = load_config(file);
            REQUIRE_MESSAGE(loaded.ok(), "a broken file after kill -9 in trial " << trial);
            const std::string& office = loaded.value().office_id;
            CHECK((office == "hav-plaza" || office == "hav-vedado"));
            if (file == path) (office == "hav-plaza" ? old_seen : new_seen)++;
        }
    }
    // The kills landed at different points of the loop: both versions were found.
    CHECK(old_seen > 0);
    CHECK(new_seen > 0);
}
