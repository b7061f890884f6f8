"""Periods: parsing, boundaries in Asia/Shanghai, ISO weeks across years, the last full period."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import clock
from core.errors import UserError
from core.reporting import (Period, last_full_period, normalise_kind, parse_period, period_containing,
                            recent_periods)

D = dt.date
TZ = clock.TZ


@pytest.mark.parametrize("text, kind, first, last, label", [
    ("2026-W47", "week", D(2026, 11, 16), D(2026, 11, 22), "2026-W47"),
    ("2026w47", "week", D(2026, 11, 16), D(2026, 11, 22), "2026-W47"),
    (" 2026-W01 ", "week", D(2025, 12, 29), D(2026, 1, 4), "2026-W01"),
    ("2026年第47周", "week", D(2026, 11, 16), D(2026, 11, 22), "2026-W47"),
    ("２０２６－Ｗ４７", "week", D(2026, 11, 16), D(2026, 11, 22), "2026-W47"),  # full-width
    ("2026-11", "month", D(2026, 11, 1), D(2026, 11, 30), "2026-11"),
    ("2026-2", "month", D(2026, 2, 1), D(2026, 2, 28), "2026-02"),
    ("2024-02", "month", D(2024, 2, 1), D(2024, 2, 29), "2024-02"),
    ("2026年11月", "month", D(2026, 11, 1), D(2026, 11, 30), "2026-11"),
    ("2026-Q4", "quarter", D(2026, 10, 1), D(2026, 12, 31), "2026-Q4"),
    ("2026q1", "quarter", D(2026, 1, 1), D(2026, 3, 31), "2026-Q1"),
    ("2026年第二季度", "quarter", D(2026, 4, 1), D(2026, 6, 30), "2026-Q2"),
])
def test_parse(text, kind, first, last, label):
    p = parse_period(text)
    assert (p.kind, p.first, p.last, p.label) == (kind, first, last, label)
    assert parse_period(text, kind) == p


def test_iso_week_53_exists_only_in_long_years():
    w = parse_period("2020-W53")
    assert (w.first, w.last) == (D(2020, 12, 28), D(2021, 1, 3))
    w = parse_period("2026-W53")  # 2026 starts on a Thursday: 53 ISO weeks
    assert (w.first, w.last) == (D(2026, 12, 28), D(2027, 1, 3))
    for text, weeks in (("2025-W53", 52), ("2027-W53", 52), ("2021-W53", 52)):
        with pytest.raises(UserError) as err:
            parse_period(text)
        assert f"1至{weeks}周" in str(err.value)


def test_year_boundaries():
    assert parse_period("2027-W01").previous().label == "2026-W53"
    assert parse_period("2026-W53").next().label == "2027-W01"
    assert parse_period("2021-W01").previous().label == "2020-W53"
    assert period_containing("week", D(2021, 1, 1)).label == "2020-W53"  # a Friday of 2020's last ISO week
    assert period_containing("week", D(2024, 12, 30)).label == "2025-W01"  # Monday of 2025's first ISO week
    assert parse_period("2026-01").previous().label == "2025-12"
    assert parse_period("2026-Q1").previous().label == "2025-Q4"
    assert parse_period("2026-Q4").next().label == "2027-Q1"


@pytest.mark.parametrize("text", ["", "   ", "abc", "2026-W00", "2026-W54", "2026-13", "2026-00", "2026-Q0", "2026-Q5",
                                  "26-W47", "2026/W47", "2026-11-01", "W47", "1800-01", "3000-Q1", "2026年第五季度"])
def test_bad_text_is_a_user_error(text):
    with pytest.raises(UserError) as err:
        parse_period(text)
    assert str(err.value)  # a message in the interface language


def test_message_says_what_is_expected():
    with pytest.raises(UserError) as err:
        parse_period("last week")
    assert "2026-W47" in str(err.value) and "2026-11" in str(err.value) and "2026-Q4" in str(err.value)


def test_kind_must_match():
    with pytest.raises(UserError) as err:
        parse_period("2026-11", "week")
    assert "2026-W47" in str(err.value)
    with pytest.raises(UserError):
        parse_period("2026-W47", "quarterly")
    assert parse_period("2026-W47", "weekly").kind == "week"
    with pytest.raises(UserError):
        normalise_kind("daily")


def test_bounds_are_local_midnights():
    p = parse_period("2026-W47")
    assert p.start == dt.datetime(2026, 11, 16, tzinfo=TZ)
    assert p.end == dt.datetime(2026, 11, 23, tzinfo=TZ)
    assert p.contains(dt.datetime(2026, 11, 16, 0, 0, tzinfo=TZ))
    assert not p.contains(dt.datetime(2026, 11, 23, 0, 0, tzinfo=TZ))
    assert p.contains(dt.datetime(2026, 11, 22, 23, 59, 59, tzinfo=TZ))
    # 2026-11-15 16:30 UTC is 00:30 on Monday the 16th in Shanghai: in W47, not in W46
    utc = dt.datetime(2026, 11, 15, 16, 30, tzinfo=dt.timezone.utc)
    assert p.contains(utc) and not p.previous().contains(utc)
    assert p.contains(D(2026, 11, 22)) and not p.contains(D(2026, 11, 23))
    assert not p.contains(None)


def test_titles():
    assert parse_period("2026-W47").title == "2026年第47周（11月16日—11月22日）"
    assert parse_period("2026-W53").title == "2026年第53周（2026年12月28日—2027年1月3日）"
    assert parse_period("2026-11").title == "2026年11月"
    assert parse_period("2026-Q4").title == "2026年第4季度"


def test_last_full_period():
    sunday = dt.datetime(2026, 11, 22, 10, 0, tzinfo=TZ)
    assert last_full_period("week", sunday).label == "2026-W46"  # this week is not over on Sunday
    monday = dt.datetime(2026, 11, 23, 0, 0, tzinfo=TZ)
    assert last_full_period("week", monday).label == "2026-W47"
    # 2026-11-22 20:00 UTC is already Monday 04:00 in Shanghai
    assert last_full_period("week", dt.datetime(2026, 11, 22, 20, 0, tzinfo=dt.timezone.utc)).label == "2026-W47"
    assert last_full_period("month", dt.datetime(2026, 1, 15, tzinfo=TZ)).label == "2025-12"
    assert last_full_period("quarter", dt.datetime(2026, 1, 5, tzinfo=TZ)).label == "2025-Q4"
    assert last_full_period("week", dt.datetime(2027, 1, 4, 8, 0, tzinfo=TZ)).label == "2026-W53"


def test_default_uses_infodesk_now(monkeypatch):
    monkeypatch.setenv("INFODESK_NOW", "2026-11-22T10:00:00+08:00")
    assert last_full_period("weekly").label == "2026-W46"
    assert [p.label for p in recent_periods("month", count=3)] == ["2026-11", "2026-10", "2026-09"]


def test_buckets():
    week = parse_period("2026-W47")
    assert [b[1] for b in week.buckets()] == week.days and len(week.days) == 7
    assert week.buckets()[0][0] == "11/16 周一"
    quarter = parse_period("2026-Q4")
    bars = quarter.buckets()
    assert bars[0][1] == D(2026, 10, 1) and bars[0][2] == D(2026, 10, 4)  # Thursday to Sunday of W40
    assert bars[-1][2] == D(2026, 12, 31)
    assert sum((b[2] - b[1]).days + 1 for b in bars) == 92
    assert len(parse_period("2026-02").buckets()) == 28


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=D(1991, 1, 1), max_value=D(2998, 12, 31)), st.sampled_from(["week", "month", "quarter"]))
def test_every_day_is_in_exactly_one_period(day, kind):
    p = period_containing(kind, day)
    assert p.first <= day <= p.last
    assert parse_period(p.label) == p
    assert p.next().first == p.last + dt.timedelta(days=1)
    assert p.previous().last == p.first - dt.timedelta(days=1)
    assert p.next().previous() == p
    if kind == "week":
        assert p.first.weekday() == 0 and (p.last - p.first).days == 6


def test_period_is_a_value():
    assert isinstance(parse_period("2026-W47"), Period)
    assert {parse_period("2026-W47"), parse_period("2026w47")} == {parse_period("2026-W47")}
