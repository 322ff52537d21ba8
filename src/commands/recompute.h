// `benefitroll recompute` (commands.md): computes archived months again with new rules (or
// corrected exports), compares line by line with what was paid, and settles per household,
// case and role what is owed now, counting what earlier recomputes paid.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "commands/month_input.h"

namespace benefitroll {

struct RecomputeArgs {
  std::string rules;
  std::string archive;
  YearMonth from, to;
  std::string out;
  std::optional<Date> as_of;
  std::optional<std::string> corrected;
  bool force = false;
  CommonOptions common;
};

/// Returns 0; throws FatalError (3: rules, or an archive month failing its manifest check) and
/// OutFolderError (2, 5).
int recompute_command(const RecomputeArgs& a, std::ostream& out);

}  // namespace benefitroll
