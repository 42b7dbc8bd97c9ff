// The offices as the queue endpoints read them on every request, kept for a moment.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "kiosk/catalog.h"
#include "kiosk/result.h"
#include "server/central_store.h"

namespace ventanilla {

// Every ticket, call and poll needs its office (services, hours, priority groups, fairness
// policy): four reads of the catalog, on the store's one shared connection. The catalog
// changes when an operator loads it, not between two tickets, so an office read here is
// used for up to `max_age` before it is read again. Another server process (PostgreSQL)
// that changed an office is therefore seen within `max_age`; nothing the queue promises
// depends on seeing it sooner. Offices that do not exist are not kept.
class OfficeCache {
public:
    using Clock = std::chrono::steady_clock;

    explicit OfficeCache(CentralStore& store, std::chrono::milliseconds max_age = std::chrono::seconds(1))
        : store_(store), max_age_(max_age) {}

    Result<std::optional<Office>> office(const std::string& id, Clock::time_point now = Clock::now());

private:
    struct Kept {
        std::shared_ptr<const Office> office;
        Clock::time_point read_at;
    };
    CentralStore& store_;
    const std::chrono::milliseconds max_age_;
    std::mutex mutex_;
    std::map<std::string, Kept, std::less<>> kept_;
};

}  // namespace ventanilla
