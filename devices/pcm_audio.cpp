#include "devices/pcm_audio.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <numbers>
#include <string>

#include "kiosk/atomic_file.h"

namespace ventanilla {

namespace {

void put_u32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}
void put_u16(std::string& out, std::uint16_t v) {
    out += static_cast<char>(v & 0xFF);
    out += static_cast<char>((v >> 8) & 0xFF);
}
std::uint32_t get_u32(const std::string& in, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(in[at + static_cast<std::size_t>(i)]);
    return v;
}
std::uint16_t get_u16(const std::string& in, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(in[at]) |
                                      (static_cast<unsigned char>(in[at + 1]) << 8));
}

Error unreadable(const std::filesystem::path& path, const std::string& reason) {
    return make_error("audio.wav_unreadable", path.string() + ": " + reason,
                      {{"path", path.string()}, {"reason", reason}});
}

}  // namespace

void PcmAudio::append_silence(double seconds) {
    samples.insert(samples.end(), static_cast<std::size_t>(seconds * sample_rate), std::int16_t{0});
}

PcmAudio synthesize_chime(int sample_rate) {
    PcmAudio chime;
    chime.sample_rate = sample_rate;
    const auto note_samples = static_cast<std::size_t>(kChimeNoteS * sample_rate);
    const double attack_s = 0.01;
    for (double frequency : {kChimeHighHz, kChimeLowHz}) {
        for (std::size_t i = 0; i < note_samples; ++i) {
            double t = static_cast<double>(i) / sample_rate;
            // A bell: a quick attack, then an exponential decay; a soft second harmonic.
            double envelope = std::min(1.0, t / attack_s) * std::exp(-3.5 * t);
            double wave = std::sin(2 * std::numbers::pi * frequency * t) +
                          0.25 * std::sin(4 * std::numbers::pi * frequency * t);
            chime.samples.push_back(static_cast<std::int16_t>(std::lround(12000.0 * envelope * wave)));
        }
    }
    return chime;
}

double rms(const PcmAudio& audio, std::size_t from, std::size_t count) {
    if (from >= audio.samples.size()) return 0;
    count = std::min(count, audio.samples.size() - from);
    if (count == 0) return 0;
    double sum = 0;
    for (std::size_t i = from; i < from + count; ++i) sum += double(audio.samples[i]) * audio.samples[i];
    return std::sqrt(sum / static_cast<double>(count));
}

double tone_strength(const PcmAudio& audio, std::size_t from, std::size_t count,
                     double frequency_hz) {
    if (from >= audio.samples.size()) return 0;
    count = std::min(count, audio.samples.size() - from);
    double level = rms(audio, from, count);
    if (count == 0 || level == 0) return 0;
    double w = 2 * std::numbers::pi * frequency_hz / audio.sample_rate;
    double coefficient = 2 * std::cos(w);
    double s1 = 0, s2 = 0;
    for (std::size_t i = from; i < from + count; ++i) {
        double s = audio.samples[i] + coefficient * s1 - s2;
        s2 = s1;
        s1 = s;
    }
    double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    // A sine of amplitude A gives a magnitude of A·N/2 and an RMS of A/√2.
    double amplitude = 2 * std::sqrt(std::max(0.0, power)) / static_cast<double>(count);
    return amplitude / std::numbers::sqrt2 / level;
}

Status write_wav(const std::filesystem::path& path, const PcmAudio& audio) {
    const auto data_bytes = static_cast<std::uint32_t>(audio.samples.size() * 2);
    std::string bytes;
    bytes.reserve(44 + data_bytes);
    bytes += "RIFF";
    put_u32(bytes, 36 + data_bytes);
    bytes += "WAVEfmt ";
    put_u32(bytes, 16);
    put_u16(bytes, 1);  // PCM
    put_u16(bytes, 1);  // mono
    put_u32(bytes, static_cast<std::uint32_t>(audio.sample_rate));
    put_u32(bytes, static_cast<std::uint32_t>(audio.sample_rate * 2));
    put_u16(bytes, 2);
    put_u16(bytes, 16);
    bytes += "data";
    put_u32(bytes, data_bytes);
    for (std::int16_t s : audio.samples) put_u16(bytes, static_cast<std::uint16_t>(s));
    Status written = write_file_atomically(path, bytes);
    if (!written) {
        return make_error("audio.wav_unwritable", written.error().detail,
                          {{"path", path.string()}, {"reason", written.error().detail}});
    }
    return ok_status();
}

Result<PcmAudio> read_wav(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return unreadable(path, "cannot open");
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() < 12 || bytes.compare(0, 4, "RIFF") != 0 || bytes.compare(8, 4, "WAVE") != 0) {
        return unreadable(path, "not a RIFF/WAVE file");
    }
    PcmAudio audio;
    bool have_format = false;
    std::size_t at = 12;
    while (at + 8 <= bytes.size()) {
        std::string id = bytes.substr(at, 4);
        std::size_t size = get_u32(bytes, at + 4);
        std::size_t body = at + 8;
        if (body + size > bytes.size()) return unreadable(path, "chunk " + id + " cut short");
        if (id == "fmt ") {
            if (size < 16 || get_u16(bytes, body) != 1 || get_u16(bytes, body + 2) != 1 ||
                get_u16(bytes, body + 14) != 16) {
                return unreadable(path, "not mono 16-bit PCM");
            }
            audio.sample_rate = static_cast<int>(get_u32(bytes, body + 4));
            have_format = true;
        } else if (id == "data") {
            if (!have_format) return unreadable(path, "data before fmt");
            audio.samples.resize(size / 2);
            for (std::size_t i = 0; i < audio.samples.size(); ++i) {
                audio.samples[i] = static_cast<std::int16_t>(get_u16(bytes, body + 2 * i));
            }
            return audio;
        }
        at = body + size + (size & 1);
    }
    return unreadable(path, "no data chunk");
}

}  // namespace ventanilla
