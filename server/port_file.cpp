#include "server/port_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ventanilla {

Status write_port_file(const std::string& path, int port) {
    const std::string temporary = path + ".tmp." + std::to_string(getpid());
    const std::string content = std::to_string(port) + "\n";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        return make_error("port_file.write_failed", temporary + ": " + std::strerror(errno));
    }
    const bool written =
        ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
    const int write_errno = errno;
    ::close(fd);
    if (!written) {
        ::unlink(temporary.c_str());
        return make_error("port_file.write_failed", temporary + ": " + std::strerror(write_errno));
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const int rename_errno = errno;
        ::unlink(temporary.c_str());
        return make_error("port_file.write_failed", path + ": " + std::strerror(rename_errno));
    }
    return ok_status();
}

}  // namespace ventanilla
