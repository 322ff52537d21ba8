// The subsidy catalogue: rules.md, "[[price_subsidy]]" to "[[fee_waiver]]". One block per
// item, in catalogue order; each names the rule it implements.
#include <fmt/format.h>

#include "calc/calculators.h"

namespace benefitroll {

PriceMonth price_month(const MonthRules& rules, const std::string& rules_file) {
  PriceMonth p;
  if (!rules.price_subsidy) return p;
  p.in_effect = true;
  const PriceSubsidyRules& ps = rules.price_subsidy->params;
  const bool needs_index = ps.trigger == PriceTrigger::kIndex || ps.mode == PriceMode::kIndexed;
  if (!needs_index) {
    p.triggered = true;
    return p;
  }
  const YearMonth look = rules.month.plus(-ps.lag_months);
  const PriceIndex* idx = nullptr;
  if (rules.price_index)
    for (const PriceIndex& i : *rules.price_index)
      if (i.month == look) idx = &i;
  if (!idx)
    throw FatalError(rules_file, 0, 0,
                     fmt::format("no [[price_index]] for {} (month {} with lag_months = {}): the "
                                 "price subsidy cannot be decided; add the index and run again",
                                 look.str(), rules.month.str(), ps.lag_months));
  const bool cpi = idx->cpi_yoy >= ps.cpi_threshold;
  const bool food = idx->food_yoy >= ps.food_threshold;
  if (cpi) p.rise = idx->cpi_yoy;
  if (food && (!p.rise || idx->food_yoy > *p.rise)) p.rise = idx->food_yoy;
  p.triggered = ps.trigger == PriceTrigger::kAlways || cpi || food;
  return p;
}

void calc_subsidies(const HouseholdView& h, const Eligibility& e, const MonthRules& rules,
                    const PriceMonth& price, const RuleRefs& refs, const Meta& meta,
                    CalcResult& out) {
  const HouseholdRow& row = *h.row;
  const YearMonth m = rules.month;
  const bool regular = e.paid_dibao || e.tekun;  // "each paid dibao household and each tekun household"
  if (!regular) return;
  const Money s = rules.standard(row.area);
  auto line = [&](Item item, const std::string& rule, Money amount, std::string_view person) -> Line* {
    if (!amount.positive()) return nullptr;  // no line of 0.00
    Line l;
    l.item = item;
    l.form = info(item).form;
    l.household_id = row.household_id;
    l.person_id = person;
    l.street = row.street;
    l.community = row.community;
    l.rule = &rule;
    l.amount = amount;
    if (l.form == Form::kPremium) {
      l.payee_name = meta.insurer_name;
      l.payee_account = meta.insurer_account;
    }
    out.lines.push_back(l);
    return &out.lines.back();
  };
  // Counted persons: living covered members (dibao) or living tekun persons (tekun).
  auto counted = [&](const MemberRow& mem) {
    if (!is_living(mem, m)) return false;
    return e.paid_dibao ? mem.covered : mem.tekun;
  };

  // price_subsidy: each counted person, in a triggered month.
  if (rules.price_subsidy && price.triggered) {
    const PriceSubsidyRules& ps = rules.price_subsidy->params;
    Money amount;
    Basis b;
    if (ps.mode == PriceMode::kFixed) {
      amount = ps.amount.value_or(Money());
      b.kind = Basis::Kind::kStandard;
      b.a = amount;
    } else {
      // max(round(S × r / 100, yuan, half_up), min_per_person)
      const Rounding yuan_half_up{RoundUnit::kYuan, RoundMode::kHalfUp};
      amount = price.rise ? percent_of(s, *price.rise, yuan_half_up) : Money();
      b.kind = Basis::Kind::kPercentOf;
      b.a = s;
      b.q = price.rise.value_or(Decimal());
      b.e = ps.min_per_person;
      if (amount < ps.min_per_person) {
        amount = ps.min_per_person;
        b.min_applied = true;
      }
    }
    for (const MemberRow* mem : h.members)
      if (counted(*mem))
        if (Line* l = line(Item::kPriceSubsidy, refs.price_subsidy, amount, mem->person_id))
          l->basis = b;
  }

  // benefit_card: a paid dibao household with a classified tier, monthly.
  if (rules.benefit_card && e.paid_dibao && row.classified_tier) {
    const BenefitCardRules& bc = rules.benefit_card->params;
    const Money amount = row.classified_tier == 'A' ? bc.tier_a
                         : row.classified_tier == 'B' ? bc.tier_b
                                                      : bc.tier_c;
    if (Line* l = line(Item::kBenefitCard, refs.benefit_card, amount, {})) {
      l->basis.kind = Basis::Kind::kStandard;
      l->basis.a = amount;
    }
  }

  // electricity, water, gas: at home, in one of `areas`, monthly.
  if (rules.utilities && e.at_home && rules.utilities->params.areas.has(row.area)) {
    const UtilitiesRules& u = rules.utilities->params;
    const Rounding fen{RoundUnit::kFen, RoundMode::kHalfUp};
    if (Line* l = line(Item::kElectricity, refs.utilities,
                       multiply_decimals(u.electricity_kwh, u.electricity_price, fen), {})) {
      l->basis.kind = Basis::Kind::kQuantityPrice;
      l->basis.q = u.electricity_kwh;
      l->basis.p = u.electricity_price;
    }
    if (Line* l = line(Item::kWater, refs.utilities,
                       multiply_decimals(u.water_tons, u.water_price, fen), {})) {
      l->basis.kind = Basis::Kind::kQuantityPrice;
      l->basis.q = u.water_tons;
      l->basis.p = u.water_price;
    }
    if (Line* l = line(Item::kGas, refs.utilities, u.gas_amount, {})) {
      l->basis.kind = Basis::Kind::kStandard;
      l->basis.a = u.gas_amount;
    }
  }

  // heating: in payment_month, at home, in one of `areas`.
  if (rules.heating && m.month == rules.heating->params.payment_month && e.at_home &&
      rules.heating->params.areas.has(row.area)) {
    const HeatingRules& ht = rules.heating->params;
    if (row.heating == Heating::kCentral && row.heated_area) {
      // round(min(heated_area, central_area_cap) × central_price, round, round_mode)
      const bool capped = *row.heated_area > ht.central_area_cap;
      const Decimal area = capped ? ht.central_area_cap : *row.heated_area;
      if (Line* l = line(Item::kHeating, refs.heating, multiply(ht.central_price, area, ht.round), {})) {
        l->basis.kind = Basis::Kind::kQuantityPrice;
        l->basis.q = *row.heated_area;
        l->basis.cap = ht.central_area_cap;
        l->basis.capped = capped;
        l->basis.p = to_decimal(ht.central_price);
      }
    } else if (row.heating == Heating::kSelf && e.counted > 0 && !ht.self_amounts.empty()) {
      // self_amounts[min(persons, len) − 1]
      const size_t k = std::min(static_cast<size_t>(e.counted), ht.self_amounts.size()) - 1;
      if (Line* l = line(Item::kHeating, refs.heating, ht.self_amounts[k], {})) {
        l->basis.kind = Basis::Kind::kPerPersons;
        l->basis.n = e.counted;
      }
    }
  }

  // holiday_cash and holiday_goods: in payment_month.
  if (rules.holiday && m.month == rules.holiday->params.payment_month) {
    const HolidayRules& hd = rules.holiday->params;
    if (e.paid_dibao && row.classified_tier)
      if (Line* l = line(Item::kHolidayCash, refs.holiday, hd.cash_per_household, {})) {
        l->basis.kind = Basis::Kind::kStandard;
        l->basis.a = hd.cash_per_household;
      }
    if (e.tekun)  // each tekun person, at home or not
      for (const MemberRow* mem : h.members)
        if (mem->tekun && is_living(*mem, m))
          if (Line* l = line(Item::kHolidayCash, refs.holiday, hd.cash_per_tekun_person, mem->person_id)) {
            l->basis.kind = Basis::Kind::kStandard;
            l->basis.a = hd.cash_per_tekun_person;
          }
    if (e.at_home)
      if (Line* l = line(Item::kHolidayGoods, refs.holiday, hd.goods_per_household, {})) {
        l->basis.kind = Basis::Kind::kStandard;
        l->basis.a = hd.goods_per_household;
      }
  }

  // insurance_premium: in payment_month, each counted person, paid to the insurer.
  if (rules.insurance_premium && m.month == rules.insurance_premium->params.payment_month) {
    const Money amount = rules.insurance_premium->params.amount_per_person;
    for (const MemberRow* mem : h.members)
      if (counted(*mem))
        if (Line* l = line(Item::kInsurancePremium, refs.insurance_premium, amount, mem->person_id)) {
          l->basis.kind = Basis::Kind::kStandard;
          l->basis.a = amount;
        }
  }

  // education: in payment_month, each living member (covered or not) enrolling this year.
  if (rules.education && m.month == rules.education->params.payment_month) {
    const EducationRules& ed = rules.education->params;
    for (const MemberRow* mem : h.members) {
      if (!is_living(*mem, m) || mem->enrollment == Enrollment::kNone ||
          mem->enrollment_year != m.year)
        continue;
      const Money amount = mem->enrollment == Enrollment::kHighSchool ? ed.high_school : ed.university;
      if (Line* l = line(Item::kEducation, refs.education, amount, mem->person_id)) {
        l->basis.kind = Basis::Kind::kStandard;
        l->basis.a = amount;
      }
    }
  }

  // fee_waiver: at home, in one of `areas`, monthly: sanitation + garbage, form waiver.
  if (rules.fee_waiver && e.at_home && rules.fee_waiver->params.areas.has(row.area)) {
    const FeeWaiverRules& fw = rules.fee_waiver->params;
    if (Line* l = line(Item::kFeeWaiver, refs.fee_waiver, fw.sanitation + fw.garbage, {})) {
      l->basis.kind = Basis::Kind::kSum;
      l->basis.a = fw.sanitation;
      l->basis.b = fw.garbage;
    }
  }
}

}  // namespace benefitroll
