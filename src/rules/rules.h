// The rules model: every standards table with its versions, folded by month and as-of day into
// the typed parameters a calculator reads. The TOML loader (rules_loader.cc) fills it; nothing
// here reads files.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/item.h"
#include "core/money.h"
#include "input/rows.h"

namespace benefitroll {

/// The version of a table last folded in for a month: `table@from` or `table@from+announced`.
struct VersionRef {
  std::string table;
  YearMonth from;
  std::optional<Date> announced;
  std::string source;  // may be empty
  int line = 0;        // line of the version's [[table]] header in the rules file
  std::string str() const;
};

struct DibaoRules {
  Money urban_monthly, rural_annual;
  Rounding round;
  Money min_payment;
  Decimal rigid_expense_cap_ratio;
  std::vector<int> grace_schedule;  // whole percents 1..100
  Decimal monitor_ratio, income_drop_ratio;
};
struct TekunRules {
  Money urban_monthly, rural_monthly, care_full, care_partial, care_none;
  int minor_age = 0, elderly_age = 0;
};
enum class PriceMode { kFixed, kIndexed };
enum class PriceTrigger { kIndex, kAlways };
struct PriceSubsidyRules {
  PriceMode mode = PriceMode::kFixed;
  std::optional<Money> amount;
  PriceTrigger trigger = PriceTrigger::kIndex;
  Decimal cpi_threshold, food_threshold;  // percent
  int lag_months = 1;
  Money min_per_person;
};
struct PriceIndex {
  YearMonth month;
  Decimal cpi_yoy, food_yoy;  // percent
  int line = 0;
};
struct BenefitCardRules {
  Money tier_a, tier_b, tier_c;
};
struct AreaSet {
  bool urban = false, rural = false;
  bool has(Area a) const { return a == Area::kUrban ? urban : rural; }
};
struct UtilitiesRules {
  AreaSet areas;
  Decimal electricity_kwh, electricity_price, water_tons, water_price;
  Money gas_amount;
};
struct HeatingRules {
  AreaSet areas;
  int payment_month = 0;
  Money central_price;
  Decimal central_area_cap;
  std::vector<Money> self_amounts;
  Rounding round;
};
struct HolidayRules {
  int payment_month = 0;
  Money cash_per_household, cash_per_tekun_person, goods_per_household;
};
struct InsurancePremiumRules {
  int payment_month = 0;
  Money amount_per_person;
};
struct EducationRules {
  int payment_month = 0;
  Money high_school, university;
};
struct FeeWaiverRules {
  AreaSet areas;
  Money sanitation, garbage;
};
struct TemporaryRules {
  std::optional<Money> township_limit;  // nullopt = "none" (fully delegated)
  int cap_months = 1;
};

/// A table's parameters in effect for a month, with the reference of the last version folded in.
template <class T>
struct InEffect {
  T params;
  VersionRef ref;
};

/// Everything in effect for one month as of one day. A table absent here (no version in
/// effect, or `enabled = false`) pays nothing that month.
struct MonthRules {
  YearMonth month;
  std::optional<Date> as_of;
  std::optional<InEffect<DibaoRules>> dibao;
  std::optional<InEffect<TekunRules>> tekun;
  std::optional<InEffect<PriceSubsidyRules>> price_subsidy;
  std::optional<InEffect<BenefitCardRules>> benefit_card;
  std::optional<InEffect<UtilitiesRules>> utilities;
  std::optional<InEffect<HeatingRules>> heating;
  std::optional<InEffect<HolidayRules>> holiday;
  std::optional<InEffect<InsurancePremiumRules>> insurance_premium;
  std::optional<InEffect<EducationRules>> education;
  std::optional<InEffect<FeeWaiverRules>> fee_waiver;
  std::optional<InEffect<TemporaryRules>> temporary;
  const std::vector<PriceIndex>* price_index = nullptr;  // sorted by month, months unique

  /// The [[price_index]] entry of month m, or nullptr.
  const PriceIndex* index_for(YearMonth m) const;

  /// S: the dibao standard per person per month of an area (rural_annual / 12, half up to the fen).
  Money standard(Area a) const;
  /// References of every table in effect, in catalogue order (manifest rules.versions).
  std::vector<std::string> version_refs() const;
};

struct Meta {
  std::string jurisdiction, region_code, insurer_name, insurer_account;
};

/// One parameter as `rules show` prints it.
struct ShownParam {
  std::string table, key, value;  // value in its TOML text form: "710.00", "[100, 50]"
  VersionRef from;                // the version that gave the value
  bool is_default = false;        // no version gave it: the key's default (from.line is 0)
};

/// One problem found by the loader, `rules check` prints `file:line: error|warning: message`.
struct RulesProblem {
  bool error = true;
  int line = 0;
  std::string message;
};

class Rules {
 public:
  Meta meta;
  /// The item's name for the ledgers: [labels] or the catalogue default.
  std::string_view label(Item i) const;
  /// Folds every table for month m as of day d (every version when nullopt). Throws FatalError
  /// (exit 3) when [[dibao]] or [[tekun]] is not in effect.
  MonthRules for_month(YearMonth m, std::optional<Date> as_of) const;
  /// Like for_month but never throws: tables not in effect are simply absent.
  MonthRules fold(YearMonth m, std::optional<Date> as_of) const;
  /// Every parameter in effect for month m as of d, table by table, for `rules show`.
  std::vector<ShownParam> show(YearMonth m, std::optional<Date> as_of) const;

  // Filled by the loader.
  std::string file;  // display name, for messages
  std::map<std::string, std::string> labels;
  std::vector<PriceIndex> price_index;  // sorted by month
  struct Impl;
  std::shared_ptr<const Impl> impl;  // the versions of each table, as loaded
};

/// Loads and validates rules from TOML text. Every problem goes to `problems`; a problem with
/// error = true means the rules must not be used. A TOML syntax error is the only problem then.
Rules load_rules(std::string_view text, const std::string& display_name,
                 std::vector<RulesProblem>& problems);

/// load_rules that throws FatalError on the first error (what every command but `rules check` uses).
Rules load_rules_or_throw(std::string_view text, const std::string& display_name);

}  // namespace benefitroll
