// SqliteCentralStore: the CentralStore in one SQLite file (one office, a demo, tests).
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "server/central_store.h"
#include "server/sqlite_group_commit.h"

struct sqlite3;

namespace ventanilla {

class SqliteCentralStore final : public CentralStore {
public:
    // Opens the database at `path`, creating it if missing, and brings its
    // schema up to date with numbered migrations (PRAGMA user_version).
    //
    // Refuses, without writing a byte, a file that is not an SQLite database or
    // is damaged ("store.corrupt"), one that holds someone else's tables
    // ("store.foreign"), and one whose schema is newer than this program
    // ("store.schema_too_new"): the operator must look at it, we never wipe it.
    static Result<std::unique_ptr<SqliteCentralStore>> open(const std::string& path);

    // The schema version this program creates and understands.
    static int latest_schema_version();

    ~SqliteCentralStore() override;
    SqliteCentralStore(const SqliteCentralStore&) = delete;
    SqliteCentralStore& operator=(const SqliteCentralStore&) = delete;

    std::string_view backend() const override { return "sqlite"; }
    Status check() override;
    Result<std::vector<Office>> offices() override;
    Result<std::optional<Office>> office(std::string_view id) override;
    Status put_offices(std::span<const Office> offices) override;
    Result<std::optional<std::vector<PostalEvent>>> tracking_events(
        std::string_view item_id) override;
    Result<std::vector<TrackingWrite>> put_tracking_events(std::span<const PostalEvent> events,
                                                           std::int64_t received_at_s) override;
    Status put_enrolment_code(const EnrolmentCodeGrant& code) override;
    Result<EnrolmentResult> redeem_enrolment_code(std::string_view code_hash,
                                                  const Device& device,
                                                  std::string_view token_hash,
                                                  std::int64_t now_s) override;
    Result<std::optional<Device>> device_by_token_hash(std::string_view token_hash) override;
    Result<bool> revoke_device(std::string_view device_id, std::int64_t now_s) override;
    Result<std::vector<RecordWrite>> put_records(std::string_view device_id,
                                                 std::span<const DeviceRecord> records,
                                                 std::int64_t received_at_s) override;
    Result<std::optional<StoredRecord>> record(std::string_view id) override;
    Result<std::optional<StoredRecord>> submission_by_reference(std::string_view reference) override;
    Result<std::vector<Device>> signing_devices() override;
    Result<std::optional<SubmissionState>> submission_state(std::string_view reference) override;
    Status put_submission_state(std::string_view reference, const SubmissionState& state) override;
    Status queue_transaction(std::string_view office_id, QueueAccess access,
                             const QueueWork& work) override;

private:
    // The record that `where` (with ?1 bound to `value`) finds; nullopt when none.
    Result<std::optional<StoredRecord>> one_record(std::string_view where, std::string_view value, const char* what);

    explicit SqliteCentralStore(sqlite3* db) : db_(db) {}

    Result<std::vector<Office>> load_offices(std::optional<std::string_view> only_id);

    // One connection shared by the request threads; SQLite serialises writers
    // anyway, and the catalog is small, so a mutex costs nothing that matters.
    std::mutex mutex_;
    sqlite3* db_;
    // What every request runs (the token look-up) is prepared once; guarded by mutex_.
    SqliteStatementCache statements_;
    std::unique_ptr<SqliteGroupCommit> queue_writers_;  // a connection of its own
};

}  // namespace ventanilla
