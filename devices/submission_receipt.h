// The receipt of a procedure submitted at the kiosk: procedure, reference, date, office, the
// next steps, only the answers the form marks printable (a carné only ever masked), and the
// signed QR code a clerk scans to open the submission.
#pragma once

#include <chrono>
#include <string>

#include "devices/receipt.h"
#include "kiosk/form_definition.h"
#include "kiosk/i18n.h"
#include "kiosk/submission.h"

namespace ventanilla {

struct SubmissionReceiptInput {
    const Submission& submission;
    const FormDefinition& form;  // the version it was filled with
    const Translations& text;    // in the citizen's language
    std::string office_name;
    int terminal_number = 1;
    std::chrono::minutes utc_offset{0};
    bool copy = false;  // a reprint: marked "COPIA" at the top
};

ReceiptDocument submission_receipt(const SubmissionReceiptInput& input);

// An answer as the receipt prints it, in the citizen's language: a choice's label, a date as
// DD/MM/YYYY, a number with the language's decimal mark, a carné masked (in full only for
// the clerk's screen, `mask_id` false).
std::string printed_answer(const FormField& field, const nlohmann::json& value, const nlohmann::json& answers,
                           const Translations& text, bool mask_id = true);

// A form's text in the language of `text`.
const std::string& in_language(const LocalizedText& localized, const Translations& text);

// A reference as printed and typed: "7K3M-Q9XC".
std::string reference_printed(const std::string& symbols);

}  // namespace ventanilla
