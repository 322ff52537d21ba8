// The readers of households.csv, members.csv and cases.csv: columns, aliases, types, required
// values, issues, fatal errors.
#include <doctest/doctest.h>
#include <iconv.h>

#include <string>
#include <vector>

#include "core/resident_id.h"
#include "input/rows.h"

using namespace benefitroll;

namespace {

std::string id(std::string_view first17) { return std::string(first17) + id_check_char(first17); }
const std::string kId1 = id("22010519500101001");  // born 1950-01-01
const std::string kId2 = id("22010519800229002");  // born 1980-02-29
const std::string kChild = id("22010520100615003");

ReadOptions opts(InputEncoding e = InputEncoding::kAuto) {
  ReadOptions o;
  o.encoding = e;
  o.month = YearMonth{2020, 9};
  return o;
}

const std::string kHouseholdHeader =
    "household_id,street,community,area,program,head_name,head_id";

// A households.csv of the always-required columns plus `extra` ones, one row with `values`.
HouseholdTable households(const std::string& extra_header, const std::string& row) {
  std::string header = kHouseholdHeader + (extra_header.empty() ? "" : "," + extra_header);
  return read_households(header + "\n" + row + "\n", "households.csv", opts());
}
// One row: H1, tekun (no income needed) unless `program` given, then `extra` values.
std::string hrow(const std::string& extra, const std::string& program = "tekun") {
  return "H1,长青街道,东风社区,urban," + program + ",张三," + kId1 +
         (extra.empty() ? "" : "," + extra);
}

// The one issue of a one-row table.
template <class T>
const Issue& only_issue(const T& t) {
  REQUIRE(t.rows.size() == 1);
  REQUIRE(t.issues.size() == 1);
  CHECK(t.rows[0].rejected);
  CHECK(t.issues[0].row == 0);
  return t.issues[0].issue;
}

// The BAD_VALUE message (English) of a household with one extra column's value.
std::string household_bad(const std::string& column, const std::string& value,
                          const std::string& program = "tekun") {
  auto t = households(column, hrow(value, program));
  const Issue& i = only_issue(t);
  CHECK(i.code == "BAD_VALUE");
  CHECK(i.column == column);
  CHECK(i.value == value);
  return i.message.en;
}
bool household_ok(const std::string& column, const std::string& value,
                  const std::string& program = "tekun") {
  auto t = households(column, hrow(value, program));
  return t.rows.size() == 1 && !t.rows[0].rejected && t.issues.empty();
}

std::string to_gb18030(std::string_view utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 2 + 8, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size(), out_left = out.size();
  char* o = out.data();
  REQUIRE(iconv(cd, &in, &in_left, &o, &out_left) != static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

template <class F>
FatalError fatal_of(F read) {
  try {
    read();
  } catch (const FatalError& e) {
    return e;
  }
  FAIL("no FatalError");
  return FatalError("", 0, 0, "");
}

}  // namespace

TEST_CASE("households: every column read") {
  std::string csv =
      "household_id,street,community,area,program,head_name,head_id,bank_account,payee,"
      "institution,monthly_income,rigid_expense,previous_income,classified_tier,heating,"
      "heated_area,grace_start,grace_amount,status\n"
      "H-001_a,长青街道,东风社区,rural,dibao,张三," + kId1 + ",6222020200112233,institution,"
      "二道区敬老院,1234.5,007,980,B,central,85.25,2020-07,1130,suspended\n";
  auto t = read_households(csv, "households.csv", opts());
  CHECK(t.file == "households.csv");
  REQUIRE(t.rows.size() == 1);
  CHECK(t.issues.empty());
  const HouseholdRow& r = t.rows[0];
  CHECK(r.line == 2);
  CHECK_FALSE(r.rejected);
  CHECK(r.household_id == "H-001_a");
  CHECK(r.street == "长青街道");
  CHECK(r.community == "东风社区");
  CHECK(r.area == Area::kRural);
  CHECK(r.program == Program::kDibao);
  CHECK(r.head_name == "张三");
  CHECK(r.head_id == kId1);
  CHECK(r.bank_account == "6222020200112233");
  CHECK(r.payee == Payee::kInstitution);
  CHECK(r.institution == "二道区敬老院");
  CHECK(r.monthly_income == Money::fen(123450));
  CHECK(r.rigid_expense == Money::fen(700));
  CHECK(r.previous_income == Money::fen(98000));
  CHECK(r.classified_tier == 'B');
  CHECK(r.heating == Heating::kCentral);
  CHECK(r.heated_area == Decimal::units(852500));
  CHECK(r.grace_start == YearMonth{2020, 7});
  CHECK(r.grace_amount == Money::fen(113000));
  CHECK(r.status == Status::kSuspended);
}

TEST_CASE("households: defaults when optional columns are absent or empty") {
  auto t = households("", hrow(""));
  REQUIRE(t.rows.size() == 1);
  CHECK(t.issues.empty());
  const HouseholdRow& r = t.rows[0];
  CHECK(r.program == Program::kTekun);
  CHECK(r.area == Area::kUrban);
  CHECK(r.bank_account.empty());
  CHECK(r.payee == Payee::kHousehold);
  CHECK(r.institution.empty());
  CHECK_FALSE(r.monthly_income);
  CHECK(r.rigid_expense == Money());
  CHECK_FALSE(r.previous_income);
  CHECK(r.classified_tier == 0);
  CHECK(r.heating == Heating::kNone);
  CHECK_FALSE(r.heated_area);
  CHECK_FALSE(r.grace_start);
  CHECK_FALSE(r.grace_amount);
  CHECK(r.status == Status::kActive);

  t = households("payee,rigid_expense,heating,status", hrow(" , ,\t,"));
  CHECK(t.issues.empty());
  CHECK(t.rows[0].payee == Payee::kHousehold);
  CHECK(t.rows[0].heating == Heating::kNone);
  CHECK(t.rows[0].status == Status::kActive);
}

TEST_CASE("households: Chinese headers and words, in UTF-8 and GB18030") {
  std::string csv =
      "户编号,街道,社区,城乡,救助类别,户主姓名,户主身份证号,收款账号,收款方,供养机构,"
      "家庭月收入,刚性支出,上月家庭月收入,分类施保类别,取暖方式,供热面积,渐退起始月,渐退保障金,"
      "状态,备注\n"
      "H1,长青街道,东风社区,农村,边缘,张三," + kId1 + ",,本户,,800,,,,集中供热,60,,,正常,x\n"
      "H2,长青街道,东风社区,城市,特困,李四," + kId2 + ",,机构,敬老院,,,,A,自行取暖,,,,暂停,\n"
      "H3,长青街道,东风社区,城市,低保,王五," + kId2 + ",,,,0,,,,无,,,,,\n";
  auto a = read_households(csv, "households.csv", opts());
  auto b = read_households(to_gb18030(csv), "households.csv", opts());
  auto c = read_households(to_gb18030(csv), "households.csv", opts(InputEncoding::kGb18030));
  for (const auto* t : {&a, &b, &c}) {
    REQUIRE(t->rows.size() == 3);
    CHECK(t->issues.empty());
    CHECK(t->rows[0].area == Area::kRural);
    CHECK(t->rows[0].program == Program::kMarginal);
    CHECK(t->rows[0].payee == Payee::kHousehold);
    CHECK(t->rows[0].heating == Heating::kCentral);
    CHECK(t->rows[0].heated_area == Decimal::integer(60));
    CHECK(t->rows[0].status == Status::kActive);
    CHECK(t->rows[0].head_name == "张三");
    CHECK(t->rows[1].area == Area::kUrban);
    CHECK(t->rows[1].program == Program::kTekun);
    CHECK(t->rows[1].payee == Payee::kInstitution);
    CHECK(t->rows[1].institution == "敬老院");
    CHECK(t->rows[1].classified_tier == 'A');
    CHECK(t->rows[1].heating == Heating::kSelf);
    CHECK(t->rows[1].status == Status::kSuspended);
    CHECK(t->rows[2].program == Program::kDibao);
    CHECK(t->rows[2].monthly_income == Money());
    CHECK(t->rows[2].heating == Heating::kNone);
    CHECK(t->rows[2].street == "长青街道");
  }
  // Forcing UTF-8 on the GB18030 file: the header itself is not UTF-8.
  auto e = fatal_of([&] {
    read_households(to_gb18030(csv), "households.csv", opts(InputEncoding::kUtf8));
  });
  CHECK(std::string(e.what()) == "the header is not a valid record: bytes not valid in UTF-8");
}

TEST_CASE("households: money") {
  CHECK(household_ok("rigid_expense", "1234"));
  CHECK(household_ok("rigid_expense", "1234.5"));
  CHECK(household_ok("rigid_expense", "1234.56"));
  CHECK(household_ok("rigid_expense", "007"));
  CHECK(household_ok("rigid_expense", "999999999.99"));
  CHECK(household_ok("rigid_expense", "\"  12.30 \""));
  auto t = households("rigid_expense", hrow("1,200.00"));
  CHECK(t.issues.size() == 1);  // the unquoted comma made two fields: a BAD_ROW
  CHECK(t.issues[0].issue.code == "BAD_ROW");
  t = households("rigid_expense", hrow("\"1,200.00\""));
  const Issue& i = only_issue(t);
  CHECK(i.severity == Severity::kError);
  CHECK(i.code == "BAD_VALUE");
  CHECK(i.file == "households.csv");
  CHECK(i.line == 2);
  CHECK(i.household_id == "H1");
  CHECK(i.person_id.empty());
  CHECK(i.column == "rigid_expense");
  CHECK(i.value == "1,200.00");
  CHECK(i.message.en == "expected an amount like 1234.56, got '1,200.00'");
  CHECK(i.message.zh == "应为金额，如 1234.56，实为 '1,200.00'");
  for (const char* bad : {"12.345", "-1", "+1", "1e3", "1234567890", "1.", ".5", "¥100", "1 000",
                          "１２"})
    CHECK(household_bad("rigid_expense", bad) == "expected an amount like 1234.56, got '" +
                                                     std::string(bad) + "'");
  CHECK(household_bad("previous_income", "abc") == "expected an amount like 1234.56, got 'abc'");
}

TEST_CASE("households: months, tiers, areas and enumerations") {
  CHECK(household_ok("grace_start,grace_amount", "1900-01,1"));
  CHECK(household_ok("grace_start,grace_amount", "2199-12,1"));
  for (const char* bad : {"2020-13", "1899-12", "2200-01", "2020-9", "2020/09", "202009"}) {
    auto t = households("grace_start,grace_amount", hrow(std::string(bad) + ",100"));
    const Issue& i = only_issue(t);
    CHECK(i.column == "grace_start");
    CHECK(i.message.en == "expected a month like 2020-09 (1900-01 to 2199-12), got '" +
                              std::string(bad) + "'");
    CHECK(i.message.zh == "应为年月，如 2020-09（1900-01 至 2199-12），实为 '" + std::string(bad) +
                              "'");
  }
  CHECK(household_bad("classified_tier", "a") == "expected A, B or C, got 'a'");
  CHECK(household_bad("classified_tier", "D") == "expected A, B or C, got 'D'");
  CHECK(household_ok("heating,heated_area", "central,85.55"));
  CHECK(household_ok("heating,heated_area", "central,0"));
  CHECK(household_bad("heated_area", "85.555") ==
        "expected an area in m² like 85.5, with at most 2 decimals, got '85.555'");
  CHECK(household_bad("heated_area", "1234567890") ==
        "expected an area in m² like 85.5, with at most 2 decimals, got '1234567890'");
  CHECK(household_bad("heated_area", "-5") ==
        "expected an area in m² like 85.5, with at most 2 decimals, got '-5'");
  CHECK(household_bad("status", "Active") ==
        "expected active or suspended (also 正常 or 暂停), got 'Active'");
  CHECK(household_bad("heating", "gas") ==
        "expected none, central or self (also 无, 集中供热 or 自行取暖), got 'gas'");
  auto t = households("payee", hrow("bank"));
  CHECK(only_issue(t).message.zh == "应为 household 或 institution（也可为 本户 或 机构），实为 'bank'");
  t = households("", "H1,s,c,Urban,tekun,张三," + kId1);
  CHECK(only_issue(t).message.en == "expected urban or rural (also 城市 or 农村), got 'Urban'");
  t = households("", "H1,s,c,urban,低保户,张三," + kId1);
  CHECK(only_issue(t).message.en ==
        "expected dibao, tekun or marginal (also 低保, 特困 or 边缘), got '低保户'");
}

TEST_CASE("households: household ids") {
  for (const char* ok : {"H1", "1", "a-b_c", "0123456789012345678901234567890123456789"}) {
    auto t = households("", std::string(ok) + ",s,c,urban,tekun,n," + kId1);
    CHECK(t.issues.empty());
    CHECK(t.rows[0].household_id == ok);
  }
  for (const char* bad : {"-H1", "_H1", "H 1", "H.1", "户1"}) {
    auto t = households("", std::string("\"") + bad + "\",s,c,urban,tekun,n," + kId1);
    const Issue& i = only_issue(t);
    CHECK(i.code == "BAD_VALUE");
    CHECK(i.column == "household_id");
    CHECK(i.household_id == bad);
    CHECK(t.rows[0].household_id == bad);
    CHECK(i.message.en ==
          "expected a household id of 1 to 40 letters, digits, '-' or '_', beginning with a letter "
          "or digit, got '" + std::string(bad) + "'");
  }
  auto t = households("", std::string(41, '1') + ",s,c,urban,tekun,n," + kId1);
  CHECK(only_issue(t).value == std::string(41, '1'));
  CHECK(only_issue(t).message.en ==  // long values are cut in messages
        "expected a household id of 1 to 40 letters, digits, '-' or '_', beginning with a letter "
        "or digit, got '" + std::string(40, '1') + "…'");
}

TEST_CASE("households: resident IDs") {
  // Find an ID whose check character is X to test lower-case x.
  std::string x_id;
  for (int k = 0; k < 1000 && x_id.empty(); ++k) {
    std::string f = "2201051950010" + std::to_string(1000 + k);
    if (id_check_char(f) == 'X') x_id = f + "x";
  }
  REQUIRE(x_id.size() == 18);
  auto t = households("", "H1,s,c,urban,tekun,n," + x_id);
  CHECK(t.issues.empty());
  CHECK(t.rows[0].head_id == x_id.substr(0, 17) + "X");

  auto bad_id = [&](const std::string& v) {
    auto t = households("", "H1,s,c,urban,tekun,n," + v);
    const Issue& i = only_issue(t);
    CHECK(i.code == "BAD_VALUE");
    CHECK(i.column == "head_id");
    CHECK(i.value == v);
    return i.message;
  };
  Text m = bad_id("22010519500101001");
  CHECK(m.en == "expected a resident ID of 18 characters (17 digits and a check character 0-9 or "
                "X), got 17 characters");
  CHECK(m.zh == "应为 18 位身份证号（17 位数字加校验码 0-9 或 X），实为 17 个字符");
  m = bad_id("2201051950010100A1");
  CHECK(m.en == "expected a resident ID of 18 characters (17 digits and a check character 0-9 or "
                "X), character 17 is not a digit");
  m = bad_id("22010519500101001Y");
  CHECK(m.en == "expected a resident ID of 18 characters (17 digits and a check character 0-9 or "
                "X), character 18 is not a digit or X");
  std::string wrong = kId1.substr(0, 17) + (kId1[17] == '0' ? "1" : "0");
  m = bad_id(wrong);
  CHECK(m.en == "the resident ID's check character does not match its first 17 digits");
  CHECK(m.zh == "身份证号的校验码与前 17 位不符");
  m = bad_id(id("22010519500230001"));
  CHECK(m.en == "the resident ID's birth date (characters 7-14) is not a real date");
  m = bad_id(id("22010520201001001"));
  CHECK(m.en == "the resident ID's birth date is after the run month 2020-09");
  CHECK(m.zh == "身份证号中的出生日期晚于发放月份 2020-09");
  // Born in the run month is fine.
  CHECK(households("", "H1,s,c,urban,tekun,n," + id("22010520200930001")).issues.empty());
}

TEST_CASE("households: accounts and text") {
  CHECK(household_ok("bank_account", "123456"));
  CHECK(household_ok("bank_account", std::string(32, '9')));
  CHECK(household_bad("bank_account", "12345") ==
        "expected an account of 6 to 32 digits, got 5 digits");
  CHECK(household_bad("bank_account", std::string(33, '9')) ==
        "expected an account of 6 to 32 digits, got 33 digits");
  CHECK(household_bad("bank_account", "6222-0202") ==
        "expected an account of 6 to 32 digits, got a character that is not a digit");

  std::string s200;
  for (int i = 0; i < 200; ++i) s200 += "张";
  auto t = households("", "H1," + s200 + ",c,urban,tekun,n," + kId1);
  CHECK(t.issues.empty());
  CHECK(t.rows[0].street == s200);
  t = households("", "H1," + s200 + "x,c,urban,tekun,n," + kId1);
  CHECK(only_issue(t).message.en == "expected text of at most 200 characters, got 201");
  CHECK(only_issue(t).message.zh == "文字至多 200 个字符，实为 201 个");
  CHECK(only_issue(t).column == "street");

  t = households("", "H1,s,c,urban,tekun,\"张\n三\"," + kId1);
  CHECK(only_issue(t).column == "head_name");
  CHECK(only_issue(t).value == "张\n三");
  CHECK(only_issue(t).message.en ==
        "text must not hold control characters such as line breaks (found U+000A)");
  t = households("", "H1,s,c\x7f,urban,tekun,n," + kId1);
  CHECK(only_issue(t).message.en ==
        "text must not hold control characters such as line breaks (found U+007F)");
  t = households("", "H1,s,c\xC2\x85,urban,tekun,n," + kId1);
  CHECK(only_issue(t).message.en ==
        "text must not hold control characters such as line breaks (found U+0085)");
  for (std::string first : {"=", "+", "-", "@"}) {
    t = households("", "H1,s," + first + "SUM(A1),urban,tekun,n," + kId1);
    CHECK(only_issue(t).message.en == "text must not begin with '" + first +
                                          "' (a spreadsheet would run it as a formula)");
  }
  CHECK(households("", "H1,s,x=1,urban,tekun,n," + kId1).issues.empty());
  // A byte-order mark in the middle is a character of the value.
  t = households("", "H1,\xEF\xBB\xBFs,c,urban,tekun,n," + kId1);
  CHECK(t.rows[0].street == "\xEF\xBB\xBFs");
}

TEST_CASE("households: values required on conditions") {
  auto missing = [](const HouseholdTable& t, const std::string& column) {
    const Issue& i = only_issue(t);
    CHECK(i.code == "MISSING_VALUE");
    CHECK(i.column == column);
    CHECK(i.value.empty());
    return i.message.en;
  };
  CHECK(missing(households("", "H1,,c,urban,tekun,n," + kId1), "street") == "a value is required");
  CHECK(missing(households("", "H1,s,c,urban,tekun,n,"), "head_id") == "a value is required");
  auto t = households("", ",s,c,urban,tekun,n," + kId1);
  CHECK(missing(t, "household_id") == "a value is required");
  CHECK(t.rows[0].household_id.empty());

  CHECK(missing(households("payee", hrow("institution")), "institution") ==
        "a value is required when payee is institution");
  CHECK(missing(households("payee,institution", hrow("机构,")), "institution") ==
        "a value is required when payee is institution");
  CHECK(household_ok("payee,institution", "institution,敬老院"));

  CHECK(missing(households("", hrow("", "dibao")), "monthly_income") ==
        "a value is required when program is dibao or marginal");
  CHECK(missing(households("monthly_income", hrow(" ", "marginal")), "monthly_income") ==
        "a value is required when program is dibao or marginal");
  CHECK(household_ok("monthly_income", "0", "dibao"));
  CHECK(household_ok("", "", "tekun"));

  CHECK(missing(households("heating", hrow("central")), "heated_area") ==
        "a value is required when heating is central");
  CHECK(household_ok("heating", "self"));
  CHECK(missing(households("grace_start", hrow("2020-07")), "grace_amount") ==
        "a value is required when grace_start is set");
  t = households("grace_start", hrow("2020-07"));
  CHECK(t.issues[0].issue.message.zh == "填写了渐退起始月时必填，但为空");

  // A bad program requires nothing more; a row may have several issues, in column order.
  t = households("monthly_income,heating", "H1,,c,urbn,dibao?,张三," + kId1 + ",1.234,central");
  REQUIRE(t.issues.size() == 5);
  CHECK(t.issues[0].issue.column == "street");
  CHECK(t.issues[1].issue.column == "area");
  CHECK(t.issues[2].issue.column == "program");
  CHECK(t.issues[3].issue.column == "monthly_income");
  CHECK(t.issues[4].issue.column == "heated_area");
  CHECK(t.issues[4].issue.code == "MISSING_VALUE");
  CHECK(t.rows[0].rejected);
  CHECK(t.rows[0].household_id == "H1");
}

TEST_CASE("households: BAD_ROW rows keep their place and household id") {
  std::string csv = kHouseholdHeader + "\n"
      "H1,s,c,urban,tekun,n," + kId1 + "\n"
      "\n"
      "H2,s,\"c\"x,urban,tekun,n," + kId1 + "\n"
      "H3,s,c,urban,tekun,n\n"
      " \"H4\" ,s\n"
      ",s\n"
      "H5,s,c,urban,tekun,n," + kId1 + "\n";
  auto t = read_households(csv, "households.csv", opts());
  REQUIRE(t.rows.size() == 6);
  CHECK_FALSE(t.rows[0].rejected);
  CHECK(t.rows[1].rejected);
  CHECK(t.rows[1].line == 4);
  CHECK(t.rows[1].household_id == "H2");
  CHECK(t.rows[2].household_id == "H3");
  CHECK(t.rows[2].line == 5);
  CHECK(t.rows[3].household_id == "\"H4\"");
  CHECK(t.rows[4].household_id.empty());
  CHECK_FALSE(t.rows[5].rejected);
  CHECK(t.rows[5].line == 8);
  REQUIRE(t.issues.size() == 4);
  const Issue& i = t.issues[0].issue;
  CHECK(t.issues[0].row == 1);
  CHECK(i.code == "BAD_ROW");
  CHECK(i.line == 4);
  CHECK(i.household_id == "H2");
  CHECK(i.column.empty());
  CHECK(i.value.empty());
  CHECK(i.message.en == "field 3: text after the closing quote");
  CHECK(i.message.zh == "第 3 个字段的结束引号之后还有内容");
  CHECK(t.issues[1].issue.message.en == "the record has 6 fields, but the header has 7");
  CHECK(t.issues[1].issue.message.zh == "本行有 6 个字段，但表头有 7 个");
  CHECK(t.issues[3].row == 4);
}

TEST_CASE("households: fatal header errors") {
  auto read = [](const std::string& s) {
    return [s] { read_households(s, "households.csv", opts()); };
  };
  auto e = fatal_of(read("street,community,area,program,head_name,head_id\n"));
  CHECK(e.file() == "households.csv");
  CHECK(e.line() == 1);
  CHECK(std::string(e.what()) == "missing required column 'household_id' (户编号)");
  e = fatal_of(read(kHouseholdHeader + ",payee,收款方\n"));
  CHECK(e.column() == 9);
  CHECK(std::string(e.what()) == "column 'payee' (收款方) is given twice, in fields 8 and 9");
  e = fatal_of(read(kHouseholdHeader + ",户编号\n"));
  CHECK(std::string(e.what()) ==
        "column 'household_id' (户编号) is given twice, in fields 1 and 8");
  e = fatal_of(read(""));
  CHECK(std::string(e.what()) == "the file is empty: it needs at least a header");
  CHECK(read_households(kHouseholdHeader, "households.csv", opts()).rows.empty());
  auto t = read_households(kHouseholdHeader + ",备注,,\n", "households.csv", opts());
  CHECK(t.rows.empty());
  CHECK(t.issues.empty());
}

TEST_CASE("members: every column read") {
  std::string csv =
      "household_id,person_id,name,relation,covered,tekun,self_care,disability_grade,"
      "severe_illness,enrollment,enrollment_year,deceased_on\n"
      "H1," + kId1 + ",张三,head,y,Y,partial,2,1,university,2020,2020-08-31\n"
      "H1," + kId2 + ",李四,配偶,否,0,,,N,,,\n"
      "H1," + kChild + ",张小,子女,是,n,,4,0,高中,2021,\n";
  auto t = read_members(csv, "members.csv", opts());
  REQUIRE(t.rows.size() == 3);
  CHECK(t.issues.empty());
  const MemberRow& a = t.rows[0];
  CHECK(a.household_id == "H1");
  CHECK(a.person_id == kId1);
  CHECK(a.name == "张三");
  CHECK(a.relation == Relation::kHead);
  CHECK(a.covered);
  CHECK(a.tekun);
  CHECK(a.self_care == SelfCare::kPartial);
  CHECK(a.disability_grade == 2);
  CHECK(a.severe_illness);
  CHECK(a.enrollment == Enrollment::kUniversity);
  CHECK(a.enrollment_year == 2020);
  CHECK(a.deceased_on == Date{2020, 8, 31});
  CHECK(a.birth == Date{1950, 1, 1});
  const MemberRow& b = t.rows[1];
  CHECK(b.relation == Relation::kSpouse);
  CHECK_FALSE(b.covered);
  CHECK_FALSE(b.tekun);
  CHECK_FALSE(b.self_care);
  CHECK(b.disability_grade == 0);
  CHECK_FALSE(b.severe_illness);
  CHECK(b.enrollment == Enrollment::kNone);
  CHECK(b.enrollment_year == 0);
  CHECK_FALSE(b.deceased_on);
  CHECK(b.birth == Date{1980, 2, 29});
  CHECK(t.rows[2].covered);
  CHECK(t.rows[2].relation == Relation::kChild);
  CHECK(t.rows[2].enrollment == Enrollment::kHighSchool);
  CHECK(t.rows[2].line == 4);

  // Only the always columns, by their Chinese names; the rest default.
  t = read_members("户编号,身份证号,姓名,与户主关系,是否保障对象\nH9," + kId1 + ",王,其他,1\n",
                   "members.csv", opts());
  REQUIRE(t.rows.size() == 1);
  CHECK(t.issues.empty());
  CHECK(t.rows[0].relation == Relation::kOther);
  CHECK_FALSE(t.rows[0].tekun);
}

TEST_CASE("members: values and requirements") {
  const std::string header =
      "household_id,person_id,name,relation,covered,tekun,self_care,disability_grade,"
      "enrollment,enrollment_year,deceased_on";
  auto one = [&](const std::string& row) {
    return read_members(header + "\n" + row + "\n", "members.csv", opts());
  };
  auto t = one("H1," + kId1 + ",张三,head,yes,n,,,,,");
  const Issue& i = only_issue(t);
  CHECK(i.column == "covered");
  CHECK(i.person_id == kId1);
  CHECK(i.household_id == "H1");
  CHECK(i.message.en == "expected y or n (also Y, N, 1, 0, 是, 否), got 'yes'");
  CHECK(i.message.zh == "应为 y 或 n（也可为 Y、N、1、0、是、否），实为 'yes'");

  t = one("H1," + kId1 + ",张三,head,n,y,,,,,");
  CHECK(only_issue(t).code == "MISSING_VALUE");
  CHECK(only_issue(t).column == "self_care");
  CHECK(only_issue(t).message.en == "a value is required when tekun is y");
  t = one("H1," + kId1 + ",张三,head,n,n,lots,,,,");
  CHECK(only_issue(t).message.en ==
        "expected full, partial or none (also 全自理, 半自理 or 全护理), got 'lots'");
  t = one("H1," + kId1 + ",张三,head,n,n,,5,,,");
  CHECK(only_issue(t).message.en == "expected a disability grade 1, 2, 3 or 4, got '5'");
  t = one("H1," + kId1 + ",张三,head,n,n,,,大学,,");
  CHECK(only_issue(t).message.en == "a value is required when enrollment is set");
  t = one("H1," + kId1 + ",张三,head,n,n,,,,2200,");
  CHECK(only_issue(t).message.en == "expected a year like 2020 (1900 to 2199), got '2200'");
  t = one("H1," + kId1 + ",张三,head,n,n,,,,20,");
  CHECK(only_issue(t).column == "enrollment_year");
  t = one("H1," + kId1 + ",张三,boss,n,n,,,,,");
  CHECK(only_issue(t).message.en ==
        "expected head, spouse, child, parent, grandchild, sibling or other (also 户主, 配偶, "
        "子女, 父母, 孙子女, 兄弟姐妹 or 其他), got 'boss'");
  t = one("H1," + kId1 + ",张三,head,n,n,,,,,2020-02-30");
  CHECK(only_issue(t).message.en == "expected a real date like 2020-09-15, got '2020-02-30'");
  CHECK(one("H1," + kId1 + ",张三,head,n,n,,,,,2020-02-29").issues.empty());

  // A member's household id is text: any characters, within the text rules.
  t = one("户 1," + kId1 + ",张三,head,n,n,,,,,");
  CHECK(t.issues.empty());
  CHECK(t.rows[0].household_id == "户 1");
  t = one("=H1," + kId1 + ",张三,head,n,n,,,,,");
  CHECK(only_issue(t).column == "household_id");
  CHECK(t.rows[0].household_id == "=H1");

  // The person id of an issue is the value as given.
  std::string bad = kId1.substr(0, 17) + (kId1[17] == '1' ? "2" : "1");
  t = one("H1," + bad + ",,head,n,n,,,,,");
  REQUIRE(t.issues.size() == 2);
  CHECK(t.issues[0].issue.person_id == bad);
  CHECK(t.issues[0].issue.column == "person_id");
  CHECK(t.issues[1].issue.column == "name");
  CHECK(t.issues[1].issue.code == "MISSING_VALUE");
  CHECK(t.rows[0].household_id == "H1");
  CHECK(t.rows[0].rejected);

  // A BAD_ROW member keeps its household id.
  t = one("H7," + kId1 + ",\"张\"三,head,n,n,,,,,");
  CHECK(only_issue(t).code == "BAD_ROW");
  CHECK(only_issue(t).person_id.empty());  // a BAD_ROW names no person
  CHECK(t.rows[0].household_id == "H7");
}

TEST_CASE("cases: every column read, and their checks") {
  const std::string header =
      "case_id,month,person_id,name,household_id,street,community,area,persons,bank_account,"
      "reason,amount,approved_by,advance,documents";
  auto one = [&](const std::string& row) {
    return read_cases(header + "\n" + row + "\n", "cases.csv", opts());
  };
  auto t = one("C1,2020-09," + kId1 + ",张三,H1,长青街道,东风社区,rural,3,123456,因病,1500.5,"
               "district,y,pending");
  REQUIRE(t.rows.size() == 1);
  CHECK(t.issues.empty());
  const CaseRow& c = t.rows[0];
  CHECK(c.case_id == "C1");
  CHECK(c.month == YearMonth{2020, 9});
  CHECK(c.person_id == kId1);
  CHECK(c.name == "张三");
  CHECK(c.household_id == "H1");
  CHECK(c.street == "长青街道");
  CHECK(c.community == "东风社区");
  CHECK(c.area == Area::kRural);
  CHECK(c.persons == 3);
  CHECK(c.bank_account == "123456");
  CHECK(c.reason == "因病");
  CHECK(c.amount == Money::fen(150050));
  CHECK(c.approved_by == Approval::kDistrict);
  CHECK(c.advance);
  CHECK(c.documents_pending);

  t = one("C2,2020-08," + kId1 + ",张三,,s,c,城市,20,,灾,1,乡镇,,");
  CHECK(t.issues.empty());
  CHECK(t.rows[0].household_id.empty());
  CHECK(t.rows[0].approved_by == Approval::kTownship);
  CHECK_FALSE(t.rows[0].advance);
  CHECK_FALSE(t.rows[0].documents_pending);
  CHECK(one("C2,2020-08," + kId1 + ",张三,,s,c,城市,01,,灾,1,街道,,齐全").rows[0].approved_by ==
        Approval::kTownship);
  CHECK(one("C2,2020-08," + kId1 + ",张三,,s,c,城市,1,,灾,1,区,,待补").rows[0].documents_pending);

  t = one("C3,2020-09," + kId1 + ",张三,,s,c,urban,21,,r,0.00,county,,");
  REQUIRE(t.issues.size() == 3);
  CHECK(t.issues[0].issue.column == "persons");
  CHECK(t.issues[0].issue.message.en == "expected a number of persons from 1 to 20, got '21'");
  CHECK(t.issues[1].issue.column == "amount");
  CHECK(t.issues[1].issue.message.en == "expected an amount above 0, got '0.00'");
  CHECK(t.issues[1].issue.message.zh == "应为大于 0 的金额，实为 '0.00'");
  CHECK(t.issues[2].issue.message.en ==
        "expected township or district (also 乡镇, 街道 or 区), got 'county'");
  CHECK(t.rows[0].case_id == "C3");
  for (std::string persons : {"0", "100", "1.5", "-1", "1", "09", "20"}) {
    auto u = one("C4,2020-09," + kId1 + ",张三,,s,c,urban," + persons + ",,r,1,区,,");
    bool ok = persons == "1" || persons == "09" || persons == "20";
    CHECK(u.rows[0].rejected == !ok);
  }
  t = one("C5,2020-09," + kId1 + ",张三,,s,c,urban,,,r,1,区,,");
  CHECK(only_issue(t).code == "MISSING_VALUE");
  CHECK(only_issue(t).column == "persons");

  // A BAD_ROW case keeps its case id and household id.
  t = one("C6,2020-09," + kId1 + ",张三,H8,s");
  CHECK(only_issue(t).code == "BAD_ROW");
  CHECK(t.rows[0].case_id == "C6");
  CHECK(t.rows[0].household_id == "H8");
  CHECK(only_issue(t).household_id == "H8");

  // household_id is optional in the header; amount is not.
  auto e = fatal_of([] {
    read_cases("case_id,month,person_id,name,street,community,area,persons,reason,approved_by\n",
               "cases.csv", opts());
  });
  CHECK(std::string(e.what()) == "missing required column 'amount' (救助金额)");
}

TEST_CASE("households: a file over 48 MiB without a final newline") {
  // 64-byte lines and no final line end: what made the bare parser invent rows.
  const std::string head = "household_id,street,community,area,program,head_name,head_id\n";
  std::string text;
  const size_t kLines = 800000;
  text.reserve(head.size() + kLines * 64);
  text += head;
  char key[16];
  std::string tail = ",东风社区,urban,tekun,张三," + kId1;  // 8 + 7 + ... bytes
  for (size_t i = 0; i < kLines; ++i) {
    std::snprintf(key, sizeof key, "H%07zu", i);
    std::string line = key;
    line += ",";
    size_t street = 64 - 1 - line.size() - tail.size();
    line.append(street, 's');
    line += tail;
    text += line;
    if (i + 1 < kLines) text += '\n';
  }
  REQUIRE(text.size() == head.size() + kLines * 64 - 1);
  REQUIRE(text.size() > 48u * 1024 * 1024);
  auto t = read_households(text, "households.csv", opts());
  REQUIRE(t.rows.size() == kLines);
  CHECK(t.issues.empty());
  const HouseholdRow& last = t.rows.back();
  CHECK(last.household_id == "H0799999");
  CHECK(last.line == static_cast<int64_t>(kLines) + 1);
  CHECK(last.head_id == kId1);
  CHECK(last.community == "东风社区");
  CHECK(t.rows[400000].household_id == "H0400000");
}

TEST_CASE("members and cases: every Chinese alias") {
  auto m = read_members(
      "户编号,身份证号,姓名,与户主关系,是否保障对象,特困人员,自理能力,残疾等级,重病,升学,升学年份,"
      "死亡日期\n"
      "H1," + kId1 + ",张三,孙子女,否,是,全护理,1,是,高中,2020,2020-09-01\n"
      "H1," + kId2 + ",李四,兄弟姐妹,是,否,半自理,,否,,,\n"
      "H1," + kChild + ",王五,父母,是,否,全自理,,否,,,\n",
      "members.csv", opts());
  REQUIRE(m.rows.size() == 3);
  CHECK(m.issues.empty());
  CHECK(m.rows[0].relation == Relation::kGrandchild);
  CHECK_FALSE(m.rows[0].covered);
  CHECK(m.rows[0].tekun);
  CHECK(m.rows[0].self_care == SelfCare::kNone);
  CHECK(m.rows[0].disability_grade == 1);
  CHECK(m.rows[0].severe_illness);
  CHECK(m.rows[0].enrollment == Enrollment::kHighSchool);
  CHECK(m.rows[0].enrollment_year == 2020);
  CHECK(m.rows[0].deceased_on == Date{2020, 9, 1});
  CHECK(m.rows[1].relation == Relation::kSibling);
  CHECK(m.rows[1].self_care == SelfCare::kPartial);
  CHECK(m.rows[2].relation == Relation::kParent);
  CHECK(m.rows[2].self_care == SelfCare::kFull);

  auto c = read_cases(
      "案件编号,发放月份,身份证号,姓名,户编号,街道,社区,城乡,家庭人口,收款账号,救助事由,救助金额,"
      "审批层级,先行救助,材料\n"
      "C1,2020-09," + kId1 + ",张三,H1,长青街道,东风社区,农村,2,62220202,火灾,3000,区,是,待补\n",
      "cases.csv", opts());
  REQUIRE(c.rows.size() == 1);
  CHECK(c.issues.empty());
  CHECK(c.rows[0].case_id == "C1");
  CHECK(c.rows[0].household_id == "H1");
  CHECK(c.rows[0].area == Area::kRural);
  CHECK(c.rows[0].persons == 2);
  CHECK(c.rows[0].bank_account == "62220202");
  CHECK(c.rows[0].reason == "火灾");
  CHECK(c.rows[0].amount == Money::yuan(3000));
  CHECK(c.rows[0].approved_by == Approval::kDistrict);
  CHECK(c.rows[0].advance);
  CHECK(c.rows[0].documents_pending);
}

TEST_CASE("rows: to_string of the enumerations") {
  CHECK(to_string(Area::kRural) == "rural");
  CHECK(to_string(Program::kMarginal) == "marginal");
  CHECK(to_string(SelfCare::kPartial) == "partial");
}
