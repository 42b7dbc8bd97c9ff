// A camera without a camera: the images of a folder played in a loop as frames. For a
// demonstration stand, a technician checking the preview and decoding on a machine with
// no webcam, and the UI tests (Xvfb has no /dev/video0).
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string_view>

#include "devices/camera_frame_source.h"

namespace ventanilla {

// scanner.camera_device values of this form name a replay folder, not a V4L2 device.
inline constexpr std::string_view kReplayCameraPrefix = "replay:";

// Loads every image in `folder` (sorted by name; see is_image_file_name) and serves them in
// turn, `interval` apart, forever. Errors: camera.not_found (no folder, or no image in it),
// and the image.* errors of a file that cannot be read.
Result<std::unique_ptr<FrameSource>> open_replay_camera(
    const std::filesystem::path& folder,
    std::chrono::milliseconds interval = std::chrono::milliseconds(100));

}  // namespace ventanilla
