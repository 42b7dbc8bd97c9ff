// The clerk's receipt desk without a window or a server: a genuine code opens the submission,
// a forged or unreadable one opens nothing, one from an unknown terminal is checked again with
// fresh keys and flagged, an outcome needs a reason unless processed, and a failed call keeps
// what the clerk chose and typed. The kiosk's status flow reads a code without keys.
#include <doctest/doctest.h>

#include "kiosk/background_jobs.h"
#include "kiosk/receipt_desk.h"
#include "kiosk/receipt_status_flow.h"
#include "kiosk/reference_code.h"
#include "tests/support/process.h"

using namespace ventanilla;
using Json = nlohmann::json;

namespace {

const std::string kTerminal = "3f0c1a52-7d1e-4c55-9a0b-2b6d1e9f4a10";

struct Signed {
    SigningKeys keys = make_signing_keys();
    std::string code = sign_receipt({"7K3MQ9XC", kTerminal, 1795430000}, keys);
    KnownTerminals known() const { return {{kTerminal, keys.public_key}}; }
};

OpenedSubmission opened_complaint() {
    Json body = {{"reference", "7K3MQ9XC"},
                 {"form", "complaint-suggestion"},
                 {"form_version", 1},
                 {"office", "hav-plaza"},
                 {"terminal", kTerminal},
                 {"created_at", "2026-11-23T15:00:00.000Z"},
                 {"received_at", "2026-11-23T15:00:02Z"},
                 {"answers", {{"text", "Esperé dos horas."}, {"full_name", "María Pérez"}}},
                 {"state", {{"status", "received"}, {"reason", nullptr}, {"answer", nullptr}, {"updated_at", nullptr}}}};
    auto opened = parse_opened_submission(body);
    REQUIRE_MESSAGE(opened.ok(), opened.failure_text());
    return opened.value();
}

// A desk with the submission open, as after a genuine scan.
ReceiptDesk open_desk(const Signed& receipt) {
    ReceiptDesk desk;
    auto request = desk.scan(receipt.code, receipt.known(), "ana");
    REQUIRE(request.has_value());
    desk.on_opened(request->id, opened_complaint(), std::nullopt, std::nullopt);
    REQUIRE(desk.phase() == DeskPhase::open);
    return desk;
}

}  // namespace

TEST_CASE("receipt desk: a genuine receipt asks for its submission by reference, and shows it") {
    Signed receipt;
    ReceiptDesk desk;
    auto request = desk.scan(receipt.code, receipt.known(), "ana");
    REQUIRE(request.has_value());
    CHECK(request->kind == DeskRequest::Kind::open);
    CHECK(request->reference == "7K3MQ9XC");
    CHECK_FALSE(request->refresh_keys);
    CHECK(desk.phase() == DeskPhase::opening);
    CHECK(desk.busy());

    desk.on_opened(request->id + 100, opened_complaint(), std::nullopt, std::nullopt);  // not its answer
    CHECK(desk.phase() == DeskPhase::opening);
    desk.on_opened(request->id, opened_complaint(), std::nullopt, std::nullopt);
    CHECK(desk.phase() == DeskPhase::open);
    CHECK_FALSE(desk.unknown_terminal());
    REQUIRE(desk.submission().has_value());
    CHECK(desk.submission()->answers["full_name"] == "María Pérez");
    CHECK(desk.chosen_status().empty());  // received: nothing chosen for the clerk
}

TEST_CASE("receipt desk: a tampered code is refused as forged and opens nothing, garbage as unreadable") {
    Signed receipt;
    ReceiptDesk desk;
    // Another genuine-looking reference under the same signature: the sum of a tampered QR.
    std::string tampered = receipt.code;
    tampered.replace(4, 8, "2222222" + std::string(1, reference_check_symbol("2222222")));
    CHECK_FALSE(desk.scan(tampered, receipt.known(), "ana").has_value());
    CHECK(desk.phase() == DeskPhase::refused);
    REQUIRE(desk.problem().has_value());
    CHECK(desk.problem()->code == "receipt.forged");
    CHECK_FALSE(desk.submission().has_value());

    CHECK_FALSE(desk.scan("VS1:not-a-receipt", receipt.known(), "ana").has_value());
    CHECK(desk.problem()->code == "receipt.unreadable");
    desk.close();
    CHECK(desk.phase() == DeskPhase::closed);
    CHECK_FALSE(desk.problem().has_value());
}

TEST_CASE("receipt desk: an unknown terminal's receipt is checked again with fresh keys and flagged if still unknown") {
    Signed receipt;
    ReceiptDesk desk;
    auto request = desk.scan(receipt.code, {}, "ana");
    REQUIRE(request.has_value());
    CHECK(request->refresh_keys);
    CHECK(request->code == receipt.code);
    CHECK(desk.unknown_terminal());
    // Still unknown after the refresh: opened, flagged for the clerk.
    desk.on_opened(request->id, opened_complaint(), make_error("receipt.unknown_terminal"), std::nullopt);
    CHECK(desk.phase() == DeskPhase::open);
    CHECK(desk.unknown_terminal());

    // The fresh keys know it: opened, not flagged.
    auto again = desk.scan(receipt.code, {}, "ana");
    REQUIRE(again.has_value());
    desk.on_opened(again->id, opened_complaint(), std::nullopt, std::nullopt);
    CHECK_FALSE(desk.unknown_terminal());

    // The fresh key says the code was altered: refused, nothing shown.
    auto third = desk.scan(receipt.code, {}, "ana");
    REQUIRE(third.has_value());
    desk.on_opened(third->id, opened_complaint(), make_error("receipt.forged"), std::nullopt);
    CHECK(desk.phase() == DeskPhase::refused);
    CHECK_FALSE(desk.submission().has_value());
}

TEST_CASE("receipt desk: nobody logged in opens nothing, a failed fetch keeps the receipt for a retry") {
    Signed receipt;
    ReceiptDesk desk;
    CHECK_FALSE(desk.scan(receipt.code, receipt.known(), "").has_value());
    CHECK(desk.problem()->code == "desk.log_in_first");

    auto request = desk.scan(receipt.code, receipt.known(), "ana");
    REQUIRE(request.has_value());
    desk.on_opened(request->id, make_error("net.unreachable"), std::nullopt, std::nullopt);
    CHECK(desk.phase() == DeskPhase::failed);
    CHECK(desk.problem()->code == "net.unreachable");
    auto retry = desk.retry();
    REQUIRE(retry.has_value());
    CHECK(retry->reference == "7K3MQ9XC");
    CHECK(retry->id != request->id);
    desk.on_opened(retry->id, make_error("submission.unknown"), std::nullopt, std::nullopt);
    CHECK(desk.problem()->code == "submission.unknown");
}

TEST_CASE("receipt desk: needs documents and rejected need a reason, a failed save keeps the outcome as typed") {
    Signed receipt;
    ReceiptDesk desk = open_desk(receipt);
    CHECK_FALSE(desk.save("ana").has_value());  // nothing chosen
    desk.choose("needs_documents");
    CHECK_FALSE(desk.save("ana").has_value());
    CHECK(desk.problem()->code == "desk.reason_required");
    desk.set_reason(std::string(kMaxOutcomeReasonBytes + 1, 'x'));
    CHECK(desk.outcome_problem()->code == "desk.reason_too_long");
    desk.set_reason("Falta la denuncia policial");
    desk.set_answer("Tráigala el lunes.");
    auto save = desk.save("ana");
    REQUIRE(save.has_value());
    CHECK(save->kind == DeskRequest::Kind::save);
    CHECK(save->outcome == ClerkOutcome{"needs_documents", "Falta la denuncia policial", "Tráigala el lunes.", "ana"});
    CHECK(desk.saving());
    CHECK_FALSE(desk.save("ana").has_value());  // a double tap sends nothing more

    desk.on_saved(save->id, make_error("counter.server_error", "HTTP 500", {{"status", "500"}}));
    CHECK_FALSE(desk.saving());
    CHECK_FALSE(desk.saved());
    CHECK(desk.problem()->code == "counter.server_error");
    CHECK(desk.chosen_status() == "needs_documents");
    CHECK(desk.reason() == "Falta la denuncia policial");
    CHECK(desk.answer() == "Tráigala el lunes.");

    auto again = desk.save("ana");
    REQUIRE(again.has_value());
    SubmissionStatus stored{"7K3MQ9XC", "complaint-suggestion", "hav-plaza", "", "needs_documents",
                            "Falta la denuncia policial", "Tráigala el lunes.", "2026-11-24T10:00:00Z"};
    desk.on_saved(again->id, stored);
    CHECK(desk.saved());
    CHECK(desk.submission()->status.status == "needs_documents");

    // Processed needs no reason, and sends none.
    desk.choose("processed");
    auto processed = desk.save("ana");
    REQUIRE(processed.has_value());
    CHECK(processed->outcome.reason.empty());
}

TEST_CASE("submission client: the server's answers are read strictly, an odd one is a bad answer") {
    CHECK(parse_opened_submission(Json::object()).error().code == "counter.bad_answer");
    Json no_answers = {{"reference", "7K3MQ9XC"}, {"form", "x"}, {"form_version", 1}, {"state", {{"status", "received"}}}};
    CHECK(parse_opened_submission(no_answers).error().args.at("reason") == "no_answers");
    CHECK(parse_submission_status(Json{{"status", 3}}).error().code == "counter.bad_answer");
    auto status = parse_submission_status(Json{{"reference", "7K3MQ9XC"}, {"status", "rejected"}, {"reason", "Duplicada"},
                                               {"answer", nullptr}});
    REQUIRE(status.ok());
    CHECK(status->reason == "Duplicada");
    CHECK(status->answer.empty());

    Json keys = {{"terminals", {{{"device_id", kTerminal}, {"office_id", "hav-plaza"}, {"terminal_number", 4},
                                 {"signing_key", "AAAA"}}}}};
    CHECK(parse_terminal_keys(keys).error().args.at("reason") == "bad_signing_key");
    Signed receipt;
    TerminalKeyList list{"\"keys-1\"", {{kTerminal, "hav-plaza", 4, receipt.keys.public_key}}};
    auto back = parse_terminal_keys(terminal_keys_to_json(list));
    REQUIRE(back.ok());
    CHECK(back->etag == "\"keys-1\"");
    CHECK(back->known() == receipt.known());
}

TEST_CASE("receipt status flow: a kiosk reads the reference without keys and shows only where it stands") {
    Signed receipt;
    ReceiptStatusFlow flow;
    auto asked = flow.scan(receipt.code);
    REQUIRE(asked.has_value());
    CHECK(asked->second == "7K3MQ9XC");
    CHECK(flow.phase() == ReceiptStatusPhase::looking_up);
    flow.on_answer(asked->first, SubmissionStatus{"7K3MQ9XC", "complaint-suggestion", "hav-plaza", "", "processed", "",
                                                  "Reforzamos la ventanilla 2.", ""});
    CHECK(flow.phase() == ReceiptStatusPhase::shown);
    CHECK(flow.status()->answer == "Reforzamos la ventanilla 2.");

    CHECK_FALSE(flow.scan("VS1:garbage").has_value());
    CHECK(flow.phase() == ReceiptStatusPhase::failed);
    CHECK(flow.problem()->code == "receipt.unreadable");

    auto second = flow.scan(receipt.code);
    REQUIRE(second.has_value());
    flow.reset();  // the citizen left before the answer came
    flow.on_answer(second->first, make_error("net.timeout"));
    CHECK(flow.phase() == ReceiptStatusPhase::idle);
    CHECK_FALSE(flow.status().has_value());
}

TEST_CASE("background jobs: results are applied on the draining thread, in order, and a job left running is cut short") {
    std::atomic<int> woken{0};
    std::vector<int> applied;
    {
        BackgroundJobs jobs([&] { ++woken; });
        for (int i = 0; i < 3; ++i) {
            jobs.post([&applied, i](const std::atomic<bool>&) -> BackgroundJobs::Apply {
                return [&applied, i] { applied.push_back(i); };
            });
        }
        REQUIRE(testing::wait_until([&] { return woken.load() == 3; }, std::chrono::seconds(5),
                                    std::chrono::milliseconds(5)));
        CHECK(applied.empty());  // nothing touches the caller's state from the worker
        CHECK(jobs.apply_finished() == 3);
        CHECK(applied == std::vector<int>{0, 1, 2});
        CHECK(jobs.idle());
        jobs.post([](const std::atomic<bool>& stopping) -> BackgroundJobs::Apply {
            while (!stopping) std::this_thread::sleep_for(std::chrono::milliseconds(5));
            return {};
        });
    }  // the destructor stops the running job and joins
    CHECK(applied.size() == 3);
}
