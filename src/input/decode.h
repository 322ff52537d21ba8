// An input file's bytes as UTF-8 (byte-order mark, UTF-8 check, GB18030 through iconv), with the
// places of undecodable bytes kept so that only their records are rejected. Knows nothing of CSV.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "input/rows.h"

namespace benefitroll {

enum class Charset { kUtf8, kGb18030 };
std::string_view to_string(Charset c);  // UTF-8 / GB18030

/// Offset of the first byte of s that does not begin a valid UTF-8 sequence (no overlong forms,
/// no surrogates, at most U+10FFFF), or npos when all of s is valid.
size_t find_invalid_utf8(std::string_view s);
/// The same, telling `passed` every 4 MiB how far it has looked (see CsvReader's `looked`).
size_t find_invalid_utf8(std::string_view s, const std::function<void(const char*)>& passed);

/// The text of a file in UTF-8, without its byte-order mark.
class DecodedText {
 public:
  /// Auto: a UTF-8 byte-order mark, or all bytes valid UTF-8, means UTF-8; otherwise GB18030.
  /// A leading byte-order mark is dropped and means UTF-8 whatever is asked; elsewhere it is text.
  /// Throws FatalError (naming `name`) only when the system cannot convert from GB18030.
  /// `looked`, when set, is told every 4 MiB how far the check of the bytes has gone.
  DecodedText(std::string_view bytes, InputEncoding encoding, const std::string& name,
              const std::function<void(const char*)>& looked = {});
  DecodedText(const DecodedText&) = delete;
  DecodedText& operator=(const DecodedText&) = delete;

  std::string_view text() const { return converted_ ? std::string_view(storage_) : original_; }
  /// text() is a copy of its own (converted or repaired), not a view of the bytes given.
  bool converted() const { return converted_; }
  std::string_view original() const { return original_; }
  Charset charset() const { return charset_; }
  /// Sorted offsets in text() of the U+FFFD put where bytes could not be decoded.
  const std::vector<size_t>& bad_offsets() const { return bad_; }
  /// Moves the copy out (empty when not converted()); text() is not to be used after.
  std::string take_storage() { return std::move(storage_); }

 private:
  void repair_utf8(std::string_view in);
  void convert_gb18030(std::string_view in, const std::string& name);

  std::string_view original_;
  std::string storage_;
  bool converted_ = false;
  Charset charset_ = Charset::kUtf8;
  std::vector<size_t> bad_;
};

}  // namespace benefitroll
