// `benefitroll audit` (commands.md): re-verifies past month folders of an archive: integrity
// against the manifest, reproduction byte for byte with the roll of run, control totals, the
// ledger alone, the rules of another day, and the checks across months. Writes findings.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "commands/month_input.h"

namespace benefitroll {

struct AuditArgs {
  std::string archive;
  YearMonth from, to;
  std::string out;
  std::optional<std::string> rules;  // --rules: compare with these rules (DIFFERS_FROM_RULES)
  std::optional<Date> as_of;
  bool force = false;
  CommonOptions common;
};

/// Returns 4 when a finding of severity error exists, else 0; throws FatalError (3) and
/// OutFolderError (2, 5).
int audit_command(const AuditArgs& a, std::ostream& out);

}  // namespace benefitroll
