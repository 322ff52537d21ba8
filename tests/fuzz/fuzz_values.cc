// libFuzzer target: the value checks of values.h, the UTF-8 check and decoding of decode.h, and
// the masking of resident IDs in text, each against an oracle written here from inputs.md and
// outputs.md (not from the code under test). The first byte picks the check and, for IDs, the
// run month; the rest is the value.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/resident_id.h"
#include "fuzz_common.h"
#include "input/decode.h"
#include "input/values.h"

using namespace benefitroll;

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }
bool all_digits(std::string_view v) {
  for (char c : v)
    if (!digit(c)) return false;
  return true;
}

// 1-`int_max` digits, optionally '.' and 1-`places` digits: inputs.md's money (and area) form.
bool money_form(std::string_view v, size_t int_max, size_t places) {
  size_t dot = v.find('.');
  std::string_view i = v.substr(0, dot);
  if (i.empty() || i.size() > int_max || !all_digits(i)) return false;
  if (dot == std::string_view::npos) return true;
  std::string_view f = v.substr(dot + 1);
  return !f.empty() && f.size() <= places && all_digits(f);
}
int64_t money_fen(std::string_view v) {
  size_t dot = v.find('.');
  int64_t yuan = 0, fen = 0;
  for (char c : v.substr(0, dot)) yuan = yuan * 10 + (c - '0');
  if (dot != std::string_view::npos) {
    std::string f(v.substr(dot + 1));
    if (f.size() == 1) f += '0';
    fen = (f[0] - '0') * 10 + (f[1] - '0');
  }
  return yuan * 100 + fen;
}

// The code points of valid UTF-8 (RFC 3629: no overlong forms, no surrogates, <= U+10FFFF), or
// nullopt when s is not valid UTF-8.
std::optional<std::vector<uint32_t>> utf8(std::string_view s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return std::nullopt;
    uint32_t cp = len == 1 ? b : b & (0x7F >> len);
    for (int k = 1; k < len; ++k) {
      auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return std::nullopt;
      cp = cp << 6 | (c & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    out.push_back(cp);
    i += len;
  }
  return out;
}

bool real_date(int y, int m, int d) {
  if (m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= (m == 2 && leap ? 29 : kDays[m - 1]);
}
int num(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// inputs.md's resident ID for run month (ry, rm); nullopt where the spec leaves it open (a
// birth year before 1000, which no calendar code needs to take).
std::optional<bool> id_oracle(std::string_view v, int ry, int rm) {
  if (v.size() != 18 || !all_digits(v.substr(0, 17))) return false;
  char last = v[17] == 'x' ? 'X' : v[17];
  if (!digit(last) && last != 'X') return false;
  static constexpr int kW[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (v[i] - '0') * kW[i];
  if ("10X98765432"[sum % 11] != last) return false;
  int y = num(v.substr(6, 4)), m = num(v.substr(10, 2)), d = num(v.substr(12, 2));
  if (y < 1000) return std::nullopt;
  if (!real_date(y, m, d)) return false;
  return y * 12 + m <= ry * 12 + rm;
}

// An ID shape (outputs.md): 17 digits then a digit, X or x, with no digit just before or after.
bool id_shape_at(std::string_view t, size_t i) {
  if (i + 18 > t.size() || (i > 0 && digit(t[i - 1])) || (i + 18 < t.size() && digit(t[i + 18])))
    return false;
  if (!all_digits(t.substr(i, 17))) return false;
  return digit(t[i + 17]) || t[i + 17] == 'X' || t[i + 17] == 'x';
}

void expect(bool ok, const char* what, std::string_view v) {
  if (!ok) fuzz::fail(std::string(what) + " for value '" + shown_value(v) + "'");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t sel = data[0];
  std::string_view v(reinterpret_cast<const char*>(data + 1), size - 1);
  Text why;
  switch (sel % 16) {
    case 0: {
      auto m = money_value(v, &why);
      expect(m.has_value() == money_form(v, 9, 2),
             "money_value accepts exactly 1-9 digits [. 1-2 digits]", v);
      if (m)
        expect(m->fen() == money_fen(v) && Money::parse(m->str()) == m, "money_value exact", v);
      if (!m) expect(!why.en.empty() && !why.zh.empty(), "a refusal says why", v);
      break;
    }
    case 1: {
      auto m = positive_money_value(v, &why);
      expect(m.has_value() == (money_form(v, 9, 2) && money_fen(v) > 0), "positive_money_value", v);
      break;
    }
    case 2: {
      auto a = area_value(v, &why);
      expect(a.has_value() == money_form(v, 9, 2), "area_value accepts 1-9 digits [. 1-2 digits]",
             v);
      break;
    }
    case 3: {
      auto m = month_value(v, &why);
      bool form =
          v.size() == 7 && v[4] == '-' && all_digits(v.substr(0, 4)) && all_digits(v.substr(5, 2));
      bool ok = form && num(v.substr(0, 4)) >= 1900 && num(v.substr(0, 4)) <= 2199 &&
                num(v.substr(5, 2)) >= 1 && num(v.substr(5, 2)) <= 12;
      expect(m.has_value() == ok, "month_value: a real month 1900-01 to 2199-12", v);
      if (m) expect(m->str() == v, "month_value round trip", v);
      break;
    }
    case 4: {
      auto d = date_value(v, &why);
      bool form = v.size() == 10 && v[4] == '-' && v[7] == '-' && all_digits(v.substr(0, 4)) &&
                  all_digits(v.substr(5, 2)) && all_digits(v.substr(8, 2));
      bool real = form && real_date(num(v.substr(0, 4)), num(v.substr(5, 2)), num(v.substr(8, 2)));
      if (d) expect(real && d->str() == v, "date_value accepts only real dates", v);
      if (real && num(v.substr(0, 4)) >= 1000)
        expect(d.has_value(), "date_value takes every real date", v);
      break;
    }
    case 5: {
      auto f = flag_value(v, &why);
      bool yes = v == "y" || v == "Y" || v == "1" || v == "是";
      bool no = v == "n" || v == "N" || v == "0" || v == "否";
      expect(f.has_value() == (yes || no) && (!f || *f == yes), "flag_value", v);
      break;
    }
    case 6:
    case 7:
    case 8: {
      // Run months 2020-09, 1990-01 and 2199-12.
      static constexpr int kMonths[3][2] = {{2020, 9}, {1990, 1}, {2199, 12}};
      const int* rm = kMonths[sel % 16 - 6];
      char buffer[18];
      auto id = resident_id_value(v, YearMonth{rm[0], rm[1]}, buffer, &why);
      auto ok = id_oracle(v, rm[0], rm[1]);
      if (ok)
        expect(id.has_value() == *ok, "resident_id_value follows GB 11643 and the run month", v);
      if (id) {
        std::string want(v);
        if (want[17] == 'x') want[17] = 'X';
        expect(*id == want, "resident_id_value gives the ID with X upper-case", v);
      } else if (v.size() >= 17 && all_digits(v.substr(0, 17))) {
        expect(why.en.find(std::string(v.substr(0, 17))) == std::string::npos &&
                   why.zh.find(std::string(v.substr(0, 17))) == std::string::npos,
               "an ID is never in a message", v);
      }
      break;
    }
    case 9: {
      auto a = account_value(v, &why);
      expect(a.has_value() == (v.size() >= 6 && v.size() <= 32 && all_digits(v)),
             "account_value: 6-32 digits", v);
      break;
    }
    case 10: {
      auto t = text_value(v, &why);
      auto cps = utf8(v);
      if (cps) {  // the program only ever checks decoded, valid UTF-8
        bool control = false;
        for (uint32_t c : *cps) control |= c <= 0x1F || (c >= 0x7F && c <= 0x9F);
        bool formula = !v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@');
        expect(t.has_value() == (!control && !formula && cps->size() <= 200), "text_value", v);
      }
      break;
    }
    case 11: {
      auto k = household_key_value(v, &why);
      auto word = [](char c) {
        return digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
      };
      bool ok = !v.empty() && v.size() <= 40 && word(v[0]);
      for (size_t i = 1; ok && i < v.size(); ++i) ok = word(v[i]) || v[i] == '-' || v[i] == '_';
      expect(k.has_value() == ok, "household_key_value", v);
      break;
    }
    case 12: {
      auto g = grade_value(v, &why);
      auto y = year_value(v, &why);
      auto p = persons_value(v, &why);
      auto t = tier_value(v, &why);
      expect(g.has_value() == (v.size() == 1 && v[0] >= '1' && v[0] <= '4'), "grade_value 1-4", v);
      expect(y.has_value() == (v.size() == 4 && all_digits(v) && num(v) >= 1900 && num(v) <= 2199),
             "year_value 1900-2199", v);
      expect(p.has_value() ==
                 (!v.empty() && v.size() <= 2 && all_digits(v) && num(v) >= 1 && num(v) <= 20),
             "persons_value 1-20", v);
      expect(t.has_value() == (v == "A" || v == "B" || v == "C"), "tier_value", v);
      break;
    }
    case 13: {  // a value shown in a message: one line, at most 40 characters and an ellipsis
      std::string s = shown_value(v);
      for (char c : s)
        expect(static_cast<unsigned char>(c) >= 0x20 && c != 0x7F,
               "shown_value has no control byte", v);
      break;
    }
    case 14: {  // masking of ID shapes in report text (outputs.md)
      std::string m = mask_ids_in_text(v);
      expect(m.size() == v.size(), "mask_ids_in_text keeps the length", v);
      for (size_t i = 0; i < v.size(); ++i)
        expect(m[i] == v[i] || m[i] == '*', "mask_ids_in_text only writes '*'", v);
      for (size_t i = 0; i < v.size(); ++i)
        if (id_shape_at(v, i))
          for (size_t k = 6; k < 14; ++k) expect(m[i + k] == '*', "an ID shape is masked", v);
      for (size_t i = 0; i < m.size(); ++i) expect(!id_shape_at(m, i), "no ID shape is left", v);
      break;
    }
    case 15: {  // decoding: the UTF-8 check, and the text of any bytes is valid UTF-8
      bool valid = utf8(v).has_value();
      expect((find_invalid_utf8(v) == std::string_view::npos) == valid, "find_invalid_utf8", v);
      try {
        DecodedText d(v, static_cast<InputEncoding>(sel / 16 % 3), "fuzz.csv");
        expect(utf8(d.text()).has_value(), "decoded text is valid UTF-8", v);
        size_t prev = 0;
        for (size_t off : d.bad_offsets()) {
          expect(off >= prev && d.text().substr(off, 3) == "\xEF\xBF\xBD",
                 "bad offsets point at U+FFFD", v);
          prev = off;
        }
        if (valid && sel / 16 % 3 != 2)
          expect(d.bad_offsets().empty(), "valid UTF-8 has no bad bytes", v);
      } catch (const FatalError&) {
      }
      break;
    }
  }
  return 0;
}
