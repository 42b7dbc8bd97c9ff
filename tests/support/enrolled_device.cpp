#include "tests/support/enrolled_device.h"

#include <sqlite3.h>

#include <regex>

namespace ventanilla::testing {

namespace {

// Runs `sql` on its own connection and gives every row's first column as text.
std::vector<std::string> sqlite_column(const std::string& db_path, const std::string& sql) {
    std::vector<std::string> values;
    sqlite3* db = nullptr;
    // Read-write (never create): a file left by a killed process has a WAL to recover first,
    // which a read-only connection cannot do. Only SELECTs and pragmas are run.
    if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        sqlite3_close_v2(db);
        return values;
    }
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK) {
        while (sqlite3_step(statement) == SQLITE_ROW) {
            const auto* text = sqlite3_column_text(statement, 0);
            values.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
        }
    }
    sqlite3_finalize(statement);
    sqlite3_close_v2(db);
    return values;
}

}  // namespace

Result<std::string> issue_enrolment_code(const CentralServer& central, const std::string& role,
                                         const std::string& office_id) {
    auto run = run_central({"--db", central.db_path(), "--issue-enrolment-code", "--role", role,
                            "--office", office_id});
    if (!run) return make_error("test.issue_code", "ventanilla-central did not exit");
    std::smatch match;
    static const std::regex kCode(R"(([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}))");
    if (run->exit_code != 0 || !std::regex_search(run->output, match, kCode)) {
        return make_error("test.issue_code",
                          "exit " + std::to_string(run->exit_code) + ": " + run->output);
    }
    return match[1].str();
}

Result<EnrolledDevice> enrol_device(const CentralServer& central, const std::string& role,
                                    const std::string& office_id, int terminal_number) {
    auto code = issue_enrolment_code(central, role, office_id);
    if (!code) return code.error();
    const nlohmann::json request = {{"code", *code},
                                    {"terminal_number", terminal_number},
                                    {"name", "Terminal " + std::to_string(terminal_number)}};
    auto reply = central.client().Post("/api/v1/enrolment", request.dump(), "application/json");
    const auto body = body_json(reply);
    if (!reply || reply->status != 201 || !body.is_object()) {
        return make_error("test.enrol", reply ? reply->body : "no answer");
    }
    return EnrolledDevice{body.value("device_id", ""), body.value("token", ""),
                          body.value("role", ""), body.value("office_id", "")};
}

std::int64_t sqlite_integer(const std::string& db_path, const std::string& sql) {
    const auto values = sqlite_column(db_path, sql);
    if (values.empty()) return -1;
    try {
        return std::stoll(values.front());
    } catch (...) {
        return -1;
    }
}

std::string sqlite_integrity(const std::string& db_path) {
    const auto values = sqlite_column(db_path, "PRAGMA integrity_check");
    if (values.empty()) return "(cannot open " + db_path + ")";
    std::string joined;
    for (const auto& value : values) joined += (joined.empty() ? "" : "; ") + value;
    return joined;
}

}  // namespace ventanilla::testing
