#include "commands/month_input.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <thread>

#include "core/parallel.h"
#include "output/output_file.h"

namespace benefitroll {

int CommonOptions::effective_jobs() const {
  if (jobs > 0) return jobs;
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

std::string CommonOptions::input_encoding_name() const {
  switch (input_encoding) {
    case InputEncoding::kAuto: return "auto";
    case InputEncoding::kUtf8: return "utf-8";
    case InputEncoding::kGb18030: return "gb18030";
  }
  return "auto";
}

std::string read_file(const std::string& path) { return std::string(FileBytes(path).view()); }

FileBytes::FileBytes(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw FatalError(path, 0, 0, "is a folder, not a file");
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw FatalError(path, 0, 0, "cannot read file");
  auto fail = [&] {
    ::close(fd);
    if (data_) ::munmap(data_, mapped_);
    data_ = nullptr;
    throw FatalError(path, 0, 0, "cannot read file");
  };
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    const size_t n = static_cast<size_t>(st.st_size);
    void* p = ::mmap(nullptr, n, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      data_ = static_cast<char*>(p);
      size_ = mapped_ = n;
      mapped_file_ = true;
      ::close(fd);
      return;
    }
  }
  // Not a regular file (or not mappable): read into memory of its own, held whole.
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  auto grow = [&](size_t want) {  // room for `want` bytes, in whole pages
    const size_t n = (want + page - 1) / page * page;
    void* p = data_ ? ::mremap(data_, mapped_, n, MREMAP_MAYMOVE)
                    : ::mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) fail();
    data_ = static_cast<char*>(p);
    mapped_ = n;
  };
  grow(page);
  for (;;) {
    if (size_ == mapped_) grow(2 * mapped_);
    const ssize_t n = ::read(fd, data_ + size_, mapped_ - size_);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail();
    if (n == 0) break;
    size_ += static_cast<size_t>(n);
  }
  ::close(fd);
}

FileBytes::~FileBytes() {
  if (data_) ::munmap(data_, mapped_);
}

void FileBytes::release(const char* from, const char* to) {
  if (!mapped_file_ || from == nullptr || to == nullptr) return;
  from = std::max<const char*>(from, data_);
  to = std::min<const char*>(to, data_ + size_);
  if (from >= to) return;
  const uintptr_t page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  const uintptr_t a = (reinterpret_cast<uintptr_t>(from) + page - 1) / page * page;
  const uintptr_t b = reinterpret_cast<uintptr_t>(to) / page * page;
  if (a < b) ::madvise(reinterpret_cast<void*>(a), b - a, MADV_DONTNEED);
}

std::string file_sha256(const std::string& path) {
  FileBytes file(path);
  const std::string_view bytes = file.view();
  Sha256 hash;
  constexpr size_t kPiece = 4 << 20;
  for (size_t at = 0; at < bytes.size(); at += kPiece) {
    const std::string_view piece = bytes.substr(at, kPiece);
    hash.update(piece);
    file.release_before(piece.data() + piece.size());
  }
  return hash.hex();
}

namespace {
void on_sigbus(int) {
  static const char kMessage[] =
      "benefitroll: error: an input file was cut short while it was being read; nothing was "
      "written. Run again once the file is complete.\n";
  (void)!::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  ::_exit(3);
}
}  // namespace

void stop_on_sigbus() {
  struct sigaction bus {};
  bus.sa_handler = on_sigbus;
  ::sigaction(SIGBUS, &bus, nullptr);
}

InputFiles InputFiles::in(const std::string& dir) {
  InputFiles f{dir + "/households.csv", dir + "/members.csv", std::nullopt};
  std::error_code ec;
  if (std::filesystem::exists(dir + "/cases.csv", ec)) f.cases = dir + "/cases.csv";
  return f;
}

int64_t input_bytes(const InputFiles& files) {
  int64_t n = 0;
  auto add = [&n](const std::string& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec) n += static_cast<int64_t>(size);
  };
  add(files.households);
  add(files.members);
  if (files.cases) add(*files.cases);
  return n;
}

namespace {
void load_tables(const InputFiles& files, YearMonth m, const CommonOptions& opt, MonthInput& out,
                 const std::string& copy_to, Keep keep);
}  // namespace

void load_month_input(const InputFiles& files, YearMonth m, const CommonOptions& opt,
                      MonthInput& out, const std::string& copy_to, Keep keep) {
  try {
    load_tables(files, m, opt, out, copy_to, keep);
  } catch (const FatalError& e) {
    // Readers name the bare file; the user needs the path they gave.
    const std::string& f = e.file();
    const std::string path = f == "households.csv" ? files.households
                             : f == "members.csv"  ? files.members
                             : f == "cases.csv" && files.cases ? *files.cases
                                                               : f;
    if (path == f) throw;
    throw FatalError(path, e.line(), e.column(), e.what());
  }
}

namespace {
void load_tables(const InputFiles& files, YearMonth m, const CommonOptions& opt, MonthInput& out,
                 const std::string& copy_to, Keep keep) {
  ReadOptions ro;
  ro.encoding = opt.input_encoding;
  ro.month = m;
  if (opt.progress) ro.progress = opt.progress->reader();
  if (!copy_to.empty()) std::filesystem::create_directory(copy_to + "/inputs");
  // Reads one export and parses it (parse(bytes, options) gives the rows read), its pages let
  // go of as the parser passes them. With copy_to, its bytes are copied meanwhile, beside the
  // parse (written and hashed, closed after the roll), and the copy lets go of the pages it has
  // written. Returns the path of the bytes parsed as they are now on disk: the copy (handed to
  // the kernel), or the export itself.
  auto load = [&](const std::string& path, const char* name, auto parse,
                  InputCopy& copy) -> std::string {
    FileBytes bytes(path);
    const std::string_view all = bytes.view();
    ReadOptions own = ro;
    // A page let go of is read again from the page cache if the parse or the copy comes to it
    // again, so each lets go of what it has passed.
    own.done_before = [&bytes](const char* p) { bytes.release_before(p); };
    own.looked_before = own.done_before;
    if (copy_to.empty()) {
      parse(all, own);
      return path;
    }
    copy.file = std::string("inputs/") + name;
    copy.out = std::make_unique<OutputFile>(copy_to + "/" + copy.file, OutputEncoding::kUtf8, false);
    side_by_side(
        opt.effective_jobs(), [&] { copy.rows = parse(all, own); },
        [&] {
          constexpr size_t kChunk = size_t{8} << 20;
          for (size_t at = 0; at < all.size(); at += kChunk) {
            const std::string_view chunk = all.substr(at, kChunk);
            copy.out->write(chunk);
            bytes.release(chunk.data(), chunk.data() + chunk.size());
          }
          copy.out->flush();
        });
    return copy_to + "/" + copy.file;
  };
  auto tables = [](auto read, auto& table, const char* name) {
    return [read, &table, name](std::string_view bytes, const ReadOptions& o) {
      table = read(bytes, name, o);
      return static_cast<int64_t>(table.rows.size());
    };
  };
  // The two big files are read and parsed side by side; an error in either is reported as it
  // would be alone (households first).
  InputCopy copies[3];
  const int jobs = opt.effective_jobs();
  if (keep == Keep::kRows) {
    side_by_side(
        jobs,
        [&] {
          load(files.households, "households.csv",
               tables(read_households, out.households, "households.csv"), copies[0]);
        },
        [&] {
          load(files.members, "members.csv", tables(read_members, out.members, "members.csv"),
               copies[1]);
        });
  } else {
    out.streamed = std::make_unique<StreamedRows>("households.csv", "members.csv", ro);
    StreamedRows& rows = *out.streamed;
    {
      std::error_code ec;
      const auto size = [&ec](const std::string& path) -> size_t {
        const auto n = std::filesystem::file_size(path, ec);
        return ec ? 0 : static_cast<size_t>(n);
      };
      rows.reserve(size(files.households), size(files.members));
    }
    ScannedExport scanned[2];
    std::string from[2];
    // Export k through `scan`, its keys into rows; `count` gives the rows read.
    auto keys = [&](int k, const std::string& path, const char* name, auto scan, auto count) {
      from[k] = load(
          path, name,
          [&](std::string_view b, const ReadOptions& o) {
            scanned[k] = scan(b, name, o, rows);
            return static_cast<int64_t>(count());
          },
          copies[k]);
    };
    side_by_side(
        jobs,
        [&] {
          keys(0, files.households, "households.csv", scan_households,
               [&] { return rows.household_count(); });
        },
        [&] {
          keys(1, files.members, "members.csv", scan_members, [&] { return rows.member_count(); });
        });
    // Each export is read again, as the roll comes to its rows, from where its bytes are now:
    // the file (mapped), or the text itself when it was converted from GB18030 or repaired.
    auto text = [&](int k, const char* name) {
      ScannedExport& e = scanned[k];
      auto t = e.converted ? std::make_unique<ExportText>(std::move(e.text), name)
                           : std::make_unique<ExportText>(from[k], e.bytes, e.skip, name);
      t->positions = std::move(e.positions);
      t->fields = e.fields;
      return t;
    };
    rows.set_texts(text(0, "households.csv"), text(1, "members.csv"));
  }
  if (files.cases) {
    out.cases.emplace();
    load(*files.cases, "cases.csv", tables(read_cases, *out.cases, "cases.csv"), copies[2]);
  }
  out.copies.clear();
  for (InputCopy& c : copies)
    if (c.out) out.copies.push_back(std::move(c));
}
}  // namespace

void load_rules_for_month(const std::string& path, YearMonth m, std::optional<Date> as_of,
                          LoadedRules& out) {
  out.bytes = read_file(path);
  out.rules = load_rules_or_throw(out.bytes, path);
  out.month = out.rules.for_month(m, as_of);
}

}  // namespace benefitroll
