// FileBytes (commands/month_input.h) and the readers' done_before: a large export's pages are
// let go of as the parser passes them, and the rows read are the same as without it.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "commands/month_input.h"
#include "core/resident_id.h"
#include "input/rows.h"

using namespace benefitroll;

namespace {

// The resident KiB of the mapping that begins at `start` (/proc/self/smaps).
size_t held_kib(const void* start) {
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  const uintptr_t want = reinterpret_cast<uintptr_t>(start);
  bool in = false;
  while (std::getline(smaps, line)) {
    const size_t dash = line.find('-');
    if (dash != std::string::npos && dash < 17 && line.find(' ') > dash) {
      in = std::strtoull(line.substr(0, dash).c_str(), nullptr, 16) == want;
    } else if (in && line.rfind("Rss:", 0) == 0) {
      return std::strtoull(line.c_str() + 4, nullptr, 10);
    }
  }
  FAIL("no mapping at the address");
  return 0;
}

std::string temp_file(const std::string& bytes) {
  char name[] = "/tmp/benefitroll-file-bytes-XXXXXX";
  const int fd = ::mkstemp(name);
  REQUIRE(fd >= 0);
  ::close(fd);
  std::ofstream(name, std::ios::binary) << bytes;
  return name;
}

// A members.csv of n rows with a long column the reader ignores, so that a few hundred
// thousand rows pass the reader's 4 MiB step more than once.
std::string members_csv(int n) {
  const std::string note(200, 'x');
  std::string s = "household_id,person_id,name,relation,covered,note\n";
  for (int i = 0; i < n; ++i) {
    char first17[18];
    std::snprintf(first17, sizeof first17, "22010519%02d%02d%02d%03d", 50 + i % 40, 1 + i % 12,
                  1 + i % 28, i % 1000);
    s += "H" + std::to_string(i / 3) + "," + first17 + id_check_char(first17) + ",张三,head,y," +
         note + "\n";
  }
  return s;
}

}  // namespace

TEST_CASE("FileBytes: the file mapped; pages let go of read the same, and are no longer held") {
  const size_t kMiB = size_t{1} << 20;
  std::string text(6 * kMiB + 100, 'a');
  for (size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>('a' + i % 26);
  const std::string path = temp_file(text);
  FileBytes b(path);
  REQUIRE(b.mapped());
  CHECK(b.view() == text);  // every page touched: all held
  const char* data = b.view().data();
  CHECK(held_kib(data) >= 6 * 1024);
  b.release_before(data + 4 * kMiB + 10);
  CHECK(held_kib(data) <= 2 * 1024 + 8);
  b.release(data + 4 * kMiB, data + b.view().size());
  CHECK(held_kib(data) <= 8);
  CHECK(b.view() == text);  // read again from the page cache
  b.release(data - 100, data - 1);  // outside: nothing happens
  b.release(nullptr, data + 10);
  CHECK(b.view() == text);
  std::remove(path.c_str());
}

TEST_CASE("FileBytes: an empty file, a missing file, a folder") {
  const std::string path = temp_file("");
  CHECK(FileBytes(path).view().empty());
  std::remove(path.c_str());
  CHECK_THROWS_WITH_AS(FileBytes("/nonexistent/members.csv"), "cannot read file", FatalError);
  CHECK_THROWS_WITH_AS(FileBytes("/tmp"), "is a folder, not a file", FatalError);
}

TEST_CASE("readers: done_before reports the text passed, and the rows are the same") {
  const int n = 160000;  // about 38 MiB
  const std::string csv = members_csv(n);
  REQUIRE(csv.size() > (size_t{32} << 20));
  ReadOptions told;
  told.month = YearMonth{2020, 9};
  std::vector<const char*> points;
  told.done_before = [&](const char* p) { points.push_back(p); };
  const MemberTable a = read_members(csv, "members.csv", told);
  REQUIRE(a.rows.size() == static_cast<size_t>(n));
  CHECK(a.issues.empty());
  REQUIRE(points.size() >= 2);
  for (size_t i = 0; i < points.size(); ++i) {
    CHECK(points[i] > csv.data());
    CHECK(points[i] < csv.data() + csv.size());
    if (i > 0) CHECK(points[i] > points[i - 1]);
  }
  // Through FileBytes, as the loader does: its pages go back and the rows are the same.
  const std::string path = temp_file(csv);
  FileBytes bytes(path);
  ReadOptions freeing;
  freeing.month = YearMonth{2020, 9};
  freeing.done_before = [&bytes](const char* p) { bytes.release_before(p); };
  const MemberTable b = read_members(bytes.view(), "members.csv", freeing);
  REQUIRE(b.rows.size() == a.rows.size());
  CHECK(b.issues.empty());
  for (size_t i = 0; i < b.rows.size(); i += 997) {
    CHECK(b.rows[i].person_id == a.rows[i].person_id);
    CHECK(b.rows[i].household_id == a.rows[i].household_id);
    CHECK(b.rows[i].line == a.rows[i].line);
  }
  CHECK(b.rows.back().household_id == "H" + std::to_string((n - 1) / 3));
  CHECK(held_kib(bytes.view().data()) < bytes.view().size() / 1024 / 2);  // given back as read
  std::remove(path.c_str());
}

TEST_CASE("FileBytes: a file cut short while mapped stops the program with a message") {
  const std::string path = temp_file(std::string(size_t{3} << 20, 'x'));
  int err[2];
  REQUIRE(::pipe(err) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {  // in the child: map, cut the file short, read past its new end
    ::dup2(err[1], STDERR_FILENO);
    stop_on_sigbus();
    FileBytes bytes(path);
    if (::truncate(path.c_str(), 0) != 0) ::_exit(10);
    volatile char c = bytes.view()[bytes.view().size() - 1];
    (void)c;
    ::_exit(0);  // not reached: SIGBUS
  }
  ::close(err[1]);
  std::string said;
  char buffer[512];
  for (ssize_t n; (n = ::read(err[0], buffer, sizeof buffer)) > 0;) said.append(buffer, static_cast<size_t>(n));
  ::close(err[0]);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 3);
  CHECK(said.find("an input file was cut short while it was being read") != std::string::npos);
  std::remove(path.c_str());
}
