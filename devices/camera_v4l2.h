// A V4L2 camera (/dev/videoN) as a FrameSource: mmap streaming of YUYV, the Y plane as grey.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "devices/camera_frame_source.h"

namespace ventanilla {

struct V4l2CameraOptions {
    std::string device = "/dev/video0";
    int width = 1280;  // asked for; the driver may pick the nearest size it has
    int height = 720;
    int buffers = 4;
};

// Opens and starts streaming. Errors: camera.not_found (no such device), camera.open_failed
// (busy, no permission), camera.not_a_camera (not a V4L2 capture device),
// camera.unsupported (no YUYV or no streaming), camera.failed (a V4L2 call refused).
Result<std::unique_ptr<FrameSource>> open_v4l2_camera(const V4l2CameraOptions& options = {});

// The Y (luma) bytes of a packed YUYV frame (Y0 U Y1 V ...), rows `bytes_per_line` apart.
void yuyv_to_gray(const std::uint8_t* yuyv, int width, int height, int bytes_per_line,
                  GrayImage& out);

}  // namespace ventanilla
