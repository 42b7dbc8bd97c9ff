#include "tests/support/fault_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <random>

namespace ventanilla::testing {

namespace {

// Reads until one whole HTTP message (headers, then Content-Length bytes) has arrived, the
// peer closes, or `timeout_ms` passes. Returns what arrived.
std::string read_message(int fd, int timeout_ms) {
    std::string data;
    std::size_t needed = std::string::npos;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    char buffer[16384];
    while (needed == std::string::npos || data.size() < needed) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0) break;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left)) <= 0) break;
        const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got <= 0) break;
        data.append(buffer, static_cast<std::size_t>(got));
        if (needed == std::string::npos) {
            const auto end = data.find("\r\n\r\n");
            if (end == std::string::npos) continue;
            std::size_t length = 0;
            std::string headers = data.substr(0, end);
            for (char& c : headers) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            const auto at = headers.find("\r\ncontent-length:");
            if (at != std::string::npos) {
                length = std::stoul(headers.substr(at + 17));
            }
            needed = end + 4 + length;
        }
    }
    return data;
}

bool send_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent <= 0) return false;
        bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
}

int connect_loopback(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

}  // namespace

const char* name_of(Fault fault) {
    switch (fault) {
        case Fault::pass: return "pass";
        case Fault::drop: return "drop";
        case Fault::drop_request: return "drop_request";
        case Fault::delay: return "delay";
        case Fault::slow: return "slow";
        case Fault::http_500: return "http_500";
        case Fault::garbage: return "garbage";
        case Fault::garbage_200: return "garbage_200";
        case Fault::truncate: return "truncate";
        case Fault::lost_answer: return "lost_answer";
    }
    return "?";
}

FaultProxy::FaultProxy(int upstream_port, std::function<Fault()> choose)
    : upstream_port_(upstream_port), choose_(std::move(choose)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int yes = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listener_, 64);
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
}

FaultProxy::~FaultProxy() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    acceptor_.join();
    ::close(listener_);
    for (auto& worker : workers_) worker.join();
}

std::map<Fault, int> FaultProxy::counts() const {
    std::lock_guard lock(mutex_);
    return counts_;
}

void FaultProxy::accept_loop() {
    while (!stopping_) {
        pollfd p{listener_, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) continue;
        const Fault fault = choose_();
        {
            std::lock_guard lock(mutex_);
            ++counts_[fault];
        }
        workers_.emplace_back([this, client, fault] { serve(client, fault); });
    }
}

void FaultProxy::serve(int client, Fault fault) {
    static thread_local std::mt19937 random(std::random_device{}());
    if (fault == Fault::drop) {
        ::close(client);
        return;
    }
    const std::string request = read_message(client, 5000);
    if (fault == Fault::drop_request) {
        ::close(client);
        return;
    }
    if (fault == Fault::http_500) {
        send_all(client,
                 "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n"
                 "Content-Length: 5\r\nConnection: close\r\n\r\noops!");
        ::close(client);
        return;
    }
    if (fault == Fault::garbage) {
        send_all(client, "\x16\x03\x01 this is not HTTP at all \xff\xfe\r\n\r\n");
        ::close(client);
        return;
    }
    if (fault == Fault::garbage_200) {
        send_all(client,
                 "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 23\r\n"
                 "Connection: close\r\n\r\n<html>captive!</html>\r\n");
        ::close(client);
        return;
    }
    if (fault == Fault::delay) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50 + random() % 350));
    }
    if (fault == Fault::slow) std::this_thread::sleep_for(std::chrono::seconds(2));
    const int upstream = connect_loopback(upstream_port_);
    if (upstream < 0) {
        ::close(client);
        return;
    }
    std::string response;
    if (send_all(upstream, request)) response = read_message(upstream, answer_timeout_ms_);
    ::close(upstream);
    if (fault == Fault::truncate && !response.empty()) {
        send_all(client, std::string_view(response).substr(0, random() % response.size()));
    } else if (fault != Fault::lost_answer) {
        send_all(client, response);
    }
    ::close(client);
}

}  // namespace ventanilla::testing
