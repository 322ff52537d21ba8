#include "output/output_file.h"
#include "output/fault.h"

#include <fcntl.h>
#include <iconv.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace benefitroll {

std::string_view to_string(OutputEncoding e) {
  switch (e) {
    case OutputEncoding::kUtf8Bom: return "utf-8-bom";
    case OutputEncoding::kUtf8: return "utf-8";
    case OutputEncoding::kGb18030: return "gb18030";
  }
  return "";
}

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), EVP_sha256(), nullptr);
}
Sha256::~Sha256() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }
void Sha256::update(std::string_view bytes) {
  EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), bytes.data(), bytes.size());
}
std::string Sha256::hex() {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), md, &len);
  std::string out;
  for (unsigned i = 0; i < len; ++i) out += fmt::format("{:02x}", md[i]);
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  Sha256 h;
  h.update(bytes);
  return h.hex();
}

OutputFile::OutputFile(const std::string& path, OutputEncoding enc, bool bom_allowed)
    : path_(path), enc_(enc), hash_(std::make_unique<Sha256>()) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd_ < 0) throw IoError(fmt::format("{}: cannot create: {}", path, std::strerror(errno)));
  if (enc_ == OutputEncoding::kGb18030) {
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    if (cd == reinterpret_cast<iconv_t>(-1)) throw IoError("iconv: no GB18030 support");
    iconv_ = cd;
  }
  if (enc_ == OutputEncoding::kUtf8Bom && bom_allowed) buf_.append("\xEF\xBB\xBF");
  buf_.reserve(kFlushAt + 4096);
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) ::close(fd_);
  if (iconv_) iconv_close(static_cast<iconv_t>(iconv_));
}

void OutputFile::put(const char* p, size_t n) {
  hash_->update({p, n});
  bytes_ += n;
  while (n > 0) {
    ssize_t w;
    if (int e = fault_before(IoOp::kWrite)) {
      errno = e;
      w = -1;
    } else {
      w = ::write(fd_, p, n);
      if (w >= 0) fault_after(IoOp::kWrite);
    }
    if (w < 0) {
      if (errno == EINTR) continue;
      throw IoError(fmt::format("{}: write failed: {}", path_, std::strerror(errno)));
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  // Start writing what is written so far to the disk now, not at fsync: the kernel otherwise
  // keeps gigabytes dirty in memory until close, and fsync then waits for all of them while
  // nothing else runs. Only a start (no wait, errors left to fsync, which reports them).
  constexpr uint64_t kWriteBehind = 8 << 20;
  if (bytes_ - flushed_ >= kWriteBehind) {
    ::sync_file_range(fd_, static_cast<off_t>(flushed_), static_cast<off_t>(bytes_ - flushed_),
                      SYNC_FILE_RANGE_WRITE);
    flushed_ = bytes_;
  }
}

void OutputFile::flush() {
  if (buf_.empty()) return;
  if (!iconv_) {
    put(buf_.data(), buf_.size());
  } else {
    conv_.resize(buf_.size() * 2 + 16);
    char* in = buf_.data();
    size_t in_left = buf_.size();
    char* out = conv_.data();
    size_t out_left = conv_.size();
    // Every character of Unicode has a GB18030 form, so this fails only on invalid UTF-8,
    // which the program never produces.
    if (iconv(static_cast<iconv_t>(iconv_), &in, &in_left, &out, &out_left) == static_cast<size_t>(-1))
      throw IoError(fmt::format("{}: cannot encode as GB18030", path_));
    put(conv_.data(), conv_.size() - out_left);
  }
  buf_.clear();
}

std::string OutputFile::close() {
  flush();
  int e = fault_before(IoOp::kFsync);
  if (e != 0 || ::fsync(fd_) != 0)
    throw IoError(
        fmt::format("{}: fsync failed: {}", path_, std::strerror(e != 0 ? e : errno)));
  fault_after(IoOp::kFsync);
  if (::close(fd_) != 0)
    throw IoError(fmt::format("{}: close failed: {}", path_, std::strerror(errno)));
  fd_ = -1;
  return hash_->hex();
}

template <class Out>
void BasicCsvWriter<Out>::sep() {
  if (!first_) f_.write(",");
  first_ = false;
}

namespace {
// A field is quoted when it holds one of these (RFC 4180). A table, not find_first_of, which
// calls memchr once per character of the field.
constexpr std::array<bool, 256> kQuoteChar = [] {
  std::array<bool, 256> t{};
  t[static_cast<unsigned char>(',')] = t[static_cast<unsigned char>('"')] = true;
  t[static_cast<unsigned char>('\r')] = t[static_cast<unsigned char>('\n')] = true;
  return t;
}();
}  // namespace

template <class Out>
BasicCsvWriter<Out>& BasicCsvWriter<Out>::raw(std::string_view v) {
  sep();
  bool quote = false;
  for (char c : v) quote |= kQuoteChar[static_cast<unsigned char>(c)];
  if (!quote) {
    f_.write(v);
    return *this;
  }
  f_.write("\"");
  size_t start = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '"') {
      f_.write(v.substr(start, i + 1 - start));
      f_.write("\"");
      start = i + 1;
    }
  }
  f_.write(v.substr(start));
  f_.write("\"");
  return *this;
}

template <class Out>
BasicCsvWriter<Out>& BasicCsvWriter<Out>::text(std::string_view v) {
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' ||
                     v[0] == '\r')) {
    std::string s = "'";
    s.append(v);
    return raw(s);
  }
  return raw(v);
}

template <class Out>
BasicCsvWriter<Out>& BasicCsvWriter<Out>::number(int64_t v) { return raw(fmt::format("{}", v)); }

template <class Out>
void BasicCsvWriter<Out>::end() {
  f_.write("\n");
  first_ = true;
  ++rows_;
  f_.record_end();
}

template class BasicCsvWriter<OutputFile>;
template class BasicCsvWriter<TextBuffer>;

}  // namespace benefitroll
