// Cuba's provinces and municipalities as forms offer them: all 168 municipalities, ids unique
// within their province, found only under their own province.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "kiosk/code_text.h"
#include "kiosk/cuba_places.h"

using namespace ventanilla;

TEST_CASE("cuba places: 15 provinces and the special municipality, 168 municipalities in all") {
    auto provinces = cuban_provinces();
    CHECK(provinces.size() == 16);
    std::size_t municipalities = 0;
    std::set<std::string_view> province_ids;
    for (const Province& province : provinces) {
        CAPTURE(province.name);
        CHECK(province_ids.insert(province.id).second);
        CHECK(valid_utf8_prefix(province.name) == province.name.size());
        std::set<std::string_view> ids;
        for (const Municipality& municipality : province.municipalities) {
            CHECK(ids.insert(municipality.id).second);
            CHECK(find_municipality(province.id, municipality.id) == &municipality);
        }
        municipalities += province.municipalities.size();
    }
    CHECK(municipalities == 168);
    CHECK(find_province("la-habana")->municipalities.size() == 15);
    CHECK(find_province("santiago-de-cuba")->name == "Santiago de Cuba");
    CHECK(find_municipality("camaguey", "florida")->name == "Florida");
    CHECK(find_municipality("la-habana", "florida") == nullptr);
    CHECK(find_municipality("pinar-del-rio", "san-luis") != find_municipality("santiago-de-cuba", "san-luis"));
    CHECK(find_province("habana") == nullptr);
}
