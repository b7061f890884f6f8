"""Deadlines worked by hand: cut-off, calendar days, working days across holidays, 2027."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import UserError
from core.schedule import WorkCalendar, compute_due, due_status, parse_event
from core.schedule.due import as_local

SH = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hh=0, mm=0, ss=0):
    return dt.datetime(y, m, d, hh, mm, ss, tzinfo=SH)


@pytest.fixture
def cal():
    """chinesecalendar for 2004–2026, no holiday files at all."""
    return WorkCalendar([], builtin_dir=None)


def write_2027(folder, holidays='"2027-10-01..2027-10-07"', workdays='"2027-10-09"'):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "2027.toml"
    path.write_text(f"year = 2027\nholidays = [{holidays}]\nworkdays = [{workdays}]\n", encoding="utf-8")
    return path


# --------------------------------------------------------------- the 11:00 cut-off (深府办〔2010〕76号 四(二))
def test_same_day_before_cutoff_is_due_at_11_that_day(cal):
    r = compute_due("信息发生当日", at(2026, 9, 30, 10, 59), cal)
    assert r.due == at(2026, 9, 30, 11, 0)
    assert r.warnings == []


@pytest.mark.parametrize("hh, mm", [(11, 0), (15, 30), (23, 59)])
def test_same_day_at_or_after_cutoff_is_due_at_11_next_day(cal, hh, mm):
    r = compute_due("信息发生当日", at(2026, 9, 30, hh, mm), cal)
    assert r.due == at(2026, 10, 1, 11, 0)


def test_same_day_is_never_later_than_one_day(cal):
    for hh in range(24):
        event = at(2026, 6, 5, hh, 30)
        assert compute_due("信息发生当日", event, cal).due <= compute_due("信息发生后1日内", event, cal).due


def test_same_day_with_date_only_assumes_before_cutoff_and_says_so(cal):
    r = compute_due("信息发生当日", dt.date(2026, 9, 30), cal)
    assert r.due == at(2026, 9, 30, 11, 0)
    assert len(r.warnings) == 1 and "11:00" in r.warnings[0]


def test_event_in_another_time_zone_is_converted(cal):
    utc = dt.timezone.utc
    assert compute_due("当日", dt.datetime(2026, 9, 30, 2, 30, tzinfo=utc), cal).due == at(2026, 9, 30, 11)
    assert compute_due("当日", dt.datetime(2026, 9, 30, 3, 30, tzinfo=utc), cal).due == at(2026, 10, 1, 11)
    # naive datetimes are in the unit's time zone
    assert compute_due("当日", dt.datetime(2026, 9, 30, 10, 0), cal).due == at(2026, 9, 30, 11)


# ---------------------------------------------------------------- calendar days and months
def test_calendar_days_run_through_national_day_unmoved(cal):
    r = compute_due("信息发生后2日内", at(2026, 9, 30, 10, 0), cal)
    assert r.due == at(2026, 10, 2, 11, 0)  # a public holiday: the portal publishes every day
    assert "2026-10-02 11:00" in r.description
    assert r.due.tzinfo is not None and r.due.utcoffset() == dt.timedelta(hours=8)


def test_five_days_across_spring_festival(cal):
    assert compute_due("信息发生后5日内", dt.date(2026, 2, 14), cal).due == at(2026, 2, 19, 11)


def test_one_month_clamps_to_month_end(cal):
    assert compute_due("信息发生后1月内", dt.date(2026, 1, 31), cal).due == at(2026, 2, 28, 11)
    assert compute_due("1个月内", dt.date(2028, 1, 31), cal).due == at(2028, 2, 29, 11)
    assert compute_due("1个月内", dt.date(2026, 12, 15), cal).due == at(2027, 1, 15, 11)


def test_yearly_date(cal):
    assert compute_due("每年3月31日前", at(2026, 3, 31, 10, 0), cal).due == at(2026, 3, 31, 11)
    assert compute_due("每年3月31日前", at(2026, 3, 31, 11, 0), cal).due == at(2027, 3, 31, 11)
    assert compute_due("每年3月31日前", dt.date(2026, 4, 1), cal).due == at(2027, 3, 31, 11)
    assert compute_due("每年1月底前", dt.date(2026, 2, 1), cal).due == at(2027, 1, 31, 11)


def test_link_change_announced_two_days_ahead(cal):
    r = compute_due("链接地址更改前2日内告知", dt.date(2026, 10, 10), cal)
    assert r.due == at(2026, 10, 8, 23, 59, 59)


def test_periodic_rules_count_from_the_last_update(cal):
    assert compute_due("每周", dt.date(2026, 9, 30), cal).due == at(2026, 10, 7, 23, 59, 59)
    assert compute_due("每月", dt.date(2026, 1, 31), cal).due == at(2026, 2, 28, 23, 59, 59)


@pytest.mark.parametrize("text", ["必要时更新", "活动期间日常更新", "及时发布", ""])
def test_no_fixed_deadline(cal, text):
    r = compute_due(text, dt.date(2026, 9, 30), cal)
    assert r.due is None
    assert r.warnings == []
    assert r.description


def test_unrecognised_rule_gives_no_deadline_and_a_warning(cal):
    r = compute_due("尽快办理", dt.date(2026, 9, 30), cal)
    assert r.due is None and r.rule.kind == "unrecognised"
    assert r.warnings == [r.rule.message]


# ---------------------------------------------------------------- working days
def test_seven_working_days_over_national_day_with_make_up_saturday(cal):
    # 10-01..10-07 off; 10-08 Thu 1, 10-09 Fri 2, 10-10 Sat (调休上班) 3, 10-12..10-15 4..7
    r = compute_due("7个工作日内", dt.date(2026, 9, 30), cal)
    assert r.due == at(2026, 10, 15, 23, 59, 59)
    assert r.warnings == []


def test_make_up_saturday_is_a_working_day(cal):
    assert cal.is_workday(dt.date(2026, 10, 10))
    assert not cal.is_workday(dt.date(2026, 10, 11))
    assert compute_due("1个工作日内", dt.date(2026, 10, 9), cal).due.date() == dt.date(2026, 10, 10)


def test_seven_working_days_across_spring_festival(cal):
    # 02-13 Fri 1, 02-14 Sat (调休上班) 2, 02-15..02-23 off, 02-24..02-27 3..6, 02-28 Sat (调休上班) 7
    assert compute_due("7个工作日内", dt.date(2026, 2, 12), cal).due.date() == dt.date(2026, 2, 28)


def test_extended_limit_for_public_messages(cal):
    r = compute_due("7个工作日内，复杂的不超过15个工作日", dt.date(2026, 9, 30), cal)
    assert r.due.date() == dt.date(2026, 10, 15)
    # 10-16 8, 10-19..23 9..13, 10-26 14, 10-27 15
    assert r.extended_due.date() == dt.date(2026, 10, 27)
    assert "2026-10-27" in r.description


def test_2027_without_holiday_file_counts_weekends_only_with_a_warning(cal):
    r = compute_due("7个工作日内", dt.date(2027, 9, 30), cal)
    # Fri 10-01 1, 10-04..10-08 2..6, 10-11 7
    assert r.due.date() == dt.date(2027, 10, 11)
    assert len(r.warnings) == 1 and "2027" in r.warnings[0]


def test_2027_with_a_holiday_file(tmp_path):
    folder = tmp_path / "holidays"
    write_2027(folder)
    cal = WorkCalendar([folder], builtin_dir=None)
    r = compute_due("7个工作日内", dt.date(2027, 9, 30), cal)
    # 10-01..10-07 off; 10-08 Fri 1, 10-09 Sat (make-up) 2, 10-11..10-15 3..7
    assert r.due.date() == dt.date(2027, 10, 15)
    assert r.warnings == []


def test_across_new_year_warns_only_for_the_uncovered_year(cal):
    r = compute_due("7个工作日内", dt.date(2026, 12, 28), cal)
    # 12-29, 12-30, 12-31 (2026 data), then weekends only: 2027-01-01 Fri, 01-04, 01-05, 01-06
    assert r.due.date() == dt.date(2027, 1, 6)
    assert len(r.warnings) == 1 and "2027" in r.warnings[0] and "2026" not in r.warnings[0]


def test_user_holiday_file_overrides_chinesecalendar(tmp_path):
    folder = tmp_path / "h"
    folder.mkdir()
    (folder / "2026.toml").write_text('year = 2026\nholidays = ["2026-10-01..2026-10-07"]\n', encoding="utf-8")
    cal = WorkCalendar([folder], builtin_dir=None)
    assert not cal.is_workday(dt.date(2026, 10, 10))  # the file has no make-up Saturday
    assert compute_due("7个工作日内", dt.date(2026, 9, 30), cal).due.date() == dt.date(2026, 10, 16)


# ---------------------------------------------------------------- dates out of range
@pytest.mark.parametrize("rule, event", [
    ("信息发生后2日内", dt.date.max),
    ("7个工作日内", dt.date(9999, 12, 30)),
    ("每年3月31日前", dt.date(9999, 4, 1)),
    ("1个月内", dt.date(9999, 12, 5)),
    ("提前2日告知", dt.date.min),
])
def test_out_of_range_dates_are_user_errors(cal, rule, event):
    with pytest.raises(UserError):
        compute_due(rule, event, cal)


def test_years_before_chinesecalendar_fall_back_with_a_warning(cal):
    r = compute_due("1个工作日内", dt.date(1, 1, 1), cal)  # a Monday
    assert r.due.date() == dt.date(1, 1, 2)
    assert r.warnings and "1" in r.warnings[0]


def test_date_max_as_event_with_no_deadline_is_fine(cal):
    assert compute_due("必要时更新", dt.date.max, cal).due is None


# ---------------------------------------------------------------- due_status
def test_due_status_boundaries():
    due = at(2026, 10, 2, 11)
    assert due_status(None, at(2026, 10, 1)) == "none"
    assert due_status(due, at(2026, 10, 1, 10, 59)) == "ok"
    assert due_status(due, at(2026, 10, 1, 11, 0)) == "due_soon"  # exactly 24 h before
    assert due_status(due, due) == "due_soon"
    assert due_status(due, due + dt.timedelta(seconds=1)) == "overdue"
    assert due_status(due, at(2026, 9, 30), soon_hours=72) == "due_soon"
    assert due_status(dt.datetime(2026, 10, 2, 11), dt.datetime(2026, 10, 2, 12)) == "overdue"


# ---------------------------------------------------------------- event text
@pytest.mark.parametrize("text, expected", [
    ("2026-09-30", dt.date(2026, 9, 30)),
    ("2026/9/30", dt.date(2026, 9, 30)),
    ("2026年9月30日", dt.date(2026, 9, 30)),
    ("2026-09-30 10:00", at(2026, 9, 30, 10)),
    ("2026-09-30T10:00:05", at(2026, 9, 30, 10, 0, 5)),
    ("2026-09-30T02:00:00+00:00", at(2026, 9, 30, 10)),
])
def test_parse_event(text, expected):
    assert parse_event(text) == expected


@pytest.mark.parametrize("text", ["", "tomorrow", "2026-13-01", "2026-02-30", "2026-09-30 25:00", "10000-01-01"])
def test_parse_event_rejects_bad_values(text):
    with pytest.raises(UserError):
        parse_event(text)


RULES = ["信息发生当日", "信息发生后2日内", "7个工作日内，复杂的15个工作日内", "1个月内", "每年2月29日前", "提前2日告知",
         "每周", "每季度", "必要时更新", "", "乱写"]


@settings(max_examples=400, deadline=None)
@given(rule=st.sampled_from(RULES),
       event=st.one_of(st.dates(), st.datetimes(timezones=st.sampled_from([None, dt.timezone.utc, SH]))))
def test_compute_due_never_crashes_on_a_date(rule, event):
    cal = WorkCalendar([], builtin_dir=None)
    try:
        r = compute_due(rule, event, cal)
    except UserError as err:
        assert str(err)
        return
    if r.due is not None:
        assert str(r.due.tzinfo) == "Asia/Shanghai"
        event_day = as_local(event)[0]
        if r.rule.kind == "advance_notice":
            assert r.due.date() == event_day - dt.timedelta(days=2)
        else:
            assert r.due.date() >= event_day


def test_yearly_feb_29_in_a_common_year_is_feb_28():
    cal = WorkCalendar([], builtin_dir=None)
    assert compute_due("每年2月29日前", dt.date(2026, 1, 5), cal).due == at(2026, 2, 28, 11)
    assert compute_due("每年2月29日前", dt.date(2027, 3, 1), cal).due == at(2028, 2, 29, 11)
