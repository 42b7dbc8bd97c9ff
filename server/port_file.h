// The port file: how a process that started ventanilla-central on port 0 learns its port.
#pragma once

#include <string>

#include "kiosk/result.h"

namespace ventanilla {

// Writes "<port>\n" to `path` through a temporary file and rename(), so a
// reader polling for the file never sees it half written.
Status write_port_file(const std::string& path, int port);

}  // namespace ventanilla
