// The day's figures of an office queue: issued, served, no-shows, wait and service times,
// for the whole office and for each clerk (issue 5, item 6).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/catalog.h"
#include "server/central_store.h"

namespace ventanilla {

// Count, mean and 90th percentile (nearest rank) of some durations in seconds; mean and
// p90 are nullopt when there are none.
struct DurationSummary {
    std::int64_t count = 0;
    std::optional<std::int64_t> mean_s;
    std::optional<std::int64_t> p90_s;
};
DurationSummary summarize_durations(std::vector<std::int64_t> durations_s);

// The figures of `day` ("YYYY-MM-DD", the office's local day as local_day gives it) at
// `office`, as GET …/figures answers them (docs/protocol.md, "Day figures"). A ticket's wait
// is from joining its last queue to its call; its service time from the call to "served".
// A ticket counts for the clerk whose session at its counter was open when it was called.
Result<nlohmann::json> day_figures(CentralStore& store, const Office& office,
                                   const std::string& day, std::int64_t now_s);

}  // namespace ventanilla
