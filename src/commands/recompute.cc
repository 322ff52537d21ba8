#include "commands/recompute.h"

#include <ostream>

namespace benefitroll {

int recompute_command(const RecomputeArgs&, std::ostream& out) {
  out << "recompute: not built yet\n";
  return 1;
}

}  // namespace benefitroll
