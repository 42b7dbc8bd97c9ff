// The clerk's side of a procedure receipt at the counter: the scanned code is checked with the
// terminals' keys kept on this counter (a forged or unreadable code is said at once and opens
// nothing), the submission is fetched from the server (a receipt from a terminal this counter
// has no key for is flagged, after the keys were fetched again), its answers are shown, and the
// clerk records processed, needs documents or rejected with a reason, and an answer to the
// citizen. A failed call keeps everything the clerk chose and typed. No I/O, no clock.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/form_definition.h"
#include "kiosk/receipt_signature.h"
#include "kiosk/result.h"
#include "kiosk/submission_client.h"

namespace ventanilla {

inline constexpr std::array<std::string_view, 4> kReceiptDeskErrorCodes{
    "desk.log_in_first",      // a receipt scanned before a clerk logged in
    "desk.reason_required",   // needs documents or rejected without a reason for the citizen
    "desk.reason_too_long",   // max: bytes, on one line
    "desk.answer_too_long",   // max: bytes
};

inline constexpr std::size_t kMaxOutcomeReasonBytes = 500;
inline constexpr std::size_t kMaxOutcomeAnswerBytes = 4000;

enum class DeskPhase {
    closed,   // nothing open: the counter's working screen
    refused,  // the scanned code is forged or not a receipt: said, nothing opened
    opening,  // the submission is being fetched
    failed,   // it could not be fetched: the reason, and a retry
    open,     // the answers on screen, an outcome to record
};

std::string_view desk_phase_name(DeskPhase phase);

// Work for the worker; `id` ties the answer to it.
struct DeskRequest {
    enum class Kind { open, save };
    Kind kind = Kind::open;
    std::uint64_t id = 0;
    std::string code;       // open: the scanned code, checked again after a key refresh
    std::string reference;  // "7K3MQ9XC"
    bool refresh_keys = false;  // open: the code's terminal is unknown here: fetch the keys first
    ClerkOutcome outcome;       // save
};

class ReceiptDesk {
public:
    DeskPhase phase() const { return phase_; }
    const std::string& reference() const { return reference_; }
    // The receipt came from a terminal this counter has no key for (receipt.unknown_terminal).
    bool unknown_terminal() const { return unknown_terminal_; }
    const std::optional<OpenedSubmission>& submission() const { return submission_; }
    // The form the submission was made with, when this terminal has that version.
    const std::optional<FormDefinition>& form() const { return form_; }
    // Why the phase is refused or failed, or why the last save did not happen.
    const std::optional<Error>& problem() const { return problem_; }
    bool saving() const { return saving_.has_value(); }
    bool busy() const { return opening_.has_value() || saving_.has_value(); }
    // Whether the last save went through (until the clerk changes something).
    bool saved() const { return saved_; }

    // A code scanned at the counter. `clerk`: the logged-in clerk, empty when nobody is.
    std::optional<DeskRequest> scan(std::string_view code, const KnownTerminals& keys, const std::string& clerk);
    std::optional<DeskRequest> retry();  // failed: fetch again
    void close();

    // --- the outcome being prepared
    const std::string& chosen_status() const { return status_; }
    const std::string& reason() const { return reason_; }
    const std::string& answer() const { return answer_; }
    void choose(std::string status);  // processed, needs_documents, rejected
    void set_reason(std::string reason);
    void set_answer(std::string answer);
    // What stops a save now (desk.* codes), or nullopt when it may go.
    std::optional<Error> outcome_problem() const;
    std::optional<DeskRequest> save(const std::string& clerk);

    // --- answers. `verdict`: the code checked again after a key refresh (nullopt: genuine).
    void on_opened(std::uint64_t id, Result<OpenedSubmission> opened, std::optional<Error> verdict,
                   std::optional<FormDefinition> form);
    void on_saved(std::uint64_t id, Result<SubmissionStatus> status);

private:
    std::uint64_t next_id() { return ++last_id_; }
    void start(std::string code, std::string reference);

    DeskPhase phase_ = DeskPhase::closed;
    std::string code_;
    std::string reference_;
    bool unknown_terminal_ = false;
    std::optional<OpenedSubmission> submission_;
    std::optional<FormDefinition> form_;
    std::optional<Error> problem_;
    std::string status_;
    std::string reason_;
    std::string answer_;
    bool saved_ = false;
    std::optional<std::uint64_t> opening_;
    std::optional<std::uint64_t> saving_;
    std::uint64_t last_id_ = 0;
};

}  // namespace ventanilla
