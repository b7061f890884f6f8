"""The seed responsibility tables and .xlsx import/export."""
from __future__ import annotations

import os

import openpyxl
import pytest

from core.errors import UserError
from core.model import Column
from core.schedule import PATH_SEPARATOR, column_levels, list_builtin_tables, load_column_table, parse_rule
from core.atomic import Cancelled
from exporters.columns_xlsx import EXPORT_HEADINGS, export_columns_xlsx, import_columns_xlsx


# ------------------------------------------------------------------ built-in tables
def test_builtin_tables_are_listed():
    assert list_builtin_tables() == ["shenzhen_2011", "zhuhai_2007"]


def test_shenzhen_2011_rows():
    cols = {c.name: c for c in load_column_table("shenzhen_2011")}
    assert len(load_column_table("shenzhen_2011")) == 25
    news = cols["新闻发布"]
    assert (news.parent, news.level, news.update_rule, news.supplier, news.upkeep_mode, news.kind) == (
        "分类指引", 2, "信息发生当日", "市新闻办", "信息报送", "dynamic")
    assert cols["深圳地图"].update_rule == "链接地址更改前2日内告知"
    assert cols["深圳地图"].upkeep_mode == "栏目共建"
    assert cols["深圳地图"].supplier == "市政府办公厅、规划国土委"
    assert cols["年度信息公开报告"].update_rule == "每年3月31日前"
    assert cols["政务专题"].update_rule == "活动期间日常更新"
    assert cols["深圳概览"].update_rule == "必要时更新"
    assert cols["深圳市志"].update_rule == "信息发生后1月内" and cols["深圳市志"].supplier == "市史志办"
    assert cols["市长之窗"].level == 1 and cols["市长之窗"].parent == ""
    assert cols["人事任免"].kind == "notice" and cols["人事任免"].supplier == "市政府公报室"
    assert not any("①" in c.upkeep_mode or "②" in c.upkeep_mode for c in cols.values())


def test_zhuhai_2007_rows():
    cols = load_column_table("zhuhai_2007")
    assert len(cols) == 32
    leaders = [c for c in cols if c.parent == "信息服务 › 市长之窗"]
    assert len(leaders) == 8 and leaders[0].name == "钟世坚(市长)" and leaders[0].level == 3
    assert leaders[0].path == "信息服务 › 市长之窗 › 钟世坚(市长)"
    assert {c.upkeep_mode for c in cols} == {"及时发布"}
    assert {c.supplier for c in cols} == {"市府办公室", "市发展改革局", "市经贸局"}
    interactive = [c for c in cols if c.kind == "interactive"]
    assert [c.path for c in interactive] == ["企业频道 › 互动渠道"]
    notice = next(c for c in cols if c.supplier == "市府办公室" and c.name == "公告公示")
    assert notice.disclosure_category == "政府重点工作；市政府提交市人大及其常委会的报告"


def test_ids_are_unique_and_kinds_valid():
    for name in list_builtin_tables():
        cols = load_column_table(name)
        assert len({c.id for c in cols}) == len(cols)
        assert {c.kind for c in cols} <= {"dynamic", "notice", "static", "interactive"}


def test_unknown_table_and_bad_toml(tmp_path):
    with pytest.raises(UserError) as err:
        load_column_table("nanjing_1999")
    assert "shenzhen_2011" in str(err.value)
    bad = tmp_path / "t.toml"
    bad.write_text('[[columns]]\nlevels = []\n', encoding="utf-8")
    with pytest.raises(UserError):
        load_column_table(bad)


# ------------------------------------------------------------------ .xlsx
def make_book(path, rows, merge=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    wb.save(path)
    return path


HEAD = ["序号", "一级栏目", "二级栏目", "具体内容", "保障方式", "更新频率", "信息来源"]


def test_import_a_seed_shaped_table_with_a_title_row(tmp_path):
    path = make_book(tmp_path / "t.xlsx", [
        ["2011年度市政府门户网站内容保障任务一览表"],
        HEAD,
        [1, "走进深圳", "深圳概览", "包括序、深圳概貌等", "信息报送", "必要时更新", "市新闻办"],
        [None, None, None, None, None, None, None],
        [2, "分类指引", "政务动态", "市领导重要活动，重要新闻", "信息报送", "信息发生后2日内", "市政府办公厅"],
        [3, "市长之窗", None, "市长致辞", "信息报送", "信息发生后1日内", "市政府办公厅"],
    ])
    cols, errors = import_columns_xlsx(path)
    assert errors == []
    assert [c.path for c in cols] == ["走进深圳 › 深圳概览", "分类指引 › 政务动态", "市长之窗"]
    assert cols[1].update_rule == "信息发生后2日内" and cols[1].supplier == "市政府办公厅"
    assert cols[1].kind == "dynamic"  # guessed from the name
    assert cols[2].level == 1 and cols[2].kind == "static"
    assert len({c.id for c in cols}) == 3


def test_import_with_name_and_parent_headings(tmp_path):
    path = make_book(tmp_path / "t.xlsx", [
        ["栏目名称", "上级栏目", "保障内容", "更新时限", "责任单位", "政务公开类别", "类型", "首页"],
        ["部门动态", "信息服务 › 珠海动态", "动态信息", "", "市经贸局", "工作动态类", "动态", "是"],
        ["互动渠道", "企业频道", "咨询", "7个工作日内", "市经贸局", "便民服务类", "interactive", "否"],
    ])
    cols, errors = import_columns_xlsx(path)
    assert errors == []
    assert cols[0].level == 3 and cols[0].parent == "信息服务 › 珠海动态" and cols[0].home_page
    assert cols[1].kind == "interactive" and not cols[1].home_page


def test_bad_rows_are_all_reported_and_nothing_is_imported(tmp_path):
    path = make_book(tmp_path / "t.xlsx", [
        ["编号", "一级栏目", "二级栏目", "三级栏目", "更新频率", "类型", "首页"],
        ["a", "信息服务", "政务动态", None, "信息发生后2日内", "动态", "是"],      # row 2: good
        ["b", "信息服务", None, "部门动态", "信息发生后2日内", "动态", "否"],      # row 3: gap
        ["c", "信息服务", "公告", None, "尽快", "通知公告", "否"],                 # row 4: rule
        ["d", "信息服务", "互动", None, "", "聊天", "否"],                         # row 5: kind
        ["e", "信息服务", "首页新闻", None, "", "动态", "也许"],                   # row 6: home page
        ["a", "信息服务", "重复", None, "", "动态", "否"],                         # row 7: duplicate id
        ["f", None, None, None, "每周", "动态", "否"],                            # row 8: no name
    ])
    cols, errors = import_columns_xlsx(path)
    assert cols == []
    assert [e.row for e in errors] == [3, 4, 5, 6, 7, 8]
    text = "\n".join(str(e) for e in errors)
    assert "第 3 行：二级栏目为空" in text
    assert "尽快" in text and "聊天" in text and "也许" in text
    assert "编号 a 已在第 2 行使用" in text
    assert "第 8 行：没有栏目名称" in text


def test_merged_cells_are_refused(tmp_path):
    path = make_book(tmp_path / "t.xlsx", [
        HEAD,
        [1, "走进深圳", "深圳市志", "", "信息报送", "信息发生后1月内", "市史志办"],
        [2, None, "深圳年鉴", "", "信息报送", "信息发生后1月内", "市史志办"],
    ], merge="B2:B3")
    with pytest.raises(UserError) as err:
        import_columns_xlsx(path)
    assert "B2:B3" in str(err.value) and "合并单元格" in str(err.value)


def test_a_merged_title_above_the_headings_is_fine(tmp_path):
    path = make_book(tmp_path / "t.xlsx", [["一览表"], HEAD, [1, "走进深圳", "深圳市志", "", "", "信息发生后1月内", ""]],
                     merge="A1:G1")
    cols, errors = import_columns_xlsx(path)
    assert errors == [] and cols[0].name == "深圳市志"


@pytest.mark.parametrize("heading, fragment", [
    (["栏目名", "内容"], "找不到表头行"),
    (["一级栏目", "更新频律"], "更新频律"),
    (["一级栏目", "更新频率", "更新时限"], "出现了两次"),
    (["一级栏目", "栏目名称"], "不要同时使用"),
    (["一级栏目", "三级栏目"], "二级栏目"),
])
def test_wrong_headings_are_a_clear_user_error(tmp_path, heading, fragment):
    path = make_book(tmp_path / "t.xlsx", [heading, ["x"] * len(heading)])
    with pytest.raises(UserError) as err:
        import_columns_xlsx(path)
    assert fragment in str(err.value)


def test_not_a_workbook(tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(UserError):
        import_columns_xlsx(path)
    with pytest.raises(UserError):
        import_columns_xlsx(tmp_path / "missing.xlsx")


def test_headings_only_is_an_error(tmp_path):
    with pytest.raises(UserError):
        import_columns_xlsx(make_book(tmp_path / "t.xlsx", [HEAD]))


@pytest.mark.parametrize("name", ["shenzhen_2011", "zhuhai_2007"])
def test_round_trip(tmp_path, name):
    cols = load_column_table(name)
    path = export_columns_xlsx(cols, tmp_path / "out" / f"{name}.xlsx")
    assert os.listdir(tmp_path / "out") == [f"{name}.xlsx"]  # no temporary file left
    back, errors = import_columns_xlsx(path)
    assert errors == [] and back == cols
    ws = openpyxl.load_workbook(path).active
    assert tuple(c.value for c in ws[1]) == EXPORT_HEADINGS


def test_round_trip_of_home_page_and_kinds(tmp_path):
    cols = [Column("x1", "首页要闻", level=2, parent="首页", kind="dynamic", home_page=True, update_rule="信息发生当日"),
            Column("x2", "领导信箱", kind="interactive", update_rule="7个工作日内，复杂的不超过15个工作日"),
            Column("x3", "三级", level=3, parent=PATH_SEPARATOR.join(["一", "二"]), kind="notice")]
    back, errors = import_columns_xlsx(export_columns_xlsx(cols, tmp_path / "o.xlsx"))
    assert errors == [] and back == cols
    assert column_levels(back[2]) == ["一", "二", "三级"]


def test_export_replaces_atomically_and_cancel_leaves_the_old_file(tmp_path):
    cols = load_column_table("shenzhen_2011")
    target = tmp_path / "t.xlsx"
    export_columns_xlsx(cols[:2], target)
    before = target.read_bytes()
    calls = []
    with pytest.raises(Cancelled):
        export_columns_xlsx(cols, target, progress=lambda d, t: calls.append((d, t)),
                            cancelled=lambda: len(calls) >= 3)
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["t.xlsx"]
    done = []
    export_columns_xlsx(cols, target, progress=lambda d, t: done.append((d, t)))
    assert done[-1] == (25, 25)
    assert len(import_columns_xlsx(target)[0]) == 25


def test_generated_ids_do_not_depend_on_row_order(tmp_path):
    rows = [[1, "走进深圳", "深圳市志", "", "", "信息发生后1月内", ""], [2, "走进深圳", "深圳年鉴", "", "", "", ""]]
    a, _ = import_columns_xlsx(make_book(tmp_path / "a.xlsx", [HEAD, *rows]))
    b, _ = import_columns_xlsx(make_book(tmp_path / "b.xlsx", [HEAD, *reversed(rows)]))
    assert {c.name: c.id for c in a} == {c.name: c.id for c in b}


def test_every_rule_in_an_imported_table_is_recognised(tmp_path):
    cols, errors = import_columns_xlsx(export_columns_xlsx(load_column_table("shenzhen_2011"), tmp_path / "s.xlsx"))
    assert all(parse_rule(c.update_rule).recognised for c in cols)
