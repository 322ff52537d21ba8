// `benefitroll sample` (commands.md): a realistic synthetic roll of any size for month M,
// deterministic by seed, with optional planted bad rows of known kinds. For trying the tool and
// for measuring it; nothing here is used by a payroll.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

#include "core/calendar.h"

namespace benefitroll {

struct SampleArgs {
  YearMonth month;
  int64_t households = 0;
  std::string out;
  uint64_t seed = 1;
  int64_t bad_rows = 0;
  bool quiet = false;
};

/// Writes OUT/households.csv, OUT/members.csv and OUT/cases.csv. Returns 0; throws
/// OutFolderError (2) when OUT is not empty.
int sample_command(const SampleArgs& a, std::ostream& out);

}  // namespace benefitroll
