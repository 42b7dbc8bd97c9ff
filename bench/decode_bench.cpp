// Decode benchmark: our ZXing decoder against zbarimg on generated camera-like frames, with
// budgets.
//
//   decode_bench [--set DIR] [--regenerate] [--no-zbar]
//
// The set (bench/make_decode_set.sh) is made in test-artifacts/decode-set on first use and
// whenever the script is newer than it.
// Exit status 1 when a budget is missed, 2 when the set cannot be made or read.
#include <sys/wait.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "devices/barcode_decode.h"
#include "devices/image_scan_source.h"

using namespace ventanilla;
namespace fs = std::filesystem;

namespace {

constexpr double budget_rate = 0.98;
constexpr double budget_median_ms = 5.0;
constexpr int timing_runs = 3;  // the fastest of three: the machine is shared, other work only adds

struct Frame {
    std::string file;
    std::string expected;  // empty: the frame has no code
    GrayImage image;
};

struct Outcome {
    bool found = false;  // the expected text among the codes
    int wrong = 0;       // codes reported that are not the expected one
    double wall_ms = 0;
    double cpu_ms = 0;
};

double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

Outcome judge(const std::vector<std::string>& texts, const std::string& expected) {
    Outcome o;
    for (const auto& t : texts) {
        if (!expected.empty() && t == expected)
            o.found = true;
        else
            ++o.wrong;
    }
    return o;
}

Outcome run_ours(const Frame& f, const DecodeOptions& options) {
    std::vector<std::string> texts;
    double best_wall = 1e300, cpu = 0;
    for (int run = 0; run < timing_runs; ++run) {
        const double cpu0 = thread_cpu_ms();
        const auto t0 = std::chrono::steady_clock::now();
        auto codes = decode_barcodes(f.image.view(), options);
        const auto t1 = std::chrono::steady_clock::now();
        const double cpu1 = thread_cpu_ms();
        const double wall = std::chrono::duration<double, std::milli>(t1 - t0).count();
        if (wall < best_wall) best_wall = wall, cpu = cpu1 - cpu0;
        if (run == 0) {
            if (!codes) {
                std::fprintf(stderr, "%s: %s\n", f.file.c_str(), codes.error().describe().c_str());
                continue;
            }
            for (auto& c : *codes) texts.push_back(c.text);
        }
    }
    Outcome o = judge(texts, f.expected);
    o.wall_ms = best_wall;
    o.cpu_ms = cpu;
    return o;
}

// zbarimg limited to the two formats in the set (Code128, QR), the way a kiosk would set it up.
// Its time is the whole process: start, reading the file and decoding.
Outcome run_zbar(const fs::path& file, const std::string& expected) {
    const std::string command =
        "zbarimg --nodbus -q --raw -Sdisable -Scode128.enable "
        "-Sqrcode.enable " +
        shell_quote(file.string()) + " 2>/dev/null";
    const auto t0 = std::chrono::steady_clock::now();
    FILE* pipe = ::popen(command.c_str(), "r");
    std::string output;
    if (pipe) {
        char buffer[4096];
        std::size_t n;
        while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
        ::pclose(pipe);
    }
    const auto t1 = std::chrono::steady_clock::now();
    std::vector<std::string> texts;
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);)
        if (!line.empty()) texts.push_back(line);
    Outcome o = judge(texts, expected);
    o.wall_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
    return o;
}

bool make_set(const fs::path& dir) {
    const fs::path script = fs::path(VENTANILLA_SOURCE_DIR) / "bench" / "make_decode_set.sh";
    std::printf("making the frame set in %s ...\n", dir.c_str());
    std::fflush(stdout);
    const auto t0 = std::chrono::steady_clock::now();
    const int status = std::system(
        ("bash " + shell_quote(script.string()) + " " + shell_quote(dir.string())).c_str());
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("set made in %.1f s\n", s);
    return status == 0;
}

struct Tally {
    int code_frames = 0, decoded = 0, empty_frames = 0, false_on_empty = 0, misreads = 0;
    std::vector<double> wall, cpu;
    std::map<std::string, std::pair<int, int>> by_category;  // decoded, frames
    std::vector<std::string> missed;

    void add(const Frame& f, const Outcome& o) {
        wall.push_back(o.wall_ms);
        cpu.push_back(o.cpu_ms);
        if (f.expected.empty()) {
            ++empty_frames;
            if (o.wrong) ++false_on_empty;
            return;
        }
        ++code_frames;
        misreads += o.wrong;
        // "007-code128-small.png" -> "code128-small"
        std::string category = f.file.substr(4, f.file.rfind('.') - 4);
        auto& [d, n] = by_category[category];
        ++n;
        if (o.found)
            ++d, ++decoded;
        else
            missed.push_back(f.file);
    }
    double rate() const { return code_frames ? static_cast<double>(decoded) / code_frames : 0; }
};

}  // namespace

int main(int argc, char** argv) {
    fs::path dir = fs::path(VENTANILLA_ARTIFACTS_DIR) / "decode-set";
    bool regenerate = false, with_zbar = true;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--set" && i + 1 < argc)
            dir = argv[++i];
        else if (arg == "--regenerate")
            regenerate = true;
        else if (arg == "--no-zbar")
            with_zbar = false;
        else {
            std::fprintf(stderr, "usage: decode_bench [--set DIR] [--regenerate] [--no-zbar]\n");
            return 2;
        }
    }
    const fs::path manifest = dir / "manifest.tsv";
    // A set older than its generator was made by another version of it: make it again.
    const fs::path script = fs::path(VENTANILLA_SOURCE_DIR) / "bench" / "make_decode_set.sh";
    std::error_code ec;
    const bool stale = !fs::exists(manifest) ||
                       fs::last_write_time(script, ec) > fs::last_write_time(manifest, ec);
    if ((regenerate || stale) && !make_set(dir)) {
        std::fprintf(stderr, "decode_bench: could not make the frame set\n");
        return 2;
    }

    std::vector<Frame> frames;
    std::ifstream in(manifest);
    for (std::string line; std::getline(in, line);) {
        const auto tab = line.find('\t');
        if (tab == std::string::npos) continue;
        Frame f{line.substr(0, tab), line.substr(tab + 1), {}};
        auto image = load_gray_image(dir / f.file);
        if (!image) {
            std::fprintf(stderr, "decode_bench: %s\n", image.error().describe().c_str());
            return 2;
        }
        f.image = std::move(image).value();
        frames.push_back(std::move(f));
    }
    if (frames.empty()) {
        std::fprintf(stderr, "decode_bench: no frames in %s\n", manifest.c_str());
        return 2;
    }

    // What each pass costs and finds on its own, over every frame.
    const DecodeOptions defaults;
    std::printf("\n%-10s %8s %12s %12s %12s\n", "pass", "decodes", "median ms", "p90 ms",
                "median cpu");
    for (DecodePass pass : defaults.passes) {
        DecodeOptions only = defaults;
        only.passes = {pass};
        Tally t;
        for (const Frame& f : frames) t.add(f, run_ours(f, only));
        std::printf("%-10s %4d/%-3d %12.2f %12.2f %12.2f\n", to_string(pass), t.decoded,
                    t.code_frames, median(t.wall), percentile(t.wall, 0.9), median(t.cpu));
    }

    Tally ours;
    for (const Frame& f : frames) ours.add(f, run_ours(f, defaults));

    Tally zbar;
    double zbar_start_ms = 0;
    if (with_zbar) {
        // zbarimg's cost of starting and reading a 1x1 picture, to read its figures fairly.
        const fs::path tiny = dir / "tiny.pgm";
        std::ofstream(tiny, std::ios::binary) << "P5\n1 1\n255\n\xff";
        std::vector<double> starts;
        for (int i = 0; i < 5; ++i) starts.push_back(run_zbar(tiny, "").wall_ms);
        zbar_start_ms = median(starts);
        for (const Frame& f : frames) zbar.add(f, run_zbar(dir / f.file, f.expected));
    }

    std::printf("\n%-22s %14s %14s\n", "category", "ours", with_zbar ? "zbarimg" : "");
    for (const auto& [category, counts] : ours.by_category) {
        std::printf("%-22s %10d/%-3d", category.c_str(), counts.first, counts.second);
        if (with_zbar) {
            const auto& z = zbar.by_category[category];
            std::printf(" %10d/%-3d", z.first, z.second);
        }
        std::printf("\n");
    }

    const bool rate_ok = ours.rate() >= budget_rate;
    const bool time_ok = median(ours.wall) <= budget_median_ms;
    const bool clean_ok = ours.false_on_empty == 0 && ours.misreads == 0;
    const bool beats_zbar = !with_zbar || ours.decoded > zbar.decoded;
    std::printf("\n%-34s %14s %14s %16s\n", "", "ours", "zbarimg", "budget");
    // zbarimg's figures, or "-" when it was not run.
    auto z = [&](double value, const char* format) -> std::string {
        if (!with_zbar) return "-";
        char text[32];
        std::snprintf(text, sizeof text, format, value);
        return text;
    };
    std::printf("%-34s %13.1f%% %14s %15s%%  %s\n", "decoded (code frames)", 100 * ours.rate(),
                z(100 * zbar.rate(), "%.1f%%").c_str(), ">= 98", rate_ok ? "ok" : "OVER");
    std::printf("%-34s %14d %14s %16s\n", "  frames decoded", ours.decoded,
                z(zbar.decoded, "%.0f").c_str(), "");
    std::printf("%-34s %14.2f %14s %16s  %s\n", "median ms per frame (wall)", median(ours.wall),
                z(median(zbar.wall), "%.2f").c_str(), "<= 5", time_ok ? "ok" : "OVER");
    std::printf("%-34s %14.2f %14s %16s\n", "median ms per frame (thread cpu)", median(ours.cpu),
                "-", "");
    std::printf("%-34s %14.2f %14s %16s\n", "p90 ms per frame (wall)", percentile(ours.wall, 0.9),
                z(percentile(zbar.wall, 0.9), "%.2f").c_str(), "");
    std::printf("%-34s %14.2f %14s %16s\n", "max ms per frame (wall)", percentile(ours.wall, 1.0),
                z(percentile(zbar.wall, 1.0), "%.2f").c_str(), "");
    if (with_zbar)
        std::printf("%-34s %14s %14.2f %16s\n", "  zbarimg start on a 1x1 picture", "",
                    zbar_start_ms, "");
    std::printf("%-34s %14d %14s %16s  %s\n", "codes on code-less frames", ours.false_on_empty,
                z(zbar.false_on_empty, "%.0f").c_str(), "0",
                ours.false_on_empty == 0 ? "ok" : "OVER");
    std::printf("%-34s %14d %14s %16s  %s\n", "wrong codes on code frames", ours.misreads,
                z(zbar.misreads, "%.0f").c_str(), "0", ours.misreads == 0 ? "ok" : "OVER");
    std::printf("%-34s %14s %14s %16s  %s\n", "more decoded than zbarimg", "", "", "yes",
                !with_zbar   ? "not run"
                : beats_zbar ? "ok"
                             : "OVER");
    std::printf("frames: %d with a code, %d without; wall time is the fastest of %d runs\n",
                ours.code_frames, ours.empty_frames, timing_runs);
    if (!ours.missed.empty()) {
        std::printf("missed by ours:");
        for (const auto& m : ours.missed) std::printf(" %s", m.c_str());
        std::printf("\n");
    }
    return rate_ok && time_ok && clean_ok && beats_zbar ? 0 : 1;
}
