"""Parsing the update rules of the responsibility tables (更新频率)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.schedule import list_builtin_tables, load_column_table, parse_rule


@pytest.mark.parametrize("text, kind, fields", [
    ("信息发生当日", "same_day", {}),
    ("当天", "same_day", {}),
    ("信息发生后1日内", "calendar_days", {"n": 1}),
    ("信息发生后2日内", "calendar_days", {"n": 2}),
    ("信息发生后3日内", "calendar_days", {"n": 3}),
    ("信息发生后5日内", "calendar_days", {"n": 5}),
    ("3天内", "calendar_days", {"n": 3}),
    ("2周内", "calendar_days", {"n": 14}),
    ("信息发生后1月内", "months", {"n": 1}),
    ("1个月内", "months", {"n": 1}),
    ("一个月内", "months", {"n": 1}),
    ("7个工作日内", "working_days", {"n": 7, "extended": None}),
    ("七个工作日内", "working_days", {"n": 7}),
    ("7个工作日内，情况复杂的不超过15个工作日", "working_days", {"n": 7, "extended": 15}),
    ("每年3月31日前", "yearly_date", {"month": 3, "day": 31}),
    ("每年十二月三十一日前", "yearly_date", {"month": 12, "day": 31}),
    ("每年1月底前", "yearly_date", {"month": 1, "day": 0}),
    ("链接地址更改前\n2日内告知", "advance_notice", {"n": 2}),
    ("提前2天告知", "advance_notice", {"n": 2}),
    ("每周", "periodic", {"n": 1, "unit": "week"}),
    ("首页动态信息每周至少更新一次", "periodic", {"n": 1, "unit": "week"}),
    ("每两周", "periodic", {"n": 2, "unit": "week"}),
    ("每月至少检查一次", "periodic", {"n": 1, "unit": "month"}),
    ("按季度", "periodic", {"n": 3, "unit": "month"}),
    ("每年", "periodic", {"n": 1, "unit": "year"}),
    ("必要时更新", "on_demand", {}),
    ("活动期间日常更新", "on_demand", {}),
    ("及时发布", "on_demand", {}),
    ("随时", "on_demand", {}),
    ("", "none", {}),
    ("   ", "none", {}),
])
def test_rule_texts(text, kind, fields):
    rule = parse_rule(text)
    assert rule.kind == kind, rule
    for name, value in fields.items():
        assert getattr(rule, name) == value
    assert rule.text == text.strip()


def test_full_width_and_spaces_are_normalised():
    assert parse_rule("信息发生后　２　日内").n == 2
    assert parse_rule(" 信息发生后\n5日内 ").kind == "calendar_days"


@pytest.mark.parametrize("text", ["尽快", "blah", "每则信息", "2日", "信息发生后日内"])
def test_unknown_text_is_unrecognised_with_a_message(text):
    rule = parse_rule(text)
    assert rule.kind == "unrecognised"
    assert not rule.recognised
    assert text in rule.message
    assert "无法识别" in rule.message  # interface language (zh_CN)
    assert rule.describe() == rule.message


@pytest.mark.parametrize("text, expected", [("0日内", "0"), ("99999个工作日内", "99999"), ("每年2月30日前", "2 月 30 日")])
def test_out_of_range_numbers_are_unrecognised(text, expected):
    rule = parse_rule(text)
    assert rule.kind == "unrecognised"
    assert expected in rule.message


def test_every_rule_of_the_builtin_tables_is_recognised():
    seen = set()
    for name in list_builtin_tables():
        for column in load_column_table(name):
            rule = parse_rule(column.update_rule)
            assert rule.recognised, (name, column.update_rule)
            seen.add(rule.kind)
    # The Shenzhen table uses every deadline kind of DOMAIN.md "Columns and deadlines".
    assert {"same_day", "calendar_days", "months", "yearly_date", "on_demand", "advance_notice", "none"} <= seen


def test_period_days_for_freshness():
    assert parse_rule("每周").period_days() == 7
    assert parse_rule("每月").period_days() == 31
    assert parse_rule("每年3月31日前").period_days() == 366
    assert parse_rule("信息发生后2日内").period_days() is None


def test_descriptions_name_the_rule_in_chinese():
    text = parse_rule("信息发生后2日内").describe()
    assert "信息发生后2日内" in text and "2 个自然日" in text and "11:00" in text
    assert "15 个工作日" in parse_rule("7个工作日内，复杂的15个工作日内").describe()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_parse_never_raises(text):
    rule = parse_rule(text)
    assert rule.kind in ("none", "same_day", "calendar_days", "working_days", "months", "yearly_date",
                         "advance_notice", "periodic", "on_demand", "unrecognised")
