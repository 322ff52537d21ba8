#include "output/ledger_stream.h"

#include <malloc.h>

#include <utility>

namespace benefitroll {

LedgerStream::LedgerStream(const std::string& dir, YearMonth month, const Rules& rules,
                           const WriteOptions& opt, int64_t keep_rows)
    : dir_(dir), month_(month.str()), rules_(rules), opt_(opt), keep_rows_(keep_rows) {
  for (size_t k = 0; k < kFiles; ++k) {
    files_[k] = std::make_unique<OutputFile>(dir + "/" + kNames[k], opt.encoding);
    CsvWriter w(*files_[k]);
    if (k < 3)
      ledger_header(w, k == 2);
    else if (k == 3)
      exceptions_header(w);
    else
      watchlist_header(w);
  }
}

void LedgerStream::start(size_t workers) {
  gathered_.resize(workers);
  // The program keeps freed memory for reuse (main.cc's tune_memory); what the roll's checks
  // used before the blocks, and the lines kept for the workbook until there were too many, are
  // given back now instead, for the roll of millions of households to stay small.
  ::malloc_trim(0);
  // The payees wait in files of their own until the roll is done and its rows let go of.
  for (Gathered& g : gathered_) g.disbursement.spill_into(dir_);
}

void LedgerStream::prepare(size_t worker, LedgerBlock& b) {
  const std::array<const std::vector<Line>*, 3> lines = {&b.payments, &b.subsidies, &b.held};
  for (size_t k = 0; k < kFiles; ++k) {
    TextBuffer text{std::move(b.prepared[k])};  // its capacity is kept from block to block
    text.text.clear();
    TextCsvWriter w(text);
    if (k < 3)
      for (const Line& l : *lines[k]) ledger_row(w, month_, l, k == 2, rules_);
    else if (k == 3)
      for (const Issue& i : b.issues) exception_row(w, i, opt_);
    else
      for (const WatchRow& r : b.watch) watch_row(w, r, opt_);
    b.prepared[k] = std::move(text.text);
    b.prepared_rows[k] = w.records();
  }
  Gathered& g = gathered_[worker];
  g.disbursement.add(b.payments, b.subsidies);
  g.summary.add(b.payments, b.subsidies);
  g.totals.add(b.payments, b.subsidies, b.held);
  g.counts.add(b.issues, b.watch);
}

void LedgerStream::consume(LedgerBlock& b) {
  for (size_t k = 0; k < kFiles; ++k) {
    files_[k]->write(b.prepared[k]);
    rows_[k] += b.prepared_rows[k];
  }
  if (!keeping_) return;
  int64_t rows = 0;
  for (int64_t n : rows_) rows += n;
  if (rows > keep_rows_) {
    keeping_ = false;
    for (auto& v : kept_) std::vector<Line>().swap(v);
    std::vector<Issue>().swap(kept_issues_);
    std::vector<WatchRow>().swap(kept_watch_);
    kept_text_.reset();
    ::malloc_trim(0);
    return;
  }
  // Past a few thousand rows, room for as many as are ever kept is made at once (memory never
  // written costs nothing): a large vector that grew by copying itself would hold twice its
  // size for a moment, in the middle of a large roll.
  auto room = [this](auto& v, size_t more) {
    if (v.size() + more > v.capacity() && v.size() + more > 16384)
      v.reserve(static_cast<size_t>(keep_rows_) + 1);
  };
  // Kept with text of their own: the block's rows may be gone by the time the workbook is made.
  StringPool& t = *kept_text_;
  auto own = [&t](std::string_view& v) { v = t.add(v); };
  const std::array<std::vector<Line>*, 3> lines = {&b.payments, &b.subsidies, &b.held};
  room(kept_issues_, b.issues.size());
  room(kept_watch_, b.watch.size());
  for (size_t k = 0; k < 3; ++k) room(kept_[k], lines[k]->size());
  for (size_t k = 0; k < 3; ++k)
    for (Line l : *lines[k]) {
      for (std::string_view* v : {&l.household_id, &l.person_id, &l.street, &l.community,
                                  &l.payee_name, &l.payee_account, &l.payee_id, &l.ref})
        own(*v);
      kept_[k].push_back(l);
    }
  for (Issue& i : b.issues) kept_issues_.push_back(std::move(i));
  for (WatchRow& w : b.watch) {
    for (std::string_view* v : {&w.household_id, &w.street, &w.community}) own(*v);
    kept_watch_.push_back(std::move(w));
  }
}

LedgerStream::Result LedgerStream::finish(RollResult& r) {
  Result out;
  // Each worker's sums are let go as soon as they are merged into the first's.
  DisbursementSums payees = std::move(gathered_[0].disbursement);
  for (Gathered& g : gathered_) {
    if (&g != &gathered_[0]) payees.merge(std::move(g.disbursement));
    g.disbursement = DisbursementSums();
    out.summary.merge(g.summary);
    out.totals.merge(g.totals);
    out.counts.merge(g.counts);
  }
  gathered_.clear();
  out.disbursement = payees.take_sorted();
  out.text = payees.take_text();
  const std::array<FileRecord*, kFiles> records = {&out.payments, &out.subsidies, &out.held,
                                                   &out.exceptions, &out.watchlist};
  const std::array<std::optional<Money>, kFiles> totals = {
      out.totals.payments.amount, out.totals.subsidies.amount, out.totals.held.amount,
      std::nullopt, std::nullopt};
  for (size_t k = 0; k < kFiles; ++k)
    *records[k] = {kNames[k], files_[k]->close(), rows_[k], totals[k]};
  if (keeping_) {
    r.text = std::move(kept_text_);
    r.payments = std::move(kept_[0]);
    r.subsidies = std::move(kept_[1]);
    r.held = std::move(kept_[2]);
    r.exceptions = std::move(kept_issues_);
    r.watchlist = std::move(kept_watch_);
  }
  return out;
}

}  // namespace benefitroll
