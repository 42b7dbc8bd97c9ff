// ventanilla: the terminal program. Reads its configuration, opens its store and its
// translations, then hands them to the window's loop. Wiring only.
#include <malloc.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <future>
#include <string>

#include "kiosk/config.h"
#include "kiosk/i18n.h"
#include "kiosk/install_layout.h"
#include "kiosk/log.h"
#include "kiosk/store.h"
#include "kiosk/terminal_keys.h"
#include "kiosk/version.h"
#include "ui/app.h"

namespace {

constexpr const char* kUsage =
    "usage: ventanilla [--config FILE] [--windowed] [--server URL] [--automation SOCKET]\n"
    "                  [--font TTF] [--assets DIR] [--version] [--help]\n"
    "\n"
    "  --config FILE       the terminal's configuration (default /etc/ventanilla/terminal.json);\n"
    "                      its last good copy is kept beside it as FILE.last-good\n"
    "  --windowed          a window instead of the whole screen (development)\n"
    "  --server URL        use this central server instead of the configured one\n"
    "  --automation SOCK   offer the automation interface on this Unix socket (tests, demos)\n"
    "  --font TTF          the font to draw with (default DejaVu Sans)\n"
    "  --assets DIR        translations and images (default: <prefix>/share/ventanilla/assets\n"
    "                      beside the installed binary, else the source tree's assets/)\n";

#ifndef VENTANILLA_ASSETS_DIR
#define VENTANILLA_ASSETS_DIR "/usr/share/ventanilla/assets"
#endif

// Everything main() gives the terminal besides its configuration. Returns 0, or the exit
// code when the terminal cannot run at all.
int load_terminal_state(ventanilla::ui::AppSetup& setup, const std::filesystem::path& assets_dir,
                        const std::filesystem::path& config_path) {
    using namespace ventanilla;
    log_line(LogLevel::info, "assets from " + assets_dir.string());
    for (auto [language, target] : {std::pair{"es", &setup.spanish}, std::pair{"en", &setup.english}}) {
        auto loaded = load_translations(assets_dir / "i18n", language);
        if (!loaded) {
            log_line(LogLevel::error, "translations: " + loaded.error().describe() +
                                          " (is --assets pointing at the assets folder?)");
            return 3;
        }
        *target = std::move(loaded.value());
    }

    std::filesystem::path data_dir = setup.config.config.data_dir;
    setup.store_path = data_dir / "terminal.db";
    auto store = LocalStore::open(setup.store_path);
    if (!store) {
        log_line(LogLevel::error, "local store: " + store.error().describe() +
                                      " — the file was left as it is; the terminal will not serve");
        setup.store_failure = store.error();
    } else {
        setup.store.emplace(std::move(store.value()));
    }

    auto credentials = load_credentials(secrets_path_for(config_path));
    if (!credentials) {
        log_line(LogLevel::error, "enrolment: " + credentials.error().describe() +
                                      " — nothing will be uploaded until it is fixed");
        setup.credentials_failure = credentials.error();
    } else if (!credentials.value()) {
        log_line(LogLevel::warning, "not enrolled: records are kept until a technician enrols "
                                    "this terminal");
    } else {
        setup.credentials = *credentials.value();
        log_line(LogLevel::info, "enrolled as device " + setup.credentials->device_id);
    }
    if (auto keys = load_or_make_terminal_keys(secrets_path_for(config_path))) {
        setup.keys = std::move(keys).value();
    } else {
        log_line(LogLevel::error, "terminal keys: " + keys.error().describe() + " — no procedure forms are offered");
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace ventanilla;
    // Keep freed memory instead of handing it back to the kernel after every receipt:
    // a receipt render was three quarters system time without this (bench/receipt_bench).
    mallopt(M_TRIM_THRESHOLD, 8 * 1024 * 1024);
    ui::AppOptions options;
    std::filesystem::path config_path = "/etc/ventanilla/terminal.json";
    std::filesystem::path assets_dir = installed_data_folder(program_folder(), "assets", VENTANILLA_ASSETS_DIR);
    std::string server_override;

    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "ventanilla: %s needs a value\n%s", arg.c_str(), kUsage);
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--config") config_path = value();
        else if (arg == "--windowed") options.windowed = true;
        else if (arg == "--server") server_override = value();
        else if (arg == "--automation") options.automation_socket = value();
        else if (arg == "--font") options.font_path = value();
        else if (arg == "--assets") assets_dir = value();
        else if (arg == "--version") {
            std::printf("ventanilla %s\n", kVersion);
            return 0;
        } else if (arg == "--help" || arg == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        } else {
            std::fprintf(stderr, "ventanilla: unknown option %s\n%s", arg.c_str(), kUsage);
            return 2;
        }
    }

    log_line(LogLevel::info, std::string("ventanilla ") + kVersion + " starting");
    ui::AppSetup setup;
    std::filesystem::path last_good = config_path;
    last_good += ".last-good";
    setup.config = load_config_with_fallback(config_path, last_good);
    setup.config_path = config_path;
    for (const auto& problem : setup.config.problems) {
        log_line(LogLevel::error, "configuration: " + problem.describe());
    }
    if (!server_override.empty()) {
        auto url = parse_server_url(server_override);
        if (!url) {
            std::fprintf(stderr, "ventanilla: --server: %s\n", url.error().describe().c_str());
            return 2;
        }
        setup.config.config.server_url = server_override;
    }

    // The rest of the setup (translations, local store, enrolment, keys) loads while the
    // display opens the window, the longest step of start-up; only the configuration, which
    // says what window to open, is needed first.
    auto state_loaded = std::async(std::launch::async, load_terminal_state, std::ref(setup),
                                   assets_dir, config_path);
    options.finish_setup = [&state_loaded] { return state_loaded.get(); };
    int exit_code = ui::run_terminal(setup, options);
    if (exit_code == ui::kRestartRequested) {
        // The technician saved settings the running terminal cannot take: the same program,
        // the same arguments, the saved configuration. Everything was closed on the way out.
        log_line(LogLevel::info, "restarting with the saved configuration");
        ::execv("/proc/self/exe", argv);
        log_line(LogLevel::error, std::string("cannot restart: ") + std::strerror(errno));
        return 1;
    }
    return exit_code;
}
