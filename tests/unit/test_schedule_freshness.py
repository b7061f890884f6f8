"""Column freshness and the national thresholds (国办秘函〔2019〕19号), with exact boundaries."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from core.model import Column
from core.schedule import column_freshness, freshness_all, health_summary, interval_for

SH = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 9, 15, 9, 0, tzinfo=SH)


def days_ago(n, hour=10):
    return dt.datetime.combine(NOW.date() - dt.timedelta(days=n), dt.time(hour), tzinfo=SH)


def col(id, kind="dynamic", home=False, rule=""):
    return Column(id=id, name=f"栏目{id}", kind=kind, home_page=home, update_rule=rule, parent="测试")


@pytest.mark.parametrize("column, interval", [
    (col("a", "dynamic"), 14),
    (col("b", "dynamic", home=True), 7),
    (col("c", "notice"), 183),
    (col("d", "static"), 31),
    (col("e", "interactive"), 90),
    (col("f", "static", rule="每周至少更新一次"), 7),
    (col("g", "static", rule="每年3月31日前"), 366),
    (col("h", "notice", rule="信息发生后2日内"), 183),
])
def test_intervals(column, interval):
    assert interval_for(column) == interval


@pytest.mark.parametrize("days, status", [(0, "fresh"), (11, "fresh"), (12, "due_soon"), (14, "due_soon"),
                                          (15, "stale"), (400, "stale")])
def test_dynamic_statuses(days, status):
    f = column_freshness(col("a"), days_ago(days), NOW)
    assert f.status == status
    assert f.days_since == days and f.interval_days == 14
    assert f.next_due == days_ago(days).date() + dt.timedelta(days=14)


def test_updated_exactly_two_weeks_ago_is_not_yet_stale():
    assert column_freshness(col("a"), days_ago(14, hour=23), NOW).status == "due_soon"
    assert column_freshness(col("a"), days_ago(15, hour=23), NOW).status == "stale"


def test_notice_six_months_boundary():
    assert column_freshness(col("n", "notice"), days_ago(183), NOW).status == "due_soon"
    assert column_freshness(col("n", "notice"), days_ago(184), NOW).status == "stale"
    assert column_freshness(col("n", "notice"), days_ago(150), NOW).status == "fresh"


def test_empty_and_fields():
    f = column_freshness(col("x", rule="信息发生后2日内"), None, NOW)
    assert (f.status, f.days_since, f.last_update, f.rule_text, f.column_id) == ("empty", None, None, "信息发生后2日内", "x")


def test_days_are_counted_in_the_units_time_zone():
    # 2026-09-01 23:30 in Shanghai is 15:30 UTC the same day; 2026-09-01 16:30 UTC is already 09-02 in Shanghai.
    utc = dt.timezone.utc
    assert column_freshness(col("a"), dt.datetime(2026, 9, 1, 16, 30, tzinfo=utc), NOW).days_since == 13
    assert column_freshness(col("a"), dt.datetime(2026, 9, 1, 15, 30, tzinfo=utc), NOW).days_since == 14


def test_date_and_future_last_update():
    assert column_freshness(col("a"), dt.date(2026, 9, 1), NOW).days_since == 14
    assert column_freshness(col("a"), NOW + dt.timedelta(days=3), NOW).days_since == 0


# -------------------------------------------------------------------- health summary
def summary(columns, updates):
    lines = health_summary(freshness_all(columns, updates, NOW), columns)
    assert [l.code for l in lines] == ["home_page", "stale_columns", "not_updated", "empty_columns"]
    return {l.code: l for l in lines}


def test_four_stale_columns_pass_five_fail():
    columns = [col(f"d{i}") for i in range(4)] + [col("n0", "notice"), col("ok")]
    updates = {f"d{i}": days_ago(15) for i in range(4)}
    updates.update({"n0": days_ago(183), "ok": days_ago(1)})  # 183 days: not yet stale
    line = summary(columns, updates)["stale_columns"]
    assert line.passed and set(line.column_ids) == {"d0", "d1", "d2", "d3"}
    updates["n0"] = days_ago(184)
    line = summary(columns, updates)["stale_columns"]
    assert not line.passed
    assert set(line.column_ids) == {"d0", "d1", "d2", "d3", "n0"}
    assert "测试 › 栏目n0" in line.message and "5" in line.message


def test_home_page_news_at_ten_days_is_stale_for_the_column_but_not_for_the_national_count():
    columns = [col(f"h{i}", home=True) for i in range(5)]
    updates = {f"h{i}": days_ago(10) for i in range(5)}
    lines = summary(columns, updates)
    assert all(f.status == "stale" for f in freshness_all(columns, updates, NOW))
    assert lines["stale_columns"].passed  # 10 days < 2 weeks
    assert lines["home_page"].passed


def test_static_columns_are_not_counted_as_stale_news():
    columns = [col(f"s{i}", "static") for i in range(6)]
    lines = summary(columns, {f"s{i}": days_ago(400) for i in range(6)})
    assert lines["stale_columns"].passed and lines["stale_columns"].column_ids == ()
    assert lines["not_updated"].passed and lines["not_updated"].column_ids == ()


def test_nine_not_updated_pass_ten_fail():
    columns = ([col(f"i{i}", "interactive") for i in range(4)] + [col(f"d{i}") for i in range(4)]
               + [col("s-weekly", "static", rule="每周"), col("s-plain", "static"), col("x", "notice")])
    updates = {f"i{i}": days_ago(91) for i in range(4)}
    updates.update({f"d{i}": days_ago(15) for i in range(4)})
    updates.update({"s-weekly": days_ago(8), "s-plain": days_ago(300), "x": days_ago(10)})
    line = summary(columns, updates)["not_updated"]
    assert line.passed and len(line.column_ids) == 9 and "s-plain" not in line.column_ids
    updates["x"] = days_ago(184)
    line = summary(columns, updates)["not_updated"]
    assert not line.passed and len(line.column_ids) == 10
    assert "测试 › 栏目x" in line.message


def test_four_empty_pass_five_fail():
    columns = [col(f"e{i}", "static") for i in range(5)]
    updates = {"e4": days_ago(1)}
    line = summary(columns, updates)["empty_columns"]
    assert line.passed and len(line.column_ids) == 4
    line = summary(columns, {})["empty_columns"]
    assert not line.passed and set(line.column_ids) == {f"e{i}" for i in range(5)}
    assert "测试 › 栏目e0" in line.message


def test_empty_columns_are_not_also_stale():
    columns = [col(f"d{i}") for i in range(6)]
    lines = summary(columns, {})
    assert lines["stale_columns"].passed and lines["not_updated"].passed
    assert not lines["empty_columns"].passed


def test_home_page_two_week_boundary():
    columns = [col("home", home=True), col("home2", "notice", home=True), col("other")]
    lines = summary(columns, {"home": days_ago(20), "home2": days_ago(14), "other": days_ago(1)})
    assert lines["home_page"].passed  # the freshest home-page column counts
    lines = summary(columns, {"home": days_ago(20), "home2": days_ago(15), "other": days_ago(1)})
    assert not lines["home_page"].passed
    assert set(lines["home_page"].column_ids) == {"home", "home2"}
    assert "15" in lines["home_page"].message and "测试 › 栏目home" in lines["home_page"].message
    assert not summary(columns, {"other": days_ago(1)})["home_page"].passed  # nothing recorded


def test_no_home_page_column_is_reported_as_not_checked():
    line = summary([col("a")], {"a": days_ago(1)})["home_page"]
    assert line.passed and "未检查" in line.message and line.column_ids == ()


def test_freshness_of_unknown_columns_is_ignored():
    columns = [col("a")]
    extra = column_freshness(col("zzz"), None, NOW)
    lines = health_summary([column_freshness(columns[0], days_ago(1), NOW), extra], columns)
    assert all(l.passed for l in lines)
