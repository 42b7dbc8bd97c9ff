#include "server/postgres_queue_sql.h"

namespace ventanilla {

Result<SqlRows> PostgresQueueSql::query(std::string_view sql, const SqlParams& params,
                                        std::string_view what) {
    PgParams texts;
    texts.reserve(params.size());
    for (const SqlValue& value : params) {
        if (const auto* number = std::get_if<std::int64_t>(&value)) {
            texts.emplace_back(std::to_string(*number));
        } else if (const auto* text = std::get_if<std::string>(&value)) {
            texts.emplace_back(*text);
        } else {
            texts.emplace_back(std::nullopt);
        }
    }
    auto result = connection_.query(sql, texts, what);
    if (!result) return result.error();
    SqlRows rows;
    const int count = result->rows();
    const int columns = result->columns();
    rows.cells.reserve(static_cast<std::size_t>(count));
    for (int r = 0; r < count; ++r) {
        auto& row = rows.cells.emplace_back();
        row.reserve(static_cast<std::size_t>(columns));
        for (int c = 0; c < columns; ++c) row.push_back(result->optional_text(r, c));
    }
    return rows;
}

}  // namespace ventanilla
