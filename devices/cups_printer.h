// Printing through CUPS (libcups): the receipt's PDF sent to a named queue, the job followed
// to completion or to the reason it stopped (out of paper, printer off). The server is the
// system's CUPS, or the one CUPS_SERVER names.
#pragma once

#include <string>

#include "devices/printer.h"

namespace ventanilla {

class CupsPrinter final : public Printer {
public:
    explicit CupsPrinter(std::string queue) : queue_(std::move(queue)) {}

    Result<PrintJob> print(std::string_view pdf_bytes, const PrintRequest& request) override;
    Result<PrintJob> job(std::string_view job_id) override;
    std::string name() const override { return "cups:" + queue_; }

private:
    std::string queue_;
};

}  // namespace ventanilla
