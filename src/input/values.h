// The value types of inputs.md (money, month, flag, resident ID, text, ...): checks of one trimmed
// value, with a message naming what was expected. Knows nothing of CSV or of columns.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/calendar.h"
#include "core/issue.h"
#include "core/money.h"

namespace benefitroll {

// Each check returns the value, or nullopt and sets *why (Chinese and English).

std::optional<Money> money_value(std::string_view v, Text* why);
/// Money above zero (a case's amount).
std::optional<Money> positive_money_value(std::string_view v, Text* why);
/// An area in m²: 1-9 digits, optionally '.' and 1-2 digits.
std::optional<Decimal> area_value(std::string_view v, Text* why);
std::optional<YearMonth> month_value(std::string_view v, Text* why);
std::optional<Date> date_value(std::string_view v, Text* why);
/// y / n, also Y, N, 1, 0, 是, 否.
std::optional<bool> flag_value(std::string_view v, Text* why);
/// A resident ID valid for run month m; the result is the ID with 'x' made 'X', in `buffer`.
std::optional<std::string_view> resident_id_value(std::string_view v, YearMonth m,
                                                  char (&buffer)[18], Text* why);
/// 6 to 32 digits.
std::optional<std::string_view> account_value(std::string_view v, Text* why);
/// At most 200 code points, no control character, not beginning with = + - @.
std::optional<std::string_view> text_value(std::string_view v, Text* why);
/// households.csv's key: 1-40 of A-Z a-z 0-9 - _, beginning with a letter or a digit.
std::optional<std::string_view> household_key_value(std::string_view v, Text* why);
/// A disability grade 1-4.
std::optional<int> grade_value(std::string_view v, Text* why);
/// A year YYYY, 1900-2199.
std::optional<int> year_value(std::string_view v, Text* why);
/// A number of persons: 1 or 2 digits, 1-20.
std::optional<int> persons_value(std::string_view v, Text* why);
/// A classified-assistance tier: A, B or C.
std::optional<char> tier_value(std::string_view v, Text* why);

/// One word of an enumeration (English or Chinese) and the value it stands for.
struct Word {
  std::string_view text;
  uint8_t value;
};
/// The value of the word equal to v (case-sensitive).
std::optional<uint8_t> word_value(std::string_view v, std::span<const Word> words, Text* why);

/// A value as shown inside a message: control characters escaped, cut after 40 characters.
std::string shown_value(std::string_view v);

}  // namespace benefitroll
