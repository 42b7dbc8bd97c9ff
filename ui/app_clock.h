// The clock the terminal reads: steady time plus an offset tests can move forward.
#pragma once

#include <chrono>

namespace ventanilla::ui {

class AppClock {
public:
    std::chrono::steady_clock::time_point now() const {
        return std::chrono::steady_clock::now() + offset_;
    }
    std::chrono::system_clock::time_point wall_now() const {
        return std::chrono::system_clock::now() +
               std::chrono::duration_cast<std::chrono::system_clock::duration>(offset_);
    }
    void advance(std::chrono::steady_clock::duration by) { offset_ += by; }

private:
    std::chrono::steady_clock::duration offset_{};
};

}  // namespace ventanilla::ui
