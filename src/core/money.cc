#include "core/money.h"

#include <fmt/format.h>

#include <limits>

namespace benefitroll {

namespace {
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

int64_t checked(__int128 v) {
  if (v > kMax || v < kMin) throw MoneyOverflow("amount out of range");
  return static_cast<int64_t>(v);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Parses digits[.frac] into units of 10^-places; returns nullopt on any other form.
std::optional<int64_t> parse_fixed(std::string_view s, int max_int_digits, int max_places,
                                   int places) {
  size_t i = 0;
  int64_t v = 0;
  int int_digits = 0;
  while (i < s.size() && is_digit(s[i])) {
    v = v * 10 + (s[i] - '0');
    ++i;
    if (++int_digits > max_int_digits) return std::nullopt;
  }
  if (int_digits == 0) return std::nullopt;
  int frac_digits = 0;
  if (i < s.size()) {
    if (s[i] != '.') return std::nullopt;
    ++i;
    while (i < s.size() && is_digit(s[i])) {
      v = v * 10 + (s[i] - '0');
      ++i;
      ++frac_digits;
      if (frac_digits > max_places) return std::nullopt;
    }
    if (frac_digits == 0 || i != s.size()) return std::nullopt;
  }
  for (int k = frac_digits; k < places; ++k) v *= 10;
  return v;
}
}  // namespace

std::optional<RoundUnit> parse_round_unit(std::string_view s) {
  if (s == "fen") return RoundUnit::kFen;
  if (s == "jiao") return RoundUnit::kJiao;
  if (s == "yuan") return RoundUnit::kYuan;
  return std::nullopt;
}
std::optional<RoundMode> parse_round_mode(std::string_view s) {
  if (s == "half_up") return RoundMode::kHalfUp;
  if (s == "up") return RoundMode::kUp;
  if (s == "down") return RoundMode::kDown;
  return std::nullopt;
}
std::string_view to_string(RoundUnit u) {
  switch (u) {
    case RoundUnit::kFen: return "fen";
    case RoundUnit::kJiao: return "jiao";
    case RoundUnit::kYuan: return "yuan";
  }
  return "?";
}
std::string_view to_string(RoundMode m) {
  switch (m) {
    case RoundMode::kHalfUp: return "half_up";
    case RoundMode::kUp: return "up";
    case RoundMode::kDown: return "down";
  }
  return "?";
}

int64_t divide_rounded(__int128 num, __int128 den, RoundMode mode) {
  bool neg = num < 0;
  __int128 a = neg ? -num : num;
  __int128 q = a / den, r = a % den;
  switch (mode) {
    case RoundMode::kHalfUp:
      if (2 * r >= den) ++q;
      break;
    case RoundMode::kUp:
      if (r != 0) ++q;
      break;
    case RoundMode::kDown:
      break;
  }
  return checked(neg ? -q : q);
}

std::optional<Money> Money::parse(std::string_view text) {
  auto v = parse_fixed(text, 9, 2, 2);
  if (!v) return std::nullopt;
  return Money(*v);
}

std::optional<Money> Money::parse_signed(std::string_view text) {
  bool neg = !text.empty() && text[0] == '-';
  if (neg) text.remove_prefix(1);
  auto v = parse_fixed(text, 15, 2, 2);
  if (!v) return std::nullopt;
  return Money(neg ? -*v : *v);
}

std::string Money::str() const {
  // Digits written backwards into a buffer: this runs for every amount of every ledger line.
  // The magnitude as unsigned also holds INT64_MIN's.
  const bool neg = fen_ < 0;
  uint64_t u = neg ? 0 - static_cast<uint64_t>(fen_) : static_cast<uint64_t>(fen_);
  char buf[24];
  char* p = buf + sizeof buf;
  *--p = static_cast<char>('0' + u % 10);
  u /= 10;
  *--p = static_cast<char>('0' + u % 10);
  u /= 10;
  *--p = '.';
  do {
    *--p = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (neg) *--p = '-';
  return std::string(p, buf + sizeof buf);
}

Money Money::operator+(Money o) const { return Money(checked(__int128(fen_) + o.fen_)); }
Money Money::operator-(Money o) const { return Money(checked(__int128(fen_) - o.fen_)); }
Money Money::operator*(int64_t k) const { return Money(checked(__int128(fen_) * k)); }

Money round(Money m, Rounding r) {
  int64_t unit = r.unit == RoundUnit::kFen ? 1 : r.unit == RoundUnit::kJiao ? 10 : 100;
  if (unit == 1) return m;
  return Money::fen(checked(__int128(divide_rounded(m.fen(), unit, r.mode)) * unit));
}

std::optional<Decimal> Decimal::parse(std::string_view text, int max_places, bool allow_sign) {
  bool neg = !text.empty() && text[0] == '-';
  if (neg) {
    if (!allow_sign) return std::nullopt;
    text.remove_prefix(1);
  }
  auto v = parse_fixed(text, 12, max_places, 4);
  if (!v) return std::nullopt;
  return Decimal(neg ? -*v : *v);
}

std::string Decimal::str() const {
  __int128 v = units_;
  bool neg = v < 0;
  if (neg) v = -v;
  auto whole = static_cast<uint64_t>(v / kScale);
  auto frac = static_cast<unsigned>(v % kScale);
  std::string out = fmt::format("{}{}", neg ? "-" : "", whole);
  if (frac != 0) {
    std::string f = fmt::format("{:04}", frac);
    while (!f.empty() && f.back() == '0') f.pop_back();
    out += "." + f;
  }
  return out;
}

Money multiply(Money m, Decimal d, Rounding r) {
  // m (fen) × d (1/10000): the exact product in 1/10000 fen, rounded once to the unit.
  int64_t unit = r.unit == RoundUnit::kFen ? 1 : r.unit == RoundUnit::kJiao ? 10 : 100;
  __int128 num = __int128(m.fen()) * d.units();
  return Money::fen(
      checked(__int128(divide_rounded(num, __int128(Decimal::kScale) * unit, r.mode)) * unit));
}

Money multiply_ratio(Money m, int64_t num, int64_t den, Rounding r) {
  int64_t unit = r.unit == RoundUnit::kFen ? 1 : r.unit == RoundUnit::kJiao ? 10 : 100;
  __int128 n = __int128(m.fen()) * num;
  return Money::fen(checked(__int128(divide_rounded(n, __int128(den) * unit, r.mode)) * unit));
}

int compare_with_product(Money a, Money m, Decimal d) {
  __int128 lhs = __int128(a.fen()) * Decimal::kScale;
  __int128 rhs = __int128(m.fen()) * d.units();
  return lhs < rhs ? -1 : lhs > rhs ? 1 : 0;
}

}  // namespace benefitroll

namespace benefitroll {
Money multiply_decimals(Decimal a, Decimal b, Rounding r) {
  // a × b is in 1/10^8 yuan = 1/10^6 fen; rounded once to the unit.
  int64_t unit = r.unit == RoundUnit::kFen ? 1 : r.unit == RoundUnit::kJiao ? 10 : 100;
  __int128 num = __int128(a.units()) * b.units();
  __int128 den = __int128(Decimal::kScale) * Decimal::kScale / 100 * unit;
  return Money::fen(checked(__int128(divide_rounded(num, den, r.mode)) * unit));
}
}  // namespace benefitroll

namespace benefitroll {
Money percent_of(Money m, Decimal pct, Rounding r) {
  // m (fen) × pct (1/10000 percent) / 100 → 1/10^6 fen.
  int64_t unit = r.unit == RoundUnit::kFen ? 1 : r.unit == RoundUnit::kJiao ? 10 : 100;
  __int128 num = __int128(m.fen()) * pct.units();
  __int128 den = __int128(Decimal::kScale) * 100 * unit;
  return Money::fen(checked(__int128(divide_rounded(num, den, r.mode)) * unit));
}
}  // namespace benefitroll
