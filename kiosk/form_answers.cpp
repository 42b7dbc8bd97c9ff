#include "kiosk/form_answers.h"

#include <cmath>
#include <cstdio>
#include <regex>
#include <set>

#include "kiosk/code_text.h"
#include "kiosk/cp1252.h"
#include "kiosk/cuba_places.h"
#include "kiosk/cuban_id.h"

namespace ventanilla {

namespace {

using Json = nlohmann::json;
using std::chrono::year_month_day;

std::string trim(std::string_view text) {
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return std::string(text);
}

// The code point of one well-formed UTF-8 character.
char32_t code_point(std::string_view character) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(character[i]); };
    switch (character.size()) {
        case 1: return byte(0);
        case 2: return ((byte(0) & 0x1Fu) << 6) | (byte(1) & 0x3Fu);
        case 3: return ((byte(0) & 0x0Fu) << 12) | ((byte(1) & 0x3Fu) << 6) | (byte(2) & 0x3Fu);
        default:
            return ((byte(0) & 0x07u) << 18) | ((byte(1) & 0x3Fu) << 12) | ((byte(2) & 0x3Fu) << 6) |
                   (byte(3) & 0x3Fu);
    }
}

// Characters that change how text around them reads without being seen: controls, the
// direction marks and overrides (a name that prints backwards), zero-width ones.
bool invisible_control(char32_t c, bool newline_allowed) {
    if (c == '\n') return !newline_allowed;
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) return true;
    return (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2069) ||
           c == 0xFEFF || c == 0x00AD;
}

Result<Json> check_text(const FormField& field, const std::string& raw) {
    if (valid_utf8_prefix(raw) != raw.size()) return make_error("form.text_invalid_utf8", field.id);
    std::string text = trim(raw);
    bool long_text = field.type == FieldType::long_text;
    if (long_text) {  // Windows line ends from a pasted text: one kind of line end
        std::string unified;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
            unified += text[i];
        }
        text = std::move(unified);
    }
    auto characters = split_characters(text);
    for (std::size_t i = 0; i < characters.size(); ++i) {
        char32_t c = code_point(characters[i]);
        if (invisible_control(c, long_text)) {
            return make_error("form.text_control_character", field.id, {{"position", std::to_string(i + 1)}});
        }
        if (c != '\n' && !cp1252_byte(c)) {
            return make_error("form.text_unsupported_character", field.id,
                              {{"character", std::string(characters[i])}});
        }
    }
    int length = static_cast<int>(characters.size());
    if (length < field.min_length) {
        return make_error("form.too_short", field.id, {{"min", std::to_string(field.min_length)}});
    }
    if (length > field.max_length) {
        return make_error("form.too_long", field.id,
                          {{"max", std::to_string(field.max_length)}, {"length", std::to_string(length)}});
    }
    if (!field.pattern.empty()) {
        // Our definitions' patterns are short and linear; the length cap above bounds them.
        std::regex pattern(field.pattern, std::regex::ECMAScript);
        if (!std::regex_match(text, pattern)) {
            // Errors are the same in every language: "hint" is the Spanish one, and a screen
            // in another language puts the field's own hint in its place.
            return make_error("form.pattern_mismatch", field.id, {{"hint", field.pattern_hint.es}});
        }
    }
    return Json(text);
}

std::string format_number(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

Result<Json> check_number(const FormField& field, const Json& answer) {
    std::string text;
    if (answer.is_number()) {
        text = answer.dump();
    } else if (answer.is_string()) {
        text = trim(answer.get<std::string>());
    } else {
        return make_error("form.answer_wrong_type", field.id);
    }
    // "-12", "12,5", "12.5": digits with one decimal separator, as people write them here.
    std::size_t i = 0;
    bool negative = !text.empty() && text[0] == '-';
    if (negative) ++i;
    std::string whole, fraction;
    bool separator = false;
    for (; i < text.size(); ++i) {
        char c = text[i];
        if (c >= '0' && c <= '9') {
            (separator ? fraction : whole) += c;
        } else if ((c == ',' || c == '.') && !separator) {
            separator = true;
        } else {
            return make_error("form.number_invalid", field.id);
        }
    }
    if (whole.empty() || (separator && fraction.empty()) || whole.size() > 15) {
        return make_error("form.number_invalid", field.id);
    }
    // Trailing zeros say nothing: "12,50" has one decimal.
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
    if (static_cast<int>(fraction.size()) > field.decimals) {
        return make_error("form.number_too_many_decimals", field.id, {{"decimals", std::to_string(field.decimals)}});
    }
    double value = std::stod(whole + (fraction.empty() ? "" : "." + fraction));
    if (negative) value = -value;
    auto shown = [&](double bound) {
        std::string s = format_number(bound, field.decimals);
        for (char& c : s) {
            if (c == '.') c = ',';
        }
        return s;
    };
    if (field.min && value < *field.min) return make_error("form.number_too_small", field.id, {{"min", shown(*field.min)}});
    if (field.max && value > *field.max) return make_error("form.number_too_large", field.id, {{"max", shown(*field.max)}});
    return Json(format_number(value, field.decimals));
}

year_month_day resolve(const DateBound& bound, year_month_day today) {
    using namespace std::chrono;
    if (bound.kind == DateBound::Kind::fixed) {
        return year_month_day{year(bound.year), month(static_cast<unsigned>(bound.month)),
                              day(static_cast<unsigned>(bound.day))};
    }
    year_month_day moved = today + years(bound.years);
    if (!moved.ok()) moved = moved.year() / moved.month() / last;  // 29 February, a year on
    return year_month_day{sys_days(moved) + days(bound.days)};
}

std::string dd_mm_yyyy(year_month_day date) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%02u/%02u/%04d", static_cast<unsigned>(date.day()),
                  static_cast<unsigned>(date.month()), static_cast<int>(date.year()));
    return buffer;
}

Result<Json> check_date(const FormField& field, const Json& answer, year_month_day today) {
    if (!answer.is_string()) return make_error("form.answer_wrong_type", field.id);
    std::string text = trim(answer.get<std::string>());
    int y = 0, m = 0, d = 0;
    char tail = 0;
    bool iso = text.size() == 10 && std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3;
    bool spanish = !iso && text.size() >= 8 && text.size() <= 10 &&
                   std::sscanf(text.c_str(), "%2d/%2d/%4d%c", &d, &m, &y, &tail) == 3 && y >= 1000;
    if (!iso && !spanish) return make_error("form.date_invalid", field.id);
    if (m < 1 || m > 12 || d < 1 || d > 31) return make_error("form.date_invalid", field.id);
    year_month_day date{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
                        std::chrono::day(static_cast<unsigned>(d))};
    if (!date.ok()) return make_error("form.date_invalid", field.id);
    if (field.min_date) {
        auto earliest = resolve(*field.min_date, today);
        if (date < earliest) return make_error("form.date_too_early", field.id, {{"date", dd_mm_yyyy(earliest)}});
    }
    if (field.max_date) {
        auto latest = resolve(*field.max_date, today);
        if (date > latest) return make_error("form.date_too_late", field.id, {{"date", dd_mm_yyyy(latest)}});
    }
    char iso_text[16];
    std::snprintf(iso_text, sizeof iso_text, "%04d-%02d-%02d", y, m, d);
    return Json(std::string(iso_text));
}

bool is_choice(const FormField& field, const std::string& id) {
    for (const auto& choice : field.choices) {
        if (choice.id == id) return true;
    }
    return false;
}

Result<Json> check_phone(const FormField& field, const std::string& raw) {
    std::string digits;
    std::string text = trim(raw);
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c >= '0' && c <= '9') digits += c;
        else if (c == '+' && i == 0) digits += c;
        else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') return make_error("form.phone_invalid", field.id);
    }
    if (digits.rfind("+53", 0) == 0) digits.erase(0, 3);
    else if (digits.rfind("0053", 0) == 0 && digits.size() == 12) digits.erase(0, 4);
    // Cuba's numbers have 8 digits: mobiles 5x and 6x, fixed lines by province 2x–4x, 7x.
    if (digits.size() != 8 || digits[0] < '2' || digits[0] > '7') return make_error("form.phone_invalid", field.id);
    return Json("+53 " + digits);
}

Result<Json> check_email(const FormField& field, const std::string& raw) {
    std::string text = trim(raw);
    auto at = text.find('@');
    if (text.size() > 254 || at == std::string::npos || text.find('@', at + 1) != std::string::npos) {
        return make_error("form.email_invalid", field.id);
    }
    std::string local = text.substr(0, at), domain = text.substr(at + 1);
    static const std::string kLocalExtra = ".!#$%&'*+/=?^_`{|}~-";
    if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' ||
        local.find("..") != std::string::npos) {
        return make_error("form.email_invalid", field.id);
    }
    for (char c : local) {
        bool ok = std::isalnum(static_cast<unsigned char>(c)) || kLocalExtra.find(c) != std::string::npos;
        if (!ok || static_cast<unsigned char>(c) >= 0x80) return make_error("form.email_invalid", field.id);
    }
    // Labels of letters, digits and hyphens, at least two, the last of letters only.
    std::size_t labels = 0, start = 0;
    std::string last;
    for (std::size_t end; start <= domain.size(); start = end + 1) {
        end = domain.find('.', start);
        if (end == std::string::npos) end = domain.size();
        std::string label = domain.substr(start, end - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
            return make_error("form.email_invalid", field.id);
        }
        for (char c : label) {
            if (static_cast<unsigned char>(c) >= 0x80 || !(std::isalnum(static_cast<unsigned char>(c)) || c == '-')) {
                return make_error("form.email_invalid", field.id);
            }
        }
        ++labels;
        last = label;
        if (end == domain.size()) break;
    }
    bool tld_letters = last.size() >= 2;
    for (char c : last) tld_letters = tld_letters && std::isalpha(static_cast<unsigned char>(c));
    if (labels < 2 || !tld_letters) return make_error("form.email_invalid", field.id);
    for (char& c : domain) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return Json(local + "@" + domain);
}

}  // namespace

bool unanswered(const Json& answer) {
    if (answer.is_null()) return true;
    if (answer.is_string()) return trim(answer.get<std::string>()).empty();
    if (answer.is_array()) return answer.empty();
    return false;
}

bool field_visible(const FormDefinition& form, const FormField& field, const Json& answers) {
    if (!field.visible_when) return true;
    const FormField* target = form.field(field.visible_when->field);
    if (!target || !field_visible(form, *target, answers)) return false;
    auto it = answers.find(target->id);
    if (it == answers.end() || unanswered(*it)) return false;
    auto matches = [&](const Json& value) {
        if (!value.is_string()) return false;
        for (const auto& wanted : field.visible_when->any_of) {
            if (value.get<std::string>() == wanted) return true;
        }
        return false;
    };
    if (it->is_array()) {
        for (const auto& value : *it) {
            if (matches(value)) return true;
        }
        return false;
    }
    return matches(*it);
}

Result<Json> check_answer(const FormField& field, const Json& answer, const Json& answers, year_month_day today) {
    switch (field.type) {
        case FieldType::number: return check_number(field, answer);
        case FieldType::date: return check_date(field, answer, today);
        case FieldType::multiple_choice: {
            if (!answer.is_array()) return make_error("form.answer_wrong_type", field.id);
            std::set<std::string> chosen;
            Json normalised = Json::array();
            for (const auto& value : answer) {
                if (!value.is_string()) return make_error("form.answer_wrong_type", field.id);
                if (!is_choice(field, value.get<std::string>())) return make_error("form.choice_unknown", field.id);
                if (chosen.insert(value.get<std::string>()).second) normalised.push_back(value);
            }
            return normalised;
        }
        default: break;
    }
    if (!answer.is_string()) return make_error("form.answer_wrong_type", field.id);
    const std::string& text = answer.get_ref<const std::string&>();
    switch (field.type) {
        case FieldType::text:
        case FieldType::long_text: return check_text(field, text);
        case FieldType::single_choice:
            if (!is_choice(field, text)) return make_error("form.choice_unknown", field.id);
            return Json(text);
        case FieldType::yes_no:
            if (text != "yes" && text != "no") return make_error("form.choice_unknown", field.id);
            return Json(text);
        case FieldType::phone: return check_phone(field, text);
        case FieldType::email: return check_email(field, text);
        case FieldType::cuban_id: {
            if (valid_utf8_prefix(text) != text.size()) return make_error("form.text_invalid_utf8", field.id);
            auto id = parse_cuban_id(text, today);
            if (!id) return id.error();
            return Json(id.value().digits);
        }
        case FieldType::province:
            if (!find_province(text)) return make_error("form.province_unknown", field.id);
            return Json(text);
        case FieldType::municipality: {
            auto province = answers.find(field.province_field);
            std::string province_id = province != answers.end() && province->is_string() ? province->get<std::string>() : "";
            if (!find_municipality(province_id, text)) return make_error("form.municipality_unknown", field.id);
            return Json(text);
        }
        default: return make_error("form.answer_wrong_type", field.id);
    }
}

std::vector<FieldProblem> check_step(const FormDefinition& form, std::size_t step, const Json& answers,
                                     year_month_day today) {
    std::vector<FieldProblem> problems;
    if (step >= form.steps.size() || !answers.is_object()) return problems;
    for (const auto& field : form.steps[step].fields) {
        if (!field_visible(form, field, answers)) continue;
        auto it = answers.find(field.id);
        if (it == answers.end() || unanswered(*it)) {
            if (field.required) problems.push_back({field.id, make_error("form.required", field.id)});
            continue;
        }
        auto checked = check_answer(field, *it, answers, today);
        if (!checked) problems.push_back({field.id, checked.error()});
    }
    return problems;
}

CheckedForm check_form(const FormDefinition& form, const Json& answers, year_month_day today) {
    CheckedForm result;
    if (!answers.is_object()) {
        result.problems.push_back({"", make_error("form.answer_wrong_type", "answers")});
        return result;
    }
    for (const auto& [id, value] : answers.items()) {
        if (!form.field(id)) result.problems.push_back({id, make_error("form.unknown_field", id)});
    }
    for (std::size_t step = 0; step < form.steps.size(); ++step) {
        for (auto& problem : check_step(form, step, answers, today)) result.problems.push_back(std::move(problem));
        for (const auto& field : form.steps[step].fields) {
            if (!field_visible(form, field, answers)) continue;
            auto it = answers.find(field.id);
            if (it == answers.end() || unanswered(*it)) continue;
            if (auto checked = check_answer(field, *it, answers, today)) result.answers[field.id] = checked.value();
        }
    }
    if (!result.ok()) result.answers = Json::object();
    return result;
}

}  // namespace ventanilla
