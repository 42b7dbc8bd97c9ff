#include "kiosk/receipt_desk_calls.h"

#include <fstream>
#include <sstream>

#include "kiosk/atomic_file.h"
#include "kiosk/kept_forms.h"
#include "kiosk/log.h"

namespace ventanilla {

namespace {

std::optional<std::string> read_text(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

}  // namespace

TerminalKeyList load_kept_terminal_keys(const std::filesystem::path& file) {
    auto text = read_text(file);
    if (!text) return {};
    auto keys = parse_terminal_keys(nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false));
    if (!keys) {
        log_line(LogLevel::warning, file.string() + ": kept terminal keys unreadable, fetching them again");
        return {};
    }
    return std::move(keys).value();
}

Result<TerminalKeyList> refresh_terminal_keys(const DeskServer& server, const TerminalKeyList& known,
                                              const std::atomic<bool>* cancelled) {
    DeskCallOptions options;
    options.cancelled = cancelled;
    auto fetched = fetch_terminal_keys(server.endpoint, known.etag, options);
    if (!fetched) return fetched.error();
    if (!fetched->has_value()) return known;
    const TerminalKeyList& fresh = **fetched;
    auto kept = write_file_atomically(server.keys_file, terminal_keys_to_json(fresh).dump(2));
    if (!kept) log_line(LogLevel::warning, "terminal keys not kept on disk: " + kept.error().describe());
    return fresh;
}

std::optional<FormDefinition> kept_form(const std::filesystem::path& forms_file, const std::string& id,
                                        int version) {
    auto text = read_text(forms_file);
    if (!text) return std::nullopt;
    auto forms = parse_kept_forms(*text);
    if (!forms) return std::nullopt;
    if (version == 0) {
        for (const FormDefinition* latest : forms->latest()) {
            if (latest->id == id) return *latest;
        }
        return std::nullopt;
    }
    const FormDefinition* form = forms->find(id, version);
    return form ? std::optional<FormDefinition>(*form) : std::nullopt;
}

DeskOpened open_for_desk(const DeskServer& server, const DeskRequest& request, const TerminalKeyList& keys,
                         const std::atomic<bool>* cancelled) {
    DeskOpened result;
    if (request.refresh_keys) {
        auto fresh = refresh_terminal_keys(server, keys, cancelled);
        const TerminalKeyList& in_hand = fresh ? fresh.value() : keys;
        if (fresh) result.fresh_keys = fresh.value();
        auto verified = verify_receipt(request.code, in_hand.known());
        if (!verified) result.verdict = verified.error();
        if (result.verdict && result.verdict->code != "receipt.unknown_terminal") return result;  // forged
    }
    DeskCallOptions options;
    options.cancelled = cancelled;
    result.opened = open_submission(server.endpoint, request.reference, options);
    if (result.opened) result.form = kept_form(server.forms_file, result.opened->form, result.opened->form_version);
    return result;
}

}  // namespace ventanilla
