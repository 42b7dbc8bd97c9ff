// The floor under the terminal's time to first frame: a program that does nothing but open
// the same fullscreen window with the same OpenGL 3.3 context, made the same way
// (ui/window_context.h), clear it and show it.
// Whatever it takes, the display and its driver take (on Xvfb: loading Mesa's llvmpipe and
// LLVM), and no terminal can start faster. terminal_bench runs it beside the
// terminal and reports both.
#include <GL/gl.h>
#include <GLFW/glfw3.h>

#include <chrono>
#include <cstdio>

#include "ui/window_context.h"

int main() {
    auto start = std::chrono::steady_clock::now();
    if (!glfwInit()) {
        std::fprintf(stderr, "no display\n");
        return 2;
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
    glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
    int width = 1920, height = 1080;
    if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) {
        if (const GLFWvidmode* mode = glfwGetVideoMode(monitor)) {
            width = mode->width;
            height = mode->height;
        }
    }
    GLFWwindow* window = glfwCreateWindow(width, height, "floor", nullptr, nullptr);
    if (!window) return 3;
    auto ms = [&] {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count();
    };
    double window_ms = 0, shown_ms = 0;
    {
        auto context = ventanilla::ui::WindowContext::create(window);
        if (!context) {
            std::fprintf(stderr, "%s\n", context.error().describe().c_str());
            return 3;
        }
        window_ms = ms();
        glClearColor(0.1f, 0.2f, 0.3f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        context->swap_buffers();
        glFinish();
        shown_ms = ms();
    }  // the context goes before its window
    std::printf("%.1f %.1f\n", window_ms, shown_ms);
    glfwDestroyWindow(window);
    glfwTerminate();
    return 0;
}
