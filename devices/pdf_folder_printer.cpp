#include "devices/pdf_folder_printer.h"
#include "kiosk/file_descriptor.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <system_error>

#include "kiosk/cp1252.h"
#include "kiosk/tracking_time.h"

namespace ventanilla {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTempPrefix = ".partial-";
constexpr std::size_t kMaxTitleLength = 48;
constexpr int kMaxSameSecondJobs = 10000;


bool write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t written = ::write(fd, bytes.data(), bytes.size());
        if (written < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
    return true;
}

// "20240514-104200" in local time: what the person emptying the folder reads.
std::string timestamp(std::chrono::system_clock::time_point when) { return format_local(when, "%Y%m%d-%H%M%S"); }

// Moves the finished temporary file to `target` unless something is there already.
// renameat2(RENAME_NOREPLACE) does it in one step; file systems without it (EINVAL)
// get link + unlink, which never replaces either.
int move_without_replacing(const fs::path& from, const fs::path& target) {
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0) {
        return 0;
    }
    if (errno != EINVAL && errno != ENOSYS) return errno;
    if (::link(from.c_str(), target.c_str()) != 0) return errno;
    ::unlink(from.c_str());
    return 0;
}

bool is_job_id(std::string_view id) {
    return !id.empty() && id.front() != '.' && id.find('/') == std::string_view::npos &&
           id.size() > 4 && id.substr(id.size() - 4) == ".pdf";
}

}  // namespace

std::string file_name_title(std::string_view title) {
    // Latin-1 letters with diacritics, from 0xC0, folded to their ASCII base letter.
    constexpr std::string_view kFolded =
        "AAAAAAACEEEEIIII"   // C0..CF (C6 Æ → A, close enough for a file name)
        "DNOOOOO-OUUUUYTs"   // D0..DF
        "aaaaaaaceeeeiiii"   // E0..EF
        "dnooooo-ouuuuyty";  // F0..FF
    std::string out;
    bool dash_pending = false;
    for (char c : utf8_to_cp1252(title).bytes) {
        auto byte = static_cast<unsigned char>(c);
        char letter = 0;
        if ((byte >= '0' && byte <= '9') || (byte >= 'A' && byte <= 'Z') ||
            (byte >= 'a' && byte <= 'z')) {
            letter = static_cast<char>(byte);
        } else if (byte >= 0xC0) {
            letter = kFolded[byte - 0xC0u];
            if (letter == '-') letter = 0;
        }
        if (letter == 0) {
            dash_pending = !out.empty();
            continue;
        }
        if (out.size() + (dash_pending ? 2 : 1) > kMaxTitleLength) break;
        if (dash_pending) out.push_back('-');
        dash_pending = false;
        out.push_back(letter);
    }
    return out.empty() ? "recibo" : out;
}

Error folder_printer_error(int error_number, const fs::path& path, std::string_view step) {
    const std::string reason = std::string(step) + ": " + std::strerror(error_number);
    std::string code = "printer.write_failed";
    switch (error_number) {
        case ENOSPC:
        case EDQUOT:
            code = "printer.disk_full";
            break;
        case EACCES:
        case EPERM:
        case EROFS:
        case ENOTDIR:
        case EEXIST:
        case EISDIR:
        case ELOOP:
        case ENAMETOOLONG:
            code = "printer.folder_unwritable";
            break;
        default:
            break;
    }
    return make_error(std::move(code), path.string() + ": " + reason,
                      {{"folder", path.string()}, {"reason", reason}});
}

PdfFolderPrinter::PdfFolderPrinter(PdfFolderPrinterOptions options) : options_(std::move(options)) {
    std::error_code ignored;
    for (fs::directory_iterator it(options_.folder, ignored), end; !ignored && it != end;
         it.increment(ignored)) {
        if (it->path().filename().string().starts_with(kTempPrefix)) {
            fs::remove(it->path(), ignored);
        }
    }
}

PrinterHealth PdfFolderPrinter::health() {
    fs::path folder = options_.folder;
    std::error_code ec;
    while (!folder.empty() && !fs::exists(folder, ec) && folder.has_parent_path() && folder.parent_path() != folder) {
        folder = folder.parent_path();  // created on the first print
    }
    if (folder.empty()) folder = ".";
    if (::access(folder.c_str(), W_OK | X_OK) != 0) {
        return {PrinterCondition::error, folder.string() + ": " + std::strerror(errno)};
    }
    return {PrinterCondition::ready, options_.folder.string()};
}

std::string PdfFolderPrinter::name() const {
    return "pdf-folder:" + options_.folder.string();
}

Result<PrintJob> PdfFolderPrinter::print(std::string_view pdf_bytes, const PrintRequest& request) {
    if (!pdf_bytes.starts_with("%PDF-")) {
        return make_error("printer.invalid_request", "not a PDF document");
    }
    if (request.copies < 1) return make_error("printer.invalid_request", "copies must be >= 1");

    const fs::path& folder = options_.folder;
    std::error_code created;
    fs::create_directories(folder, created);
    if (created) return folder_printer_error(created.value(), folder, "create folder");
    if (!fs::is_directory(folder)) return folder_printer_error(ENOTDIR, folder, "create folder");

    std::string temp = (folder / (std::string(kTempPrefix) + "XXXXXX")).string();
    FileDescriptor file(::mkostemp(temp.data(), O_CLOEXEC));
    if (file.get() < 0) return folder_printer_error(errno, folder, "create file");
    // Whatever fails from here on, the half-written file goes.
    auto fail = [&](std::string_view step, int error_number) {
        ::unlink(temp.c_str());
        return folder_printer_error(error_number, folder, step);
    };
    if (::fchmod(file.get(), 0644) != 0) return fail("chmod", errno);
    if (!write_all(file.get(), pdf_bytes)) return fail("write", errno);
    if (::fsync(file.get()) != 0) return fail("fsync", errno);
    if (file.close() != 0) return fail("close", errno);

    // Two jobs in the same second get "-2", "-3"…: the name is taken atomically, so
    // even concurrent jobs never overwrite each other.
    const std::string stem = timestamp(options_.now()) + "-" + file_name_title(request.title);
    fs::path target;
    int moved = EEXIST;
    for (int n = 1; n <= kMaxSameSecondJobs && moved == EEXIST; ++n) {
        target = folder / (n == 1 ? stem + ".pdf" : stem + "-" + std::to_string(n) + ".pdf");
        moved = move_without_replacing(temp, target);
    }
    if (moved != 0) return fail("rename", moved);

    // The new name is durable only once the directory reaches the disk; if it cannot,
    // the job failed and leaves no file behind to be printed twice on a retry.
    FileDescriptor dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0 || ::fsync(dir.get()) != 0) {
        const int error_number = errno;
        ::unlink(target.c_str());
        return folder_printer_error(error_number, folder, "fsync folder");
    }
    return PrintJob{target.filename().string(), PrintJobState::completed, target.string(), {}};
}

Result<PrintJob> PdfFolderPrinter::job(std::string_view job_id) {
    if (!is_job_id(job_id)) {
        return make_error("printer.unknown_job", std::string(job_id),
                          {{"job", std::string(job_id)}});
    }
    const fs::path path = options_.folder / job_id;
    std::error_code error;
    if (!fs::is_regular_file(path, error)) {
        return make_error("printer.unknown_job", path.string(), {{"job", std::string(job_id)}});
    }
    return PrintJob{std::string(job_id), PrintJobState::completed, path.string(), {}};
}

}  // namespace ventanilla
