#include "core/calendar.h"

#include <fmt/format.h>

namespace benefitroll {

namespace {
std::optional<int> digits(std::string_view s) {
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}
}  // namespace

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2) {
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

std::optional<YearMonth> YearMonth::parse(std::string_view t) {
  if (t.size() != 7 || t[4] != '-') return std::nullopt;
  auto y = digits(t.substr(0, 4));
  auto m = digits(t.substr(5, 2));
  if (!y || !m || *m < 1 || *m > 12 || *y < 1900 || *y > 2199) return std::nullopt;
  return YearMonth{*y, *m};
}

std::string YearMonth::str() const { return fmt::format("{:04}-{:02}", year, month); }

YearMonth YearMonth::plus(int months) const {
  int total = year * 12 + (month - 1) + months;
  int y = total >= 0 ? total / 12 : -((-total + 11) / 12);
  return YearMonth{y, total - y * 12 + 1};
}

std::optional<Date> Date::make(int y, int m, int d) {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
    return std::nullopt;
  return Date{y, m, d};
}

std::optional<Date> Date::parse(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  auto y = digits(t.substr(0, 4));
  auto m = digits(t.substr(5, 2));
  auto d = digits(t.substr(8, 2));
  if (!y || !m || !d) return std::nullopt;
  return make(*y, *m, *d);
}

std::string Date::str() const { return fmt::format("{:04}-{:02}-{:02}", year, month, day); }

int age_at(Date birth, YearMonth m) {
  // On the first day of m: full years elapsed since birth.
  int age = m.year - birth.year;
  if (m.month < birth.month || (m.month == birth.month && 1 < birth.day)) --age;
  return age < 0 ? 0 : age;
}

}  // namespace benefitroll
