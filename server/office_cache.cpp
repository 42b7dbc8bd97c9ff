#include "server/office_cache.h"

namespace ventanilla {

Result<std::optional<Office>> OfficeCache::office(const std::string& id, Clock::time_point now) {
    {
        std::lock_guard lock(mutex_);
        const auto found = kept_.find(id);
        if (found != kept_.end() && now - found->second.read_at < max_age_) {
            return std::optional<Office>(*found->second.office);
        }
    }
    // Read outside the lock: two requests may both read a stale office; both are right.
    auto read = store_.office(id);
    if (!read) return read.error();
    std::lock_guard lock(mutex_);
    if (!read->has_value()) {
        kept_.erase(id);
        return read;
    }
    kept_[id] = {std::make_shared<const Office>(**read), now};
    return read;
}

}  // namespace ventanilla
