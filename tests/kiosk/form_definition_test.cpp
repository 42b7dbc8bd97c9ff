// Form definitions as data: a good one is read whole; a malformed one is refused with the
// JSON path of what is wrong, so it never reaches a citizen.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "kiosk/form_definition.h"

using namespace ventanilla;
using Json = nlohmann::json;

namespace {

Json minimal_form() {
    return Json::parse(R"({
      "id": "complaint", "version": 3,
      "title": {"es": "Queja o sugerencia", "en": "Complaint or suggestion"},
      "summary": {"es": "Díganos qué mejorar", "en": "Tell us what to improve"},
      "next_steps": {"es": "Le responderemos.", "en": "We will answer."},
      "retention_days": 30,
      "kept_data": {"es": "su nombre y su texto", "en": "your name and your text"},
      "steps": [
        {"id": "about", "title": {"es": "Sobre usted", "en": "About you"}, "fields": [
          {"id": "kind", "type": "single_choice", "required": true,
           "label": {"es": "Tipo", "en": "Kind"},
           "choices": [{"id": "complaint", "label": {"es": "Queja", "en": "Complaint"}},
                       {"id": "suggestion", "label": {"es": "Sugerencia", "en": "Suggestion"}}]},
          {"id": "answer_wanted", "type": "yes_no", "label": {"es": "¿Quiere respuesta?", "en": "Want an answer?"}},
          {"id": "phone", "type": "phone", "label": {"es": "Teléfono", "en": "Phone"},
           "visible_when": {"field": "answer_wanted", "any_of": ["yes"]}}
        ]},
        {"id": "text", "title": {"es": "Su mensaje", "en": "Your message"}, "fields": [
          {"id": "message", "type": "long_text", "required": true, "max_length": 1500,
           "label": {"es": "Mensaje", "en": "Message"}, "printable": true},
          {"id": "province", "type": "province", "label": {"es": "Provincia", "en": "Province"}},
          {"id": "municipality", "type": "municipality", "province_field": "province",
           "label": {"es": "Municipio", "en": "Municipality"}},
          {"id": "born", "type": "date", "min_date": "today-120y", "max_date": "today",
           "label": {"es": "Fecha", "en": "Date"}},
          {"id": "tomo", "type": "text", "pattern": "[0-9]{1,4}", "max_length": 4,
           "pattern_hint": {"es": "hasta 4 cifras", "en": "up to 4 digits"},
           "label": {"es": "Tomo", "en": "Volume"}},
          {"id": "copies", "type": "number", "min": 1, "max": 5, "label": {"es": "Copias", "en": "Copies"}}
        ]}
      ]})");
}

// The definition with one change at a JSON pointer, then the path of the refusal.
std::string refusal_path(const std::string& pointer, const Json& value) {
    Json form = minimal_form();
    if (value.is_discarded()) {
        Json::json_pointer at(pointer);
        form[at.parent_pointer()].erase(at.back());
    } else {
        form[Json::json_pointer(pointer)] = value;
    }
    auto parsed = parse_form_definition(form.dump());
    if (parsed) return "(accepted)";
    CHECK(parsed.error().code == "form.invalid_definition");
    return parsed.error().args.at("path");
}

}  // namespace

TEST_CASE("a form definition is read whole: steps, fields, rules, conditions, both languages") {
    auto parsed = parse_form_definition(minimal_form().dump());
    REQUIRE_MESSAGE(parsed.ok(), parsed.failure_text());
    const FormDefinition& form = parsed.value();
    CHECK(form.id == "complaint");
    CHECK(form.version == 3);
    CHECK(form.retention_days == 30);
    REQUIRE(form.steps.size() == 2);
    CHECK(form.steps[0].fields.size() == 3);
    const FormField* phone = form.field("phone");
    REQUIRE(phone != nullptr);
    CHECK(phone->type == FieldType::phone);
    REQUIRE(phone->visible_when.has_value());
    CHECK(phone->visible_when->field == "answer_wanted");
    CHECK(form.field("message")->max_length == 1500);
    CHECK(form.field("message")->printable);
    CHECK(form.field("kind")->choices[1].label.en == "Suggestion");
    CHECK(form.field("municipality")->province_field == "province");
    CHECK(form.field("born")->min_date->kind == DateBound::Kind::relative);
    CHECK(form.field("born")->min_date->years == -120);
    CHECK(form.field("tomo")->pattern == "[0-9]{1,4}");
    CHECK(*form.field("copies")->max == 5);
    CHECK(form.field("nothing") == nullptr);
}

TEST_CASE("a malformed definition is refused with the JSON path of its first error") {
    Json removed = Json(Json::value_t::discarded);
    CHECK(parse_form_definition("{not json").error().args.at("path") == "$");
    CHECK(refusal_path("/id", "Birth Certificate") == "$.id");
    CHECK(refusal_path("/version", 0) == "$.version");
    CHECK(refusal_path("/title/en", "") == "$.title.en");
    CHECK(refusal_path("/steps", Json::array()) == "$.steps");
    CHECK(refusal_path("/steps/1/fields/0/type", "colour") == "$.steps[1].fields[0].type");
    CHECK(refusal_path("/steps/0/fields/0/requierd", true) == "$.steps[0].fields[0].requierd");
    CHECK(refusal_path("/steps/0/fields/1/id", "kind") == "$.steps[0].fields[1].id");
    CHECK(refusal_path("/steps/0/fields/0/choices", Json::array({Json::object()})) == "$.steps[0].fields[0].choices");
    CHECK(refusal_path("/steps/0/fields/0/choices/1/id", "complaint") == "$.steps[0].fields[0].choices[1].id");
    // Conditions look back only, at answers that can be.
    CHECK(refusal_path("/steps/0/fields/2/visible_when/field", "message") == "$.steps[0].fields[2].visible_when.field");
    CHECK(refusal_path("/steps/0/fields/2/visible_when/any_of/0", "maybe") ==
          "$.steps[0].fields[2].visible_when.any_of[0]");
    CHECK(refusal_path("/steps/1/fields/2/province_field", "message") == "$.steps[1].fields[2].province_field");
    CHECK(refusal_path("/steps/1/fields/2/province_field", removed) == "$.steps[1].fields[2].province_field");
    CHECK(refusal_path("/steps/1/fields/3/min_date", "yesterday") == "$.steps[1].fields[3].min_date");
    CHECK(refusal_path("/steps/1/fields/3/max_date", "2024-02-30") == "$.steps[1].fields[3].max_date");
    CHECK(refusal_path("/steps/1/fields/4/pattern", "[0-9") == "$.steps[1].fields[4].pattern");
    CHECK(refusal_path("/steps/1/fields/4/pattern_hint", removed) == "$.steps[1].fields[4].pattern_hint");
    CHECK(refusal_path("/steps/1/fields/5/min", 9) == "$.steps[1].fields[5].min");
    CHECK(refusal_path("/steps/1/fields/0/max_length", 100000) == "$.steps[1].fields[0].max_length");
    CHECK(refusal_path("/steps/0/fields/1/max_length", 10) == "$.steps[0].fields[1].max_length");
    CHECK(refusal_path("/retention_days", removed) == "$.retention_days");
}
