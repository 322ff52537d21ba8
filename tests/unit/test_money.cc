#include <cstdint>
#include <doctest/doctest.h>

#include "core/money.h"

using namespace benefitroll;

TEST_CASE("money parses the input form exactly") {
  CHECK(Money::parse("1234")->fen() == 123400);
  CHECK(Money::parse("1234.5")->fen() == 123450);
  CHECK(Money::parse("1234.56")->fen() == 123456);
  CHECK(Money::parse("007")->fen() == 700);
  CHECK(Money::parse("999999999.99")->fen() == 99999999999);
  CHECK_FALSE(Money::parse("1,234.50"));
  CHECK_FALSE(Money::parse("12.345"));
  CHECK_FALSE(Money::parse("-1"));
  CHECK_FALSE(Money::parse("1e3"));
  CHECK_FALSE(Money::parse("1234567890"));
  CHECK_FALSE(Money::parse(""));
  CHECK_FALSE(Money::parse("1."));
  CHECK_FALSE(Money::parse(".5"));
  CHECK_FALSE(Money::parse("¥100"));
  CHECK(Money::parse_signed("-40")->str() == "-40.00");
}

TEST_CASE("money formats with two decimals") {
  CHECK(Money::fen(113000).str() == "1130.00");
  CHECK(Money::fen(5).str() == "0.05");
  CHECK(Money::fen(-4000).str() == "-40.00");
  CHECK(Money::fen(-5).str() == "-0.05");
  CHECK(Money::fen(0).str() == "0.00");
  CHECK(Money::fen(-100).str() == "-1.00");
  CHECK(Money::fen(INT64_MAX).str() == "92233720368547758.07");
  CHECK(Money::fen(INT64_MIN).str() == "-92233720368547758.08");
}

TEST_CASE("rounding units and modes") {
  Money m = Money::fen(123456);  // 1234.56
  CHECK(round(m, {RoundUnit::kFen, RoundMode::kDown}).fen() == 123456);
  CHECK(round(m, {RoundUnit::kJiao, RoundMode::kHalfUp}).fen() == 123460);
  CHECK(round(m, {RoundUnit::kJiao, RoundMode::kDown}).fen() == 123450);
  CHECK(round(m, {RoundUnit::kJiao, RoundMode::kUp}).fen() == 123460);
  CHECK(round(m, {RoundUnit::kYuan, RoundMode::kHalfUp}).fen() == 123500);
  CHECK(round(m, {RoundUnit::kYuan, RoundMode::kDown}).fen() == 123400);
  CHECK(round(Money::fen(123450), {RoundUnit::kYuan, RoundMode::kHalfUp}).fen() == 123500);
  CHECK(round(Money::fen(123449), {RoundUnit::kYuan, RoundMode::kHalfUp}).fen() == 123400);
  CHECK(round(Money::fen(123401), {RoundUnit::kYuan, RoundMode::kUp}).fen() == 123500);
  CHECK(round(Money::fen(123400), {RoundUnit::kYuan, RoundMode::kUp}).fen() == 123400);
}

TEST_CASE("products are exact and rounded once") {
  // 0.525 yuan/kWh × 10 kWh = 5.25
  CHECK(multiply_decimals(*Decimal::parse("10"), *Decimal::parse("0.525"), {}).fen() == 525);
  // 0.5245 × 3 = 1.5735 → 1.57
  CHECK(multiply_decimals(*Decimal::parse("3"), *Decimal::parse("0.5245"), {}).fen() == 157);
  // ratio 0.3 × 2130.00 = 639.00
  CHECK(multiply(Money::fen(213000), *Decimal::parse("0.3"), {}).fen() == 63900);
  // 6000 / 12 = 500.00; 6001 / 12 = 500.0833 → 500.08
  CHECK(multiply_ratio(Money::yuan(6001), 1, 12, {}).fen() == 50008);
  CHECK(compare_with_product(Money::fen(100), Money::fen(200), *Decimal::parse("0.5")) == 0);
  CHECK(compare_with_product(Money::fen(99), Money::fen(200), *Decimal::parse("0.5")) < 0);
}

TEST_CASE("decimal parsing") {
  CHECK(Decimal::parse("3.5")->units() == 35000);
  CHECK(Decimal::parse("-0.5")->units() == -5000);
  CHECK(Decimal::parse("0.525")->str() == "0.525");
  CHECK(Decimal::parse("60")->str() == "60");
  CHECK_FALSE(Decimal::parse("0.12345"));
  CHECK_FALSE(Decimal::parse("1.5", 4, false) == std::nullopt);
  CHECK_FALSE(Decimal::parse("-1.5", 4, false));
  CHECK_FALSE(Decimal::parse("60.123", 2));
}

TEST_CASE("overflow is an error, not a wrap") {
  Money big = Money::fen(INT64_MAX);
  CHECK_THROWS_AS(big + Money::fen(1), MoneyOverflow);
  CHECK_THROWS_AS(big * 2, MoneyOverflow);
}

TEST_CASE("percent_of rounds once") {
  // 710.00 × 11.2% = 79.52 → 80 (yuan half up); 500 × 2.4% = 12.00
  CHECK(percent_of(Money::yuan(710), *Decimal::parse("11.2"), {RoundUnit::kYuan, RoundMode::kHalfUp}).fen() == 8000);
  CHECK(percent_of(Money::yuan(500), *Decimal::parse("2.4"), {RoundUnit::kYuan, RoundMode::kHalfUp}).fen() == 1200);
  CHECK(percent_of(Money::yuan(710), *Decimal::parse("11.2"), {}).fen() == 7952);
}
