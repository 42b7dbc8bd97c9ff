// A procedure form once the citizen taps "Enviar": checked one last time, frozen, given its
// human reference and its signed receipt code. From here it is never edited: a correction is
// a new submission that names the one it replaces.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "kiosk/form_answers.h"
#include "kiosk/form_definition.h"
#include "kiosk/receipt_signature.h"
#include "kiosk/result.h"
#include "kiosk/tracking_time.h"

namespace ventanilla {

inline constexpr std::array<std::string_view, 1> kSubmissionErrorCodes{
    "submission.incomplete",  // fields: answers that are missing or wrong (the wizard should
                              // have stopped at them: a draft edited behind its back)
};

struct Submission {
    std::string id;           // the UUID made when the draft started: the idempotency key
    std::string reference;    // "7K3MQ9XC": eight symbols, printed "7K3M-Q9XC"
    std::string form_id;
    int form_version = 1;
    std::string office_id;
    std::string terminal_id;  // the issuing terminal's device id
    WallTime created_at;
    nlohmann::json answers;   // normalised; only the fields shown to the citizen
    std::string receipt_code; // the QR's signed text (receipt_signature.h)

    // What the outbox uploads (docs/protocol.md): everything but the receipt code.
    nlohmann::json to_json() const;
};

struct SubmissionContext {
    std::string draft_id;  // made when the citizen opened the form
    std::string office_id;
    std::string terminal_id;
    const SigningKeys& keys;
    WallTime now;
    std::chrono::year_month_day today;  // the office's local date
    std::function<std::uint32_t()> random;  // 32 random bits a call (libsodium in production)
};

// Checks every answer again and freezes the result.
Result<Submission> finalize_submission(const FormDefinition& form, const nlohmann::json& answers,
                                       const SubmissionContext& context);

}  // namespace ventanilla
