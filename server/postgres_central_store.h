// PostgresCentralStore: the CentralStore in PostgreSQL, shared by several server processes.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "server/central_store.h"
#include "server/postgres_connection.h"

namespace ventanilla {

class PostgresCentralStore final : public CentralStore {
public:
    // Connects with `conninfo` (a "postgresql://" URI or a libpq keyword
    // string) and brings the schema up to date with numbered migrations
    // recorded in `schema_migrations`. Migrations run under an advisory lock,
    // so processes starting together take turns and the later ones find the
    // work done.
    //
    // Refuses, without writing anything, a database that holds tables but no
    // ventanilla-central schema ("store.foreign") and one whose schema is newer
    // than this program ("store.schema_too_new"). "store.open_failed" when the
    // server cannot be reached.
    static Result<std::unique_ptr<PostgresCentralStore>> open(const std::string& conninfo);

    // The schema version this program creates and understands.
    static int latest_schema_version();

    PostgresCentralStore(const PostgresCentralStore&) = delete;
    PostgresCentralStore& operator=(const PostgresCentralStore&) = delete;

    std::string_view backend() const override { return "postgresql"; }
    Status check() override;
    Result<std::vector<Office>> offices() override;
    Result<std::optional<Office>> office(std::string_view id) override;
    Status put_offices(std::span<const Office> offices) override;
    Result<std::optional<std::vector<PostalEvent>>> tracking_events(
        std::string_view item_id) override;
    Result<std::vector<TrackingWrite>> put_tracking_events(std::span<const PostalEvent> events,
                                                           std::int64_t received_at_s) override;
    Status put_enrolment_code(const EnrolmentCodeGrant& code) override;
    Result<EnrolmentResult> redeem_enrolment_code(std::string_view code_hash, const Device& device,
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
    PostgresCentralStore(const std::string& conninfo, const std::string& display);

    // Runs `work` inside one transaction on a pooled connection, and runs it
    // again (a few times) when PostgreSQL aborted it for a serialization
    // failure or a deadlock, or when a pooled connection turned out dead. An empty
    // `begin` sends no BEGIN or COMMIT, for work that runs a single SELECT.
    Status in_transaction(std::string_view begin, const std::function<Status(PgConnection&)>& work);

    Result<std::vector<Office>> load_offices(std::optional<std::string_view> only_id);

    PgPool pool_;
};

}  // namespace ventanilla
