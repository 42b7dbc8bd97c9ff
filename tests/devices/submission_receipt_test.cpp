// A procedure submitted at the kiosk and its receipt: the reference, the printable answers in
// the citizen's language (the carné never in full, unprintable answers not at all), the next
// steps, and a QR code that, read back off the paper at 203 dpi, proves the receipt genuine.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "devices/submission_receipt.h"
#include "kiosk/receipt_signature.h"
#include "kiosk/submission.h"
#include "tests/devices/receipt_test_support.h"
#include "tests/support/shipped_forms.h"

using namespace ventanilla;
using namespace ventanilla::testing;
using Json = nlohmann::json;

namespace {

const Json kGiro = {{"amount_cup", "1500,5"},
                    {"message", "Feliz cumpleaños"},
                    {"receiver_name", "Ana Pérez Núñez"},
                    {"receiver_ci", "90021512346"},
                    {"receiver_province", "santiago-de-cuba"},
                    {"receiver_municipality", "palma-soriano"},
                    {"receiver_address", "Calle 4 #12 e/ A y B"},
                    {"sender_name", "José Pérez"},
                    {"sender_ci", "62110412345"}};

// A seeded stand-in for libsodium's random numbers: the same reference every run.
std::function<std::uint32_t()> seeded() {
    return [state = std::uint32_t{12345}]() mutable { return state = state * 1664525u + 1013904223u; };
}

// A kiosk of Correos Plaza at 15:00 UTC on 23 November 2026.
SubmissionContext context_at_three_pm(const SigningKeys& keys) {
    WallTime now = std::chrono::sys_days{std::chrono::year(2026) / 11 / 23} + std::chrono::hours(15);
    return {"0b7e6c1e-4a9f-4c1e-9d2b-1f2e3d4c5b6a", "hav-plaza", "3f0c1a52-7d1e-4c55-9a0b-2b6d1e9f4a10", keys, now,
            std::chrono::year(2026) / 11 / 23, seeded()};
}

}  // namespace

TEST_CASE("submission: finalised with a reference and a signed code, refused when an answer is wrong") {
    FormDefinition form = shipped_form("postal-giro");
    SigningKeys keys = make_signing_keys();
    SubmissionContext context = context_at_three_pm(keys);
    auto submission = finalize_submission(form, kGiro, context);
    REQUIRE_MESSAGE(submission.ok(), submission.failure_text());
    CHECK(submission->id == context.draft_id);
    CHECK(submission->reference.size() == 8);
    CHECK(submission->form_version == 1);
    CHECK(submission->answers["amount_cup"] == "1500.50");
    Json uploaded = submission->to_json();
    CHECK(uploaded["created_at"] == "2026-11-23T15:00:00Z");
    CHECK_FALSE(uploaded.contains("receipt_code"));

    auto verified = verify_receipt(submission->receipt_code, {{context.terminal_id, keys.public_key}});
    REQUIRE_MESSAGE(verified.ok(), verified.failure_text());
    CHECK(verified->reference == submission->reference);

    Json wrong = kGiro;
    wrong["receiver_municipality"] = "centro-habana";  // not in Santiago de Cuba
    wrong.erase("sender_name");
    auto refused = finalize_submission(form, wrong, context);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "submission.incomplete");
    CHECK(refused.error().args.at("fields") == "receiver_municipality, sender_name");
}

TEST_CASE("submission receipt: printable answers only, the carné masked, and a QR that proves it genuine") {
    FormDefinition form = shipped_form("postal-giro");
    // The carné printed only when the form asks: for this test, the receiver's one.
    for (auto& step : form.steps) {
        for (auto& field : step.fields) {
            if (field.id == "receiver_ci") field.printable = true;
        }
    }
    SigningKeys keys = make_signing_keys();
    SubmissionContext context = context_at_three_pm(keys);
    auto submission = finalize_submission(form, kGiro, context);
    REQUIRE_MESSAGE(submission.ok(), submission.failure_text());
    std::string reference = submission->reference.substr(0, 4) + "-" + submission->reference.substr(4);

    Translations es = shipped_translations("es");
    SubmissionReceiptInput input{*submission, form, es, "Correos Plaza", 2, std::chrono::hours(-5)};
    ReceiptDocument doc = submission_receipt(input);
    auto [pdf, text] = render_and_read(doc, "submission_giro_es.pdf");
    CHECK(text.find("Giro postal nacional") != std::string::npos);
    CHECK(text.find(reference) != std::string::npos);
    CHECK(text.find("23/11/2026 10:00") != std::string::npos);  // local time, UTC-5
    CHECK(text.find("Importe en CUP 1500,50") != std::string::npos);
    CHECK(text.find("Santiago de Cuba") != std::string::npos);
    CHECK(text.find("Palma Soriano") != std::string::npos);
    CHECK(text.find("********346") != std::string::npos);
    CHECK(text.find("90021512346") == std::string::npos);
    CHECK(text.find("62110412345") == std::string::npos);  // the sender's: not printable at all
    CHECK(text.find("Ana Pérez") == std::string::npos);     // names are not printable
    CHECK(text.find("Feliz cumpleaños") == std::string::npos);
    CHECK(text.find("Próximos pasos") != std::string::npos);
    CHECK(text.find("durante 90 días") != std::string::npos);
    CHECK(text.find("COPIA") == std::string::npos);

    auto codes = codes_on_paper(doc);
    REQUIRE(codes.size() == 1);
    auto verified = verify_receipt(codes[0].text, {{context.terminal_id, keys.public_key}});
    REQUIRE_MESSAGE(verified.ok(), verified.failure_text());
    CHECK(verified->reference == submission->reference);

    Translations en = shipped_translations("en");
    SubmissionReceiptInput copy{*submission, form, en, "Correos Plaza", 2, std::chrono::hours(-5), true};
    auto [copy_pdf, copy_text] = render_and_read(submission_receipt(copy), "submission_giro_en_copy.pdf");
    CHECK(copy_text.find("COPY") != std::string::npos);
    CHECK(copy_text.find("National postal money order") != std::string::npos);
    CHECK(copy_text.find("Amount in CUP 1500.50") != std::string::npos);
}
