// Tests only: the accounting identities of outputs.md checked on a roll's result and on tables
// read (one outcome per row, outcomes add up, disbursement = cash + premium); writes nothing.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "calc/roll.h"
#include "input/rows.h"
#include "output/month_writer.h"

namespace benefitroll {

/// True when every identity holds; otherwise false, with what broke in `why`.
inline bool check_identities(const HouseholdTable& h, const MemberTable& m, const CaseTable& c,
                             const RollResult& r, std::string& why) {
  const auto& H = r.households;
  const auto& M = r.members;
  const auto& C = r.cases;
  std::ostringstream w;
  if (H.rows != static_cast<int64_t>(h.rows.size())) w << "households.rows != rows read; ";
  if (H.paid + H.held + H.not_paid + H.rejected != H.rows) w << "households don't add up; ";
  if (M.rows != static_cast<int64_t>(m.rows.size())) w << "members.rows != rows read; ";
  if (M.counted + M.not_counted + M.rejected != M.rows) w << "members don't add up; ";
  if (C.rows != static_cast<int64_t>(c.rows.size())) w << "cases.rows != rows read; ";
  if (C.paid + C.held + C.rejected + C.other_month != C.rows) w << "cases don't add up; ";
  if (r.household_outcome.size() != h.rows.size()) w << "an outcome per household row missing; ";
  Money cash;
  int64_t cash_lines = 0;
  for (const Line& l : r.payments) {
    cash += l.amount;
    ++cash_lines;
  }
  for (const Line& l : r.subsidies)
    if (l.form == Form::kCash || l.form == Form::kPremium) {
      cash += l.amount;
      ++cash_lines;
    }
  Money disbursed;
  int64_t disbursed_lines = 0;
  DisbursementSums sums;
  sums.add(r.payments, r.subsidies);
  for (const Disbursement& d : sums.take_sorted()) {
    disbursed += d.amount;
    disbursed_lines += d.lines;
  }
  if (disbursed != cash)
    w << "disbursement " << disbursed.str() << " != cash+premium " << cash.str() << "; ";
  if (disbursed_lines != cash_lines) w << "disbursement lines != cash+premium lines; ";
  for (const auto* v : {&r.payments, &r.subsidies, &r.held})
    for (const Line& l : *v)
      if (!l.amount.positive()) w << "a line of " << l.amount.str() << "; ";
  why = w.str();
  return why.empty();
}

/// A table as a reader returns it: each issue names a row, and a row is rejected exactly when
/// it has an issue (readers reject a row for each problem they write, and only then).
template <class Row>
bool check_table(const Table<Row>& t, std::string& why) {
  std::vector<int> issues(t.rows.size(), 0);
  for (const RowIssue& i : t.issues) {
    if (i.row >= t.rows.size()) {
      why = t.file + ": an issue names a row that does not exist";
      return false;
    }
    ++issues[i.row];
  }
  for (size_t k = 0; k < t.rows.size(); ++k) {
    if (t.rows[k].rejected != (issues[k] > 0)) {
      why =
          t.file + ": row " + std::to_string(k) +
          (t.rows[k].rejected ? " rejected without an issue" : " has an issue but is not rejected");
      return false;
    }
    if (k > 0 && t.rows[k].line <= t.rows[k - 1].line) {
      why = t.file + ": row lines do not increase";
      return false;
    }
  }
  return true;
}

}  // namespace benefitroll
