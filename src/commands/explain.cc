// `benefitroll explain`: one household's month, told from the roll of run. Every amount printed
// here is a line the roll produced (run_roll via compute_month); this file only finds the
// household's lines, exceptions and rules versions and says, for an item without a line, which
// condition of rules.md left it out.
#include "commands/explain.h"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <ostream>
#include <set>
#include <tuple>

#include "archive/month_folder.h"
#include "calc/calculators.h"
#include "commands/run.h"
#include "core/calendar.h"
#include "output/labels.h"
#include "output/progress.h"

namespace benefitroll {

namespace {

constexpr int kExitUsage = 2;

std::string rounding_words(Rounding r, Lang lang) {
  std::string_view unit = r.unit == RoundUnit::kFen    ? tr(lang, "分", "fen")
                          : r.unit == RoundUnit::kJiao ? tr(lang, "角", "jiao")
                                                       : tr(lang, "元", "yuan");
  std::string_view mode = r.mode == RoundMode::kHalfUp ? tr(lang, "四舍五入", "half up")
                          : r.mode == RoundMode::kUp   ? tr(lang, "向上取整", "up")
                                                       : tr(lang, "向下取整", "down");
  return lang == Lang::kZh ? fmt::format("按{}{}", unit, mode)
                           : fmt::format("rounded to the {}, {}", unit, mode);
}

std::string yes_no(bool b, Lang lang) {
  return std::string(b ? tr(lang, "是", "yes") : tr(lang, "否", "no"));
}

// Everything explain knows about the household, gathered once.
class Explainer {
 public:
  Explainer(const ComputedMonth& c, const ExplainArgs& a, std::vector<size_t> rows)
      : c_(c),
        r_(c.roll),
        rules_(c.rules.rules),
        month_(c.rules.month),
        lang_(a.common.write.lang),
        id_(a.household),
        rows_(std::move(rows)),
        h_(c.input.households.rows[rows_.front()]) {
    outcome_ = r_.household_outcome[rows_.front()];
    rejected_ = outcome_ == Outcome::kRejected;
    for (const MemberRow& m : c.input.members.rows) {
      if (m.household_id != id_) continue;
      if (m.rejected || rejected_) {
        rejected_members_.push_back(&m);
        continue;
      }
      members_.push_back(&m);
      if (!is_living(m, month_.month)) continue;
      ++living_;
      if (m.covered) ++covered_living_;
      if (m.tekun) ++tekun_living_;
    }
    auto take = [&](const std::vector<Line>& v, const char* file) {
      for (const Line& l : v)
        if (l.household_id == id_) lines_.push_back({&l, file});
    };
    take(r_.payments, "payments.csv");
    take(r_.subsidies, "subsidies.csv");
    take(r_.held, "held.csv");
    std::stable_sort(lines_.begin(), lines_.end(),
                     [](const Taken& x, const Taken& y) { return ledger_less(*x.line, *y.line); });
    const bool active = !rejected_ && h_.status == Status::kActive;
    for (const Taken& t : lines_)
      if (t.line->item == Item::kDibao || t.line->item == Item::kDibaoGrace) has_dibao_line_ = true;
    paid_dibao_ = active && h_.program == Program::kDibao && has_dibao_line_;
    tekun_ = active && h_.program == Program::kTekun && tekun_living_ > 0;
  }

  void print(std::ostream& out, const std::string& source) const;
  /// The household's lines by ledger file, for the comparison with a month folder.
  struct Taken {
    const Line* line;
    const char* file;
  };
  const std::vector<Taken>& lines() const { return lines_; }

 private:
  std::string_view t(std::string_view zh, std::string_view en) const { return tr(lang_, zh, en); }
  Money s() const { return month_.standard(h_.area); }
  int n() const {
    if (h_.program == Program::kDibao) return covered_living_;
    if (h_.program == Program::kTekun) return tekun_living_;
    return living_;
  }
  bool counted(const MemberRow& m) const {
    if (!is_living(m, month_.month)) return false;
    if (h_.program == Program::kDibao) return m.covered;
    if (h_.program == Program::kTekun) return m.tekun;
    return true;
  }
  std::string person_name(std::string_view person_id) const {
    for (const MemberRow* m : members_)
      if (m->person_id == person_id) return std::string(m->name);
    return std::string(person_id);
  }
  std::string section(int k, std::string_view zh, std::string_view en) const {
    static constexpr std::string_view kNumbers[] = {"一", "二", "三", "四", "五", "六"};
    return lang_ == Lang::kZh ? fmt::format("\n{}、{}\n", kNumbers[k - 1], zh)
                              : fmt::format("\n{}. {}\n", k, en);
  }

  void print_facts(std::ostream& out) const;
  void print_members(std::ostream& out) const;
  void print_items(std::ostream& out) const;
  void print_rules(std::ostream& out) const;
  void print_exceptions(std::ostream& out) const;
  std::vector<std::string> details(const Line& l) const;
  std::string reason(Item item) const;
  std::string price_trigger() const;
  std::string table_off(std::string_view table) const {
    return lang_ == Lang::kZh
               ? fmt::format("本月无生效的 [[{}]] 版本（或已停用）", table)
               : fmt::format("no [[{}]] version in effect this month (or switched off)", table);
  }
  std::string not_payment_month(std::string_view table, int payment_month) const {
    return lang_ == Lang::kZh ? fmt::format("每年{}月发放（[[{}]] payment_month = {}），本月不发",
                                            payment_month, table, payment_month)
                              : fmt::format("paid in month {} only ([[{}]] payment_month = {})",
                                            payment_month, table, payment_month);
  }
  std::string not_at_home() const {
    return std::string(
        t("集中供养（收款方为机构）：此项仅发给居家的户",
          "cared for in an institution (payee = institution): only for households at home"));
  }
  std::string area_not_covered(std::string_view table, const AreaSet& a) const {
    std::string areas = a.urban && a.rural ? "[urban, rural]"
                        : a.urban          ? "[urban]"
                        : a.rural          ? "[rural]"
                                           : "[]";
    return lang_ == Lang::kZh
               ? fmt::format("本户为{}（{}），不在 [[{}]] areas = {} 之内",
                             area_label(h_.area, lang_), to_string(h_.area), table, areas)
               : fmt::format("the household is {}, not in [[{}]] areas = {}", to_string(h_.area),
                             table, areas);
  }
  std::string exception_message(std::initializer_list<std::string_view> codes) const {
    for (const Issue& i : r_.exceptions)
      if (i.household_id == id_ && i.file.empty())
        for (std::string_view code : codes)
          if (i.code == code) return fmt::format("{}: {}", i.code, pick(i.message, lang_));
    return std::string(t("本月不发", "not paid this month"));
  }

  const ComputedMonth& c_;
  const RollResult& r_;
  const Rules& rules_;
  const MonthRules& month_;
  Lang lang_;
  std::string id_;
  std::vector<size_t> rows_;
  const HouseholdRow& h_;
  Outcome outcome_;
  bool rejected_ = false;
  std::vector<const MemberRow*> members_, rejected_members_;
  int living_ = 0, covered_living_ = 0, tekun_living_ = 0;
  std::vector<Taken> lines_;
  bool has_dibao_line_ = false, paid_dibao_ = false, tekun_ = false;
};

void Explainer::print(std::ostream& out, const std::string& source) const {
  if (lang_ == Lang::kZh)
    out << fmt::format("户 {}　{}年{}月发放说明\n", id_, month_.month.year, month_.month.month);
  else
    out << fmt::format("Household {}, {}: why this amount\n", id_, month_.month.str());
  out << source;
  print_facts(out);
  print_members(out);
  print_items(out);
  print_rules(out);
  print_exceptions(out);
}

void Explainer::print_facts(std::ostream& out) const {
  out << section(1, "家庭情况", "The household");
  std::vector<std::vector<std::string>> rows;
  auto row = [&](std::string_view zh, std::string_view en, std::string value) {
    rows.push_back({std::string(t(zh, en)), std::move(value)});
  };
  std::string where;
  for (size_t i : rows_)
    where += (where.empty() ? "" : ", ") + std::to_string(c_.input.households.rows[i].line);
  row("户编号", "household_id",
      lang_ == Lang::kZh ? fmt::format("{}（households.csv 第 {} 行）", id_, where)
                         : fmt::format("{} (households.csv line {})", id_, where));
  row("本月结果", "outcome", std::string(outcome_label(outcome_, lang_)));
  if (rejected_) {
    row("说明", "note",
        std::string(
            t("本户记录不予受理：各项均不计算，原因见“异常与关注”",
              "the household's row was rejected: nothing is computed; see the exceptions")));
    out << format_columns(rows, "  ");
    return;
  }
  row("街道 / 社区", "street / community", fmt::format("{} {}", h_.street, h_.community));
  row("救助类别", "program", std::string(program_label(h_.program, lang_)));
  row("城乡", "area", std::string(area_label(h_.area, lang_)));
  row("状态", "status",
      std::string(h_.status == Status::kActive ? t("正常", "active") : t("暂停", "suspended")));
  row("户主", "head", fmt::format("{} {}", h_.head_name, h_.head_id));
  row("收款方", "payee",
      h_.payee == Payee::kHousehold
          ? std::string(t("本户（户主）", "the household (its head)"))
          : fmt::format("{}{}", t("供养机构：", "care institution: "), h_.institution));
  row("收款账号", "bank_account",
      h_.bank_account.empty() ? std::string(t("（无）", "(none)")) : std::string(h_.bank_account));
  row("家庭月收入", "monthly_income",
      h_.monthly_income ? h_.monthly_income->str() : std::string(t("（无）", "(none)")));
  row("刚性支出", "rigid_expense", h_.rigid_expense.str());
  if (h_.previous_income) row("上月家庭月收入", "previous_income", h_.previous_income->str());
  row("分类施保类别", "classified_tier",
      h_.classified_tier ? std::string(1, h_.classified_tier) : std::string(t("无", "none")));
  std::string heating(heating_label(h_.heating, lang_));
  if (h_.heating == Heating::kCentral && h_.heated_area)
    heating += fmt::format(" {} m²", h_.heated_area->str());
  row("取暖方式", "heating", heating);
  if (h_.grace_start && h_.grace_amount && month_.dibao) {
    const int k = h_.grace_start->months_until(month_.month);
    const int len = static_cast<int>(month_.dibao->params.grace_schedule.size());
    std::string when;
    if (k < 0)
      when = std::string(t("尚未开始", "not begun yet"));
    else if (k < len)
      when = lang_ == Lang::kZh ? fmt::format("本月为第 {} 个月（共 {} 个月）", k + 1, len)
                                : fmt::format("this is month {} of {}", k + 1, len);
    else
      when = lang_ == Lang::kZh ? fmt::format("已于 {} 结束", h_.grace_start->plus(len - 1).str())
                                : fmt::format("ended with {}", h_.grace_start->plus(len - 1).str());
    row("渐退", "gradual exit",
        lang_ == Lang::kZh ? fmt::format("{} 起，渐退保障金 {}；{}", h_.grace_start->str(),
                                         h_.grace_amount->str(), when)
                           : fmt::format("from {}, grace_amount {}; {}", h_.grace_start->str(),
                                         h_.grace_amount->str(), when));
  } else {
    row("渐退", "gradual exit", std::string(t("无", "none")));
  }
  const Money s = this->s();
  const std::string s_from =
      h_.area == Area::kUrban
          ? std::string(t("城市月标准 urban_monthly", "urban_monthly"))
          : fmt::format("{} {} ÷ 12", t("农村年标准 rural_annual", "rural_annual"),
                        month_.dibao ? month_.dibao->params.rural_annual.str() : "?");
  row("保障标准 S", "standard S",
      fmt::format(fmt::runtime(lang_ == Lang::kZh ? "{}（{}）" : "{} ({})"), s.str(), s_from));
  const std::string who =
      h_.program == Program::kDibao ? std::string(t("在世的保障对象", "living covered members"))
      : h_.program == Program::kTekun ? std::string(t("在世的特困人员", "living tekun persons"))
                                      : std::string(t("在世的家庭成员", "living members"));
  row("计入人数 n", "counted n",
      fmt::format(fmt::runtime(lang_ == Lang::kZh ? "{}（{}）" : "{} ({})"), n(), who));
  if (h_.program != Program::kTekun && h_.monthly_income && n() > 0 && month_.dibao) {
    const DibaoRules& d = month_.dibao->params;
    const AssessedIncome ai = assessed_income(h_, s, n(), d);
    const Money cap =
        multiply(s * n(), d.rigid_expense_cap_ratio, {RoundUnit::kFen, RoundMode::kHalfUp});
    row("核算收入 I", "assessed income I",
        lang_ == Lang::kZh
            ? fmt::format("{} = max(0, {} − 核减 {})；核减 = min(刚性支出 {}, {}×{}×{} = {})",
                          ai.income.str(), h_.monthly_income->str(), ai.deduction.str(),
                          h_.rigid_expense.str(), d.rigid_expense_cap_ratio.str(), s.str(), n(),
                          cap.str())
            : fmt::format("{} = max(0, {} − deduction {}); deduction = min(rigid_expense {}, "
                          "{}×{}×{} = {})",
                          ai.income.str(), h_.monthly_income->str(), ai.deduction.str(),
                          h_.rigid_expense.str(), d.rigid_expense_cap_ratio.str(), s.str(), n(),
                          cap.str()));
  }
  out << format_columns(rows, "  ");
}

void Explainer::print_members(std::ostream& out) const {
  out << section(2, "家庭成员", "Members");
  if (members_.empty() && rejected_members_.empty()) {
    out << "  " << t("（members.csv 中无本户成员）", "(no member rows in members.csv)") << "\n";
    return;
  }
  std::vector<std::vector<std::string>> rows;
  if (lang_ == Lang::kZh)
    rows.push_back({"姓名", "身份证号", "关系", "年龄", "保障对象", "特困", "自理能力", "残疾等级",
                    "重病", "升学", "死亡日期", "计入 n"});
  else
    rows.push_back({"name", "person_id", "relation", "age", "covered", "tekun", "self_care",
                    "disability", "severe_illness", "enrollment", "deceased_on", "in n"});
  for (const MemberRow* m : members_) {
    std::string enrollment = "-";
    if (m->enrollment != Enrollment::kNone)
      enrollment = fmt::format("{} {}",
                               m->enrollment == Enrollment::kHighSchool ? t("高中", "high_school")
                                                                        : t("大学", "university"),
                               m->enrollment_year);
    std::string counted = yes_no(this->counted(*m), lang_);
    if (!is_living(*m, month_.month))
      counted += t("（月前已死亡）", " (dead before the month)");
    else if (died_in(*m, month_.month))
      counted += t("（本月死亡，最后一个月）", " (died this month: the last)");
    rows.push_back({std::string(m->name), std::string(m->person_id),
                    std::string(relation_label(m->relation, lang_)),
                    std::to_string(age_at(m->birth, month_.month)), yes_no(m->covered, lang_),
                    yes_no(m->tekun, lang_),
                    m->self_care ? std::string(self_care_label(*m->self_care, lang_)) : "-",
                    m->disability_grade ? std::to_string(m->disability_grade) : "-",
                    yes_no(m->severe_illness, lang_), enrollment,
                    m->deceased_on ? m->deceased_on->str() : "-", counted});
  }
  for (const MemberRow* m : rejected_members_)
    rows.push_back({lang_ == Lang::kZh ? fmt::format("members.csv 第 {} 行", m->line)
                                       : fmt::format("members.csv line {}", m->line),
                    std::string(t("不予受理", "rejected"))});
  out << format_columns(rows, "  ");
  if (h_.program == Program::kMarginal)
    out << "  "
        << t("（低保边缘户：n 为全部在世成员，用于监测）",
             "(a marginal household: n counts every living member, for the watch list)")
        << "\n";
}

std::vector<std::string> Explainer::details(const Line& l) const {
  std::vector<std::string> d;
  const Basis& b = l.basis;
  const bool zh = lang_ == Lang::kZh;
  switch (l.item) {
    case Item::kDibao: {
      if (b.kind != Basis::Kind::kDibaoGap || !month_.dibao) break;
      const DibaoRules& p = month_.dibao->params;
      Money i = b.b - b.c;
      if (i < Money()) i = Money();
      d.push_back(zh ? fmt::format("S = {}，n = {}，收入 {}，核减 {}，I = {}", b.a.str(), b.n,
                                   b.b.str(), b.c.str(), i.str())
                     : fmt::format("S = {}, n = {}, income {}, deduction {}, I = {}", b.a.str(),
                                   b.n, b.b.str(), b.c.str(), i.str()));
      std::string gap =
          zh ? fmt::format("差额 = {}×{} − {} = {}", b.a.str(), b.n, i.str(), b.d.str())
             : fmt::format("gap = {}×{} − {} = {}", b.a.str(), b.n, i.str(), b.d.str());
      if (b.min_applied)
        gap += zh ? fmt::format("；{}后低于最低发放额 min_payment {}，按 {} 发放",
                                rounding_words(p.round, lang_), b.e.str(), l.amount.str())
                  : fmt::format("; {}, below min_payment {}: {} is paid",
                                rounding_words(p.round, lang_), b.e.str(), l.amount.str());
      else
        gap += fmt::format("{}{} → {}", zh ? "；" : "; ", rounding_words(p.round, lang_),
                           l.amount.str());
      d.push_back(gap);
      break;
    }
    case Item::kDibaoGrace: {
      if (b.kind != Basis::Kind::kGrace || !month_.dibao || !h_.grace_start) break;
      const DibaoRules& p = month_.dibao->params;
      const int k = h_.grace_start->months_until(month_.month);
      const Money exact = multiply_ratio(b.a, b.n, 100, {RoundUnit::kFen, RoundMode::kHalfUp});
      d.push_back(
          zh ? fmt::format(
                   "渐退第 {} 个月（共 {} 个月，grace_schedule[{}] = {}%）：{} × {}% = {}，{} → {}",
                   k + 1, p.grace_schedule.size(), k, b.n, b.a.str(), b.n, exact.str(),
                   rounding_words(p.round, lang_), l.amount.str())
             : fmt::format(
                   "gradual exit month {} of {} (grace_schedule[{}] = {}%): {} × {}% = {}, {} → {}",
                   k + 1, p.grace_schedule.size(), k, b.n, b.a.str(), b.n, exact.str(),
                   rounding_words(p.round, lang_), l.amount.str()));
      break;
    }
    case Item::kTekunBasic:
      d.push_back(zh ? fmt::format("{}特困基本生活标准（{}）", area_label(h_.area, lang_),
                                   h_.area == Area::kUrban ? "urban_monthly" : "rural_monthly")
                     : fmt::format("{} basic living standard ({})", to_string(h_.area),
                                   h_.area == Area::kUrban ? "urban_monthly" : "rural_monthly"));
      break;
    case Item::kTekunCare: {
      SelfCare sc = SelfCare::kFull;
      for (const MemberRow* m : members_)
        if (m->person_id == l.person_id && m->self_care) sc = *m->self_care;
      const char* key = sc == SelfCare::kFull      ? "care_full"
                        : sc == SelfCare::kPartial ? "care_partial"
                                                   : "care_none";
      d.push_back(
          zh ? fmt::format("自理能力“{}”的照料护理标准（{}）", self_care_label(sc, lang_), key)
             : fmt::format("care standard for self_care = {} ({})", to_string(sc), key));
      break;
    }
    case Item::kTemporary:
      d.push_back(zh ? fmt::format("临时救助案件 {} 的核准金额（cases.csv amount）", l.ref)
                     : fmt::format("the approved amount of case {} (cases.csv amount)", l.ref));
      break;
    case Item::kPriceSubsidy:
      if (b.kind == Basis::Kind::kStandard)
        d.push_back(zh ? std::string("固定金额，每个计入人员每月（amount）")
                       : std::string("fixed amount per counted person (amount)"));
      else
        d.push_back(
            zh ? fmt::format(
                     "S × 涨幅 {}%，按元四舍五入{}", b.q.str(),
                     b.min_applied ? fmt::format("，不低于 min_per_person {}", b.e.str()) : "")
               : fmt::format(
                     "S × rise {}%, rounded to the yuan, half up{}", b.q.str(),
                     b.min_applied ? fmt::format(", at least min_per_person {}", b.e.str()) : ""));
      if (std::string why = price_trigger(); !why.empty()) d.push_back(why);
      break;
    case Item::kBenefitCard:
      d.push_back(
          zh ? fmt::format("分类施保 {} 类（amounts.{}）", h_.classified_tier, h_.classified_tier)
             : fmt::format("classified tier {} (amounts.{})", h_.classified_tier,
                           h_.classified_tier));
      break;
    case Item::kElectricity:
      d.push_back("electricity_kwh × electricity_price" +
                  std::string(zh ? "，按分四舍五入" : ", rounded to the fen, half up"));
      break;
    case Item::kWater:
      d.push_back("water_tons × water_price" +
                  std::string(zh ? "，按分四舍五入" : ", rounded to the fen, half up"));
      break;
    case Item::kGas:
      d.push_back("gas_amount");
      break;
    case Item::kHeating:
      if (b.kind == Basis::Kind::kQuantityPrice && month_.heating)
        d.push_back(
            zh ? fmt::format("集中供热：min(供热面积, central_area_cap) × central_price，{}",
                             rounding_words(month_.heating->params.round, lang_))
               : fmt::format("central: min(heated_area, central_area_cap) × central_price, {}",
                             rounding_words(month_.heating->params.round, lang_)));
      else if (b.kind == Basis::Kind::kPerPersons)
        d.push_back(
            zh ? fmt::format("自行取暖，计入 {} 人：self_amounts 第 {} 项", b.n, b.n)
               : fmt::format("self heating for {} counted person(s): element {} of self_amounts",
                             b.n, b.n));
      break;
    case Item::kHolidayCash:
      d.push_back(l.person_id.empty() ? "cash_per_household" : "cash_per_tekun_person");
      break;
    case Item::kHolidayGoods:
      d.push_back("goods_per_household");
      break;
    case Item::kInsurancePremium:
      d.push_back(zh ? "amount_per_person，代缴至医疗保险基金"
                     : "amount_per_person, paid to the insurer");
      break;
    case Item::kEducation: {
      Enrollment e = Enrollment::kNone;
      for (const MemberRow* m : members_)
        if (m->person_id == l.person_id) e = m->enrollment;
      d.push_back(e == Enrollment::kHighSchool ? "high_school" : "university");
      break;
    }
    case Item::kFeeWaiver:
      d.push_back(zh ? "sanitation + garbage，减免（不发现金）"
                     : "sanitation + garbage, waived (no cash)");
      break;
  }
  return d;
}

std::string Explainer::reason(Item item) const {
  if (rejected_) return std::string(t("本户记录不予受理", "the household's row was rejected"));
  if (h_.status == Status::kSuspended)
    return std::string(t("本户本月暂停发放（SUSPENDED）", "suspended this month (SUSPENDED)"));
  if (h_.program == Program::kMarginal && item != Item::kTemporary)
    return std::string(t("低保边缘户：不发放常规救助，仅列入监测",
                         "a marginal household: nothing regular is paid, it is only watched"));
  const bool zh = lang_ == Lang::kZh;
  switch (item) {
    case Item::kDibao: {
      if (h_.program != Program::kDibao)
        return std::string(t("特困供养户，不适用低保", "a tekun household: dibao does not apply"));
      if (covered_living_ == 0) return exception_message({"NO_COVERED_MEMBERS"});
      // No dibao line: the income leaves no gap (rules.md [[dibao]]), or the gap rounds to 0.00.
      const AssessedIncome ai = assessed_income(h_, s(), n(), month_.dibao->params);
      const Money need = s() * n();
      std::string why;
      if (ai.income < need)
        why = zh ? fmt::format("差额 {}×{} − {} = {} 取整后为 0.00", s().str(), n(),
                               ai.income.str(), (need - ai.income).str())
                 : fmt::format("the gap {}×{} − {} = {} rounds to 0.00", s().str(), n(),
                               ai.income.str(), (need - ai.income).str());
      else
        why = zh ? fmt::format("核算收入 I = {} 不低于 S×n = {}×{} = {}", ai.income.str(),
                               s().str(), n(), need.str())
                 : fmt::format("assessed income I = {} is not below S×n = {}×{} = {}",
                               ai.income.str(), s().str(), n(), need.str());
      if (has_dibao_line_)
        why += t("：改发渐退期低保金", ": the gradual-exit allowance is paid instead");
      return why;
    }
    case Item::kDibaoGrace: {
      if (h_.program != Program::kDibao)
        return std::string(
            t("特困供养户，不适用渐退", "a tekun household: gradual exit does not apply"));
      if (covered_living_ == 0) return exception_message({"NO_COVERED_MEMBERS"});
      if (!h_.grace_start)
        return std::string(t("本户不在渐退期（无渐退起始月 grace_start）",
                             "not in a gradual exit (no grace_start)"));
      for (const Taken& tk : lines_)
        if (tk.line->item == Item::kDibao)
          return std::string(t("收入低于保障标准，本月发低保金，不发渐退期低保金",
                               "income is below the standard: dibao is paid this month, not the "
                               "gradual-exit allowance"));
      const int k = h_.grace_start->months_until(month_.month);
      if (k < 0)
        return zh ? fmt::format("渐退期自 {} 开始，本月尚未开始", h_.grace_start->str())
                  : fmt::format("the gradual exit begins in {}", h_.grace_start->str());
      return exception_message({"GRACE_EXPIRED", "INCOME_ABOVE_STANDARD"});
    }
    case Item::kTekunBasic:
    case Item::kTekunCare:
      if (h_.program != Program::kTekun)
        return std::string(
            t("低保户，不适用特困供养", "a dibao household: tekun support does not apply"));
      if (tekun_living_ == 0) return exception_message({"NO_COVERED_MEMBERS"});
      return std::string(t("标准为 0.00，不写发放行", "the standard is 0.00: no line"));
    case Item::kTemporary:
      if (c_.input.cases)
        for (const CaseRow& cr : c_.input.cases->rows)
          if (cr.household_id == id_)
            return std::string(t("本户的临时救助案件本月不发放（见“异常与关注”）",
                                 "the household's temporary-assistance case is not paid this month "
                                 "(see the exceptions)"));
      return std::string(t("本月无本户的临时救助案件",
                           "no temporary-assistance case of this household this month"));
    default:
      break;
  }
  // The subsidies: only for paid dibao households and tekun households (rules.md).
  if (!paid_dibao_ && !tekun_) {
    if (h_.program == Program::kTekun) return exception_message({"NO_COVERED_MEMBERS"});
    return std::string(t("本户本月无低保金或渐退期低保金，各项补贴只发给已发低保的户和特困供养户",
                         "no dibao or gradual-exit line this month: subsidies go only to paid "
                         "dibao households and tekun households"));
  }
  const std::string_view table = info(item).table;
  const YearMonth m = month_.month;
  switch (item) {
    case Item::kPriceSubsidy: {
      if (!month_.price_subsidy) return table_off(table);
      const PriceMonth pm = price_month(month_, rules_.file);
      if (!pm.triggered) return price_trigger();
      return std::string(t("金额为 0.00，不写发放行", "the amount is 0.00: no line"));
    }
    case Item::kBenefitCard:
      if (!month_.benefit_card) return table_off(table);
      if (!paid_dibao_)
        return std::string(t("仅发给已发低保的分类施保户",
                             "only for paid dibao households with a classified tier"));
      if (!h_.classified_tier)
        return std::string(t("本户无分类施保类别（classified_tier）", "no classified_tier"));
      return std::string(t("金额为 0.00，不写发放行", "the amount is 0.00: no line"));
    case Item::kElectricity:
    case Item::kWater:
    case Item::kGas:
      if (!month_.utilities) return table_off(table);
      if (h_.payee != Payee::kHousehold) return not_at_home();
      if (!month_.utilities->params.areas.has(h_.area))
        return area_not_covered(table, month_.utilities->params.areas);
      return std::string(t("金额为 0.00，不写发放行", "the amount is 0.00: no line"));
    case Item::kHeating: {
      if (!month_.heating) return table_off(table);
      const HeatingRules& ht = month_.heating->params;
      if (m.month != ht.payment_month) return not_payment_month(table, ht.payment_month);
      if (h_.payee != Payee::kHousehold) return not_at_home();
      if (!ht.areas.has(h_.area)) return area_not_covered(table, ht.areas);
      if (h_.heating == Heating::kNone)
        return std::string(t("取暖方式为“无”（heating = none）", "heating = none"));
      return std::string(t("金额为 0.00，不写发放行", "the amount is 0.00: no line"));
    }
    case Item::kHolidayCash:
    case Item::kHolidayGoods: {
      if (!month_.holiday) return table_off(table);
      const HolidayRules& hd = month_.holiday->params;
      if (m.month != hd.payment_month) return not_payment_month(table, hd.payment_month);
      if (item == Item::kHolidayGoods && h_.payee != Payee::kHousehold) return not_at_home();
      if (item == Item::kHolidayCash && paid_dibao_ && !h_.classified_tier)
        return std::string(t("低保户须有分类施保类别（classified_tier）",
                             "a dibao household needs a classified_tier"));
      return std::string(t("金额为 0.00，不写发放行", "the amount is 0.00: no line"));
    }
    case Item::kInsurancePremium:
      if (!month_.insurance_premium) return table_off(table);
      if (m.month != month_.insurance_premium->params.payment_month)
        return not_payment_month(table, month_.insurance_premium->params.payment_month);
      return std::string(t("金额为 0.00，不写发放行", "the amount is 0.00: no line"));
    case Item::kEducation:
      if (!month_.education) return table_off(table);
      if (m.month != month_.education->params.payment_month)
        return not_payment_month(table, month_.education->params.payment_month);
      return zh ? fmt::format("无 {} 年升学的在世成员", m.year)
                : fmt::format("no living member enrolling in {}", m.year);
    case Item::kFeeWaiver:
      if (!month_.fee_waiver) return table_off(table);
      if (h_.payee != Payee::kHousehold) return not_at_home();
      if (!month_.fee_waiver->params.areas.has(h_.area))
        return area_not_covered(table, month_.fee_waiver->params.areas);
      return std::string(t("金额为 0.00，不写发放行", "the amount is 0.00: no line"));
    default:
      break;
  }
  return std::string(t("本月不发", "not paid this month"));
}

// Why the month is (or is not) a price-subsidy month, in numbers.
std::string Explainer::price_trigger() const {
  if (!month_.price_subsidy) return {};
  const PriceSubsidyRules& ps = month_.price_subsidy->params;
  const bool zh = lang_ == Lang::kZh;
  if (ps.trigger == PriceTrigger::kAlways && ps.mode == PriceMode::kFixed)
    return zh ? "每月发放（trigger = always）" : "paid every month (trigger = always)";
  const YearMonth look = month_.month.plus(-ps.lag_months);
  const PriceIndex* idx = month_.index_for(look);
  if (!idx) return {};
  const bool cpi = idx->cpi_yoy >= ps.cpi_threshold, food = idx->food_yoy >= ps.food_threshold;
  auto cmp = [](bool reached) { return reached ? "≥" : "<"; };
  const bool triggered = ps.trigger == PriceTrigger::kAlways || cpi || food;
  return zh ? fmt::format("{} CPI 同比 {}% {} {}%，食品 CPI {}% {} {}%：本月{}触发", look.str(),
                          idx->cpi_yoy.str(), cmp(cpi), ps.cpi_threshold.str(), idx->food_yoy.str(),
                          cmp(food), ps.food_threshold.str(), triggered ? "" : "未")
            : fmt::format("{} CPI {}% {} {}%, food CPI {}% {} {}%: this month is {}triggered",
                          look.str(), idx->cpi_yoy.str(), cmp(cpi), ps.cpi_threshold.str(),
                          idx->food_yoy.str(), cmp(food), ps.food_threshold.str(),
                          triggered ? "" : "not ");
}

void Explainer::print_items(std::ostream& out) const {
  out << section(3, "各项目", "Items");
  std::vector<std::vector<std::string>> rows;
  if (lang_ == Lang::kZh)
    rows.push_back({"项目", "对象", "金额", "结果", "规则版本", "计算 / 原因"});
  else
    rows.push_back({"item", "for", "amount", "outcome", "rule", "computation / reason"});
  Money paid, cash, held;
  for (const ItemInfo& it : kCatalogue) {
    const std::string name = fmt::format("{} {}", it.code, item_label(it.item, lang_, rules_));
    bool any = false;
    for (const Taken& tk : lines_) {
      const Line& l = *tk.line;
      if (l.item != it.item) continue;
      any = true;
      std::string who;
      if (!l.ref.empty())
        who = fmt::format(fmt::runtime(lang_ == Lang::kZh ? "{}（{}）" : "{} ({})"), l.payee_name,
                          l.ref);
      else if (!l.person_id.empty())
        who = person_name(l.person_id);
      else
        who = std::string(t("本户", "household"));
      std::string status;
      if (l.hold != HoldReason::kNone) {
        status = fmt::format("{}{}", t("暂缓：", "held: "), to_code(l.hold));
        held += l.amount;
      } else {
        status = l.form == Form::kCash      ? std::string(t("已发放", "paid"))
                 : l.form == Form::kPremium ? std::string(t("代缴", "paid to insurer"))
                 : l.form == Form::kGoods   ? std::string(t("发实物", "in kind"))
                                            : std::string(t("减免", "waived"));
        paid += l.amount;
        if (l.form == Form::kCash || l.form == Form::kPremium) cash += l.amount;
      }
      rows.push_back({name, who, l.amount.str(), status, l.rule ? *l.rule : "-", format_basis(l)});
      for (std::string& d : details(l)) rows.push_back({"", "· " + d});
    }
    if (!any)
      rows.push_back({name, "-", "-", std::string(t("不发", "not paid")), "-", reason(it.item)});
  }
  rows.push_back(
      {std::string(t("合计", "total")), "", paid.str(),
       lang_ == Lang::kZh
           ? fmt::format("已发放：现金及代缴 {}，实物及减免 {}", cash.str(), (paid - cash).str())
           : fmt::format("paid: cash and premiums {}, goods and waivers {}", cash.str(),
                         (paid - cash).str())});
  if (held.positive())
    rows.push_back({"", "", held.str(), std::string(t("暂缓发放（held.csv）", "held (held.csv)"))});
  out << format_columns(rows, "  ");
}

void Explainer::print_rules(std::ostream& out) const {
  out << section(4, "规则版本", "Rules versions");
  // The tables behind this household's lines, and [[dibao]] for S in every case.
  std::set<std::string_view> used{"dibao"};
  if (h_.program == Program::kTekun && !rejected_) used.insert("tekun");
  for (const Taken& tk : lines_) {
    used.insert(info(tk.line->item).table);
    if (tk.line->item == Item::kPriceSubsidy) used.insert("price_index");
  }
  const auto params = rules_.show(month_.month, month_.as_of);
  std::vector<std::vector<std::string>> rows;
  std::string last_table, last_version;
  for (const ShownParam& p : params) {
    if (!used.count(p.table)) continue;
    const std::string version = p.is_default ? std::string(t("默认值", "default")) : p.from.str();
    if (p.table != last_table || version != last_version) {
      std::string source = p.from.source.empty()
                               ? std::string(t("（未注明来源）", "(no source given)"))
                               : p.from.source;
      if (p.is_default) source = std::string(t("rules.md 规定的默认值", "the default of rules.md"));
      if (p.table == "price_index")
        source = lang_ == Lang::kZh ? fmt::format("规则文件第 {} 行", p.from.line)
                                    : fmt::format("rules file line {}", p.from.line);
      rows.push_back({version, source});
      last_table = p.table;
      last_version = version;
    }
    rows.push_back({"", fmt::format("  {} = {}", p.key, p.value)});
  }
  out << format_columns(rows, "  ");
}

void Explainer::print_exceptions(std::ostream& out) const {
  out << section(5, "异常与关注", "Exceptions and watch list");
  std::vector<std::vector<std::string>> rows;
  for (const Issue& i : r_.exceptions) {
    if (i.household_id != id_) continue;
    std::string where = i.file.empty() ? "-" : fmt::format("{}:{}", i.file, i.line);
    std::string who =
        i.person_id.empty() ? "-" : fmt::format("{} {}", person_name(i.person_id), i.person_id);
    if (who == fmt::format("{} {}", i.person_id, i.person_id)) who = i.person_id;
    std::string msg = pick(i.message, lang_);
    if (!i.column.empty()) msg = fmt::format("{}: {}", i.column, msg);
    rows.push_back({std::string(severity_label(i.severity, lang_)), i.code, where, who, msg});
  }
  for (const WatchRow& w : r_.watchlist) {
    if (w.household_id != id_) continue;
    rows.push_back(
        {std::string(t("关注", "watch")), w.code, "watchlist.csv", "-", pick(w.message, lang_)});
  }
  if (rows.empty()) {
    out << "  " << t("无", "none") << "\n";
    return;
  }
  out << format_columns(rows, "  ");
}

using LedgerKey =
    std::tuple<std::string, std::string, std::string, std::string>;  // file, person, item, ref

// Compares the household's computed lines with the folder's ledgers, by key and amount.
void compare_with_folder(const std::string& dir, const FolderManifest& fm,
                         const std::vector<Explainer::Taken>& lines, const std::string& id,
                         Lang lang, std::ostream& out) {
  out << (lang == Lang::kZh ? "\n六、与月份目录账册核对\n"
                            : "\n6. Against the month folder's ledgers\n");
  std::map<LedgerKey, Money> ledger, computed;
  for (const char* file : {"payments.csv", "subsidies.csv", "held.csv"}) {
    StringPool text;
    for (const LedgerRow& r : read_ledger(dir + "/" + file, fm.options.encoding, text))
      if (r.household_id == id)
        ledger[{file, std::string(r.person_id), std::string(r.item), std::string(r.ref)}] +=
            r.amount;
  }
  for (const Explainer::Taken& tk : lines)
    computed[{tk.file, std::string(tk.line->person_id), std::string(info(tk.line->item).code),
              std::string(tk.line->ref)}] += tk.line->amount;
  std::vector<std::vector<std::string>> rows;
  auto key_text = [](const LedgerKey& k) {
    std::string s = fmt::format("{} {}", std::get<0>(k), std::get<2>(k));
    if (!std::get<1>(k).empty()) s += " " + std::get<1>(k);
    if (!std::get<3>(k).empty()) s += " " + std::get<3>(k);
    return s;
  };
  std::set<LedgerKey> keys;
  for (const auto& [k, v] : ledger) keys.insert(k);
  for (const auto& [k, v] : computed) keys.insert(k);
  for (const LedgerKey& k : keys) {
    auto a = ledger.find(k);
    auto b = computed.find(k);
    if (a != ledger.end() && b != computed.end() && a->second == b->second) continue;
    const std::string in_ledger =
        a == ledger.end() ? std::string(tr(lang, "（无）", "(none)")) : a->second.str();
    const std::string now =
        b == computed.end() ? std::string(tr(lang, "（无）", "(none)")) : b->second.str();
    rows.push_back({key_text(k), fmt::format("{} {}", tr(lang, "账册", "ledger"), in_ledger),
                    fmt::format("{} {}", tr(lang, "重算", "computed"), now)});
  }
  if (rows.empty()) {
    out << "  "
        << tr(lang, "与账册一致：本户的每一行金额相同",
              "matches the ledger: every line of the household has the same amount")
        << "\n";
    return;
  }
  out << "  "
      << (lang == Lang::kZh ? fmt::format("与账册不一致，{} 处差异：", rows.size())
                            : fmt::format("differs from the ledger in {} line(s):", rows.size()))
      << "\n";
  out << format_columns(rows, "  ");
}

// compute_month with the progress line (--progress) while the inputs are read and the month
// computed; the line is gone (or its last line written) before anything is printed.
void compute_with_progress(const std::string& rules, const std::string& input_dir, YearMonth month,
                           std::optional<Date> as_of, CommonOptions opt, ComputedMonth& c) {
  const InputFiles inputs = InputFiles::in(input_dir);
  Progress progress(opt.progress_mode, opt.write.lang, input_bytes(inputs));
  opt.progress = &progress;
  compute_month(rules, inputs, month, as_of, opt, c);
  progress.stop();
}

}  // namespace

int explain_command(const ExplainArgs& a, std::ostream& out) {
  const Lang lang = a.common.write.lang;
  ComputedMonth c;
  std::string source;
  std::optional<FolderManifest> fm;
  if (a.archive) {
    const std::string& dir = *a.archive;
    fm = read_manifest(dir);
    if (fm->command != "run") {
      std::cerr << fmt::format(
          "benefitroll: error: {} was written by `{}`, not by run: explain needs a month folder\n",
          dir, fm->command);
      return kExitUsage;
    }
    if (fm->month && *fm->month != a.month) {
      std::cerr << fmt::format("benefitroll: error: {} is the month folder of {}, not of {}\n", dir,
                               fm->month->str(), a.month.str());
      return kExitUsage;
    }
    if (a.as_of && a.as_of != fm->as_of) {
      std::cerr << fmt::format(
          "benefitroll: error: with --archive the as-of day is the folder's own ({}); leave out "
          "--as-of\n",
          fm->as_of ? fm->as_of->str() : "none");
      return kExitUsage;
    }
    CommonOptions o = a.common;
    o.input_encoding = input_encoding_from(fm->input_encoding);
    compute_with_progress(dir + "/rules.toml", dir + "/inputs", a.month, fm->as_of, o, c);
    const std::string as_of = fm->as_of ? fm->as_of->str() : std::string();
    source =
        lang == Lang::kZh
            ? fmt::format("依据：月份目录 {} 的 inputs/ 与 rules.toml（{}）\n", dir,
                          fm->as_of ? "截至 " + as_of + " 已公布的版本" : std::string("全部版本"))
            : fmt::format(
                  "From: the month folder {}, its inputs/ and rules.toml ({})\n", dir,
                  fm->as_of ? "versions announced by " + as_of : std::string("every version"));
  } else {
    compute_with_progress(*a.rules, *a.input, a.month, a.as_of, a.common, c);
    const std::string as_of = a.as_of ? a.as_of->str() : std::string();
    source =
        lang == Lang::kZh
            ? fmt::format("依据：输入 {}，规则 {}（{}）\n", *a.input, *a.rules,
                          a.as_of ? "截至 " + as_of + " 已公布的版本" : std::string("全部版本"))
            : fmt::format(
                  "From: the inputs {} and the rules {} ({})\n", *a.input, *a.rules,
                  a.as_of ? "versions announced by " + as_of : std::string("every version"));
  }
  std::vector<size_t> rows;
  const auto& hs = c.input.households.rows;
  for (size_t i = 0; i < hs.size(); ++i)
    if (hs[i].household_id == a.household) rows.push_back(i);
  if (rows.empty()) {
    // Say where else the id appears: a member or case row under a mistyped household_id.
    std::string named;
    for (const MemberRow& m : c.input.members.rows)
      if (m.household_id == a.household) named += fmt::format(", members.csv line {}", m.line);
    if (c.input.cases)
      for (const CaseRow& cr : c.input.cases->rows)
        if (cr.household_id == a.household) named += fmt::format(", cases.csv line {}", cr.line);
    if (!named.empty()) named = fmt::format(" (named by{}: UNKNOWN_HOUSEHOLD)", named.substr(1));
    std::cerr << fmt::format("benefitroll: error: household {} is not in {}/households.csv{}\n",
                             a.household, a.archive ? *a.archive + "/inputs" : *a.input, named);
    return kExitUsage;
  }
  Explainer e(c, a, std::move(rows));
  e.print(out, source);
  if (a.archive) compare_with_folder(*a.archive, *fm, e.lines(), a.household, lang, out);
  return 0;
}

}  // namespace benefitroll
