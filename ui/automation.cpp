#include "ui/automation.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

namespace ventanilla::ui {

Result<std::unique_ptr<AutomationServer>> AutomationServer::start(const std::string& socket_path,
                                                                  std::function<void()> wake) {
    sockaddr_un addr{};
    if (socket_path.size() >= sizeof(addr.sun_path)) {
        return make_error("automation.path_too_long", socket_path);
    }
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return make_error("automation.socket", std::strerror(errno));
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, socket_path.c_str(), socket_path.size() + 1);
    ::unlink(socket_path.c_str());
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || ::listen(fd, 4) != 0) {
        std::string why = std::strerror(errno);
        ::close(fd);
        return make_error("automation.socket", socket_path + ": " + why);
    }
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
        ::close(fd);
        return make_error("automation.socket", std::strerror(errno));
    }
    return std::unique_ptr<AutomationServer>(
        new AutomationServer(socket_path, fd, pipe_fds[0], pipe_fds[1], std::move(wake)));
}

AutomationServer::AutomationServer(std::string path, int listen_fd, int stop_pipe_read,
                                   int stop_pipe_write, std::function<void()> wake)
    : path_(std::move(path)),
      listen_fd_(listen_fd),
      stop_read_(stop_pipe_read),
      stop_write_(stop_pipe_write),
      wake_(std::move(wake)) {
    thread_ = std::thread([this] { serve(); });
}

AutomationServer::~AutomationServer() {
    stopping_ = true;
    [[maybe_unused]] auto n = ::write(stop_write_, "x", 1);
    // Requests still waiting for the UI thread are answered so the client is not left hanging.
    {
        std::lock_guard lock(mutex_);
        for (auto& r : queue_) r.reply->set_value(R"({"ok":false,"error":"shutting down"})");
        queue_.clear();
    }
    if (thread_.joinable()) thread_.join();
    ::close(listen_fd_);
    ::close(stop_read_);
    ::close(stop_write_);
    ::unlink(path_.c_str());
}

std::vector<AutomationRequest> AutomationServer::take() {
    std::lock_guard lock(mutex_);
    std::vector<AutomationRequest> out;
    out.swap(queue_);
    return out;
}

void AutomationServer::serve() {
    while (!stopping_) {
        pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {stop_read_, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (fds[1].revents) return;
        if (fds[0].revents & POLLIN) {
            int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (client >= 0) {
                serve_client(client);
                ::close(client);
            }
        }
    }
}

void AutomationServer::serve_client(int fd) {
    std::string buffer;
    char chunk[4096];
    while (!stopping_) {
        pollfd fds[2] = {{fd, POLLIN, 0}, {stop_read_, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (fds[1].revents) return;
        ssize_t n = ::read(fd, chunk, sizeof(chunk));
        if (n <= 0) return;
        buffer.append(chunk, static_cast<size_t>(n));
        size_t newline;
        while ((newline = buffer.find('\n')) != std::string::npos) {
            AutomationRequest request{buffer.substr(0, newline),
                                      std::make_shared<std::promise<std::string>>()};
            buffer.erase(0, newline + 1);
            auto answer = request.reply->get_future();
            {
                std::lock_guard lock(mutex_);
                if (stopping_) return;
                queue_.push_back(std::move(request));
            }
            wake_();
            while (answer.wait_for(std::chrono::milliseconds(200)) != std::future_status::ready) {
                if (stopping_) return;
            }
            std::string line = answer.get() + "\n";
            size_t sent = 0;
            while (sent < line.size()) {
                ssize_t w = ::send(fd, line.data() + sent, line.size() - sent, MSG_NOSIGNAL);
                if (w <= 0) return;
                sent += static_cast<size_t>(w);
            }
        }
    }
}

}  // namespace ventanilla::ui
