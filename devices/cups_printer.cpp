#include "devices/cups_printer.h"

#include <cups/cups.h>

#include <memory>

namespace ventanilla {

namespace {

Error unavailable(const std::string& printer, const std::string& reason) {
    return make_error("printer.unavailable", printer + ": " + reason, {{"printer", printer}, {"reason", reason}});
}

// What the queue says about itself when a job does not move: "media-empty", "offline-report".
std::string printer_reasons(const std::string& queue) {
    std::unique_ptr<cups_dest_t, void (*)(cups_dest_t*)> dest(cupsGetNamedDest(CUPS_HTTP_DEFAULT, queue.c_str(), nullptr),
                                                              [](cups_dest_t* d) { cupsFreeDests(1, d); });
    if (!dest) return "the queue is gone";
    const char* state = cupsGetOption("printer-state", dest->num_options, dest->options);
    const char* reasons = cupsGetOption("printer-state-reasons", dest->num_options, dest->options);
    std::string text = reasons && std::string(reasons) != "none" ? reasons : "";
    if (state && std::string(state) == "5") text = text.empty() ? "printer stopped" : "printer stopped: " + text;
    return text;
}

}  // namespace

Result<PrintJob> CupsPrinter::print(std::string_view pdf_bytes, const PrintRequest& request) {
    if (request.copies < 1 || pdf_bytes.substr(0, 5) != "%PDF-") return make_error("printer.invalid_request", "not a PDF");
    std::unique_ptr<cups_dest_t, void (*)(cups_dest_t*)> dest(cupsGetNamedDest(CUPS_HTTP_DEFAULT, queue_.c_str(), nullptr),
                                                              [](cups_dest_t* d) { cupsFreeDests(1, d); });
    if (!dest) return unavailable(name(), std::string("no such queue (") + cupsLastErrorString() + ")");
    cups_option_t* options = nullptr;
    int num_options = cupsAddOption("copies", std::to_string(request.copies).c_str(), 0, &options);
    int id = cupsCreateJob(CUPS_HTTP_DEFAULT, queue_.c_str(), request.title.c_str(), num_options, options);
    if (id == 0) {
        cupsFreeOptions(num_options, options);
        return unavailable(name(), cupsLastErrorString());
    }
    http_status_t started =
        cupsStartDocument(CUPS_HTTP_DEFAULT, queue_.c_str(), id, request.title.c_str(), CUPS_FORMAT_PDF, 1);
    cupsFreeOptions(num_options, options);
    if (started != HTTP_STATUS_CONTINUE ||
        cupsWriteRequestData(CUPS_HTTP_DEFAULT, pdf_bytes.data(), pdf_bytes.size()) != HTTP_STATUS_CONTINUE ||
        cupsFinishDocument(CUPS_HTTP_DEFAULT, queue_.c_str()) > IPP_STATUS_OK_CONFLICTING) {
        std::string reason = cupsLastErrorString();
        cupsCancelJob2(CUPS_HTTP_DEFAULT, queue_.c_str(), id, 0);
        return unavailable(name(), reason);
    }
    PrintJob job;
    job.id = std::to_string(id);
    job.state = PrintJobState::queued;
    job.where = queue_ + "-" + job.id;
    return job;
}

Result<PrintJob> CupsPrinter::job(std::string_view job_id) {
    cups_job_t* jobs = nullptr;
    int count = cupsGetJobs2(CUPS_HTTP_DEFAULT, &jobs, queue_.c_str(), 0, CUPS_WHICHJOBS_ALL);
    if (count < 0) return unavailable(name(), cupsLastErrorString());
    std::unique_ptr<cups_job_t, void (*)(cups_job_t*)> guard(jobs, [](cups_job_t*) {});
    PrintJob found;
    bool known = false;
    for (int i = 0; i < count; ++i) {
        if (std::to_string(jobs[i].id) != job_id) continue;
        known = true;
        found.id = std::string(job_id);
        found.where = queue_ + "-" + found.id;
        switch (jobs[i].state) {
            case IPP_JSTATE_PENDING:
            case IPP_JSTATE_HELD: found.state = PrintJobState::queued; break;
            case IPP_JSTATE_PROCESSING: found.state = PrintJobState::printing; break;
            case IPP_JSTATE_COMPLETED: found.state = PrintJobState::completed; break;
            case IPP_JSTATE_STOPPED:
            case IPP_JSTATE_CANCELED:
            case IPP_JSTATE_ABORTED: found.state = PrintJobState::failed; break;
        }
    }
    cupsFreeJobs(count, jobs);
    if (!known) return make_error("printer.unknown_job", std::string(job_id), {{"job", std::string(job_id)}});
    // A job waiting behind a stopped printer will not print by itself: say why.
    if (found.state == PrintJobState::queued || found.state == PrintJobState::failed) {
        std::string reasons = printer_reasons(queue_);
        if (!reasons.empty()) {
            found.detail = reasons;
            if (reasons.starts_with("printer stopped")) found.state = PrintJobState::failed;
        }
    }
    return found;
}

}  // namespace ventanilla
