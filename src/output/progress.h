// The progress line on standard error (commands.md `--progress auto|always|never`): the phase
// (reading, computing, writing), the rows read, their rate and, while reading, the time left
// estimated from the input bytes, redrawn by a background thread at most 4 times a second.
// It writes to standard error only: no output file, result or exit status depends on it, and
// it reads nothing but the readers' counters (input/read_progress.h) and the clock.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "core/issue.h"
#include "input/read_progress.h"

namespace benefitroll {

/// auto: on a terminal, once the work has lasted a second; always: also when standard error is
/// not a terminal (then a plain line every second, and a last one at the end); never.
enum class ProgressMode { kAuto, kAlways, kNever };
/// What the command is doing; kDone names the last line only.
enum class Phase { kReading, kComputing, kWriting, kDone };

class Progress {
 public:
  /// Starts the meter of a command that reads `total_bytes` of input. With kNever, or kAuto when
  /// `fd` is not a terminal, there is no thread and nothing is ever written.
  Progress(ProgressMode mode, Lang lang, int64_t total_bytes, int fd = 2);
  /// stop().
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// What the readers bump (ReadOptions::progress).
  ReadProgress* reader() { return &read_; }
  void phase(Phase p);
  /// Ends the meter: the line is cleared on a terminal; otherwise (always) a last line says
  /// what was done. Call it before printing to standard output. Idempotent.
  void stop();

  /// The line as drawn (without '\r' or '\n'), for `elapsed_ms` since the start of which
  /// `reading_ms` were spent reading. Public for the tests.
  static std::string line(Lang lang, Phase phase, int64_t rows, int64_t bytes,
                          int64_t total_bytes, int64_t elapsed_ms, int64_t reading_ms);

 private:
  using Clock = std::chrono::steady_clock;
  void loop();
  void draw(bool last);
  int64_t ms_since(Clock::time_point t) const;

  Lang lang_;
  int64_t total_;
  int fd_;
  bool terminal_ = false;
  bool auto_ = false;
  ReadProgress read_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool drawn_ = false;  // a line is on the terminal
  Phase phase_ = Phase::kReading;
  Clock::time_point start_, reading_since_;
  int64_t reading_ms_ = 0;  // before reading_since_
  std::thread thread_;
};

}  // namespace benefitroll
