#include "output/recompute_html.h"

#include <fmt/format.h>

#include <algorithm>

#include "output/labels.h"
#include "output/output_file.h"
#include "output/summary_html.h"

namespace benefitroll {

namespace {

// A bar of a signed amount: its magnitude, red when below zero.
Bar amount_bar(std::string label, Money amount, std::string text) {
  const int64_t fen = amount.fen();
  return {std::move(label), fen < 0 ? -fen : fen, std::move(text), fen < 0};
}

// The recomputation's versions, those new to the month in bold; then those it replaced.
std::string versions_cell(const RecomputedMonth& m, Lang lang) {
  auto in = [](const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  };
  std::string s;
  for (const std::string& v : m.versions_due) {
    if (!s.empty()) s += ", ";
    s += in(m.versions_paid, v) ? html_escape(v) : "<b>" + html_escape(v) + "</b>";
  }
  std::string replaced;
  for (const std::string& v : m.versions_paid)
    if (!in(m.versions_due, v)) replaced += (replaced.empty() ? "" : ", ") + html_escape(v);
  if (!replaced.empty()) s += fmt::format("<br>{}{}", tr(lang, "原为：", "was: "), replaced);
  if (!m.corrected.empty())
    s += fmt::format("<br>{}{}", tr(lang, "更正数据：", "corrected exports: "),
                     html_escape(fmt::format("{}", fmt::join(m.corrected, ", "))));
  return s;
}

}  // namespace

FileRecord write_recompute_html(const std::string& dir, const RecomputeReport& r,
                                const std::vector<MonthLines>& held,
                                const std::vector<Issue>& exceptions, const Rules& rules,
                                const WriteOptions& opt) {
  const Lang lang = opt.lang;
  const bool zh = lang == Lang::kZh;
  auto t = [lang](std::string_view zh_text, std::string_view en) { return tr(lang, zh_text, en); };
  const std::string range = r.from == r.to ? r.from.str()
                                           : fmt::format("{} {} {}", r.from.str(), t("至", "to"),
                                                         r.to.str());

  const std::string title = mask_text(
      zh ? fmt::format("{} 社会救助补发重算汇总 {}", rules.meta.jurisdiction, range)
         : fmt::format("{}: social-assistance recompute (arrears), {}", rules.meta.jurisdiction,
                       range),
      opt.mask);
  std::string b;
  b += fmt::format("<h1>{}</h1>\n", html_escape(title));
  b += fmt::format("<p class=\"sub\">{}</p>\n", as_of_note(r.as_of, lang));
  b += fmt::format(
      "<p class=\"sub\">{}</p>\n",
      r.earlier_recomputes == 0
          ? std::string(t("档案中无此前的重算", "No earlier recompute in the archive"))
          : zh ? fmt::format("已扣除此前 {} 次重算的补发", r.earlier_recomputes)
               : fmt::format("What {} earlier recompute{} paid is counted as paid",
                             r.earlier_recomputes, r.earlier_recomputes == 1 ? "" : "s"));

  // Totals.
  b += fmt::format("<section>\n<h2>{}</h2>\n<div class=\"cards\">\n", t("合计", "Totals"));
  b += html_card(t("差额 arrears.csv", "Arrears (arrears.csv)"), grouped(r.arrears_total),
                 zh ? fmt::format("{}（应发 − 已发，含实物与减免）", lines_word(r.arrears_rows, lang))
                    : fmt::format("{} (due − paid, goods and waivers included)",
                                  lines_word(r.arrears_rows, lang)));
  b += html_card(t("本次补发 disbursement.csv", "Pay now (disbursement.csv)"), grouped(r.paid_now),
                 zh ? fmt::format("{} 个账户（现金及代缴保费）", r.accounts)
                    : fmt::format("{} accounts (cash and premiums)", r.accounts));
  b += html_card(t("结算 settlements.csv", "Settlements (settlements.csv)"),
                 fmt::format("{}", r.settlements),
                 t("行：按月、户（案件）与类别轧差，净额不为零",
                   "rows: netted per month, household (case) and role, net not zero"));
  b += html_card(t("多发待核定 OVERPAID", "Overpaid, to decide (OVERPAID)"),
                 grouped(r.overpaid_amount),
                 zh ? fmt::format("{}，见 exceptions.csv；不与他月、他户抵扣",
                                  lines_word(r.overpaid, lang))
                    : fmt::format("{} in exceptions.csv; never netted against another month or "
                                  "household",
                                  lines_word(r.overpaid, lang)));
  Money held_amount;
  int64_t held_lines = 0;
  for (const MonthLines& m : held) {
    held_lines += static_cast<int64_t>(m.lines->size());
    for (const Line& l : *m.lines) held_amount += l.amount;
  }
  b += html_card(t("暂缓发放 held.csv", "Held (held.csv)"), grouped(held_amount),
                 lines_word(held_lines, lang));
  b += html_card(t("重算月份", "Months recomputed"), fmt::format("{}", r.months.size()), range);
  b += "</div>\n</section>\n";

  // By month: every month recomputed, with or without arrears.
  bool negative = false;
  std::vector<Bar> month_bars;
  for (const RecomputedMonth& m : r.months) {
    auto it = r.arrears.find({m.month.str(), kItemCount});
    const ArrearsSum s = it == r.arrears.end() ? ArrearsSum{} : it->second;
    month_bars.push_back(amount_bar(m.month.str(), s.due - s.paid,
                                    fmt::format("{} ({})", grouped(s.due - s.paid), s.lines)));
    negative = negative || month_bars.back().negative;
  }
  // By item, over the months, in catalogue order.
  std::vector<Bar> item_bars;
  for (const ItemInfo& it : kCatalogue) {
    ArrearsSum s;
    for (const auto& [key, v] : r.arrears)
      if (key.second == static_cast<int>(it.item)) {
        s.lines += v.lines;
        s.paid += v.paid;
        s.due += v.due;
      }
    if (s.lines == 0) continue;
    item_bars.push_back(amount_bar(std::string(item_label(it.item, lang, rules)), s.due - s.paid,
                                   fmt::format("{} ({})", grouped(s.due - s.paid), s.lines)));
    negative = negative || item_bars.back().negative;
  }
  const std::string none = fmt::format("<p>{}</p>\n", t("无差额", "No arrears"));
  const std::string red =
      negative ? fmt::format("<p class=\"sub\">{}</p>\n",
                             t("红色为减少（应发少于已发）", "Red: a decrease (less due than paid)"))
               : std::string();
  b += fmt::format("<section>\n<h2>{}</h2>\n",
                   t("按月份的差额（金额，行数）", "Arrears by month (amount, lines)"));
  b += r.arrears_rows == 0 ? none : svg_bar_chart(month_bars, t("按月份的差额", "Arrears by month"));
  b += "</section>\n";
  b += fmt::format("<section>\n<h2>{}</h2>\n",
                   t("按项目的差额（金额，行数）", "Arrears by item (amount, lines)"));
  b += item_bars.empty() ? none : svg_bar_chart(item_bars, t("按项目的差额", "Arrears by item"));
  b += red;
  b += "</section>\n";

  // The months recomputed, with their rules.
  b += fmt::format(
      "<section>\n<h2>{}</h2>\n<table>\n<colgroup><col style=\"width:10%\"><col "
      "style=\"width:8%\"><col style=\"width:13%\"><col style=\"width:8%\"><col "
      "style=\"width:13%\"><col style=\"width:8%\"><col style=\"width:40%\"></colgroup>\n"
      "<tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th "
      "class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th></tr>\n",
      t("重算的月份与规则", "Months recomputed and their rules"), t("月份", "Month"),
      t("差额行", "Arrears rows"), t("差额", "Arrears"), t("结算行", "Settlements"),
      t("本次补发", "Pay now"), t("多发", "Overpaid"),
      t("重算所用规则版本（加粗为新版本）", "Rules versions used (new ones in bold)"));
  for (const RecomputedMonth& m : r.months) {
    auto it = r.arrears.find({m.month.str(), kItemCount});
    const ArrearsSum s = it == r.arrears.end() ? ArrearsSum{} : it->second;
    b += fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td "
        "class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
        m.month.str(), s.lines, grouped(s.due - s.paid), m.settlements, grouped(m.paid_now),
        m.overpaid, versions_cell(m, lang));
  }
  b += "</table>\n</section>\n";

  b += held_section(held, lang);

  b += fmt::format("<section>\n<h2>{}</h2>\n",
                   t("异常（按严重程度与代码）", "Exceptions by severity and code"));
  b += fmt::format("<p class=\"sub\">{}</p>\n",
                   t("各月重算时的异常（信息前注明月份），以及每个多发结算的 OVERPAID",
                     "Each month's exceptions in the recomputation (the message begins with the "
                     "month), and OVERPAID for each settlement overpaid"));
  b += exceptions_table(exceptions, lang);
  b += "</section>\n";

  b += page_end(lang,
                "金额单位：元。本页不含身份证号与账号；逐行差额见 arrears.csv，结算见 "
                "settlements.csv，银行代发见 disbursement.csv，控制合计见 manifest.json。",
                "Amounts in yuan. This page holds no ID or account number; the arrears line by "
                "line are in arrears.csv, the settlements in settlements.csv, what the bank pays "
                "in disbursement.csv, the control totals in manifest.json.");

  OutputFile f(dir + "/summary.html", OutputEncoding::kUtf8, false);
  f.write(html_page(title, b, lang));
  return {"summary.html", f.close(), -1, std::nullopt};
}

}  // namespace benefitroll
