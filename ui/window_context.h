// The window's OpenGL 3.3 core context, made through GLX directly on a window GLFW created
// without one (GLFW_NO_API).
//
// GLFW can make it, but it picks its framebuffer configuration by reading every attribute of
// every configuration the display offers, twice (once for the window's visual, once for the
// context), and Mesa checks each configuration handle it is given against its whole list: a
// cost in the square of the list's length. Xvfb offers 840 configurations, and that cost was
// about 40 ms of the terminal's time to first frame (docs/benchmarks.md). glXChooseFBConfig
// filters the list in one pass; only the few it returns are then asked for their visual and
// their depth and stencil bits (see choose_configs in the .cpp).
#pragma once

#include <memory>
#include <string>

#include "kiosk/result.h"

struct GLFWwindow;

namespace ventanilla::ui {

class WindowContext {
public:
    // Creates the context and makes it current on this thread. Errors: ui.no_glx (the display
    // has no GLX), ui.no_gl_config (no double-buffered RGB configuration for the window's
    // pixel format), ui.no_gl_context (the driver refused an OpenGL 3.3 core context).
    static Result<WindowContext> create(GLFWwindow* window);

    WindowContext(WindowContext&&) noexcept;
    WindowContext& operator=(WindowContext&&) noexcept;
    ~WindowContext();  // releases and destroys the context; the window is the caller's

    // Shows the frame drawn since the last swap.
    void swap_buffers();
    // For the log: which configuration, on which visual, with which depth and stencil bits.
    const std::string& description() const;

private:
    struct Handles;
    explicit WindowContext(std::unique_ptr<Handles> handles);
    std::unique_ptr<Handles> handles_;
};

}  // namespace ventanilla::ui
