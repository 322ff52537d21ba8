// OutputFile: one output file written through a large buffer, re-encoded on the way out
// (UTF-8 with BOM, UTF-8, GB18030) and hashed (SHA-256) while it is written. CsvWriter: RFC
// 4180 records on top of it, with CSV-injection escaping of text cells.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace benefitroll {

/// Writing the result failed (disk full, I/O error): not a bug, but nothing is written.
struct IoError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class OutputEncoding { kUtf8Bom, kUtf8, kGb18030 };
std::string_view to_string(OutputEncoding e);

class Sha256;

class OutputFile {
 public:
  /// Creates path (which must not exist). Throws std::runtime_error on I/O errors.
  OutputFile(const std::string& path, OutputEncoding enc, bool bom_allowed = true);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write(std::string_view s) {
    if (s.size() >= kFlushAt && !iconv_) {  // a whole input copied: no detour through buf_
      flush();
      put(s.data(), s.size());
      return;
    }
    buf_.append(s);
    if (buf_.size() >= kFlushAt) flush();
  }
  /// Flushes at a record boundary when the buffer is large (keeps UTF-8 sequences whole).
  void record_end() {
    if (buf_.size() >= kFlushAt) flush();
  }
  /// Flushes, fsyncs and closes; returns the lowercase hex SHA-256 of the bytes written.
  std::string close();
  uint64_t bytes() const { return bytes_; }
  /// Hands what is buffered to the kernel (readable from the file; not yet fsynced).
  void flush();

 private:
  void put(const char* p, size_t n);
  static constexpr size_t kFlushAt = 1 << 20;
  std::string path_;
  OutputEncoding enc_;
  int fd_ = -1;
  std::string buf_;
  std::string conv_;
  uint64_t bytes_ = 0;
  uint64_t flushed_ = 0;  // bytes handed to the kernel's writeback so far
  std::unique_ptr<Sha256> hash_;
  void* iconv_ = nullptr;
};

/// Text gathered in memory, e.g. a block of ledger rows formatted on a worker thread, and
/// written to an OutputFile later in one piece.
struct TextBuffer {
  std::string text;
  void write(std::string_view s) { text.append(s); }
  void record_end() {}
};

/// RFC 4180 writer: LF line ends; a field is quoted when it holds a comma, quote, CR or LF.
/// Writes into an OutputFile (CsvWriter) or a TextBuffer (TextCsvWriter), byte for byte alike.
template <class Out>
class BasicCsvWriter {
 public:
  explicit BasicCsvWriter(Out& f) : f_(f) {}
  /// A text cell: one beginning with = + - @ TAB or CR gets a leading ' (CSV injection).
  BasicCsvWriter& text(std::string_view v);
  /// A cell written as it is (amounts, counts, codes, months).
  BasicCsvWriter& raw(std::string_view v);
  BasicCsvWriter& number(int64_t v);
  void end();
  int64_t rows() const { return rows_ - 1; }  // data rows (the header is the first)
  int64_t records() const { return rows_; }   // every record ended, for text without a header

 private:
  void sep();
  Out& f_;
  bool first_ = true;
  int64_t rows_ = 0;
};
using CsvWriter = BasicCsvWriter<OutputFile>;
using TextCsvWriter = BasicCsvWriter<TextBuffer>;

/// SHA-256 of bytes given piece by piece (OpenSSL), lowercase hex.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view bytes);
  std::string hex();  // once, after the last update

 private:
  void* ctx_;
};

/// SHA-256 of a byte string, lowercase hex.
std::string sha256_hex(std::string_view bytes);

}  // namespace benefitroll
