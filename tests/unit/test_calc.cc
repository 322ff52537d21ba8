// Calculator cases in the OpenFisca way: a household, a month, the rules → the exact lines.
// Amounts are worked out by hand in the comments.
#include <doctest/doctest.h>

#include "calc/calculators.h"

using namespace benefitroll;

namespace {

Money yuan(const char* s) { return *Money::parse(s); }

MonthRules erdao_2020(YearMonth m) {
  MonthRules r;
  r.month = m;
  DibaoRules d;
  d.urban_monthly = yuan("710");
  d.rural_annual = yuan("6000");
  d.round = {RoundUnit::kYuan, RoundMode::kHalfUp};
  d.min_payment = yuan("30");
  d.rigid_expense_cap_ratio = *Decimal::parse("0.5");
  d.grace_schedule = {100, 100, 100, 50, 50, 50};
  d.monitor_ratio = *Decimal::parse("1.5");
  d.income_drop_ratio = *Decimal::parse("0.3");
  r.dibao = InEffect<DibaoRules>{d, VersionRef{"dibao", {2020, 1}, std::nullopt, "", 0}};
  TekunRules t;
  t.urban_monthly = yuan("1130");
  t.rural_monthly = yuan("860");
  t.care_full = yuan("178");
  t.care_partial = yuan("356");
  t.care_none = yuan("712");
  t.minor_age = 16;
  t.elderly_age = 60;
  r.tekun = InEffect<TekunRules>{t, VersionRef{"tekun", {2020, 1}, std::nullopt, "", 0}};
  return r;
}

MemberRow member(const char* id, bool covered, bool tekun = false) {
  MemberRow m;
  m.person_id = id;
  m.covered = covered;
  m.tekun = tekun;
  m.birth = Date{std::atoi(std::string(id).substr(6, 4).c_str()),
                 std::atoi(std::string(id).substr(10, 2).c_str()),
                 std::atoi(std::string(id).substr(12, 2).c_str())};
  return m;
}

struct Case {
  HouseholdRow row;
  std::vector<MemberRow> members;
  CalcResult run(const MonthRules& rules) {
    HouseholdView v;
    v.row = &row;
    std::vector<const MemberRow*> ptrs;
    for (const MemberRow& m : members) ptrs.push_back(&m);
    v.members = ptrs;
    for (const MemberRow& m : members) {
      if (!is_living(m, rules.month)) continue;
      ++v.living;
      v.covered_living += m.covered;
      v.tekun_living += m.tekun;
    }
    RuleRefs refs = RuleRefs::of(rules);
    CalcResult out;
    if (row.program == Program::kDibao)
      calc_dibao(v, rules, refs, out);
    else
      calc_tekun(v, rules, refs, out);
    for (Line& l : out.lines) l.rule = nullptr;  // refs die here
    return out;
  }
};

}  // namespace

TEST_CASE("dibao: the gap to the standard, rounded to the yuan half up") {
  Case c;
  c.row.household_id = "H1";
  c.row.monthly_income = yuan("1200.50");
  c.members = {member("220105195001010018", true), member("220105195201010012", true),
               member("220105198001010011", true)};
  // S×n = 710×3 = 2130.00; gap = 2130.00 − 1200.50 = 929.50 → 930 (half up)
  CalcResult r = c.run(erdao_2020({2020, 9}));
  REQUIRE(r.lines.size() == 1);
  CHECK(r.lines[0].item == Item::kDibao);
  CHECK(r.lines[0].amount.str() == "930.00");
  CHECK(format_basis(r.lines[0]) == "710.00×3−1200.50=929.50→930.00");
}

TEST_CASE("dibao: rigid expense deducted up to its cap; rural standard") {
  Case c;
  c.row.household_id = "H2";
  c.row.area = Area::kRural;
  c.row.monthly_income = yuan("900");
  c.row.rigid_expense = yuan("800");
  c.members = {member("220105195001010018", true), member("220105195201010012", true)};
  // S = 6000/12 = 500.00; cap = 0.5 × 500 × 2 = 500.00 < 800 → deduction 500.00
  // I = 900 − 500 = 400.00; gap = 1000 − 400 = 600.00
  CalcResult r = c.run(erdao_2020({2020, 9}));
  REQUIRE(r.lines.size() == 1);
  CHECK(r.lines[0].amount.str() == "600.00");
  CHECK(format_basis(r.lines[0]) == "500.00×2−(900.00−500.00)=600.00");
}

TEST_CASE("dibao: min_payment raises a small gap; income at the standard pays nothing") {
  Case c;
  c.row.household_id = "H3";
  c.row.monthly_income = yuan("698.40");
  c.members = {member("220105195001010018", true)};
  // gap = 710 − 698.40 = 11.60 → 12 → below the minimum 30 → 30
  CalcResult r = c.run(erdao_2020({2020, 9}));
  REQUIRE(r.lines.size() == 1);
  CHECK(r.lines[0].amount.str() == "30.00");
  c.row.monthly_income = yuan("710");
  r = c.run(erdao_2020({2020, 9}));
  CHECK(r.lines.empty());
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].code == "INCOME_ABOVE_STANDARD");
}

TEST_CASE("dibao: every rounding unit and mode on the same gap") {
  Case c;
  c.row.household_id = "H4";
  c.row.monthly_income = yuan("1234.56");
  c.members = {member("220105195001010018", true), member("220105195201010012", true)};
  // gap = 1420.00 − 1234.56 = 185.44
  struct {
    RoundUnit u;
    RoundMode m;
    const char* want;
  } cases[] = {
      {RoundUnit::kFen, RoundMode::kHalfUp, "185.44"}, {RoundUnit::kFen, RoundMode::kUp, "185.44"},
      {RoundUnit::kFen, RoundMode::kDown, "185.44"},   {RoundUnit::kJiao, RoundMode::kHalfUp, "185.40"},
      {RoundUnit::kJiao, RoundMode::kUp, "185.50"},    {RoundUnit::kJiao, RoundMode::kDown, "185.40"},
      {RoundUnit::kYuan, RoundMode::kHalfUp, "185.00"}, {RoundUnit::kYuan, RoundMode::kUp, "186.00"},
      {RoundUnit::kYuan, RoundMode::kDown, "185.00"},
  };
  for (auto& k : cases) {
    MonthRules r = erdao_2020({2020, 9});
    r.dibao->params.round = {k.u, k.m};
    CalcResult out = c.run(r);
    REQUIRE(out.lines.size() == 1);
    CHECK(out.lines[0].amount.str() == k.want);
  }
}

TEST_CASE("dibao_grace: the schedule by month of exit, then GRACE_EXPIRED") {
  Case c;
  c.row.household_id = "H5";
  c.row.monthly_income = yuan("3000");
  c.row.grace_start = YearMonth{2020, 4};
  c.row.grace_amount = yuan("455");
  c.members = {member("220105195001010018", true), member("220105195201010012", true)};
  // 2020-06: k = 2 → 100% → 455.00; 2020-07: k = 3 → 50% → 227.50 → 228 (yuan half up)
  CalcResult r = c.run(erdao_2020({2020, 6}));
  REQUIRE(r.lines.size() == 1);
  CHECK(r.lines[0].item == Item::kDibaoGrace);
  CHECK(r.lines[0].amount.str() == "455.00");
  r = c.run(erdao_2020({2020, 7}));
  CHECK(r.lines[0].amount.str() == "228.00");
  REQUIRE(r.watch.size() == 1);
  CHECK(r.watch[0].code == "IN_GRACE");
  // 2020-10: k = 6 = len → expired
  r = c.run(erdao_2020({2020, 10}));
  CHECK(r.lines.empty());
  CHECK(r.findings.at(0).code == "GRACE_EXPIRED");
  // before the exit starts: k < 0 → INCOME_ABOVE_STANDARD
  r = c.run(erdao_2020({2020, 3}));
  CHECK(r.findings.at(0).code == "INCOME_ABOVE_STANDARD");
}

TEST_CASE("dibao: the dead before the month are not counted; no covered member left") {
  Case c;
  c.row.household_id = "H6";
  c.row.monthly_income = yuan("0");
  c.members = {member("220105195001010018", true), member("220105195201010012", true)};
  c.members[0].deceased_on = Date{2020, 8, 31};  // before 2020-09
  c.members[1].deceased_on = Date{2020, 9, 1};   // during 2020-09: counted
  CalcResult r = c.run(erdao_2020({2020, 9}));
  REQUIRE(r.lines.size() == 1);
  CHECK(r.lines[0].amount.str() == "710.00");
  c.members[1].deceased_on = Date{2020, 8, 1};
  r = c.run(erdao_2020({2020, 9}));
  CHECK(r.lines.empty());
  CHECK(r.findings.at(0).code == "NO_COVERED_MEMBERS");
}

TEST_CASE("tekun: basic and care per living tekun person; the category check") {
  Case c;
  c.row.household_id = "T1";
  c.row.program = Program::kTekun;
  c.row.area = Area::kRural;
  c.members = {member("220105195001010018", false, true), member("220105199001010016", false, true),
               member("22010520080101001X", false, true)};
  c.members[0].self_care = SelfCare::kNone;     // 70: elderly
  c.members[1].self_care = SelfCare::kPartial;  // 30: neither → TEKUN_CATEGORY
  c.members[2].self_care = SelfCare::kFull;     // 12: minor
  CalcResult r = c.run(erdao_2020({2020, 9}));
  REQUIRE(r.lines.size() == 6);
  CHECK(r.lines[0].amount.str() == "860.00");
  CHECK(r.lines[1].amount.str() == "712.00");
  CHECK(r.lines[3].amount.str() == "356.00");
  CHECK(r.lines[5].amount.str() == "178.00");
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].code == "TEKUN_CATEGORY");
  CHECK(r.findings[0].person_id == "220105199001010016");
  // disability grade 2 takes the 30-year-old out of the check
  c.members[1].disability_grade = 2;
  CHECK(c.run(erdao_2020({2020, 9})).findings.empty());
}

TEST_CASE("tekun: ages at the boundaries, on the first day of the month") {
  Case c;
  c.row.household_id = "T2";
  c.row.program = Program::kTekun;
  // born 2004-09-01: 16 on 2020-09-01 → not a minor; born 1960-09-01: 60 → elderly
  c.members = {member("220105200409010015", false, true), member("220105196009010017", false, true)};
  for (auto& m : c.members) m.self_care = SelfCare::kFull;
  CalcResult r = c.run(erdao_2020({2020, 9}));
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].person_id == "220105200409010015");
}
