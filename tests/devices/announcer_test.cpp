// The hall's voice rendered to WAV: the chime is there, the words are heard to their end,
// and announcements made back to back are all written, in order, none cut short.
#include "devices/announcer.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <vector>

#include "devices/pcm_audio.h"
#include "devices/speech_voice.h"
#include "kiosk/call_announcement.h"
#include "tests/support/process.h"

using namespace ventanilla;
using namespace std::chrono_literals;
using ventanilla::testing::TempDir;
using ventanilla::testing::wait_until;

namespace {

const std::string kCall = spoken_call_text("B-044", 3);  // "Turno be cuarenta y cuatro, …"

std::size_t samples_in(double seconds, int rate) { return static_cast<std::size_t>(seconds * rate); }

// Where the words are: from the end of the chime and its pause to the start of the tail.
struct Layout {
    std::size_t speech_from, speech_to;
};
Layout layout_of(const PcmAudio& audio) {
    std::size_t from = samples_in(2 * kChimeNoteS + kPauseAfterChimeS, audio.sample_rate);
    std::size_t tail = samples_in(kTailS, audio.sample_rate);
    return {from, audio.samples.size() - tail};
}

// The RMS of each 20 ms window of a range.
std::vector<double> window_levels(const PcmAudio& audio, std::size_t from, std::size_t to) {
    std::vector<double> levels;
    std::size_t window = samples_in(0.02, audio.sample_rate);
    for (std::size_t at = from; at + window <= to; at += window) levels.push_back(rms(audio, at, window));
    return levels;
}

std::vector<std::filesystem::path> wav_files(const std::string& folder) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (entry.path().extension() == ".wav" && !entry.path().filename().string().starts_with(".")) {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

TEST_CASE("announcement audio: the chime rings high then low") {
    PcmAudio chime = synthesize_chime(22050);
    CHECK(chime.duration_s() == doctest::Approx(2 * kChimeNoteS).epsilon(0.01));
    std::size_t note = samples_in(kChimeNoteS, 22050);
    CHECK(tone_strength(chime, 0, note, kChimeHighHz) > 0.5);
    CHECK(tone_strength(chime, 0, note, kChimeLowHz) < 0.1);
    CHECK(tone_strength(chime, note, note, kChimeLowHz) > 0.5);
    CHECK(tone_strength(chime, note, note, kChimeHighHz) < 0.1);
    CHECK(rms(chime, 0, chime.samples.size()) > 2000);
}

TEST_CASE("announcement audio: a call is spoken in full after the chime, loud enough") {
    auto rendered = render_announcement(kCall);
    REQUIRE_MESSAGE(rendered.ok(), rendered.failure_text());
    const PcmAudio& audio = *rendered;
    CHECK(audio.sample_rate == 22050);
    Layout where = layout_of(audio);
    REQUIRE(where.speech_to > where.speech_from);
    double speech_s = static_cast<double>(where.speech_to - where.speech_from) / audio.sample_rate;
    // Eight words at 150 a minute with a comma's pause: about three seconds.
    CHECK(speech_s > 2.0);
    CHECK(speech_s < 6.0);
    // The chime is there, before the words.
    std::size_t note = samples_in(kChimeNoteS, audio.sample_rate);
    CHECK(tone_strength(audio, 0, note, kChimeHighHz) > 0.5);
    CHECK(tone_strength(audio, note, note, kChimeLowHz) > 0.5);
    // The words are heard: well above silence, and sound most of the time.
    CHECK(rms(audio, where.speech_from, where.speech_to - where.speech_from) > 1000);
    auto levels = window_levels(audio, where.speech_from, where.speech_to);
    auto voiced = std::count_if(levels.begin(), levels.end(), [](double l) { return l > 300; });
    CHECK(static_cast<double>(voiced) > 0.5 * static_cast<double>(levels.size()));
    // The words run to the end of their part: the last word ("tres") is heard there, and
    // the tail after it is silence.
    std::size_t last_word = samples_in(0.3, audio.sample_rate);
    CHECK(rms(audio, where.speech_to - last_word, last_word) > 300);
    CHECK(rms(audio, where.speech_to, audio.samples.size() - where.speech_to) < 50);
}

TEST_CASE("announcement audio: the whole text is said, not a beginning of it") {
    auto full = synthesize_speech(kCall);
    auto start = synthesize_speech("Turno be cuarenta y cuatro.");
    REQUIRE(full.ok());
    REQUIRE(start.ok());
    // "…, ventanilla tres" adds about a second.
    CHECK(full->duration_s() > start->duration_s() + 0.6);
    // The same text gives the same sound, to a few samples (espeak-ng varies its voice a
    // little each time): a test can compare a file with its text.
    auto again = synthesize_speech(kCall);
    REQUIRE(again.ok());
    CHECK(again->duration_s() == doctest::Approx(full->duration_s()).epsilon(0.01));
    CHECK(rms(*again, 0, again->samples.size()) ==
          doctest::Approx(rms(*full, 0, full->samples.size())).epsilon(0.05));
}

TEST_CASE("announcement audio: a call sounds the same whatever was said before it") {
    // Left to itself, espeak-ng said "Turno be dos, ventanilla tres." 0.055 s longer after
    // "…, ventanilla tres." than after "…, ventanilla uno." (its "dos," depends on what its
    // last sentence left behind), and up to 0.1 s apart over other histories: a syllable.
    const std::string call = spoken_call_text("B-002", 3);
    const std::vector<std::string> said_before = {
        spoken_call_text("B-044", 1), spoken_call_text("B-044", 3), spoken_call_text("A-012", 12),
        spoken_call_text("C-100", 10), "hola"};
    double shortest_s = 1e9;
    double longest_s = 0;
    for (const std::string& before : said_before) {
        CAPTURE(before);
        REQUIRE(synthesize_speech(before).ok());
        auto audio = synthesize_speech(call);
        REQUIRE(audio.ok());
        shortest_s = std::min(shortest_s, audio->duration_s());
        longest_s = std::max(longest_s, audio->duration_s());
    }
    // What is left is espeak-ng's pitch flutter, which no call of its API resets: a pitch
    // period or two (at most 0.022 s measured over 60 calls after 62 different ones).
    CHECK(longest_s - shortest_s < kVoiceJitterS);
}

TEST_CASE("announcement audio: an unknown voice is an error naming it") {
    auto rendered = synthesize_speech("hola", VoiceOptions{"xx-nonexistent", 150});
    REQUIRE_FALSE(rendered.ok());
    CHECK(rendered.error().code == "speech.voice_unavailable");
    CHECK(rendered.error().args.at("voice") == "xx-nonexistent");
    // The usual voice still works afterwards.
    CHECK(synthesize_speech("hola").ok());
}

TEST_CASE("announcement audio: WAV files are written whole and read back the same") {
    TempDir dir;
    PcmAudio audio = synthesize_chime(22050);
    std::filesystem::path path = dir.file("chime.wav");
    REQUIRE(write_wav(path, audio).ok());
    CHECK(std::filesystem::file_size(path) == 44 + 2 * audio.samples.size());
    auto back = read_wav(path);
    REQUIRE_MESSAGE(back.ok(), back.failure_text());
    CHECK(back->sample_rate == 22050);
    CHECK(back->samples == audio.samples);
    CHECK(read_wav(dir.file("missing.wav")).error().code == "audio.wav_unreadable");
}

TEST_CASE("announcer: calls made back to back are each said in full, in order, none cut off") {
    TempDir dir;
    std::string folder = dir.file("announcements");
    int wakes = 0;
    std::mutex wakes_mutex;
    Announcer announcer(make_wav_folder_output(folder), VoiceOptions{}, [&] {
        std::lock_guard lock(wakes_mutex);
        ++wakes;
    });
    const std::vector<std::pair<std::string, int>> calls = {{"B-044", 3}, {"A-012", 1}, {"B-044", 3}};
    std::int64_t sequence = 57;
    for (const auto& [number, counter] : calls) {
        QueueCall call{++sequence, number, "giros", counter, false, false, {}};
        announcer.say({call_label(call), spoken_call_text(call)});
    }
    REQUIRE(wait_until([&] { return announcer.status().said == 3; }, 10s));
    CHECK(announcer.status().failed == 0);
    CHECK(announcer.status().waiting == 0);
    auto files = wav_files(folder);
    REQUIRE(files.size() == 3);
    for (std::size_t i = 0; i < files.size(); ++i) {
        CAPTURE(files[i]);
        const auto& [number, counter] = calls[i];
        CHECK(files[i].filename().string().ends_with("-0000" + std::to_string(58 + i) + "-" + number + ".wav"));
        auto audio = read_wav(files[i]);
        REQUIRE(audio.ok());
        // What the text renders to: nothing cut, nothing of another call mixed in.
        auto expected = render_announcement(spoken_call_text(number, counter));
        REQUIRE(expected.ok());
        CHECK(std::abs(audio->duration_s() - expected->duration_s()) < kVoiceJitterS);
        CHECK(rms(*audio, 0, audio->samples.size()) ==
              doctest::Approx(rms(*expected, 0, expected->samples.size())).epsilon(0.05));
    }
    std::lock_guard lock(wakes_mutex);
    CHECK(wakes >= 3);
}

TEST_CASE("announcer: the WAV folder keeps only the newest files") {
    TempDir dir;
    auto output = make_wav_folder_output(dir.file("calls"), 2);
    PcmAudio chime = synthesize_chime(22050);
    std::atomic<bool> stop{false};
    for (int i = 0; i < 4; ++i) REQUIRE(output->play(chime, "n" + std::to_string(i), stop).ok());
    auto files = wav_files(dir.file("calls"));
    REQUIRE(files.size() == 2);
    CHECK(files[0].filename().string().ends_with("-n2.wav"));
    CHECK(files[1].filename().string().ends_with("-n3.wav"));
}

TEST_CASE("announcer: a sound card that is not there is an error, and the next call is tried again") {
    Announcer announcer(make_alsa_output("ventanilla_no_such_device"), VoiceOptions{}, [] {});
    announcer.say({"000001-A-001", spoken_call_text("A-001", 1)});
    announcer.say({"000002-A-002", spoken_call_text("A-002", 1)});
    REQUIRE(wait_until([&] { return announcer.status().failed == 2; }, 10s));
    auto status = announcer.status();
    REQUIRE(status.last_error);
    CHECK(status.last_error->code == "speech.audio_unavailable");
    CHECK(status.said == 0);
}
