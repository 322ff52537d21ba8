// Writers of the month folder's files (outputs.md): the ledgers, held.csv, disbursement.csv,
// exceptions.csv, watchlist.csv, summary.csv and manifest.json. They format what the roll
// computed; they compute no amount. Reports meant for people are masked here.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "calc/roll.h"
#include "core/string_pool.h"
#include "core/issue.h"
#include "output/output_file.h"
#include "rules/rules.h"

namespace benefitroll {

struct WriteOptions {
  OutputEncoding encoding = OutputEncoding::kUtf8Bom;
  Lang lang = Lang::kZh;
  bool mask = true;
};

/// One written (or copied) file, as the manifest lists it.
struct FileRecord {
  std::string file;  // relative to the folder: "payments.csv", "inputs/members.csv"
  std::string sha256;
  int64_t rows = -1;             // data rows; -1: not a CSV (rules.toml)
  std::optional<Money> amount;   // ledgers, held and disbursement
};

/// One row of disbursement.csv.
struct Disbursement {
  std::string_view account, name, payee_id;
  int64_t lines = 0;
  Money amount;
};

/// The cash and premium lines of both ledgers summed per payee, a block of lines at a time;
/// several (one per thread) merge into one, and the result never depends on how the lines
/// were split among them. A payee is looked up only among its block's (a small table that
/// stays in cache); the few met in several blocks (the insurer, a shared account) are summed
/// when the payees are sorted at the end, so that no table of every payee of the roll is kept.
class DisbursementSums {
 public:
  /// The cash and premium lines of one block of households (and cases), both ledgers.
  void add(const std::vector<Line>& payments, const std::vector<Line>& subsidies);
  void merge(DisbursementSums&& other);
  /// The payees in disbursement.csv order, each once; leaves the sums empty. Their text is
  /// this object's own (copied as the payees were met) until take_text().
  std::vector<Disbursement> take_sorted();
  std::vector<std::unique_ptr<StringPool>> take_text() { return std::move(text_); }
  /// From now on the payees of each block go to a file of their own in `dir` (unnamed, gone
  /// when closed) instead of staying in memory while the roll computes; take_sorted() reads
  /// them back. Throws IoError when the file cannot be made.
  void spill_into(const std::string& dir);

 private:
  struct Payee {
    std::string_view account, name, id;
    bool operator==(const Payee&) const = default;
  };
  struct PayeeHash {
    size_t operator()(const Payee& p) const;
  };
  std::vector<Disbursement> rows_;                       // each payee once per block
  std::unordered_map<Payee, size_t, PayeeHash> block_;  // the block's payees: their rows_
  // The payees' text: a line's lives only as long as its block (month_rows.h).
  std::vector<std::unique_ptr<StringPool>> text_;
  struct Spill;
  struct SpillClose {
    void operator()(Spill* s) const;
  };
  std::vector<std::unique_ptr<Spill, SpillClose>> spills_;  // the first is this one's own
  void spill_block();
  void read_back();
};

/// Lines and amount.
struct LineSum {
  int64_t lines = 0;
  Money amount;
  void add(Money a) {
    ++lines;
    amount += a;
  }
  void add(const LineSum& o) {
    lines += o.lines;
    amount += o.amount;
  }
};

/// The totals summary.html shows, over the ledgers' lines (by item, form and street) and the
/// held lines (by reason), gathered a block at a time and merged like DisbursementSums.
struct LedgerTotals {
  std::array<LineSum, kItemCount> by_item{};
  std::array<LineSum, 4> by_form{};
  std::map<std::string, LineSum, std::less<>> by_street;
  std::map<std::string_view, LineSum> held_by_reason;
  LineSum payments, subsidies, held;
  LineSum subsidies_disbursed;  // the subsidies' cash and premium lines
  void add(const std::vector<Line>& payments, const std::vector<Line>& subsidies,
           const std::vector<Line>& held);
  void merge(const LedgerTotals& other);
};

/// summary.csv's counts by scope, key and item, gathered a block of households at a time: a
/// household's lines are never split between blocks. Merged like DisbursementSums.
class SummaryTotals {
 public:
  /// The lines of both ledgers of whole households (and cases), each in ledger order.
  void add(const std::vector<Line>& payments, const std::vector<Line>& subsidies);
  void merge(const SummaryTotals& other);
  FileRecord write(const std::string& dir, const WriteOptions& opt) const;

 private:
  struct Cell {
    int64_t households = 0, persons = 0, lines = 0;
    Money amount;
  };
  using Row = std::array<Cell, kItemCount + 1>;  // the items, then TOTAL
  std::map<std::pair<int, std::string>, Row> acc_;
};

/// One ledger row (payments.csv, subsidies.csv, or held.csv with `reason`), header excluded.
template <class Out>
void ledger_row(BasicCsvWriter<Out>& w, std::string_view month, const Line& l, bool held,
                const Rules& rules);
/// The header row of a ledger or of held.csv.
void ledger_header(CsvWriter& w, bool held);

/// Writes a ledger (payments.csv, subsidies.csv) or held.csv (with `reason`) from lines in memory.
FileRecord write_ledger(const std::string& dir, const std::string& name,
                        const std::vector<Line>& lines, bool held, YearMonth month,
                        const Rules& rules, const WriteOptions& opt);
/// The same for lines of several months (recompute's held.csv), month by month.
struct MonthLines {
  YearMonth month;
  const std::vector<Line>* lines;
};
FileRecord write_ledger_months(const std::string& dir, const std::string& name,
                               const std::vector<MonthLines>& months, bool held,
                               const Rules& rules, const WriteOptions& opt);
FileRecord write_disbursement(const std::string& dir, const std::vector<Disbursement>& rows,
                              const WriteOptions& opt);
/// One row of exceptions.csv or watchlist.csv (masked as outputs.md says), and their headers.
template <class Out>
void exception_row(BasicCsvWriter<Out>& w, const Issue& i, const WriteOptions& opt);
void exceptions_header(CsvWriter& w);
template <class Out>
void watch_row(BasicCsvWriter<Out>& w, const WatchRow& r, const WriteOptions& opt);
void watchlist_header(CsvWriter& w);

/// exceptions.csv's rows by severity and code, and watchlist.csv's by code (what run prints and
/// summary.html shows), counted a block at a time and merged like DisbursementSums.
struct IssueCounts {
  std::map<std::pair<Severity, std::string>, int64_t> by_code;
  std::map<std::string, int64_t> watch_by_code;
  void add(const std::vector<Issue>& issues, const std::vector<WatchRow>& watch);
  void merge(const IssueCounts& other);
};

/// summary.csv from both ledgers in memory (SummaryTotals over one block).
FileRecord write_summary(const std::string& dir, const std::vector<Line>& payments,
                         const std::vector<Line>& subsidies, const WriteOptions& opt);
FileRecord write_exceptions(const std::string& dir, const std::vector<Issue>& issues,
                            const WriteOptions& opt);
FileRecord write_watchlist(const std::string& dir, const std::vector<WatchRow>& rows,
                           const WriteOptions& opt);
/// Copies bytes as they were read (inputs, rules.toml).
FileRecord copy_bytes(const std::string& dir, const std::string& name, std::string_view bytes,
                      int64_t rows);

/// Masking of reports meant for people (outputs.md): IDs keep 6+4, accounts 4+4, and anything
/// shaped like an ID inside other text is masked too. Identity when mask is off.
std::string mask_id_value(std::string_view v, bool mask);
std::string mask_account_value(std::string_view v, bool mask);
std::string mask_text(std::string_view v, bool mask);

/// Everything manifest.json records.
struct Manifest {
  std::string command = "run";
  YearMonth month;
  std::optional<Date> as_of;
  std::string input_encoding = "auto";
  WriteOptions options;
  FileRecord rules;
  std::vector<std::string> versions;
  std::vector<FileRecord> inputs;
  std::vector<FileRecord> outputs;
  OutcomeCounts households;
  MemberCounts members;
  std::optional<CaseCounts> cases;
  Money control_payments, control_subsidies, control_held, control_disbursement;
  int64_t accounts = 0;
};
/// manifest.json, keys in a fixed order, no clock time.
std::string manifest_json(const Manifest& m);

}  // namespace benefitroll
