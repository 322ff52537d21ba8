#include "commands/audit.h"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <ostream>
#include <set>

#include "archive/month_folder.h"
#include "commands/audit_checks.h"
#include "commands/run.h"
#include "output/findings.h"
#include "output/result_folder.h"

namespace benefitroll {

namespace fs = std::filesystem;

namespace {

// The files compared line by line with ledger keys (disbursement.csv has its own key).
constexpr const char* kLedgers[] = {"payments.csv", "subsidies.csv", "held.csv"};

// The options a month was computed with: its manifest's, and this audit's threads.
CommonOptions folder_options(const FolderManifest* m, const CommonOptions& audit) {
  CommonOptions o;
  o.jobs = audit.jobs;
  o.quiet = true;
  o.progress = audit.progress;
  if (m) {
    o.input_encoding = input_encoding_from(m->input_encoding);
    o.write = m->options;
  }
  return o;
}

AuditFinding month_finding(Severity sev, const char* code, YearMonth m, Text message) {
  AuditFinding f;
  f.severity = sev;
  f.code = code;
  f.month = m.str();
  f.message = std::move(message);
  return f;
}

// "" for a file that is missing.
std::string sha256_if_file(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return {};
  return file_sha256(path);
}

// One archive month: every check of commands.md that looks at the month alone. Returns what
// the checks across months need.
class MonthAudit {
 public:
  MonthAudit(const AuditArgs& a, YearMonth m, const std::string& scratch,
             std::vector<AuditFinding>& out)
      : a_(a), m_(m), dir_(a.archive + "/" + m.str()), scratch_(scratch), out_(out) {
    ctx_.month = m;
    ctx_.mask = a.common.write.mask;
  }

  std::optional<MonthPaid> run(AuditedMonth& am) {
    am.month = m_;
    std::error_code ec;
    if (!fs::is_directory(dir_, ec)) {
      am.status = MonthStatus::kMissing;
      out_.push_back(
          month_finding(Severity::kReview, "MONTH_MISSING", m_,
                        {fmt::format("档案中没有 {} 月的文件夹 {}", m_.str(), dir_),
                         fmt::format("the archive has no month folder {} ({})", m_.str(), dir_)}));
      return std::nullopt;
    }
    if (!read_manifest_of(am)) return std::nullopt;
    opts_ = folder_options(manifest_ ? &*manifest_ : nullptr, a_.common);
    compute_again();
    read_folder_files();
    compare_with_computed();
    return check_lines();
  }

 private:
  // Reads the manifest (when there is one) and checks the folder's integrity. Returns false
  // when the folder is not a month folder of this month at all (nothing more can be checked).
  bool read_manifest_of(AuditedMonth& am) {
    const std::string path = dir_ + "/manifest.json";
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
      am.status = MonthStatus::kNoManifest;
      out_.push_back(month_finding(
          Severity::kInfo, "NO_MANIFEST", m_,
          {"无 manifest.json（外系统台账）：按其 rules.toml "
           "的全部版本和默认选项重算；不做完整性与控制总数检查",
           "no manifest.json (ledgers of another system): computed again with its rules.toml, "
           "every version and the default options; integrity and control totals not checked"}));
      return true;
    }
    am.status = MonthStatus::kManifest;
    am.manifest_sha256 = sha256_hex(read_file(path));
    try {
      manifest_ = read_manifest(dir_);
    } catch (const FatalError& e) {
      out_.push_back(month_finding(
          Severity::kError, "TAMPERED", m_,
          {fmt::format("manifest.json 无法读取：{}；按无清单的文件夹继续检查", e.what()),
           fmt::format("manifest.json cannot be read: {}; checked on as a folder without one",
                       e.what())}));
      return true;
    }
    am.command = manifest_->command;
    am.as_of = manifest_->as_of;
    if (manifest_->command != "run" || !manifest_->month || !(*manifest_->month == m_)) {
      out_.push_back(month_finding(
          Severity::kError, "TAMPERED", m_,
          {fmt::format("manifest.json 不是 {} 月 run 命令的清单（command {}，month {}）", m_.str(),
                       manifest_->command, manifest_->month ? manifest_->month->str() : "-"),
           fmt::format("manifest.json is not that of `run` for {} (command {}, month {})", m_.str(),
                       manifest_->command, manifest_->month ? manifest_->month->str() : "-")}));
      return false;
    }
    std::vector<IntegrityProblem> problems;
    try {
      problems = check_integrity(dir_, *manifest_);
    } catch (const FatalError& e) {
      problems.push_back({e.file(), {e.what(), e.what()}});
    }
    for (const IntegrityProblem& p : problems)
      out_.push_back(month_finding(Severity::kError, "TAMPERED", m_,
                                   {fmt::format("{}：{}", p.file, p.message.zh),
                                    fmt::format("{}: {}", p.file, p.message.en)}));
    return true;
  }

  OutputEncoding encoding() const { return opts_.write.encoding; }

  void unreadable(const std::string& file, const std::string& why) {
    unreadable_.insert(file);
    out_.push_back(month_finding(
        Severity::kError, "MISMATCH", m_,
        {fmt::format("{} 缺失或无法读取，无法与重算结果比对：{}", file, why),
         fmt::format("{} is missing or cannot be read, so it cannot be compared with the month "
                     "computed again: {}",
                     file, why)}));
  }

  // The files of the folder that are read whole: disbursement.csv, and the ledgers that are not
  // byte-identical to the month computed again (those are read a line at a time by
  // check_lines, and hold no memory).
  void read_folder_files() {
    std::optional<std::vector<LedgerRow>>* ledgers[] = {&files_.payments, &files_.subsidies,
                                                        &files_.held};
    for (int i = 0; i < 3; ++i) {
      if (same_bytes(kLedgers[i])) continue;
      try {
        *ledgers[i] = read_ledger(dir_ + "/" + kLedgers[i], encoding(), files_.text);
      } catch (const FatalError& e) {
        unreadable(kLedgers[i], e.formatted());
      }
    }
    try {
      const std::string path = dir_ + "/disbursement.csv";
      files_.disbursement = read_disbursement(path, encoding());
    } catch (const FatalError& e) {
      unreadable("disbursement.csv", e.formatted());
    }
  }

  // MISMATCH: the month computed again from its own inputs/ and rules.toml, written into a
  // scratch folder by run's own writer (compute_again), and compared line by line and byte for
  // byte (compare_with_computed).
  void compute_again() {
    const std::optional<Date> as_of = manifest_ ? manifest_->as_of : std::nullopt;
    try {
      std::error_code ec;
      fs::remove_all(scratch_, ec);
      fs::create_directories(scratch_);
      load_month(dir_ + "/rules.toml", InputFiles::in(dir_ + "/inputs"), m_, as_of, opts_,
                 computed_, scratch_);
      again_ = compute_month_files(scratch_, computed_, m_, as_of, opts_);
      computed_ok_ = true;
    } catch (const FatalError& e) {
      cannot_compute_ = e.formatted();
      return;
    }
    // Every file run writes is compared but the copies of what was read (inputs, rules). Each
    // is hashed once. A file byte-identical to the one computed again has nothing to show line
    // by line, so only a file that differs is read whole and compared by line key: at
    // 1,000,000 households a month's ledgers are 4.4 million lines, and holding them twice
    // cost gigabytes.
    for (const FileRecord& f : again_.outputs)
      if (compared(f)) folder_sha_[f.file] = sha256_if_file(dir_ + "/" + f.file);
  }

  bool compared(const FileRecord& f) const {
    return f.file != again_.rules.file && f.file.rfind("inputs/", 0) != 0;
  }
  // The folder's file is byte for byte the one computed again.
  bool same_bytes(const std::string& file) const {
    if (!computed_ok_) return false;
    const auto it = folder_sha_.find(file);
    for (const FileRecord& f : again_.outputs)
      if (f.file == file)
        return it != folder_sha_.end() && !f.sha256.empty() && it->second == f.sha256;
    return false;
  }

  void compare_with_computed() {
    std::error_code ec;
    if (!computed_ok_) {
      fs::remove_all(scratch_, ec);  // what was written of it
      out_.push_back(month_finding(
          Severity::kError, "MISMATCH", m_,
          {fmt::format("无法由其 inputs/ 与 rules.toml 重算本月：{}", cannot_compute_),
           fmt::format("the month cannot be computed again from its inputs/ and rules.toml: {}",
                       cannot_compute_)}));
      return;
    }
    std::map<std::string, int> line_findings;
    for (const char* name : kLedgers) {
      const auto& mine = name == std::string_view("payments.csv")    ? files_.payments
                         : name == std::string_view("subsidies.csv") ? files_.subsidies
                                                                     : files_.held;
      if (!mine) continue;  // unreadable, or the same bytes (not read whole)
      StringPool text;
      const auto expected = read_ledger(scratch_ + "/" + name, encoding(), text);
      line_findings[name] = compare_ledgers(name, expected, *mine, ctx_, out_);
    }
    if (files_.disbursement && !same_bytes("disbursement.csv")) {
      const std::string path = scratch_ + "/disbursement.csv";
      const auto expected = read_disbursement(path, encoding());
      line_findings["disbursement.csv"] =
          compare_disbursements(expected, *files_.disbursement, ctx_, out_);
    }
    // Byte for byte.
    for (const FileRecord& f : again_.outputs) {
      if (!compared(f)) continue;
      if (unreadable_.count(f.file) || line_findings[f.file] > 0) continue;
      const std::string& actual = folder_sha_[f.file];
      if (actual == f.sha256) continue;
      AuditFinding x = month_finding(
          Severity::kError, "MISMATCH", m_,
          actual.empty()
              ? Text{fmt::format("{} 缺失，重算会写出此文件", f.file),
                     fmt::format("{} is missing; the month computed again writes it", f.file)}
              : Text{
                    fmt::format("{} 与重算结果逐字节不同", f.file),
                    fmt::format("{} differs byte for byte from the month computed again", f.file)});
      x.expected = f.sha256;
      x.actual = actual;
      out_.push_back(std::move(x));
    }
    fs::remove_all(scratch_, ec);
  }

  // The inputs and rules for the ledger-alone checks: those of the reproduction, or, when it
  // could not be made, whatever of them can still be read.
  const MonthInput* input() {
    if (computed_ok_) return &computed_.input;
    try {
      load_month_input(dir_ + "/inputs", m_, opts_, fallback_input_);
      return &fallback_input_;
    } catch (const FatalError&) {
      return nullptr;
    }
  }
  const MonthRules* month_rules() {
    if (computed_ok_) return &computed_.rules.month;
    try {
      load_rules_for_month(dir_ + "/rules.toml", m_, manifest_ ? manifest_->as_of : std::nullopt,
                           fallback_rules_);
      return &fallback_rules_.month;
    } catch (const FatalError&) {
      return nullptr;
    }
  }

  // The checks that look at each paid line once: control totals, the ledger alone, the lines
  // due under --rules (DIFFERS_FROM_RULES), the yearly lines for the checks across months. A
  // ledger read whole is gone through in memory; one byte-identical to the month computed
  // again is read a line at a time. Returns the yearly lines.
  MonthPaid check_lines() {
    const MonthInput* in = input();
    const MonthRules* rules = month_rules();
    std::optional<LedgerAloneCheck> alone;
    if (in && rules) alone.emplace(*in, *rules, ctx_, out_);
    std::optional<RulesDiff> differs = due_under_rules();
    YearlyLines yearly(m_, in, rules);
    LedgerSums sums;
    const std::optional<std::vector<LedgerRow>>* whole[] = {&files_.payments, &files_.subsidies,
                                                            &files_.held};
    for (int i = 0; i < 3; ++i) {
      const auto file = static_cast<LedgerSums::File>(i);
      const auto feed = [&](const LedgerRow& r) {
        sums.add(file, r);
        if (file == LedgerSums::kHeld) return;
        if (alone) alone->add(r);
        if (differs) differs->add(r);
        yearly.add(r);
      };
      if (*whole[i]) {
        sums.start(file);
        for (const LedgerRow& r : **whole[i]) feed(r);
      } else if (same_bytes(kLedgers[i])) {
        // Its bytes were hashed a moment ago; should they change before they are read (another
        // program writing into the archive), FatalError stops the audit.
        sums.start(file);
        for_each_ledger_row(dir_ + "/" + kLedgers[i], encoding(), feed);
      }
    }
    if (manifest_) check_control_totals(*manifest_, sums, files_.disbursement, ctx_, out_);
    if (alone) alone->finish();
    if (differs) {
      std::string name = *a_.rules;
      if (a_.as_of) name += fmt::format(" (as of {})", a_.as_of->str());
      differs->finish(name, out_);
    }
    return yearly.take();
  }

  // The lines due under --rules, from the folder's inputs. An error of those rules stops the
  // audit (exit 3); one of the folder's inputs was reported already.
  std::optional<RulesDiff> due_under_rules() {
    if (!a_.rules) return std::nullopt;
    ComputedMonth due;
    try {
      compute_month(*a_.rules, dir_ + "/inputs", m_, a_.as_of, opts_, due);
    } catch (const FatalError& e) {
      if (e.file() == *a_.rules) throw;
      return std::nullopt;
    }
    return RulesDiff(due.roll, ctx_);
  }

  const AuditArgs& a_;
  YearMonth m_;
  std::string dir_, scratch_;
  std::vector<AuditFinding>& out_;
  CheckContext ctx_;
  std::optional<FolderManifest> manifest_;
  CommonOptions opts_;
  FolderLedgers files_;
  std::set<std::string> unreadable_;
  ComputedMonth computed_;
  bool computed_ok_ = false;
  std::string cannot_compute_;                          // why, when !computed_ok_
  Manifest again_;                                      // of the month computed again
  std::map<std::string, std::string> folder_sha_;       // "" when missing
  MonthInput fallback_input_;
  LoadedRules fallback_rules_;
};

}  // namespace

int audit_command(const AuditArgs& a, std::ostream& out) {
  if (a.to < a.from)
    throw OutFolderError(2, fmt::format("--to {} is before --from {}", a.to.str(), a.from.str()));
  std::error_code ec;
  if (!fs::is_directory(a.archive, ec))
    throw FatalError(a.archive, 0, 0, "--archive: no such folder");
  check_out_folder(a.out, a.force);

  AuditReport report;
  report.archive = a.archive;
  report.from = a.from;
  report.to = a.to;
  report.as_of = a.as_of;
  if (a.rules) {
    // A rules file with errors stops the audit before anything is written (exit 3).
    const std::string bytes = read_file(*a.rules);
    load_rules_or_throw(bytes, *a.rules);
    report.rules_file = *a.rules;
    report.rules_sha256 = sha256_hex(bytes);
  }

  // Each month's inputs are read once to reproduce it, once more to compare with --rules.
  int64_t total_bytes = 0;
  for (YearMonth m = a.from; m <= a.to; m = m.plus(1))
    total_bytes += input_bytes(InputFiles::in(a.archive + "/" + m.str() + "/inputs"));
  Progress progress(a.common.progress_mode, a.common.write.lang, total_bytes * (a.rules ? 2 : 1));
  AuditArgs args = a;
  args.common.progress = &progress;

  ResultFolder folder(a.out, a.force);
  std::vector<AuditFinding> findings;
  std::vector<MonthPaid> paid;
  for (YearMonth m = a.from; m <= a.to; m = m.plus(1)) {
    AuditedMonth am;
    MonthAudit audit(args, m, folder.path(".reproduce-" + m.str()), findings);
    if (auto p = audit.run(am)) paid.push_back(std::move(*p));
    report.months.push_back(std::move(am));
  }
  progress.phase(Phase::kWriting);
  check_across_months(paid, findings);
  sort_findings(findings);

  const WriteOptions& wo = a.common.write;
  report.outputs.push_back(write_findings(folder.dir(), findings, wo));
  report.outputs.push_back(write_findings_summary(folder.dir(), findings, report, wo));
  report.outputs.push_back(write_findings_html(folder.dir(), findings, report, wo));
  {
    OutputFile mf(folder.path("manifest.json"), OutputEncoding::kUtf8, false);
    mf.write(audit_manifest_json(report, findings, wo));
    mf.close();
  }
  folder.commit();
  progress.stop();

  const SeverityCounts c = count_severities(findings);
  if (!a.common.quiet) {
    int64_t with = 0, without = 0, missing = 0;
    for (const AuditedMonth& m : report.months) {
      if (m.status == MonthStatus::kManifest) ++with;
      if (m.status == MonthStatus::kNoManifest) ++without;
      if (m.status == MonthStatus::kMissing) ++missing;
    }
    if (wo.lang == Lang::kZh) {
      out << fmt::format("审计 {} 至 {}：{} 个月（有清单 {}，无清单 {}，缺失 {}）\n", a.from.str(),
                         a.to.str(), report.months.size(), with, without, missing);
      out << fmt::format("发现：{} 项错误，{} 项待复核，{} 项提示\n", c.error, c.review, c.info);
      out << fmt::format("结果目录：{}\n", a.out);
    } else {
      out << fmt::format("audit {} to {}: {} months ({} with manifest, {} without, {} missing)\n",
                         a.from.str(), a.to.str(), report.months.size(), with, without, missing);
      out << fmt::format("findings: {} error, {} review, {} info\n", c.error, c.review, c.info);
      out << fmt::format("written to: {}\n", a.out);
    }
  }
  return c.error > 0 ? 4 : 0;
}

}  // namespace benefitroll
