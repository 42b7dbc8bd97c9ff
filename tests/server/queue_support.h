// Helpers of the queue tests: terminals of an office, tickets, counter sessions, SQL beside the server.
#pragma once

#include <sqlite3.h>

#include <string>
#include <vector>

#include "kiosk/tracking_time.h"
#include "kiosk/uuid.h"
#include "tests/support/central.h"
#include "tests/support/enrolled_device.h"
#include "tests/support/postgres.h"

namespace ventanilla::testing {

inline httplib::Headers bearer(const std::string& token, const std::string& session = "") {
    httplib::Headers headers{{"Authorization", "Bearer " + token}};
    if (!session.empty()) headers.emplace("Ventanilla-Session", session);
    return headers;
}

inline nlohmann::json ticket_body(const std::string& service,
                                  const nlohmann::json& priority = nullptr,
                                  const std::string& id = make_uuid_v4()) {
    return {{"id", id},
            {"service", service},
            {"priority", priority},
            {"created_at", format_rfc3339_utc(std::chrono::system_clock::now())}};
}

inline httplib::Result post_ticket(const CentralServer& central, const EnrolledDevice& kiosk,
                                   const nlohmann::json& body,
                                   const std::string& office = "hav-plaza") {
    return central.client().Post("/api/v1/offices/" + office + "/tickets", bearer(kiosk.token),
                                 body.dump(), "application/json");
}

inline std::string counter_path(int counter, const std::string& what,
                                const std::string& office = "hav-plaza") {
    return "/api/v1/offices/" + office + "/counters/" + std::to_string(counter) + "/" + what;
}

inline httplib::Result open_session(const CentralServer& central, const EnrolledDevice& device,
                                    int counter, const std::string& clerk, const std::string& pin,
                                    const std::vector<std::string>& services,
                                    const std::string& office = "hav-plaza") {
    const nlohmann::json body = {{"clerk", clerk}, {"pin", pin}, {"services", services}};
    return central.client().Post(counter_path(counter, "session", office), bearer(device.token),
                                 body.dump(), "application/json");
}

inline httplib::Result counter_post(const CentralServer& central, const EnrolledDevice& device,
                                    int counter, const std::string& session,
                                    const std::string& action,
                                    const nlohmann::json& body = nullptr,
                                    const std::string& office = "hav-plaza") {
    auto client = central.client();
    client.set_read_timeout(30);
    if (body.is_null()) {
        return client.Post(counter_path(counter, action, office), bearer(device.token, session),
                           "", "application/json");
    }
    return client.Post(counter_path(counter, action, office), bearer(device.token, session),
                       body.dump(), "application/json");
}

// Runs SQL that changes a server's database beside it (test set-up only: more clerks,
// a service without counter limits).
inline void run_sql(const std::string& database, const std::string& sql) {
    if (database.starts_with("postgresql://")) {
        auto status = run_postgres_sql(database, sql);
        REQUIRE_MESSAGE(status.ok(), status.failure_text());
        return;
    }
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(database.c_str(), &db) == SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    const std::string why = message ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    REQUIRE_MESSAGE(rc == SQLITE_OK, why);
}

// Clerks "c1".."cN" at hav-plaza with ana's PIN (2580).
inline void add_test_clerks(const std::string& database, int count) {
    for (int i = 1; i <= count; ++i) {
        run_sql(database,
                "INSERT INTO clerks (office_id, id, name, pin_hash) SELECT office_id, 'c" +
                    std::to_string(i) + "', 'Clerk " + std::to_string(i) +
                    "', pin_hash FROM clerks WHERE office_id = 'hav-plaza' AND id = 'ana'");
    }
}

}  // namespace ventanilla::testing
