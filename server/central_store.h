// CentralStore: what the HTTP API needs from the central database, whatever holds it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/catalog.h"
#include "kiosk/result.h"
#include "server/tracking.h"

namespace ventanilla {

// What became of one tracking event handed to put_tracking_events.
enum class TrackingWrite {
    accepted,   // stored now
    duplicate,  // an event with this id and the same content was already stored
    conflict,   // an event with this id but other content is stored; it was kept
};

// SQLite today, PostgreSQL for a country-wide fleet later: both implement this
// and keep their SQL to themselves. Implementations are safe to call from
// several request threads at once. Failures come back as values with codes
// under "store." (e.g. "store.io"), never as exceptions.
class CentralStore {
public:
    virtual ~CentralStore() = default;

    // A short name for health checks and logs: "sqlite", "postgresql".
    virtual std::string_view backend() const = 0;

    // A cheap round trip that proves the store still answers.
    virtual Status check() = 0;

    // Every office with its services, ordered by office id; services keep the
    // order they were stored in.
    virtual Result<std::vector<Office>> offices() = 0;

    // One office with its services; nullopt when there is no such office.
    virtual Result<std::optional<Office>> office(std::string_view id) = 0;

    // Inserts or replaces these offices (and their services) in one
    // transaction: all of them are stored or none. Storing the same offices
    // twice leaves the store as after the first time.
    virtual Status put_offices(std::span<const Office> offices) = 0;

    // The events of one tracked item (canonical id, see normalise_tracking_id),
    // newest first (ties: last stored first); nullopt when no event of the
    // item was ever stored.
    virtual Result<std::optional<std::vector<PostalEvent>>> tracking_events(
        std::string_view item_id) = 0;

    // Stores checked events in one transaction, one answer per event in the
    // same order. A stored event is never changed: its id with the same content
    // is a duplicate, with other content a conflict. An id repeated within the
    // batch is compared with its first occurrence. `received_at_s` (seconds
    // since 1970) is recorded with each new event. On failure nothing is stored.
    virtual Result<std::vector<TrackingWrite>> put_tracking_events(
        std::span<const PostalEvent> events, std::int64_t received_at_s) = 0;
};

}  // namespace ventanilla
