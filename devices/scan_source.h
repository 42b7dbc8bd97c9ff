// The one stream of scans that every scanner (wedge, serial, camera, image) feeds and the UI
// drains.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/result.h"

namespace ventanilla {

struct Scan {
    std::string text;    // UTF-8, as the code carries it
    std::string source;  // "wedge", "serial", "camera", "image"
    std::chrono::steady_clock::time_point when;
};

// Filled from worker threads, drained on the UI thread at the start of a frame.
// Problems a scanner meets while running (a line too long, a device gone) travel
// the same way, so the technician screen can show them; they never block scans.
class ScanStream {
public:
    // Called (from the pushing thread, without the lock held) after each push, so a
    // loop asleep in glfwWaitEventsTimeout can be woken with glfwPostEmptyEvent.
    using Wake = std::function<void()>;

    explicit ScanStream(Wake wake = {}) : wake_(std::move(wake)) {}
    ScanStream(const ScanStream&) = delete;
    ScanStream& operator=(const ScanStream&) = delete;

    void push(Scan scan) {
        {
            std::lock_guard lock(mutex_);
            scans_.push_back(std::move(scan));
        }
        if (wake_) wake_();
    }

    void push_error(Error error) {
        {
            std::lock_guard lock(mutex_);
            errors_.push_back(std::move(error));
        }
        if (wake_) wake_();
    }

    // Everything pushed since the last call, oldest first.
    std::vector<Scan> take_all() {
        std::lock_guard lock(mutex_);
        return std::exchange(scans_, {});
    }

    std::vector<Error> take_errors() {
        std::lock_guard lock(mutex_);
        return std::exchange(errors_, {});
    }

private:
    const Wake wake_;
    std::mutex mutex_;
    std::vector<Scan> scans_;
    std::vector<Error> errors_;
};

}  // namespace ventanilla
