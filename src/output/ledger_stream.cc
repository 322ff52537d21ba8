#include "output/ledger_stream.h"

#include <utility>

namespace benefitroll {

LedgerStream::LedgerStream(const std::string& dir, YearMonth month, const Rules& rules,
                           const WriteOptions& opt, int64_t keep_lines)
    : month_(month.str()), rules_(rules), keep_lines_(keep_lines) {
  for (size_t k = 0; k < 3; ++k) {
    files_[k] = std::make_unique<OutputFile>(dir + "/" + kNames[k], opt.encoding);
    CsvWriter w(*files_[k]);
    ledger_header(w, k == 2);
  }
}

void LedgerStream::start(size_t workers) { gathered_.resize(workers); }

void LedgerStream::prepare(size_t worker, LedgerBlock& b) {
  const std::array<const std::vector<Line>*, 3> lines = {&b.payments, &b.subsidies, &b.held};
  for (size_t k = 0; k < 3; ++k) {
    TextBuffer text{std::move(b.prepared[k])};  // its capacity is kept from block to block
    text.text.clear();
    TextCsvWriter w(text);
    for (const Line& l : *lines[k]) ledger_row(w, month_, l, k == 2, rules_);
    b.prepared[k] = std::move(text.text);
    b.prepared_rows[k] = w.records();
  }
  Gathered& g = gathered_[worker];
  g.disbursement.add(b.payments);
  g.disbursement.add(b.subsidies);
  g.summary.add(b.payments, b.subsidies);
  g.totals.add(b.payments, b.subsidies, b.held);
}

void LedgerStream::consume(LedgerBlock& b) {
  const std::array<std::vector<Line>*, 3> lines = {&b.payments, &b.subsidies, &b.held};
  for (size_t k = 0; k < 3; ++k) {
    files_[k]->write(b.prepared[k]);
    rows_[k] += b.prepared_rows[k];
  }
  if (!keeping_) return;
  if (rows_[0] + rows_[1] + rows_[2] > keep_lines_) {
    keeping_ = false;
    for (auto& v : kept_) std::vector<Line>().swap(v);
    return;
  }
  for (size_t k = 0; k < 3; ++k) kept_[k].insert(kept_[k].end(), lines[k]->begin(), lines[k]->end());
}

LedgerStream::Result LedgerStream::finish(RollResult& r) {
  Result out;
  // Each worker's sums are let go as soon as they are merged into the first's.
  DisbursementSums payees = std::move(gathered_[0].disbursement);
  for (Gathered& g : gathered_) {
    if (&g != &gathered_[0]) payees.merge(g.disbursement);
    g.disbursement = DisbursementSums();
    out.summary.merge(g.summary);
    out.totals.merge(g.totals);
  }
  gathered_.clear();
  out.disbursement = payees.take_sorted();
  const std::array<FileRecord*, 3> records = {&out.payments, &out.subsidies, &out.held};
  const std::array<Money, 3> totals = {out.totals.payments.amount, out.totals.subsidies.amount,
                                       out.totals.held.amount};
  for (size_t k = 0; k < 3; ++k) *records[k] = {kNames[k], files_[k]->close(), rows_[k], totals[k]};
  if (keeping_) {
    r.payments = std::move(kept_[0]);
    r.subsidies = std::move(kept_[1]);
    r.held = std::move(kept_[2]);
  }
  return out;
}

}  // namespace benefitroll
