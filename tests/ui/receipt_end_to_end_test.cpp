// A procedure from the kiosk to the counter with nothing in between but paper: a citizen fills a
// complaint at a real kiosk, which prints its receipt to its PDF folder; the receipt, scanned
// at 200 dpi as a clerk's document scanner would save it (grey JPEG), lands in the image folder
// a real counter scans from; the counter's receipt desk opens the submission, checked genuine
// with the kiosk's key, and shows the citizen's answers.
#include <doctest/doctest.h>

#include <filesystem>

#include "tests/support/enrolled_device.h"
#include "tests/support/kiosk_submission.h"
#include "tests/support/office_terminal.h"
#include "tests/support/terminal.h"

using namespace ventanilla;
using namespace ventanilla::testing;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The complaint, as a citizen fills it: choices tapped, the message and the name typed on a
// keyboard, the phone on the on-screen pad.
void fill_complaint(Terminal& kiosk) {
    kiosk.must("tap Quejas y sugerencias");
    kiosk.must("tap Queja");
    kiosk.must("tap La espera y la atención");
    kiosk.must("tap Escriba su mensaje");
    kiosk.must("type La cola de giros no avanzó en toda la mañana.");
    kiosk.must("tap Listo");
    kiosk.must("tap Siguiente");
    kiosk.must("tap Sí");
    kiosk.must("tap Nombre y apellidos");
    kiosk.must("type Rosa Díaz Fumero");
    kiosk.must("tap Listo");
    kiosk.must("tap Teléfono de contacto");
    for (char digit : std::string("53456789")) kiosk.must(std::string("tap ") + digit);
    kiosk.must("tap Listo");
    kiosk.must("tap Revisar");
    REQUIRE(form_state(kiosk)["phase"] == "reviewing");
}

// The printed receipt as a document scanner saves it: `dpi`, grey, JPEG at its usual quality.
fs::path scanned_receipt(const std::string& pdf, const TempDir& dir, int dpi) {
    auto scan = run_program({"pdftoppm", "-r", std::to_string(dpi), "-gray", "-jpeg", "-singlefile", pdf,
                             dir.file("receipt")});
    REQUIRE(scan.has_value());
    REQUIRE_MESSAGE(scan->exit_code == 0, scan->output);
    fs::copy_file(dir.file("receipt.jpg"), fs::path(artifacts_dir()) / "receipt_end_to_end_scan.jpg",
                  fs::copy_options::overwrite_existing);
    return dir.file("receipt.jpg");
}

}  // namespace

TEST_CASE("receipt end to end: a complaint filled at the kiosk, its printed receipt scanned at 200 dpi into the "
          "counter's image folder, opens at the receipt desk with the citizen's answers") {
    auto central = CentralServer::start();
    REQUIRE_MESSAGE(central.ok(), central.failure_text());
    TempDir keys_dir;
    auto kiosk_device = enrol_signing_kiosk(*central, keys_dir);  // its signing key known to the server
    REQUIRE_MESSAGE(kiosk_device.ok(), kiosk_device.failure_text());
    auto counter_device = enrol_device(*central, "counter", "hav-plaza", 2);
    REQUIRE_MESSAGE(counter_device.ok(), counter_device.failure_text());

    // Each terminal on a screen of its own, as in the office.
    auto kiosk_display = VirtualDisplay::start();
    REQUIRE_MESSAGE(kiosk_display.ok(), kiosk_display.failure_text());
    auto counter_display = VirtualDisplay::start();
    REQUIRE_MESSAGE(counter_display.ok(), counter_display.failure_text());
    auto kiosk = Terminal::start(
        *kiosk_display,
        enrolled_terminal_options(central->base_url(), {{"office_id", "hav-plaza"}, {"terminal_number", 7}},
                                  kiosk_device->credentials, kiosk_device->secrets_path));
    REQUIRE_MESSAGE(kiosk.ok(), kiosk.failure_text());
    TempDir scanner;
    const fs::path scan_folder = fs::path(scanner.path()) / "scans";
    fs::create_directories(scan_folder);
    auto counter = Terminal::start(
        *counter_display,
        enrolled_terminal_options(central->base_url(),
                                  {{"role", "counter"},
                                   {"office_id", "hav-plaza"},
                                   {"terminal_number", 2},
                                   {"scanner", {{"source", "image_folder"}, {"image_folder", scan_folder.string()}}}},
                                  {counter_device->device_id, counter_device->token, "counter", "hav-plaza", 2, ""}));
    REQUIRE_MESSAGE(counter.ok(), counter.failure_text());

    // At the kiosk: the complaint filled, sent and printed.
    REQUIRE(wait_until([&] { return form_state(kiosk.value())["offered"].get<int>() >= 6; }, 20s, 100ms));
    fill_complaint(kiosk.value());
    kiosk->must("tap Enviar");
    REQUIRE(wait_until([&] { return form_state(kiosk.value())["phase"] == "submitted"; }, 10s, 50ms));
    REQUIRE(wait_until([&] { return form_state(kiosk.value())["print_state"] != "printing"; }, 10s, 50ms));
    Json sent = form_state(kiosk.value());
    REQUIRE(sent["print_state"] == "printed");
    const std::string reference = sent["reference"].get<std::string>();
    // The paper carries the reference and the signed code, not the message: what the clerk
    // reads below came from the server.
    auto paper_text = pdf_text(sent["print_where"].get<std::string>());
    REQUIRE(paper_text);
    CHECK(paper_text->find("La cola de giros") == std::string::npos);
    kiosk->must("wait_idle");
    kiosk->screenshot("receipt_end_to_end_kiosk_sent");
    // Uploaded at once, before the citizen is at the counter: the kiosk woke its uploader on
    // the commit (its idle look is 30 s, longer than this wait).
    REQUIRE(wait_until([&] { return kiosk->state()["sync"]["records_acknowledged"].get<int>() >= 1; }, 10s, 100ms));

    // At the counter: the clerk logged in, the receipt scanned into the folder.
    REQUIRE(wait_desk(counter.value(), [](const Json& s) { return s["known_terminals"] == 1; }));
    log_in_clerk(counter.value());
    TempDir paper;
    const fs::path scan = scanned_receipt(sent["print_where"].get<std::string>(), paper, 200);
    fs::copy_file(scan, scan_folder / "escaneo-0001.jpg");
    REQUIRE_MESSAGE(wait_desk(counter.value(), [](const Json& s) { return s["phase"] == "open"; }),
                    desk_state(counter.value()).dump() << "\n" << counter->log());
    CHECK(counter->state()["scan_routes"].back() == "role");  // the folder's scan, to the desk
    Json desk = desk_state(counter.value());
    CHECK(desk["unknown_terminal"] == false);  // signed with the kiosk's own key
    CHECK(desk["form_known"] == true);
    CHECK(desk["status"] == "received");
    CHECK(desk["reference"] == reference);

    counter->must("wait_idle");
    CHECK(counter->shows("Trámite " + reference.substr(0, 4) + "-" + reference.substr(4)));
    CHECK(counter->shows("Quejas y sugerencias"));
    CHECK(counter->shows("Queja"));
    CHECK(counter->shows("La espera y la atención"));
    CHECK(counter->shows("La cola de giros no avanzó en toda la mañana."));
    counter->screenshot("receipt_end_to_end_counter_open");
    wheel(*counter_display, counter.value(), 500, 700, 10);
    CHECK(counter->shows("Rosa Díaz Fumero"));
    CHECK(counter->shows("+53 53456789"));
    counter->screenshot("receipt_end_to_end_counter_scrolled");
}
