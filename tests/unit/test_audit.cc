// The checks of `benefitroll audit` on data given in the test: ledgers compared line by line,
// control totals, the ledger alone against inputs and rules, the checks across months, and the
// findings.csv writer (order, masking, CSV injection).
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>

#include "commands/audit_checks.h"
#include "output/findings.h"

using namespace benefitroll;

namespace {

Money yuan(const char* s) { return *Money::parse_signed(s); }

LedgerRow row(const char* hid, const char* pid, const char* item, const char* amount,
              const char* ref = "") {
  LedgerRow r;
  r.month = "2020-09";
  r.household_id = hid;
  r.person_id = pid;
  r.item = item;
  r.form = "cash";
  r.payee_name = "王建国";
  r.payee_account = "6230598867984974";
  r.amount = yuan(amount);
  r.rule = "dibao@2020-01";
  r.ref = ref;
  return r;
}

CheckContext ctx_sep() { return {{2020, 9}, true}; }

MonthRules erdao_2020(YearMonth m) {
  MonthRules r;
  r.month = m;
  DibaoRules d;
  d.urban_monthly = yuan("710");
  d.rural_annual = yuan("6000");
  d.round = {RoundUnit::kYuan, RoundMode::kHalfUp};
  d.min_payment = yuan("30");
  d.grace_schedule = {100, 100, 100, 50, 50, 50};
  r.dibao = InEffect<DibaoRules>{d, VersionRef{"dibao", {2020, 1}, std::nullopt, "", 0}};
  TekunRules t;
  t.urban_monthly = yuan("1130");
  t.rural_monthly = yuan("860");
  r.tekun = InEffect<TekunRules>{t, VersionRef{"tekun", {2020, 1}, std::nullopt, "", 0}};
  return r;
}

std::vector<const LedgerRow*> ptrs(const std::vector<LedgerRow>& v) {
  std::vector<const LedgerRow*> p;
  for (const auto& r : v) p.push_back(&r);
  return p;
}

}  // namespace

TEST_CASE("compare_ledgers: equal files give nothing") {
  std::vector<LedgerRow> a = {row("H1", "", "dibao", "930.00"), row("H2", "", "dibao", "820.00")};
  std::vector<AuditFinding> out;
  CHECK(compare_ledgers("payments.csv", a, a, ctx_sep(), out) == 0);
  CHECK(out.empty());
}

TEST_CASE("compare_ledgers: an amount, a missing and an extra line, each one MISMATCH") {
  std::vector<LedgerRow> expected = {row("H1", "", "dibao", "930.00"),
                                     row("H2", "", "dibao", "820.00")};
  std::vector<LedgerRow> actual = {row("H1", "", "dibao", "931.00"),
                                   row("H3", "", "dibao", "100.00")};
  actual[0].line = 2;
  actual[1].line = 3;
  std::vector<AuditFinding> out;
  REQUIRE(compare_ledgers("payments.csv", expected, actual, ctx_sep(), out) == 3);
  CHECK(out[0].code == "MISMATCH");
  CHECK(out[0].severity == Severity::kError);
  CHECK(out[0].month == "2020-09");
  CHECK(out[0].household_id == "H1");
  CHECK(out[0].item == "dibao");
  CHECK(out[0].expected == "930.00");
  CHECK(out[0].actual == "931.00");
  CHECK(out[0].message.en == "payments.csv:2: differs from the month computed again in amount");
  CHECK(out[1].household_id == "H2");  // missing from the folder
  CHECK(out[1].expected == "820.00");
  CHECK(out[1].actual == "");
  CHECK(out[2].household_id == "H3");  // extra in the folder
  CHECK(out[2].expected == "");
  CHECK(out[2].actual == "100.00");
  CHECK(out[2].message.en == "payments.csv:3: a line that the month computed again does not give");
}

TEST_CASE("compare_ledgers: other fields are listed, accounts masked") {
  std::vector<LedgerRow> expected = {row("H1", "", "dibao", "930.00")};
  std::vector<LedgerRow> actual = expected;
  actual[0].payee_account = "6230598867980000";
  actual[0].rule = "dibao@2019-01";
  std::vector<AuditFinding> out;
  REQUIRE(compare_ledgers("payments.csv", expected, actual, ctx_sep(), out) == 1);
  CHECK(out[0].expected == "payee=王建国 6230********4974; rule=dibao@2020-01");
  CHECK(out[0].actual == "payee=王建国 6230********0000; rule=dibao@2019-01");
  CHECK(out[0].message.en.find("in payee, rule") != std::string::npos);
}

TEST_CASE("compare_ledgers: lines of one key are paired in order; held.csv compares the reason") {
  std::vector<LedgerRow> expected = {row("H1", "P1", "price_subsidy", "25.00"),
                                     row("H1", "P1", "price_subsidy", "25.00")};
  std::vector<LedgerRow> actual = {row("H1", "P1", "price_subsidy", "25.00")};
  std::vector<AuditFinding> out;
  CHECK(compare_ledgers("subsidies.csv", expected, actual, ctx_sep(), out) == 1);
  CHECK(out[0].expected == "25.00");
  expected.resize(1);
  expected[0].reason = "MISSING_ACCOUNT";
  actual[0].reason = "MEMBER_REJECTED";
  out.clear();
  CHECK(compare_ledgers("subsidies.csv", expected, actual, ctx_sep(), out) == 0);
  CHECK(compare_ledgers("held.csv", expected, actual, ctx_sep(), out) == 1);
}

TEST_CASE("compare_disbursements: by payee") {
  std::vector<DisbursementRow> e = {
      {2, "6230598867984974", "王建国", "220105196303036867", 2, yuan("955.00")}};
  auto a = e;
  std::vector<AuditFinding> out;
  CHECK(compare_disbursements(e, a, ctx_sep(), out) == 0);
  a[0].amount = yuan("956.00");
  CHECK(compare_disbursements(e, a, ctx_sep(), out) == 1);
  CHECK(out[0].expected == "955.00");
  CHECK(out[0].actual == "956.00");
  CHECK(out[0].person_id == "220105196303036867");
  a[0].lines = 3;
  CHECK(compare_disbursements(e, a, ctx_sep(), out) == 1);
  CHECK(out[1].expected == "lines=2; amount=955.00");
  CHECK(out[1].actual == "lines=3; amount=956.00");
}

TEST_CASE("check_control_totals: lines against the manifest, disbursement against the lines") {
  FolderManifest m;
  m.outputs = {{"payments.csv", "", 2, yuan("1750.00")},
               {"subsidies.csv", "", 2, yuan("33.00")},
               {"held.csv", "", 0, yuan("0.00")},
               {"disbursement.csv", "", 1, yuan("1775.00")}};
  m.control_payments = yuan("1750.00");
  m.control_subsidies = yuan("33.00");
  m.control_disbursement = yuan("1775.00");
  m.accounts = 1;
  FolderLedgers f;
  f.payments = std::vector<LedgerRow>{row("H1", "", "dibao", "930.00"),
                                      row("H1", "", "dibao_grace", "820.00")};
  auto goods = row("H1", "", "fee_waiver", "8.00");
  goods.form = "waiver";
  goods.payee_name = goods.payee_account = "";
  f.subsidies = std::vector<LedgerRow>{row("H1", "P1", "price_subsidy", "25.00"), goods};
  f.held = std::vector<LedgerRow>{};
  f.disbursement =
      std::vector<DisbursementRow>{{2, "6230598867984974", "王建国", "", 3, yuan("1775.00")}};
  std::vector<AuditFinding> out;
  check_control_totals(m, f, ctx_sep(), out);
  CHECK(out.empty());

  (*f.payments)[0].amount = yuan("931.00");
  check_control_totals(m, f, ctx_sep(), out);
  // outputs amount, control.payments, disbursement total, and the payee's row
  REQUIRE(out.size() == 4);
  for (const auto& x : out) CHECK(x.code == "CONTROL_TOTAL");
  CHECK(out[0].expected == "1750.00");
  CHECK(out[0].actual == "1751.00");
  CHECK(out[1].message.en ==
        "payments.csv: the lines sum to 1751.00, the manifest's control.payments is 1750.00");
  CHECK(out[2].message.en ==
        "disbursement.csv sums to 1775.00, the cash and premium lines of the ledgers to 1776.00");
  CHECK(out[3].expected == "lines=3; amount=1776.00");
  CHECK(out[3].actual == "lines=3; amount=1775.00");
  CHECK(out[3].message.en.find("6230********4974") != std::string::npos);

  out.clear();
  (*f.payments)[0].amount = yuan("930.00");
  m.accounts = 2;
  check_control_totals(m, f, ctx_sep(), out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].message.en == "disbursement.csv has 1 rows, the manifest's control.accounts is 2");
}

TEST_CASE("check_control_totals: payees that differ, one finding each, in payee order") {
  FolderManifest m;
  m.outputs = {{"payments.csv", "", 3, yuan("30.00")},
               {"subsidies.csv", "", 0, yuan("0.00")},
               {"held.csv", "", 0, yuan("0.00")},
               {"disbursement.csv", "", 3, yuan("30.00")}};
  m.control_payments = m.control_disbursement = yuan("30.00");
  m.accounts = 3;
  auto paid_to = [](const char* account, const char* amount) {
    LedgerRow r = row("H1", "", "dibao", amount);
    r.payee_account = account;
    return r;
  };
  FolderLedgers f;
  f.payments = std::vector<LedgerRow>{paid_to("6230000000000003", "10.00"),
                                      paid_to("6230000000000001", "10.00"),
                                      paid_to("6230000000000002", "10.00")};
  f.subsidies = f.held = std::vector<LedgerRow>{};
  // The first and last accounts swapped their amounts; the second matches.
  f.disbursement = std::vector<DisbursementRow>{
      {2, "6230000000000001", "王建国", "", 1, yuan("9.00")},
      {3, "6230000000000002", "王建国", "", 1, yuan("10.00")},
      {4, "6230000000000003", "王建国", "", 1, yuan("11.00")}};
  std::vector<AuditFinding> out;
  check_control_totals(m, f, ctx_sep(), out);
  REQUIRE(out.size() == 2);
  CHECK(out[0].message.en.find("6230********0001") != std::string::npos);
  CHECK(out[0].actual == "lines=1; amount=9.00");
  CHECK(out[1].message.en.find("6230********0003") != std::string::npos);
  CHECK(out[1].expected == "lines=1; amount=10.00");
}

TEST_CASE("check_ledger_alone: every rule of commands.md on a small month") {
  const YearMonth sep{2020, 9};
  ReadOptions ro;
  ro.month = sep;
  MonthInput in;
  in.households = read_households(
      "household_id,street,community,area,program,head_name,head_id,monthly_income\n"
      "H1,东站街道,东站社区,urban,dibao,马凤琴,220105196303036867,0\n"
      "H2,东站街道,东站社区,rural,tekun,沈国华,220105193904145213,\n"
      "H3,东站街道,东站社区,urban,dibao,王建国,220104196407020900,0\n",
      "households.csv", ro);
  in.members = read_members(
      "household_id,person_id,name,relation,covered,tekun,self_care,deceased_on\n"
      "H1,220105196303036867,马凤琴,head,y,n,,\n"
      "H1,220105196203150937,王某,spouse,y,n,,2020-08-01\n"
      "H2,220105193904145213,沈国华,head,n,y,full,\n"
      "H3,220104196407020900,王建国,head,y,n,,\n",
      "members.csv", ro);
  REQUIRE(in.households.issues.empty());
  REQUIRE(in.members.issues.empty());
  const MonthRules rules = erdao_2020(sep);

  SUBCASE("lawful lines give nothing") {
    std::vector<LedgerRow> paid = {row("H1", "", "dibao", "710.00"),
                                   row("H2", "220105193904145213", "tekun_basic", "860.00"),
                                   row("H3", "220104196407020900", "price_subsidy", "25.00")};
    std::vector<AuditFinding> out;
    check_ledger_alone(ptrs(paid), in, rules, {sep, true}, out);
    CHECK(out.empty());
  }
  SUBCASE("dibao above S × n (n counts the living covered members only)") {
    std::vector<LedgerRow> paid = {row("H1", "", "dibao", "711.00")};
    std::vector<AuditFinding> out;
    check_ledger_alone(ptrs(paid), in, rules, {sep, true}, out);
    REQUIRE(out.size() == 1);
    CHECK(out[0].code == "LEDGER_INVALID");
    CHECK(out[0].expected == "710.00");
    CHECK(out[0].actual == "711.00");
    CHECK(out[0].message.en == "payments.csv:0: dibao 711.00 is above S×n = 710.00×1 = 710.00");
  }
  SUBCASE("tekun_basic not the standard of its area (rural here)") {
    std::vector<LedgerRow> paid = {row("H2", "220105193904145213", "tekun_basic", "1130.00")};
    std::vector<AuditFinding> out;
    check_ledger_alone(ptrs(paid), in, rules, {sep, true}, out);
    REQUIRE(out.size() == 1);
    CHECK(out[0].expected == "860.00");
    CHECK(out[0].message.en ==
          "payments.csv:0: tekun_basic 1130.00 is not the rural standard 860.00");
  }
  SUBCASE("a household or person not in the inputs; a person dead before the month") {
    std::vector<LedgerRow> paid = {row("H9", "", "dibao", "100.00"),
                                   row("H1", "220105193904145213", "price_subsidy", "25.00"),
                                   row("H1", "220105196203150937", "price_subsidy", "25.00")};
    std::vector<AuditFinding> out;
    check_ledger_alone(ptrs(paid), in, rules, {sep, true}, out);
    // H9 unknown; 沈国华 is no member of H1 (and so paid in no second household: H2 has no line);
    // 王某 died on 2020-08-01.
    REQUIRE(out.size() == 3);
    CHECK(out[0].message.en ==
          "payments.csv:0: the household is on no row of inputs/households.csv");
    CHECK(out[1].message.en ==
          "subsidies.csv:0: the person is not a member of the household in inputs/members.csv");
    CHECK(out[2].message.en == "subsidies.csv:0: the person died on 2020-08-01, before the month");
  }
  SUBCASE("a person paid in two households: one finding per household") {
    std::vector<LedgerRow> paid = {row("H3", "", "dibao", "710.00"),
                                   row("H1", "220104196407020900", "price_subsidy", "25.00")};
    std::vector<AuditFinding> out;
    check_ledger_alone(ptrs(paid), in, rules, {sep, true}, out);
    REQUIRE(out.size() == 3);  // not a member of H1, then H1 and H3
    CHECK(out[1].household_id == "H1");
    CHECK(out[2].household_id == "H3");
    CHECK(out[2].person_id == "220104196407020900");
    CHECK(out[2].message.en == "the person is paid in 2 households this month: H1, H3");
  }
  SUBCASE("a person paid in three households, some twice: each household named once") {
    // H3's dibao covers the person; H1 and H2 pay them a P line, H1 twice.
    std::vector<LedgerRow> paid = {row("H2", "220104196407020900", "price_subsidy", "25.00"),
                                   row("H3", "", "dibao", "710.00"),
                                   row("H1", "220104196407020900", "price_subsidy", "25.00"),
                                   row("H1", "220104196407020900", "electricity", "5.25"),
                                   row("H3", "220104196407020900", "price_subsidy", "25.00")};
    std::vector<AuditFinding> out;
    check_ledger_alone(ptrs(paid), in, rules, {sep, true}, out);
    std::vector<std::string> twice;
    for (const auto& f : out)
      if (f.message.en.find("households this month") != std::string::npos) {
        twice.push_back(f.household_id);
        CHECK(f.person_id == "220104196407020900");
        CHECK(f.message.en == "the person is paid in 3 households this month: H1, H2, H3");
      }
    CHECK(twice == std::vector<std::string>{"H1", "H2", "H3"});
  }
  SUBCASE("a case line needs its case in cases.csv") {
    std::vector<LedgerRow> paid = {row("", "220104196407020900", "temporary", "800.00", "LS-1")};
    std::vector<AuditFinding> out;
    check_ledger_alone(ptrs(paid), in, rules, {sep, true}, out);
    REQUIRE(out.size() == 1);
    CHECK(out[0].message.en ==
          "payments.csv:0: inputs/cases.csv has no case LS-1 of this applicant");
  }
}

TEST_CASE("compare_with_rules: one review per line key whose amounts differ") {
  RollResult due;
  Line l;
  l.item = Item::kDibao;
  l.household_id = "H1";
  l.amount = yuan("1050.00");
  due.payments.push_back(l);
  l.household_id = "H2";
  l.amount = yuan("820.00");
  due.payments.push_back(l);
  std::vector<LedgerRow> paid = {row("H1", "", "dibao", "930.00"), row("H2", "", "dibao", "820.00"),
                                 row("H3", "", "dibao", "10.00")};
  std::vector<AuditFinding> out;
  compare_with_rules(ptrs(paid), due, "raise.toml", ctx_sep(), out);
  REQUIRE(out.size() == 2);
  CHECK(out[0].severity == Severity::kReview);
  CHECK(out[0].code == "DIFFERS_FROM_RULES");
  CHECK(out[0].household_id == "H1");
  CHECK(out[0].expected == "1050.00");
  CHECK(out[0].actual == "930.00");
  CHECK(out[0].message.en == "under the rules raise.toml: due 1050.00, paid 930.00");
  CHECK(out[1].household_id == "H3");
  CHECK(out[1].expected == "0.00");
}

TEST_CASE("heating seasons run from July to June") {
  CHECK(heating_season_start({2020, 6}) == YearMonth{2019, 7});
  CHECK(heating_season_start({2020, 7}) == YearMonth{2020, 7});
  CHECK(heating_season_start({2021, 1}) == YearMonth{2020, 7});
}

TEST_CASE("check_across_months: PAID_TWICE") {
  auto month = [](int y, int m, std::vector<YearlyLine> lines) {
    MonthPaid p;
    p.month = {y, m};
    p.lines = std::move(lines);
    p.grace_months = 6;
    return p;
  };
  const Money a = yuan("100.00");
  std::vector<MonthPaid> months = {
      month(2020, 6, {{"H1", "", "heating", a, ""}}),
      month(2020, 10, {{"H1", "", "heating", a, ""}, {"H2", "", "heating", a, ""}}),
      month(2020, 11,
            {{"H2", "", "heating", a, ""},         // same season
             {"H1", "P1", "holiday_cash", a, ""},  // person-level
             {"H1", "P2", "holiday_cash", a, ""},
             {"H1", "P1", "insurance_premium", a, ""},
             {"H1", "P1", "education", a, "high_school"}}),
      month(2020, 12,
            {{"H1", "P1", "holiday_cash", a, ""},           // twice for P1
             {"H1", "", "holiday_cash", a, ""},             // household: first
             {"H9", "P1", "insurance_premium", a, ""},      // the person again
             {"H1", "P1", "education", a, "university"}}),  // another level
      month(2021, 1,
            {{"H1", "", "holiday_cash", a, ""},              // a new year
             {"H1", "P1", "education", a, "high_school"}}),  // the same level
  };
  std::vector<AuditFinding> out;
  check_across_months(months, out);
  REQUIRE(out.size() == 4);
  CHECK(out[0].month == "2020-11");
  CHECK(out[0].household_id == "H2");
  CHECK(out[0].item == "heating");
  CHECK(out[0].message.en ==
        "already paid in 2020-10, in the same heating season (July 2020 to June 2021)");
  CHECK(out[1].month == "2020-12");
  CHECK(out[1].item == "holiday_cash");
  CHECK(out[1].person_id == "P1");
  CHECK(out[2].item == "insurance_premium");
  CHECK(out[2].household_id == "H9");
  CHECK(out[2].expected == "0.00");
  CHECK(out[2].actual == "100.00");
  CHECK(out[3].month == "2021-01");
  CHECK(out[3].item == "education");
  CHECK(out[3].message.en == "already paid in 2020-11 for the same level (high_school)");
}

TEST_CASE("check_across_months: GRACE_OVERRUN counts months in a row") {
  std::vector<MonthPaid> months;
  for (int m = 3; m <= 12; ++m) {
    if (m == 5) continue;  // a month missing from the archive breaks the run
    MonthPaid p;
    p.month = {2020, m};
    p.grace_months = 3;
    p.lines.push_back({"H1", "", "dibao_grace", yuan("300.00"), ""});
    months.push_back(p);
  }
  std::vector<AuditFinding> out;
  check_across_months(months, out);
  // 2020-03..04 (2 months), then 2020-06..12: 06, 07, 08 allowed; 09..12 overrun.
  REQUIRE(out.size() == 4);
  CHECK(out[0].code == "GRACE_OVERRUN");
  CHECK(out[0].month == "2020-09");
  CHECK(out[0].actual == "300.00");
  CHECK(out[0].message.en ==
        "dibao_grace paid 4 months in a row (2020-06 to 2020-09); the grace schedule allows 3");
  CHECK(out[3].month == "2020-12");
}

TEST_CASE("findings.csv: order, masking and CSV injection") {
  std::vector<AuditFinding> v(4);
  v[0] = {Severity::kError,    "PAID_TWICE", "2020-11", "H2",       "220105196303036867",
          "insurance_premium", "0.00",       "280.00",  {"二", "b"}};
  v[1] = {Severity::kError, "MISMATCH", "2020-11", "H1", "", "heating", "", "", {"一", "a"}};
  v[2] = {Severity::kError,
          "MISMATCH",
          "2020-11",
          "H1",
          "",
          "tekun_basic",
          "1.00",
          "2.00",
          {"-220105196303036867 x", "-220105196303036867 x"}};
  v[3] = {Severity::kReview, "MONTH_MISSING", "2020-05", "", "", "", "", "", {"缺", "missing"}};
  sort_findings(v);
  CHECK(v[0].month == "2020-05");
  CHECK(v[1].item == "tekun_basic");  // catalogue order, not the order of the text
  CHECK(v[2].item == "heating");
  CHECK(v[3].code == "PAID_TWICE");

  char tmpl[] = "/tmp/test_audit_XXXXXX";
  REQUIRE(mkdtemp(tmpl) != nullptr);
  const std::string dir = tmpl;
  WriteOptions wo;
  wo.encoding = OutputEncoding::kUtf8;
  wo.lang = Lang::kEn;
  FileRecord r = write_findings(dir, v, wo);
  CHECK(r.rows == 4);
  CsvTable t = read_output_csv(dir + "/findings.csv", OutputEncoding::kUtf8);
  REQUIRE(t.rows.size() == 4);
  CHECK(t.header[0] == "severity");
  CHECK(t.rows[0][0] == "review");
  CHECK(t.rows[1][8] == "'-220105********6867 x");  // masked, then escaped
  CHECK(t.rows[3][4] == "220105********6867");
  wo.mask = false;
  std::filesystem::remove(dir + "/findings.csv");
  write_findings(dir, v, wo);
  t = read_output_csv(dir + "/findings.csv", OutputEncoding::kUtf8);
  CHECK(t.rows[3][4] == "220105196303036867");
  std::filesystem::remove_all(dir);
}

TEST_CASE("read_ledger, for_each_ledger_row, read_disbursement: values, and bad cells named") {
  char tmpl[] = "/tmp/test_audit_XXXXXX";
  REQUIRE(mkdtemp(tmpl) != nullptr);
  const std::string dir = tmpl;
  const auto write = [&](const char* name, const std::string& text) {
    std::FILE* f = std::fopen((dir + "/" + name).c_str(), "wb");
    REQUIRE(f != nullptr);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  };
  const std::string header =
      "\xEF\xBB\xBFmonth,household_id,person_id,item,item_name,form,street,community,payee_name,"
      "payee_account,amount,basis,rule,ref\n";
  write("payments.csv", header +
                            "2020-09,H1,,dibao,低保金,cash,东站街道,东站社区,王建国,6230598867984974,"
                            "930.00,\"710.00×2−max(0,490.00)=930.00\",dibao@2020-01,\n"
                            "2020-09,H2,,dibao,低保金,cash,东站街道,东站社区,马凤琴,6230598867984975,"
                            "820.00,x,dibao@2020-01,\n");
  StringPool text;
  const auto rows = read_ledger(dir + "/payments.csv", OutputEncoding::kUtf8Bom, text);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].line == 2);
  CHECK(rows[0].household_id == "H1");
  CHECK(rows[0].street == "东站街道");
  CHECK(rows[1].street.data() == rows[0].street.data());  // a repeated value is kept once
  CHECK(rows[1].amount == yuan("820.00"));
  CHECK(rows[1].rule == "dibao@2020-01");
  std::vector<std::string> seen;
  for_each_ledger_row(dir + "/payments.csv", OutputEncoding::kUtf8Bom,
                      [&](const LedgerRow& r) { seen.push_back(std::string(r.payee_name)); });
  CHECK(seen == std::vector<std::string>{"王建国", "马凤琴"});

  write("subsidies.csv", header + "2020-09,H1,,water,水费补贴,cash,a,b,c,d,17.5x,e,f,\n");
  try {
    read_ledger(dir + "/subsidies.csv", OutputEncoding::kUtf8Bom, text);
    FAIL("a bad amount must be refused");
  } catch (const FatalError& e) {
    CHECK(e.line() == 2);
    CHECK(e.column() == 11);
    CHECK(std::string(e.what()).find("got '17.5x'") != std::string::npos);
  }

  write("disbursement.csv",
        "\xEF\xBB\xBFpayee_account,payee_name,payee_id,lines,amount\n"
        "6230598867984974,王建国,,2,1750.00\n6230598867984975,马凤琴,,x,820.00\n");
  try {
    read_disbursement(dir + "/disbursement.csv", OutputEncoding::kUtf8Bom);
    FAIL("a bad count must be refused");
  } catch (const FatalError& e) {
    CHECK(e.line() == 3);
    CHECK(e.column() == 4);
    CHECK(std::string(e.what()).find("lines: expected a count, got 'x'") != std::string::npos);
  }
  write("disbursement.csv",
        "\xEF\xBB\xBFpayee_account,payee_name,payee_id,lines,amount\n6230598867984974,王建国,,2,"
        "1750.00\n");
  const auto d = read_disbursement(dir + "/disbursement.csv", OutputEncoding::kUtf8Bom);
  REQUIRE(d.size() == 1);
  CHECK(d[0].lines == 2);
  CHECK(d[0].amount == yuan("1750.00"));
  std::filesystem::remove_all(dir);
}
