// StringPool: an append-only arena that owns the text of parsed rows, so that a million rows
// cost a few large allocations instead of millions of small ones. Views stay valid for its life.
#pragma once

#include <memory>
#include <string_view>
#include <vector>
#include <cstring>

namespace benefitroll {

class StringPool {
 public:
  std::string_view add(std::string_view s) {
    if (s.empty()) return {};
    if (s.size() > kBlock / 4) {
      big_.push_back(std::make_unique<char[]>(s.size()));
      std::memcpy(big_.back().get(), s.data(), s.size());
      return {big_.back().get(), s.size()};
    }
    if (blocks_.empty() || used_ + s.size() > kBlock) {
      blocks_.push_back(std::make_unique<char[]>(kBlock));
      used_ = 0;
    }
    char* p = blocks_.back().get() + used_;
    std::memcpy(p, s.data(), s.size());
    used_ += s.size();
    return {p, s.size()};
  }
  /// Room for n bytes of the caller's, owned by the pool.
  char* allocate(size_t n) {
    big_.push_back(std::make_unique<char[]>(n == 0 ? 1 : n));
    return big_.back().get();
  }
  /// Lets go of every view given so far; the first block is kept for what comes next.
  void clear() {
    if (blocks_.size() > 1) blocks_.erase(blocks_.begin() + 1, blocks_.end());
    big_.clear();
    used_ = 0;
  }

 private:
  static constexpr size_t kBlock = 1 << 20;
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::vector<std::unique_ptr<char[]>> big_;
  size_t used_ = 0;
};

}  // namespace benefitroll
