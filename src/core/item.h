// The item catalogue of rules.md, in ledger order: code, default Chinese name, ledger, level,
// form, and the rules table it is computed from. The order of this enum is the ledger order.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace benefitroll {

enum class Item : uint8_t {
  kDibao, kDibaoGrace, kTekunBasic, kTekunCare, kTemporary, kPriceSubsidy, kBenefitCard,
  kElectricity, kWater, kGas, kHeating, kHolidayCash, kHolidayGoods, kInsurancePremium,
  kEducation, kFeeWaiver,
};
constexpr int kItemCount = 16;

enum class Ledger : uint8_t { kPayments, kSubsidies };
enum class Level : uint8_t { kHousehold, kPerson, kCase };
enum class Form : uint8_t { kCash, kPremium, kGoods, kWaiver };

struct ItemInfo {
  Item item;
  std::string_view code;
  std::string_view default_name;
  Ledger ledger;
  Level level;  // holiday_cash is H or P; given as H here, its lines say which
  Form form;
  std::string_view table;
};

inline constexpr std::array<ItemInfo, kItemCount> kCatalogue = {{
    {Item::kDibao, "dibao", "低保金", Ledger::kPayments, Level::kHousehold, Form::kCash, "dibao"},
    {Item::kDibaoGrace, "dibao_grace", "渐退期低保金", Ledger::kPayments, Level::kHousehold, Form::kCash, "dibao"},
    {Item::kTekunBasic, "tekun_basic", "特困人员基本生活费", Ledger::kPayments, Level::kPerson, Form::kCash, "tekun"},
    {Item::kTekunCare, "tekun_care", "特困人员照料护理费", Ledger::kPayments, Level::kPerson, Form::kCash, "tekun"},
    {Item::kTemporary, "temporary", "临时救助金", Ledger::kPayments, Level::kCase, Form::kCash, "temporary"},
    {Item::kPriceSubsidy, "price_subsidy", "价格临时补贴", Ledger::kSubsidies, Level::kPerson, Form::kCash, "price_subsidy"},
    {Item::kBenefitCard, "benefit_card", "惠民卡补贴", Ledger::kSubsidies, Level::kHousehold, Form::kCash, "benefit_card"},
    {Item::kElectricity, "electricity", "电费补贴", Ledger::kSubsidies, Level::kHousehold, Form::kCash, "utilities"},
    {Item::kWater, "water", "水费补贴", Ledger::kSubsidies, Level::kHousehold, Form::kCash, "utilities"},
    {Item::kGas, "gas", "燃气费补贴", Ledger::kSubsidies, Level::kHousehold, Form::kCash, "utilities"},
    {Item::kHeating, "heating", "取暖费补贴", Ledger::kSubsidies, Level::kHousehold, Form::kCash, "heating"},
    {Item::kHolidayCash, "holiday_cash", "两节生活补贴", Ledger::kSubsidies, Level::kHousehold, Form::kCash, "holiday"},
    {Item::kHolidayGoods, "holiday_goods", "两节米面油", Ledger::kSubsidies, Level::kHousehold, Form::kGoods, "holiday"},
    {Item::kInsurancePremium, "insurance_premium", "医疗保险参保资助", Ledger::kSubsidies, Level::kPerson, Form::kPremium, "insurance_premium"},
    {Item::kEducation, "education", "助学金", Ledger::kSubsidies, Level::kPerson, Form::kCash, "education"},
    {Item::kFeeWaiver, "fee_waiver", "卫生费及垃圾处理费减免", Ledger::kSubsidies, Level::kHousehold, Form::kWaiver, "fee_waiver"},
}};

inline const ItemInfo& info(Item i) { return kCatalogue[static_cast<int>(i)]; }
inline std::optional<Item> item_from_code(std::string_view code) {
  for (const auto& i : kCatalogue)
    if (i.code == code) return i.item;
  return std::nullopt;
}
std::string_view to_string(Form f);

}  // namespace benefitroll
