// The tracking screen's flow: an id typed or scanned, checked, looked up, and what to show.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kiosk/citizen_flow.h"
#include "kiosk/result.h"
#include "kiosk/tracking.h"
#include "kiosk/tracking_cache.h"
#include "kiosk/tracking_status.h"

namespace ventanilla {

enum class TrackingPhase {
    idle,                // waiting for an id
    invalid_id,          // the id is wrong (error says how): nothing was sent
    looking_up,          // asking the server; the screen shows progress and a cancel button
    found,               // the server's fresh answer
    not_found,           // the server does not know the item
    offline_with_cache,  // no server: the last known answer, with its age
    offline_unknown,     // no server, and this terminal never saw the item
    server_error,        // the server answered badly; a cached answer may come with it
};

// "looking_up", …: for logs and test output.
std::string_view tracking_phase_name(TrackingPhase phase);

// A postal item id or a giro reference in its stored form, or why it is not one. Ids ending
// in a digit that are all digits or start with GP are giro references; the rest are S10.
Result<std::string> normalise_tracking_id(std::string_view text);

// Advanced by intents (submit, cancel, reset) and by the look-up's answer. It starts no
// thread and touches no network or disk: the caller hands the id submit() returns to a
// TrackingLookup and passes its answer to on_answer().
class TrackingFlow {
public:
    TrackingPhase phase() const { return phase_; }
    // What the citizen typed or scanned, as given.
    const std::string& input() const { return input_; }
    // The id looked up, in stored form ("RR123456785CU"); empty when idle or invalid.
    const std::string& item_id() const { return item_id_; }
    // invalid_id, not_found, offline_*, server_error: what went wrong.
    const std::optional<Error>& error() const { return error_; }
    // found, offline_with_cache, and server_error when a cached answer exists.
    const std::optional<TrackingRecord>& record() const { return record_; }
    bool record_is_cached() const { return record_is_cached_; }
    // The big line for record(); nullopt without a record.
    std::optional<TrackingStatus> status() const;
    // How old a cached record is at `now`; nullopt for a fresh one or none.
    std::optional<AgeText> cache_age(WallTime now) const;
    // Whole seconds spent looking up, for the progress line.
    double lookup_elapsed_s(SteadyTime now) const;

    // An id typed or scanned. Returns the id to look up, or nullopt when it is invalid (the
    // flow is then in invalid_id). A new id while looking up replaces the one being looked up.
    std::optional<std::string> submit(std::string_view text, SteadyTime now);
    // Back to idle from looking_up. Returns true if a look-up was abandoned: cancel it on the
    // TrackingLookup too. Its answer, if it comes anyway, is ignored.
    bool cancel();
    // The look-up of `item_id` finished. Ignored unless it is the one being looked up.
    void on_answer(const std::string& item_id, TrackingAnswer answer);
    // "Buscar otro": everything the citizen entered forgotten, back to idle.
    void reset();

private:
    TrackingPhase phase_ = TrackingPhase::idle;
    std::string input_;
    std::string item_id_;
    std::optional<Error> error_;
    std::optional<TrackingRecord> record_;
    bool record_is_cached_ = false;
    SteadyTime looking_up_since_{};
};

}  // namespace ventanilla
