#include "devices/cups_queues.h"

#include <cups/cups.h>

#include <algorithm>

namespace ventanilla {

Result<std::vector<std::string>> list_cups_queues() {
    cups_dest_t* dests = nullptr;
    int count = cupsGetDests2(CUPS_HTTP_DEFAULT, &dests);
    if (count == 0 && cupsLastError() > IPP_STATUS_OK_CONFLICTING && cupsLastError() != IPP_STATUS_ERROR_NOT_FOUND) {
        std::string reason = cupsLastErrorString();
        return make_error("printer.unavailable", "CUPS: " + reason, {{"printer", "CUPS"}, {"reason", reason}});
    }
    std::vector<std::string> queues;
    for (int i = 0; i < count; ++i) {
        if (!dests[i].instance) queues.emplace_back(dests[i].name);
    }
    cupsFreeDests(count, dests);
    std::sort(queues.begin(), queues.end());
    queues.erase(std::unique(queues.begin(), queues.end()), queues.end());
    return queues;
}

}  // namespace ventanilla
