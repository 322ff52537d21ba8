// The calculators: one pure function per benefit family, of (household, month, rules in
// effect) → lines and findings. No I/O; the roll (roll.h) runs them in catalogue order.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "calc/line.h"
#include "input/rows.h"
#include "rules/rules.h"

namespace benefitroll {

/// A household as the calculators see it: its row and its accepted member rows, with the
/// month's counts already made.
struct HouseholdView {
  const HouseholdRow* row = nullptr;
  std::span<const MemberRow* const> members;  // accepted member rows, in file order
  int living = 0;          // living members (all)
  int covered_living = 0;  // living members with covered = y: n of a dibao household
  int tekun_living = 0;    // living members with tekun = y
};

/// A member is living in month m unless deceased_on is before m's first day.
bool is_living(const MemberRow& m, YearMonth month);
bool died_in(const MemberRow& m, YearMonth month);

/// A finding of a calculator about its household (or one of its persons).
struct Finding {
  std::string code;  // INCOME_ABOVE_STANDARD, GRACE_EXPIRED, NO_COVERED_MEMBERS, TEKUN_CATEGORY
  std::string_view person_id;
  Text message;
};

/// A watch-list entry raised by a calculator (IN_GRACE) with its message.
struct WatchEntry {
  std::string code;
  Text message;
};

/// What the calculators give for one household.
struct CalcResult {
  std::vector<Line> lines;
  std::vector<Finding> findings;
  std::vector<WatchEntry> watch;
};

/// The rules references of the month, formatted once ("dibao@2020-01").
struct RuleRefs {
  std::string dibao, tekun, price_subsidy, benefit_card, utilities, heating, holiday,
      insurance_premium, education, fee_waiver, temporary;
  static RuleRefs of(const MonthRules& r);
};

/// The I of rules.md: max(0, income − min(rigid_expense, round(ratio × S × n, fen, half_up))).
struct AssessedIncome {
  Money deduction;
  Money income;  // I
};
AssessedIncome assessed_income(const HouseholdRow& h, Money s, int n, const DibaoRules& d);

/// dibao / dibao_grace of an active dibao household (rules.md [[dibao]]).
void calc_dibao(const HouseholdView& h, const MonthRules& rules, const RuleRefs& refs,
                CalcResult& out);
/// tekun_basic / tekun_care of an active tekun household (rules.md [[tekun]]).
void calc_tekun(const HouseholdView& h, const MonthRules& rules, const RuleRefs& refs,
                CalcResult& out);

/// The price-index facts of a month, found once per run (rules.md [[price_subsidy]]).
struct PriceMonth {
  bool in_effect = false;
  bool triggered = false;
  std::optional<Decimal> rise;  // the larger rise that reaches its threshold
};
/// Throws FatalError when the index of month m − lag is needed and missing.
PriceMonth price_month(const MonthRules& rules, const std::string& rules_file);

/// Who the subsidies are for, decided after dibao and tekun (rules.md "Words used below").
struct Eligibility {
  bool paid_dibao = false;  // active dibao household given a dibao or dibao_grace line
  bool tekun = false;       // active tekun household with a living tekun person
  bool at_home = false;     // payee = household
  int counted = 0;          // counted persons
};

/// Every subsidy item in catalogue order: price_subsidy, benefit_card, electricity, water,
/// gas, heating, holiday_cash, holiday_goods, insurance_premium, education, fee_waiver.
void calc_subsidies(const HouseholdView& h, const Eligibility& e, const MonthRules& rules,
                    const PriceMonth& price, const RuleRefs& refs, const Meta& meta,
                    CalcResult& out);

}  // namespace benefitroll
