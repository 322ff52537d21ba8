// `benefitroll run` and `benefitroll validate` (commands.md): compute a month and write its
// folder, or only check the inputs and print what run would write to exceptions.csv.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "calc/roll.h"
#include "commands/month_input.h"

namespace benefitroll {

struct RunArgs {
  YearMonth month;
  std::string rules;
  std::string input;
  std::string out;
  std::optional<Date> as_of;
  bool force = false;
  CommonOptions common;
};

/// A month computed: its rules, inputs and the roll's result (kept together: lines point into
/// the inputs and the rules).
struct ComputedMonth {
  LoadedRules rules;
  MonthInput input;
  RollResult roll;
};

/// Loads the rules and the inputs of a month; the roll is not run yet. With `copy_to` (the
/// folder compute_month_files will write), the exports are copied into its inputs/ as they are
/// read (load_month_input).
void load_month(const std::string& rules_path, const InputFiles& inputs, YearMonth month,
                std::optional<Date> as_of, const CommonOptions& opt, ComputedMonth& out,
                const std::string& copy_to = {}, Keep keep = Keep::kRows);

/// Loads rules and inputs and runs the roll, its lines gathered in RollResult's vectors: the
/// one way every command computes a month (run's compute_month_files runs the same roll).
/// `input_dir` holds the exports; `rules_path` the rules file.
void compute_month(const std::string& rules_path, const InputFiles& inputs, YearMonth month,
                   std::optional<Date> as_of, const CommonOptions& opt, ComputedMonth& out);
inline void compute_month(const std::string& rules_path, const std::string& input_dir,
                          YearMonth month, std::optional<Date> as_of, const CommonOptions& opt,
                          ComputedMonth& out) {
  compute_month(rules_path, InputFiles::in(input_dir), month, as_of, opt, out);
}

/// Runs the roll of a month loaded by load_month with copy_to = `dir` straight into the folder
/// `dir`: the ledgers are written as the roll computes them, a block of households at a time,
/// so that memory does not grow with the ledgers. Writes every file but manifest.json (and the
/// input copies, already there) and returns the manifest that describes them. Used by run, and
/// by audit to reproduce a month byte for byte.
/// `counts`, when given, receives exceptions.csv's and watchlist.csv's rows by code.
Manifest compute_month_files(const std::string& dir, ComputedMonth& c, YearMonth month,
                             std::optional<Date> as_of, const CommonOptions& opt,
                             IssueCounts* counts = nullptr);

/// Returns the exit status; throws FatalError (3) and OutFolderError (2, 5).
int run_command(const RunArgs& a, std::ostream& out);
int validate_command(const RunArgs& a, std::ostream& out);

}  // namespace benefitroll
