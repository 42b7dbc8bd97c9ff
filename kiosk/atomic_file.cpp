#include "kiosk/atomic_file.h"
#include "kiosk/file_descriptor.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace ventanilla {
namespace {

Error write_failed(const std::filesystem::path& path, std::string_view step, int error_number) {
    std::string reason = std::string(step) + ": " + std::strerror(error_number);
    return make_error("file.write_failed", path.string() + ": " + reason,
                      {{"path", path.string()}, {"reason", reason}});
}


bool write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t written = ::write(fd, bytes.data(), bytes.size());
        if (written < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        bytes.remove_prefix(static_cast<size_t>(written));
    }
    return true;
}

}  // namespace

Status write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                             unsigned mode) {
    std::filesystem::path directory = path.parent_path();
    if (directory.empty()) directory = ".";
    std::string temp_name = (directory / ("." + path.filename().string() + ".XXXXXX")).string();

    int fd = ::mkostemp(temp_name.data(), O_CLOEXEC);
    if (fd < 0) return write_failed(path, "create temporary file", errno);
    FileDescriptor file(fd);
    auto fail = [&](std::string_view step) {
        int saved = errno;
        ::unlink(temp_name.c_str());
        return write_failed(path, step, saved);
    };
    if (::fchmod(file.get(), static_cast<mode_t>(mode)) != 0) return fail("chmod");
    if (!write_all(file.get(), bytes)) return fail("write");
    if (::fsync(file.get()) != 0) return fail("fsync");
    if (file.close() != 0) return fail("close");
    if (::rename(temp_name.c_str(), path.c_str()) != 0) return fail("rename");

    // The rename is durable only once the directory entry itself reaches the disk.
    FileDescriptor dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0) return write_failed(path, "open directory", errno);
    if (::fsync(dir.get()) != 0) return write_failed(path, "fsync directory", errno);
    return ok_status();
}

}  // namespace ventanilla
