// The waiting hall's voice: announcements said one after the other on a worker, none cut
// short by the next (novosga#78), to the sound card or to WAV files.
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "devices/pcm_audio.h"
#include "devices/speech_voice.h"
#include "kiosk/config.h"
#include "kiosk/result.h"

namespace ventanilla {

// Every error code the outputs produce besides audio.* and speech.* (each has a key in
// assets/i18n).
inline constexpr std::array<std::string_view, 2> kAnnouncerErrorCodes{
    "speech.audio_unavailable",  // device, reason: the sound card cannot be opened
    "speech.audio_failed",       // device, reason: it failed while playing
};

// Where a finished announcement is heard. play() is called from one worker at a time.
class AnnouncementOutput {
public:
    virtual ~AnnouncementOutput() = default;
    // Plays `sound` to its end (or until `stop` turns true) before returning. `name` says
    // which announcement it is ("000058-B-044"), for files and logs.
    virtual Status play(const PcmAudio& sound, const std::string& name,
                        const std::atomic<bool>& stop) = 0;
    virtual std::string description() const = 0;
};

// One WAV file per announcement in `folder` (made if missing), named so that sorting the
// names gives the order they were said in: "<UTC yyyymmddThhmmss>-<serial>-<name>.wav".
// Only the newest `keep_files` stay, so a hall without speakers never fills its disk.
std::unique_ptr<AnnouncementOutput> make_wav_folder_output(std::filesystem::path folder,
                                                           std::size_t keep_files = 200);
// The sound card through ALSA ("default", "hw:0,0", …), opened for each announcement so
// a screen whose HDMI audio comes and goes recovers by itself.
std::unique_ptr<AnnouncementOutput> make_alsa_output(std::string device);
// The output the configuration asks for; null for "off".
std::unique_ptr<AnnouncementOutput> make_announcement_output(const SpeechConfig& config);

struct Announcement {
    std::string name;  // file-name safe label
    std::string text;  // what the voice says
};

struct AnnouncerStatus {
    std::uint64_t said = 0;      // announcements played to their end
    std::uint64_t failed = 0;    // announcements that could not be rendered or played
    std::size_t waiting = 0;     // queued, not yet started
    bool speaking = false;
    std::optional<Error> last_error;  // of the last announcement, when it failed

    bool operator==(const AnnouncerStatus&) const = default;
};

class Announcer {
public:
    // `wake` runs on the worker when the status changes; it must not block.
    Announcer(std::unique_ptr<AnnouncementOutput> output, VoiceOptions voice,
              std::function<void()> wake);
    // Stops the announcement playing and drops those waiting: closing the screen does not
    // wait for the hall to fall silent.
    ~Announcer();
    Announcer(const Announcer&) = delete;
    Announcer& operator=(const Announcer&) = delete;

    // Queues an announcement behind those waiting. Never blocks on sound.
    void say(Announcement announcement);
    AnnouncerStatus status() const;
    std::string output_description() const { return description_; }

private:
    void run();

    std::unique_ptr<AnnouncementOutput> output_;
    std::string description_;
    VoiceOptions voice_;
    std::function<void()> wake_;
    mutable std::mutex mutex_;
    std::condition_variable work_;
    std::deque<Announcement> queue_;
    AnnouncerStatus status_;
    bool stopping_ = false;
    std::atomic<bool> stop_{false};
    std::thread thread_;  // last: started once everything above exists
};

}  // namespace ventanilla
