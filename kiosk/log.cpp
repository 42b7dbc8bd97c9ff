#include "kiosk/log.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <deque>
#include <mutex>
#include <string>

namespace ventanilla {

namespace {

constexpr std::size_t kRecentLines = 200;

// The one piece of process-wide state here: the log is the process's, as stderr is.
struct RecentLines {
    std::mutex mutex;
    std::deque<std::string> lines;
};

RecentLines& recent() {
    static RecentLines lines;
    return lines;
}

}  // namespace

std::vector<std::string> recent_log_lines() {
    std::lock_guard lock(recent().mutex);
    return {recent().lines.begin(), recent().lines.end()};
}

void log_line(LogLevel level, std::string_view message) {
    using namespace std::chrono;
    auto now = system_clock::now();
    std::time_t secs = system_clock::to_time_t(now);
    auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
    const char* name = level == LogLevel::info ? "info" : level == LogLevel::warning ? "warn" : "error";
    std::string line = std::string(stamp) + "." + (ms < 100 ? (ms < 10 ? "00" : "0") : "") +
                       std::to_string(ms) + "Z " + name + " " + std::string(message) + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
    std::lock_guard lock(recent().mutex);
    if (recent().lines.size() == kRecentLines) recent().lines.pop_front();
    line.pop_back();  // the newline
    recent().lines.push_back(std::move(line));
}

}  // namespace ventanilla
