// Tracking on the real binary under Xvfb: a scan opens the tracking screen from anywhere,
// a wrong check digit is said precisely, and without a server the citizen is told so; a number
// typed on the on-screen keys alone, and a scan while they are up.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/central.h"
#include "tests/support/onscreen_keys.h"
#include "tests/support/terminal.h"

using namespace ventanilla::testing;
using ventanilla::Result;

namespace {

// Taps "Imprimir" and waits for the printer's answer; the job's file.
std::string print_and_wait(Terminal& terminal) {
    terminal.must("tap Imprimir");
    REQUIRE(wait_until([&] { return terminal.state()["print_state"] != "printing"; }, 10s, 50ms));
    terminal.must("wait_idle");
    auto state = terminal.state();
    REQUIRE_MESSAGE(state["print_state"] == "printed", state.dump());
    return state["print_where"].get<std::string>();
}

// A kiosk on a display of its own, looking items up at a demo ventanilla-central.
struct TrackingKiosk {
    VirtualDisplay display;
    CentralServer central;
    Terminal terminal;
};

TrackingKiosk start_tracking_kiosk(const nlohmann::json& config = nlohmann::json::object()) {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    TerminalOptions options;
    options.server_url = central->base_url();
    options.config = config;
    auto terminal = Terminal::start(*display, options);
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
    return {std::move(display).value(), std::move(central).value(), std::move(terminal).value()};
}

}  // namespace

TEST_CASE("a scanned item id with a wrong check digit says which digit it should be") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    auto terminal = Terminal::start(*display);
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());

    terminal->must("scan RR123456784CU");  // from the home screen, as a wedge scanner types it
    auto state = terminal->state();
    CHECK(state["screen"] == "track");
    CHECK(state["tracking_phase"] == "invalid_id");
    CHECK(terminal->shows("El dígito de control debería ser 5, no 4"));
    CHECK(terminal->shows("Envío RR123456784CU"));  // what was read, so the citizen can compare
    terminal->screenshot("tracking_wrong_check_digit");

    terminal->must("tap English");
    CHECK(terminal->shows("check digit should be 5, not 4"));
}

TEST_CASE("an item never seen, with the server unreachable: a clear 'sin conexión', not a spinner") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    TerminalOptions options;
    options.server_url = "http://127.0.0.1:" + std::to_string(free_port());
    auto terminal = Terminal::start(*display, options);
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());

    terminal->must("scan rr 123 456 785 cu");
    REQUIRE(wait_until([&] { return terminal->state()["tracking_phase"] == "offline_unknown"; }, 15s, 100ms));
    terminal->must("wait_idle");
    CHECK(terminal->state()["tracking_item"] == "RR123456785CU");
    CHECK(terminal->shows("Sin conexión con el servidor y no tenemos datos guardados del envío RR123456785CU"));
    terminal->screenshot("tracking_offline_unknown");

    // Leaving wipes the look-up with the rest of the session.
    terminal->must("tap Volver al inicio");
    auto state = terminal->state();
    CHECK(state["screen"] == "home");
    CHECK(state["tracking_phase"] == "idle");
    CHECK(state["tracking_item"] == "");
}

TEST_CASE("typing an id in the field and pressing Buscar looks it up") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    auto terminal = Terminal::start(*display);
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
    terminal->must("tap Seguir un envío o giro");
    auto field = terminal->centre_of("Número del envío, p. ej. RR123456785CU");
    REQUIRE(field.has_value());
    terminal->must("tap_at " + std::to_string(field->first) + " " + std::to_string(field->second));
    terminal->must("type RB123456786US");
    terminal->must("tap Buscar");
    CHECK(terminal->state()["tracking_phase"] == "invalid_id");
    CHECK(terminal->shows("debería ser 5, no 6"));
}

TEST_CASE("tracking on the on-screen keys alone: a wrong check digit said and kept, corrected on the keys, found") {
    TrackingKiosk kiosk = start_tracking_kiosk();
    Terminal& terminal = kiosk.terminal;
    const std::string field = "Número del envío, p. ej. RR123456785CU";

    terminal.must("tap Seguir un envío o giro");
    CHECK(terminal.state()["typing"] == false);
    CHECK_FALSE(terminal.centre_of("Q").has_value());  // the keys come with a tap on the field
    terminal.must("tap " + field);
    CHECK(terminal.state()["typing"] == true);
    check_keyboard_below(terminal, field, "1");
    click_key(kiosk.display, terminal, "R");  // a finger, through X
    tap_keys(terminal, "R123456784CU");
    CHECK(terminal.state()["typed_text"] == "RR123456784CU");
    terminal.screenshot("tracking_keyboard_typed");

    terminal.must("tap Buscar");  // the keyboard's own key: the button beside the box is gone
    auto state = terminal.state();
    CHECK(state["tracking_phase"] == "invalid_id");
    CHECK(state["typed_text"] == "RR123456784CU");  // kept, to be corrected
    CHECK(state["typing"] == true);
    CHECK(terminal.shows("El dígito de control debería ser 5, no 4"));
    CHECK(shown_widget(terminal, "RR123456784CU", false));  // still in the box
    check_keyboard_below(terminal, field, "1");
    auto message =
        shown_widget(terminal, "El dígito de control debería ser 5, no 4. Revise el número, por favor.", false);
    auto top_key = shown_widget(terminal, "1", true);
    REQUIRE(message);
    REQUIRE(top_key);
    CHECK((*message)["y"].get<double>() + (*message)["h"].get<double>() <= (*top_key)["y"].get<double>());
    terminal.screenshot("tracking_keyboard_wrong_check_digit");

    // In English and large text: the message, the keys and the field above them, translated.
    terminal.must("tap English");
    terminal.must("tap Large text");
    CHECK(terminal.shows("check digit should be 5, not 4"));
    check_keyboard_below(terminal, "Item number, e.g. RR123456785CU", "1");
    terminal.screenshot("tracking_keyboard_large_english");
    terminal.must("tap Delete");
    terminal.must("tap Delete");
    terminal.must("tap Delete");
    tap_keys(terminal, "5CU");
    CHECK(terminal.state()["typed_text"] == "RR123456785CU");
    terminal.must("tap Search");
    REQUIRE(wait_until([&] { return terminal.state()["tracking_phase"] == "found"; }, 15s, 100ms));
    terminal.must("wait_idle");
    CHECK(terminal.state()["tracking_item"] == "RR123456785CU");
    CHECK(terminal.shows("Ready for pick-up at"));
    CHECK_FALSE(terminal.centre_of("Q").has_value());  // the answer has the whole screen
    terminal.screenshot("tracking_keyboard_found");
}

TEST_CASE("tracking: a wedge scan while the on-screen keys are up wins, and nothing typed is lost") {
    TrackingKiosk kiosk = start_tracking_kiosk();
    Terminal& terminal = kiosk.terminal;

    terminal.must("tap Seguir un envío o giro");
    terminal.must("tap Número del envío, p. ej. RR123456785CU");
    tap_keys(terminal, "RR12");
    terminal.must("scan RR123456785CU");
    REQUIRE(wait_until([&] { return terminal.state()["tracking_phase"] == "found"; }, 15s, 100ms));
    terminal.must("wait_idle");
    auto state = terminal.state();
    CHECK(state["tracking_item"] == "RR123456785CU");
    CHECK(state["typed_text"] == "RR12");  // none of the scan went into the box, nothing of the box was lost
    REQUIRE(state["scans"].size() == 1);
    CHECK(state["scans"][0] == "RR123456785CU");
    CHECK(terminal.shows("Listo para recoger en Correos Plaza, ventanilla 2"));
    terminal.screenshot("tracking_keyboard_scan_wins");
}

TEST_CASE("a wedge scan of a demo item shows its status and timeline, offline, the cached answer with its age") {
    TrackingKiosk kiosk = start_tracking_kiosk({{"idle_timeout_s", 3600}});  // so the clock can move 50 minutes on
    Terminal& terminal = kiosk.terminal;

    terminal.must("scan RR123456785CU");
    REQUIRE(wait_until([&] { return terminal.state()["tracking_phase"] == "found"; }, 15s, 100ms));
    terminal.must("wait_idle");
    CHECK(terminal.shows("Listo para recoger en Correos Plaza, ventanilla 2"));
    CHECK(terminal.shows("Historial"));
    terminal.screenshot("tracking_found");

    // "Imprimir": an 80 mm PDF in the printer folder with the id, the status and the history.
    std::string receipt = print_and_wait(terminal);
    CHECK(receipt.starts_with(terminal.dir()));
    CHECK(terminal.shows("Recoja su comprobante en la impresora."));
    std::string text = printed_text(receipt);
    CHECK(text.find("RR123456785CU") != std::string::npos);
    CHECK(text.find("Listo para recoger en Correos Plaza, ventanilla 2") != std::string::npos);
    CHECK(text.find("Historial") != std::string::npos);
    CHECK(text.find("Admisión") != std::string::npos);  // the oldest event, EMA
    CHECK(text.find("Consultado al servidor") != std::string::npos);
    terminal.screenshot("tracking_printed");

    kiosk.central.stop();
    terminal.must("tap Buscar otro envío");
    terminal.must("scan RR123456785CU");
    REQUIRE(wait_until([&] { return terminal.state()["tracking_phase"] == "offline_with_cache"; }, 15s, 100ms));
    terminal.must("wait_idle");
    CHECK(terminal.shows("Listo para recoger en Correos Plaza, ventanilla 2"));
    CHECK(terminal.shows("Última actualización: ahora mismo"));
    // The failed look-up makes the status corner re-check at once, not in 15 s.
    CHECK(wait_until([&] { return terminal.state()["server"] == "offline"; }, 5s, 100ms));
    terminal.must("clock_advance 3000");  // fifty minutes later, still offline
    CHECK(terminal.shows("Última actualización: hace 50 minutos"));
    terminal.screenshot("tracking_offline_cached");

    // Printed offline, the receipt says the status is the last known one, and how old.
    std::string offline_text = printed_text(print_and_wait(terminal));
    CHECK(offline_text.find("Listo para recoger en Correos Plaza, ventanilla 2") != std::string::npos);
    CHECK(offline_text.find("último estado conocido, actualizado hace 50 minutos") != std::string::npos);
}

TEST_CASE("a receipt that cannot be printed says why and keeps the answer on screen") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    TempDir dir;
    std::string in_the_way = dir.file("receipts");
    {
        std::ofstream file(in_the_way);  // a file where the printer's folder should be
        file << "not a folder";
    }
    TerminalOptions options;
    options.server_url = central->base_url();
    options.config = {{"printer", {{"backend", "pdf_folder"}, {"pdf_folder", in_the_way + "/sub"}}}};
    auto terminal = Terminal::start(*display, options);
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());

    terminal->must("scan RR123456785CU");
    REQUIRE(wait_until([&] { return terminal->state()["tracking_phase"] == "found"; }, 15s, 100ms));
    terminal->must("tap Imprimir");
    REQUIRE(wait_until([&] { return terminal->state()["print_state"] == "failed"; }, 10s, 50ms));
    terminal->must("wait_idle");
    auto state = terminal->state();
    CHECK(state["print_error"] == "printer.folder_unwritable");
    CHECK(state["tracking_phase"] == "found");
    CHECK(terminal->shows("Listo para recoger en Correos Plaza, ventanilla 2"));
    // The citizen is told what to do, not about folders; the technician finds why in the log.
    CHECK(terminal->shows("No se pudo imprimir. Recoja su comprobante en ventanilla."));
    CHECK(terminal->log().find("printer.folder_unwritable") != std::string::npos);
    terminal->screenshot("tracking_print_failed");
    // The button works again: a technician may have fixed the folder meanwhile.
    CHECK(terminal->centre_of("Imprimir").has_value());
}

TEST_CASE("hostile scans: control characters and 10,000 characters give a clear message, nothing typed") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    auto terminal = Terminal::start(*display);
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());

    // Every ASCII control character a Code128 can carry (but the line protocol's own
    // newline), inside a code: refused and reported, no shortcut, nothing typed.
    std::string controls = "RR12";
    for (char c = 1; c < 32; ++c) {
        if (c != '\n') controls += c;
    }
    controls += "\x7f" "345";
    terminal->must("scan " + controls);
    auto state = terminal->state();
    CHECK(state["screen"] == "home");
    CHECK(state["scans"].empty());
    CHECK(state["typed_text"] == "");
    CHECK(state["notice"].get<std::string>().find("caracteres que no se pueden usar") !=
          std::string::npos);

    terminal->must("scan " + std::string(10000, 'A'));
    state = terminal->state();
    CHECK(state["scans"].empty());
    CHECK(state["notice"] == "El código leído es demasiado largo. Vuelva a escanearlo, por favor.");

    // Invalid UTF-8 cannot come this way: the keyboard hands the terminal code points, not
    // bytes. It can come from a serial scanner, and sanitize_scan's unit tests cover it.
    terminal->screenshot("hostile_scan_notice");
}
