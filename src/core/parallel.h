// side_by_side: two independent pieces of work on two threads, or one after the other with one
// job. No shared state of its own; what the pieces compute must never depend on which way ran.
#pragma once

#include <exception>
#include <thread>

namespace benefitroll {

/// Runs a and b on two threads when jobs > 1, else a then b. When both throw, a's exception is
/// the one rethrown (as if they had run one after the other); either way only after both ended.
template <class A, class B>
void side_by_side(int jobs, A&& a, B&& b) {
  if (jobs <= 1) {
    a();
    b();
    return;
  }
  std::exception_ptr b_error;
  std::thread t([&] {
    try {
      b();
    } catch (...) {
      b_error = std::current_exception();
    }
  });
  try {
    a();
  } catch (...) {
    t.join();
    throw;
  }
  t.join();
  if (b_error) std::rethrow_exception(b_error);
}

}  // namespace benefitroll
