#include "devices/camera_v4l2.h"

#include <fcntl.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace ventanilla {
namespace {

int xioctl(int fd, unsigned long request, void* arg) {
    int r;
    do r = ::ioctl(fd, request, arg);
    while (r < 0 && errno == EINTR);
    return r;
}

Error v4l2_failed(const std::string& device, const char* call) {
    return make_error("camera.failed", device + ": " + call + ": " + std::strerror(errno));
}

class V4l2Camera final : public FrameSource {
public:
    ~V4l2Camera() override {
        if (streaming_) {
            v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
            xioctl(fd_, VIDIOC_STREAMOFF, &type);
        }
        for (auto& b : buffers_)
            if (b.start != MAP_FAILED) ::munmap(b.start, b.length);
        if (fd_ >= 0) ::close(fd_);
    }

    static Result<std::unique_ptr<FrameSource>> open(const V4l2CameraOptions& options) {
        const std::string& device = options.device;
        auto camera = std::unique_ptr<V4l2Camera>(new V4l2Camera);
        camera->device_ = device;
        camera->fd_ = ::open(device.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
        if (camera->fd_ < 0) {
            const int err = errno;
            if (err == ENOENT || err == ENODEV || err == ENXIO)
                return make_error("camera.not_found", device);
            return make_error("camera.open_failed", device + ": " + std::strerror(err));
        }
        const int fd = camera->fd_;

        v4l2_capability caps{};
        if (xioctl(fd, VIDIOC_QUERYCAP, &caps) < 0)
            return make_error("camera.not_a_camera", device);
        const std::uint32_t device_caps =
            (caps.capabilities & V4L2_CAP_DEVICE_CAPS) ? caps.device_caps : caps.capabilities;
        if (!(device_caps & V4L2_CAP_VIDEO_CAPTURE))
            return make_error("camera.not_a_camera", device);
        if (!(device_caps & V4L2_CAP_STREAMING))
            return make_error("camera.unsupported", device + ": no streaming I/O");

        v4l2_format format{};
        format.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        format.fmt.pix.width = static_cast<std::uint32_t>(options.width);
        format.fmt.pix.height = static_cast<std::uint32_t>(options.height);
        format.fmt.pix.pixelformat = V4L2_PIX_FMT_YUYV;
        format.fmt.pix.field = V4L2_FIELD_NONE;
        if (xioctl(fd, VIDIOC_S_FMT, &format) < 0) return v4l2_failed(device, "VIDIOC_S_FMT");
        if (format.fmt.pix.pixelformat != V4L2_PIX_FMT_YUYV)
            return make_error("camera.unsupported", device + ": no YUYV");
        camera->width_ = static_cast<int>(format.fmt.pix.width);
        camera->height_ = static_cast<int>(format.fmt.pix.height);
        camera->bytes_per_line_ =
            static_cast<int>(std::max(format.fmt.pix.bytesperline, format.fmt.pix.width * 2));

        v4l2_requestbuffers request{};
        request.count = static_cast<std::uint32_t>(options.buffers);
        request.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        request.memory = V4L2_MEMORY_MMAP;
        if (xioctl(fd, VIDIOC_REQBUFS, &request) < 0) return v4l2_failed(device, "VIDIOC_REQBUFS");
        if (request.count < 2)
            return make_error("camera.unsupported", device + ": too few buffers");
        for (std::uint32_t i = 0; i < request.count; ++i) {
            v4l2_buffer buffer{};
            buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
            buffer.memory = V4L2_MEMORY_MMAP;
            buffer.index = i;
            if (xioctl(fd, VIDIOC_QUERYBUF, &buffer) < 0)
                return v4l2_failed(device, "VIDIOC_QUERYBUF");
            void* start = ::mmap(nullptr, buffer.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
                                 buffer.m.offset);
            camera->buffers_.push_back({start, buffer.length});
            if (start == MAP_FAILED) return v4l2_failed(device, "mmap");
            if (xioctl(fd, VIDIOC_QBUF, &buffer) < 0) return v4l2_failed(device, "VIDIOC_QBUF");
        }
        v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        if (xioctl(fd, VIDIOC_STREAMON, &type) < 0) return v4l2_failed(device, "VIDIOC_STREAMON");
        camera->streaming_ = true;
        return std::unique_ptr<FrameSource>(std::move(camera));
    }

    Status next_frame(GrayImage& frame, std::chrono::milliseconds timeout) override {
        pollfd p{fd_, POLLIN, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(timeout.count()));
        if (ready == 0) return make_error("camera.timeout", device_);
        if (ready < 0)
            return errno == EINTR ? make_error("camera.timeout", device_)
                                  : v4l2_failed(device_, "poll");
        if (p.revents & (POLLERR | POLLHUP | POLLNVAL))
            return make_error("camera.disconnected", device_);

        v4l2_buffer buffer{};
        buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        buffer.memory = V4L2_MEMORY_MMAP;
        if (xioctl(fd_, VIDIOC_DQBUF, &buffer) < 0) {
            if (errno == EAGAIN) return make_error("camera.timeout", device_);
            if (errno == ENODEV) return make_error("camera.disconnected", device_);
            return v4l2_failed(device_, "VIDIOC_DQBUF");
        }
        const auto& mapped = buffers_.at(buffer.index);
        const std::size_t needed = static_cast<std::size_t>(bytes_per_line_) * height_;
        const bool complete = !(buffer.flags & V4L2_BUF_FLAG_ERROR) && mapped.length >= needed;
        if (complete)
            yuyv_to_gray(static_cast<const std::uint8_t*>(mapped.start), width_, height_,
                         bytes_per_line_, frame);
        if (xioctl(fd_, VIDIOC_QBUF, &buffer) < 0) return v4l2_failed(device_, "VIDIOC_QBUF");
        if (!complete) return make_error("camera.timeout", device_ + ": damaged frame skipped");
        return ok_status();
    }

private:
    V4l2Camera() = default;

    struct Mapped {
        void* start;
        std::size_t length;
    };
    std::string device_;
    int fd_ = -1;
    int width_ = 0, height_ = 0, bytes_per_line_ = 0;
    bool streaming_ = false;
    std::vector<Mapped> buffers_;
};

}  // namespace

void yuyv_to_gray(const std::uint8_t* yuyv, int width, int height, int bytes_per_line,
                  GrayImage& out) {
    out.width = width;
    out.height = height;
    out.pixels.resize(static_cast<std::size_t>(width) * height);
    for (int y = 0; y < height; ++y) {
        const std::uint8_t* in = yuyv + static_cast<std::ptrdiff_t>(y) * bytes_per_line;
        std::uint8_t* row = out.pixels.data() + static_cast<std::size_t>(y) * width;
        for (int x = 0; x < width; ++x) row[x] = in[2 * x];
    }
}

Result<std::unique_ptr<FrameSource>> open_v4l2_camera(const V4l2CameraOptions& options) {
    return V4l2Camera::open(options);
}

}  // namespace ventanilla
