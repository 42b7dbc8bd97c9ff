// "Tomar un turno" on the real binary under Xvfb against a real ventanilla-central: the
// service tiles, the priority question, the ticket on screen and on paper (and its copy),
// an offline ticket uploaded later, a scanned ticket's state, an appointment check-in (scanned,
// and typed on the on-screen keys alone).
#include <doctest/doctest.h>

#include <atomic>
#include <regex>

#include "kiosk/enrolment.h"
#include "kiosk/reference_code.h"
#include "kiosk/ticket.h"
#include "tests/server/queue_support.h"
#include "tests/support/fault_proxy.h"
#include "tests/support/office_terminal.h"
#include "tests/support/onscreen_keys.h"
#include "tests/support/terminal.h"

using namespace ventanilla;
using namespace ventanilla::testing;

namespace {

// Waits for the printer's answer about the ticket on screen; the job's file.
std::string wait_printed(Result<Terminal>& terminal) {
    REQUIRE(wait_until([&] { return terminal->state()["ticket"]["print_state"] != "printing"; }, 10s, 50ms));
    terminal->must("wait_idle");
    auto state = terminal->state();
    REQUIRE_MESSAGE(state["ticket"]["print_state"] == "printed", state.dump());
    return state["print_where"].get<std::string>();
}

void wait_online(Result<Terminal>& terminal) {
    REQUIRE(wait_until([&] { return terminal->state()["server"] == "online"; }, 20s, 100ms));
    terminal->must("wait_idle");
}

std::int64_t stored(const CentralServer& central, const std::string& where) {
    return database_integer(central.db_path(), "SELECT count(*) FROM queue_tickets WHERE " + where);
}

// The code of one of the demo's appointments at hav-plaza due between `from_min` and `to_min`
// minutes from now.
std::string appointment_code(OfficeUnderTest& office, int from_min, int to_min) {
    auto list = office.central.client().Get("/api/v1/offices/hav-plaza/appointments", bearer(office.kiosk.token));
    REQUIRE(list);
    REQUIRE(list->status == 200);
    const auto now = std::chrono::system_clock::now();
    const nlohmann::json appointments = body_json(list)["appointments"];  // kept: the loop reads it
    for (const auto& appointment : appointments) {
        const auto time = parse_rfc3339(appointment["time"].get<std::string>());
        REQUIRE(time.has_value());
        const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(*time - now).count();
        if (minutes >= from_min && minutes <= to_min) return appointment["code"].get<std::string>();
    }
    FAIL("no appointment between " << from_min << " and " << to_min << " minutes from now");
    return "";
}

}  // namespace

TEST_CASE("ticket: tap the service, answer the priority question, the ticket on screen and printed, a copy") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    OfficeUnderTest office = start_office();
    TempDir data;
    auto terminal = Terminal::start(*display, kiosk_options(office, office.central.base_url(), data.path()));
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
    wait_online(terminal);

    terminal->must("tap Tomar un turno");
    CHECK(terminal->state()["ticket"]["phase"] == "choosing_service");
    CHECK(terminal->shows("Elija el servicio"));
    CHECK(terminal->shows("Giros postales"));
    CHECK(terminal->shows("Envíos y paquetería"));
    terminal->screenshot("ticket_services");

    terminal->must("tap Giros postales");
    CHECK(terminal->state()["ticket"]["phase"] == "asking_priority");
    CHECK(terminal->shows("¿Pertenece a alguno de estos grupos?"));
    CHECK(terminal->shows("Personas mayores"));
    CHECK_FALSE(terminal->shows("Cita previa"));  // given only by a check-in
    terminal->screenshot("ticket_priority");

    terminal->must("tap No, ninguno");
    REQUIRE(wait_until([&] { return terminal->state()["ticket"]["phase"] == "issued"; }, 15s, 50ms));
    const std::string receipt = wait_printed(terminal);
    auto state = terminal->state();
    CHECK(state["ticket"]["number"] == "B-001");
    CHECK(state["ticket"]["offline"] == false);
    CHECK(terminal->shows("B-001"));
    CHECK(terminal->shows("Personas delante: 0"));
    CHECK(terminal->shows("Recoja su turno impreso."));
    terminal->screenshot("ticket_issued");

    const std::string text = printed_text(receipt);
    CHECK(text.find("B-001") != std::string::npos);
    CHECK(text.find("Giros postales") != std::string::npos);
    CHECK(std::regex_search(text, std::regex("\\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d")));
    CHECK(text.find("COPIA") == std::string::npos);

    // "Reimprimir": the same ticket again, marked as a copy; nothing new at the server.
    terminal->must("tap Reimprimir");
    const std::string copy = wait_printed(terminal);
    CHECK(copy != receipt);
    const std::string copy_text = printed_text(copy);
    CHECK(copy_text.find("COPIA") != std::string::npos);
    CHECK(copy_text.find("B-001") != std::string::npos);
    CHECK(stored(office.central, "1") == 1);

    terminal->must("tap Terminar");
    state = terminal->state();
    CHECK(state["screen"] == "home");
    CHECK(state["ticket"]["phase"] == "choosing_service");
    CHECK(state["ticket"]["number"] == "");
}

TEST_CASE("ticket: with the server away the kiosk gives its own provisional number, uploaded once when it is back") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    OfficeUnderTest office = start_office();
    std::atomic<bool> away{false};
    FaultProxy proxy(office.central.port(), [&] { return away ? Fault::drop : Fault::pass; });
    TempDir data;
    auto terminal = Terminal::start(*display, kiosk_options(office, proxy.base_url(), data.path()));
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
    wait_online(terminal);  // the catalog is kept on disk from here on

    away = true;
    terminal->must("tap Tomar un turno");
    terminal->must("tap Envíos y paquetería");
    terminal->must("tap Personas mayores");
    REQUIRE(wait_until([&] { return terminal->state()["ticket"]["phase"] == "issued"; }, 15s, 50ms));
    const std::string receipt = wait_printed(terminal);
    auto state = terminal->state();
    CHECK(state["ticket"]["number"] == "A-9-001");
    CHECK(state["ticket"]["offline"] == true);
    CHECK(state["ticket"]["uploads_waiting"] == 1);
    CHECK(terminal->shows("A-9-001"));
    CHECK(terminal->shows("Sin conexión: número provisional. Su turno es válido y se le llamará por este número."));
    terminal->screenshot("ticket_offline");
    const std::string text = printed_text(receipt);
    CHECK(text.find("A-9-001") != std::string::npos);
    CHECK(text.find("sin conexión") != std::string::npos);
    CHECK(stored(office.central, "1") == 0);

    away = false;
    REQUIRE(wait_until([&] { return terminal->state()["ticket"]["uploaded"] == 1; }, 60s, 200ms));
    CHECK(terminal->state()["ticket"]["uploads_waiting"] == 0);
    CHECK(stored(office.central, "number = 'A-9-001' AND offline = 1 AND priority = 'elderly'") == 1);
    CHECK(stored(office.central, "1") == 1);
}

TEST_CASE("ticket: while a slow server issues the ticket there is no way home, and the ticket comes out printed") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    OfficeUnderTest office = start_office();
    std::atomic<bool> slow{false};
    FaultProxy proxy(office.central.port(), [&] { return slow ? Fault::slow : Fault::pass; });
    TempDir data;
    auto terminal = Terminal::start(*display, kiosk_options(office, proxy.base_url(), data.path()));
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
    wait_online(terminal);

    slow = true;  // every answer from here on takes 2 s, within the kiosk's 4 s
    terminal->must("tap Tomar un turno");
    terminal->must("tap Envíos y paquetería");
    terminal->must("tap Personas mayores");
    terminal->must("wait_idle");
    CHECK(terminal->state()["ticket"]["phase"] == "issuing");
    CHECK(terminal->shows("Sacando su turno…"));
    CHECK_FALSE(terminal->centre_of("Volver al inicio").has_value());
    terminal->screenshot("ticket_issuing_slow_server");

    REQUIRE(wait_until([&] { return terminal->state()["ticket"]["phase"] == "issued"; }, 15s, 50ms));
    const std::string text = printed_text(wait_printed(terminal));
    const std::string number = terminal->state()["ticket"]["number"].get<std::string>();
    CHECK(terminal->state()["ticket"]["offline"] == false);
    CHECK(text.find(number) != std::string::npos);
    CHECK(terminal->centre_of("Terminar").has_value());  // the way home is back
    CHECK(stored(office.central, "number = '" + number + "'") == 1);
}

TEST_CASE("ticket: scanning a ticket's QR shows where it stands - waiting with people ahead, then called") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    OfficeUnderTest office = start_office();
    std::vector<std::string> ids;
    for (int i = 0; i < 2; ++i) {
        auto body = ticket_body("giros");
        ids.push_back(body["id"].get<std::string>());
        REQUIRE(post_ticket(office.central, office.kiosk, body)->status == 201);
    }
    TempDir data;
    auto terminal = Terminal::start(*display, kiosk_options(office, office.central.base_url(), data.path()));
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
    wait_online(terminal);

    terminal->must("scan VT1:" + ids[1]);
    REQUIRE(wait_until([&] { return terminal->state()["ticket"]["phase"] == "showing_status"; }, 15s, 50ms));
    terminal->must("wait_idle");
    auto state = terminal->state();
    CHECK(state["screen"] == "ticket");
    CHECK(state["ticket"]["number"] == "B-002");
    CHECK(state["ticket"]["status"] == "waiting");
    CHECK(terminal->shows("En espera"));
    CHECK(terminal->shows("Personas delante: 1"));
    terminal->screenshot("ticket_status_waiting");

    auto session = open_session(office.central, office.counter, 2, "ana", "2580", {"giros"});
    REQUIRE(session);
    const std::string token = body_json(session)["session"].get<std::string>();
    REQUIRE(counter_post(office.central, office.counter, 2, token, "call-next")->status == 200);
    terminal->must("tap Terminar");
    terminal->must("scan VT1:" + ids[0]);
    REQUIRE(wait_until([&] { return terminal->state()["ticket"]["phase"] == "showing_status"; }, 15s, 50ms));
    terminal->must("wait_idle");
    CHECK(terminal->state()["ticket"]["status"] == "called");
    CHECK(terminal->shows("¡Le llaman! Vaya a la ventanilla 2."));
    terminal->screenshot("ticket_status_called");
}

TEST_CASE("ticket: an appointment checked in too early is told the times, one due gets its ticket") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    OfficeUnderTest office = start_office();
    const std::string early = appointment_code(office, 60, 120);
    const std::string due = appointment_code(office, -5, 5);
    TempDir data;
    auto terminal = Terminal::start(*display, kiosk_options(office, office.central.base_url(), data.path()));
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
    wait_online(terminal);

    terminal->must("tap Tomar un turno");
    terminal->must("tap Tengo cita previa");
    CHECK(terminal->state()["ticket"]["phase"] == "entering_code");
    terminal->screenshot("ticket_appointment_code");
    terminal->must("scan " + early);
    REQUIRE(wait_until([&] { return terminal->state()["ticket"]["phase"] == "failed"; }, 15s, 50ms));
    terminal->must("wait_idle");
    CHECK(terminal->state()["ticket"]["error"] == "queue.appointment_too_early");
    bool told = false;
    for (const auto& text : terminal->texts()) {
        if (text.find("Todavía es pronto para la cita " + early) != std::string::npos &&
            std::regex_search(text, std::regex("a partir de las \\d\\d:\\d\\d"))) {
            told = true;
        }
    }
    CHECK(told);
    terminal->screenshot("ticket_appointment_too_early");

    terminal->must("tap Atrás");
    CHECK(terminal->state()["ticket"]["phase"] == "entering_code");
    terminal->must("scan " + due);
    REQUIRE(wait_until([&] { return terminal->state()["ticket"]["phase"] == "issued"; }, 15s, 50ms));
    const std::string text = printed_text(wait_printed(terminal));
    CHECK(text.find("cita previa") != std::string::npos);
    CHECK(stored(office.central, "appointment IS NOT NULL") == 1);
    terminal->screenshot("ticket_appointment_issued");
}

TEST_CASE("ticket: an appointment code typed on the on-screen keys alone - a wrong symbol refused on the kiosk and kept, an unknown code refused by the server, then checked in") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    OfficeUnderTest office = start_office();
    std::string due = appointment_code(office, -5, 5);  // "7K3M-Q9XC"
    std::erase(due, '-');
    REQUIRE(due.size() == 8);
    TempDir data;
    auto terminal = Terminal::start(*display, kiosk_options(office, office.central.base_url(), data.path()));
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
    wait_online(terminal);
    const std::string field = "Código de la cita, p. ej. 7K3M-Q9XC";

    // The screen opens with the keys up: the code's 32 symbols and the dash, never 0, O, 1 or I.
    terminal->must("tap Tomar un turno");
    terminal->must("tap Tengo cita previa");
    auto state = terminal->state();
    CHECK(state["ticket"]["phase"] == "entering_code");
    CHECK(state["typing"] == true);
    check_keyboard_below(terminal.value(), field, "2");
    for (const char* never : {"0", "O", "1", "I"}) CHECK_FALSE(terminal->centre_of(never).has_value());
    CHECK(terminal->centre_of("-").has_value());
    terminal->screenshot("ticket_appointment_keyboard");

    // Its last symbol mistyped: the check symbol catches it on the kiosk itself, which says
    // precisely what is wrong; "Atrás" brings the code back.
    const char wrong_last = due.back() == '2' ? '3' : '2';
    const std::string mistyped = due.substr(0, 4) + "-" + due.substr(4, 3) + wrong_last;
    click_key(*display, terminal.value(), due.substr(0, 1));  // a finger, through X
    tap_keys(terminal.value(), mistyped.substr(1));
    CHECK(terminal->state()["typed_text"] == mistyped);
    terminal->must("tap Registrar llegada");  // the keyboard's own key: the button beside the box is gone
    REQUIRE(wait_until([&] { return terminal->state()["ticket"]["phase"] == "failed"; }, 15s, 50ms));
    terminal->must("wait_idle");
    CHECK(terminal->state()["ticket"]["error"] == "reference.wrong_check_character");
    CHECK(terminal->shows("La referencia no es correcta: hay un carácter equivocado o dos cambiados de lugar. "
                          "Compárela con su comprobante, por favor."));
    terminal->screenshot("ticket_appointment_keyboard_wrong_symbol");
    terminal->must("tap Atrás");
    state = terminal->state();
    CHECK(state["ticket"]["phase"] == "entering_code");
    CHECK(state["typed_text"] == mistyped);
    CHECK(shown_widget(terminal.value(), mistyped, false));

    // A well-formed code (its check symbol right) that is no appointment: the server says so.
    const std::string other_seven = due.substr(0, 6) + (due[6] == '2' ? '3' : '2');
    const std::string unknown = other_seven + reference_check_symbol(other_seven);
    terminal->must("tap Borrar");
    terminal->must("tap Borrar");
    tap_keys(terminal.value(), unknown.substr(6));
    terminal->must("tap Registrar llegada");
    REQUIRE(wait_until([&] { return terminal->state()["ticket"]["phase"] == "failed"; }, 15s, 50ms));
    terminal->must("wait_idle");
    CHECK(terminal->state()["ticket"]["error"] == "queue.appointment_unknown");
    CHECK(terminal->shows("No hay ninguna cita con el código " + unknown.substr(0, 4) + "-" + unknown.substr(4) +
                          " en esta oficina. Revise el código."));
    terminal->screenshot("ticket_appointment_keyboard_unknown");
    terminal->must("tap Atrás");

    terminal->must("tap Borrar");
    terminal->must("tap Borrar");
    tap_keys(terminal.value(), due.substr(6));
    terminal->must("tap Registrar llegada");
    REQUIRE(wait_until([&] { return terminal->state()["ticket"]["phase"] == "issued"; }, 15s, 50ms));
    const std::string text = printed_text(wait_printed(terminal));
    CHECK(text.find("cita previa") != std::string::npos);
    const std::string number = terminal->state()["ticket"]["number"].get<std::string>();
    REQUIRE_FALSE(number.empty());
    CHECK(terminal->shows(number));
    CHECK(text.find(number) != std::string::npos);
    CHECK_FALSE(terminal->centre_of("Q").has_value());
    CHECK(stored(office.central, "appointment = '" + due + "'") == 1);
    terminal->screenshot("ticket_appointment_keyboard_issued");
}

TEST_CASE("ticket: the idle timeout takes an issued ticket off the screen and back home") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    OfficeUnderTest office = start_office();
    TempDir data;
    auto terminal = Terminal::start(*display, kiosk_options(office, office.central.base_url(), data.path()));
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
    wait_online(terminal);
    terminal->must("tap Tomar un turno");
    terminal->must("tap Quejas y sugerencias");
    terminal->must("tap No, ninguno");
    REQUIRE(wait_until([&] { return terminal->state()["ticket"]["phase"] == "issued"; }, 15s, 50ms));
    terminal->must("wait_idle");
    terminal->must("clock_advance 61");
    CHECK(terminal->state()["idle_phase"] == "asking");
    auto state = terminal->must("clock_advance 31");
    CHECK(state["screen"] == "home");
    CHECK(terminal->state()["ticket"]["number"] == "");
    CHECK(stored(office.central, "1") == 1);
}
