// ShutdownSignal: turns SIGTERM and SIGINT into a call on an ordinary thread.
#pragma once

#include <atomic>
#include <functional>
#include <thread>

namespace ventanilla {

// No signal handler runs at all: the signals are blocked in every thread and a
// watcher thread takes them with sigwait(), so whatever it calls (stopping the
// HTTP server, writing a log line) need not be async-signal-safe, and no
// global is needed to reach the server.
class ShutdownSignal {
public:
    // Blocks SIGTERM and SIGINT in the calling thread. Construct it in main
    // before any other thread starts: threads inherit the mask, so no thread
    // can be killed by the default action before the watcher runs. A signal
    // that arrives before watch() stays pending and is taken then.
    ShutdownSignal();

    // Starts the watcher; `on_signal` runs on it once, with the signal number.
    void watch(std::function<void(int signal)> on_signal);

    // Wakes and joins the watcher; `on_signal` is not called if it had not
    // been. Call it before destroying what `on_signal` uses.
    void close();

    ~ShutdownSignal() { close(); }

    ShutdownSignal(const ShutdownSignal&) = delete;
    ShutdownSignal& operator=(const ShutdownSignal&) = delete;

private:
    std::thread watcher_;
    std::atomic<bool> closing_{false};
    std::atomic<bool> fired_{false};
};

}  // namespace ventanilla
