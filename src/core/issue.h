// Issue: a data problem found in a row or a household, with a stable code; written to
// exceptions.csv and never thrown. FatalError: the one exception type for input that stops
// everything (exit 3), carrying file, line and column.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace benefitroll {

enum class Severity { kError, kHold, kReview, kInfo };
std::string_view to_string(Severity s);

/// A message in both languages; the writer picks one by --lang.
struct Text {
  std::string zh;
  std::string en;
};

enum class Lang { kZh, kEn };
inline const std::string& pick(const Text& t, Lang lang) { return lang == Lang::kZh ? t.zh : t.en; }

struct Issue {
  Severity severity = Severity::kError;
  std::string code;          // BAD_VALUE, MISSING_ACCOUNT, ...
  std::string file;          // households.csv / members.csv / cases.csv, or empty
  int64_t line = 0;          // physical line the record begins on; 0 = none
  std::string household_id;
  std::string person_id;
  std::string column;        // for BAD_VALUE / MISSING_VALUE
  std::string value;         // for BAD_VALUE / MISSING_VALUE (raw, unmasked; writers mask)
  Text message;
};

/// Fatal input: missing file or column, bad rules, ... Printed `file:line:col: error: msg`.
class FatalError : public std::runtime_error {
 public:
  FatalError(std::string file, int64_t line, int64_t column, const std::string& message)
      : std::runtime_error(message), file_(std::move(file)), line_(line), column_(column) {}
  const std::string& file() const { return file_; }
  int64_t line() const { return line_; }
  int64_t column() const { return column_; }
  /// "households.csv:1:3: error: ..." (line and column left out when 0).
  std::string formatted() const;

 private:
  std::string file_;
  int64_t line_;
  int64_t column_;
};

}  // namespace benefitroll
