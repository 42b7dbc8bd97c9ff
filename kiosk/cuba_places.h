// Cuba's provinces and their municipalities (División Político-Administrativa since 2011:
// 15 provinces, 168 municipalities, Isla de la Juventud a special municipality), for the
// province → municipality fields of procedure forms.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ventanilla {

struct Municipality {
    std::string_view id;    // "centro-habana": stable, lower case, for answers and the server
    std::string_view name;  // "Centro Habana"
};

struct Province {
    std::string_view id;    // "la-habana"
    std::string_view name;  // "La Habana"
    std::span<const Municipality> municipalities;
};

// West to east, as maps and forms in Cuba list them; Isla de la Juventud last.
std::span<const Province> cuban_provinces();

const Province* find_province(std::string_view id);
// The municipality `id` of province `province_id`, or null (also when it is another
// province's: San Luis is in Pinar del Río and in Santiago de Cuba).
const Municipality* find_municipality(std::string_view province_id, std::string_view id);

}  // namespace ventanilla
