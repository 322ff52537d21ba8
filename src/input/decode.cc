#include "input/decode.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>

#include "core/issue.h"

namespace benefitroll {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the valid UTF-8 sequence at p (p[0] >= 0x80), or 0 when it is not one.
size_t sequence_length(const unsigned char* p, size_t n) {
  unsigned char c = p[0];
  if (c >= 0xC2 && c <= 0xDF) return n >= 2 && is_cont(p[1]) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3) return 0;
    unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return p[1] >= lo && p[1] <= hi && is_cont(p[2]) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4) return 0;
    unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    return p[1] >= lo && p[1] <= hi && is_cont(p[2]) && is_cont(p[3]) ? 4 : 0;
  }
  return 0;
}

struct IconvCloser {
  void operator()(void* cd) const { iconv_close(static_cast<iconv_t>(cd)); }
};

}  // namespace

std::string_view to_string(Charset c) { return c == Charset::kUtf8 ? "UTF-8" : "GB18030"; }

size_t find_invalid_utf8(std::string_view s) { return find_invalid_utf8(s, {}); }

size_t find_invalid_utf8(std::string_view s, const std::function<void(const char*)>& passed) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  constexpr size_t kStep = size_t{4} << 20;
  size_t report = passed ? kStep : n;  // the next point to report
  while (i < n) {
    if (i >= report) {
      passed(s.data() + i);
      report = i + kStep;
    }
    const size_t limit = std::min(n, report);
    while (i + 8 <= limit) {  // ASCII runs, eight bytes at a time
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    size_t len = sequence_length(p + i, n - i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

DecodedText::DecodedText(std::string_view bytes, InputEncoding encoding, const std::string& name,
                         const std::function<void(const char*)>& looked) {
  bool bom = bytes.substr(0, kBom.size()) == kBom;
  if (bom) bytes.remove_prefix(kBom.size());
  original_ = bytes;
  if (bom || encoding != InputEncoding::kGb18030) {
    size_t bad = find_invalid_utf8(bytes, looked);
    if (bad == std::string_view::npos) return;  // UTF-8 as it stands
    if (bom || encoding == InputEncoding::kUtf8) {
      repair_utf8(bytes);
      return;
    }
  }
  convert_gb18030(bytes, name);
}

void DecodedText::repair_utf8(std::string_view in) {
  size_t n = in.size(), i = 0;
  storage_.reserve(n + n / 8 + 16);
  while (i < n) {
    size_t bad = find_invalid_utf8(in.substr(i));
    if (bad == std::string_view::npos) {
      storage_.append(in.substr(i));
      break;
    }
    storage_.append(in.substr(i, bad));
    i += bad;
    bad_.push_back(storage_.size());
    storage_.append(kReplacement);
    ++i;  // one byte at a time, so that line ends after it are kept
  }
  converted_ = true;
  charset_ = Charset::kUtf8;
}

void DecodedText::convert_gb18030(std::string_view in, const std::string& name) {
  iconv_t raw = iconv_open("UTF-8", "GB18030");
  if (raw == reinterpret_cast<iconv_t>(-1))
    throw FatalError(name, 0, 0, "cannot decode GB18030: the system's iconv does not know it");
  std::unique_ptr<void, IconvCloser> cd(raw);
  converted_ = true;
  charset_ = Charset::kGb18030;
  storage_.resize(in.size() + in.size() / 2 + 16);
  char* inp = const_cast<char*>(in.data());
  size_t in_left = in.size();
  size_t used = 0;
  while (in_left > 0) {
    char* outp = storage_.data() + used;
    size_t out_left = storage_.size() - used;
    size_t r = iconv(raw, &inp, &in_left, &outp, &out_left);
    used = static_cast<size_t>(outp - storage_.data());
    if (r != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) {
      storage_.resize(storage_.size() * 2);
      continue;
    }
    // EILSEQ or EINVAL (cut short at the end): the byte is not GB18030; skip just it.
    if (storage_.size() - used < kReplacement.size()) storage_.resize(storage_.size() * 2);
    bad_.push_back(used);
    std::memcpy(storage_.data() + used, kReplacement.data(), kReplacement.size());
    used += kReplacement.size();
    ++inp;
    --in_left;
    iconv(raw, nullptr, nullptr, nullptr, nullptr);
  }
  storage_.resize(used);
}

}  // namespace benefitroll
