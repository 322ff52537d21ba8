#include "commands/month_input.h"

#include <exception>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

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

std::string read_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw FatalError(path, 0, 0, "is a folder, not a file");
  std::ifstream f(path, std::ios::binary);
  if (!f) throw FatalError(path, 0, 0, "cannot read file");
  std::ostringstream ss;
  ss << f.rdbuf();
  if (f.bad()) throw FatalError(path, 0, 0, "cannot read file");
  return std::move(ss).str();
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
void load_tables(const InputFiles& files, YearMonth m, const CommonOptions& opt, MonthInput& out);
}  // namespace

void load_month_input(const InputFiles& files, YearMonth m, const CommonOptions& opt,
                      MonthInput& out) {
  try {
    load_tables(files, m, opt, out);
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
void load_tables(const InputFiles& files, YearMonth m, const CommonOptions& opt, MonthInput& out) {
  out.households_bytes = read_file(files.households);
  out.members_bytes = read_file(files.members);
  if (files.cases) out.cases_bytes = read_file(*files.cases);

  ReadOptions ro;
  ro.encoding = opt.input_encoding;
  ro.month = m;
  if (opt.progress) ro.progress = opt.progress->reader();
  // The two big files are parsed side by side; an error in either is reported as it would be
  // alone (households first).
  std::exception_ptr members_error;
  auto read_members_job = [&] {
    try {
      out.members = read_members(out.members_bytes, "members.csv", ro);
    } catch (...) {
      members_error = std::current_exception();
    }
  };
  if (opt.effective_jobs() > 1) {
    std::thread t(read_members_job);
    try {
      out.households = read_households(out.households_bytes, "households.csv", ro);
    } catch (...) {
      t.join();
      throw;
    }
    t.join();
  } else {
    out.households = read_households(out.households_bytes, "households.csv", ro);
    read_members_job();
  }
  if (members_error) std::rethrow_exception(members_error);
  if (out.cases_bytes) out.cases = read_cases(*out.cases_bytes, "cases.csv", ro);
}
}  // namespace

void load_rules_for_month(const std::string& path, YearMonth m, std::optional<Date> as_of,
                          LoadedRules& out) {
  out.bytes = read_file(path);
  out.rules = load_rules_or_throw(out.bytes, path);
  out.month = out.rules.for_month(m, as_of);
}

}  // namespace benefitroll
