// RFC 3339 times as the tracking API sends them, read into and written from system_clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ventanilla {

// A moment in civil time: the tracking answers and the cache speak UTC.
using WallTime = std::chrono::system_clock::time_point;

// "2026-11-20T14:05:00Z", "2026-11-20T09:05:00-05:00", "2026-11-20T14:05:00.250Z": a full date,
// a time to the second (fraction optional, kept to the millisecond) and "Z" or an offset.
// nullopt for anything else, including impossible dates (2026-02-30) and leap seconds.
std::optional<WallTime> parse_rfc3339(std::string_view text);

// "2026-11-20T14:05:00Z": UTC, whole seconds (the fraction is dropped).
std::string format_rfc3339_utc(WallTime time);

// "20/11/2026 09:05": the day and time `utc_offset` away from UTC, as receipts print them.
// The offset is passed in (Cuba is −5 h, −4 h in summer): no time zone database needed.
std::string format_local_day_time(WallTime time, std::chrono::minutes utc_offset);

// `time` in this machine's local time (the TZ of the terminal or of the server, which is
// the office's), as strftime's `format` writes it: "%H:%M", "%Y-%m-%d". Up to 31 bytes.
std::string format_local(WallTime time, const char* format);
// The same for a count of seconds since the epoch.
std::string format_local(std::int64_t unix_s, const char* format);

}  // namespace ventanilla
