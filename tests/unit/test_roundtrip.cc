// Write-then-read of every output CSV (issue 6): random strings (CJK, 4-byte characters, quotes,
// commas, line breaks, formula starters) through every writer and back, in the three output
// encodings; and the masking of reports meant for people. The checks are in
// tests/fuzz/roundtrip.h, shared with the fuzz target fuzz_csv_roundtrip.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "../fuzz/roundtrip.h"
#include "output/month_writer.h"

using namespace benefitroll;

namespace {

// A folder of its own under the system's temporary folder, removed at the end.
struct TempDir {
  std::string path;
  TempDir() {
    static int n = 0;
    path = (std::filesystem::temp_directory_path() /
            ("benefitroll-roundtrip-" + std::to_string(getpid()) + "-" + std::to_string(++n)))
               .string();
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

// Strings built from pieces that stress CSV and encodings, with a fixed seed.
std::vector<std::string> random_strings(uint64_t seed, size_t count) {
  static const char* const kPieces[] = {"张",
                                        "淑芬",
                                        "二道区",
                                        "𬱖",
                                        "𠀀",
                                        "🏠",
                                        "㐀",
                                        "é",
                                        "\xC2\xA0",
                                        "\"",
                                        "\"\"",
                                        ",",
                                        "\n",
                                        "\r\n",
                                        "\r",
                                        "'",
                                        "=",
                                        "+",
                                        "-",
                                        "@",
                                        "\t",
                                        " ",
                                        "x",
                                        "0",
                                        "710.00",
                                        "=SUM(A1)",
                                        "\xEF\xBB\xBF",
                                        "\xEF\xBF\xBD",
                                        "\\",
                                        ";",
                                        "a\"b",
                                        "\xE2\x80\xA8"};
  uint64_t s = seed;
  auto next = [&s]() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return s >> 33;
  };
  std::vector<std::string> out;
  while (out.size() < count) {
    std::string v;
    for (uint64_t k = next() % 9; k > 0; --k) v += kPieces[next() % std::size(kPieces)];
    if (roundtrip::usable(v)) out.push_back(v);
  }
  return out;
}

}  // namespace

TEST_CASE("random strings come back from every output CSV as written, in every encoding") {
  for (OutputEncoding enc :
       {OutputEncoding::kUtf8Bom, OutputEncoding::kUtf8, OutputEncoding::kGb18030}) {
    CAPTURE(to_string(enc));
    for (uint64_t seed : {1, 2, 3}) {
      TempDir dir;
      CHECK(roundtrip::check(random_strings(seed, 300), enc, dir.path) == "");
    }
  }
}

TEST_CASE("the escaping of a text cell is only a leading quote") {
  TempDir dir;
  std::vector<std::string> cells = {"=1+1",      "+86", "-40", "@x",  "\rx",
                                    "'=already", "a=b", "",    "普通"};
  CHECK(roundtrip::check(cells, OutputEncoding::kUtf8Bom, dir.path) == "");
  CHECK(roundtrip::escaped("-40.00") == "'-40.00");  // text; amounts are written raw
  CHECK(roundtrip::escaped("\t") == "'\t");
}

TEST_CASE("reports keep UTF-8 whole when they mask a non-ASCII ID or account value") {
  // outputs.md masks every value of an ID column (6 + 4 kept) and of an account column (4 + 4);
  // a rejected row's person_id can be any text. The mask must count characters, not bytes, or
  // exceptions.csv is no longer UTF-8 (and --output-encoding gb18030 cannot write it).
  for (OutputEncoding enc : {OutputEncoding::kUtf8Bom, OutputEncoding::kGb18030}) {
    CAPTURE(to_string(enc));
    TempDir dir;
    std::vector<std::string> cells = {"一二三四五六七八", "身份证号码未知的人员",
                                      "账号一二三四五六七八九", "H1"};
    CHECK(roundtrip::check(cells, enc, dir.path) == "");
  }
}

TEST_CASE("reports mask anything shaped like a resident ID, in every column") {
  // outputs.md: in summary.csv too, whose street keys come from the inputs.
  TempDir dir;
  std::vector<std::string> cells = {"220105196203150937", "街道220105196203150937", "H1",
                                    "22010519750505123x"};
  CHECK(roundtrip::check(cells, OutputEncoding::kUtf8Bom, dir.path) == "");
}
