#include "devices/serial_scanner.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stop_token>
#include <thread>

namespace ventanilla {
namespace {

// Owns one file descriptor.
class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() { reset(); }
    Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    Fd& operator=(Fd&& o) noexcept {
        if (this != &o) reset(), fd_ = std::exchange(o.fd_, -1);
        return *this;
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;

    int get() const { return fd_; }
    bool valid() const { return fd_ >= 0; }
    void reset() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_ = -1;
};

std::optional<speed_t> speed_for(int baud) {
    switch (baud) {
        case 1200:
            return B1200;
        case 2400:
            return B2400;
        case 4800:
            return B4800;
        case 9600:
            return B9600;
        case 19200:
            return B19200;
        case 38400:
            return B38400;
        case 57600:
            return B57600;
        case 115200:
            return B115200;
        case 230400:
            return B230400;
    }
    return std::nullopt;
}

// Opens and configures one port: raw bytes, 8N1, no flow control, the given speed.
Result<Fd> open_port(const std::string& path, int baud) {
    const auto speed = speed_for(baud);
    if (!speed) return make_error("serial.bad_baud", std::to_string(baud));
    Fd fd(::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    if (!fd.valid()) {
        const int err = errno;
        if (err == ENOENT || err == ENODEV || err == ENXIO)
            return make_error("serial.not_found", path);
        return make_error("serial.open_failed", path + ": " + std::strerror(err));
    }
    termios tio{};
    if (!::isatty(fd.get()) || ::tcgetattr(fd.get(), &tio) != 0)
        return make_error("serial.not_a_tty", path);
    ::cfmakeraw(&tio);
    tio.c_cflag |= CLOCAL | CREAD;
    tio.c_cflag &= ~static_cast<tcflag_t>(CSTOPB | PARENB | CRTSCTS);
    tio.c_iflag &= ~static_cast<tcflag_t>(IXON | IXOFF | IXANY);
    tio.c_cc[VMIN] = 1;
    tio.c_cc[VTIME] = 0;
    if (::cfsetispeed(&tio, *speed) != 0 || ::cfsetospeed(&tio, *speed) != 0 ||
        ::tcsetattr(fd.get(), TCSANOW, &tio) != 0)
        return make_error("serial.open_failed", path + ": " + std::strerror(errno));
    // Half a line left from before we listened would be glued to the first scan.
    ::tcflush(fd.get(), TCIFLUSH);
    return fd;
}

Result<Fd> open_configured(const SerialScannerOptions& options, std::string& opened_path) {
    std::vector<std::string> candidates;
    if (options.device.empty())
        candidates = list_serial_devices();
    else
        candidates = {options.device};
    if (candidates.empty())
        return make_error("serial.not_found", "no /dev/ttyACM* or /dev/ttyUSB*");
    Error last = make_error("serial.not_found");
    for (const auto& path : candidates) {
        auto fd = open_port(path, options.baud);
        if (fd) {
            opened_path = path;
            return fd;
        }
        last = fd.error();
    }
    return last;
}

}  // namespace

std::vector<ScanLineSplitter::Line> ScanLineSplitter::feed(std::string_view bytes) {
    std::vector<Line> lines;
    for (char c : bytes) {
        if (c == '\r' || c == '\n') {
            if (overflow_ > 0)
                lines.push_back(Line{{}, true, overflow_});
            else if (!partial_.empty())
                lines.push_back(Line{std::move(partial_), false, 0});
            partial_.clear();
            overflow_ = 0;
            continue;
        }
        if (overflow_ > 0) {
            ++overflow_;
        } else if (partial_.size() >= max_) {
            overflow_ = partial_.size() + 1;
            partial_.clear();
        } else {
            partial_.push_back(c);
        }
    }
    return lines;
}

std::vector<std::string> list_serial_devices() {
    std::vector<std::string> acm, usb;
    std::error_code ec;
    for (std::filesystem::directory_iterator it("/dev", ec), end; !ec && it != end;
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.starts_with("ttyACM")) acm.push_back(it->path().string());
        if (name.starts_with("ttyUSB")) usb.push_back(it->path().string());
    }
    std::sort(acm.begin(), acm.end());
    std::sort(usb.begin(), usb.end());
    acm.insert(acm.end(), usb.begin(), usb.end());
    return acm;
}

Status probe_serial_scanner(const SerialScannerOptions& options) {
    std::string path;
    auto fd = open_configured(options, path);
    if (!fd) return fd.error();
    return ok_status();
}

struct SerialScanSource::Worker {
    ScanStream& stream;
    SerialScannerOptions options;
    std::atomic<bool> is_connected{false};
    std::atomic<std::uint64_t> opened{0};
    Fd wake{::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)};
    std::jthread thread;  // last: started once everything above exists

    Worker(ScanStream& s, SerialScannerOptions o) : stream(s), options(std::move(o)) {
        thread = std::jthread([this](std::stop_token stop) { run(stop); });
    }
    ~Worker() {
        thread.request_stop();
        const std::uint64_t one = 1;
        [[maybe_unused]] auto n = ::write(wake.get(), &one, sizeof one);
    }

    // Sleeps for `duration` or until asked to stop. False when asked to stop.
    bool sleep(std::chrono::milliseconds duration, const std::stop_token& stop) {
        pollfd p{wake.get(), POLLIN, 0};
        ::poll(&p, 1, static_cast<int>(duration.count()));
        return !stop.stop_requested();
    }

    void run(std::stop_token stop) {
        std::string last_error_code;  // each kind of problem is reported once per episode
        while (!stop.stop_requested()) {
            std::string path;
            auto fd = open_configured(options, path);
            if (!fd) {
                if (fd.error().code != last_error_code) stream.push_error(fd.error());
                last_error_code = fd.error().code;
                if (!sleep(options.reconnect_interval, stop)) return;
                continue;
            }
            last_error_code.clear();
            opened.fetch_add(1);
            is_connected = true;
            read_until_gone(fd->get(), path, stop);
            is_connected = false;
            if (stop.stop_requested()) return;
            stream.push_error(make_error("serial.disconnected", path));
            last_error_code = "serial.disconnected";
            if (!sleep(options.reconnect_interval, stop)) return;
        }
    }

    void read_until_gone(int fd, const std::string& path, const std::stop_token& stop) {
        ScanLineSplitter splitter(options.max_line_bytes);
        char buffer[4096];
        while (!stop.stop_requested()) {
            pollfd fds[2] = {{fd, POLLIN, 0}, {wake.get(), POLLIN, 0}};
            if (::poll(fds, 2, -1) < 0) {
                if (errno == EINTR) continue;
                return;
            }
            if (fds[1].revents) return;  // asked to stop
            if (fds[0].revents & (POLLERR | POLLNVAL)) return;
            const ssize_t n = ::read(fd, buffer, sizeof buffer);
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
            if (n <= 0) return;  // unplugged: EIO/ENODEV, or hung up
            const auto when = std::chrono::steady_clock::now();
            for (auto& line : splitter.feed({buffer, static_cast<std::size_t>(n)})) {
                if (line.too_long)
                    stream.push_error(
                        make_error("serial.line_too_long",
                                   path + ": " + std::to_string(line.dropped_bytes) + " bytes",
                                   {{"max", std::to_string(options.max_line_bytes)}}));
                else
                    stream.push(Scan{std::move(line.text), "serial", when});
            }
        }
    }
};

SerialScanSource::SerialScanSource(ScanStream& stream, SerialScannerOptions options)
    : worker_(std::make_unique<Worker>(stream, std::move(options))) {}

SerialScanSource::~SerialScanSource() = default;

bool SerialScanSource::connected() const {
    return worker_->is_connected.load();
}

std::uint64_t SerialScanSource::connections() const {
    return worker_->opened.load();
}

}  // namespace ventanilla
