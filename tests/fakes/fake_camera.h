// A camera that plays back a list of grey frames at a set pace, for the camera pipeline tests.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "devices/camera_frame_source.h"

namespace ventanilla::testing {

class FakeCamera final : public FrameSource {
public:
    using Clock = std::chrono::steady_clock;

    // What the test can watch after handing the camera over to a pipeline.
    struct Counters {
        std::atomic<std::uint64_t> served{0};
    };

    FakeCamera(std::vector<GrayImage> frames, std::chrono::microseconds interval, bool loop = true)
        : frames_(std::move(frames)), interval_(interval), loop_(loop), next_(Clock::now()) {}

    // Serve this many frames, then report the camera as gone (as a pulled USB cable would).
    void fail_after(std::uint64_t frames) { fail_after_ = frames; }
    std::shared_ptr<Counters> counters() const { return counters_; }

    Status next_frame(GrayImage& frame, std::chrono::milliseconds timeout) override {
        const std::uint64_t index = counters_->served.load();
        if (index >= fail_after_) {
            std::this_thread::sleep_for(
                std::min<Clock::duration>(timeout, std::chrono::milliseconds(5)));
            return make_error("camera.disconnected", "fake");
        }
        if (frames_.empty() || (!loop_ && index >= frames_.size())) {
            std::this_thread::sleep_for(timeout);
            return make_error("camera.timeout", "fake: no more frames");
        }
        std::this_thread::sleep_until(next_);
        next_ += interval_;
        if (next_ < Clock::now()) next_ = Clock::now();  // a slow reader does not get a burst
        const GrayImage& source = frames_[index % frames_.size()];
        frame.width = source.width;
        frame.height = source.height;
        frame.pixels.assign(source.pixels.begin(), source.pixels.end());
        counters_->served.fetch_add(1);
        return ok_status();
    }

private:
    std::vector<GrayImage> frames_;
    std::chrono::microseconds interval_;
    bool loop_;
    Clock::time_point next_;
    std::uint64_t fail_after_ = UINT64_MAX;
    std::shared_ptr<Counters> counters_ = std::make_shared<Counters>();
};

}  // namespace ventanilla::testing
