// Words people read, in both languages (--lang zh|en): item names, outcomes, severities, the
// short meaning of each exception code, the input enumerations; and aligned text columns for
// the terminal. No I/O, no amounts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "calc/roll.h"
#include "core/issue.h"
#include "core/item.h"
#include "input/rows.h"
#include "rules/rules.h"

namespace benefitroll {

/// Picks the Chinese or the English text.
inline std::string_view tr(Lang lang, std::string_view zh, std::string_view en) {
  return lang == Lang::kZh ? zh : en;
}

/// The item's name for people: the rules file's label in Chinese, an English name in English.
std::string_view item_label(Item i, Lang lang, const Rules& rules);
/// The English name of an item ("minimum living allowance").
std::string_view item_english_name(Item i);

std::string_view outcome_label(Outcome o, Lang lang);     // 已发放 / paid, ...
std::string_view severity_label(Severity s, Lang lang);   // 错误 / error, ...
std::string_view program_label(Program p, Lang lang);     // 低保 / dibao, ...
std::string_view area_label(Area a, Lang lang);           // 城市 / urban
std::string_view relation_label(Relation r, Lang lang);   // 户主 / head
std::string_view self_care_label(SelfCare s, Lang lang);  // 全自理 / full
std::string_view heating_label(Heating h, Lang lang);     // 集中供热 / central
std::string_view form_label(Form f, Lang lang);           // 现金 / cash

/// What an exception or watch-list code means, in a few words ("" for an unknown code).
std::string_view code_meaning(std::string_view code, Lang lang);

/// Terminal columns of UTF-8 text: East Asian wide characters take two.
size_t display_width(std::string_view s);

/// Rows as aligned columns (every column but the last padded to its widest cell, two spaces
/// between), each line prefixed with `indent` and ended with '\n'; no trailing spaces.
std::string format_columns(const std::vector<std::vector<std::string>>& rows,
                           std::string_view indent);

}  // namespace benefitroll
