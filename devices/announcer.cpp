#include "devices/announcer.h"

#include <alsa/asoundlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <vector>

#include "kiosk/log.h"

namespace ventanilla {

namespace {

std::string file_safe(std::string_view name) {
    std::string out;
    for (char c : name) {
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
        out += keep ? c : '_';
    }
    return out;
}

class WavFolderOutput final : public AnnouncementOutput {
public:
    WavFolderOutput(std::filesystem::path folder, std::size_t keep)
        : folder_(std::move(folder)), keep_(std::max<std::size_t>(keep, 1)) {}

    Status play(const PcmAudio& sound, const std::string& name, const std::atomic<bool>&) override {
        std::error_code ec;
        std::filesystem::create_directories(folder_, ec);
        char stamp[32];
        std::time_t now = std::time(nullptr);
        std::tm utc{};
        gmtime_r(&now, &utc);
        std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &utc);
        char serial[16];
        std::snprintf(serial, sizeof serial, "%06llu", static_cast<unsigned long long>(++serial_));
        auto path = folder_ / (std::string(stamp) + "-" + serial + "-" + file_safe(name) + ".wav");
        if (Status written = write_wav(path, sound); !written) return written;
        prune();
        return ok_status();
    }
    std::string description() const override { return "wav-folder:" + folder_.string(); }

private:
    void prune() {
        std::vector<std::filesystem::path> files;
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(folder_, ec)) {
            auto file_name = entry.path().filename().string();
            if (entry.path().extension() == ".wav" && !file_name.starts_with(".")) {
                files.push_back(entry.path());
            }
        }
        if (files.size() <= keep_) return;
        std::sort(files.begin(), files.end());
        for (std::size_t i = 0; i + keep_ < files.size(); ++i) std::filesystem::remove(files[i], ec);
    }

    std::filesystem::path folder_;
    std::size_t keep_;
    std::uint64_t serial_ = 0;
};

class AlsaOutput final : public AnnouncementOutput {
public:
    explicit AlsaOutput(std::string device) : device_(std::move(device)) {}

    Status play(const PcmAudio& sound, const std::string&, const std::atomic<bool>& stop) override {
        snd_pcm_t* pcm = nullptr;
        int rc = snd_pcm_open(&pcm, device_.c_str(), SND_PCM_STREAM_PLAYBACK, 0);
        if (rc < 0) return failure("speech.audio_unavailable", rc);
        // Half a second of buffer; ALSA resamples if the card wants another rate.
        rc = snd_pcm_set_params(pcm, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED, 1,
                                static_cast<unsigned>(sound.sample_rate), 1, 500000);
        if (rc < 0) {
            snd_pcm_close(pcm);
            return failure("speech.audio_unavailable", rc);
        }
        // A tenth of a second at a time, so a stop is heard within that.
        const std::size_t chunk = static_cast<std::size_t>(sound.sample_rate / 10);
        std::size_t at = 0;
        while (at < sound.samples.size() && !stop) {
            std::size_t count = std::min(chunk, sound.samples.size() - at);
            snd_pcm_sframes_t written =
                snd_pcm_writei(pcm, sound.samples.data() + at, static_cast<snd_pcm_uframes_t>(count));
            if (written < 0) {
                written = snd_pcm_recover(pcm, static_cast<int>(written), 1);
                if (written < 0) {
                    snd_pcm_close(pcm);
                    return failure("speech.audio_failed", static_cast<int>(written));
                }
                continue;
            }
            at += static_cast<std::size_t>(written);
        }
        if (stop) {
            snd_pcm_drop(pcm);
        } else {
            snd_pcm_drain(pcm);  // the last syllable is heard before the card closes
        }
        snd_pcm_close(pcm);
        return ok_status();
    }
    std::string description() const override { return "alsa:" + device_; }

private:
    Error failure(const char* code, int rc) const {
        std::string reason = snd_strerror(rc);
        return make_error(code, device_ + ": " + reason, {{"device", device_}, {"reason", reason}});
    }

    std::string device_;
};

}  // namespace

std::unique_ptr<AnnouncementOutput> make_wav_folder_output(std::filesystem::path folder,
                                                           std::size_t keep_files) {
    return std::make_unique<WavFolderOutput>(std::move(folder), keep_files);
}

std::unique_ptr<AnnouncementOutput> make_alsa_output(std::string device) {
    return std::make_unique<AlsaOutput>(std::move(device));
}

std::unique_ptr<AnnouncementOutput> make_announcement_output(const SpeechConfig& config) {
    switch (config.output) {
        case SpeechOutput::speaker: return make_alsa_output(config.alsa_device);
        case SpeechOutput::wav_folder: return make_wav_folder_output(config.wav_folder);
        case SpeechOutput::off: break;
    }
    return nullptr;
}

Announcer::Announcer(std::unique_ptr<AnnouncementOutput> output, VoiceOptions voice,
                     std::function<void()> wake)
    : output_(std::move(output)),
      description_(output_ ? output_->description() : "off"),
      voice_(std::move(voice)),
      wake_(std::move(wake)),
      thread_([this] { run(); }) {}

Announcer::~Announcer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        if (!queue_.empty()) {
            log_line(LogLevel::info, "announcer: " + std::to_string(queue_.size()) +
                                         " announcements dropped at close");
        }
        queue_.clear();
    }
    stop_ = true;
    work_.notify_all();
    thread_.join();
}

void Announcer::say(Announcement announcement) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(announcement));
        status_.waiting = queue_.size();
    }
    work_.notify_all();
}

AnnouncerStatus Announcer::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

void Announcer::run() {
    while (true) {
        Announcement next;
        {
            std::unique_lock lock(mutex_);
            work_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            next = std::move(queue_.front());
            queue_.pop_front();
            status_.waiting = queue_.size();
            status_.speaking = true;
        }
        // One at a time, to the end: the next call waits for this one (novosga#78).
        Status done = ok_status();
        if (output_) {
            auto sound = render_announcement(next.text, voice_);
            done = sound ? output_->play(*sound, next.name, stop_) : Status(sound.error());
        }
        {
            std::lock_guard lock(mutex_);
            status_.speaking = false;
            if (done) {
                ++status_.said;
                status_.last_error.reset();  // the voice works again
            } else {
                ++status_.failed;
                status_.last_error = done.error();
            }
        }
        if (!done) log_line(LogLevel::warning, "announcement " + next.name + ": " + done.error().describe());
        wake_();
    }
}

}  // namespace ventanilla
