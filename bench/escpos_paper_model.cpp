// A CUPS backend that behaves as a 203 dpi ESC/POS thermal printer does on paper: it reads
// the job as it arrives, advances the paper no faster than the printer's speed (every raster
// row and every fed line takes its time, and nothing prints before its bytes are in), and
// cuts once the paper before the cut has gone through. It logs when the first byte came and
// when the cut was made, and exits when the cut is done, so CUPS marks the job completed
// when a real printer would have. bench/print_budget_bench drives it through a raw queue.
//
//   DEVICE_URI=paper:/path/to/log?speed_mm_s=150   (installed in CUPS's backend folder)
//
// Modelled: ESC @, GS v 0 (raster bands), ESC d n (feed n lines of 1/6 inch, the default
// line spacing), GS V m [n] (cut). Any other byte is a protocol error (exit 1).
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

namespace {

using Clock = std::chrono::steady_clock;

constexpr double kDotsPerMm = 8;             // 203 dpi
constexpr double kLineFeedMm = 25.4 / 6;     // ESC 2: 1/6 inch
// How long the autocutter takes to cut once the paper is in place. Not measured here: a
// stated assumption (a partial cut of common kiosk printers is a fraction of a second).
constexpr auto kCutTime = std::chrono::milliseconds(300);

long long realtime_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

struct Paper {
    double speed_mm_s = 150;
    Clock::time_point moving_until{};  // when the paper queued so far has gone through
    double mm = 0;
    // `mm` of paper whose data is in now: it starts when the paper before it is through.
    void advance(double length_mm) {
        auto start = std::max(Clock::now(), moving_until);
        moving_until = start + std::chrono::duration_cast<Clock::duration>(
                                   std::chrono::duration<double>(length_mm / speed_mm_s));
        mm += length_mm;
    }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc == 1) {
        std::puts("direct paper \"Unknown\" \"ESC/POS thermal printer paper model\"");
        return 0;
    }
    const char* uri = std::getenv("DEVICE_URI");
    if (!uri || std::strncmp(uri, "paper:", 6) != 0) {
        std::fputs("ERROR: DEVICE_URI must be paper:/LOG?speed_mm_s=N\n", stderr);
        return 1;
    }
    std::string target = uri + 6;
    Paper paper;
    if (auto q = target.find('?'); q != std::string::npos) {
        std::string query = target.substr(q + 1);
        target.resize(q);
        if (query.rfind("speed_mm_s=", 0) == 0) paper.speed_mm_s = std::atof(query.c_str() + 11);
    }
    int in = argc >= 7 ? ::open(argv[6], O_RDONLY) : 0;
    if (in < 0) return 1;

    std::string buffer;
    std::size_t at = 0;
    long long first_byte_ns = 0;
    long long cut_ns = 0;
    int rows = 0;
    bool ended = false;
    char chunk[4096];
    auto need = [&](std::size_t n) {  // reads until n bytes past `at` are in, as a printer waits
        while (buffer.size() - at < n && !ended) {
            ssize_t got = ::read(in, chunk, sizeof chunk);
            if (got <= 0) {
                ended = true;
                break;
            }
            if (first_byte_ns == 0) first_byte_ns = realtime_ns();
            buffer.append(chunk, static_cast<std::size_t>(got));
        }
        return buffer.size() - at >= n;
    };
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(buffer[at + i]); };
    while (need(1)) {
        if (need(2) && byte(0) == 0x1b && byte(1) == '@') {
            at += 2;
        } else if (need(8) && byte(0) == 0x1d && byte(1) == 'v' && byte(2) == '0') {
            const int width_bytes = byte(4) | (byte(5) << 8);
            const int band_rows = byte(6) | (byte(7) << 8);
            const std::size_t size = 8 + static_cast<std::size_t>(width_bytes) * static_cast<std::size_t>(band_rows);
            if (!need(size)) break;
            at += size;
            rows += band_rows;
            paper.advance(band_rows / kDotsPerMm);
        } else if (need(3) && byte(0) == 0x1b && byte(1) == 'd') {
            paper.advance(byte(2) * kLineFeedMm);
            at += 3;
        } else if (need(3) && byte(0) == 0x1d && byte(1) == 'V') {
            at += (byte(2) == 65 || byte(2) == 66) ? 4 : 3;  // GS V 65/66 carry a feed byte
            std::this_thread::sleep_until(paper.moving_until);
            std::this_thread::sleep_for(kCutTime);
            cut_ns = realtime_ns();
        } else {
            std::fprintf(stderr, "ERROR: unexpected byte 0x%02x at %zu\n", byte(0), at);
            return 1;
        }
        if (at > 1 << 20) {  // keep the buffer small on long jobs
            buffer.erase(0, at);
            at = 0;
        }
    }
    FILE* log = std::fopen(target.c_str(), "a");
    if (!log) return 1;
    std::fprintf(log, "first_byte_ns=%lld cut_ns=%lld rows=%d paper_mm=%.1f\n", first_byte_ns, cut_ns, rows, paper.mm);
    std::fclose(log);
    return cut_ns != 0 ? 0 : 1;
}
