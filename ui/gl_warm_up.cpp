#include "ui/gl_warm_up.h"

#include <EGL/egl.h>
#include <EGL/eglext.h>

#define GL_GLEXT_PROTOTYPES
#include <GL/gl.h>
#include <GL/glext.h>

#include "kiosk/log.h"

namespace ventanilla::ui {

namespace {

// The shapes of ImGui's own pair (GLSL 3.30, a textured and coloured triangle), so the
// compiler meets the same built-ins the window's shaders will ask for.
constexpr const char* kVertexShader =
    "#version 330 core\n"
    "layout (location = 0) in vec2 Position;\n"
    "layout (location = 1) in vec2 UV;\n"
    "layout (location = 2) in vec4 Color;\n"
    "uniform mat4 ProjMtx;\n"
    "out vec2 Frag_UV;\n"
    "out vec4 Frag_Color;\n"
    "void main() { Frag_UV = UV; Frag_Color = Color; gl_Position = ProjMtx * vec4(Position.xy, 0, 1); }\n";
constexpr const char* kFragmentShader =
    "#version 330 core\n"
    "in vec2 Frag_UV;\n"
    "in vec4 Frag_Color;\n"
    "uniform sampler2D Texture;\n"
    "layout (location = 0) out vec4 Out_Color;\n"
    "void main() { Out_Color = Frag_Color * texture(Texture, Frag_UV.st); }\n";

bool compile_and_link() {
    GLuint vertex = glCreateShader(GL_VERTEX_SHADER);
    glShaderSource(vertex, 1, &kVertexShader, nullptr);
    glCompileShader(vertex);
    GLuint fragment = glCreateShader(GL_FRAGMENT_SHADER);
    glShaderSource(fragment, 1, &kFragmentShader, nullptr);
    glCompileShader(fragment);
    GLuint program = glCreateProgram();
    glAttachShader(program, vertex);
    glAttachShader(program, fragment);
    glLinkProgram(program);
    GLint linked = GL_FALSE;
    glGetProgramiv(program, GL_LINK_STATUS, &linked);
    glDeleteProgram(program);
    glDeleteShader(vertex);
    glDeleteShader(fragment);
    glFinish();
    return linked == GL_TRUE;
}

}  // namespace

GlWarmUp GlWarmUp::start() { return GlWarmUp(std::async(std::launch::async, &GlWarmUp::warm_up)); }

GlWarmUp::Outcome GlWarmUp::warm_up() {
    Outcome outcome;
    auto get_platform_display =
        reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(eglGetProcAddress("eglGetPlatformDisplayEXT"));
    EGLDisplay display = get_platform_display
                             ? get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr)
                             : EGL_NO_DISPLAY;
    if (display == EGL_NO_DISPLAY || !eglInitialize(display, nullptr, nullptr)) {
        outcome.note = "no EGL surfaceless display: the window's context compiles from cold";
        return outcome;
    }
    outcome.display = display;
    const EGLint attributes[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
                                 EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
    EGLContext context = EGL_NO_CONTEXT;
    if (eglBindAPI(EGL_OPENGL_API)) {
        context = eglCreateContext(display, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, attributes);
    }
    if (context == EGL_NO_CONTEXT || !eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context)) {
        outcome.note = "no OpenGL 3.3 context without a window: the window's context compiles from cold";
        return outcome;
    }
    outcome.context = context;
    outcome.note = compile_and_link() ? "shader compiler warmed up on a worker"
                                      : "the warm-up shaders did not link (the window's will say why)";
    eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    return outcome;
}

void GlWarmUp::finish() {
    if (!work_.valid()) return;
    Outcome outcome = work_.get();
    log_line(LogLevel::info, "graphics: " + outcome.note);
    if (outcome.context) eglDestroyContext(outcome.display, outcome.context);
    if (outcome.display) eglTerminate(outcome.display);
}

GlWarmUp::~GlWarmUp() { finish(); }

}  // namespace ventanilla::ui
