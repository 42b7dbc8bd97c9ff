#include "devices/replay_camera.h"

#include <algorithm>
#include <system_error>
#include <thread>
#include <vector>

#include "devices/image_scan_source.h"

namespace ventanilla {

namespace {

class ReplayCamera final : public FrameSource {
public:
    using Clock = std::chrono::steady_clock;

    ReplayCamera(std::vector<GrayImage> frames, std::chrono::milliseconds interval)
        : frames_(std::move(frames)), interval_(interval), next_(Clock::now()) {}

    Status next_frame(GrayImage& frame, std::chrono::milliseconds timeout) override {
        auto now = Clock::now();
        if (next_ > now + timeout) {
            std::this_thread::sleep_for(timeout);
            return make_error("camera.timeout", "replay: next frame not due yet");
        }
        std::this_thread::sleep_until(next_);
        next_ = std::max(next_ + interval_, Clock::now());  // a slow reader gets no burst
        const GrayImage& source = frames_[index_++ % frames_.size()];
        frame.width = source.width;
        frame.height = source.height;
        frame.pixels.assign(source.pixels.begin(), source.pixels.end());
        return ok_status();
    }

private:
    std::vector<GrayImage> frames_;
    std::chrono::milliseconds interval_;
    Clock::time_point next_;
    std::size_t index_ = 0;
};

}  // namespace

Result<std::unique_ptr<FrameSource>> open_replay_camera(const std::filesystem::path& folder,
                                                        std::chrono::milliseconds interval) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        if (entry.is_regular_file() && is_image_file_name(entry.path())) files.push_back(entry.path());
    }
    if (ec || files.empty()) {
        // The message names the device as configured: "No se encuentra la cámara replay:/…".
        return make_error("camera.not_found", std::string(kReplayCameraPrefix) + folder.string());
    }
    std::sort(files.begin(), files.end());
    std::vector<GrayImage> frames;
    for (const auto& file : files) {
        auto image = load_gray_image(file);
        if (!image) return image.error();
        frames.push_back(std::move(image).value());
    }
    return std::unique_ptr<FrameSource>(std::make_unique<ReplayCamera>(std::move(frames), interval));
}

}  // namespace ventanilla
