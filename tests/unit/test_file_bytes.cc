// FileBytes (commands/month_input.h) and the readers' done_before: a large export's pages go
// back as the parser passes them, and the rows read are the same as without it.
#include <doctest/doctest.h>

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

std::string temp_file(const std::string& bytes) {
  char name[] = "/tmp/benefitroll-file-bytes-XXXXXX";
  const int fd = ::mkstemp(name);
  REQUIRE(fd >= 0);
  ::close(fd);
  std::ofstream(name, std::ios::binary) << bytes;
  return name;
}

// A members.csv of n rows with a long column the reader ignores, so that a few hundred
// thousand rows pass the reader's 16 MiB step more than once.
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

TEST_CASE("FileBytes: the bytes of the file, and whole huge pages released from the front") {
  const size_t kHuge = size_t{2} << 20;
  std::string text(3 * kHuge + 100, 'a');
  for (size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>('a' + i % 26);
  const std::string path = temp_file(text);
  FileBytes b(path);
  CHECK(b.view() == text);
  const char* data = b.view().data();
  const char* boundary = reinterpret_cast<const char*>(
      (reinterpret_cast<uintptr_t>(data) + 2 * kHuge) / kHuge * kHuge);  // after the 2nd MiB
  b.release_before(boundary + 10);
  CHECK(b.view()[0] == '\0');
  CHECK(b.view()[static_cast<size_t>(boundary - data) - 1] == '\0');
  const size_t kept = static_cast<size_t>(boundary - data);
  CHECK(b.view().substr(kept) == std::string_view(text).substr(kept));
  b.release_before(data - 1);  // outside: nothing happens
  b.release_before(nullptr);
  CHECK(b.view().substr(kept) == std::string_view(text).substr(kept));
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
  CHECK(bytes.view()[0] == '\0');  // the first pages were given back
  std::remove(path.c_str());
}
