// The readers of households.csv, members.csv and cases.csv: their columns and aliases, which
// values are required when, and one row per record with its issues (see rows.h).
#include <unordered_set>
#include <utility>

#include "core/resident_id.h"
#include "input/csv.h"
#include "input/month_rows.h"
#include "input/rows.h"
#include "input/values.h"

namespace benefitroll {

std::string_view to_string(Area a) { return a == Area::kUrban ? "urban" : "rural"; }
std::string_view to_string(Program p) {
  switch (p) {
    case Program::kDibao: return "dibao";
    case Program::kTekun: return "tekun";
    case Program::kMarginal: return "marginal";
  }
  return "?";
}
std::string_view to_string(SelfCare s) {
  switch (s) {
    case SelfCare::kFull: return "full";
    case SelfCare::kPartial: return "partial";
    case SelfCare::kNone: return "none";
  }
  return "?";
}

namespace {

template <class E>
constexpr Word word(std::string_view text, E e) {
  return {text, static_cast<uint8_t>(e)};
}

constexpr Word kAreas[] = {word("urban", Area::kUrban), word("rural", Area::kRural),
                           word("城市", Area::kUrban), word("农村", Area::kRural)};
constexpr Word kPrograms[] = {
    word("dibao", Program::kDibao), word("tekun", Program::kTekun),
    word("marginal", Program::kMarginal), word("低保", Program::kDibao),
    word("特困", Program::kTekun), word("边缘", Program::kMarginal)};
constexpr Word kPayees[] = {word("household", Payee::kHousehold),
                            word("institution", Payee::kInstitution),
                            word("本户", Payee::kHousehold), word("机构", Payee::kInstitution)};
constexpr Word kHeatings[] = {word("none", Heating::kNone), word("central", Heating::kCentral),
                              word("self", Heating::kSelf), word("无", Heating::kNone),
                              word("集中供热", Heating::kCentral), word("自行取暖", Heating::kSelf)};
constexpr Word kStatuses[] = {word("active", Status::kActive),
                              word("suspended", Status::kSuspended),
                              word("正常", Status::kActive), word("暂停", Status::kSuspended)};
constexpr Word kRelations[] = {
    word("head", Relation::kHead),       word("spouse", Relation::kSpouse),
    word("child", Relation::kChild),     word("parent", Relation::kParent),
    word("grandchild", Relation::kGrandchild), word("sibling", Relation::kSibling),
    word("other", Relation::kOther),     word("户主", Relation::kHead),
    word("配偶", Relation::kSpouse),     word("子女", Relation::kChild),
    word("父母", Relation::kParent),     word("孙子女", Relation::kGrandchild),
    word("兄弟姐妹", Relation::kSibling), word("其他", Relation::kOther)};
constexpr Word kSelfCares[] = {word("full", SelfCare::kFull), word("partial", SelfCare::kPartial),
                               word("none", SelfCare::kNone), word("全自理", SelfCare::kFull),
                               word("半自理", SelfCare::kPartial), word("全护理", SelfCare::kNone)};
constexpr Word kEnrollments[] = {
    word("high_school", Enrollment::kHighSchool), word("university", Enrollment::kUniversity),
    word("高中", Enrollment::kHighSchool), word("大学", Enrollment::kUniversity)};
constexpr Word kApprovals[] = {word("township", Approval::kTownship),
                               word("district", Approval::kDistrict),
                               word("乡镇", Approval::kTownship), word("街道", Approval::kTownship),
                               word("区", Approval::kDistrict)};
constexpr Word kDocuments[] = {word("complete", false), word("pending", true),
                               word("齐全", false), word("待补", true)};

// Why an empty value is missing: the condition under which the column is required.
const Text kAlways{"必填，但为空", "a value is required"};
const Text kForInstitution{"收款方为机构时必填，但为空",
                           "a value is required when payee is institution"};
const Text kForIncome{"救助类别为低保或边缘时必填，但为空",
                      "a value is required when program is dibao or marginal"};
const Text kForHeating{"取暖方式为集中供热时必填，但为空",
                       "a value is required when heating is central"};
const Text kForGrace{"填写了渐退起始月时必填，但为空",
                     "a value is required when grace_start is set"};
const Text kForTekun{"特困人员为是时必填，但为空", "a value is required when tekun is y"};
const Text kForEnrollment{"填写了升学时必填，但为空",
                          "a value is required when enrollment is set"};

// Checks the values of one record after another, collecting the row's issues.
class RowChecker {
 public:
  RowChecker(const std::string& file, std::span<const ColumnSpec> columns,
             std::vector<RowIssue>& issues, StringPool& pool, const ReadOptions& opt)
      : file_(file), columns_(columns), issues_(issues), pool_(pool), opt_(opt) {}

  void start(size_t row, const CsvRecord& rec, std::string_view household_id,
             std::string_view person_id) {
    row_ = row;
    rec_ = &rec;
    household_id_ = household_id;
    person_id_ = person_id;
    rejected_ = false;
  }
  bool rejected() const { return rejected_; }
  /// The pool was cleared: the shared values kept in it are gone.
  void forget() {
    shared_.clear();
    last_run_ = {};
  }
  bool has(size_t c) const { return !rec_->values[c].empty(); }
  /// The value as it stands (unquoted, trimmed), kept in the table's pool.
  std::string_view keep(size_t c) { return pool_.add(rec_->values[c]); }

  /// A BAD_ROW names its household but no person: its fields are not to be trusted that far.
  void bad_row(Text why) {
    person_id_ = {};
    add("BAD_ROW", -1, std::move(why));
  }

  // Column c through a check; an empty value is nullopt (MISSING_VALUE when `need` is given).
  template <class Check>
  auto get(size_t c, const Text* need, Check check) {
    std::string_view v = rec_->values[c];
    decltype(check(v, static_cast<Text*>(nullptr))) result;
    if (v.empty()) {
      if (need) add("MISSING_VALUE", static_cast<int>(c), *need);
      return result;
    }
    Text why;
    result = check(v, &why);
    if (!result) add("BAD_VALUE", static_cast<int>(c), std::move(why));
    return result;
  }
  // Text kept in the table's pool ("" when absent or bad).
  std::string_view text(size_t c, const Text* need) {
    auto v = get(c, need, text_value);
    return v ? pool_.add(*v) : std::string_view();
  }
  std::string_view account(size_t c) {
    auto v = get(c, nullptr, account_value);
    return v ? pool_.add(*v) : std::string_view();
  }
  std::string_view resident_id(size_t c) {
    char buffer[18];
    auto v = get(c, &kAlways, [&](std::string_view s, Text* why) {
      return resident_id_value(s, opt_.month, buffer, why);
    });
    return v ? pool_.add(*v) : std::string_view();
  }
  /// Like keep, for a value that mostly repeats the previous row's (a member's household_id,
  /// members being listed household by household): the previous row's copy serves again.
  std::string_view keep_run(size_t c) {
    const std::string_view v = rec_->values[c];
    if (v != last_run_) last_run_ = pool_.add(v);
    return last_run_;
  }
  /// Like text, for a column of few distinct values (street, community): one copy of each, so
  /// that a roll of millions of rows does not hold millions of copies of a few names.
  std::string_view text_shared(size_t c, const Text* need) {
    auto v = get(c, need, text_value);
    if (!v || v->empty()) return {};
    auto it = shared_.find(*v);
    if (it != shared_.end()) return *it;
    const std::string_view kept = pool_.add(*v);
    shared_.insert(kept);
    return kept;
  }
  template <class E, size_t N>
  std::optional<E> choice(size_t c, const Text* need, const Word (&words)[N]) {
    auto v = get(c, need, [&](std::string_view s, Text* why) { return word_value(s, words, why); });
    return v ? std::optional<E>(static_cast<E>(*v)) : std::nullopt;
  }

 private:
  void add(std::string code, int c, Text why) {
    Issue issue;
    issue.severity = Severity::kError;
    issue.code = std::move(code);
    issue.file = file_;
    issue.line = rec_->line;
    issue.household_id = household_id_;
    issue.person_id = person_id_;
    if (c >= 0) {
      issue.column = columns_[static_cast<size_t>(c)].name;
      issue.value = rec_->values[static_cast<size_t>(c)];
    }
    issue.message = std::move(why);
    issues_.push_back({row_, std::move(issue)});
    rejected_ = true;
  }

  const std::string& file_;
  std::span<const ColumnSpec> columns_;
  std::vector<RowIssue>& issues_;
  StringPool& pool_;
  const ReadOptions& opt_;
  size_t row_ = 0;
  const CsvRecord* rec_ = nullptr;
  std::string_view household_id_, person_id_;
  bool rejected_ = false;
  std::string_view last_run_;
  std::unordered_set<std::string_view> shared_;
};

// The loop every reader shares: a row per record, BAD_ROW ones included, in file order. Each
// row is filled in slot() and handed to done(row, record). With `forget`, the pool is cleared
// before each row: the caller keeps nothing of a row's text past done().
template <class Row, class Fill, class Slot, class Done>
void scan_rows(CsvReader& csv, size_t bytes, const std::string& file, const ReadOptions& opt,
               std::span<const ColumnSpec> columns, size_t household_col, int person_col,
               Fill fill, std::vector<RowIssue>& issues, StringPool& pool, bool forget, Slot slot,
               Done done) {
  if (opt.done_before) csv.on_done_before(opt.done_before);
  RowChecker check(file, columns, issues, pool, opt);
  // The bytes read so far, from where the record begins in the text (exact, but for a
  // converted text, whose size differs a little from the file's).
  ReadTicker ticker(opt.progress, bytes, csv.text().size());
  CsvRecord rec;
  for (size_t index = 0; csv.next(rec); ++index) {
    ticker.tick(static_cast<int64_t>(rec.offset));
    if (forget) {
      pool.clear();
      check.forget();
    }
    std::string_view person = person_col >= 0 ? rec.values[person_col] : std::string_view();
    check.start(index, rec, rec.values[household_col], person);
    Row& row = slot();
    row.line = rec.line;
    if (rec.bad != BadRow::kNone) check.bad_row(csv.bad_row_message(rec));
    fill(row, check, rec.bad == BadRow::kNone);
    row.rejected = check.rejected();
    done(row, rec);
  }
}

template <class Row, class Fill>
Table<Row> read_table(std::string_view bytes, const std::string& name, const ReadOptions& opt,
                      std::span<const ColumnSpec> columns, size_t household_col, int person_col,
                      Fill fill) {
  Table<Row> table;
  table.file = name;
  CsvReader csv(bytes, name, opt.encoding, columns, opt.looked_before);
  table.rows.reserve(csv.max_records());
  scan_rows<Row>(
      csv, bytes.size(), table.file, opt, columns, household_col, person_col, fill, table.issues,
      table.pool, false, [&]() -> Row& { return table.rows.emplace_back(); },
      [](const Row&, const CsvRecord&) {});
  return table;
}

// households.csv
enum HouseholdColumn : size_t {
  kHHouseholdId, kHStreet, kHCommunity, kHArea, kHProgram, kHHeadName, kHHeadId, kHBankAccount,
  kHPayee, kHInstitution, kHMonthlyIncome, kHRigidExpense, kHPreviousIncome, kHClassifiedTier,
  kHHeating, kHHeatedArea, kHGraceStart, kHGraceAmount, kHStatus,
};
constexpr ColumnSpec kHouseholdColumns[] = {
    {"household_id", "户编号", true},       {"street", "街道", true},
    {"community", "社区", true},            {"area", "城乡", true},
    {"program", "救助类别", true},          {"head_name", "户主姓名", true},
    {"head_id", "户主身份证号", true},      {"bank_account", "收款账号", false},
    {"payee", "收款方", false},             {"institution", "供养机构", false},
    {"monthly_income", "家庭月收入", false}, {"rigid_expense", "刚性支出", false},
    {"previous_income", "上月家庭月收入", false}, {"classified_tier", "分类施保类别", false},
    {"heating", "取暖方式", false},         {"heated_area", "供热面积", false},
    {"grace_start", "渐退起始月", false},   {"grace_amount", "渐退保障金", false},
    {"status", "状态", false},
};
static_assert(std::size(kHouseholdColumns) == kHStatus + 1);
static_assert(std::size(kHouseholdColumns) <= kMaxColumns);

// members.csv
enum MemberColumn : size_t {
  kMHouseholdId, kMPersonId, kMName, kMRelation, kMCovered, kMTekun, kMSelfCare,
  kMDisabilityGrade, kMSevereIllness, kMEnrollment, kMEnrollmentYear, kMDeceasedOn,
};
constexpr ColumnSpec kMemberColumns[] = {
    {"household_id", "户编号", true},    {"person_id", "身份证号", true},
    {"name", "姓名", true},              {"relation", "与户主关系", true},
    {"covered", "是否保障对象", true},   {"tekun", "特困人员", false},
    {"self_care", "自理能力", false},    {"disability_grade", "残疾等级", false},
    {"severe_illness", "重病", false},   {"enrollment", "升学", false},
    {"enrollment_year", "升学年份", false}, {"deceased_on", "死亡日期", false},
};
static_assert(std::size(kMemberColumns) == kMDeceasedOn + 1);

// cases.csv
enum CaseColumn : size_t {
  kCCaseId, kCMonth, kCPersonId, kCName, kCHouseholdId, kCStreet, kCCommunity, kCArea, kCPersons,
  kCBankAccount, kCReason, kCAmount, kCApprovedBy, kCAdvance, kCDocuments,
};
constexpr ColumnSpec kCaseColumns[] = {
    {"case_id", "案件编号", true},      {"month", "发放月份", true},
    {"person_id", "身份证号", true},    {"name", "姓名", true},
    {"household_id", "户编号", false},  {"street", "街道", true},
    {"community", "社区", true},        {"area", "城乡", true},
    {"persons", "家庭人口", true},      {"bank_account", "收款账号", false},
    {"reason", "救助事由", true},       {"amount", "救助金额", true},
    {"approved_by", "审批层级", true},  {"advance", "先行救助", false},
    {"documents", "材料", false},
};
static_assert(std::size(kCaseColumns) == kCDocuments + 1);

void fill_household(HouseholdRow& r, RowChecker& ck, bool good) {
  r.household_id = ck.keep(kHHouseholdId);
  if (!good) return;
  ck.get(kHHouseholdId, &kAlways, household_key_value);
  r.street = ck.text_shared(kHStreet, &kAlways);
  r.community = ck.text_shared(kHCommunity, &kAlways);
  auto area = ck.choice<Area>(kHArea, &kAlways, kAreas);
  auto program = ck.choice<Program>(kHProgram, &kAlways, kPrograms);
  r.head_name = ck.text(kHHeadName, &kAlways);
  r.head_id = ck.resident_id(kHHeadId);
  r.bank_account = ck.account(kHBankAccount);
  auto payee = ck.choice<Payee>(kHPayee, nullptr, kPayees);
  bool institution = payee == Payee::kInstitution;
  r.institution =
      ck.text_shared(kHInstitution, institution ? &kForInstitution : nullptr);
  bool needs_income = program == Program::kDibao || program == Program::kMarginal;
  r.monthly_income = ck.get(kHMonthlyIncome, needs_income ? &kForIncome : nullptr,
                            money_value);
  r.rigid_expense = ck.get(kHRigidExpense, nullptr, money_value).value_or(Money());
  r.previous_income = ck.get(kHPreviousIncome, nullptr, money_value);
  r.classified_tier = ck.get(kHClassifiedTier, nullptr, tier_value).value_or(0);
  auto heating = ck.choice<Heating>(kHHeating, nullptr, kHeatings);
  bool central = heating == Heating::kCentral;
  r.heated_area = ck.get(kHHeatedArea, central ? &kForHeating : nullptr, area_value);
  bool grace = ck.has(kHGraceStart);
  r.grace_start = ck.get(kHGraceStart, nullptr, month_value);
  r.grace_amount = ck.get(kHGraceAmount, grace ? &kForGrace : nullptr, money_value);
  auto status = ck.choice<Status>(kHStatus, nullptr, kStatuses);
  r.area = area.value_or(Area::kUrban);
  r.program = program.value_or(Program::kDibao);
  r.payee = payee.value_or(Payee::kHousehold);
  r.heating = heating.value_or(Heating::kNone);
  r.status = status.value_or(Status::kActive);
}

void fill_member(MemberRow& r, RowChecker& ck, bool good) {
  r.household_id = ck.keep_run(kMHouseholdId);
  if (!good) return;
  ck.get(kMHouseholdId, &kAlways, text_value);
  r.person_id = ck.resident_id(kMPersonId);
  if (!r.person_id.empty()) r.birth = id_birth_date(r.person_id);
  r.name = ck.text(kMName, &kAlways);
  r.relation = ck.choice<Relation>(kMRelation, &kAlways, kRelations).value_or(Relation::kOther);
  r.covered = ck.get(kMCovered, &kAlways, flag_value).value_or(false);
  r.tekun = ck.get(kMTekun, nullptr, flag_value).value_or(false);
  r.self_care = ck.choice<SelfCare>(kMSelfCare, r.tekun ? &kForTekun : nullptr, kSelfCares);
  r.disability_grade = ck.get(kMDisabilityGrade, nullptr, grade_value).value_or(0);
  r.severe_illness = ck.get(kMSevereIllness, nullptr, flag_value).value_or(false);
  bool enrolled = ck.has(kMEnrollment);
  r.enrollment =
      ck.choice<Enrollment>(kMEnrollment, nullptr, kEnrollments).value_or(Enrollment::kNone);
  r.enrollment_year =
      ck.get(kMEnrollmentYear, enrolled ? &kForEnrollment : nullptr, year_value).value_or(0);
  r.deceased_on = ck.get(kMDeceasedOn, nullptr, date_value);
}

}  // namespace

HouseholdTable read_households(std::string_view bytes, const std::string& name,
                               const ReadOptions& opt) {
  return read_table<HouseholdRow>(bytes, name, opt, kHouseholdColumns, kHHouseholdId, -1,
                                  fill_household);
}

MemberTable read_members(std::string_view bytes, const std::string& name, const ReadOptions& opt) {
  return read_table<MemberRow>(bytes, name, opt, kMemberColumns, kMHouseholdId, kMPersonId,
                               fill_member);
}

CaseTable read_cases(std::string_view bytes, const std::string& name, const ReadOptions& opt) {
  return read_table<CaseRow>(
      bytes, name, opt, kCaseColumns, kCHouseholdId, kCPersonId,
      [&](CaseRow& r, RowChecker& ck, bool good) {
        r.case_id = ck.keep(kCCaseId);
        r.household_id = ck.keep(kCHouseholdId);
        if (!good) return;
        ck.get(kCCaseId, &kAlways, text_value);
        r.month = ck.get(kCMonth, &kAlways, month_value).value_or(YearMonth());
        r.person_id = ck.resident_id(kCPersonId);
        r.name = ck.text(kCName, &kAlways);
        ck.get(kCHouseholdId, nullptr, text_value);
        r.street = ck.text(kCStreet, &kAlways);
        r.community = ck.text(kCCommunity, &kAlways);
        r.area = ck.choice<Area>(kCArea, &kAlways, kAreas).value_or(Area::kUrban);
        r.persons = ck.get(kCPersons, &kAlways, persons_value).value_or(1);
        r.bank_account = ck.account(kCBankAccount);
        r.reason = ck.text(kCReason, &kAlways);
        r.amount = ck.get(kCAmount, &kAlways, positive_money_value).value_or(Money());
        r.approved_by =
            ck.choice<Approval>(kCApprovedBy, &kAlways, kApprovals).value_or(Approval::kDistrict);
        r.advance = ck.get(kCAdvance, nullptr, flag_value).value_or(false);
        r.documents_pending = ck.get(kCDocuments, nullptr, [](std::string_view s, Text* why) {
                                return word_value(s, kDocuments, why);
                              }).value_or(0) != 0;
      });
}

namespace {
template <class Row, class Fill>
ScannedExport scan_export(std::string_view bytes, const std::string& name, const ReadOptions& opt,
                          std::span<const ColumnSpec> columns, size_t household_col,
                          int person_col, Fill fill, std::vector<RowIssue>& issues,
                          StreamedRows& rows) {
  CsvReader csv(bytes, name, opt.encoding, columns, opt.looked_before);
  StringPool pool;  // one row's text at a time
  Row scratch;
  scan_rows<Row>(
      csv, bytes.size(), name, opt, columns, household_col, person_col, fill, issues, pool, true,
      [&]() -> Row& { return scratch = Row(); },
      [&](const Row& row, const CsvRecord& rec) { rows.add(row, rec.offset); });
  ScannedExport out;
  out.positions = csv.positions();
  out.fields = csv.field_count();
  out.bytes = bytes.size();
  out.converted = csv.converted();
  if (!out.converted) out.skip = static_cast<size_t>(csv.text().data() - bytes.data());
  if (out.converted) out.text = csv.take_converted();
  return out;
}

template <class Row, class Fill>
void refill_row(const CsvRecord& rec, const std::string& file, const ReadOptions& opt,
                std::span<const ColumnSpec> columns, size_t household_col, int person_col,
                Fill fill, StringPool& pool, Row& row) {
  std::vector<RowIssue> issues;  // found the first time; a row fetched again has none
  RowChecker check(file, columns, issues, pool, opt);
  std::string_view person = person_col >= 0 ? rec.values[person_col] : std::string_view();
  check.start(0, rec, rec.values[household_col], person);
  row = Row();
  row.line = rec.line;
  fill(row, check, true);
  row.rejected = check.rejected();
}
}  // namespace

ScannedExport scan_households(std::string_view bytes, const std::string& name,
                              const ReadOptions& opt, StreamedRows& rows) {
  return scan_export<HouseholdRow>(bytes, name, opt, kHouseholdColumns, kHHouseholdId, -1,
                                   fill_household, rows.household_issues_to_fill(), rows);
}

ScannedExport scan_members(std::string_view bytes, const std::string& name,
                           const ReadOptions& opt, StreamedRows& rows) {
  return scan_export<MemberRow>(bytes, name, opt, kMemberColumns, kMHouseholdId, kMPersonId,
                                fill_member, rows.member_issues_to_fill(), rows);
}

void refill(const CsvRecord& rec, const std::string& file, const ReadOptions& opt,
            StringPool& pool, HouseholdRow& row) {
  refill_row(rec, file, opt, kHouseholdColumns, kHHouseholdId, -1, fill_household, pool, row);
}

void refill(const CsvRecord& rec, const std::string& file, const ReadOptions& opt,
            StringPool& pool, MemberRow& row) {
  refill_row(rec, file, opt, kMemberColumns, kMHouseholdId, kMPersonId, fill_member, pool, row);
}

}  // namespace benefitroll
