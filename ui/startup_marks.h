// When each step of start-up finished, counted from the process's start: the first frame's
// budget is spent across the display, the fonts, the GPU objects and the workers, and the
// log and the benchmark show where.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace ventanilla::ui {

class StartupMarks {
public:
    explicit StartupMarks(std::chrono::steady_clock::time_point process_start) : start_(process_start) {}

    void mark(std::string step) {
        auto since = std::chrono::steady_clock::now() - start_;
        marks_.emplace_back(std::move(step), std::chrono::duration<double, std::milli>(since).count());
    }
    const std::vector<std::pair<std::string, double>>& all() const { return marks_; }
    // "glfw 25, window 230, ..." in whole milliseconds.
    std::string describe() const {
        std::string text;
        for (const auto& [step, ms] : marks_) {
            if (!text.empty()) text += ", ";
            text += step + " " + std::to_string(static_cast<long>(ms));
        }
        return text;
    }

private:
    std::chrono::steady_clock::time_point start_;
    std::vector<std::pair<std::string, double>> marks_;
};

}  // namespace ventanilla::ui
