// The progress line (output/progress.h) and the readers' counters (input/read_progress.h):
// what the line says, and that nothing is written when it must not be.
#include <doctest/doctest.h>
#include <unistd.h>

#include <string>

#include "input/read_progress.h"
#include "output/progress.h"

using namespace benefitroll;

TEST_CASE("the progress line: phase, rows, rate and time left from the bytes") {
  // 400,000 rows in 2 s of reading, a quarter of the bytes: 6 s left.
  CHECK(Progress::line(Lang::kEn, Phase::kReading, 400000, 250, 1000, 2500, 2000) ==
        "benefitroll: reading: 400,000 rows read, 200,000 rows/s, about 6 s left (3 s)");
  CHECK(Progress::line(Lang::kZh, Phase::kReading, 400000, 250, 1000, 2500, 2000) ==
        "benefitroll：读取：已读 400,000 行，每秒 200,000 行，约剩 6 秒（用时 3 秒）");
  // Past reading: no time left; over a minute.
  CHECK(Progress::line(Lang::kEn, Phase::kComputing, 1234567, 1000, 1000, 61000, 5000) ==
        "benefitroll: computing: 1,234,567 rows read, 246,913 rows/s (1 min 1 s)");
  CHECK(Progress::line(Lang::kEn, Phase::kWriting, 0, 0, 0, 1000, 0) ==
        "benefitroll: writing: 0 rows read (1 s)");
  CHECK(Progress::line(Lang::kEn, Phase::kDone, 7, 0, 0, 400, 100) ==
        "benefitroll: done: 7 rows read (1 s)");
}

TEST_CASE("ReadTicker reports every kEvery records, the rest and every byte at the end") {
  ReadProgress p;
  {
    ReadTicker t(&p, 10000, 10001);
    for (int64_t line = 2; line < 2 + ReadTicker::kEvery; ++line) t.tick(line);
    CHECK(p.rows == ReadTicker::kEvery);
    CHECK(p.bytes > 0);
    CHECK(p.bytes < 10000);
    t.tick(ReadTicker::kEvery + 2);
    CHECK(p.rows == ReadTicker::kEvery);
  }
  CHECK(p.rows == ReadTicker::kEvery + 1);
  CHECK(p.bytes == 10000);
  ReadTicker nowhere(nullptr, 10, 2);
  nowhere.tick(2);  // no counters: nothing to do
}

namespace {
// What a Progress writes to a pipe (not a terminal) between its start and stop().
std::string written(ProgressMode mode) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  {
    Progress p(mode, Lang::kEn, 100, fds[1]);
    p.reader()->rows += 5;
    p.phase(Phase::kComputing);
    p.stop();
    p.stop();  // idempotent
  }
  ::close(fds[1]);
  std::string out;
  char buf[256];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  ::close(fds[0]);
  return out;
}
}  // namespace

TEST_CASE("not a terminal: auto and never write nothing, always a plain last line") {
  CHECK(written(ProgressMode::kNever).empty());
  CHECK(written(ProgressMode::kAuto).empty());
  const std::string always = written(ProgressMode::kAlways);
  CHECK(always.find("benefitroll: done: 5 rows read") == 0);
  CHECK(always.find('\r') == std::string::npos);
  CHECK(always.back() == '\n');
}
