#include "commands/audit_checks.h"

#include <fmt/format.h>

#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "calc/calculators.h"

namespace benefitroll {

size_t ViewPairHash::operator()(const std::pair<std::string_view, std::string_view>& p) const {
  const size_t a = std::hash<std::string_view>()(p.first);
  const size_t b = std::hash<std::string_view>()(p.second);
  return a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2));
}

namespace {

AuditFinding finding(Severity sev, const char* code, const CheckContext& ctx) {
  AuditFinding f;
  f.severity = sev;
  f.code = code;
  f.month = ctx.month.str();
  return f;
}

std::string payee_text(const LedgerRow& r, bool mask) {
  if (r.payee_account.empty()) return std::string(r.payee_name);
  return fmt::format("{} {}", r.payee_name, mask_account_value(r.payee_account, mask));
}

std::string case_note_zh(std::string_view ref) {
  return ref.empty() ? std::string() : fmt::format("（案件 {}）", ref);
}
std::string case_note_en(std::string_view ref) {
  return ref.empty() ? std::string() : fmt::format(" (case {})", ref);
}

using LineKey = std::tuple<std::string_view, std::string_view, std::string_view, std::string_view,
                           std::string_view>;
LineKey key_of(const LedgerRow& r) { return {r.month, r.household_id, r.person_id, r.item, r.ref}; }

}  // namespace

int compare_ledgers(std::string_view file, const std::vector<LedgerRow>& expected,
                    const std::vector<LedgerRow>& actual, const CheckContext& ctx,
                    std::vector<AuditFinding>& out) {
  std::map<LineKey, std::pair<std::vector<const LedgerRow*>, std::vector<const LedgerRow*>>> by_key;
  for (const LedgerRow& r : expected) by_key[key_of(r)].first.push_back(&r);
  for (const LedgerRow& r : actual) by_key[key_of(r)].second.push_back(&r);
  const bool held = file == "held.csv";
  int added = 0;
  for (const auto& [key, sides] : by_key) {
    const size_t n = std::max(sides.first.size(), sides.second.size());
    for (size_t i = 0; i < n; ++i) {
      const LedgerRow* e = i < sides.first.size() ? sides.first[i] : nullptr;
      const LedgerRow* a = i < sides.second.size() ? sides.second[i] : nullptr;
      const LedgerRow& any = e ? *e : *a;
      AuditFinding f = finding(Severity::kError, "MISMATCH", ctx);
      f.household_id = any.household_id;
      f.person_id = any.person_id;
      f.item = any.item;
      if (e && a) {
        std::vector<std::pair<std::string, std::string>> exp, act;  // differing fields
        std::vector<const char*> names;
        auto differ = [&](const char* name, std::string_view x, std::string_view y) {
          if (x == y) return;
          names.push_back(name);
          exp.emplace_back(name, x);
          act.emplace_back(name, y);
        };
        differ("amount", e->amount.str(), a->amount.str());
        differ("payee", payee_text(*e, ctx.mask), payee_text(*a, ctx.mask));
        differ("form", e->form, a->form);
        differ("rule", e->rule, a->rule);
        if (held) differ("reason", e->reason, a->reason);
        if (names.empty()) continue;
        if (names.size() == 1 && std::string_view(names[0]) == "amount") {
          f.expected = exp[0].second;
          f.actual = act[0].second;
        } else {
          auto join = [](const std::vector<std::pair<std::string, std::string>>& v) {
            std::string s;
            for (const auto& [k, x] : v) s += fmt::format("{}{}={}", s.empty() ? "" : "; ", k, x);
            return s;
          };
          f.expected = join(exp);
          f.actual = join(act);
        }
        std::string fields;
        for (const char* nm : names) fields += fmt::format("{}{}", fields.empty() ? "" : ", ", nm);
        f.message = {fmt::format("{} 第 {} 行{}与重算结果不同：{}", file, a->line,
                                 case_note_zh(a->ref), fields),
                     fmt::format("{}:{}{}: differs from the month computed again in {}", file,
                                 a->line, case_note_en(a->ref), fields)};
      } else if (e) {
        f.expected = e->amount.str();
        f.message = {fmt::format("重算得出此行{}，{} 中却没有", case_note_zh(e->ref), file),
                     fmt::format("{}: a line{} that the month computed again gives is missing",
                                 file, case_note_en(e->ref))};
      } else {
        f.actual = a->amount.str();
        f.message = {
            fmt::format("{} 第 {} 行{}：重算结果中没有此行", file, a->line, case_note_zh(a->ref)),
            fmt::format("{}:{}{}: a line that the month computed again does not give", file,
                        a->line, case_note_en(a->ref))};
      }
      out.push_back(std::move(f));
      ++added;
    }
  }
  return added;
}

int compare_disbursements(const std::vector<DisbursementRow>& expected,
                          const std::vector<DisbursementRow>& actual, const CheckContext& ctx,
                          std::vector<AuditFinding>& out) {
  using Key = std::tuple<std::string_view, std::string_view, std::string_view>;
  std::map<Key, std::pair<std::vector<const DisbursementRow*>, std::vector<const DisbursementRow*>>>
      by_key;
  for (const auto& r : expected) by_key[{r.account, r.name, r.payee_id}].first.push_back(&r);
  for (const auto& r : actual) by_key[{r.account, r.name, r.payee_id}].second.push_back(&r);
  int added = 0;
  for (const auto& [key, sides] : by_key) {
    const size_t n = std::max(sides.first.size(), sides.second.size());
    for (size_t i = 0; i < n; ++i) {
      const DisbursementRow* e = i < sides.first.size() ? sides.first[i] : nullptr;
      const DisbursementRow* a = i < sides.second.size() ? sides.second[i] : nullptr;
      const DisbursementRow& any = e ? *e : *a;
      const std::string payee =
          any.account.empty()
              ? any.name
              : fmt::format("{} {}", any.name, mask_account_value(any.account, ctx.mask));
      AuditFinding f = finding(Severity::kError, "MISMATCH", ctx);
      f.person_id = any.payee_id;
      auto show = [](const DisbursementRow& r, bool lines) {
        return lines ? fmt::format("lines={}; amount={}", r.lines, r.amount.str()) : r.amount.str();
      };
      if (e && a) {
        if (e->lines == a->lines && e->amount == a->amount) continue;
        const bool lines = e->lines != a->lines;
        f.expected = show(*e, lines);
        f.actual = show(*a, lines);
        f.message = {
            fmt::format("disbursement.csv 第 {} 行（收款人 {}）与重算结果不同", a->line, payee),
            fmt::format("disbursement.csv:{}: the row of payee {} differs from the month "
                        "computed again",
                        a->line, payee)};
      } else if (e) {
        f.expected = show(*e, true);
        f.message = {fmt::format("重算得出收款人 {} 的一行，disbursement.csv 中却没有", payee),
                     fmt::format("disbursement.csv: the row of payee {} that the month computed "
                                 "again gives is missing",
                                 payee)};
      } else {
        f.actual = show(*a, true);
        f.message = {fmt::format("disbursement.csv 第 {} 行（收款人 {}）：重算结果中没有此行",
                                 a->line, payee),
                     fmt::format("disbursement.csv:{}: a row of payee {} that the month computed "
                                 "again does not give",
                                 a->line, payee)};
      }
      out.push_back(std::move(f));
      ++added;
    }
  }
  return added;
}

void LedgerSums::add(File file, const LedgerRow& r) {
  *sum_[file] += r.amount;
  if (file == kHeld || (file == kSubsidies && r.form != "cash" && r.form != "premium")) return;
  cash_ += r.amount;
  const auto it = by_payee_.find({r.payee_account, r.payee_name});
  auto& p = it != by_payee_.end()
                ? it->second
                : by_payee_[{text_.add(r.payee_account), text_.add(r.payee_name)}];
  ++p.first;
  p.second += r.amount;
}

void check_control_totals(const FolderManifest& m, const FolderLedgers& f, const CheckContext& ctx,
                          std::vector<AuditFinding>& out) {
  LedgerSums sums;
  const std::optional<std::vector<LedgerRow>>* files[] = {&f.payments, &f.subsidies, &f.held};
  for (int i = 0; i < 3; ++i) {
    if (!*files[i]) continue;
    const auto file = static_cast<LedgerSums::File>(i);
    sums.start(file);
    for (const LedgerRow& r : **files[i]) sums.add(file, r);
  }
  check_control_totals(m, sums, f.disbursement, ctx, out);
}

void check_control_totals(const FolderManifest& m, const LedgerSums& sums,
                          const std::optional<std::vector<DisbursementRow>>& disbursement,
                          const CheckContext& ctx, std::vector<AuditFinding>& out) {
  auto add = [&](Money expected, Money actual, Text message) {
    AuditFinding x = finding(Severity::kError, "CONTROL_TOTAL", ctx);
    x.expected = expected.str();
    x.actual = actual.str();
    x.message = std::move(message);
    out.push_back(std::move(x));
  };
  struct File {
    const char* name;
    const char* key;
    std::optional<Money> lines;
    Money control;
  };
  std::optional<Money> disb_total;
  if (disbursement) {
    Money s;
    for (const auto& d : *disbursement) s += d.amount;
    disb_total = s;
  }
  const File files[] = {
      {"payments.csv", "payments", sums.sum(LedgerSums::kPayments), m.control_payments},
      {"subsidies.csv", "subsidies", sums.sum(LedgerSums::kSubsidies), m.control_subsidies},
      {"held.csv", "held", sums.sum(LedgerSums::kHeld), m.control_held},
      {"disbursement.csv", "disbursement", disb_total, m.control_disbursement},
  };
  for (const File& x : files) {
    if (!x.lines) continue;
    for (const ManifestFile& mf : m.outputs)
      if (mf.file == x.name && mf.amount && *mf.amount != *x.lines)
        add(*mf.amount, *x.lines,
            {fmt::format("{} 各行合计 {}，清单 outputs 所记为 {}", x.name, x.lines->str(),
                         mf.amount->str()),
             fmt::format("{}: the lines sum to {}, the manifest's outputs say {}", x.name,
                         x.lines->str(), mf.amount->str())});
    if (x.control != *x.lines)
      add(x.control, *x.lines,
          {fmt::format("{} 各行合计 {}，清单 control.{} 为 {}", x.name, x.lines->str(), x.key,
                       x.control.str()),
           fmt::format("{}: the lines sum to {}, the manifest's control.{} is {}", x.name,
                       x.lines->str(), x.key, x.control.str())});
  }
  if (!disbursement) return;
  if (static_cast<int64_t>(disbursement->size()) != m.accounts) {
    AuditFinding x = finding(Severity::kError, "CONTROL_TOTAL", ctx);
    x.expected = std::to_string(m.accounts);
    x.actual = std::to_string(disbursement->size());
    x.message = {fmt::format("disbursement.csv 有 {} 行，清单 control.accounts 为 {}",
                             disbursement->size(), m.accounts),
                 fmt::format("disbursement.csv has {} rows, the manifest's control.accounts is {}",
                             disbursement->size(), m.accounts)};
    out.push_back(std::move(x));
  }
  if (!sums.sum(LedgerSums::kPayments) || !sums.sum(LedgerSums::kSubsidies)) return;
  // outputs.md: payments.csv plus the cash and premium lines of subsidies.csv = disbursement.csv,
  // in total and per payee (account and name).
  const Money cash = sums.cash();
  using Payee = std::pair<std::string_view, std::string_view>;
  const auto& by_payee_lines = sums.by_payee();
  std::unordered_map<Payee, std::pair<int64_t, Money>, ViewPairHash> by_payee_disb;
  if (cash != *disb_total)
    add(cash, *disb_total,
        {fmt::format("disbursement.csv 合计 {}，两本台账的现金及保费行合计 {}", disb_total->str(),
                     cash.str()),
         fmt::format("disbursement.csv sums to {}, the cash and premium lines of the ledgers to {}",
                     disb_total->str(), cash.str())});
  for (const auto& d : *disbursement) {
    auto& p = by_payee_disb[{d.account, d.name}];
    p.first += d.lines;
    p.second += d.amount;
  }
  // The payees whose sums differ, in order.
  std::vector<Payee> differ;
  for (const auto& [k, l] : by_payee_lines) {
    const auto it = by_payee_disb.find(k);
    if (it == by_payee_disb.end() || it->second != l) differ.push_back(k);
  }
  for (const auto& [k, d] : by_payee_disb)
    if (!by_payee_lines.count(k)) differ.push_back(k);
  std::sort(differ.begin(), differ.end());
  for (const Payee& k : differ) {
    const auto li = by_payee_lines.find(k);
    const auto l = li != by_payee_lines.end() ? li->second : std::pair<int64_t, Money>();
    const auto d = by_payee_disb[k];
    const std::string payee =
        k.first.empty() ? std::string(k.second)
                        : fmt::format("{} {}", k.second, mask_account_value(k.first, ctx.mask));
    AuditFinding x = finding(Severity::kError, "CONTROL_TOTAL", ctx);
    x.expected = fmt::format("lines={}; amount={}", l.first, l.second.str());
    x.actual = fmt::format("lines={}; amount={}", d.first, d.second.str());
    x.message = {fmt::format("收款人 {}：disbursement.csv 与台账的现金及保费行不符", payee),
                 fmt::format("payee {}: disbursement.csv differs from the cash and premium lines "
                             "of the ledgers",
                             payee)};
    out.push_back(std::move(x));
  }
}

namespace {
// "payments.csv:12: " before a message about one line.
std::pair<std::string, std::string> where(const LedgerRow& r) {
  const auto item = item_from_code(r.item);
  const char* file =
      !item || info(*item).ledger == Ledger::kPayments ? "payments.csv" : "subsidies.csv";
  return std::make_pair(fmt::format("{} 第 {} 行：", file, r.line),
                        fmt::format("{}:{}: ", file, r.line));
}
}  // namespace

// Hash tables, not trees: at 1,000,000 households a month pays 4.4 million lines, and the
// trees' string comparisons were most of an audit's time.
LedgerAloneCheck::LedgerAloneCheck(const MonthInput& in, const MonthRules& rules,
                                   const CheckContext& ctx, std::vector<AuditFinding>& out)
    : rules_(rules), ctx_(ctx), out_(out) {
  households_.reserve(in.households.rows.size());
  household_ids_.reserve(in.households.rows.size());
  for (const HouseholdRow& h : in.households.rows) {
    if (h.household_id.empty()) continue;
    household_ids_.insert(h.household_id);
    if (!h.rejected) households_.emplace(h.household_id, &h);
  }
  members_.reserve(in.members.rows.size());
  for (const MemberRow& r : in.members.rows) {
    if (r.rejected) continue;
    members_.emplace(std::make_pair(r.household_id, r.person_id), &r);
    if (r.covered && is_living(r, ctx.month))
      covered_persons_[r.household_id].push_back(r.person_id);
  }
  if (in.cases)
    for (const CaseRow& c : in.cases->rows)
      if (!c.rejected) cases_.emplace(c.case_id, c.person_id);

  first_paid_in_.reserve(in.members.rows.size());
}

void LedgerAloneCheck::invalid(const LedgerRow& r, Text message) {
  AuditFinding f = finding(Severity::kError, "LEDGER_INVALID", ctx_);
  f.household_id = r.household_id;
  f.person_id = r.person_id;
  f.item = r.item;
  f.actual = r.amount.str();
  const auto [zh, en] = where(r);
  f.message = {zh + message.zh, en + message.en};
  out_.push_back(std::move(f));
}

// A person's first household is kept, its text copied; (person, household) pairs only for the
// persons paid in more than one.
void LedgerAloneCheck::paid_for(std::string_view pid, std::string_view hid) {
  const auto it = first_paid_in_.find(pid);
  if (it == first_paid_in_.end()) {
    first_paid_in_.emplace(text_.add(pid), text_.add(hid));
    return;
  }
  if (it->second == hid) return;
  paid_in_.emplace_back(it->first, it->second);
  paid_in_.emplace_back(it->first, text_.add(hid));
}

void LedgerAloneCheck::add(const LedgerRow& r) {
  const auto item = item_from_code(r.item);
  if (!item) {
    invalid(r, {fmt::format("项目代码 {} 不在项目目录中", r.item),
                fmt::format("item code '{}' is not in the catalogue", r.item)});
    return;
  }
  if (!r.ref.empty()) {  // a case line
    if (!r.household_id.empty() && !household_ids_.count(r.household_id))
      invalid(r,
              {fmt::format("案件 {} 的户编号不在 inputs/households.csv 中", r.ref),
               fmt::format("case {}: the household is on no row of inputs/households.csv", r.ref)});
    if (!cases_.count({r.ref, r.person_id}))
      invalid(r, {fmt::format("inputs/cases.csv 中没有此申请人的案件 {}", r.ref),
                  fmt::format("inputs/cases.csv has no case {} of this applicant", r.ref)});
    return;
  }
  if (r.household_id.empty() || !household_ids_.count(r.household_id)) {
    invalid(r, {"户编号不在 inputs/households.csv 中",
                "the household is on no row of inputs/households.csv"});
    return;
  }
  if (!r.person_id.empty()) {
    const auto it = members_.find({r.household_id, r.person_id});
    if (it == members_.end()) {
      invalid(r, {"此人不是该户在 inputs/members.csv 中的成员",
                  "the person is not a member of the household in inputs/members.csv"});
    } else if (!is_living(*it->second, ctx_.month)) {
      const std::string d = it->second->deceased_on->str();
      invalid(r, {fmt::format("此人已于 {} 死亡，在本月之前", d),
                  fmt::format("the person died on {}, before the month", d)});
    }
    paid_for(r.person_id, r.household_id);
  }
  const auto hit = households_.find(r.household_id);
  if (hit == households_.end()) return;
  const HouseholdRow& h = *hit->second;
  if (*item == Item::kDibao || *item == Item::kDibaoGrace)
    for (std::string_view pid : covered_persons_[h.household_id]) paid_for(pid, r.household_id);
  if (*item == Item::kDibao && rules_.dibao) {
    const DibaoRules& d = rules_.dibao->params;
    const int n = static_cast<int>(covered_persons_[h.household_id].size());
    const Money s = rules_.standard(h.area);
    Money bound = round(s * n, d.round);
    if (bound < d.min_payment) bound = d.min_payment;
    if (n == 0) {
      AuditFinding f = finding(Severity::kError, "LEDGER_INVALID", ctx_);
      f.household_id = r.household_id;
      f.item = r.item;
      f.expected = Money().str();
      f.actual = r.amount.str();
      f.message = {where(r).first + "该户在 inputs/members.csv 中没有在世的保障对象，却发放低保金",
                   where(r).second +
                       "dibao paid to a household with no living covered member "
                       "in inputs/members.csv"};
      out_.push_back(std::move(f));
    } else if (r.amount > bound) {
      AuditFinding f = finding(Severity::kError, "LEDGER_INVALID", ctx_);
      f.household_id = r.household_id;
      f.item = r.item;
      f.expected = bound.str();
      f.actual = r.amount.str();
      f.message = {where(r).first + fmt::format("低保金 {} 高于 S×n = {}×{} = {}", r.amount.str(),
                                                s.str(), n, bound.str()),
                   where(r).second + fmt::format("dibao {} is above S×n = {}×{} = {}",
                                                 r.amount.str(), s.str(), n, bound.str())};
      out_.push_back(std::move(f));
    }
  }
  if (*item == Item::kTekunBasic && rules_.tekun) {
    const TekunRules& t = rules_.tekun->params;
    const Money standard = h.area == Area::kUrban ? t.urban_monthly : t.rural_monthly;
    if (r.amount != standard) {
      AuditFinding f = finding(Severity::kError, "LEDGER_INVALID", ctx_);
      f.household_id = r.household_id;
      f.person_id = r.person_id;
      f.item = r.item;
      f.expected = standard.str();
      f.actual = r.amount.str();
      f.message = {
          where(r).first + fmt::format("特困人员基本生活费 {} 不等于{}标准 {}", r.amount.str(),
                                       h.area == Area::kUrban ? "城市" : "农村", standard.str()),
          where(r).second + fmt::format("tekun_basic {} is not the {} standard {}", r.amount.str(),
                                        to_string(h.area), standard.str())};
      out_.push_back(std::move(f));
    }
  }
}

void LedgerAloneCheck::finish() {
  // Each person's households, in order, once each.
  std::sort(paid_in_.begin(), paid_in_.end());
  paid_in_.erase(std::unique(paid_in_.begin(), paid_in_.end()), paid_in_.end());
  for (size_t i = 0, j = 0; i < paid_in_.size(); i = j) {
    const std::string_view pid = paid_in_[i].first;
    std::vector<std::string_view> hids;
    for (j = i; j < paid_in_.size() && paid_in_[j].first == pid; ++j)
      hids.push_back(paid_in_[j].second);
    if (hids.size() < 2) continue;
    std::string list;
    for (const auto& h : hids) list += fmt::format("{}{}", list.empty() ? "" : ", ", h);
    for (const auto& h : hids) {
      AuditFinding f = finding(Severity::kError, "LEDGER_INVALID", ctx_);
      f.household_id = h;
      f.person_id = pid;
      f.message = {
          fmt::format("同一人本月在 {} 户中均有发放：{}", hids.size(), list),
          fmt::format("the person is paid in {} households this month: {}", hids.size(), list)};
      out_.push_back(std::move(f));
    }
  }
}

void check_ledger_alone(const std::vector<const LedgerRow*>& paid, const MonthInput& in,
                        const MonthRules& rules, const CheckContext& ctx,
                        std::vector<AuditFinding>& out) {
  LedgerAloneCheck check(in, rules, ctx, out);
  for (const LedgerRow* r : paid) check.add(*r);
  check.finish();
}

RulesDiff::RulesDiff(const RollResult& due, const CheckContext& ctx) : ctx_(ctx) {
  const std::string month = ctx.month.str();
  for (const auto* v : {&due.payments, &due.subsidies})
    for (const Line& l : *v) {
      auto& s = by_key_[{month, std::string(l.household_id), std::string(l.person_id),
                         static_cast<int>(l.item), std::string(l.ref)}]
                    .first;
      s.amount += l.amount;
      if (l.rule) s.rule = *l.rule;
    }
}

namespace {
int item_rank(std::string_view code) {
  auto i = item_from_code(code);
  return i ? static_cast<int>(*i) : kItemCount;
}
}  // namespace

void RulesDiff::add(const LedgerRow& r) {
  const int rank = item_rank(r.item);
  auto& s = by_key_[{std::string(r.month), std::string(r.household_id), std::string(r.person_id),
                     rank, std::string(r.ref)}]
                .second;
  s.amount += r.amount;
  s.rule = r.rule;
  if (rank == kItemCount)
    unknown_code_.try_emplace({std::string(r.household_id), std::string(r.person_id)}, r.item);
}

void RulesDiff::finish(const std::string& rules_name, std::vector<AuditFinding>& out) {
  for (const auto& [k, sides] : by_key_) {
    const auto& [d, p] = sides;
    if (d.amount == p.amount) continue;
    AuditFinding f = finding(Severity::kReview, "DIFFERS_FROM_RULES", ctx_);
    f.month = std::get<0>(k);
    f.household_id = std::get<1>(k);
    f.person_id = std::get<2>(k);
    const int item = std::get<3>(k);
    f.item = item < kItemCount ? std::string(info(static_cast<Item>(item)).code) : "";
    if (item >= kItemCount) {
      const auto it = unknown_code_.find({f.household_id, f.person_id});
      if (it != unknown_code_.end()) f.item = it->second;
    }
    f.expected = d.amount.str();
    f.actual = p.amount.str();
    const std::string& ref = std::get<4>(k);
    const std::string rule_zh = d.rule.empty() ? "" : fmt::format("（{}）", d.rule);
    const std::string rule_en = d.rule.empty() ? "" : fmt::format(" ({})", d.rule);
    f.message = {fmt::format("按规则 {} 应发 {}{}，已发 {}{}", rules_name, d.amount.str(), rule_zh,
                             p.amount.str(), case_note_zh(ref)),
                 fmt::format("under the rules {}: due {}{}, paid {}{}", rules_name, d.amount.str(),
                             rule_en, p.amount.str(), case_note_en(ref))};
    out.push_back(std::move(f));
  }
}

void compare_with_rules(const std::vector<const LedgerRow*>& paid, const RollResult& due,
                        const std::string& rules_name, const CheckContext& ctx,
                        std::vector<AuditFinding>& out) {
  RulesDiff diff(due, ctx);
  for (const LedgerRow* r : paid) diff.add(*r);
  diff.finish(rules_name, out);
}

YearMonth heating_season_start(YearMonth m) { return {m.month >= 7 ? m.year : m.year - 1, 7}; }

YearlyLines::YearlyLines(YearMonth m, const MonthInput* in, const MonthRules* rules) {
  out_.month = m;
  if (rules && rules->dibao) out_.grace_months = rules->dibao->params.grace_schedule.size();
  if (in)
    for (const MemberRow& r : in->members.rows)
      if (!r.rejected && r.enrollment != Enrollment::kNone)
        level_.emplace(std::make_pair(r.household_id, r.person_id), r.enrollment);
}

void YearlyLines::add(const LedgerRow& r) {
  if (!r.ref.empty()) return;
  const auto item = item_from_code(r.item);
  if (!item) return;
  switch (*item) {
    case Item::kHeating:
    case Item::kHolidayCash:
    case Item::kHolidayGoods:
    case Item::kInsurancePremium:
    case Item::kEducation:
    case Item::kDibaoGrace:
      break;
    default:
      return;
  }
  YearlyLine y{std::string(r.household_id), std::string(r.person_id), std::string(r.item),
               r.amount, {}};
  if (*item == Item::kEducation) {
    const auto it = level_.find({r.household_id, r.person_id});
    if (it != level_.end())
      y.level = it->second == Enrollment::kHighSchool ? "high_school" : "university";
  }
  out_.lines.push_back(std::move(y));
}

MonthPaid collect_month_paid(YearMonth m, const std::vector<const LedgerRow*>& paid,
                             const MonthInput* in, const MonthRules* rules) {
  YearlyLines lines(m, in, rules);
  for (const LedgerRow* r : paid) lines.add(*r);
  return lines.take();
}

void check_across_months(const std::vector<MonthPaid>& months, std::vector<AuditFinding>& out) {
  // Once-a-year items: (item, household, person, period) -> the month first paid.
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  std::map<Key, YearMonth> first;
  // dibao_grace: household -> (last month paid, first month of the run, run length).
  struct Run {
    YearMonth last, start;
    size_t length = 0;
  };
  std::map<std::string, Run> runs;

  for (const MonthPaid& mp : months) {
    const YearMonth m = mp.month;
    std::map<std::string, Money> grace_now;
    for (const YearlyLine& l : mp.lines) {
      if (l.item == "dibao_grace") {
        grace_now[l.household_id] += l.amount;
        continue;
      }
      Key k;
      Text when;
      const std::string year = std::to_string(m.year);
      if (l.item == "heating") {
        const YearMonth s = heating_season_start(m);
        k = {l.item, l.household_id, "", s.str()};
      } else if (l.item == "holiday_cash" || l.item == "holiday_goods") {
        // Household lines count per household; a person-level holiday_cash line per person.
        k = l.person_id.empty() ? Key{l.item, l.household_id, "", year}
                                : Key{l.item, "", l.person_id, year};
      } else if (l.item == "insurance_premium") {
        k = {l.item, "", l.person_id, year};
      } else {  // education: once per person and level
        k = {l.item, "", l.person_id, l.level};
      }
      const auto [it, inserted] = first.emplace(k, m);
      if (inserted) continue;
      const YearMonth was = it->second;
      AuditFinding f;
      f.severity = Severity::kError;
      f.code = "PAID_TWICE";
      f.month = m.str();
      f.household_id = l.household_id;
      f.person_id = l.person_id;
      f.item = l.item;
      f.expected = Money().str();
      f.actual = l.amount.str();
      if (l.item == "heating") {
        const YearMonth s = heating_season_start(m);
        f.message = {fmt::format("同一供暖季（{}年7月至{}年6月）已于 {} 发放", s.year, s.year + 1,
                                 was.str()),
                     fmt::format("already paid in {}, in the same heating season (July {} to June "
                                 "{})",
                                 was.str(), s.year, s.year + 1)};
      } else if (l.item == "education") {
        const std::string lv = l.level.empty() ? "?" : l.level;
        f.message = {fmt::format("同一升学阶段（{}）的助学金已于 {} 发放", lv, was.str()),
                     fmt::format("already paid in {} for the same level ({})", was.str(), lv)};
      } else {
        f.message = {fmt::format("{} 年内已于 {} 发放", m.year, was.str()),
                     fmt::format("already paid in {}, in the same year {}", was.str(), m.year)};
      }
      out.push_back(std::move(f));
    }
    for (const auto& [hid, amount] : grace_now) {
      auto [it, inserted] = runs.try_emplace(hid);
      Run& r = it->second;
      if (!inserted && r.last.plus(1) == m) {
        ++r.length;
      } else {
        r.start = m;
        r.length = 1;
      }
      r.last = m;
      if (mp.grace_months == 0 || r.length <= mp.grace_months) continue;
      AuditFinding f;
      f.severity = Severity::kError;
      f.code = "GRACE_OVERRUN";
      f.month = m.str();
      f.household_id = hid;
      f.item = "dibao_grace";
      f.expected = Money().str();
      f.actual = amount.str();
      f.message = {fmt::format("渐退期低保金连续发放 {} 个月（{} 至 {}），渐退期只有 {} 个月",
                               r.length, r.start.str(), m.str(), mp.grace_months),
                   fmt::format("dibao_grace paid {} months in a row ({} to {}); the grace "
                               "schedule allows {}",
                               r.length, r.start.str(), m.str(), mp.grace_months)};
      out.push_back(std::move(f));
    }
  }
}

}  // namespace benefitroll
