// ledgers.xlsx (outputs.md): the ledgers, held lines, exceptions and watch list as sheets of one
// workbook for Excel and WPS, written with libxlsxwriter. IDs and accounts are text cells,
// amounts numbers shown with two decimals; the exception and watch-list sheets are masked like
// their CSVs. Byte-identical from run to run (fixed document date). Computes no amount.
#pragma once

#include <string>

#include "calc/roll.h"
#include "output/month_writer.h"
#include "rules/rules.h"

namespace benefitroll {

/// Data rows per sheet: Excel's 1,048,576 rows less the header. A longer list continues on
/// sheets named "… (2)", "… (3)".
inline constexpr int64_t kSheetRows = 1048575;

/// The workbook is for people reading a roll in a spreadsheet: it is written when its sheets
/// together hold at most this many rows (a district's or a city's roll). A larger roll (a
/// province's) is left to the CSVs, which hold every line whatever the size: a sheet of millions
/// of rows opens in neither Excel nor WPS, and compressing it would cost more than the whole run.
inline constexpr int64_t kWorkbookMaxRows = 200000;
/// The rows the workbook's sheets would hold for this roll.
int64_t workbook_rows(const RollResult& r);
inline bool workbook_written(const RollResult& r) { return workbook_rows(r) <= kWorkbookMaxRows; }

/// Writes DIR/ledgers.xlsx for a month computed by the roll; its FileRecord holds the sha256 of
/// the file as closed (rows -1: not a CSV). Throws std::runtime_error when it cannot be written.
FileRecord write_workbook(const std::string& dir, const RollResult& r, YearMonth month,
                          const Rules& rules, const WriteOptions& opt);

}  // namespace benefitroll
