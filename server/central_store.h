// CentralStore: what the HTTP API needs from the central database, whatever holds it.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/catalog.h"
#include "kiosk/result.h"

namespace ventanilla {

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
};

}  // namespace ventanilla
