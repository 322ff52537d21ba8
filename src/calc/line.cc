#include "calc/line.h"

#include <fmt/format.h>

namespace benefitroll {

std::string_view to_code(HoldReason r) {
  switch (r) {
    case HoldReason::kNone: return "";
    case HoldReason::kMemberRejected: return "MEMBER_REJECTED";
    case HoldReason::kDuplicatePerson: return "DUPLICATE_PERSON";
    case HoldReason::kTekunAndDibao: return "TEKUN_AND_DIBAO";
    case HoldReason::kMissingAccount: return "MISSING_ACCOUNT";
    case HoldReason::kCaseAboveCap: return "CASE_ABOVE_CAP";
    case HoldReason::kCaseNeedsApproval: return "CASE_NEEDS_APPROVAL";
  }
  return "";
}

std::string_view to_string(Form f) {
  switch (f) {
    case Form::kCash: return "cash";
    case Form::kPremium: return "premium";
    case Form::kGoods: return "goods";
    case Form::kWaiver: return "waiver";
  }
  return "";
}

std::string format_basis(const Line& l) {
  const Basis& b = l.basis;
  switch (b.kind) {
    case Basis::Kind::kNone:
      return l.amount.str();
    case Basis::Kind::kDibaoGap: {
      // S×n−I=gap, with the deduction shown when there is one, then rounding / minimum.
      std::string income = b.c.zero() ? b.b.str() : fmt::format("({}−{})", b.b.str(), b.c.str());
      if (b.c > b.b) income = fmt::format("max(0,{}−{})", b.b.str(), b.c.str());
      std::string s = fmt::format("{}×{}−{}={}", b.a.str(), b.n, income, b.d.str());
      if (b.min_applied) return s + fmt::format("<{}→{}", b.e.str(), l.amount.str());
      if (b.rounded) return s + fmt::format("→{}", l.amount.str());
      return s;
    }
    case Basis::Kind::kGrace:
      return fmt::format("{}×{}%={}", b.a.str(), b.n, l.amount.str());
    case Basis::Kind::kStandard:
      return b.a.str();
    case Basis::Kind::kQuantityPrice: {
      std::string q = b.capped ? fmt::format("min({},{})", b.q.str(), b.cap.str()) : b.q.str();
      return fmt::format("{}×{}={}", q, b.p.str(), l.amount.str());
    }
    case Basis::Kind::kPercentOf: {
      std::string s = fmt::format("{}×{}%", b.a.str(), b.q.str());
      if (b.min_applied) return s + fmt::format("<{}→{}", b.e.str(), l.amount.str());
      return s + fmt::format("→{}", l.amount.str());
    }
    case Basis::Kind::kSum:
      return fmt::format("{}+{}={}", b.a.str(), b.b.str(), l.amount.str());
    case Basis::Kind::kPerPersons:
      return fmt::format("persons={}→{}", b.n, l.amount.str());
  }
  return l.amount.str();
}

}  // namespace benefitroll
