#include "server/shutdown_signal.h"

#include <pthread.h>
#include <signal.h>

namespace ventanilla {

namespace {

sigset_t shutdown_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    return set;
}

}  // namespace

ShutdownSignal::ShutdownSignal() {
    const sigset_t set = shutdown_signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void ShutdownSignal::watch(std::function<void(int signal)> on_signal) {
    watcher_ = std::thread([this, on_signal = std::move(on_signal)] {
        const sigset_t set = shutdown_signals();
        int signal = 0;
        while (sigwait(&set, &signal) != 0) {
        }
        if (closing_) {
            return;  // woken by our own destructor, not by a real signal
        }
        fired_ = true;
        on_signal(signal);
    });
}

void ShutdownSignal::close() {
    if (!watcher_.joinable()) {
        return;
    }
    closing_ = true;
    if (!fired_) {
        // A thread-directed SIGTERM, which only the watcher's sigwait can take.
        pthread_kill(watcher_.native_handle(), SIGTERM);
    }
    watcher_.join();
}

}  // namespace ventanilla
