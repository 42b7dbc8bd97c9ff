#include "kiosk/cuba_places.h"

#include <array>

namespace ventanilla {

namespace {

constexpr std::array<Municipality, 11> kPinarDelRio{{
    {"consolacion-del-sur", "Consolación del Sur"},
    {"guane", "Guane"},
    {"la-palma", "La Palma"},
    {"los-palacios", "Los Palacios"},
    {"mantua", "Mantua"},
    {"minas-de-matahambre", "Minas de Matahambre"},
    {"pinar-del-rio", "Pinar del Río"},
    {"san-juan-y-martinez", "San Juan y Martínez"},
    {"san-luis", "San Luis"},
    {"sandino", "Sandino"},
    {"vinales", "Viñales"},
}};
constexpr std::array<Municipality, 11> kArtemisa{{
    {"alquizar", "Alquízar"},
    {"artemisa", "Artemisa"},
    {"bahia-honda", "Bahía Honda"},
    {"bauta", "Bauta"},
    {"caimito", "Caimito"},
    {"candelaria", "Candelaria"},
    {"guanajay", "Guanajay"},
    {"guira-de-melena", "Güira de Melena"},
    {"mariel", "Mariel"},
    {"san-antonio-de-los-banos", "San Antonio de los Baños"},
    {"san-cristobal", "San Cristóbal"},
}};
constexpr std::array<Municipality, 15> kLaHabana{{
    {"arroyo-naranjo", "Arroyo Naranjo"},
    {"boyeros", "Boyeros"},
    {"centro-habana", "Centro Habana"},
    {"cerro", "Cerro"},
    {"cotorro", "Cotorro"},
    {"diez-de-octubre", "Diez de Octubre"},
    {"guanabacoa", "Guanabacoa"},
    {"la-habana-del-este", "La Habana del Este"},
    {"la-habana-vieja", "La Habana Vieja"},
    {"la-lisa", "La Lisa"},
    {"marianao", "Marianao"},
    {"playa", "Playa"},
    {"plaza-de-la-revolucion", "Plaza de la Revolución"},
    {"regla", "Regla"},
    {"san-miguel-del-padron", "San Miguel del Padrón"},
}};
constexpr std::array<Municipality, 11> kMayabeque{{
    {"batabano", "Batabanó"},
    {"bejucal", "Bejucal"},
    {"guines", "Güines"},
    {"jaruco", "Jaruco"},
    {"madruga", "Madruga"},
    {"melena-del-sur", "Melena del Sur"},
    {"nueva-paz", "Nueva Paz"},
    {"quivican", "Quivicán"},
    {"san-jose-de-las-lajas", "San José de las Lajas"},
    {"san-nicolas", "San Nicolás"},
    {"santa-cruz-del-norte", "Santa Cruz del Norte"},
}};
constexpr std::array<Municipality, 13> kMatanzas{{
    {"calimete", "Calimete"},
    {"cardenas", "Cárdenas"},
    {"cienaga-de-zapata", "Ciénaga de Zapata"},
    {"colon", "Colón"},
    {"jaguey-grande", "Jagüey Grande"},
    {"jovellanos", "Jovellanos"},
    {"limonar", "Limonar"},
    {"los-arabos", "Los Arabos"},
    {"marti", "Martí"},
    {"matanzas", "Matanzas"},
    {"pedro-betancourt", "Pedro Betancourt"},
    {"perico", "Perico"},
    {"union-de-reyes", "Unión de Reyes"},
}};
constexpr std::array<Municipality, 8> kCienfuegos{{
    {"abreus", "Abreus"},
    {"aguada-de-pasajeros", "Aguada de Pasajeros"},
    {"cienfuegos", "Cienfuegos"},
    {"cruces", "Cruces"},
    {"cumanayagua", "Cumanayagua"},
    {"lajas", "Lajas"},
    {"palmira", "Palmira"},
    {"rodas", "Rodas"},
}};
constexpr std::array<Municipality, 13> kVillaClara{{
    {"caibarien", "Caibarién"},
    {"camajuani", "Camajuaní"},
    {"cifuentes", "Cifuentes"},
    {"corralillo", "Corralillo"},
    {"encrucijada", "Encrucijada"},
    {"manicaragua", "Manicaragua"},
    {"placetas", "Placetas"},
    {"quemado-de-guines", "Quemado de Güines"},
    {"ranchuelo", "Ranchuelo"},
    {"remedios", "Remedios"},
    {"sagua-la-grande", "Sagua la Grande"},
    {"santa-clara", "Santa Clara"},
    {"santo-domingo", "Santo Domingo"},
}};
constexpr std::array<Municipality, 8> kSanctiSpiritus{{
    {"cabaiguan", "Cabaiguán"},
    {"fomento", "Fomento"},
    {"jatibonico", "Jatibonico"},
    {"la-sierpe", "La Sierpe"},
    {"sancti-spiritus", "Sancti Spíritus"},
    {"taguasco", "Taguasco"},
    {"trinidad", "Trinidad"},
    {"yaguajay", "Yaguajay"},
}};
constexpr std::array<Municipality, 10> kCiegoDeAvila{{
    {"baragua", "Baraguá"},
    {"bolivia", "Bolivia"},
    {"chambas", "Chambas"},
    {"ciego-de-avila", "Ciego de Ávila"},
    {"ciro-redondo", "Ciro Redondo"},
    {"florencia", "Florencia"},
    {"majagua", "Majagua"},
    {"moron", "Morón"},
    {"primero-de-enero", "Primero de Enero"},
    {"venezuela", "Venezuela"},
}};
constexpr std::array<Municipality, 13> kCamaguey{{
    {"camaguey", "Camagüey"},
    {"carlos-manuel-de-cespedes", "Carlos Manuel de Céspedes"},
    {"esmeralda", "Esmeralda"},
    {"florida", "Florida"},
    {"guaimaro", "Guáimaro"},
    {"jimaguayu", "Jimaguayú"},
    {"minas", "Minas"},
    {"najasa", "Najasa"},
    {"nuevitas", "Nuevitas"},
    {"santa-cruz-del-sur", "Santa Cruz del Sur"},
    {"sibanicu", "Sibanicú"},
    {"sierra-de-cubitas", "Sierra de Cubitas"},
    {"vertientes", "Vertientes"},
}};
constexpr std::array<Municipality, 8> kLasTunas{{
    {"amancio", "Amancio"},
    {"colombia", "Colombia"},
    {"jesus-menendez", "Jesús Menéndez"},
    {"jobabo", "Jobabo"},
    {"las-tunas", "Las Tunas"},
    {"majibacoa", "Majibacoa"},
    {"manati", "Manatí"},
    {"puerto-padre", "Puerto Padre"},
}};
constexpr std::array<Municipality, 14> kHolguin{{
    {"antilla", "Antilla"},
    {"baguanos", "Báguanos"},
    {"banes", "Banes"},
    {"cacocum", "Cacocum"},
    {"calixto-garcia", "Calixto García"},
    {"cueto", "Cueto"},
    {"frank-pais", "Frank País"},
    {"gibara", "Gibara"},
    {"holguin", "Holguín"},
    {"mayari", "Mayarí"},
    {"moa", "Moa"},
    {"rafael-freyre", "Rafael Freyre"},
    {"sagua-de-tanamo", "Sagua de Tánamo"},
    {"urbano-noris", "Urbano Noris"},
}};
constexpr std::array<Municipality, 13> kGranma{{
    {"bartolome-maso", "Bartolomé Masó"},
    {"bayamo", "Bayamo"},
    {"buey-arriba", "Buey Arriba"},
    {"campechuela", "Campechuela"},
    {"cauto-cristo", "Cauto Cristo"},
    {"guisa", "Guisa"},
    {"jiguani", "Jiguaní"},
    {"manzanillo", "Manzanillo"},
    {"media-luna", "Media Luna"},
    {"niquero", "Niquero"},
    {"pilon", "Pilón"},
    {"rio-cauto", "Río Cauto"},
    {"yara", "Yara"},
}};
constexpr std::array<Municipality, 9> kSantiagoDeCuba{{
    {"contramaestre", "Contramaestre"},
    {"guama", "Guamá"},
    {"mella", "Mella"},
    {"palma-soriano", "Palma Soriano"},
    {"san-luis", "San Luis"},
    {"santiago-de-cuba", "Santiago de Cuba"},
    {"segundo-frente", "Segundo Frente"},
    {"songo-la-maya", "Songo-La Maya"},
    {"tercer-frente", "Tercer Frente"},
}};
constexpr std::array<Municipality, 10> kGuantanamo{{
    {"baracoa", "Baracoa"},
    {"caimanera", "Caimanera"},
    {"el-salvador", "El Salvador"},
    {"guantanamo", "Guantánamo"},
    {"imias", "Imías"},
    {"maisi", "Maisí"},
    {"manuel-tames", "Manuel Tames"},
    {"niceto-perez", "Niceto Pérez"},
    {"san-antonio-del-sur", "San Antonio del Sur"},
    {"yateras", "Yateras"},
}};
constexpr std::array<Municipality, 1> kIslaDeLaJuventud{{
    {"isla-de-la-juventud", "Isla de la Juventud"},
}};

constexpr std::array<Province, 16> kProvinces{{
    {"pinar-del-rio", "Pinar del Río", kPinarDelRio},
    {"artemisa", "Artemisa", kArtemisa},
    {"la-habana", "La Habana", kLaHabana},
    {"mayabeque", "Mayabeque", kMayabeque},
    {"matanzas", "Matanzas", kMatanzas},
    {"cienfuegos", "Cienfuegos", kCienfuegos},
    {"villa-clara", "Villa Clara", kVillaClara},
    {"sancti-spiritus", "Sancti Spíritus", kSanctiSpiritus},
    {"ciego-de-avila", "Ciego de Ávila", kCiegoDeAvila},
    {"camaguey", "Camagüey", kCamaguey},
    {"las-tunas", "Las Tunas", kLasTunas},
    {"holguin", "Holguín", kHolguin},
    {"granma", "Granma", kGranma},
    {"santiago-de-cuba", "Santiago de Cuba", kSantiagoDeCuba},
    {"guantanamo", "Guantánamo", kGuantanamo},
    {"isla-de-la-juventud", "Isla de la Juventud", kIslaDeLaJuventud},
}};

}  // namespace

std::span<const Province> cuban_provinces() { return kProvinces; }

const Province* find_province(std::string_view id) {
    for (const Province& province : kProvinces) {
        if (province.id == id) return &province;
    }
    return nullptr;
}

const Municipality* find_municipality(std::string_view province_id, std::string_view id) {
    const Province* province = find_province(province_id);
    if (!province) return nullptr;
    for (const Municipality& municipality : province->municipalities) {
        if (municipality.id == id) return &municipality;
    }
    return nullptr;
}

}  // namespace ventanilla
