#include "tests/support/automation_client.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <thread>

namespace ventanilla::testing {

AutomationClient::~AutomationClient() {
    if (fd_ >= 0) ::close(fd_);
}

bool AutomationClient::connect(const std::string& socket_path, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, socket_path.c_str(), sizeof(addr.sun_path) - 1);
    while (std::chrono::steady_clock::now() < deadline) {
        int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
            fd_ = fd;
            return true;
        }
        if (fd >= 0) ::close(fd);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

nlohmann::json AutomationClient::send(const std::string& command,
                                      std::chrono::milliseconds timeout) {
    if (fd_ < 0) throw std::runtime_error("automation: not connected");
    std::string line = command + "\n";
    if (::send(fd_, line.data(), line.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(line.size())) {
        throw std::runtime_error("automation: send failed for '" + command + "'");
    }
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        auto newline = buffer_.find('\n');
        if (newline != std::string::npos) {
            std::string reply = buffer_.substr(0, newline);
            buffer_.erase(0, newline + 1);
            return nlohmann::json::parse(reply);
        }
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) throw std::runtime_error("automation: no reply to '" + command + "'");
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
        char chunk[65536];
        ssize_t n = ::read(fd_, chunk, sizeof(chunk));
        if (n <= 0) throw std::runtime_error("automation: connection closed during '" + command + "'");
        buffer_.append(chunk, static_cast<size_t>(n));
    }
}

}  // namespace ventanilla::testing
