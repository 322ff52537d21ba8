#include "output/workbook.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "core/resident_id.h"
#include "output/labels.h"
#include "output/output_file.h"

namespace benefitroll {

namespace {

// The one place an amount becomes a double: libxlsxwriter's number cells take one. fen / 100 in
// IEEE arithmetic is the double nearest the exact decimal, which is what Excel stores for a
// number typed as "820.00"; the cell's format shows it with exactly two decimals.
double spreadsheet_number(Money m) { return static_cast<double>(m.fen()) / 100; }

// Seconds from 1970-01-01 to the first day of month m, 00:00 UTC (days from civil, no clock).
time_t first_day_utc(YearMonth m) {
  int64_t y = m.year - (m.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (m.month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5;  // day 1 of the month
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int64_t days = era * 146097 + doe - 719468;
  return static_cast<time_t>(days * 86400);
}

struct Column {
  std::string_view header;
  double width;  // Excel column width in characters (not an amount)
};

// Writes rows into a sheet, continuing on "name (2)", … when a sheet is full; every sheet gets
// the header row, frozen, with an autofilter over its rows.
class SheetWriter {
 public:
  SheetWriter(lxw_workbook* wb, std::string name, std::vector<Column> cols, lxw_format* header,
              lxw_format* amount)
      : wb_(wb), name_(std::move(name)), cols_(std::move(cols)), header_(header), amount_(amount) {
    new_sheet();
  }
  void row() {
    if (row_ >= kSheetRows) {
      finish_sheet();
      new_sheet();
    }
    ++row_;
    col_ = 0;
  }
  void text(std::string_view v) {
    if (!v.empty()) {
      const std::string s(v);
      check(worksheet_write_string(ws_, static_cast<lxw_row_t>(row_), col_, s.c_str(), nullptr));
    }
    ++col_;
  }
  void money(Money m) {
    check(worksheet_write_number(ws_, static_cast<lxw_row_t>(row_), col_, spreadsheet_number(m),
                                 amount_));
    ++col_;
  }
  void integer(int64_t v) {
    // A count or a line number: exact in a double far beyond any row count.
    check(worksheet_write_number(ws_, static_cast<lxw_row_t>(row_), col_, static_cast<double>(v),
                                 nullptr));
    ++col_;
  }
  void blank() { ++col_; }
  void finish() { finish_sheet(); }
  lxw_error error() const { return error_; }

 private:
  void check(lxw_error e) {
    if (e != LXW_NO_ERROR && error_ == LXW_NO_ERROR) error_ = e;
  }
  void new_sheet() {
    ++sheets_;
    const std::string name = sheets_ == 1 ? name_ : fmt::format("{} ({})", name_, sheets_);
    ws_ = workbook_add_worksheet(wb_, name.c_str());
    if (!ws_) throw std::runtime_error(fmt::format("ledgers.xlsx: cannot add the sheet {}", name));
    for (size_t c = 0; c < cols_.size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      check(worksheet_set_column(ws_, col, col, cols_[c].width, nullptr));
      const std::string h(cols_[c].header);
      check(worksheet_write_string(ws_, 0, col, h.c_str(), header_));
    }
    worksheet_freeze_panes(ws_, 1, 0);
    row_ = 0;
  }
  void finish_sheet() {
    check(worksheet_autofilter(ws_, 0, 0, static_cast<lxw_row_t>(row_),
                               static_cast<lxw_col_t>(cols_.size() - 1)));
  }

  lxw_workbook* wb_;
  std::string name_;
  std::vector<Column> cols_;
  lxw_format* header_;
  lxw_format* amount_;
  lxw_worksheet* ws_ = nullptr;
  int sheets_ = 0;
  int64_t row_ = 0;
  lxw_col_t col_ = 0;
  lxw_error error_ = LXW_NO_ERROR;
};

std::vector<Column> ledger_columns(bool held, Lang lang) {
  const bool zh = lang == Lang::kZh;
  std::vector<Column> c = {
      {zh ? "月份" : "month", 9},          {zh ? "户编号" : "household_id", 13},
      {zh ? "身份证号" : "person_id", 21}, {zh ? "项目代码" : "item", 17},
      {zh ? "项目名称" : "item_name", 20}, {zh ? "形式" : "form", 9},
      {zh ? "街道" : "street", 14},        {zh ? "社区" : "community", 14},
      {zh ? "收款人" : "payee_name", 22},  {zh ? "收款账号" : "payee_account", 22},
      {zh ? "金额" : "amount", 12},        {zh ? "计算依据" : "basis", 30},
      {zh ? "规则版本" : "rule", 26},      {zh ? "案件编号" : "ref", 14},
  };
  if (held) c.push_back({zh ? "暂缓原因" : "reason", 20});
  return c;
}

void write_lines(SheetWriter& w, const std::vector<Line>& lines, bool held, YearMonth month,
                 const Rules& rules, Lang lang) {
  const std::string m = month.str();
  for (const Line& l : lines) {
    w.row();
    w.text(m);
    w.text(l.household_id);
    w.text(l.person_id);
    w.text(info(l.item).code);
    w.text(item_label(l.item, lang, rules));  // the rules file's label, or the English name
    w.text(form_label(l.form, lang));
    w.text(l.street);
    w.text(l.community);
    w.text(l.payee_name);
    w.text(l.payee_account);
    w.money(l.amount);
    w.text(format_basis(l));
    w.text(l.rule ? std::string_view(*l.rule) : std::string_view());
    w.text(l.ref);
    if (held) w.text(to_code(l.hold));
  }
  w.finish();
}

std::string read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error(fmt::format("{}: cannot read it back", path));
  std::ostringstream ss;
  ss << f.rdbuf();
  return std::move(ss).str();
}

}  // namespace

int64_t workbook_rows(const RollResult& r) {
  return r.payment_lines + r.subsidy_lines + r.held_lines + r.exception_rows + r.watch_rows;
}

FileRecord write_workbook(const std::string& dir, const RollResult& r, YearMonth month,
                          const Rules& rules, const WriteOptions& opt) {
  const Lang lang = opt.lang;
  const bool zh = lang == Lang::kZh;
  const std::string path = dir + "/ledgers.xlsx";
  // Constant memory: rows go to temporary files as they are written (a large roll has millions
  // of lines); strings are then written inline, which Excel and WPS read as text all the same.
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  if (!wb) throw std::runtime_error(fmt::format("{}: cannot create the workbook", path));

  // No clock time in any output (outputs.md): the document is dated the first day of its month.
  std::string title = fmt::format("{} {}", rules.meta.jurisdiction, month.str());
  lxw_doc_properties props{};
  props.title = title.data();
  props.created = first_day_utc(month);
  workbook_set_properties(wb, &props);

  lxw_format* header = workbook_add_format(wb);
  format_set_bold(header);
  format_set_bg_color(header, 0xDCE6F1);
  format_set_border(header, LXW_BORDER_THIN);
  lxw_format* amount = workbook_add_format(wb);
  format_set_num_format(amount, "0.00");

  lxw_error error = LXW_NO_ERROR;
  auto keep = [&](lxw_error e) {
    if (e != LXW_NO_ERROR && error == LXW_NO_ERROR) error = e;
  };
  {
    SheetWriter w(wb, zh ? "发放明细" : "payments", ledger_columns(false, lang), header, amount);
    write_lines(w, r.payments, false, month, rules, lang);
    keep(w.error());
  }
  {
    SheetWriter w(wb, zh ? "补贴明细" : "subsidies", ledger_columns(false, lang), header, amount);
    write_lines(w, r.subsidies, false, month, rules, lang);
    keep(w.error());
  }
  {
    SheetWriter w(wb, zh ? "暂缓发放" : "held", ledger_columns(true, lang), header, amount);
    write_lines(w, r.held, true, month, rules, lang);
    keep(w.error());
  }
  {
    // Masked like exceptions.csv (month_writer.cc, write_exceptions).
    SheetWriter w(wb, zh ? "异常" : "exceptions",
                  {{zh ? "严重程度" : "severity", 9},
                   {zh ? "代码" : "code", 24},
                   {zh ? "文件" : "file", 15},
                   {zh ? "行号" : "line", 7},
                   {zh ? "户编号" : "household_id", 13},
                   {zh ? "身份证号" : "person_id", 21},
                   {zh ? "列" : "column", 16},
                   {zh ? "值" : "value", 21},
                   {zh ? "说明" : "message", 70}},
                  header, amount);
    for (const Issue& i : r.exceptions) {
      w.row();
      w.text(severity_label(i.severity, lang));
      w.text(i.code);
      w.text(i.file);
      if (i.line > 0)
        w.integer(i.line);
      else
        w.blank();
      w.text(mask_text(i.household_id, opt.mask));
      w.text(mask_id_value(i.person_id, opt.mask));
      w.text(i.column);
      if (i.column == "head_id" || i.column == "person_id")
        w.text(mask_id_value(i.value, opt.mask));
      else if (i.column == "bank_account")
        w.text(mask_account_value(i.value, opt.mask));
      else
        w.text(mask_text(i.value, opt.mask));
      w.text(mask_text(pick(i.message, lang), opt.mask));
    }
    w.finish();
    keep(w.error());
  }
  {
    SheetWriter w(wb, zh ? "关注名单" : "watchlist",
                  {{zh ? "代码" : "code", 14},
                   {zh ? "户编号" : "household_id", 13},
                   {zh ? "街道" : "street", 14},
                   {zh ? "社区" : "community", 14},
                   {zh ? "救助类别" : "program", 10},
                   {zh ? "人数" : "persons", 7},
                   {zh ? "人均收入" : "per_capita_income", 12},
                   {zh ? "保障标准" : "standard", 10},
                   {zh ? "说明" : "message", 50}},
                  header, amount);
    for (const WatchRow& row : r.watchlist) {
      w.row();
      w.text(row.code);
      w.text(mask_text(row.household_id, opt.mask));
      w.text(mask_text(row.street, opt.mask));  // outputs.md: ID shapes masked in every column
      w.text(mask_text(row.community, opt.mask));
      w.text(program_label(row.program, lang));
      w.integer(row.persons);
      if (row.per_capita_income)
        w.money(*row.per_capita_income);
      else
        w.blank();
      w.money(row.standard);
      w.text(mask_text(pick(row.message, lang), opt.mask));
    }
    w.finish();
    keep(w.error());
  }
  const lxw_error closed = workbook_close(wb);
  if (error == LXW_NO_ERROR) error = closed;
  if (error != LXW_NO_ERROR)
    throw std::runtime_error(fmt::format("{}: {}", path, lxw_strerror(error)));
  // Make it durable like the other files (OutputFile fsyncs each one).
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error(fmt::format("{}: cannot sync it to disk", path));
  }
  ::close(fd);
  return {"ledgers.xlsx", sha256_hex(read_bytes(path)), -1, std::nullopt};
}

}  // namespace benefitroll
