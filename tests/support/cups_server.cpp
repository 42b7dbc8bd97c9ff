#include "tests/support/cups_server.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

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

Result<CupsServer> CupsServer::start() {
    TempDir dir("ventanilla-cups-");
    for (const char* sub : {"etc", "spool", "tmp", "cache", "state", "log", "lib/backend", "out"}) {
        fs::create_directories(dir.file(sub));
    }
    // cupsd runs backends as the user lp: it must be able to walk in and write the output.
    fs::permissions(dir.path(), fs::perms::all, fs::perm_options::add);
    fs::permissions(dir.file("out"), fs::perms::all);
    for (const char* sub : {"filter", "daemon", "cgi-bin", "monitor", "notifier"}) {
        std::error_code ec;
        fs::create_directory_symlink(std::string("/usr/lib/cups/") + sub, dir.file(std::string("lib/") + sub), ec);
    }
    // capture:/DIR keeps each job's document as DIR/<job>.pdf; capture:/jammed fails the job.
    auto backend = write(dir.file("lib/backend/capture"), R"(#!/bin/sh
if [ $# -eq 0 ]; then echo 'direct capture "Unknown" "Capture to a folder"'; exit 0; fi
target="${DEVICE_URI#capture:}"
if [ "$target" = "/jammed" ]; then echo "STATE: +media-empty-error" >&2; echo "ERROR: out of paper" >&2; exit 4; fi
if [ $# -ge 6 ]; then cat "$6" > "$target/$1.pdf.tmp"; else cat > "$target/$1.pdf.tmp"; fi
mv "$target/$1.pdf.tmp" "$target/$1.pdf"
)", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
    if (!backend) return backend.error();
    int port = free_port();
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
    for (auto [queue, uri] : {std::pair{"receipts", "capture:" + dir.file("out")}, std::pair{"jammed", std::string("capture:/jammed")}}) {
        auto added = run_program({"/usr/sbin/lpadmin", "-h", server, "-p", queue, "-E", "-v", uri, "-m", "raw"}, 10s);
        if (!added || added->exit_code != 0) {
            return make_error("test.cups", std::string("lpadmin ") + queue + ": " + (added ? added->output : "timed out"));
        }
    }
    return CupsServer(std::move(dir), std::move(cupsd).value(), server);
}

std::string CupsServer::log() const {
    std::ifstream in(dir_.file("log/error_log"));
    return std::string((std::istreambuf_iterator<char>(in)), {});
}

}  // namespace ventanilla::testing
