// `rules check` and `rules show`: read a rules file, report its problems or list the parameters
// in effect for a month. Thin: the loader and the folding live in src/rules/.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "core/calendar.h"

namespace benefitroll {

/// Prints every problem of the rules file as `FILE:LINE: error|warning: message`, then
/// `FILE: N errors, M warnings`. Returns 3 when there is an error (or the file cannot be read),
/// else 0.
int rules_check_command(const std::string& path, std::ostream& out, std::ostream& err);

/// Prints every parameter in effect for the month (as of the day, or with every version) as an
/// aligned table: table, key, value, version, source. Returns 3 when the file cannot be read or
/// has errors (printed on err), else 0.
int rules_show_command(const std::string& path, YearMonth month, std::optional<Date> as_of,
                       std::ostream& out, std::ostream& err);

}  // namespace benefitroll
