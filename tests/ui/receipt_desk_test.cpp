// Procedure receipts scanned with the real binaries: a kiosk enrolled with its signing key
// submits a complaint through its outbox to the real server; a counter scans the genuine
// receipt, sees the answers under their labels and marks it as needing documents (a server
// failing with 500 or garbage loses nothing of what the clerk typed); a tampered code is
// refused as forged; a receipt from a terminal nobody knows is flagged. At a kiosk, the same
// receipt shows where the procedure stands and the office's answer, and none of the answers.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>

#include "kiosk/enrolment.h"
#include "kiosk/reference_code.h"
#include "tests/server/queue_support.h"
#include "tests/support/enrolled_device.h"
#include "tests/support/fault_proxy.h"
#include "tests/support/kiosk_submission.h"
#include "tests/support/office_terminal.h"
#include "tests/support/terminal.h"

using namespace ventanilla;
using namespace ventanilla::testing;
using Json = nlohmann::json;

namespace {

const Json kComplaint = {{"kind", "complaint"},
                         {"about", "queue"},
                         {"text", "Esperé dos horas sin que me llamaran."},
                         {"wants_answer", "yes"},
                         {"full_name", "María Pérez Soto"},
                         {"phone", "52345678"}};

Result<Terminal> start_enrolled(const VirtualDisplay& display, const std::string& server_url, Json config,
                                DeviceCredentials credentials) {
    return Terminal::start(display, enrolled_terminal_options(server_url, std::move(config), std::move(credentials)));
}

bool has_forms(Terminal& terminal) {
    return wait_until([&] { return std::filesystem::exists(terminal.data_dir() + "/forms.json"); }, 10s, 100ms);
}

bool shows_part_of(Terminal& terminal, const std::string& part) {
    for (const std::string& text : terminal.texts()) {
        if (text.find(part) != std::string::npos) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("receipt desk: the counter opens a genuine receipt, marks it needing documents, refuses a forged one "
          "and flags an unknown terminal") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    std::atomic<Fault> fault{Fault::pass};
    FaultProxy proxy(central->port(), [&] { return fault.load(); });

    TempDir kiosk_dir;
    auto kiosk = enrol_signing_kiosk(*central, kiosk_dir);
    REQUIRE_MESSAGE(kiosk.ok(), kiosk.failure_text());
    auto submission = submit_from_kiosk(*central, *kiosk, "complaint-suggestion", kComplaint);
    REQUIRE_MESSAGE(submission.ok(), submission.failure_text());
    auto counter = enrol_device(*central, "counter", "hav-plaza", 2);
    REQUIRE_MESSAGE(counter.ok(), counter.failure_text());

    auto terminal = start_enrolled(*display, proxy.base_url(),
                                   {{"role", "counter"}, {"office_id", "hav-plaza"}, {"terminal_number", 2}},
                                   {counter->device_id, counter->token, "counter", "hav-plaza", 2, ""});
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
    REQUIRE(wait_desk(terminal.value(), [](const Json& s) { return s["known_terminals"] == 1; }));
    REQUIRE(has_forms(terminal.value()));

    // Nobody logged in: the outcome would have no clerk.
    terminal->must("scan " + submission->receipt_code);
    REQUIRE(wait_desk(terminal.value(), [](const Json& s) { return s["problem"] == "desk.log_in_first"; }));
    terminal->must("tap Cerrar");

    log_in_clerk(terminal.value());

    // The genuine receipt: the complaint under its form's labels.
    terminal->must("scan " + submission->receipt_code);
    REQUIRE(wait_desk(terminal.value(), [](const Json& s) { return s["phase"] == "open"; }));
    Json desk = desk_state(terminal.value());
    CHECK(desk["unknown_terminal"] == false);
    CHECK(desk["form_known"] == true);
    CHECK(desk["status"] == "received");
    terminal->must("wait_idle");
    const std::string printed = submission->reference.substr(0, 4) + "-" + submission->reference.substr(4);
    CHECK(terminal->shows("Trámite " + printed));
    CHECK(terminal->shows("Quejas y sugerencias"));
    CHECK(terminal->shows("Escriba su mensaje"));
    CHECK(terminal->shows("Esperé dos horas sin que me llamaran."));
    CHECK(terminal->shows("Estado: Recibido"));
    terminal->screenshot("receipt_desk_open");
    // The citizen's contact details are further down the answers: the clerk scrolls to them.
    CHECK_FALSE(terminal->shows("María Pérez Soto"));
    wheel(*display, terminal.value(), 500, 700, 10);
    CHECK(terminal->shows("Nombre y apellidos"));
    CHECK(terminal->shows("María Pérez Soto"));
    CHECK(terminal->shows("+53 52345678"));
    terminal->screenshot("receipt_desk_scrolled");

    // Needs documents, with the reason; the server fails first, with a 500 and then garbage.
    terminal->must("tap Faltan documentos");
    terminal->must("tap Lo verá el ciudadano, p. ej.: falta la foto");
    terminal->must("type Traiga la denuncia policial");
    terminal->must("tap Opcional: la respuesta a su queja");
    terminal->must("type Le atenderemos sin turno.");
    terminal->must("wait_idle");
    terminal->screenshot("receipt_desk_outcome_typed");
    fault = Fault::http_500;
    terminal->must("tap Guardar");
    REQUIRE_MESSAGE(wait_desk(terminal.value(), [](const Json& s) { return s["problem"] == "counter.server_error"; }),
                    desk_state(terminal.value()).dump());
    terminal->must("wait_idle");
    CHECK(terminal->shows("El servidor falló (HTTP 500). Inténtelo de nuevo en un momento."));
    CHECK(terminal->shows("Traiga la denuncia policial"));  // still in its field
    terminal->screenshot("receipt_desk_server_error");
    fault = Fault::garbage_200;
    terminal->must("tap Guardar");
    REQUIRE(wait_desk(terminal.value(), [](const Json& s) { return s["problem"] == "counter.bad_answer"; }));
    CHECK(desk_state(terminal.value())["chosen_status"] == "needs_documents");
    fault = Fault::pass;
    terminal->must("tap Guardar");
    REQUIRE(wait_desk(terminal.value(), [](const Json& s) { return s["saved"] == true; }));
    terminal->must("wait_idle");
    CHECK(terminal->shows("Estado: Faltan documentos"));
    terminal->screenshot("receipt_desk_saved");
    auto stored = central->client().Get("/api/v1/submissions/" + submission->reference + "/state",
                                        bearer(kiosk->credentials.token));
    REQUIRE(stored);
    CHECK(body_json(stored)["status"] == "needs_documents");
    CHECK(body_json(stored)["reason"] == "Traiga la denuncia policial");
    CHECK(body_json(stored)["answer"] == "Le atenderemos sin turno.");
    terminal->must("tap Cerrar");

    // A tampered QR: another valid reference under the genuine signature.
    std::string tampered = submission->receipt_code;
    tampered.replace(4, 8, "2222222" + std::string(1, reference_check_symbol("2222222")));
    terminal->must("scan " + tampered);
    REQUIRE(wait_desk(terminal.value(), [](const Json& s) { return s["problem"] == "receipt.forged"; }));
    CHECK(desk_state(terminal.value())["phase"] == "refused");
    terminal->must("wait_idle");
    CHECK(terminal->shows("Este comprobante no es auténtico: su firma no corresponde. No lo atienda y avise al responsable."));
    CHECK_FALSE(terminal->shows("María Pérez Soto"));
    terminal->screenshot("receipt_desk_forged");
    terminal->must("tap Cerrar");

    // Signed by a terminal the server never enrolled: checked again with fresh keys, flagged.
    SigningKeys stranger = make_signing_keys();
    std::string unknown = sign_receipt({submission->reference, "6b1d3c6e-0f5e-4f41-9d1e-2a7c9b0e4d11", 1795430000},
                                       stranger);
    terminal->must("scan " + unknown);
    REQUIRE(wait_desk(terminal.value(), [](const Json& s) { return s["phase"] == "open"; }));
    CHECK(desk_state(terminal.value())["unknown_terminal"] == true);
    terminal->must("wait_idle");
    CHECK(shows_part_of(terminal.value(), "terminal que esta ventanilla no conoce"));
    terminal->screenshot("receipt_desk_unknown_terminal");
    terminal->must("tap Cerrar");

    // The server out of reach while opening: said, and a retry opens it once it is back.
    fault = Fault::drop;
    terminal->must("scan " + submission->receipt_code);
    REQUIRE(wait_desk(terminal.value(), [](const Json& s) { return s["phase"] == "failed"; }));
    terminal->must("wait_idle");
    CHECK(terminal->shows("No se puede conectar con el servidor."));
    CHECK(shows_part_of(terminal.value(), "no se ha perdido nada"));
    terminal->screenshot("receipt_desk_offline");
    fault = Fault::pass;
    terminal->must("tap Reintentar");
    REQUIRE(wait_desk(terminal.value(), [](const Json& s) { return s["phase"] == "open"; }));
    CHECK(desk_state(terminal.value())["status"] == "needs_documents");
}

TEST_CASE("receipt status: a citizen scanning the receipt at a kiosk sees where it stands and the answer, no answers") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    TempDir kiosk_dir;
    auto kiosk = enrol_signing_kiosk(*central, kiosk_dir);
    REQUIRE_MESSAGE(kiosk.ok(), kiosk.failure_text());
    auto submission = submit_from_kiosk(*central, *kiosk, "complaint-suggestion", kComplaint);
    REQUIRE_MESSAGE(submission.ok(), submission.failure_text());

    // The kiosk's own token cannot read the answers.
    auto refused = central->client().Get("/api/v1/submissions/" + submission->reference,
                                         bearer(kiosk->credentials.token));
    REQUIRE(refused);
    CHECK(refused->status == 403);

    auto counter = enrol_device(*central, "counter", "hav-plaza", 2);
    REQUIRE_MESSAGE(counter.ok(), counter.failure_text());
    auto marked = central->client().Post(
        "/api/v1/submissions/" + submission->reference + "/state", bearer(counter->token),
        Json{{"status", "processed"}, {"clerk", "ana"}, {"answer", "Desde el lunes abrimos una segunda ventanilla."}}
            .dump(),
        "application/json");
    REQUIRE(marked);
    REQUIRE_MESSAGE(marked->status == 200, marked->body);

    auto terminal = start_enrolled(*display, central->base_url(),
                                   {{"role", "kiosk"}, {"office_id", "hav-plaza"}, {"terminal_number", 7}},
                                   kiosk->credentials);
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
    REQUIRE(has_forms(terminal.value()));

    terminal->must("scan " + submission->receipt_code);
    REQUIRE(wait_until([&] { return terminal->state()["receipt_status"]["phase"] == "shown"; }, 10s, 100ms));
    CHECK(terminal->state()["screen"] == "receipt");
    terminal->must("wait_idle");
    CHECK(terminal->shows("Estado de su trámite"));
    CHECK(terminal->shows("Quejas y sugerencias"));
    CHECK(terminal->shows("Procesado"));
    CHECK(terminal->shows("Desde el lunes abrimos una segunda ventanilla."));
    for (const char* personal : {"María", "Esperé", "52345678"}) {
        CHECK_FALSE(shows_part_of(terminal.value(), personal));
    }
    terminal->screenshot("receipt_status_kiosk");

    // A code that is not a receipt's says so; leaving forgets it.
    terminal->must("scan VS1:7K3M.garbage");
    REQUIRE(wait_until([&] { return terminal->state()["receipt_status"]["problem"] == "receipt.unreadable"; }, 5s, 100ms));
    terminal->must("wait_idle");
    CHECK(terminal->shows("Este código no es el de un comprobante de Ventanilla."));
    terminal->must("tap Volver al inicio");
    CHECK(terminal->state()["screen"] == "home");
    CHECK(terminal->state()["receipt_status"]["phase"] == "idle");
}
