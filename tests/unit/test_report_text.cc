// The text helpers of the reports for people: output/labels.h (aligned columns, display width,
// the two languages) and the building blocks of summary.html (escaping, grouped amounts, the
// integer geometry of the bar charts).
#include <doctest/doctest.h>

#include "output/labels.h"
#include "output/summary_html.h"

using namespace benefitroll;

TEST_CASE("display_width counts a CJK character as two columns") {
  CHECK(display_width("abc") == 3);
  CHECK(display_width("低保金") == 6);
  CHECK(display_width("S × n") == 5);
  CHECK(display_width("（无）") == 6);
}

TEST_CASE("format_columns pads every column but the last, by display width") {
  const std::string s =
      format_columns({{"姓名", "年龄", "x"}, {"Li", "5", "long last cell"}}, "  ");
  CHECK(s == "  姓名  年龄  x\n  Li    5     long last cell\n");
  // A shorter row leaves no trailing spaces.
  CHECK(format_columns({{"a", ""}}, "") == "a\n");
}

TEST_CASE("labels exist in both languages") {
  for (const ItemInfo& i : kCatalogue) CHECK(!item_english_name(i.item).empty());
  CHECK(outcome_label(Outcome::kHeld, Lang::kZh) == "暂缓发放");
  CHECK(outcome_label(Outcome::kHeld, Lang::kEn) == "held");
  CHECK(code_meaning("MISSING_ACCOUNT", Lang::kEn) == "no bank account");
  CHECK(code_meaning("NOT_A_CODE", Lang::kZh).empty());
}

TEST_CASE("html_escape and grouped amounts") {
  CHECK(html_escape("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  CHECK(grouped(Money::fen(0)) == "0.00");
  CHECK(grouped(Money::fen(99999)) == "999.99");
  CHECK(grouped(Money::fen(123456789)) == "1,234,567.89");
  CHECK(grouped(Money::fen(-4000)) == "-40.00");
  CHECK(grouped(Money::fen(-100000000)) == "-1,000,000.00");
}

TEST_CASE("svg_bar_chart: bars scaled to the largest, no script, labels escaped") {
  const std::string svg =
      svg_bar_chart({{"a<b", 200, "2.00"}, {"c", 100, "1.00"}, {"z", 0, "0.00"}}, "t");
  CHECK(svg.find("<svg") == 0);
  CHECK(svg.find("a&lt;b") != std::string::npos);
  CHECK(svg.find("script") == std::string::npos);
  CHECK(svg.find("http") == std::string::npos);
  // Label area 8 columns × 7 + 12 = 68 px; bars 720 − 68 − 150 = 502 px for the largest.
  CHECK(svg.find("width=\"502\"") != std::string::npos);
  CHECK(svg.find("width=\"251\"") != std::string::npos);
  CHECK(svg.find("width=\"0\"") != std::string::npos);
}

TEST_CASE("svg_bar_chart: a negative bar is drawn with its magnitude, in red") {
  Bar down{"dibao_grace", 62000, "-620.00 (6)"};
  down.negative = true;
  const std::string svg = svg_bar_chart({{"dibao", 168000, "1,680.00 (23)"}, down}, "t");
  CHECK(svg.find("fill=\"#3b6ea5\"") != std::string::npos);
  CHECK(svg.find("fill=\"#c8553d\"") != std::string::npos);
  CHECK(svg.find("-620.00 (6)") != std::string::npos);
}
