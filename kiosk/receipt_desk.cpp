#include "kiosk/receipt_desk.h"

namespace ventanilla {

std::string_view desk_phase_name(DeskPhase phase) {
    switch (phase) {
        case DeskPhase::closed: return "closed";
        case DeskPhase::refused: return "refused";
        case DeskPhase::opening: return "opening";
        case DeskPhase::failed: return "failed";
        case DeskPhase::open: return "open";
    }
    return "closed";
}

std::optional<DeskRequest> ReceiptDesk::scan(std::string_view code, const KnownTerminals& keys,
                                             const std::string& clerk) {
    close();
    if (clerk.empty()) {
        phase_ = DeskPhase::refused;
        problem_ = make_error("desk.log_in_first");
        return std::nullopt;
    }
    auto verified = verify_receipt(code, keys);
    if (verified) {
        start(std::string(code), verified->reference);
        return DeskRequest{DeskRequest::Kind::open, *opening_, code_, reference_, false, {}};
    }
    if (verified.error().code != "receipt.unknown_terminal") {
        phase_ = DeskPhase::refused;  // forged or not a receipt: nothing of it is opened
        problem_ = verified.error();
        return std::nullopt;
    }
    // Perhaps a kiosk enrolled since the keys were last fetched: fetch them, then check again.
    auto read = read_receipt_code(code);
    start(std::string(code), read->reference);
    unknown_terminal_ = true;
    return DeskRequest{DeskRequest::Kind::open, *opening_, code_, reference_, true, {}};
}

void ReceiptDesk::start(std::string code, std::string reference) {
    phase_ = DeskPhase::opening;
    code_ = std::move(code);
    reference_ = std::move(reference);
    opening_ = next_id();
}

std::optional<DeskRequest> ReceiptDesk::retry() {
    if (phase_ != DeskPhase::failed) return std::nullopt;
    const bool refresh = unknown_terminal_;
    problem_.reset();
    phase_ = DeskPhase::opening;
    opening_ = next_id();
    return DeskRequest{DeskRequest::Kind::open, *opening_, code_, reference_, refresh, {}};
}

void ReceiptDesk::close() {
    const std::uint64_t last_id = last_id_;  // an answer still on its way must not match anew
    *this = ReceiptDesk();
    last_id_ = last_id;
}

void ReceiptDesk::choose(std::string status) {
    if (phase_ != DeskPhase::open || saving_) return;
    status_ = std::move(status);
    saved_ = false;
    problem_.reset();
}

void ReceiptDesk::set_reason(std::string reason) {
    if (phase_ != DeskPhase::open || saving_) return;
    if (reason != reason_) saved_ = false;
    reason_ = std::move(reason);
}

void ReceiptDesk::set_answer(std::string answer) {
    if (phase_ != DeskPhase::open || saving_) return;
    if (answer != answer_) saved_ = false;
    answer_ = std::move(answer);
}

std::optional<Error> ReceiptDesk::outcome_problem() const {
    if (status_ != "processed" && reason_.find_first_not_of(' ') == std::string::npos) {
        return make_error("desk.reason_required");
    }
    if (reason_.size() > kMaxOutcomeReasonBytes || reason_.find('\n') != std::string::npos) {
        return make_error("desk.reason_too_long", {}, {{"max", std::to_string(kMaxOutcomeReasonBytes)}});
    }
    if (answer_.size() > kMaxOutcomeAnswerBytes) {
        return make_error("desk.answer_too_long", {}, {{"max", std::to_string(kMaxOutcomeAnswerBytes)}});
    }
    return std::nullopt;
}

std::optional<DeskRequest> ReceiptDesk::save(const std::string& clerk) {
    if (phase_ != DeskPhase::open || busy() || status_.empty()) return std::nullopt;
    if (auto problem = outcome_problem()) {
        problem_ = std::move(problem);
        return std::nullopt;
    }
    problem_.reset();
    saving_ = next_id();
    ClerkOutcome outcome{status_, status_ == "processed" ? std::string() : reason_, answer_, clerk};
    return DeskRequest{DeskRequest::Kind::save, *saving_, {}, reference_, false, std::move(outcome)};
}

void ReceiptDesk::on_opened(std::uint64_t id, Result<OpenedSubmission> opened, std::optional<Error> verdict,
                            std::optional<FormDefinition> form) {
    if (!opening_ || *opening_ != id) return;  // closed or replaced meanwhile
    opening_.reset();
    if (verdict) {
        if (verdict->code != "receipt.unknown_terminal") {
            phase_ = DeskPhase::refused;  // the fresh key says it is forged
            problem_ = std::move(verdict);
            return;
        }
    } else {
        unknown_terminal_ = false;  // the refreshed keys know the terminal now
    }
    if (!opened) {
        phase_ = DeskPhase::failed;
        problem_ = opened.error();
        return;
    }
    phase_ = DeskPhase::open;
    problem_.reset();
    submission_ = std::move(opened).value();
    form_ = std::move(form);
    const SubmissionStatus& now = submission_->status;
    // What was recorded before is where the clerk starts from.
    if (now.status != "received") status_ = now.status;
    reason_ = now.reason;
    answer_ = now.answer;
}

void ReceiptDesk::on_saved(std::uint64_t id, Result<SubmissionStatus> status) {
    if (!saving_ || *saving_ != id) return;
    saving_.reset();
    if (!status) {
        problem_ = status.error();  // the outcome stays as typed: the clerk saves again
        return;
    }
    problem_.reset();
    saved_ = true;
    if (submission_) {
        submission_->status.status = status->status;
        submission_->status.reason = status->reason;
        submission_->status.answer = status->answer;
        submission_->status.updated_at = status->updated_at;
    }
}

}  // namespace ventanilla
