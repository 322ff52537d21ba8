// Money: exact amounts in int64 fen, decimals as scaled integers, and named rounding.
// No floating point anywhere; nothing here knows about files or the command line.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace benefitroll {

/// Raised when an amount would leave int64 (an error, never a wrap).
struct MoneyOverflow : std::overflow_error {
  using std::overflow_error::overflow_error;
};

/// The unit an amount is rounded to, and how.
enum class RoundUnit { kFen, kJiao, kYuan };
enum class RoundMode { kHalfUp, kUp, kDown };
struct Rounding {
  RoundUnit unit = RoundUnit::kFen;
  RoundMode mode = RoundMode::kHalfUp;
  bool operator==(const Rounding&) const = default;
};
std::optional<RoundUnit> parse_round_unit(std::string_view s);
std::optional<RoundMode> parse_round_mode(std::string_view s);
std::string_view to_string(RoundUnit u);
std::string_view to_string(RoundMode m);

/// Divides num by den (den > 0) to an integer with the mode: half_up rounds .5 away from zero,
/// up rounds any remainder away from zero, down truncates toward zero.
int64_t divide_rounded(__int128 num, __int128 den, RoundMode mode);

/// An amount of money in fen (0.01 yuan). Made only from fen or from exact decimal text.
class Money {
 public:
  constexpr Money() = default;
  static constexpr Money fen(int64_t f) { return Money(f); }
  static constexpr Money yuan(int64_t y) { return Money(y * 100); }
  /// Parses the input form of inputs.md: 1-9 digits, optionally '.' and 1-2 digits; no sign.
  static std::optional<Money> parse(std::string_view text);
  /// Like parse, but also accepts a leading '-' and up to 15 integer digits (rules, arrears).
  static std::optional<Money> parse_signed(std::string_view text);

  constexpr int64_t fen() const { return fen_; }
  /// "1234.56", "-40.00": always two decimals, no separators.
  std::string str() const;

  Money operator+(Money o) const;
  Money operator-(Money o) const;
  Money operator*(int64_t k) const;
  Money& operator+=(Money o) { return *this = *this + o; }
  Money& operator-=(Money o) { return *this = *this - o; }
  constexpr auto operator<=>(const Money&) const = default;
  constexpr bool operator==(const Money&) const = default;
  constexpr bool positive() const { return fen_ > 0; }
  constexpr bool zero() const { return fen_ == 0; }

 private:
  explicit constexpr Money(int64_t f) : fen_(f) {}
  int64_t fen_ = 0;
};

/// Rounds an amount in fen to the unit with the mode (fen leaves it unchanged).
Money round(Money m, Rounding r);

/// A signed decimal with up to 4 places, held as an integer of 1/10000 (ratios, prices, indices).
class Decimal {
 public:
  static constexpr int64_t kScale = 10000;
  constexpr Decimal() = default;
  static constexpr Decimal units(int64_t u) { return Decimal(u); }
  static constexpr Decimal integer(int64_t i) { return Decimal(i * kScale); }
  /// "3.5", "-0.5", "0.525", "12": optional '-', 1-12 digits, optionally '.' and 1..max_places
  /// digits (max_places at most 4).
  static std::optional<Decimal> parse(std::string_view text, int max_places = 4,
                                      bool allow_sign = true);
  constexpr int64_t units() const { return units_; }
  std::string str() const;  // shortest exact form: "0.525", "3.5", "60"
  constexpr auto operator<=>(const Decimal&) const = default;
  constexpr bool operator==(const Decimal&) const = default;

 private:
  explicit constexpr Decimal(int64_t u) : units_(u) {}
  int64_t units_ = 0;
};

/// m × d, exact, then rounded once to the unit with the mode (a price × quantity, a ratio × S).
Money multiply(Money m, Decimal d, Rounding r);
/// m × num / den, exact, then rounded once (e.g. grace_amount × percent / 100, annual / 12).
Money multiply_ratio(Money m, int64_t num, int64_t den, Rounding r);
/// Exact comparison of an amount with m × d, without rounding: -1, 0 or 1 like <=>.
int compare_with_product(Money a, Money m, Decimal d);

}  // namespace benefitroll

namespace benefitroll {
/// a × b, two decimals giving yuan (kWh × yuan per kWh), exact, then rounded once.
Money multiply_decimals(Decimal a, Decimal b, Rounding r);
}  // namespace benefitroll

namespace benefitroll {
/// m × pct / 100, exact, then rounded once (S × the price rise in percent).
Money percent_of(Money m, Decimal pct, Rounding r);
/// An amount as a Decimal (yuan), for showing it beside quantities.
inline Decimal to_decimal(Money m) { return Decimal::units(m.fen() * 100); }
}  // namespace benefitroll
