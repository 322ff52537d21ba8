// The test build (`benefitroll_faults`): BENEFITROLL_FAULT="kill:N", "eio:N" or "enospc:N"
// counts every write, fsync and rename of the result folder and acts on the Nth. Prints the
// number of operations done at exit when BENEFITROLL_FAULT_COUNT is set (to size the sweep).
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

#include "output/fault.h"

namespace benefitroll {

namespace {
struct Plan {
  std::string mode;
  long n = 0;
  std::atomic<long> count{0};  // the files of a month are written on two threads
  Plan() {
    if (const char* f = std::getenv("BENEFITROLL_FAULT")) {
      const char* colon = std::strchr(f, ':');
      if (colon) {
        mode.assign(f, colon);
        n = std::strtol(colon + 1, nullptr, 10);
      }
    }
  }
  ~Plan() {
    if (std::getenv("BENEFITROLL_FAULT_COUNT"))
      std::fprintf(stderr, "fault-points: %ld\n", count.load());
  }
};
Plan& plan() {
  static Plan p;
  return p;
}
}  // namespace

// The number of this thread's current operation, so that fault_after acts on the Nth
// operation even when the other thread has counted one more in between.
thread_local long ticket = 0;

int fault_before(IoOp) {
  Plan& p = plan();
  ticket = ++p.count;
  if (ticket != p.n) return 0;
  if (p.mode == "eio") return EIO;
  if (p.mode == "enospc") return ENOSPC;
  return 0;
}

void fault_after(IoOp) {
  Plan& p = plan();
  if (ticket == p.n && p.mode == "kill") _exit(137);
}

}  // namespace benefitroll
