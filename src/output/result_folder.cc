#include "output/result_folder.h"
#include "output/fault.h"
#include "output/output_file.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/syscall.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

namespace benefitroll {

namespace fs = std::filesystem;

namespace {
void fsync_dir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  int e = fault_before(IoOp::kFsync);
  if (e != 0 || ::fsync(fd) != 0) {
    if (e == 0) e = errno;
    ::close(fd);
    throw IoError(fmt::format("{}: fsync failed: {}", dir, std::strerror(e)));
  }
  fault_after(IoOp::kFsync);
  ::close(fd);
}

// rename(2) or renameat2(2) with RENAME_EXCHANGE, through the fault points.
int checked_rename(const std::string& from, const std::string& to, bool exchange) {
  if (int e = fault_before(IoOp::kRename)) {
    errno = e;
    return -1;
  }
  int rc = exchange ? static_cast<int>(::syscall(SYS_renameat2, AT_FDCWD, from.c_str(), AT_FDCWD,
                                                 to.c_str(), RENAME_EXCHANGE))
                    : ::rename(from.c_str(), to.c_str());
  if (rc == 0) fault_after(IoOp::kRename);
  return rc;
}

// Temporary folders left by a run that was killed (its pid is gone) are removed.
void remove_stale_temporaries(const fs::path& target) {
  const std::string prefix = "." + target.filename().string() + ".tmp-";
  std::error_code ec;
  const fs::path parent = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  for (const auto& e : fs::directory_iterator(parent, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string pid_text = name.substr(prefix.size());
    if (pid_text.empty() || pid_text.find_first_not_of("0123456789") != std::string::npos) continue;
    const long pid = std::strtol(pid_text.c_str(), nullptr, 10);
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) fs::remove_all(e.path(), ec);
  }
}
std::string parent_of(const std::string& p) {
  fs::path parent = fs::path(p).parent_path();
  return parent.empty() ? "." : parent.string();
}
}  // namespace

bool is_finished_result(const std::string& dir) {
  std::error_code ec;
  return fs::is_regular_file(fs::path(dir) / "manifest.json", ec);
}

void check_out_folder(const std::string& target, bool force) {
  std::error_code ec;
  if (!fs::exists(target, ec)) return;
  if (!fs::is_directory(target, ec))
    throw OutFolderError(2, fmt::format("--out {}: exists and is not a folder", target));
  if (fs::is_empty(target, ec)) return;
  if (is_finished_result(target)) {
    if (!force)
      throw OutFolderError(5, fmt::format("--out {}: holds a finished result (manifest.json); "
                                          "give --force to replace it",
                                          target));
    return;
  }
  throw OutFolderError(2, fmt::format("--out {}: is not empty and holds no manifest.json; it is "
                                      "not a result folder, so it is left alone",
                                      target));
}

ResultFolder::ResultFolder(const std::string& target, bool force) : target_(target), force_(force) {
  // Trailing slashes would make the temporary name a child of the target.
  while (target_.size() > 1 && target_.back() == '/') target_.pop_back();
  check_out_folder(target_, force_);
  std::error_code ec;
  fs::create_directories(parent_of(target_), ec);
  if (ec)
    throw IoError(fmt::format("{}: cannot create: {}", parent_of(target_), ec.message()));
  const fs::path t(target_);
  remove_stale_temporaries(t);
  tmp_ = (t.parent_path() / fmt::format(".{}.tmp-{}", t.filename().string(), ::getpid())).string();
  fs::remove_all(tmp_, ec);
  if (!fs::create_directory(tmp_, ec) || ec)
    throw IoError(fmt::format("{}: cannot create: {}", tmp_, ec.message()));
}

ResultFolder::~ResultFolder() {
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(tmp_, ec);
  }
}

void ResultFolder::commit() {
  fsync_dir(tmp_);
  std::error_code ec;
  const bool exists = fs::exists(target_, ec);
  if (exists && !fs::is_empty(target_, ec)) {
    // Checked again now: another run may have finished the month meanwhile.
    if (!is_finished_result(target_) || !force_) {
      check_out_folder(target_, force_);
      throw OutFolderError(5, fmt::format("--out {}: was finished by another run meanwhile",
                                          target_));
    }
    if (checked_rename(tmp_, target_, true) != 0)
      throw IoError(
          fmt::format("{}: cannot exchange with the new result: {}", target_, std::strerror(errno)));
    committed_ = true;
    fsync_dir(parent_of(target_));
    fs::remove_all(tmp_, ec);  // now the old result
    return;
  }
  // rename(2) replaces an empty folder and fails on a non-empty one (a concurrent winner).
  if (checked_rename(tmp_, target_, false) != 0) {
    if (errno == ENOTEMPTY || errno == EEXIST)
      throw OutFolderError(5, fmt::format("--out {}: was finished by another run meanwhile",
                                          target_));
    throw IoError(
        fmt::format("{}: cannot rename into place: {}", target_, std::strerror(errno)));
  }
  committed_ = true;
  fsync_dir(parent_of(target_));
}

}  // namespace benefitroll
