// MonthRows: the rows of a month's households.csv and members.csv as the roll reads them: first
// every row's keys (what the cross-row checks need: ids, lines, accounts, persons), then whole
// rows, a household and its members at a time. TableRows serves them from tables held whole
// (explain, recompute, audit, the tests). StreamedRows keeps only the keys and parses each
// household's rows again from the export's text when the roll comes to it, so that a roll of
// millions of households never holds its rows (run, validate).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "input/csv.h"
#include "input/rows.h"

namespace benefitroll {

/// What the roll's cross-row checks need of a households.csv row.
struct HouseholdKey {
  std::string_view household_id;  // the value at the household_id position, possibly empty
  int64_t line = 0;
  uint64_t account_hash = 0;      // a hash of bank_account, never 0; 0 when it has none
  bool rejected = false;
  Area area = Area::kUrban;
  Payee payee = Payee::kHousehold;
};

/// What the roll's cross-row checks need of a members.csv row.
struct MemberKey {
  std::string_view household_id;
  int64_t line = 0;
  uint64_t person = 0;  // the first 17 digits of a valid person_id as a number; 0 when none
  bool rejected = false, covered = false, tekun = false;
};

/// The number a MemberKey holds for a valid person_id, and back (the 18th character is the
/// check character of the 17 digits, so nothing is lost).
uint64_t person_number(std::string_view person_id);
std::string person_id_of(uint64_t person);

/// A hash of a bank account for HouseholdKey (never 0); equal hashes are checked on the text.
uint64_t account_hash(std::string_view account);

/// Whole rows, fetched one household at a time by one thread.
class RowFetch {
 public:
  virtual ~RowFetch() = default;
  /// Household row i; valid until the next call. Its text stays until clear().
  virtual const HouseholdRow& household(size_t i) = 0;
  /// Member rows js (accepted ones), in that order; valid until the next call. Their text
  /// stays until clear().
  virtual std::span<const MemberRow* const> members(std::span<const uint32_t> js) = 0;
  /// The text of the rows fetched so far is no longer needed (a new block of households).
  virtual void clear() = 0;
};

class MonthRows {
 public:
  virtual ~MonthRows() = default;
  virtual const std::string& household_file() const = 0;  // households.csv
  virtual const std::string& member_file() const = 0;     // members.csv
  virtual size_t household_count() const = 0;
  virtual size_t member_count() const = 0;
  virtual HouseholdKey household(size_t i) const = 0;
  virtual MemberKey member(size_t j) const = 0;
  /// BAD_ROW, BAD_VALUE and MISSING_VALUE of each file, in row order (rows.h).
  virtual const std::vector<RowIssue>& household_issues() const = 0;
  virtual const std::vector<RowIssue>& member_issues() const = 0;
  /// A fetcher of whole rows, for one thread.
  virtual std::unique_ptr<RowFetch> fetch() const = 0;
  /// Whether the text of fetched rows lives as long as this (tables held whole). When not, a
  /// sink that keeps a line's text past the roll's consume() must copy it.
  virtual bool held() const = 0;
};

/// Over tables held whole.
class TableRows final : public MonthRows {
 public:
  TableRows(const HouseholdTable& h, const MemberTable& m) : h_(h), m_(m) {}
  const std::string& household_file() const override { return h_.file; }
  const std::string& member_file() const override { return m_.file; }
  size_t household_count() const override { return h_.rows.size(); }
  size_t member_count() const override { return m_.rows.size(); }
  HouseholdKey household(size_t i) const override;
  MemberKey member(size_t j) const override;
  const std::vector<RowIssue>& household_issues() const override { return h_.issues; }
  const std::vector<RowIssue>& member_issues() const override { return m_.issues; }
  std::unique_ptr<RowFetch> fetch() const override;
  bool held() const override { return true; }

 private:
  const HouseholdTable& h_;
  const MemberTable& m_;
};

/// An export as a StreamedRows reads it again: its text (the file mapped read-only, or the
/// UTF-8 copy when it was converted) and what its header says.
class ExportText {
 public:
  /// Maps `path`, which must hold `size` bytes (what was read the first time); the text is
  /// what follows its first `skip` bytes (a byte-order mark).
  ExportText(const std::string& path, size_t size, size_t skip, std::string file);
  /// Holds a converted text.
  ExportText(std::string converted, std::string file);
  ~ExportText();
  ExportText(const ExportText&) = delete;
  ExportText& operator=(const ExportText&) = delete;

  std::string_view text() const { return {data_ + skip_, size_ - skip_}; }
  const std::string& file() const { return file_; }
  /// The pages of [from, to) are let go of (a mapping reads them again from the file).
  void release(size_t from, size_t to) const;

  std::vector<int> positions;  // per known column: its field in the header, or -1
  size_t fields = 0;           // of the header

 private:
  std::string file_;
  std::string converted_;
  const char* data_ = nullptr;
  size_t size_ = 0, mapped_ = 0, skip_ = 0;
};

/// Keys only; the rows parsed again from the exports' text when fetched.
class StreamedRows final : public MonthRows {
 public:
  /// What one pass over households.csv and members.csv gave: call add() for every row, in
  /// file order, with its record's offset in the text; then set the texts.
  StreamedRows(std::string household_file, std::string member_file, ReadOptions opt);
  void add(const HouseholdRow& row, size_t offset);
  void add(const MemberRow& row, size_t offset);
  /// Room for the rows of exports of these sizes, reserved up front (a generous bound: room
  /// never written costs no memory), so that the keys are never copied as they grow.
  void reserve(size_t household_bytes, size_t member_bytes);
  std::vector<RowIssue>& household_issues_to_fill() { return h_issues_; }
  std::vector<RowIssue>& member_issues_to_fill() { return m_issues_; }
  void set_texts(std::unique_ptr<ExportText> households, std::unique_ptr<ExportText> members);

  const std::string& household_file() const override { return h_file_; }
  const std::string& member_file() const override { return m_file_; }
  size_t household_count() const override { return h_.size(); }
  size_t member_count() const override { return m_.size(); }
  HouseholdKey household(size_t i) const override;
  MemberKey member(size_t j) const override;
  const std::vector<RowIssue>& household_issues() const override { return h_issues_; }
  const std::vector<RowIssue>& member_issues() const override { return m_issues_; }
  std::unique_ptr<RowFetch> fetch() const override;
  bool held() const override { return false; }

 private:
  friend class StreamedFetch;
  // 40 and 24 bytes a row: a roll of 2,000,000 households (4.9 million members) in 200 MB.
  struct H {
    std::string_view id;
    uint64_t offset = 0, account_hash = 0;
    uint32_t line = 0;
    uint8_t bits = 0;  // kRejected, kRural, kInstitution
  };
  struct M {
    uint64_t person = 0;  // its bits kPersonBits and up: kRejected, kCovered, kTekun
    uint64_t offset = 0;
    uint32_t run = 0;     // runs_[run]: its household_id
    uint32_t line = 0;
  };
  std::string h_file_, m_file_;
  ReadOptions opt_;
  std::vector<H> h_;
  std::vector<M> m_;
  std::vector<std::string_view> runs_;  // the household_ids of members, each run of them once
  StringPool h_ids_, m_ids_;  // one per file: the two are read on two threads
  std::vector<RowIssue> h_issues_, m_issues_;
  std::unique_ptr<ExportText> h_text_, m_text_;
};

/// What the second reading of an export needs of the first (ExportText).
struct ScannedExport {
  std::vector<int> positions;
  size_t fields = 0;
  size_t bytes = 0;         // of the file
  size_t skip = 0;          // the bytes before the text (a byte-order mark), unless converted
  bool converted = false;
  std::string text;         // the converted text, when converted
};

/// One pass over households.csv (members.csv) that keeps no rows: each is checked as
/// read_households (read_members) checks it and added to `rows` with its record's offset, its
/// issues to rows' own. readers.cc.
ScannedExport scan_households(std::string_view bytes, const std::string& name,
                              const ReadOptions& opt, StreamedRows& rows);
ScannedExport scan_members(std::string_view bytes, const std::string& name,
                           const ReadOptions& opt, StreamedRows& rows);
/// A good record read again (CsvRecordAt) made a row as the first reading made it; its text
/// goes into `pool`. readers.cc.
void refill(const CsvRecord& rec, const std::string& file, const ReadOptions& opt,
            StringPool& pool, HouseholdRow& row);
void refill(const CsvRecord& rec, const std::string& file, const ReadOptions& opt,
            StringPool& pool, MemberRow& row);

}  // namespace benefitroll
