#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "commands/rules_command.h"
#include "core/issue.h"
#include "rules/rules.h"

using namespace benefitroll;

namespace {

// tests/ of this source tree, found from this file's path (tests may run from anywhere; CMake
// compiles with absolute paths, so __FILE__ is absolute there).
std::filesystem::path tests_dir() {
  auto dir = std::filesystem::path(__FILE__).parent_path().parent_path();
  REQUIRE_MESSAGE(std::filesystem::is_directory(dir / "rules_check"),
                  "cannot find tests/ from __FILE__ = " << __FILE__);
  return dir;
}

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

YearMonth ym(const char* s) { return *YearMonth::parse(s); }
Date day(const char* s) { return *Date::parse(s); }

// dibao and tekun, complete, from 2019-01; dibao raised from 2020-01 (announced 2019-12-20).
const std::string kBase = R"(
[[dibao]]
from = "2019-01"
source = "s"
urban_monthly = "660"
rural_annual = "5400"
round = "yuan"
round_mode = "half_up"
min_payment = "30"
rigid_expense_cap_ratio = "0.5"
grace_schedule = [100, 100, 100, 50, 50, 50]
monitor_ratio = "1.5"
income_drop_ratio = "0.3"

[[dibao]]
from = "2020-01"
announced = 2019-12-20
source = "s"
urban_monthly = "710"
rural_annual = "6000"

[[tekun]]
from = "2019-01"
source = "s"
urban_monthly = "1050"
rural_monthly = "800"
care_full = "160"
care_partial = "320"
care_none = "640"
minor_age = 16
elderly_age = 60
)";

// Loads text that must have no problem at all.
Rules load_clean(const std::string& text) {
  std::vector<RulesProblem> problems;
  Rules r = load_rules(text, "rules.toml", problems);
  for (const auto& p : problems) FAIL_CHECK(p.line << ": " << p.message);
  return r;
}

// Every problem as `LINE: error|warning: message`, in order.
std::vector<std::string> problems_of(const std::string& text) {
  std::vector<RulesProblem> problems;
  load_rules(text, "rules.toml", problems);
  std::vector<std::string> out;
  for (const auto& p : problems)
    out.push_back(std::to_string(p.line) + ": " + (p.error ? "error: " : "warning: ") + p.message);
  return out;
}

std::string joined(const std::vector<std::string>& xs) {
  std::string out;
  for (const auto& x : xs) out += x + "\n";
  return out;
}

// The one problem of a snippet appended to kBase (whose last line is line 31).
std::string one_problem(const std::string& snippet) {
  auto ps = problems_of(kBase + snippet);
  if (ps.size() != 1) return "expected one problem, got:\n" + joined(ps);
  return ps[0];
}

const std::string kRetro = R"(
[[dibao]]
from = "2020-07"
announced = 2020-09-15
source = "s"
urban_monthly = "760"
grace_schedule = [80]
)";

}  // namespace

TEST_CASE("rules: a version counts from its month") {
  Rules r = load_clean(kBase);
  MonthRules m = r.for_month(ym("2019-06"), std::nullopt);
  CHECK(m.dibao->params.urban_monthly == Money::yuan(660));
  CHECK(m.dibao->ref.str() == "dibao@2019-01");
  CHECK(m.dibao->ref.line == 2);
  m = r.for_month(ym("2020-03"), std::nullopt);
  CHECK(m.dibao->params.urban_monthly == Money::yuan(710));
  CHECK(m.dibao->ref.str() == "dibao@2020-01+2019-12-20");
  CHECK(m.tekun->ref.str() == "tekun@2019-01");
  // As of a day before the raise was announced, the old standard.
  m = r.for_month(ym("2020-03"), day("2019-12-19"));
  CHECK(m.dibao->params.urban_monthly == Money::yuan(660));
  CHECK(m.dibao->ref.str() == "dibao@2019-01");
  m = r.for_month(ym("2020-03"), day("2019-12-20"));
  CHECK(m.dibao->params.urban_monthly == Money::yuan(710));
}

TEST_CASE("rules: a retroactive raise counts from its month once announced") {
  Rules r = load_clean(kBase + kRetro);
  MonthRules before = r.for_month(ym("2020-08"), day("2020-09-01"));
  CHECK(before.dibao->params.urban_monthly == Money::yuan(710));
  CHECK(before.dibao->ref.str() == "dibao@2020-01+2019-12-20");
  MonthRules on_day = r.for_month(ym("2020-08"), day("2020-09-15"));
  CHECK(on_day.dibao->params.urban_monthly == Money::yuan(760));
  CHECK(on_day.dibao->ref.str() == "dibao@2020-07+2020-09-15");
  MonthRules all = r.for_month(ym("2020-08"), std::nullopt);
  CHECK(all.dibao->params.urban_monthly == Money::yuan(760));
  CHECK(all.dibao->ref.str() == "dibao@2020-07+2020-09-15");
  CHECK(all.dibao->ref.source == "s");
  // Not before its month.
  CHECK(r.for_month(ym("2020-06"), std::nullopt).dibao->params.urban_monthly == Money::yuan(710));
}

TEST_CASE("rules: unchanged keys carry over; arrays are replaced whole") {
  Rules r = load_clean(kBase + kRetro);
  DibaoRules d = r.for_month(ym("2020-07"), std::nullopt).dibao->params;
  CHECK(d.rural_annual == Money::yuan(6000));  // from 2020-01
  CHECK(d.min_payment == Money::yuan(30));     // from 2019-01
  CHECK(d.round == Rounding{RoundUnit::kYuan, RoundMode::kHalfUp});
  CHECK(d.rigid_expense_cap_ratio == *Decimal::parse("0.5"));
  CHECK(d.monitor_ratio == *Decimal::parse("1.5"));
  CHECK(d.income_drop_ratio == *Decimal::parse("0.3"));
  CHECK(d.grace_schedule == std::vector<int>{80});  // replaced, not merged
  // `rules show` names the version that gave each value.
  auto shown = r.show(ym("2020-07"), std::nullopt);
  auto find = [&](std::string_view table, std::string_view key) {
    for (const auto& p : shown)
      if (p.table == table && p.key == key) return p;
    return ShownParam{};
  };
  CHECK(find("dibao", "urban_monthly").value == "760.00");
  CHECK(find("dibao", "urban_monthly").from.str() == "dibao@2020-07+2020-09-15");
  CHECK(find("dibao", "rural_annual").from.str() == "dibao@2020-01+2019-12-20");
  CHECK(find("dibao", "grace_schedule").value == "[80]");
  CHECK(find("dibao", "round").from.str() == "dibao@2019-01");

  Rules h = load_clean(kBase + R"(
[[heating]]
from = "2019-01"
source = "s"
areas = ["urban", "rural"]
payment_month = 10
central_price = "27"
central_area_cap = "60"
self_amounts = ["380", "440", "500"]
round = "yuan"
round_mode = "half_up"

[[heating]]
from = "2020-01"
source = "s"
areas = ["rural"]
self_amounts = ["400", "460"]

[[benefit_card]]
from = "2019-01"
source = "s"
amounts = { A = "50", B = "35", C = "25" }

[[benefit_card]]
from = "2020-01"
source = "s"
amounts = { A = "55", B = "40", C = "30" }
)");
  auto heat = h.for_month(ym("2020-10"), std::nullopt).heating->params;
  CHECK(heat.self_amounts == std::vector<Money>{Money::yuan(400), Money::yuan(460)});
  CHECK_FALSE(heat.areas.has(Area::kUrban));
  CHECK(heat.areas.has(Area::kRural));
  CHECK(heat.central_price == Money::yuan(27));
  CHECK(heat.central_area_cap == Decimal::integer(60));
  auto card = h.for_month(ym("2020-10"), std::nullopt).benefit_card->params;
  CHECK(card.tier_a == Money::yuan(55));
  CHECK(card.tier_b == Money::yuan(40));
  CHECK(card.tier_c == Money::yuan(30));
}

TEST_CASE("rules: a correction has the same from and a later announced") {
  Rules r = load_clean(kBase + kRetro + R"(
[[dibao]]
from = "2020-07"
announced = 2020-09-20
source = "s: correction"
urban_monthly = "765"

[[dibao]]
from = "2020-07"
source = "s: known always, before the announced ones of its month"
urban_monthly = "750"
)");
  auto at = [&](std::optional<Date> d) { return r.for_month(ym("2020-07"), d).dibao; };
  CHECK(at(day("2020-09-01"))->params.urban_monthly == Money::yuan(750));
  CHECK(at(day("2020-09-01"))->ref.str() == "dibao@2020-07");
  CHECK(at(day("2020-09-16"))->params.urban_monthly == Money::yuan(760));
  CHECK(at(day("2020-09-16"))->ref.str() == "dibao@2020-07+2020-09-15");
  CHECK(at(day("2020-09-20"))->params.urban_monthly == Money::yuan(765));
  CHECK(at(std::nullopt)->params.urban_monthly == Money::yuan(765));
  CHECK(at(std::nullopt)->ref.str() == "dibao@2020-07+2020-09-20");
  // The file order of versions does not matter.
  CHECK(at(std::nullopt)->ref.line == 40);
}

TEST_CASE("rules: enabled = false switches a table off until a version sets it true") {
  Rules r = load_clean(kBase + R"(
[[utilities]]
from = "2019-01"
source = "s"
areas = ["urban"]
electricity_kwh = "10"
electricity_price = "0.525"
water_tons = "5"
water_price = "3.5"
gas_amount = "14"

[[utilities]]
from = "2020-03"
source = "s"
enabled = false

[[utilities]]
from = "2020-05"
source = "s"
gas_amount = "15"

[[utilities]]
from = "2020-06"
source = "s"
enabled = true
)");
  CHECK(r.for_month(ym("2020-02"), std::nullopt).utilities.has_value());
  CHECK_FALSE(r.for_month(ym("2020-03"), std::nullopt).utilities.has_value());
  CHECK_FALSE(r.for_month(ym("2020-05"), std::nullopt).utilities.has_value());  // still off
  MonthRules june = r.for_month(ym("2020-06"), std::nullopt);
  REQUIRE(june.utilities.has_value());
  CHECK(june.utilities->params.gas_amount == Money::yuan(15));
  CHECK(june.utilities->params.electricity_price == *Decimal::parse("0.525"));
  CHECK(june.utilities->ref.str() == "utilities@2020-06");
  CHECK(r.for_month(ym("2020-04"), std::nullopt).version_refs() ==
        std::vector<std::string>{"dibao@2020-01+2019-12-20", "tekun@2019-01"});
  CHECK(june.version_refs() ==
        std::vector<std::string>{"dibao@2020-01+2019-12-20", "tekun@2019-01", "utilities@2020-06"});
  bool off_shown = false;
  for (const auto& p : r.show(ym("2020-04"), std::nullopt))
    if (p.table == "utilities")
      off_shown = p.key == "enabled" && p.value == "false" && p.from.str() == "utilities@2020-03";
  CHECK(off_shown);
}

TEST_CASE("rules: for_month stops without [[dibao]] or [[tekun]]; fold does not") {
  Rules r = load_clean(kBase);
  try {
    r.for_month(ym("2018-12"), std::nullopt);
    FAIL("no throw");
  } catch (const FatalError& e) {
    CHECK(std::string(e.what()) == "no [[dibao]] version in effect for 2018-12");
    CHECK(e.file() == "rules.toml");
  }
  CHECK_FALSE(r.fold(ym("2018-12"), std::nullopt).dibao.has_value());

  Rules no_dibao = load_clean(kBase.substr(kBase.find("[[tekun]]")));
  try {
    no_dibao.for_month(ym("2019-05"), day("2019-06-01"));
    FAIL("no throw");
  } catch (const FatalError& e) {
    CHECK(std::string(e.what()) == "no [[dibao]] version in effect for 2019-05 as of 2019-06-01");
  }
  Rules no_tekun = load_clean(kBase.substr(0, kBase.find("[[tekun]]")));
  CHECK_THROWS_WITH_AS(no_tekun.for_month(ym("2019-05"), std::nullopt),
                       "no [[tekun]] version in effect for 2019-05", FatalError);
  Rules off =
      load_clean(kBase + "\n[[tekun]]\nfrom = \"2020-02\"\nsource = \"s\"\nenabled = false\n");
  try {
    off.for_month(ym("2020-02"), std::nullopt);
    FAIL("no throw");
  } catch (const FatalError& e) {
    CHECK(std::string(e.what()) == "[[tekun]] is switched off (enabled = false) for 2020-02");
    CHECK(e.line() == 33);
  }
}

TEST_CASE("rules: S is urban_monthly, or rural_annual / 12 rounded half up to the fen") {
  auto s_of = [](const char* rural) {
    std::string text = kBase;
    text.replace(text.find("rural_annual = \"6000\""), 21,
                 std::string("rural_annual = \"") + rural + "\"");
    return load_clean(text).for_month(ym("2020-03"), std::nullopt).standard(Area::kRural);
  };
  CHECK(s_of("6000").str() == "500.00");
  CHECK(s_of("5400").str() == "450.00");
  CHECK(s_of("6001").str() == "500.08");     // 500.0833…
  CHECK(s_of("6000.06").str() == "500.01");  // 500.005: half up
  CHECK(s_of("6000.05").str() == "500.00");  // 500.00416…
  Rules r = load_clean(kBase);
  CHECK(r.for_month(ym("2020-03"), std::nullopt).standard(Area::kUrban).str() == "710.00");
  CHECK(r.for_month(ym("2019-03"), std::nullopt).standard(Area::kRural).str() == "450.00");
}

TEST_CASE("rules: money and decimals come from strings or integers, never a float") {
  Rules r = load_clean(kBase + R"(
[[utilities]]
from = "2019-01"
source = "s"
areas = ["urban"]
electricity_kwh = 10
electricity_price = "0.5251"
water_tons = "5"
water_price = "-0"
gas_amount = "14.05"

[[price_subsidy]]
from = "2019-01"
source = "s"
mode = "indexed"
cpi_threshold = "-0.5"
food_threshold = 6
min_per_person = 3
)");
  MonthRules m = r.for_month(ym("2020-01"), std::nullopt);
  CHECK(m.utilities->params.electricity_kwh == Decimal::integer(10));
  CHECK(m.utilities->params.electricity_price.units() == 5251);
  CHECK(m.utilities->params.gas_amount.fen() == 1405);
  CHECK(m.price_subsidy->params.cpi_threshold.units() == -5000);
  CHECK(m.price_subsidy->params.food_threshold == Decimal::integer(6));
  CHECK(m.price_subsidy->params.min_per_person == Money::yuan(3));
  CHECK(m.price_subsidy->params.mode == PriceMode::kIndexed);
  CHECK_FALSE(m.price_subsidy->params.amount.has_value());
  // Defaults.
  CHECK(m.price_subsidy->params.trigger == PriceTrigger::kIndex);
  CHECK(m.price_subsidy->params.lag_months == 1);
  CHECK(m.dibao->params.min_payment == Money::yuan(30));

  CHECK(one_problem("[[holiday]]\nfrom = \"2019-01\"\nsource = \"s\"\npayment_month = 1\n"
                    "cash_per_household = 500.0\ncash_per_tekun_person = \"500\"\n"
                    "goods_per_household = \"500\"\n") ==
        "36: error: holiday.cash_per_household: a float cannot hold every amount exactly; "
        "write \"500.0\"");
  CHECK(one_problem("[[fee_waiver]]\nfrom = \"2019-01\"\nsource = \"s\"\nareas = [\"urban\"]\n"
                    "sanitation = 1e3\ngarbage = \"5\"\n") ==
        "36: error: fee_waiver.sanitation: a float cannot hold every amount exactly; write it as "
        "a string like \"710.00\"");
  CHECK(one_problem("[[fee_waiver]]\nfrom = \"2019-01\"\nsource = \"s\"\nareas = [\"urban\"]\n"
                    "sanitation = \"3.333\"\ngarbage = \"5\"\n") ==
        "36: error: fee_waiver.sanitation: expected an amount like \"710.00\", got \"3.333\"");
  CHECK(one_problem("[[utilities]]\nfrom = \"2019-01\"\nsource = \"s\"\nareas = [\"urban\"]\n"
                    "electricity_kwh = \"10\"\nelectricity_price = 0.525\nwater_tons = \"5\"\n"
                    "water_price = \"3.5\"\ngas_amount = \"14\"\n") ==
        "37: error: utilities.electricity_price: a float cannot hold every amount exactly; "
        "write \"0.525\"");
  CHECK(
      one_problem("[[utilities]]\nfrom = \"2019-01\"\nsource = \"s\"\nareas = [\"urban\"]\n"
                  "electricity_kwh = \"10\"\nelectricity_price = \"0.52501\"\nwater_tons = \"5\"\n"
                  "water_price = \"3.5\"\ngas_amount = \"14\"\n") ==
      "37: error: utilities.electricity_price: expected a decimal like \"0.525\" (at most 4 "
      "decimals), got \"0.52501\"");
  CHECK(one_problem("[[fee_waiver]]\nfrom = \"2019-01\"\nsource = \"s\"\nareas = [\"urban\"]\n"
                    "sanitation = 10000000000000000\ngarbage = \"5\"\n") ==
        "36: error: fee_waiver.sanitation: the amount 10000000000000000 is too large");
}

TEST_CASE("rules check: each error with its line") {
  // kBase ends on line 31; a snippet's first line is line 32.
  CHECK(one_problem("[[dibaoo]]\nfrom = \"2020-01\"\n") == "32: error: unknown table [[dibaoo]]");
  CHECK(one_problem("[other]\nx = 1\n") == "32: error: unknown table [other]");
  CHECK(one_problem("[[dibao]]\nfrom = \"2020-02\"\nsource = \"s\"\nurban_monthy = \"720\"\n") ==
        "35: error: dibao.urban_monthy: unknown key");
  CHECK(problems_of("top = 1\n" + kBase) == std::vector<std::string>{"1: error: unknown key top"});
  // A subtable of a version is an unknown key of that version (the last [[dibao]] here).
  CHECK(one_problem("[dibao.extra]\nx = 1\n") == "32: error: dibao.extra: unknown key");
  CHECK(one_problem("[meta]\njurisdiction = \"x\"\ninsurer = \"y\"\n") ==
        "34: error: meta.insurer: unknown key");
  CHECK(one_problem("[labels]\ndibao = \"低保\"\nbonus = \"x\"\n") ==
        "34: error: labels.bonus: unknown item");
  CHECK(one_problem("[labels]\ndibao = \"\"\n") ==
        "33: error: labels.dibao: expected a name like \"低保金\", got an empty string");
  CHECK(one_problem("[[dibao]]\nfrom = \"2020-02\"\nsource = \"s\"\nmin_payment = \"-1\"\n") ==
        "35: error: dibao.min_payment: an amount must not be negative, got \"-1\"");
  CHECK(one_problem("[[dibao]]\nfrom = \"2020-02\"\nsource = \"s\"\nmin_payment = -1\n") ==
        "35: error: dibao.min_payment: an amount must not be negative, got -1");
  CHECK(one_problem("[[dibao]]\nfrom = \"2020-02\"\nsource = \"s\"\nmonitor_ratio = \"-1\"\n") ==
        "35: error: dibao.monitor_ratio: must not be negative, got \"-1\"");
  CHECK(one_problem("[[dibao]]\nfrom = \"2020-02\"\nsource = \"s\"\nincome_drop_ratio = 2\n") ==
        "35: error: dibao.income_drop_ratio: expected a decimal from 0 to 1, got 2");
  CHECK(one_problem("[[dibao]]\nfrom = \"2020-02\"\nsource = \"s\"\nround = \"cent\"\n") ==
        "35: error: dibao.round: expected \"fen\", \"jiao\" or \"yuan\", got \"cent\"");
  CHECK(one_problem("[[dibao]]\nfrom = \"2020-02\"\nsource = \"s\"\nround_mode = 1\n") ==
        "35: error: dibao.round_mode: expected \"half_up\", \"up\" or \"down\", got an integer");
  CHECK(
      one_problem("[[dibao]]\nfrom = \"2020-02\"\nsource = \"s\"\ngrace_schedule = [100, 101]\n") ==
      "35: error: dibao.grace_schedule: expected whole percents from 1 to 100, got 101");
  CHECK(
      one_problem("[[dibao]]\nfrom = \"2020-02\"\nsource = \"s\"\ngrace_schedule = [\"100\"]\n") ==
      "35: error: dibao.grace_schedule: expected whole percents from 1 to 100, got a string");
  CHECK(one_problem("[[dibao]]\nfrom = \"2020-02\"\nsource = \"s\"\ngrace_schedule = 100\n") ==
        "35: error: dibao.grace_schedule: expected an array of whole percents like [100, 50], got "
        "an integer");
  CHECK(one_problem("[[dibao]]\nfrom = \"2020-00\"\nsource = \"s\"\n") ==
        "33: error: dibao.from: expected a month like \"2020-07\", got \"2020-00\"");
  CHECK(one_problem("[[dibao]]\nfrom = 2020-02-01\nsource = \"s\"\n") ==
        "33: error: dibao.from: expected a month like \"2020-07\", got a date");
  CHECK(one_problem("[[dibao]]\nsource = \"s\"\nurban_monthly = \"720\"\n") ==
        "32: error: dibao: a version needs from (its first month, like \"2020-07\")");
  CHECK(
      one_problem("[[dibao]]\nfrom = \"2020-02\"\nannounced = \"2020-02-30\"\nsource = \"s\"\n") ==
      "34: error: dibao.announced: expected a date like 2020-09-15, got \"2020-02-30\"");
  CHECK(one_problem(
            "[[dibao]]\nfrom = \"2020-02\"\nannounced = 2020-02-03T10:00:00\nsource = \"s\"\n") ==
        "34: error: dibao.announced: expected a date like 2020-09-15, got a date-time");
  CHECK(one_problem("[[dibao]]\nfrom = \"2020-02\"\nsource = \"s\"\nenabled = \"no\"\n") ==
        "35: error: dibao.enabled: expected true or false, got a string");
  CHECK(one_problem("[[dibao]]\nfrom = \"2020-02\"\nsource = 1\n") ==
        "34: error: dibao.source: expected a string, got an integer");
  // Duplicates: same from and announced, or same from and both without.
  CHECK(
      one_problem("[[dibao]]\nfrom = \"2020-01\"\nannounced = \"2019-12-20\"\nsource = \"s\"\n") ==
      "32: error: dibao: two versions with from 2020-01 and announced 2019-12-20 (the other at "
      "line 15)");
  CHECK(one_problem("[[tekun]]\nfrom = \"2019-01\"\nsource = \"s\"\n") ==
        "32: error: tekun: two versions with from 2019-01 and no announced (the other at line 22)");
  // A table written as a table, not an array of versions.
  CHECK(one_problem("[holiday]\nfrom = \"2019-01\"\n") ==
        "32: error: holiday: expected versions [[holiday]], got [holiday]");
}

TEST_CASE("rules check: required keys, tiers, areas, months") {
  CHECK(
      one_problem("[[education]]\nfrom = \"2019-01\"\nsource = \"s\"\nhigh_school = \"5000\"\n") ==
      "32: error: education: the first version (from 2019-01) must give payment_month and "
      "university");
  CHECK(one_problem("[[education]]\nfrom = \"2019-01\"\nsource = \"s\"\npayment_month = 0\n"
                    "high_school = \"5000\"\nuniversity = \"10000\"\n") ==
        "35: error: education.payment_month: expected a month number from 1 to 12, got 0");
  CHECK(one_problem(
            "[[insurance_premium]]\nfrom = \"2019-01\"\nsource = \"s\"\npayment_month = 11.0\n"
            "amount_per_person = \"280\"\n") ==
        "35: error: insurance_premium.payment_month: expected a month number from 1 to 12, got a "
        "float");
  CHECK(
      one_problem("[[benefit_card]]\nfrom = \"2019-01\"\nsource = \"s\"\n"
                  "amounts = { A = \"50\", B = \"35\" }\n") ==
      "35: error: benefit_card.amounts: missing tier C (all three tiers A, B and C are required)");
  CHECK(one_problem("[[benefit_card]]\nfrom = \"2019-01\"\nsource = \"s\"\n"
                    "amounts = { A = \"50\", B = \"35\", C = \"25\", D = \"10\" }\n") ==
        "35: error: benefit_card.amounts: unknown tier \"D\" (the tiers are A, B and C)");
  CHECK(one_problem("[[benefit_card]]\nfrom = \"2019-01\"\nsource = \"s\"\n"
                    "amounts = { A = \"50\", B = 35.5, C = \"25\" }\n") ==
        "35: error: benefit_card.amounts.B: a float cannot hold every amount exactly; write "
        "\"35.5\"");
  CHECK(one_problem(
            "[[fee_waiver]]\nfrom = \"2019-01\"\nsource = \"s\"\nareas = [\"urban\", \"town\"]\n"
            "sanitation = \"3\"\ngarbage = \"5\"\n") ==
        "35: error: fee_waiver.areas: expected \"urban\" or \"rural\", got \"town\"");
  CHECK(one_problem(
            "[[temporary]]\nfrom = \"2019-01\"\nsource = \"s\"\ntownship_limit = \"unlimited\"\n"
            "cap_months = 6\n") ==
        "35: error: temporary.township_limit: expected an amount like \"1000.00\" or \"none\", got "
        "\"unlimited\"");
  CHECK(one_problem("[[temporary]]\nfrom = \"2019-01\"\nsource = \"s\"\ntownship_limit = \"none\"\n"
                    "cap_months = 0\n") ==
        "36: error: temporary.cap_months: expected a whole number from 1 to 1200, got 0");
  CHECK(one_problem("[[heating]]\nfrom = \"2019-01\"\nsource = \"s\"\nareas = [\"urban\"]\n"
                    "payment_month = 10\ncentral_price = \"27\"\ncentral_area_cap = \"60\"\n"
                    "self_amounts = []\nround = \"yuan\"\nround_mode = \"half_up\"\n") ==
        "39: error: heating.self_amounts: expected at least one amount");
  // price_subsidy: amount only with mode = fixed; thresholds only with trigger = index.
  CHECK(one_problem("[[price_subsidy]]\nfrom = \"2019-01\"\nsource = \"s\"\nmode = \"fixed\"\n"
                    "amount = \"25\"\n") ==
        "32: error: price_subsidy: trigger = \"index\" needs cpi_threshold and food_threshold");
  CHECK(problems_of(kBase +
                    "[[price_subsidy]]\nfrom = \"2019-01\"\nsource = \"s\"\nmode = \"fixed\"\n"
                    "amount = \"25\"\ntrigger = \"always\"\n")
            .empty());
  CHECK(one_problem(
            "[[price_subsidy]]\nfrom = \"2019-01\"\nsource = \"s\"\nmode = \"indexed\"\n"
            "trigger = \"always\"\n\n[[price_subsidy]]\nfrom = \"2020-01\"\nsource = \"s\"\n"
            "mode = \"fixed\"\n") == "38: error: price_subsidy: mode = \"fixed\" needs amount");
  // A fold that leaves out a later-announced first version must still be complete.
  auto ps = problems_of(R"([[dibao]]
from = "2019-01"
announced = 2019-01-10
source = "s"
urban_monthly = "660"
rural_annual = "5400"
round = "yuan"
round_mode = "half_up"
rigid_expense_cap_ratio = "0.5"
grace_schedule = [100]
monitor_ratio = "1.5"
income_drop_ratio = "0.3"

[[dibao]]
from = "2020-01"
source = "s"
urban_monthly = "710"
)");
  REQUIRE(ps.size() == 1);
  CHECK(
      ps[0] ==
      "14: error: dibao: no version in effect for 2020-01 as of a day before 2019-01-10 gives "
      "rural_annual, round, round_mode, rigid_expense_cap_ratio, grace_schedule, monitor_ratio and "
      "income_drop_ratio");
}

TEST_CASE("rules check: price_index") {
  const std::string idx =
      "[[price_index]]\nmonth = \"2020-01\"\ncpi_yoy = \"5.4\"\nfood_yoy = \"20.6\"\n";
  CHECK(one_problem(idx + "\n" + idx) ==
        "38: error: price_index: month 2020-01 given twice (first at line 32)");
  CHECK(one_problem("[[price_index]]\nmonth = \"2020-01\"\ncpi_yoy = 5.4\nfood_yoy = \"-2.0\"\n") ==
        "34: error: price_index.cpi_yoy: a float cannot hold every amount exactly; write \"5.4\"");
  CHECK(one_problem("[[price_index]]\nmonth = \"2020-1\"\ncpi_yoy = \"5.4\"\nfood_yoy = \"2\"\n") ==
        "33: error: price_index.month: expected a month like \"2020-08\", got \"2020-1\"");
  CHECK(one_problem("[[price_index]]\nmonth = \"2020-01\"\ncpi_yoy = \"5.4\"\n") ==
        "32: error: price_index: the entry needs food_yoy");
  CHECK(one_problem(
            "[[price_index]]\nmonth = \"2020-01\"\ncpi_yoy = \"5.4\"\nfood_yoy = \"2\"\nx = 1\n") ==
        "36: error: price_index.x: unknown key");
  Rules r = load_clean(
      kBase + "[[price_index]]\nmonth = \"2020-02\"\ncpi_yoy = \"-0.5\"\nfood_yoy = \"2\"\n\n" +
      idx);
  REQUIRE(r.price_index.size() == 2);
  CHECK(r.price_index[0].month == ym("2020-01"));  // sorted by month
  MonthRules m = r.for_month(ym("2020-03"), std::nullopt);
  CHECK(m.price_index == &r.price_index);
  REQUIRE(m.index_for(ym("2020-02")) != nullptr);
  CHECK(m.index_for(ym("2020-02"))->cpi_yoy.units() == -5000);
  CHECK(m.index_for(ym("2020-02"))->line == 32);
  CHECK(m.index_for(ym("2020-03")) == nullptr);
}

TEST_CASE("rules check: warnings") {
  CHECK(one_problem("[[dibao]]\nfrom = \"2020-02\"\n") ==
        "32: warning: dibao@2020-02: version has no source");
  CHECK(one_problem("[[dibao]]\nfrom = \"2020-02\"\nannounced = 2020-03-01\n") ==
        "32: warning: dibao@2020-02+2020-03-01: version has no source");
  CHECK(one_problem("[[dibao]]\nfrom = \"2020-02\"\nsource = \"s\"\nurban_monthly = \"71\"\n") ==
        "35: warning: dibao.urban_monthly: 71.00 is lower than 710.00 in the version before it "
        "(dibao@2020-01+2019-12-20)");
  // Equal or higher: no warning; the comparison follows (from, announced), not the file order.
  CHECK(problems_of(kBase +
                    "[[dibao]]\nfrom = \"2020-02\"\nsource = \"s\"\nurban_monthly = \"710\"\n")
            .empty());
  CHECK(problems_of(kBase +
                    "[[tekun]]\nfrom = \"2018-01\"\nsource = \"s\"\nurban_monthly = \"1000\"\n"
                    "rural_monthly = \"700\"\ncare_full = \"100\"\ncare_partial = \"300\"\n"
                    "care_none = \"600\"\nminor_age = 16\nelderly_age = 60\n")
            .empty());
}

TEST_CASE("rules: a TOML syntax error is the only problem") {
  auto ps = problems_of("[[dibao]]\nfrom = \"2019-01\"\nurban_monthly = 1.5\nrural_annual = \n");
  REQUIRE(ps.size() == 1);
  CHECK(ps[0].rfind("4: error: TOML syntax: ", 0) == 0);
}

TEST_CASE("rules: load_rules_or_throw throws the first error") {
  CHECK_NOTHROW(load_rules_or_throw(kBase, "rules.toml"));
  CHECK_NOTHROW(
      load_rules_or_throw(kBase + "[[dibao]]\nfrom = \"2020-02\"\n", "rules.toml"));  // a warning
  try {
    load_rules_or_throw(
        kBase + "[[dibao]]\nfrom = \"2020-02\"\nsource = \"s\"\nround = \"x\"\nx = 1\n", "r.toml");
    FAIL("no throw");
  } catch (const FatalError& e) {
    CHECK(e.formatted() ==
          "r.toml:35: error: dibao.round: expected \"fen\", \"jiao\" or \"yuan\", got \"x\"");
  }
}

TEST_CASE("rules: labels and meta") {
  Rules r = load_clean(kBase +
                       "[meta]\njurisdiction = \"长春市二道区\"\ninsurer_account = \"622\"\n\n"
                       "[labels]\ndibao = \"城乡低保金\"\n");
  CHECK(r.label(Item::kDibao) == "城乡低保金");
  CHECK(r.label(Item::kDibaoGrace) == "渐退期低保金");
  CHECK(r.label(Item::kFeeWaiver) == "卫生费及垃圾处理费减免");
  CHECK(r.meta.jurisdiction == "长春市二道区");
  CHECK(r.meta.insurer_account == "622");
  CHECK(r.meta.region_code.empty());
  CHECK(r.file == "rules.toml");
}

TEST_CASE("rules: VersionRef::str") {
  VersionRef a{"dibao", ym("2020-07"), std::nullopt, "", 0};
  CHECK(a.str() == "dibao@2020-07");
  a.announced = day("2020-09-15");
  CHECK(a.str() == "dibao@2020-07+2020-09-15");
}

TEST_CASE("rules: the Erdao file loads without a problem") {
  std::vector<RulesProblem> problems;
  Rules r = load_rules(read_text(tests_dir().parent_path() / "rules" / "erdao-2020.toml"),
                       "erdao-2020.toml", problems);
  for (const auto& p : problems) FAIL_CHECK(p.line << ": " << p.message);
  MonthRules m = r.for_month(ym("2020-09"), std::nullopt);
  CHECK(m.standard(Area::kUrban).str() == "710.00");
  CHECK(m.standard(Area::kRural).str() == "500.00");
  CHECK(m.version_refs() == std::vector<std::string>{"dibao@2020-01+2019-12-20", "tekun@2020-01",
                                                     "temporary@2020-01", "price_subsidy@2019-01",
                                                     "benefit_card@2019-01", "utilities@2019-01",
                                                     "heating@2019-01", "holiday@2019-01",
                                                     "insurance_premium@2019-01",
                                                     "education@2019-01", "fee_waiver@2019-01"});
  CHECK(m.tekun->params.care_partial == Money::yuan(356));
  CHECK_FALSE(m.temporary->params.township_limit.has_value());
  CHECK(m.heating->params.self_amounts.size() == 6);
  CHECK(m.index_for(ym("2020-08"))->food_yoy.str() == "11.2");
  CHECK(m.index_for(ym("2020-11"))->food_yoy.str() == "-2");
  CHECK(r.meta.region_code == "220105");
  MonthRules old = r.for_month(ym("2019-12"), std::nullopt);
  CHECK(old.standard(Area::kRural).str() == "450.00");
  CHECK(*old.temporary->params.township_limit == Money::yuan(1000));
}

TEST_CASE("rules check: the fixtures of tests/rules_check") {
  for (std::string name : {"errors", "warnings", "syntax"}) {
    CAPTURE(name);
    auto dir = tests_dir() / "rules_check";
    std::string path = (dir / (std::string(name) + ".toml")).string();
    std::ostringstream out, err;
    int status = rules_check_command(path, out, err);
    // The .expected files were made with the bare file name on the command line.
    std::string got = out.str();
    for (size_t at; (at = got.find(path)) != std::string::npos;)
      got.replace(at, path.size(), std::string(name) + ".toml");
    CHECK(got == read_text(dir / (std::string(name) + ".expected")));
    CHECK(err.str().empty());
    CHECK(std::to_string(status) + "\n" == read_text(dir / (std::string(name) + ".status")));
  }
  std::ostringstream out, err;
  CHECK(rules_check_command("/nonexistent/rules.toml", out, err) == 3);
  CHECK(err.str() == "/nonexistent/rules.toml: error: cannot read file\n");
  CHECK(out.str().empty());
}

TEST_CASE("rules show: an aligned table of what is in effect") {
  auto path = std::filesystem::temp_directory_path() / "benefitroll_test_rules_show.toml";
  {
    std::ofstream f(path, std::ios::binary);
    f << R"([[dibao]]
from = "2019-01"
source = "通知"
urban_monthly = "660"
rural_annual = "5400"
round = "yuan"
round_mode = "half_up"
rigid_expense_cap_ratio = "0.5"
grace_schedule = [100, 50]
monitor_ratio = "1.5"
income_drop_ratio = "0.3"

[[dibao]]
from = "2020-07"
announced = 2020-09-15
source = "raise"
urban_monthly = "760"

[[temporary]]
from = "2019-01"
source = "t"
township_limit = "none"
cap_months = 6
enabled = false
)";
  }
  std::ostringstream out, err;
  CHECK(rules_show_command(path.string(), ym("2020-08"), day("2020-09-15"), out, err) == 0);
  std::string p = path.string();
  CHECK(out.str() == p + R"(: parameters in effect for 2020-08, as of 2020-09-15
table              key                      value          version                   source
dibao              urban_monthly            760.00         dibao@2020-07+2020-09-15  raise
dibao              rural_annual             5400.00        dibao@2019-01             通知
dibao              round                    yuan           dibao@2019-01             通知
dibao              round_mode               half_up        dibao@2019-01             通知
dibao              min_payment              0.00           default
dibao              rigid_expense_cap_ratio  0.5            dibao@2019-01             通知
dibao              grace_schedule           [100, 50]      dibao@2019-01             通知
dibao              monitor_ratio            1.5            dibao@2019-01             通知
dibao              income_drop_ratio        0.3            dibao@2019-01             通知
tekun              -                        not in effect  -
temporary          enabled                  false          temporary@2019-01         t
price_subsidy      -                        not in effect  -
benefit_card       -                        not in effect  -
utilities          -                        not in effect  -
heating            -                        not in effect  -
holiday            -                        not in effect  -
insurance_premium  -                        not in effect  -
education          -                        not in effect  -
fee_waiver         -                        not in effect  -
)");
  CHECK(err.str().empty());
  std::ostringstream out2, err2;
  {
    std::ofstream f(path, std::ios::binary);
    f << "[[dibao]]\nfrom = \"2019-13\"\n";
  }
  CHECK(rules_show_command(p, ym("2020-08"), std::nullopt, out2, err2) == 3);
  CHECK(err2.str() ==
        p + ":2: error: dibao.from: expected a month like \"2020-07\", got \"2019-13\"\n");
  CHECK(out2.str().empty());
  std::filesystem::remove(path);
}
