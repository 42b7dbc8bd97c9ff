// SyncState: what the technician's screen and the status corner show about the outbox.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "kiosk/tracking_time.h"

namespace ventanilla {

// A snapshot, copied out under the worker's lock: safe to read on the UI thread.
struct SyncState {
    enum class Link { unknown, online, offline };
    Link link = Link::unknown;  // online: the server answered the last request (even with 5xx
                                // it is reachable, but see last_error_code)
    bool paused = false;   // 401/403: uploads stop until a technician acts (enrol again)
    bool revoked = false;  // 403 auth.revoked: this terminal must be enrolled again
    std::optional<WallTime> last_success;   // the last batch the server answered for
    std::int64_t records_waiting = 0;       // not yet acknowledged (waiting or sending)
    std::int64_t records_set_aside = 0;     // conflicts and rejections for the technician
    std::optional<WallTime> oldest_waiting_created_at;  // a stall shows as a growing age
    std::string last_error_code;  // "net.unreachable", "sync.server_error", ...; "" after success
    std::string last_error_detail;
    // Server clock minus terminal clock, from the Date header of the last answer. Shown to the
    // technician; never used to order or drop records.
    std::optional<std::chrono::seconds> clock_offset;
    std::int64_t records_acknowledged = 0;  // since the worker started
    std::int64_t records_kept_acknowledged = 0;  // personal data kept until its retention ends
    std::int64_t records_removed_after_retention = 0;  // since the worker started
    std::optional<std::chrono::milliseconds> next_try_in;  // while backing off

    // How long the oldest unacknowledged record has waited, by this terminal's clock.
    std::optional<std::chrono::seconds> oldest_waiting_age(WallTime now) const {
        if (!oldest_waiting_created_at) return std::nullopt;
        return std::chrono::duration_cast<std::chrono::seconds>(now - *oldest_waiting_created_at);
    }
};

}  // namespace ventanilla
