// The wizard without a window: each submission it commits to the outbox is announced once, on
// the UI thread, with the record already there, so the Terminal wakes its uploader. Before, a
// complaint sat in the outbox until the uploader's next idle look (30 s), and the citizen who
// walked to the counter with the receipt found the clerk's terminal could not open it yet.
#include "ui/form_wizard.h"

#include <doctest/doctest.h>

#include "kiosk/outbox.h"
#include "tests/support/process.h"
#include "tests/support/shipped_forms.h"

using namespace ventanilla;
using namespace ventanilla::testing;
using namespace ventanilla::ui;

namespace {

struct WizardUnderTest {
    TempDir dir;
    Translations text;
    std::vector<std::int64_t> waiting_when_announced;  // the outbox's waiting records at each call
    std::unique_ptr<FormWizard> wizard;

    WizardUnderTest() {
        auto loaded = load_translations(std::string(VENTANILLA_SOURCE_DIR) + "/assets/i18n", "es");
        REQUIRE(loaded.ok());
        text = std::move(loaded).value();
        REQUIRE(LocalStore::open(dir.file("terminal.db")).ok());
        auto keys = load_or_make_terminal_keys(dir.file("terminal.secrets.json"));
        REQUIRE(keys.ok());
        wizard = std::make_unique<FormWizard>(FormWizardSetup{
            dir.file("form-draft.sealed"), dir.file("terminal.db"), keys.value(), "hav-plaza",
            "3f0c1a52-7d1e-4c55-9a0b-2b6d1e9f4a10", [] {}, [this] {
                auto store = LocalStore::open(dir.file("terminal.db"));
                REQUIRE(store.ok());
                waiting_when_announced.push_back(Outbox(store.value()).counts()->waiting);
            }});
        KeptForms forms;
        forms.forms.push_back(shipped_form("complaint-suggestion"));
        wizard->set_forms(std::move(forms));
    }

    void apply(FormIntents intents) {
        const auto now = std::chrono::system_clock::now();
        wizard->apply(intents, now, std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(now)));
    }

    // A complaint filled and sent, as the screen's intents would have it.
    void send_complaint(const std::string& message) {
        FormIntents open;
        open.open_form = "complaint-suggestion";
        apply(open);
        answer("kind", "complaint");
        answer("about", "queue");
        FormIntents typing;
        typing.focus = "text";
        typing.typed = message;
        apply(typing);
        next();
        answer("wants_answer", "no");
        next();
        REQUIRE(wizard->state()["phase"] == "reviewing");
        FormIntents send;
        send.submit = true;
        apply(send);
    }
    void answer(const std::string& field, const std::string& value) {
        FormIntents intents;
        intents.answer = std::pair{field, nlohmann::json(value)};
        apply(intents);
    }
    void next() {
        FormIntents intents;
        intents.next = true;
        apply(intents);
    }

    // One turn of the UI loop (no printer here).
    void poll() { wizard->poll(nullptr, ReceiptPlace{text, "Correos Plaza", 7, std::chrono::minutes(0), {}}); }
    void poll_until_announced(std::size_t announced) {
        REQUIRE(wait_until([&] {
            poll();
            return waiting_when_announced.size() >= announced;
        }, 5s, 5ms));
    }
};

}  // namespace

TEST_CASE("form wizard: every submission committed to the outbox is announced once, also when the citizen left before the commit came back") {
    WizardUnderTest under_test;
    under_test.send_complaint("Esperé dos horas en la cola");
    CHECK(under_test.waiting_when_announced.empty());  // only from poll, on the UI thread
    under_test.poll_until_announced(1);
    CHECK(under_test.wizard->state()["phase"] == "submitted");
    CHECK(under_test.waiting_when_announced == std::vector<std::int64_t>{1});

    // The next citizen sends theirs and walks away at once: it is in the outbox all the same,
    // and must go up as soon as the other.
    under_test.wizard->end();
    under_test.send_complaint("Nadie atendía la ventanilla 3");
    under_test.wizard->end();
    under_test.poll_until_announced(2);
    CHECK(under_test.waiting_when_announced == std::vector<std::int64_t>{1, 2});
    under_test.poll();
    CHECK(under_test.waiting_when_announced.size() == 2);  // once each
}
