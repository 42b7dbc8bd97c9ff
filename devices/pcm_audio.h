// Mono 16-bit sound in memory: the chime, silence, WAV files in and out.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

#include "kiosk/result.h"

namespace ventanilla {

// Every error code the WAV reader and writer produce (each has a key in assets/i18n).
inline constexpr std::array<std::string_view, 2> kPcmAudioErrorCodes{
    "audio.wav_unwritable",  // path, reason
    "audio.wav_unreadable",  // path, reason: missing, or not a mono 16-bit PCM WAV
};

struct PcmAudio {
    int sample_rate = 22050;
    std::vector<std::int16_t> samples;  // mono

    double duration_s() const {
        return sample_rate > 0 ? static_cast<double>(samples.size()) / sample_rate : 0.0;
    }
    void append(const PcmAudio& other) {
        samples.insert(samples.end(), other.samples.begin(), other.samples.end());
    }
    void append_silence(double seconds);
};

// The two notes of the hall's chime, so a test can listen for them.
inline constexpr double kChimeHighHz = 659.25;  // E5
inline constexpr double kChimeLowHz = 523.25;   // C5
inline constexpr double kChimeNoteS = 0.45;      // each note's length

// "Ding-dong": two decaying sine notes, high then low, about 0.9 s. People look up at the
// board before the voice says the number.
PcmAudio synthesize_chime(int sample_rate);

// Root mean square of samples [from, from + count), 0 for an empty range.
double rms(const PcmAudio& audio, std::size_t from, std::size_t count);
// How strong `frequency_hz` is in samples [from, from + count) (Goertzel), relative to the
// range's RMS: about 0.7 for a pure tone at that frequency, near 0 without it.
double tone_strength(const PcmAudio& audio, std::size_t from, std::size_t count, double frequency_hz);

// Writes a RIFF/WAVE file (PCM, mono, 16-bit) atomically: a reader never sees half a file.
Status write_wav(const std::filesystem::path& path, const PcmAudio& audio);
Result<PcmAudio> read_wav(const std::filesystem::path& path);

}  // namespace ventanilla
