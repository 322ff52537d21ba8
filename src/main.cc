// benefitroll: parse the command line, dispatch to a command, map the outcome to an exit
// status (commands.md): 0 done, 1 internal error, 2 usage, 3 fatal input, 4 findings, 5 finished.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <malloc.h>
#include <unistd.h>

#include <cstdlib>
#include <limits>
#include <iostream>

#include "commands/audit.h"
#include "commands/explain.h"
#include "commands/month_input.h"
#include "commands/sample.h"
#include "commands/recompute.h"
#include "commands/rules_command.h"
#include "commands/run.h"
#include "core/issue.h"
#include "output/output_file.h"
#include "output/result_folder.h"

using namespace benefitroll;

namespace {

// CLI11 validators for our value types: the error names the option and the expected form.
YearMonth parse_month_opt(const std::string& s, const char* opt) {
  auto m = YearMonth::parse(s);
  if (!m) throw CLI::ValidationError(opt, fmt::format("expected a month like 2020-09, got '{}'", s));
  return *m;
}
std::optional<Date> parse_date_opt(const std::string& s, const char* opt) {
  if (s.empty()) return std::nullopt;
  auto d = Date::parse(s);
  if (!d) throw CLI::ValidationError(opt, fmt::format("expected a date like 2020-09-15, got '{}'", s));
  return d;
}

struct CommonFlags {
  std::string input_encoding = "auto", output_encoding = "utf-8-bom", lang = "zh";
  bool no_mask = false, quiet = false;
  int jobs = 0;
  std::string progress = "auto";

  void add(CLI::App* c, bool inputs, bool outputs) {
    if (inputs)
      c->add_option("--input-encoding", input_encoding, "auto|utf-8|gb18030 (default auto)")
          ->check(CLI::IsMember({"auto", "utf-8", "gb18030"}));
    if (outputs) {
      c->add_option("--output-encoding", output_encoding, "utf-8-bom|utf-8|gb18030 (default utf-8-bom)")
          ->check(CLI::IsMember({"utf-8-bom", "utf-8", "gb18030"}));
      c->add_flag("--no-mask", no_mask, "do not mask IDs and accounts in reports");
    }
    c->add_option("--lang", lang, "zh|en: language of messages and reports (default zh)")
        ->check(CLI::IsMember({"zh", "en"}));
    c->add_option("--jobs", jobs, "threads (default: all cores; outputs never depend on it)")
        ->check(CLI::Range(1, 256));
    c->add_flag("--quiet", quiet, "print nothing but errors (and no progress line)");
    c->add_option("--progress", progress,
                  "auto|always|never: a progress line on standard error (auto, the default: when "
                  "it is a terminal and the work lasts over a second; always: also to a file or "
                  "pipe, a line a second)")
        ->check(CLI::IsMember({"auto", "always", "never"}));
  }
  CommonOptions get() const {
    CommonOptions o;
    o.input_encoding = input_encoding == "utf-8"     ? InputEncoding::kUtf8
                       : input_encoding == "gb18030" ? InputEncoding::kGb18030
                                                     : InputEncoding::kAuto;
    o.write.encoding = output_encoding == "utf-8"     ? OutputEncoding::kUtf8
                       : output_encoding == "gb18030" ? OutputEncoding::kGb18030
                                                      : OutputEncoding::kUtf8Bom;
    o.write.lang = lang == "en" ? Lang::kEn : Lang::kZh;
    o.write.mask = !no_mask;
    o.jobs = jobs;
    o.quiet = quiet;
    // --quiet silences the progress line too (commands.md), even with --progress always.
    o.progress_mode = quiet || progress == "never" ? ProgressMode::kNever
                      : progress == "always"       ? ProgressMode::kAlways
                                                   : ProgressMode::kAuto;
    return o;
  }
};

int dispatch(int argc, char** argv) {
  CLI::App app{"benefitroll: the monthly social-assistance payroll of a district civil-affairs "
               "bureau (低保、特困供养与各项补贴的月度发放)"};
  app.set_version_flag("--version", std::string("benefitroll ") + BENEFITROLL_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Exit status: 0 done, 1 internal error, 2 usage error, 3 fatal input or rules error "
      "(nothing written), 4 findings (audit/validate), 5 --out holds a finished result.\n"
      "Start with: benefitroll run --month 2020-09 --rules rules/erdao-2020.toml "
      "--input samples/2020-09 --out out/2020-09");

  std::string month, rules, input, out_dir, as_of;
  bool force = false;
  CommonFlags flags;

  CLI::App* run = app.add_subcommand("run", "compute month M and write its month folder");
  run->add_option("--month", month, "the month paid, YYYY-MM")->required();
  run->add_option("--rules", rules, "the rules file (TOML)")->required();
  run->add_option("--input", input, "folder with households.csv, members.csv [, cases.csv]")->required();
  run->add_option("--out", out_dir, "the month folder to write, e.g. ledgers/2020-09")->required();
  run->add_option("--as-of", as_of, "use only rules versions announced by this day, YYYY-MM-DD");
  run->add_flag("--force", force, "replace a finished month folder (atomically)");
  flags.add(run, true, true);
  run->footer(
      "Example:\n  benefitroll run --month 2020-09 --rules rules/erdao-2020.toml "
      "--input samples/2020-09 --out out/2020-09\n  then open out/2020-09/payments.csv, "
      "held.csv, exceptions.csv; manifest.json holds the control totals.");

  CLI::App* validate = app.add_subcommand("validate", "check the inputs; print what run would write to exceptions.csv");
  validate->add_option("--month", month, "the month, YYYY-MM")->required();
  validate->add_option("--rules", rules, "the rules file (TOML)")->required();
  validate->add_option("--input", input, "folder with households.csv, members.csv [, cases.csv]")->required();
  validate->add_option("--as-of", as_of, "rules as known on this day, YYYY-MM-DD");
  flags.add(validate, true, true);
  validate->footer(
      "Example:\n  benefitroll validate --month 2020-09 --rules rules/erdao-2020.toml "
      "--input samples/2020-09\nExit 0 when no row is rejected, 4 when one is, 3 on a fatal error.");

  std::string archive, from, to, corrected;
  CLI::App* recompute = app.add_subcommand(
      "recompute", "compute archived months again with new rules; pay what is owed (补发)");
  recompute->add_option("--rules", rules, "the new rules file (TOML)")->required();
  recompute->add_option("--archive", archive, "folder of month folders YYYY-MM written by run (and earlier recompute folders)")->required();
  recompute->add_option("--from", from, "first month, YYYY-MM")->required();
  recompute->add_option("--to", to, "last month, YYYY-MM")->required();
  recompute->add_option("--out", out_dir, "the recompute folder to write")->required();
  recompute->add_option("--as-of", as_of, "use only rules versions announced by this day, YYYY-MM-DD");
  recompute->add_option("--corrected", corrected, "folder with corrected exports DIR/YYYY-MM/households.csv, …");
  recompute->add_flag("--force", force, "replace a finished result (atomically)");
  flags.add(recompute, true, true);
  recompute->footer(
      "Example (a raise counting from 2020-07, announced 2020-09-15):\n  benefitroll recompute "
      "--rules rules/erdao-2020-raise.toml --archive out --from 2020-07 --to 2020-09 "
      "--out out/recompute-2020-09-15\nthen settlements.csv says what each household is owed, "
      "disbursement.csv what the bank pays now.");

  CLI::App* audit = app.add_subcommand("audit", "re-verify archived months: untampered, reproducible, lawful");
  audit->add_option("--archive", archive, "folder of month folders YYYY-MM")->required();
  audit->add_option("--from", from, "first month, YYYY-MM")->required();
  audit->add_option("--to", to, "last month, YYYY-MM")->required();
  audit->add_option("--out", out_dir, "the audit folder to write")->required();
  audit->add_option("--rules", rules, "also compare with these rules (DIFFERS_FROM_RULES)");
  audit->add_option("--as-of", as_of, "with --rules: versions announced by this day, YYYY-MM-DD");
  audit->add_flag("--force", force, "replace a finished result (atomically)");
  flags.add(audit, false, true);
  audit->footer(
      "Example:\n  benefitroll audit --archive out --from 2020-01 --to 2020-12 --out out/audit-2020\n"
      "Exit 4 when a finding of severity error exists; findings.csv lists them.");

  std::string household;
  CLI::App* explain = app.add_subcommand("explain", "why did this household get this amount?");
  explain->add_option("--input", input, "folder with the month's exports (with --rules)");
  explain->add_option("--rules", rules, "the rules file (with --input)");
  explain->add_option("--archive", archive, "a month folder written by run: its own inputs and rules");
  explain->add_option("--month", month, "the month, YYYY-MM")->required();
  explain->add_option("--as-of", as_of, "rules as known on this day, YYYY-MM-DD (with --input)");
  explain->add_option("--household", household, "the household_id")->required();
  flags.add(explain, true, false);
  explain->footer(
      "Examples:\n  benefitroll explain --input samples/2020-09 --rules rules/erdao-2020.toml "
      "--month 2020-09 --household EDQ-0002\n  benefitroll explain --archive out/2020-09 --month 2020-09 "
      "--household EDQ-0002 --lang en");

  int64_t sample_households = 0, bad_rows = 0;
  uint64_t seed = 1;
  CLI::App* sample = app.add_subcommand("sample", "write a realistic synthetic roll of any size");
  sample->add_option("--month", month, "the month, YYYY-MM")->required();
  sample->add_option("--households", sample_households, "number of households")->required()
      ->check(CLI::Range(int64_t{0}, int64_t{100000000}));
  sample->add_option("--out", out_dir, "an empty or new folder for households.csv, members.csv, cases.csv")->required();
  sample->add_option("--seed", seed, "the same seed gives the same bytes (default 1)");
  sample->add_option("--bad-rows", bad_rows, "malformed rows of known kinds to spread through households.csv")
      ->check(CLI::Range(int64_t{0}, int64_t{100000000}));
  sample->add_flag("--quiet", flags.quiet, "print nothing but errors");
  sample->footer("Example:\n  benefitroll sample --month 2020-09 --households 1000000 --out /tmp/roll --seed 7\n"
                 "  benefitroll run --month 2020-09 --rules rules/erdao-2020.toml --input /tmp/roll --out /tmp/roll-out");

  CLI::App* rules_cmd = app.add_subcommand("rules", "check or show a rules file");
  rules_cmd->require_subcommand(1);
  std::string rules_file;
  CLI::App* check = rules_cmd->add_subcommand("check", "report every problem of a rules file with its line");
  check->add_option("FILE", rules_file, "the rules file")->required();
  check->footer("Example:\n  benefitroll rules check rules/erdao-2020.toml");
  CLI::App* show = rules_cmd->add_subcommand("show", "every parameter in effect for a month, with its version and source");
  show->add_option("FILE", rules_file, "the rules file")->required();
  show->add_option("--month", month, "the month, YYYY-MM")->required();
  show->add_option("--as-of", as_of, "rules as known on this day, YYYY-MM-DD");
  show->footer("Example:\n  benefitroll rules show rules/erdao-2020.toml --month 2020-09");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }

  try {
    RunArgs a;
    if (!month.empty()) a.month = parse_month_opt(month, "--month");
    a.as_of = parse_date_opt(as_of, "--as-of");
    a.rules = rules;
    a.input = input;
    a.out = out_dir;
    a.force = force;
    a.common = flags.get();
    if (run->parsed()) return run_command(a, std::cout);
    if (recompute->parsed()) {
      RecomputeArgs r;
      r.rules = rules;
      r.archive = archive;
      r.from = parse_month_opt(from, "--from");
      r.to = parse_month_opt(to, "--to");
      r.out = out_dir;
      r.as_of = a.as_of;
      if (!corrected.empty()) r.corrected = corrected;
      r.force = force;
      r.common = a.common;
      return recompute_command(r, std::cout);
    }
    if (sample->parsed()) {
      SampleArgs r;
      r.month = a.month;
      r.households = sample_households;
      r.out = out_dir;
      r.seed = seed;
      r.bad_rows = bad_rows;
      r.quiet = flags.quiet;
      return sample_command(r, std::cout);
    }
    if (explain->parsed()) {
      ExplainArgs r;
      if (!input.empty()) r.input = input;
      if (!rules.empty()) r.rules = rules;
      if (!archive.empty()) r.archive = archive;
      if (r.archive.has_value() == (r.input.has_value() || r.rules.has_value()) ||
          (!r.archive && !(r.input && r.rules)))
        throw CLI::ValidationError("explain", "give either --input with --rules, or --archive");
      r.month = a.month;
      r.as_of = a.as_of;
      r.household = household;
      r.common = a.common;
      return explain_command(r, std::cout);
    }
    if (audit->parsed()) {
      AuditArgs r;
      r.archive = archive;
      r.from = parse_month_opt(from, "--from");
      r.to = parse_month_opt(to, "--to");
      r.out = out_dir;
      if (!rules.empty()) r.rules = rules;
      r.as_of = a.as_of;
      r.force = force;
      r.common = a.common;
      return audit_command(r, std::cout);
    }
    if (validate->parsed()) return validate_command(a, std::cout);
    if (check->parsed()) return rules_check_command(rules_file, std::cout, std::cerr);
    if (show->parsed()) return rules_show_command(rules_file, a.month, a.as_of, std::cout, std::cerr);
  } catch (const CLI::ValidationError& e) {
    std::cerr << "benefitroll: error: " << e.what() << "\n";
    return 2;
  }
  return 2;
}

}  // namespace

// A large roll touches gigabytes of memory, and on a virtual machine the kernel's cost of
// faulting it in and zeroing it is the largest part of a run (measured at 2M households: 19 s
// of system time of 25 s). Two things cut it:
// - transparent huge pages: glibc's allocator uses them only when the tunable
//   glibc.malloc.hugetlb is in the environment before the program starts, so the program sets
//   it and runs itself again, once (a GLIBC_TUNABLES of the user's is left alone);
// - memory freed is kept for the next allocation instead of being given back to the kernel and
//   faulted in again: blocks up to 32 MiB (the most glibc allows) come from the heap, and the
//   heap is never trimmed.
// Measured at 2M households: 19 s of system time without either, 10 s with huge pages, 6 s
// with both; the results are byte-identical.
static void tune_memory(char** argv) {
  ::mallopt(M_MMAP_THRESHOLD, 32 << 20);
  ::mallopt(M_TRIM_THRESHOLD, std::numeric_limits<int>::max());
  if (std::getenv("GLIBC_TUNABLES") != nullptr) return;
  if (::setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 0) != 0) return;
  ::execv("/proc/self/exe", argv);
  ::unsetenv("GLIBC_TUNABLES");  // could not run again: go on as we are
}

int main(int argc, char** argv) {
  tune_memory(argv);
  stop_on_sigbus();  // an export cut short while mapped: a message, not a crash
  try {
    return dispatch(argc, argv);
  } catch (const FatalError& e) {
    std::cerr << e.formatted() << "\n";
    return 3;
  } catch (const OutFolderError& e) {
    std::cerr << "benefitroll: error: " << e.what() << "\n";
    return e.status;
  } catch (const IoError& e) {
    std::cerr << "benefitroll: error: " << e.what()
              << "\nNothing was written: the result folder appears whole or not at all.\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "benefitroll: internal error: " << e.what()
              << "\nThis is a bug in benefitroll; please report it with the command line.\n";
    return 1;
  }
}
