// What the fuzz targets share: the sample month and the Erdao rules, read once from the source
// tree (BENEFITROLL_SOURCE_DIR), and fail() for a broken property. No fuzzing logic of its own.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "core/calendar.h"
#include "input/rows.h"
#include "rules/rules.h"

#ifndef BENEFITROLL_SOURCE_DIR
#error "BENEFITROLL_SOURCE_DIR must name the source tree"
#endif

namespace benefitroll::fuzz {

inline std::string source_file(const std::string& rel) {
  std::ifstream f(std::string(BENEFITROLL_SOURCE_DIR) + "/" + rel, std::ios::binary);
  if (!f) {
    std::fprintf(stderr, "fuzz: cannot read %s/%s\n", BENEFITROLL_SOURCE_DIR, rel.c_str());
    std::abort();
  }
  std::ostringstream ss;
  ss << f.rdbuf();
  return std::move(ss).str();
}

/// A property failed: say which, and stop (libFuzzer keeps the input as a crash).
[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz: property failed: %s\n", what.c_str());
  std::abort();
}

/// The sample month: its rules and its three tables, read once.
struct Sample {
  YearMonth month = *YearMonth::parse("2020-09");
  std::string rules_text = source_file("rules/erdao-2020.toml");
  Rules rules = load_rules_or_throw(rules_text, "erdao-2020.toml");
  MonthRules month_rules = rules.for_month(month, std::nullopt);
  ReadOptions options() const {
    ReadOptions o;
    o.month = month;
    return o;
  }
  std::string h_bytes = source_file("samples/2020-09/households.csv");
  std::string m_bytes = source_file("samples/2020-09/members.csv");
  std::string c_bytes = source_file("samples/2020-09/cases.csv");
  HouseholdTable households = read_households(h_bytes, "households.csv", options());
  MemberTable members = read_members(m_bytes, "members.csv", options());
  CaseTable cases = read_cases(c_bytes, "cases.csv", options());
};

inline const Sample& sample() {
  static const Sample* s = new Sample();
  return *s;
}

}  // namespace benefitroll::fuzz
