// summary.html (outputs.md): the month on one self-contained page for the section chief who
// signs it: totals, a bar chart by item and by street (inline SVG), household outcomes, held
// lines and exceptions by code; and the page pieces that recompute's summary.html
// (recompute_html.h) and audit's (findings.h) share. No script, no external resource, no clock
// time, no ID or account number; prints on A4. It formats what the roll computed and computes no
// amount.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calc/roll.h"
#include "output/month_writer.h"
#include "rules/rules.h"

namespace benefitroll {

/// Text made safe for HTML content and attribute values.
std::string html_escape(std::string_view s);

/// An amount for people: "12,345.67" (thousands grouped; the CSVs never group).
std::string grouped(Money m);

/// One bar of a horizontal bar chart: its label, its length (any non-negative integer, e.g.
/// fen) and the text written after it; a `negative` bar (an amount below zero, drawn with its
/// magnitude) is red instead of blue.
struct Bar {
  std::string label;
  int64_t value = 0;
  std::string text;
  bool negative = false;
};
/// An inline SVG horizontal bar chart, scaled to its largest value; `title` is its accessible
/// name. Integer geometry only.
std::string svg_bar_chart(const std::vector<Bar>& bars, std::string_view title);

/// A whole page around `body`: doctype, charset, the shared print-ready CSS (A4), `title`.
std::string html_page(std::string_view title, std::string_view body, Lang lang);

// Pieces of the pages of run and recompute, in the --lang language.
/// A total as a card: its label, its value as shown ("12,345.67"), a note under it (escaped).
std::string html_card(std::string_view key, std::string_view value, std::string_view note);
/// "12 行" / "12 lines".
std::string lines_word(int64_t n, Lang lang);
/// Which rules versions were used: "按 2020-09-15 已公布的标准计算", or every version.
std::string as_of_note(std::optional<Date> as_of, Lang lang);
/// The section "held lines by reason" over the held lines of one or more months ("" if none).
std::string held_section(const std::vector<MonthLines>& held, Lang lang);
/// The same over sums by reason already made.
std::string held_section(const std::map<std::string_view, LineSum>& by_reason, Lang lang);
/// The exceptions counted by severity and code, with each code's meaning ("None" when empty).
std::string exceptions_table(const std::vector<Issue>& issues, Lang lang);
/// Counts by (severity, code); the codes are views of text that outlives the map.
using CodeCounts = std::map<std::pair<Severity, std::string_view>, int64_t>;
/// The table of exceptions_table over counts already made (audit's findings).
std::string code_counts_table(const CodeCounts& by_code, Lang lang);
/// The lines to sign: prepared by, checked by the section chief, date.
std::string sign_lines(Lang lang);
/// The end of a page: the lines to sign, then the footnote "由 benefitroll VERSION 生成。" /
/// "Written by benefitroll VERSION. " followed by `zh_rest` or `en_rest` (escaped).
std::string page_end(Lang lang, std::string_view zh_rest, std::string_view en_rest);

/// A column of a table: its width in percent, its header, right-aligned when it holds numbers.
struct Column {
  int width = 0;
  std::string_view head;
  bool num = false;
};
/// "<table>", the columns' widths and the header row.
std::string table_start(const std::vector<Column>& columns);

/// Writes DIR/summary.html for a month computed by the roll (UTF-8 without BOM, whatever
/// --output-encoding says: the page declares its charset). `disbursement` is what
/// disbursement.csv holds; `versions` the manifest's rules.versions.
FileRecord write_summary_html(const std::string& dir, const RollResult& r,
                              const LedgerTotals& totals, const IssueCounts& counts,
                              const Rules& rules,
                              const std::vector<Disbursement>& disbursement,
                              const std::vector<std::string>& versions, YearMonth month,
                              std::optional<Date> as_of, const WriteOptions& opt);

}  // namespace benefitroll
