#include "devices/submission_receipt.h"

#include "kiosk/cuba_places.h"
#include "kiosk/cuban_id.h"

namespace ventanilla {

const std::string& in_language(const LocalizedText& text, const Translations& t) {
    return t.language() == "en" ? text.en : text.es;
}

std::string reference_printed(const std::string& symbols) {
    return symbols.size() == 8 ? symbols.substr(0, 4) + "-" + symbols.substr(4) : symbols;
}

namespace {

std::string choice_label(const FormField& field, const std::string& id, const Translations& t) {
    for (const auto& choice : field.choices) {
        if (choice.id == id) return in_language(choice.label, t);
    }
    return id;
}

}  // namespace

std::string printed_answer(const FormField& field, const nlohmann::json& value, const nlohmann::json& answers,
                           const Translations& t, bool mask_id) {
    if (field.type == FieldType::multiple_choice && value.is_array()) {
        std::string joined;
        for (const auto& id : value) {
            if (!joined.empty()) joined += ", ";
            joined += choice_label(field, id.is_string() ? id.get<std::string>() : "", t);
        }
        return joined;
    }
    std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    switch (field.type) {
        case FieldType::single_choice: return choice_label(field, text, t);
        case FieldType::yes_no: return t.tr(text == "yes" ? "form.answer.yes" : "form.answer.no");
        case FieldType::cuban_id: return mask_id ? mask_cuban_id(text) : text;
        case FieldType::date:
            return text.size() == 10 ? text.substr(8, 2) + "/" + text.substr(5, 2) + "/" + text.substr(0, 4) : text;
        case FieldType::number:
            if (t.language() == "es") {
                for (char& c : text) {
                    if (c == '.') c = ',';
                }
            }
            return text;
        case FieldType::province:
            if (const Province* province = find_province(text)) return std::string(province->name);
            return text;
        case FieldType::municipality: {
            auto province = answers.find(field.province_field);
            std::string province_id = province != answers.end() && province->is_string() ? province->get<std::string>() : "";
            if (const Municipality* m = find_municipality(province_id, text)) return std::string(m->name);
            return text;
        }
        default: return text;
    }
}

ReceiptDocument submission_receipt(const SubmissionReceiptInput& input) {
    const Translations& t = input.text;
    const Submission& submission = input.submission;
    ReceiptDocument doc;
    auto add = [&](ReceiptLine line) { doc.lines.push_back(std::move(line)); };

    if (input.copy) add(ReceiptDisplay{t.tr("form.receipt.copy")});
    add(ReceiptTitle{in_language(input.form.title, t)});
    if (!input.office_name.empty()) add(ReceiptText{input.office_name});
    add(ReceiptSeparator{});
    add(ReceiptText{t.tr("form.receipt.reference")});
    add(ReceiptTitle{reference_printed(submission.reference)});  // nine characters: too wide at 40 pt
    add(ReceiptKeyValue{t.tr("form.receipt.date"), format_local_day_time(submission.created_at, input.utc_offset)});

    bool heading = false;
    for (const auto& step : input.form.steps) {
        for (const auto& field : step.fields) {
            if (!field.printable) continue;  // a carné too is printed only when the form asks: masked
            auto it = submission.answers.find(field.id);
            if (it == submission.answers.end()) continue;
            if (!heading) {
                add(ReceiptHeading{t.tr("form.receipt.answers")});
                heading = true;
            }
            add(ReceiptKeyValue{in_language(field.label, t), printed_answer(field, *it, submission.answers, t)});
        }
    }

    add(ReceiptHeading{t.tr("form.receipt.next_steps")});
    add(ReceiptText{in_language(input.form.next_steps, t)});
    add(ReceiptQrCode{submission.receipt_code});
    add(ReceiptText{t.tr("form.receipt.scan_hint")});
    add(ReceiptSeparator{});
    add(ReceiptKeyValue{t.tr("track.receipt.terminal"),
                        t.tr("track.receipt.terminal_value", {{"office", input.office_name},
                                                              {"number", std::to_string(input.terminal_number)}})});
    add(ReceiptSmallPrint{t.tr("form.receipt.kept", {{"data", in_language(input.form.kept_data, t)},
                                                     {"days", std::to_string(input.form.retention_days)}})});
    return doc;
}

}  // namespace ventanilla
