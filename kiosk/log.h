// One line per event on stderr (journald keeps it): time, level, message. Never personal data.
#pragma once

#include <string_view>

namespace ventanilla {

enum class LogLevel { info, warning, error };

void log_line(LogLevel level, std::string_view message);

}  // namespace ventanilla
