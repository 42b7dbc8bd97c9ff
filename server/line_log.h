// LineLog: whole lines to one stream from many threads, never interleaved.
#pragma once

#include <mutex>
#include <ostream>
#include <string>
#include <string_view>

namespace ventanilla {

class LineLog {
public:
    explicit LineLog(std::ostream& out) : out_(out) {}
    LineLog(const LineLog&) = delete;
    LineLog& operator=(const LineLog&) = delete;

    // Writes `line` and a newline, then flushes: a log read after a crash or a
    // kill must hold every line written before it.
    void write(std::string_view line) {
        // One piece, so that an unbuffered stream (std::cerr) makes one write(2), not two.
        std::string whole;
        whole.reserve(line.size() + 1);
        whole.append(line).push_back('\n');
        std::lock_guard lock(mutex_);
        out_ << whole << std::flush;
    }

private:
    std::mutex mutex_;
    std::ostream& out_;
};

}  // namespace ventanilla
