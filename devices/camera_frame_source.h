// Where camera frames come from: the V4L2 adapter on a kiosk, a fake in tests.
#pragma once

#include <chrono>

#include "devices/barcode_decode.h"
#include "kiosk/result.h"

namespace ventanilla {

class FrameSource {
public:
    virtual ~FrameSource() = default;
    // Waits up to `timeout` for the next frame and writes it, grey, into `frame` (whose
    // memory is reused from call to call). An Error "camera.timeout" when none came in
    // time; other errors mean the camera is gone or broken.
    virtual Status next_frame(GrayImage& frame, std::chrono::milliseconds timeout) = 0;
};

}  // namespace ventanilla
