// The checks of `benefitroll audit` on data already read: a month's files against the month
// computed again, its control totals, its ledger alone against its inputs and rules, and the
// checks across months. No I/O; no amount is computed here (the roll of run computes them).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
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

/// The folder's files read whole (each absent when it could not be read, or, in an audit, when
/// it is byte for byte the file computed again and so is read a line at a time instead).
struct FolderLedgers {
  std::optional<std::vector<LedgerRow>> payments, subsidies, held;
  StringPool text;  // the text of their rows
  std::optional<std::vector<DisbursementRow>> disbursement;
};

/// A hash of two views, for the checks' tables keyed by (household, person) or a payee.
struct ViewPairHash {
  size_t operator()(const std::pair<std::string_view, std::string_view>& p) const;
};

/// What the control totals need of the ledgers, added up a line at a time as they are read.
class LedgerSums {
 public:
  enum File { kPayments, kSubsidies, kHeld };
  /// `file` is read (whole, its lines given to add): its sum counts. Not called: not read.
  void start(File file) { sum_[file] = Money(); }
  void add(File file, const LedgerRow& r);
  std::optional<Money> sum(File file) const { return sum_[file]; }
  /// payments.csv and the cash and premium lines of subsidies.csv: in all, and by payee
  /// (account, name) as (lines, amount).
  Money cash() const { return cash_; }
  const auto& by_payee() const { return by_payee_; }

 private:
  std::optional<Money> sum_[3];
  Money cash_;
  std::unordered_map<std::pair<std::string_view, std::string_view>, std::pair<int64_t, Money>,
                     ViewPairHash>
      by_payee_;
  StringPool text_;  // the payees' text
};

/// CONTROL_TOTAL: each file's lines sum to the manifest's `outputs` amount and control total;
/// disbursement equals the cash and premium lines of both ledgers, in total and per payee; the
/// manifest's control.accounts is the number of disbursement rows.
void check_control_totals(const FolderManifest& m, const FolderLedgers& f, const CheckContext& ctx,
                          std::vector<AuditFinding>& out);
/// The same, from the sums of ledgers read a line at a time.
void check_control_totals(const FolderManifest& m, const LedgerSums& sums,
                          const std::optional<std::vector<DisbursementRow>>& disbursement,
                          const CheckContext& ctx, std::vector<AuditFinding>& out);

/// LEDGER_INVALID: the paid lines against the folder's inputs and rules (in effect for the
/// month): a household or person not in the inputs; a person paid in two households; a line for
/// a person dead before the month; a dibao line above S × n; a tekun_basic line not equal to
/// the standard of its area.
void check_ledger_alone(const std::vector<const LedgerRow*>& paid, const MonthInput& in,
                        const MonthRules& rules, const CheckContext& ctx,
                        std::vector<AuditFinding>& out);

/// LEDGER_INVALID a line at a time: check_ledger_alone is this over a vector. The paid lines
/// are fed in order as they are read (payments.csv, then subsidies.csv), so that a month's
/// ledgers need not be held; what is kept past a line is copied. `in` and `rules` must outlive
/// it.
class LedgerAloneCheck {
 public:
  LedgerAloneCheck(const MonthInput& in, const MonthRules& rules, const CheckContext& ctx,
                   std::vector<AuditFinding>& out);
  void add(const LedgerRow& r);
  /// The persons paid in more than one household.
  void finish();

 private:
  void invalid(const LedgerRow& r, Text message);
  void paid_for(std::string_view pid, std::string_view hid);

  const MonthRules& rules_;
  CheckContext ctx_;
  std::vector<AuditFinding>& out_;
  std::unordered_map<std::string_view, const HouseholdRow*> households_;  // first accepted row
  std::unordered_set<std::string_view> household_ids_;                    // every row
  std::unordered_map<std::pair<std::string_view, std::string_view>, const MemberRow*,
                     ViewPairHash>
      members_;
  // each household's living covered members (n of S × n)
  std::unordered_map<std::string_view, std::vector<std::string_view>> covered_persons_;
  std::set<std::pair<std::string_view, std::string_view>> cases_;  // (case_id, applicant)
  // The households paid for a person (P lines, and the covered persons of dibao lines): the
  // first, and (person, household) pairs of the persons paid in more than one. Their text is
  // text_'s.
  std::unordered_map<std::string_view, std::string_view> first_paid_in_;
  std::vector<std::pair<std::string_view, std::string_view>> paid_in_;
  StringPool text_;
};

/// DIFFERS_FROM_RULES: the paid lines against the lines due under other rules (the ledgers of
/// a roll of the same inputs), one review finding per line key whose amounts differ.
void compare_with_rules(const std::vector<const LedgerRow*>& paid, const RollResult& due,
                        const std::string& rules_name, const CheckContext& ctx,
                        std::vector<AuditFinding>& out);
/// The same a line at a time: the due lines are copied, the paid ones fed in order.
class RulesDiff {
 public:
  RulesDiff(const RollResult& due, const CheckContext& ctx);
  void add(const LedgerRow& r);
  void finish(const std::string& rules_name, std::vector<AuditFinding>& out);

 private:
  using Key = std::tuple<std::string, std::string, std::string, int, std::string>;
  struct Side {
    Money amount;
    std::string rule;
  };
  std::map<Key, std::pair<Side, Side>> by_key_;  // (due, paid)
  // (household, person) -> the first item code not in the catalogue paid them, to name it
  std::map<std::pair<std::string, std::string>, std::string> unknown_code_;
  CheckContext ctx_;
};

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
/// The same a line at a time, the paid lines fed in order.
class YearlyLines {
 public:
  YearlyLines(YearMonth m, const MonthInput* in, const MonthRules* rules);
  void add(const LedgerRow& r);
  MonthPaid take() { return std::move(out_); }

 private:
  MonthPaid out_;
  std::map<std::pair<std::string_view, std::string_view>, Enrollment> level_;
};

/// The first month of the heating season (July to June) that month m belongs to.
YearMonth heating_season_start(YearMonth m);

/// PAID_TWICE and GRACE_OVERRUN across the months (in ascending order).
void check_across_months(const std::vector<MonthPaid>& months, std::vector<AuditFinding>& out);

}  // namespace benefitroll
