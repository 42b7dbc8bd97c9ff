#include "devices/cups_printer.h"

#include <cups/cups.h>

#include <cstdlib>
#include <memory>

namespace ventanilla {

namespace {

using DestPointer = std::unique_ptr<cups_dest_t, void (*)(cups_dest_t*)>;

DestPointer named_dest(const std::string& queue) {
    return DestPointer(cupsGetNamedDest(CUPS_HTTP_DEFAULT, queue.c_str(), nullptr),
                       [](cups_dest_t* d) { cupsFreeDests(1, d); });
}

Error unavailable(const std::string& printer, const std::string& reason) {
    return make_error("printer.unavailable", printer + ": " + reason, {{"printer", printer}, {"reason", reason}});
}

bool any_reason_starts_with(std::string_view reasons, std::initializer_list<std::string_view> prefixes) {
    while (!reasons.empty()) {
        std::size_t comma = reasons.find(',');
        std::string_view reason = reasons.substr(0, comma);
        for (std::string_view prefix : prefixes) {
            if (reason.starts_with(prefix)) return true;
        }
        if (comma == std::string_view::npos) break;
        reasons.remove_prefix(comma + 1);
    }
    return false;
}

}  // namespace

PrinterHealth cups_printer_health(int printer_state, std::string_view reasons) {
    PrinterHealth health;
    if (reasons == "none") reasons = {};
    health.detail = std::string(reasons);
    if (any_reason_starts_with(reasons, {"media-empty", "media-needed"})) {
        health.condition = PrinterCondition::out_of_paper;
    } else if (any_reason_starts_with(reasons, {"offline", "connecting-to-device", "timed-out", "shutdown"})) {
        health.condition = PrinterCondition::offline;
    } else if (printer_state == IPP_PSTATE_STOPPED) {
        health.condition = PrinterCondition::error;
    } else if (printer_state == IPP_PSTATE_PROCESSING) {
        health.condition = PrinterCondition::printing;
    } else if (printer_state == IPP_PSTATE_IDLE) {
        health.condition = PrinterCondition::ready;
    }
    // A stopped queue prints nothing until someone starts it again (cupsenable).
    if (printer_state == IPP_PSTATE_STOPPED) {
        health.detail = health.detail.empty() ? "printer stopped" : "printer stopped: " + health.detail;
    }
    return health;
}

PrinterHealth CupsPrinter::health() {
    DestPointer dest = named_dest(queue_);
    if (!dest) return {PrinterCondition::offline, std::string("no such queue (") + cupsLastErrorString() + ")"};
    const char* state = cupsGetOption("printer-state", dest->num_options, dest->options);
    const char* reasons = cupsGetOption("printer-state-reasons", dest->num_options, dest->options);
    return cups_printer_health(state ? std::atoi(state) : 0, reasons ? reasons : "");
}

Result<PrintJob> CupsPrinter::print(std::string_view pdf_bytes, const PrintRequest& request) {
    if (pdf_bytes.substr(0, 5) != "%PDF-") return make_error("printer.invalid_request", "not a PDF");
    return print_document(pdf_bytes, CUPS_FORMAT_PDF, request);
}

Result<PrintJob> CupsPrinter::print_document(std::string_view bytes, const char* mime_type,
                                             const PrintRequest& request) {
    if (request.copies < 1 || bytes.empty()) return make_error("printer.invalid_request", "no copies or no document");
    if (!named_dest(queue_)) return unavailable(name(), std::string("no such queue (") + cupsLastErrorString() + ")");
    cups_option_t* options = nullptr;
    int num_options = cupsAddOption("copies", std::to_string(request.copies).c_str(), 0, &options);
    int id = cupsCreateJob(CUPS_HTTP_DEFAULT, queue_.c_str(), request.title.c_str(), num_options, options);
    if (id == 0) {
        cupsFreeOptions(num_options, options);
        return unavailable(name(), cupsLastErrorString());
    }
    http_status_t started = cupsStartDocument(CUPS_HTTP_DEFAULT, queue_.c_str(), id, request.title.c_str(), mime_type, 1);
    cupsFreeOptions(num_options, options);
    if (started != HTTP_STATUS_CONTINUE ||
        cupsWriteRequestData(CUPS_HTTP_DEFAULT, bytes.data(), bytes.size()) != HTTP_STATUS_CONTINUE ||
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
    PrintJob found;
    bool known = false;
    for (int i = 0; i < count; ++i) {
        if (std::to_string(jobs[i].id) != job_id) continue;
        known = true;
        found.id = std::string(job_id);
        found.where = queue_ + "-" + found.id;
        found.started = jobs[i].processing_time > 0;
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
    if (found.state != PrintJobState::completed) {
        PrinterHealth printer = health();
        if (!printer.detail.empty()) found.detail = printer.detail;
        if (found.state == PrintJobState::queued && printer.detail.starts_with("printer stopped")) {
            found.state = PrintJobState::failed;
        }
    }
    return found;
}

Status CupsPrinter::cancel(std::string_view job_id) {
    int id = std::atoi(std::string(job_id).c_str());
    if (id <= 0) return make_error("printer.unknown_job", std::string(job_id), {{"job", std::string(job_id)}});
    if (cupsCancelJob2(CUPS_HTTP_DEFAULT, queue_.c_str(), id, 0) > IPP_STATUS_OK_CONFLICTING) {
        // A job that finished meanwhile cannot be cancelled: nothing is left to withdraw.
        auto now = job(job_id);
        if (now && (now->state == PrintJobState::completed || now->state == PrintJobState::failed)) return ok_status();
        return unavailable(name(), cupsLastErrorString());
    }
    return ok_status();
}

}  // namespace ventanilla
