// How far the readers have got, for the progress line on standard error (output/progress.h):
// two counters a reader bumps once every few thousand records. Nothing the program computes or
// writes ever reads them.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace benefitroll {

/// Rows read and (about) bytes consumed, summed over every reader (they may run side by side).
struct ReadProgress {
  std::atomic<int64_t> rows{0};
  std::atomic<int64_t> bytes{0};
};

/// A reader's reporter: counts records and adds them to `progress` (when not null) every
/// kEvery records, with the bytes estimated from where the record begins; the rest, and the
/// whole file's bytes, when it goes out of scope.
class ReadTicker {
 public:
  static constexpr int64_t kEvery = 4096;
  /// `text`: the size of the text the records are found in (the bytes, or their conversion).
  ReadTicker(ReadProgress* progress, size_t bytes, size_t text)
      : progress_(progress), bytes_(static_cast<int64_t>(bytes)),
        text_(text == 0 ? 1 : static_cast<int64_t>(text)) {}
  ~ReadTicker() {
    if (progress_) report(bytes_);
  }
  ReadTicker(const ReadTicker&) = delete;
  ReadTicker& operator=(const ReadTicker&) = delete;

  /// One record read, beginning at offset `at` of the text.
  void tick(int64_t at) {
    if (progress_ && ++pending_ == kEvery)
      report(static_cast<int64_t>(static_cast<__int128>(bytes_) * at / text_));
  }

 private:
  void report(int64_t at) {
    if (at > bytes_) at = bytes_;
    progress_->rows.fetch_add(pending_, std::memory_order_relaxed);
    if (at > reported_) progress_->bytes.fetch_add(at - reported_, std::memory_order_relaxed);
    reported_ = at > reported_ ? at : reported_;
    pending_ = 0;
  }

  ReadProgress* progress_;
  int64_t bytes_;
  int64_t text_;
  int64_t pending_ = 0, reported_ = 0;
};

}  // namespace benefitroll
