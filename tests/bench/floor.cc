// The parse floor of make bench: a bare fast-cpp-csv-parser read of households.csv and
// members.csv, summing one column of each; what any CSV-reading program of the roll must pay at
// least. No checks, no decoding, no rules. Usage: bench_floor DIR
// Prints "households H income_fen I members M covered C".
#include <cstdint>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>

#include "input/fccp.h"

namespace {

using Reader = io::CSVReader<2, io::trim_chars<' ', '\t'>, io::double_quote_escape<',', '"'>>;

// Opens a file for fccp, past a UTF-8 byte-order mark if it has one.
std::FILE* open_csv(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) throw std::runtime_error("cannot open " + path);
  unsigned char bom[3] = {0, 0, 0};
  if (std::fread(bom, 1, 3, file) != 3 || bom[0] != 0xEF || bom[1] != 0xBB || bom[2] != 0xBF)
    std::rewind(file);
  return file;
}

// Fen of a money value ("1234", "1234.5", "1234.56"); anything else counts 0 (a floor, not a
// check).
std::int64_t fen(const char* text) {
  std::int64_t yuan = 0;
  int decimals = -1;
  std::int64_t cents = 0;
  for (const char* p = text; *p != '\0'; ++p) {
    if (*p == '.' && decimals < 0) {
      decimals = 0;
    } else if (*p >= '0' && *p <= '9') {
      if (decimals < 0) {
        yuan = yuan * 10 + (*p - '0');
      } else if (decimals < 2) {
        cents = cents * 10 + (*p - '0');
        ++decimals;
      }
    } else {
      return 0;
    }
  }
  if (decimals == 1) cents *= 10;
  return yuan * 100 + cents;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: bench_floor DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  try {
    std::int64_t households = 0, income = 0, members = 0, covered = 0;
    {
      const std::string path = dir + "/households.csv";
      std::FILE* file = open_csv(path);
      Reader in(path, file);
      in.read_header(io::ignore_extra_column, "household_id", "monthly_income");
      char* id = nullptr;
      char* amount = nullptr;
      while (in.read_row(id, amount)) {
        ++households;
        income += fen(amount);
      }
    }
    {
      const std::string path = dir + "/members.csv";
      std::FILE* file = open_csv(path);
      Reader in(path, file);
      in.read_header(io::ignore_extra_column, "household_id", "covered");
      char* id = nullptr;
      char* flag = nullptr;
      while (in.read_row(id, flag)) {
        ++members;
        if (flag[0] == 'y' && flag[1] == '\0') ++covered;
      }
    }
    std::printf("households %lld income_fen %lld members %lld covered %lld\n",
                static_cast<long long>(households), static_cast<long long>(income),
                static_cast<long long>(members), static_cast<long long>(covered));
  } catch (const std::exception& error) {
    std::fprintf(stderr, "bench_floor: %s\n", error.what());
    return 1;
  }
  return 0;
}
