#include "tests/support/kiosk_submission.h"

#include <sodium.h>

#include "kiosk/outbox.h"
#include "kiosk/outbox_worker.h"
#include "kiosk/uuid.h"
#include "tests/support/enrolled_device.h"
#include "tests/support/shipped_forms.h"

namespace ventanilla::testing {

Result<SigningKiosk> enrol_signing_kiosk(const CentralServer& central, const TempDir& dir,
                                         const std::string& office_id, int terminal_number) {
    const std::string secrets_path = dir.file("kiosk.secrets.json");
    auto keys = load_or_make_terminal_keys(secrets_path);
    if (!keys) return keys.error();
    auto code = issue_enrolment_code(central, "kiosk", office_id);
    if (!code) return code.error();
    EnrolmentRequest request;
    request.server_url = central.base_url();
    request.code = code.value();
    request.terminal_number = terminal_number;
    request.name = "Quiosco " + std::to_string(terminal_number);
    request.signing_public_key = keys->signing.public_key;
    auto credentials = enrol_terminal(request);
    if (!credentials) return credentials.error();
    return SigningKiosk{std::move(credentials).value(), std::move(keys).value(), dir.file("kiosk.db"), secrets_path};
}

Result<Submission> submit_from_kiosk(const CentralServer& central, const SigningKiosk& kiosk,
                                     const std::string& form_id, const nlohmann::json& answers,
                                     std::chrono::system_clock::time_point now) {
    FormDefinition form = shipped_form(form_id);
    const auto today = std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(now));
    const std::string draft_id = make_uuid_v4();
    auto submission = finalize_submission(
        form, answers,
        {draft_id, kiosk.credentials.office_id, kiosk.credentials.device_id, kiosk.keys.signing, now, today,
         [] { return randombytes_random(); }});
    if (!submission) return submission.error();
    {
        auto store = LocalStore::open(kiosk.db_path);
        if (!store) return store.error();
        Outbox outbox(store.value());
        auto queued = outbox.enqueue_with_id(draft_id, "submission", submission->to_json(), now, kiosk.keys.data_key);
        if (!queued) return queued.error();
    }
    OutboxWorkerOptions options;
    options.db_path = kiosk.db_path;
    options.endpoint.base_url = central.base_url();
    options.endpoint.device_id = kiosk.credentials.device_id;
    options.endpoint.token = kiosk.credentials.token;
    options.data_key = kiosk.keys.data_key;
    auto worker = OutboxWorker::start(std::move(options));
    if (!worker) return worker.error();
    if (!(*worker)->wait_until_drained(std::chrono::seconds(15)) || (*worker)->state().records_set_aside > 0) {
        return make_error("test.submit", "the submission was not acknowledged: " + (*worker)->state().last_error_code);
    }
    return submission;
}

}  // namespace ventanilla::testing
