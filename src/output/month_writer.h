// Writers of the month folder's files (outputs.md): the ledgers, held.csv, disbursement.csv,
// exceptions.csv, watchlist.csv, summary.csv and manifest.json. They format what the roll
// computed; they compute no amount. Reports meant for people are masked here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "calc/roll.h"
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
/// Sums the cash and premium lines of both ledgers per payee, in disbursement.csv order.
std::vector<Disbursement> disbursements(const std::vector<Line>& payments,
                                        const std::vector<Line>& subsidies);

/// Writes a ledger (payments.csv, subsidies.csv) or held.csv (with `reason`).
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
FileRecord write_exceptions(const std::string& dir, const std::vector<Issue>& issues,
                            const WriteOptions& opt);
FileRecord write_watchlist(const std::string& dir, const std::vector<WatchRow>& rows,
                           const WriteOptions& opt);
FileRecord write_summary(const std::string& dir, const std::vector<Line>& payments,
                         const std::vector<Line>& subsidies, const WriteOptions& opt);
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
