// The CSV layer: decoding, the dialect of inputs.md, and the header.
#include <doctest/doctest.h>
#include <iconv.h>

#include <string>
#include <vector>

#include "input/csv.h"
#include "input/decode.h"

using namespace benefitroll;

namespace {

constexpr ColumnSpec kAbc[] = {{"a", "甲", true}, {"b", "乙", true}, {"c", "丙", false}};

using V3 = std::vector<std::string>;

struct Rec {
  int64_t line;
  BadRow bad;
  int64_t detail;
  std::vector<std::string> v;  // a, b, c
  std::string en;              // BAD_ROW message
};

// Every record as next() gives it; every good one is also read again by its offset
// (CsvRecordAt, the second reading of a large export) and must give the same values.
std::vector<Rec> read_all(std::string_view text, InputEncoding enc = InputEncoding::kAuto) {
  CsvReader csv(text, "t.csv", enc, kAbc);
  std::vector<Rec> out;
  std::vector<size_t> offsets;
  CsvRecord r;
  while (csv.next(r)) {
    out.push_back({r.line, r.bad, r.detail,
                   {std::string(r.values[0]), std::string(r.values[1]), std::string(r.values[2])},
                   csv.bad_row_message(r).en});
    offsets.push_back(r.offset);
  }
  CsvRecordAt again(csv.positions());
  for (size_t k = 0; k < out.size(); ++k) {
    if (out[k].bad != BadRow::kNone) continue;
    CsvRecord a;
    REQUIRE(again.read(csv.text(), offsets[k], csv.field_count(), a));
    CHECK(V3{std::string(a.values[0]), std::string(a.values[1]), std::string(a.values[2])} ==
          out[k].v);
  }
  return out;
}

using V = std::vector<std::string>;

std::string to_gb18030(std::string_view utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 2 + 8, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size(), out_left = out.size();
  char* o = out.data();
  REQUIRE(iconv(cd, &in, &in_left, &o, &out_left) != static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

// The FatalError of reading `text`, which must throw one.
FatalError fatal_of(std::string_view text) {
  try {
    read_all(text);
  } catch (const FatalError& e) {
    return e;
  }
  FAIL("no FatalError");
  return FatalError("", 0, 0, "");
}

}  // namespace

TEST_CASE("csv: plain records, CRLF, and no final newline") {
  auto r = read_all("a,b,c\n1,2,3\n4,5,6");
  REQUIRE(r.size() == 2);
  CHECK(r[0].line == 2);
  CHECK(r[0].v == V{"1", "2", "3"});
  CHECK(r[1].line == 3);
  CHECK(r[1].v == V{"4", "5", "6"});

  r = read_all("a,b,c\r\n1,2,3\r\n4,5,6\r\n");
  REQUIRE(r.size() == 2);
  CHECK(r[0].v == V{"1", "2", "3"});
  CHECK(r[1].v == V{"4", "5", "6"});
  CHECK(r[1].line == 3);

  r = read_all("a,b,c\r\n1,2,3");  // CRLF header, last record without its line end
  REQUIRE(r.size() == 1);
  CHECK(r[0].v == V{"1", "2", "3"});
}

TEST_CASE("csv: quoted fields hold commas, quotes and line ends") {
  auto r = read_all("a,b,c\n\"x,1\",\"say \"\"hi\"\"\",\"\"\n");
  REQUIRE(r.size() == 1);
  CHECK(r[0].bad == BadRow::kNone);
  CHECK(r[0].v == V{"x,1", "say \"hi\"", ""});

  r = read_all("a,b,c\n\"x\ny\",2,\"p\n\nq\"\n4,5,6\n");
  REQUIRE(r.size() == 2);
  CHECK(r[0].line == 2);
  CHECK(r[0].v == V{"x\ny", "2", "p\n\nq"});
  CHECK(r[1].line == 6);  // physical lines, the quoted ones counted
  CHECK(r[1].v == V{"4", "5", "6"});

  r = read_all("a,b,c\r\n\"x\r\ny\",2,3\r\n4,5,6\r\n");
  REQUIRE(r.size() == 2);
  CHECK(r[0].v == V{"x\r\ny", "2", "3"});
  CHECK(r[1].line == 4);
  CHECK(r[1].v == V{"4", "5", "6"});

  // A quoted last field closing just before the end of a file without a final newline.
  r = read_all("a,b,c\n1,2,\"3\n3\"");
  REQUIRE(r.size() == 1);
  CHECK(r[0].v == V{"1", "2", "3\n3"});
}

TEST_CASE("csv: values are trimmed of spaces and tabs only, after unquoting") {
  auto r = read_all("a,b,c\n  1 ,\t2\t,\"  3  \"\n\xE3\x80\x80x\xE3\x80\x80,\" \",\"\t\"\n");
  REQUIRE(r.size() == 2);
  CHECK(r[0].v == V{"1", "2", "3"});
  CHECK(r[1].v == V{"\xE3\x80\x80x\xE3\x80\x80", "", ""});  // ideographic space is kept
}

TEST_CASE("csv: a field not beginning with a quote is taken as it is") {
  auto r = read_all("a,b,c\nx\"y,x\"\"y,z\"\n");
  REQUIRE(r.size() == 1);
  CHECK(r[0].bad == BadRow::kNone);
  CHECK(r[0].v == V{"x\"y", "x\"\"y", "z\""});

  // A space before the quote makes the field unquoted: its comma splits it.
  r = read_all("a,b,c\n \"x\",2,3\n \"x,y\",2\n");
  REQUIRE(r.size() == 2);
  CHECK(r[0].v == V{"\"x\"", "2", "3"});
  CHECK(r[1].bad == BadRow::kNone);
  CHECK(r[1].v == V{"\"x", "y\"", "2"});
}

TEST_CASE("csv: a lone CR is a character") {
  auto r = read_all("a,b,c\nx\ry,2\r,3\r\r\n4,5,6\r");
  REQUIRE(r.size() == 2);
  CHECK(r[0].v == V{"x\ry", "2\r", "3\r"});
  CHECK(r[1].v == V{"4", "5", "6\r"});  // a CR at the end of the file is no line end
  // A file of CR line ends is one record.
  r = read_all("a,b,c\r1,2,3\r");
  CHECK(r.empty());
}

TEST_CASE("csv: text after a closing quote is a BAD_ROW") {
  auto r = read_all("a,b,c\n1,\"x\"y,3\n\"Zhang\" ,2,3\n4,5,6\n");
  REQUIRE(r.size() == 3);
  CHECK(r[0].line == 2);
  CHECK(r[0].bad == BadRow::kTextAfterQuote);
  CHECK(r[0].detail == 2);
  CHECK(r[0].en == "field 2: text after the closing quote");
  CHECK(r[0].v == V{"1", "xy", "3"});  // the fields of the line, for the household id
  CHECK(r[1].bad == BadRow::kTextAfterQuote);
  CHECK(r[1].detail == 1);
  CHECK(r[2].bad == BadRow::kNone);
  CHECK(r[2].v == V{"4", "5", "6"});
}

TEST_CASE("csv: an unclosed quote costs one line") {
  auto r = read_all("a,b,c\nH1,\"Zhang,3\nH2,5,6\nH3,8,9\n");
  REQUIRE(r.size() == 3);
  CHECK(r[0].line == 2);
  CHECK(r[0].bad == BadRow::kUnclosedQuote);
  CHECK(r[0].detail == 2);
  CHECK(r[0].en == "field 2: the quote is still open at the end of the file");
  CHECK(r[0].v == V{"H1", "Zhang,3", ""});
  CHECK(r[1].line == 3);
  CHECK(r[1].bad == BadRow::kNone);
  CHECK(r[1].v == V{"H2", "5", "6"});
  CHECK(r[2].line == 4);
  CHECK(r[2].v == V{"H3", "8", "9"});

  // A stray quote closed lines later by another: the record has the wrong number of fields,
  // so it is cut back to its first line, and reading resumes on the next.
  r = read_all("a,b,c\nH1,\"x\nH2\",5,6\nH3,8,9\n");
  REQUIRE(r.size() == 3);
  CHECK(r[0].line == 2);
  CHECK(r[0].bad == BadRow::kFieldCount);
  CHECK(r[0].detail == 4);
  CHECK(r[0].v == V{"H1", "x", ""});
  CHECK(r[1].line == 3);
  CHECK(r[1].bad == BadRow::kNone);
  CHECK(r[1].v == V{"H2\"", "5", "6"});
  CHECK(r[2].line == 4);
  // The same stray quote with a count that fits is one good record over two lines.
  r = read_all("a,b,c\nH1,\"x\nH2\",5\nH3,8,9\n");
  REQUIRE(r.size() == 2);
  CHECK(r[0].v == V{"H1", "x\nH2", "5"});
  CHECK(r[1].line == 4);

  // A NUL further down does not change why the line of the open quote is bad.
  r = read_all(std::string("a,b,c\nH1,\"x,3\nH2,5,6\nH3,\0,9\n", 28));
  REQUIRE(r.size() == 3);
  CHECK(r[0].bad == BadRow::kUnclosedQuote);
  CHECK(r[1].bad == BadRow::kNone);
  CHECK(r[2].bad == BadRow::kNul);
  CHECK(r[2].line == 4);

  // Unclosed on the last line.
  r = read_all("a,b,c\n1,2,\"3");
  REQUIRE(r.size() == 1);
  CHECK(r[0].bad == BadRow::kUnclosedQuote);
  CHECK(r[0].detail == 3);
}

TEST_CASE("csv: NUL bytes and wrong field counts are BAD_ROWs") {
  using namespace std::string_literals;
  auto r = read_all("a,b,c\nH1,10\0 00.00,3\n4,5,6\n"s);
  REQUIRE(r.size() == 2);
  CHECK(r[0].bad == BadRow::kNul);
  CHECK(r[0].en == "the record holds a NUL byte");
  CHECK(r[0].v[0] == "H1");
  CHECK(r[1].v == V{"4", "5", "6"});

  r = read_all("a,b,c\n1,2\n1,2,3,4\n\"x\ny\",2\n");
  REQUIRE(r.size() == 4);
  CHECK(r[0].bad == BadRow::kFieldCount);
  CHECK(r[0].detail == 2);
  CHECK(r[0].en == "the record has 2 fields, but the header has 3");
  CHECK(r[0].v == V{"1", "2", ""});
  CHECK(r[1].detail == 4);
  CHECK(r[1].v == V{"1", "2", "3"});
  // A two-line record with too few fields is cut back to its first line; the second is read
  // as a record of its own (here a bad one: a quote opened at its end never closes).
  CHECK(r[2].line == 4);
  CHECK(r[2].bad == BadRow::kFieldCount);
  CHECK(r[2].v == V{"x", "", ""});
  CHECK(r[3].line == 5);
  CHECK(r[3].bad == BadRow::kFieldCount);
  CHECK(r[3].v == V{"y\"", "2", ""});
}

TEST_CASE("csv: blank and whitespace-only lines are skipped, lines stay physical") {
  auto r = read_all("\n  \r\na,b,c\n\n1,2,3\n \t \n\n4,5,6\n\n");
  REQUIRE(r.size() == 2);
  CHECK(r[0].line == 5);
  CHECK(r[1].line == 8);
  // Only commas is a record, not a blank.
  r = read_all("a,b,c\n,,\n");
  REQUIRE(r.size() == 1);
  CHECK(r[0].v == V{"", "", ""});
}

TEST_CASE("csv: a record over 1 MiB is a BAD_ROW") {
  std::string big = "a,b,c\n1,2," + std::string(kMaxRecordBytes, 'x') + "\n4,5,6\n";
  auto r = read_all(big);
  REQUIRE(r.size() == 2);
  CHECK(r[0].bad == BadRow::kTooLong);
  CHECK(r[0].en == "the record is longer than 1 MiB");
  CHECK(r[1].v == V{"4", "5", "6"});
  // A quote that stays open over 1 MiB: cut back to its line.
  big = "a,b,c\n1,2,\"x\n";
  for (int i = 0; i < 20000; ++i) big += std::string(60, 'y') + "\n";
  big += "4,5,6\n";
  r = read_all(big);
  REQUIRE(r.size() == 20002);
  CHECK(r[0].bad == BadRow::kTooLong);
  CHECK(r[0].detail == 3);
  CHECK(r[1].line == 3);
  CHECK(r[1].bad == BadRow::kFieldCount);
  CHECK(r.back().v == V{"4", "5", "6"});
  CHECK(r.back().line == 20003);
}

TEST_CASE("csv: byte-order mark only at the very start") {
  auto r = read_all("\xEF\xBB\xBF" "a,b,c\n1,2,3\n");
  REQUIRE(r.size() == 1);
  CHECK(r[0].v == V{"1", "2", "3"});
  r = read_all("a,b,c\n\xEF\xBB\xBF" "1,2,3\n");
  REQUIRE(r.size() == 1);
  CHECK(r[0].v == V{"\xEF\xBB\xBF" "1", "2", "3"});
  // After a BOM, UTF-8 even when GB18030 is forced.
  r = read_all("\xEF\xBB\xBF" "a,b,c\n\xC3\xA9,2,3\n", InputEncoding::kGb18030);
  CHECK(r[0].v[0] == "é");
}

TEST_CASE("csv: encodings") {
  std::string utf8 = "甲,乙,丙\n张三,\"李,四\",王五\n";
  std::string gb = to_gb18030(utf8);
  REQUIRE(gb != utf8);
  auto a = read_all(utf8);
  auto b = read_all(gb);  // auto: not valid UTF-8, so GB18030
  REQUIRE(a.size() == 1);
  REQUIRE(b.size() == 1);
  CHECK(a[0].v == V{"张三", "李,四", "王五"});
  CHECK(b[0].v == a[0].v);
  CHECK(read_all(gb, InputEncoding::kGb18030)[0].v == a[0].v);
  {
    CsvReader csv(gb, "t.csv", InputEncoding::kAuto, kAbc);
    CHECK(csv.charset() == Charset::kGb18030);
  }

  // Bytes valid in both: auto and utf-8 take UTF-8, gb18030 forced takes GB18030.
  std::string both = "a,b,c\n\xC3\xA9,2,3\n";
  CHECK(read_all(both)[0].v[0] == "é");
  CHECK(read_all(both, InputEncoding::kUtf8)[0].v[0] == "é");
  CHECK(read_all(both, InputEncoding::kGb18030)[0].v[0] == "茅");

  // UTF-8 forced on GB18030 bytes: the records holding them are BAD_ROWs, the rest is read.
  std::string mixed = "a,b,c\n1,2,3\n" + to_gb18030("张,2,3\n") + "4,5,6\n";
  auto m = read_all(mixed, InputEncoding::kUtf8);
  REQUIRE(m.size() == 3);
  CHECK(m[0].bad == BadRow::kNone);
  CHECK(m[1].bad == BadRow::kBadBytes);
  CHECK(m[1].line == 3);
  CHECK(m[1].en == "bytes not valid in UTF-8");
  CHECK(m[1].v == V{"\xEF\xBF\xBD\xEF\xBF\xBD", "2", "3"});
  CHECK(m[2].v == V{"4", "5", "6"});
  CHECK(m[2].line == 4);

  // GB18030 with a byte that is not GB18030 (0xFF): that record only; lines still count.
  std::string bad_gb = to_gb18030("a,b,c\n张,2,3\n") + "x\xFFy,2,3\n" + to_gb18030("李,5,6\n");
  auto g = read_all(bad_gb);
  REQUIRE(g.size() == 3);
  CHECK(g[0].v == V{"张", "2", "3"});
  CHECK(g[1].bad == BadRow::kBadBytes);
  CHECK(g[1].en == "bytes not valid in GB18030");
  CHECK(g[1].line == 3);
  CHECK(g[2].v == V{"李", "5", "6"});
  CHECK(g[2].line == 4);
  // A lead byte cut short by a line end: the line end still ends the record.
  g = read_all(to_gb18030("a,b,c\n") + "1,2,\x81\n4,5,6\n");
  REQUIRE(g.size() == 2);
  CHECK(g[0].bad == BadRow::kBadBytes);
  CHECK(g[1].line == 3);
  CHECK(g[1].v == V{"4", "5", "6"});
}

TEST_CASE("decode: UTF-8 validation") {
  CHECK(find_invalid_utf8("plain ascii text, long enough for words") == std::string_view::npos);
  CHECK(find_invalid_utf8("张三 𠀀") == std::string_view::npos);
  CHECK(find_invalid_utf8("abc\xC0\xAF") == 3);           // overlong
  CHECK(find_invalid_utf8("abcdefghij\xED\xA0\x80") == 10);  // surrogate
  CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0);      // above U+10FFFF
  CHECK(find_invalid_utf8("\xE5\xBC") == 0);              // cut short
  CHECK(find_invalid_utf8("x\x80") == 1);
}

TEST_CASE("csv: header names, aliases, unknown and empty columns") {
  CsvReader csv(" 甲 ,extra,,\"b\",,\n1,x,,2,,\n", "t.csv", InputEncoding::kAuto, kAbc);
  CHECK(csv.field_count() == 6);
  CHECK(csv.has_column(0));
  CHECK(csv.has_column(1));
  CHECK_FALSE(csv.has_column(2));
  CsvRecord r;
  REQUIRE(csv.next(r));
  CHECK(r.values[0] == "1");
  CHECK(r.values[1] == "2");
  CHECK(r.values[2] == "");
  CHECK_FALSE(csv.next(r));
  CHECK_FALSE(csv.next(r));

  // Header only: no rows.
  CHECK(read_all("a,b\n").empty());
  CHECK(read_all("a,b").empty());
  // Case matters: 'A' is an unknown column, so 'a' is missing.
  auto e = fatal_of("A,b\n");
  CHECK(std::string(e.what()) == "missing required column 'a' (甲)");
}

TEST_CASE("csv: fatal header errors") {
  auto e = fatal_of("");
  CHECK(e.file() == "t.csv");
  CHECK(std::string(e.what()) == "the file is empty: it needs at least a header");
  e = fatal_of("\xEF\xBB\xBF");
  CHECK(std::string(e.what()) == "the file is empty: it needs at least a header");
  e = fatal_of("\n \n\t\n");
  CHECK(std::string(e.what()) == "the file has no header: it holds only blank lines");

  e = fatal_of("\nb,c\n1,2\n");
  CHECK(e.line() == 2);
  CHECK(e.column() == 0);
  CHECK(std::string(e.what()) == "missing required column 'a' (甲)");
  CHECK(e.formatted() == "t.csv:2: error: missing required column 'a' (甲)");

  e = fatal_of("a,b,c,a\n");
  CHECK(e.line() == 1);
  CHECK(e.column() == 4);
  CHECK(std::string(e.what()) == "column 'a' (甲) is given twice, in fields 1 and 4");
  e = fatal_of("a,b,甲\n");
  CHECK(e.column() == 3);
  CHECK(std::string(e.what()) == "column 'a' (甲) is given twice, in fields 1 and 3");

  e = fatal_of("a,\"b\"x,c\n");
  CHECK(e.line() == 1);
  CHECK(e.column() == 2);
  CHECK(std::string(e.what()) ==
        "the header is not a valid record: field 2: text after the closing quote");
  e = fatal_of(std::string("a,b\0,c\n", 7));
  CHECK(std::string(e.what()) == "the header is not a valid record: the record holds a NUL byte");
  e = fatal_of("a,\"b,c\n1,2,3\n");
  CHECK(std::string(e.what()) ==
        "the header is not a valid record: field 2: the quote is still open at the end of the file");
}

TEST_CASE("csv: a large file streams through the parser with every record in order") {
  // Over 2 x 16 MiB, so the parser refills its buffer while good and bad records interleave;
  // no final newline.
  std::string text = "a,b,c\n";
  struct Want {
    int64_t line;
    bool bad;
    size_t n;
  };
  std::vector<Want> want;
  int64_t line = 2;
  for (size_t n = 0; text.size() < 40u * 1024 * 1024; ++n) {
    std::string key = std::to_string(n);
    if (n % 1000 == 999) {  // a stray quote: one bad line
      text += key + ",\"oops,x\n";
      want.push_back({line++, true, n});
    } else if (n % 777 == 0) {  // a quoted line end
      text += key + ",\"two\nlines\",\"say \"\"" + key + "\"\"\"\n";
      want.push_back({line, false, n});
      line += 2;
    } else if (n % 555 == 0) {
      text += "\n \n";  // blank lines
      line += 2;
      continue;
    } else {
      text += key + ",value b " + key + ",value c\n";
      want.push_back({line++, false, n});
    }
  }
  text.pop_back();
  CsvReader csv(text, "t.csv", InputEncoding::kAuto, kAbc);
  CsvRecord r;
  size_t i = 0, mismatches = 0;
  while (csv.next(r)) {
    if (i >= want.size()) FAIL("more records than written");
    const Want& w = want[i++];
    std::string key = std::to_string(w.n);
    bool ok = r.line == w.line && (r.bad != BadRow::kNone) == w.bad && r.values[0] == key;
    if (ok && !w.bad && w.n % 777 == 0)
      ok = r.values[1] == "two\nlines" && r.values[2] == "say \"" + key + "\"";
    else if (ok && !w.bad)
      ok = r.values[1] == "value b " + key && r.values[2] == "value c";
    if (!ok && ++mismatches < 5) FAIL_CHECK("record " << i << " line " << r.line);
  }
  CHECK(mismatches == 0);
  CHECK(i == want.size());
}

namespace {

// The dialect of inputs.md written as plainly as possible, to check the reader against.
std::string ref_trim(std::string s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::vector<std::string> ref_lenient(const std::string& line) {
  std::vector<std::string> out;
  size_t i = 0;
  for (;;) {
    std::string v;
    if (i < line.size() && line[i] == '"') {
      for (++i; i < line.size(); ++i) {
        if (line[i] != '"') {
          v += line[i];
        } else if (i + 1 < line.size() && line[i + 1] == '"') {
          v += '"';
          ++i;
        } else {
          ++i;
          break;
        }
      }
    }
    for (; i < line.size() && line[i] != ','; ++i) v += line[i];
    std::string nul_free;
    for (char c : v) nul_free += c == '\0' ? std::string("\xEF\xBF\xBD") : std::string(1, c);
    out.push_back(ref_trim(nul_free));
    if (i >= line.size()) break;
    ++i;
  }
  return out;
}

std::vector<Rec> ref_read(const std::string& t, size_t header_fields) {
  std::vector<Rec> out;
  size_t pos = 0, n = t.size();
  int64_t line = 1;
  bool header = true;
  while (pos < n) {
    size_t lf = t.find('\n', pos);
    if (lf == std::string::npos) lf = n;
    size_t line_end = lf < n && lf > pos && t[lf - 1] == '\r' ? lf - 1 : lf;
    std::string first = t.substr(pos, line_end - pos);
    if (first.find_first_not_of(" \t") == std::string::npos) {
      pos = lf + 1;
      ++line;
      continue;
    }
    std::vector<std::string> fields;
    size_t i = pos, next = n;
    int64_t breaks = 0;
    BadRow fault = BadRow::kNone;
    int64_t detail = 0;
    for (;;) {
      std::string v;
      if (i < n && t[i] == '"') {
        ++i;
        for (;;) {
          if (i >= n) {
            fault = BadRow::kUnclosedQuote;
            break;
          }
          if (t[i] == '"') {
            if (i + 1 < n && t[i + 1] == '"') {
              v += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (t[i] == '\n') ++breaks;
          v += t[i++];
        }
        if (fault == BadRow::kNone && i < n && t[i] != ',' && t[i] != '\n' &&
            !(t[i] == '\r' && i + 1 < n && t[i + 1] == '\n'))
          fault = BadRow::kTextAfterQuote;
        if (fault != BadRow::kNone) {
          detail = static_cast<int64_t>(fields.size()) + 1;
          break;
        }
      } else {
        while (i < n && t[i] != ',' && t[i] != '\n') v += t[i++];
        if (i < n && t[i] == '\n' && !v.empty() && v.back() == '\r') v.pop_back();
      }
      fields.push_back(ref_trim(v));
      if (i < n && t[i] == ',') {
        ++i;
        continue;
      }
      if (i < n && t[i] == '\r') ++i;
      next = i < n ? i + 1 : n;
      break;
    }
    size_t seen = fault != BadRow::kNone ? std::min(i, lf) : (next == n ? n : next - 1);
    if (t.substr(pos, seen - pos).find('\0') != std::string::npos) {
      fault = BadRow::kNul;
      detail = 0;
    } else if (fault == BadRow::kNone && !header && fields.size() != header_fields) {
      fault = BadRow::kFieldCount;
      detail = static_cast<int64_t>(fields.size());
    }
    if (fault != BadRow::kNone) {
      if (header) return {{line, fault, detail, {}, "fatal"}};
      auto f = ref_lenient(first);
      f.resize(std::max<size_t>(f.size(), 3));
      f.resize(3);
      out.push_back({line, fault, detail, f, ""});
      pos = lf + 1;
      ++line;
      continue;
    }
    if (header) {
      header = false;
    } else {
      fields.resize(3);
      out.push_back({line, fault, 0, fields, ""});
    }
    pos = next;
    line += 1 + breaks;
  }
  return out;
}

}  // namespace

TEST_CASE("csv: random inputs read as the plain reference reads them") {
  const std::string alphabet[] = {"a", "b", " ", "\t", ",", ",", "\"", "\"", "\r", "\n", "\n",
                                  std::string(1, '\0'), "é", "x\"y"};
  uint64_t seed = 12345;
  auto rand = [&] {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<size_t>(seed >> 33);
  };
  int compared = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    std::string text = "a,b,c\n";
    size_t len = rand() % 30;
    for (size_t k = 0; k < len; ++k) text += alphabet[rand() % std::size(alphabet)];
    std::vector<Rec> got;
    try {
      got = read_all(text);
    } catch (const FatalError&) {
      FAIL("fatal on " << text);
    }
    auto want = ref_read(text, 3);
    bool same = got.size() == want.size();
    for (size_t k = 0; same && k < got.size(); ++k)
      same = got[k].line == want[k].line && got[k].bad == want[k].bad &&
             got[k].detail == want[k].detail && got[k].v == want[k].v;
    if (!same) {
      std::string shown;
      for (char c : text)
        shown += c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\0' ? "\\0" : std::string(1, c);
      FAIL_CHECK("differs on: " << shown);
      break;
    }
    ++compared;
  }
  CHECK(compared == 20000);
}
