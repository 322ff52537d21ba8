// libFuzzer target: the rules loader (TOML text to Rules, every problem collected), then the
// fold of every table for a few months, with and without an as-of day, and `rules show`. A
// FatalError is a good outcome; a crash, a sanitizer report or another exception is a finding;
// load_rules_or_throw must throw exactly when load_rules reports an error.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/issue.h"
#include "fuzz_common.h"
#include "rules/rules.h"

using namespace benefitroll;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<RulesProblem> problems;
  Rules rules = load_rules(text, "fuzz.toml", problems);
  bool error = false;
  for (const RulesProblem& p : problems) {
    error |= p.error;
    if (p.message.empty()) fuzz::fail("a rules problem without a message");
  }
  bool threw = false;
  try {
    load_rules_or_throw(text, "fuzz.toml");
  } catch (const FatalError&) {
    threw = true;
  }
  if (threw != error)
    fuzz::fail("load_rules_or_throw throws exactly when load_rules finds an error");
  if (error) return 0;
  static const YearMonth kMonths[] = {{1900, 1}, {2019, 12}, {2020, 9}, {2199, 12}};
  for (YearMonth m : kMonths) {
    for (std::optional<Date> as_of : {std::optional<Date>(), Date::make(2020, 9, 15)}) {
      MonthRules folded = rules.fold(m, as_of);
      (void)folded.version_refs();
      if (folded.dibao) (void)folded.standard(Area::kRural);
      try {
        MonthRules mr = rules.for_month(m, as_of);
        (void)mr.standard(Area::kUrban);
        (void)rules.show(m, as_of);
      } catch (const FatalError&) {
      }
    }
  }
  for (int i = 0; i < kItemCount; ++i) (void)rules.label(static_cast<Item>(i));
  return 0;
}
