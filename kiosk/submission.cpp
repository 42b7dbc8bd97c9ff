#include "kiosk/submission.h"

#include "kiosk/reference_code.h"

namespace ventanilla {

nlohmann::json Submission::to_json() const {
    return {{"id", id},
            {"reference", reference},
            {"form", form_id},
            {"form_version", form_version},
            {"office", office_id},
            {"terminal", terminal_id},
            {"created_at", format_rfc3339_utc(created_at)},
            {"answers", answers}};
}

Result<Submission> finalize_submission(const FormDefinition& form, const nlohmann::json& answers,
                                       const SubmissionContext& context) {
    CheckedForm checked = check_form(form, answers, context.today);
    if (!checked.ok()) {
        std::string fields;
        for (const auto& problem : checked.problems) {
            if (!fields.empty()) fields += ", ";
            fields += problem.field;
        }
        return make_error("submission.incomplete", fields, {{"fields", fields}});
    }
    Submission submission;
    submission.id = context.draft_id;
    submission.reference = generate_reference_code(context.random).symbols;
    submission.form_id = form.id;
    submission.form_version = form.version;
    submission.office_id = context.office_id;
    submission.terminal_id = context.terminal_id;
    submission.created_at = std::chrono::time_point_cast<std::chrono::seconds>(context.now);
    submission.answers = std::move(checked.answers);
    SignedReceipt signed_part{submission.reference, submission.terminal_id,
                              std::chrono::duration_cast<std::chrono::seconds>(
                                  submission.created_at.time_since_epoch())
                                  .count()};
    submission.receipt_code = sign_receipt(signed_part, context.keys);
    return submission;
}

}  // namespace ventanilla
