#include "output/month_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <array>

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

size_t DisbursementSums::PayeeHash::operator()(const Payee& p) const {
  const std::hash<std::string_view> h;
  return h(p.account) ^ (h(p.name) * 31) ^ (h(p.id) * 131);
}

void DisbursementSums::add(const std::vector<Line>& payments, const std::vector<Line>& subsidies) {
  block_.clear();
  // A household's lines follow one another and mostly go to one payee (the head or the
  // institution): the last one is tried before the table.
  size_t last = rows_.size();
  for (const auto* lines : {&payments, &subsidies}) {
    for (const Line& l : *lines) {
      if (l.form != Form::kCash && l.form != Form::kPremium) continue;
      const Payee p{l.payee_account, l.payee_name, l.payee_id};
      if (last == rows_.size() || Payee{rows_[last].account, rows_[last].name,
                                        rows_[last].payee_id} != p) {
        auto [it, inserted] = block_.try_emplace(p, rows_.size());
        if (inserted) {
          if (text_.empty()) text_.push_back(std::make_unique<StringPool>());
          StringPool& t = *text_.front();
          const Payee own{t.add(p.account), t.add(p.name), t.add(p.id)};
          // The table's key points to the line's text, which lives as long as the block.
          rows_.push_back({own.account, own.name, own.id, 0, Money()});
        }
        last = it->second;
      }
      ++rows_[last].lines;
      rows_[last].amount += l.amount;
    }
  }
  if (!spills_.empty()) spill_block();
}

// A spill file: each block's payees as records of [lines, fen, three lengths, the three texts].
struct DisbursementSums::Spill {
  int fd = -1;
  std::string buffer;
};

void DisbursementSums::SpillClose::operator()(Spill* s) const {
  if (s->fd >= 0) ::close(s->fd);
  delete s;
}

void DisbursementSums::spill_into(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) {  // a file system without unnamed files: a named one, unlinked at once
    std::string name = dir + "/.payees-XXXXXX";
    fd = ::mkstemp(name.data());
    if (fd >= 0) ::unlink(name.c_str());
  }
  if (fd < 0) throw IoError(fmt::format("{}: cannot create a temporary file: {}", dir,
                                        std::strerror(errno)));
  spills_.insert(spills_.begin(), std::unique_ptr<Spill, SpillClose>(new Spill{fd, {}}));
}

void DisbursementSums::spill_block() {
  Spill& s = *spills_.front();
  s.buffer.clear();
  auto put = [&s](const auto& v) { s.buffer.append(reinterpret_cast<const char*>(&v), sizeof v); };
  for (const Disbursement& d : rows_) {
    put(d.lines);
    put(d.amount.fen());
    put(static_cast<uint32_t>(d.account.size()));
    put(static_cast<uint32_t>(d.name.size()));
    put(static_cast<uint32_t>(d.payee_id.size()));
    s.buffer.append(d.account).append(d.name).append(d.payee_id);
  }
  for (size_t at = 0; at < s.buffer.size();) {
    const ssize_t n = ::write(s.fd, s.buffer.data() + at, s.buffer.size() - at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw IoError(fmt::format("cannot write a temporary file: {}", std::strerror(errno)));
    at += static_cast<size_t>(n);
  }
  rows_.clear();
  if (!text_.empty()) text_.front()->clear();
}

void DisbursementSums::read_back() {
  for (auto& spill : spills_) {
    const off_t size = ::lseek(spill->fd, 0, SEEK_END);
    if (size < 0) throw IoError("cannot read a temporary file back");
    if (text_.empty()) text_.push_back(std::make_unique<StringPool>());
    char* p = text_.front()->allocate(static_cast<size_t>(size));
    for (off_t at = 0; at < size;) {
      const ssize_t n = ::pread(spill->fd, p + at, static_cast<size_t>(size - at), at);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw IoError("cannot read a temporary file back");
      at += n;
    }
    auto get = [&p](auto& v) {
      std::memcpy(&v, p, sizeof v);
      p += sizeof v;
    };
    const char* end = p + size;
    while (p < end) {
      Disbursement d;
      int64_t fen = 0;
      uint32_t la = 0, ln = 0, li = 0;
      get(d.lines);
      get(fen);
      get(la);
      get(ln);
      get(li);
      d.amount = Money::fen(fen);
      d.account = {p, la};
      d.name = {p + la, ln};
      d.payee_id = {p + la + ln, li};
      p += la + ln + li;
      rows_.push_back(d);
    }
  }
  spills_.clear();
}

void DisbursementSums::merge(DisbursementSums&& other) {
  for (auto& t : other.text_) text_.push_back(std::move(t));
  other.text_.clear();
  for (auto& s : other.spills_) spills_.push_back(std::move(s));
  other.spills_.clear();
  if (rows_.empty()) {
    rows_ = std::move(other.rows_);
  } else {
    rows_.insert(rows_.end(), other.rows_.begin(), other.rows_.end());
    std::vector<Disbursement>().swap(other.rows_);
  }
}

std::vector<Disbursement> DisbursementSums::take_sorted() {
  decltype(block_)().swap(block_);
  if (!spills_.empty()) read_back();
  // Sorted by (account, name, id) as byte strings; only the payees are sorted, not every line.
  // The first 16 bytes of the account, as two big-endian integers padded with zero bytes
  // (accounts are digits), settle almost every comparison without reaching into the strings.
  struct SortKey {
    uint64_t a0, a1;
    const Disbursement* d;
  };
  auto word = [](std::string_view s, size_t from) {
    uint64_t w = 0;
    for (size_t i = from; i < from + 8; ++i)
      w = (w << 8) | (i < s.size() ? static_cast<unsigned char>(s[i]) : 0u);
    return w;
  };
  std::vector<SortKey> keys;
  keys.reserve(rows_.size());
  for (const Disbursement& d : rows_) keys.push_back({word(d.account, 0), word(d.account, 8), &d});
  std::sort(keys.begin(), keys.end(), [](const SortKey& x, const SortKey& y) {
    if (x.a0 != y.a0) return x.a0 < y.a0;
    if (x.a1 != y.a1) return x.a1 < y.a1;
    return std::tie(x.d->account, x.d->name, x.d->payee_id) <
           std::tie(y.d->account, y.d->name, y.d->payee_id);
  });
  // rows_ put in that order in place, following each cycle of the permutation: no second
  // vector of every payee is made.
  std::vector<size_t> from(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) from[i] = static_cast<size_t>(keys[i].d - rows_.data());
  std::vector<SortKey>().swap(keys);
  for (size_t i = 0; i < from.size(); ++i) {
    if (from[i] == i) continue;
    Disbursement held = rows_[i];
    size_t at = i;
    while (from[at] != i) {
      rows_[at] = rows_[from[at]];
      const size_t next = from[at];
      from[at] = at;
      at = next;
    }
    rows_[at] = held;
    from[at] = at;
  }
  // A payee met in several blocks (or threads) is several rows, next to one another now.
  size_t out = 0;
  for (size_t i = 0; i < rows_.size(); ++i) {
    if (out > 0 && rows_[out - 1].account == rows_[i].account &&
        rows_[out - 1].name == rows_[i].name && rows_[out - 1].payee_id == rows_[i].payee_id) {
      rows_[out - 1].lines += rows_[i].lines;
      rows_[out - 1].amount += rows_[i].amount;
    } else {
      rows_[out++] = rows_[i];
    }
  }
  rows_.resize(out);
  return std::move(rows_);
}

void LedgerTotals::add(const std::vector<Line>& pay, const std::vector<Line>& sub,
                       const std::vector<Line>& hold) {
  for (const auto* v : {&pay, &sub}) {
    LineSum& ledger = v == &pay ? payments : subsidies;
    for (const Line& l : *v) {
      by_item[static_cast<size_t>(l.item)].add(l.amount);
      by_form[static_cast<size_t>(l.form)].add(l.amount);
      auto street = by_street.find(l.street);
      if (street == by_street.end())
        street = by_street.emplace(std::string(l.street), LineSum()).first;
      street->second.add(l.amount);
      ledger.add(l.amount);
      if (v == &sub && (l.form == Form::kCash || l.form == Form::kPremium))
        subsidies_disbursed.add(l.amount);
    }
  }
  for (const Line& l : hold) {
    held.add(l.amount);
    held_by_reason[to_code(l.hold)].add(l.amount);
  }
}

void LedgerTotals::merge(const LedgerTotals& o) {
  for (size_t i = 0; i < by_item.size(); ++i) by_item[i].add(o.by_item[i]);
  for (size_t i = 0; i < by_form.size(); ++i) by_form[i].add(o.by_form[i]);
  for (const auto& [k, v] : o.by_street) by_street[k].add(v);  // std::string keys
  for (const auto& [k, v] : o.held_by_reason) held_by_reason[k].add(v);
  payments.add(o.payments);
  subsidies.add(o.subsidies);
  held.add(o.held);
  subsidies_disbursed.add(o.subsidies_disbursed);
}

void ledger_header(CsvWriter& w, bool held) {
  for (const char* c : {"month", "household_id", "person_id", "item", "item_name", "form", "street",
                        "community", "payee_name", "payee_account", "amount", "basis", "rule", "ref"})
    w.raw(c);
  if (held) w.raw("reason");
  w.end();
}

template <class Out>
void ledger_row(BasicCsvWriter<Out>& w, std::string_view month, const Line& l, bool held,
                const Rules& rules) {
  w.raw(month).text(l.household_id).text(l.person_id).raw(info(l.item).code);
  w.text(rules.label(l.item)).raw(to_string(l.form)).text(l.street).text(l.community);
  w.text(l.payee_name).text(l.payee_account).raw(l.amount.str()).text(format_basis(l));
  w.text(l.rule ? std::string_view(*l.rule) : std::string_view()).text(l.ref);
  if (held) w.raw(to_code(l.hold));
  w.end();
}
template void ledger_row(CsvWriter&, std::string_view, const Line&, bool, const Rules&);
template void ledger_row(TextCsvWriter&, std::string_view, const Line&, bool, const Rules&);

FileRecord write_ledger(const std::string& dir, const std::string& name,
                        const std::vector<Line>& lines, bool held, YearMonth month,
                        const Rules& rules, const WriteOptions& opt) {
  return write_ledger_months(dir, name, {{month, &lines}}, held, rules, opt);
}

FileRecord write_ledger_months(const std::string& dir, const std::string& name,
                               const std::vector<MonthLines>& months, bool held,
                               const Rules& rules, const WriteOptions& opt) {
  OutputFile f(dir + "/" + name, opt.encoding);
  CsvWriter w(f);
  ledger_header(w, held);
  Money total;
  for (const MonthLines& ml : months) {
    const std::string m = ml.month.str();
    for (const Line& l : *ml.lines) {
      ledger_row(w, m, l, held, rules);
      total += l.amount;
    }
  }
  return {name, f.close(), w.rows(), total};
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

void exceptions_header(CsvWriter& w) {
  for (const char* c : {"severity", "code", "file", "line", "household_id", "person_id", "column",
                        "value", "message"})
    w.raw(c);
  w.end();
}

template <class Out>
void exception_row(BasicCsvWriter<Out>& w, const Issue& i, const WriteOptions& opt) {
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
template void exception_row(CsvWriter&, const Issue&, const WriteOptions&);
template void exception_row(TextCsvWriter&, const Issue&, const WriteOptions&);

FileRecord write_exceptions(const std::string& dir, const std::vector<Issue>& issues,
                            const WriteOptions& opt) {
  OutputFile f(dir + "/exceptions.csv", opt.encoding);
  CsvWriter w(f);
  exceptions_header(w);
  for (const Issue& i : issues) exception_row(w, i, opt);
  return {"exceptions.csv", f.close(), w.rows(), std::nullopt};
}

void watchlist_header(CsvWriter& w) {
  for (const char* c : {"code", "household_id", "street", "community", "program", "persons",
                        "per_capita_income", "standard", "message"})
    w.raw(c);
  w.end();
}

template <class Out>
void watch_row(BasicCsvWriter<Out>& w, const WatchRow& r, const WriteOptions& opt) {
  w.raw(r.code).text(mask_text(r.household_id, opt.mask)).text(mask_text(r.street, opt.mask));
  w.text(mask_text(r.community, opt.mask));
  w.raw(to_string(r.program)).number(r.persons);
  w.raw(r.per_capita_income ? r.per_capita_income->str() : "");
  w.raw(r.standard.str()).text(mask_text(pick(r.message, opt.lang), opt.mask));
  w.end();
}
template void watch_row(CsvWriter&, const WatchRow&, const WriteOptions&);
template void watch_row(TextCsvWriter&, const WatchRow&, const WriteOptions&);

FileRecord write_watchlist(const std::string& dir, const std::vector<WatchRow>& rows,
                           const WriteOptions& opt) {
  OutputFile f(dir + "/watchlist.csv", opt.encoding);
  CsvWriter w(f);
  watchlist_header(w);
  for (const WatchRow& r : rows) watch_row(w, r, opt);
  return {"watchlist.csv", f.close(), w.rows(), std::nullopt};
}

void IssueCounts::add(const std::vector<Issue>& issues, const std::vector<WatchRow>& watch) {
  for (const Issue& i : issues) ++by_code[{i.severity, i.code}];
  for (const WatchRow& w : watch) ++watch_by_code[w.code];
}

void IssueCounts::merge(const IssueCounts& o) {
  for (const auto& [k, n] : o.by_code) by_code[k] += n;
  for (const auto& [k, n] : o.watch_by_code) watch_by_code[k] += n;
}

void SummaryTotals::add(const std::vector<Line>& payments, const std::vector<Line>& subsidies) {
  // Both ledgers are in household_id order; walk them together one household at a time, so
  // each household and person is counted once per scope without sets of millions of keys.
  // The area scope comes from the lines (Line::area, set by the roll).
  std::map<std::pair<int, std::string>, Row>& acc = acc_;
  // One household's lines (a case without household forms its own group, person by person).
  std::vector<const Line*> group;
  auto flush = [&]() {
    if (group.empty()) return;
    std::array<Cell, kItemCount + 1> cells{};
    std::array<std::vector<std::string_view>, kItemCount> persons;
    std::vector<std::string_view> case_persons;
    const Line& first = *group.front();
    for (const Line* l : group) {
      const int i = static_cast<int>(l->item);
      cells[i].lines++;
      cells[i].amount += l->amount;
      cells[kItemCount].lines++;
      cells[kItemCount].amount += l->amount;
      if (info(l->item).level == Level::kHousehold) {
        if (cells[i].households == 0) cells[i].persons += l->persons;
        cells[i].households = 1;
      } else {
        persons[i].push_back(l->person_id);
        cells[i].households = first.household_id.empty() ? 0 : 1;
      }
      if (first.household_id.empty()) case_persons.push_back(l->person_id);
    }
    for (int i = 0; i < kItemCount; ++i) {
      auto& p = persons[i];
      if (p.empty()) continue;
      std::sort(p.begin(), p.end());
      cells[i].persons = std::unique(p.begin(), p.end()) - p.begin();
    }
    if (first.household_id.empty()) {
      std::sort(case_persons.begin(), case_persons.end());
      cells[kItemCount].persons = std::unique(case_persons.begin(), case_persons.end()) - case_persons.begin();
    } else {
      cells[kItemCount].households = 1;
      int64_t counted = 0;
      for (const Line* l : group) counted = std::max<int64_t>(counted, l->persons);
      cells[kItemCount].persons = counted;
    }
    auto add = [&](int scope, std::string key) {
      Row& row = acc[{scope, std::move(key)}];
      for (int i = 0; i <= kItemCount; ++i) {
        row[i].households += cells[i].households;
        row[i].persons += cells[i].persons;
        row[i].lines += cells[i].lines;
        row[i].amount += cells[i].amount;
      }
    };
    add(0, "all");
    if (first.area_known) add(1, std::string(to_string(first.area)));
    add(2, std::string(first.street));
    group.clear();
  };
  size_t a = 0, b = 0;
  while (a < payments.size() || b < subsidies.size()) {
    const Line* next;
    if (b >= subsidies.size() ||
        (a < payments.size() && payments[a].household_id <= subsidies[b].household_id))
      next = &payments[a++];
    else
      next = &subsidies[b++];
    if (!group.empty() && (group.front()->household_id != next->household_id ||
                           (next->household_id.empty() && group.front()->street != next->street)))
      flush();
    group.push_back(next);
  }
  flush();

}

void SummaryTotals::merge(const SummaryTotals& other) {
  for (const auto& [key, from] : other.acc_) {
    Row& row = acc_[key];
    for (int i = 0; i <= kItemCount; ++i) {
      row[i].households += from[i].households;
      row[i].persons += from[i].persons;
      row[i].lines += from[i].lines;
      row[i].amount += from[i].amount;
    }
  }
}

FileRecord SummaryTotals::write(const std::string& dir, const WriteOptions& opt) const {
  OutputFile f(dir + "/summary.csv", opt.encoding);
  CsvWriter w(f);
  for (const char* c : {"scope", "key", "item", "households", "persons", "lines", "amount"})
    w.raw(c);
  w.end();
  static constexpr const char* kScopes[] = {"all", "area", "street"};
  for (const auto& [k, row] : acc_) {
    for (int i = 0; i <= kItemCount; ++i) {
      const Cell& c = row[i];
      if (c.lines == 0) continue;
      w.raw(kScopes[k.first]).text(mask_text(k.second, opt.mask));
      w.raw(i == kItemCount ? std::string_view("TOTAL") : info(static_cast<Item>(i)).code);
      w.number(c.households).number(c.persons).number(c.lines).raw(c.amount.str());
      w.end();
    }
  }
  return {"summary.csv", f.close(), w.rows(), std::nullopt};
}

FileRecord write_summary(const std::string& dir, const std::vector<Line>& payments,
                         const std::vector<Line>& subsidies, const WriteOptions& opt) {
  SummaryTotals t;
  t.add(payments, subsidies);
  return t.write(dir, opt);
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
