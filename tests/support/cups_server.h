// A private CUPS daemon for tests: its own folders, a free port, and a queue whose "printer"
// keeps each job's document as <job id>.pdf in a folder (a raw queue with a capture backend
// of our own: Debian's cups-pdf writes only where /etc/cups/cups-pdf.conf says, as root).
#pragma once

#include <string>

#include "kiosk/result.h"
#include "tests/support/process.h"

namespace ventanilla::testing {

class CupsServer {
public:
    // Starts cupsd and adds the queue "receipts" (printing into output_dir()) and the queue
    // "jammed" (its printer fails every job, as one out of paper or switched off does).
    static Result<CupsServer> start();

    // For libcups and the lp tools: "127.0.0.1:<port>" (set CUPS_SERVER to it).
    const std::string& server() const { return server_; }
    std::string output_dir() const { return dir_.file("out"); }
    std::string log() const;

private:
    CupsServer(TempDir dir, Process cupsd, std::string server)
        : dir_(std::move(dir)), cupsd_(std::move(cupsd)), server_(std::move(server)) {}
    TempDir dir_;
    Process cupsd_;
    std::string server_;
};

}  // namespace ventanilla::testing
