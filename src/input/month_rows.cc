#include "input/month_rows.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cassert>
#include <functional>
#include <limits>

#include "core/resident_id.h"

namespace benefitroll {

uint64_t person_number(std::string_view id) {
  assert(id.size() == 18);
  uint64_t n = 0;
  for (size_t i = 0; i < 17; ++i) n = n * 10 + static_cast<uint64_t>(id[i] - '0');
  return n;
}

std::string person_id_of(uint64_t person) {
  std::string id(18, '0');
  for (size_t i = 17; i-- > 0; person /= 10) id[i] = static_cast<char>('0' + person % 10);
  id[17] = id_check_char(std::string_view(id).substr(0, 17));
  return id;
}

uint64_t account_hash(std::string_view account) {
  const uint64_t h = std::hash<std::string_view>()(account);
  return h == 0 ? 1 : h;
}

namespace {

HouseholdKey key_of(const HouseholdRow& h) {
  return {h.household_id, h.line, h.bank_account.empty() ? 0 : account_hash(h.bank_account),
          h.rejected, h.area, h.payee};
}

MemberKey key_of(const MemberRow& m) {
  return {m.household_id, m.line, m.person_id.empty() ? 0 : person_number(m.person_id),
          m.rejected, m.covered, m.tekun};
}

class TableFetch final : public RowFetch {
 public:
  TableFetch(const HouseholdTable& h, const MemberTable& m) : h_(h), m_(m) {}
  const HouseholdRow& household(size_t i) override { return h_.rows[i]; }
  std::span<const MemberRow* const> members(std::span<const uint32_t> js) override {
    rows_.clear();
    for (uint32_t j : js) rows_.push_back(&m_.rows[j]);
    return rows_;
  }
  void clear() override {}

 private:
  const HouseholdTable& h_;
  const MemberTable& m_;
  std::vector<const MemberRow*> rows_;
};

}  // namespace

HouseholdKey TableRows::household(size_t i) const { return key_of(h_.rows[i]); }
MemberKey TableRows::member(size_t j) const { return key_of(m_.rows[j]); }
std::unique_ptr<RowFetch> TableRows::fetch() const { return std::make_unique<TableFetch>(h_, m_); }

// ExportText

ExportText::ExportText(const std::string& path, size_t size, size_t skip, std::string file)
    : file_(std::move(file)), size_(size), skip_(skip) {
  if (size == 0) return;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st {};
  if (fd < 0 || ::fstat(fd, &st) != 0 || static_cast<size_t>(st.st_size) != size) {
    if (fd >= 0) ::close(fd);
    throw FatalError(path, 0, 0, "changed while it was being read: run again");
  }
  void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (p == MAP_FAILED) throw FatalError(path, 0, 0, "cannot read file");
  data_ = static_cast<const char*>(p);
  mapped_ = size;
}

ExportText::ExportText(std::string converted, std::string file)
    : file_(std::move(file)), converted_(std::move(converted)) {
  data_ = converted_.data();
  size_ = converted_.size();
}

ExportText::~ExportText() {
  if (mapped_) ::munmap(const_cast<char*>(data_), mapped_);
}

void ExportText::release(size_t from, size_t to) const {
  if (!mapped_ || from >= to) return;
  // Whole pages only: a mapped page let go of is read again from the page cache when touched
  // (by the other thread, say), so nothing is lost, only the process stops holding it.
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  from += skip_;  // offsets of the text, which begins skip_ bytes into the file
  to = std::min(to + skip_, size_);
  const size_t a = (from + page - 1) / page * page;
  const size_t b = to / page * page;
  if (a < b) ::madvise(const_cast<char*>(data_) + a, b - a, MADV_DONTNEED);
}

// StreamedRows

namespace {
constexpr uint8_t kRejected = 1, kRural = 2, kInstitution = 4;
constexpr int kPersonBits = 57;  // 17 digits < 10^17 < 2^57
constexpr uint64_t kPersonMask = (uint64_t{1} << kPersonBits) - 1;
constexpr uint64_t kMRejected = uint64_t{1} << kPersonBits, kCovered = kMRejected << 1,
                   kTekun = kMRejected << 2;

uint32_t line32(const std::string& file, int64_t line) {
  if (line > std::numeric_limits<uint32_t>::max())
    throw FatalError(file, line, 0,
                     "more than 4,294,967,295 lines: too large for one run (split the roll, "
                     "e.g. by county)");
  return static_cast<uint32_t>(line);
}
}  // namespace

StreamedRows::StreamedRows(std::string household_file, std::string member_file, ReadOptions opt)
    : h_file_(std::move(household_file)), m_file_(std::move(member_file)), opt_(std::move(opt)) {
  opt_.progress = nullptr;
  opt_.done_before = nullptr;
}

void StreamedRows::reserve(size_t household_bytes, size_t member_bytes) {
  // No valid households.csv row is shorter than 40 bytes (seven required columns, a resident
  // ID among them), no members.csv row shorter than 26.
  h_.reserve(household_bytes / 40 + 16);
  m_.reserve(member_bytes / 26 + 16);
  runs_.reserve(member_bytes / 26 + 16);
}

void StreamedRows::add(const HouseholdRow& row, size_t offset) {
  H h;
  h.id = h_ids_.add(row.household_id);
  h.offset = offset;
  h.account_hash = row.bank_account.empty() ? 0 : account_hash(row.bank_account);
  h.line = line32(h_file_, row.line);
  h.bits = static_cast<uint8_t>((row.rejected ? kRejected : 0) |
                                (row.area == Area::kRural ? kRural : 0) |
                                (row.payee == Payee::kInstitution ? kInstitution : 0));
  h_.push_back(h);
}

void StreamedRows::add(const MemberRow& row, size_t offset) {
  // An export lists a household's members one after another: each run of one household_id is
  // kept once.
  if (runs_.empty() || runs_.back() != row.household_id) {
    if (runs_.size() > std::numeric_limits<uint32_t>::max())
      throw FatalError(m_file_, row.line, 0, "too many households for one run");
    runs_.push_back(m_ids_.add(row.household_id));
  }
  M m;
  m.person = (row.person_id.empty() ? 0 : person_number(row.person_id)) |
             (row.rejected ? kMRejected : 0) | (row.covered ? kCovered : 0) |
             (row.tekun ? kTekun : 0);
  m.offset = offset;
  m.run = static_cast<uint32_t>(runs_.size() - 1);
  m.line = line32(m_file_, row.line);
  m_.push_back(m);
}

void StreamedRows::set_texts(std::unique_ptr<ExportText> households,
                             std::unique_ptr<ExportText> members) {
  h_text_ = std::move(households);
  m_text_ = std::move(members);
}

HouseholdKey StreamedRows::household(size_t i) const {
  const H& h = h_[i];
  return {h.id,
          h.line,
          h.account_hash,
          (h.bits & kRejected) != 0,
          (h.bits & kRural) ? Area::kRural : Area::kUrban,
          (h.bits & kInstitution) ? Payee::kInstitution : Payee::kHousehold};
}

MemberKey StreamedRows::member(size_t j) const {
  const M& m = m_[j];
  return {runs_[m.run],          m.line,
          m.person & kPersonMask, (m.person & kMRejected) != 0,
          (m.person & kCovered) != 0, (m.person & kTekun) != 0};
}

// Parses the rows again from the exports' text. Every row fetched was a good record the first
// time; should its text now say otherwise (a household_id that differs), the file was changed
// under the run, which then stops rather than compute from two versions of an export.
class StreamedFetch final : public RowFetch {
 public:
  explicit StreamedFetch(const StreamedRows& rows)
      : r_(rows), h_at_(rows.h_text_->positions), m_at_(rows.m_text_->positions) {}
  ~StreamedFetch() override { release(); }

  const HouseholdRow& household(size_t i) override {
    const StreamedRows::H& h = r_.h_[i];
    read(*r_.h_text_, h_at_, h.offset, h.line, h.id);
    refill(rec_, r_.h_file_, r_.opt_, pool_, h_row_);
    return h_row_;
  }

  std::span<const MemberRow* const> members(std::span<const uint32_t> js) override {
    if (m_rows_.size() < js.size()) m_rows_.resize(js.size());
    ptrs_.clear();
    for (size_t k = 0; k < js.size(); ++k) {
      const StreamedRows::M& m = r_.m_[js[k]];
      read(*r_.m_text_, m_at_, m.offset, m.line, r_.runs_[m.run]);
      refill(rec_, r_.m_file_, r_.opt_, pool_, m_rows_[k]);
      ptrs_.push_back(&m_rows_[k]);
    }
    return ptrs_;
  }

  void clear() override {
    pool_.clear();
    release();
  }

 private:
  struct Span {
    size_t lo = std::numeric_limits<size_t>::max(), hi = 0;
  };

  void read(const ExportText& t, CsvRecordAt& at, uint64_t offset, uint32_t line,
            std::string_view id) {
    if (!at.read(t.text(), offset, t.fields, rec_) || rec_.values[0] != id)
      throw FatalError(t.file(), line, 0, "changed while it was being read: run again");
    rec_.line = line;
    Span& s = &t == r_.h_text_.get() ? h_span_ : m_span_;
    s.lo = std::min<size_t>(s.lo, offset);
    s.hi = std::max<size_t>(s.hi, offset + 1);
  }

  // What this thread read of the mapped exports is let go of: a block's records lie together
  // when the exports are in household_id order, so that a roll holds little of them at a time.
  void release() {
    if (h_span_.lo < h_span_.hi) r_.h_text_->release(h_span_.lo, h_span_.hi);
    if (m_span_.lo < m_span_.hi) r_.m_text_->release(m_span_.lo, m_span_.hi);
    h_span_ = m_span_ = Span();
  }

  const StreamedRows& r_;
  CsvRecordAt h_at_, m_at_;
  CsvRecord rec_;
  StringPool pool_;
  HouseholdRow h_row_;
  std::vector<MemberRow> m_rows_;
  std::vector<const MemberRow*> ptrs_;
  Span h_span_, m_span_;
};

std::unique_ptr<RowFetch> StreamedRows::fetch() const {
  assert(h_text_ && m_text_);
  return std::make_unique<StreamedFetch>(*this);
}

}  // namespace benefitroll
