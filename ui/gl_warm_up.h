// The graphics driver's one-time costs, paid on a worker while the main thread opens the
// display and the window.
//
// The first shader a process compiles costs Mesa about 30 ms on this machine (its GLSL
// compiler builds its built-in functions once per process), whichever context compiles it.
// The window's context cannot exist before the window, and the window is most of start-up;
// so a worker makes a context of its own without any window (EGL's surfaceless platform),
// compiles a shader pair there, and the window's context finds that work done.
#pragma once

#include <future>
#include <string>

namespace ventanilla::ui {

class GlWarmUp {
public:
    // Starts the worker. Nothing fails from here: a display without EGL (or without its
    // surfaceless platform) only goes without the head start, and says so in the log.
    static GlWarmUp start();

    GlWarmUp(GlWarmUp&&) = default;
    GlWarmUp& operator=(GlWarmUp&&) = default;
    ~GlWarmUp();

    // Waits for the worker and lets its context go. Call it once the window's own context
    // has compiled its shaders (the driver keeps what they share while a context uses it).
    void finish();

private:
    struct Outcome {
        void* display = nullptr;  // EGLDisplay, EGLContext: kept opaque to the header's users
        void* context = nullptr;
        std::string note;  // for the log: what the worker did or why it could not
    };
    explicit GlWarmUp(std::future<Outcome> work) : work_(std::move(work)) {}
    static Outcome warm_up();

    std::future<Outcome> work_;
};

}  // namespace ventanilla::ui
