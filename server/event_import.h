// Importing tracking events from a CSV file (ventanilla-central --import-events).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "server/central_api.h"
#include "server/central_store.h"

namespace ventanilla {

// The columns of an import file, in the order the header usually gives them;
// any order works, "counter" may be left out.
inline constexpr std::string_view kEventCsvHeader =
    "event_id,item_id,code,time,office_code,office_name,location,country,counter";

// Splits RFC 4180 CSV: commas, double quotes ("" inside quotes), CRLF or LF,
// newlines inside quoted fields; a UTF-8 byte order mark is skipped. Each row
// keeps the line it starts on. Error "import.bad_csv" for an unclosed quote.
struct CsvRow {
    std::size_t line = 0;  // from 1
    std::vector<std::string> fields;
};
Result<std::vector<CsvRow>> parse_csv(std::string_view text);

struct ImportedRow {
    std::size_t line = 0;
    TrackingEventResult result;
};

struct ImportReport {
    std::vector<ImportedRow> rows;  // in file order, blank lines left out
    std::size_t accepted = 0;
    std::size_t duplicate = 0;
    std::size_t rejected = 0;
};

// Reads the CSV text, checks each row as POST /api/v1/tracking/events checks an
// event, and stores the valid ones in one transaction. A row with too few or
// too many fields is rejected ("wrong_field_count"). Fails without storing
// anything on a bad header ("import.bad_header"), bad CSV or a store failure.
Result<ImportReport> import_events_csv(CentralStore& store, std::string_view text,
                                       std::int64_t received_at_s);

}  // namespace ventanilla
