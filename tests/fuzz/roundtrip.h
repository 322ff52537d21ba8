// Tests only: strings through every CSV writer and back with read_output_csv, each as written
// (text cells with the ' of CSV injection); masked reports keep no ID shape.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "archive/month_folder.h"
#include "calc/line.h"
#include "core/issue.h"
#include "output/findings.h"
#include "output/month_writer.h"
#include "output/output_file.h"
#include "rules/rules.h"

namespace benefitroll::roundtrip {

/// What a text cell holds once written: a value beginning with = + - @ TAB or CR gets a '.
inline std::string escaped(std::string_view s) {
  if (!s.empty() &&
      (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r'))
    return "'" + std::string(s);
  return std::string(s);
}

/// A string the program can have in a cell: valid UTF-8 (what decoding gives), no NUL (inputs
/// refuse it), no space or tab at either end (every input value is trimmed, and so is every
/// value read back).
inline bool usable(std::string_view s) {
  if (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.back() == ' ' || s.back() == '\t'))
    return false;
  for (size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b == 0) return false;
    int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    uint32_t cp = len == 1 ? b : b & (0x7F >> len);
    for (int k = 1; k < len; ++k) {
      auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = cp << 6 | (c & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += static_cast<size_t>(len);
  }
  return true;
}

/// outputs.md's resident-ID shape: 17 digits then a digit, X or x, no digit just before or after.
inline bool has_id_shape(std::string_view t) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  for (size_t i = 0; i + 18 <= t.size(); ++i) {
    if ((i > 0 && digit(t[i - 1])) || (i + 18 < t.size() && digit(t[i + 18]))) continue;
    bool ok = true;
    for (size_t k = 0; ok && k < 17; ++k) ok = digit(t[i + k]);
    char last = t[i + 17];
    if (ok && (digit(last) || last == 'X' || last == 'x')) return true;
  }
  return false;
}

class Checker {
 public:
  Checker(const std::vector<std::string>& cells, OutputEncoding enc, std::string dir)
      : cells_(cells), enc_(enc), dir_(std::move(dir)) {
    if (cells_.empty()) cells_.push_back("");
    rule_ = cells_[0];
  }

  /// "" when every file read back as written, else what differs first.
  std::string run() {
    try {
      ledger("payments.csv", false);
      ledger("held.csv", true);
      disbursement();
      exceptions(false);
      watchlist(false);
      findings(false);
      summary(false);
      findings_summary();
      plain_writer();
      // Reports meant for people, masked: still readable UTF-8 (a mask never cuts a character),
      // and no ID shape left in any cell.
      exceptions(true);
      watchlist(true);
      findings(true);
      summary(true);
    } catch (const std::exception& e) {
      fail(std::string("exception: ") + e.what());
    }
    return problem_;
  }

 private:
  const std::string& next() { return cells_[k_++ % cells_.size()]; }
  size_t rows_for(size_t text_columns) const {
    return (cells_.size() + text_columns - 1) / text_columns;
  }
  void fail(const std::string& what) {
    if (problem_.empty()) problem_ = what;
  }
  std::string path(const std::string& name) {
    std::string sub = dir_ + "/" + std::to_string(++files_);
    std::filesystem::create_directories(sub);
    return sub + "/" + name;
  }
  CsvTable read_back(const std::string& p) { return read_output_csv(p, enc_); }
  // Compares a file read back with the cells expected, row by row.
  void compare(const std::string& name, const CsvTable& t,
               const std::vector<std::vector<std::string>>& want) {
    if (t.rows.size() != want.size()) {
      fail(name + ": " + std::to_string(t.rows.size()) + " rows read, " +
           std::to_string(want.size()) + " written");
      return;
    }
    for (size_t r = 0; r < want.size(); ++r)
      for (size_t c = 0; c < want[r].size(); ++c)
        if (c >= t.rows[r].size() || t.rows[r][c] != want[r][c]) {
          fail(name + ": row " + std::to_string(r + 1) + " column " + t.header[c] + ": read '" +
               (c < t.rows[r].size() ? t.rows[r][c] : "") + "', wrote '" + want[r][c] + "'");
          return;
        }
  }
  void no_id_shape(const std::string& name, const CsvTable& t) {
    for (const auto& row : t.rows)
      for (const auto& cell : row)
        if (has_id_shape(cell)) fail(name + " (masked): an unmasked resident ID in '" + cell + "'");
  }

  void ledger(const std::string& name, bool held) {
    std::vector<std::string> rules_refs;
    std::vector<Line> lines;
    const size_t n = rows_for(7);
    rules_refs.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      Line l;
      l.household_id = next();
      l.person_id = next();
      l.street = next();
      l.community = next();
      l.payee_name = next();
      l.payee_account = next();
      l.ref = next();
      rules_refs.push_back(rule_);
      l.rule = &rules_refs.back();
      l.amount = Money::fen(static_cast<int64_t>(i) + 1);
      l.hold = held ? HoldReason::kMissingAccount : HoldReason::kNone;
      lines.push_back(l);
    }
    WriteOptions opt{enc_, Lang::kEn, false};
    std::string p = path(name);
    write_ledger(std::filesystem::path(p).parent_path(), name, lines, held, YearMonth{2020, 9},
                 rules_, opt);
    std::vector<std::vector<std::string>> want;
    for (const Line& l : lines)
      want.push_back({"2020-09", escaped(l.household_id), escaped(l.person_id), "dibao",
                      escaped(rules_.label(Item::kDibao)), "cash", escaped(l.street),
                      escaped(l.community), escaped(l.payee_name), escaped(l.payee_account),
                      l.amount.str(), escaped(format_basis(l)), escaped(*l.rule), escaped(l.ref)});
    compare(name, read_back(p), want);
  }

  void disbursement() {
    std::vector<Disbursement> rows;
    for (size_t i = 0, n = rows_for(3); i < n; ++i)
      rows.push_back({next(), next(), next(), static_cast<int64_t>(i) + 1, Money::fen(100)});
    std::string p = path("disbursement.csv");
    write_disbursement(std::filesystem::path(p).parent_path(), rows, {enc_, Lang::kEn, false});
    std::vector<std::vector<std::string>> want;
    for (const auto& d : rows)
      want.push_back({escaped(d.account), escaped(d.name), escaped(d.payee_id),
                      std::to_string(d.lines), "1.00"});
    compare("disbursement.csv", read_back(p), want);
  }

  void exceptions(bool mask) {
    std::vector<Issue> issues;
    for (size_t i = 0, n = rows_for(7); i < n; ++i) {
      Issue x;  // masked: code, file and column are the program's own words, never input text
      x.code = mask ? "BAD_VALUE" : next();
      x.file = mask ? "members.csv" : next();
      x.line = static_cast<int64_t>(i) + 1;
      x.household_id = next();
      x.person_id = next();
      x.column = i % 3 == 0 ? "person_id" : i % 3 == 1 ? "bank_account" : mask ? "name" : next();
      x.value = next();
      x.message = {next(), next()};
      issues.push_back(x);
    }
    std::string p = path("exceptions.csv");
    write_exceptions(std::filesystem::path(p).parent_path(), issues, {enc_, Lang::kEn, mask});
    CsvTable t = read_back(p);
    if (mask) return no_id_shape("exceptions.csv", t);
    std::vector<std::vector<std::string>> want;
    for (const auto& x : issues)
      want.push_back({"error", x.code, escaped(x.file), std::to_string(x.line),
                      escaped(x.household_id), escaped(x.person_id), escaped(x.column),
                      escaped(x.value), escaped(x.message.en)});
    compare("exceptions.csv", t, want);
  }

  void watchlist(bool mask) {
    std::vector<WatchRow> rows;
    for (size_t i = 0, n = rows_for(5); i < n; ++i) {
      WatchRow w;
      w.code = mask ? "AT_RISK" : next();
      w.household_id = next();
      w.street = next();
      w.community = next();
      w.persons = static_cast<int>(i);
      w.standard = Money::fen(71000);
      w.message = {next(), next()};
      rows.push_back(w);
    }
    std::string p = path("watchlist.csv");
    write_watchlist(std::filesystem::path(p).parent_path(), rows, {enc_, Lang::kZh, mask});
    CsvTable t = read_back(p);
    if (mask) return no_id_shape("watchlist.csv", t);
    std::vector<std::vector<std::string>> want;
    for (const auto& w : rows)
      want.push_back({w.code, escaped(w.household_id), escaped(w.street), escaped(w.community),
                      "dibao", std::to_string(w.persons), "", "710.00", escaped(w.message.zh)});
    compare("watchlist.csv", t, want);
  }

  void findings(bool mask) {
    std::vector<AuditFinding> rows;
    for (size_t i = 0, n = rows_for(9); i < n; ++i) {
      AuditFinding f;
      f.code = mask ? "MISMATCH" : next();
      f.month = mask ? "2020-09" : next();
      f.household_id = next();
      f.person_id = next();
      f.item = mask ? "dibao" : next();
      f.expected = next();
      f.actual = next();
      f.message = {next(), next()};
      rows.push_back(f);
    }
    std::string p = path("findings.csv");
    write_findings(std::filesystem::path(p).parent_path(), rows, {enc_, Lang::kEn, mask});
    CsvTable t = read_back(p);
    if (mask) return no_id_shape("findings.csv", t);
    std::vector<std::vector<std::string>> want;
    for (const auto& f : rows)
      want.push_back({"error", f.code, f.month, escaped(f.household_id), escaped(f.person_id),
                      escaped(f.item), escaped(f.expected), escaped(f.actual),
                      escaped(f.message.en)});
    compare("findings.csv", t, want);
  }

  // summary.csv groups lines by household and street: every street comes back as a key.
  void summary(bool mask) {
    std::vector<Line> lines;
    std::vector<std::string> hids;
    const size_t n = rows_for(1);
    hids.reserve(n);
    for (size_t i = 0; i < n; ++i) hids.push_back("H" + std::to_string(1000000 + i));
    std::set<std::string> streets;
    for (size_t i = 0; i < n; ++i) {
      Line l;
      l.household_id = hids[i];
      l.street = next();
      l.amount = Money::fen(1);
      l.persons = 1;
      streets.insert(escaped(l.street));
      lines.push_back(l);
    }
    std::string p = path("summary.csv");
    write_summary(std::filesystem::path(p).parent_path(), lines, {}, {enc_, Lang::kEn, mask});
    CsvTable t = read_back(p);
    if (mask) return no_id_shape("summary.csv", t);
    std::set<std::string> keys;
    for (const auto& row : t.rows)
      if (row.size() > 1 && row[0] == "street") keys.insert(row[1]);
    if (keys != streets)
      fail("summary.csv: the street keys read back differ from the streets written");
  }

  void findings_summary() {
    std::vector<AuditFinding> rows;
    for (size_t i = 0, n = rows_for(1); i < n; ++i) {
      AuditFinding f;
      f.code = next();
      f.month = "2020-09";
      rows.push_back(f);
    }
    AuditReport report;
    report.from = report.to = YearMonth{2020, 9};
    report.months.push_back({YearMonth{2020, 9}, MonthStatus::kManifest, "", std::nullopt, "run"});
    std::string p = path("summary.csv");
    write_findings_summary(std::filesystem::path(p).parent_path(), rows, report,
                           {enc_, Lang::kEn, false});
    std::set<std::string> codes, got;
    for (const auto& f : rows)
      if (f.code != "TOTAL") codes.insert(f.code);
    for (const auto& row : read_back(p).rows)
      if (row.size() > 3 && row[3] != "TOTAL") got.insert(row[3]);
    if (got != codes) fail("audit summary.csv: the codes read back differ from the codes written");
  }

  // CsvWriter as recompute's arrears.csv, settlements.csv and summary.csv use it.
  void plain_writer() {
    std::string p = path("arrears.csv");
    std::vector<std::vector<std::string>> want;
    {
      OutputFile f(p, enc_);
      CsvWriter w(f);
      w.raw("a").raw("b").raw("c").raw("d");
      w.end();
      for (size_t i = 0, n = rows_for(4); i < n; ++i) {
        const std::string &a = next(), &b = next(), &c = next(), &d = next();
        w.text(a).raw(b).text(c).raw(d);
        w.end();
        want.push_back({escaped(a), b, escaped(c), d});
      }
      f.close();
    }
    compare("CsvWriter", read_back(p), want);
  }

  std::vector<std::string> cells_;
  OutputEncoding enc_;
  std::string dir_;
  std::string rule_;
  Rules rules_;
  size_t k_ = 0;
  int files_ = 0;
  std::string problem_;
};

/// Writes `cells` (each usable()) through every CSV writer into dir and reads them back: "" when
/// all came back as written, else the first difference.
inline std::string check(const std::vector<std::string>& cells, OutputEncoding enc,
                         const std::string& dir) {
  return Checker(cells, enc, dir).run();
}

}  // namespace benefitroll::roundtrip
