#include "kiosk/receipt_status_flow.h"

#include "kiosk/receipt_signature.h"

namespace ventanilla {

std::string_view receipt_status_phase_name(ReceiptStatusPhase phase) {
    switch (phase) {
        case ReceiptStatusPhase::idle: return "idle";
        case ReceiptStatusPhase::looking_up: return "looking_up";
        case ReceiptStatusPhase::shown: return "shown";
        case ReceiptStatusPhase::failed: return "failed";
    }
    return "idle";
}

std::optional<std::pair<std::uint64_t, std::string>> ReceiptStatusFlow::scan(std::string_view code) {
    reset();
    // A kiosk holds no terminal keys: it reads the reference and lets the server answer, which
    // tells nothing but where the procedure stands.
    auto receipt = read_receipt_code(code);
    if (!receipt) {
        phase_ = ReceiptStatusPhase::failed;
        problem_ = receipt.error();
        return std::nullopt;
    }
    phase_ = ReceiptStatusPhase::looking_up;
    reference_ = receipt->reference;
    asking_ = ++last_id_;
    return std::make_pair(asking_, reference_);
}

void ReceiptStatusFlow::on_answer(std::uint64_t id, Result<SubmissionStatus> status) {
    if (id != asking_ || phase_ != ReceiptStatusPhase::looking_up) return;  // the citizen left
    asking_ = 0;
    if (status) {
        phase_ = ReceiptStatusPhase::shown;
        status_ = std::move(status).value();
    } else {
        phase_ = ReceiptStatusPhase::failed;
        problem_ = status.error();
    }
}

void ReceiptStatusFlow::reset() {
    phase_ = ReceiptStatusPhase::idle;
    reference_.clear();
    status_.reset();
    problem_.reset();
    asking_ = 0;
}

}  // namespace ventanilla
