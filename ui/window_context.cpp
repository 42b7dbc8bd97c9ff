#include "ui/window_context.h"

#include <GL/glx.h>
#define GLFW_EXPOSE_NATIVE_X11
#include <GLFW/glfw3.h>
#include <GLFW/glfw3native.h>

#include <cstring>
#include <string>

namespace ventanilla::ui {

struct WindowContext::Handles {
    Display* display = nullptr;
    ::Window window = 0;
    GLXContext context = nullptr;
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

// The double-buffered RGB configuration of the window's visual with the fewest extra
// buffers: ImGui needs no depth or stencil test, and each would be one more full-screen
// buffer for a software renderer to allocate and clear.
GLXFBConfig choose_config(Display* display, int screen, VisualID visual) {
    // clang-format off
    const int wanted[] = {GLX_X_RENDERABLE, True,
                          GLX_DRAWABLE_TYPE, GLX_WINDOW_BIT,
                          GLX_RENDER_TYPE, GLX_RGBA_BIT,
                          GLX_DOUBLEBUFFER, True,
                          GLX_RED_SIZE, 8, GLX_GREEN_SIZE, 8, GLX_BLUE_SIZE, 8,
                          GLX_SAMPLE_BUFFERS, 0,
                          None};
    // clang-format on
    int count = 0;
    GLXFBConfig* configs = glXChooseFBConfig(display, screen, wanted, &count);
    GLXFBConfig best = nullptr;
    int best_extra = 0;
    for (int i = 0; i < count; ++i) {
        if (static_cast<VisualID>(config_attribute(display, configs[i], GLX_VISUAL_ID)) != visual)
            continue;
        if (config_attribute(display, configs[i], GLX_SAMPLE_BUFFERS) != 0) continue;
        int extra = config_attribute(display, configs[i], GLX_DEPTH_SIZE) +
                    config_attribute(display, configs[i], GLX_STENCIL_SIZE);
        if (!best || extra < best_extra) {
            best = configs[i];
            best_extra = extra;
        }
        if (extra == 0) break;
    }
    if (configs) XFree(configs);
    return best;
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

    GLXFBConfig config = choose_config(display, screen, visual);
    if (!config) {
        return make_error("ui.no_gl_config", "no double-buffered RGB configuration for visual " +
                                                 std::to_string(visual));
    }
    auto create_context = reinterpret_cast<PFNGLXCREATECONTEXTATTRIBSARBPROC>(
        glXGetProcAddressARB(reinterpret_cast<const GLubyte*>("glXCreateContextAttribsARB")));
    if (!create_context || !has_extension(display, screen, "GLX_ARB_create_context_profile")) {
        return make_error("ui.no_gl_context", "the display cannot make OpenGL core contexts");
    }
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
    handles->context = create_context(display, config, nullptr, True, version);
    XSync(display, False);
    XSetErrorHandler(previous);
    if (!handles->context || g_x_error != 0) {
        if (handles->context) glXDestroyContext(display, handles->context);
        return make_error("ui.no_gl_context",
                          "the driver refused an OpenGL 3.3 core context (X error " +
                              std::to_string(g_x_error) + ")");
    }
    if (!glXMakeCurrent(display, handles->window, handles->context)) {
        glXDestroyContext(display, handles->context);
        return make_error("ui.no_gl_context", "the OpenGL 3.3 context cannot draw on the window");
    }
    set_no_vsync(display, screen, handles->window);
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

void WindowContext::swap_buffers() {
    glXSwapBuffers(handles_->display, handles_->window);
}

}  // namespace ventanilla::ui
