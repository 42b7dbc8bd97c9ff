#include "kiosk/tracking_cache.h"

namespace ventanilla {

Status TrackingCache::put(const TrackingRecord& record) {
    auto& db = store_->db();
    // fetched_at is stored as RFC 3339 UTC with whole seconds: text order is time order.
    auto statement = db.prepare(
        "INSERT INTO tracking_cache (item_id, payload, fetched_at) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (item_id) DO UPDATE SET payload = excluded.payload, "
        "fetched_at = excluded.fetched_at WHERE excluded.fetched_at >= tracking_cache.fetched_at");
    if (!statement) return statement.error();
    statement->bind(1, record.item_id)
        .bind(2, tracking_record_to_json(record))
        .bind(3, format_rfc3339_utc(record.fetched_at));
    return statement->run();
}

Result<std::optional<TrackingRecord>> TrackingCache::find(const std::string& item_id) {
    auto statement = store_->db().prepare("SELECT payload FROM tracking_cache WHERE item_id = ?1");
    if (!statement) return statement.error();
    statement->bind(1, item_id);
    auto row = statement->step();
    if (!row) return row.error();
    if (!*row) return std::optional<TrackingRecord>();
    auto record = parse_tracking_record(statement->column_text(0));
    if (!record) return record.error();
    return std::optional<TrackingRecord>(std::move(record).value());
}

TrackingAnswer look_up_tracking(
    const std::function<Result<TrackingRecord>(const std::string& item_id)>& fetch,
    TrackingCache& cache, const std::string& item_id) {
    TrackingAnswer answer;
    answer.fresh = fetch(item_id);
    if (answer.fresh.ok()) {
        (void)cache.put(answer.fresh.value());  // the citizen still sees the fresh answer
        return answer;
    }
    const std::string& code = answer.fresh.error().code;
    const bool server_away = code.starts_with("net.") || code == "tracking.server_error" ||
                             code == "tracking.bad_answer";
    if (server_away) {
        auto cached = cache.find(item_id);
        if (cached.ok()) answer.cached = std::move(cached).value();
    }
    return answer;
}

AgeText describe_age(WallTime fetched_at, WallTime now) {
    using namespace std::chrono;
    const auto age = duration_cast<minutes>(now - fetched_at);
    // One key for 1 and one for more: "hace 1 hora", "hace 3 horas".
    const auto text = [](const char* unit, long long n) {
        return AgeText{std::string("tracking.age.") + unit + (n == 1 ? "" : "s"),
                       {{"n", std::to_string(n)}}};
    };
    if (age < minutes(1)) return {"tracking.age.just_now", {}};
    if (age < hours(1)) return text("minute", age.count());
    if (age < hours(24)) return text("hour", duration_cast<hours>(age).count());
    return text("day", duration_cast<days>(age).count());
}

}  // namespace ventanilla
