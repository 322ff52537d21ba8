// ResultFolder: the all-or-nothing month (or recompute, audit) folder of outputs.md. Files are
// written under a temporary name beside the target and the folder is renamed into place when
// complete; a finished result is replaced only with --force, by an atomic exchange.
#pragma once

#include <stdexcept>
#include <string>

namespace benefitroll {

/// Thrown when --out holds a finished result and --force was not given (exit 5), or is a
/// non-empty folder that is not a result (exit 2).
struct OutFolderError : std::runtime_error {
  OutFolderError(int status, const std::string& msg) : std::runtime_error(msg), status(status) {}
  int status;
};

class ResultFolder {
 public:
  /// Checks the target (see outputs.md) and creates the temporary folder beside it (and the
  /// target's parent when missing). Throws OutFolderError.
  ResultFolder(const std::string& target, bool force);
  /// Removes the temporary folder if commit() was not reached.
  ~ResultFolder();
  ResultFolder(const ResultFolder&) = delete;
  ResultFolder& operator=(const ResultFolder&) = delete;

  /// Where to write: the temporary folder.
  const std::string& dir() const { return tmp_; }
  std::string path(const std::string& name) const { return tmp_ + "/" + name; }
  /// fsyncs the folder and renames it into place (exchange + removal of the old one with --force).
  void commit();

 private:
  std::string target_;
  std::string tmp_;
  bool force_;
  bool committed_ = false;
};

/// Is `dir` a finished result (a folder with manifest.json)?
bool is_finished_result(const std::string& dir);
/// Checks --out before any work is done (same rules as the constructor, without creating).
void check_out_folder(const std::string& target, bool force);

}  // namespace benefitroll
