// The reports of `benefitroll audit` (commands.md): findings.csv, summary.csv, summary.html and
// the audit's manifest.json. They format and mask findings; they find nothing themselves.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/issue.h"
#include "output/month_writer.h"

namespace benefitroll {

/// One row of findings.csv. Fields hold raw values (masked when written), except that account
/// numbers inside `expected`/`actual`/`message` are masked by whoever builds the finding.
struct AuditFinding {
  Severity severity = Severity::kError;
  std::string code;   // TAMPERED, MISMATCH, CONTROL_TOTAL, LEDGER_INVALID, ...
  std::string month;  // YYYY-MM
  std::string household_id, person_id, item, expected, actual;
  Text message;
};

/// findings.csv order: month, then code, then household_id, person_id (byte order), item
/// (catalogue order);
/// findings equal on all of these keep the order they were found in.
void sort_findings(std::vector<AuditFinding>& findings);

/// How an archive month was found.
enum class MonthStatus { kManifest, kNoManifest, kMissing };
std::string_view to_string(MonthStatus s);  // manifest / no_manifest / missing

struct AuditedMonth {
  YearMonth month;
  MonthStatus status = MonthStatus::kMissing;
  std::string manifest_sha256;  // of the folder's manifest.json; empty without one
  std::optional<Date> as_of;    // the manifest's
  std::string command;          // the manifest's ("run")
};

/// Everything the audit's manifest.json and summary.html say besides the findings.
struct AuditReport {
  std::string archive;
  YearMonth from, to;
  std::optional<std::string> rules_file;  // --rules
  std::string rules_sha256;
  std::optional<Date> as_of;  // --as-of
  std::vector<AuditedMonth> months;
  std::vector<FileRecord> outputs;  // filled as files are written
};

/// Counts of findings by severity: error, hold (unused), review, info.
struct SeverityCounts {
  int64_t error = 0, review = 0, info = 0;
};
SeverityCounts count_severities(const std::vector<AuditFinding>& findings);

/// findings.csv: `severity,code,month,household_id,person_id,item,expected,actual,message`,
/// in the given order; person_id masked as an ID, the other text by mask_text (unless --no-mask).
FileRecord write_findings(const std::string& dir, const std::vector<AuditFinding>& findings,
                          const WriteOptions& opt);

/// summary.csv: `scope,key,severity,code,findings`. Scope `all` (key `all`), then `month` (key
/// YYYY-MM) for every month audited; per key one row per (severity, code) found, in severity
/// order then code, then a `TOTAL` row (severity empty) that is written even when it is 0.
FileRecord write_findings_summary(const std::string& dir, const std::vector<AuditFinding>& findings,
                                  const AuditReport& report, const WriteOptions& opt);

/// summary.html: the audit on the shared page of summary_html.h (no script, no network, A4):
/// cards by severity, charts by code and by month, the counts by code, the months' status, sign
/// lines. Counts only: no finding's ID, account or message.
FileRecord write_findings_html(const std::string& dir, const std::vector<AuditFinding>& findings,
                               const AuditReport& report, const WriteOptions& opt);

/// The audit's manifest.json: keys in a fixed order, no clock time.
std::string audit_manifest_json(const AuditReport& report,
                                const std::vector<AuditFinding>& findings, const WriteOptions& opt);

}  // namespace benefitroll
