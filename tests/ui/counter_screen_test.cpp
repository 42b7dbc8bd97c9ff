// The counter role with the real binaries: a clerk logs in with the demo PIN (a wrong one says
// how many attempts are left), calls the next ticket, serves it, sees the waiting counts move by
// themselves as tickets are issued, pauses with a reason and resumes, and logs out.
#include <doctest/doctest.h>

#include "kiosk/enrolment.h"
#include "tests/server/queue_support.h"
#include "tests/support/office_terminal.h"
#include "tests/support/onscreen_keys.h"
#include "tests/support/terminal.h"

using namespace ventanilla;
using namespace ventanilla::testing;

namespace {

bool wait_role(Terminal& terminal, const std::function<bool(const nlohmann::json&)>& predicate,
               std::chrono::milliseconds timeout = 10s) {
    return wait_until([&] { return predicate(role_state(terminal)); }, timeout, 100ms);
}

void issue_ticket(const CentralServer& central, const EnrolledDevice& kiosk, const std::string& service) {
    auto reply = post_ticket(central, kiosk, ticket_body(service));
    REQUIRE(reply);
    REQUIRE_MESSAGE(reply->status == 201, reply->body);
}

// The clerk's pause took: the server has it with `reason`, and the screen says so.
void check_paused(Terminal& terminal, const std::string& reason) {
    REQUIRE(wait_role(terminal, [](const auto& s) { return s["paused"] == true; }));
    CHECK(role_state(terminal)["pause_reason"] == reason);
    terminal.must("wait_idle");
    CHECK(terminal.shows("En pausa: " + reason));
}

void type_pin(Terminal& terminal, const std::string& pin) {
    for (char digit : pin) terminal.must(std::string("tap ") + digit);
}

}  // namespace

TEST_CASE("counter: log in with the PIN pad, call, serve, waiting counts that move by themselves, pause") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto counter = enrol_device(*central, "counter", "hav-plaza", 2);
    REQUIRE_MESSAGE(counter.ok(), counter.failure_text());
    auto kiosk = enrol_device(*central, "kiosk", "hav-plaza", 9);
    REQUIRE_MESSAGE(kiosk.ok(), kiosk.failure_text());

    DeviceCredentials credentials{counter->device_id, counter->token, "counter", "hav-plaza", 2,
                                  central->base_url()};
    TerminalOptions options;
    options.server_url = central->base_url();
    options.config = {{"role", "counter"}, {"office_id", "hav-plaza"}, {"terminal_number", 2}};
    options.before_start = [&](const std::string& config_path) {
        REQUIRE(save_credentials(secrets_path_for(config_path), credentials).ok());
    };
    auto terminal = Terminal::start(*display, options);
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());

    // Counter 2 of Correos Plaza serves envíos (1-2) and giros (2-3), both chosen at first.
    REQUIRE(wait_role(terminal.value(), [](const auto& s) { return s["services_here"].size() == 2; }));
    CHECK(role_state(terminal.value())["phase"] == "login");
    CHECK(terminal->shows("Ventanilla 2"));
    terminal->screenshot("counter_login");

    // A wrong PIN says how many attempts are left.
    // The clerk's code on the on-screen keys (a counter may have no keyboard): they take the PIN
    // pad's place until "Listo".
    terminal->must("tap Su código (o escanee su carné)");
    check_keyboard_below(terminal.value(), "Su código (o escanee su carné)", "1");
    CHECK_FALSE(terminal->centre_of("← Corregir").has_value());
    tap_keys(terminal.value(), "ana");
    CHECK(shown_widget(terminal.value(), "ana", false));  // in the box
    terminal->screenshot("counter_login_keyboard");
    terminal->must("tap Listo");
    type_pin(terminal.value(), "1111");
    terminal->must("tap Entrar");
    REQUIRE(wait_role(terminal.value(), [](const auto& s) { return s["message"] == "counter.wrong_pin_attempts"; }));
    terminal->must("wait_idle");
    CHECK(terminal->shows("Empleado desconocido o PIN incorrecto. Quedan 4 intentos antes del bloqueo."));
    terminal->screenshot("counter_wrong_pin");

    // Only giros, then the right PIN.
    terminal->must("tap A · Envíos y paquetería");
    type_pin(terminal.value(), "2580");
    terminal->must("tap Entrar");
    REQUIRE(wait_role(terminal.value(), [](const auto& s) { return s["phase"] == "working"; }));
    CHECK(role_state(terminal.value())["clerk"] == "ana");
    REQUIRE(wait_role(terminal.value(), [](const auto& s) { return s["waiting"].contains("giros"); }));
    CHECK(role_state(terminal.value())["waiting"]["giros"] == 0);
    terminal->must("wait_idle");
    CHECK(terminal->centre_of("Llamar siguiente").has_value());
    CHECK_FALSE(terminal->centre_of("Atendido").has_value());  // nothing in hand: disabled
    terminal->must("tap Llamar siguiente");
    REQUIRE(wait_role(terminal.value(), [](const auto& s) { return s["message"] == "counter.nobody_waiting"; }));

    // Tickets issued at the kiosk show up without anyone touching the counter.
    issue_ticket(*central, *kiosk, "giros");
    issue_ticket(*central, *kiosk, "giros");
    issue_ticket(*central, *kiosk, "envios");
    REQUIRE(wait_role(terminal.value(), [](const auto& s) { return s["waiting"]["giros"] == 2; }));
    CHECK(role_state(terminal.value())["waiting"]["envios"] == 1);
    terminal->must("wait_idle");
    CHECK(terminal->shows("2 en espera"));

    terminal->must("tap Llamar siguiente");
    REQUIRE(wait_role(terminal.value(), [](const auto& s) { return s["ticket"] == "B-001"; }));
    terminal->must("wait_idle");
    CHECK(terminal->shows("B-001"));
    CHECK_FALSE(terminal->centre_of("Llamar siguiente").has_value());  // one ticket at a time
    CHECK(terminal->centre_of("Volver a llamar").has_value());
    REQUIRE(wait_role(terminal.value(), [](const auto& s) { return s["waiting"]["giros"] == 1; }));
    terminal->must("wait_idle");
    terminal->screenshot("counter_ticket_in_hand");

    terminal->must("tap Atendido");
    REQUIRE(wait_role(terminal.value(), [](const auto& s) { return s["ticket"].is_null(); }));
    CHECK(role_state(terminal.value())["message"] == "counter.done_served");
    REQUIRE(wait_role(terminal.value(), [](const auto& s) {
        return s.contains("figures") && s["figures"].value("clerk_served", 0) == 1;
    }));
    CHECK(role_state(terminal.value())["figures"]["office_issued"] == 3);

    // Another ticket: the count rises by itself.
    issue_ticket(*central, *kiosk, "giros");
    REQUIRE(wait_role(terminal.value(), [](const auto& s) { return s["waiting"]["giros"] == 2; }));
    terminal->must("wait_idle");
    CHECK(terminal->shows("Próximos: B-002, B-003"));
    terminal->screenshot("counter_served");

    // A pause with a reason: nothing can be called until it is resumed.
    terminal->must("tap Pausa…");
    terminal->must("wait_idle");
    // The whole panel fits its column: the last answer is still in sight under the choices
    // (once it was scrolled out of the column, under a scrollbar).
    CHECK(terminal->shows("Turno B-001 atendido."));
    CHECK(terminal->centre_of("Cancelar").has_value());
    terminal->screenshot("counter_pause_reasons");
    terminal->must("tap Almuerzo");
    check_paused(terminal.value(), "Almuerzo");
    CHECK_FALSE(terminal->centre_of("Llamar siguiente").has_value());
    terminal->screenshot("counter_paused");
    auto queue = central->client().Get("/api/v1/offices/hav-plaza/queue", bearer(counter->token));
    REQUIRE(queue);
    CHECK(body_json(queue)["counters"][0]["pause_reason"] == "Almuerzo");
    terminal->must("tap Reanudar");
    REQUIRE(wait_role(terminal.value(), [](const auto& s) { return s["paused"] == false; }));

    terminal->must("wait_idle");
    terminal->must("tap Salir");
    REQUIRE(wait_role(terminal.value(), [](const auto& s) { return s["phase"] == "login"; }));
    CHECK(role_state(terminal.value())["clerk"].is_null());
}

TEST_CASE("counter: five wrong PINs lock the clerk and the screen says until when") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    auto counter = enrol_device(*central, "counter", "hav-plaza", 3);
    REQUIRE_MESSAGE(counter.ok(), counter.failure_text());
    DeviceCredentials credentials{counter->device_id, counter->token, "counter", "hav-plaza", 3,
                                  central->base_url()};
    TerminalOptions options;
    options.server_url = central->base_url();
    options.config = {{"role", "counter"}, {"office_id", "hav-plaza"}, {"terminal_number", 3}};
    options.before_start = [&](const std::string& config_path) {
        REQUIRE(save_credentials(secrets_path_for(config_path), credentials).ok());
    };
    auto terminal = Terminal::start(*display, options);
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
    REQUIRE(wait_role(terminal.value(), [](const auto& s) { return s["services_here"].size() == 1; }));

    terminal->must("tap Su código (o escanee su carné)");
    terminal->must("type luis");  // a keyboard plugged in types as the keys do
    terminal->must("tap Listo");
    for (int attempt = 1; attempt <= 5; ++attempt) {
        REQUIRE(wait_role(terminal.value(), [](const auto& s) { return s["busy"] == false; }));
        terminal->must("wait_idle");
        type_pin(terminal.value(), "0000");
        terminal->must("tap Entrar");
        REQUIRE(wait_role(terminal.value(), [](const auto& s) { return !s["message"].is_null(); }));
    }
    REQUIRE(wait_role(terminal.value(), [](const auto& s) { return s["message"] == "counter.clerk_locked_until"; }));
    terminal->must("wait_idle");
    bool says_until = false;
    for (const std::string& text : terminal->texts()) {
        if (text.starts_with("Demasiados PIN incorrectos: este empleado está bloqueado hasta las ")) says_until = true;
    }
    CHECK(says_until);
    terminal->screenshot("counter_locked");
}

TEST_CASE("counter: on the on-screen keys only, the clerk logs in, calls a ticket by its number and pauses with a "
          "reason of their own") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    OfficeUnderTest office = start_office();
    const std::string server = office.central.base_url();
    auto terminal = Terminal::start(
        *display, enrolled_terminal_options(
                      server, {{"role", "counter"}, {"office_id", "hav-plaza"}, {"terminal_number", kOfficeCounter}},
                      {office.counter.device_id, office.counter.token, "counter", "hav-plaza", kOfficeCounter, server}));
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
    REQUIRE(wait_role(terminal.value(), [](const auto& s) { return s["services_here"].size() == 2; }));
    for (int i = 0; i < 3; ++i) issue_ticket(office.central, office.kiosk, "giros");  // B-001 to B-003

    // The PIN on its pad first, then the code on the keys: their own key logs in, where "Entrar"
    // had been pushed out of view under them.
    type_pin(terminal.value(), "2580");
    terminal->must("tap Su código (o escanee su carné)");
    CHECK(shown_widget(terminal.value(), "Listo", true));  // no code yet: nothing to log in with
    tap_keys(terminal.value(), "ana");
    terminal->must("wait_idle");
    CHECK_FALSE(shown_widget(terminal.value(), "Listo", true));
    auto enter = shown_widget(terminal.value(), "Entrar", true);
    REQUIRE_MESSAGE(enter, "no Entrar with the keys up");
    CHECK((*enter)["y"].get<double>() + (*enter)["h"].get<double>() <= 1080);
    terminal->screenshot("counter_login_keys_enter");
    terminal->must("tap Entrar");
    REQUIRE(wait_role(terminal.value(), [](const auto& s) { return s["phase"] == "working"; }));
    REQUIRE(wait_role(terminal.value(), [](const auto& s) { return s["waiting"]["giros"] == 3; }));
    terminal->must("wait_idle");

    // A ticket by its number: the service letters and the digits on a pad, its key calls it.
    terminal->must("tap Llamar un número…");
    terminal->must("tap Número, p. ej. B-044");
    check_keyboard_below(terminal.value(), "Número, p. ej. B-044", "A");
    CHECK_FALSE(terminal->centre_of("B-001").has_value());  // the waiting numbers make room for the keys
    tap_labels(terminal.value(), {"B", "-", "0", "0", "3", "Borrar", "2"});
    CHECK(shown_widget(terminal.value(), "B-002", false));  // in the box
    terminal->screenshot("counter_call_number_keys");
    terminal->must("tap Llamar");
    REQUIRE(wait_role(terminal.value(), [](const auto& s) { return s["ticket"] == "B-002"; }));
    terminal->must("wait_idle");
    CHECK_FALSE(terminal->centre_of("Borrar").has_value());  // the keys are gone with the panel
    terminal->must("tap Atendido");
    REQUIRE(wait_role(terminal.value(), [](const auto& s) { return s["ticket"].is_null(); }));
    terminal->must("wait_idle");

    // A reason of one's own on the letters, "Pausar" sends it.
    terminal->must("tap Pausa…");
    terminal->must("tap Otro motivo");
    check_keyboard_below(terminal.value(), "Otro motivo", "1");
    CHECK_FALSE(terminal->centre_of("Almuerzo").has_value());
    tap_labels(terminal.value(), {"Mayús", "R", "e", "u", "n", "i", "ó", "n"});
    terminal->screenshot("counter_pause_reason_keys");
    terminal->must("tap Pausar");
    check_paused(terminal.value(), "Reunión");
    terminal->must("tap Reanudar");
    REQUIRE(wait_role(terminal.value(), [](const auto& s) { return s["paused"] == false; }));
    terminal->must("wait_idle");

    // A keyboard plugged in still types in the field, lower case and all, and Enter sends it.
    terminal->must("tap Llamar un número…");
    terminal->must("type b-001");
    terminal->must("key enter");
    REQUIRE(wait_role(terminal.value(), [](const auto& s) { return s["ticket"] == "B-001"; }));
}
