#!/usr/bin/env python3
"""Writes the sample roll in four forms: plain UTF-8, UTF-8 with BOM, GB18030 with Chinese
headers, UTF-8 with CRLF line ends. Usage: variants.py SAMPLE_DIR OUT_DIR"""
import os
import sys

ALIASES = {
    "households.csv": {"household_id": "户编号", "street": "街道", "community": "社区", "area": "城乡",
                       "program": "救助类别", "head_name": "户主姓名", "head_id": "户主身份证号",
                       "bank_account": "收款账号", "payee": "收款方", "institution": "供养机构",
                       "monthly_income": "家庭月收入", "rigid_expense": "刚性支出",
                       "previous_income": "上月家庭月收入", "classified_tier": "分类施保类别",
                       "heating": "取暖方式", "heated_area": "供热面积", "grace_start": "渐退起始月",
                       "grace_amount": "渐退保障金", "status": "状态"},
    "members.csv": {"household_id": "户编号", "person_id": "身份证号", "name": "姓名",
                    "relation": "与户主关系", "covered": "是否保障对象", "tekun": "特困人员",
                    "self_care": "自理能力", "disability_grade": "残疾等级", "severe_illness": "重病",
                    "enrollment": "升学", "enrollment_year": "升学年份", "deceased_on": "死亡日期"},
    "cases.csv": {"case_id": "案件编号", "month": "发放月份", "person_id": "身份证号", "name": "姓名",
                  "household_id": "户编号", "street": "街道", "community": "社区", "area": "城乡",
                  "persons": "家庭人口", "bank_account": "收款账号", "reason": "救助事由",
                  "amount": "救助金额", "approved_by": "审批层级", "advance": "先行救助",
                  "documents": "材料"},
}


def main(src, out):
    for v in ("utf8", "bom", "gb18030", "crlf"):
        os.makedirs(os.path.join(out, v), exist_ok=True)
    for name in sorted(os.listdir(src)):
        if not name.endswith(".csv"):
            continue
        with open(os.path.join(src, name), "rb") as f:
            data = f.read()
        text = data.decode("utf-8-sig")
        w = lambda v, b: open(os.path.join(out, v, name), "wb").write(b)  # noqa: E731
        w("utf8", text.encode("utf-8"))
        w("bom", b"\xef\xbb\xbf" + text.encode("utf-8"))
        w("crlf", text.replace("\n", "\r\n").encode("utf-8"))
        header, _, rest = text.partition("\n")
        cols = [ALIASES.get(name, {}).get(c.strip(), c) for c in header.split(",")]
        w("gb18030", (",".join(cols) + "\n" + rest).encode("gb18030"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
