#include "core/resident_id.h"

#include <vector>

namespace benefitroll {

namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }
// Keeps the first `head` and last `tail` characters (code points, so UTF-8 stays whole) and
// writes one '*' for each character between.
std::string mask_keep(std::string_view s, size_t head, size_t tail) {
  std::vector<size_t> starts;  // byte offset of each code point
  for (size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  const size_t n = starts.size();
  if (n <= head + tail) return std::string(s);
  std::string out(s.substr(0, starts[head]));
  out.append(n - head - tail, '*');
  out.append(s.substr(starts[n - tail]));
  return out;
}
}  // namespace

char id_check_char(std::string_view d) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kMap[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (d[i] - '0') * kWeights[i];
  return kMap[sum % 11];
}

IdProblem check_resident_id(std::string_view id, YearMonth m, std::string* normalized) {
  if (id.size() != 18) return IdProblem::kForm;
  for (int i = 0; i < 17; ++i)
    if (!is_digit(id[i])) return IdProblem::kForm;
  char c = id[17] == 'x' ? 'X' : id[17];
  if (!is_digit(c) && c != 'X') return IdProblem::kForm;
  if (id_check_char(id) != c) return IdProblem::kCheck;
  auto birth = Date::parse(std::string(id.substr(6, 4)) + "-" + std::string(id.substr(10, 2)) +
                           "-" + std::string(id.substr(12, 2)));
  if (!birth) return IdProblem::kBirthDate;
  if (birth->year_month() > m) return IdProblem::kBirthAfterMonth;
  if (normalized) {
    normalized->assign(id);
    (*normalized)[17] = c;
  }
  return IdProblem::kOk;
}

Date id_birth_date(std::string_view id) {
  auto num = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (id[i] - '0');
    return v;
  };
  return Date{num(6, 4), num(10, 2), num(12, 2)};
}

std::string mask_id(std::string_view id) { return mask_keep(id, 6, 4); }
std::string mask_account(std::string_view account) { return mask_keep(account, 4, 4); }

std::string mask_ids_in_text(std::string_view t) {
  std::string out(t);
  size_t i = 0;
  while (i + 18 <= out.size()) {
    bool ok = (i == 0 || !is_digit(out[i - 1]));
    for (size_t k = 0; ok && k < 17; ++k) ok = is_digit(out[i + k]);
    char last = ok ? out[i + 17] : '\0';
    ok = ok && (is_digit(last) || last == 'X' || last == 'x');
    ok = ok && (i + 18 == out.size() || !is_digit(out[i + 18]));
    if (ok) {
      for (size_t k = 6; k < 14; ++k) out[i + k] = '*';
      i += 18;
    } else {
      ++i;
    }
  }
  return out;
}

}  // namespace benefitroll
