#include "core/issue.h"

#include <fmt/format.h>

namespace benefitroll {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kHold: return "hold";
    case Severity::kReview: return "review";
    case Severity::kInfo: return "info";
  }
  return "?";
}

std::string FatalError::formatted() const {
  std::string where = file_;
  if (line_ > 0) where += fmt::format(":{}", line_);
  if (line_ > 0 && column_ > 0) where += fmt::format(":{}", column_);
  if (where.empty()) return fmt::format("error: {}", what());
  return fmt::format("{}: error: {}", where, what());
}

}  // namespace benefitroll
