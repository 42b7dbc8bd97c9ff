// A citizen's answers checked against a form definition: on the kiosk at every step, and
// again on the server, which never trusts a terminal. Each answer comes back normalised (a
// phone as "+53 5xxxxxxx", a date as YYYY-MM-DD, a number with "."), or with a clear reason.
#pragma once

#include <array>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/form_definition.h"
#include "kiosk/result.h"

namespace ventanilla {

// Every error code of the answers' checks (each has a text in assets/i18n); a carné de
// identidad's own codes are kCubanIdErrorCodes.
inline constexpr std::array<std::string_view, 21> kFormAnswerErrorCodes{
    "form.required",                    // a visible required field has no answer
    "form.too_short",                   // min: fewer characters than the field needs
    "form.too_long",                    // max, length: more characters than it takes
    "form.text_invalid_utf8",           // bytes that are not UTF-8 (never from our keyboard)
    "form.text_control_character",      // position: a control or direction mark (RTL/LTR overrides)
    "form.text_unsupported_character",  // character: one the receipt cannot print (emoji…)
    "form.pattern_mismatch",            // hint: the field's pattern_hint (in Spanish)
    "form.number_invalid",              // not a number as people write them ("12", "12,5")
    "form.number_too_small",            // min
    "form.number_too_large",            // max
    "form.number_too_many_decimals",    // decimals
    "form.date_invalid",                // not a real date (DD/MM/AAAA or AAAA-MM-DD)
    "form.date_too_early",              // date: the earliest allowed, DD/MM/YYYY
    "form.date_too_late",               // date: the latest allowed, DD/MM/YYYY
    "form.choice_unknown",              // not one of the field's choices
    "form.phone_invalid",               // not a Cuban number of 8 digits
    "form.email_invalid",               // not an address like nombre@dominio.cu
    "form.province_unknown",            // not one of Cuba's provinces
    "form.municipality_unknown",        // not a municipality of the province answered
    "form.answer_wrong_type",           // a JSON type the field cannot hold (a faulty sender)
    "form.unknown_field",               // an answer for no field of the form (a faulty sender)
};

struct FieldProblem {
    std::string field;  // the field's id
    Error error;        // never repeats the answer itself when it is personal data
};

// Whether a field is shown with these answers: it has no condition, or the earlier field it
// names is shown and answered with one of the condition's values.
bool field_visible(const FormDefinition& form, const FormField& field, const nlohmann::json& answers);

// An answer that is missing, null, blank or an empty list.
bool unanswered(const nlohmann::json& answer);

// Checks one answer (not unanswered) and returns it normalised. `answers` gives the others
// (a municipality's province).
Result<nlohmann::json> check_answer(const FormField& field, const nlohmann::json& answer,
                                    const nlohmann::json& answers, std::chrono::year_month_day today);

// The problems of one step's visible fields, in the order they are shown.
std::vector<FieldProblem> check_step(const FormDefinition& form, std::size_t step,
                                     const nlohmann::json& answers, std::chrono::year_month_day today);

// The whole form, for a submission: the normalised answers of the visible, answered fields
// (those of hidden fields are dropped: a changed mind leaves nothing behind), or problems.
struct CheckedForm {
    nlohmann::json answers = nlohmann::json::object();
    std::vector<FieldProblem> problems;
    bool ok() const { return problems.empty(); }
};
CheckedForm check_form(const FormDefinition& form, const nlohmann::json& answers,
                       std::chrono::year_month_day today);

}  // namespace ventanilla
