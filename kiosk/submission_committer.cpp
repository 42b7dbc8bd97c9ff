#include "kiosk/submission_committer.h"

#include <sodium.h>

#include "kiosk/receipt_signature.h"
#include "kiosk/tracking_time.h"

namespace ventanilla {

namespace {

// The Submission an earlier commit of this draft left in the outbox, as it was committed.
Result<Submission> committed_before(const OutboxRecord& record, const TerminalKeys& keys) {
    auto content = is_sealed_content(record.content) ? open_sealed_content(record.content, keys.data_key)
                                                     : Result<std::string>(record.content);
    if (!content) return content.error();
    auto document = nlohmann::json::parse(content.value(), nullptr, /*allow_exceptions=*/false);
    auto created = document.is_object() ? parse_rfc3339(document.value("created_at", "")) : std::nullopt;
    if (!created) return make_error("sealed.damaged", "submission " + record.id);
    Submission submission;
    submission.id = record.id;
    submission.reference = document.value("reference", "");
    submission.form_id = document.value("form", "");
    submission.form_version = document.value("form_version", 1);
    submission.office_id = document.value("office", "");
    submission.terminal_id = document.value("terminal", "");
    submission.created_at = std::chrono::time_point_cast<std::chrono::seconds>(*created);
    submission.answers = document.value("answers", nlohmann::json::object());
    submission.receipt_code = sign_receipt(
        SignedReceipt{submission.reference, submission.terminal_id,
                      std::chrono::duration_cast<std::chrono::seconds>(submission.created_at.time_since_epoch()).count()},
        keys.signing);
    return submission;
}

}  // namespace

Result<Submission> commit_submission(Outbox& outbox, const SubmissionOrder& order, const TerminalKeys& keys) {
    auto earlier = outbox.find(order.draft_id);
    if (!earlier) return earlier.error();
    if (earlier.value()) return committed_before(*earlier.value(), keys);
    auto submission = finalize_submission(order.form, order.answers,
                                          SubmissionContext{order.draft_id, order.office_id, order.terminal_id,
                                                            keys.signing, order.now, order.today,
                                                            [] { return randombytes_random(); }});
    if (!submission) return submission.error();
    auto queued = outbox.enqueue_with_id(submission->id, "submission", submission->to_json(),
                                         submission->created_at, keys.data_key);
    if (!queued) return queued.error();
    return submission;
}

Result<std::unique_ptr<SubmissionCommitter>> SubmissionCommitter::start(const std::filesystem::path& db_path,
                                                                        TerminalKeys keys,
                                                                        std::function<void()> wake) {
    if (sodium_init() < 0) std::abort();
    auto store = LocalStore::open(db_path);
    if (!store) return store.error();
    std::unique_ptr<SubmissionCommitter> committer(
        new SubmissionCommitter(std::move(store.value()), std::move(keys), std::move(wake)));
    committer->thread_ = std::thread([c = committer.get()] { c->run(); });
    return committer;
}

SubmissionCommitter::~SubmissionCommitter() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    work_.notify_all();
    if (thread_.joinable()) thread_.join();
}

std::uint64_t SubmissionCommitter::commit(SubmissionOrder order) {
    std::uint64_t id = 0;
    {
        std::lock_guard lock(mutex_);
        id = next_id_++;
        orders_.emplace_back(id, std::move(order));
    }
    work_.notify_all();
    return id;
}

std::vector<CommittedSubmission> SubmissionCommitter::drain() {
    std::lock_guard lock(mutex_);
    return std::exchange(done_, {});
}

void SubmissionCommitter::run() {
    Outbox outbox(store_);
    for (;;) {
        std::unique_lock lock(mutex_);
        work_.wait(lock, [this] { return stopping_ || !orders_.empty(); });
        if (orders_.empty()) return;  // stopping, and nothing left that a citizen waits for
        auto [id, order] = std::move(orders_.front());
        orders_.pop_front();
        lock.unlock();
        CommittedSubmission result{id, commit_submission(outbox, order, keys_)};
        lock.lock();
        done_.push_back(std::move(result));
        lock.unlock();
        if (wake_) wake_();
    }
}

}  // namespace ventanilla
