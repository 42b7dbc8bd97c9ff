#include "tests/support/loopback_socket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace ventanilla::testing {

LoopbackSocket::LoopbackSocket(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) {
        return;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        close(fd_);
        fd_ = -1;
    }
}

LoopbackSocket::~LoopbackSocket() {
    if (fd_ >= 0) {
        close(fd_);
    }
}

bool LoopbackSocket::send(const std::string& bytes) {
    std::size_t sent = 0;
    while (fd_ >= 0 && sent < bytes.size()) {
        const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        sent += static_cast<std::size_t>(n);
    }
    return fd_ >= 0;
}

namespace {

// The length the headers announce, or -1 when they are not complete or say none.
long long announced_length(const std::string& received, std::size_t& body_start) {
    const auto end_of_headers = received.find("\r\n\r\n");
    if (end_of_headers == std::string::npos) {
        return -1;
    }
    body_start = end_of_headers + 4;
    std::string headers = received.substr(0, end_of_headers);
    for (char& c : headers) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    const auto field = headers.find("\r\ncontent-length:");
    if (field == std::string::npos) {
        return -1;
    }
    return std::atoll(headers.c_str() + field + 17);
}

}  // namespace

std::string LoopbackSocket::receive_response(std::chrono::milliseconds timeout) {
    std::string received;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (fd_ >= 0) {
        std::size_t body_start = 0;
        const long long length = announced_length(received, body_start);
        if (length >= 0 && received.size() >= body_start + static_cast<std::size_t>(length)) {
            break;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            break;
        }
        pollfd ready{fd_, POLLIN, 0};
        const int polled = poll(&ready, 1, static_cast<int>(left.count()));
        if (polled < 0 && errno == EINTR) {
            continue;
        }
        if (polled <= 0) {
            break;
        }
        char buffer[4096];
        const ssize_t n = read(fd_, buffer, sizeof buffer);
        if (n <= 0) {
            break;
        }
        received.append(buffer, static_cast<std::size_t>(n));
    }
    return received;
}

std::string http_body(const std::string& response) {
    const auto end_of_headers = response.find("\r\n\r\n");
    return end_of_headers == std::string::npos ? "" : response.substr(end_of_headers + 4);
}

}  // namespace ventanilla::testing
