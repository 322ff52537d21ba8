#include "output/labels.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace benefitroll {

std::string_view item_english_name(Item i) {
  static constexpr std::array<std::string_view, kItemCount> kNames = {
      "minimum living allowance",
      "gradual-exit allowance",
      "tekun basic living allowance",
      "tekun care allowance",
      "temporary assistance",
      "price subsidy",
      "benefit card subsidy",
      "electricity subsidy",
      "water subsidy",
      "gas subsidy",
      "heating subsidy",
      "holiday cash",
      "holiday rice, flour and oil",
      "medical insurance premium",
      "school grant",
      "sanitation and garbage fee waiver",
  };
  return kNames[static_cast<size_t>(i)];
}

std::string_view item_label(Item i, Lang lang, const Rules& rules) {
  return lang == Lang::kZh ? rules.label(i) : item_english_name(i);
}

std::string_view outcome_label(Outcome o, Lang lang) {
  switch (o) {
    case Outcome::kPaid:
      return tr(lang, "已发放", "paid");
    case Outcome::kHeld:
      return tr(lang, "暂缓发放", "held");
    case Outcome::kNotPaid:
      return tr(lang, "未发放", "not paid");
    case Outcome::kRejected:
      return tr(lang, "不予受理", "rejected");
  }
  return "";
}

std::string_view severity_label(Severity s, Lang lang) {
  switch (s) {
    case Severity::kError:
      return tr(lang, "错误", "error");
    case Severity::kHold:
      return tr(lang, "暂缓", "hold");
    case Severity::kReview:
      return tr(lang, "待核查", "review");
    case Severity::kInfo:
      return tr(lang, "提示", "info");
  }
  return "";
}

std::string_view program_label(Program p, Lang lang) {
  switch (p) {
    case Program::kDibao:
      return tr(lang, "低保", "dibao");
    case Program::kTekun:
      return tr(lang, "特困供养", "tekun");
    case Program::kMarginal:
      return tr(lang, "低保边缘", "marginal");
  }
  return "";
}

std::string_view area_label(Area a, Lang lang) {
  return a == Area::kUrban ? tr(lang, "城市", "urban") : tr(lang, "农村", "rural");
}

std::string_view relation_label(Relation r, Lang lang) {
  switch (r) {
    case Relation::kHead:
      return tr(lang, "户主", "head");
    case Relation::kSpouse:
      return tr(lang, "配偶", "spouse");
    case Relation::kChild:
      return tr(lang, "子女", "child");
    case Relation::kParent:
      return tr(lang, "父母", "parent");
    case Relation::kGrandchild:
      return tr(lang, "孙子女", "grandchild");
    case Relation::kSibling:
      return tr(lang, "兄弟姐妹", "sibling");
    case Relation::kOther:
      return tr(lang, "其他", "other");
  }
  return "";
}

std::string_view self_care_label(SelfCare s, Lang lang) {
  switch (s) {
    case SelfCare::kFull:
      return tr(lang, "全自理", "full");
    case SelfCare::kPartial:
      return tr(lang, "半自理", "partial");
    case SelfCare::kNone:
      return tr(lang, "全护理", "none");
  }
  return "";
}

std::string_view heating_label(Heating h, Lang lang) {
  switch (h) {
    case Heating::kNone:
      return tr(lang, "无", "none");
    case Heating::kCentral:
      return tr(lang, "集中供热", "central");
    case Heating::kSelf:
      return tr(lang, "自行取暖", "self");
  }
  return "";
}

std::string_view form_label(Form f, Lang lang) {
  switch (f) {
    case Form::kCash:
      return tr(lang, "现金", "cash");
    case Form::kPremium:
      return tr(lang, "代缴保费", "premium");
    case Form::kGoods:
      return tr(lang, "实物", "goods");
    case Form::kWaiver:
      return tr(lang, "减免", "waiver");
  }
  return "";
}

std::string_view code_meaning(std::string_view code, Lang lang) {
  struct Meaning {
    std::string_view code, zh, en;
  };
  static constexpr Meaning kMeanings[] = {
      {"BAD_ROW", "记录格式错误", "malformed record"},
      {"BAD_VALUE", "取值错误", "value breaks its column's type"},
      {"MISSING_VALUE", "缺少必填值", "required value missing"},
      {"DUPLICATE_HOUSEHOLD", "户编号重复", "household_id on several rows"},
      {"UNKNOWN_HOUSEHOLD", "户编号不存在", "household_id on no row of households.csv"},
      {"DUPLICATE_CASE", "案件编号重复", "case_id on several rows"},
      {"MEMBER_REJECTED", "成员记录不予受理", "a member row rejected"},
      {"DUPLICATE_PERSON", "人员重复", "the same person listed twice"},
      {"TEKUN_AND_DIBAO", "既是低保又是特困", "both covered and tekun"},
      {"MISSING_ACCOUNT", "无收款账号", "no bank account"},
      {"CASE_NEEDS_APPROVAL", "须经区级审批", "needs the district's approval"},
      {"CASE_ABOVE_CAP", "超过救助上限", "above the per-case cap"},
      {"INCOME_ABOVE_STANDARD", "收入不低于标准", "income not below the standard"},
      {"GRACE_EXPIRED", "渐退期已结束", "gradual exit over"},
      {"NO_COVERED_MEMBERS", "无在世保障对象", "no living covered member"},
      {"DECEASED_IN_ROLL", "已死亡仍在名册", "dead before the month, still listed"},
      {"TEKUN_CATEGORY", "特困类别待核查", "tekun category to be checked"},
      {"SHARED_ACCOUNT", "多户共用账号", "one account on several households"},
      {"ADVANCE_PENDING", "先行救助材料待补", "advance aid, documents pending"},
      {"SUSPENDED", "本月暂停", "suspended this month"},
      {"DIED_THIS_MONTH", "本月死亡", "died this month"},
      {"CASE_OTHER_MONTH", "非本月案件", "a case for another month"},
      {"OVERPAID", "多发待处理", "overpaid, to be decided"},
      {"AT_RISK", "边缘户收入偏低", "marginal household at risk"},
      {"INCOME_DROP", "收入骤减", "income dropped"},
      {"IN_GRACE", "渐退期中", "in gradual exit"},
      // audit's findings (findings.csv)
      {"TAMPERED", "文件被改动", "file tampered with"},
      {"MISMATCH", "重算不一致", "not reproduced"},
      {"CONTROL_TOTAL", "控制总数不符", "control total wrong"},
      {"LEDGER_INVALID", "台账不合规", "ledger line not lawful"},
      {"DIFFERS_FROM_RULES", "与所给规则不同", "differs from the given rules"},
      {"PAID_TWICE", "重复发放", "paid twice"},
      {"GRACE_OVERRUN", "渐退期超期发放", "gradual exit paid too long"},
      {"MONTH_MISSING", "月份缺失", "month missing"},
      {"NO_MANIFEST", "无清单（外系统台账）", "no manifest (another system)"},
  };
  for (const Meaning& m : kMeanings)
    if (m.code == code) return lang == Lang::kZh ? m.zh : m.en;
  return "";
}

size_t display_width(std::string_view s) {
  size_t width = 0;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    uint32_t cp = c;
    const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (len > 1) {
      cp = c & (0x7F >> len);
      for (size_t k = 1; k < len && i + k < s.size(); ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    i += len;
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    width += wide ? 2 : 1;
  }
  return width;
}

std::string format_columns(const std::vector<std::vector<std::string>>& rows,
                           std::string_view indent) {
  std::vector<size_t> width;
  for (const auto& r : rows)
    for (size_t c = 0; c + 1 < r.size(); ++c) {
      if (width.size() <= c) width.resize(c + 1, 0);
      width[c] = std::max(width[c], display_width(r[c]));
    }
  std::string out;
  for (const auto& r : rows) {
    std::string line(indent);
    for (size_t c = 0; c < r.size(); ++c) {
      line += r[c];
      if (c + 1 < r.size()) line += std::string(width[c] - display_width(r[c]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line;
    out += '\n';
  }
  return out;
}

}  // namespace benefitroll
