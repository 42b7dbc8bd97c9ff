#include "ui/role_view.h"

namespace ventanilla::ui {

std::unique_ptr<RoleView> make_role_view(const RoleContext& context) {
    switch (context.setup.config.config.role) {
        case TerminalRole::counter: return make_counter_view(context);
        case TerminalRole::display: return make_display_view(context);
        case TerminalRole::kiosk: break;
    }
    return nullptr;
}

}  // namespace ventanilla::ui
