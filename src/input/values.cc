#include "input/values.h"

#include <fmt/format.h>

#include "core/resident_id.h"

namespace benefitroll {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool all_digits(std::string_view v) {
  for (char c : v)
    if (!is_digit(c)) return false;
  return true;
}
bool is_ascii(std::string_view v) {
  for (char c : v)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}
size_t code_points(std::string_view v) {
  size_t n = 0;
  for (char c : v) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}
int small_number(std::string_view v) {
  int n = 0;
  for (char c : v) n = n * 10 + (c - '0');
  return n;
}

// "expected …, got 'v'" in both languages.
Text expected(std::string_view zh, std::string_view en, std::string_view v) {
  std::string s = shown_value(v);
  bool latin = !zh.empty() && static_cast<unsigned char>(zh[0]) < 0x80;  // 应为 y 或 n
  return {fmt::format("应为{}{}，实为 '{}'", latin ? " " : "", zh, s),
          fmt::format("expected {}, got '{}'", en, s)};
}

}  // namespace

std::string shown_value(std::string_view v) {
  constexpr size_t kMaxShown = 40;
  std::string out;
  size_t count = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    auto c = static_cast<unsigned char>(v[i]);
    if ((c & 0xC0) != 0x80 && ++count > kMaxShown) {
      out += "…";
      break;
    }
    if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else if (c == '\t')
      out += "\\t";
    else if (c < 0x20 || c == 0x7F)
      out += fmt::format("\\x{:02X}", c);
    else
      out += static_cast<char>(c);
  }
  return out;
}

std::optional<Money> money_value(std::string_view v, Text* why) {
  auto m = Money::parse(v);
  if (!m) *why = expected("金额，如 1234.56", "an amount like 1234.56", v);
  return m;
}

std::optional<Money> positive_money_value(std::string_view v, Text* why) {
  auto m = money_value(v, why);
  if (m && !m->positive()) {
    *why = expected("大于 0 的金额", "an amount above 0", v);
    return std::nullopt;
  }
  return m;
}

std::optional<Decimal> area_value(std::string_view v, Text* why) {
  size_t int_digits = 0;
  while (int_digits < v.size() && is_digit(v[int_digits])) ++int_digits;
  auto d = int_digits <= 9 ? Decimal::parse(v, 2, false) : std::nullopt;
  if (!d)
    *why = expected("面积（平方米），如 85.5，至多 2 位小数",
                    "an area in m² like 85.5, with at most 2 decimals", v);
  return d;
}

std::optional<YearMonth> month_value(std::string_view v, Text* why) {
  auto m = YearMonth::parse(v);
  if (!m)
    *why = expected("年月，如 2020-09（1900-01 至 2199-12）",
                    "a month like 2020-09 (1900-01 to 2199-12)", v);
  return m;
}

std::optional<Date> date_value(std::string_view v, Text* why) {
  auto d = Date::parse(v);
  if (!d) *why = expected("真实的日期，如 2020-09-15", "a real date like 2020-09-15", v);
  return d;
}

std::optional<bool> flag_value(std::string_view v, Text* why) {
  if (v == "y" || v == "Y" || v == "1" || v == "是") return true;
  if (v == "n" || v == "N" || v == "0" || v == "否") return false;
  *why = expected("y 或 n（也可为 Y、N、1、0、是、否）", "y or n (also Y, N, 1, 0, 是, 否)", v);
  return std::nullopt;
}

std::optional<std::string_view> resident_id_value(std::string_view v, YearMonth m,
                                                  char (&buffer)[18], Text* why) {
  // The ID itself is never put in a message: the value column carries it, masked by writers.
  switch (check_resident_id(v, m, nullptr)) {
    case IdProblem::kOk:
      std::copy(v.begin(), v.end(), buffer);
      if (buffer[17] == 'x') buffer[17] = 'X';
      return std::string_view(buffer, 18);
    case IdProblem::kForm: {
      size_t n = code_points(v);
      std::string zh = "应为 18 位身份证号（17 位数字加校验码 0-9 或 X）";
      std::string en = "expected a resident ID of 18 characters (17 digits and a check character "
                       "0-9 or X)";
      if (n != 18 || v.size() != 18) {
        *why = {fmt::format("{}，实为 {} 个字符", zh, n),
                fmt::format("{}, got {} characters", en, n)};
      } else {
        size_t k = 0;
        while (k < 17 && is_digit(v[k])) ++k;
        if (k < 17)
          *why = {fmt::format("{}，第 {} 位不是数字", zh, k + 1),
                  fmt::format("{}, character {} is not a digit", en, k + 1)};
        else
          *why = {zh + "，第 18 位不是数字或 X", en + ", character 18 is not a digit or X"};
      }
      return std::nullopt;
    }
    case IdProblem::kCheck:
      *why = {"身份证号的校验码与前 17 位不符",
              "the resident ID's check character does not match its first 17 digits"};
      return std::nullopt;
    case IdProblem::kBirthDate:
      *why = {"身份证号第 7-14 位的出生日期不存在",
              "the resident ID's birth date (characters 7-14) is not a real date"};
      return std::nullopt;
    case IdProblem::kBirthAfterMonth:
      *why = {fmt::format("身份证号中的出生日期晚于发放月份 {}", m.str()),
              fmt::format("the resident ID's birth date is after the run month {}", m.str())};
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string_view> account_value(std::string_view v, Text* why) {
  // Like IDs, the account is left out of the message.
  if (!all_digits(v)) {
    *why = {"应为 6 至 32 位数字的账号，实为含有非数字字符",
            "expected an account of 6 to 32 digits, got a character that is not a digit"};
    return std::nullopt;
  }
  if (v.size() < 6 || v.size() > 32) {
    *why = {fmt::format("应为 6 至 32 位数字的账号，实为 {} 位", v.size()),
            fmt::format("expected an account of 6 to 32 digits, got {} digits", v.size())};
    return std::nullopt;
  }
  return v;
}

std::optional<std::string_view> text_value(std::string_view v, Text* why) {
  constexpr size_t kMaxText = 200;
  size_t n = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    auto c = static_cast<unsigned char>(v[i]);
    uint32_t control = 0x110000;  // none
    if (c < 0x20 || c == 0x7F)
      control = c;
    else if (c == 0xC2 && i + 1 < v.size() && static_cast<unsigned char>(v[i + 1]) <= 0x9F)
      control = static_cast<unsigned char>(v[i + 1]);  // U+0080-U+009F
    if (control != 0x110000) {
      *why = {fmt::format("文字中不得含有换行等控制字符（含有 U+{:04X}）", control),
              fmt::format("text must not hold control characters such as line breaks (found "
                          "U+{:04X})",
                          control)};
      return std::nullopt;
    }
    n += (c & 0xC0) != 0x80;
  }
  if (n > kMaxText) {
    *why = {fmt::format("文字至多 {} 个字符，实为 {} 个", kMaxText, n),
            fmt::format("expected text of at most {} characters, got {}", kMaxText, n)};
    return std::nullopt;
  }
  char first = v.empty() ? '\0' : v[0];
  if (first == '=' || first == '+' || first == '-' || first == '@') {
    *why = {fmt::format("文字不得以 '{}' 开头（电子表格会将其当作公式执行）", first),
            fmt::format("text must not begin with '{}' (a spreadsheet would run it as a formula)",
                        first)};
    return std::nullopt;
  }
  return v;
}

std::optional<std::string_view> household_key_value(std::string_view v, Text* why) {
  auto word = [](char c) {
    return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  };
  bool ok = !v.empty() && v.size() <= 40 && word(v[0]);
  for (size_t i = 1; ok && i < v.size(); ++i) ok = word(v[i]) || v[i] == '-' || v[i] == '_';
  if (!ok)
    *why = expected("户编号：1 至 40 位字母、数字、'-' 或 '_'，以字母或数字开头",
                    "a household id of 1 to 40 letters, digits, '-' or '_', beginning with a "
                    "letter or digit",
                    v);
  return ok ? std::optional<std::string_view>(v) : std::nullopt;
}

std::optional<int> grade_value(std::string_view v, Text* why) {
  if (v.size() == 1 && v[0] >= '1' && v[0] <= '4') return v[0] - '0';
  *why = expected("残疾等级 1、2、3 或 4", "a disability grade 1, 2, 3 or 4", v);
  return std::nullopt;
}

std::optional<int> year_value(std::string_view v, Text* why) {
  if (v.size() == 4 && all_digits(v)) {
    int y = small_number(v);
    if (y >= 1900 && y <= 2199) return y;
  }
  *why = expected("年份，如 2020（1900 至 2199）", "a year like 2020 (1900 to 2199)", v);
  return std::nullopt;
}

std::optional<int> persons_value(std::string_view v, Text* why) {
  if (!v.empty() && v.size() <= 2 && all_digits(v)) {
    int n = small_number(v);
    if (n >= 1 && n <= 20) return n;
  }
  *why = expected("1 至 20 的人数", "a number of persons from 1 to 20", v);
  return std::nullopt;
}

std::optional<char> tier_value(std::string_view v, Text* why) {
  if (v == "A" || v == "B" || v == "C") return v[0];
  *why = expected("A、B 或 C", "A, B or C", v);
  return std::nullopt;
}

std::optional<uint8_t> word_value(std::string_view v, std::span<const Word> words, Text* why) {
  for (const Word& w : words)
    if (w.text == v) return w.value;
  // "urban or rural (also 城市 or 农村)": English words first, then the Chinese ones.
  auto list = [&](bool english, std::string_view sep, std::string_view last_sep) {
    std::string out;
    size_t total = 0, k = 0;
    for (const Word& w : words) total += is_ascii(w.text) == english;
    for (const Word& w : words) {
      if (is_ascii(w.text) != english) continue;
      if (k > 0) out += k + 1 == total ? last_sep : sep;
      out += w.text;
      ++k;
    }
    return out;
  };
  std::string zh = list(false, "、", " 或 "), en_zh = list(false, ", ", " or ");
  std::string zh_en = list(true, "、", " 或 "), en = list(true, ", ", " or ");
  *why = expected(zh.empty() ? zh_en : fmt::format("{}（也可为 {}）", zh_en, zh),
                  en_zh.empty() ? en : fmt::format("{} (also {})", en, en_zh), v);
  return std::nullopt;
}

}  // namespace benefitroll
