// The forms a terminal keeps: every version in order, the newest offered, and a listing with
// one bad definition refused whole rather than half used.
#include <doctest/doctest.h>

#include "kiosk/kept_forms.h"
#include "tests/support/shipped_forms.h"

using namespace ventanilla;
using Json = nlohmann::json;

namespace {

Json definition(const std::string& id, int version) {
    return {{"id", id}, {"version", version}, {"title", {{"es", "T"}, {"en", "T"}}}, {"summary", {{"es", "s"}, {"en", "s"}}},
            {"next_steps", {{"es", "n"}, {"en", "n"}}}, {"retention_days", 30}, {"kept_data", {{"es", "k"}, {"en", "k"}}},
            {"steps", {{{"id", "a"}, {"title", {{"es", "A"}, {"en", "A"}}},
                        {"fields", {{{"id", "x"}, {"type", "text"}, {"label", {{"es", "X"}, {"en", "X"}}}}}}}}}};
}

}  // namespace

TEST_CASE("kept forms: versions in order, the newest of each offered, the listing refused whole when one is bad") {
    Json listing = {{"forms", {definition("giro", 2), definition("queja", 1), definition("giro", 1), definition("giro", 2)}}};
    auto kept = parse_kept_forms(listing.dump(), "\"forms-1\"");
    REQUIRE_MESSAGE(kept.ok(), kept.failure_text());
    CHECK(kept->etag == "\"forms-1\"");
    REQUIRE(kept->forms.size() == 3);  // the repeated version once
    CHECK(kept->forms[0].id == "giro");
    CHECK(kept->forms[0].version == 1);
    auto latest = kept->latest();
    REQUIRE(latest.size() == 2);
    CHECK(latest[0]->id == "giro");
    CHECK(latest[0]->version == 2);
    CHECK(kept->find("queja", 1) != nullptr);
    CHECK(kept->find("queja", 2) == nullptr);

    // Kept on disk with its ETag, read back the same.
    auto again = parse_kept_forms(kept->to_json().dump());
    REQUIRE(again.ok());
    CHECK(again->etag == "\"forms-1\"");
    CHECK(again->forms.size() == 3);

    Json broken = definition("queja", 2);
    broken["steps"][0]["fields"][0]["type"] = "colour";
    listing["forms"].push_back(broken);
    auto refused = parse_kept_forms(listing.dump());
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().detail.starts_with("forms[4]: $.steps[0].fields[0].type"));
    CHECK_FALSE(parse_kept_forms("[]").ok());
}
