// The technician mode on the real terminal under Xvfb: the corner held five seconds with real X
// input, the PIN set on the first start and the lock after five wrong ones; the printer moved to
// a queue a real private cupsd reports and a test page that arrives there; enrolment, the server
// self-test against a real ventanilla-central, the scan test, a field refused with its name, and
// the diagnostics exported with the refused record listed and nothing personal in it.
#include <doctest/doctest.h>

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "kiosk/base64.h"
#include "kiosk/enrolment.h"
#include "kiosk/outbox.h"
#include "kiosk/store.h"
#include "kiosk/technician_access.h"
#include "kiosk/terminal_keys.h"
#include "tests/support/central.h"
#include "tests/support/cups_server.h"
#include "tests/support/enrolled_device.h"
#include "tests/support/onscreen_keys.h"
#include "tests/support/terminal.h"

using namespace ventanilla;
using namespace ventanilla::testing;
using Json = nlohmann::json;

namespace {

constexpr const char* kPin = "480271";

// A finger on the top-left corner for five and a half seconds, through the X server.
void hold_corner(const VirtualDisplay& display, Terminal& terminal) {
    REQUIRE(display.run("xdotool mousemove 6 6 mousedown 1 sleep 5.5 mouseup 1 mousemove 960 1070") == 0);
    terminal.must("wait_idle");
}

Json technician(Terminal& terminal) { return terminal.state()["technician"]; }

// A settings page as shown: every field name in the left column ends before the column of
// values begins, so no name runs under its box ("Tiempo de inactividad (segu").
void check_names_clear_of_values(Terminal& terminal) {
    const Json shown = terminal.must("shown")["shown"];
    double values_x = 1e9;
    for (const auto& item : shown) {
        if (item["tappable"].get<bool>() && item["x"].get<double>() > 300 && item["y"].get<double>() > 120) {
            values_x = std::min(values_x, item["x"].get<double>());
        }
    }
    REQUIRE(values_x < 1e9);
    int names = 0;
    for (const auto& item : shown) {
        if (item["tappable"].get<bool>() || item["x"].get<double>() > 100 || item["y"].get<double>() < 120) continue;
        ++names;
        CHECK_MESSAGE(item["x"].get<double>() + item["w"].get<double>() <= values_x, item["text"].get<std::string>());
    }
    CHECK(names >= 4);
}

void enter_pin(Terminal& terminal, const std::string& pin) {
    for (char digit : pin) terminal.must("tap " + std::string(1, digit));
    terminal.must("tap Aceptar");
    REQUIRE(wait_until([&] { return !terminal.shows("Comprobando el PIN…"); }, 10s, 50ms));
    terminal.must("wait_idle");
}

void preset_pin(const std::string& config_path) {
    auto access = TechnicianAccess::open(secrets_path_for(config_path));
    REQUIRE(access.ok());
    REQUIRE(access->set_pin(kPin).ok());
}

void open_with_pin(const VirtualDisplay& display, Terminal& terminal) {
    hold_corner(display, terminal);
    REQUIRE(technician(terminal)["phase"] == "pin");
    enter_pin(terminal, kPin);
    REQUIRE(technician(terminal)["phase"] == "open");
}

// The terminal started with the technician's PIN already set, then opened in technician mode
// by the corner gesture and the PIN.
Terminal start_in_technician_mode(const VirtualDisplay& display, TerminalOptions options = {}) {
    options.before_start = preset_pin;
    auto terminal = Terminal::start(display, options);
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
    open_with_pin(display, terminal.value());
    return std::move(terminal).value();
}

}  // namespace

TEST_CASE("technician mode: corner gesture, first PIN set twice, five wrong PINs lock with the time left, idle leaves") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    auto terminal = Terminal::start(*display);
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
    REQUIRE(terminal->state()["screen"] == "home");

    hold_corner(*display, terminal.value());
    Json mode = technician(terminal.value());
    CHECK(mode["phase"] == "pin");
    CHECK(mode["needs_pin"] == true);
    CHECK(terminal->shows("Modo técnico"));
    terminal->screenshot("technician_pin_choose");

    for (char digit : std::string(kPin)) terminal->must("tap " + std::string(1, digit));
    terminal->must("tap Aceptar");
    CHECK(terminal->shows("Escriba el mismo PIN otra vez para confirmarlo."));
    enter_pin(terminal.value(), kPin);
    mode = technician(terminal.value());
    CHECK(mode["phase"] == "open");
    CHECK(mode["needs_pin"] == false);
    CHECK(terminal->shows("Diagnóstico"));
    terminal->screenshot("technician_menu");
    terminal->must("tap Salir del modo técnico");
    CHECK(technician(terminal.value())["phase"] == "closed");
    CHECK(terminal->state()["screen"] == "home");

    // The PIN is on disk only as its argon2id hash, and never in the log.
    const std::string secrets = file_text(secrets_path_for(terminal->dir() + "/terminal.json"));
    CHECK(secrets.find("$argon2id$") != std::string::npos);
    CHECK(secrets.find(kPin) == std::string::npos);
    CHECK(terminal->log().find(kPin) == std::string::npos);

    hold_corner(*display, terminal.value());
    REQUIRE(technician(terminal.value())["phase"] == "pin");
    for (int attempt = 1; attempt <= 4; ++attempt) {
        enter_pin(terminal.value(), "135790");
        CHECK(technician(terminal.value())["message"] == "technician.wrong_pin");
        CHECK(terminal->shows("PIN incorrecto. Le quedan " + std::to_string(5 - attempt) + " intentos."));
    }
    enter_pin(terminal.value(), "135790");
    mode = technician(terminal.value());
    CHECK(mode["phase"] == "locked");
    bool lock_shown = false;
    for (const auto& text : terminal->texts()) {
        if (text.find("bloqueado hasta las") != std::string::npos && text.find("(5 min)") != std::string::npos) {
            lock_shown = true;
        }
    }
    CHECK(lock_shown);
    terminal->screenshot("technician_locked");
    CHECK(terminal->log().find("135790") == std::string::npos);

    // The lock runs out by the clock (moved, not waited for): the PIN pad comes back.
    terminal->must("clock_advance 301");
    const bool unlocked = wait_until([&] { return technician(terminal.value())["phase"] == "pin"; }, 5s, 50ms);
    REQUIRE_MESSAGE(unlocked, technician(terminal.value()).dump());
    enter_pin(terminal.value(), kPin);
    CHECK(technician(terminal.value())["phase"] == "open");
    terminal->must("tap Diagnóstico");
    CHECK(technician(terminal.value())["page"] == "diagnostics");

    // Two idle minutes: back to the citizen screen.
    terminal->must("clock_advance 121");
    REQUIRE(wait_until([&] { return technician(terminal.value())["phase"] == "closed"; }, 5s, 50ms));
    terminal->must("wait_idle");
    CHECK(terminal->state()["screen"] == "home");
    CHECK_FALSE(terminal->shows("Modo técnico"));
}

TEST_CASE("technician mode: the printer moved to a queue a real cupsd reports, and the test page arrives there") {
    auto cups = CupsServer::start();
    REQUIRE_MESSAGE(cups.ok(), cups.failure_text());
    ::setenv("CUPS_SERVER", cups->server().c_str(), 1);
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    Terminal terminal = start_in_technician_mode(*display);

    terminal.must("tap Impresora");
    terminal.must("tap Cola de CUPS");
    // The queue field is empty: saving now names it.
    terminal.must("tap Guardar");
    Json mode = technician(terminal);
    CHECK(mode["field_errors"]["printer.cups_queue"] == "config.value_required");
    CHECK(terminal.shows("Falta «Cola de CUPS», necesario porque «Impresora» es «cups»."));
    terminal.screenshot("technician_printer_error");

    // Every queue of the private cupsd (tests/support/cups_server.cpp), in order.
    const Json queues = Json::array({"flaky", "jammed", "offline", "pdf", "receipts"});
    REQUIRE(wait_until([&] { return technician(terminal)["cups_queues"].size() == queues.size(); }, 10s, 100ms));
    terminal.must("wait_idle");
    CHECK(technician(terminal)["cups_queues"] == queues);
    terminal.must("tap receipts");
    terminal.must("tap Guardar");
    REQUIRE(wait_until([&] { return technician(terminal)["settings_message"] == "Guardado y aplicado."; }, 10s, 50ms));
    terminal.must("wait_idle");
    terminal.screenshot("technician_printer_cups");
    Json saved = Json::parse(file_text(terminal.dir() + "/terminal.json"));
    CHECK(saved["printer"]["backend"] == "cups");
    CHECK(saved["printer"]["cups_queue"] == "receipts");
    CHECK(Json::parse(file_text(terminal.dir() + "/terminal.json.last-good")) == saved);

    terminal.must("tap Menú");
    terminal.must("tap Pruebas");
    terminal.must("tap Imprimir página de prueba");
    REQUIRE(wait_until([&] { return technician(terminal)["self_tests"]["print"]["state"] != "printing"; }, 30s, 100ms));
    mode = technician(terminal);
    CHECK(mode["self_tests"]["print"]["state"] == "passed");
    CHECK(mode["self_tests"]["print"]["where"].get<std::string>().starts_with("receipts-"));
    terminal.must("wait_idle");
    terminal.screenshot("technician_test_print");

    // The job went through cupsd to the queue's printer, which keeps what it printed.
    std::vector<std::filesystem::path> printed;
    REQUIRE_MESSAGE(wait_until(
                        [&] {
                            printed.clear();
                            for (const auto& entry : std::filesystem::directory_iterator(cups->output_dir())) {
                                if (entry.path().extension() == ".pdf") printed.push_back(entry.path());
                            }
                            return !printed.empty();
                        },
                        20s, 200ms),
                    cups->log());
    REQUIRE(printed.size() == 1);
    TempDir text_dir;
    REQUIRE(std::system(("pdftotext '" + printed[0].string() + "' '" + text_dir.file("page.txt") + "'").c_str()) == 0);
    const std::string page = file_text(text_dir.file("page.txt"));
    CHECK(page.find("Página de prueba") != std::string::npos);
    CHECK(page.find("cups:receipts") != std::string::npos);
    ::unsetenv("CUPS_SERVER");
}

TEST_CASE("technician mode: the terminal number and the server URL typed on the on-screen keys alone, then saved") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    Terminal terminal = start_in_technician_mode(*display);

    // A number: the numeric pad; the tap selected the old value, so the first key replaces it.
    terminal.must("tap Terminal");
    CHECK_FALSE(terminal.shows("Listo"));
    terminal.must("tap Número de terminal");
    Json mode = technician(terminal);
    CHECK(mode["typing"] == "terminal_number");
    CHECK(mode["keyboard"] == "numbers");
    CHECK_FALSE(terminal.shows("Guardar"));  // the keyboard's band takes the footer's place
    check_keyboard_below(terminal, "Número de terminal", "1");
    terminal.screenshot("technician_keyboard_numbers");
    tap_keys(terminal, "42");
    terminal.must("tap Borrar");
    terminal.must("tap 7");
    terminal.must("tap Listo");
    CHECK(technician(terminal)["typing"] == "");
    CHECK(terminal.shows("47"));

    // An address: letters, digits and the signs a URL needs, on the keys of its own layout.
    terminal.must("tap Menú");
    terminal.must("tap Servidor");
    terminal.must("tap Dirección del servidor");
    mode = technician(terminal);
    CHECK(mode["typing"] == "server_url");
    CHECK(mode["keyboard"] == "address");
    check_keyboard_below(terminal, "Dirección del servidor", "1");
    terminal.must("tap Borrar");  // the whole selected address goes
    CHECK(technician(terminal)["typing"] == "server_url");
    const std::string url = "http://127.0.0.1:8421/central_2-b";
    tap_keys(terminal, url);
    terminal.must("wait_idle");
    CHECK(terminal.shows(url));
    terminal.screenshot("technician_keyboard_address");
    terminal.must("tap Listo");
    terminal.must("tap Guardar");
    REQUIRE(wait_until([&] { return !technician(terminal)["settings_message"].get<std::string>().empty(); }, 10s,
                       50ms));
    terminal.must("wait_idle");
    terminal.screenshot("technician_keyboard_saved");
    CHECK(technician(terminal)["field_errors"].empty());
    const Json saved = Json::parse(file_text(terminal.dir() + "/terminal.json"));
    CHECK(saved["server_url"] == url);
    CHECK(saved["terminal_number"] == 47);
    CHECK(Json::parse(file_text(terminal.dir() + "/terminal.json.last-good")) == saved);
}

TEST_CASE("technician mode: enrolment by code, server and scan self-tests, a field refused, diagnostics exported") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto code = issue_enrolment_code(*central);
    REQUIRE_MESSAGE(code.ok(), code.failure_text());

    // A record of a kind the server does not store, holding a citizen's name: it will be
    // refused and set aside, listed for the technician, and its content never shown or exported.
    TempDir data;
    {
        auto opened = LocalStore::open(data.file("terminal.db"));
        REQUIRE_MESSAGE(opened.ok(), opened.failure_text());
        LocalStore store = std::move(opened).value();
        REQUIRE(Outbox(store).enqueue("hologram", {{"name", "Juana Pérez Rizo"}}).ok());
    }
    TerminalOptions options;
    options.server_url = central->base_url();
    options.config = {{"data_dir", data.path()}, {"office_id", "hav-plaza"}};
    Terminal terminal = start_in_technician_mode(*display, options);

    terminal.must("tap Servidor");
    terminal.must("tap Código de alta");
    terminal.must("type " + code.value());  // a USB keyboard plugged in types as the keys do
    terminal.must("tap Dar de alta");
    REQUIRE(wait_until([&] { return technician(terminal)["enrolment"].get<std::string>().starts_with("Terminal dada de alta"); },
                       20s, 100ms));
    auto credentials = load_credentials(secrets_path_for(terminal.dir() + "/terminal.json"));
    REQUIRE(credentials.ok());
    REQUIRE(credentials.value().has_value());
    // It gave the server its receipt-signing key: a counter can check its receipts.
    auto keys = load_or_make_terminal_keys(secrets_path_for(terminal.dir() + "/terminal.json"));
    REQUIRE(keys.ok());
    auto counter = enrol_device(*central, "counter", "hav-plaza", 3);
    REQUIRE_MESSAGE(counter.ok(), counter.failure_text());
    auto listing = central->client().Get("/api/v1/terminal-keys", {{"Authorization", "Bearer " + counter->token}});
    REQUIRE(listing);
    REQUIRE(listing->status == 200);
    bool key_given = false;
    const Json terminals = Json::parse(listing->body)["terminals"];
    for (const auto& listed : terminals) {
        if (listed["device_id"] == (*credentials.value()).device_id) {
            key_given = listed["signing_key"] == to_base64(keys->signing.public_key);
        }
    }
    CHECK(key_given);
    // The uploads start at once: the refused record is set aside for the technician.
    REQUIRE(wait_until([&] { return terminal.state()["sync"]["records_set_aside"] == 1; }, 20s, 100ms));
    terminal.must("wait_idle");
    terminal.screenshot("technician_enrolled");

    terminal.must("tap Menú");
    terminal.must("tap Pruebas");
    terminal.must("tap Probar el servidor");
    REQUIRE(wait_until([&] { return technician(terminal)["self_tests"].contains("server"); }, 20s, 100ms));
    Json steps = technician(terminal)["self_tests"]["server"];
    REQUIRE(steps.size() == 5);
    CHECK(steps[0] == Json{{"step", "resolve"}, {"outcome", "pass"}, {"error", ""}});
    CHECK(steps[1] == Json{{"step", "connect"}, {"outcome", "pass"}, {"error", ""}});
    CHECK(steps[2] == Json{{"step", "tls"}, {"outcome", "not_applicable"}, {"error", ""}});
    CHECK(steps[3] == Json{{"step", "token"}, {"outcome", "pass"}, {"error", ""}});
    CHECK(steps[4] == Json{{"step", "clock"}, {"outcome", "pass"}, {"error", ""}});
    terminal.must("tap Probar el lector");
    CHECK(terminal.shows("Lea un código con el lector ahora…"));
    terminal.must("scan RR123456785CU");
    Json scan = technician(terminal)["self_tests"]["scan"];
    CHECK(scan["text"] == "RR123456785CU");
    CHECK(scan["source"] == "wedge");
    CHECK(terminal.state()["screen"] == "home");  // the scan went to the test, not to tracking
    CHECK(terminal.shows("Se leyó «RR123456785CU» desde el lector USB (teclado)."));
    terminal.screenshot("technician_self_tests");

    // A terminal number typed as a word: refused on its field, nothing saved.
    terminal.must("tap Menú");
    terminal.must("tap Terminal");
    const std::string before = file_text(terminal.dir() + "/terminal.json");
    terminal.must("tap Número de terminal");
    terminal.must("type tres");
    terminal.must("tap Listo");  // the keyboard closes: "Guardar" comes back
    terminal.must("tap Guardar");
    CHECK(technician(terminal)["field_errors"]["terminal_number"] == "settings.not_a_whole_number");
    CHECK(terminal.shows("«Número de terminal» debe ser un número entero, pero tiene «tres»."));
    CHECK(terminal.shows("No se guardó nada: hay un valor que corregir."));
    CHECK(file_text(terminal.dir() + "/terminal.json") == before);
    check_names_clear_of_values(terminal);
    terminal.screenshot("technician_field_error");

    terminal.must("tap Menú");
    terminal.must("tap Diagnóstico");
    REQUIRE(wait_until([&] { return technician(terminal)["set_aside"] == 1; }, 10s, 100ms));
    terminal.must("wait_idle");
    terminal.screenshot("technician_diagnostics");
    // The page is longer than the screen: read it as the technician does, scrolling down.
    bool listed = false;
    bool sync_shown = false;
    for (int page = 0; page < 12 && !(listed && sync_shown); ++page) {
        for (const auto& text : terminal.texts()) {
            if (text.find("hologram") != std::string::npos && text.find("unknown_kind") != std::string::npos) listed = true;
            if (text == "Sincronización") sync_shown = true;
            CHECK(text.find("Juana") == std::string::npos);
        }
        wheel(*display, terminal, 960, 700, 3);
    }
    CHECK(listed);
    CHECK(sync_shown);
    terminal.screenshot("technician_diagnostics_scrolled");
    wheel(*display, terminal, 960, 700, -60);  // back to the top, where the export is

    TempDir usb;
    terminal.must("tap Carpeta del diagnóstico");
    terminal.must("type " + usb.path());
    terminal.must("tap Exportar diagnóstico");
    REQUIRE(wait_until([&] { return technician(terminal)["export"].get<std::string>().starts_with("Diagnóstico guardado"); },
                       10s, 100ms));
    std::vector<std::filesystem::path> bundles;
    for (const auto& entry : std::filesystem::directory_iterator(usb.path())) bundles.push_back(entry.path());
    REQUIRE(bundles.size() == 1);
    const std::string text = file_text(bundles[0]);
    Json bundle = Json::parse(text);
    CHECK(bundle["terminal"]["office"] == "hav-plaza");
    CHECK(bundle["sync"]["records_set_aside"] == 1);
    REQUIRE(bundle["set_aside"].size() == 1);
    CHECK(bundle["set_aside"][0]["kind"] == "hologram");
    CHECK(bundle["set_aside"][0]["reason"] == "unknown_kind");
    CHECK(bundle["log"].size() > 5);
    CHECK(text.find("Juana") == std::string::npos);
    CHECK(text.find(credentials.value()->token) == std::string::npos);
    CHECK(text.find("argon2id") == std::string::npos);
    CHECK(text.find(code.value()) == std::string::npos);
}
