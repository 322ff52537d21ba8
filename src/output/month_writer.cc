#include "output/month_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "core/resident_id.h"

namespace benefitroll {

std::string mask_id_value(std::string_view v, bool mask) {
  return mask ? mask_id(v) : std::string(v);
}
std::string mask_account_value(std::string_view v, bool mask) {
  return mask ? mask_account(v) : std::string(v);
}
std::string mask_text(std::string_view v, bool mask) {
  return mask ? mask_ids_in_text(v) : std::string(v);
}

namespace {

Money sum(const std::vector<Line>& lines) {
  Money s;
  for (const Line& l : lines) s += l.amount;
  return s;
}

}  // namespace

std::vector<Disbursement> disbursements(const std::vector<Line>& payments,
                                        const std::vector<Line>& subsidies) {
  std::vector<const Line*> cash;
  for (const auto* v : {&payments, &subsidies})
    for (const Line& l : *v)
      if (l.form == Form::kCash || l.form == Form::kPremium) cash.push_back(&l);
  std::sort(cash.begin(), cash.end(), [](const Line* a, const Line* b) {
    return std::tie(a->payee_account, a->payee_name, a->payee_id) <
           std::tie(b->payee_account, b->payee_name, b->payee_id);
  });
  std::vector<Disbursement> out;
  for (const Line* l : cash) {
    if (out.empty() || out.back().account != l->payee_account || out.back().name != l->payee_name ||
        out.back().payee_id != l->payee_id)
      out.push_back({l->payee_account, l->payee_name, l->payee_id, 0, Money()});
    ++out.back().lines;
    out.back().amount += l->amount;
  }
  return out;
}

FileRecord write_ledger(const std::string& dir, const std::string& name,
                        const std::vector<Line>& lines, bool held, YearMonth month,
                        const Rules& rules, const WriteOptions& opt) {
  OutputFile f(dir + "/" + name, opt.encoding);
  CsvWriter w(f);
  for (const char* c : {"month", "household_id", "person_id", "item", "item_name", "form", "street",
                        "community", "payee_name", "payee_account", "amount", "basis", "rule", "ref"})
    w.raw(c);
  if (held) w.raw("reason");
  w.end();
  const std::string m = month.str();
  for (const Line& l : lines) {
    w.raw(m).text(l.household_id).text(l.person_id).raw(info(l.item).code);
    w.text(rules.label(l.item)).raw(to_string(l.form)).text(l.street).text(l.community);
    w.text(l.payee_name).text(l.payee_account).raw(l.amount.str()).text(format_basis(l));
    w.text(l.rule ? std::string_view(*l.rule) : std::string_view()).text(l.ref);
    if (held) w.raw(to_code(l.hold));
    w.end();
  }
  FileRecord r{name, f.close(), w.rows(), sum(lines)};
  return r;
}

FileRecord write_disbursement(const std::string& dir, const std::vector<Disbursement>& rows,
                              const WriteOptions& opt) {
  OutputFile f(dir + "/disbursement.csv", opt.encoding);
  CsvWriter w(f);
  for (const char* c : {"payee_account", "payee_name", "payee_id", "lines", "amount"}) w.raw(c);
  w.end();
  Money total;
  for (const Disbursement& d : rows) {
    w.text(d.account).text(d.name).text(d.payee_id).number(d.lines).raw(d.amount.str());
    w.end();
    total += d.amount;
  }
  return {"disbursement.csv", f.close(), w.rows(), total};
}

FileRecord write_exceptions(const std::string& dir, const std::vector<Issue>& issues,
                            const WriteOptions& opt) {
  OutputFile f(dir + "/exceptions.csv", opt.encoding);
  CsvWriter w(f);
  for (const char* c : {"severity", "code", "file", "line", "household_id", "person_id", "column",
                        "value", "message"})
    w.raw(c);
  w.end();
  for (const Issue& i : issues) {
    w.raw(to_string(i.severity)).raw(i.code).text(i.file);
    if (i.line > 0)
      w.number(i.line);
    else
      w.raw("");
    w.text(mask_text(i.household_id, opt.mask)).text(mask_id_value(i.person_id, opt.mask));
    w.text(i.column);
    std::string value;
    if (i.column == "head_id" || i.column == "person_id")
      value = mask_id_value(i.value, opt.mask);
    else if (i.column == "bank_account")
      value = mask_account_value(i.value, opt.mask);
    else
      value = mask_text(i.value, opt.mask);
    w.text(value).text(mask_text(pick(i.message, opt.lang), opt.mask));
    w.end();
  }
  return {"exceptions.csv", f.close(), w.rows(), std::nullopt};
}

FileRecord write_watchlist(const std::string& dir, const std::vector<WatchRow>& rows,
                           const WriteOptions& opt) {
  OutputFile f(dir + "/watchlist.csv", opt.encoding);
  CsvWriter w(f);
  for (const char* c : {"code", "household_id", "street", "community", "program", "persons",
                        "per_capita_income", "standard", "message"})
    w.raw(c);
  w.end();
  for (const WatchRow& r : rows) {
    w.raw(r.code).text(mask_text(r.household_id, opt.mask)).text(r.street).text(r.community);
    w.raw(to_string(r.program)).number(r.persons);
    w.raw(r.per_capita_income ? r.per_capita_income->str() : "");
    w.raw(r.standard.str()).text(mask_text(pick(r.message, opt.lang), opt.mask));
    w.end();
  }
  return {"watchlist.csv", f.close(), w.rows(), std::nullopt};
}

FileRecord write_summary(const std::string& dir, const std::vector<Line>& payments,
                         const std::vector<Line>& subsidies, const HouseholdTable& households,
                         const WriteOptions& opt) {
  // Area of each household, for the `area` scope (case lines carry their own street; their
  // area is not on the line, so they count under the household's area when they have one).
  std::map<std::string_view, Area> area_of;
  for (const HouseholdRow& h : households.rows)
    if (!h.rejected) area_of.emplace(h.household_id, h.area);

  struct Acc {
    std::set<std::string_view> households, persons_p;
    std::map<std::string_view, int> household_persons;
    int64_t lines = 0;
    Money amount;
    int64_t persons_h = 0;
  };
  // key: (scope rank, key, item rank) ; item rank kItemCount = TOTAL
  std::map<std::tuple<int, std::string, int>, Acc> acc;
  auto add = [&](int scope, const std::string& key, const Line& l) {
    for (int item : {static_cast<int>(l.item), kItemCount}) {
      Acc& a = acc[{scope, key, item}];
      ++a.lines;
      a.amount += l.amount;
      if (!l.household_id.empty()) {
        a.households.insert(l.household_id);
        a.household_persons[l.household_id] = l.persons;
      }
      if (item == kItemCount) {
        if (l.household_id.empty() && !l.person_id.empty()) a.persons_p.insert(l.person_id);
      } else if (info(l.item).level == Level::kHousehold) {
        a.persons_h += l.persons;
      } else if (!l.person_id.empty()) {
        a.persons_p.insert(l.person_id);
      }
    }
  };
  for (const auto* v : {&payments, &subsidies})
    for (const Line& l : *v) {
      add(0, "all", l);
      auto it = area_of.find(l.household_id);
      if (it != area_of.end()) add(1, std::string(to_string(it->second)), l);
      add(2, std::string(l.street), l);
    }

  OutputFile f(dir + "/summary.csv", opt.encoding);
  CsvWriter w(f);
  for (const char* c : {"scope", "key", "item", "households", "persons", "lines", "amount"})
    w.raw(c);
  w.end();
  static constexpr const char* kScopes[] = {"all", "area", "street"};
  for (auto& [k, a] : acc) {
    auto& [scope, key, item] = k;
    int64_t persons = static_cast<int64_t>(a.persons_p.size()) + a.persons_h;
    if (item == kItemCount) {
      persons = static_cast<int64_t>(a.persons_p.size());
      for (auto& [hh, p] : a.household_persons) persons += p;
    }
    w.raw(kScopes[scope]).text(key).raw(item == kItemCount ? "TOTAL" : info(static_cast<Item>(item)).code);
    w.number(static_cast<int64_t>(a.households.size())).number(persons).number(a.lines);
    w.raw(a.amount.str());
    w.end();
  }
  return {"summary.csv", f.close(), w.rows(), std::nullopt};
}

FileRecord copy_bytes(const std::string& dir, const std::string& name, std::string_view bytes,
                      int64_t rows) {
  OutputFile f(dir + "/" + name, OutputEncoding::kUtf8, false);
  f.write(bytes);
  return {name, f.close(), rows, std::nullopt};
}

namespace {
std::string json_str(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
        else
          out += c;
    }
  }
  return out + "\"";
}
std::string file_json(const FileRecord& r) {
  std::string s = fmt::format("{{\"file\": {}, \"sha256\": {}", json_str(r.file), json_str(r.sha256));
  if (r.rows >= 0) s += fmt::format(", \"rows\": {}", r.rows);
  if (r.amount) s += fmt::format(", \"amount\": {}", json_str(r.amount->str()));
  return s + "}";
}
}  // namespace

std::string manifest_json(const Manifest& m) {
  std::string s = "{\n";
  s += fmt::format("  \"tool\": \"benefitroll\", \"version\": {},\n", json_str(BENEFITROLL_VERSION));
  s += fmt::format("  \"command\": {}, \"month\": {}, \"as_of\": {},\n", json_str(m.command),
                   json_str(m.month.str()), m.as_of ? json_str(m.as_of->str()) : "null");
  s += fmt::format(
      "  \"options\": {{\"input_encoding\": {}, \"output_encoding\": {}, \"lang\": {}, \"mask\": "
      "{}}},\n",
      json_str(m.input_encoding), json_str(to_string(m.options.encoding)),
      json_str(m.options.lang == Lang::kZh ? "zh" : "en"), m.options.mask ? "true" : "false");
  std::string versions;
  for (const auto& v : m.versions) versions += (versions.empty() ? "" : ", ") + json_str(v);
  s += fmt::format("  \"rules\": {{\"file\": {}, \"sha256\": {}, \"versions\": [{}]}},\n",
                   json_str(m.rules.file), json_str(m.rules.sha256), versions);
  auto list = [](const std::vector<FileRecord>& v) {
    std::string out;
    for (const auto& r : v) out += fmt::format("{}\n    {}", out.empty() ? "" : ",", file_json(r));
    return out;
  };
  s += fmt::format("  \"inputs\": [{}\n  ],\n", list(m.inputs));
  s += fmt::format("  \"outputs\": [{}\n  ],\n", list(m.outputs));
  s += fmt::format(
      "  \"households\": {{\"rows\": {}, \"paid\": {}, \"held\": {}, \"not_paid\": {}, "
      "\"rejected\": {}}},\n",
      m.households.rows, m.households.paid, m.households.held, m.households.not_paid,
      m.households.rejected);
  s += fmt::format(
      "  \"members\": {{\"rows\": {}, \"counted\": {}, \"not_counted\": {}, \"rejected\": {}}},\n",
      m.members.rows, m.members.counted, m.members.not_counted, m.members.rejected);
  if (m.cases)
    s += fmt::format(
        "  \"cases\": {{\"rows\": {}, \"paid\": {}, \"held\": {}, \"rejected\": {}, "
        "\"other_month\": {}}},\n",
        m.cases->rows, m.cases->paid, m.cases->held, m.cases->rejected, m.cases->other_month);
  s += fmt::format(
      "  \"control\": {{\"payments\": {}, \"subsidies\": {}, \"held\": {}, \"disbursement\": {}, "
      "\"accounts\": {}}}\n",
      json_str(m.control_payments.str()), json_str(m.control_subsidies.str()),
      json_str(m.control_held.str()), json_str(m.control_disbursement.str()), m.accounts);
  s += "}\n";
  return s;
}

}  // namespace benefitroll
