"""Deadlines: when an item is due under its column's update rule.

The cut-off (深府办〔2010〕76号 四(二)): "报送信息时，按照网站内容保障任务一览表规定的时限要求……
每日截止时间为上午11点". A day's submissions close at 11:00, so a deadline that falls on a
day falls at 11:00 of that day. Concretely, for the rules of the table (submissions):

* ``信息发生当日`` — an event before 11:00 is due at 11:00 the same day; an event at or after
  11:00 missed that day's cut-off and is due at 11:00 the next (calendar) day — the same
  moment as ``信息发生后1日内`` gives, so 当日 is never more lenient than 1日内. An event given
  as a date only is taken to be before the cut-off, and the result says so in ``warnings``.
* ``信息发生后N日内`` — N calendar days after the event date, at 11:00.
* ``N月内`` — N calendar months after the event date (clamped to the month's last day), at 11:00.
* ``每年M月D日前`` — the next M/D at 11:00 after the event (an event at 11:00 on M/D is due next year).

Rules that are not submissions to the portal's cut-off end at the end of the day (23:59:59):

* ``N个工作日内`` (answering public messages, 国办发〔2014〕57号: 7, up to 15) — the N-th working
  day after the event date (the event day is not counted), as ``chinese_calendar.find_workday``.
* ``提前N日告知`` (link changes) — the event is the planned change; due the day N days before.
* periodic rules (``每周`` …) — the event is the last update; due one period later.

Calendar-day deadlines are not moved off weekends or holidays: the portal publishes every day.
"""
from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from core import clock
from core.errors import UserError
from core.i18n import language, tr
from core.schedule.rules import Rule, parse_rule
from core.schedule.workdays import WorkCalendar, default_calendar

#: The daily submission cut-off (深府办〔2010〕76号 四(二)).
SUBMISSION_CUTOFF = dt.time(11, 0)
END_OF_DAY = dt.time(23, 59, 59)

@dataclass(frozen=True)
class DueResult:
    """When something is due. ``due`` is aware (the unit's time zone) or None when the rule sets no
    fixed deadline; ``description`` names the rule for the user; ``warnings`` must be shown too."""

    due: dt.datetime | None
    rule: Rule
    description: str
    warnings: list[str] = field(default_factory=list)
    #: working-day rules with a longer limit for complicated cases (public messages: 15 days)
    extended_due: dt.datetime | None = None


def join_sentences(parts: list[str]) -> str:
    """Sentences joined the way the interface language writes them (Chinese: no space)."""
    return ("" if language().startswith("zh") else " ").join(p for p in parts if p)


def format_due(value: dt.datetime | None) -> str:
    """``2026-10-15 11:00`` in the unit's time zone ("" for None)."""
    if value is None:
        return ""
    return value.astimezone(clock.TZ).strftime("%Y-%m-%d %H:%M")


def as_local(event: dt.date | dt.datetime) -> tuple[dt.date, dt.time | None]:
    """The event's date and time of day in the unit's time zone (time None for a plain date)."""
    if isinstance(event, dt.datetime):
        local = event.replace(tzinfo=clock.TZ) if event.tzinfo is None else event.astimezone(clock.TZ)
        return local.date(), local.time().replace(tzinfo=None)
    if isinstance(event, dt.date):
        return event, None
    raise UserError(tr("Not a date: {value}", value=event))


_EVENT = re.compile(r"^(\d{1,4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                    r"(?:\s*[T ]?\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?\s*秒?)?$")


def parse_event(text: str) -> dt.date | dt.datetime:
    """``2026-09-30``, ``2026-09-30 10:00``, ``2026/9/30``, ``2026年9月30日 10:00`` or ISO with an
    offset → a date, or a datetime in the unit's time zone. A bad value is a :class:`UserError`."""
    value = unicodedata.normalize("NFKC", (text or "").strip())
    match = _EVENT.match(value)
    try:
        if match:
            year, month, day = (int(match.group(i)) for i in (1, 2, 3))
            if match.group(4) is None:
                return dt.date(year, month, day)
            return dt.datetime(year, month, day, int(match.group(4)), int(match.group(5)),
                               int(match.group(6) or 0), tzinfo=clock.TZ)
        parsed = dt.datetime.fromisoformat(value)
        return parsed.replace(tzinfo=clock.TZ) if parsed.tzinfo is None else parsed.astimezone(clock.TZ)
    except (ValueError, OverflowError):
        raise UserError(tr("Not a valid date or time: {value} (expected YYYY-MM-DD or YYYY-MM-DD HH:MM).",
                           value=text)) from None


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, clamped to the last day of the month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise OverflowError("year out of range")
    last = _calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=clock.TZ)


def _yearly_due(rule: Rule, event_day: dt.date, event_time: dt.time | None) -> dt.date:
    moment = event_time or dt.time(0, 0)
    for year in range(event_day.year, event_day.year + 2):
        last = _calendar.monthrange(year, rule.month or 1)[1]
        day_of_month = last if not rule.day else min(rule.day, last)  # 2月29日 in a common year → 28
        candidate = dt.date(year, rule.month or 1, day_of_month)
        if (candidate, SUBMISSION_CUTOFF) > (event_day, moment):  # an event at 11:00 missed that day's cut-off
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover


def compute_due(rule_text: str | Rule, event: dt.date | dt.datetime,
                calendar: WorkCalendar | None = None) -> DueResult:
    """When an item under ``rule_text`` is due, for an event at ``event``.

    Never raises for a rule text (an unknown one gives ``due=None`` and a warning);
    a date out of range (e.g. ``date.max`` plus days) raises :class:`UserError`.
    """
    rule = rule_text if isinstance(rule_text, Rule) else parse_rule(rule_text)
    try:
        event_day, event_time = as_local(event)
    except (OverflowError, ValueError):
        raise UserError(tr("Not a date: {value}", value=event)) from None
    warnings: list[str] = []
    due: dt.datetime | None = None
    extended: dt.datetime | None = None
    cal = calendar or default_calendar()
    try:
        if rule.kind == "same_day":
            if event_time is None:
                warnings.append(tr("No time of day was given for the event: it is taken to be before the "
                                   "{cutoff} cut-off.", cutoff=SUBMISSION_CUTOFF.strftime("%H:%M")))
                due = _at(event_day, SUBMISSION_CUTOFF)
            elif event_time < SUBMISSION_CUTOFF:
                due = _at(event_day, SUBMISSION_CUTOFF)
            else:
                due = _at(event_day + dt.timedelta(days=1), SUBMISSION_CUTOFF)
        elif rule.kind == "calendar_days":
            due = _at(event_day + dt.timedelta(days=rule.n or 0), SUBMISSION_CUTOFF)
        elif rule.kind == "months":
            due = _at(add_months(event_day, rule.n or 0), SUBMISSION_CUTOFF)
        elif rule.kind == "yearly_date":
            due = _at(_yearly_due(rule, event_day, event_time), SUBMISSION_CUTOFF)
        elif rule.kind == "working_days":
            day, found = cal.add_workdays(event_day, rule.n or 0)
            warnings.extend(found)
            due = _at(day, END_OF_DAY)
            if rule.extended:
                day, found = cal.add_workdays(event_day, rule.extended)
                warnings.extend(w for w in found if w not in warnings)
                extended = _at(day, END_OF_DAY)
        elif rule.kind == "advance_notice":
            due = _at(event_day - dt.timedelta(days=rule.n or 0), END_OF_DAY)
        elif rule.kind == "periodic":
            n = rule.n or 1
            if rule.unit == "month":
                day = add_months(event_day, n)
            elif rule.unit == "year":
                day = add_months(event_day, 12 * n)
            else:
                day = event_day + dt.timedelta(days=n * (7 if rule.unit == "week" else 1))
            due = _at(day, END_OF_DAY)
    except (OverflowError, ValueError):
        raise UserError(tr("The deadline for {rule} after {date} is outside the calendar.",
                           rule=rule.text, date=event_day.isoformat())) from None

    parts = [rule.describe(SUBMISSION_CUTOFF.strftime("%H:%M"))]
    if due is not None:
        parts.append(tr("Due: {due}.", due=format_due(due)))
        if extended is not None:
            parts.append(tr("At the latest: {due}.", due=format_due(extended)))
    description = join_sentences(parts)
    if not rule.recognised:
        warnings.append(rule.message)
    return DueResult(due=due, rule=rule, description=description, warnings=warnings, extended_due=extended)


def due_status(due: dt.datetime | None, now: dt.datetime, soon_hours: float = 24) -> str:
    """``overdue`` (now is past due), ``due_soon`` (due within ``soon_hours``), ``ok``, or ``none``
    when there is no deadline. Exactly at the deadline is still ``due_soon``. Naive datetimes are
    taken to be in the unit's time zone."""
    if due is None:
        return "none"
    if due.tzinfo is None:
        due = due.replace(tzinfo=clock.TZ)
    if now.tzinfo is None:
        now = now.replace(tzinfo=clock.TZ)
    if now > due:
        return "overdue"
    if due - now <= dt.timedelta(hours=soon_hours):
        return "due_soon"
    return "ok"
