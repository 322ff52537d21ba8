// recompute's summary.html (commands.md): the arrears on one page for the section chief who
// signs the payment: totals, a chart by month and one by item, the months recomputed with their
// rules, held lines, exceptions by code. It formats what recompute computed (the page helpers of
// summary_html.h); it computes no amount, and holds no ID, account number or clock time.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/calendar.h"
#include "core/issue.h"
#include "output/month_writer.h"
#include "rules/rules.h"

namespace benefitroll {

/// The arrears rows of one month and item: how many, what was paid, what is due.
struct ArrearsSum {
  int64_t lines = 0;
  Money paid, due;
};
/// Keyed by (month YYYY-MM, item rank); rank kItemCount is the month's TOTAL (summary.csv's rows).
using ArrearsByMonthItem = std::map<std::pair<std::string, int>, ArrearsSum>;

/// One archived month as recompute saw it.
struct RecomputedMonth {
  YearMonth month;
  std::vector<std::string> versions_paid;  // the month folder's manifest (rules.versions)
  std::vector<std::string> versions_due;   // those of the recomputation
  std::vector<std::string> corrected;      // corrected exports used: "households.csv", ...
  int64_t settlements = 0, overpaid = 0;   // settlements.csv rows, of them with a negative net
  Money paid_now;
};

/// Everything the page shows besides the held lines and the exceptions.
struct RecomputeReport {
  YearMonth from, to;
  std::optional<Date> as_of;
  std::vector<RecomputedMonth> months;
  ArrearsByMonthItem arrears;
  int64_t arrears_rows = 0;
  Money arrears_total;
  int64_t settlements = 0;
  Money paid_now;
  int64_t accounts = 0;  // disbursement.csv rows
  int64_t overpaid = 0;  // OVERPAID rows
  Money overpaid_amount;
  int64_t earlier_recomputes = 0;
};

/// Writes DIR/summary.html (UTF-8, whatever --output-encoding says). `rules` names the items.
FileRecord write_recompute_html(const std::string& dir, const RecomputeReport& report,
                                const std::vector<MonthLines>& held,
                                const std::vector<Issue>& exceptions, const Rules& rules,
                                const WriteOptions& opt);

}  // namespace benefitroll
