#include "devices/printer.h"

namespace ventanilla {

std::string_view name_of(PrinterCondition condition) {
    switch (condition) {
        case PrinterCondition::unknown: return "unknown";
        case PrinterCondition::ready: return "ready";
        case PrinterCondition::printing: return "printing";
        case PrinterCondition::out_of_paper: return "out_of_paper";
        case PrinterCondition::offline: return "offline";
        case PrinterCondition::error: return "error";
    }
    return "unknown";
}

}  // namespace ventanilla
