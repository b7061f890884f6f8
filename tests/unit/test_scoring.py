"""Scoring rules on hand-worked examples: the shipped Benxi and per-item rules, caps, floors,
categories, first-line-wins, and the file checks."""
from __future__ import annotations

import pytest

from core.errors import UserError
from core.scoring import (Fact, apply, available_rules, fmt_points, load_rule, normalise_level, normalise_record_kind,
                          parse_rule_data)


def news(kind, n=1, **kw):
    """``n`` facts about items in a 工作动态 column (dynamic)."""
    base = dict(subject="市政数局召开推进会", column_kind="dynamic", column_text="分类指引 › 政务动态",
                content_type="work_news")
    base.update(kw)
    return [Fact(kind, item_id=f"{kind}{i}", **base) for i in range(n)]


def guide(kind, n=1, **kw):
    base = dict(subject="政府信息公开申请办事指南", column_kind="static", column_text="网上办事 › 办事指南",
                content_type="service_guide")
    base.update(kw)
    return [Fact(kind, item_id=f"g{kind}{i}", **base) for i in range(n)]


def line(result, code, category=None):
    found = [ln for ln in result.lines if ln.code == code and (category is None or ln.category == category)]
    assert len(found) == 1, [(ln.code, ln.category) for ln in result.lines]
    return found[0]


def cat(result, code):
    return next(c for c in result.categories if c.code == code)


def test_shipped_rules_load():
    assert {"benxi", "per_item"} <= set(available_rules())
    benxi = load_rule("benxi")
    assert benxi.method == "budget" and benxi.full_points == 2.0
    assert {c.code: float(c.points) for c in benxi.categories} == {"approval": 0.5, "other": 0.5, "disclosure": 1.0}
    assert "本政办[2010]16号" in benxi.source
    assert load_rule("per_item").method == "sum"


def test_benxi_nothing_wrong_keeps_two_points():
    r = apply(load_rule("benxi"), news("published", 5) + news("on_time", 5))
    assert r.total == 2.0 and r.full == 2.0
    assert all(c.lost == 0 and c.score == c.full for c in r.categories)
    assert r.unmatched == 10  # published/on-time earn nothing under a budget rule


def test_benxi_hand_worked():
    """政务信息公开: 3 overdue (3 × 0.05 = 0.15), one return for wrong figures (0.05), one item missing
    its source (0.05) → 1 − 0.25 = 0.75. 网上审批: 2 overdue service guides → 0.5 − 0.1 = 0.4.
    其他内容: an interactive column stale (0.05) → 0.45. Total 1.6."""
    facts = (news("overdue", 3)
             + news("returned", reason="正文中数据与统计部门发布口径不一致，请核实。")
             + news("incomplete", detail="缺少：来源")
             + guide("overdue", 2)
             + [Fact("stale_column", subject="互动交流 › 局长信箱", column_id="xx", column_kind="interactive",
                     column_text="互动交流 › 局长信箱")])
    r = apply(load_rule("benxi"), facts)
    assert cat(r, "disclosure").score == 0.75 and cat(r, "disclosure").lost == 0.25
    assert cat(r, "approval").score == 0.4
    assert cat(r, "other").score == 0.45
    assert r.total == 1.6
    late = line(r, "late", "disclosure")
    assert late.count == 3 and late.points == -0.15
    assert late.explanation == "3项 × -0.05 = -0.15"
    assert line(r, "inaccurate").points == -0.05
    assert line(r, "stale").category == "other"
    assert r.explanation == "得1.6分（满分2分）"


def test_benxi_caps_and_floor():
    """30 overdue items cost at most 0.3; with every other cap reached the category stops at 0."""
    r = apply(load_rule("benxi"), news("overdue", 30))
    late = line(r, "late")
    assert late.uncapped == -1.5 and late.points == -0.3
    assert "每类最多0.3分" in late.explanation
    assert r.total == 1.7
    facts = (news("overdue", 30) + news("incomplete", 30) + news("returned", 30, reason="数据有误")
             + news("returned", 30, reason="缺少图片") + [Fact("stale_column", subject=f"c{i}", column_kind="dynamic")
                                                       for i in range(10)])
    r = apply(load_rule("benxi"), facts)
    d = cat(r, "disclosure")
    assert d.lost == pytest.approx(1.3) and d.score == 0.0
    assert "最低为0分" in d.explanation
    assert r.total == 1.0


def test_benxi_first_matching_line_wins():
    """A reason that says both 核实 and 补充 counts once, as inaccurate (the earlier line)."""
    r = apply(load_rule("benxi"), news("returned", reason="数据请核实，并补充图片说明"))
    assert [ln.code for ln in r.lines] == ["inaccurate"]
    r = apply(load_rule("benxi"), news("returned", reason="标题不够简洁"))
    assert r.lines == () and r.unmatched == 1 and r.total == 2.0


def test_benxi_static_columns_are_not_deducted_for_staleness():
    r = apply(load_rule("benxi"), [Fact("stale_column", subject="机构概况", column_kind="static")])
    assert r.total == 2.0


def test_per_item_hand_worked():
    """3 news published (3 × 1) + 1 notice (0.5) + 1 static page (0.3) = 3.8;
    adopted: 市级 (2) + 省级 (5) = 7; instruction 国家级 = 20;
    2 overdue (−1), 1 error return (−1), 1 incomplete (−0.5) → 3.8 + 7 + 20 − 2.5 = 28.3."""
    facts = (news("published", 3)
             + [Fact("published", subject="关于…的公告", column_kind="notice"),
                Fact("published", subject="机构职能", column_kind="static")]
             + news("adoption", level="市级") + news("adoption", level="省级")
             + news("instruction", level="国家级")
             + news("overdue", 2) + news("returned", reason="数字有误") + news("incomplete"))
    r = apply(load_rule("per_item"), facts)
    assert line(r, "published").points == 3.8
    assert line(r, "published").explanation == "3项 × +1 + 1项 × +0.5 + 1项 × +0.3 = +3.8"
    assert line(r, "adoption").points == 7
    assert line(r, "instruction").points == 20
    assert line(r, "late").points == -1
    assert line(r, "error").points == -1
    assert line(r, "incomplete").points == -0.5
    assert r.total == 28.3 and r.full is None
    assert r.explanation == "加30.8分，扣2.5分，合计28.3分"


def test_sum_rule_categories_cap_and_floor():
    rule = parse_rule_data({
        "name": "测试", "method": "sum", "floor": 0,
        "categories": [{"code": "news", "name": "动态", "points": 2, "column_kinds": ["dynamic"]},
                       {"code": "rest", "name": "其他", "default": True}],
        "lines": [{"code": "pub", "fact": "published", "points": 1},
                  {"code": "late", "fact": "overdue", "points": -1, "cap": 2}],
    })
    r = apply(rule, news("published", 5))
    assert cat(r, "news").score == 2 and r.total == 2  # earned points capped at the category's 2
    r = apply(rule, news("overdue", 5) + news("published", 1))
    assert line(r, "late").points == -2  # cap
    assert r.total == 0  # 1 − 2 = −1, floored at 0
    assert "最低为0分" in r.explanation


def test_levels_and_kinds():
    assert normalise_level("市级") == "市级"
    assert normalise_level("县级") == "区级"
    assert normalise_level("Provincial") == "省级"
    assert normalise_level(" 中央 ") == "国家级"
    with pytest.raises(UserError):
        normalise_level("乡级")
    assert normalise_record_kind("采用") == "adoption"
    assert normalise_record_kind("批示") == "instruction"
    with pytest.raises(UserError):
        normalise_record_kind("表扬")


@pytest.mark.parametrize("data, words", [
    ({"method": "sum", "lines": [{"fact": "published", "points": 1}]}, "name"),
    ({"name": "x", "method": "median", "lines": [{"fact": "published", "points": 1}]}, "method"),
    ({"name": "x", "lines": [{"fact": "liked", "points": 1}]}, "fact"),
    ({"name": "x", "lines": [{"fact": "published"}]}, "points"),
    ({"name": "x", "lines": [{"fact": "published", "points": "one"}]}, "数字"),
    ({"name": "x", "lines": [{"fact": "published", "points": 1, "colour": "red"}]}, "colour"),
    ({"name": "x", "lines": []}, "至少"),
    ({"name": "x", "method": "budget", "categories": [{"code": "a", "points": 1}],
      "lines": [{"fact": "overdue", "points": -1}]}, "default"),
    ({"name": "x", "lines": [{"fact": "adoption", "by_level": {"乡级": 1}}]}, "乡级"),
    ({"name": "x", "lines": [{"fact": "overdue", "points": -1, "categories": ["nope"]}]}, "nope"),
    ({"name": "x", "lines": [{"fact": "overdue", "points": -1, "cap": -1}]}, "cap"),
])
def test_bad_rule_files_are_refused_with_a_reason(data, words):
    with pytest.raises(UserError) as err:
        parse_rule_data(data, code="bad", path="bad.toml")
    assert words in str(err.value)


def test_rule_files_by_path(tmp_path):
    good = tmp_path / "mine.toml"
    good.write_text('name = "我的办法"\n[[lines]]\nfact = "published"\npoints = 2\n', encoding="utf-8")
    rule = load_rule(str(good))
    assert rule.code == "mine" and apply(rule, news("published", 2)).total == 4
    bad = tmp_path / "broken.toml"
    bad.write_text("name = \n", encoding="utf-8")
    with pytest.raises(UserError):
        load_rule(str(bad))
    with pytest.raises(UserError) as err:
        load_rule("nonexistent")
    assert "benxi" in str(err.value)
    with pytest.raises(UserError):
        load_rule("../etc/passwd")


def test_fmt_points():
    assert fmt_points(2.0) == "2"
    assert fmt_points(0.5) == "0.5"
    assert fmt_points(-0.05) == "-0.05"
    assert fmt_points(1.5, signed=True) == "+1.5"
    assert fmt_points(0.1 + 0.2) == "0.3"
    assert fmt_points(None) == "—"
