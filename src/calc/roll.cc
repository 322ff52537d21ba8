#include "calc/roll.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cassert>
#include <condition_variable>
#include <exception>
#include <iterator>
#include <limits>
#include <span>
#include <stdexcept>
#include <mutex>
#include <functional>
#include <map>
#include <optional>
#include <thread>
#include <unordered_map>

#include "core/parallel.h"
#include "core/resident_id.h"

namespace benefitroll {

std::string_view to_string(Outcome o) {
  switch (o) {
    case Outcome::kPaid: return "paid";
    case Outcome::kHeld: return "held";
    case Outcome::kNotPaid: return "not_paid";
    case Outcome::kRejected: return "rejected";
  }
  return "";
}

RuleRefs RuleRefs::of(const MonthRules& r) {
  RuleRefs x;
  auto set = [](std::string& s, const auto& t) {
    if (t) s = t->ref.str();
  };
  set(x.dibao, r.dibao);
  set(x.tekun, r.tekun);
  set(x.price_subsidy, r.price_subsidy);
  set(x.benefit_card, r.benefit_card);
  set(x.utilities, r.utilities);
  set(x.heating, r.heating);
  set(x.holiday, r.holiday);
  set(x.insurance_premium, r.insurance_premium);
  set(x.education, r.education);
  set(x.fee_waiver, r.fee_waiver);
  set(x.temporary, r.temporary);
  return x;
}

namespace {

int file_rank(const std::string& f) {
  if (f == "households.csv") return 0;
  if (f == "members.csv") return 1;
  if (f == "cases.csv") return 2;
  return 3;
}

// exceptions.csv order (outputs.md) among the rows with a file: by file, line, code.
bool file_less(const Issue& a, const Issue& b) {
  if (a.file != b.file) return file_rank(a.file) < file_rank(b.file);
  if (a.line != b.line) return a.line < b.line;
  return a.code < b.code;
}

// ... and among the others, which follow them: by household_id, code, person_id.
bool household_less(const Issue& a, const Issue& b) {
  if (a.household_id != b.household_id) return a.household_id < b.household_id;
  if (a.code != b.code) return a.code < b.code;
  return a.person_id < b.person_id;
}

// A stable sort by pointer, then one move of each issue into place: an Issue is large, and a
// stable sort of the issues themselves would move each of them some twenty times on a large
// roll.
template <class Less>
void stable_sort_issues(std::vector<Issue>& v, Less less) {
  if (std::is_sorted(v.begin(), v.end(), less)) return;
  std::vector<Issue*> order(v.size());
  for (size_t i = 0; i < v.size(); ++i) order[i] = &v[i];
  std::stable_sort(order.begin(), order.end(),
                   [&](const Issue* a, const Issue* b) { return less(*a, *b); });
  std::vector<Issue> sorted;
  sorted.reserve(v.size());
  for (Issue* i : order) sorted.push_back(std::move(*i));
  v = std::move(sorted);
}


constexpr int kNone = -1;
constexpr int kRejectedId = -2;

Issue household_issue(Severity sev, std::string code, std::string_view household_id,
                      std::string_view person_id, Text message) {
  Issue i;
  i.severity = sev;
  i.code = std::move(code);
  i.household_id = std::string(household_id);
  i.person_id = std::string(person_id);
  i.message = std::move(message);
  return i;
}

// Holds found before any amount is computed (rules.md "What is held").
struct HouseholdFlags {
  bool member_rejected = false;  // its lines: in the roll's table of rejected member lines
  bool duplicate_person = false;
  bool tekun_and_dibao = false;
};

// What one household gives; filled by compute_household, on any thread.
struct HouseholdOut {
  CalcResult calc;
  std::vector<Issue> issues;
  std::vector<WatchRow> watch;
  Outcome outcome = Outcome::kNotPaid;
  int counted = 0;
  // One HouseholdOut serves a thread's households in turn: cleared, its capacity kept.
  void reset() {
    calc.lines.clear();
    calc.findings.clear();
    calc.watch.clear();
    issues.clear();
    watch.clear();
    outcome = Outcome::kNotPaid;
    counted = 0;
  }
};

// Each household's accepted member rows (members.csv row indices), in file order, in one array
// (one allocation for the whole roll instead of one per household).
struct MemberIndex {
  std::vector<uint32_t> start;  // household hi's members are rows[start[hi], start[hi + 1])
  std::vector<uint32_t> rows;
  std::span<const uint32_t> of(size_t hi) const {
    return {rows.data() + start[hi], rows.data() + start[hi + 1]};
  }
};

// The cross-row checks over millions of keys go in this many parts, one at a time.
constexpr uint64_t kParts = 8;

// The persons listed more than once (in two households or twice in one), as distinct (person,
// household row) pairs in order. An accepted member's person_id is a valid resident ID, so its
// first 17 digits identify it (the 18th is their check character): the ids are sorted as
// integers, with no hash table and no string comparison for the millions that are unique, and
// only the few that repeat are looked at again with their households.
std::vector<std::pair<uint64_t, int>> repeated_persons(const MonthRows& rows,
                                                       const MemberIndex& members,
                                                       size_t households) {
  // In kParts passes, each over the ids of one part (id % kParts): no array of every member's
  // id is made (a roll of millions of members stays small).
  std::vector<uint64_t> repeated, ids;
  for (uint64_t part = 0; part < kParts; ++part) {
    ids.clear();
    for (uint32_t j : members.rows) {
      const uint64_t id = rows.member(j).person;
      if (id % kParts == part) ids.push_back(id);
    }
    std::sort(ids.begin(), ids.end());
    for (size_t k = 1; k < ids.size(); ++k)
      if (ids[k] == ids[k - 1] && (repeated.empty() || repeated.back() != ids[k]))
        repeated.push_back(ids[k]);
  }
  std::vector<uint64_t>().swap(ids);
  std::sort(repeated.begin(), repeated.end());
  std::vector<std::pair<uint64_t, int>> out;
  if (repeated.empty()) return out;
  for (size_t hi = 0; hi < households; ++hi)
    for (uint32_t j : members.of(hi)) {
      const uint64_t id = rows.member(j).person;
      if (std::binary_search(repeated.begin(), repeated.end(), id))
        out.emplace_back(id, static_cast<int>(hi));
    }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

template <class T>
void append(std::vector<T>& to, std::vector<T>&& from) {
  if (to.empty() && to.capacity() <= from.capacity()) {  // nothing reserved to keep
    to = std::move(from);
    return;
  }
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  std::vector<T>().swap(from);
}

// Every households.csv row with a household_id, sorted by (id, row): the rows of an id are
// found by a binary search, and the ids on one row only, in order, are the roll's order.
class IdIndex {
 public:
  struct Entry {  // 16 bytes: a string_view and a row would take 24
    const char* data;
    uint32_t size;
    uint32_t row;
    std::string_view id() const { return {data, size}; }
  };
  explicit IdIndex(const MonthRows& rows) {
    const size_t n = rows.household_count();
    if (n > std::numeric_limits<uint32_t>::max())
      throw std::length_error("more households than one roll takes");
    entries_.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      const std::string_view id = rows.household(i).household_id;
      if (id.size() > std::numeric_limits<uint32_t>::max())
        throw std::length_error("a household_id longer than one roll takes");
      if (!id.empty())
        entries_.push_back({id.data(), static_cast<uint32_t>(id.size()), static_cast<uint32_t>(i)});
    }
    std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
      const std::string_view x = a.id(), y = b.id();
      return x != y ? x < y : a.row < b.row;
    });
  }
  /// The rows holding id, in file order; empty when none does.
  std::span<const Entry> rows_of(std::string_view id) const {
    auto lo = std::lower_bound(entries_.begin(), entries_.end(), id,
                               [](const Entry& e, std::string_view k) { return e.id() < k; });
    auto hi = lo;
    while (hi != entries_.end() && hi->id() == id) ++hi;
    return {lo, hi};
  }
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  std::vector<Entry> entries_;
};

HoldReason first_hold(const HouseholdFlags& f) {
  if (f.member_rejected) return HoldReason::kMemberRejected;
  if (f.duplicate_person) return HoldReason::kDuplicatePerson;
  if (f.tekun_and_dibao) return HoldReason::kTekunAndDibao;
  return HoldReason::kNone;
}

// Everything the households share: the month's rules and facts.
struct MonthContext {
  const MonthRules& rules;
  const RuleRefs& refs;
  const Meta& meta;
  const PriceMonth& price;
};

void compute_household(const HouseholdView& v, const HouseholdFlags& flags,
                       const MonthContext& ctx, HouseholdOut& out) {
  const MonthRules& rules = ctx.rules;
  const RuleRefs& refs = ctx.refs;
  const HouseholdRow& h = *v.row;
  const YearMonth m = rules.month;
  out.reset();
  const bool regular = h.program == Program::kDibao || h.program == Program::kTekun;
  const Money s = rules.standard(h.area);
  const DibaoRules& d = rules.dibao->params;

  // Deaths of covered and tekun members of dibao and tekun households, whatever the status.
  if (regular) {
    for (const MemberRow* mem : v.members) {
      if (!mem->covered && !mem->tekun) continue;
      if (!is_living(*mem, m)) {
        out.issues.push_back(household_issue(
            Severity::kReview, "DECEASED_IN_ROLL", h.household_id, mem->person_id,
            {fmt::format("保障对象已于{}死亡，仍在名册中：不计入", mem->deceased_on->str()),
             fmt::format("died on {}, before the month, still on the roll: not counted",
                         mem->deceased_on->str())}));
      } else if (died_in(*mem, m)) {
        out.issues.push_back(household_issue(
            Severity::kInfo, "DIED_THIS_MONTH", h.household_id, mem->person_id,
            {fmt::format("于{}死亡：本月计入，为最后一个月", mem->deceased_on->str()),
             fmt::format("died on {}: counted this month, the last", mem->deceased_on->str())}));
      }
    }
  }

  // Income drop, for any household not rejected.
  if (h.previous_income && h.previous_income->positive() && h.monthly_income) {
    const Decimal keep = Decimal::units(Decimal::kScale - d.income_drop_ratio.units());
    if (compare_with_product(*h.monthly_income, *h.previous_income, keep) <= 0) {
      WatchRow w;
      w.code = "INCOME_DROP";
      w.message = {fmt::format("家庭月收入由 {} 降至 {}", h.previous_income->str(),
                               h.monthly_income->str()),
                   fmt::format("monthly income fell from {} to {}", h.previous_income->str(),
                               h.monthly_income->str())};
      out.watch.push_back(std::move(w));
    }
  }

  if (h.status == Status::kSuspended) {
    out.issues.push_back(household_issue(Severity::kInfo, "SUSPENDED", h.household_id, {},
                                         {"本户本月暂停发放", "suspended this month: not paid"}));
  } else if (h.program == Program::kMarginal) {
    const int n = v.living;
    if (n >= 1) {
      const AssessedIncome ai = assessed_income(h, s, n, d);
      if (compare_with_product(ai.income, s * n, d.monitor_ratio) < 0) {
        WatchRow w;
        w.code = "AT_RISK";
        w.message = {fmt::format("核算收入 {} 低于 {}×{}×{}", ai.income.str(),
                                 d.monitor_ratio.str(), s.str(), n),
                     fmt::format("assessed income {} is below {}×{}×{}", ai.income.str(),
                                 d.monitor_ratio.str(), s.str(), n)};
        out.watch.push_back(std::move(w));
      }
    }
  } else if (h.program == Program::kDibao || h.program == Program::kTekun) {
    Eligibility e;
    e.at_home = h.payee == Payee::kHousehold;
    if (h.program == Program::kDibao) {
      calc_dibao(v, rules, refs, out.calc);
      e.paid_dibao = !out.calc.lines.empty();  // a dibao or dibao_grace line, paid or held
      e.counted = out.counted = v.covered_living;
    } else {
      calc_tekun(v, rules, refs, out.calc);
      e.tekun = v.tekun_living > 0;
      e.counted = out.counted = v.tekun_living;
    }
    calc_subsidies(v, e, rules, ctx.price, refs, ctx.meta, out.calc);
  }

  // Payees of the household's cash lines (premiums go to the insurer, set by the calculator).
  for (Line& l : out.calc.lines) {
    l.persons = out.counted;
    l.area_known = true;
    l.area = h.area;
    if (l.form == Form::kCash) {
      if (h.payee == Payee::kInstitution) {
        l.payee_name = h.institution;
      } else {
        l.payee_name = h.head_name;
        l.payee_id = h.head_id;
      }
      l.payee_account = h.bank_account;
    }
  }

  // Holds.
  const HoldReason household_hold = first_hold(flags);
  bool missing_account = false;
  for (const Line& l : out.calc.lines)
    if (l.form == Form::kCash && h.bank_account.empty()) missing_account = true;
  if (missing_account) {
    out.issues.push_back(household_issue(
        Severity::kHold, "MISSING_ACCOUNT", h.household_id, {},
        {h.payee == Payee::kInstitution ? "供养机构无收款账号：现金项目暂缓发放"
                                        : "无收款账号：现金项目暂缓发放",
         h.payee == Payee::kInstitution
             ? "the care institution has no bank_account: cash lines held"
             : "no bank_account: cash lines held"}));
  }
  bool any_held = household_hold != HoldReason::kNone || missing_account;
  bool any_paid = false;
  for (Line& l : out.calc.lines) {
    if (household_hold != HoldReason::kNone)
      l.hold = household_hold;
    else if (missing_account && l.form == Form::kCash)
      l.hold = HoldReason::kMissingAccount;
    if (l.hold != HoldReason::kNone)
      any_held = true;
    else
      any_paid = true;
  }
  out.outcome = any_held ? Outcome::kHeld : any_paid ? Outcome::kPaid : Outcome::kNotPaid;
  if (out.outcome == Outcome::kNotPaid) out.counted = 0;

  for (const Finding& f : out.calc.findings) {
    Severity sev = Severity::kReview;
    out.issues.push_back(household_issue(sev, f.code, h.household_id, f.person_id, f.message));
  }
  for (WatchEntry& w : out.calc.watch) {
    WatchRow r;
    r.code = w.code;
    r.message = std::move(w.message);
    out.watch.push_back(std::move(r));
  }
  // Watch-list rows share the household's facts.
  for (WatchRow& w : out.watch) {
    w.household_id = h.household_id;
    w.street = h.street;
    w.community = h.community;
    w.program = h.program;
    w.persons = v.living;
    w.standard = s;
    if (h.monthly_income && v.living > 0) {
      const AssessedIncome ai = assessed_income(h, s, v.living, d);
      w.per_capita_income = multiply_ratio(ai.income, 1, v.living, {});
    }
  }
  std::sort(out.calc.lines.begin(), out.calc.lines.end(), ledger_less);
  // watchlist.csv order within the household (the households come in household_id order).
  std::stable_sort(out.watch.begin(), out.watch.end(),
                   [](const WatchRow& a, const WatchRow& b) { return a.code < b.code; });
}


Issue case_issue(Severity sev, std::string code, const CaseTable& cs, const CaseRow& c, Text msg) {
  Issue i;
  i.severity = sev;
  i.code = std::move(code);
  i.file = cs.file;
  i.line = c.line;
  i.household_id = std::string(c.household_id);
  i.person_id = std::string(c.person_id);
  i.message = std::move(msg);
  return i;
}

// Temporary assistance (rules.md "[[temporary]]"): each case row in order, its checks and its
// line, paid or held. Case lines never change a household's outcome.
void process_cases(const CaseTable& cs, const std::function<bool(std::string_view)>& on_a_row,
                   const std::function<std::optional<Area>(std::string_view)>& area_of,
                   const MonthRules& month, const RuleRefs& refs, const std::string& rules_file,
                   CaseCounts& n, std::vector<Issue>& exceptions, std::vector<Line>& paid,
                   std::vector<Line>& held) {
  n.rows = static_cast<int64_t>(cs.rows.size());
  std::unordered_map<std::string_view, int> id_count;
  for (const CaseRow& c : cs.rows)
    if (!c.case_id.empty()) ++id_count[c.case_id];
  for (const RowIssue& ri : cs.issues) exceptions.push_back(ri.issue);
  for (const CaseRow& c : cs.rows) {
    bool rejected = c.rejected;
    if (!c.case_id.empty() && id_count[c.case_id] > 1) {
      rejected = true;
      exceptions.push_back(case_issue(
          Severity::kError, "DUPLICATE_CASE", cs, c,
          {fmt::format("案件编号在 cases.csv 中出现 {} 次：每一行均不予受理", id_count[c.case_id]),
           fmt::format("case_id appears on {} rows of cases.csv: every one is rejected",
                       id_count[c.case_id])}));
    }
    if (!c.household_id.empty() && !on_a_row(c.household_id)) {
      rejected = true;
      exceptions.push_back(case_issue(
          Severity::kError, "UNKNOWN_HOUSEHOLD", cs, c,
          {"案件所属户编号不在 households.csv 中：不予受理",
           "the case's household_id is on no row of households.csv: rejected"}));
    }
    if (rejected) {
      ++n.rejected;
      continue;
    }
    if (!(c.month == month.month)) {
      ++n.other_month;
      exceptions.push_back(case_issue(
          Severity::kInfo, "CASE_OTHER_MONTH", cs, c,
          {fmt::format("发放月份为 {}，不在本月发放", c.month.str()),
           fmt::format("a case for {}: not paid now", c.month.str())}));
      continue;
    }
    if (!month.temporary)
      throw FatalError(rules_file, 0, 0,
                       fmt::format("cases.csv has a case for {} but no [[temporary]] version is in "
                                   "effect for that month",
                                   month.month.str()));
    const TemporaryRules& t = month.temporary->params;
    HoldReason hold = HoldReason::kNone;
    auto set_hold = [&](HoldReason r) {
      if (hold == HoldReason::kNone) hold = r;
    };
    // cap: cap_months × S × persons, S of the case's area
    const Money cap = month.standard(c.area) * t.cap_months * c.persons;
    if (c.amount > cap) {
      set_hold(HoldReason::kCaseAboveCap);
      exceptions.push_back(case_issue(
          Severity::kHold, "CASE_ABOVE_CAP", cs, c,
          {fmt::format("救助金额 {} 超过上限 {}×{}×{}={}", c.amount.str(), t.cap_months,
                       month.standard(c.area).str(), c.persons, cap.str()),
           fmt::format("amount {} is above the cap {}×{}×{}={}", c.amount.str(), t.cap_months,
                       month.standard(c.area).str(), c.persons, cap.str())}));
    }
    if (c.approved_by == Approval::kTownship && t.township_limit && c.amount > *t.township_limit) {
      set_hold(HoldReason::kCaseNeedsApproval);
      exceptions.push_back(case_issue(
          Severity::kHold, "CASE_NEEDS_APPROVAL", cs, c,
          {fmt::format("乡镇（街道）审批金额 {} 超过其审批权限 {}，须经区级审批", c.amount.str(),
                       t.township_limit->str()),
           fmt::format("approved by a township for {}, above its limit {}: the district must "
                       "approve it",
                       c.amount.str(), t.township_limit->str())}));
    }
    if (c.bank_account.empty()) {
      set_hold(HoldReason::kMissingAccount);
      exceptions.push_back(case_issue(Severity::kHold, "MISSING_ACCOUNT", cs, c,
                                          {"申请人无收款账号：暂缓发放",
                                           "the applicant has no bank_account: held"}));
    }
    if (c.advance && c.documents_pending) {
      exceptions.push_back(case_issue(
          Severity::kReview, "ADVANCE_PENDING", cs, c,
          {hold == HoldReason::kNone ? "先行救助，材料待补：已发放，请督促补齐材料"
                                     : "先行救助，材料待补：本案暂缓发放",
           hold == HoldReason::kNone ? "advance aid with documents pending: paid, documents "
                                       "to follow"
                                     : "advance aid with documents pending: held"}));
    }
    Line l;
    l.item = Item::kTemporary;
    l.form = Form::kCash;
    l.hold = hold;
    l.household_id = c.household_id;
    l.person_id = c.person_id;
    l.street = c.street;
    l.community = c.community;
    l.payee_name = c.name;
    l.payee_account = c.bank_account;
    l.payee_id = c.person_id;
    l.ref = c.case_id;
    l.rule = &refs.temporary;
    l.amount = c.amount;
    l.persons = 1;
    if (auto a = area_of(c.household_id)) {
      l.area_known = true;
      l.area = *a;
    }
    l.basis.kind = Basis::Kind::kStandard;
    l.basis.a = c.amount;
    if (hold == HoldReason::kNone) {
      ++n.paid;
      paid.push_back(l);
    } else {
      ++n.held;
      held.push_back(l);
    }
  }
  std::stable_sort(paid.begin(), paid.end(), ledger_less);
  std::stable_sort(held.begin(), held.end(), ledger_less);
}

// Without a sink of the caller's, the lines are gathered into RollResult's vectors.
class CollectSink final : public LedgerSink {
 public:
  // Room for as many lines of each ledger as there are people, up front, so that no ledger
  // grows by copying itself (reserved memory that is never written costs no physical memory;
  // a roll with more lines still works, it only grows).
  CollectSink(RollResult& out, size_t people) : out_(out) {
    out_.payments.reserve(people);
    out_.subsidies.reserve(2 * people);
    out_.held.reserve(people / 4);
  }
  void start(size_t) override {}
  void prepare(size_t, LedgerBlock&) override {}
  void consume(LedgerBlock& b) override {
    out_.payments.insert(out_.payments.end(), b.payments.begin(), b.payments.end());
    out_.subsidies.insert(out_.subsidies.end(), b.subsidies.begin(), b.subsidies.end());
    out_.held.insert(out_.held.end(), b.held.begin(), b.held.end());
    for (Issue& i : b.issues) out_.exceptions.push_back(std::move(i));
    for (WatchRow& w : b.watch) out_.watchlist.push_back(std::move(w));
  }

 private:
  RollResult& out_;
};

}  // namespace

void run_roll(const RollInput& in, const Rules& rules, const MonthRules& month, int jobs,
              RollResult& out) {
  std::optional<TableRows> tables;
  const MonthRows& rows = in.rows ? *in.rows : tables.emplace(*in.households, *in.members);
  const size_t nh = rows.household_count(), nm = rows.member_count();
  out.refs = std::make_unique<RuleRefs>(RuleRefs::of(month));
  const RuleRefs& refs = *out.refs;
  std::vector<Issue>& ex = out.exceptions;

  // 1. Household ids: duplicates and rejected rows. An id on two or more rows rejects every
  // one of them.
  const IdIndex ids(rows);
  out.household_outcome.assign(nh, Outcome::kNotPaid);
  {
    std::vector<std::pair<uint32_t, size_t>> duplicates;  // (row, rows with its id)
    const auto& e = ids.entries();
    for (size_t b = 0; b < e.size();) {
      size_t end = b + 1;
      while (end < e.size() && e[end].id() == e[b].id()) ++end;
      if (end - b > 1)
        for (size_t k = b; k < end; ++k) duplicates.emplace_back(e[k].row, end - b);
      b = end;
    }
    std::sort(duplicates.begin(), duplicates.end());
    for (const auto& [i, count] : duplicates) {
      const HouseholdKey h = rows.household(i);
      Issue is;
      is.severity = Severity::kError;
      is.code = "DUPLICATE_HOUSEHOLD";
      is.file = rows.household_file();
      is.line = h.line;
      is.household_id = std::string(h.household_id);
      is.message = {fmt::format("户编号在 households.csv 中出现 {} 次：每一行均不予受理", count),
                    fmt::format("household_id appears on {} rows of households.csv: every one "
                                "is rejected",
                                count)};
      ex.push_back(std::move(is));
      out.household_outcome[i] = Outcome::kRejected;
    }
  }
  for (size_t i = 0; i < nh; ++i)
    if (rows.household(i).rejected) out.household_outcome[i] = Outcome::kRejected;
  for (const RowIssue& ri : rows.household_issues()) ex.push_back(ri.issue);
  // An id's row, or kRejectedId when a row with that id is rejected (duplicates included), or
  // kNone when it is on no row.
  auto find_id = [&](std::string_view id) -> int {
    const auto on = ids.rows_of(id);
    if (on.empty()) return kNone;
    if (on.size() > 1 || out.household_outcome[on.front().row] == Outcome::kRejected)
      return kRejectedId;
    return static_cast<int>(on.front().row);
  };

  // 2. Members: attach accepted ones to their household.
  std::vector<HouseholdFlags> flags(nh);
  // The lines of the rejected member rows of each household that has any (few): household row
  // -> members.csv lines, in file order.
  std::map<size_t, std::vector<int64_t>> rejected_member_lines;
  MemberIndex members;
  int64_t members_rejected = 0;
  {
    if (nm > std::numeric_limits<uint32_t>::max())
      throw std::length_error("more members than one roll takes");
    std::vector<int> member_household(nm, kNone);
    members.start.assign(nh + 1, 0);
    const std::vector<RowIssue>& issues = rows.member_issues();
    size_t next_issue = 0;
    // An export lists a household's members one after another: the last lookup is tried first.
    std::string_view last_id;
    int last = kNone;
    for (size_t j = 0; j < nm; ++j) {
      const MemberKey m = rows.member(j);
      const size_t first = next_issue;
      while (next_issue < issues.size() && issues[next_issue].row == j) ++next_issue;
      int hi = kNone;
      if (!m.household_id.empty()) {
        if (m.household_id != last_id || last_id.empty()) {
          last_id = m.household_id;
          last = find_id(m.household_id);
        }
        hi = last;
      }
      if (hi == kRejectedId) {
        ++members_rejected;  // takes its household's outcome, writes nothing
        continue;
      }
      for (size_t k = first; k < next_issue; ++k) ex.push_back(issues[k].issue);
      if (hi == kNone) {
        ++members_rejected;
        if (!m.household_id.empty()) {
          Issue is;
          is.severity = Severity::kError;
          is.code = "UNKNOWN_HOUSEHOLD";
          is.file = rows.member_file();
          is.line = m.line;
          is.household_id = std::string(m.household_id);
          if (m.person != 0) is.person_id = person_id_of(m.person);
          is.message = {"成员所属户编号不在 households.csv 中：不予受理",
                        "the member's household_id is on no row of households.csv: rejected"};
          ex.push_back(std::move(is));
        }
        continue;
      }
      if (m.rejected) {
        ++members_rejected;
        flags[static_cast<size_t>(hi)].member_rejected = true;
        rejected_member_lines[static_cast<size_t>(hi)].push_back(m.line);
        continue;
      }
      member_household[j] = hi;
      ++members.start[static_cast<size_t>(hi) + 1];
    }
    for (size_t hi = 0; hi < nh; ++hi) members.start[hi + 1] += members.start[hi];
    members.rows.resize(members.start.back());
    std::vector<uint32_t> fill(members.start.begin(), members.start.end() - 1);
    for (size_t j = 0; j < nm; ++j)
      if (member_household[j] != kNone)
        members.rows[fill[static_cast<size_t>(member_household[j])]++] = static_cast<uint32_t>(j);
  }

  // 3. Persons: duplicates across and within households; covered and tekun at once.
  // 4. Shared accounts among households paid at home.
  // Independent of each other: side by side, their issues gathered in that order.
  std::vector<Issue> ex_persons, ex_accounts;
  side_by_side(
      jobs,
      [&] {
        for (const auto& [person, hi] : repeated_persons(rows, members, nh)) {
          flags[static_cast<size_t>(hi)].duplicate_person = true;
          ex_persons.push_back(household_issue(
              Severity::kHold, "DUPLICATE_PERSON",
              rows.household(static_cast<size_t>(hi)).household_id, person_id_of(person),
              {"同一身份证号在多个家庭或同一家庭中重复出现：本户暂缓发放",
               "the same person_id is listed more than once (in two households or twice in one): "
               "household held"}));
        }
        for (size_t hi = 0; hi < nh; ++hi)
          for (uint32_t j : members.of(hi)) {
            const MemberKey m = rows.member(j);
            if (m.covered && m.tekun) {
              flags[hi].tekun_and_dibao = true;
              ex_persons.push_back(household_issue(
                  Severity::kHold, "TEKUN_AND_DIBAO", rows.household(hi).household_id,
                  person_id_of(m.person),
                  {"同一人既是低保保障对象又是特困人员：本户暂缓发放",
                   "a person is marked both covered (dibao) and tekun: household held"}));
            }
          }
        for (const auto& [hi, member_lines] : rejected_member_lines) {
          std::string lines;
          for (int64_t l : member_lines)
            lines += (lines.empty() ? "" : ", ") + std::to_string(l);
          ex_persons.push_back(household_issue(
              Severity::kHold, "MEMBER_REJECTED", rows.household(hi).household_id, {},
              {fmt::format("members.csv 第 {} 行成员记录不予受理：本户人数与金额无法确定，暂缓发放", lines),
               fmt::format("member row(s) at members.csv line {} rejected: household size and "
                           "amounts unknown, household held",
                           lines)}));
        }
      },
      [&] {
        // Accounts are compared by a hash first; only the rows whose hash repeats (few) are
        // read again for the account itself.
        std::vector<std::pair<uint64_t, uint32_t>> hashes;
        std::vector<std::pair<std::string, uint32_t>> shared;  // (account, household row)
        std::unique_ptr<RowFetch> fetch = rows.fetch();
        for (uint64_t part = 0; part < kParts; ++part) {  // one part of the hashes at a time
          hashes.clear();
          for (size_t hi = 0; hi < nh; ++hi) {
            if (out.household_outcome[hi] == Outcome::kRejected) continue;
            const HouseholdKey h = rows.household(hi);
            if (h.payee != Payee::kHousehold || h.account_hash == 0) continue;
            if (h.account_hash % kParts == part)
              hashes.emplace_back(h.account_hash, static_cast<uint32_t>(hi));
          }
          std::sort(hashes.begin(), hashes.end());
          for (size_t b = 0; b < hashes.size();) {
            size_t e = b + 1;
            while (e < hashes.size() && hashes[e].first == hashes[b].first) ++e;
            if (e - b > 1)
              for (size_t k = b; k < e; ++k)
                shared.emplace_back(std::string(fetch->household(hashes[k].second).bank_account),
                                    hashes[k].second);
            b = e;
          }
        }
        fetch.reset();
        std::vector<std::pair<uint64_t, uint32_t>>().swap(hashes);
        std::sort(shared.begin(), shared.end());  // by account, then household row
        for (size_t b = 0; b < shared.size();) {
          size_t e = b;
          while (e < shared.size() && shared[e].first == shared[b].first) ++e;
          for (size_t k = b; k < e && e - b > 1; ++k) {
            // The account goes in `value` (column bank_account), where reports mask it.
            Issue is = household_issue(
                Severity::kReview, "SHARED_ACCOUNT", rows.household(shared[k].second).household_id,
                {},
                {fmt::format("收款账号同时用于 {} 户，请核实", e - b),
                 fmt::format("the same bank_account is used by {} households: to be checked", e - b)});
            is.column = "bank_account";
            is.value = shared[k].first;
            ex_accounts.push_back(std::move(is));
          }
          b = e;
        }
      });
  append(ex, std::move(ex_persons));
  append(ex, std::move(ex_accounts));

  // 5. Temporary-assistance cases, before the households: their lines are merged into the
  // ledgers among the households' lines, block by block.
  std::vector<Line> case_paid, case_held;
  std::vector<Issue> ex_cases;
  if (in.cases) {
    // A case line counts under its household's area: the area of the household's row, or for a
    // duplicated id the first of its rows that was itself valid; none without a household.
    auto area_of = [&](std::string_view id) -> std::optional<Area> {
      if (id.empty()) return std::nullopt;
      for (const IdIndex::Entry& e : ids.rows_of(id)) {
        const HouseholdKey h = rows.household(e.row);
        if (!h.rejected) return h.area;
      }
      return std::nullopt;
    };
    auto on_a_row = [&](std::string_view id) { return !ids.rows_of(id).empty(); };
    process_cases(*in.cases, on_a_row, area_of, month, refs, rules.file, out.cases, ex_cases,
                  case_paid, case_held);
  }

  // 6. Every accepted household, in household_id order, in blocks of kBlock households on
  // `jobs` threads. A thread takes the next block, computes it, merges in the case lines that
  // fall among its households, and hands it on: to the sink in order, or into the block's slot.
  std::vector<uint32_t> order;  // the ids on one accepted row only: ids' order
  for (const auto& e : ids.entries())
    if (out.household_outcome[e.row] != Outcome::kRejected) order.push_back(e.row);

  const PriceMonth price = price_month(month, rules.file);
  const MonthContext ctx{month, refs, rules.meta, price};
  constexpr size_t kBlock = 4096;
  const size_t n_blocks = std::max<size_t>(1, (order.size() + kBlock - 1) / kBlock);
  // Block b holds the case lines whose household_id sorts from its first household's id up to
  // the next block's (block 0 from the start, the last to the end): exactly where a merge of
  // all the case lines into all the households' lines would put them (each household's lines
  // before a case line that compares equal, as std::merge does).
  // The same holds for issues about households (sorted by household_id first).
  auto block_range = [&](auto& v, size_t b) {
    auto bound = [&](size_t block) {
      if (block == 0) return v.begin();
      if (block >= n_blocks) return v.end();
      const std::string_view id = rows.household(order[block * kBlock]).household_id;
      return std::lower_bound(v.begin(), v.end(), id, [](const auto& x, std::string_view key) {
        return std::string_view(x.household_id) < key;
      });
    };
    return std::pair{bound(b), bound(b + 1)};
  };

  // exceptions.csv's order is that of a stable sort of every issue in the order found (rows
  // with a file first). All but the households' own issues are known now: the rows with a file
  // go at the front of block 0; the issues found before the blocks about households (duplicate
  // persons, shared accounts) and any of the cases' without a file are sorted and shared out
  // among the blocks by household_id like the case lines, and each block merges them with its
  // own (first those found before, then the block's, then the cases', on ties). So every block
  // hands on the next stretch of exceptions.csv, with nothing left to sort.
  std::vector<Issue> with_file, before, after;
  for (std::vector<Issue>* from : {&ex, &ex_cases})
    for (Issue& i : *from)
      (!i.file.empty() ? with_file : from == &ex ? before : after).push_back(std::move(i));
  std::vector<Issue>().swap(ex);
  std::vector<Issue>().swap(ex_cases);
  stable_sort_issues(with_file, file_less);
  stable_sort_issues(before, household_less);
  stable_sort_issues(after, household_less);
  // Each block's stretch of them, found now: the blocks move them out as they go.
  using IssueRange = std::pair<std::vector<Issue>::iterator, std::vector<Issue>::iterator>;
  std::vector<std::array<IssueRange, 2>> shares(n_blocks);
  for (size_t b = 0; b < n_blocks; ++b) shares[b] = {block_range(before, b), block_range(after, b)};
  auto merge_issues = [&](std::vector<Issue>& own, size_t b) {
    // Plain variables, not structured bindings: clang 14 cannot capture those in a lambda.
    auto p = shares[b][0].first, p_end = shares[b][0].second;
    auto q = shares[b][1].first, q_end = shares[b][1].second;
    if (p == p_end && q == q_end && b != 0) return;
    std::vector<Issue> merged;
    merged.reserve((b == 0 ? with_file.size() : 0) + own.size() +
                   static_cast<size_t>((p_end - p) + (q_end - q)));
    if (b == 0)
      for (Issue& i : with_file) merged.push_back(std::move(i));
    // Three sorted runs merged, ties taken from `before`, then the block's, then `after`.
    auto take_through = [&](const Issue* next) {  // everything that goes before `next`
      for (;;) {
        const bool has_p = p != p_end && (!next || !household_less(*next, *p));
        const bool has_q = q != q_end && (!next || household_less(*q, *next));
        if (!has_p && !has_q) return;
        if (has_p && (!has_q || !household_less(*q, *p)))
          merged.push_back(std::move(*p++));
        else
          merged.push_back(std::move(*q++));
      }
    };
    for (Issue& i : own) {
      take_through(&i);
      merged.push_back(std::move(i));
    }
    take_through(nullptr);
    own = std::move(merged);
  };
  auto merge_cases = [&](std::vector<Line>& lines, const std::vector<Line>& cases, size_t b) {
    auto [lo, hi] = block_range(cases, b);
    if (lo == hi) return;
    std::vector<Line> merged;
    merged.reserve(lines.size() + static_cast<size_t>(hi - lo));
    std::merge(lines.begin(), lines.end(), lo, hi, std::back_inserter(merged), ledger_less);
    lines = std::move(merged);
  };
  // What a block adds to the counts; merged in ledger order, with the block.
  struct Tally {
    int64_t counted = 0;
    std::map<std::string_view, int64_t> paid_by_street;  // views of the block's rows
  };
  auto compute_block = [&](size_t b, LedgerBlock& lb, RowFetch& fetch, Tally& tally) {
    HouseholdView v;
    HouseholdOut r;
    fetch.clear();
    tally.counted = 0;
    tally.paid_by_street.clear();
    lb.payments.clear();
    lb.subsidies.clear();
    lb.held.clear();
    lb.issues.clear();
    lb.watch.clear();
    const size_t end = std::min(order.size(), (b + 1) * kBlock);
    for (size_t k = b * kBlock; k < end; ++k) {
      const size_t hi = order[k];
      v.row = &fetch.household(hi);
      v.members = fetch.members(members.of(hi));
      v.living = v.covered_living = v.tekun_living = 0;
      for (const MemberRow* m : v.members) {
        if (!is_living(*m, month.month)) continue;
        ++v.living;
        if (m->covered) ++v.covered_living;
        if (m->tekun) ++v.tekun_living;
      }
      compute_household(v, flags[hi], ctx, r);
      out.household_outcome[hi] = r.outcome;  // each block writes its own households' slots
      // Members counted: the living covered (dibao) or tekun (tekun) members of a household
      // paid or held that is not suspended.
      const HouseholdRow& h = *v.row;
      if ((r.outcome == Outcome::kPaid || r.outcome == Outcome::kHeld) &&
          h.status == Status::kActive)
        tally.counted += h.program == Program::kDibao   ? v.covered_living
                         : h.program == Program::kTekun ? v.tekun_living
                                                        : 0;
      if (r.outcome == Outcome::kPaid) ++tally.paid_by_street[h.street];
      for (Line& l : r.calc.lines) {
        if (l.hold != HoldReason::kNone)
          lb.held.push_back(l);
        else if (info(l.item).ledger == Ledger::kPayments)
          lb.payments.push_back(l);
        else
          lb.subsidies.push_back(l);
      }
      for (Issue& i : r.issues) lb.issues.push_back(std::move(i));
      for (WatchRow& w : r.watch) lb.watch.push_back(std::move(w));
    }
    merge_cases(lb.payments, case_paid, b);
    merge_cases(lb.held, case_held, b);
    // The block's issues are all about its households (none has a file).
    stable_sort_issues(lb.issues, household_less);
    merge_issues(lb.issues, b);
  };

  const size_t workers = order.size() < 1024 ? 1 : static_cast<size_t>(std::max(1, jobs));
  std::optional<CollectSink> collect;  // its room is reserved only when it is used
  if (!in.sink) {
    if (!rows.held()) throw std::logic_error("run_roll: rows not held need a sink");
    collect.emplace(out, nh + members.rows.size());
  }
  LedgerSink& sink = in.sink ? *in.sink : *collect;
  sink.start(workers);
  std::mutex mu;
  std::condition_variable turn;
  size_t next_consumed = 0;
  std::atomic<bool> failed{false};  // set under mu
  std::exception_ptr error;
  std::atomic<size_t> next_block{0};
  auto worker = [&](size_t w) {
    try {
      LedgerBlock own;
      Tally tally;
      std::unique_ptr<RowFetch> fetch = rows.fetch();
      for (;;) {
        const size_t b = next_block++;
        if (b >= n_blocks || failed) return;
        compute_block(b, own, *fetch, tally);
        sink.prepare(w, own);
        std::unique_lock<std::mutex> lock(mu);
        turn.wait(lock, [&] { return next_consumed == b || failed; });
        if (failed) return;
        lock.unlock();
        const auto counts = std::array{own.payments.size(), own.subsidies.size(), own.held.size(),
                                       own.issues.size(), own.watch.size()};
        sink.consume(own);
        lock.lock();
        out.payment_lines += static_cast<int64_t>(counts[0]);
        out.subsidy_lines += static_cast<int64_t>(counts[1]);
        out.held_lines += static_cast<int64_t>(counts[2]);
        out.exception_rows += static_cast<int64_t>(counts[3]);
        out.watch_rows += static_cast<int64_t>(counts[4]);
        out.members.counted += tally.counted;
        for (const auto& [street, n] : tally.paid_by_street) {
          auto it = out.paid_households_by_street.find(street);
          if (it == out.paid_households_by_street.end())
            it = out.paid_households_by_street.emplace(std::string(street), 0).first;
          it->second += n;
        }
        ++next_consumed;
        turn.notify_all();
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(mu);
      if (!failed) error = std::current_exception();
      failed = true;
      turn.notify_all();
    }
  };
  if (workers == 1) {
    worker(0);
  } else {
    std::vector<std::thread> threads;
    for (size_t t = 0; t < workers; ++t) threads.emplace_back(worker, t);
    for (auto& th : threads) th.join();
  }
  if (error) std::rethrow_exception(error);

  // 8. Counts.
  out.households.rows = static_cast<int64_t>(nh);
  for (Outcome o : out.household_outcome) {
    switch (o) {
      case Outcome::kPaid: ++out.households.paid; break;
      case Outcome::kHeld: ++out.households.held; break;
      case Outcome::kNotPaid: ++out.households.not_paid; break;
      case Outcome::kRejected: ++out.households.rejected; break;
    }
  }
  out.members.rows = static_cast<int64_t>(nm);
  out.members.rejected = members_rejected;
  out.members.not_counted = out.members.rows - out.members.rejected - out.members.counted;
  // The watch list is in household_id order already (each household's rows by code).
  assert(std::is_sorted(out.watchlist.begin(), out.watchlist.end(),
                        [](const WatchRow& a, const WatchRow& b) {
                          if (a.household_id != b.household_id)
                            return a.household_id < b.household_id;
                          return a.code < b.code;
                        }));
}

}  // namespace benefitroll
