#include "kiosk/tracking_flow.h"

#include <algorithm>
#include <cctype>

#include "kiosk/giro_reference.h"
#include "kiosk/s10.h"

namespace ventanilla {

std::string_view tracking_phase_name(TrackingPhase phase) {
    switch (phase) {
        case TrackingPhase::idle:
            return "idle";
        case TrackingPhase::invalid_id:
            return "invalid_id";
        case TrackingPhase::looking_up:
            return "looking_up";
        case TrackingPhase::found:
            return "found";
        case TrackingPhase::not_found:
            return "not_found";
        case TrackingPhase::offline_with_cache:
            return "offline_with_cache";
        case TrackingPhase::offline_unknown:
            return "offline_unknown";
        case TrackingPhase::server_error:
            return "server_error";
    }
    return "idle";
}

Result<std::string> normalise_tracking_id(std::string_view text) {
    std::string compact;
    for (const unsigned char c : text) {
        if (c == ' ' || c == '-') continue;
        compact += static_cast<char>(std::toupper(c));
    }
    const bool ends_in_digit =
        !compact.empty() && std::isdigit(static_cast<unsigned char>(compact.back()));
    const bool all_digits =
        !compact.empty() && std::all_of(compact.begin(), compact.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        });
    if (ends_in_digit && (all_digits || compact.starts_with("GP"))) {
        auto giro = parse_giro_reference(text);
        if (!giro) return giro.error();
        return giro->to_string();
    }
    auto s10 = parse_s10(text);
    if (!s10) return s10.error();
    return s10->to_string();
}

std::optional<TrackingStatus> TrackingFlow::status() const {
    if (!record_) return std::nullopt;
    return current_status(*record_);
}

std::optional<AgeText> TrackingFlow::cache_age(WallTime now) const {
    if (!record_ || !record_is_cached_) return std::nullopt;
    return describe_age(record_->fetched_at, now);
}

double TrackingFlow::lookup_elapsed_s(SteadyTime now) const {
    if (phase_ != TrackingPhase::looking_up) return 0;
    return std::max(0.0, Seconds(now - looking_up_since_).count());
}

std::optional<std::string> TrackingFlow::submit(std::string_view text, SteadyTime now) {
    reset();
    input_ = std::string(text);
    auto id = normalise_tracking_id(text);
    if (!id) {
        phase_ = TrackingPhase::invalid_id;
        error_ = id.error();
        return std::nullopt;
    }
    item_id_ = std::move(id).value();
    phase_ = TrackingPhase::looking_up;
    looking_up_since_ = now;
    return item_id_;
}

bool TrackingFlow::cancel() {
    if (phase_ != TrackingPhase::looking_up) return false;
    reset();
    return true;
}

void TrackingFlow::on_answer(const std::string& item_id, TrackingAnswer answer) {
    if (phase_ != TrackingPhase::looking_up || item_id != item_id_) return;
    if (answer.fresh.ok()) {
        phase_ = TrackingPhase::found;
        record_ = std::move(answer.fresh).value();
        record_is_cached_ = false;
        return;
    }
    error_ = answer.fresh.error();
    const std::string& code = error_->code;
    if (code == "tracking.not_found") {
        phase_ = TrackingPhase::not_found;
    } else if (code == "tracking.invalid_id") {
        phase_ = TrackingPhase::invalid_id;
    } else if (code.starts_with("net.")) {
        phase_ = answer.cached ? TrackingPhase::offline_with_cache : TrackingPhase::offline_unknown;
    } else {
        phase_ = TrackingPhase::server_error;
    }
    if (answer.cached && phase_ != TrackingPhase::not_found &&
        phase_ != TrackingPhase::invalid_id) {
        record_ = std::move(answer.cached);
        record_is_cached_ = true;
    }
}

void TrackingFlow::reset() {
    phase_ = TrackingPhase::idle;
    input_.clear();
    item_id_.clear();
    error_.reset();
    record_.reset();
    record_is_cached_ = false;
}

}  // namespace ventanilla
