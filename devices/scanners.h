// The scanner the configuration names, started and feeding the terminal's one ScanStream.
// The keyboard wedge needs nothing here: its keys come through the window like any typing.
#pragma once

#include <memory>
#include <string>

#include "devices/camera_scan_source.h"
#include "devices/image_scan_source.h"
#include "devices/scan_source.h"
#include "devices/serial_scanner.h"
#include "kiosk/config.h"

namespace ventanilla {

class Scanners {
public:
    // Never fails: a device that is missing now is looked for again while the terminal runs,
    // and its problems reach `stream` as errors for the technician.
    Scanners(const ScannerConfig& config, ScanStream& stream);
    ~Scanners();
    Scanners(const Scanners&) = delete;
    Scanners& operator=(const Scanners&) = delete;

    // The camera pipeline when the camera is the scanner (for its live preview), else null.
    const CameraScanSource* camera() const { return camera_.get(); }
    // "keyboard_wedge", "serial /dev/ttyACM0", "camera /dev/video0", "image_folder var/scans".
    const std::string& description() const { return description_; }

private:
    std::string description_;
    std::unique_ptr<SerialScanSource> serial_;
    std::unique_ptr<ImageFolderScanSource> images_;
    std::unique_ptr<CameraScanSource> camera_;
};

}  // namespace ventanilla
