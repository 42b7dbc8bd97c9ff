#include "devices/speech_voice.h"

#include <espeak-ng/speak_lib.h>

#include <mutex>

namespace ventanilla {

namespace {

// espeak-ng is one global synthesizer: initialised once, used by one thread at a time.
struct Espeak {
    std::mutex mutex;
    int sample_rate = 0;  // 0: not initialised; < 0: failed
    std::string voice;    // the voice set last
    PcmAudio* collecting = nullptr;
};

Espeak& espeak() {
    static Espeak instance;
    return instance;
}

int collect(short* wav, int count, espeak_EVENT*) {
    Espeak& e = espeak();
    if (wav != nullptr && count > 0 && e.collecting != nullptr) {
        e.collecting->samples.insert(e.collecting->samples.end(), wav, wav + count);
    }
    return 0;  // go on
}

// espeak-ng's sound for a sentence depends on the sentence it said last (state its last
// clause left behind, which no call clears): "Turno be dos, ventanilla tres." came out
// 0.055 s longer after "…, ventanilla tres." than after "…, ventanilla uno.", and up to
// 0.1 s apart over other histories, as much as a syllable. Its API has no call that resets
// this (espeak_Terminate hangs in synchronous mode in 1.51), so every text is said right
// after this one long clause, whose sound is thrown away: the same text then gives the
// same sound, whatever the hall heard before. It costs about 15 ms of the worker's time.
constexpr std::string_view kResetSentence =
    "Bienvenidos a la oficina de atención al público donde cada persona espera su turno con "
    "tranquilidad mientras la pantalla del salón muestra los llamados de todas las "
    "ventanillas abiertas.";

// Says `text` into `audio`, or to nobody when `audio` is null. The caller holds the mutex.
espeak_ERROR speak(Espeak& e, std::string_view text, PcmAudio* audio) {
    e.collecting = audio;
    std::string copy(text);
    espeak_ERROR result = espeak_Synth(copy.c_str(), copy.size() + 1, 0, POS_CHARACTER, 0,
                                       espeakCHARS_UTF8, nullptr, nullptr);
    e.collecting = nullptr;
    return result;
}

}  // namespace

Result<PcmAudio> synthesize_speech(std::string_view text, const VoiceOptions& options) {
    // libespeak-ng 1.51 was seen to segfault reading up to the top of the display's announcer
    // thread's stack (dmesg: "segfault at <page> ... in libespeak-ng.so", the address a page
    // boundary ~19 KB above sp; 3 runs in 5 of one UI test, never in a standalone program).
    // Not understood yet: until it is, its frames run with 64 KB of readable stack above them.
    volatile char headroom[65536];
    headroom[0] = 0;
    headroom[sizeof headroom - 1] = headroom[0];
    Espeak& e = espeak();
    std::lock_guard lock(e.mutex);
    if (e.sample_rate == 0) {
        // DONT_EXIT: without it espeak-ng ends the process when its data is missing.
        e.sample_rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr,
                                          espeakINITIALIZE_DONT_EXIT);
        if (e.sample_rate > 0) espeak_SetSynthCallback(collect);
    }
    if (e.sample_rate <= 0) {
        return make_error("speech.voice_unavailable", "espeak-ng data not found",
                          {{"voice", options.voice}});
    }
    if (e.voice != options.voice) {
        if (espeak_SetVoiceByName(options.voice.c_str()) != EE_OK) {
            e.voice.clear();
            return make_error("speech.voice_unavailable", "no espeak-ng voice " + options.voice,
                              {{"voice", options.voice}});
        }
        e.voice = options.voice;
    }
    espeak_SetParameter(espeakRATE, options.words_per_minute, 0);

    PcmAudio audio;
    audio.sample_rate = e.sample_rate;
    espeak_ERROR result = speak(e, kResetSentence, nullptr);
    if (result == EE_OK) result = speak(e, text, &audio);
    if (result != EE_OK) {
        std::string reason = "espeak_Synth " + std::to_string(static_cast<int>(result));
        return make_error("speech.synthesis_failed", reason, {{"reason", reason}});
    }
    if (audio.samples.empty()) {
        return make_error("speech.synthesis_failed", "no sound for the text",
                          {{"reason", "no sound"}});
    }
    return audio;
}

Result<PcmAudio> render_announcement(std::string_view text, const VoiceOptions& options) {
    auto speech = synthesize_speech(text, options);
    if (!speech) return speech.error();
    PcmAudio sound = synthesize_chime(speech->sample_rate);
    sound.append_silence(kPauseAfterChimeS);
    sound.append(*speech);
    sound.append_silence(kTailS);
    return sound;
}

}  // namespace ventanilla
