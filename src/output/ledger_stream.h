// LedgerStream: the roll's LedgerSink for `run`. Writes payments.csv, subsidies.csv, held.csv,
// exceptions.csv and watchlist.csv as the roll computes them, a block of households at a time,
// so that a month of millions of households never holds them in memory. Each block's CSV text
// is formatted on the worker thread that computed it, and the sums that disbursement.csv,
// summary.csv, summary.html and run's report need are gathered there too; the text is written
// (and hashed) in the files' order.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "calc/roll.h"
#include "output/month_writer.h"
#include "output/output_file.h"
#include "rules/rules.h"

namespace benefitroll {

class LedgerStream final : public LedgerSink {
 public:
  /// Creates the five files in dir. The lines, issues and watch rows are kept in memory too,
  /// for the workbook, as long as there are at most keep_rows of them in all.
  LedgerStream(const std::string& dir, YearMonth month, const Rules& rules,
               const WriteOptions& opt, int64_t keep_rows);

  void start(size_t workers) override;
  void prepare(size_t worker, LedgerBlock& block) override;
  void consume(LedgerBlock& block) override;

  struct Result {
    FileRecord payments, subsidies, held, exceptions, watchlist;
    std::vector<Disbursement> disbursement;  // in disbursement.csv order
    std::vector<std::unique_ptr<StringPool>> text;  // what `disbursement` points into
    SummaryTotals summary;
    LedgerTotals totals;
    IssueCounts counts;
  };
  /// Closes the files and merges what the workers gathered. When every row was kept, moves
  /// them into r's vectors (the workbook reads them there).
  Result finish(RollResult& r);

 private:
  struct Gathered {
    DisbursementSums disbursement;
    SummaryTotals summary;
    LedgerTotals totals;
    IssueCounts counts;
  };
  static constexpr size_t kFiles = 5;
  static constexpr const char* kNames[kFiles] = {"payments.csv", "subsidies.csv", "held.csv",
                                                 "exceptions.csv", "watchlist.csv"};
  std::string dir_;
  std::string month_;
  const Rules& rules_;
  const WriteOptions& opt_;
  std::array<std::unique_ptr<OutputFile>, kFiles> files_;
  std::array<int64_t, kFiles> rows_{};
  std::vector<Gathered> gathered_;
  int64_t keep_rows_;
  bool keeping_ = true;
  std::array<std::vector<Line>, 3> kept_;
  std::vector<Issue> kept_issues_;
  std::vector<WatchRow> kept_watch_;
  // The kept lines' and watch rows' text (a block's own lives only as long as the block).
  std::unique_ptr<StringPool> kept_text_ = std::make_unique<StringPool>();
};

}  // namespace benefitroll
