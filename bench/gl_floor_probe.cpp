// The floor under the terminal's time to first frame: a program that does nothing but open
// the same fullscreen OpenGL 3.3 window (no depth or stencil buffer), clear it and show it.
// Whatever it takes, the display and its driver take (on Xvfb: loading Mesa's llvmpipe and
// LLVM), and no terminal can start faster. terminal_bench runs it beside the
// terminal and reports both.
#include <GLFW/glfw3.h>

#include <chrono>
#include <cstdio>

int main() {
    auto start = std::chrono::steady_clock::now();
    if (!glfwInit()) {
        std::fprintf(stderr, "no display\n");
        return 2;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
    glfwWindowHint(GLFW_DEPTH_BITS, 0);  // as the terminal asks: ImGui needs neither
    glfwWindowHint(GLFW_STENCIL_BITS, 0);
    int width = 1920, height = 1080;
    if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) {
        if (const GLFWvidmode* mode = glfwGetVideoMode(monitor)) {
            width = mode->width;
            height = mode->height;
        }
    }
    GLFWwindow* window = glfwCreateWindow(width, height, "floor", nullptr, nullptr);
    if (!window) return 3;
    glfwMakeContextCurrent(window);
    auto window_open = std::chrono::steady_clock::now();
    glClearColor(0.1f, 0.2f, 0.3f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    glfwSwapBuffers(window);
    glFinish();
    auto shown = std::chrono::steady_clock::now();
    auto ms = [&](auto t) { return std::chrono::duration<double, std::milli>(t - start).count(); };
    std::printf("%.1f %.1f\n", ms(window_open), ms(shown));
    glfwDestroyWindow(window);
    glfwTerminate();
    return 0;
}
