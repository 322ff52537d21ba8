#include "output/findings.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "core/item.h"
#include "output/labels.h"
#include "output/output_file.h"
#include "output/summary_html.h"

namespace benefitroll {

std::string_view to_string(MonthStatus s) {
  switch (s) {
    case MonthStatus::kManifest:
      return "manifest";
    case MonthStatus::kNoManifest:
      return "no_manifest";
    case MonthStatus::kMissing:
      return "missing";
  }
  return "";
}

void sort_findings(std::vector<AuditFinding>& v) {
  // Items in catalogue order (the ledgers' order); an unknown code after them, by its text.
  auto rank = [](const std::string& code) {
    if (code.empty()) return -1;
    const auto i = item_from_code(code);
    return i ? static_cast<int>(*i) : kItemCount;
  };
  std::stable_sort(v.begin(), v.end(), [&](const AuditFinding& a, const AuditFinding& b) {
    const int ra = rank(a.item), rb = rank(b.item);
    return std::tie(a.month, a.code, a.household_id, a.person_id, ra, a.item) <
           std::tie(b.month, b.code, b.household_id, b.person_id, rb, b.item);
  });
}

SeverityCounts count_severities(const std::vector<AuditFinding>& findings) {
  SeverityCounts c;
  for (const AuditFinding& f : findings) {
    if (f.severity == Severity::kError) ++c.error;
    if (f.severity == Severity::kReview) ++c.review;
    if (f.severity == Severity::kInfo) ++c.info;
  }
  return c;
}

FileRecord write_findings(const std::string& dir, const std::vector<AuditFinding>& findings,
                          const WriteOptions& opt) {
  OutputFile f(dir + "/findings.csv", opt.encoding);
  CsvWriter w(f);
  for (const char* c : {"severity", "code", "month", "household_id", "person_id", "item",
                        "expected", "actual", "message"})
    w.raw(c);
  w.end();
  for (const AuditFinding& x : findings) {
    w.raw(to_string(x.severity)).raw(x.code).raw(x.month);
    w.text(mask_text(x.household_id, opt.mask)).text(mask_id_value(x.person_id, opt.mask));
    w.text(x.item).text(mask_text(x.expected, opt.mask)).text(mask_text(x.actual, opt.mask));
    w.text(mask_text(pick(x.message, opt.lang), opt.mask));
    w.end();
  }
  return {"findings.csv", f.close(), w.rows(), std::nullopt};
}

namespace {

int severity_rank(Severity s) { return static_cast<int>(s); }

// Findings counted by (scope key, severity, code); scope key "" = all.
using Counts = std::map<std::string, std::map<std::pair<int, std::string>, int64_t>>;

Counts count_findings(const std::vector<AuditFinding>& findings, const AuditReport& report) {
  Counts c;
  c["all"];
  for (const AuditedMonth& m : report.months) c[m.month.str()];
  for (const AuditFinding& f : findings) {
    const auto key = std::make_pair(severity_rank(f.severity), f.code);
    ++c["all"][key];
    ++c[f.month][key];
  }
  return c;
}

}  // namespace

FileRecord write_findings_summary(const std::string& dir, const std::vector<AuditFinding>& findings,
                                  const AuditReport& report, const WriteOptions& opt) {
  const Counts counts = count_findings(findings, report);
  OutputFile f(dir + "/summary.csv", opt.encoding);
  CsvWriter w(f);
  for (const char* c : {"scope", "key", "severity", "code", "findings"}) w.raw(c);
  w.end();
  auto emit = [&](std::string_view scope, const std::string& key) {
    const auto it = counts.find(key);
    int64_t total = 0;
    if (it != counts.end()) {
      for (const auto& [sc, n] : it->second) {
        w.raw(scope).raw(key).raw(to_string(static_cast<Severity>(sc.first))).raw(sc.second);
        w.number(n).end();
        total += n;
      }
    }
    w.raw(scope).raw(key).raw("").raw("TOTAL").number(total).end();
  };
  emit("all", "all");
  for (const AuditedMonth& m : report.months) emit("month", m.month.str());
  return {"summary.csv", f.close(), w.rows(), std::nullopt};
}

FileRecord write_findings_html(const std::string& dir, const std::vector<AuditFinding>& findings,
                               const AuditReport& report, const WriteOptions& opt) {
  const Lang lang = opt.lang;
  const bool zh = lang == Lang::kZh;
  auto t = [lang](std::string_view zh_text, std::string_view en) { return tr(lang, zh_text, en); };
  const SeverityCounts sev = count_severities(findings);
  CodeCounts by_code;
  std::map<std::string_view, int64_t> by_month;
  for (const AuditFinding& f : findings) {
    ++by_code[{f.severity, f.code}];
    ++by_month[f.month];
  }
  auto month_findings = [&](const AuditedMonth& m) {
    const auto it = by_month.find(m.month.str());
    return it == by_month.end() ? int64_t{0} : it->second;
  };
  auto findings_word = [&](int64_t n) {
    return zh ? fmt::format("{} 项发现", n) : fmt::format("{} finding{}", n, n == 1 ? "" : "s");
  };
  int64_t clean = 0;
  for (const AuditedMonth& m : report.months)
    if (month_findings(m) == 0) ++clean;
  const std::string range =
      report.from == report.to
          ? report.from.str()
          : fmt::format("{} {} {}", report.from.str(), t("至", "to"), report.to.str());
  const std::string title = zh ? fmt::format("社会救助档案审计结果 {}", range)
                               : fmt::format("Audit of {}: the social-assistance archive", range);

  std::string b;
  b += fmt::format("<h1>{}</h1>\n", html_escape(title));
  b += fmt::format("<p class=\"sub\">{}{}</p>\n", t("档案目录：", "Archive: "),
                   html_escape(mask_text(report.archive, opt.mask)));
  b += fmt::format(
      "<p class=\"sub\">{}</p>\n",
      report.rules_file
          ? html_escape(fmt::format("{}{}{}", t("对照规则：", "Compared with the rules: "),
                                    mask_text(*report.rules_file, opt.mask),
                                    report.as_of ? fmt::format(" ({}{})", t("截至 ", "as of "),
                                                               report.as_of->str())
                                                 : std::string()))
          : std::string(t("各月按其月份目录中的规则重算",
                          "Each month recomputed with the rules in its own folder")));

  // Totals.
  b += fmt::format("<section>\n<h2>{}</h2>\n<div class=\"cards\">\n", t("合计", "Totals"));
  b += html_card(t("审计月份", "Months audited"), fmt::format("{}", report.months.size()), range);
  b += html_card(severity_label(Severity::kError, lang), fmt::format("{}", sev.error),
                 t("须查明原因后方可签字", "to be explained before signing"));
  b += html_card(severity_label(Severity::kReview, lang), fmt::format("{}", sev.review),
                 t("须经办人复核", "to be checked by the clerk"));
  b += html_card(severity_label(Severity::kInfo, lang), fmt::format("{}", sev.info),
                 t("供知悉，无须处理", "for information"));
  b += html_card(t("无发现的月份", "Months clean"), fmt::format("{}", clean),
                 zh ? fmt::format("共 {} 个月", report.months.size())
                    : fmt::format("of {}", report.months.size()));
  b += html_card(t("发现合计 findings.csv", "Findings (findings.csv)"),
                 fmt::format("{}", findings.size()),
                 t("逐条见 findings.csv", "one row each in findings.csv"));
  b += "</div>\n</section>\n";

  // Charts: by code over the months, by month.
  std::map<std::string_view, int64_t> code_total;
  for (const auto& [key, n] : by_code) code_total[key.second] += n;
  std::vector<Bar> code_bars;
  for (const auto& [code, n] : code_total)
    code_bars.push_back({std::string(code), n, fmt::format("{}", n)});
  std::vector<Bar> month_bars;
  for (const AuditedMonth& m : report.months) {
    const int64_t n = month_findings(m);
    month_bars.push_back({m.month.str(), n, fmt::format("{}", n)});
  }
  const std::string none = fmt::format("<p>{}</p>\n", t("未发现问题", "No findings"));
  b += fmt::format("<section>\n<h2>{}</h2>\n", t("按代码的发现（项数）", "Findings by code"));
  b += code_bars.empty() ? none : svg_bar_chart(code_bars, t("按代码的发现", "Findings by code"));
  b += "</section>\n";
  b += fmt::format("<section>\n<h2>{}</h2>\n", t("按月份的发现（项数）", "Findings by month"));
  b += findings.empty() ? none : svg_bar_chart(month_bars, t("按月份的发现", "Findings by month"));
  b += "</section>\n";

  b += fmt::format("<section>\n<h2>{}</h2>\n",
                   t("发现（按严重程度与代码）", "Findings by severity and code"));
  b += code_counts_table(by_code, lang);
  b += "</section>\n";

  // The months audited, with how each was found and what was found in it.
  b += fmt::format("<section>\n<h2>{}</h2>\n", t("审计的月份", "Months audited"));
  b += table_start({{20, t("月份", "Month")},
                    {40, t("月份目录", "Month folder")},
                    {40, t("结果", "Status")}});
  for (const AuditedMonth& m : report.months) {
    const std::string_view folder = m.status == MonthStatus::kManifest
                                        ? t("有清单 manifest.json", "with manifest.json")
                                    : m.status == MonthStatus::kNoManifest
                                        ? t("无清单（外系统台账）", "no manifest (another system)")
                                        : t("缺失", "missing");
    const int64_t n = month_findings(m);
    b += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", m.month.str(), folder,
                     n == 0 ? std::string(t("无发现", "clean")) : findings_word(n));
  }
  b += "</table>\n</section>\n";

  b += page_end(lang,
                "本页不含身份证号与账号；逐条发现见 findings.csv，按月份与代码的统计见 "
                "summary.csv，所审文件的摘要见 manifest.json。",
                "This page holds no ID or account number; each finding is in findings.csv, the "
                "counts by month and code in summary.csv, the digests audited in manifest.json.");

  OutputFile f(dir + "/summary.html", OutputEncoding::kUtf8, false);
  f.write(html_page(title, b, lang));
  return {"summary.html", f.close(), -1, std::nullopt};
}

std::string audit_manifest_json(const AuditReport& r, const std::vector<AuditFinding>& findings,
                                const WriteOptions& opt) {
  using nlohmann::ordered_json;
  ordered_json j;
  j["tool"] = "benefitroll";
  j["version"] = BENEFITROLL_VERSION;
  j["command"] = "audit";
  j["from"] = r.from.str();
  j["to"] = r.to.str();
  j["archive"] = r.archive;
  j["as_of"] = r.as_of ? ordered_json(r.as_of->str()) : ordered_json(nullptr);
  if (r.rules_file)
    j["rules"] = {{"file", *r.rules_file}, {"sha256", r.rules_sha256}};
  else
    j["rules"] = nullptr;
  j["options"] = {{"output_encoding", std::string(to_string(opt.encoding))},
                  {"lang", opt.lang == Lang::kZh ? "zh" : "en"},
                  {"mask", opt.mask}};
  ordered_json months = ordered_json::array();
  for (const AuditedMonth& m : r.months) {
    ordered_json x;
    x["month"] = m.month.str();
    x["status"] = std::string(to_string(m.status));
    x["manifest_sha256"] =
        m.manifest_sha256.empty() ? ordered_json(nullptr) : ordered_json(m.manifest_sha256);
    if (m.status == MonthStatus::kManifest) {
      x["command"] = m.command;
      x["as_of"] = m.as_of ? ordered_json(m.as_of->str()) : ordered_json(nullptr);
    }
    months.push_back(std::move(x));
  }
  j["months"] = std::move(months);
  ordered_json outs = ordered_json::array();
  for (const FileRecord& f : r.outputs) {
    ordered_json x;
    x["file"] = f.file;
    x["sha256"] = f.sha256;
    if (f.rows >= 0) x["rows"] = f.rows;
    outs.push_back(std::move(x));
  }
  j["outputs"] = std::move(outs);
  const SeverityCounts c = count_severities(findings);
  j["findings"] = {{"error", c.error}, {"review", c.review}, {"info", c.info}};
  return j.dump(2) + "\n";
}

}  // namespace benefitroll
