// A barcode scanner on a serial port (/dev/ttyACM*, /dev/ttyUSB*): one line per scan, read on a
// worker.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "devices/scan_source.h"
#include "kiosk/result.h"

namespace ventanilla {

struct SerialScannerOptions {
    // Empty: the first of /dev/ttyACM*, /dev/ttyUSB* that opens. A udev link such as
    // /dev/serial/by-id/... survives the device coming back under another number.
    std::string device;
    int baud = 9600;
    std::size_t max_line_bytes = 512;
    std::chrono::milliseconds reconnect_interval{1000};
};

// Cuts the byte stream into scans. A line ends at CR, LF or both (CRLF and LFCR count
// once: empty lines are no scans). A line longer than the limit is dropped whole.
class ScanLineSplitter {
public:
    struct Line {
        std::string text;
        bool too_long = false;  // dropped: only its length so far is kept, in `dropped_bytes`
        std::size_t dropped_bytes = 0;
    };

    explicit ScanLineSplitter(std::size_t max_line_bytes = 512) : max_(max_line_bytes) {}

    // The lines completed by these bytes, in order.
    std::vector<Line> feed(std::string_view bytes);
    // Forgets a partial line (the device went away in the middle of one).
    void reset() { partial_.clear(), overflow_ = 0; }

private:
    std::size_t max_;
    std::string partial_;
    std::size_t overflow_ = 0;  // > 0 while dropping a line that went over the limit
};

// The serial devices that could be a scanner, sorted: /dev/ttyACM* then /dev/ttyUSB*.
std::vector<std::string> list_serial_devices();

// Opens the port once and closes it again: the technician's self-test. Errors:
// serial.not_found, serial.open_failed, serial.not_a_tty, serial.bad_baud.
Status probe_serial_scanner(const SerialScannerOptions& options = {});

// Reads scans on a worker thread and pushes each as a Scan with source "serial".
// Never gives up: while the device is missing it retries every reconnect_interval, and
// after it disappears it is opened again when it comes back. Problems go to the stream
// as errors, each once per episode: serial.not_found, serial.open_failed,
// serial.disconnected, serial.line_too_long.
class SerialScanSource {
public:
    SerialScanSource(ScanStream& stream, SerialScannerOptions options = {});
    ~SerialScanSource();  // stops and joins the worker
    SerialScanSource(const SerialScanSource&) = delete;
    SerialScanSource& operator=(const SerialScanSource&) = delete;

    bool connected() const;
    // How many times a device was opened (1 after the first open, 2 after a reconnect...).
    std::uint64_t connections() const;

private:
    struct Worker;
    std::unique_ptr<Worker> worker_;
};

}  // namespace ventanilla
