// `benefitroll explain` (commands.md): for one household and month, everything needed to
// answer "why this amount?", computed by the roll of run; from an input folder or a month folder.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "commands/month_input.h"

namespace benefitroll {

struct ExplainArgs {
  std::optional<std::string> input;    // --input DIR (with --rules and --month)
  std::optional<std::string> rules;
  std::optional<std::string> archive;  // --archive DIR (with --month): a month folder's own inputs and rules
  YearMonth month;
  std::optional<Date> as_of;
  std::string household;
  CommonOptions common;
};

/// Prints the explanation; returns 0, or 2 when the household is not in the inputs.
int explain_command(const ExplainArgs& a, std::ostream& out);

}  // namespace benefitroll
