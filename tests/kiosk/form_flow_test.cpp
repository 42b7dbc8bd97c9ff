// The procedure wizard without a window: steps checked before moving on, conditions that
// skip a step or drop hidden answers, the review and its change links, a draft that
// survives a crash, and submit guarded against a double tap.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "kiosk/draft_store.h"
#include "kiosk/form_flow.h"
#include "kiosk/terminal_keys.h"
#include "tests/support/process.h"
#include "tests/support/shipped_forms.h"
#include "tests/support/fixed_values.h"

using namespace ventanilla;
using ventanilla::testing::kFormTestDay;
using Json = nlohmann::json;
using ventanilla::testing::shipped_form;
using ventanilla::testing::TempDir;

namespace {


}  // namespace

TEST_CASE("form flow: a step is checked before the next, problems beside their fields, then the review") {
    FormDefinition form = shipped_form("complaint-suggestion");
    FormFlow flow(form, "0b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6a");
    CHECK(flow.phase() == FormPhase::filling);
    CHECK(flow.step() == 0);
    CHECK(flow.step_number() == 1);
    CHECK(flow.step_count() == 2);

    CHECK_FALSE(flow.next(kFormTestDay));
    REQUIRE(flow.problems().size() == 3);  // kind, about, text: all required
    CHECK(flow.problem_of("text")->code == "form.required");
    flow.set_answer("kind", "complaint");
    flow.set_answer("about", "queue");
    flow.set_answer("text", "corto");
    CHECK(flow.problem_of("kind") == nullptr);  // answered: its problem goes until checked again
    CHECK_FALSE(flow.next(kFormTestDay));
    REQUIRE(flow.problems().size() == 1);
    CHECK(flow.problem_of("text")->code == "form.too_short");
    flow.set_answer("text", "Esperé dos horas sin que me llamaran.");
    REQUIRE(flow.next(kFormTestDay));
    CHECK(flow.step() == 1);
    CHECK(flow.step_number() == 2);

    flow.set_answer("wants_answer", "yes");
    flow.set_answer("full_name", "María Pérez");
    flow.set_answer("phone", "52345678");
    // Changing one's mind hides the contact fields, and their answers go with them.
    flow.set_answer("wants_answer", "no");
    CHECK_FALSE(flow.answers().contains("full_name"));
    CHECK_FALSE(flow.answers().contains("phone"));
    REQUIRE(flow.next(kFormTestDay));
    CHECK(flow.phase() == FormPhase::reviewing);

    // "Cambiar" on the first step, then "Siguiente" comes straight back to the review.
    flow.edit_step(0);
    CHECK(flow.phase() == FormPhase::filling);
    CHECK(flow.step() == 0);
    CHECK(flow.editing_from_review());
    flow.set_answer("about", "other");
    REQUIRE(flow.next(kFormTestDay));
    CHECK(flow.phase() == FormPhase::reviewing);
    CHECK(flow.answers()["about"] == "other");

    REQUIRE(flow.submit(kFormTestDay));
    CHECK(flow.phase() == FormPhase::submitting);
    CHECK_FALSE(flow.submit(kFormTestDay));  // a second tap does nothing
    flow.on_submitted(make_error("store.io", "disk full"));
    CHECK(flow.phase() == FormPhase::reviewing);  // nothing lost: try again
    REQUIRE(flow.error().has_value());
    REQUIRE(flow.submit(kFormTestDay));
    flow.on_submitted(std::string("7K3MQ9XC"));
    CHECK(flow.phase() == FormPhase::submitted);
    CHECK(flow.reference() == "7K3MQ9XC");
}

TEST_CASE("form flow: back goes to the previous step and from the review to the last") {
    FormDefinition form = shipped_form("complaint-suggestion");
    FormFlow flow(form, "0b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6a");
    CHECK_FALSE(flow.back());
    flow.set_answer("kind", "praise");
    flow.set_answer("about", "post");
    flow.set_answer("text", "Muy buena atención en la ventanilla 3.");
    REQUIRE(flow.next(kFormTestDay));
    CHECK(flow.back());
    CHECK(flow.step() == 0);
    REQUIRE(flow.next(kFormTestDay));
    flow.set_answer("wants_answer", "no");
    REQUIRE(flow.next(kFormTestDay));
    CHECK(flow.back());
    CHECK(flow.phase() == FormPhase::filling);
    CHECK(flow.step() == 1);
}

TEST_CASE("form flow: a draft saved sealed after a step comes back after a crash, and is wiped without a trace") {
    FormDefinition form = shipped_form("civil-registry-certificate");
    TempDir dir;
    auto keys = load_or_make_terminal_keys(dir.file("t.secrets.json"));
    REQUIRE(keys.ok());
    std::filesystem::path path = dir.file("draft.sealed");
    {
        FormFlow flow(form, "0b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6a");
        flow.set_answer("kind", "birth");
        flow.set_answer("purpose", "abroad");
        flow.set_answer("copies", "2");
        REQUIRE(flow.next(kFormTestDay));
        flow.set_answer("registered_name", "José Martí Pérez");
        REQUIRE(save_draft(path, flow.draft(), keys->data_key).ok());
    }  // the kiosk dies here

    std::ifstream raw(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(raw)), {});
    CHECK(bytes.find("Martí") == std::string::npos);  // sealed at rest

    auto loaded = load_draft(path, keys->data_key);
    REQUIRE(loaded.ok());
    REQUIRE(loaded->has_value());
    auto restored = FormFlow::restore(form, **loaded);
    REQUIRE_MESSAGE(restored.ok(), restored.failure_text());
    CHECK(restored->step() == 1);
    CHECK(restored->draft_id() == "0b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6a");
    CHECK(restored->answers()["registered_name"] == "José Martí Pérez");
    CHECK(restored->answers()["copies"] == "2");

    // Another version of the form: the draft cannot be trusted against it.
    FormDefinition newer = form;
    newer.version = 2;
    CHECK(FormFlow::restore(newer, **loaded).error().code == "form.draft_unusable");

    REQUIRE(wipe_draft(path).ok());
    CHECK_FALSE(std::filesystem::exists(path));
    CHECK_FALSE(load_draft(path, keys->data_key)->has_value());
    CHECK(wipe_draft(path).ok());  // nothing there: fine

    std::ofstream(path, std::ios::binary) << "not sealed at all";
    CHECK(load_draft(path, keys->data_key).error().code == "sealed.damaged");
}
