// Text to speech with libespeak-ng, into samples in memory: the hall's announcements.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "devices/pcm_audio.h"
#include "kiosk/result.h"

namespace ventanilla {

// Every error code the voice produces (each has a key in assets/i18n).
inline constexpr std::array<std::string_view, 2> kSpeechVoiceErrorCodes{
    "speech.voice_unavailable",  // voice: espeak-ng's data or that voice is not installed
    "speech.synthesis_failed",   // reason
};

struct VoiceOptions {
    std::string voice = "es-419";  // espeak-ng's Latin American Spanish
    int words_per_minute = 150;
};

// The words alone, at espeak-ng's rate (22 050 Hz). Blocks for a few milliseconds per
// sentence: call it from a worker. espeak-ng keeps one global state, so calls from several
// threads take turns.
Result<PcmAudio> synthesize_speech(std::string_view text, const VoiceOptions& options = {});

// Everything the hall hears for one call: the chime, a short pause, the words, and a tail of
// silence so the last syllable is never clipped by a sound card that stops early.
Result<PcmAudio> render_announcement(std::string_view text, const VoiceOptions& options = {});

// How render_announcement lays the sound out, for tests that take it apart.
inline constexpr double kPauseAfterChimeS = 0.25;
inline constexpr double kTailS = 0.4;
// How far apart two renderings of the same text may end. espeak-ng varies its pitch a
// little (its "flutter", from a counter inside it that no call of its API resets), so a
// vowel can take a pitch period or two more or less: at most 0.022 s over 60 calls each
// said after 62 others. A cut syllable is 0.1 s or more.
inline constexpr double kVoiceJitterS = 0.04;

}  // namespace ventanilla
