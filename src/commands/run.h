// `benefitroll run` and `benefitroll validate` (commands.md): compute a month and write its
// folder, or only check the inputs and print what run would write to exceptions.csv.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "commands/month_input.h"

namespace benefitroll {

struct RunArgs {
  YearMonth month;
  std::string rules;
  std::string input;
  std::string out;
  std::optional<Date> as_of;
  bool force = false;
  CommonOptions common;
};

/// Returns the exit status; throws FatalError (3) and OutFolderError (2, 5).
int run_command(const RunArgs& a, std::ostream& out);
int validate_command(const RunArgs& a, std::ostream& out);

}  // namespace benefitroll
