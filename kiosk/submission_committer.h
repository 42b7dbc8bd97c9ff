// "Enviar" off the UI thread: a form's answers frozen into a Submission and committed, sealed,
// to the outbox before the screen may say "done". Results come back by value through drain().
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/form_definition.h"
#include "kiosk/outbox.h"
#include "kiosk/result.h"
#include "kiosk/submission.h"
#include "kiosk/terminal_keys.h"

namespace ventanilla {

// What the citizen sent, with where and when.
struct SubmissionOrder {
    FormDefinition form;  // the version it was filled with (a copy: the catalog may change)
    nlohmann::json answers;
    std::string draft_id;  // the record's id, made when the form was opened
    std::string office_id;
    std::string terminal_id;
    WallTime now;
    std::chrono::year_month_day today;  // the office's local date
};

// The blocking core, for the worker and tests: the answers checked, frozen, sealed with the
// data key and committed under the draft's id. When the outbox already holds that id (the
// terminal died between the commit and the screen), the Submission committed then comes
// back, same reference and same receipt code (Ed25519 signs deterministically): a citizen is
// never given two references for one form.
Result<Submission> commit_submission(Outbox& outbox, const SubmissionOrder& order, const TerminalKeys& keys);

struct CommittedSubmission {
    std::uint64_t order = 0;  // what commit() returned
    Result<Submission> submission = make_error("submission.incomplete");
};

class SubmissionCommitter {
public:
    // Opens its own connection to the terminal's store and starts the thread. `wake` runs on
    // the worker when a result is ready; it must not block.
    static Result<std::unique_ptr<SubmissionCommitter>> start(const std::filesystem::path& db_path,
                                                              TerminalKeys keys, std::function<void()> wake);
    // Finishes the commit in hand: a citizen may be waiting for its reference.
    ~SubmissionCommitter();
    SubmissionCommitter(const SubmissionCommitter&) = delete;
    SubmissionCommitter& operator=(const SubmissionCommitter&) = delete;

    std::uint64_t commit(SubmissionOrder order);
    std::vector<CommittedSubmission> drain();

private:
    SubmissionCommitter(LocalStore store, TerminalKeys keys, std::function<void()> wake)
        : store_(std::move(store)), keys_(std::move(keys)), wake_(std::move(wake)) {}
    void run();

    LocalStore store_;  // used on the worker thread only
    TerminalKeys keys_;
    std::function<void()> wake_;
    std::mutex mutex_;
    std::condition_variable work_;
    std::deque<std::pair<std::uint64_t, SubmissionOrder>> orders_;
    std::vector<CommittedSubmission> done_;
    std::uint64_t next_id_ = 1;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace ventanilla
