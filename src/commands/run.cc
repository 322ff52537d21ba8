#include "commands/run.h"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <filesystem>
#include <map>
#include <ostream>

#include "calc/roll.h"
#include "core/parallel.h"
#include "output/ledger_stream.h"
#include "output/result_folder.h"
#include "output/summary_html.h"
#include "output/workbook.h"

namespace benefitroll {

namespace {

struct Labels {
  Lang lang;
  const char* t(const char* zh, const char* en) const { return lang == Lang::kZh ? zh : en; }
};

}  // namespace

void load_month(const std::string& rules_path, const InputFiles& inputs, YearMonth month,
                std::optional<Date> as_of, const CommonOptions& opt, ComputedMonth& c,
                const std::string& copy_to, Keep keep) {
  if (opt.progress) opt.progress->phase(Phase::kReading);
  load_rules_for_month(rules_path, month, as_of, c.rules);
  load_month_input(inputs, month, opt, c.input, copy_to, keep);
}

namespace {
RollInput roll_input(const ComputedMonth& c, LedgerSink* sink) {
  return {&c.input.households, &c.input.members, c.input.cases ? &*c.input.cases : nullptr, sink,
          c.input.streamed.get()};
}

// validate reports the issues only: the lines are let go as the roll hands them on, so that
// checking a roll of millions of households does not hold its ledgers.
class IssuesOnly final : public LedgerSink {
 public:
  explicit IssuesOnly(std::vector<Issue>& out) : out_(out) {}
  void start(size_t) override {}
  void prepare(size_t, LedgerBlock&) override {}
  void consume(LedgerBlock& b) override {
    for (Issue& i : b.issues) out_.push_back(std::move(i));
  }

 private:
  std::vector<Issue>& out_;
};
}  // namespace

void compute_month(const std::string& rules_path, const InputFiles& inputs, YearMonth month,
                   std::optional<Date> as_of, const CommonOptions& opt, ComputedMonth& c) {
  load_month(rules_path, inputs, month, as_of, opt, c);
  if (opt.progress) opt.progress->phase(Phase::kComputing);
  run_roll(roll_input(c, nullptr), c.rules.rules, c.rules.month, opt.effective_jobs(), c.roll);
}

Manifest compute_month_files(const std::string& dir, ComputedMonth& c, YearMonth month,
                             std::optional<Date> as_of, const CommonOptions& opt,
                             IssueCounts* counts) {
  const MonthInput& in = c.input;
  const WriteOptions& wo = opt.write;
  const Rules& rules = c.rules.rules;
  Manifest m;
  m.month = month;
  m.as_of = as_of;
  m.input_encoding = opt.input_encoding_name();
  m.options = wo;
  m.versions = c.rules.month.version_refs();
  // The exports were copied into dir/inputs/ as they were read (load_month's copy_to); they
  // are closed (fsynced) after the roll, by when the kernel has written most of them.
  if (c.input.copies.size() != (in.cases ? 3u : 2u))
    throw std::logic_error("compute_month_files: the inputs were not copied into the folder");
  m.rules = copy_bytes(dir, "rules.toml", c.rules.bytes, -1);

  // The ledgers are written as the roll computes them, and what the other files need of their
  // lines is gathered on the way. The lines are kept for the workbook only when it is written.
  if (opt.progress) opt.progress->phase(Phase::kComputing);
  LedgerStream stream(dir, month, rules, wo, kWorkbookMaxRows);
  run_roll(roll_input(c, &stream), rules, c.rules.month, opt.effective_jobs(), c.roll);
  c.input.streamed.reset();  // the rows' keys: what follows needs only the roll's sums
  for (InputCopy& copy : c.input.copies) m.inputs.push_back(copy.close());
  c.input.copies.clear();
  if (opt.progress) opt.progress->phase(Phase::kWriting);
  LedgerStream::Result lines = stream.finish(c.roll);
  const RollResult& r = c.roll;

  // The other files are independent: the workbook (when written) on one thread, the reports on
  // the other. The manifest lists them in its fixed order.
  FileRecord disbursement, summary, html;
  std::optional<FileRecord> workbook;
  const std::vector<Disbursement>& disb = lines.disbursement;
  side_by_side(
      opt.effective_jobs(),
      [&] {
        if (workbook_written(r)) workbook = write_workbook(dir, r, month, rules, wo);
      },
      [&] {
        disbursement = write_disbursement(dir, disb, wo);
        summary = lines.summary.write(dir, wo);
        html = write_summary_html(dir, r, lines.totals, lines.counts, rules, disb,
                                  m.versions, month, as_of, wo);
      });
  m.outputs = {lines.payments, lines.subsidies, lines.held, disbursement, lines.exceptions,
               lines.watchlist, summary, html};
  if (workbook) m.outputs.push_back(*workbook);
  m.outputs.push_back(m.rules);
  m.outputs.insert(m.outputs.end(), m.inputs.begin(), m.inputs.end());

  if (counts) *counts = std::move(lines.counts);
  m.households = r.households;
  m.members = r.members;
  if (in.cases) m.cases = r.cases;
  m.control_payments = *m.outputs[0].amount;
  m.control_subsidies = *m.outputs[1].amount;
  m.control_held = *m.outputs[2].amount;
  m.control_disbursement = *m.outputs[3].amount;
  m.accounts = static_cast<int64_t>(disb.size());
  // Invariants the manifest promises (outputs.md); a failure is a bug, not a data problem.
  const LedgerTotals& t = lines.totals;
  const Money cash = t.payments.amount + t.subsidies_disbursed.amount;
  if (cash != m.control_disbursement)
    throw std::logic_error("disbursement total differs from the cash and premium lines");
  if (m.households.paid + m.households.held + m.households.not_paid + m.households.rejected !=
      m.households.rows)
    throw std::logic_error("household outcomes do not add up to the rows");
  return m;
}

int run_command(const RunArgs& a, std::ostream& out) {
  check_out_folder(a.out, a.force);
  const InputFiles inputs = InputFiles::in(a.input);
  Progress progress(a.common.progress_mode, a.common.write.lang, input_bytes(inputs));
  CommonOptions opt = a.common;
  opt.progress = &progress;
  // The folder first: the exports are copied into it as they are read. A bad input leaves
  // nothing behind (the temporary folder goes with `folder`).
  ResultFolder folder(a.out, a.force);
  ComputedMonth c;
  // Only the keys of the rows are held; each household's rows are read again as it is computed.
  load_month(a.rules, inputs, a.month, a.as_of, opt, c, folder.dir(), Keep::kKeys);
  const RollResult& r = c.roll;
  const WriteOptions& wo = a.common.write;
  IssueCounts counts;
  Manifest m = compute_month_files(folder.dir(), c, a.month, a.as_of, opt, &counts);
  progress.phase(Phase::kWriting);
  {
    OutputFile mf(folder.path("manifest.json"), OutputEncoding::kUtf8, false);
    mf.write(manifest_json(m));
    mf.close();
  }
  folder.commit();
  progress.stop();

  if (!a.common.quiet) {
    Labels L{wo.lang};
    out << fmt::format("{} {}\n", L.t("月份", "month"), a.month.str());
    out << fmt::format("{}: {} {}, {} {}, {} {}, {} {}, {} {}\n", L.t("户", "households"),
                       m.households.rows, L.t("行", "rows"), m.households.paid, L.t("已发放", "paid"),
                       m.households.held, L.t("暂缓", "held"), m.households.not_paid,
                       L.t("未发放", "not paid"), m.households.rejected, L.t("不予受理", "rejected"));
    out << fmt::format("payments.csv {} ({} {}), subsidies.csv {} ({} {}), held.csv {} ({} {}), "
                       "disbursement.csv {} ({} {})\n",
                       m.control_payments.str(), m.outputs[0].rows, L.t("行", "lines"),
                       m.control_subsidies.str(), m.outputs[1].rows, L.t("行", "lines"),
                       m.control_held.str(), m.outputs[2].rows, L.t("行", "lines"),
                       m.control_disbursement.str(), m.accounts, L.t("个账户", "accounts"));
    std::map<Severity, int64_t> by_sev;
    for (const auto& [key, n] : counts.by_code) by_sev[key.first] += n;
    out << fmt::format("exceptions.csv: {} {}, {} {}, {} {}, {} {}\n", by_sev[Severity::kError],
                       L.t("错误", "error"), by_sev[Severity::kHold], L.t("暂缓", "hold"),
                       by_sev[Severity::kReview], L.t("待核查", "review"), by_sev[Severity::kInfo],
                       L.t("提示", "info"));
    if (!workbook_written(r))
      out << fmt::format(fmt::runtime(L.t("ledgers.xlsx: 未生成（表格共 {} 行，超过 {} 行；明细见 CSV）\n",
                             "ledgers.xlsx: not written ({} rows, over {}; the CSVs hold every line)\n")),
                         workbook_rows(r), kWorkbookMaxRows);
    out << fmt::format("{}: {}\n", L.t("结果目录", "written to"), a.out);
  }
  return 0;
}

int validate_command(const RunArgs& a, std::ostream& out) {
  const InputFiles inputs = InputFiles::in(a.input);
  Progress progress(a.common.progress_mode, a.common.write.lang, input_bytes(inputs));
  CommonOptions opt = a.common;
  opt.progress = &progress;
  ComputedMonth c;
  load_month(a.rules, inputs, a.month, a.as_of, opt, c, {}, Keep::kKeys);
  progress.phase(Phase::kComputing);
  std::vector<Issue> exceptions;  // in exceptions.csv order
  IssuesOnly sink(exceptions);
  run_roll(roll_input(c, &sink), c.rules.rules, c.rules.month, opt.effective_jobs(), c.roll);
  progress.stop();
  IssueCounts counts;  // the same count by code that run prints
  counts.add(exceptions, {});
  bool errors = false;
  for (const auto& [key, n] : counts.by_code) {
    out << fmt::format("{:<7} {:<24} {}\n", to_string(key.first), key.second, n);
    if (key.first == Severity::kError) errors = true;
  }
  if (!a.common.quiet) {
    const WriteOptions& wo = a.common.write;
    for (const Issue& i : exceptions) {
      std::string where = i.file.empty() ? mask_text(i.household_id, wo.mask)
                                         : fmt::format("{}:{}", i.file, i.line);
      std::string col = i.column.empty() ? "" : fmt::format(" {}:", i.column);
      out << fmt::format("{}: {}: {}{} {}\n", where, to_string(i.severity), i.code, col,
                         mask_text(pick(i.message, wo.lang), wo.mask));
    }
  }
  return errors ? 4 : 0;
}

}  // namespace benefitroll
