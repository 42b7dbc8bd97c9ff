// Frame time of a procedure step of 40 fields on the real terminal under Xvfb, served by a
// real ventanilla-central: the step as it opens, with the keyboard up, and with every field
// refused (40 errors beside their fields, the list at the top). The budget: the
// foundation's frame budget (docs/benchmarks.md: p99 ≤ 16 ms) and its tap budget (≤ 50 ms).
// tests/support/central.h includes doctest, so test_support's objects need doctest's
// implementation; given here (without its main), the linker does not pull doctest_main.o.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "bench/budget.h"
#include "kiosk/enrolment.h"
#include "tests/support/central.h"
#include "tests/support/enrolled_device.h"
#include "tests/support/terminal.h"

using namespace ventanilla;
using namespace ventanilla::testing;
using Json = nlohmann::json;

namespace {

Json text(const std::string& es, const std::string& en) { return {{"es", es}, {"en", en}}; }

// One step of 40 required fields of every typed and tapped kind, some with help text.
Json forty_field_form() {
    const std::vector<std::string> types = {"text",  "text",     "long_text", "number", "date",
                                            "phone", "cuban_id", "email",     "yes_no", "single_choice"};
    Json fields = Json::array();
    for (int i = 1; i <= 40; ++i) {
        const std::string type = types[static_cast<std::size_t>(i - 1) % types.size()];
        Json field = {{"id", "field_" + std::to_string(i)},
                      {"type", type},
                      {"required", true},
                      {"label", text("Campo " + std::to_string(i), "Field " + std::to_string(i))}};
        if (i % 3 == 0) field["help"] = text("Una línea de ayuda para este dato.", "A line of help for this item.");
        if (type == "single_choice") {
            field["choices"] = Json::array({{{"id", "one"}, {"label", text("Primera opción", "First option")}},
                                            {{"id", "two"}, {"label", text("Segunda opción", "Second option")}},
                                            {{"id", "three"}, {"label", text("Tercera opción", "Third option")}}});
        }
        fields.push_back(field);
    }
    return {{"id", "bench-forty-fields"},
            {"version", 1},
            {"title", text("Formulario de cuarenta datos", "Form of forty items")},
            {"summary", text("Para medir", "For measuring")},
            {"next_steps", text("Ninguno.", "None.")},
            {"retention_days", 30},
            {"kept_data", text("los datos", "the data")},
            {"steps", Json::array({{{"id", "all"}, {"title", text("Todo", "All")}, {"fields", fields}}})}};
}

double p99(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, static_cast<std::size_t>(0.99 * static_cast<double>(values.size())))];
}

void frames(bench::BudgetReport& report, Result<Terminal>& terminal, const std::string& what) {
    Json metrics = terminal->must("render_frames 300");
    report.info(what + ": frame wall, mean", metrics["frame_wall_ms_mean"].get<double>(), "ms");
    report.figure(what + ": frame wall, p99", metrics["frame_wall_ms_p99"].get<double>(), 16, "ms");
    report.info(what + ": frame CPU (all threads), p99", metrics["frame_cpu_ms_p99"].get<double>(), "ms");
}

}  // namespace

int main() {
    bench::BudgetReport report("form step: 40 fields on one step (1920x1080, Xvfb + llvmpipe)");
    TempDir forms_dir("ventanilla-form-bench-");
    std::ofstream(forms_dir.file("bench-forty-fields.json")) << forty_field_form().dump(2);
    auto central = CentralServer::start({.extra_args = {"--forms", forms_dir.path()}});
    if (!central) {
        std::fprintf(stderr, "central: %s\n", central.error().describe().c_str());
        return 2;
    }
    auto kiosk = enrol_device(*central, "kiosk", "hav-plaza", 5);
    auto display = VirtualDisplay::start(1920, 1080);
    if (!kiosk || !display) return 2;
    TerminalOptions options;
    options.server_url = central->base_url();
    options.config = {{"office_id", "hav-plaza"}, {"terminal_number", 5}};
    DeviceCredentials credentials{kiosk->device_id, kiosk->token, "kiosk", "hav-plaza", 5, central->base_url()};
    options.before_start = [credentials](const std::string& config_path) {
        (void)save_credentials(secrets_path_for(config_path), credentials);
    };
    auto terminal = Terminal::start(*display, options);
    if (!terminal) {
        std::fprintf(stderr, "terminal: %s\n", terminal.error().describe().c_str());
        return 2;
    }
    if (!wait_until([&] { return terminal->state()["form"]["offered"].get<int>() >= 1; }, 20s, 100ms)) return 2;
    terminal->must("wait_idle");
    terminal->must("tap Hacer un trámite");
    terminal->must("tap Formulario de cuarenta datos");
    frames(report, terminal, "step opened");

    terminal->must("tap Campo 1");
    frames(report, terminal, "keyboard up");
    std::vector<double> taps;
    for (int i = 0; i < 40; ++i) taps.push_back(terminal->must(i % 2 == 0 ? "tap a" : "tap Borrar")["latency_ms"].get<double>());
    report.figure("keyboard tap to updated screen, p99", p99(taps), 50, "ms");
    terminal->must("tap Listo");

    terminal->must("tap Revisar");  // the only step: its button goes to the review
    const auto problems = terminal->state()["form"]["problems"].size();
    report.info("fields refused on the step", static_cast<double>(problems), "");
    frames(report, terminal, "40 errors shown");
    terminal->screenshot("form_bench_forty_errors");
    return report.exit_code();
}
