// LoopbackSocket: a raw TCP connection to 127.0.0.1, for bytes an HTTP client will not send.
#pragma once

#include <chrono>
#include <string>

namespace ventanilla::testing {

// For requests httplib::Client refuses to make (unknown methods, broken
// request lines) and for timing games (a body sent in two halves). Closed when
// this object goes away.
class LoopbackSocket {
public:
    explicit LoopbackSocket(int port);
    LoopbackSocket(const LoopbackSocket&) = delete;
    LoopbackSocket& operator=(const LoopbackSocket&) = delete;
    ~LoopbackSocket();

    bool connected() const { return fd_ >= 0; }
    bool send(const std::string& bytes);
    // One HTTP response: headers, then Content-Length bytes of body (or
    // everything until the server closes when there is no Content-Length).
    // Whatever arrived when `timeout` passes otherwise.
    //
    // Do not half-close the socket to say "no more requests": cpp-httplib
    // takes a peer that sent EOF for gone and drops the answer.
    std::string receive_response(std::chrono::milliseconds timeout = std::chrono::seconds(5));

private:
    int fd_ = -1;
};

// The body of a raw HTTP response: what follows the blank line.
std::string http_body(const std::string& response);

}  // namespace ventanilla::testing
