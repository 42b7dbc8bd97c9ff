// The automation interface the terminal offers to tests and demos: a line protocol on a
// Unix socket ("tap Tomar un turno", "scan RR123456785CU", "shown", "screenshot f.png").
// Commands are carried out on the UI thread, through the same input queue as real input.
#pragma once

#include <atomic>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/result.h"

namespace ventanilla::ui {

struct AutomationRequest {
    std::string line;
    std::shared_ptr<std::promise<std::string>> reply;  // one JSON line
};

class AutomationServer {
public:
    // Listens on `socket_path`; `wake` nudges the UI loop when a command arrives.
    static Result<std::unique_ptr<AutomationServer>> start(const std::string& socket_path,
                                                           std::function<void()> wake);
    ~AutomationServer();
    AutomationServer(const AutomationServer&) = delete;
    AutomationServer& operator=(const AutomationServer&) = delete;

    // Called on the UI thread at the start of a frame.
    std::vector<AutomationRequest> take();

private:
    AutomationServer(std::string path, int listen_fd, int stop_pipe_read, int stop_pipe_write,
                     std::function<void()> wake);
    void serve();
    void serve_client(int fd);

    std::string path_;
    int listen_fd_;
    int stop_read_;
    int stop_write_;
    std::function<void()> wake_;
    std::mutex mutex_;
    std::vector<AutomationRequest> queue_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

}  // namespace ventanilla::ui
