// "Hacer un trámite" and "Quejas y sugerencias" on the real binary under Xvfb against a real
// ventanilla-central: a shipped form filled by tapping the on-screen keyboard (some keys
// through real X input), a validation error beside its field and at the top, a conditional
// field, the review page and an edit from it, the submission committed, uploaded and printed;
// a kill -9 mid-form and the draft back after the restart; the idle timeout wiping it all.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

#include "kiosk/enrolment.h"
#include "tests/support/central.h"
#include "tests/support/enrolled_device.h"
#include "tests/support/office_terminal.h"
#include "tests/support/onscreen_keys.h"
#include "tests/support/shipped_forms.h"
#include "tests/support/terminal.h"

using namespace ventanilla;
using namespace ventanilla::testing;
using Json = nlohmann::json;

namespace {

void wait_for_forms(Result<Terminal>& terminal) {
    REQUIRE(wait_until([&] { return terminal->state()["form"]["offered"].get<int>() >= 6; }, 20s, 100ms));
    terminal->must("wait_idle");
}

// The "Cambiar" button on the review page's row that shows `label`.
std::string change_beside(Result<Terminal>& terminal, const std::string& label) {
    auto row = shown_widget(terminal.value(), label, false);
    REQUIRE_MESSAGE(row, "no row " << label);
    Json shown = terminal->must("shown")["shown"];
    for (const auto& w : shown) {
        if (w["text"] != "Cambiar" || !w["tappable"].get<bool>()) continue;
        const double top = w["y"].get<double>(), bottom = top + w["h"].get<double>();
        const double y = (*row)["y"].get<double>();
        if (y >= top - 1 && y < bottom) {
            return std::to_string(static_cast<int>(w["x"].get<double>() + w["w"].get<double>() / 2)) + " " +
                   std::to_string(static_cast<int>((top + bottom) / 2));
        }
    }
    FAIL("no Cambiar beside " << label);
    return "";
}

}  // namespace

TEST_CASE("form wizard: an ID card form filled on the on-screen keyboard, an error, a condition, edited from the review, submitted, uploaded and printed") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    OfficeUnderTest office = start_office();
    const FormDefinition form = shipped_form("id-card-replacement");
    TempDir data;
    auto terminal = Terminal::start(*display, kiosk_options(office, office.central.base_url(), data.path()));
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
    wait_for_forms(terminal);
    const std::filesystem::path draft = std::filesystem::path(data.path()) / "form-draft.sealed";

    terminal->must("tap Hacer un trámite");
    CHECK(terminal->shows("Elija el trámite que quiere hacer"));
    CHECK(terminal->shows(shipped_form("postal-giro").title.es));
    CHECK_FALSE(terminal->shows("Quejas y sugerencias"));  // it has its own tile at home
    terminal->screenshot("form_procedures");
    terminal->must("tap " + form.title.es);
    CHECK(form_state(terminal.value())["step"] == "reason");
    CHECK(terminal->shows("Paso 1 de 2 · " + form.steps[0].title.es));

    // Nothing answered: the error beside the field and listed at the top of the step.
    terminal->must("tap Siguiente");
    Json state = form_state(terminal.value());
    CHECK(state["step"] == "reason");
    REQUIRE(state["problems"].size() == 1);
    CHECK(state["problems"][0]["code"] == "form.required");
    CHECK(terminal->shows("Revise los datos marcados en rojo (1):"));
    CHECK(terminal->shows("• Motivo: Este dato es obligatorio."));
    CHECK(shown_widget(terminal.value(), "Este dato es obligatorio.", false));  // beside the field, on its own
    terminal->screenshot("form_required_error");

    // "Me lo robaron" shows the question about the police report.
    CHECK_FALSE(terminal->shows("¿Hizo la denuncia en la policía?"));
    terminal->must("tap Me lo robaron");
    CHECK(terminal->shows("¿Hizo la denuncia en la policía?"));
    CHECK_FALSE(terminal->shows("• Motivo: Este dato es obligatorio."));
    terminal->must("tap Sí");
    CHECK(form_state(terminal.value())["answers"]["police_report"] == "yes");
    terminal->screenshot("form_condition_shown");
    terminal->must("tap Siguiente");
    CHECK(form_state(terminal.value())["step"] == "person");
    CHECK(std::filesystem::exists(draft));  // saved at the step

    // The name on the Spanish keyboard: "Ana" through X (the pointer, as a finger), the rest
    // through the automation taps, with Shift and an accented vowel.
    terminal->must("tap Nombre y apellidos");
    CHECK(form_state(terminal.value())["keyboard"] == "letters");
    check_keyboard_below(terminal.value(), "Nombre y apellidos", "Borrar");
    click_key(*display, terminal.value(), "Mayús");
    click_key(*display, terminal.value(), "A");
    click_key(*display, terminal.value(), "n");
    click_key(*display, terminal.value(), "a");
    tap_labels(terminal.value(), {"Espacio", "Mayús", "P", "é", "r", "e", "z", "Espacio", "Mayús", "N", "ú", "ñ", "e", "z"});
    CHECK(form_state(terminal.value())["answers"]["full_name"] == "Ana Pérez Núñez");
    CHECK(terminal->shows("Ana Pérez Núñez"));
    terminal->screenshot("form_keyboard_letters");
    terminal->must("tap Listo");

    terminal->must("tap Número de su carné de identidad");
    CHECK(form_state(terminal.value())["keyboard"] == "numbers");
    check_keyboard_below(terminal.value(), "Número de su carné de identidad", "Borrar");
    tap_labels(terminal.value(), {"9", "0", "0", "2", "1", "5", "1", "2", "3", "4", "6"});
    terminal->screenshot("form_keyboard_numbers");
    terminal->must("tap Listo");
    CHECK(form_state(terminal.value())["answers"]["ci"] == "90021512346");

    terminal->must("tap La Habana");
    CHECK(terminal->shows("Plaza de la Revolución"));
    terminal->must("tap Plaza de la Revolución");

    // The address from a keyboard plugged in (typed at a person's pace).
    terminal->must("tap Dirección");
    terminal->must("type Calle 23 #456");
    terminal->must("key backspace");
    terminal->must("type 7");
    terminal->must("tap Listo");
    CHECK(form_state(terminal.value())["answers"]["address"] == "Calle 23 #457");

    // A phone one digit short: refused with its reason beside the field and at the top.
    terminal->must("tap Teléfono de contacto");
    tap_labels(terminal.value(), {"5", "2", "3", "4", "5", "6", "7"});
    terminal->must("tap Listo");
    terminal->must("tap Revisar");
    state = form_state(terminal.value());
    REQUIRE(state["problems"].size() == 1);
    CHECK(state["problems"][0]["field"] == "phone");
    CHECK(state["problems"][0]["code"] == "form.phone_invalid");
    CHECK(shown_widget(terminal.value(), "Escriba un teléfono cubano de 8 cifras, por ejemplo 5 234 5678.", false));
    CHECK(terminal->shows("• Teléfono de contacto: Escriba un teléfono cubano de 8 cifras, por ejemplo 5 234 5678."));
    terminal->screenshot("form_phone_error");
    terminal->must("tap Teléfono de contacto");
    check_keyboard_below(terminal.value(), "Teléfono de contacto", "Borrar");
    terminal->must("tap 8");
    terminal->must("tap Listo");
    terminal->must("tap Revisar");

    // The review: every answer, the consent line, "Cambiar" beside each.
    REQUIRE(form_state(terminal.value())["phase"] == "reviewing");
    CHECK(terminal->shows("Revise sus datos antes de enviar"));
    CHECK(terminal->shows("Me lo robaron"));
    CHECK(terminal->shows("Ana Pérez Núñez"));
    CHECK(terminal->shows("90021512346"));
    CHECK(terminal->shows("durante 30 días"));
    CHECK(terminal->shows(form.kept_data.es));
    terminal->screenshot("form_review");

    // "Cambiar" beside the phone, the last answer: the list scrolled down with the wheel
    // first. Back to its step with its keyboard open, then back to the review.
    CHECK_FALSE(shown_widget(terminal.value(), "+53 52345678", false));  // below the fold
    wheel(*display, terminal.value(), 960, 500, 15);
    REQUIRE(shown_widget(terminal.value(), "+53 52345678", false));
    CHECK(terminal->shows("Plaza de la Revolución"));
    CHECK(terminal->shows("Calle 23 #457"));
    terminal->screenshot("form_review_scrolled");
    terminal->must("tap_at " + change_beside(terminal, "Teléfono de contacto"));
    state = form_state(terminal.value());
    CHECK(state["phase"] == "filling");
    CHECK(state["step"] == "person");
    CHECK(state["editing_from_review"] == true);
    CHECK(state["focused"] == "phone");
    tap_labels(terminal.value(), {"Borrar", "9", "Listo"});
    terminal->must("tap Revisar");
    CHECK(form_state(terminal.value())["phase"] == "reviewing");
    CHECK(terminal->shows("+53 52345679"));

    terminal->must("tap Enviar");
    REQUIRE(wait_until([&] { return form_state(terminal.value())["phase"] == "submitted"; }, 10s, 50ms));
    REQUIRE(wait_until([&] { return form_state(terminal.value())["print_state"] != "printing"; }, 10s, 50ms));
    terminal->must("wait_idle");
    state = form_state(terminal.value());
    const std::string reference = state["reference"].get<std::string>();
    REQUIRE(reference.size() == 8);
    const std::string printed_reference = reference.substr(0, 4) + "-" + reference.substr(4);
    CHECK(terminal->shows(printed_reference));
    CHECK(terminal->shows("Recoja su comprobante impreso."));
    CHECK_FALSE(std::filesystem::exists(draft));  // in the outbox now, sealed
    terminal->screenshot("form_submitted");

    REQUIRE(state["print_state"] == "printed");
    auto receipt = pdf_text(state["print_where"].get<std::string>());
    REQUIRE(receipt);
    const std::string text = std::regex_replace(*receipt, std::regex("\\s+"), " ");
    CHECK(text.find(printed_reference) != std::string::npos);
    CHECK(text.find("Motivo") != std::string::npos);
    CHECK(text.find("Me lo robaron") != std::string::npos);
    CHECK(text.find("90021512346") == std::string::npos);
    CHECK(text.find("Núñez") == std::string::npos);  // not printable

    // The server has exactly this submission, with what was typed.
    REQUIRE(wait_until([&] { return terminal->state()["sync"]["records_acknowledged"].get<int>() >= 1; }, 30s, 100ms));
    CHECK(database_integer(office.central.db_path(), "SELECT count(*) FROM records WHERE kind = 'submission'") == 1);
    auto reply = office.central.client().Get("/api/v1/submissions/" + reference,
                                             httplib::Headers{{"Authorization", "Bearer " + office.counter.token}});
    REQUIRE(reply);
    REQUIRE_MESSAGE(reply->status == 200, reply->body);
    Json stored = body_json(reply);
    CHECK(stored["form"] == "id-card-replacement");
    CHECK(stored["answers"]["full_name"] == "Ana Pérez Núñez");
    CHECK(stored["answers"]["ci"] == "90021512346");
    CHECK(stored["answers"]["phone"] == "+53 52345679");
    CHECK(stored["answers"]["address"] == "Calle 23 #457");
    CHECK(stored["answers"]["municipality"] == "plaza-de-la-revolucion");
    CHECK(stored["answers"]["police_report"] == "yes");

    terminal->must("tap Terminar");
    CHECK(terminal->state()["screen"] == "home");
    CHECK(form_state(terminal.value())["phase"] == "list");
    CHECK_FALSE(terminal->shows(printed_reference));
}

TEST_CASE("form wizard: a complaint survives kill -9 mid-form, then the idle timeout leaves nothing on disk or screen") {
    auto display = VirtualDisplay::start();
    REQUIRE_MESSAGE(display.ok(), display.failure_text());
    OfficeUnderTest office = start_office();
    TempDir data;
    const std::filesystem::path draft = std::filesystem::path(data.path()) / "form-draft.sealed";
    TempDir kept;  // the kiosk's secrets file, kept for the restart: its enrolment and keys
    const std::string secrets = kept.file("secrets.json");
    {
        auto terminal = Terminal::start(*display, kiosk_options(office, office.central.base_url(), data.path()));
        REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
        wait_for_forms(terminal);
        terminal->must("tap Quejas y sugerencias");
        CHECK(terminal->state()["screen"] == "complaint");
        CHECK(form_state(terminal.value())["form"] == "complaint-suggestion");
        terminal->must("tap Queja");
        terminal->must("tap La espera y la atención");
        terminal->must("tap Escriba su mensaje");
        terminal->must("type Esperé dos horas");
        terminal->must("tap Listo");
        terminal->must("tap Siguiente");
        CHECK(form_state(terminal.value())["step"] == "answer");
        // The name and phone are asked only of someone who wants an answer.
        CHECK_FALSE(terminal->shows("Nombre y apellidos"));
        terminal->must("tap Sí");
        CHECK(terminal->shows("Nombre y apellidos"));
        CHECK(terminal->shows("Teléfono de contacto"));
        REQUIRE(std::filesystem::exists(draft));
        CHECK(file_text(draft).find("Esperé") == std::string::npos);  // sealed
        std::filesystem::copy_file(secrets_path_for(terminal->dir() + "/terminal.json"), secrets);
        REQUIRE(terminal->process().kill_hard() != 0);
    }

    auto terminal = Terminal::start(*display, kiosk_options(office, office.central.base_url(), data.path(), secrets));
    REQUIRE_MESSAGE(terminal.ok(), terminal.failure_text());
    terminal->must("wait_idle");
    Json state = terminal->state();
    CHECK(state["screen"] == "complaint");
    CHECK(state["form"]["restored"] == true);
    CHECK(state["form"]["step"] == "answer");
    CHECK(state["form"]["answers"]["text"] == "Esperé dos horas");
    CHECK(state["form"]["answers"]["wants_answer"] == "yes");
    CHECK(terminal->shows("Recuperamos su solicitud a medias: puede seguir donde la dejó."));
    CHECK(terminal->shows("Nombre y apellidos"));
    terminal->screenshot("form_restored");
    // In English, large text and high contrast the step still fits, the keyboard under the field.
    terminal->must("tap English");
    CHECK(terminal->shows("Step 2 of 2 · Answer"));
    terminal->must("tap Large text");
    terminal->must("tap High contrast");
    terminal->must("tap Full name");
    check_keyboard_below(terminal.value(), "Full name", "Delete");
    tap_labels(terminal.value(), {"Shift", "E", "v", "a"});
    CHECK(form_state(terminal.value())["answers"]["full_name"] == "Eva");
    terminal->screenshot("form_large_contrast_english");
    terminal->must("tap Done");
    terminal->must("tap Back");
    wheel(*display, terminal.value(), 960, 600, 3);  // the message is the third field, below the fold in large text
    CHECK(terminal->shows("Esperé dos horas"));
    terminal->must("tap Write your message");
    CHECK(terminal->shows("Delete"));

    // Nobody answers "¿Necesita más tiempo?": the session, its draft and its screen go.
    terminal->must("clock_advance 61");
    CHECK(terminal->state()["idle_phase"] == "asking");
    terminal->must("clock_advance 31");
    terminal->must("wait_idle");
    state = terminal->state();
    CHECK(state["screen"] == "home");
    CHECK(state["form"]["phase"] == "list");
    CHECK_FALSE(state["form"].contains("answers"));
    CHECK_FALSE(std::filesystem::exists(draft));
    CHECK_FALSE(terminal->shows("Esperé"));
    CHECK_FALSE(terminal->shows("Delete"));
    CHECK_FALSE(terminal->shows("Eva"));
    CHECK(state["language"] == "es");
    CHECK(state["large_text"] == false);
    for (const auto& entry : std::filesystem::recursive_directory_iterator(data.path())) {
        if (!entry.is_regular_file()) continue;
        const std::string bytes = file_text(entry.path());
        CHECK_MESSAGE(bytes.find("Esperé") == std::string::npos, entry.path());
        CHECK_MESSAGE(bytes.find("dos horas") == std::string::npos, entry.path());
    }
    terminal->screenshot("form_idle_wiped");
}
