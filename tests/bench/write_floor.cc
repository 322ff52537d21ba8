// The write floor of make bench: the files of a month folder that benefitroll wrote, written
// again into another folder in 1 MiB writes, each hashed with SHA-256 (OpenSSL) on the way and
// fsynced, as benefitroll does. What any program that writes the same outputs pays at least for
// writing and hashing them, with no computing or formatting at all. The sources are mapped, not
// read, so that reading them costs (almost) nothing. Usage: bench_write_floor FROM TO
// Prints "files F bytes B".
#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace {

std::uint64_t copy_hashed(const std::filesystem::path& from, const std::filesystem::path& to) {
  const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) throw std::runtime_error("cannot open " + from.string());
  struct stat st {};
  ::fstat(in, &st);
  const auto size = static_cast<std::size_t>(st.st_size);
  const char* data = nullptr;
  if (size > 0) {
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, in, 0);
    if (p == MAP_FAILED) throw std::runtime_error("cannot map " + from.string());
    data = static_cast<const char*>(p);
  }
  const int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (out < 0) throw std::runtime_error("cannot create " + to.string() + ": " + std::strerror(errno));
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  constexpr std::size_t kChunk = 1 << 20;
  for (std::size_t at = 0; at < size;) {
    const std::size_t n = std::min(kChunk, size - at);
    EVP_DigestUpdate(ctx, data + at, n);
    const ssize_t w = ::write(out, data + at, n);
    if (w <= 0) throw std::runtime_error("write failed: " + to.string());
    at += static_cast<std::size_t>(w);
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, md, &len);
  EVP_MD_CTX_free(ctx);
  if (::fsync(out) != 0 || ::close(out) != 0) throw std::runtime_error("fsync failed: " + to.string());
  if (size > 0) ::munmap(const_cast<char*>(data), size);
  ::close(in);
  return size;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: bench_write_floor FROM TO\n");
    return 2;
  }
  try {
    const std::filesystem::path from = argv[1], to = argv[2];
    std::uint64_t files = 0, bytes = 0;
    std::filesystem::create_directory(to);
    for (const auto& entry : std::filesystem::recursive_directory_iterator(from)) {
      const auto target = to / std::filesystem::relative(entry.path(), from);
      if (entry.is_directory()) {
        std::filesystem::create_directory(target);
      } else if (entry.is_regular_file()) {
        bytes += copy_hashed(entry.path(), target);
        ++files;
      }
    }
    std::printf("files %llu bytes %llu\n", static_cast<unsigned long long>(files),
                static_cast<unsigned long long>(bytes));
  } catch (const std::exception& error) {
    std::fprintf(stderr, "bench_write_floor: %s\n", error.what());
    return 1;
  }
  return 0;
}
