// Folding the versions of each table by month and as-of day into the typed parameters of
// MonthRules, and listing them for `rules show`. See rules.md, "Versions".
#include <fmt/format.h>

#include <algorithm>

#include "core/issue.h"
#include "rules/rules_impl.h"

namespace benefitroll {

namespace {

constexpr int64_t kMaxMonths = 1200;

KeySpec money(std::string_view n, bool required = true) { return {n, KeyType::kMoney, required}; }
KeySpec whole(std::string_view n, int64_t min, int64_t max, bool required = true) {
  return {n, KeyType::kWhole, required, min, max};
}
KeySpec of(std::string_view n, KeyType t, bool required = true) { return {n, t, required}; }

}  // namespace

const std::array<TableSpec, kTableCount>& table_specs() {
  // The keys of each table in the order of rules.md; `required = false` marks a key with a
  // default, or one required only with another key's value (price_subsidy's amount, thresholds).
  static const std::array<TableSpec, kTableCount> kSpecs = {{
      {"dibao",
       {money("urban_monthly"), money("rural_annual"), of("round", KeyType::kRoundUnit),
        of("round_mode", KeyType::kRoundMode), money("min_payment", false),
        of("rigid_expense_cap_ratio", KeyType::kDecimal), of("grace_schedule", KeyType::kPercents),
        of("monitor_ratio", KeyType::kDecimal), of("income_drop_ratio", KeyType::kUnitDecimal)}},
      {"tekun",
       {money("urban_monthly"), money("rural_monthly"), money("care_full"), money("care_partial"),
        money("care_none"), whole("minor_age", 0, 150), whole("elderly_age", 0, 150)}},
      {"temporary", {of("township_limit", KeyType::kLimit), whole("cap_months", 1, kMaxMonths)}},
      {"price_subsidy",
       {of("mode", KeyType::kPriceMode), money("amount", false),
        of("trigger", KeyType::kTrigger, false),
        of("cpi_threshold", KeyType::kSignedDecimal, false),
        of("food_threshold", KeyType::kSignedDecimal, false),
        whole("lag_months", 0, kMaxMonths, false), money("min_per_person", false)}},
      {"benefit_card", {of("amounts", KeyType::kTiers)}},
      {"utilities",
       {of("areas", KeyType::kAreas), of("electricity_kwh", KeyType::kDecimal),
        of("electricity_price", KeyType::kDecimal), of("water_tons", KeyType::kDecimal),
        of("water_price", KeyType::kDecimal), money("gas_amount")}},
      {"heating",
       {of("areas", KeyType::kAreas), whole("payment_month", 1, 12), money("central_price"),
        of("central_area_cap", KeyType::kDecimal), of("self_amounts", KeyType::kMoneyList),
        of("round", KeyType::kRoundUnit), of("round_mode", KeyType::kRoundMode)}},
      {"holiday",
       {whole("payment_month", 1, 12), money("cash_per_household"), money("cash_per_tekun_person"),
        money("goods_per_household")}},
      {"insurance_premium", {whole("payment_month", 1, 12), money("amount_per_person")}},
      {"education", {whole("payment_month", 1, 12), money("high_school"), money("university")}},
      {"fee_waiver", {of("areas", KeyType::kAreas), money("sanitation"), money("garbage")}},
  }};
  return kSpecs;
}

std::optional<int> table_id(std::string_view name) {
  for (int i = 0; i < kTableCount; ++i)
    if (table_specs()[i].name == name) return i;
  return std::nullopt;
}

const KeySpec* find_key(const TableSpec& t, std::string_view key) {
  for (const auto& k : t.keys)
    if (k.name == key) return &k;
  return nullptr;
}

std::string Value::shown(KeyType type) const {
  switch (type) {
    case KeyType::kMoney:
      return money.str();
    case KeyType::kDecimal:
    case KeyType::kSignedDecimal:
    case KeyType::kUnitDecimal:
      return decimal.str();
    case KeyType::kWhole:
      return fmt::format("{}", whole);
    case KeyType::kRoundUnit:
    case KeyType::kRoundMode:
    case KeyType::kPriceMode:
    case KeyType::kTrigger:
      return word;
    case KeyType::kPercents:
      return fmt::format("[{}]", fmt::join(percents, ", "));
    case KeyType::kAreas:
      if (areas.urban && areas.rural) return "[urban, rural]";
      return areas.urban ? "[urban]" : areas.rural ? "[rural]" : "[]";
    case KeyType::kTiers:
      return fmt::format("{{A = {}, B = {}, C = {}}}", tiers[0].str(), tiers[1].str(),
                         tiers[2].str());
    case KeyType::kMoneyList: {
      std::string out = "[";
      for (size_t i = 0; i < monies.size(); ++i) out += (i ? ", " : "") + monies[i].str();
      return out + "]";
    }
    case KeyType::kLimit:
      return limit ? limit->str() : "none";
  }
  return "?";
}

VersionRef Version::ref(std::string_view table) const {
  VersionRef r;
  r.table = std::string(table);
  r.from = from.value_or(YearMonth{});
  r.announced = announced;
  r.source = source;
  r.line = line;
  return r;
}

std::string VersionRef::str() const {
  std::string s = fmt::format("{}@{}", table, from.str());
  if (announced) s += "+" + announced->str();
  return s;
}

bool counts(const Version& v, YearMonth m, std::optional<Date> as_of) {
  if (!v.from || *v.from > m) return false;
  return !v.announced || !as_of || *v.announced <= *as_of;
}

Folded fold_table(const TableVersions& t, YearMonth m, std::optional<Date> as_of) {
  Folded f;
  for (const auto& v : t.versions) {
    if (!counts(v, m, as_of)) continue;
    f.last = &v;
    if (v.enabled) {
      f.enabled = *v.enabled;
      f.enabled_from = &v;
    }
    for (const auto& [key, value] : v.values) f.values[key] = {&value, &v};
  }
  return f;
}

namespace {

Money money_of(const Folded& f, std::string_view key, Money def = {}) {
  const Value* v = f.get(key);
  return v ? v->money : def;
}
Decimal decimal_of(const Folded& f, std::string_view key) {
  const Value* v = f.get(key);
  return v ? v->decimal : Decimal{};
}
int whole_of(const Folded& f, std::string_view key, int def = 0) {
  const Value* v = f.get(key);
  return v ? static_cast<int>(v->whole) : def;
}
AreaSet areas_of(const Folded& f) {
  const Value* v = f.get("areas");
  return v ? v->areas : AreaSet{};
}
Rounding rounding_of(const Folded& f) {
  Rounding r;
  if (const Value* v = f.get("round")) r.unit = parse_round_unit(v->word).value_or(r.unit);
  if (const Value* v = f.get("round_mode")) r.mode = parse_round_mode(v->word).value_or(r.mode);
  return r;
}

DibaoRules to_dibao(const Folded& f) {
  DibaoRules r;
  r.urban_monthly = money_of(f, "urban_monthly");
  r.rural_annual = money_of(f, "rural_annual");
  r.round = rounding_of(f);
  r.min_payment = money_of(f, "min_payment");
  r.rigid_expense_cap_ratio = decimal_of(f, "rigid_expense_cap_ratio");
  if (const Value* v = f.get("grace_schedule")) r.grace_schedule = v->percents;
  r.monitor_ratio = decimal_of(f, "monitor_ratio");
  r.income_drop_ratio = decimal_of(f, "income_drop_ratio");
  return r;
}
TekunRules to_tekun(const Folded& f) {
  TekunRules r;
  r.urban_monthly = money_of(f, "urban_monthly");
  r.rural_monthly = money_of(f, "rural_monthly");
  r.care_full = money_of(f, "care_full");
  r.care_partial = money_of(f, "care_partial");
  r.care_none = money_of(f, "care_none");
  r.minor_age = whole_of(f, "minor_age");
  r.elderly_age = whole_of(f, "elderly_age");
  return r;
}
TemporaryRules to_temporary(const Folded& f) {
  TemporaryRules r;
  if (const Value* v = f.get("township_limit")) r.township_limit = v->limit;
  r.cap_months = whole_of(f, "cap_months", 1);
  return r;
}
PriceSubsidyRules to_price_subsidy(const Folded& f) {
  PriceSubsidyRules r;
  if (const Value* v = f.get("mode"))
    r.mode = v->word == "indexed" ? PriceMode::kIndexed : PriceMode::kFixed;
  if (const Value* v = f.get("amount")) r.amount = v->money;
  if (const Value* v = f.get("trigger"))
    r.trigger = v->word == "always" ? PriceTrigger::kAlways : PriceTrigger::kIndex;
  r.cpi_threshold = decimal_of(f, "cpi_threshold");
  r.food_threshold = decimal_of(f, "food_threshold");
  r.lag_months = whole_of(f, "lag_months", 1);
  r.min_per_person = money_of(f, "min_per_person");
  return r;
}
BenefitCardRules to_benefit_card(const Folded& f) {
  BenefitCardRules r;
  if (const Value* v = f.get("amounts")) {
    r.tier_a = v->tiers[0];
    r.tier_b = v->tiers[1];
    r.tier_c = v->tiers[2];
  }
  return r;
}
UtilitiesRules to_utilities(const Folded& f) {
  UtilitiesRules r;
  r.areas = areas_of(f);
  r.electricity_kwh = decimal_of(f, "electricity_kwh");
  r.electricity_price = decimal_of(f, "electricity_price");
  r.water_tons = decimal_of(f, "water_tons");
  r.water_price = decimal_of(f, "water_price");
  r.gas_amount = money_of(f, "gas_amount");
  return r;
}
HeatingRules to_heating(const Folded& f) {
  HeatingRules r;
  r.areas = areas_of(f);
  r.payment_month = whole_of(f, "payment_month");
  r.central_price = money_of(f, "central_price");
  r.central_area_cap = decimal_of(f, "central_area_cap");
  if (const Value* v = f.get("self_amounts")) r.self_amounts = v->monies;
  r.round = rounding_of(f);
  return r;
}
HolidayRules to_holiday(const Folded& f) {
  HolidayRules r;
  r.payment_month = whole_of(f, "payment_month");
  r.cash_per_household = money_of(f, "cash_per_household");
  r.cash_per_tekun_person = money_of(f, "cash_per_tekun_person");
  r.goods_per_household = money_of(f, "goods_per_household");
  return r;
}
InsurancePremiumRules to_insurance_premium(const Folded& f) {
  InsurancePremiumRules r;
  r.payment_month = whole_of(f, "payment_month");
  r.amount_per_person = money_of(f, "amount_per_person");
  return r;
}
EducationRules to_education(const Folded& f) {
  EducationRules r;
  r.payment_month = whole_of(f, "payment_month");
  r.high_school = money_of(f, "high_school");
  r.university = money_of(f, "university");
  return r;
}
FeeWaiverRules to_fee_waiver(const Folded& f) {
  FeeWaiverRules r;
  r.areas = areas_of(f);
  r.sanitation = money_of(f, "sanitation");
  r.garbage = money_of(f, "garbage");
  return r;
}

template <class T, class Convert>
void put(std::optional<InEffect<T>>& slot, const Rules::Impl* impl, int id, YearMonth m,
         std::optional<Date> as_of, Convert convert) {
  if (!impl) return;
  Folded f = fold_table(impl->tables[id], m, as_of);
  if (!f.last || !f.enabled) return;
  slot = InEffect<T>{convert(f), f.last->ref(table_specs()[id].name)};
}

// The default of a key without one given, as `rules show` prints it; nullopt when the key is
// not applicable (price_subsidy's amount in indexed mode, thresholds with trigger = always).
std::optional<std::string> shown_default(int id, std::string_view key) {
  if (id == kDibaoTable && key == "min_payment") return "0.00";
  if (id == kPriceSubsidyTable) {
    if (key == "trigger") return "index";
    if (key == "lag_months") return "1";
    if (key == "min_per_person") return "0.00";
  }
  return std::nullopt;
}

}  // namespace

MonthRules Rules::fold(YearMonth m, std::optional<Date> as_of) const {
  MonthRules r;
  r.month = m;
  r.as_of = as_of;
  const Impl* i = impl.get();
  put(r.dibao, i, kDibaoTable, m, as_of, to_dibao);
  put(r.tekun, i, kTekunTable, m, as_of, to_tekun);
  put(r.temporary, i, kTemporaryTable, m, as_of, to_temporary);
  put(r.price_subsidy, i, kPriceSubsidyTable, m, as_of, to_price_subsidy);
  put(r.benefit_card, i, kBenefitCardTable, m, as_of, to_benefit_card);
  put(r.utilities, i, kUtilitiesTable, m, as_of, to_utilities);
  put(r.heating, i, kHeatingTable, m, as_of, to_heating);
  put(r.holiday, i, kHolidayTable, m, as_of, to_holiday);
  put(r.insurance_premium, i, kInsurancePremiumTable, m, as_of, to_insurance_premium);
  put(r.education, i, kEducationTable, m, as_of, to_education);
  put(r.fee_waiver, i, kFeeWaiverTable, m, as_of, to_fee_waiver);
  r.price_index = &price_index;
  return r;
}

MonthRules Rules::for_month(YearMonth m, std::optional<Date> as_of) const {
  MonthRules r = fold(m, as_of);
  for (int id : {kDibaoTable, kTekunTable}) {
    if (id == kDibaoTable ? r.dibao.has_value() : r.tekun.has_value()) continue;
    std::string_view name = table_specs()[id].name;
    std::string when = m.str() + (as_of ? " as of " + as_of->str() : "");
    Folded f;
    if (impl) f = fold_table(impl->tables[id], m, as_of);
    if (f.last && !f.enabled) {
      throw FatalError(file, f.enabled_from->line, 0,
                       fmt::format("[[{}]] is switched off (enabled = false) for {}", name, when));
    }
    throw FatalError(file, 0, 0, fmt::format("no [[{}]] version in effect for {}", name, when));
  }
  return r;
}

std::vector<ShownParam> Rules::show(YearMonth m, std::optional<Date> as_of) const {
  std::vector<ShownParam> out;
  for (int id = 0; id < kTableCount && impl; ++id) {
    const TableSpec& spec = table_specs()[id];
    Folded f = fold_table(impl->tables[id], m, as_of);
    if (!f.last) {
      ShownParam p{std::string(spec.name), "-", "not in effect", {}};
      p.from.table = spec.name;
      out.push_back(p);
      continue;
    }
    if (!f.enabled) {
      out.push_back({std::string(spec.name), "enabled", "false", f.enabled_from->ref(spec.name)});
      continue;
    }
    for (const KeySpec& k : spec.keys) {
      auto it = f.values.find(k.name);
      if (it != f.values.end() && it->second.first->ok) {
        out.push_back({std::string(spec.name), std::string(k.name), it->second.first->shown(k.type),
                       it->second.second->ref(spec.name)});
      } else if (auto d = shown_default(id, k.name)) {
        ShownParam p{std::string(spec.name), std::string(k.name), *d, {}};
        p.from.table = spec.name;
        p.is_default = true;
        out.push_back(p);
      }
    }
    if (id == kPriceSubsidyTable) {
      PriceSubsidyRules ps = to_price_subsidy(f);
      if (ps.trigger == PriceTrigger::kIndex || ps.mode == PriceMode::kIndexed) {
        YearMonth im = m.plus(-ps.lag_months);
        MonthRules mr;
        mr.price_index = &price_index;
        if (const PriceIndex* pi = mr.index_for(im)) {
          VersionRef ref{"price_index", im, std::nullopt, "", pi->line};
          out.push_back({"price_index", "cpi_yoy", pi->cpi_yoy.str(), ref});
          out.push_back({"price_index", "food_yoy", pi->food_yoy.str(), ref});
        } else {
          ShownParam p{"price_index", im.str(), "missing", {}};
          p.from.table = "price_index";
          out.push_back(p);
        }
      }
    }
  }
  auto add_meta = [&](std::string_view key, const std::string& value) {
    if (value.empty()) return;
    ShownParam p{"meta", std::string(key), value, {}};
    p.from.table = "meta";
    out.push_back(p);
  };
  add_meta("jurisdiction", meta.jurisdiction);
  add_meta("region_code", meta.region_code);
  add_meta("insurer_name", meta.insurer_name);
  add_meta("insurer_account", meta.insurer_account);
  return out;
}

std::string_view Rules::label(Item i) const {
  auto it = labels.find(std::string(info(i).code));
  return it == labels.end() ? info(i).default_name : std::string_view(it->second);
}

Money MonthRules::standard(Area a) const {
  if (!dibao) return Money{};
  if (a == Area::kUrban) return dibao->params.urban_monthly;
  return multiply_ratio(dibao->params.rural_annual, 1, 12, {RoundUnit::kFen, RoundMode::kHalfUp});
}

std::vector<std::string> MonthRules::version_refs() const {
  std::vector<std::string> out;
  auto add = [&](const auto& slot) {
    if (slot) out.push_back(slot->ref.str());
  };
  add(dibao);
  add(tekun);
  add(temporary);
  add(price_subsidy);
  add(benefit_card);
  add(utilities);
  add(heating);
  add(holiday);
  add(insurance_premium);
  add(education);
  add(fee_waiver);
  return out;
}

const PriceIndex* MonthRules::index_for(YearMonth m) const {
  if (!price_index) return nullptr;
  auto it = std::lower_bound(price_index->begin(), price_index->end(), m,
                             [](const PriceIndex& p, YearMonth x) { return p.month < x; });
  return it != price_index->end() && it->month == m ? &*it : nullptr;
}

}  // namespace benefitroll
