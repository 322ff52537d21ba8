// dibao (低保) and gradual exit (渐退): rules.md, "[[dibao]]".
#include <fmt/format.h>

#include "calc/calculators.h"

namespace benefitroll {

bool is_living(const MemberRow& m, YearMonth month) {
  return !m.deceased_on || !(m.deceased_on->year_month() < month);
}
bool died_in(const MemberRow& m, YearMonth month) {
  return m.deceased_on && m.deceased_on->year_month() == month;
}

AssessedIncome assessed_income(const HouseholdRow& h, Money s, int n, const DibaoRules& d) {
  // deduction = min(rigid_expense, round(rigid_expense_cap_ratio × S × n, fen, half_up))
  Money cap = multiply(s * n, d.rigid_expense_cap_ratio, {RoundUnit::kFen, RoundMode::kHalfUp});
  Money deduction = std::min(h.rigid_expense, cap);
  Money income = h.monthly_income.value_or(Money()) - deduction;
  if (income < Money()) income = Money();
  return {deduction, income};
}

void calc_dibao(const HouseholdView& h, const MonthRules& rules, const RuleRefs& refs,
                CalcResult& out) {
  const HouseholdRow& row = *h.row;
  const DibaoRules& d = rules.dibao->params;
  const Money s = rules.standard(row.area);
  const int n = h.covered_living;
  if (n == 0) {
    out.findings.push_back({"NO_COVERED_MEMBERS", {},
                            {"户内无在世的保障对象，本月不发放",
                             "no living covered member: nothing paid"}});
    return;
  }
  auto base = [&](Item item) {
    Line l;
    l.item = item;
    l.form = Form::kCash;
    l.household_id = row.household_id;
    l.street = row.street;
    l.community = row.community;
    l.rule = &refs.dibao;
    return l;
  };

  const AssessedIncome ai = assessed_income(row, s, n, d);
  const Money gap = s * n - ai.income;
  if (gap > Money()) {
    Money amount = round(gap, d.round);
    bool min_applied = amount < d.min_payment;
    if (min_applied) amount = d.min_payment;
    if (amount > Money()) {
      Line l = base(Item::kDibao);
      l.amount = amount;
      l.basis.kind = Basis::Kind::kDibaoGap;
      l.basis.n = n;
      l.basis.a = s;
      l.basis.b = row.monthly_income.value_or(Money());
      l.basis.c = ai.deduction;
      l.basis.d = gap;
      l.basis.e = d.min_payment;
      l.basis.rounded = amount != gap && !min_applied;
      l.basis.min_applied = min_applied;
      out.lines.push_back(l);
      return;
    }
  }

  // No dibao line: gradual exit, if the household is in one.
  if (row.grace_start) {
    const int k = row.grace_start->months_until(rules.month);
    const int len = static_cast<int>(d.grace_schedule.size());
    if (k >= 0 && k < len) {
      const int percent = d.grace_schedule[static_cast<size_t>(k)];
      // round(grace_amount × schedule[k] / 100, round, round_mode)
      Money amount = multiply_ratio(*row.grace_amount, percent, 100, d.round);
      if (amount > Money()) {
        Line l = base(Item::kDibaoGrace);
        l.amount = amount;
        l.basis.kind = Basis::Kind::kGrace;
        l.basis.a = *row.grace_amount;
        l.basis.n = percent;
        out.lines.push_back(l);
        const int remaining = len - k - 1;
        out.watch.push_back(
            {"IN_GRACE",
             {fmt::format("渐退期第{}个月（共{}个月），剩余{}个月", k + 1, len, remaining),
              fmt::format("gradual exit month {} of {}, {} month(s) remaining", k + 1, len,
                          remaining)}});
        return;
      }
    } else if (k >= len) {
      out.findings.push_back(
          {"GRACE_EXPIRED", {},
           {fmt::format("渐退期已于{}结束，本月不发放", row.grace_start->plus(len - 1).str()),
            fmt::format("gradual exit ended with {}: nothing paid",
                        row.grace_start->plus(len - 1).str())}});
      return;
    }
  }
  out.findings.push_back(
      {"INCOME_ABOVE_STANDARD", {},
       {fmt::format("核算收入 {} 不低于保障标准 {}×{}={}，本月不发放", ai.income.str(), s.str(), n,
                    (s * n).str()),
        fmt::format("assessed income {} is not below the standard {}×{}={}: nothing paid",
                    ai.income.str(), s.str(), n, (s * n).str())}});
}

}  // namespace benefitroll
