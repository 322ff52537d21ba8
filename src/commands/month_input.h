// Loading a month's inputs: the exports of an input folder, read on two threads, and the rules
// file; shared by run, validate and (later) recompute, audit and explain.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "input/month_rows.h"
#include "input/rows.h"
#include "output/month_writer.h"
#include "output/progress.h"
#include "rules/rules.h"

namespace benefitroll {

/// Options every command takes where they make sense (commands.md).
struct CommonOptions {
  InputEncoding input_encoding = InputEncoding::kAuto;
  WriteOptions write;
  int jobs = 0;  // 0: all cores
  bool quiet = false;
  ProgressMode progress_mode = ProgressMode::kNever;  // --progress, kNever with --quiet
  Progress* progress = nullptr;  // the command's progress line, while it runs
  int effective_jobs() const;
  std::string input_encoding_name() const;
};

/// An export copied into a month folder as it was read: written and hashed, not yet closed
/// (the fsync waits for the roll, which runs meanwhile; compute_month_files closes it).
struct InputCopy {
  std::string file;  // inputs/households.csv
  int64_t rows = 0;
  std::unique_ptr<OutputFile> out;
  FileRecord close() { return {file, out->close(), rows, std::nullopt}; }
};

/// A month's inputs: the parsed tables, and, when they were copied into a month folder as they
/// were read, the copies (inputs/households.csv, inputs/members.csv, inputs/cases.csv).
/// Read without keeping rows, households and members are empty and `streamed` has their keys
/// (cases.csv, small, is always a table).
struct MonthInput {
  HouseholdTable households;
  MemberTable members;
  std::optional<CaseTable> cases;
  std::unique_ptr<StreamedRows> streamed;
  std::vector<InputCopy> copies;
};

/// How load_month_input reads households.csv and members.csv.
enum class Keep {
  kRows,  // into tables, every row held (explain, recompute, audit)
  kKeys,  // only the keys, the rows read again as the roll needs them (run, validate)
};

/// Reads a whole file; FatalError(path, "cannot read file: ...") when it cannot.
std::string read_file(const std::string& path);

/// A whole file's bytes: the file mapped read-only, so that its pages are the page cache's and
/// can be let go of as a reader goes through them (an export of hundreds of MB is then never
/// held whole beside what is parsed from it), and read again from the page cache when touched
/// again. A file that cannot be mapped (a pipe) is read into memory and held whole. Same errors
/// as read_file. Should the file be cut short while mapped, reading past its new end raises
/// SIGBUS: see stop_on_sigbus.
class FileBytes {
 public:
  explicit FileBytes(const std::string& path);
  ~FileBytes();
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;

  std::string_view view() const { return {data_, size_}; }
  /// The bytes of [from, to) will not be read again soon: the process stops holding the whole
  /// pages among them (they read the same if they are). Outside the bytes: nothing happens.
  void release(const char* from, const char* to);
  void release_before(const char* p) { release(data_, p); }
  bool mapped() const { return mapped_file_; }

 private:
  char* data_ = nullptr;
  size_t size_ = 0, mapped_ = 0;
  bool mapped_file_ = false;
};

/// From now on, SIGBUS (an input file cut short by another program while it is mapped, as
/// FileBytes and the rows' second reading map them) stops the program with a message on
/// standard error and exit status 3 instead of a crash. Nothing is written: the month's
/// temporary folder is left for the next run to remove (result_folder.cc). main() calls it.
void stop_on_sigbus();

/// SHA-256 of a file (lowercase hex), mapped and hashed a few MiB at a time, letting go of the
/// pages hashed: hashing a gigabyte ledger does not hold a gigabyte. FatalError as FileBytes.
std::string file_sha256(const std::string& path);

/// Where a month's exports are: households.csv, members.csv and, when given, cases.csv.
struct InputFiles {
  std::string households, members;
  std::optional<std::string> cases;
  /// DIR/households.csv, DIR/members.csv, and DIR/cases.csv when it exists.
  static InputFiles in(const std::string& dir);
};

/// The bytes of the exports (what a progress line counts down); 0 for a file that is not there.
int64_t input_bytes(const InputFiles& files);

/// Reads the exports for month m. With `copy_to`, each export's bytes, as parsed, are copied
/// into copy_to/inputs/ (a month folder being written) on the thread that parsed them, as soon
/// as they are parsed, and then let go: the month never holds the bytes and the tables of a
/// large roll at once (out.copies records them). Without it, nothing is written.
void load_month_input(const InputFiles& files, YearMonth m, const CommonOptions& opt,
                      MonthInput& out, const std::string& copy_to = {}, Keep keep = Keep::kRows);
inline void load_month_input(const std::string& dir, YearMonth m, const CommonOptions& opt,
                             MonthInput& out) {
  load_month_input(InputFiles::in(dir), m, opt, out);
}

/// The rules file and what is in effect for the month.
struct LoadedRules {
  std::string bytes;
  Rules rules;
  MonthRules month;
};
void load_rules_for_month(const std::string& path, YearMonth m, std::optional<Date> as_of,
                          LoadedRules& out);

}  // namespace benefitroll
