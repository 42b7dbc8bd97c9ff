// Turns camera frames into scans: decodes on a worker at a bounded rate and keeps the latest
// preview.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "devices/barcode_decode.h"
#include "devices/camera_frame_source.h"
#include "devices/scan_source.h"

namespace ventanilla {

struct CameraScanOptions {
    static DecodeOptions cheap_passes() {
        DecodeOptions d;
        d.passes = {DecodePass::quick, DecodePass::thorough, DecodePass::flattened};
        return d;
    }

    // Decoding every frame would take a core; a person cannot tell 8 tries a second from 30.
    double max_decodes_per_s = 8;
    int preview_max_width_px = 640;  // the live preview is downscaled to at most this
    // A code held in front of the camera is one scan, not one per frame: the same text
    // again within this time of its last sighting is not pushed again.
    std::chrono::milliseconds repeat_after{2000};
    // Every decoded frame gets the cheap passes, and one of the costly ones in turn: all
    // passes on every frame would cost ~60 ms a frame even with no code in view (see the
    // decode bench), half a core at 8 decodes a second for an idle kiosk.
    DecodeOptions decode = cheap_passes();
    std::vector<DecodePass> passes_in_turn{DecodePass::turned_30, DecodePass::turned_330,
                                           DecodePass::upscaled};
    std::chrono::milliseconds frame_timeout{500};  // how long one wait for a frame lasts
    std::chrono::milliseconds retry_after_error{1000};
};

// Counters for the technician's diagnostics and for tests.
struct CameraScanStats {
    std::uint64_t frames = 0;   // received from the camera
    std::uint64_t decoded = 0;  // handed to the decoder
    std::uint64_t dropped = 0;  // neither decoded nor queued: decoder busy or too soon
};

// Two workers: one takes every frame from the source (so the camera never stalls) and
// refreshes the preview; one decodes the newest frame offered to it. A frame that arrives
// while the decoder is busy, or sooner than the rate allows, is dropped, never queued.
class CameraScanSource {
public:
    CameraScanSource(std::unique_ptr<FrameSource> frames, ScanStream& stream,
                     CameraScanOptions options = {});
    ~CameraScanSource();  // stops and joins both workers
    CameraScanSource(const CameraScanSource&) = delete;
    CameraScanSource& operator=(const CameraScanSource&) = delete;

    // Copies the latest preview into `out` if it is newer than `generation` (updated to the
    // copied one's). Meant for the UI thread: it holds the slot's lock only for the copy.
    bool copy_preview_if_newer(GrayImage& out, std::uint64_t& generation) const;

    CameraScanStats stats() const;

private:
    struct Worker;
    std::unique_ptr<Worker> worker_;
};

// `in` reduced by the smallest whole factor that makes it at most `max_width` wide
// (box filter: each output pixel is the mean of a factor x factor square).
void downscale_for_preview(const GrayImageView& in, int max_width, GrayImage& out);

}  // namespace ventanilla
