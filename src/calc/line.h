// Line: one benefit item for one beneficiary in one month, as the calculators produce it and
// the ledgers write it. Text fields point into the input tables' pools or the rules.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/item.h"
#include "core/money.h"
#include "input/rows.h"

namespace benefitroll {

/// How an amount was computed, kept as numbers and formatted only when written (`basis`).
struct Basis {
  enum class Kind : uint8_t {
    kNone,
    kDibaoGap,       // a=S, n, b=income, c=deduction, d=gap, e=min_payment
    kGrace,          // a=grace_amount, n=percent
    kStandard,       // a=the standard (tekun basic, care, fixed amounts)
    kQuantityPrice,  // q × p (q capped at cap when capped): electricity, water, central heating
    kPercentOf,      // a=S × q% (price index rise), e=min_per_person when it applied
    kSum,            // a + b (fee waiver: sanitation + garbage)
    kPerPersons,     // the amount for a household of n counted persons (self heating)
  };
  Kind kind = Kind::kNone;
  int n = 0;
  Money a, b, c, d, e;
  Decimal q, p, cap;
  bool capped = false;
  bool rounded = false;    // the exact value was rounded to the amount
  bool min_applied = false;
};

/// Where a line's hold comes from; kNone for ledger lines.
enum class HoldReason : uint8_t {
  kNone, kMemberRejected, kDuplicatePerson, kTekunAndDibao, kMissingAccount,
  kCaseAboveCap, kCaseNeedsApproval,
};
std::string_view to_code(HoldReason r);

struct Line {
  Item item = Item::kDibao;
  Form form = Form::kCash;
  HoldReason hold = HoldReason::kNone;
  // The area of the line's household (summary.csv's area scope); unknown for a case without
  // a household, which counts under no area.
  bool area_known = false;
  Area area = Area::kUrban;
  std::string_view household_id, person_id, street, community;
  std::string_view payee_name, payee_account, payee_id;
  std::string_view ref;          // case id
  const std::string* rule = nullptr;  // "dibao@2020-01+2019-12-20"
  Money amount;
  int persons = 0;  // counted persons of the line's household (summary.csv)
  Basis basis;
};

/// The `basis` column: the computation in numbers, e.g. `710.00×3−1200.00=930.00`.
std::string format_basis(const Line& line);

/// Ledger order: household_id, person_id, item (catalogue order), ref; byte comparison.
inline bool ledger_less(const Line& x, const Line& y) {
  if (x.household_id != y.household_id) return x.household_id < y.household_id;
  if (x.person_id != y.person_id) return x.person_id < y.person_id;
  if (x.item != y.item) return x.item < y.item;
  return x.ref < y.ref;
}

}  // namespace benefitroll
