#include "devices/pdf_folder_printer.h"

#include <doctest/doctest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "devices/receipt_pdf.h"
#include "tests/devices/receipt_samples.h"
#include "tests/support/process.h"

using namespace ventanilla;
namespace fs = std::filesystem;

namespace {

// 14 May 2024 10:42:07 in the local time zone, whatever the machine's is.
std::chrono::system_clock::time_point fixed_time() {
    std::tm local{};
    local.tm_year = 2024 - 1900;
    local.tm_mon = 4;
    local.tm_mday = 14;
    local.tm_hour = 10;
    local.tm_min = 42;
    local.tm_sec = 7;
    local.tm_isdst = -1;
    return std::chrono::system_clock::from_time_t(std::mktime(&local));
}

PdfFolderPrinterOptions at_fixed_time(const fs::path& folder) {
    return {folder, [] { return fixed_time(); }};
}

std::vector<std::string> names_in(const fs::path& folder) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder)) {
        names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string contents(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string sample_pdf() {
    Result<std::string> pdf = render_receipt_pdf(testing::sample_tracking_receipt());
    REQUIRE(pdf.ok());
    return *pdf;
}

}  // namespace

TEST_CASE("receipt folder printer: one complete file per job, named by time and title") {
    testing::TempDir dir;
    const fs::path folder = fs::path(dir.path()) / "recibos" / "hoy";  // created on demand
    PdfFolderPrinter printer(at_fixed_time(folder));
    CHECK(printer.name() == "pdf-folder:" + folder.string());

    const std::string pdf = sample_pdf();
    Result<PrintJob> job = printer.print(pdf, {.title = "Seguimiento RR123456785CU"});
    REQUIRE_MESSAGE(job.ok(), (job.ok() ? "" : job.failure_text()));
    CHECK(job->id == "20240514-104207-Seguimiento-RR123456785CU.pdf");
    CHECK(job->state == PrintJobState::completed);
    CHECK(job->where == (folder / job->id).string());
    CHECK(names_in(folder) == std::vector<std::string>{job->id});
    CHECK(contents(job->where) == pdf);
    CHECK((fs::status(job->where).permissions() & fs::perms::others_read) != fs::perms::none);

    Result<PrintJob> followed = printer.job(job->id);
    REQUIRE(followed.ok());
    CHECK(followed->state == PrintJobState::completed);

    // Keep one for people to look at.
    const fs::path artifacts = fs::path(VENTANILLA_ARTIFACTS_DIR) / "receipts";
    fs::create_directories(artifacts);
    PdfFolderPrinter keeper({artifacts / "printed"});
    CHECK(keeper.print(pdf, {.title = "Seguimiento"}).ok());
}

TEST_CASE("receipt folder printer: jobs in the same second never overwrite each other") {
    testing::TempDir dir;
    PdfFolderPrinter printer(at_fixed_time(dir.path()));
    const std::string pdf = sample_pdf();
    for (int i = 0; i < 3; ++i) REQUIRE(printer.print(pdf, {.title = "Turno A-042"}).ok());
    CHECK(names_in(dir.path()) == std::vector<std::string>{"20240514-104207-Turno-A-042-2.pdf",
                                                           "20240514-104207-Turno-A-042-3.pdf",
                                                           "20240514-104207-Turno-A-042.pdf"});

    // Workers printing at once, all in one second: every job its own complete file.
    testing::TempDir busy;
    PdfFolderPrinter shared(at_fixed_time(busy.path()));
    std::vector<std::thread> workers;
    std::vector<int> failures(8, 0);
    for (int w = 0; w < 8; ++w) {
        workers.emplace_back([&, w] {
            for (int i = 0; i < 20; ++i) {
                if (!shared.print(pdf, {.title = "recibo"}).ok()) ++failures[w];
            }
        });
    }
    for (std::thread& worker : workers) worker.join();
    CHECK(std::count(failures.begin(), failures.end(), 0) == 8);
    const std::vector<std::string> names = names_in(busy.path());
    CHECK(names.size() == 160);
    for (const std::string& name : names) {
        CHECK(name.starts_with("20240514-104207-recibo"));
        CHECK(contents(fs::path(busy.path()) / name) == pdf);
    }
}

TEST_CASE("receipt folder printer: a folder it cannot write is a clear error, no file left") {
    testing::TempDir dir;
    const fs::path blocker = fs::path(dir.path()) / "not-a-folder";
    std::ofstream(blocker) << "x";
    PdfFolderPrinter printer({blocker / "recibos"});
    Result<PrintJob> job = printer.print(sample_pdf(), {});
    REQUIRE(!job.ok());
    CHECK(job.error().code == "printer.folder_unwritable");
    CHECK(job.error().args.at("folder") == (blocker / "recibos").string());
    MESSAGE(job.error().describe());

    PdfFolderPrinter in_a_file({blocker});
    job = in_a_file.print(sample_pdf(), {});
    REQUIRE(!job.ok());
    CHECK(job.error().code == "printer.folder_unwritable");
    CHECK(names_in(dir.path()) == std::vector<std::string>{"not-a-folder"});

    // Root ignores permission bits, so only an ordinary user can see EACCES here.
    if (::geteuid() != 0) {
        const fs::path locked = fs::path(dir.path()) / "locked";
        fs::create_directory(locked);
        fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
        PdfFolderPrinter denied({locked});
        job = denied.print(sample_pdf(), {});
        REQUIRE(!job.ok());
        CHECK(job.error().code == "printer.folder_unwritable");
        fs::permissions(locked, fs::perms::owner_all);
        CHECK(names_in(locked).empty());
    }
}

TEST_CASE("receipt folder printer: a full disk is printer.disk_full and leaves nothing") {
    CHECK(folder_printer_error(ENOSPC, "/x", "write").code == "printer.disk_full");
    CHECK(folder_printer_error(EDQUOT, "/x", "write").code == "printer.disk_full");
    CHECK(folder_printer_error(EROFS, "/x", "create file").code == "printer.folder_unwritable");
    CHECK(folder_printer_error(EACCES, "/x", "create file").code == "printer.folder_unwritable");
    CHECK(folder_printer_error(EIO, "/x", "fsync").code == "printer.write_failed");

    // A real full file system: a 64 KB tmpfs mounted in a child's own mount namespace,
    // so nothing outside the child sees it. Needs CAP_SYS_ADMIN; skipped without it.
    testing::TempDir dir;
    const std::string big_pdf = "%PDF-1.3\n" + std::string(200 * 1024, 'x');
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        if (::unshare(CLONE_NEWNS) != 0 ||
            ::mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
            ::mount("tmpfs", dir.path().c_str(), "tmpfs", 0, "size=64k") != 0) {
            ::_exit(77);
        }
        const fs::path folder = fs::path(dir.path()) / "recibos";
        PdfFolderPrinter printer({folder});
        Result<PrintJob> job = printer.print(big_pdf, {});
        if (job.ok()) ::_exit(1);
        if (job.error().code != "printer.disk_full") ::_exit(2);
        if (!names_in(folder).empty()) ::_exit(3);
        // A small receipt still fits once the failed one is gone.
        if (!printer.print(sample_pdf(), {}).ok() || names_in(folder).size() != 1) ::_exit(4);
        ::_exit(0);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    if (WEXITSTATUS(status) == 77) {
        MESSAGE("skipped the tmpfs check: this process may not mount (no CAP_SYS_ADMIN)");
        return;
    }
    CHECK_MESSAGE(WEXITSTATUS(status) == 0,
                  "child failed at step " << WEXITSTATUS(status)
                                          << " (1 ok, 2 wrong code, 3 file left, 4 no recovery)");
}

TEST_CASE("receipt folder printer: leftovers of a crash go, bad requests are refused") {
    testing::TempDir dir;
    const fs::path folder = dir.path();
    std::ofstream(folder / ".partial-abc123") << "%PDF-half";
    std::ofstream(folder / "20240101-000000-kept.pdf") << "%PDF-1.3";
    PdfFolderPrinter printer(at_fixed_time(folder));
    CHECK(names_in(folder) == std::vector<std::string>{"20240101-000000-kept.pdf"});

    Result<PrintJob> job = printer.print("<html>", {});
    REQUIRE(!job.ok());
    CHECK(job.error().code == "printer.invalid_request");
    job = printer.print(sample_pdf(), {.title = "x", .copies = 0});
    REQUIRE(!job.ok());
    CHECK(job.error().code == "printer.invalid_request");
    CHECK(names_in(folder).size() == 1);

    CHECK(printer.job("20240101-000000-kept.pdf").ok());
    for (const char* unknown : {"20990101-000000-x.pdf", "../etc/passwd", ".partial-abc123", ""}) {
        Result<PrintJob> followed = printer.job(unknown);
        REQUIRE(!followed.ok());
        CHECK(followed.error().code == "printer.unknown_job");
    }
}

TEST_CASE("receipt folder printer: titles become safe file names") {
    CHECK(file_name_title("Envío Ñandú ¿Dónde?") == "Envio-Nandu-Donde");
    CHECK(file_name_title("  A-042 / Ventanilla 3  ") == "A-042-Ventanilla-3");
    CHECK(file_name_title("../../etc/passwd") == "etc-passwd");
    CHECK(file_name_title("") == "recibo");
    CHECK(file_name_title("→ ✓ 𝄞") == "recibo");
    CHECK(file_name_title(std::string(100, 'a')).size() == 48);
    CHECK(file_name_title("\xFF\xC3") == "recibo");  // ill-formed UTF-8 too
}
