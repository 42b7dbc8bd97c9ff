// A procedure's form described as data (JSON, versioned, delivered with the reference data):
// steps of fields, their rules and conditions, every label in es and en. One generic wizard
// draws any definition; a malformed one is refused with the JSON path of its first error and
// never reaches a citizen.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/catalog.h"
#include "kiosk/result.h"

namespace ventanilla {

inline constexpr std::array<std::string_view, 1> kFormDefinitionErrorCodes{
    "form.invalid_definition",  // path, reason: the first thing wrong in the definition
};

enum class FieldType {
    text,             // one line
    long_text,        // several lines (a complaint)
    number,           // decimal, "," or "." as separator
    date,             // YYYY-MM-DD
    single_choice,    // one of `choices`
    multiple_choice,  // some of `choices`
    yes_no,
    phone,            // a Cuban number: 8 digits, +53 allowed
    email,
    cuban_id,         // carné de identidad: 11 digits, a real birth date; printed masked
    province,         // one of Cuba's provinces
    municipality,     // one of the municipalities of the province answered in `province_field`
};

std::string_view field_type_name(FieldType type);

struct Choice {
    std::string id;  // [a-z0-9_-]: what the answer holds
    LocalizedText label;
};

// Shown only when an earlier field's answer is one of `any_of` (for yes/no: "yes", "no";
// for a multiple choice: when any chosen is one of them).
struct FieldCondition {
    std::string field;
    std::vector<std::string> any_of;
};

// A date bound: a fixed day, or today moved by whole years or days ("today", "today-120y").
struct DateBound {
    enum class Kind { fixed, relative } kind = Kind::fixed;
    int year = 0, month = 0, day = 0;  // fixed
    int years = 0, days = 0;           // relative to today
};

struct FormField {
    std::string id;  // [a-z0-9_]{1,40}, unique in the form
    FieldType type = FieldType::text;
    LocalizedText label;
    LocalizedText help;  // may be empty
    bool required = false;
    // text and long_text, in characters; defaults 200 and 2000.
    int min_length = 0;
    int max_length = 0;
    std::optional<double> min, max;  // number
    int decimals = 0;                // number: how many decimals are allowed
    std::optional<DateBound> min_date, max_date;
    std::string pattern;  // text: an ECMAScript regular expression the whole answer matches
    LocalizedText pattern_hint;  // said when it does not match ("tomo: hasta 4 cifras")
    std::vector<Choice> choices;        // single_choice and multiple_choice
    std::string province_field;         // municipality: the id of an earlier province field
    std::optional<FieldCondition> visible_when;
    // Printed on the receipt (a cuban_id only ever masked). Personal data is never printable
    // unless the form says so.
    bool printable = false;
};

struct FormStep {
    std::string id;
    LocalizedText title;
    std::vector<FormField> fields;
};

struct FormDefinition {
    std::string id;   // "birth-certificate"
    int version = 1;  // a definition is immutable per version
    LocalizedText title;
    LocalizedText summary;     // one line on the service tile
    LocalizedText next_steps;  // printed on the receipt
    int retention_days = 0;    // how long the terminal may keep the answers (the consent line)
    LocalizedText kept_data;   // what is kept, for the consent line
    std::vector<FormStep> steps;

    const FormField* field(std::string_view field_id) const;
};

// Reads and checks a definition. The error's detail and its "path" argument name where it
// is wrong: `steps[1].fields[3].visible_when.field`.
Result<FormDefinition> parse_form_definition(std::string_view json_text);

}  // namespace ventanilla
