"""Makes the independently produced fixtures of tests/formats.rs.

`official-template.docx` is written by python-docx (not by xxgk-lint's own test code) with
the merged cells of the official template (国办公开办函〔2021〕30号): the 3x3 corner of 表三,
三、本年度办理结果 merged down 22 rows, the group labels merged down their items, 行政复议 and
行政诉讼 across their columns, the section-2 headings across the table. The values are seed
001's. `official-template-gb2312.html` is that document converted by mammoth (an independent
docx -> HTML converter that writes rowspan/colspan), wrapped in a page declaring gb2312 and
encoded so.

Run from the repository root:
    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install python-docx==1.2.0 mammoth==1.13.0
    /tmp/venv/bin/python tests/data/formats/make_fixtures.py
"""

import io
import json
import os

import docx
import mammoth

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = json.load(open(os.path.join(HERE, "..", "seeds-expected.json"), encoding="utf-8"))["seeds"]["001"]

SEC3_COLS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]
# (row id, group label or None, item label or None); the group label is merged down its items.
SEC3_RESULTS = [
    ("results.public", "（一）予以公开", None),
    ("results.partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
    ("results.denied.state_secret", "（三）不予公开", "1.属于国家秘密"),
    ("results.denied.law_prohibited", "（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("results.denied.security_stability", "（三）不予公开", "3.危及“三安全一稳定”"),
    ("results.denied.third_party", "（三）不予公开", "4.保护第三方合法权益"),
    ("results.denied.internal_affairs", "（三）不予公开", "5.属于三类内部事务信息"),
    ("results.denied.process_info", "（三）不予公开", "6.属于四类过程性信息"),
    ("results.denied.enforcement_file", "（三）不予公开", "7.属于行政执法案卷"),
    ("results.denied.admin_query", "（三）不予公开", "8.属于行政查询事项"),
    ("results.unavailable.not_held", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("results.unavailable.needs_creation", "（四）无法提供", "2.没有现成信息需要另行制作"),
    ("results.unavailable.unclear", "（四）无法提供", "3.补正后申请内容仍不明确"),
    ("results.not_processed.petition", "（五）不予处理", "1.信访举报投诉类申请"),
    ("results.not_processed.duplicate", "（五）不予处理", "2.重复申请"),
    ("results.not_processed.publication", "（五）不予处理", "3.要求提供公开出版物"),
    ("results.not_processed.excessive", "（五）不予处理", "4.无正当理由大量反复申请"),
    ("results.not_processed.confirm_or_reissue", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    ("results.other.overdue_correction", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("results.other.overdue_fee", "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("results.other.other", "（六）其他处理", "3.其他"),
    ("results.total", "（七）总计", None),
]


def text(v):
    return str(v)


def put(cell, value):
    cell.text = value


def sec2(document):
    s = SEED["sec2"]
    t = document.add_table(rows=0, cols=4)
    t.style = "Table Grid"

    def heading(label):
        r = t.add_row().cells
        r[0].merge(r[3])
        put(r[0], label)

    def row(values):
        r = t.add_row().cells
        if len(values) == 2:
            r[1].merge(r[3])
            put(r[0], values[0])
            put(r[1], values[1])
        else:
            for c, v in zip(r, values):
                put(c, v)

    heading("第二十条第（一）项")
    row(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"])
    for rid, label in [("rules", "规章"), ("normative_docs", "行政规范性文件")]:
        v = s["art20_1"][rid]
        row([label, text(v["issued"]), text(v["repealed"]), text(v["in_force"])])
    heading("第二十条第（五）项")
    row(["信息内容", "本年处理决定数量"])
    row(["行政许可", text(s["art20_5"]["admin_license"]["decisions"])])
    heading("第二十条第（六）项")
    row(["信息内容", "本年处理决定数量"])
    row(["行政处罚", text(s["art20_6"]["admin_penalty"]["decisions"])])
    row(["行政强制", text(s["art20_6"]["admin_coercion"]["decisions"])])
    heading("第二十条第（八）项")
    row(["信息内容", "本年收费金额（单位：万元）"])
    row(["行政事业性收费", text(s["art20_8"]["admin_fees"]["amount"])])


def sec3(document):
    s = SEED["sec3"]
    rows = 3 + 2 + len(SEC3_RESULTS) + 1
    t = document.add_table(rows=rows, cols=10)
    t.style = "Table Grid"
    c = lambda r, k: t.cell(r, k)
    corner = c(0, 0).merge(c(2, 2))
    put(corner, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    put(c(0, 3).merge(c(0, 9)), "申请人情况")
    put(c(1, 3).merge(c(2, 3)), "自然人")
    put(c(1, 4).merge(c(1, 8)), "法人或其他组织")
    put(c(1, 9).merge(c(2, 9)), "总计")
    for k, label in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]):
        put(c(2, 4 + k), label)

    def values(r, rid):
        for k, col in enumerate(SEC3_COLS):
            put(c(r, 3 + k), text(s[rid][col]))

    put(c(3, 0).merge(c(3, 2)), "一、本年新收政府信息公开申请数量")
    values(3, "new")
    put(c(4, 0).merge(c(4, 2)), "二、上年结转政府信息公开申请数量")
    values(4, "carried_in")
    first = 5
    put(c(first, 0).merge(c(first + len(SEC3_RESULTS) - 1, 0)), "三、本年度办理结果")
    r = first
    while r < first + len(SEC3_RESULTS):
        rid, group, item = SEC3_RESULTS[r - first]
        if item is None:
            put(c(r, 1).merge(c(r, 2)), group)
            values(r, rid)
            r += 1
            continue
        n = sum(1 for x in SEC3_RESULTS if x[1] == group)
        put(c(r, 1).merge(c(r + n - 1, 1)), group)
        for i in range(n):
            put(c(r + i, 2), SEC3_RESULTS[r - first + i][2])
            values(r + i, SEC3_RESULTS[r - first + i][0])
        r += n
    last = first + len(SEC3_RESULTS)
    put(c(last, 0).merge(c(last, 2)), "四、结转下年度继续办理")
    values(last, "carried_out")


def sec4(document):
    t = document.add_table(rows=4, cols=15)
    t.style = "Table Grid"
    c = lambda r, k: t.cell(r, k)
    put(c(0, 0).merge(c(0, 4)), "行政复议")
    put(c(0, 5).merge(c(0, 14)), "行政诉讼")
    five = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    for k, label in enumerate(five):
        put(c(1, k).merge(c(2, k)), label)
    put(c(1, 5).merge(c(1, 9)), "未经复议直接起诉")
    put(c(1, 10).merge(c(1, 14)), "复议后起诉")
    for k, label in enumerate(five + five):
        put(c(2, 5 + k), label)
    for k, v in enumerate(SEED["sec4_cells_in_source_order"]):
        put(c(3, k), text(v))


def main():
    d = docx.Document()
    d.add_heading(f"{SEED['org']}{SEED['year']}年政府信息公开工作年度报告", level=1)
    d.add_heading("一、总体情况", level=2)
    d.add_paragraph("本机关依法做好政府信息公开工作。")
    d.add_heading("二、主动公开政府信息情况", level=2)
    sec2(d)
    d.add_heading("三、收到和处理政府信息公开申请情况", level=2)
    sec3(d)
    d.add_heading("四、政府信息公开行政复议、行政诉讼情况", level=2)
    sec4(d)
    d.add_heading("五、存在的主要问题及改进情况", level=2)
    d.add_paragraph("工作仍有不足，将加以改进。")
    d.add_heading("六、其他需要报告的事项", level=2)
    d.add_paragraph("本年度未收取信息处理费。")
    out = os.path.join(HERE, "official-template.docx")
    d.save(out)
    with open(out, "rb") as f:
        body = mammoth.convert_to_html(f).value
    page = (
        '<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "<title>政府信息公开年度报告</title></head>\n<body><div class=\"crumbs\">首页 &gt; 政府信息公开</div>\n"
        f'<div class="content">{body}</div>\n<div class="footer">版权所有</div></body></html>\n'
    )
    with open(os.path.join(HERE, "official-template-gb2312.html"), "wb") as f:
        f.write(page.encode("gb18030"))


if __name__ == "__main__":
    main()
