#include "server/event_import.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <optional>

namespace ventanilla {

namespace {

constexpr std::array<std::string_view, 9> kColumns = {"event_id", "item_id",     "code",
                                                      "time",     "office_code", "office_name",
                                                      "location", "country",     "counter"};

}  // namespace

Result<std::vector<CsvRow>> parse_csv(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) {
        text.remove_prefix(3);
    }
    std::vector<CsvRow> rows;
    CsvRow row{1, {}};
    std::string field;
    std::size_t line = 1;
    bool quoted = false;
    bool row_has_content = false;
    auto end_row = [&] {
        if (row_has_content || !field.empty() || !row.fields.empty()) {
            row.fields.push_back(std::move(field));
            rows.push_back(std::move(row));
        }
        field.clear();
        row = CsvRow{line, {}};
        row_has_content = false;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n') {
                    ++line;
                }
                field += c;
            }
            continue;
        }
        if (c == '"') {
            quoted = true;
            row_has_content = true;
        } else if (c == ',') {
            row.fields.push_back(std::move(field));
            field.clear();
            row_has_content = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                ++i;
            }
            ++line;
            end_row();
        } else {
            field += c;
        }
    }
    if (quoted) {
        return make_error("import.bad_csv", "a quoted field opened on line " +
                                                std::to_string(row.line) + " is never closed");
    }
    end_row();
    return rows;
}

Result<ImportReport> import_events_csv(CentralStore& store, std::string_view text,
                                       std::int64_t received_at_s) {
    auto rows = parse_csv(text);
    if (!rows) {
        return rows.error();
    }
    if (rows->empty()) {
        return make_error("import.bad_header", "the file is empty; the first line must be " +
                                                   std::string(kEventCsvHeader));
    }
    // Which column of the file holds each field.
    const std::vector<std::string>& header = rows->front().fields;
    std::vector<std::string> names;
    for (const std::string& name : header) {
        if (std::find(kColumns.begin(), kColumns.end(), name) == kColumns.end() ||
            std::find(names.begin(), names.end(), name) != names.end()) {
            return make_error("import.bad_header",
                              "unknown or repeated column \"" + name.substr(0, 40) +
                                  "\"; the first line must be " + std::string(kEventCsvHeader));
        }
        names.push_back(name);
    }
    for (std::string_view required : kColumns) {
        if (required != "counter" &&
            std::find(names.begin(), names.end(), required) == names.end()) {
            return make_error("import.bad_header", "column \"" + std::string(required) +
                                                       "\" is missing; the first line must be " +
                                                       std::string(kEventCsvHeader));
        }
    }

    ImportReport report;
    std::vector<nlohmann::json> events;
    std::vector<std::size_t> event_row;  // index into report.rows
    for (std::size_t r = 1; r < rows->size(); ++r) {
        const CsvRow& row = (*rows)[r];
        ImportedRow imported{row.line, {}};
        if (row.fields.size() != names.size()) {
            imported.result.status = "rejected";
            imported.result.reason = "wrong_field_count";
            imported.result.message = std::to_string(row.fields.size()) + " fields, expected " +
                                      std::to_string(names.size());
            if (!row.fields.empty()) {
                imported.result.event_id = row.fields.front().substr(0, 200);
            }
            report.rows.push_back(std::move(imported));
            continue;
        }
        nlohmann::json event = nlohmann::json::object();
        for (std::size_t f = 0; f < names.size(); ++f) {
            // An empty counter cell means no counter; other empty cells are
            // reported as missing by the event check.
            if (names[f] == "counter" && row.fields[f].empty()) {
                continue;
            }
            event[names[f]] = row.fields[f];
        }
        events.push_back(std::move(event));
        event_row.push_back(report.rows.size());
        report.rows.push_back(std::move(imported));
    }
    auto results = store_tracking_events(store, events, received_at_s);
    if (!results) {
        return results.error();
    }
    for (std::size_t e = 0; e < results->size(); ++e) {
        report.rows[event_row[e]].result = std::move((*results)[e]);
    }
    for (const ImportedRow& row : report.rows) {
        if (row.result.status == "accepted") {
            ++report.accepted;
        } else if (row.result.status == "duplicate") {
            ++report.duplicate;
        } else {
            ++report.rejected;
        }
    }
    return report;
}

}  // namespace ventanilla
