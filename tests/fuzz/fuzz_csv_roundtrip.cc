// libFuzzer target: write-then-read of every output CSV (tests/fuzz/roundtrip.h). The first byte
// picks the output encoding (UTF-8 with BOM, UTF-8, GB18030); the rest, split at the byte FF
// (never in UTF-8), gives the strings; those the program could not hold in a cell (invalid
// UTF-8, NUL, a space or tab at an end) are dropped. Files go to /dev/shm when it exists.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_common.h"
#include "roundtrip.h"

using namespace benefitroll;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const std::string base = [] {
    std::error_code ec;
    std::string root = std::filesystem::is_directory("/dev/shm", ec) ? "/dev/shm" : "/tmp";
    return root + "/benefitroll-fuzz-roundtrip-" + std::to_string(getpid());
  }();
  const auto enc = static_cast<OutputEncoding>(data[0] % 3);
  std::vector<std::string> cells;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  for (;;) {
    size_t cut = rest.find('\xFF');
    std::string_view piece = rest.substr(0, cut);
    if (roundtrip::usable(piece)) cells.emplace_back(piece);
    if (cut == std::string_view::npos) break;
    rest.remove_prefix(cut + 1);
  }
  std::filesystem::remove_all(base);
  std::filesystem::create_directories(base);
  std::string problem = roundtrip::check(cells, enc, base);
  std::filesystem::remove_all(base);
  if (!problem.empty()) fuzz::fail(problem);
  return 0;
}
