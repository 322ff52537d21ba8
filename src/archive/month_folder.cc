#include "archive/month_folder.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>
#include <unordered_set>

#include "commands/month_input.h"
#include "input/csv.h"

namespace benefitroll {

namespace fs = std::filesystem;
using nlohmann::json;

OutputEncoding output_encoding_from(std::string_view n) {
  if (n == "utf-8") return OutputEncoding::kUtf8;
  if (n == "gb18030") return OutputEncoding::kGb18030;
  return OutputEncoding::kUtf8Bom;
}
InputEncoding input_encoding_from(std::string_view n) {
  if (n == "utf-8") return InputEncoding::kUtf8;
  if (n == "gb18030") return InputEncoding::kGb18030;
  return InputEncoding::kAuto;
}

namespace {

// Data rows of a CSV this program wrote.
int64_t count_rows(const std::string& path, OutputEncoding enc);

ManifestFile file_of(const json& j) {
  ManifestFile f;
  f.file = j.at("file").get<std::string>();
  f.sha256 = j.at("sha256").get<std::string>();
  if (j.contains("rows")) f.rows = j.at("rows").get<int64_t>();
  if (j.contains("amount")) {
    auto a = Money::parse_signed(j.at("amount").get<std::string>());
    if (!a) throw std::runtime_error("amount is not an amount");
    f.amount = *a;
  }
  return f;
}

Money money_of(const json& j, const char* key) {
  auto a = Money::parse_signed(j.at(key).get<std::string>());
  if (!a) throw std::runtime_error(fmt::format("{} is not an amount", key));
  return *a;
}

}  // namespace

FolderManifest read_manifest(const std::string& dir) {
  const std::string path = dir + "/manifest.json";
  const std::string text = read_file(path);
  FolderManifest m;
  try {
    json j = json::parse(text);
    m.command = j.at("command").get<std::string>();
    if (j.contains("month") && j.at("month").is_string())
      m.month = YearMonth::parse(j.at("month").get<std::string>());
    if (j.contains("as_of") && j.at("as_of").is_string())
      m.as_of = Date::parse(j.at("as_of").get<std::string>());
    const json& o = j.at("options");
    m.input_encoding = o.value("input_encoding", "auto");
    m.options.encoding = output_encoding_from(o.value("output_encoding", "utf-8-bom"));
    m.options.lang = o.value("lang", "zh") == "en" ? Lang::kEn : Lang::kZh;
    m.options.mask = o.value("mask", true);
    if (j.contains("rules")) {
      m.rules.file = j.at("rules").at("file").get<std::string>();
      m.rules.sha256 = j.at("rules").at("sha256").get<std::string>();
      for (const auto& v : j.at("rules").value("versions", json::array()))
        m.versions.push_back(v.get<std::string>());
    }
    for (const auto& f : j.value("inputs", json::array())) m.inputs.push_back(file_of(f));
    for (const auto& f : j.at("outputs")) m.outputs.push_back(file_of(f));
    if (j.contains("households")) {
      const json& h = j.at("households");
      m.households = {h.at("rows").get<int64_t>(), h.at("paid").get<int64_t>(),
                      h.at("held").get<int64_t>(), h.at("not_paid").get<int64_t>(),
                      h.at("rejected").get<int64_t>()};
    }
    if (j.contains("control")) {
      const json& c = j.at("control");
      if (c.contains("payments")) m.control_payments = money_of(c, "payments");
      if (c.contains("subsidies")) m.control_subsidies = money_of(c, "subsidies");
      if (c.contains("held")) m.control_held = money_of(c, "held");
      m.control_disbursement = money_of(c, "disbursement");
      m.accounts = c.at("accounts").get<int64_t>();
    }
  } catch (const std::exception& e) {
    throw FatalError(path, 0, 0, fmt::format("not a benefitroll manifest: {}", e.what()));
  }
  return m;
}

std::vector<IntegrityProblem> check_integrity(const std::string& dir, const FolderManifest& m) {
  std::vector<IntegrityProblem> out;
  std::set<std::string> listed;
  auto check = [&](const ManifestFile& f) {
    listed.insert(f.file);
    const std::string path = dir + "/" + f.file;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
      out.push_back({f.file, {"清单所列文件缺失", "listed in the manifest but missing"}});
      return;
    }
    const std::string sha = file_sha256(path);
    if (sha != f.sha256) {
      out.push_back({f.file,
                     {fmt::format("SHA-256 为 {}，与清单所记 {} 不符", sha, f.sha256),
                      fmt::format("sha256 is {}, the manifest says {}", sha, f.sha256)}});
      return;
    }
    if (f.rows >= 0 && f.file.size() > 4 && f.file.substr(f.file.size() - 4) == ".csv" &&
        f.file.rfind("inputs/", 0) != 0) {
      const int64_t rows = count_rows(path, m.options.encoding);
      if (rows != f.rows)
        out.push_back({f.file, {fmt::format("数据行数为 {}，清单所记为 {}", rows, f.rows),
                                fmt::format("{} data rows, the manifest says {}", rows, f.rows)}});
    }
  };
  for (const auto& f : m.outputs) check(f);
  for (const auto& f : m.inputs)
    if (!listed.count(f.file)) check(f);
  if (!m.rules.file.empty() && !listed.count(m.rules.file)) check(m.rules);
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (ec) break;
    if (!it->is_regular_file()) continue;
    const std::string rel = fs::relative(it->path(), dir).string();
    if (rel == "manifest.json" || listed.count(rel)) continue;
    out.push_back({rel, {"文件不在清单中", "a file the manifest does not list"}});
  }
  std::sort(out.begin(), out.end(),
            [](const IntegrityProblem& a, const IntegrityProblem& b) { return a.file < b.file; });
  return out;
}

int CsvTable::column(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

// Reads a CSV this program wrote, record by record, from the file mapped (FileBytes) rather
// than read whole, letting go of the pages behind the parse: reading a month's ledgers back
// (audit, recompute, explain) holds their text once at most and builds no table of strings
// on the way. Returns the header; calls on_record with each record's values, which are by
// header position; on_header is told the header and at most how many records follow, to
// reserve room (a vector of ledger rows grown by doubling held both copies at once). Throws
// FatalError naming `path` for a BAD_ROW.
std::vector<std::string> read_output_records(
    const std::string& path, OutputEncoding encoding,
    const std::function<void(const std::vector<std::string>& header, size_t records)>& on_header,
    const std::function<void(const CsvRecord&)>& on_record) {
  FileBytes file(path);
  const std::string_view bytes = file.view();
  const InputEncoding enc =
      encoding == OutputEncoding::kGb18030 ? InputEncoding::kGb18030 : InputEncoding::kUtf8;
  std::vector<std::string> header;
  // The header names this program writes are the columns; read them first, from the first line.
  {
    DecodedText d(bytes.substr(0, bytes.find('\n')), enc, path);
    std::string_view first = d.text();
    if (!first.empty() && first.back() == '\r') first.remove_suffix(1);
    size_t start = 0;
    while (start <= first.size()) {
      size_t comma = first.find(',', start);
      if (comma == std::string_view::npos) comma = first.size();
      header.emplace_back(first.substr(start, comma - start));
      start = comma + 1;
    }
  }
  if (header.size() > kMaxColumns)
    throw FatalError(path, 1, 0, "more columns than any file this program writes");
  std::vector<ColumnSpec> specs;
  for (const auto& h : header) specs.push_back({h, {}, true});
  const auto release = [&file](const char* p) { file.release_before(p); };
  CsvReader r(bytes, path, enc, specs, release);
  r.on_done_before(release);
  // Line ends bound the records; counted a piece at a time, letting go of each (max_records
  // would hold the whole text mapped).
  size_t records = 1;
  constexpr size_t kPiece = 4 << 20;
  for (size_t at = 0; at < bytes.size(); at += kPiece) {
    const std::string_view piece = bytes.substr(at, kPiece);
    records += static_cast<size_t>(std::count(piece.begin(), piece.end(), '\n'));
    file.release_before(piece.data() + piece.size());
  }
  on_header(header, records);
  CsvRecord rec;
  while (r.next(rec)) {
    if (rec.bad != BadRow::kNone)
      throw FatalError(path, rec.line, 0, pick(r.bad_row_message(rec), Lang::kEn));
    on_record(rec);
  }
  return header;
}

namespace {

int64_t count_rows(const std::string& path, OutputEncoding enc) {
  int64_t rows = 0;
  read_output_records(
      path, enc, [](const std::vector<std::string>&, size_t) {},
      [&](const CsvRecord&) { ++rows; });
  return rows;
}

}  // namespace

Money amount_cell(std::string_view value, const std::string& path, int64_t line, int column) {
  const auto amount = Money::parse_signed(value);
  if (!amount)
    throw FatalError(path, line, column,
                     fmt::format("amount: expected an amount like 1234.56, got '{}'", value));
  return *amount;
}

CsvTable read_output_csv(const std::string& path, OutputEncoding encoding) {
  CsvTable t;
  read_output_records(
      path, encoding,
      [&](const std::vector<std::string>& header, size_t records) {
        t.header = header;
        t.rows.reserve(records);
        t.lines.reserve(records);
      },
      [&](const CsvRecord& rec) {
        std::vector<std::string> row;
        for (size_t c = 0; c < t.header.size(); ++c) row.emplace_back(rec.values[c]);
        t.rows.push_back(std::move(row));
        t.lines.push_back(rec.line);
      });
  return t;
}

namespace {

// The lines of a ledger or held.csv, each given to `row` with views into the record read
// (valid for the call); `records` is told first at most how many there are.
void read_ledger_rows(const std::string& path, OutputEncoding encoding,
                      const std::function<void(size_t records)>& records,
                      const std::function<void(const LedgerRow&)>& row) {
  static constexpr const char* kCols[] = {"month", "household_id", "person_id", "item",
                                          "item_name", "form", "street", "community",
                                          "payee_name", "payee_account", "amount", "basis",
                                          "rule", "ref"};
  size_t idx[14];
  int reason = -1;
  read_output_records(
      path, encoding,
      [&](const std::vector<std::string>& header, size_t count) {
        const auto column = [&](std::string_view name) {
          for (size_t i = 0; i < header.size(); ++i)
            if (header[i] == name) return static_cast<int>(i);
          return -1;
        };
        for (int i = 0; i < 14; ++i) {
          const int c = column(kCols[i]);
          if (c < 0)
            throw FatalError(path, 1, 0, fmt::format("not a ledger: no column '{}'", kCols[i]));
          idx[i] = static_cast<size_t>(c);
        }
        reason = column("reason");
        records(count);
      },
      [&](const CsvRecord& rec) {
        LedgerRow l;
        l.line = rec.line;
        auto get = [&](int i) { return rec.values[idx[i]]; };
        l.month = get(0);
        l.household_id = get(1);
        l.person_id = get(2);
        l.item = get(3);
        l.item_name = get(4);
        l.form = get(5);
        l.street = get(6);
        l.community = get(7);
        l.payee_name = get(8);
        l.payee_account = get(9);
        l.amount = amount_cell(get(10), path, l.line, static_cast<int>(idx[10]) + 1);
        l.rule = get(12);
        l.ref = get(13);
        if (reason >= 0) l.reason = rec.values[static_cast<size_t>(reason)];
        row(l);
      });
}

}  // namespace

std::vector<LedgerRow> read_ledger(const std::string& path, OutputEncoding encoding,
                                   StringPool& text) {
  std::unordered_set<std::string_view> repeated;  // values kept once, in `text`
  auto once = [&](std::string_view v) {
    auto it = repeated.find(v);
    if (it == repeated.end()) it = repeated.insert(text.add(v)).first;
    return *it;
  };
  std::vector<LedgerRow> out;
  read_ledger_rows(
      path, encoding, [&](size_t records) { out.reserve(records); },
      [&](const LedgerRow& r) {
        LedgerRow& l = out.emplace_back(r);
        l.month = once(r.month);
        l.household_id = text.add(r.household_id);
        l.person_id = text.add(r.person_id);
        l.item = once(r.item);
        l.item_name = once(r.item_name);
        l.form = once(r.form);
        l.street = once(r.street);
        l.community = once(r.community);
        l.payee_name = text.add(r.payee_name);
        l.payee_account = text.add(r.payee_account);
        l.rule = once(r.rule);
        l.ref = text.add(r.ref);
        l.reason = text.add(r.reason);
      });
  return out;
}

void for_each_ledger_row(const std::string& path, OutputEncoding encoding,
                         const std::function<void(const LedgerRow&)>& row) {
  read_ledger_rows(path, encoding, [](size_t) {}, row);
}

std::vector<DisbursementRow> read_disbursement(const std::string& path,
                                               OutputEncoding encoding) {
  static constexpr const char* kCols[] = {"payee_account", "payee_name", "payee_id", "lines",
                                          "amount"};
  size_t idx[5];
  std::vector<DisbursementRow> out;
  read_output_records(
      path, encoding,
      [&](const std::vector<std::string>& header, size_t records) {
        for (int i = 0; i < 5; ++i) {
          const auto it = std::find(header.begin(), header.end(), kCols[i]);
          if (it == header.end())
            throw FatalError(path, 1, 0,
                             fmt::format("not a disbursement file: no column '{}'", kCols[i]));
          idx[i] = static_cast<size_t>(it - header.begin());
        }
        out.reserve(records);
      },
      [&](const CsvRecord& rec) {
        auto cell = [&](int i) { return rec.values[idx[i]]; };
        DisbursementRow& d = out.emplace_back();
        d.line = rec.line;
        d.account = cell(0);
        d.name = cell(1);
        d.payee_id = cell(2);
        const std::string_view lines = cell(3);
        if (lines.empty() || lines.size() > 12 ||
            lines.find_first_not_of("0123456789") != std::string_view::npos)
          throw FatalError(path, d.line, static_cast<int>(idx[3]) + 1,
                           fmt::format("lines: expected a count, got '{}'", lines));
        d.lines = std::stoll(std::string(lines));
        d.amount = amount_cell(cell(4), path, d.line, static_cast<int>(idx[4]) + 1);
      });
  return out;
}

}  // namespace benefitroll
