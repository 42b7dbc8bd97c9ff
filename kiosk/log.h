// One line per event on stderr (the systemd unit writes it to /var/log/ventanilla, rotated by
// logrotate: config/systemd/, config/system/): time, level, message. Never personal data.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ventanilla {

enum class LogLevel { info, warning, error };

void log_line(LogLevel level, std::string_view message);

// The latest lines (at most 200), oldest first, for the technician's diagnostics.
std::vector<std::string> recent_log_lines();

}  // namespace ventanilla
