// The deterministic mutation sweep (issue 6): thousands of mutants of the sample roll, each read
// by the readers and computed by the roll, checking no crash, no run over 5 s, and the accounting
// identities of outputs.md in every mutant that ran. Built with ASan+UBSan as a ctest.
//
// Usage: mutation_sweep SAMPLE_DIR RULES_FILE [MUTANTS [SEED]]
//        mutation_sweep SAMPLE_DIR RULES_FILE --dump N OUT_DIR [SEED]   (writes mutant N's files)
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "calc/roll.h"
#include "core/issue.h"
#include "identities.h"
#include "input/rows.h"
#include "output/month_writer.h"
#include "rules/rules.h"

namespace benefitroll {
namespace {

constexpr int kTimeLimitSeconds = 5;
constexpr int kFiles = 3;
const char* const kNames[kFiles] = {"households.csv", "members.csv", "cases.csv"};

// splitmix64: the same numbers on every platform and library (std distributions are not).
class Random {
 public:
  explicit Random(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(next() % n); }

 private:
  uint64_t s_;
};

std::string read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << f.rdbuf();
  return std::move(ss).str();
}

// Line starts of s (offsets just after each LF, and 0).
std::vector<size_t> line_starts(const std::string& s) {
  std::vector<size_t> v{0};
  for (size_t i = 0; i < s.size(); ++i)
    if (s[i] == '\n' && i + 1 < s.size()) v.push_back(i + 1);
  return v;
}
std::pair<size_t, size_t> some_line(const std::string& s, Random& r) {
  auto starts = line_starts(s);
  size_t k = r.below(starts.size());
  size_t b = starts[k];
  size_t e = k + 1 < starts.size() ? starts[k + 1] : s.size();
  return {b, e};
}

// Tokens that readers must refuse or take exactly: signs, formulas, separators, odd numbers.
constexpr std::string_view kTokens[] = {"\"",
                                        "\"\"",
                                        ",",
                                        "\n",
                                        "\r",
                                        "\r\n",
                                        std::string_view("\0", 1),
                                        "\xEF\xBB\xBF",
                                        "\xFF",
                                        "\x81",
                                        "\xE4\xB8",
                                        "-1",
                                        "=1+1",
                                        "+",
                                        "@",
                                        "1e3",
                                        "0.001",
                                        "99999999999",
                                        "1,234.50",
                                        "x",
                                        " ",
                                        "\t",
                                        "2020-13",
                                        "19991231",
                                        "\xC2\x85",
                                        "\xF0\x9F\x8F\xA0",
                                        "N",
                                        "y"};

enum Kind {
  kFlip,
  kSetByte,
  kInsertToken,
  kTruncate,
  kDuplicateLine,
  kDropLine,
  kDeleteRange,
  kSwapLines,
  kReplaceField,
  kKinds
};
const char* const kKindNames[kKinds] = {"byte flip",     "byte set",        "insertion",
                                        "truncation",    "duplicated line", "dropped line",
                                        "deleted range", "swapped lines",   "replaced field"};

void insert_token(std::string& s, size_t at, Random& r) {
  s.insert(std::min(at, s.size()), kTokens[r.below(std::size(kTokens))]);
}

Kind mutate(std::string& s, Random& r) {
  Kind kind = static_cast<Kind>(r.below(kKinds));
  size_t n = s.size();
  switch (kind) {
    case kFlip:
      if (n) s[r.below(n)] ^= static_cast<char>(1u << r.below(8));
      break;
    case kSetByte:
      if (n) s[r.below(n)] = static_cast<char>(r.below(256));
      break;
    case kInsertToken:
      insert_token(s, r.below(n + 1), r);
      break;
    case kTruncate:
      s.resize(r.below(n + 1));
      break;
    case kDuplicateLine: {
      auto [b, e] = some_line(s, r);
      std::string line = s.substr(b, e - b);
      s.insert(r.below(2) ? e : b, line);
      break;
    }
    case kDropLine: {
      auto [b, e] = some_line(s, r);
      s.erase(b, e - b);
      break;
    }
    case kDeleteRange:
      if (n) {
        size_t b = r.below(n);
        s.erase(b, 1 + r.below(std::min<size_t>(n - b, 64)));
      }
      break;
    case kSwapLines: {
      auto [b1, e1] = some_line(s, r);
      auto [b2, e2] = some_line(s, r);
      if (b2 < b1) std::swap(b1, b2), std::swap(e1, e2);
      if (e1 <= b2) {
        std::string l1 = s.substr(b1, e1 - b1), l2 = s.substr(b2, e2 - b2);
        s = s.substr(0, b1) + l2 + s.substr(e1, b2 - e1) + l1 + s.substr(e2);
      }
      break;
    }
    case kReplaceField: {  // a whole field (between commas) of some line becomes a token
      auto [b, e] = some_line(s, r);
      std::vector<size_t> commas{b};
      for (size_t i = b; i < e; ++i)
        if (s[i] == ',') commas.push_back(i + 1);
      size_t k = r.below(commas.size());
      size_t fb = commas[k];
      size_t fe = k + 1 < commas.size() ? commas[k + 1] - 1 : e;
      if (fe > fb && s[fe - 1] == '\n') --fe;
      s.erase(fb, fe - fb);
      insert_token(s, fb, r);
      break;
    }
    case kKinds:
      break;
  }
  return kind;
}

struct Mutant {
  std::array<std::string, kFiles> files;
  std::array<bool, kFiles> changed{};
  std::vector<Kind> kinds;
};

// Mutant i of the sweep: a function of (seed, i) only, so any one can be rebuilt alone.
Mutant make_mutant(const std::array<std::string, kFiles>& base, uint64_t seed, uint64_t i) {
  Random r(seed ^ (0xD1B54A32D192ED03ULL * (i + 1)));
  Mutant m;
  m.files = base;
  size_t files = 1 + (r.below(4) == 0);  // mostly one file, sometimes two
  for (size_t f = 0; f < files; ++f) {
    size_t which = r.below(8) < 3 ? 0 : (r.below(5) < 3 ? 1 : 2);  // households, members, cases
    size_t count = 1 + r.below(4);
    for (size_t k = 0; k < count; ++k) m.kinds.push_back(mutate(m.files[which], r));
    m.changed[which] = true;
  }
  return m;
}

volatile sig_atomic_t g_current = -1;
void on_alarm(int) {
  char msg[96];
  int n = snprintf(msg, sizeof msg, "mutation_sweep: HANG: mutant %d ran over %d s\n",
                   static_cast<int>(g_current), kTimeLimitSeconds);
  if (n > 0) (void)!write(2, msg, static_cast<size_t>(n));
  _exit(2);
}

struct Tally {
  int64_t mutants = 0, ran = 0, fatal = 0, internal = 0, identity_failed = 0;
  int64_t rows_h = 0, rows_m = 0, lines = 0;
  int64_t kinds[kKinds] = {};
  double slowest_ms = 0;
  int64_t slowest = -1;
};

int sweep(const std::string& sample, const std::string& rules_path, int64_t count, uint64_t seed,
          std::optional<std::pair<int64_t, std::string>> dump) {
  std::array<std::string, kFiles> base;
  for (int f = 0; f < kFiles; ++f) base[f] = read_bytes(sample + "/" + kNames[f]);
  if (dump) {
    Mutant m = make_mutant(base, seed, static_cast<uint64_t>(dump->first));
    std::filesystem::create_directories(dump->second);
    for (int f = 0; f < kFiles; ++f)
      std::ofstream(dump->second + "/" + kNames[f], std::ios::binary) << m.files[f];
    std::printf("mutant %lld written to %s\n", static_cast<long long>(dump->first),
                dump->second.c_str());
    return 0;
  }
  const YearMonth month = *YearMonth::parse("2020-09");
  const std::string rules_text = read_bytes(rules_path);
  const Rules rules = load_rules_or_throw(rules_text, rules_path);
  const MonthRules month_rules = rules.for_month(month, std::nullopt);
  ReadOptions opt;
  opt.month = month;
  // The unmutated tables, read once; a mutant re-reads only the files it changed.
  const HouseholdTable base_h = read_households(base[0], kNames[0], opt);
  const MemberTable base_m = read_members(base[1], kNames[1], opt);
  const CaseTable base_c = read_cases(base[2], kNames[2], opt);

  signal(SIGALRM, on_alarm);
  Tally t;
  for (int64_t i = 0; i < count; ++i) {
    Mutant mu = make_mutant(base, seed, static_cast<uint64_t>(i));
    for (Kind k : mu.kinds) ++t.kinds[k];
    ++t.mutants;
    g_current = static_cast<sig_atomic_t>(i);
    alarm(kTimeLimitSeconds);
    auto start = std::chrono::steady_clock::now();
    try {
      std::optional<HouseholdTable> h;
      std::optional<MemberTable> m;
      std::optional<CaseTable> c;
      if (mu.changed[0]) h = read_households(mu.files[0], kNames[0], opt);
      if (mu.changed[1]) m = read_members(mu.files[1], kNames[1], opt);
      if (mu.changed[2]) c = read_cases(mu.files[2], kNames[2], opt);
      const HouseholdTable& hh = h ? *h : base_h;
      const MemberTable& mm = m ? *m : base_m;
      const CaseTable& cc = c ? *c : base_c;
      RollResult result;
      run_roll({&hh, &mm, &cc}, rules, month_rules, 1, result);
      ++t.ran;
      t.rows_h += result.households.rows;
      t.rows_m += result.members.rows;
      t.lines += static_cast<int64_t>(result.payments.size() + result.subsidies.size() +
                                      result.held.size());
      std::string why;
      if (!check_table(hh, why) || !check_table(mm, why) || !check_table(cc, why) ||
          !check_identities(hh, mm, cc, result, why)) {
        ++t.identity_failed;
        std::fprintf(stderr, "mutation_sweep: mutant %lld: identity broken: %s\n",
                     static_cast<long long>(i), why.c_str());
      }
    } catch (const FatalError&) {
      ++t.fatal;  // exit 3 in the program: an acceptable outcome for broken input
    } catch (const std::exception& e) {
      ++t.internal;  // exit 1 in the program: a bug
      std::fprintf(stderr, "mutation_sweep: mutant %lld: internal error: %s\n",
                   static_cast<long long>(i), e.what());
    }
    alarm(0);
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (ms > t.slowest_ms) t.slowest_ms = ms, t.slowest = i;
  }
  std::printf("mutation_sweep: seed %llu, %lld mutants:", static_cast<unsigned long long>(seed),
              static_cast<long long>(t.mutants));
  for (int k = 0; k < kKinds; ++k)
    std::printf(" %s %lld%s", kKindNames[k], static_cast<long long>(t.kinds[k]),
                k + 1 < kKinds ? "," : "\n");
  std::printf(
      "mutation_sweep: %lld ran through the roll (%lld household rows, %lld member rows, %lld "
      "lines), "
      "%lld fatal (exit 3), %lld internal errors, 0 crashes, 0 hangs (slowest: mutant %lld, %.1f "
      "ms), "
      "identity held in %lld/%lld\n",
      static_cast<long long>(t.ran), static_cast<long long>(t.rows_h),
      static_cast<long long>(t.rows_m), static_cast<long long>(t.lines),
      static_cast<long long>(t.fatal), static_cast<long long>(t.internal),
      static_cast<long long>(t.slowest), t.slowest_ms,
      static_cast<long long>(t.ran - t.identity_failed), static_cast<long long>(t.ran));
  return t.internal == 0 && t.identity_failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace benefitroll

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: %s SAMPLE_DIR RULES_FILE [MUTANTS [SEED]] | --dump N OUT_DIR [SEED]\n",
                 argv[0]);
    return 2;
  }
  try {
    if (argc >= 6 && std::string(argv[3]) == "--dump")
      return benefitroll::sweep(
          argv[1], argv[2], 0, argc > 6 ? std::strtoull(argv[6], nullptr, 10) : 20200901,
          std::make_pair(std::strtoll(argv[4], nullptr, 10), std::string(argv[5])));
    int64_t count = argc > 3 ? std::strtoll(argv[3], nullptr, 10) : 2000;
    uint64_t seed = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 20200901;
    return benefitroll::sweep(argv[1], argv[2], count, seed, std::nullopt);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mutation_sweep: %s\n", e.what());
    return 1;
  }
}
