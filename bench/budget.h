// Prints a measured figure beside its budget and remembers whether every budget held.
#pragma once

#include <cstdio>
#include <string>

namespace ventanilla::bench {

class BudgetReport {
public:
    explicit BudgetReport(std::string title) { std::printf("== %s\n", title.c_str()); }

    // `lower_is_better`: the figure must be <= budget; otherwise >= budget.
    void figure(const std::string& name, double value, double budget, const char* unit,
                bool lower_is_better = true) {
        bool ok = lower_is_better ? value <= budget : value >= budget;
        all_ok_ = all_ok_ && ok;
        std::printf("%-44s %10.3f %-4s budget %s %8.3f %-4s %s\n", name.c_str(), value, unit,
                    lower_is_better ? "<=" : ">=", budget, unit, ok ? "ok" : "OVER BUDGET");
    }
    void info(const std::string& name, double value, const char* unit) {
        std::printf("%-44s %10.3f %-4s\n", name.c_str(), value, unit);
    }
    int exit_code() const { return all_ok_ ? 0 : 1; }

private:
    bool all_ok_ = true;
};

}  // namespace ventanilla::bench
