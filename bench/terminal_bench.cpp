// The terminal's own costs on Xvfb + Mesa llvmpipe: first frame, idle CPU, frame times at
// 1920x1080, input to screen, and memory. Budgets from the foundation issue.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "bench/budget.h"
#include "tests/support/terminal.h"

using namespace ventanilla::testing;
using ventanilla::bench::BudgetReport;

namespace {

double cpu_seconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Fields after the command name (which may hold spaces) start after the last ')'.
    std::istringstream rest(stat.substr(stat.rfind(')') + 2));
    std::string field;
    double utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
        if (i == 14) utime = std::stod(field);
        if (i == 15) stime = std::stod(field);
    }
    return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double smaps_kib(pid_t pid, const std::string& key) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/smaps_rollup");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key + ":", 0) == 0) return std::stod(line.substr(key.size() + 1));
    }
    return 0;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

double p99(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<size_t>(0.99 * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
    int idle_seconds = argc > 1 ? std::atoi(argv[1]) : 30;
    BudgetReport report("terminal on Xvfb + llvmpipe, 1920x1080");
    auto display = VirtualDisplay::start(1920, 1080);
    if (!display) {
        std::fprintf(stderr, "%s\n", display.error().describe().c_str());
        return 2;
    }

    // The terminal and the display's own floor (an empty window cleared and shown), taken
    // in turns so both see the same machine.
    std::string probe = (std::filesystem::read_symlink("/proc/self/exe").parent_path() / "gl_floor_probe").string();
    std::vector<double> first_frames, floors;
    std::map<std::string, std::vector<double>> steps;
    std::vector<std::string> step_order;
    for (int i = 0; i < 5; ++i) {
        // A fresh Xvfb may refuse the very first client for a moment: try a few times.
        auto floor = run_program({"/usr/bin/env", "DISPLAY=" + display->name(), probe}, 20s);
        for (int retry = 0; retry < 10 && floor && floor->exit_code == 2; ++retry) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            floor = run_program({"/usr/bin/env", "DISPLAY=" + display->name(), probe}, 20s);
        }
        if (!floor || floor->exit_code != 0) {
            std::fprintf(stderr, "%s: exit %d: %s\n", probe.c_str(), floor ? floor->exit_code : -1,
                         floor ? floor->output.c_str() : "timed out");
            return 2;
        }
        double window_ms = 0, shown_ms = 0;
        std::sscanf(floor->output.c_str(), "%lf %lf", &window_ms, &shown_ms);
        floors.push_back(shown_ms);

        auto terminal = Terminal::start(*display);
        if (!terminal) {
            std::fprintf(stderr, "%s\n", terminal.error().describe().c_str());
            return 2;
        }
        auto metrics = terminal->must("metrics");
        first_frames.push_back(metrics["first_frame_ms"].get<double>());
        for (const auto& step : metrics["startup_ms"]) {
            std::string name = step[0].get<std::string>();
            if (!steps.contains(name)) step_order.push_back(name);
            steps[name].push_back(step[1].get<double>());
        }
    }
    report.figure("time to first frame (median of 5)", median(first_frames), 300, "ms");
    for (const auto& name : step_order) report.info("  start-up step done: " + name, median(steps[name]), "ms");
    report.info("display floor: empty window shown (median)", median(floors), "ms");
    std::vector<double> above;
    for (size_t i = 0; i < first_frames.size(); ++i) above.push_back(first_frames[i] - floors[i]);
    // What the terminal adds to what any OpenGL program pays on this display (docs/benchmarks.md).
    report.figure("time to first frame above the display floor", median(above), 150, "ms");

    auto terminal = Terminal::start(*display);
    if (!terminal) return 2;
    pid_t pid = terminal->process().pid();
    terminal->must("wait_idle");
    std::this_thread::sleep_for(std::chrono::seconds(1));
    double cpu_before = cpu_seconds(pid);
    std::this_thread::sleep_for(std::chrono::seconds(idle_seconds));
    double idle_cpu = cpu_seconds(pid) - cpu_before;
    report.figure("idle CPU on the home screen over " + std::to_string(idle_seconds) + " s",
                  100.0 * idle_cpu / idle_seconds, 0.2, "%");

    auto frames = terminal->must("render_frames 300");
    report.info("frame wall time, mean", frames["frame_wall_ms_mean"].get<double>(), "ms");
    report.figure("frame wall time, p99", frames["frame_wall_ms_p99"].get<double>(), 16, "ms");
    report.info("frame CPU time (all threads), mean", frames["frame_cpu_ms_mean"].get<double>(), "ms");
    report.info("frame CPU time (all threads), p99", frames["frame_cpu_ms_p99"].get<double>(), "ms");

    std::vector<double> latencies;
    for (int i = 0; i < 40; ++i) {
        auto reply = terminal->must(i % 2 == 0 ? "tap English" : "tap Español");
        latencies.push_back(reply["latency_ms"].get<double>());
    }
    report.info("input to updated screen, median", median(latencies), "ms");
    report.figure("input to updated screen, p99", p99(latencies), 50, "ms");

    report.info("resident memory (RSS)", smaps_kib(pid, "Rss") / 1024.0, "MB");
    report.figure("proportional memory (PSS)", smaps_kib(pid, "Pss") / 1024.0, 100, "MB");
    return report.exit_code();
}
