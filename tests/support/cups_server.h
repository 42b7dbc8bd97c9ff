// A private CUPS daemon for tests and benchmarks: its own folders, a free port, and queues:
// - "receipts": a raw queue whose "printer" keeps each job's document as <job id>.pdf in
//   output_dir() (a capture backend of our own);
// - "jammed": its printer runs out of paper on every job and stops, as a real one does;
// - "flaky": its printer tears the first job half way (the job is aborted), then prints
//   every later one into flaky_dir();
// - "offline": a USB printer unplugged or switched off (the backend waits for it);
// - "pdf": Debian's virtual PDF printer (printer-driver-cups-pdf), the document going
//   through CUPS's filters and Ghostscript as it would to a real printer; find its output
//   with pdf_output(job).
// Callers may add queues of their own with backends of their own (the benchmark's paper model).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kiosk/result.h"
#include "tests/support/process.h"

namespace ventanilla::testing {

struct CupsBackend {
    std::string name;        // the URI scheme: "paced" for "paced:/…"
    std::string executable;  // copied in, so cupsd's lp user can run it
};

struct CupsQueue {
    std::string name;
    std::string uri;  // "DIR" in it is replaced by the server's output_dir()
    std::string ppd;  // empty: a raw queue, the document goes to the backend as it is
    std::string error_policy = "stop-printer";  // or "abort-job", "retry-job"
};

struct CupsServerOptions {
    std::vector<CupsBackend> backends;
    std::vector<CupsQueue> queues;
};

class CupsServer {
public:
    static Result<CupsServer> start(const CupsServerOptions& options = {});

    // For libcups and the lp tools: "127.0.0.1:<port>" (set CUPS_SERVER to it).
    const std::string& server() const { return server_; }
    std::string output_dir() const { return dir_.file("out"); }
    std::string flaky_dir() const { return dir_.file("flaky"); }
    // The file the "pdf" queue's cups-pdf wrote for a job, once it is there.
    std::optional<std::string> pdf_output(const std::string& job_id) const;
    std::string log() const;

private:
    // Removes cups-pdf's per-instance configuration (it reads it only from /etc/cups).
    class OwnedFile {
    public:
        explicit OwnedFile(std::string path) : path_(std::move(path)) {}
        OwnedFile(OwnedFile&& other) noexcept : path_(std::exchange(other.path_, {})) {}
        OwnedFile& operator=(OwnedFile&&) = delete;
        ~OwnedFile();

    private:
        std::string path_;
    };

    CupsServer(TempDir dir, OwnedFile pdf_config, Process cupsd, std::string server)
        : dir_(std::move(dir)), pdf_config_(std::move(pdf_config)), cupsd_(std::move(cupsd)), server_(std::move(server)) {}
    TempDir dir_;
    OwnedFile pdf_config_;
    Process cupsd_;  // last: stopped before the folders and the configuration go
    std::string server_;
};

// Points libcups at a server for as long as it lives: CUPS_SERVER for threads started
// meanwhile, and this thread's own setting, which libcups reads once and keeps.
class UsingCupsServer {
public:
    explicit UsingCupsServer(const CupsServer& cups);
    ~UsingCupsServer();
    UsingCupsServer(const UsingCupsServer&) = delete;
    UsingCupsServer& operator=(const UsingCupsServer&) = delete;
};

}  // namespace ventanilla::testing
