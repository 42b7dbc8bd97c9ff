#include "devices/scanners.h"

#include <chrono>

#include "devices/camera_v4l2.h"
#include "devices/replay_camera.h"

namespace ventanilla {

namespace {

// A camera that may not be there yet, or may be unplugged and plugged in again: opened on
// the first frame asked for, and again after it failed. The camera pipeline reports each
// error once and waits before asking again, so a missing camera costs a try a second.
class ReopeningCamera final : public FrameSource {
public:
    explicit ReopeningCamera(std::string device) : device_(std::move(device)) {}

    Status next_frame(GrayImage& frame, std::chrono::milliseconds timeout) override {
        if (!camera_) {
            auto opened = open();
            if (!opened) return opened.error();
            camera_ = std::move(opened).value();
        }
        Status status = camera_->next_frame(frame, timeout);
        if (!status && status.error().code != "camera.timeout") camera_.reset();
        return status;
    }

private:
    Result<std::unique_ptr<FrameSource>> open() const {
        if (device_.starts_with(kReplayCameraPrefix)) {
            return open_replay_camera(device_.substr(kReplayCameraPrefix.size()));
        }
        return open_v4l2_camera(V4l2CameraOptions{device_});
    }

    std::string device_;
    std::unique_ptr<FrameSource> camera_;
};

}  // namespace

Scanners::Scanners(const ScannerConfig& config, ScanStream& stream) {
    switch (config.source) {
        case ScannerSource::keyboard_wedge:
            description_ = "keyboard_wedge";
            break;
        case ScannerSource::serial: {
            SerialScannerOptions options;
            options.device = config.serial_device;
            options.baud = config.baud_rate;
            serial_ = std::make_unique<SerialScanSource>(stream, options);
            description_ = "serial " + config.serial_device;
            break;
        }
        case ScannerSource::camera:
            camera_ = std::make_unique<CameraScanSource>(
                std::make_unique<ReopeningCamera>(config.camera_device), stream);
            description_ = "camera " + config.camera_device;
            break;
        case ScannerSource::image_folder:
            images_ = std::make_unique<ImageFolderScanSource>(config.image_folder, stream);
            description_ = "image_folder " + config.image_folder;
            break;
    }
}

Scanners::~Scanners() = default;

}  // namespace ventanilla
