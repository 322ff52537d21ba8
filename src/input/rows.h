// The rows of the three exports (households.csv, members.csv, cases.csv) after decoding and
// per-row validation. Cross-row checks (duplicates, unknown households) are not done here.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/issue.h"
#include "input/read_progress.h"
#include "core/money.h"
#include "core/string_pool.h"

namespace benefitroll {

enum class Area : uint8_t { kUrban, kRural };
enum class Program : uint8_t { kDibao, kTekun, kMarginal };
enum class Payee : uint8_t { kHousehold, kInstitution };
enum class Heating : uint8_t { kNone, kCentral, kSelf };
enum class Status : uint8_t { kActive, kSuspended };
enum class SelfCare : uint8_t { kFull, kPartial, kNone };
enum class Relation : uint8_t { kHead, kSpouse, kChild, kParent, kGrandchild, kSibling, kOther };
enum class Enrollment : uint8_t { kNone, kHighSchool, kUniversity };
enum class Approval : uint8_t { kTownship, kDistrict };

std::string_view to_string(Area a);        // urban / rural
std::string_view to_string(Program p);     // dibao / tekun / marginal
std::string_view to_string(SelfCare s);    // full / partial / none

/// One record of households.csv. When `rejected`, only `line` and `household_id` (the value at
/// the household_id position, possibly empty) are meaningful.
struct HouseholdRow {
  // Members by size, the largest first, so that two million rows waste no padding.
  int64_t line = 0;
  std::string_view household_id, street, community, head_name, head_id, bank_account,
      institution;
  std::optional<Money> monthly_income;
  Money rigid_expense;                  // default 0
  std::optional<Money> previous_income;
  std::optional<Decimal> heated_area;   // m², at most 2 decimals
  std::optional<Money> grace_amount;
  std::optional<YearMonth> grace_start;
  bool rejected = false;
  Area area = Area::kUrban;
  Program program = Program::kDibao;
  Payee payee = Payee::kHousehold;
  char classified_tier = 0;             // 'A', 'B', 'C' or 0 for none
  Heating heating = Heating::kNone;
  Status status = Status::kActive;
};

/// One record of members.csv. When `rejected`, only `line` and `household_id` are meaningful.
struct MemberRow {
  // Members by size, the largest first (millions of rows).
  int64_t line = 0;
  std::string_view household_id, person_id, name;
  std::optional<Date> deceased_on;
  Date birth;                           // from person_id
  int disability_grade = 0;             // 1..4, 0 = none
  int enrollment_year = 0;
  bool rejected = false;
  Relation relation = Relation::kOther;
  bool covered = false;
  bool tekun = false;
  std::optional<SelfCare> self_care;
  bool severe_illness = false;
  Enrollment enrollment = Enrollment::kNone;
};

/// One record of cases.csv. When `rejected`, only `line`, `case_id` and `household_id` are meaningful.
struct CaseRow {
  int64_t line = 0;
  bool rejected = false;
  std::string_view case_id, person_id, name, household_id, street, community, bank_account,
      reason;
  YearMonth month;
  Area area = Area::kUrban;
  int persons = 1;
  Money amount;
  Approval approved_by = Approval::kDistrict;
  bool advance = false;
  bool documents_pending = false;
};

/// A problem found in one row; `row` indexes the table's rows. Whether it is written depends on
/// cross-row outcomes (a member of a rejected household writes none), so the roll decides.
struct RowIssue {
  size_t row;
  Issue issue;
};

template <class Row>
struct Table {
  std::string file;             // display name: households.csv
  std::vector<Row> rows;        // one per non-blank record after the header, bad ones included
  std::vector<RowIssue> issues; // BAD_ROW, BAD_VALUE, MISSING_VALUE, in row order
  StringPool pool;              // owns the text the rows point into
};

using HouseholdTable = Table<HouseholdRow>;
using MemberTable = Table<MemberRow>;
using CaseTable = Table<CaseRow>;

enum class InputEncoding { kAuto, kUtf8, kGb18030 };

struct ReadOptions {
  InputEncoding encoding = InputEncoding::kAuto;
  YearMonth month;  // the run month: IDs born after it are BAD_VALUE
  ReadProgress* progress = nullptr;  // bumped every few thousand records (a progress line)
  /// When set, told as the reader goes that it will not look at the bytes it was given before
  /// this point again (so that a large export's buffer can give its pages back as it is read).
  std::function<void(const char*)> done_before;
  /// When set, told as a look through the whole export before its first record goes (the
  /// check of its encoding) that it has looked at the bytes before this point: they are read
  /// again only when parsed.
  std::function<void(const char*)> looked_before;
};

/// Readers take the file's bytes and its display name; they throw FatalError for what stops
/// everything (empty file, missing always-required column, duplicated column, bad header).
HouseholdTable read_households(std::string_view bytes, const std::string& name,
                               const ReadOptions& opt);
MemberTable read_members(std::string_view bytes, const std::string& name, const ReadOptions& opt);
CaseTable read_cases(std::string_view bytes, const std::string& name, const ReadOptions& opt);

}  // namespace benefitroll
