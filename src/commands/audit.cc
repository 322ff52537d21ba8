#include "commands/audit.h"

#include <ostream>

namespace benefitroll {

int audit_command(const AuditArgs&, std::ostream& out) {
  out << "audit: not built yet\n";
  return 1;
}

}  // namespace benefitroll
