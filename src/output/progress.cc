#include "output/progress.h"

#include <fmt/format.h>
#include <unistd.h>

namespace benefitroll {

namespace {

std::string group(int64_t n) {
  const std::string s = fmt::format("{}", n);
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && s[i - 1] != '-' && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return out;
}

// A duration for people, rounded up to the second: "7 s", "2 min 5 s".
std::string duration(int64_t ms, Lang lang) {
  const int64_t s = (ms + 999) / 1000;
  if (s < 60) return lang == Lang::kZh ? fmt::format("{} 秒", s) : fmt::format("{} s", s);
  return lang == Lang::kZh ? fmt::format("{} 分 {} 秒", s / 60, s % 60)
                           : fmt::format("{} min {} s", s / 60, s % 60);
}

void write_all(int fd, const std::string& s) {
  size_t done = 0;
  while (done < s.size()) {
    const ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n <= 0) return;  // a progress line is not worth an error
    done += static_cast<size_t>(n);
  }
}

}  // namespace

Progress::Progress(ProgressMode mode, Lang lang, int64_t total_bytes, int fd)
    : lang_(lang), total_(total_bytes), fd_(fd) {
  if (mode == ProgressMode::kNever) return;
  terminal_ = ::isatty(fd) == 1;
  if (mode == ProgressMode::kAuto && !terminal_) return;
  auto_ = mode == ProgressMode::kAuto;
  start_ = reading_since_ = Clock::now();
  thread_ = std::thread([this] { loop(); });
}

Progress::~Progress() { stop(); }

int64_t Progress::ms_since(Clock::time_point t) const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

void Progress::phase(Phase p) {
  if (!thread_.joinable()) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (p == phase_) return;
  if (phase_ == Phase::kReading) reading_ms_ += ms_since(reading_since_);
  if (p == Phase::kReading) reading_since_ = Clock::now();
  phase_ = p;
}

void Progress::stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
  std::lock_guard<std::mutex> lock(mu_);
  if (!terminal_)
    draw(true);
  else if (drawn_)
    write_all(fd_, "\r\x1b[K");
}

void Progress::loop() {
  std::unique_lock<std::mutex> lock(mu_);
  int64_t next_plain = 1000;
  while (!cv_.wait_for(lock, std::chrono::milliseconds(250), [this] { return stopping_; })) {
    const int64_t elapsed = ms_since(start_);
    if (terminal_) {
      if (!auto_ || elapsed >= 1000) draw(false);
    } else if (elapsed >= next_plain) {
      draw(false);
      next_plain = (elapsed / 1000 + 1) * 1000;
    }
  }
}

// With mu_ held.
void Progress::draw(bool last) {
  const int64_t reading =
      reading_ms_ + (phase_ == Phase::kReading ? ms_since(reading_since_) : 0);
  const std::string text =
      line(lang_, last ? Phase::kDone : phase_, read_.rows.load(std::memory_order_relaxed),
           read_.bytes.load(std::memory_order_relaxed), total_, ms_since(start_), reading);
  if (terminal_) {
    write_all(fd_, "\r" + text + "\x1b[K");
    drawn_ = true;
  } else {
    write_all(fd_, text + "\n");
  }
}

std::string Progress::line(Lang lang, Phase phase, int64_t rows, int64_t bytes,
                           int64_t total_bytes, int64_t elapsed_ms, int64_t reading_ms) {
  const bool zh = lang == Lang::kZh;
  if (phase == Phase::kDone)
    return zh ? fmt::format("benefitroll：完成：已读 {} 行（用时 {}）", group(rows),
                            duration(elapsed_ms, lang))
              : fmt::format("benefitroll: done: {} rows read ({})", group(rows),
                            duration(elapsed_ms, lang));
  const char* name = phase == Phase::kReading     ? (zh ? "读取" : "reading")
                     : phase == Phase::kComputing ? (zh ? "计算" : "computing")
                                                  : (zh ? "写出" : "writing");
  std::string s = zh ? fmt::format("benefitroll：{}：已读 {} 行", name, group(rows))
                     : fmt::format("benefitroll: {}: {} rows read", name, group(rows));
  if (reading_ms >= 100 && rows > 0) {
    const int64_t rate = static_cast<int64_t>(static_cast<__int128>(rows) * 1000 / reading_ms);
    s += zh ? fmt::format("，每秒 {} 行", group(rate)) : fmt::format(", {} rows/s", group(rate));
  }
  if (phase == Phase::kReading && bytes > 0 && reading_ms >= 100) {
    const int64_t rest = total_bytes > bytes ? total_bytes - bytes : 0;
    const int64_t left_ms = static_cast<int64_t>(static_cast<__int128>(rest) * reading_ms / bytes);
    s += zh ? fmt::format("，约剩 {}", duration(left_ms, lang))
            : fmt::format(", about {} left", duration(left_ms, lang));
  }
  s += zh ? fmt::format("（用时 {}）", duration(elapsed_ms, lang))
          : fmt::format(" ({})", duration(elapsed_ms, lang));
  return s;
}

}  // namespace benefitroll
