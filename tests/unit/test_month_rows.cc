// MonthRows (input/month_rows.h): the keys and rows a StreamedRows gives, reading each row again
// from the export, are those TableRows gives from tables read whole; and an export changed
// under the run stops it.
#include <doctest/doctest.h>

#include <iconv.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "commands/month_input.h"
#include "core/resident_id.h"
#include "input/month_rows.h"

using namespace benefitroll;

namespace {

std::string id(std::string_view first17) { return std::string(first17) + id_check_char(first17); }

struct TempDir {
  std::string path;
  TempDir() {
    char name[] = "/tmp/benefitroll-month-rows-XXXXXX";
    REQUIRE(::mkdtemp(name) != nullptr);
    path = name;
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  void write(const std::string& file, const std::string& bytes) const {
    std::ofstream(path + "/" + file, std::ios::binary) << bytes;
  }
};

// Households and members in every shape the dialect allows: a byte-order mark, CRLF, quoted
// and multi-line fields, spaces to trim, bad rows, rejected values, a duplicated household, a
// shared account, a person listed twice, members of an unknown household.
const std::string kHouseholds =
    "\xEF\xBB\xBFhousehold_id,street,community,area,program,head_name,head_id,bank_account,payee,"
    "institution,monthly_income\r\n"
    "H1,长青街道,东风社区,urban,dibao,张三," + id("22010519500101001") + ",6222001,,,100.00\r\n"
    "H2, 长青街道 ,\"东风\n社区\",rural,tekun,\"李\"\"四\"," + id("22010519600101002") +
    ",6222001,,,\r\n"
    "H3,长青街道,东风社区,urban,dibao,王五," + id("22010519700101003") + ",,,,abc\r\n"
    "H4,长青街道,东风社区,urban,dibao,赵六\r\n"
    "H5,长青街道,东风社区,urban,tekun,钱七," + id("22010519800101005") +
    ",6222009,institution,敬老院,\r\n"
    "\r\n"
    "H5,长青街道,东风社区,urban,tekun,孙八," + id("22010519800101006") + ",6222010,,,\r\n"
    "H6,长青街道,东风社区,rural,marginal,周九," + id("22010519900101007") + ",6222011,,,50\r\n";

std::string member(const std::string& h, const std::string& person, const std::string& rest) {
  return h + "," + person + "," + rest + "\n";
}
const std::string kMembers =
    "household_id,person_id,name,relation,covered,tekun,self_care\n" +
    member("H1", id("22010519500101001"), "张三,head,y,n,") +
    member("H1", id("22010520100101011"), "\"张\n小三\",child,y,n,") +
    member("H2", id("22010519600101002"), "李四,head,n,y,partial") +
    member("H2", id("22010519500101001"), "张三,other,n,y,full") +  // listed twice
    member("H3", id("22010519700101003"), "王五,head,y,n,") +
    member("H6", id("22010519900101007"), "周九,head,y,n,") +
    member("H6", "12345", "坏号,child,y,n,") +               // a bad person_id
    member("H9", id("22010519900101019"), "无户,head,y,n,") +  // an unknown household
    "H6,too,few\n";

void check_same_keys(const MonthRows& a, const MonthRows& b) {
  REQUIRE(a.household_count() == b.household_count());
  REQUIRE(a.member_count() == b.member_count());
  for (size_t i = 0; i < a.household_count(); ++i) {
    CAPTURE(i);
    const HouseholdKey x = a.household(i), y = b.household(i);
    CHECK(x.household_id == y.household_id);
    CHECK(x.line == y.line);
    CHECK(x.account_hash == y.account_hash);
    CHECK(x.rejected == y.rejected);
    CHECK(x.area == y.area);
    CHECK(x.payee == y.payee);
  }
  for (size_t j = 0; j < a.member_count(); ++j) {
    CAPTURE(j);
    const MemberKey x = a.member(j), y = b.member(j);
    CHECK(x.household_id == y.household_id);
    CHECK(x.line == y.line);
    CHECK(x.person == y.person);
    CHECK(x.rejected == y.rejected);
    CHECK(x.covered == y.covered);
    CHECK(x.tekun == y.tekun);
  }
  REQUIRE(a.household_issues().size() == b.household_issues().size());
  for (size_t k = 0; k < a.household_issues().size(); ++k) {
    CHECK(a.household_issues()[k].row == b.household_issues()[k].row);
    CHECK(a.household_issues()[k].issue.message.en == b.household_issues()[k].issue.message.en);
  }
  REQUIRE(a.member_issues().size() == b.member_issues().size());
  for (size_t k = 0; k < a.member_issues().size(); ++k)
    CHECK(a.member_issues()[k].issue.message.en == b.member_issues()[k].issue.message.en);
}

void check_same_rows(const MonthRows& streamed, const MonthInput& tables) {
  auto fetch = streamed.fetch();
  for (size_t i = 0; i < streamed.household_count(); ++i) {
    const HouseholdRow& t = tables.households.rows[i];
    if (t.rejected) continue;  // never fetched
    CAPTURE(i);
    const HouseholdRow& s = fetch->household(i);
    CHECK(s.line == t.line);
    CHECK(s.household_id == t.household_id);
    CHECK(s.street == t.street);
    CHECK(s.community == t.community);
    CHECK(s.head_name == t.head_name);
    CHECK(s.head_id == t.head_id);
    CHECK(s.bank_account == t.bank_account);
    CHECK(s.institution == t.institution);
    CHECK(s.monthly_income == t.monthly_income);
    CHECK(s.area == t.area);
    CHECK(s.program == t.program);
    CHECK(s.payee == t.payee);
    CHECK(!s.rejected);
  }
  std::vector<uint32_t> accepted;
  for (size_t j = 0; j < tables.members.rows.size(); ++j)
    if (!tables.members.rows[j].rejected) accepted.push_back(static_cast<uint32_t>(j));
  const auto rows = fetch->members(accepted);
  REQUIRE(rows.size() == accepted.size());
  for (size_t k = 0; k < accepted.size(); ++k) {
    const MemberRow& t = tables.members.rows[accepted[k]];
    const MemberRow& s = *rows[k];
    CAPTURE(k);
    CHECK(s.line == t.line);
    CHECK(s.household_id == t.household_id);
    CHECK(s.person_id == t.person_id);
    CHECK(s.name == t.name);
    CHECK(s.relation == t.relation);
    CHECK(s.covered == t.covered);
    CHECK(s.tekun == t.tekun);
    CHECK(s.self_care == t.self_care);
  }
}

}  // namespace

TEST_CASE("month rows: keys and rows read again are those of the tables") {
  TempDir dir;
  dir.write("households.csv", kHouseholds);
  dir.write("members.csv", kMembers);
  CommonOptions opt;
  for (int jobs : {1, 2}) {
    for (bool copy : {false, true}) {
      CAPTURE(jobs);
      CAPTURE(copy);
      opt.jobs = jobs;
      MonthInput tables, keys;
      load_month_input(InputFiles::in(dir.path), YearMonth{2020, 9}, opt, tables);
      std::string out;
      if (copy) {
        out = dir.path + "/out" + std::to_string(jobs);
        std::filesystem::create_directory(out);
      }
      load_month_input(InputFiles::in(dir.path), YearMonth{2020, 9}, opt, keys, out, Keep::kKeys);
      REQUIRE(keys.streamed);
      CHECK(keys.households.rows.empty());
      const TableRows held(tables.households, tables.members);
      check_same_keys(*keys.streamed, held);
      check_same_rows(*keys.streamed, tables);
      CHECK(person_id_of(keys.streamed->member(0).person) == id("22010519500101001"));
    }
  }
}

TEST_CASE("month rows: a GB18030 export is read again from its converted text") {
  TempDir dir;
  std::string gb;
  {
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
    std::string in = kHouseholds.substr(3);  // no byte-order mark in GB18030
    gb.assign(in.size() * 2 + 8, '\0');
    char* i = in.data();
    char* o = gb.data();
    size_t il = in.size(), ol = gb.size();
    REQUIRE(iconv(cd, &i, &il, &o, &ol) != static_cast<size_t>(-1));
    iconv_close(cd);
    gb.resize(gb.size() - ol);
  }
  dir.write("households.csv", gb);
  dir.write("members.csv", kMembers);
  CommonOptions opt;
  MonthInput tables, keys;
  load_month_input(InputFiles::in(dir.path), YearMonth{2020, 9}, opt, tables);
  load_month_input(InputFiles::in(dir.path), YearMonth{2020, 9}, opt, keys, {}, Keep::kKeys);
  check_same_keys(*keys.streamed, TableRows(tables.households, tables.members));
  check_same_rows(*keys.streamed, tables);
}

TEST_CASE("month rows: an export changed under the run stops it") {
  TempDir dir;
  dir.write("households.csv", kHouseholds);
  dir.write("members.csv", kMembers);
  CommonOptions opt;
  MonthInput keys;
  load_month_input(InputFiles::in(dir.path), YearMonth{2020, 9}, opt, keys, {}, Keep::kKeys);
  auto fetch = keys.streamed->fetch();
  CHECK(fetch->household(0).household_id == "H1");
  // Same size, another id: the mapping shows the file as it is now.
  std::string changed = kHouseholds;
  changed.replace(changed.find("H1,"), 3, "X1,");
  {
    std::fstream f(dir.path + "/households.csv", std::ios::in | std::ios::out | std::ios::binary);
    f.write(changed.data(), static_cast<std::streamsize>(changed.size()));
  }
  CHECK_THROWS_AS(fetch->household(0), FatalError);
  // Another size: found when the export is mapped again.
  dir.write("households.csv", kHouseholds + "H7,x\n");
  CHECK_THROWS_AS(ExportText(dir.path + "/households.csv", kHouseholds.size(), 3, "households.csv"),
                  FatalError);
}
