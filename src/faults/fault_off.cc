// The production build: no fault is ever injected.
#include "output/fault.h"

namespace benefitroll {
int fault_before(IoOp) { return 0; }
void fault_after(IoOp) {}
}  // namespace benefitroll
