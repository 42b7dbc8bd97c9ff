// A citizen scans a procedure receipt at a kiosk: where the procedure stands (received,
// processed, needs documents, rejected, with the office's reason and answer), never the
// answers they gave: a kiosk cannot read those. No I/O, no clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/result.h"
#include "kiosk/submission_client.h"

namespace ventanilla {

enum class ReceiptStatusPhase {
    idle,
    looking_up,  // the server is being asked
    shown,       // status() holds the answer
    failed,      // problem() says why (unreadable code, not arrived yet, offline, …)
};

std::string_view receipt_status_phase_name(ReceiptStatusPhase phase);

class ReceiptStatusFlow {
public:
    ReceiptStatusPhase phase() const { return phase_; }
    const std::string& reference() const { return reference_; }
    const std::optional<SubmissionStatus>& status() const { return status_; }
    const std::optional<Error>& problem() const { return problem_; }

    // A scanned receipt code: the reference to ask about with its look-up id, or nullopt when
    // the code is no receipt (then failed with receipt.unreadable).
    std::optional<std::pair<std::uint64_t, std::string>> scan(std::string_view code);
    void on_answer(std::uint64_t id, Result<SubmissionStatus> status);
    // The citizen left: nothing of theirs stays.
    void reset();

private:
    ReceiptStatusPhase phase_ = ReceiptStatusPhase::idle;
    std::string reference_;
    std::optional<SubmissionStatus> status_;
    std::optional<Error> problem_;
    std::uint64_t asking_ = 0;
    std::uint64_t last_id_ = 0;
};

}  // namespace ventanilla
