// Fault points of the result folder's I/O (each write, fsync and rename), for the crash-safety
// tests: the production program links fault_off.cc (no faults); the test binary
// `benefitroll_faults` links fault_on.cc, driven by BENEFITROLL_FAULT="MODE:N" where MODE is
// kill (end the process right after the Nth operation), eio or enospc (fail the Nth).
#pragma once

namespace benefitroll {

enum class IoOp { kWrite, kFsync, kRename };

/// Called before each operation: returns 0 to go ahead, or an errno value to fail it with.
int fault_before(IoOp op);
/// Called after each operation that succeeded (where a `kill` fault ends the process).
void fault_after(IoOp op);

}  // namespace benefitroll
