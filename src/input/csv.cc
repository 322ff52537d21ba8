#include "input/csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <utility>
#include <vector>

#include "input/fccp.h"

namespace benefitroll {

namespace {

// Stands for a line end inside a quoted field on its way through fccp (one record per line).
// 0xFF never occurs in UTF-8, and only good records (valid UTF-8) are handed to fccp.
constexpr char kBreakMark = '\xFF';
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Byte classes for the fast path: commas are counted; a quote, CR or NUL sends the line to the
// slow path; a line of spaces and tabs only is blank.
enum : uint8_t { kComma = 1, kSpecial = 2, kNonBlank = 4 };
constexpr std::array<uint8_t, 256> make_classes() {
  std::array<uint8_t, 256> t{};
  for (auto& c : t) c = kNonBlank;
  t[' '] = t['\t'] = 0;
  t[','] = kComma | kNonBlank;
  t['"'] = t['\r'] = t[0] = kSpecial | kNonBlank;
  return t;
}
constexpr std::array<uint8_t, 256> kClasses = make_classes();

std::string_view trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

// Splits one record's text into fields, unquoted and trimmed, into views of `scratch`. Lenient,
// for the header and for what is left of a BAD_ROW: a quote left open runs to the end, text
// after a closing quote is kept, a NUL becomes U+FFFD.
void split_fields(std::string_view rec, std::string& scratch, std::vector<std::string_view>& out) {
  out.clear();
  scratch.clear();
  scratch.reserve(rec.size() * kReplacement.size() + 1);  // views stay put: no reallocation
  auto push = [&](char c) {
    if (c == '\0')
      scratch.append(kReplacement);
    else
      scratch.push_back(c);
  };
  size_t i = 0, n = rec.size();
  for (;;) {
    size_t begin = scratch.size();
    if (i < n && rec[i] == '"') {
      for (++i; i < n; ++i) {
        if (rec[i] != '"') {
          push(rec[i]);
        } else if (i + 1 < n && rec[i + 1] == '"') {
          push('"');
          ++i;
        } else {
          ++i;
          break;
        }
      }
    }
    for (; i < n && rec[i] != ','; ++i) push(rec[i]);
    out.push_back(trim(std::string_view(scratch.data() + begin, scratch.size() - begin)));
    if (i >= n) break;
    ++i;  // the comma
  }
}

// What the pre-pass knows of a record.
struct RecordInfo {
  int64_t line = 0;
  size_t begin = 0, end = 0;  // its text, line end excluded; for a BAD_ROW its first line only
  uint32_t detail = 0;
  BadRow bad = BadRow::kNone;
  bool has_break = false;  // a quoted field holds a line end, handed to fccp as kBreakMark
};

// The pre-pass: finds records by the dialect and makes, for each good one, one line for fccp
// (quoted fields re-quoted, line ends inside them marked, unquoted fields with '"' or CR quoted).
class Scanner {
 public:
  Scanner(std::string_view text, const std::vector<size_t>& bad, size_t from = 0)
      : t_(text.data()), n_(text.size()), bad_(bad), pos_(from) {}

  /// The next non-blank record; false at the end. expected = 0: no field count (the header).
  bool scan(RecordInfo& r, size_t expected);
  /// The line for fccp of the last good record scanned, in two pieces (the second may be empty).
  std::string_view piece(int k) const { return pieces_[k]; }

 private:
  void scan_slow(size_t start, RecordInfo& r, size_t expected);
  void cut_back(size_t start, BadRow why, uint32_t detail, RecordInfo& r);
  bool has_bad_bytes(size_t a, size_t b) {
    while (bad_i_ < bad_.size() && bad_[bad_i_] < a) ++bad_i_;
    return bad_i_ < bad_.size() && bad_[bad_i_] < b;
  }
  size_t find(char c, size_t a, size_t b) const {
    const void* p = std::memchr(t_ + a, c, b - a);
    return p ? static_cast<size_t>(static_cast<const char*>(p) - t_) : b;
  }

  const char* t_;
  size_t n_;
  const std::vector<size_t>& bad_;
  size_t bad_i_ = 0;
  size_t pos_ = 0;
  int64_t line_ = 1;
  std::string out_;
  std::array<std::string_view, 2> pieces_;
};

bool Scanner::scan(RecordInfo& r, size_t expected) {
  while (pos_ < n_) {
    size_t start = pos_;
    size_t lf = find('\n', start, n_);
    size_t end = lf;
    if (lf < n_ && end > start && t_[end - 1] == '\r') --end;
    const auto* p = reinterpret_cast<const unsigned char*>(t_ + start);
    const auto* e = reinterpret_cast<const unsigned char*>(t_ + end);
    uint32_t commas = 0;
    uint8_t flags = 0;
    for (; p != e; ++p) {
      uint8_t c = kClasses[*p];
      commas += c & kComma;
      flags |= c;
    }
    if ((flags & kSpecial) || has_bad_bytes(start, end)) {
      scan_slow(start, r, expected);
      return true;
    }
    if (!(flags & kNonBlank)) {  // empty or only spaces and tabs: not a record
      pos_ = lf < n_ ? lf + 1 : n_;
      ++line_;
      continue;
    }
    size_t fields = size_t{commas} + 1;
    if (end - start > kMaxRecordBytes) {
      cut_back(start, BadRow::kTooLong, 0, r);
    } else if (expected != 0 && fields != expected) {
      cut_back(start, BadRow::kFieldCount, static_cast<uint32_t>(fields), r);
    } else {
      r = RecordInfo{line_, start, end, 0, BadRow::kNone, false};
      if (lf < n_ && end == lf)
        pieces_ = {std::string_view(t_ + start, lf + 1 - start), {}};
      else
        pieces_ = {std::string_view(t_ + start, end - start), "\n"};
      pos_ = lf < n_ ? lf + 1 : n_;
      ++line_;
    }
    return true;
  }
  return false;
}

void Scanner::cut_back(size_t start, BadRow why, uint32_t detail, RecordInfo& r) {
  size_t lf = find('\n', start, n_);
  size_t end = lf;
  if (lf < n_ && end > start && t_[end - 1] == '\r') --end;
  r = RecordInfo{line_, start, end, detail, why, false};
  pos_ = lf < n_ ? lf + 1 : n_;
  ++line_;
}

void Scanner::scan_slow(size_t start, RecordInfo& r, size_t expected) {
  const size_t limit = std::min(n_, start + kMaxRecordBytes + 1);
  out_.clear();
  size_t i = start, fields = 0, end = start, next = start;
  int64_t breaks = 0;
  BadRow fault = BadRow::kNone;
  uint32_t detail = 0;
  for (;;) {
    ++fields;
    if (i - start > kMaxRecordBytes) {
      fault = BadRow::kTooLong;
      break;
    }
    if (i < n_ && t_[i] == '"') {  // quoted: to the next quote that is not doubled
      out_ += '"';
      ++i;
      for (;;) {
        size_t q = find('"', i, limit);
        for (size_t a = i; a < q;) {  // the content, line ends marked
          size_t b = find('\n', a, q);
          out_.append(t_ + a, b - a);
          if (b == q) break;
          out_ += kBreakMark;
          ++breaks;
          a = b + 1;
        }
        if (q == limit) {
          fault = limit == n_ ? BadRow::kUnclosedQuote : BadRow::kTooLong;
          detail = static_cast<uint32_t>(fields);
          i = limit;
          break;
        }
        if (q + 1 < n_ && t_[q + 1] == '"') {
          out_ += "\"\"";
          i = q + 2;
          continue;
        }
        out_ += '"';
        i = q + 1;
        break;
      }
      if (fault != BadRow::kNone) break;
      if (i == n_) {
        end = next = n_;
        break;
      }
      if (t_[i] == ',') {
        out_ += ',';
        ++i;
        continue;
      }
      if (t_[i] == '\n' || (t_[i] == '\r' && i + 1 < n_ && t_[i + 1] == '\n')) {
        end = i;
        next = i + (t_[i] == '\r' ? 2 : 1);
        break;
      }
      fault = BadRow::kTextAfterQuote;
      detail = static_cast<uint32_t>(fields);
      break;
    }
    // Unquoted: taken as it is, to the comma or the line end.
    size_t j = i;
    while (j < n_ && t_[j] != ',' && t_[j] != '\n') ++j;
    size_t value_end = j;
    if (j < n_ && t_[j] == '\n' && value_end > i && t_[value_end - 1] == '\r') --value_end;
    bool quote_it = false;
    for (size_t k = i; k < value_end && !quote_it; ++k) quote_it = t_[k] == '"' || t_[k] == '\r';
    if (quote_it) {  // fccp would take '"' for a quote and drop a CR at the line end
      out_ += '"';
      for (size_t k = i; k < value_end; ++k) {
        if (t_[k] == '"') out_ += '"';
        out_ += t_[k];
      }
      out_ += '"';
    } else {
      out_.append(t_ + i, value_end - i);
    }
    if (j < n_ && t_[j] == ',') {
      out_ += ',';
      i = j + 1;
      continue;
    }
    end = value_end;
    next = j < n_ ? j + 1 : n_;
    break;
  }
  // What the record holds weighs more than how it is laid out. A record broken in its layout
  // is cut back to its first line, so only what was read of that line counts.
  size_t seen = fault != BadRow::kNone ? std::min(i, find('\n', start, n_)) : end;
  if (has_bad_bytes(start, seen)) {
    fault = BadRow::kBadBytes;
    detail = 0;
  } else if (find('\0', start, seen) < seen) {
    fault = BadRow::kNul;
    detail = 0;
  } else if (fault == BadRow::kNone && end - start > kMaxRecordBytes) {
    fault = BadRow::kTooLong;
  } else if (fault == BadRow::kNone && expected != 0 && fields != expected) {
    fault = BadRow::kFieldCount;
    detail = static_cast<uint32_t>(fields);
  }
  if (fault != BadRow::kNone) {
    cut_back(start, fault, detail, r);
    return;
  }
  r = RecordInfo{line_, start, end, 0, BadRow::kNone, breaks > 0};
  out_ += '\n';
  pieces_ = {out_, {}};
  pos_ = next;
  line_ += 1 + breaks;
}

// Feeds the pre-pass's lines to fccp: the header first, then one line per good record, each
// ending in '\n'. Every record found, good or bad, is queued in file order for the reader.
struct Producer {
  Scanner scanner;
  size_t fields = 0;
  std::vector<RecordInfo> queue;
  size_t head = 0;
  int64_t good = 0;
  std::array<std::string_view, 2> pending;

  Producer(std::string_view text, const std::vector<size_t>& bad) : scanner(text, bad) {}

  bool produce() {
    RecordInfo r;
    while (scanner.scan(r, fields)) {
      queue.push_back(r);
      if (r.bad == BadRow::kNone) {
        pending = {scanner.piece(0), scanner.piece(1)};
        ++good;
        return true;
      }
    }
    return false;
  }

  // Fills exactly `size` bytes unless the text ends first (LineReader takes a short read for
  // the end of the file).
  int fill(char* buffer, int size) {
    size_t n = 0, want = static_cast<size_t>(size);
    while (n < want) {
      if (pending[0].empty()) {
        if (!pending[1].empty()) {
          std::swap(pending[0], pending[1]);
        } else if (!produce()) {
          break;
        }
        continue;
      }
      size_t k = std::min(want - n, pending[0].size());
      std::memcpy(buffer + n, pending[0].data(), k);
      pending[0].remove_prefix(k);
      n += k;
    }
    return static_cast<int>(n);
  }
};

class Source : public io::ByteSourceBase {
 public:
  explicit Source(Producer* p) : p_(p) {}
  int read(char* buffer, int size) override { return p_->fill(buffer, size); }

 private:
  Producer* p_;
};

using Fccp = io::CSVReader<kMaxColumns, io::trim_chars<>, io::double_quote_escape<',', '"'>>;

[[noreturn]] void internal_error(const std::string& what) {
  throw std::logic_error("internal error in the CSV reader: " + what);
}

}  // namespace

struct CsvReader::Impl {
  DecodedText decoded;
  Producer producer;
  std::vector<int> position;  // per known column: its field in the header, or -1
  int64_t header_line = 0;
  std::string fccp_header;
  std::unique_ptr<Fccp> fccp;
  std::array<char*, kMaxColumns> cols{};
  int64_t rows_read = 0;
  bool finished = false;
  std::string scratch;
  std::vector<std::string_view> fields;
  std::function<void(const char*)> done_before;
  size_t done = 0;  // the text before this offset was last reported done

  Impl(std::string_view bytes, const std::string& file, InputEncoding encoding,
       const std::function<void(const char*)>& looked)
      : decoded(bytes, encoding, file, looked),
        producer(decoded.text(), decoded.bad_offsets()) {}

  // fccp's column c is known column c; a known column absent from the header, and the slots
  // past the known ones (names no header line of ours holds), stay null in every row.
  template <size_t... I>
  void read_header(std::index_sequence<I...>, std::span<const ColumnSpec> columns) {
    std::array<std::string, kMaxColumns> names;
    for (size_t c = 0; c < kMaxColumns; ++c)
      names[c] = c < columns.size() ? std::string(columns[c].name) : fmt::format("?{}", c);
    fccp->read_header(io::ignore_extra_column | io::ignore_missing_column, names[I]...);
  }
  template <size_t... I>
  bool read_row(std::index_sequence<I...>) {
    return fccp->read_row(cols[I]...);
  }
};

CsvReader::~CsvReader() = default;

CsvReader::CsvReader(std::string_view bytes, const std::string& name, InputEncoding encoding,
                     std::span<const ColumnSpec> columns,
                     const std::function<void(const char*)>& looked)
    : impl_(std::make_unique<Impl>(bytes, name, encoding, looked)) {
  if (columns.size() > kMaxColumns) internal_error("too many known columns");
  Impl& m = *impl_;
  std::string_view text = m.decoded.text();
  if (text.empty()) throw FatalError(name, 0, 0, "the file is empty: it needs at least a header");
  RecordInfo h;
  if (!m.producer.scanner.scan(h, 0))
    throw FatalError(name, 0, 0, "the file has no header: it holds only blank lines");
  m.header_line = h.line;
  if (h.bad != BadRow::kNone) {
    CsvRecord rec;
    rec.bad = h.bad;
    rec.detail = h.detail;
    bool at_field = h.bad == BadRow::kTextAfterQuote || h.bad == BadRow::kUnclosedQuote;
    throw FatalError(name, h.line, at_field ? h.detail : 0,
                     "the header is not a valid record: " + bad_row_message(rec).en);
  }

  split_fields(text.substr(h.begin, h.end - h.begin), m.scratch, m.fields);
  m.position.assign(columns.size(), -1);
  std::vector<int> column_of(m.fields.size(), -1);
  for (size_t f = 0; f < m.fields.size(); ++f) {
    std::string_view label = m.fields[f];
    if (label.empty()) continue;
    for (size_t c = 0; c < columns.size(); ++c) {
      if (label != columns[c].name && label != columns[c].alias) continue;
      if (m.position[c] >= 0)
        throw FatalError(name, h.line, static_cast<int64_t>(f) + 1,
                         fmt::format("column '{}' ({}) is given twice, in fields {} and {}",
                                     columns[c].name, columns[c].alias, m.position[c] + 1, f + 1));
      m.position[c] = static_cast<int>(f);
      column_of[f] = static_cast<int>(c);
      break;
    }
  }
  for (size_t c = 0; c < columns.size(); ++c)
    if (columns[c].always && m.position[c] < 0)
      throw FatalError(name, h.line, 0,
                       fmt::format("missing required column '{}' ({})", columns[c].name,
                                   columns[c].alias));

  // fccp reads our own header line: the English names, '_' for the columns we ignore.
  for (size_t f = 0; f < column_of.size(); ++f) {
    if (f > 0) m.fccp_header += ',';
    m.fccp_header += column_of[f] >= 0 ? columns[column_of[f]].name : std::string_view("_");
  }
  m.fccp_header += '\n';
  m.producer.fields = m.fields.size();
  m.producer.pending = {m.fccp_header, {}};
  try {
    m.fccp = std::make_unique<Fccp>(name, std::make_unique<Source>(&m.producer));
    m.read_header(std::make_index_sequence<kMaxColumns>{}, columns);
  } catch (const io::error::base& e) {
    internal_error(e.what());
  }
}

bool CsvReader::next(CsvRecord& record) {
  Impl& m = *impl_;
  Producer& p = m.producer;
  // fccp keeps over half a block (16 MiB) ahead of what it has returned until the text ends, and
  // our records are far shorter, so an empty queue means every record has been found. Should
  // the scanner still hold some, ask for them: an error below if that ever upsets fccp.
  if (p.head == p.queue.size() && p.pending[0].empty() && p.pending[1].empty()) p.produce();
  if (p.head == p.queue.size()) {
    if (m.finished) return false;
    m.finished = true;
    // fccp must have given exactly one row per good record.
    bool more;
    try {
      more = m.read_row(std::make_index_sequence<kMaxColumns>{});
    } catch (const io::error::base& e) {
      internal_error(e.what());
    }
    if (more || m.rows_read != p.good)
      internal_error(fmt::format("{} rows from the parser for {} good records", m.rows_read + more,
                                 p.good));
    return false;
  }
  const RecordInfo r = p.queue[p.head++];  // a copy: read_row may grow the queue
  // The records before this one are done with, and the pre-pass only looks ahead of it.
  constexpr size_t kDoneStep = size_t{4} << 20;
  if (m.done_before && !m.decoded.converted() && r.begin >= m.done + kDoneStep) {
    m.done = r.begin;
    m.done_before(m.decoded.text().data() + r.begin);
  }
  if (p.head >= 4096 && p.head * 2 >= p.queue.size()) {
    p.queue.erase(p.queue.begin(), p.queue.begin() + static_cast<std::ptrdiff_t>(p.head));
    p.head = 0;
  }
  record.line = r.line;
  record.offset = r.begin;
  record.bad = r.bad;
  record.detail = r.detail;
  const size_t ncols = m.position.size();
  if (r.bad != BadRow::kNone) {
    split_fields(m.decoded.text().substr(r.begin, r.end - r.begin), m.scratch, m.fields);
    for (size_t c = 0; c < ncols; ++c) {
      int f = m.position[c];
      record.values[c] = f >= 0 && static_cast<size_t>(f) < m.fields.size() ? m.fields[f]
                                                                             : std::string_view();
    }
    return true;
  }
  bool got;
  try {
    got = m.read_row(std::make_index_sequence<kMaxColumns>{});
  } catch (const io::error::base& e) {
    internal_error(fmt::format("line {}: {}", r.line, e.what()));
  }
  if (!got) internal_error(fmt::format("the parser ended before the record of line {}", r.line));
  ++m.rows_read;
  for (size_t c = 0; c < ncols; ++c) {
    char* s = m.cols[c];
    if (m.position[c] < 0 || s == nullptr) {
      record.values[c] = {};
      continue;
    }
    size_t len = std::strlen(s);
    if (r.has_break) {
      for (char* q = s; (q = static_cast<char*>(std::memchr(q, kBreakMark, s + len - q)));) *q = '\n';
    }
    record.values[c] = trim(std::string_view(s, len));
  }
  return true;
}

void CsvReader::on_done_before(std::function<void(const char*)> f) {
  Impl& m = *impl_;
  m.done_before = std::move(f);
  if (m.done_before && m.decoded.converted()) {
    const std::string_view o = m.decoded.original();
    m.done_before(o.data() + o.size());
  }
}

std::string_view CsvReader::text() const { return impl_->decoded.text(); }
bool CsvReader::converted() const { return impl_->decoded.converted(); }
std::string CsvReader::take_converted() { return impl_->decoded.take_storage(); }
const std::vector<int>& CsvReader::positions() const { return impl_->position; }
int64_t CsvReader::header_line() const { return impl_->header_line; }
size_t CsvReader::field_count() const { return impl_->producer.fields; }
bool CsvReader::has_column(size_t c) const {
  return c < impl_->position.size() && impl_->position[c] >= 0;
}
Charset CsvReader::charset() const { return impl_->decoded.charset(); }

size_t CsvReader::max_records() const {
  std::string_view t = impl_->decoded.text();
  size_t count = 1;
  for (const char* p = t.data(), *e = t.data() + t.size();
       (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(e - p)))); ++p)
    ++count;
  return count;
}

bool CsvRecordAt::read(std::string_view text, size_t offset, size_t fields, CsvRecord& record) {
  if (offset >= text.size()) return false;
  // The scanner from the record's first byte finds where it ends, as it did the first time;
  // split_fields then unquotes and trims its fields as fccp and next() did.
  Scanner scanner(text, no_bad_, offset);
  RecordInfo r;
  if (!scanner.scan(r, fields) || r.bad != BadRow::kNone || r.begin != offset) return false;
  split_fields(text.substr(r.begin, r.end - r.begin), scratch_, fields_);
  record.offset = offset;
  record.bad = BadRow::kNone;
  record.detail = 0;
  for (size_t c = 0; c < position_.size(); ++c) {
    const int f = position_[c];
    record.values[c] = f >= 0 && static_cast<size_t>(f) < fields_.size() ? fields_[f]
                                                                           : std::string_view();
  }
  return true;
}

Text CsvReader::bad_row_message(const CsvRecord& r) const {
  switch (r.bad) {
    case BadRow::kNone:
      return {};
    case BadRow::kFieldCount:
      return {fmt::format("本行有 {} 个字段，但表头有 {} 个", r.detail, field_count()),
              fmt::format("the record has {} fields, but the header has {}", r.detail,
                          field_count())};
    case BadRow::kTextAfterQuote:
      return {fmt::format("第 {} 个字段的结束引号之后还有内容", r.detail),
              fmt::format("field {}: text after the closing quote", r.detail)};
    case BadRow::kUnclosedQuote:
      return {fmt::format("第 {} 个字段的引号直到文件末尾仍未闭合", r.detail),
              fmt::format("field {}: the quote is still open at the end of the file", r.detail)};
    case BadRow::kTooLong:
      if (r.detail > 0)
        return {fmt::format("第 {} 个字段的引号在 1 MiB 之内未闭合", r.detail),
                fmt::format("field {}: the quote is not closed within 1 MiB", r.detail)};
      return {"记录长度超过 1 MiB", "the record is longer than 1 MiB"};
    case BadRow::kNul:
      return {"记录中含有 NUL 字节", "the record holds a NUL byte"};
    case BadRow::kBadBytes: {
      std::string_view cs = to_string(impl_->decoded.charset());
      return {fmt::format("含有 {} 编码中无效的字节", cs), fmt::format("bytes not valid in {}", cs)};
    }
  }
  return {};
}

}  // namespace benefitroll
