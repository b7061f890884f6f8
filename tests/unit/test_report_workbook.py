"""The workbook, reopened: every sheet's figures against the known scenario, the look (frozen
header, filter, print set-up, chart, colours), formula injection, atomic writing."""
from __future__ import annotations

import datetime as dt
import re
import zipfile

import openpyxl
import pytest

from core.errors import UserError
from core.atomic import Cancelled
from exporters.weekly_report import display_width, safe_text, write_report
from test_report_figures import MADE, build_scenario, make_report

SHEETS = ["汇总", "明细", "栏目更新", "人员", "积分", "积分明细"]


@pytest.fixture
def book(db, monkeypatch, tmp_path):
    ids = build_scenario(db, monkeypatch)
    report = make_report(db)
    path = write_report(report, tmp_path / "周报.xlsx")
    return openpyxl.load_workbook(path), path, ids, report


def rows_of(ws, header_row=3):
    heads = [c.value for c in ws[header_row]]
    out = []
    for row in ws.iter_rows(min_row=header_row + 1, values_only=True):
        if row[0] is None or row[0] == "合计":
            break
        out.append(dict(zip(heads, row)))
    return out


def find_row(ws, label, column=1):
    for row in ws.iter_rows():
        if row[column - 1].value == label:
            return row
    raise AssertionError(f"no row {label!r}")


def test_sheets_titles_and_print_setup(book):
    wb, path, _, _ = book
    assert wb.sheetnames == SHEETS
    for ws in wb.worksheets:
        assert ws["A1"].value == "测试局信息报送周报 2026年第47周（11月16日—11月22日）"
        assert "2026-11-16 至 2026-11-22（2026-W47）" in ws["A2"].value
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows and ws.print_title_rows.startswith("$1:")
        assert ws.freeze_panes is not None
    for name, freeze in (("明细", "C4"), ("栏目更新", "B4"), ("人员", "B4")):
        ws = wb[name]
        assert ws.freeze_panes == freeze
        assert ws.auto_filter.ref.startswith("A3:")
        assert ws.print_title_rows == "$1:$3"
    assert wb["积分明细"].auto_filter.ref.startswith("A3:G")
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert charts and b"<barChart>" in z.read(charts[0]) and b"<barDir val=\"col\"/>" in z.read(charts[0])


def test_summary(book):
    wb, *_ = book
    ws = wb["汇总"]
    expected = {"新起草": (7, 1), "提交签发": (4, 1), "已签发": (3, 1), "被退回": (2, 0), "退回次数": (3, 0),
                "已报送": (2, 1), "按时报送": (1, 1), "超时报送": (1, 0), "逾期": (4, 0), "已发布": (2, 0),
                "已撤回": (1, 0), "被上级采用": (1, 0), "领导批示": (1, 0)}
    for label, (now, before) in expected.items():
        row = find_row(ws, label)
        assert (row[1].value, row[2].value) == (now, before), label
        assert row[4].value  # the definition is printed beside every count
    rate = find_row(ws, "按时率")
    assert rate[1].value == 0.5 and rate[1].number_format == "0.0%" and rate[2].value == 1
    assert rate[3].value == "-50.0个百分点"
    assert find_row(ws, "新起草")[3].value == "+6（+600%）"
    assert find_row(ws, "逾期仍未报送（积压）")[1].value == 4
    work_news = find_row(ws, "工作动态")  # by content type
    assert [c.value for c in work_news[1:8]] == [6, 2, 1, 1, 0.5, 3, 2]
    assert find_row(ws, "公告公示")[6].value == 1
    dt_col = [r for r in ws.iter_rows() if r[0].value == "工作动态"]
    assert len(dt_col) == 2  # once by type, once by column (same name in this unit)
    day = find_row(ws, "11/16 周一")
    assert [c.value for c in day[1:4]] == [2, 0, 1]
    benxi = find_row(ws, "本溪政务网内容保障考评（2分制）")
    assert benxi[1].value == 1.67 and benxi[2].value == 2
    assert find_row(ws, "信息报送考核（按条计分）")[1].value == 10.5


def test_details(book):
    wb, _, ids, report = book
    ws = wb["明细"]
    rows = rows_of(ws)
    assert len(rows) == 8
    by_letter = {r["标题"].split()[0]: r for r in rows}
    a = by_letter["A"]
    assert a["栏目"] == "工作动态" and a["信息类型"] == "工作动态" and a["作者"] == "李晓梅"
    assert a["发生日期"] == dt.datetime(2026, 11, 16)
    assert a["报送时限"] == dt.datetime(2026, 11, 18, 11, 0)
    assert a["报送时间"] == dt.datetime(2026, 11, 17, 9, 0)
    assert a["发布日期"] == dt.datetime(2026, 11, 18)
    assert a["时效"] == "按时" and a["签发人"] == "王建国" and a["当前状态"] == "已发布"
    assert a["链接"] == "http://www.example.gov.cn/a.html" and a["编号"] == ids["A"][:8]
    assert by_letter["B"]["时效"] == "超时 1天4小时"
    assert by_letter["C"]["时效"] == "逾期未报 2天22小时"
    assert by_letter["C"]["退回原因"] == "正文中数据与统计口径不一致，请核实。"
    assert by_letter["I"]["退回原因"] == "缺少图片说明，请补充后报送。；标题不够简洁，请精炼后重新报送。"
    assert "市级采用" in by_letter["E"]["采用/批示"] and "省级批示" in by_letter["E"]["采用/批示"]
    assert by_letter["F"]["时效"] == "已撤回" and by_letter["G"]["时效"] == "未到时限"
    # overdue rows are coloured, on-time ones green, the link is a hyperlink
    heads = [c.value for c in ws[3]]
    col = heads.index("时效") + 1
    for r in range(4, 12):
        letter = ws.cell(r, 2).value.split()[0]
        fill = ws.cell(r, col).fill.fgColor.rgb
        if letter in "BCDI":
            assert fill.endswith("FFC7CE"), letter
            assert ws.cell(r, 2).fill.fgColor.rgb.endswith("FDEBEC")
        elif letter in "AE":
            assert fill.endswith("C6EFCE"), letter
    link = ws.cell(find_row(ws, "A 测试信息", 2)[0].row, heads.index("链接") + 1)
    assert link.hyperlink is not None and link.hyperlink.target == "http://www.example.gov.cn/a.html"


def test_columns_people_points(book):
    wb, *_ = book
    cols = {r["栏目"]: r for r in rows_of(wb["栏目更新"])}
    assert cols["工作动态"]["状态"] == "正常" and cols["工作动态"]["未更新天数"] == 4
    assert cols["工作动态"]["更新周期（天）"] == 7 and cols["工作动态"]["已报送"] == 2
    assert cols["通知公告"]["状态"] == "尚无内容" and cols["通知公告"]["最后更新"] is None
    ws = wb["栏目更新"]
    assert find_row(ws, "工作动态")[7].fill.fgColor.rgb.endswith("C6EFCE")
    assert find_row(ws, "通知公告")[7].fill.fgColor.rgb.endswith("E7E6E6")

    people = {r["姓名"]: r for r in rows_of(wb["人员"])}
    li, chen, wang = people["李晓梅"], people["陈志强"], people["王建国"]
    assert (li["新起草"], li["已报送"], li["按时报送"], li["逾期"], li["退回次数"], li["已发布"]) == (3, 1, 1, 1, 1, 2)
    assert li["按时率"] == 1 and chen["按时率"] == 0
    assert (chen["新起草"], chen["超时报送"], chen["逾期"], chen["退回次数"]) == (4, 1, 3, 2)
    assert (wang["签发（次）"], wang["退回他人（次）"], wang["角色"]) == (3, 3, "分管领导")
    total = find_row(wb["人员"], "合计")
    assert total[2].value == 7 and total[13].value == 3

    ws = wb["积分"]
    totals = [r for r in ws.iter_rows() if r[0].value == "合计"]
    assert [r[5].value for r in totals] == [1.67, 10.5]
    assert totals[0][3].value == 2
    sub = [r for r in ws.iter_rows() if r[1].value == "小计"]
    assert {r[0].value: r[5].value for r in sub} == {"网上审批": 0.5, "其他内容": 0.5, "政务信息公开": 0.67}
    late = [r for r in ws.iter_rows() if r[1].value == "不及时：信息逾期未报送"][0]
    assert (late[2].value, late[4].value, late[6].value) == (4, -0.2, "4项 × -0.05 = -0.2")

    facts = rows_of(wb["积分明细"])
    benxi = [f for f in facts if f["考核办法"].startswith("本溪")]
    assert len(benxi) == 7  # 4 overdue + 2 returns + 1 incomplete
    assert sum(f["积分"] for f in benxi) == pytest.approx(-0.33)
    assert {f["信息或栏目"] for f in benxi if f["考核项目"].startswith("不及时")} == {
        "B 测试信息", "C 关于测试的公告", "D 测试信息", "I 测试信息"}


def test_column_widths_count_cjk_double(book):
    wb, *_ = book
    ws = wb["明细"]
    assert display_width("测试abc") == 7
    title_width = ws.column_dimensions["B"].width
    assert title_width >= display_width("C 关于测试的公告") + 2
    assert ws.column_dimensions["E"].width >= display_width("李晓梅")
    assert all(ws.column_dimensions[c].width <= 60 for c in "ABCDEFGHIJKLMNOP")


EVIL = ("=HYPERLINK(\"http://evil.example/\",\"点此\")", "+1+2", "-2+3", "@SUM(1,2)", "\t=1+1")


def test_formula_injection_is_written_as_text(db, monkeypatch, tmp_path):
    from core.model import Person
    from storage.reports import add_adoption

    db.save_person(Person("=陈", "officer"), password="demo")  # a name is user text too

    def extra(ids, create, step, at):
        create("X", "=陈", "18T09:00", 18, title=EVIL[0])
        step("X", "submit", "=陈", "18T10:00")
        step("X", "return", "王建国", "18T11:00", reason=EVIL[2])
        step("X", "submit", "=陈", "18T12:00")
        step("X", "sign_off", "王建国", "18T13:00")
        step("X", "mark_submitted", "=陈", "18T14:00")
        step("X", "mark_published", "=陈", "18T15:00", url=EVIL[1])
        at("22T10:00")
        add_adoption(db, ids["X"], "adoption", EVIL[3], "市级", dt.date(2026, 11, 19), note=EVIL[4], actor="李晓梅")

    build_scenario(db, monkeypatch, extra)
    path = write_report(make_report(db), tmp_path / "r.xlsx")
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in z.read(name), name  # no formula anywhere
    wb = openpyxl.load_workbook(path)
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if isinstance(v, str) and v and v[0] in "=+-@\t":
                    assert cell.data_type == "s", (ws.title, cell.coordinate, v)
                    assert cell.quotePrefix, (ws.title, cell.coordinate, v)
                    seen.add(v)
    assert EVIL[0] in seen and EVIL[1] in seen and EVIL[2] in seen and "=陈" in seen
    details = {r["标题"]: r for r in rows_of(wb["明细"])}
    x = details[EVIL[0]]
    assert x["作者"] == "=陈" and x["链接"] == EVIL[1] and x["退回原因"] == EVIL[2]
    assert wb["明细"].cell(find_row(wb["明细"], EVIL[0], 2)[0].row, 15).hyperlink is None  # not a web address
    assert EVIL[3] in x["采用/批示"]


def test_safe_text_unit():
    wb = openpyxl.Workbook()
    ws = wb.active
    for i, text in enumerate(("=1+1", "normal", "-", "", "２=3"), 1):
        safe_text(ws.cell(i, 1), text)
    assert ws["A1"].data_type == "s" and ws["A1"].quotePrefix
    assert not ws["A2"].quotePrefix and ws["A3"].quotePrefix and not ws["A5"].quotePrefix


def test_bad_paths_and_cancel(db, monkeypatch, tmp_path):
    build_scenario(db, monkeypatch)
    report = make_report(db)
    with pytest.raises(UserError):
        write_report(report, tmp_path / "r.csv")
    (tmp_path / "dir.xlsx").mkdir()
    with pytest.raises(UserError):
        write_report(report, tmp_path / "dir.xlsx")
    calls = []
    with pytest.raises(Cancelled):
        write_report(report, tmp_path / "c.xlsx", progress=lambda d, t: calls.append((d, t)), cancelled=lambda: bool(calls))
    assert not list(tmp_path.glob("c.xlsx*")) and not list(tmp_path.glob(".~*"))
    seen = []
    write_report(report, tmp_path / "ok.xlsx", progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1]


def test_empty_period_and_english(db, tmp_path):
    """No items at all: every sheet still opens and says so; --lang en gives English headings."""
    from core import i18n
    from core.scoring import load_rule
    from storage.reports import gather
    from core.reporting import build_report, parse_period

    r = build_report(gather(db, parse_period("2026-W47"), now=MADE, rules=[load_rule("benxi")]))
    assert r.totals.drafted == 0 and r.totals.on_time_rate is None
    wb = openpyxl.load_workbook(write_report(r, tmp_path / "empty.xlsx"))
    assert find_row(wb["汇总"], "按时率")[1].value == "—"
    assert wb["明细"]["A4"].value == "（本期无）"
    assert [r for r in wb["积分"].iter_rows() if r[0].value == "合计"][0][5].value == 2
    i18n.set_language("en")
    try:
        wb = openpyxl.load_workbook(write_report(r, tmp_path / "en.xlsx"))
        assert wb.sheetnames == ["Summary", "Items", "Column updates", "People", "Points", "Points in detail"]
        assert re.match(r"测试局 Weekly report 2026 week 47", wb["Summary"]["A1"].value)
    finally:
        i18n.set_language("zh_CN")
