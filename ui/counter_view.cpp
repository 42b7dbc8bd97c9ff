#include "ui/role_view.h"
#include "ui/technician_screens.h"

namespace ventanilla::ui {

namespace {

// Until the counter's screens arrive: who this terminal is, and that it serves nothing yet.
class PlaceholderCounterView final : public RoleView {
public:
    bool poll(RoleClock::time_point) override { return false; }
    std::optional<RoleClock::time_point> next_deadline(RoleClock::time_point) const override {
        return std::nullopt;
    }
    bool draw(const ScreenModel& model, Painter& painter) override {
        Intents ignored;
        screen_.draw(model, ignored, painter);
        return false;
    }
    void apply(RoleClock::time_point) override {}
    void on_scan(const std::string&, RoleClock::time_point) override {}
    nlohmann::json state() const override { return nlohmann::json::object(); }

private:
    RoleScreen screen_;
};

}  // namespace

std::unique_ptr<RoleView> make_counter_view(const RoleContext&) {
    return std::make_unique<PlaceholderCounterView>();
}

}  // namespace ventanilla::ui
