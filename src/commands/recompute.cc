#include "commands/recompute.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <ostream>
#include <tuple>

#include "archive/month_folder.h"
#include "commands/run.h"
#include "output/recompute_html.h"
#include "output/result_folder.h"

namespace benefitroll {

namespace fs = std::filesystem;

namespace {

// (month, household_id, person_id, item rank, ref): a ledger line's key, in ledger order.
using LineKey = std::tuple<std::string, std::string, std::string, int, std::string>;
// (month, household_id, ref, role)
using SettleKey = std::tuple<std::string, std::string, std::string, std::string>;

struct Side {
  Money amount;
  std::string rule;
  std::string item_name, form, street, community, payee_name, payee_account;
  bool present = false;
};
struct LineDiff {
  Side paid, due;
};
struct PayeeKey {
  std::string account, name, id;
};
struct Settlement {
  Money paid, due;
  std::optional<PayeeKey> due_payee, paid_payee;
};

int item_rank(std::string_view code) {
  auto i = item_from_code(code);
  return i ? static_cast<int>(*i) : kItemCount;
}

std::string role_of(std::string_view form) {
  if (form == "cash") return "cash";
  if (form == "premium") return "premium";
  return {};
}

// One month of the archive checked against its manifest; FatalError (exit 3) on any problem.
FolderManifest checked_folder(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_regular_file(dir + "/manifest.json", ec))
    throw FatalError(dir, 0, 0, "no month folder with a manifest.json here");
  FolderManifest m = read_manifest(dir);
  auto problems = check_integrity(dir, m);
  if (!problems.empty())
    throw FatalError(dir + "/" + problems.front().file, 0, 0,
                     fmt::format("fails the manifest check: {}; nothing written",
                                 problems.front().message.en));
  return m;
}

CommonOptions options_of(const FolderManifest& m, const CommonOptions& base) {
  CommonOptions o = base;
  o.input_encoding = input_encoding_from(m.input_encoding);
  return o;
}

std::string csv_month(const YearMonth& m) { return m.str(); }

// A month's exports: the corrected ones where --corrected has them (their names added to
// `corrected`), else the month folder's own inputs/.
InputFiles month_inputs(const RecomputeArgs& a, YearMonth m, std::vector<std::string>* corrected) {
  InputFiles files = InputFiles::in(a.archive + "/" + m.str() + "/inputs");
  if (!a.corrected) return files;
  const std::string cdir = *a.corrected + "/" + m.str();
  auto use = [&](const char* name, std::string& slot) {
    const std::string p = cdir + "/" + name;
    std::error_code ec;
    if (!fs::is_regular_file(p, ec)) return false;
    slot = p;
    if (corrected) corrected->push_back(name);
    return true;
  };
  use("households.csv", files.households);
  use("members.csv", files.members);
  std::string cases;
  if (use("cases.csv", cases)) files.cases = cases;
  return files;
}

}  // namespace

int recompute_command(const RecomputeArgs& a, std::ostream& out) {
  check_out_folder(a.out, a.force);
  if (a.to < a.from) throw FatalError("", 0, 0, "--to is before --from");
  int64_t total_bytes = 0;
  for (YearMonth m = a.from; m <= a.to; m = m.plus(1))
    total_bytes += input_bytes(month_inputs(a, m, nullptr));
  Progress progress(a.common.progress_mode, a.common.write.lang, total_bytes);
  CommonOptions opt = a.common;
  opt.progress = &progress;

  // Earlier recompute folders: what they paid now, per settlement key.
  std::map<SettleKey, Money> paid_before;
  std::vector<std::pair<std::string, std::string>> earlier;  // folder name, manifest sha256
  {
    std::error_code ec;
    std::vector<fs::path> dirs;
    for (const auto& e : fs::directory_iterator(a.archive, ec))
      if (e.is_directory() && fs::is_regular_file(e.path() / "manifest.json")) dirs.push_back(e.path());
    if (ec) throw FatalError(a.archive, 0, 0, fmt::format("cannot read the archive: {}", ec.message()));
    std::sort(dirs.begin(), dirs.end());
    for (const fs::path& d : dirs) {
      if (fs::equivalent(d, a.out, ec)) continue;
      FolderManifest m = read_manifest(d.string());
      if (m.command != "recompute") continue;
      checked_folder(d.string());
      earlier.emplace_back(d.filename().string(), sha256_hex(read_file((d / "manifest.json").string())));
      CsvTable t = read_output_csv((d / "settlements.csv").string(), m.options.encoding);
      const int cm = t.column("month"), ch = t.column("household_id"), cr = t.column("ref"),
                cro = t.column("role"), cp = t.column("paid_now");
      if (cm < 0 || ch < 0 || cr < 0 || cro < 0 || cp < 0)
        throw FatalError((d / "settlements.csv").string(), 1, 0, "not a settlements file");
      for (size_t i = 0; i < t.rows.size(); ++i) {
        auto& r = t.rows[i];
        auto amount = Money::parse_signed(r[static_cast<size_t>(cp)]);
        if (!amount)
          throw FatalError((d / "settlements.csv").string(), t.lines[i], cp + 1, "paid_now: not an amount");
        paid_before[{r[static_cast<size_t>(cm)], r[static_cast<size_t>(ch)],
                     r[static_cast<size_t>(cr)], r[static_cast<size_t>(cro)]}] += *amount;
      }
    }
  }

  std::map<LineKey, LineDiff> lines;
  std::map<SettleKey, Settlement> settle;
  std::vector<std::unique_ptr<ComputedMonth>> computed;
  std::vector<MonthLines> held;
  std::vector<Issue> exceptions;
  struct MonthRecord {
    YearMonth month;
    std::string manifest_sha256;
    std::vector<FileRecord> corrected;
  };
  std::vector<MonthRecord> months;
  std::string rules_bytes;
  RecomputeReport report;
  report.from = a.from;
  report.to = a.to;
  report.as_of = a.as_of;
  report.earlier_recomputes = static_cast<int64_t>(earlier.size());

  for (YearMonth m = a.from; m <= a.to; m = m.plus(1)) {
    const std::string dir = a.archive + "/" + m.str();
    FolderManifest fm = checked_folder(dir);
    if (fm.command != "run" || !fm.month || !(*fm.month == m))
      throw FatalError(dir + "/manifest.json", 0, 0,
                       fmt::format("not the run of {} (command {})", m.str(), fm.command));
    MonthRecord rec{m, sha256_hex(read_file(dir + "/manifest.json")), {}};
    RecomputedMonth& shown = report.months.emplace_back();
    shown.month = m;
    shown.versions_paid = fm.versions;

    const InputFiles files = month_inputs(a, m, &shown.corrected);
    for (const std::string& name : shown.corrected)
      rec.corrected.push_back({m.str() + "/" + name,
                               sha256_hex(read_file(*a.corrected + "/" + m.str() + "/" + name)), -1,
                               std::nullopt});
    auto c = std::make_unique<ComputedMonth>();
    compute_month(a.rules, files, m, a.as_of, options_of(fm, opt), *c);
    if (rules_bytes.empty()) rules_bytes = c->rules.bytes;
    shown.versions_due = c->rules.month.version_refs();

    // What was paid: the folder's ledgers. PayeeKey IDs come from its disbursement file.
    std::map<std::pair<std::string, std::string>, std::string> payee_ids;
    {
      CsvTable d = read_output_csv(dir + "/disbursement.csv", fm.options.encoding);
      const int ca = d.column("payee_account"), cn = d.column("payee_name"), ci = d.column("payee_id");
      if (ca >= 0 && cn >= 0 && ci >= 0)
        for (auto& r : d.rows)
          payee_ids[{r[static_cast<size_t>(ca)], r[static_cast<size_t>(cn)]}] = r[static_cast<size_t>(ci)];
    }
    const std::string ms = csv_month(m);
    for (const char* name : {"payments.csv", "subsidies.csv"}) {
      StringPool text;
      for (const LedgerRow& r : read_ledger(dir + "/" + name, fm.options.encoding, text)) {
        const auto str = [](std::string_view v) { return std::string(v); };
        const std::string hid = str(r.household_id), ref = str(r.ref);
        LineDiff& d = lines[{ms, hid, str(r.person_id), item_rank(r.item), ref}];
        d.paid = {d.paid.amount + r.amount, str(r.rule), str(r.item_name), str(r.form),
                  str(r.street), str(r.community), str(r.payee_name), str(r.payee_account), true};
        const std::string role = role_of(r.form);
        if (role.empty()) continue;
        Settlement& s = settle[{ms, hid, ref, role}];
        s.paid += r.amount;
        if (!s.paid_payee) {
          const std::string account = str(r.payee_account), name = str(r.payee_name);
          s.paid_payee = PayeeKey{account, name, payee_ids[{account, name}]};
        }
      }
    }
    // What is due now: the recomputation's ledgers (held lines are not due).
    const Rules& rules = c->rules.rules;
    for (const auto* v : {&c->roll.payments, &c->roll.subsidies}) {
      for (const Line& l : *v) {
        LineDiff& d = lines[{ms, std::string(l.household_id), std::string(l.person_id),
                             static_cast<int>(l.item), std::string(l.ref)}];
        d.due = {d.due.amount + l.amount, l.rule ? *l.rule : std::string(),
                 std::string(rules.label(l.item)), std::string(to_string(l.form)),
                 std::string(l.street), std::string(l.community), std::string(l.payee_name),
                 std::string(l.payee_account), true};
        const std::string role = role_of(to_string(l.form));
        if (role.empty()) continue;
        Settlement& s = settle[{ms, std::string(l.household_id), std::string(l.ref), role}];
        s.due += l.amount;
        if (!s.due_payee)
          s.due_payee = PayeeKey{std::string(l.payee_account), std::string(l.payee_name),
                              std::string(l.payee_id)};
      }
    }
    for (Issue i : c->roll.exceptions) {
      i.message.zh = fmt::format("[{}] {}", ms, i.message.zh);
      i.message.en = fmt::format("[{}] {}", ms, i.message.en);
      exceptions.push_back(std::move(i));
    }
    held.push_back({m, &c->roll.held});
    computed.push_back(std::move(c));
    months.push_back(std::move(rec));
  }

  // Settlements: net = due − (paid in the month + paid_now by earlier recomputes).
  struct SettleRow {
    SettleKey key;
    PayeeKey payee;
    Money paid, due, net, paid_now;
  };
  std::vector<SettleRow> rows;
  std::map<std::string, RecomputedMonth*> shown_month;
  for (RecomputedMonth& rm : report.months) shown_month[rm.month.str()] = &rm;
  for (auto& [k, s] : settle) {
    auto it = paid_before.find(k);
    const Money paid = s.paid + (it == paid_before.end() ? Money() : it->second);
    const Money net = s.due - paid;
    if (net.zero()) continue;
    const PayeeKey p = s.due_payee ? *s.due_payee : s.paid_payee.value_or(PayeeKey{});
    rows.push_back({k, p, paid, s.due, net, net > Money() ? net : Money()});
    RecomputedMonth& shown = *shown_month.at(std::get<0>(k));
    ++shown.settlements;
    shown.paid_now += rows.back().paid_now;
    if (net < Money()) {
      ++shown.overpaid;
      ++report.overpaid;
      report.overpaid_amount += Money() - net;
      Issue i;
      i.severity = Severity::kReview;
      i.code = "OVERPAID";
      i.household_id = std::get<1>(k);
      i.message = {fmt::format("[{}] {}{}：已发 {}，应发 {}，多发 {}，请核定是否追回", std::get<0>(k),
                               std::get<3>(k) == "cash" ? "现金" : "参保资助",
                               std::get<2>(k).empty() ? "" : fmt::format("（案件 {}）", std::get<2>(k)),
                               paid.str(), s.due.str(), (Money() - net).str()),
                   fmt::format("[{}] {}{}: paid {}, due {}, overpaid {}: for the caseworker to "
                               "decide",
                               std::get<0>(k), std::get<3>(k),
                               std::get<2>(k).empty() ? "" : fmt::format(" (case {})", std::get<2>(k)),
                               paid.str(), s.due.str(), (Money() - net).str())};
      exceptions.push_back(std::move(i));
    }
  }

  progress.phase(Phase::kWriting);
  const WriteOptions& wo = a.common.write;
  ResultFolder folder(a.out, a.force);
  const std::string& dir = folder.dir();
  std::vector<FileRecord> outputs;
  Money arrears_total;
  int64_t arrears_rows = 0;
  {
    OutputFile f(dir + "/arrears.csv", wo.encoding);
    CsvWriter w(f);
    for (const char* c : {"month", "household_id", "person_id", "item", "item_name", "form",
                          "street", "community", "payee_name", "payee_account", "paid", "due",
                          "delta", "rule_paid", "rule_due", "ref"})
      w.raw(c);
    w.end();
    for (auto& [k, d] : lines) {
      if (d.paid.amount == d.due.amount) continue;  // a changed rule version alone writes no row
      const Side& s = d.due.present ? d.due : d.paid;
      const int rank = std::get<3>(k);
      w.raw(std::get<0>(k)).text(std::get<1>(k)).text(std::get<2>(k));
      w.raw(rank < kItemCount ? info(static_cast<Item>(rank)).code : std::string_view("?"));
      w.text(s.item_name).raw(s.form).text(s.street).text(s.community).text(s.payee_name);
      w.text(s.payee_account).raw(d.paid.amount.str()).raw(d.due.amount.str());
      w.raw((d.due.amount - d.paid.amount).str()).text(d.paid.rule).text(d.due.rule);
      w.text(std::get<4>(k));
      w.end();
      arrears_total += d.due.amount - d.paid.amount;
      ++arrears_rows;
    }
    outputs.push_back({"arrears.csv", f.close(), w.rows(), arrears_total});
  }
  Money paid_now_total;
  {
    OutputFile f(dir + "/settlements.csv", wo.encoding);
    CsvWriter w(f);
    for (const char* c : {"month", "household_id", "ref", "role", "payee_account", "payee_name",
                          "payee_id", "paid", "due", "net", "paid_now"})
      w.raw(c);
    w.end();
    for (const SettleRow& r : rows) {
      w.raw(std::get<0>(r.key)).text(std::get<1>(r.key)).text(std::get<2>(r.key));
      w.raw(std::get<3>(r.key)).text(r.payee.account).text(r.payee.name).text(r.payee.id);
      w.raw(r.paid.str()).raw(r.due.str()).raw(r.net.str()).raw(r.paid_now.str());
      w.end();
      paid_now_total += r.paid_now;
    }
    outputs.push_back({"settlements.csv", f.close(), w.rows(), paid_now_total});
  }
  // What the bank pays now: paid_now per payee.
  std::map<std::tuple<std::string, std::string, std::string>, std::pair<int64_t, Money>> disb;
  for (const SettleRow& r : rows)
    if (r.paid_now.positive()) {
      auto& d = disb[{r.payee.account, r.payee.name, r.payee.id}];
      ++d.first;
      d.second += r.paid_now;
    }
  {
    OutputFile f(dir + "/disbursement.csv", wo.encoding);
    CsvWriter w(f);
    for (const char* c : {"payee_account", "payee_name", "payee_id", "lines", "amount"}) w.raw(c);
    w.end();
    Money total;
    for (auto& [k, v] : disb) {
      w.text(std::get<0>(k)).text(std::get<1>(k)).text(std::get<2>(k)).number(v.first);
      w.raw(v.second.str());
      w.end();
      total += v.second;
    }
    outputs.push_back({"disbursement.csv", f.close(), w.rows(), total});
    if (total != paid_now_total) throw std::logic_error("recompute disbursement differs from paid_now");
  }
  const Rules& any_rules = computed.front()->rules.rules;
  outputs.push_back(write_ledger_months(dir, "held.csv", held, true, any_rules, wo));
  outputs.push_back(write_exceptions(dir, exceptions, wo));
  {
    // Arrears per month and item (summary.csv and summary.html).
    for (auto& [k, d] : lines) {
      if (d.paid.amount == d.due.amount) continue;
      for (int item : {std::get<3>(k), kItemCount}) {
        ArrearsSum& sum = report.arrears[{std::get<0>(k), item}];
        ++sum.lines;
        sum.paid += d.paid.amount;
        sum.due += d.due.amount;
      }
    }
    OutputFile f(dir + "/summary.csv", wo.encoding);
    CsvWriter w(f);
    for (const char* c : {"month", "item", "lines", "paid", "due", "delta"}) w.raw(c);
    w.end();
    for (auto& [k, v] : report.arrears) {
      w.raw(k.first).raw(k.second == kItemCount ? std::string_view("TOTAL")
                                                : info(static_cast<Item>(k.second)).code);
      w.number(v.lines).raw(v.paid.str()).raw(v.due.str()).raw((v.due - v.paid).str());
      w.end();
    }
    outputs.push_back({"summary.csv", f.close(), w.rows(), std::nullopt});
  }
  report.arrears_rows = arrears_rows;
  report.arrears_total = arrears_total;
  report.settlements = static_cast<int64_t>(rows.size());
  report.paid_now = paid_now_total;
  report.accounts = static_cast<int64_t>(disb.size());
  outputs.push_back(write_recompute_html(dir, report, held, exceptions, any_rules, wo));
  outputs.push_back(copy_bytes(dir, "rules.toml", rules_bytes, -1));

  // manifest.json
  {
    auto q = [](std::string_view s) {
      std::string o = "\"";
      for (char ch : s) {
        if (ch == '"' || ch == '\\') o += '\\';
        o += ch;
      }
      return o + "\"";
    };
    std::string js = "{\n";
    js += fmt::format("  \"tool\": \"benefitroll\", \"version\": {},\n", q(BENEFITROLL_VERSION));
    js += fmt::format("  \"command\": \"recompute\", \"from\": {}, \"to\": {}, \"as_of\": {},\n",
                      q(a.from.str()), q(a.to.str()), a.as_of ? q(a.as_of->str()) : "null");
    js += fmt::format(
        "  \"options\": {{\"output_encoding\": {}, \"lang\": {}, \"mask\": {}}},\n",
        q(to_string(wo.encoding)), q(wo.lang == Lang::kZh ? "zh" : "en"), wo.mask ? "true" : "false");
    js += fmt::format("  \"rules\": {{\"file\": \"rules.toml\", \"sha256\": {}}},\n",
                      q(sha256_hex(rules_bytes)));
    js += "  \"months\": [";
    for (size_t i = 0; i < months.size(); ++i) {
      js += fmt::format("{}\n    {{\"month\": {}, \"manifest_sha256\": {}, \"corrected\": [", i ? "," : "",
                        q(months[i].month.str()), q(months[i].manifest_sha256));
      for (size_t k = 0; k < months[i].corrected.size(); ++k)
        js += fmt::format("{}{{\"file\": {}, \"sha256\": {}}}", k ? ", " : "",
                          q(months[i].corrected[k].file), q(months[i].corrected[k].sha256));
      js += "]}";
    }
    js += "\n  ],\n  \"inputs\": [";
    bool first_input = true;
    for (const MonthRecord& mr : months)
      for (const FileRecord& f : mr.corrected) {
        js += fmt::format("{}\n    {{\"file\": {}, \"sha256\": {}}}", first_input ? "" : ",",
                          q("corrected/" + f.file), q(f.sha256));
        first_input = false;
      }
    js += first_input ? "],\n" : "\n  ],\n";
    js += "  \"earlier_recomputes\": [";
    for (size_t i = 0; i < earlier.size(); ++i)
      js += fmt::format("{}\n    {{\"folder\": {}, \"manifest_sha256\": {}}}", i ? "," : "",
                        q(earlier[i].first), q(earlier[i].second));
    js += earlier.empty() ? "],\n" : "\n  ],\n";
    js += "  \"outputs\": [";
    for (size_t i = 0; i < outputs.size(); ++i) {
      const FileRecord& r = outputs[i];
      js += fmt::format("{}\n    {{\"file\": {}, \"sha256\": {}", i ? "," : "", q(r.file), q(r.sha256));
      if (r.rows >= 0) js += fmt::format(", \"rows\": {}", r.rows);
      if (r.amount) js += fmt::format(", \"amount\": {}", q(r.amount->str()));
      js += "}";
    }
    js += "\n  ],\n";
    js += fmt::format(
        "  \"control\": {{\"arrears\": {}, \"paid_now\": {}, \"disbursement\": {}, \"accounts\": {}}}\n}}\n",
        q(arrears_total.str()), q(paid_now_total.str()), q(paid_now_total.str()), disb.size());
    OutputFile mf(folder.path("manifest.json"), OutputEncoding::kUtf8, false);
    mf.write(js);
    mf.close();
  }
  folder.commit();
  progress.stop();

  if (!a.common.quiet) {
    const bool zh = wo.lang == Lang::kZh;
    out << fmt::format(fmt::runtime(zh ? "重算 {} 至 {}：差额 {} 行（合计 {}），结算 {} 行，本次应补发 {}（{} 个账户），多发 {} 行待核定\n"
                          : "recomputed {} to {}: {} arrears rows (total {}), {} settlements, pay now {} "
                            "({} accounts), {} overpaid for review\n"),
                       a.from.str(), a.to.str(), arrears_rows, arrears_total.str(), rows.size(),
                       paid_now_total.str(), disb.size(), report.overpaid);
    out << fmt::format("{}: {}\n", zh ? "结果目录" : "written to", a.out);
  }
  return 0;
}

}  // namespace benefitroll
