#include "kiosk/form_definition.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <regex>
#include <set>

#include "kiosk/code_text.h"

namespace ventanilla {

namespace {

using Json = nlohmann::json;

constexpr std::pair<FieldType, std::string_view> kTypeNames[] = {
    {FieldType::text, "text"},
    {FieldType::long_text, "long_text"},
    {FieldType::number, "number"},
    {FieldType::date, "date"},
    {FieldType::single_choice, "single_choice"},
    {FieldType::multiple_choice, "multiple_choice"},
    {FieldType::yes_no, "yes_no"},
    {FieldType::phone, "phone"},
    {FieldType::email, "email"},
    {FieldType::cuban_id, "cuban_id"},
    {FieldType::province, "province"},
    {FieldType::municipality, "municipality"},
};

// The first error found, with where: parsing stops there.
struct Invalid {
    std::string path;
    std::string reason;
};

Error to_error(const Invalid& invalid) {
    return make_error("form.invalid_definition", invalid.path + ": " + invalid.reason,
                      {{"path", invalid.path}, {"reason", invalid.reason}});
}

bool is_identifier(std::string_view text, bool allow_dash, std::size_t max_length) {
    if (text.empty() || text.size() > max_length) return false;
    for (char c : text) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (allow_dash && c == '-');
        if (!ok) return false;
    }
    return true;
}

// Reads one JSON object, refusing keys it does not know: a typo in a definition ("requierd")
// would otherwise silently make a field optional.
class ObjectReader {
public:
    ObjectReader(const Json& value, std::string path, std::optional<Invalid>& error)
        : value_(value), path_(std::move(path)), error_(error) {
        if (!value_.is_object()) fail(path_, "must be an object");
    }

    const std::string& path() const { return path_; }
    std::string at(std::string_view key) const { return path_ + "." + std::string(key); }
    bool failed() const { return error_.has_value(); }
    void fail(const std::string& path, const std::string& reason) {
        if (!error_) error_ = Invalid{path, reason};
    }

    const Json* get(std::string_view key, bool required) {
        known_.insert(std::string(key));
        if (failed()) return nullptr;
        auto it = value_.find(key);
        if (it == value_.end()) {
            if (required) fail(at(key), "is required");
            return nullptr;
        }
        return &*it;
    }
    std::string string(std::string_view key, bool required) {
        const Json* v = get(key, required);
        if (!v) return {};
        if (!v->is_string()) {
            fail(at(key), "must be a string");
            return {};
        }
        return v->get<std::string>();
    }
    std::optional<bool> boolean(std::string_view key) {
        const Json* v = get(key, false);
        if (!v) return std::nullopt;
        if (!v->is_boolean()) {
            fail(at(key), "must be true or false");
            return std::nullopt;
        }
        return v->get<bool>();
    }
    std::optional<double> number(std::string_view key) {
        const Json* v = get(key, false);
        if (!v) return std::nullopt;
        if (!v->is_number() || !std::isfinite(v->get<double>())) {
            fail(at(key), "must be a number");
            return std::nullopt;
        }
        return v->get<double>();
    }
    std::optional<int> integer(std::string_view key, int low, int high, bool required) {
        const Json* v = get(key, required);
        if (!v) return std::nullopt;
        if (!v->is_number_integer() || v->get<long long>() < low || v->get<long long>() > high) {
            fail(at(key), "must be a whole number from " + std::to_string(low) + " to " + std::to_string(high));
            return std::nullopt;
        }
        return static_cast<int>(v->get<long long>());
    }
    LocalizedText text(std::string_view key, bool required) {
        const Json* v = get(key, required);
        if (!v) return {};
        LocalizedText result;
        ObjectReader reader(*v, at(key), error_);
        result.es = reader.string("es", true);
        result.en = reader.string("en", true);
        reader.finish();
        for (const auto& [language, value] : {std::pair{"es", &result.es}, std::pair{"en", &result.en}}) {
            if (failed()) break;
            if (value->empty()) fail(reader.at(language), "must not be empty");
            else if (valid_utf8_prefix(*value) != value->size()) fail(reader.at(language), "is not UTF-8");
        }
        return result;
    }
    // After every key was read: anything left is a key nobody knows.
    void finish() {
        if (failed() || !value_.is_object()) return;
        for (const auto& [key, ignored] : value_.items()) {
            if (!known_.contains(key)) {
                fail(at(key), "is not a known key");
                return;
            }
        }
    }

private:
    const Json& value_;
    std::string path_;
    std::optional<Invalid>& error_;
    std::set<std::string> known_;
};

std::optional<DateBound> parse_date_bound(const std::string& text) {
    DateBound bound;
    if (text == "today") {
        bound.kind = DateBound::Kind::relative;
        return bound;
    }
    if (text.rfind("today", 0) == 0) {
        // today+3d, today-120y
        char sign = 0, unit = 0;
        int amount = 0;
        char tail = 0;
        if (std::sscanf(text.c_str() + 5, "%c%d%c%c", &sign, &amount, &unit, &tail) != 3) return std::nullopt;
        if ((sign != '+' && sign != '-') || amount < 0 || amount > 1000) return std::nullopt;
        int signed_amount = sign == '-' ? -amount : amount;
        bound.kind = DateBound::Kind::relative;
        if (unit == 'y') bound.years = signed_amount;
        else if (unit == 'd') bound.days = signed_amount;
        else return std::nullopt;
        return bound;
    }
    int y = 0, m = 0, d = 0;
    char tail = 0;
    if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return std::nullopt;
    std::chrono::year_month_day day{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
                                    std::chrono::day(static_cast<unsigned>(d))};
    if (!day.ok()) return std::nullopt;
    bound.year = y;
    bound.month = m;
    bound.day = d;
    return bound;
}

class DefinitionParser {
public:
    Result<FormDefinition> parse(std::string_view text) {
        Json root = Json::parse(text, nullptr, /*allow_exceptions=*/false);
        if (root.is_discarded()) return to_error({"$", "is not JSON"});
        FormDefinition form;
        ObjectReader reader(root, "$", error_);
        form.id = reader.string("id", true);
        if (!reader.failed() && !is_identifier(form.id, true, 60)) {
            reader.fail(reader.at("id"), "must be lower-case letters, digits, '-' or '_'");
        }
        form.version = reader.integer("version", 1, 1000000, true).value_or(1);
        form.title = reader.text("title", true);
        form.summary = reader.text("summary", true);
        form.next_steps = reader.text("next_steps", true);
        form.retention_days = reader.integer("retention_days", 1, 3650, true).value_or(0);
        form.kept_data = reader.text("kept_data", true);
        if (const Json* steps = reader.get("steps", true)) {
            if (!steps->is_array() || steps->empty()) {
                reader.fail(reader.at("steps"), "must be a list of at least one step");
            } else {
                for (std::size_t i = 0; i < steps->size() && !reader.failed(); ++i) {
                    form.steps.push_back(parse_step((*steps)[i], reader.at("steps") + "[" + std::to_string(i) + "]"));
                }
            }
        }
        reader.finish();
        if (error_) return to_error(*error_);
        return form;
    }

private:
    FormStep parse_step(const Json& value, const std::string& path) {
        FormStep step;
        ObjectReader reader(value, path, error_);
        step.id = reader.string("id", true);
        if (!reader.failed() && !is_identifier(step.id, true, 40)) {
            reader.fail(reader.at("id"), "must be lower-case letters, digits, '-' or '_'");
        }
        step.title = reader.text("title", true);
        if (const Json* fields = reader.get("fields", true)) {
            if (!fields->is_array() || fields->empty()) {
                reader.fail(reader.at("fields"), "must be a list of at least one field");
            } else {
                for (std::size_t i = 0; i < fields->size() && !reader.failed(); ++i) {
                    step.fields.push_back(parse_field((*fields)[i], reader.at("fields") + "[" + std::to_string(i) + "]"));
                    earlier_[step.fields.back().id] = step.fields.back();
                }
            }
        }
        reader.finish();
        return step;
    }

    // An earlier field, of this step or a previous one.
    const FormField* earlier(const std::string& id) const {
        auto it = earlier_.find(id);
        return it == earlier_.end() ? nullptr : &it->second;
    }

    FormField parse_field(const Json& value, const std::string& path) {
        FormField field;
        ObjectReader reader(value, path, error_);
        field.id = reader.string("id", true);
        if (!reader.failed() && !is_identifier(field.id, false, 40)) {
            reader.fail(reader.at("id"), "must be lower-case letters, digits or '_' (at most 40)");
        }
        if (!reader.failed() && (ids_.contains(field.id))) reader.fail(reader.at("id"), "'" + field.id + "' is used twice");
        ids_.insert(field.id);
        std::string type = reader.string("type", true);
        bool known_type = false;
        for (const auto& [t, name] : kTypeNames) {
            if (name == type) {
                field.type = t;
                known_type = true;
            }
        }
        if (!reader.failed() && !known_type) reader.fail(reader.at("type"), "'" + type + "' is not a field type");
        field.label = reader.text("label", true);
        if (reader.get("help", false)) field.help = reader.text("help", false);
        field.required = reader.boolean("required").value_or(false);
        field.printable = reader.boolean("printable").value_or(false);

        bool is_text = field.type == FieldType::text || field.type == FieldType::long_text;
        int longest = field.type == FieldType::long_text ? 4000 : 400;
        auto min_length = reader.integer("min_length", 0, longest, false);
        auto max_length = reader.integer("max_length", 1, longest, false);
        if ((min_length || max_length) && !is_text) reader.fail(reader.at("max_length"), "only text fields have a length");
        field.min_length = min_length.value_or(0);
        field.max_length = max_length.value_or(field.type == FieldType::long_text ? 2000 : 200);
        if (!reader.failed() && field.min_length > field.max_length) {
            reader.fail(reader.at("min_length"), "is more than max_length");
        }
        field.pattern = reader.string("pattern", false);
        if (!field.pattern.empty()) {
            if (field.type != FieldType::text) reader.fail(reader.at("pattern"), "only text fields have a pattern");
            try {
                std::regex check(field.pattern, std::regex::ECMAScript);
            } catch (const std::regex_error&) {
                reader.fail(reader.at("pattern"), "is not a valid regular expression");
            }
            field.pattern_hint = reader.text("pattern_hint", true);
        } else if (reader.get("pattern_hint", false)) {
            reader.fail(reader.at("pattern_hint"), "needs a pattern");
        }

        field.min = reader.number("min");
        field.max = reader.number("max");
        auto decimals = reader.integer("decimals", 0, 6, false);
        if ((field.min || field.max || decimals) && field.type != FieldType::number) {
            reader.fail(reader.at(field.min ? "min" : field.max ? "max" : "decimals"), "only number fields have it");
        }
        field.decimals = decimals.value_or(0);
        if (field.min && field.max && *field.min > *field.max) reader.fail(reader.at("min"), "is more than max");

        for (auto [key, target] : {std::pair{"min_date", &field.min_date}, std::pair{"max_date", &field.max_date}}) {
            std::string bound = reader.string(key, false);
            if (bound.empty()) continue;
            if (field.type != FieldType::date) reader.fail(reader.at(key), "only date fields have it");
            *target = parse_date_bound(bound);
            if (!*target) reader.fail(reader.at(key), "must be YYYY-MM-DD, 'today', or like 'today-120y' or 'today+30d'");
        }

        bool has_choices = field.type == FieldType::single_choice || field.type == FieldType::multiple_choice;
        if (const Json* choices = reader.get("choices", has_choices)) {
            if (!has_choices) {
                reader.fail(reader.at("choices"), "only choice fields have choices");
            } else if (!choices->is_array() || choices->size() < 2) {
                reader.fail(reader.at("choices"), "must list at least two choices");
            } else {
                std::set<std::string> choice_ids;
                for (std::size_t i = 0; i < choices->size() && !reader.failed(); ++i) {
                    std::string choice_path = reader.at("choices") + "[" + std::to_string(i) + "]";
                    ObjectReader choice_reader((*choices)[i], choice_path, error_);
                    Choice choice;
                    choice.id = choice_reader.string("id", true);
                    if (!choice_reader.failed() && !is_identifier(choice.id, true, 40)) {
                        choice_reader.fail(choice_reader.at("id"), "must be lower-case letters, digits, '-' or '_'");
                    }
                    if (!choice_reader.failed() && !choice_ids.insert(choice.id).second) {
                        choice_reader.fail(choice_reader.at("id"), "'" + choice.id + "' is used twice");
                    }
                    choice.label = choice_reader.text("label", true);
                    choice_reader.finish();
                    field.choices.push_back(std::move(choice));
                }
            }
        }

        field.province_field = reader.string("province_field", field.type == FieldType::municipality);
        if (!field.province_field.empty() && !reader.failed()) {
            const FormField* province = earlier(field.province_field);
            if (field.type != FieldType::municipality) {
                reader.fail(reader.at("province_field"), "only municipality fields have it");
            } else if (!province || province->type != FieldType::province) {
                reader.fail(reader.at("province_field"), "must name an earlier province field");
            }
        }

        if (const Json* condition = reader.get("visible_when", false)) {
            field.visible_when = parse_condition(*condition, reader.at("visible_when"));
        }
        reader.finish();
        return field;
    }

    FieldCondition parse_condition(const Json& value, const std::string& path) {
        FieldCondition condition;
        ObjectReader reader(value, path, error_);
        condition.field = reader.string("field", true);
        const FormField* target = reader.failed() ? nullptr : earlier(condition.field);
        if (!reader.failed() && !target) {
            reader.fail(reader.at("field"), "must name an earlier field ('" + condition.field + "' is not one)");
        }
        if (const Json* any_of = reader.get("any_of", true)) {
            if (!any_of->is_array() || any_of->empty()) {
                reader.fail(reader.at("any_of"), "must be a list of at least one answer");
            }
            for (std::size_t i = 0; !reader.failed() && i < any_of->size(); ++i) {
                std::string item_path = reader.at("any_of") + "[" + std::to_string(i) + "]";
                if (!(*any_of)[i].is_string()) {
                    reader.fail(item_path, "must be a string");
                    break;
                }
                std::string answer = (*any_of)[i].get<std::string>();
                if (target && !answer_possible(*target, answer)) {
                    reader.fail(item_path, "'" + answer + "' is not an answer field '" + target->id + "' can have");
                }
                condition.any_of.push_back(std::move(answer));
            }
        }
        reader.finish();
        return condition;
    }

    static bool answer_possible(const FormField& field, const std::string& answer) {
        switch (field.type) {
            case FieldType::yes_no: return answer == "yes" || answer == "no";
            case FieldType::single_choice:
            case FieldType::multiple_choice:
                for (const auto& choice : field.choices) {
                    if (choice.id == answer) return true;
                }
                return false;
            default: return true;  // any text it may hold
        }
    }

    std::optional<Invalid> error_;
    std::set<std::string> ids_;
    std::map<std::string, FormField> earlier_;  // copies of the fields read so far, by id
};

}  // namespace

std::string_view field_type_name(FieldType type) {
    for (const auto& [t, name] : kTypeNames) {
        if (t == type) return name;
    }
    return "text";
}

const FormField* FormDefinition::field(std::string_view field_id) const {
    for (const auto& step : steps) {
        for (const auto& f : step.fields) {
            if (f.id == field_id) return &f;
        }
    }
    return nullptr;
}

Result<FormDefinition> parse_form_definition(std::string_view json_text) {
    return DefinitionParser().parse(json_text);
}

}  // namespace ventanilla
