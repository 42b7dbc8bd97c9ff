// The last tracking answer for each item, kept in the LocalStore to show when the server is away.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "kiosk/i18n.h"
#include "kiosk/result.h"
#include "kiosk/store.h"
#include "kiosk/tracking.h"

namespace ventanilla {

// Reads and writes table tracking_cache (migration 1). One connection, one thread at a time:
// give the look-up worker its own LocalStore on the same file.
class TrackingCache {
public:
    explicit TrackingCache(LocalStore& store) : store_(&store) {}

    // Keeps `record` as the item's last known answer, replacing an older one; durable when
    // Ok is returned. An answer older than the one kept (a late reply) does not replace it.
    Status put(const TrackingRecord& record);
    // The item's last answer, nullopt if it was never stored. A row that no longer parses
    // (written by a broken version) is reported as tracking.bad_answer, never shown.
    Result<std::optional<TrackingRecord>> find(const std::string& item_id);

private:
    LocalStore* store_;
};

// One look-up with the cache around it, for the worker: a fresh answer is stored; when the
// server gives none that can be used (a net.* error, tracking.server_error or .bad_answer)
// the cached one comes with the error. A "not found" or "invalid id" brings no cached record.
// A cache that fails to read or write never hides the server's answer.
TrackingAnswer look_up_tracking(
    const std::function<Result<TrackingRecord>(const std::string& item_id)>& fetch,
    TrackingCache& cache, const std::string& item_id);

// How old a cached answer is, as a key and its args: "hace 3 horas" is
// {"tracking.age.hours", {"n": "3"}}. Under a minute (or a clock behind the fetch time)
// is tracking.age.just_now; then tracking.age.minute(s), .hour(s), .day(s), each rounded
// down, the singular key for exactly 1.
struct AgeText {
    std::string key;
    TextArgs args;

    bool operator==(const AgeText&) const = default;
};

AgeText describe_age(WallTime fetched_at, WallTime now);

}  // namespace ventanilla
