// Extreme-poverty support (特困供养): rules.md, "[[tekun]]".
#include <fmt/format.h>

#include "calc/calculators.h"
#include "core/resident_id.h"

namespace benefitroll {

void calc_tekun(const HouseholdView& h, const MonthRules& rules, const RuleRefs& refs,
                CalcResult& out) {
  const HouseholdRow& row = *h.row;
  const TekunRules& t = rules.tekun->params;
  if (h.tekun_living == 0) {
    out.findings.push_back({"NO_COVERED_MEMBERS", {},
                            {"户内无在世的特困人员，本月不发放",
                             "no living tekun person: nothing paid"}});
    return;
  }
  const Money basic = row.area == Area::kUrban ? t.urban_monthly : t.rural_monthly;
  for (const MemberRow* m : h.members) {
    if (!m->tekun || !is_living(*m, rules.month)) continue;
    Line l;
    l.form = Form::kCash;
    l.household_id = row.household_id;
    l.person_id = m->person_id;
    l.street = row.street;
    l.community = row.community;
    l.rule = &refs.tekun;
    l.basis.kind = Basis::Kind::kStandard;

    l.item = Item::kTekunBasic;
    l.amount = basic;
    l.basis.a = basic;
    out.lines.push_back(l);

    const SelfCare sc = m->self_care.value_or(SelfCare::kFull);
    const Money care = sc == SelfCare::kFull      ? t.care_full
                       : sc == SelfCare::kPartial ? t.care_partial
                                                  : t.care_none;
    if (care > Money()) {
      l.item = Item::kTekunCare;
      l.amount = care;
      l.basis.a = care;
      out.lines.push_back(l);
    }

    const int age = age_at(m->birth, rules.month);
    const bool minor = age < t.minor_age;
    const bool elderly = age >= t.elderly_age;
    const bool disabled = m->disability_grade == 1 || m->disability_grade == 2;
    if (!minor && !elderly && !disabled) {
      out.findings.push_back(
          {"TEKUN_CATEGORY", m->person_id,
           {fmt::format("特困人员{}岁，既非未满{}岁、亦非{}岁以上，且无一、二级残疾：已发放，请核查",
                        age, t.minor_age, t.elderly_age),
            fmt::format("tekun person aged {}: not under {}, not {} or over, no disability grade "
                        "1-2: paid, to be checked",
                        age, t.minor_age, t.elderly_age)}});
    }
  }
}

}  // namespace benefitroll
