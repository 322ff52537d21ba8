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

/// Writes DIR/ledgers.xlsx for a month computed by the roll; its FileRecord holds the sha256 of
/// the file as closed (rows -1: not a CSV). Throws std::runtime_error when it cannot be written.
FileRecord write_workbook(const std::string& dir, const RollResult& r, YearMonth month,
                          const Rules& rules, const WriteOptions& opt);

}  // namespace benefitroll
