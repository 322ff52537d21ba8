// DisbursementSums (output/month_writer.h): the payees summed a block at a time give the same
// disbursement whether they wait in memory or in spill files, and however the blocks are
// shared among workers.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "output/month_writer.h"

using namespace benefitroll;

namespace {

// Block b's lines: payees seen in several blocks (the insurer, a shared account), others once.
// The text lives in `text` only while the block is summed, as a block's rows do in a roll.
std::vector<Line> block_lines(int b, std::vector<std::string>& text) {
  text.clear();
  text.reserve(64);
  std::vector<Line> lines;
  for (int k = 0; k < 20; ++k) {
    Line l;
    l.form = k % 7 == 0 ? Form::kPremium : Form::kCash;
    if (k % 5 == 4) l.form = Form::kGoods;  // not disbursed
    const int who = k % 3 == 0 ? 0 : b * 100 + k;  // payee 0 in every block
    text.push_back("62220" + std::to_string(who));
    l.payee_account = text.back();
    text.push_back("名" + std::to_string(who));
    l.payee_name = text.back();
    text.push_back(who % 2 ? "" : "ID" + std::to_string(who));
    l.payee_id = text.back();
    l.amount = Money::fen(100 + b * 7 + k);
    lines.push_back(l);
  }
  return lines;
}

std::vector<std::string> flat(const std::vector<Disbursement>& v) {
  std::vector<std::string> out;
  for (const Disbursement& d : v)
    out.push_back(std::string(d.account) + "|" + std::string(d.name) + "|" +
                  std::string(d.payee_id) + "|" + std::to_string(d.lines) + "|" + d.amount.str());
  return out;
}

}  // namespace

TEST_CASE("DisbursementSums: spilled to files or held, one worker or two, the same payees") {
  char name[] = "/tmp/benefitroll-disbursement-XXXXXX";
  REQUIRE(::mkdtemp(name) != nullptr);
  const std::string dir = name;
  std::vector<std::string> text;
  auto run = [&](bool spill, int workers) {
    std::vector<DisbursementSums> w(static_cast<size_t>(workers));
    if (spill)
      for (auto& s : w) s.spill_into(dir);
    for (int b = 0; b < 9; ++b) {
      const std::vector<Line> lines = block_lines(b, text);
      const std::vector<Line> none;
      w[static_cast<size_t>(b % workers)].add(b % 2 ? lines : none, b % 2 ? none : lines);
    }
    for (int k = 1; k < workers; ++k) w[0].merge(std::move(w[static_cast<size_t>(k)]));
    auto sorted = flat(w[0].take_sorted());
    return sorted;
  };
  const auto held = run(false, 1);
  REQUIRE(held.size() > 50);
  // Payee 0: six disbursed lines in each of the nine blocks, 654 + 42b fen in block b.
  CHECK(held.front() == "622200|名0|ID0|54|73.98");
  CHECK(run(true, 1) == held);
  CHECK(run(true, 2) == held);
  CHECK(run(false, 2) == held);
  // The spill files have no names: nothing is left in the folder.
  CHECK(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}
