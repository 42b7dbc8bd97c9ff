#include "devices/camera_scan_source.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

namespace ventanilla {

void downscale_for_preview(const GrayImageView& in, int max_width, GrayImage& out) {
    const int factor =
        std::max(1, (in.width + std::max(1, max_width) - 1) / std::max(1, max_width));
    out.width = in.width / factor;
    out.height = in.height / factor;
    out.pixels.resize(static_cast<std::size_t>(out.width) * out.height);
    const int area = factor * factor;
    for (int y = 0; y < out.height; ++y) {
        std::uint8_t* row = out.pixels.data() + static_cast<std::size_t>(y) * out.width;
        for (int x = 0; x < out.width; ++x) {
            int sum = 0;
            for (int dy = 0; dy < factor; ++dy) {
                const std::uint8_t* src =
                    in.data + static_cast<std::ptrdiff_t>(y * factor + dy) * in.stride + x * factor;
                for (int dx = 0; dx < factor; ++dx) sum += src[dx];
            }
            row[x] = static_cast<std::uint8_t>((sum + area / 2) / area);
        }
    }
}

struct CameraScanSource::Worker {
    using Clock = std::chrono::steady_clock;

    std::unique_ptr<FrameSource> frames;
    ScanStream& stream;
    CameraScanOptions options;

    mutable std::mutex preview_mutex;
    GrayImage preview;
    std::uint64_t preview_generation = 0;

    // The decoder's mailbox: at most one frame, and only while the decoder is idle.
    std::mutex mail_mutex;
    std::condition_variable_any mail;
    GrayImage pending;
    bool has_pending = false;
    bool decoding = false;

    std::atomic<std::uint64_t> frame_count{0}, decode_count{0}, drop_count{0};
    std::map<std::string, Clock::time_point> last_seen;  // decoder thread only

    std::jthread decoder;  // last two: started once everything above exists
    std::jthread capture;

    Worker(std::unique_ptr<FrameSource> f, ScanStream& s, CameraScanOptions o)
        : frames(std::move(f)), stream(s), options(std::move(o)) {
        decoder = std::jthread([this](std::stop_token stop) { decode_loop(stop); });
        capture = std::jthread([this](std::stop_token stop) { capture_loop(stop); });
    }

    void capture_loop(std::stop_token stop) {
        const auto min_gap = std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(1.0 / std::max(0.01, options.max_decodes_per_s)));
        Clock::time_point last_handoff{};
        GrayImage frame, small;
        std::string last_error;
        while (!stop.stop_requested()) {
            Status got = frames->next_frame(frame, options.frame_timeout);
            if (!got) {
                if (got.error().code == "camera.timeout") continue;
                if (got.error().code != last_error) stream.push_error(got.error());
                last_error = got.error().code;
                std::mutex m;
                std::unique_lock lock(m);
                std::condition_variable_any().wait_for(lock, stop, options.retry_after_error,
                                                       [] { return false; });
                continue;
            }
            last_error.clear();
            frame_count.fetch_add(1);

            downscale_for_preview(frame.view(), options.preview_max_width_px, small);
            {
                std::lock_guard lock(preview_mutex);
                std::swap(preview, small);
                ++preview_generation;
            }

            const auto now = Clock::now();
            std::unique_lock lock(mail_mutex);
            if (has_pending || decoding || now - last_handoff < min_gap) {
                drop_count.fetch_add(1);
                continue;
            }
            std::swap(pending, frame);  // the decoder's old buffer comes back for reuse
            has_pending = true;
            last_handoff = now;
            decode_count.fetch_add(1);
            lock.unlock();
            mail.notify_one();
        }
    }

    void decode_loop(std::stop_token stop) {
        GrayImage working;
        DecodeOptions decode = options.decode;
        const std::size_t cheap = decode.passes.size();
        std::size_t turn = 0;
        while (true) {
            {
                std::unique_lock lock(mail_mutex);
                if (!mail.wait(lock, stop, [this] { return has_pending; })) return;
                std::swap(working, pending);
                has_pending = false;
                decoding = true;
            }
            decode.passes.resize(cheap);
            if (!options.passes_in_turn.empty())
                decode.passes.push_back(
                    options.passes_in_turn[turn++ % options.passes_in_turn.size()]);
            auto codes = decode_barcodes(working.view(), decode);
            if (!codes) {
                stream.push_error(codes.error());
            } else {
                const auto now = Clock::now();
                std::erase_if(last_seen, [&](const auto& entry) {
                    return now - entry.second >= options.repeat_after;
                });
                for (DecodedCode& code : codes.value()) {
                    const bool repeat = last_seen.contains(code.text);
                    last_seen[code.text] = now;
                    if (!repeat) stream.push(Scan{std::move(code.text), "camera", now});
                }
            }
            std::lock_guard lock(mail_mutex);
            decoding = false;
        }
    }
};

CameraScanSource::CameraScanSource(std::unique_ptr<FrameSource> frames, ScanStream& stream,
                                   CameraScanOptions options)
    : worker_(std::make_unique<Worker>(std::move(frames), stream, std::move(options))) {}

CameraScanSource::~CameraScanSource() = default;

bool CameraScanSource::copy_preview_if_newer(GrayImage& out, std::uint64_t& generation) const {
    std::lock_guard lock(worker_->preview_mutex);
    if (worker_->preview_generation == generation) return false;
    out = worker_->preview;
    generation = worker_->preview_generation;
    return true;
}

CameraScanStats CameraScanSource::stats() const {
    return {worker_->frame_count.load(), worker_->decode_count.load(), worker_->drop_count.load()};
}

}  // namespace ventanilla
