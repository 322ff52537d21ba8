// Loading a month's inputs: the exports of an input folder, read on two threads, and the rules
// file; shared by run, validate and (later) recompute, audit and explain.
#pragma once

#include <optional>
#include <string>

#include "input/rows.h"
#include "output/month_writer.h"
#include "output/progress.h"
#include "rules/rules.h"

namespace benefitroll {

/// Options every command takes where they make sense (commands.md).
struct CommonOptions {
  InputEncoding input_encoding = InputEncoding::kAuto;
  WriteOptions write;
  int jobs = 0;  // 0: all cores
  bool quiet = false;
  ProgressMode progress_mode = ProgressMode::kNever;  // --progress, kNever with --quiet
  Progress* progress = nullptr;  // the command's progress line, while it runs
  int effective_jobs() const;
  std::string input_encoding_name() const;
};

/// A month's inputs: the bytes as read (copied into the month folder) and the parsed tables.
struct MonthInput {
  std::string households_bytes, members_bytes;
  std::optional<std::string> cases_bytes;
  HouseholdTable households;
  MemberTable members;
  std::optional<CaseTable> cases;
};

/// Reads a whole file; FatalError(path, "cannot read file: ...") when it cannot.
std::string read_file(const std::string& path);

/// Where a month's exports are: households.csv, members.csv and, when given, cases.csv.
struct InputFiles {
  std::string households, members;
  std::optional<std::string> cases;
  /// DIR/households.csv, DIR/members.csv, and DIR/cases.csv when it exists.
  static InputFiles in(const std::string& dir);
};

/// The bytes of the exports (what a progress line counts down); 0 for a file that is not there.
int64_t input_bytes(const InputFiles& files);

/// Reads the exports for month m.
void load_month_input(const InputFiles& files, YearMonth m, const CommonOptions& opt,
                      MonthInput& out);
inline void load_month_input(const std::string& dir, YearMonth m, const CommonOptions& opt,
                             MonthInput& out) {
  load_month_input(InputFiles::in(dir), m, opt, out);
}

/// The rules file and what is in effect for the month.
struct LoadedRules {
  std::string bytes;
  Rules rules;
  MonthRules month;
};
void load_rules_for_month(const std::string& path, YearMonth m, std::optional<Date> as_of,
                          LoadedRules& out);

}  // namespace benefitroll
