// The TOML loader of the rules file: parses with toml++, checks every table, key and value of
// rules.md, and collects every problem with its line. Numbers are read from the TOML integer or
// string, never through a double; a TOML float for an amount or a decimal is an error.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <functional>
#include <set>

#include "core/issue.h"
#include "rules/rules_impl.h"

namespace benefitroll {

namespace {

constexpr int64_t kMaxYuan = 999'999'999'999'999;    // 15 digits, as Money::parse_signed
constexpr int64_t kMaxDecimalInt = 999'999'999'999;  // 12 digits, as Decimal::parse

struct Problem {
  bool error;
  int line;
  int column;
  std::string message;
};

std::string_view type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    default:
      return "nothing";
  }
}

// A string value as a message shows it: in double quotes, control characters escaped, long
// text cut (at a character boundary) so that a message stays on one line.
std::string quoted(std::string_view s) {
  constexpr size_t kMax = 40;
  size_t cut = s.size();
  if (cut > kMax) {
    cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  }
  std::string out = "\"";
  for (size_t i = 0; i < cut; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  if (cut < s.size()) out += "…";
  return out + "\"";
}

std::string join_and(const std::vector<std::string_view>& xs) {
  std::string out;
  for (size_t i = 0; i < xs.size(); ++i) {
    if (i > 0) out += i + 1 == xs.size() ? " and " : ", ";
    out += xs[i];
  }
  return out;
}

int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }
int column_of(const toml::node& n) { return static_cast<int>(n.source().begin.column); }

class Loader {
 public:
  Loader(std::string_view text, const std::string& name) : text_(text), name_(name) {}

  Rules load(std::vector<RulesProblem>& out);

 private:
  void error(int line, int column, std::string msg) {
    problems_.push_back({true, line, column, std::move(msg)});
  }
  void error(const toml::node& n, std::string msg) {
    error(line_of(n), column_of(n), std::move(msg));
  }
  void warning(int line, int column, std::string msg) {
    problems_.push_back({false, line, column, std::move(msg)});
  }

  void read_root(const toml::table& root);
  void read_meta(const toml::node& n);
  void read_labels(const toml::node& n);
  void read_price_index(const toml::node& n);
  void read_table(int id, const toml::node& n);
  void read_version(int id, const toml::node& n);
  void read_value(std::string_view where, const KeySpec& k, const toml::node& n, Value& v);

  std::optional<Money> read_money(std::string_view where, const toml::node& n);
  std::optional<Decimal> read_decimal(std::string_view where, KeyType type, const toml::node& n);
  std::optional<int64_t> read_whole(std::string_view where, const KeySpec& k, const toml::node& n);
  std::optional<std::string> read_word(std::string_view where, const toml::node& n,
                                       std::initializer_list<std::string_view> words);
  void float_error(std::string_view where, const toml::node& n, int places);
  std::string raw_text(const toml::node& n) const;

  void check_table(int id);

  std::string_view text_;
  const std::string& name_;
  std::vector<Problem> problems_;
  Rules rules_;
  std::shared_ptr<Rules::Impl> impl_ = std::make_shared<Rules::Impl>();
};

// The text of a value as written in the file (for a float: its digits, to suggest the string
// to write instead). toml++ counts columns in characters, so walk UTF-8 to the column.
std::string Loader::raw_text(const toml::node& n) const {
  auto line = n.source().begin.line;
  auto column = n.source().begin.column;
  size_t pos = text_.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;  // toml++ skips a BOM
  for (decltype(line) l = 1; l < line && pos != std::string_view::npos; ++l) {
    pos = text_.find('\n', pos);
    if (pos != std::string_view::npos) ++pos;
  }
  if (pos == std::string_view::npos) return {};
  for (decltype(column) c = 1; c < column && pos < text_.size(); ++c) {
    ++pos;
    while (pos < text_.size() && (static_cast<unsigned char>(text_[pos]) & 0xC0) == 0x80) ++pos;
  }
  std::string out;
  for (; pos < text_.size(); ++pos) {
    char c = text_[pos];
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              c == '.' || c == '-' || c == '+' || c == '_';
    if (!ok) break;
    if (c != '_') out += c;
  }
  if (!out.empty() && out[0] == '+') out.erase(0, 1);
  return out;
}

void Loader::float_error(std::string_view where, const toml::node& n, int places) {
  std::string raw = raw_text(n);
  bool plain =
      places == 2 ? Money::parse_signed(raw).has_value() : Decimal::parse(raw, places).has_value();
  if (plain) {
    error(n, fmt::format("{}: a float cannot hold every amount exactly; write \"{}\"", where, raw));
  } else {
    error(n, fmt::format("{}: a float cannot hold every amount exactly; write it as a string "
                         "like \"{}\"",
                         where, places == 2 ? "710.00" : "0.525"));
  }
}

std::optional<Money> Loader::read_money(std::string_view where, const toml::node& n) {
  if (n.is_floating_point()) {
    float_error(where, n, 2);
    return std::nullopt;
  }
  if (const auto* s = n.as_string()) {
    auto m = Money::parse_signed(s->get());
    if (!m) {
      error(n,
            fmt::format("{}: expected an amount like \"710.00\", got {}", where, quoted(s->get())));
      return std::nullopt;
    }
    if (*m < Money{}) {
      error(n, fmt::format("{}: an amount must not be negative, got {}", where, quoted(s->get())));
      return std::nullopt;
    }
    return m;
  }
  if (const auto* i = n.as_integer()) {
    int64_t v = i->get();
    if (v < 0) {
      error(n, fmt::format("{}: an amount must not be negative, got {}", where, v));
      return std::nullopt;
    }
    if (v > kMaxYuan) {
      error(n, fmt::format("{}: the amount {} is too large", where, v));
      return std::nullopt;
    }
    return Money::yuan(v);
  }
  error(n, fmt::format("{}: expected an amount like \"710.00\", got {}", where, type_name(n)));
  return std::nullopt;
}

std::optional<Decimal> Loader::read_decimal(std::string_view where, KeyType type,
                                            const toml::node& n) {
  if (n.is_floating_point()) {
    float_error(where, n, 4);
    return std::nullopt;
  }
  std::optional<Decimal> d;
  std::string got;
  if (const auto* s = n.as_string()) {
    d = Decimal::parse(s->get());
    got = quoted(s->get());
    if (!d) {
      error(n, fmt::format("{}: expected a decimal like \"0.525\" (at most 4 decimals), got {}",
                           where, got));
      return std::nullopt;
    }
  } else if (const auto* i = n.as_integer()) {
    int64_t v = i->get();
    got = fmt::format("{}", v);
    if (v > kMaxDecimalInt || v < -kMaxDecimalInt) {
      error(n, fmt::format("{}: the number {} is too large", where, v));
      return std::nullopt;
    }
    d = Decimal::integer(v);
  } else {
    error(n, fmt::format("{}: expected a decimal like \"0.525\", got {}", where, type_name(n)));
    return std::nullopt;
  }
  if (type == KeyType::kUnitDecimal && (*d < Decimal{} || *d > Decimal::integer(1))) {
    error(n, fmt::format("{}: expected a decimal from 0 to 1, got {}", where, got));
    return std::nullopt;
  }
  if (type == KeyType::kDecimal && *d < Decimal{}) {
    error(n, fmt::format("{}: must not be negative, got {}", where, got));
    return std::nullopt;
  }
  return d;
}

std::optional<int64_t> Loader::read_whole(std::string_view where, const KeySpec& k,
                                          const toml::node& n) {
  bool month = k.name == "payment_month";
  std::string expected = month ? "a month number from 1 to 12"
                               : fmt::format("a whole number from {} to {}", k.min, k.max);
  const auto* i = n.as_integer();
  if (!i) {
    error(n, fmt::format("{}: expected {}, got {}", where, expected, type_name(n)));
    return std::nullopt;
  }
  if (i->get() < k.min || i->get() > k.max) {
    error(n, fmt::format("{}: expected {}, got {}", where, expected, i->get()));
    return std::nullopt;
  }
  return i->get();
}

std::optional<std::string> Loader::read_word(std::string_view where, const toml::node& n,
                                             std::initializer_list<std::string_view> words) {
  std::vector<std::string> q;
  for (auto w : words) q.push_back(fmt::format("\"{}\"", w));
  std::string expected =
      q.size() == 2 ? q[0] + " or " + q[1]
                    : fmt::format("{} or {}", fmt::join(q.begin(), q.end() - 1, ", "), q.back());
  const auto* s = n.as_string();
  if (!s) {
    error(n, fmt::format("{}: expected {}, got {}", where, expected, type_name(n)));
    return std::nullopt;
  }
  for (auto w : words)
    if (s->get() == w) return s->get();
  error(n, fmt::format("{}: expected {}, got {}", where, expected, quoted(s->get())));
  return std::nullopt;
}

void Loader::read_value(std::string_view where, const KeySpec& k, const toml::node& n, Value& v) {
  v.line = line_of(n);
  v.ok = false;
  switch (k.type) {
    case KeyType::kMoney:
      if (auto m = read_money(where, n)) {
        v.money = *m;
        v.ok = true;
      }
      return;
    case KeyType::kDecimal:
    case KeyType::kSignedDecimal:
    case KeyType::kUnitDecimal:
      if (auto d = read_decimal(where, k.type, n)) {
        v.decimal = *d;
        v.ok = true;
      }
      return;
    case KeyType::kWhole:
      if (auto w = read_whole(where, k, n)) {
        v.whole = *w;
        v.ok = true;
      }
      return;
    case KeyType::kRoundUnit:
    case KeyType::kRoundMode:
    case KeyType::kPriceMode:
    case KeyType::kTrigger: {
      std::optional<std::string> w;
      if (k.type == KeyType::kRoundUnit) w = read_word(where, n, {"fen", "jiao", "yuan"});
      if (k.type == KeyType::kRoundMode) w = read_word(where, n, {"half_up", "up", "down"});
      if (k.type == KeyType::kPriceMode) w = read_word(where, n, {"fixed", "indexed"});
      if (k.type == KeyType::kTrigger) w = read_word(where, n, {"index", "always"});
      if (w) {
        v.word = *w;
        v.ok = true;
      }
      return;
    }
    case KeyType::kPercents: {
      const auto* a = n.as_array();
      if (!a) {
        error(n, fmt::format("{}: expected an array of whole percents like [100, 50], got {}",
                             where, type_name(n)));
        return;
      }
      bool ok = true;
      for (const auto& e : *a) {
        const auto* i = e.as_integer();
        if (!i) {
          error(e, fmt::format("{}: expected whole percents from 1 to 100, got {}", where,
                               type_name(e)));
          ok = false;
        } else if (i->get() < 1 || i->get() > 100) {
          error(e,
                fmt::format("{}: expected whole percents from 1 to 100, got {}", where, i->get()));
          ok = false;
        } else {
          v.percents.push_back(static_cast<int>(i->get()));
        }
      }
      v.ok = ok;
      return;
    }
    case KeyType::kAreas: {
      const auto* a = n.as_array();
      if (!a) {
        error(n, fmt::format("{}: expected an array like [\"urban\", \"rural\"], got {}", where,
                             type_name(n)));
        return;
      }
      bool ok = true;
      for (const auto& e : *a) {
        auto w = read_word(where, e, {"urban", "rural"});
        if (!w)
          ok = false;
        else if (*w == "urban")
          v.areas.urban = true;
        else
          v.areas.rural = true;
      }
      v.ok = ok;
      return;
    }
    case KeyType::kTiers: {
      const auto* t = n.as_table();
      if (!t) {
        error(n, fmt::format("{}: expected an inline table like {{ A = \"50\", B = \"35\", C = "
                             "\"25\" }}, got {}",
                             where, type_name(n)));
        return;
      }
      bool ok = true;
      std::array<bool, 3> seen{};
      for (const auto& [key, e] : *t) {
        std::string_view tier = key.str();
        if (tier != "A" && tier != "B" && tier != "C") {
          error(line_of(e), column_of(e),
                fmt::format("{}: unknown tier {} (the tiers are A, B and C)", where, quoted(tier)));
          ok = false;
          continue;
        }
        int idx = tier[0] - 'A';
        seen[idx] = true;
        if (auto m = read_money(fmt::format("{}.{}", where, tier), e))
          v.tiers[idx] = *m;
        else
          ok = false;
      }
      std::vector<std::string_view> missing;
      for (int i = 0; i < 3; ++i)
        if (!seen[i]) missing.push_back(i == 0 ? "A" : i == 1 ? "B" : "C");
      if (!missing.empty()) {
        error(n, fmt::format("{}: missing tier {} (all three tiers A, B and C are required)", where,
                             join_and(missing)));
        ok = false;
      }
      v.ok = ok;
      return;
    }
    case KeyType::kMoneyList: {
      const auto* a = n.as_array();
      if (!a) {
        error(n, fmt::format("{}: expected an array of amounts like [\"380\", \"440\"], got {}",
                             where, type_name(n)));
        return;
      }
      if (a->empty()) {
        error(n, fmt::format("{}: expected at least one amount", where));
        return;
      }
      bool ok = true;
      for (const auto& e : *a) {
        if (auto m = read_money(where, e))
          v.monies.push_back(*m);
        else
          ok = false;
      }
      v.ok = ok;
      return;
    }
    case KeyType::kLimit: {
      if (const auto* s = n.as_string(); s && s->get() == "none") {
        v.limit = std::nullopt;
        v.word = "none";
        v.ok = true;
        return;
      }
      if (n.is_floating_point()) {
        float_error(where, n, 2);
        return;
      }
      if (const auto* s = n.as_string(); s && !Money::parse_signed(s->get())) {
        error(n, fmt::format("{}: expected an amount like \"1000.00\" or \"none\", got {}", where,
                             quoted(s->get())));
        return;
      }
      if (auto m = read_money(where, n)) {
        v.limit = *m;
        v.ok = true;
      }
      return;
    }
  }
}

void Loader::read_version(int id, const toml::node& n) {
  std::string_view table = table_specs()[id].name;
  const auto* t = n.as_table();
  if (!t) {
    error(n, fmt::format("{}: expected a version [[{}]], got {}", table, table, type_name(n)));
    return;
  }
  Version v;
  v.line = line_of(n);
  bool from_given = false;
  for (const auto& [key, node] : *t) {
    std::string where = fmt::format("{}.{}", table, key.str());
    if (key == "from") {
      from_given = true;
      const auto* s = node.as_string();
      if (!s) {
        error(node,
              fmt::format("{}: expected a month like \"2020-07\", got {}", where, type_name(node)));
      } else if (!(v.from = YearMonth::parse(s->get()))) {
        error(node, fmt::format("{}: expected a month like \"2020-07\", got {}", where,
                                quoted(s->get())));
      }
    } else if (key == "announced") {
      if (const auto* d = node.as_date()) {
        auto date = d->get();
        v.announced = Date::make(date.year, date.month, date.day);
        if (!v.announced) error(node, fmt::format("{}: the date is not real", where));
      } else if (const auto* s = node.as_string()) {
        if (!(v.announced = Date::parse(s->get())))
          error(node, fmt::format("{}: expected a date like 2020-09-15, got {}", where,
                                  quoted(s->get())));
      } else {
        error(node,
              fmt::format("{}: expected a date like 2020-09-15, got {}", where, type_name(node)));
      }
    } else if (key == "source") {
      if (const auto* s = node.as_string()) {
        v.source = s->get();
        v.has_source = true;
      } else {
        error(node, fmt::format("{}: expected a string, got {}", where, type_name(node)));
      }
    } else if (key == "enabled") {
      if (const auto* b = node.as_boolean())
        v.enabled = b->get();
      else
        error(node, fmt::format("{}: expected true or false, got {}", where, type_name(node)));
    } else if (const KeySpec* k = find_key(table_specs()[id], key.str())) {
      read_value(where, *k, node, v.values[std::string(key.str())]);
    } else {
      error(node, fmt::format("{}: unknown key", where));
    }
  }
  if (!from_given)
    error(v.line, 0,
          fmt::format("{}: a version needs from (its first month, like \"2020-07\")", table));
  if (v.source.empty() && !t->contains("source")) {
    std::string who = v.from ? v.ref(table).str() : fmt::format("[[{}]]", table);
    warning(v.line, 0, fmt::format("{}: version has no source", who));
  }
  if (v.from) impl_->tables[id].versions.push_back(std::move(v));
}

void Loader::read_table(int id, const toml::node& n) {
  std::string_view table = table_specs()[id].name;
  const auto* a = n.as_array();
  if (!a) {
    error(n, fmt::format("{}: expected versions [[{}]], got {}", table, table,
                         n.is_table() ? fmt::format("[{}]", table) : std::string(type_name(n))));
    return;
  }
  for (const auto& e : *a) read_version(id, e);
}

void Loader::read_meta(const toml::node& n) {
  const auto* t = n.as_table();
  if (!t) {
    error(n, fmt::format("meta: expected a table [meta], got {}", type_name(n)));
    return;
  }
  for (const auto& [key, node] : *t) {
    std::string* slot = key == "jurisdiction"      ? &rules_.meta.jurisdiction
                        : key == "region_code"     ? &rules_.meta.region_code
                        : key == "insurer_name"    ? &rules_.meta.insurer_name
                        : key == "insurer_account" ? &rules_.meta.insurer_account
                                                   : nullptr;
    if (!slot) {
      error(node, fmt::format("meta.{}: unknown key", key.str()));
    } else if (const auto* s = node.as_string()) {
      *slot = s->get();
    } else {
      error(node, fmt::format("meta.{}: expected a string, got {}", key.str(), type_name(node)));
    }
  }
}

void Loader::read_labels(const toml::node& n) {
  const auto* t = n.as_table();
  if (!t) {
    error(n, fmt::format("labels: expected a table [labels], got {}", type_name(n)));
    return;
  }
  for (const auto& [key, node] : *t) {
    if (!item_from_code(key.str())) {
      error(node, fmt::format("labels.{}: unknown item", key.str()));
    } else if (const auto* s = node.as_string(); s && !s->get().empty()) {
      rules_.labels[std::string(key.str())] = s->get();
    } else {
      error(node, fmt::format("labels.{}: expected a name like \"低保金\", got {}", key.str(),
                              s ? "an empty string" : type_name(node)));
    }
  }
}

void Loader::read_price_index(const toml::node& n) {
  const auto* a = n.as_array();
  if (!a) {
    error(n, fmt::format("price_index: expected entries [[price_index]], got {}",
                         n.is_table() ? "[price_index]" : type_name(n)));
    return;
  }
  std::map<YearMonth, int> first_line;
  for (const auto& e : *a) {
    const auto* t = e.as_table();
    if (!t) {
      error(e, fmt::format("price_index: expected an entry [[price_index]], got {}", type_name(e)));
      continue;
    }
    PriceIndex p;
    p.line = line_of(e);
    bool ok = true;
    std::vector<std::string_view> missing;
    for (auto key : {"month", "cpi_yoy", "food_yoy"})
      if (!t->contains(key)) missing.push_back(key);
    for (const auto& [key, node] : *t) {
      std::string where = fmt::format("price_index.{}", key.str());
      if (key == "month") {
        const auto* s = node.as_string();
        std::optional<YearMonth> m = s ? YearMonth::parse(s->get()) : std::nullopt;
        if (!m) {
          error(node, fmt::format("{}: expected a month like \"2020-08\", got {}", where,
                                  s ? quoted(s->get()) : std::string(type_name(node))));
          ok = false;
        } else if (auto it = first_line.find(*m); it != first_line.end()) {
          error(node, fmt::format("price_index: month {} given twice (first at line {})", m->str(),
                                  it->second));
          ok = false;
        } else {
          first_line[*m] = p.line;
          p.month = *m;
        }
      } else if (key == "cpi_yoy" || key == "food_yoy") {
        auto d = read_decimal(where, KeyType::kSignedDecimal, node);
        if (!d)
          ok = false;
        else
          (key == "cpi_yoy" ? p.cpi_yoy : p.food_yoy) = *d;
      } else {
        error(node, fmt::format("{}: unknown key", where));
      }
    }
    if (!missing.empty()) {
      error(p.line, 0, fmt::format("price_index: the entry needs {}", join_and(missing)));
      ok = false;
    }
    if (ok) rules_.price_index.push_back(p);
  }
}

void Loader::read_root(const toml::table& root) {
  for (const auto& [key, node] : root) {
    std::string_view k = key.str();
    if (k == "meta") {
      read_meta(node);
    } else if (k == "labels") {
      read_labels(node);
    } else if (k == "price_index") {
      read_price_index(node);
    } else if (auto id = table_id(k)) {
      read_table(*id, node);
    } else if (node.is_table()) {
      error(node, fmt::format("unknown table [{}]", k));
    } else if (node.is_array_of_tables()) {
      error(node, fmt::format("unknown table [[{}]]", k));
    } else {
      error(node, fmt::format("unknown key {}", k));
    }
  }
}

bool version_before(const Version& a, const Version& b) {
  if (*a.from != *b.from) return *a.from < *b.from;
  if (a.announced.has_value() != b.announced.has_value()) return !a.announced.has_value();
  return a.announced && *a.announced < *b.announced;
}

// Warns when a money value of a version is lower than the value before it.
void compare_money(const TableSpec& spec, const KeySpec& k, const Value& now, const Value& before,
                   const VersionRef& before_ref,
                   const std::function<void(int, std::string)>& warn) {
  auto lower = [&](std::string_view what, Money a, Money b) {
    if (a < b)
      warn(now.line, fmt::format("{}.{}{}: {} is lower than {} in the version before it ({})",
                                 spec.name, k.name, what, a.str(), b.str(), before_ref.str()));
  };
  switch (k.type) {
    case KeyType::kMoney:
      lower("", now.money, before.money);
      break;
    case KeyType::kLimit:
      if (now.limit && before.limit) lower("", *now.limit, *before.limit);
      break;
    case KeyType::kTiers:
      for (int i = 0; i < 3; ++i)
        lower(fmt::format(".{}", char('A' + i)), now.tiers[i], before.tiers[i]);
      break;
    case KeyType::kMoneyList:
      for (size_t i = 0; i < now.monies.size() && i < before.monies.size(); ++i)
        lower(fmt::format(" (amount {})", i + 1), now.monies[i], before.monies[i]);
      break;
    default:
      break;
  }
}

void Loader::check_table(int id) {
  const TableSpec& spec = table_specs()[id];
  auto& versions = impl_->tables[id].versions;
  std::stable_sort(versions.begin(), versions.end(), version_before);
  if (versions.empty()) return;

  // Two versions with the same from and announced.
  for (size_t i = 1; i < versions.size(); ++i) {
    const Version& a = versions[i - 1];
    const Version& b = versions[i];
    if (*a.from == *b.from && a.announced == b.announced) {
      error(
          b.line, 0,
          fmt::format("{}: two versions with from {} and {} (the other at line {})", spec.name,
                      b.from->str(),
                      b.announced ? "announced " + b.announced->str() : std::string("no announced"),
                      a.line));
    }
  }

  // The first version gives every key without a default.
  std::set<std::string_view> missing_first;
  {
    std::vector<std::string_view> missing;
    for (const KeySpec& k : spec.keys)
      if (k.required && !versions[0].values.count(k.name)) {
        missing.push_back(k.name);
        missing_first.insert(k.name);
      }
    if (!missing.empty())
      error(versions[0].line, 0,
            fmt::format("{}: the first version (from {}) must give {}", spec.name,
                        versions[0].from->str(), join_and(missing)));
  }

  // Every fold that can happen (each from month, as of each announced day, before all of them,
  // or with every version) gives the keys it needs.
  std::vector<std::optional<Date>> as_ofs = {std::nullopt};
  std::optional<Date> earliest;
  for (const Version& v : versions)
    if (v.announced) {
      as_ofs.push_back(v.announced);
      if (!earliest || *v.announced < *earliest) earliest = v.announced;
    }
  if (earliest) as_ofs.push_back(Date{0, 0, 0});  // before any announcement
  std::set<std::pair<int, std::string>> reported;
  for (const Version& at : versions) {
    for (const auto& as_of : as_ofs) {
      Folded f = fold_table(impl_->tables[id], *at.from, as_of);
      if (!f.last || !f.enabled) continue;
      std::vector<std::string> msgs;
      std::string when = as_of && as_of->year == 0 ? " as of a day before " + earliest->str()
                         : as_of                   ? " as of " + as_of->str()
                                                   : std::string();
      std::vector<std::string_view> missing;
      for (const KeySpec& k : spec.keys)
        if (k.required && !missing_first.count(k.name) && !f.values.count(k.name))
          missing.push_back(k.name);
      if (!missing.empty())
        msgs.push_back(fmt::format("{}: no version in effect for {}{} gives {}", spec.name,
                                   at.from->str(), when, join_and(missing)));
      if (id == kPriceSubsidyTable) {
        const Value* mode = f.get("mode");
        if (mode && mode->word == "fixed" && !f.values.count("amount"))
          msgs.push_back("price_subsidy: mode = \"fixed\" needs amount");
        const Value* trigger = f.get("trigger");
        bool by_index = !f.values.count("trigger") || (trigger && trigger->word == "index");
        std::vector<std::string_view> thresholds;
        for (auto k : {"cpi_threshold", "food_threshold"})
          if (!f.values.count(k)) thresholds.push_back(k);
        if (by_index && !thresholds.empty())
          msgs.push_back(
              fmt::format("price_subsidy: trigger = \"index\" needs {}", join_and(thresholds)));
      }
      for (auto& m : msgs)
        if (reported.insert({f.last->line, m}).second) error(f.last->line, 0, m);
    }
  }

  // A standard lower than in the version before it (usually a typo): a warning.
  std::map<std::string_view, std::pair<const Value*, const Version*>> before;
  auto warn = [&](int line, std::string msg) { warning(line, 1, std::move(msg)); };
  for (const Version& v : versions) {
    for (const auto& [key, value] : v.values) {
      auto it = before.find(key);
      const KeySpec* k = find_key(spec, key);
      if (it == before.end() || !k || !value.ok || !it->second.first->ok) continue;
      compare_money(spec, *k, value, *it->second.first, it->second.second->ref(spec.name), warn);
    }
    for (const auto& [key, value] : v.values) before[key] = {&value, &v};
  }
}

Rules Loader::load(std::vector<RulesProblem>& out) {
  rules_.file = name_;
  toml::table root;
  try {
    root = toml::parse(text_, std::string_view(name_));
  } catch (const toml::parse_error& e) {
    std::string msg(e.description());
    if (!msg.empty() && msg[0] >= 'A' && msg[0] <= 'Z')
      msg[0] = static_cast<char>(msg[0] - 'A' + 'a');
    out.push_back({true, static_cast<int>(e.source().begin.line), "TOML syntax: " + msg});
    rules_.impl = impl_;
    return rules_;
  }
  read_root(root);
  for (int id = 0; id < kTableCount; ++id) check_table(id);
  std::sort(rules_.price_index.begin(), rules_.price_index.end(),
            [](const PriceIndex& a, const PriceIndex& b) { return a.month < b.month; });
  std::stable_sort(problems_.begin(), problems_.end(), [](const Problem& a, const Problem& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  for (auto& p : problems_) out.push_back({p.error, p.line, std::move(p.message)});
  rules_.impl = impl_;
  return rules_;
}

}  // namespace

Rules load_rules(std::string_view text, const std::string& display_name,
                 std::vector<RulesProblem>& problems) {
  return Loader(text, display_name).load(problems);
}

Rules load_rules_or_throw(std::string_view text, const std::string& display_name) {
  std::vector<RulesProblem> problems;
  Rules rules = load_rules(text, display_name, problems);
  for (const auto& p : problems)
    if (p.error) throw FatalError(display_name, p.line, 0, p.message);
  return rules;
}

}  // namespace benefitroll
