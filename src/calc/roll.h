// The roll: the month's one way of computing amounts. Runs the cross-row checks, every
// calculator in catalogue order, the holds and the watch list, and decides each row's outcome.
// `run`, `validate`, `recompute`, `audit` and `explain` all call run_roll; none computes an
// amount its own way. No I/O here.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "calc/calculators.h"
#include "core/issue.h"
#include "input/rows.h"
#include "rules/rules.h"

namespace benefitroll {

enum class Outcome : uint8_t { kPaid, kHeld, kNotPaid, kRejected };
std::string_view to_string(Outcome o);

struct WatchRow {
  std::string code;  // AT_RISK, INCOME_DROP, IN_GRACE
  std::string_view household_id, street, community;
  Program program = Program::kDibao;
  int persons = 0;
  std::optional<Money> per_capita_income;
  Money standard;
  Text message;
};

struct OutcomeCounts {
  int64_t rows = 0, paid = 0, held = 0, not_paid = 0, rejected = 0;
};
struct MemberCounts {
  int64_t rows = 0, counted = 0, not_counted = 0, rejected = 0;
};
struct CaseCounts {
  int64_t rows = 0, paid = 0, held = 0, rejected = 0, other_month = 0;
};

struct RollResult {
  std::vector<Line> payments, subsidies, held;  // in ledger order
  std::vector<Issue> exceptions;                // in exceptions.csv order
  std::vector<WatchRow> watchlist;              // in watchlist.csv order
  OutcomeCounts households;
  MemberCounts members;
  CaseCounts cases;
  std::vector<Outcome> household_outcome;  // per households.csv row
  std::unique_ptr<RuleRefs> refs;          // the strings Line::rule points into
};

struct RollInput {
  const HouseholdTable* households = nullptr;
  const MemberTable* members = nullptr;
  const CaseTable* cases = nullptr;  // may be null
};

/// Computes the month. Throws FatalError where rules.md stops the run (missing price index,
/// a case of the month without [[temporary]]). `jobs` threads compute households; the result
/// never depends on it.
void run_roll(const RollInput& in, const Rules& rules, const MonthRules& month, int jobs,
              RollResult& out);

/// exceptions.csv order (outputs.md): rows with a file first by file, line, code; then the
/// others by household_id, code, person_id.
void sort_exceptions(std::vector<Issue>& issues);

}  // namespace benefitroll
