// "Enviar" committed off the UI thread: sealed in the outbox under the draft's id, and the
// same reference and receipt code again when a crash makes the kiosk commit it a second time.
#include "kiosk/submission_committer.h"

#include <doctest/doctest.h>

#include "kiosk/uuid.h"
#include "tests/kiosk/file_bytes.h"
#include "tests/support/process.h"
#include "tests/support/shipped_forms.h"

using namespace ventanilla;
using namespace ventanilla::testing;

namespace {

SubmissionOrder complaint_order(const FormDefinition& form) {
    const auto now = std::chrono::system_clock::now();
    return SubmissionOrder{form,
                           {{"kind", "complaint"},
                            {"about", "queue"},
                            {"text", "Esperé dos horas en la cola"},
                            {"wants_answer", "no"}},
                           make_uuid_v4(),
                           "hav-plaza",
                           "3f0c1a52-7d1e-4c55-9a0b-2b6d1e9f4a10",
                           now,
                           std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(now))};
}

}  // namespace

TEST_CASE("submission committer: sealed under the draft id, and a second commit after a crash gives the same reference and receipt code") {
    TempDir dir;
    auto store = LocalStore::open(dir.file("terminal.db"));
    auto keys = load_or_make_terminal_keys(dir.file("terminal.secrets.json"));
    REQUIRE(store.ok());
    REQUIRE(keys.ok());
    Outbox outbox(store.value());
    const FormDefinition form = shipped_form("complaint-suggestion");
    const SubmissionOrder order = complaint_order(form);

    auto first = commit_submission(outbox, order, keys.value());
    REQUIRE_MESSAGE(first.ok(), first.failure_text());
    CHECK(first->id == order.draft_id);
    CHECK(first->reference.size() == 8);
    auto kept = outbox.find(order.draft_id);
    REQUIRE(kept.ok());
    REQUIRE(kept->has_value());
    CHECK(is_sealed_content((*kept)->content));
    CHECK(kiosk_test::read_bytes(dir.file("terminal.db-wal")).find("Esperé") == std::string::npos);

    auto again = commit_submission(outbox, order, keys.value());
    REQUIRE_MESSAGE(again.ok(), again.failure_text());
    CHECK(again->reference == first->reference);
    CHECK(again->receipt_code == first->receipt_code);
    CHECK(again->created_at == first->created_at);
    CHECK(again->answers == first->answers);
    CHECK(outbox.counts()->waiting == 1);

    // Answers the wizard should have refused: nothing is queued, the fields are named.
    SubmissionOrder incomplete = complaint_order(form);
    incomplete.answers.erase("text");
    auto refused = commit_submission(outbox, incomplete, keys.value());
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "submission.incomplete");
    CHECK(outbox.counts()->waiting == 1);
}

TEST_CASE("submission committer: the worker commits and hands the submission back through drain") {
    TempDir dir;
    REQUIRE(LocalStore::open(dir.file("terminal.db")).ok());
    auto keys = load_or_make_terminal_keys(dir.file("terminal.secrets.json"));
    REQUIRE(keys.ok());
    std::atomic<int> wakes{0};
    auto committer = SubmissionCommitter::start(dir.file("terminal.db"), keys.value(), [&] { ++wakes; });
    REQUIRE(committer.ok());
    const FormDefinition form = shipped_form("complaint-suggestion");
    const std::uint64_t order = (*committer)->commit(complaint_order(form));
    std::vector<CommittedSubmission> done;
    REQUIRE(wait_until([&] {
        for (auto& d : (*committer)->drain()) done.push_back(std::move(d));
        return !done.empty();
    }, 5s, 5ms));
    CHECK(wakes.load() >= 1);
    REQUIRE(done.size() == 1);
    CHECK(done[0].order == order);
    REQUIRE(done[0].submission.ok());
    CHECK(done[0].submission->form_id == "complaint-suggestion");
}
