// Every field type against a table of valid and invalid answers, including what a hostile or
// careless sender may put in: overlong text, emoji, direction marks, SQL- and format-string-
// looking text, invalid UTF-8. Each gets a clear code or a normalised value, never a crash.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "kiosk/form_answers.h"
#include "tests/support/fixed_values.h"

using namespace ventanilla;
using ventanilla::testing::kFormTestDay;
using Json = nlohmann::json;
using namespace std::chrono;

namespace {

FormField field_of(FieldType type) {
    FormField field;
    field.id = "f";
    field.type = type;
    field.max_length = type == FieldType::long_text ? 2000 : 200;
    return field;
}

// "ok:<normalised>" or the error code.
std::string outcome(const FormField& field, const Json& answer, const Json& answers = Json::object()) {
    auto checked = check_answer(field, answer, answers, kFormTestDay);
    if (!checked) return checked.error().code;
    const Json& value = checked.value();
    return "ok:" + (value.is_string() ? value.get<std::string>() : value.dump());
}

struct Row {
    Json answer;
    std::string expected;
};

void check_table(const FormField& field, const std::vector<Row>& rows) {
    for (const auto& row : rows) {
        CAPTURE(row.answer.dump(-1, ' ', false, Json::error_handler_t::replace));
        CHECK(outcome(field, row.answer) == row.expected);
    }
}

}  // namespace

TEST_CASE("text answers: trimmed, within length, printable, no hidden controls") {
    FormField text = field_of(FieldType::text);
    text.min_length = 2;
    text.max_length = 10;
    check_table(text, {
        {"  María  ", "ok:María"},
        {"Ñoño ¿sí?", "ok:Ñoño ¿sí?"},
        {"a", "form.too_short"},
        {"abcdefghijk", "form.too_long"},
        {"ÁÉÍÓÚáéíóú", "ok:ÁÉÍÓÚáéíóú"},  // ten characters, twenty bytes: counted as ten
        {"Ana 😀", "form.text_unsupported_character"},
        {"abc\u202Edef", "form.text_control_character"},  // right-to-left override
        {"abc\u200Fdef", "form.text_control_character"},  // right-to-left mark
        {"ab\u200Bcd", "form.text_control_character"},    // zero-width space
        {"two\nlines", "form.text_control_character"},
        {"a\x01z", "form.text_control_character"},
        {"'; DROP--", "ok:'; DROP--"},  // stored as text, bound as a parameter: harmless
        {"%s%n%x{0}", "ok:%s%n%x{0}"},   // never used as a format
        {"\xC3\x28xyz", "form.text_invalid_utf8"},
        {"\xED\xA0\x80xx", "form.text_invalid_utf8"},  // a UTF-16 surrogate in UTF-8
        {42, "form.answer_wrong_type"},
    });
    auto emoji = check_answer(text, "Ana 😀", Json::object(), kFormTestDay);
    CHECK(emoji.error().args.at("character") == "😀");
    auto rtl = check_answer(text, "abc\u202Edef", Json::object(), kFormTestDay);
    CHECK(rtl.error().args.at("position") == "4");
    auto overlong = check_answer(text, std::string(100000, 'x'), Json::object(), kFormTestDay);
    CHECK(overlong.error().args.at("max") == "10");
    CHECK(overlong.error().args.at("length") == "100000");

    FormField long_text = field_of(FieldType::long_text);
    check_table(long_text, {
        {"Primera línea\r\nSegunda", "ok:Primera línea\nSegunda"},
        {"tab\there", "form.text_control_character"},
        {std::string(2001, 'a'), "form.too_long"},
    });

    FormField tomo = field_of(FieldType::text);
    tomo.pattern = "[0-9]{1,4}";
    tomo.pattern_hint = {"hasta 4 cifras", "up to 4 digits"};
    check_table(tomo, {{"123", "ok:123"}, {"12345", "form.pattern_mismatch"}, {"12a", "form.pattern_mismatch"}});
    CHECK(check_answer(tomo, "x", Json::object(), kFormTestDay).error().args.at("hint") == "hasta 4 cifras");
}

TEST_CASE("number answers: as people write them, decimals and range") {
    FormField number = field_of(FieldType::number);
    number.min = 1;
    number.max = 5000;
    number.decimals = 2;
    check_table(number, {
        {"12", "ok:12.00"},
        {"12,5", "ok:12.50"},
        {"12.50", "ok:12.50"},
        {" 7 ", "ok:7.00"},
        {12.25, "ok:12.25"},
        {"1,234", "form.number_too_many_decimals"},
        {"0", "form.number_too_small"},
        {"-3", "form.number_too_small"},
        {"5000,01", "form.number_too_large"},
        {"1e3", "form.number_invalid"},
        {"12,", "form.number_invalid"},
        {"1.2.3", "form.number_invalid"},
        {"NaN", "form.number_invalid"},
        {"99999999999999999999", "form.number_invalid"},
        {"", "form.number_invalid"},
        {true, "form.answer_wrong_type"},
    });
    CHECK(check_answer(number, "9000", Json::object(), kFormTestDay).error().args.at("max") == "5000,00");
}

TEST_CASE("date answers: real days, both ways of writing them, within the field's bounds") {
    FormField date = field_of(FieldType::date);
    date.min_date = DateBound{DateBound::Kind::relative, 0, 0, 0, -120, 0};
    date.max_date = DateBound{DateBound::Kind::relative};
    check_table(date, {
        {"1985-03-14", "ok:1985-03-14"},
        {"14/03/1985", "ok:1985-03-14"},
        {"2024-02-29", "ok:2024-02-29"},
        {"2023-02-29", "form.date_invalid"},
        {"31/04/2000", "form.date_invalid"},
        {"1985-13-01", "form.date_invalid"},
        {"ayer", "form.date_invalid"},
        {"2026-11-24", "form.date_too_late"},
        {"2026-11-23", "ok:2026-11-23"},
        {"1906-11-22", "form.date_too_early"},
        {"1906-11-23", "ok:1906-11-23"},
    });
    CHECK(check_answer(date, "2027-01-01", Json::object(), kFormTestDay).error().args.at("date") == "23/11/2026");
}

TEST_CASE("choices, yes or no, phone, e-mail, carné de identidad, province and municipality") {
    FormField single = field_of(FieldType::single_choice);
    single.choices = {{"birth", {"Nacimiento", "Birth"}}, {"marriage", {"Matrimonio", "Marriage"}}};
    check_table(single, {{"birth", "ok:birth"}, {"Birth", "form.choice_unknown"}, {Json::array({"birth"}), "form.answer_wrong_type"}});
    FormField multiple = single;
    multiple.type = FieldType::multiple_choice;
    check_table(multiple, {
        {Json::array({"birth", "marriage", "birth"}), R"(ok:["birth","marriage"])"},
        {Json::array({"death"}), "form.choice_unknown"},
        {"birth", "form.answer_wrong_type"},
    });
    check_table(field_of(FieldType::yes_no), {{"yes", "ok:yes"}, {"no", "ok:no"}, {"sí", "form.choice_unknown"}});

    check_table(field_of(FieldType::phone), {
        {"5 234 5678", "ok:+53 52345678"},
        {"+53 7 832-1234", "ok:+53 78321234"},
        {"0053 52345678", "ok:+53 52345678"},
        {"(7) 8321234", "ok:+53 78321234"},
        {"1234567", "form.phone_invalid"},
        {"92345678", "form.phone_invalid"},
        {"5234567a", "form.phone_invalid"},
        {"+1 305 555 0100", "form.phone_invalid"},
    });
    check_table(field_of(FieldType::email), {
        {" Ana.Perez@Correos.CU ", "ok:Ana.Perez@correos.cu"},
        {"ana@nauta.com.cu", "ok:ana@nauta.com.cu"},
        {"ana@@x.cu", "form.email_invalid"},
        {"ana@cu", "form.email_invalid"},
        {"ana..p@x.cu", "form.email_invalid"},
        {"ana@-x.cu", "form.email_invalid"},
        {"añá@x.cu", "form.email_invalid"},
        {"ana@x.c1", "form.email_invalid"},
        {"ana@x.cu'--", "form.email_invalid"},
    });
    check_table(field_of(FieldType::cuban_id), {
        {"85031412345", "ok:85031412345"},
        {"850314-12345", "ok:85031412345"},
        {"85023012345", "cuban_id.impossible_day"},
        {"8503141234", "cuban_id.wrong_length"},
        {"\xFF\xFE", "form.text_invalid_utf8"},
    });
    check_table(field_of(FieldType::province), {{"la-habana", "ok:la-habana"}, {"florida", "form.province_unknown"}});

    FormField municipality = field_of(FieldType::municipality);
    municipality.province_field = "province";
    CHECK(outcome(municipality, "centro-habana", {{"province", "la-habana"}}) == "ok:centro-habana");
    // San Luis is in Pinar del Río and in Santiago de Cuba; Florida only in Camagüey.
    CHECK(outcome(municipality, "san-luis", {{"province", "santiago-de-cuba"}}) == "ok:san-luis");
    CHECK(outcome(municipality, "florida", {{"province", "la-habana"}}) == "form.municipality_unknown");
    CHECK(outcome(municipality, "florida", Json::object()) == "form.municipality_unknown");
}

TEST_CASE("conditions: a field shows only after the answer it depends on, and hidden answers are dropped") {
    auto parsed = parse_form_definition(R"({
      "id": "certificate", "version": 1,
      "title": {"es": "Certificado", "en": "Certificate"}, "summary": {"es": "s", "en": "s"},
      "next_steps": {"es": "n", "en": "n"}, "retention_days": 30, "kept_data": {"es": "k", "en": "k"},
      "steps": [{"id": "one", "title": {"es": "Uno", "en": "One"}, "fields": [
        {"id": "by", "type": "single_choice", "required": true, "label": {"es": "Por", "en": "By"},
         "choices": [{"id": "book", "label": {"es": "Tomo y folio", "en": "Volume and page"}},
                     {"id": "event", "label": {"es": "Fecha y lugar", "en": "Date and place"}}]},
        {"id": "tomo", "type": "text", "required": true, "label": {"es": "Tomo", "en": "Volume"},
         "visible_when": {"field": "by", "any_of": ["book"]}},
        {"id": "folio_known", "type": "yes_no", "label": {"es": "¿Folio?", "en": "Page?"},
         "visible_when": {"field": "by", "any_of": ["book"]}},
        {"id": "folio", "type": "text", "required": true, "label": {"es": "Folio", "en": "Page"},
         "visible_when": {"field": "folio_known", "any_of": ["yes"]}}
      ]}]})");
    REQUIRE_MESSAGE(parsed.ok(), parsed.failure_text());
    const FormDefinition& form = parsed.value();

    Json answers = {{"by", "event"}, {"folio_known", "yes"}, {"tomo", "12"}};
    CHECK_FALSE(field_visible(form, *form.field("tomo"), answers));
    // "folio" depends on a field that is itself hidden: hidden too, its stale answer ignored.
    CHECK_FALSE(field_visible(form, *form.field("folio"), answers));
    CHECK(check_step(form, 0, answers, kFormTestDay).empty());
    auto checked = check_form(form, answers, kFormTestDay);
    REQUIRE(checked.ok());
    CHECK(checked.answers == Json{{"by", "event"}});

    answers["by"] = "book";
    auto problems = check_step(form, 0, answers, kFormTestDay);
    REQUIRE(problems.size() == 1);  // required when visible: the folio is missing
    CHECK(problems[0].field == "folio");
    CHECK(problems[0].error.code == "form.required");
    answers["folio"] = "  ";
    CHECK(check_step(form, 0, answers, kFormTestDay).size() == 1);  // blank is no answer
    answers["folio"] = "31";
    checked = check_form(form, answers, kFormTestDay);
    REQUIRE(checked.ok());
    CHECK(checked.answers == Json{{"by", "book"}, {"tomo", "12"}, {"folio_known", "yes"}, {"folio", "31"}});

    answers["colour"] = "red";
    checked = check_form(form, answers, kFormTestDay);
    REQUIRE_FALSE(checked.ok());
    CHECK(checked.problems[0].error.code == "form.unknown_field");
    CHECK(checked.answers.empty());
    CHECK(check_form(form, Json::array(), kFormTestDay).problems[0].error.code == "form.answer_wrong_type");
}
