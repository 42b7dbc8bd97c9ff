// "Enviar" to committed: a procedure's answers checked again, frozen with a reference and a
// signed receipt code, sealed and committed durably to the outbox (WAL, synchronous=FULL),
// then its 80 mm receipt rendered. The budget: committed within 50 ms of the tap.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <sodium.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <chrono>
#include <cstdio>
#include <vector>

#include "bench/budget.h"
#include "devices/receipt_pdf.h"
#include "devices/submission_receipt.h"
#include "kiosk/i18n.h"
#include "kiosk/outbox.h"
#include "kiosk/submission.h"
#include "kiosk/terminal_keys.h"
#include "kiosk/uuid.h"
#include "tests/support/process.h"

using namespace ventanilla;
using namespace ventanilla::testing;
using Clock = std::chrono::steady_clock;

namespace {

// Read here, not with the tests' helper: its REQUIRE needs a running test.
std::optional<FormDefinition> shipped_form(const std::string& id) {
    std::ifstream in(std::string(VENTANILLA_SOURCE_DIR) + "/assets/forms/" + id + ".json");
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = parse_form_definition(text.str());
    if (!parsed) return std::nullopt;
    return parsed.value();
}

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, static_cast<std::size_t>(p * static_cast<double>(values.size())))];
}

}  // namespace

int main() {
    constexpr int kSubmissions = 200;
    bench::BudgetReport report("submission: checked, frozen, sealed and committed (200 giros)");
    TempDir dir("ventanilla-submission-bench-");
    auto store = LocalStore::open(dir.file("terminal.db"));
    auto keys = load_or_make_terminal_keys(dir.file("terminal.secrets.json"));
    auto spanish = load_translations(std::string(VENTANILLA_SOURCE_DIR) + "/assets/i18n", "es");
    if (!store || !keys || !spanish) return 1;
    Outbox outbox(store.value());
    auto giro = shipped_form("postal-giro");
    if (!giro) return 1;
    const FormDefinition& form = *giro;
    const nlohmann::json answers = {{"amount_cup", "1500,5"},
                                    {"message", "Feliz cumpleaños"},
                                    {"receiver_name", "Ana Pérez Núñez"},
                                    {"receiver_ci", "90021512346"},
                                    {"receiver_province", "santiago-de-cuba"},
                                    {"receiver_municipality", "palma-soriano"},
                                    {"receiver_address", "Calle 4 #12 e/ A y B"},
                                    {"sender_name", "José Pérez"},
                                    {"sender_ci", "62110412345"}};

    std::vector<double> committed, receipt;
    for (int i = 0; i < kSubmissions; ++i) {
        std::string draft_id = make_uuid_v4();
        auto tap = Clock::now();
        auto now = std::chrono::system_clock::now();
        auto today = std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(now));
        auto submission = finalize_submission(form, answers, {draft_id, "hav-plaza", "3f0c1a52-7d1e-4c55-9a0b-2b6d1e9f4a10",
                                                              keys->signing, now, today,
                                                              [] { return randombytes_random(); }});
        if (!submission) return 1;
        if (!outbox.enqueue_with_id(draft_id, "submission", submission->to_json(), now, keys->data_key)) return 1;
        committed.push_back(ms_since(tap));
        auto pdf = render_receipt_pdf(
            submission_receipt({*submission, form, spanish.value(), "Correos Plaza", 2, std::chrono::hours(-5)}));
        if (!pdf) return 1;
        receipt.push_back(ms_since(tap));
    }
    report.info("tap to committed, median", percentile(committed, 0.5), "ms");
    report.figure("tap to committed, p99", percentile(committed, 0.99), 50, "ms");
    report.info("tap to receipt PDF ready, median", percentile(receipt, 0.5), "ms");
    report.info("tap to receipt PDF ready, p99", percentile(receipt, 0.99), "ms");
    return report.exit_code();
}
