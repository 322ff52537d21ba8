// The synthetic roll: Erdao District's streets and villages, households of 1–6 members, incomes
// around the 2020 standards, every program and branch in rough proportions. A fixed integer
// generator (splitmix64) makes the bytes depend on the seed alone, on any platform.
#include "commands/sample.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <new>
#include <string_view>
#include <ostream>

#include "core/money.h"
#include "core/resident_id.h"
#include "output/output_file.h"
#include "output/result_folder.h"

namespace benefitroll {

namespace {

struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int64_t below(int64_t n) { return static_cast<int64_t>(next() % static_cast<uint64_t>(n)); }
  bool chance(int per_mille) { return below(1000) < per_mille; }
  template <class T, size_t N>
  const T& pick(const std::array<T, N>& a) { return a[static_cast<size_t>(below(N))]; }
};

struct Place {
  const char* street;
  std::array<const char*, 3> communities;
  bool rural;
};
constexpr std::array<Place, 12> kPlaces = {{
    {"东站街道", {"东站社区", "和顺社区", "东胜社区"}, false},
    {"远达街道", {"远达社区", "万兴社区", "远东社区"}, false},
    {"八里堡街道", {"八里堡社区", "和平社区", "新兴社区"}, false},
    {"吉林街道", {"吉林社区", "东安社区", "吉兴社区"}, false},
    {"荣光街道", {"荣光社区", "荣华社区", "荣昌社区"}, false},
    {"东盛街道", {"东盛社区", "东光社区", "东城社区"}, false},
    {"长青街道", {"长青社区", "洋浦社区", "青华社区"}, false},
    {"长春大街街道", {"大经路社区", "长通社区", "新春社区"}, false},
    {"桃源街道", {"桃源社区", "东兴社区", "桃李社区"}, false},
    {"英俊镇", {"英俊村", "三道村", "前进村"}, true},
    {"劝农山镇", {"劝农村", "太平村", "金家村"}, true},
    {"泉眼镇", {"泉眼村", "新立村", "胜利村"}, true},
}};
constexpr std::array<const char*, 24> kSurnames = {
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
    "胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢"};
constexpr std::array<const char*, 24> kGiven = {
    "建国", "秀兰", "志强", "淑芬", "桂芝", "玉梅", "国华", "海燕", "春生", "丽华", "德明", "凤英",
    "文杰", "晓东", "桂英", "永刚", "红梅", "立新", "淑珍", "子涵", "浩然", "欣怡", "雨轩", "家豪"};
constexpr std::array<const char*, 6> kRegions = {"220105", "220105", "220105", "220102", "220104", "220183"};
constexpr std::array<const char*, 6> kReasons = {"因病就医", "意外事故", "火灾", "子女就学", "失业", "突发重病"};
constexpr std::array<const char*, 3> kInstitutions = {"二道区社会福利中心", "英俊镇敬老院", "泉眼镇敬老院"};

// The resident IDs handed out so far, one bit each (region, birth date, serial: 37 MB), so
// that no two people of a roll share one, as in life. Random serials alone collided more the
// larger the roll (about n² / 2 pairs in some 43 million: 281,492 DUPLICATE_PERSON rows at
// 2,000,000 households, four times as many at twice the size), which no real export has.
class IssuedIds {
 public:
  // calloc: the pages are the kernel's zeros, touched only where an ID falls (a small roll
  // does not pay for 37 MB).
  IssuedIds()
      : bits_(static_cast<uint64_t*>(std::calloc(kRegionCount * kYears * 12 * 31 * 1000 / 64 + 1,
                                                 sizeof(uint64_t)))) {
    if (!bits_) throw std::bad_alloc();
  }
  /// The serial itself when free, else the next free one after it (wrapping); marks it used.
  int64_t take(const char* region, int year, int month, int day, int64_t serial) {
    size_t ri = 0;
    while (ri + 1 < kRegionCount && std::string_view(kDistinct[ri]) != region) ++ri;
    const size_t y = static_cast<size_t>(std::clamp(year - 1900, 0, static_cast<int>(kYears) - 1));
    const size_t date = ((ri * kYears + y) * 12 + static_cast<size_t>(month - 1)) * 31 +
                        static_cast<size_t>(day - 1);
    for (int tries = 0; tries < 1000; ++tries, serial = (serial + 1) % 1000) {
      const size_t bit = date * 1000 + static_cast<size_t>(serial);
      uint64_t& word = bits_.get()[bit / 64];
      if (word & (uint64_t{1} << (bit % 64))) continue;
      word |= uint64_t{1} << (bit % 64);
      return serial;
    }
    return serial;  // all 1,000 of that region and day taken: never at the sizes sample makes
  }

 private:
  static constexpr std::array<const char*, 4> kDistinct = {"220105", "220102", "220104", "220183"};
  static constexpr size_t kRegionCount = kDistinct.size();
  static constexpr size_t kYears = 200;  // 1900 to 2099
  struct Free {
    void operator()(uint64_t* p) const { std::free(p); }
  };
  std::unique_ptr<uint64_t[], Free> bits_;
};

// `ids` null: an ID that may repeat another (a planted bad row's).
std::string make_id(Rng& r, IssuedIds* ids, int year, int month, int day) {
  // Each draw in its own statement: the order of a call's arguments is the compiler's, and the
  // same seed must give the same bytes from g++ and clang alike (right to left, as g++ drew them).
  int64_t serial = r.below(1000);
  const char* region = r.pick(kRegions);
  if (ids) serial = ids->take(region, year, month, day, serial);
  std::string body = fmt::format("{}{:04}{:02}{:02}{:03}", region, year, month, day, serial);
  return body + id_check_char(body);
}

std::string birth_id(Rng& r, IssuedIds& ids, YearMonth m, int min_age, int max_age) {
  const int age = min_age + static_cast<int>(r.below(max_age - min_age + 1));
  const int mon = 1 + static_cast<int>(r.below(12));
  int year = m.year - age - 1;
  if (year < 1900) year = 1900;
  return make_id(r, &ids, year, mon, 1 + static_cast<int>(r.below(28)));
}

std::string name(Rng& r) {
  const char* given = r.pick(kGiven);  // drawn before the surname, as g++ did (see make_id)
  return std::string(r.pick(kSurnames)) + given;
}

std::string account(Rng& r) { return fmt::format("6217{:015}", r.below(1000000000000000LL)); }

std::string yuan(int64_t fen) { return Money::fen(fen).str(); }

}  // namespace

int sample_command(const SampleArgs& a, std::ostream& out) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(a.out, ec) && !fs::is_empty(a.out, ec))
    throw OutFolderError(2, fmt::format("--out {}: is not empty; sample writes into an empty or "
                                        "new folder",
                                        a.out));
  fs::create_directories(a.out, ec);
  Rng r{a.seed * 0x2545F4914F6CDD1DULL + 7};
  IssuedIds ids;
  std::string previous_head_id;
  const YearMonth m = a.month;
  OutputFile hf(a.out + "/households.csv", OutputEncoding::kUtf8, false);
  OutputFile mf(a.out + "/members.csv", OutputEncoding::kUtf8, false);
  OutputFile cf(a.out + "/cases.csv", OutputEncoding::kUtf8, false);
  hf.write("household_id,street,community,area,program,head_name,head_id,bank_account,payee,"
           "institution,monthly_income,rigid_expense,previous_income,classified_tier,heating,"
           "heated_area,grace_start,grace_amount,status\n");
  mf.write("household_id,person_id,name,relation,covered,tekun,self_care,disability_grade,"
           "severe_illness,enrollment,enrollment_year,deceased_on\n");
  cf.write("case_id,month,person_id,name,household_id,street,community,area,persons,bank_account,"
           "reason,amount,approved_by,advance,documents\n");
  // Bad rows, spread evenly over the households (and their members), of these kinds in turn.
  const int64_t every = a.bad_rows > 0 ? std::max<int64_t>(1, a.households / a.bad_rows) : 0;
  int64_t bad_written = 0, cases = 0, members = 0;
  fmt::memory_buffer hb, mb;
  for (int64_t i = 0; i < a.households; ++i) {
    hb.clear();
    mb.clear();
    const Place& p = kPlaces[static_cast<size_t>(r.below(100) < 80 ? r.below(9) : 9 + r.below(3))];
    const bool rural = p.rural;
    const int64_t s_fen = rural ? 50000 : 71000;
    const int64_t roll = r.below(100);
    const char* program = roll < 75 ? "dibao" : roll < 85 ? "tekun" : "marginal";
    const bool tekun = program[0] == 't';
    int n = tekun ? 1 + static_cast<int>(r.chance(150)) : 1 + static_cast<int>(r.below(r.chance(600) ? 3 : 6));
    const bool institution = tekun && r.chance(300);
    const std::string hid = fmt::format("S{:08}", i + 1);
    const std::string head = name(r);
    // Tekun persons are mostly elderly; some are younger (disabled, or to be checked).
    const bool elderly = r.chance(800);
    const std::string head_id = tekun ? (elderly ? birth_id(r, ids, m, 60, 92)
                                                 : birth_id(r, ids, m, 18, 59))
                                      : birth_id(r, ids, m, 25, 85);
    const std::string acct = r.chance(5) ? std::string() : account(r);
    std::string income, rigid, previous, tier, heating = "none", area_m2, grace_start, grace_amount;
    if (!tekun) {
      // Income around the standard: from 10% to 130% of S × n.
      const int64_t inc = s_fen * n * (10 + r.below(121)) / 100 / 10 * 10;
      income = yuan(inc);
      if (r.chance(100)) rigid = yuan(10000 + r.below(80000) / 100 * 100);
      if (r.chance(200)) previous = yuan(inc + r.below(120000) / 100 * 100);
      if (program[0] == 'd' && r.chance(300)) tier = std::string(1, "ABC"[r.below(3)]);
      if (program[0] == 'd' && r.chance(30)) {
        grace_start = m.plus(-static_cast<int>(r.below(8))).str();
        grace_amount = yuan(20000 + r.below(60000) / 100 * 100);
      }
    }
    if (!institution) {
      if (!rural && r.chance(600)) {
        heating = "central";
        const int64_t tenths = r.below(10);
        area_m2 = fmt::format("{}.{}", 30 + r.below(60), tenths);
      } else if (r.chance(300)) {
        heating = "self";
      }
    }
    const char* status = r.chance(20) ? "suspended" : "active";
    const char* community = r.pick(p.communities);
    const char* institution_name = institution ? r.pick(kInstitutions) : "";
    const std::string bank = institution ? fmt::format("2200{:015}", r.below(3)) : acct;
    fmt::format_to(std::back_inserter(hb), "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                   hid, p.street, community, rural ? "rural" : "urban", program, head, head_id,
                   bank, institution ? "institution" : "", institution_name,
                   income, rigid, previous, tier, heating, area_m2, grace_start, grace_amount, status);
    // Members: the head, then the others.
    for (int k = 0; k < n; ++k) {
      const bool is_head = k == 0;
      std::string pid = is_head ? head_id : birth_id(r, ids, m, k == 1 ? 20 : 1, k == 1 ? 85 : 30);
      // About one household in a thousand also lists the previous household's head, as an
      // export does when a person moved and was not taken off the old household: both are
      // held (DUPLICATE_PERSON).
      if (k == 1 && i % 1000 == 500 && !previous_head_id.empty()) pid = previous_head_id;
      const char* relation = is_head ? "head" : k == 1 ? "spouse" : r.chance(700) ? "child" : "parent";
      const bool covered = !tekun && (is_head || r.chance(900));
      std::string self_care, disability, enrollment, year, deceased;
      if (tekun) self_care = r.pick(std::array<const char*, 3>{"full", "partial", "none"});
      if (r.chance(50)) disability = std::to_string(1 + r.below(4));
      if (!is_head && r.chance(15)) {
        enrollment = r.chance(500) ? "high_school" : "university";
        year = std::to_string(m.year);
      }
      if (r.chance(5)) deceased = Date{m.year, m.month, 1 + static_cast<int>(r.below(28))}.str();
      const char* severe = r.chance(20) ? "y" : "";
      const std::string member_name = is_head ? head : name(r);
      fmt::format_to(std::back_inserter(mb), "{},{},{},{},{},{},{},{},{},{},{},{}\n", hid, pid,
                     member_name, relation, covered ? "y" : "n", tekun ? "y" : "n",
                     self_care, disability, severe, enrollment, year, deceased);
      ++members;
    }
    // Planted bad rows of known kinds, in turn.
    if (every > 0 && bad_written < a.bad_rows && i % every == every / 2) {
      // The account before the ID, as g++ drew them, but for kind 1 (the ID was drawn first).
      const int k = static_cast<int>(bad_written % 5);
      std::string id, bad_account;
      if (k == 1) {
        id = make_id(r, nullptr, 1960 + k, 1 + k, 1 + k);
        bad_account = account(r);
      } else {
        bad_account = account(r);
        id = make_id(r, nullptr, 1960 + k, 1 + k, 1 + k);
      }
      switch (k) {
        case 0: fmt::format_to(std::back_inserter(hb), "B{:08},东站街道,东站社区,urban,dibao,王五,{},{},,,\"1,200.00\",,,,,,,,\n", i, id, bad_account); break;
        case 1: id[17] = id[17] == '1' ? '2' : '1';
                fmt::format_to(std::back_inserter(hb), "B{:08},东站街道,东站社区,urban,dibao,赵六,{},{},,,500,,,,,,,,\n", i, id, bad_account); break;
        case 2: fmt::format_to(std::back_inserter(hb), "B{:08},东站街道,东站社区,urban,dibao,钱七,{},{},,,500,,,,,,,,,extra\n", i, id, bad_account); break;
        case 3: fmt::format_to(std::back_inserter(hb), "B{:08},东站街道,\"东站社区,urban,dibao,孙八,{},{},,,500,,,,,,,,\n", i, id, bad_account); break;
        case 4: fmt::format_to(std::back_inserter(hb), "B{:08},东站街道,东站社区,urban,dibao,周九,{},{},,,,,,,,,,,\n", i, id, bad_account); break;
      }
      ++bad_written;
    }
    hf.write({hb.data(), hb.size()});
    mf.write({mb.data(), mb.size()});
    previous_head_id = head_id;
    if (r.chance(10)) {
      ++cases;
      const bool district = r.chance(700);
      // Drawn right to left, one statement each (see make_id).
      const char* pending = r.chance(100) ? "pending" : "";
      const char* advance = r.chance(100) ? "y" : "";
      const std::string amount = yuan((500 + r.below(50) * 100) * 100);
      const char* reason = r.pick(kReasons);
      const std::string case_account = r.chance(20) ? std::string() : account(r);
      const std::string case_month = r.chance(950) ? m.str() : m.plus(-1).str();
      std::string cline = fmt::format(
          "LS-{}-{:07},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", m.str(), cases, case_month,
          head_id, head, hid, p.street, community, rural ? "rural" : "urban", n, case_account,
          reason, amount, district ? "district" : "township", advance, pending);
      cf.write(cline);
    }
  }
  hf.close();
  mf.close();
  cf.close();
  if (!a.quiet)
    out << fmt::format("{}: {} households, {} members, {} cases, {} bad rows\n", a.out,
                       a.households, members, cases, bad_written);
  return 0;
}

}  // namespace benefitroll
