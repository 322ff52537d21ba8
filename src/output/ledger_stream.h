// LedgerStream: the roll's LedgerSink for `run`. Writes payments.csv, subsidies.csv and held.csv
// as the roll computes them, a block of households at a time, so that a month of millions of
// households never holds its ledgers in memory. Each block's CSV text is formatted on the
// worker thread that computed it, and the sums that disbursement.csv, summary.csv and
// summary.html need are gathered there too; the text is written (and hashed) in ledger order.
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
  /// Creates the three files in dir. The lines are kept in memory too, for the workbook, as
  /// long as there are at most keep_lines of them.
  LedgerStream(const std::string& dir, YearMonth month, const Rules& rules,
               const WriteOptions& opt, int64_t keep_lines);

  void start(size_t workers) override;
  void prepare(size_t worker, LedgerBlock& block) override;
  void consume(LedgerBlock& block) override;

  struct Result {
    FileRecord payments, subsidies, held;
    std::vector<Disbursement> disbursement;  // in disbursement.csv order
    SummaryTotals summary;
    LedgerTotals totals;
  };
  /// Closes the files and merges what the workers gathered. When every line was kept, moves
  /// them into r's vectors (the workbook reads them there).
  Result finish(RollResult& r);

 private:
  struct Gathered {
    DisbursementSums disbursement;
    SummaryTotals summary;
    LedgerTotals totals;
  };
  static constexpr const char* kNames[3] = {"payments.csv", "subsidies.csv", "held.csv"};
  std::string month_;
  const Rules& rules_;
  std::array<std::unique_ptr<OutputFile>, 3> files_;
  std::array<int64_t, 3> rows_{};
  std::vector<Gathered> gathered_;
  int64_t keep_lines_;
  bool keeping_ = true;
  std::array<std::vector<Line>, 3> kept_;
};

}  // namespace benefitroll
