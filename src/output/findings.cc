#include "output/findings.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "core/item.h"
#include "output/output_file.h"

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

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    switch (ch) {
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
      default:
        out += ch;
    }
  }
  return out;
}

struct L {
  Lang lang;
  const char* operator()(const char* zh, const char* en) const {
    return lang == Lang::kZh ? zh : en;
  }
};

const char* severity_label(Severity s, const L& t) {
  switch (s) {
    case Severity::kError:
      return t("错误", "error");
    case Severity::kHold:
      return t("暂缓", "hold");
    case Severity::kReview:
      return t("复核", "review");
    case Severity::kInfo:
      return t("提示", "info");
  }
  return "";
}

const char* code_label(std::string_view code, const L& t) {
  if (code == "TAMPERED") return t("文件被改动", "file tampered with");
  if (code == "MISMATCH") return t("重算不一致", "not reproduced");
  if (code == "CONTROL_TOTAL") return t("控制总数不符", "control total wrong");
  if (code == "LEDGER_INVALID") return t("台账不合规", "ledger line not lawful");
  if (code == "DIFFERS_FROM_RULES") return t("与所给规则不同", "differs from the given rules");
  if (code == "PAID_TWICE") return t("重复发放", "paid twice");
  if (code == "GRACE_OVERRUN") return t("渐退期超期发放", "gradual exit paid too long");
  if (code == "MONTH_MISSING") return t("月份缺失", "month missing");
  if (code == "NO_MANIFEST") return t("无清单（外系统台账）", "no manifest (another system)");
  return "";
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
  const L t{opt.lang};
  const Counts counts = count_findings(findings, report);
  const SeverityCounts sev = count_severities(findings);
  std::string h;
  h += fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
                   opt.lang == Lang::kZh ? "zh-CN" : "en");
  const std::string title = fmt::format("{} {} {} {}", t("审计结果", "Audit of"), report.from.str(),
                                        t("至", "to"), report.to.str());
  h += fmt::format("<title>{}</title>\n", html_escape(title));
  h +=
      "<style>\n"
      "@page { size: A4; margin: 15mm; }\n"
      "body { font-family: \"Noto Sans CJK SC\", \"Microsoft YaHei\", \"SimSun\", sans-serif; "
      "font-size: 10pt; color: #111; max-width: 180mm; margin: 0 auto; }\n"
      "h1 { font-size: 16pt; margin: 0 0 4mm; } h2 { font-size: 12pt; margin: 6mm 0 2mm; }\n"
      "table { border-collapse: collapse; width: 100%; page-break-inside: auto; }\n"
      "tr { page-break-inside: avoid; }\n"
      "th, td { border: 1px solid #999; padding: 1mm 2mm; text-align: left; }\n"
      "th { background: #eee; } td.n { text-align: right; }\n"
      ".error { color: #a00; font-weight: bold; } .review { color: #850; } .info { color: #555; }\n"
      "p.note { color: #444; }\n"
      "</style>\n</head>\n<body>\n";
  h += fmt::format("<h1>{}</h1>\n", html_escape(title));
  h += fmt::format("<p>{}: {}</p>\n", t("档案目录", "Archive"),
                   html_escape(mask_text(report.archive, opt.mask)));
  if (report.rules_file)
    h += fmt::format("<p>{}: {}{}</p>\n", t("对照规则", "Compared with the rules"),
                     html_escape(mask_text(*report.rules_file, opt.mask)),
                     report.as_of ? fmt::format(" ({} {})", t("截至", "as of"), report.as_of->str())
                                  : std::string());
  h += fmt::format(
      "<p>{}: <span class=\"error\">{} {}</span>, <span class=\"review\">{} {}</span>, "
      "<span class=\"info\">{} {}</span></p>\n",
      t("发现", "Findings"), sev.error, t("项错误", "error"), sev.review, t("项待复核", "review"),
      sev.info, t("项提示", "info"));

  h += fmt::format("<h2>{}</h2>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
                   t("已审计月份", "Months audited"), t("月份", "month"),
                   t("月份文件夹", "month folder"), t("发现", "findings"), t("错误", "errors"));
  for (const AuditedMonth& m : report.months) {
    const char* status = m.status == MonthStatus::kManifest     ? t("有清单", "with manifest")
                         : m.status == MonthStatus::kNoManifest ? t("无清单", "no manifest")
                                                                : t("缺失", "missing");
    int64_t total = 0, errors = 0;
    const auto it = counts.find(m.month.str());
    if (it != counts.end())
      for (const auto& [sc, n] : it->second) {
        total += n;
        if (sc.first == severity_rank(Severity::kError)) errors += n;
      }
    h += fmt::format(
        "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n{}\">{}</td></tr>\n",
        m.month.str(), status, total, errors > 0 ? " error" : "", errors);
  }
  h += "</table>\n";

  h += fmt::format("<h2>{}</h2>\n",
                   t("按月份、级别与代码统计", "Findings by month, severity and code"));
  bool any = false;
  std::string rows;
  for (const auto& [key, by] : counts) {
    if (key == "all") continue;
    for (const auto& [sc, n] : by) {
      any = true;
      const auto s = static_cast<Severity>(sc.first);
      rows += fmt::format(
          "<tr><td>{}</td><td class=\"{}\">{}</td><td>{}</td><td>{}</td><td "
          "class=\"n\">{}</td></tr>\n",
          html_escape(key), to_string(s), severity_label(s, t), html_escape(sc.second),
          code_label(sc.second, t), n);
    }
  }
  if (any) {
    h += fmt::format("<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
                     t("月份", "month"), t("级别", "severity"), t("代码", "code"),
                     t("说明", "meaning"), t("数量", "findings"));
    h += rows;
    h += "</table>\n";
  } else {
    h += fmt::format("<p>{}</p>\n", t("未发现问题。", "No findings."));
  }
  h += fmt::format(
      "<p class=\"note\">{}</p>\n",
      t("逐条发现见 findings.csv；本页不含任何脚本或外部资源。",
        "Each finding is in findings.csv; this page holds no script and loads nothing."));
  h += "</body>\n</html>\n";

  OutputFile f(dir + "/summary.html", OutputEncoding::kUtf8, false);
  f.write(h);
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
