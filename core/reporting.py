"""Periods and the figures of the weekly, monthly and quarterly report (信息报送周报/月报/季报).

Pure: no Qt, no SQL. ``storage.reports.gather`` reads a :class:`ReportInput` from the database;
:func:`build_report` turns it into a :class:`Report`; ``exporters.weekly_report`` writes it.

Periods
=======
An ISO week (Monday–Sunday), a calendar month or a calendar quarter, in the unit's time zone
(Asia/Shanghai): ``2026-W47``, ``2026-11``, ``2026-Q4`` (:func:`parse_period`). A period runs from
00:00 of its first day up to, not including, 00:00 of the day after its last day. The default is
the last *full* period (:func:`last_full_period`): on Sunday the current week is not over yet,
so the week before is reported.

What "in the period" means
==========================
Every count is of *items* (each item at most once per line), by the moment named here:

=================  =================================================================================
新起草 drafted      created in the period (``items.created_at``)
提交签发 queued      submitted for sign-off in the period: a ``submit`` transition in the period
已签发 signed off    a ``sign_off`` transition in the period
被退回 returned      a ``return`` transition in the period (退回次数 counts every return)
已报送 submitted     sent to the portal in the period (``items.submitted_at``: the last time the
                    item was marked submitted)
已发布 published     publication date in the period (``items.published_at``, as the officer recorded it)
已撤回 withdrawn     a ``withdraw`` transition in the period
按时 on time         submitted in the period, with a due time, and ``submitted_at <= due_at``
超时 late            submitted in the period, with a due time, and ``submitted_at > due_at``
按时率 on-time rate  on time / (on time + late); items without a due time are left out ("—" when none)
逾期 overdue         due in the period (``due_at`` in the period and already past when the report is
                    made) and not submitted by then: submitted late, or still not submitted — an
                    item withdrawn before it was ever submitted is not overdue
积压 backlog         at the end of the period (or now, for the current period): items whose due time
                    has passed and that are still not submitted (any due date; withdrawn ones left out)
=================  =================================================================================

Flow counts count what happened, whatever the item's state is now (an item published in the
period and withdrawn since still counts as published); scoring leaves withdrawn items out of
``published`` and ``submitted``. The 明细 sheet lists every item with any of these in the period,
or due in the period, or with an adoption/instruction dated in the period; its state column is
the state *now*. Column freshness (栏目更新) is taken at the end of the period (or now, for the
current one) from the last item submitted or published in each column, as ``core.schedule``
defines it. 人员: items are counted for the person who created them; 签发 and 退回他人 for the
person who took that step.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import unicodedata
import dataclasses
import operator
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping, Sequence

from core import clock
from core.errors import UserError
from core.gcpause import with_gc_paused
from core.i18n import tr
from core.model import Column, Person, Unit

KINDS = ("week", "month", "quarter")
_KIND_WORDS = {
    "week": ("week", "weekly", "w", "周", "周报", "每周"),
    "month": ("month", "monthly", "m", "月", "月报", "每月"),
    "quarter": ("quarter", "quarterly", "q", "季", "季度", "季报", "每季度"),
}
MIN_YEAR, MAX_YEAR = 1990, 2999


def normalise_kind(text: str) -> str:
    """week / month / quarter from a code, an adjective (weekly …) or a Chinese word (周报 …)."""
    value = unicodedata.normalize("NFKC", text or "").strip().lower()
    for kind, words in _KIND_WORDS.items():
        if value in words:
            return kind
    raise UserError(tr("Unknown kind of period {kind}: use weekly, monthly or quarterly.", kind=text))


def kind_label(kind: str) -> str:
    return {"week": tr("week"), "month": tr("month"), "quarter": tr("quarter")}.get(kind, kind)


def report_name(kind: str) -> str:
    """信息报送周报 / 月报 / 季报."""
    return {"week": tr("Weekly report"), "month": tr("Monthly report"),
            "quarter": tr("Quarterly report")}.get(kind, kind)


# =============================================================================== periods
@dataclass(frozen=True, order=True)
class Period:
    """A week, month or quarter: ``first`` … ``last`` (dates, inclusive) in the unit's time zone."""

    first: dt.date
    last: dt.date
    kind: str
    year: int
    number: int  # ISO week, month or quarter

    @functools.cached_property
    def start(self) -> dt.datetime:
        """00:00 of the first day (aware)."""
        return dt.datetime.combine(self.first, dt.time(0), tzinfo=clock.TZ)

    @functools.cached_property
    def end(self) -> dt.datetime:
        """00:00 of the day after the last day (aware; not part of the period)."""
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time(0), tzinfo=clock.TZ)

    @property
    def label(self) -> str:
        """``2026-W47``, ``2026-11`` or ``2026-Q4``: what :func:`parse_period` reads."""
        if self.kind == "week":
            return f"{self.year}-W{self.number:02d}"
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        return f"{self.year}-Q{self.number}"

    @property
    def title(self) -> str:
        """2026年第47周（11月16日—11月22日）, 2026年11月, 2026年第4季度 (in the interface language)."""
        if self.kind == "week":
            return tr("{year} week {week} ({first} – {last})", year=self.year, week=self.number,
                      first=_short_date(self.first, self.first.year != self.last.year),
                      last=_short_date(self.last, self.first.year != self.last.year))
        if self.kind == "month":
            return tr("{year}-{month:02d}", year=self.year, month=self.number)
        return tr("{year} Q{quarter}", year=self.year, quarter=self.number)

    @property
    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=i) for i in range((self.last - self.first).days + 1)]

    def contains(self, moment: dt.datetime | dt.date | None) -> bool:
        if moment is None:
            return False
        if isinstance(moment, dt.datetime):
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=clock.TZ)
            return self.start <= moment < self.end
        return self.first <= moment <= self.last

    def previous(self) -> "Period":
        return period_containing(self.kind, self.first - dt.timedelta(days=1))

    def next(self) -> "Period":
        return period_containing(self.kind, self.last + dt.timedelta(days=1))

    def buckets(self) -> list[tuple[str, dt.date, dt.date]]:
        """The chart's bars: each day of a week or month, each ISO week of a quarter (clipped)."""
        if self.kind in ("week", "month"):
            return [(f"{d.month}/{d.day}" if self.kind == "month" else f"{d.month}/{d.day} {_weekday(d)}", d, d)
                    for d in self.days]
        out = []
        day = self.first
        while day <= self.last:
            monday = day - dt.timedelta(days=day.weekday())
            last = min(monday + dt.timedelta(days=6), self.last)
            iso = day.isocalendar()
            out.append((f"W{iso.week:02d}", day, last))
            day = last + dt.timedelta(days=1)
        return out


def _weekday(day: dt.date) -> str:
    return (tr("Mon"), tr("Tue"), tr("Wed"), tr("Thu"), tr("Fri"), tr("Sat"), tr("Sun"))[day.weekday()]


def _short_date(day: dt.date, with_year: bool = False) -> str:
    if with_year:
        return tr("{year}-{month}-{day}", year=day.year, month=day.month, day=day.day)
    return tr("{month}/{day}", month=day.month, day=day.day)


def _check_year(year: int, text: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise UserError(tr("The year of the period {text} is out of range ({low}–{high}).", text=text,
                           low=MIN_YEAR, high=MAX_YEAR))


def week_period(year: int, week: int, text: str = "") -> Period:
    text = text or f"{year}-W{week}"
    _check_year(year, text)
    try:
        first = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        weeks = dt.date(year, 12, 28).isocalendar().week
        raise UserError(tr("{text}: the year {year} has ISO weeks 1 to {weeks}.", text=text, year=year, weeks=weeks))
    return Period(first, first + dt.timedelta(days=6), "week", year, week)


def month_period(year: int, month: int, text: str = "") -> Period:
    text = text or f"{year}-{month}"
    _check_year(year, text)
    if not 1 <= month <= 12:
        raise UserError(tr("{text}: a month is 1 to 12.", text=text))
    last = calendar.monthrange(year, month)[1]
    return Period(dt.date(year, month, 1), dt.date(year, month, last), "month", year, month)


def quarter_period(year: int, quarter: int, text: str = "") -> Period:
    text = text or f"{year}-Q{quarter}"
    _check_year(year, text)
    if not 1 <= quarter <= 4:
        raise UserError(tr("{text}: a quarter is 1 to 4.", text=text))
    first_month = 3 * (quarter - 1) + 1
    last_month = first_month + 2
    return Period(dt.date(year, first_month, 1), dt.date(year, last_month, calendar.monthrange(year, last_month)[1]),
                  "quarter", year, quarter)


def period_containing(kind: str, day: dt.date) -> Period:
    kind = normalise_kind(kind)
    if kind == "week":
        iso = day.isocalendar()
        return week_period(iso.year, iso.week)
    if kind == "month":
        return month_period(day.year, day.month)
    return quarter_period(day.year, (day.month - 1) // 3 + 1)


def last_full_period(kind: str, now: dt.datetime | None = None) -> Period:
    """The last period of ``kind`` that is over at ``now`` (default: now, in the unit's time zone)."""
    now = now or clock.now()
    today = now.astimezone(clock.TZ).date() if now.tzinfo else now.date()
    return period_containing(kind, today).previous()


_CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4}
_PATTERNS = (
    ("week", re.compile(r"^(\d{4})-?W(\d{1,2})$")),
    ("week", re.compile(r"^(\d{4})年?第(\d{1,2})周$")),
    ("month", re.compile(r"^(\d{4})[-/.](\d{1,2})$")),
    ("month", re.compile(r"^(\d{4})年(\d{1,2})月(?:份)?$")),
    ("quarter", re.compile(r"^(\d{4})-?Q([1-4])$")),
    ("quarter", re.compile(r"^(\d{4})年?第?([1-4一二三四])季度?$")),
)


def parse_period(text: str, kind: str | None = None) -> Period:
    """``2026-W47`` (ISO week), ``2026-11`` (month) or ``2026-Q4`` (quarter); Chinese forms
    (2026年第47周, 2026年11月, 2026年第四季度) too. With ``kind``, the text must be that kind.
    Bad text is a :class:`UserError` that says what is expected."""
    raw = text or ""
    value = unicodedata.normalize("NFKC", raw).strip().upper().replace(" ", "")
    want = normalise_kind(kind) if kind else None
    for pkind, pattern in _PATTERNS:
        match = pattern.match(value)
        if not match:
            continue
        year = int(match.group(1))
        num_text = match.group(2)
        number = _CN_QUARTER[num_text] if num_text in _CN_QUARTER else int(num_text)
        if want and pkind != want:
            raise UserError(tr("{text} is a {found}, but a {wanted} was asked for (e.g. {example}).", text=raw.strip(),
                               found=kind_label(pkind), wanted=kind_label(want), example=_example(want)))
        if pkind == "week":
            return week_period(year, number, raw.strip())
        if pkind == "month":
            return month_period(year, number, raw.strip())
        return quarter_period(year, number, raw.strip())
    raise UserError(tr("Not a period: {text!r}. Write an ISO week as 2026-W47, a month as 2026-11, a quarter as 2026-Q4.",
                       text=raw))


def _example(kind: str) -> str:
    return {"week": "2026-W47", "month": "2026-11", "quarter": "2026-Q4"}[kind]


def recent_periods(kind: str, now: dt.datetime | None = None, count: int = 12) -> list[Period]:
    """The current period and the ``count - 1`` before it, newest first."""
    now = now or clock.now()
    current = period_containing(kind, now.astimezone(clock.TZ).date())
    out = [current]
    while len(out) < count:
        out.append(out[-1].previous())
    return out


# =============================================================================== input
@dataclass(frozen=True)
class ItemRecord:
    """What the report needs of one item."""

    id: str
    title: str
    content_type: str
    column_id: str
    created_by: str
    created_at: dt.datetime
    state: str
    event_date: dt.date | None = None
    due_at: dt.datetime | None = None
    queued_at: dt.datetime | None = None
    submitted_at: dt.datetime | None = None
    published_at: dt.datetime | None = None
    published_url: str = ""
    signed_by: str = ""
    #: names of required elements missing or malformed (only looked up for items submitted or
    #: published in the period)
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Event:
    """A workflow transition (submit, sign_off, return, mark_submitted, withdraw …)."""

    item_id: str
    action: str
    actor: str
    at: dt.datetime
    reason: str = ""


@dataclass(frozen=True)
class Adoption:
    """采用 (adoption by a higher level) or 批示 (a leader's instruction) recorded on an item."""

    id: int
    item_id: str
    kind: str  # adoption | instruction
    by_whom: str
    level: str  # 区级 / 市级 / 省级 / 国家级
    on_date: dt.date
    note: str = ""
    recorded_by: str = ""
    recorded_at: dt.datetime | None = None


@dataclass(frozen=True)
class ReportInput:
    period: Period
    unit: Unit
    columns: tuple[Column, ...]
    people: tuple[Person, ...]
    #: every item with anything in this period or the previous one
    items: tuple[ItemRecord, ...]
    #: transitions in this period or the previous one
    events: tuple[Event, ...]
    #: adoption/instruction records dated in this period or the previous one
    adoptions: tuple[Adoption, ...]
    #: per column id, its last submission or publication up to the cut-off
    last_updates: Mapping[str, dt.datetime]
    generated_at: dt.datetime
    #: items overdue and still not submitted at the cut-off
    backlog: int = 0
    rules: tuple = ()  # core.scoring.ScoringRule
    type_labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def cutoff(self) -> dt.datetime:
        """The end of the period, or now when the period is not over."""
        return min(self.period.end, self.generated_at)


# =============================================================================== output
MEASURES = ("drafted", "queued", "signed_off", "returned", "submitted", "published", "withdrawn",
            "on_time", "late", "overdue")


def measure_label(key: str) -> str:
    return {
        "drafted": tr("Drafted"), "queued": tr("Submitted for sign-off"), "signed_off": tr("Signed off"),
        "returned": tr("Returned"), "returns": tr("Returns (times)"), "submitted": tr("Submitted to the portal"),
        "published": tr("Published"), "withdrawn": tr("Withdrawn"), "on_time": tr("On time"), "late": tr("Late"),
        "overdue": tr("Overdue"), "on_time_rate": tr("On-time rate"), "no_due": tr("Submitted, no deadline"),
        "backlog": tr("Overdue, still not submitted"), "adoptions": tr("Adopted by higher levels"),
        "instructions": tr("Leaders' instructions"),
    }.get(key, key)


def measure_definition(key: str) -> str:
    """The rule behind a count, one line, for the 统计口径 column."""
    return {
        "drafted": tr("created in the period"),
        "queued": tr("submitted for sign-off in the period (each item once)"),
        "signed_off": tr("signed off by the supervising leader in the period"),
        "returned": tr("returned for changes in the period (each item once)"),
        "returns": tr("every return in the period"),
        "submitted": tr("sent to the portal in the period"),
        "published": tr("publication date in the period"),
        "withdrawn": tr("withdrawn in the period"),
        "on_time": tr("submitted in the period no later than the due time"),
        "late": tr("submitted in the period after the due time"),
        "overdue": tr("due in the period and not submitted by the due time (incl. not yet submitted)"),
        "on_time_rate": tr("on time ÷ (on time + late); items without a due time left out"),
        "no_due": tr("submitted in the period; the column's rule sets no due time"),
        "backlog": tr("at the end of the period: past the due time and still not submitted (any due date)"),
        "adoptions": tr("adoption records dated in the period"),
        "instructions": tr("instruction records dated in the period"),
    }.get(key, "")


@dataclass(frozen=True)
class Counts:
    drafted: int = 0
    queued: int = 0
    signed_off: int = 0
    returned: int = 0
    returns: int = 0
    submitted: int = 0
    published: int = 0
    withdrawn: int = 0
    on_time: int = 0
    late: int = 0
    no_due: int = 0
    overdue: int = 0
    adoptions: int = 0
    instructions: int = 0

    @property
    def on_time_rate(self) -> float | None:
        judged = self.on_time + self.late
        return self.on_time / judged if judged else None

    def values(self) -> tuple[int, ...]:
        return _COUNT_VALUES(self)

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(*(a + b for a, b in zip(self.values(), other.values())))

    @classmethod
    def total(cls, many: Iterable["Counts"]) -> "Counts":
        rows = [c.values() for c in many]
        return cls(*map(sum, zip(*rows))) if rows else cls()

    def get(self, key: str):
        return self.on_time_rate if key == "on_time_rate" else getattr(self, key)

    @property
    def any(self) -> bool:
        return any(getattr(self, k) for k in self.__dataclass_fields__)


_COUNT_VALUES = operator.attrgetter(*(f.name for f in dataclasses.fields(Counts)))


@dataclass(frozen=True)
class ItemStatus:
    """An item's flags for one period (each a yes/no, except ``returns``)."""

    drafted: bool = False
    queued: bool = False
    signed_off: bool = False
    returns: int = 0
    submitted: bool = False
    published: bool = False
    withdrawn: bool = False
    on_time: bool = False
    late: bool = False
    no_due: bool = False
    overdue: bool = False
    adoptions: int = 0
    instructions: int = 0
    due_in_period: bool = False

    @property
    def in_period(self) -> bool:
        return (self.drafted or self.queued or self.signed_off or self.returns > 0 or self.submitted or self.published
                or self.withdrawn or self.overdue or self.due_in_period or self.adoptions > 0 or self.instructions > 0)

    def values(self) -> tuple[int, ...]:
        """The item's contribution to each field of :class:`Counts`, in field order."""
        return (int(self.drafted), int(self.queued), int(self.signed_off), int(self.returns > 0), self.returns,
                int(self.submitted), int(self.published), int(self.withdrawn), int(self.on_time), int(self.late),
                int(self.no_due), int(self.overdue), self.adoptions, self.instructions)

    def counts(self) -> Counts:
        return Counts(drafted=int(self.drafted), queued=int(self.queued), signed_off=int(self.signed_off),
                      returned=int(self.returns > 0), returns=self.returns, submitted=int(self.submitted),
                      published=int(self.published), withdrawn=int(self.withdrawn), on_time=int(self.on_time),
                      late=int(self.late), no_due=int(self.no_due), overdue=int(self.overdue),
                      adoptions=self.adoptions, instructions=self.instructions)


TIMELINESS = ("on_time", "late", "overdue", "pending", "no_due", "withdrawn")


@dataclass(frozen=True)
class DetailRow:
    item: ItemRecord
    column_name: str
    type_label: str
    status: ItemStatus
    timeliness: str  # one of TIMELINESS
    timeliness_text: str  # 按时 / 超时 1天2小时 / 逾期未报 3天 / 未到期 / 无时限 / 已撤回
    delay: dt.timedelta | None  # how late (late, overdue), else None
    returns: tuple[str, ...] = ()  # reasons of returns in the period
    adoptions: tuple[Adoption, ...] = ()


@dataclass(frozen=True)
class GroupRow:
    key: str
    label: str
    counts: Counts


@dataclass(frozen=True)
class Bucket:
    label: str
    first: dt.date
    last: dt.date
    drafted: int = 0
    submitted: int = 0
    published: int = 0


@dataclass(frozen=True)
class ColumnRow:
    column: Column
    freshness: object  # core.schedule.Freshness
    submitted: int = 0
    published: int = 0


@dataclass(frozen=True)
class PersonRow:
    name: str
    role: str
    counts: Counts
    signed_for_others: int = 0
    returned_others: int = 0


@dataclass(frozen=True)
class Report:
    period: Period
    previous: Period
    unit: Unit
    generated_at: dt.datetime
    cutoff: dt.datetime
    totals: Counts
    previous_totals: Counts
    backlog: int
    by_type: tuple[GroupRow, ...]
    by_column: tuple[GroupRow, ...]
    buckets: tuple[Bucket, ...]
    details: tuple[DetailRow, ...]
    columns: tuple[ColumnRow, ...]
    people: tuple[PersonRow, ...]
    scores: tuple = ()  # core.scoring.ScoreResult
    facts: tuple = ()  # core.scoring.Fact

    @property
    def name(self) -> str:
        return report_name(self.period.kind)

    def headline(self) -> list[tuple[str, str]]:
        """(label, value) pairs for a one-line summary (CLI, GUI status)."""
        t = self.totals
        out = [(measure_label(k), str(t.get(k))) for k in
               ("drafted", "queued", "signed_off", "returned", "submitted", "published", "overdue")]
        out.append((measure_label("on_time_rate"), format_rate(t.on_time_rate)))
        return out


def format_rate(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def format_delay(delta: dt.timedelta | None) -> str:
    """1天3小时 / 5小时 / 20分钟 (in the interface language)."""
    if delta is None:
        return ""
    minutes = max(0, int(delta.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return tr("{days} d {hours} h", days=days, hours=hours) if hours else tr("{days} d", days=days)
    if hours:
        return tr("{hours} h", hours=hours)
    return tr("{minutes} min", minutes=mins)


def timeliness_label(code: str) -> str:
    return {"on_time": tr("on time"), "late": tr("late"), "overdue": tr("overdue, not submitted"),
            "pending": tr("not yet due"), "no_due": tr("no deadline"), "withdrawn": tr("withdrawn")}.get(code, code)


def freshness_label(status: str) -> str:
    return {"fresh": tr("up to date"), "due_soon": tr("update due soon"), "stale": tr("not updated in time"),
            "empty": tr("nothing published yet")}.get(status, status)


# =============================================================================== computing
def _ts(moment: dt.datetime | None) -> float | None:
    return moment.timestamp() if moment is not None else None


class _Window:
    """A period as two POSIX timestamps: comparing floats is much cheaper than comparing aware
    datetimes with different tzinfo objects, and the report compares a great many."""

    __slots__ = ("period", "start", "end")

    def __init__(self, period: Period):
        self.period = period
        self.start = period.start.timestamp()
        self.end = period.end.timestamp()

    def has(self, ts: float | None) -> bool:
        return ts is not None and self.start <= ts < self.end


def _status(item: ItemRecord, times: tuple, window: _Window, events: Sequence[tuple[str, float]],
            adoptions: Sequence[Adoption], now_ts: float) -> ItemStatus:
    """``times``: the item's (created, due, submitted, published) as timestamps; ``events``:
    (action, timestamp) pairs."""
    created, due, sub, pub = times
    start, end = window.start, window.end
    actions = [a for a, t in events if start <= t < end]
    submitted = sub is not None and start <= sub < end
    on_time = late = no_due = False
    if submitted:
        if due is None:
            no_due = True
        elif sub <= due:
            on_time = True
        else:
            late = True
    due_in = due is not None and start <= due < end
    overdue = False
    if due_in and due < now_ts:
        overdue = (sub > due) if sub is not None else item.state != "withdrawn"
    n_adopt = n_instr = 0
    if adoptions:
        p = window.period
        for a in adoptions:
            if p.first <= a.on_date <= p.last:
                if a.kind == "adoption":
                    n_adopt += 1
                elif a.kind == "instruction":
                    n_instr += 1
    return ItemStatus(
        drafted=start <= created < end, queued="submit" in actions, signed_off="sign_off" in actions,
        returns=actions.count("return"), submitted=submitted, published=pub is not None and start <= pub < end,
        withdrawn="withdraw" in actions, on_time=on_time, late=late, no_due=no_due, overdue=overdue,
        adoptions=n_adopt, instructions=n_instr, due_in_period=due_in)


def _timeliness(item: ItemRecord, generated_at: dt.datetime) -> tuple[str, dt.timedelta | None]:
    if item.due_at is None:
        return "no_due", None
    if item.submitted_at is not None:
        if item.submitted_at <= item.due_at:
            return "on_time", None
        return "late", item.submitted_at - item.due_at
    if item.state == "withdrawn":
        return "withdrawn", None
    if item.due_at < generated_at:
        return "overdue", generated_at - item.due_at
    return "pending", None


def _sum(counts: Iterable) -> Counts:
    """The total of Counts objects or of their ``values()`` tuples."""
    rows = [c if isinstance(c, tuple) else c.values() for c in counts]
    return Counts(*map(sum, zip(*rows))) if rows else Counts()


@with_gc_paused
def build_report(inp: ReportInput, progress: Callable[[int, int], None] | None = None) -> Report:
    """All figures of the report for ``inp.period`` (and the previous period, for comparison)."""
    from core import scoring
    from core.schedule import column_freshness

    period, previous = inp.period, inp.period.previous()
    window, prev_window = _Window(period), _Window(previous)
    now_ts = inp.generated_at.timestamp()
    columns = {c.id: c for c in inp.columns}
    events_by_item: dict[str, list[Event]] = {}
    for e in inp.events:
        events_by_item.setdefault(e.item_id, []).append(e)
    adoptions_by_item: dict[str, list[Adoption]] = {}
    for a in inp.adoptions:
        adoptions_by_item.setdefault(a.item_id, []).append(a)

    details: list[DetailRow] = []
    labels: dict[str, str] = {}
    current: list[tuple[ItemRecord, ItemStatus]] = []
    prev_counts: list[tuple[int, ...]] = []
    row_values: list[tuple[int, ...]] = []
    by_type: dict[str, list[tuple[int, ...]]] = {}
    by_column: dict[str, list[tuple[int, ...]]] = {}
    by_person: dict[str, list[tuple[int, ...]]] = {}
    total = len(inp.items)
    for n, item in enumerate(inp.items):
        evs = events_by_item.get(item.id, ())
        ev_ts = [(e.action, e.at.timestamp()) for e in evs]
        ads = adoptions_by_item.get(item.id, ())
        times = (item.created_at.timestamp(), _ts(item.due_at), _ts(item.submitted_at), _ts(item.published_at))
        st = _status(item, times, window, ev_ts, ads, now_ts)
        prev_counts.append(_status(item, times, prev_window, ev_ts, ads, now_ts).values())
        if not st.in_period:
            continue
        c = st.values()
        row_values.append(c)
        current.append((item, st))
        by_type.setdefault(item.content_type, []).append(c)
        by_column.setdefault(item.column_id, []).append(c)
        by_person.setdefault(item.created_by, []).append(c)
        code, delay = _timeliness(item, inp.generated_at)
        text = labels.get(code) or labels.setdefault(code, timeliness_label(code))
        if delay is not None:
            text = f"{text} {format_delay(delay)}"
        col = columns.get(item.column_id)
        details.append(DetailRow(
            item=item, column_name=col.path if col else (item.column_id or tr("(no column)")),
            type_label=inp.type_labels.get(item.content_type, item.content_type), status=st, timeliness=code,
            timeliness_text=text, delay=delay,
            returns=tuple(e.reason for e, (_a, t) in zip(evs, ev_ts) if e.action == "return" and window.has(t)),
            adoptions=tuple(a for a in ads if period.contains(a.on_date))))
        if progress and n % 2000 == 0:
            progress(n, total)
    details.sort(key=lambda d: (d.item.event_date or d.item.created_at.date(), d.item.created_at.timestamp(), d.item.id))

    totals = _sum(row_values)
    type_rows = tuple(sorted((GroupRow(k, inp.type_labels.get(k, k), _sum(v)) for k, v in by_type.items()),
                             key=lambda g: (-g.counts.submitted, -g.counts.drafted, g.label)))
    column_order = {c.id: i for i, c in enumerate(inp.columns)}
    column_rows = tuple(sorted(
        (GroupRow(k, columns[k].path if k in columns else (k or tr("(no column)")), _sum(v)) for k, v in by_column.items()),
        key=lambda g: (column_order.get(g.key, len(column_order)), g.key)))

    # chart buckets
    bars = period.buckets()
    bar_of = {}
    for index, (_label, first, last) in enumerate(bars):
        for k in range((last - first).days + 1):
            bar_of[first + dt.timedelta(days=k)] = index
    tallies = [[0, 0, 0] for _ in bars]
    for item, st in current:
        for flag, moment, slot in ((st.drafted, item.created_at, 0), (st.submitted, item.submitted_at, 1),
                                   (st.published, item.published_at, 2)):
            if flag:
                tallies[bar_of[moment.astimezone(clock.TZ).date()]][slot] += 1
    buckets = [Bucket(label, first, last, *tallies[i]) for i, (label, first, last) in enumerate(bars)]

    # columns
    col_sub: dict[str, int] = {}
    col_pub: dict[str, int] = {}
    for item, st in current:
        col_sub[item.column_id] = col_sub.get(item.column_id, 0) + int(st.submitted)
        col_pub[item.column_id] = col_pub.get(item.column_id, 0) + int(st.published)
    cutoff = inp.cutoff
    column_status = tuple(ColumnRow(c, column_freshness(c, inp.last_updates.get(c.id), cutoff),
                                    col_sub.get(c.id, 0), col_pub.get(c.id, 0)) for c in inp.columns)

    # people: everyone registered, then anyone else who created items in the period
    signed: dict[str, int] = {}
    returned_by: dict[str, int] = {}
    for e in inp.events:
        if period.contains(e.at):
            if e.action == "sign_off":
                signed[e.actor] = signed.get(e.actor, 0) + 1
            elif e.action == "return":
                returned_by[e.actor] = returned_by.get(e.actor, 0) + 1
    people: list[PersonRow] = []
    known = set()
    for p in sorted(inp.people, key=lambda p: (p.role != "officer", p.name)):
        known.add(p.name)
        counts = _sum(by_person.get(p.name, ()))
        if not p.active and not counts.any and not signed.get(p.name) and not returned_by.get(p.name):
            continue
        people.append(PersonRow(p.name, p.role, counts, signed.get(p.name, 0), returned_by.get(p.name, 0)))
    for name in sorted(set(by_person) - known):
        people.append(PersonRow(name, "", _sum(by_person[name]), signed.get(name, 0), returned_by.get(name, 0)))

    facts = tuple(scoring_facts(period, current, details, column_status, columns, inp.type_labels))
    scores = tuple(scoring.apply(rule, facts) for rule in inp.rules)
    if progress:
        progress(total, total)
    return Report(period=period, previous=previous, unit=inp.unit, generated_at=inp.generated_at, cutoff=cutoff,
                  totals=totals, previous_totals=_sum(prev_counts), backlog=inp.backlog, by_type=type_rows,
                  by_column=column_rows, buckets=tuple(buckets), details=tuple(details), columns=column_status,
                  people=tuple(people), scores=scores, facts=facts)


def _column_text(col: Column | None) -> str:
    if col is None:
        return ""
    return " ".join(x for x in (col.path, col.content, col.disclosure_category, col.upkeep_mode) if x)


def scoring_facts(period: Period, current: Sequence[tuple[ItemRecord, ItemStatus]], details: Sequence[DetailRow],
                  column_rows: Sequence[ColumnRow], columns: Mapping[str, Column],
                  type_labels: Mapping[str, str]) -> list:
    """The period's facts as the scoring rules see them (see ``core.scoring.FACT_KINDS``)."""
    from core.scoring import Fact

    facts: list[Fact] = []
    by_id = {d.item.id: d for d in details}
    # the same few sentences thousands of times: translate each once
    said_published, said_submitted = tr("published {date}"), tr("submitted {date}")
    said_on_time, said_overdue = timeliness_label("on_time"), timeliness_label("overdue")
    col_text = {cid: _column_text(c) for cid, c in columns.items()}
    for item, st in current:
        col = columns.get(item.column_id)
        base = dict(subject=item.title, item_id=item.id, column_id=item.column_id, column_kind=col.kind if col else "",
                    column_text=col_text.get(item.column_id, ""), content_type=item.content_type)
        live = item.state != "withdrawn"
        row = by_id.get(item.id)
        if st.published and live:
            facts.append(Fact("published", detail=_fill(said_published, date=_date_text(item.published_at)), **base))
        if st.submitted and live:
            facts.append(Fact("submitted", detail=_fill(said_submitted, date=_date_text(item.submitted_at)), **base))
        if st.on_time:
            facts.append(Fact("on_time", detail=said_on_time, **base))
        if st.late:
            facts.append(Fact("late", detail=tr("late by {delay}", delay=format_delay(item.submitted_at - item.due_at)),
                              **base))
        if st.overdue:
            facts.append(Fact("overdue", detail=row.timeliness_text if row else said_overdue, **base))
        if row:
            for reason in row.returns:
                facts.append(Fact("returned", reason=reason, detail=tr("returned: {reason}", reason=reason), **base))
        if (st.submitted or st.published) and live and item.missing:
            facts.append(Fact("incomplete", detail=tr("missing: {names}", names="、".join(item.missing)), **base))
        if row:
            for a in row.adoptions:
                facts.append(Fact(a.kind, level=a.level,
                                  detail=tr("{level} {kind} by {who} on {date}", level=a.level, who=a.by_whom,
                                            kind=_record_kind(a.kind), date=a.on_date.isoformat()), **base))
    for r in column_rows:
        f = r.freshness
        if f.status not in ("stale", "empty"):
            continue
        c = r.column
        detail = (tr("not updated for {days} days (interval {interval} days)", days=f.days_since, interval=f.interval_days)
                  if f.status == "stale" else tr("nothing published yet"))
        facts.append(Fact("stale_column" if f.status == "stale" else "empty_column", subject=c.path, column_id=c.id,
                          column_kind=c.kind, column_text=_column_text(c), detail=detail))
    return facts


def _fill(template: str, **params) -> str:
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):  # a broken translation: say it in English
        return " ".join(str(v) for v in params.values())


def _record_kind(kind: str) -> str:
    from core.scoring import record_kind_label

    return record_kind_label(kind)


def _date_text(moment: dt.datetime | None) -> str:
    return moment.astimezone(clock.TZ).date().isoformat() if moment else ""
