// libFuzzer target: decoding, the CSV pre-pass and the readers of households.csv, members.csv and
// cases.csv, then the roll with the sample's other two files. The first byte picks the file
// (value % 3) and the input encoding (value / 3 % 3: auto, utf-8, gb18030); the rest is the file.
// FatalError (exit 3 in the program) is a good outcome; any other exception, a crash, a
// sanitizer report or a broken identity is a finding.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "calc/roll.h"
#include "core/issue.h"
#include "fuzz_common.h"
#include "identities.h"
#include "input/rows.h"

using namespace benefitroll;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const fuzz::Sample& s = fuzz::sample();
  const int file = data[0] % 3;
  ReadOptions opt = s.options();
  opt.encoding = static_cast<InputEncoding>(data[0] / 3 % 3);
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    HouseholdTable h;
    MemberTable m;
    CaseTable c;
    if (file == 0) h = read_households(bytes, "households.csv", opt);
    if (file == 1) m = read_members(bytes, "members.csv", opt);
    if (file == 2) c = read_cases(bytes, "cases.csv", opt);
    const HouseholdTable& hh = file == 0 ? h : s.households;
    const MemberTable& mm = file == 1 ? m : s.members;
    const CaseTable& cc = file == 2 ? c : s.cases;
    std::string why;
    if (!check_table(hh, why) || !check_table(mm, why) || !check_table(cc, why)) fuzz::fail(why);
    RollResult r;
    run_roll({&hh, &mm, &cc}, s.rules, s.month_rules, 1, r);
    if (!check_identities(hh, mm, cc, r, why)) fuzz::fail(why);
  } catch (const FatalError&) {
  }
  return 0;
}
