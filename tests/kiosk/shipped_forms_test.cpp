// The procedure forms Ventanilla ships (assets/forms): each is a valid definition named after
// its file, and a citizen's realistic answers pass, while the hidden branch asks nothing.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "kiosk/form_answers.h"
#include "kiosk/form_definition.h"
#include "tests/support/shipped_forms.h"
#include "tests/support/fixed_values.h"

using namespace ventanilla;
using ventanilla::testing::kFormTestDay;
using Json = nlohmann::json;
namespace fs = std::filesystem;
using ventanilla::testing::shipped_form;

namespace {

const fs::path kForms = fs::path(VENTANILLA_SOURCE_DIR) / "assets" / "forms";


}  // namespace

TEST_CASE("shipped forms: every procedure of the first stage is there and valid") {
    std::set<std::string> found;
    for (const auto& entry : fs::directory_iterator(kForms)) {
        std::string id = entry.path().stem().string();
        CAPTURE(id);
        FormDefinition form = shipped_form(id);
        CHECK(form.id == id);
        bool printable = false;
        for (const auto& step : form.steps) {
            for (const auto& field : step.fields) printable = printable || field.printable;
        }
        CHECK_MESSAGE(printable, "a receipt with no answer on it tells the clerk nothing");
        found.insert(id);
    }
    CHECK(found == std::set<std::string>{"civil-registry-certificate", "complaint-suggestion",
                                         "driving-licence-duplicate", "id-card-replacement", "postal-giro",
                                         "vehicle-circulation"});
}

TEST_CASE("shipped forms: a birth certificate found by volume and page is complete without the event's date") {
    FormDefinition form = shipped_form("civil-registry-certificate");
    Json answers = {{"kind", "birth"},
                    {"purpose", "national"},
                    {"copies", "2"},
                    {"registered_name", "José Martí Pérez"},
                    {"is_self", "no"},
                    {"relationship", "child"},
                    {"located_by", "book"},
                    {"tomo", "120"},
                    {"folio", "45"},
                    {"registry_province", "la-habana"},
                    {"registry_municipality", "la-habana-vieja"},
                    {"applicant_name", "María Martí"},
                    {"applicant_ci", "85031412345"},
                    {"phone", "5 234 5678"}};
    auto checked = check_form(form, answers, kFormTestDay);
    for (const auto& problem : checked.problems) FAIL_CHECK(problem.field << ": " << problem.error.code);
    CHECK(checked.answers["copies"] == "2");
    CHECK(checked.answers["phone"] == "+53 52345678");
    CHECK_FALSE(checked.answers.contains("event_date"));

    answers["located_by"] = "event";
    auto missing = check_form(form, answers, kFormTestDay);
    REQUIRE(missing.problems.size() == 1);
    CHECK(missing.problems[0].field == "event_date");
}

TEST_CASE("shipped forms: a complaint without an answer wanted asks for no name or phone") {
    FormDefinition form = shipped_form("complaint-suggestion");
    Json answers = {{"kind", "complaint"}, {"about", "queue"}, {"text", "Esperé dos horas sin que me llamaran."},
                    {"wants_answer", "no"}};
    CHECK(check_form(form, answers, kFormTestDay).ok());
    answers["wants_answer"] = "yes";
    auto checked = check_form(form, answers, kFormTestDay);
    std::set<std::string> fields;
    for (const auto& problem : checked.problems) fields.insert(problem.field);
    CHECK(fields == std::set<std::string>{"full_name", "phone"});
}
