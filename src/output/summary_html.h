// summary.html (outputs.md): the month on one self-contained page for the section chief who
// signs it: totals, a bar chart by item and by street (inline SVG), household outcomes, held
// lines and exceptions by code. No script, no external resource, no clock time, no ID or account
// number; prints on A4. It formats what the roll computed and computes no amount.
#pragma once

#include <cstdint>
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
/// fen) and the text written after it.
struct Bar {
  std::string label;
  int64_t value = 0;
  std::string text;
};
/// An inline SVG horizontal bar chart, scaled to its largest value; `title` is its accessible
/// name. Integer geometry only.
std::string svg_bar_chart(const std::vector<Bar>& bars, std::string_view title);

/// A whole page around `body`: doctype, charset, the shared print-ready CSS (A4), `title`.
std::string html_page(std::string_view title, std::string_view body, Lang lang);

/// Writes DIR/summary.html for a month computed by the roll (UTF-8 without BOM, whatever
/// --output-encoding says: the page declares its charset). `disbursement` is what
/// disbursement.csv holds; `versions` the manifest's rules.versions.
FileRecord write_summary_html(const std::string& dir, const RollResult& r,
                              const HouseholdTable& households, const Rules& rules,
                              const std::vector<Disbursement>& disbursement,
                              const std::vector<std::string>& versions, YearMonth month,
                              std::optional<Date> as_of, const WriteOptions& opt);

}  // namespace benefitroll
