// The print queues a CUPS server reports, for the technician to choose one instead of typing it.
#pragma once

#include <string>
#include <vector>

#include "kiosk/result.h"

namespace ventanilla {

// The system's CUPS, or the one CUPS_SERVER names. Blocks on the server: call it off the
// frame. None is an empty list; a server that does not answer is "printer.unavailable".
Result<std::vector<std::string>> list_cups_queues();

}  // namespace ventanilla
