#include "output/summary_html.h"
#include "output/workbook.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

#include "output/labels.h"
#include "output/output_file.h"

namespace benefitroll {

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string grouped(Money m) {
  std::string s = m.str();
  const bool negative = !s.empty() && s[0] == '-';
  const size_t begin = negative ? 1 : 0;
  const size_t dot = s.find('.');
  std::string whole = s.substr(begin, dot - begin);
  std::string out;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += ',';
    out += whole[i];
  }
  return (negative ? "-" : "") + out + s.substr(dot);
}

namespace {

constexpr int kChartWidth = 720;
constexpr int kRowHeight = 24;
constexpr int kBarHeight = 16;
constexpr int kTextArea = 150;

// Length of a bar of `value` in a chart whose longest bar is `width` for `max`.
int bar_length(int64_t value, int64_t max, int width) {
  if (value <= 0 || max <= 0) return 0;
  const int64_t len = static_cast<int64_t>(static_cast<__int128>(value) * width / max);
  return static_cast<int>(std::max<int64_t>(len, 1));
}

// Integer percent, half up: 100 × part / whole.
int64_t percent(int64_t part, int64_t whole) {
  if (whole <= 0) return 0;
  return (part * 200 + whole) / (2 * whole);
}

}  // namespace

std::string svg_bar_chart(const std::vector<Bar>& bars, std::string_view title) {
  size_t label_cols = 8;
  int64_t max = 0;
  for (const Bar& b : bars) {
    label_cols = std::max(label_cols, display_width(b.label));
    max = std::max(max, b.value);
  }
  // About 7 px per column at 12 px: a CJK character is two columns.
  const int label_w = static_cast<int>(std::min<size_t>(label_cols * 7 + 12, 300));
  const int bar_w = kChartWidth - label_w - kTextArea;
  const int height = static_cast<int>(bars.size()) * kRowHeight + 8;
  std::string s = fmt::format(
      "<svg class=\"chart\" viewBox=\"0 0 {} {}\" width=\"100%\" role=\"img\" aria-label=\"{}\">\n",
      kChartWidth, height, html_escape(title));
  s += fmt::format("<line x1=\"{0}\" y1=\"2\" x2=\"{0}\" y2=\"{1}\" stroke=\"#8796a5\"/>\n",
                   label_w, height - 2);
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const int y = 4 + static_cast<int>(i) * kRowHeight;
    const int len = bar_length(b.value, max, bar_w);
    s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", label_w - 6, y + 13,
                     html_escape(b.label));
    s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
                     label_w, y, len, kBarHeight, b.negative ? "#c8553d" : "#3b6ea5");
    s += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", label_w + len + 6, y + 13,
                     html_escape(b.text));
  }
  s += "</svg>\n";
  return s;
}

std::string html_page(std::string_view title, std::string_view body, Lang lang) {
  static constexpr std::string_view kCss = R"(@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Source Han Sans SC", sans-serif;
  color: #1b1f24; background: #fff; margin: 0 auto; padding: 28px 36px; max-width: 1120px; font-size: 14px; line-height: 1.45; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 16px; color: #22466b; border-bottom: 2px solid #2f5d8a; padding-bottom: 3px; margin: 22px 0 8px; }
p.sub { color: #4a5561; font-size: 12px; margin: 0 0 4px; }
.cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px; }
.card { border: 1px solid #c3ceda; border-radius: 6px; padding: 8px 10px; background: #f6f9fc; }
.card .k { color: #4a5561; font-size: 12px; }
.card .v { font-size: 20px; font-weight: bold; font-variant-numeric: tabular-nums; }
.card .n { color: #4a5561; font-size: 12px; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 13px; margin: 4px 0; }
th, td { border: 1px solid #d3dae2; padding: 3px 6px; text-align: left; overflow-wrap: anywhere; vertical-align: top; }
th { background: #eef3f8; font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
section { break-inside: avoid; page-break-inside: avoid; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg text { font-size: 12px; fill: #1b1f24; }
.sign { margin-top: 26px; display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px; font-size: 13px; }
.sign div { border-bottom: 1px solid #1b1f24; padding-bottom: 22px; }
.foot { color: #6a7681; font-size: 11px; margin-top: 18px; }
@media print { body { padding: 0; max-width: none; font-size: 10.5pt; } h2 { margin-top: 14px; } }
)";
  std::string s = "<!DOCTYPE html>\n";
  s += fmt::format("<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
                   lang == Lang::kZh ? "zh-CN" : "en");
  s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  s += fmt::format("<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n", html_escape(title),
                   kCss);
  s += body;
  s += "</body>\n</html>\n";
  return s;
}

std::string html_card(std::string_view key, std::string_view value, std::string_view note) {
  return fmt::format(
      "<div class=\"card\"><div class=\"k\">{}</div><div class=\"v\">{}</div><div "
      "class=\"n\">{}</div></div>\n",
      key, value, html_escape(note));
}

std::string lines_word(int64_t n, Lang lang) {
  return lang == Lang::kZh ? fmt::format("{} 行", n)
                           : fmt::format("{} line{}", n, n == 1 ? "" : "s");
}

std::string as_of_note(std::optional<Date> as_of, Lang lang) {
  if (!as_of)
    return std::string(
        tr(lang, "按规则文件的全部版本计算", "computed with every version of the rules file"));
  return html_escape(lang == Lang::kZh
                         ? fmt::format("按 {} 已公布的标准计算", as_of->str())
                         : fmt::format("computed with the standards announced by {}",
                                       as_of->str()));
}

std::string held_section(const std::vector<MonthLines>& held, Lang lang) {
  std::map<std::string_view, LineSum> by_reason;
  for (const MonthLines& m : held)
    for (const Line& l : *m.lines) by_reason[to_code(l.hold)].add(l.amount);
  return held_section(by_reason, lang);
}

std::string held_section(const std::map<std::string_view, LineSum>& by_reason, Lang lang) {
  auto t = [lang](std::string_view zh, std::string_view en) { return tr(lang, zh, en); };
  if (by_reason.empty()) return {};
  std::string b = fmt::format(
      "<section>\n<h2>{}</h2>\n<table>\n<colgroup><col style=\"width:28%\"><col "
      "style=\"width:40%\"><col style=\"width:14%\"><col "
      "style=\"width:18%\"></colgroup>\n<tr><th>{}</th><th>{}</th><th class=\"num\">{}</th><th "
      "class=\"num\">{}</th></tr>\n",
      t("暂缓发放的原因", "Why lines are held"), t("原因代码", "Reason"), t("含义", "Meaning"),
      t("行数", "Lines"), t("金额", "Amount"));
  for (const auto& [code, s] : by_reason)
    b += fmt::format(
        "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        code, code_meaning(code, lang), s.lines, grouped(s.amount));
  b += "</table>\n</section>\n";
  return b;
}

std::string exceptions_table(const std::vector<Issue>& issues, Lang lang) {
  CodeCounts by_code;
  for (const Issue& i : issues) ++by_code[{i.severity, i.code}];
  return code_counts_table(by_code, lang);
}

std::string code_counts_table(const CodeCounts& by_code, Lang lang) {
  auto t = [lang](std::string_view zh, std::string_view en) { return tr(lang, zh, en); };
  if (by_code.empty()) return fmt::format("<p>{}</p>\n", t("无", "None"));
  std::string b = table_start({{14, t("严重程度", "Severity")},
                                {32, t("代码", "Code")},
                                {40, t("含义", "Meaning")},
                                {14, t("条数", "Rows"), true}});
  for (const auto& [key, n] : by_code)
    b += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>\n",
                     severity_label(key.first, lang), html_escape(key.second),
                     code_meaning(key.second, lang), n);
  b += "</table>\n";
  return b;
}

std::string page_end(Lang lang, std::string_view zh_rest, std::string_view en_rest) {
  return sign_lines(lang) +
         fmt::format("<p class=\"foot\">{}</p>\n",
                     html_escape(lang == Lang::kZh
                                     ? fmt::format("由 benefitroll {} 生成。{}", BENEFITROLL_VERSION,
                                                   zh_rest)
                                     : fmt::format("Written by benefitroll {}. {}",
                                                   BENEFITROLL_VERSION, en_rest)));
}

std::string table_start(const std::vector<Column>& columns) {
  std::string s = "<table>\n<colgroup>";
  for (const Column& c : columns) s += fmt::format("<col style=\"width:{}%\">", c.width);
  s += "</colgroup>\n<tr>";
  for (const Column& c : columns)
    s += fmt::format("<th{}>{}</th>", c.num ? " class=\"num\"" : "", c.head);
  s += "</tr>\n";
  return s;
}

std::string sign_lines(Lang lang) {
  return fmt::format("<div class=\"sign\"><div>{}</div><div>{}</div><div>{}</div></div>\n",
                     tr(lang, "经办人：", "Prepared by:"),
                     tr(lang, "审核（科长）：", "Checked (section chief):"), tr(lang, "日期：", "Date:"));
}

FileRecord write_summary_html(const std::string& dir, const RollResult& r,
                              const LedgerTotals& totals, const IssueCounts& counts,
                              const Rules& rules,
                              const std::vector<Disbursement>& disbursement,
                              const std::vector<std::string>& versions, YearMonth month,
                              std::optional<Date> as_of, const WriteOptions& opt) {
  const Lang lang = opt.lang;
  auto t = [lang](std::string_view zh, std::string_view en) { return tr(lang, zh, en); };

  // Totals by item and by street over the lines of both ledgers (not held lines).
  using Sum = LineSum;
  const auto& by_item = totals.by_item;
  const auto& by_form = totals.by_form;
  const auto& by_street = totals.by_street;
  const Sum &payments = totals.payments, &subsidies = totals.subsidies, &held = totals.held;
  Money disbursed;
  for (const Disbursement& d : disbursement) disbursed += d.amount;
  const auto& paid_households_by_street = r.paid_households_by_street;

  const std::string title = mask_text(
      lang == Lang::kZh
          ? fmt::format("{} {}年{}月社会救助发放汇总", rules.meta.jurisdiction, month.year,
                        month.month)
          : fmt::format("{}: social-assistance payroll, {}", rules.meta.jurisdiction, month.str()),
      opt.mask);
  std::string b;
  b += fmt::format("<h1>{}</h1>\n", html_escape(title));
  b += fmt::format("<p class=\"sub\">{}{}</p>\n", t("规则版本：", "Rules versions: "),
                   html_escape(fmt::format("{}", fmt::join(versions, ", "))));
  b += fmt::format("<p class=\"sub\">{}</p>\n", as_of_note(as_of, lang));

  // Totals.
  b += fmt::format("<section>\n<h2>{}</h2>\n<div class=\"cards\">\n",
                   t("本月合计", "The month's totals"));
  auto card = [&](std::string_view k, Money v, std::string n) { b += html_card(k, grouped(v), n); };
  card(t("发放明细 payments.csv", "Payments ledger (payments.csv)"), payments.amount,
       lines_word(payments.lines, lang));
  card(t("补贴明细 subsidies.csv", "Subsidies ledger (subsidies.csv)"), subsidies.amount,
       lang == Lang::kZh
           ? fmt::format("{}；其中实物 {}，减免 {}", lines_word(subsidies.lines, lang),
                         grouped(by_form[static_cast<size_t>(Form::kGoods)].amount),
                         grouped(by_form[static_cast<size_t>(Form::kWaiver)].amount))
           : fmt::format("{}; goods {}, waivers {}", lines_word(subsidies.lines, lang),
                         grouped(by_form[static_cast<size_t>(Form::kGoods)].amount),
                         grouped(by_form[static_cast<size_t>(Form::kWaiver)].amount)));
  card(t("银行代发 disbursement.csv", "Bank disbursement (disbursement.csv)"), disbursed,
       lang == Lang::kZh ? fmt::format("{} 个账户（现金及代缴保费）", disbursement.size())
                         : fmt::format("{} accounts (cash and premiums)", disbursement.size()));
  card(t("暂缓发放 held.csv", "Held (held.csv)"), held.amount, lines_word(held.lines, lang));
  card(t("现金发放", "Cash"), by_form[static_cast<size_t>(Form::kCash)].amount,
       lines_word(by_form[static_cast<size_t>(Form::kCash)].lines, lang));
  card(t("代缴医保", "Insurance premiums"), by_form[static_cast<size_t>(Form::kPremium)].amount,
       lines_word(by_form[static_cast<size_t>(Form::kPremium)].lines, lang));
  b += "</div>\n</section>\n";

  // By item.
  std::vector<Bar> item_bars;
  for (const ItemInfo& it : kCatalogue) {
    const Sum& s = by_item[static_cast<size_t>(it.item)];
    if (s.lines == 0) continue;
    item_bars.push_back({std::string(item_label(it.item, lang, rules)), s.amount.fen(),
                         fmt::format("{} ({})", grouped(s.amount), s.lines)});
  }
  b +=
      fmt::format("<section>\n<h2>{}</h2>\n", t("按项目（金额，行数）", "By item (amount, lines)"));
  b += item_bars.empty()
           ? fmt::format("<p>{}</p>\n", t("本月无发放行", "No ledger line this month"))
           : svg_bar_chart(item_bars, t("按项目的发放金额", "Amount by item"));
  b += "</section>\n";

  // By street, largest first.
  std::vector<std::pair<std::string_view, Sum>> streets(by_street.begin(), by_street.end());
  std::stable_sort(streets.begin(), streets.end(),
                   [](const auto& x, const auto& y) { return y.second.amount < x.second.amount; });
  constexpr size_t kMaxStreets = 24;
  std::vector<Bar> street_bars;
  Sum others;
  size_t other_count = 0;
  for (size_t i = 0; i < streets.size(); ++i) {
    if (i >= kMaxStreets) {
      others.lines += streets[i].second.lines;
      others.amount += streets[i].second.amount;
      ++other_count;
      continue;
    }
    const auto& [street, s] = streets[i];
    auto ph = paid_households_by_street.find(street);
    const int64_t n = ph == paid_households_by_street.end() ? 0 : ph->second;
    street_bars.push_back({mask_text(street, opt.mask), s.amount.fen(),
                           lang == Lang::kZh
                               ? fmt::format("{}（{} 户）", grouped(s.amount), n)
                               : fmt::format("{} ({} households)", grouped(s.amount), n)});
  }
  if (other_count > 0)
    street_bars.push_back({lang == Lang::kZh ? fmt::format("其余 {} 个街道", other_count)
                                             : fmt::format("{} other streets", other_count),
                           others.amount.fen(), grouped(others.amount)});
  b += fmt::format(
      "<section>\n<h2>{}</h2>\n",
      t("按街道（乡镇）（金额，已发放户数）", "By street or township (amount, households paid)"));
  b += street_bars.empty()
           ? fmt::format("<p>{}</p>\n", t("本月无发放行", "No ledger line this month"))
           : svg_bar_chart(street_bars, t("按街道的发放金额", "Amount by street"));
  b += "</section>\n";

  // Household outcomes: a stacked bar and the counts.
  const OutcomeCounts& h = r.households;
  struct Part {
    Outcome o;
    int64_t n;
    const char* color;
  };
  const std::array<Part, 4> parts = {{{Outcome::kPaid, h.paid, "#4c9a5b"},
                                      {Outcome::kHeld, h.held, "#e0a030"},
                                      {Outcome::kNotPaid, h.not_paid, "#9aa5b1"},
                                      {Outcome::kRejected, h.rejected, "#c8553d"}}};
  b += fmt::format("<section>\n<h2>{}</h2>\n", t("家庭结果", "Household outcomes"));
  {
    std::string svg = fmt::format(
        "<svg class=\"chart\" viewBox=\"0 0 {} 52\" width=\"100%\" role=\"img\" "
        "aria-label=\"{}\">\n",
        kChartWidth, t("家庭结果", "Household outcomes"));
    int x = 0;
    int legend_x = 0;
    for (size_t i = 0; i < parts.size(); ++i) {
      const Part& p = parts[i];
      int w = bar_length(p.n, h.rows, kChartWidth);
      if (i + 1 == parts.size() && p.n > 0) w = kChartWidth - x;
      if (w > 0)
        svg += fmt::format("<rect x=\"{}\" y=\"0\" width=\"{}\" height=\"22\" fill=\"{}\"/>", x, w,
                           p.color);
      x += w;
      svg += fmt::format("<rect x=\"{}\" y=\"34\" width=\"12\" height=\"12\" fill=\"{}\"/>",
                         legend_x, p.color);
      svg += fmt::format("<text x=\"{}\" y=\"45\">{} {}</text>\n", legend_x + 16,
                         outcome_label(p.o, lang), p.n);
      legend_x += 180;
    }
    svg += "</svg>\n";
    b += svg;
  }
  b += fmt::format(
      "<table>\n<tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th "
      "class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr>\n",
      t("记录", "Rows"), t("行数", "rows"), t("已发放", "paid"), t("暂缓", "held"),
      t("未发放", "not paid"), t("不予受理", "rejected"));
  b += fmt::format(
      "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{} ({}%)</td><td class=\"num\">{} "
      "({}%)</td><td class=\"num\">{} ({}%)</td><td class=\"num\">{} ({}%)</td></tr>\n",
      t("家庭 households.csv", "Households (households.csv)"), h.rows, h.paid,
      percent(h.paid, h.rows), h.held, percent(h.held, h.rows), h.not_paid,
      percent(h.not_paid, h.rows), h.rejected, percent(h.rejected, h.rows));
  const MemberCounts& m = r.members;
  b += fmt::format(
      "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\" colspan=\"2\">{} {}</td><td "
      "class=\"num\">{} {}</td><td class=\"num\">{}</td></tr>\n",
      t("成员 members.csv", "Members (members.csv)"), m.rows, t("计入", "counted"), m.counted,
      t("未计入", "not counted"), m.not_counted, m.rejected);
  if (r.cases.rows > 0) {
    const CaseCounts& c = r.cases;
    b += fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td "
        "class=\"num\">{}</td><td class=\"num\">{} {}</td><td class=\"num\">{}</td></tr>\n",
        t("临时救助案件 cases.csv", "Cases (cases.csv)"), c.rows, c.paid, c.held,
        t("非本月", "other month"), c.other_month, c.rejected);
  }
  b += "</table>\n</section>\n";

  b += held_section(totals.held_by_reason, lang);

  // Exceptions by severity and code, and the watch list by code.
  b += fmt::format("<section>\n<h2>{}</h2>\n",
                   t("异常（按严重程度与代码）", "Exceptions by severity and code"));
  CodeCounts by_code;
  for (const auto& [key, n] : counts.by_code) by_code[{key.first, key.second}] = n;
  b += code_counts_table(by_code, lang);
  const std::map<std::string, int64_t>& watch = counts.watch_by_code;
  if (!watch.empty()) {
    b += table_start({{14, t("关注名单", "Watch list")},
                      {32, t("代码", "Code")},
                      {40, t("含义", "Meaning")},
                      {14, t("户数", "Households"), true}});
    for (const auto& [code, n] : watch)
      b += fmt::format(
          "<tr><td>watchlist.csv</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>\n",
          html_escape(code), code_meaning(code, lang), n);
    b += "</table>\n";
  }
  b += "</section>\n";

  const std::string zh_book =
      workbook_written(r) ? " 与 ledgers.xlsx"
                          : fmt::format("（共 {} 行，超过 {} 行，不另生成 ledgers.xlsx）",
                                        workbook_rows(r), kWorkbookMaxRows);
  const std::string en_book =
      workbook_written(r) ? " and ledgers.xlsx"
                          : fmt::format(" ({} rows: over {}, so no ledgers.xlsx)", workbook_rows(r),
                                        kWorkbookMaxRows);
  b += page_end(lang,
                fmt::format("金额单位：元。本页不含身份证号与账号；明细见同目录的 CSV{}，控制合计见 "
                            "manifest.json。",
                            zh_book),
                fmt::format("Amounts in yuan. This page holds no ID or account number; the lines "
                            "are in the CSV files{} beside it, the control totals in manifest.json.",
                            en_book));

  OutputFile f(dir + "/summary.html", OutputEncoding::kUtf8, false);
  f.write(html_page(title, b, lang));
  return {"summary.html", f.close(), -1, std::nullopt};
}

}  // namespace benefitroll
