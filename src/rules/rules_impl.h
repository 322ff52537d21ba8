// The loaded form of the rules file shared by the loader and the folding code: every table's
// key catalogue, and its versions with their checked values. Not for use outside src/rules/.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rules.h"

namespace benefitroll {

/// What a key holds, and so how it is read and printed.
enum class KeyType : uint8_t {
  kMoney,    // amount ≥ 0: "710.00" or 710 (yuan)
  kDecimal,  // decimal ≥ 0, up to 4 places
  kSignedDecimal,
  kUnitDecimal,  // decimal from 0 to 1
  kWhole,        // TOML integer within [min, max]
  kRoundUnit,    // fen / jiao / yuan
  kRoundMode,    // half_up / up / down
  kPriceMode,    // fixed / indexed
  kTrigger,      // index / always
  kPercents,     // array of whole percents 1..100
  kAreas,        // array of urban / rural
  kTiers,        // { A = money, B = money, C = money }
  kMoneyList,    // non-empty array of money
  kLimit,        // money or "none"
};

struct KeySpec {
  std::string_view name;
  KeyType type;
  bool required = true;      // the first version must give it (no default)
  int64_t min = 0, max = 0;  // kWhole only
};

struct TableSpec {
  std::string_view name;
  std::vector<KeySpec> keys;
};

/// The versioned tables in catalogue order (the order of MonthRules and of version_refs).
enum TableId : int {
  kDibaoTable,
  kTekunTable,
  kTemporaryTable,
  kPriceSubsidyTable,
  kBenefitCardTable,
  kUtilitiesTable,
  kHeatingTable,
  kHolidayTable,
  kInsurancePremiumTable,
  kEducationTable,
  kFeeWaiverTable,
};
constexpr int kTableCount = 11;

const std::array<TableSpec, kTableCount>& table_specs();
std::optional<int> table_id(std::string_view name);
const KeySpec* find_key(const TableSpec& t, std::string_view key);

/// One checked value; only the members its KeyType uses are set.
struct Value {
  bool ok = false;  // false: the value was given but is bad (an error was reported)
  int line = 0;
  Money money;
  Decimal decimal;
  int64_t whole = 0;
  std::string word;  // enum words; "none" for a kLimit of none
  std::vector<int> percents;
  std::vector<Money> monies;
  AreaSet areas;
  std::array<Money, 3> tiers;
  std::optional<Money> limit;
  /// The value as `rules show` prints it: 710.00, 0.525, [100, 50], [urban], {A = 50.00, ...}.
  std::string shown(KeyType type) const;
};

struct Version {
  std::optional<YearMonth> from;  // nullopt: missing or bad (an error was reported)
  std::optional<Date> announced;
  std::string source;
  bool has_source = false;
  std::optional<bool> enabled;                       // given, and valid
  int line = 0;                                      // line of the [[table]] header
  std::map<std::string, Value, std::less<>> values;  // every key given (bad ones too)
  VersionRef ref(std::string_view table) const;
};

/// The versions of one table, sorted by (from, announced), a version without announced first.
struct TableVersions {
  std::vector<Version> versions;
};

/// The fold of one table: for each key, the value and the version that gave it.
struct Folded {
  const Version* last = nullptr;  // nullptr: no version in effect
  bool enabled = true;
  const Version* enabled_from = nullptr;  // the version that set `enabled`, if any did
  std::map<std::string_view, std::pair<const Value*, const Version*>> values;
  const Value* get(std::string_view key) const {
    auto it = values.find(key);
    return it == values.end() || !it->second.first->ok ? nullptr : it->second.first;
  }
};

/// A version counts for (m, as_of) when from ≤ m and (no announced, or no as_of, or announced ≤
/// as_of). Versions with a bad `from` never count.
bool counts(const Version& v, YearMonth m, std::optional<Date> as_of);

/// Folds the versions of a table that count for (m, as_of), in their sorted order.
Folded fold_table(const TableVersions& t, YearMonth m, std::optional<Date> as_of);

struct Rules::Impl {
  std::array<TableVersions, kTableCount> tables;
};

}  // namespace benefitroll
