#include "kiosk/tracking_time.h"

#include <cstdint>
#include <cstdio>
#include <ctime>

namespace ventanilla {

namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

// Reads exactly `count` ASCII digits at `pos`; -1 when any is not a digit.
int digits_at(std::string_view text, std::size_t pos, std::size_t count) {
    if (pos + count > text.size()) return -1;
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') return -1;
        value = value * 10 + (c - '0');
    }
    return value;
}

}  // namespace

std::optional<WallTime> parse_rfc3339(std::string_view text) {
    // YYYY-MM-DDTHH:MM:SS is 19 characters, then an optional fraction, then the zone.
    if (text.size() < 20 || text.size() > 40) return std::nullopt;
    if (text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') ||
        text[13] != ':' || text[16] != ':') {
        return std::nullopt;
    }
    const int year = digits_at(text, 0, 4);
    const int month = digits_at(text, 5, 2);
    const int day = digits_at(text, 8, 2);
    const int hour = digits_at(text, 11, 2);
    const int minute = digits_at(text, 14, 2);
    const int second = digits_at(text, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
        return std::nullopt;
    }
    if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
    const year_month_day date{std::chrono::year{year},
                              std::chrono::month{static_cast<unsigned>(month)},
                              std::chrono::day{static_cast<unsigned>(day)}};
    if (!date.ok()) return std::nullopt;

    std::size_t pos = 19;
    std::chrono::milliseconds fraction{0};
    if (text[pos] == '.') {
        ++pos;
        const std::size_t start = pos;
        int scale = 100;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            fraction += std::chrono::milliseconds((text[pos] - '0') * scale);
            scale /= 10;
            ++pos;
        }
        if (pos == start) return std::nullopt;
    }
    if (pos >= text.size()) return std::nullopt;
    std::chrono::minutes offset{0};
    if (text[pos] == 'Z' || text[pos] == 'z') {
        ++pos;
    } else if (text[pos] == '+' || text[pos] == '-') {
        const int offset_hours = digits_at(text, pos + 1, 2);
        const int offset_minutes = digits_at(text, pos + 4, 2);
        if (offset_hours < 0 || offset_minutes < 0 || pos + 3 >= text.size() ||
            text[pos + 3] != ':' || offset_hours > 23 || offset_minutes > 59) {
            return std::nullopt;
        }
        offset = std::chrono::minutes(offset_hours * 60 + offset_minutes);
        if (text[pos] == '-') offset = -offset;
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != text.size()) return std::nullopt;

    const auto local = sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
                       std::chrono::seconds(second) + fraction;
    return std::chrono::time_point_cast<WallTime::duration>(local - offset);
}

std::string format_rfc3339_utc(WallTime time) {
    const auto seconds = std::chrono::floor<std::chrono::seconds>(time);
    const auto day = std::chrono::floor<days>(seconds);
    const year_month_day date{day};
    const std::chrono::hh_mm_ss clock{seconds - day};
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(date.year()),
                  unsigned(date.month()), unsigned(date.day()), int(clock.hours().count()),
                  int(clock.minutes().count()), int(clock.seconds().count()));
    return text;
}

std::string format_local_day_time(WallTime time, std::chrono::minutes utc_offset) {
    const auto local = std::chrono::floor<std::chrono::minutes>(time) + utc_offset;
    const auto day = std::chrono::floor<days>(local);
    const year_month_day date{day};
    const std::chrono::hh_mm_ss clock{local - day};
    char text[32];
    std::snprintf(text, sizeof text, "%02u/%02u/%04d %02d:%02d", unsigned(date.day()),
                  unsigned(date.month()), int(date.year()), int(clock.hours().count()),
                  int(clock.minutes().count()));
    return text;
}

std::string format_local(WallTime time, const char* format) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
    std::tm local{};
    localtime_r(&seconds, &local);
    char text[32];
    if (std::strftime(text, sizeof text, format, &local) == 0) return {};
    return text;
}

std::string format_local(std::int64_t unix_s, const char* format) {
    return format_local(WallTime(std::chrono::seconds(unix_s)), format);
}

}  // namespace ventanilla
