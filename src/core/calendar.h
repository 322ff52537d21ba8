// YearMonth and Date: the calendar values of the roll (run month, as-of day, births, deaths).
// Parsing is strict (real dates only); no clock is ever read.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace benefitroll {

/// A calendar month, 1900-01 to 2199-12 when parsed from text.
struct YearMonth {
  int year = 0;
  int month = 0;  // 1..12
  /// "YYYY-MM", a real month between 1900-01 and 2199-12.
  static std::optional<YearMonth> parse(std::string_view text);
  std::string str() const;
  /// Months from this to other (other − this); 0 when equal.
  int months_until(YearMonth other) const {
    return (other.year - year) * 12 + (other.month - month);
  }
  YearMonth plus(int months) const;
  auto operator<=>(const YearMonth&) const = default;
};

/// A calendar day.
struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  /// "YYYY-MM-DD", a real date (years 1000-9999).
  static std::optional<Date> parse(std::string_view text);
  /// A real date from its parts, or nullopt.
  static std::optional<Date> make(int y, int m, int d);
  std::string str() const;
  YearMonth year_month() const { return {year, month}; }
  auto operator<=>(const Date&) const = default;
};

int days_in_month(int year, int month);

/// Whole years from birth to the first day of month m (0 if born after it).
int age_at(Date birth, YearMonth m);

}  // namespace benefitroll
