// The roll: the month's one way of computing amounts. Runs the cross-row checks, every
// calculator in catalogue order, the holds and the watch list, and decides each row's outcome.
// `run`, `validate`, `recompute`, `audit` and `explain` all call run_roll; none computes an
// amount its own way. No I/O here.
#pragma once

#include <array>
#include <map>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "calc/calculators.h"
#include "core/issue.h"
#include "input/month_rows.h"
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
  std::vector<Line> payments, subsidies, held;  // in ledger order; empty with a sink
  int64_t payment_lines = 0, subsidy_lines = 0, held_lines = 0;  // with a sink too
  std::vector<Issue> exceptions;                // in exceptions.csv order; empty with a sink
  std::vector<WatchRow> watchlist;              // in watchlist.csv order; empty with a sink
  int64_t exception_rows = 0, watch_rows = 0;   // with a sink too
  OutcomeCounts households;
  MemberCounts members;
  CaseCounts cases;
  std::vector<Outcome> household_outcome;  // per households.csv row
  // Households paid, by street (summary.html).
  std::map<std::string, int64_t, std::less<>> paid_households_by_street;
  std::unique_ptr<RuleRefs> refs;          // the strings Line::rule points into
  std::unique_ptr<StringPool> text;        // the lines' text, when a sink kept it (LedgerStream)
};

/// A block of households' lines in ledger order, the case lines that fall among them merged in.
/// `prepared` is the sink's own: what it made of the block in parallel (e.g. the CSV text).
/// With them, the next stretch of exceptions.csv (the rows with a file in block 0) and of
/// watchlist.csv, in their files' order.
struct LedgerBlock {
  std::vector<Line> payments, subsidies, held;
  std::vector<Issue> issues;
  std::vector<WatchRow> watch;
  std::array<std::string, 5> prepared;  // for payments, subsidies, held, issues, watch
  std::array<int64_t, 5> prepared_rows{};
};

/// Where the ledgers' lines, the issues and the watch rows go instead of RollResult's vectors, a
/// block at a time, so that a roll of millions of households never holds all of them at once.
/// A line's text (and a watch row's) lives until consume() returns, unless the rows are
/// held(): a sink that keeps it longer copies it. `prepare` is called on the
/// roll's worker threads as soon as a block is computed, several at once and in any order;
/// `consume` one block at a time, in ledger order. Both may throw: the roll then stops and
/// rethrows. The blocks never depend on the number of jobs.
class LedgerSink {
 public:
  virtual ~LedgerSink() = default;
  virtual void start(size_t workers) = 0;
  virtual void prepare(size_t worker, LedgerBlock& block) = 0;
  virtual void consume(LedgerBlock& block) = 0;
};

/// The month's rows: `rows` when set (StreamedRows, say), else the two tables.
struct RollInput {
  const HouseholdTable* households = nullptr;
  const MemberTable* members = nullptr;
  const CaseTable* cases = nullptr;  // may be null
  LedgerSink* sink = nullptr;  // when set, lines, issues and watch rows go there, not to RollResult
  const MonthRows* rows = nullptr;  // without a sink, only rows that are held()
};

/// Computes the month. Throws FatalError where rules.md stops the run (missing price index,
/// a case of the month without [[temporary]]). `jobs` threads compute households; the result
/// never depends on it.
void run_roll(const RollInput& in, const Rules& rules, const MonthRules& month, int jobs,
              RollResult& out);

}  // namespace benefitroll
