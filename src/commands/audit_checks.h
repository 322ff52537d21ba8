// The checks of `benefitroll audit` on data already read: a month's files against the month
// computed again, its control totals, its ledger alone against its inputs and rules, and the
// checks across months. No I/O; no amount is computed here (the roll of run computes them).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive/month_folder.h"
#include "calc/roll.h"
#include "commands/month_input.h"
#include "output/findings.h"
#include "rules/rules.h"

namespace benefitroll {

/// What every check of one month needs to say where and how to write a finding.
struct CheckContext {
  YearMonth month;
  bool mask = true;  // mask account numbers put into expected/actual/message
};

/// One row of disbursement.csv as written.
struct DisbursementRow {
  int64_t line = 0;
  std::string account, name, payee_id;
  int64_t lines = 0;
  Money amount;
};
/// Reads disbursement.csv's rows from a table; throws FatalError naming `path` when a column is
/// missing or a value is not a count or an amount.
std::vector<DisbursementRow> disbursement_rows(const CsvTable& t, const std::string& path);

/// MISMATCH: compares a ledger or held.csv of the folder (`actual`) with the same file computed
/// again (`expected`), line by line keyed by (month, household_id, person_id, item, ref): amount,
/// payee (name and account), form and rule must be equal (and reason, for held.csv). Each
/// differing, missing or extra line is one finding. Returns the number of findings added.
int compare_ledgers(std::string_view file, const std::vector<LedgerRow>& expected,
                    const std::vector<LedgerRow>& actual, const CheckContext& ctx,
                    std::vector<AuditFinding>& out);

/// MISMATCH: disbursement.csv keyed by (payee_account, payee_name, payee_id): lines and amount.
int compare_disbursements(const std::vector<DisbursementRow>& expected,
                          const std::vector<DisbursementRow>& actual, const CheckContext& ctx,
                          std::vector<AuditFinding>& out);

/// The folder's files as read (each absent when it could not be read).
struct FolderLedgers {
  std::optional<std::vector<LedgerRow>> payments, subsidies, held;
  StringPool text;  // the text of their rows
  std::optional<std::vector<DisbursementRow>> disbursement;
  /// The lines paid: payments.csv then subsidies.csv (those that were read).
  std::vector<const LedgerRow*> paid() const;
};

/// CONTROL_TOTAL: each file's lines sum to the manifest's `outputs` amount and control total;
/// disbursement equals the cash and premium lines of both ledgers, in total and per payee; the
/// manifest's control.accounts is the number of disbursement rows.
void check_control_totals(const FolderManifest& m, const FolderLedgers& f, const CheckContext& ctx,
                          std::vector<AuditFinding>& out);

/// LEDGER_INVALID: the paid lines against the folder's inputs and rules (in effect for the
/// month): a household or person not in the inputs; a person paid in two households; a line for
/// a person dead before the month; a dibao line above S × n; a tekun_basic line not equal to
/// the standard of its area.
void check_ledger_alone(const std::vector<const LedgerRow*>& paid, const MonthInput& in,
                        const MonthRules& rules, const CheckContext& ctx,
                        std::vector<AuditFinding>& out);

/// DIFFERS_FROM_RULES: the paid lines against the lines due under other rules (the ledgers of
/// a roll of the same inputs), one review finding per line key whose amounts differ.
void compare_with_rules(const std::vector<const LedgerRow*>& paid, const RollResult& due,
                        const std::string& rules_name, const CheckContext& ctx,
                        std::vector<AuditFinding>& out);

/// A paid line that the checks across months look at (once-a-year items and dibao_grace).
struct YearlyLine {
  std::string household_id, person_id, item;
  Money amount;
  std::string level;  // education: the member's enrollment that month (high_school, university)
};
/// What one archive month paid of those items; months are given in order, missing ones left out.
struct MonthPaid {
  YearMonth month;
  std::vector<YearlyLine> lines;
  size_t grace_months = 0;  // length of the folder's grace schedule for the month; 0: unknown
};
/// Picks the lines of heating, holiday_cash, holiday_goods, insurance_premium, education and
/// dibao_grace from the paid lines; the education level from the inputs when given.
MonthPaid collect_month_paid(YearMonth m, const std::vector<const LedgerRow*>& paid,
                             const MonthInput* in, const MonthRules* rules);

/// The first month of the heating season (July to June) that month m belongs to.
YearMonth heating_season_start(YearMonth m);

/// PAID_TWICE and GRACE_OVERRUN across the months (in ascending order).
void check_across_months(const std::vector<MonthPaid>& months, std::vector<AuditFinding>& out);

}  // namespace benefitroll
