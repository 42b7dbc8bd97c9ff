#include "tests/support/cups_server.h"

#include <cups/cups.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <cstdlib>

namespace ventanilla::testing {

namespace fs = std::filesystem;

namespace {

Status write(const std::string& path, const std::string& text, fs::perms perms = fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read) {
    std::ofstream(path) << text;
    std::error_code ec;
    fs::permissions(path, perms, ec);
    if (ec) return make_error("test.cups", path + ": " + ec.message());
    return ok_status();
}

}  // namespace

CupsServer::OwnedFile::~OwnedFile() {
    if (path_.empty()) return;
    std::error_code ec;
    fs::remove(path_, ec);
}

Result<CupsServer> CupsServer::start(const CupsServerOptions& options) {
    TempDir dir("ventanilla-cups-");
    for (const char* sub : {"etc", "spool", "tmp", "cache", "state", "log", "lib/backend", "out", "flaky", "pdf"}) {
        fs::create_directories(dir.file(sub));
    }
    // cupsd runs backends as the user lp: it must be able to walk in and write the output.
    fs::permissions(dir.path(), fs::perms::all, fs::perm_options::add);
    for (const char* sub : {"out", "flaky", "pdf"}) fs::permissions(dir.file(sub), fs::perms::all);
    // Filters run as lp and keep their temporary files here.
    fs::permissions(dir.file("tmp"), fs::perms::all | fs::perms::sticky_bit);
    for (const char* sub : {"filter", "daemon", "cgi-bin", "monitor", "notifier"}) {
        std::error_code ec;
        fs::create_directory_symlink(std::string("/usr/lib/cups/") + sub, dir.file(std::string("lib/") + sub), ec);
    }
    for (const char* backend : {"cups-pdf"}) {
        std::error_code ec;
        fs::create_symlink(std::string("/usr/lib/cups/backend/") + backend, dir.file(std::string("lib/backend/") + backend), ec);
    }
    const auto executable = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec;
    // capture:/DIR keeps each job's document as DIR/<job>.pdf; capture:/jammed runs out of
    // paper; capture:/unplugged waits for a printer that is not there, as CUPS's usb backend
    // does (connecting-to-device); a DIR holding .tear-next tears that job half way (and
    // prints the later ones).
    auto backend = write(dir.file("lib/backend/capture"), R"(#!/bin/sh
if [ $# -eq 0 ]; then echo 'direct capture "Unknown" "Capture to a folder"'; exit 0; fi
target="${DEVICE_URI#capture:}"
if [ "$target" = "/jammed" ]; then echo "STATE: +media-empty-error" >&2; echo "ERROR: out of paper" >&2; exit 4; fi
if [ "$target" = "/unplugged" ]; then
  echo "STATE: +connecting-to-device" >&2; echo "INFO: Waiting for printer to become available." >&2
  while :; do sleep 1; done
fi
if [ -e "$target/.tear-next" ]; then
  rm -f "$target/.tear-next"
  if [ $# -ge 6 ]; then head -c 300 "$6" > "$target/$1.torn"; else head -c 300 > "$target/$1.torn"; fi
  echo "ERROR: paper jam half way" >&2; exit 1
fi
if [ $# -ge 6 ]; then cat "$6" > "$target/$1.pdf.tmp"; else cat > "$target/$1.pdf.tmp"; fi
mv "$target/$1.pdf.tmp" "$target/$1.pdf"
)", executable);
    if (!backend) return backend.error();
    for (const auto& extra : options.backends) {
        std::error_code ec;
        fs::copy_file(extra.executable, dir.file("lib/backend/" + extra.name), fs::copy_options::overwrite_existing, ec);
        if (ec) return make_error("test.cups", extra.executable + ": " + ec.message());
        fs::permissions(dir.file("lib/backend/" + extra.name), executable, ec);
    }
    if (auto s = write(dir.file("flaky/.tear-next"), ""); !s) return s.error();
    fs::permissions(dir.file("flaky/.tear-next"), fs::perms::all);
    int port = free_port();
    // cups-pdf reads a per-instance file /etc/cups/cups-pdf-<instance>.conf and nothing else:
    // this server's instance writes into its own folder and is removed with it.
    const std::string instance = "ventanilla-test-" + std::to_string(port);
    OwnedFile pdf_config("/etc/cups/cups-pdf-" + instance + ".conf");
    if (auto s = write("/etc/cups/cups-pdf-" + instance + ".conf",
                       "Out " + dir.file("pdf") + "\nAnonDirName " + dir.file("pdf") + "\nSpool " + dir.file("tmp") +
                           "/cups-pdf\nLog " + dir.file("log") + "\nLabel 2\nGrp lp\n");
        !s) {
        return make_error("test.cups", "cannot configure cups-pdf in /etc/cups (run the tests as root): " + s.error().detail);
    }
    std::string server = "127.0.0.1:" + std::to_string(port);
    if (auto s = write(dir.file("etc/cupsd.conf"), "Listen " + server + R"(
LogLevel info
DefaultAuthType None
WebInterface No
ErrorPolicy stop-printer
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
)"); !s) return s.error();
    std::string root = dir.path();
    if (auto s = write(dir.file("etc/cups-files.conf"), "ServerRoot " + root + "/etc\nRequestRoot " + root +
                                                             "/spool\nTempDir " + root + "/tmp\nCacheDir " + root +
                                                             "/cache\nStateDir " + root + "/state\nErrorLog " + root +
                                                             "/log/error_log\nAccessLog " + root +
                                                             "/log/access_log\nPageLog " + root +
                                                             "/log/page_log\nServerBin " + root +
                                                             "/lib\nDataDir /usr/share/cups\nSandboxing Relaxed\n");
        !s) {
        return s.error();
    }
    auto cupsd = Process::start({.argv = {"/usr/sbin/cupsd", "-f", "-c", dir.file("etc/cupsd.conf"), "-s",
                                          dir.file("etc/cups-files.conf")},
                                 .log_path = dir.file("log/stdout")});
    if (!cupsd) return cupsd.error();
    bool up = wait_until(
        [&] {
            auto probe = run_program({"/usr/bin/lpstat", "-h", server, "-r"}, 5s);
            return probe && probe->exit_code == 0 && probe->output.find("is running") != std::string::npos;
        },
        10s, 100ms);
    if (!up) return make_error("test.cups", "cupsd did not start");
    std::vector<CupsQueue> queues{
        {"receipts", "capture:DIR", "", "stop-printer"},
        {"jammed", "capture:/jammed", "", "stop-printer"},
        {"flaky", "capture:" + dir.file("flaky"), "", "abort-job"},
        {"offline", "capture:/unplugged", "", "stop-printer"},
        {"pdf", "cups-pdf:/" + instance, "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd", "stop-printer"},
    };
    queues.insert(queues.end(), options.queues.begin(), options.queues.end());
    for (const auto& queue : queues) {
        std::string uri = std::regex_replace(queue.uri, std::regex("DIR"), dir.file("out"));
        std::vector<std::string> argv{"/usr/sbin/lpadmin", "-h", server, "-p", queue.name, "-E", "-v", uri,
                                      "-o", "printer-error-policy=" + queue.error_policy};
        if (queue.ppd.empty()) {
            argv.insert(argv.end(), {"-m", "raw"});
        } else {
            argv.insert(argv.end(), {"-P", queue.ppd});
        }
        auto added = run_program(argv, 10s);
        if (!added || added->exit_code != 0) {
            return make_error("test.cups", "lpadmin " + queue.name + ": " + (added ? added->output : "timed out"));
        }
    }
    return CupsServer(std::move(dir), std::move(pdf_config), std::move(cupsd).value(), server);
}

std::optional<std::string> CupsServer::pdf_output(const std::string& job_id) const {
    // cups-pdf names its file "<title>-job_<id>.pdf" (Label 2), in a folder of the job's user
    // or straight in its Out folder.
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir_.file("pdf"), ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.ends_with("-job_" + job_id + ".pdf") || name == "job_" + job_id + ".pdf") return it->path().string();
    }
    return std::nullopt;
}

std::string CupsServer::log() const {
    std::ifstream in(dir_.file("log/error_log"));
    return std::string((std::istreambuf_iterator<char>(in)), {});
}

UsingCupsServer::UsingCupsServer(const CupsServer& cups) {
    ::setenv("CUPS_SERVER", cups.server().c_str(), 1);
    cupsSetServer(cups.server().c_str());  // also closes this thread's connection to the last one
}

UsingCupsServer::~UsingCupsServer() {
    ::unsetenv("CUPS_SERVER");
    cupsSetServer(nullptr);
}

}  // namespace ventanilla::testing
