// The CSV dialect of inputs.md (records, BAD_ROWs, header and aliases, values unquoted and
// trimmed): a pre-pass finds the records, fast-cpp-csv-parser splits them. Values are not typed.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/issue.h"
#include "input/decode.h"
#include "input/rows.h"

namespace benefitroll {

/// The most known columns a file has (households.csv).
constexpr size_t kMaxColumns = 19;
/// A record longer than this is a BAD_ROW (no valid row comes near it).
constexpr size_t kMaxRecordBytes = size_t{1} << 20;

/// A column a reader knows: English name, Chinese alias, whether the header must have it.
struct ColumnSpec {
  std::string_view name;
  std::string_view alias;
  bool always = false;
};

/// Why a record is a BAD_ROW.
enum class BadRow : uint8_t {
  kNone,
  kFieldCount,      // detail: the record's number of fields
  kTextAfterQuote,  // detail: the field (1-based) whose closing quote is followed by text
  kUnclosedQuote,   // detail: the field (1-based) whose quote is still open at the end
  kTooLong,         // longer than kMaxRecordBytes
  kNul,
  kBadBytes,        // bytes not valid in the file's encoding
};

struct CsvRecord {
  int64_t line = 0;  // physical line the record begins on (header = 1)
  size_t offset = 0;  // where the record begins in the text (CsvReader::text())
  BadRow bad = BadRow::kNone;
  int64_t detail = 0;
  /// Per known column: the value unquoted and trimmed of spaces and tabs; empty when absent.
  /// For a BAD_ROW, the fields of its first physical line, where it has one at the position.
  /// Valid until the next call of next().
  std::array<std::string_view, kMaxColumns> values;
};

class CsvReader {
 public:
  /// Decodes the bytes and reads the header. Throws FatalError for an empty file, a file with no
  /// header, a header that is a BAD_ROW, a column named twice or an `always` column missing.
  /// `looked`, when set, is told every 4 MiB how far a look at the whole text before the
  /// first record (its encoding) has gone: bytes that will be read again only when parsed.
  CsvReader(std::string_view bytes, const std::string& name, InputEncoding encoding,
            std::span<const ColumnSpec> columns,
            const std::function<void(const char*)>& looked = {});
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  /// The next non-blank record after the header, good or bad, in file order; false at the end.
  bool next(CsvRecord& record);
  /// From now on, tells `f` every few MiB that the bytes given before a point are not needed
  /// any more (all of them at once when the text was converted into a copy of its own).
  void on_done_before(std::function<void(const char*)> f);

  /// The text read: the bytes given, or their UTF-8 copy when converted() (see decode.h).
  std::string_view text() const;
  bool converted() const;
  /// Moves the converted copy out (empty when not converted()); text() is not to be used after.
  std::string take_converted();
  /// Per known column: its field in the header, or -1.
  const std::vector<int>& positions() const;

  int64_t header_line() const;
  size_t field_count() const;       // fields of the header
  bool has_column(size_t c) const;  // known column c is in the header
  Charset charset() const;
  /// An upper bound on the number of records (line ends + 1), to reserve rows.
  size_t max_records() const;
  /// What is wrong with a BAD_ROW record, in both languages (never its raw text).
  Text bad_row_message(const CsvRecord& record) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Reads again one good record of a text a CsvReader has read (a second pass over a large
/// export, by CsvRecord::offset): the same values next() gave, without fccp, whose buffers are
/// made for whole files. Only for records next() found good; `line` is the caller's to set.
class CsvRecordAt {
 public:
  explicit CsvRecordAt(std::vector<int> positions) : position_(std::move(positions)) {}
  /// The record at `offset` of `text`; false when there is no good record of as many fields as
  /// the header there (the text is not the one read).
  bool read(std::string_view text, size_t offset, size_t fields, CsvRecord& record);

 private:
  std::vector<int> position_;
  std::string scratch_;
  std::vector<std::string_view> fields_;
  std::vector<size_t> no_bad_;
};

}  // namespace benefitroll
