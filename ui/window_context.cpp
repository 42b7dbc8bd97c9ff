#include "ui/window_context.h"

#include <GL/glx.h>
#define GLFW_EXPOSE_NATIVE_X11
#include <GLFW/glfw3.h>
#include <GLFW/glfw3native.h>

#include <cstdio>
#include <cstring>
#include <string>

namespace ventanilla::ui {

struct WindowContext::Handles {
    Display* display = nullptr;
    ::Window window = 0;
    GLXContext context = nullptr;
    std::string description;
};

namespace {

// X errors while the context is made (a driver refusing the version, a configuration it
// does not like) are answers, not reasons to end the process, which Xlib's default handler
// does. Caught only around those calls, as GLFW does.
int g_x_error = 0;
int remember_x_error(Display*, XErrorEvent* event) {
    g_x_error = event->error_code;
    return 0;
}

bool has_extension(Display* display, int screen, const char* name) {
    const char* list = glXQueryExtensionsString(display, screen);
    if (!list) return false;
    const size_t length = std::strlen(name);
    for (const char* at = std::strstr(list, name); at; at = std::strstr(at + 1, name)) {
        bool starts = at == list || at[-1] == ' ';
        bool ends = at[length] == ' ' || at[length] == '\0';
        if (starts && ends) return true;
    }
    return false;
}

int config_attribute(Display* display, GLXFBConfig config, int attribute) {
    int value = 0;
    glXGetFBConfigAttrib(display, config, attribute, &value);
    return value;
}

// Two double-buffered RGB configurations for the window: `exact`, of the window's own visual
// (the display's default one: GLFW makes the window, and Xvfb's configurations for it all
// carry a depth and a stencil buffer), and `lean`, one without depth, stencil or
// multisampling whose visual has the window's pixel format (depth, class, colour masks).
// ImGui uses none of those buffers, and to Mesa's software renderer each is one more
// full-screen buffer in memory (measured: 8 MB more anonymous memory with `exact`).
struct Configs {
    GLXFBConfig lean = nullptr;
    GLXFBConfig exact = nullptr;
};

bool same_pixel_format(const XVisualInfo& info, const XWindowAttributes& window) {
    const Visual& visual = *window.visual;
    return info.depth == window.depth && info.c_class == visual.c_class &&
           info.red_mask == visual.red_mask && info.green_mask == visual.green_mask &&
           info.blue_mask == visual.blue_mask;
}

Configs choose_configs(Display* display, int screen, const XWindowAttributes& window) {
    // clang-format off
    const int wanted[] = {GLX_X_RENDERABLE, True,
                          GLX_DRAWABLE_TYPE, GLX_WINDOW_BIT,
                          GLX_RENDER_TYPE, GLX_RGBA_BIT,
                          GLX_DOUBLEBUFFER, True,
                          GLX_RED_SIZE, 8, GLX_GREEN_SIZE, 8, GLX_BLUE_SIZE, 8,
                          None};
    // clang-format on
    const VisualID window_visual = XVisualIDFromVisual(window.visual);
    int count = 0;
    GLXFBConfig* configs = glXChooseFBConfig(display, screen, wanted, &count);
    Configs found;
    for (int i = 0; i < count && !(found.lean && found.exact); ++i) {
        if (config_attribute(display, configs[i], GLX_SAMPLE_BUFFERS) != 0) continue;
        auto visual = static_cast<VisualID>(config_attribute(display, configs[i], GLX_VISUAL_ID));
        if (visual == window_visual && !found.exact) found.exact = configs[i];
        if (found.lean || config_attribute(display, configs[i], GLX_DEPTH_SIZE) != 0 ||
            config_attribute(display, configs[i], GLX_STENCIL_SIZE) != 0) {
            continue;
        }
        if (XVisualInfo* info = glXGetVisualFromFBConfig(display, configs[i])) {
            if (same_pixel_format(*info, window)) found.lean = configs[i];
            XFree(info);
        }
    }
    if (configs) XFree(configs);
    return found;
}

// An OpenGL 3.3 core context on `config`, current on the window; nullptr when the driver
// refuses either step (`x_error` then holds the X error, if there was one).
GLXContext make_current(Display* display, ::Window window, GLXFBConfig config,
                        PFNGLXCREATECONTEXTATTRIBSARBPROC create_context, int& x_error) {
    // clang-format off
    const int version[] = {GLX_CONTEXT_MAJOR_VERSION_ARB, 3,
                           GLX_CONTEXT_MINOR_VERSION_ARB, 3,
                           GLX_CONTEXT_PROFILE_MASK_ARB, GLX_CONTEXT_CORE_PROFILE_BIT_ARB,
                           GLX_CONTEXT_FLAGS_ARB, GLX_CONTEXT_FORWARD_COMPATIBLE_BIT_ARB,
                           None};
    // clang-format on
    XSync(display, False);
    g_x_error = 0;
    auto previous = XSetErrorHandler(remember_x_error);
    GLXContext context = create_context(display, config, nullptr, True, version);
    XSync(display, False);
    bool current = context && g_x_error == 0 && glXMakeCurrent(display, window, context);
    XSync(display, False);
    XSetErrorHandler(previous);
    x_error = g_x_error;
    if (current && x_error == 0) return context;
    if (context) {
        glXMakeCurrent(display, None, nullptr);
        glXDestroyContext(display, context);
    }
    return nullptr;
}

void set_no_vsync(Display* display, int screen, GLXDrawable drawable) {
    // We draw only on change; waiting for the screen's refresh would only add latency.
    if (has_extension(display, screen, "GLX_EXT_swap_control")) {
        auto set = reinterpret_cast<PFNGLXSWAPINTERVALEXTPROC>(
            glXGetProcAddressARB(reinterpret_cast<const GLubyte*>("glXSwapIntervalEXT")));
        if (set) set(display, drawable, 0);
    } else if (has_extension(display, screen, "GLX_MESA_swap_control")) {
        auto set = reinterpret_cast<PFNGLXSWAPINTERVALMESAPROC>(
            glXGetProcAddressARB(reinterpret_cast<const GLubyte*>("glXSwapIntervalMESA")));
        if (set) set(0);
    }
}

}  // namespace

Result<WindowContext> WindowContext::create(GLFWwindow* glfw_window) {
    auto handles = std::make_unique<Handles>();
    handles->display = glfwGetX11Display();
    handles->window = glfwGetX11Window(glfw_window);
    Display* display = handles->display;
    if (!display || !handles->window) {
        return make_error("ui.no_glx", "the window is not an X11 window");
    }
    int error_base = 0, event_base = 0;
    if (!glXQueryExtension(display, &error_base, &event_base)) {
        return make_error("ui.no_glx", "the display offers no GLX");
    }
    XWindowAttributes attributes{};
    XGetWindowAttributes(display, handles->window, &attributes);
    const int screen = XScreenNumberOfScreen(attributes.screen);
    const VisualID visual = XVisualIDFromVisual(attributes.visual);
    auto create_context = reinterpret_cast<PFNGLXCREATECONTEXTATTRIBSARBPROC>(
        glXGetProcAddressARB(reinterpret_cast<const GLubyte*>("glXCreateContextAttribsARB")));
    if (!create_context || !has_extension(display, screen, "GLX_ARB_create_context_profile")) {
        return make_error("ui.no_gl_context", "the display cannot make OpenGL core contexts");
    }
    Configs configs = choose_configs(display, screen, attributes);
    if (!configs.lean && !configs.exact) {
        return make_error("ui.no_gl_config", "no double-buffered RGB configuration for visual " +
                                                 std::to_string(visual));
    }
    // The lean configuration first: a driver that holds a window to its visual's own
    // configuration refuses it (BadMatch), and then the exact one is used.
    int x_error = 0;
    GLXFBConfig config = configs.lean ? configs.lean : configs.exact;
    handles->context = make_current(display, handles->window, config, create_context, x_error);
    if (!handles->context && configs.lean && configs.exact) {
        config = configs.exact;
        handles->context = make_current(display, handles->window, config, create_context, x_error);
    }
    if (!handles->context) {
        return make_error("ui.no_gl_context",
                          "the driver refused an OpenGL 3.3 core context on the window (X error " +
                              std::to_string(x_error) + ")");
    }
    set_no_vsync(display, screen, handles->window);
    char described[160];
    std::snprintf(
        described, sizeof described,
        "GLX configuration 0x%x (visual 0x%x) on a window of visual 0x%lx, depth %d, stencil %d",
        config_attribute(display, config, GLX_FBCONFIG_ID),
        config_attribute(display, config, GLX_VISUAL_ID), static_cast<unsigned long>(visual),
        config_attribute(display, config, GLX_DEPTH_SIZE),
        config_attribute(display, config, GLX_STENCIL_SIZE));
    handles->description = described;
    return WindowContext(std::move(handles));
}

WindowContext::WindowContext(std::unique_ptr<Handles> handles) : handles_(std::move(handles)) {}
WindowContext::WindowContext(WindowContext&&) noexcept = default;
WindowContext& WindowContext::operator=(WindowContext&&) noexcept = default;

WindowContext::~WindowContext() {
    if (!handles_ || !handles_->context) return;
    glXMakeCurrent(handles_->display, None, nullptr);
    glXDestroyContext(handles_->display, handles_->context);
}

const std::string& WindowContext::description() const {
    return handles_->description;
}

void WindowContext::swap_buffers() {
    glXSwapBuffers(handles_->display, handles_->window);
}

}  // namespace ventanilla::ui
