// Reading back a result folder written by run or recompute: its manifest, the integrity check
// of every file it lists, the ledgers' lines and disbursement.csv's rows. Used by recompute and
// audit; computes nothing.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/string_pool.h"
#include "core/calendar.h"
#include "core/issue.h"
#include "core/money.h"
#include "input/csv.h"
#include "input/rows.h"
#include "output/month_writer.h"

namespace benefitroll {

struct ManifestFile {
  std::string file;
  std::string sha256;
  int64_t rows = -1;
  std::optional<Money> amount;
};

/// What a manifest.json says, as far as recompute and audit need it.
struct FolderManifest {
  std::string command;  // run / recompute / audit
  std::optional<YearMonth> month;
  std::optional<Date> as_of;
  std::string input_encoding = "auto";
  WriteOptions options;
  ManifestFile rules;
  std::vector<std::string> versions;
  std::vector<ManifestFile> inputs, outputs;
  OutcomeCounts households;
  Money control_payments, control_subsidies, control_held, control_disbursement;
  int64_t accounts = 0;
};

/// Reads DIR/manifest.json. Throws FatalError naming the file when it is not a manifest.
FolderManifest read_manifest(const std::string& dir);

/// One problem of integrity: a listed file missing or different, or an output not listed.
struct IntegrityProblem {
  std::string file;
  Text message;
};
/// Checks every file the manifest lists (sha256, and data rows of CSVs) and that no file is in
/// the folder that it does not list (manifest.json aside).
std::vector<IntegrityProblem> check_integrity(const std::string& dir, const FolderManifest& m);

/// A line of payments.csv, subsidies.csv or held.csv as written (amounts parsed exactly), but
/// its basis, which nothing reads back. Its text is views into a StringPool of the reader's
/// (read_ledger), or into literals in tests.
struct LedgerRow {
  int64_t line = 0;  // physical line in its file
  std::string_view month, household_id, person_id, item, item_name, form, street, community,
      payee_name, payee_account, rule, ref, reason;
  Money amount;
};

/// Reads a ledger or held.csv written with `encoding`; throws FatalError when it is not one.
/// The rows' text goes into `text`, which must outlive them. Values that repeat across lines
/// (month, item, its name, form, street, community, rule) are kept once: a month of 1,000,000
/// households has 4.4 million lines, and 14 strings a line held 2.7 GB.
std::vector<LedgerRow> read_ledger(const std::string& path, OutputEncoding encoding,
                                   StringPool& text);
/// The same, a line at a time, holding none: `row` is given each line in file order, its views
/// valid for the call only.
void for_each_ledger_row(const std::string& path, OutputEncoding encoding,
                         const std::function<void(const LedgerRow&)>& row);

/// Reads a CSV this program wrote a record at a time, from the file mapped and letting go of
/// the pages behind: on_header is given the header and at most how many records follow (to
/// reserve room), on_record each record, its values by header position (valid for the call).
/// Returns the header. Throws FatalError naming `path` for a BAD_ROW.
std::vector<std::string> read_output_records(
    const std::string& path, OutputEncoding encoding,
    const std::function<void(const std::vector<std::string>& header, size_t records)>& on_header,
    const std::function<void(const CsvRecord&)>& on_record);

/// One row of disbursement.csv as written.
struct DisbursementRow {
  int64_t line = 0;
  std::string account, name, payee_id;
  int64_t lines = 0;
  Money amount;
};
/// Reads disbursement.csv's rows, a record at a time (no table of strings on the way); throws
/// FatalError naming `path` when it is not a CSV, a column is missing or a value is not a count
/// or an amount.
std::vector<DisbursementRow> read_disbursement(const std::string& path, OutputEncoding encoding);

/// An amount cell of a file this program wrote (1234.56, -0.50); FatalError naming the file,
/// line and column when it is not one.
Money amount_cell(std::string_view value, const std::string& path, int64_t line, int column);

/// A CSV written by this program, as rows of named string fields (settlements.csv, ...).
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int64_t> lines;
  int column(std::string_view name) const;
};
CsvTable read_output_csv(const std::string& path, OutputEncoding encoding);

OutputEncoding output_encoding_from(std::string_view name);
InputEncoding input_encoding_from(std::string_view name);

}  // namespace benefitroll
