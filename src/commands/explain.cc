#include "commands/explain.h"

#include <ostream>

namespace benefitroll {

int explain_command(const ExplainArgs&, std::ostream& out) {
  out << "explain: not built yet\n";
  return 1;
}

}  // namespace benefitroll
