"""Column freshness (栏目更新情况) and the national inspection thresholds.

How long a column may go without an update (``interval_days``):

* a periodic rule in the table wins (每周 → 7, 每月 → 31, 每季度 → 93, 每年 / 每年3月31日前 → 366);
* otherwise by kind:

  ============  ====  =================================================================
  kind          days  source
  ============  ====  =================================================================
  dynamic       14    国办秘函〔2019〕19号: 动态、要闻 not updated within 2 weeks
  dynamic, on   7     珠府办〔2007〕75号 第六条(四): 首页动态信息每周至少更新一次
  home page
  notice        183   国办秘函〔2019〕19号: 通知公告、政策文件 not updated within 6 months
  static        31    珠府办〔2007〕75号 第六条(四): 静态信息至少每月检查一次
  interactive   90    国办秘函〔2019〕19号: messages unanswered for more than 3 months
  ============  ====  =================================================================

``days_since`` counts calendar days between the dates (unit's time zone) of the last update and
now. A column is ``stale`` when ``days_since > interval_days`` (updated exactly 14 days ago is not
yet stale), ``due_soon`` in the last seventh of the interval (at least the last day), ``empty``
when nothing was ever recorded, else ``fresh``.

Static columns: a monthly *check* leaves no dated item, so a static column shows ``stale`` as
"check due" but does not count towards the national "not updated" line unless its rule in the
table is periodic.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Sequence

from core import clock
from core.i18n import tr
from core.model import Column
from core.schedule.rules import parse_rule

INTERVAL_DYNAMIC = 14
INTERVAL_HOME_PAGE = 7
INTERVAL_NOTICE = 183
INTERVAL_STATIC = 31
INTERVAL_INTERACTIVE = 90

#: 国办秘函〔2019〕19号 single-veto thresholds.
HOME_PAGE_LIMIT_DAYS = 14
STALE_DYNAMIC_DAYS = 14
STALE_NOTICE_DAYS = 183
STALE_COLUMNS_LIMIT = 5
NOT_UPDATED_LIMIT = 10
EMPTY_COLUMNS_LIMIT = 5

STATUSES = ("fresh", "due_soon", "stale", "empty")


@dataclass(frozen=True)
class Freshness:
    column_id: str
    last_update: dt.datetime | None
    interval_days: int
    days_since: int | None
    status: str  # fresh | due_soon | stale | empty
    rule_text: str
    next_due: dt.date | None = None  # the last day the column is still fresh


@dataclass(frozen=True)
class HealthLine:
    """One national threshold: ``passed`` or not, and the columns behind it."""

    code: str  # home_page | stale_columns | not_updated | empty_columns
    passed: bool
    message: str
    column_ids: tuple[str, ...] = ()


def interval_for(column: Column) -> int:
    """The longest gap between updates allowed for ``column``, in days."""
    period = parse_rule(column.update_rule).period_days()
    if period:
        return period
    if column.kind == "notice":
        return INTERVAL_NOTICE
    if column.kind == "static":
        return INTERVAL_STATIC
    if column.kind == "interactive":
        return INTERVAL_INTERACTIVE
    return INTERVAL_HOME_PAGE if column.home_page else INTERVAL_DYNAMIC


def _local_date(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.date()
        try:
            return value.astimezone(clock.TZ).date()
        except OverflowError:  # datetime.max/min in another zone: the date as written is close enough
            return value.date()
    return value


def column_freshness(column: Column, last_update: dt.datetime | dt.date | None, now: dt.datetime) -> Freshness:
    """How fresh ``column`` is at ``now``, given its last submitted or published item."""
    interval = interval_for(column)
    if last_update is None:
        return Freshness(column.id, None, interval, None, "empty", column.update_rule)
    if not isinstance(last_update, dt.datetime):
        last_update = dt.datetime.combine(last_update, dt.time(0, 0), tzinfo=clock.TZ)
    days = max(0, (_local_date(now) - _local_date(last_update)).days)
    margin = max(1, interval // 7)
    if days > interval:
        status = "stale"
    elif days >= interval - margin:
        status = "due_soon"
    else:
        status = "fresh"
    try:
        next_due = _local_date(last_update) + dt.timedelta(days=interval)
    except OverflowError:
        next_due = None
    return Freshness(column.id, last_update, interval, days, status, column.update_rule, next_due)


def freshness_all(columns: Iterable[Column], last_updates: dict[str, dt.datetime], now: dt.datetime) -> list[Freshness]:
    return [column_freshness(c, last_updates.get(c.id), now) for c in columns]


def _names(ids: Sequence[str], by_id: dict[str, Column]) -> str:
    return "、".join(by_id[i].path if i in by_id else i for i in ids)


def health_summary(freshness_list: Iterable[Freshness], columns: Iterable[Column]) -> list[HealthLine]:
    """The four column thresholds of 国办秘函〔2019〕19号, each naming the columns behind it.

    * ``home_page``: the home-page columns together not updated for more than 14 days;
    * ``stale_columns``: 5 or more of (dynamic not updated within 14 days + notice not updated
      within 183 days);
    * ``not_updated``: 10 or more columns stale against their own interval (static columns only
      when their rule is periodic);
    * ``empty_columns``: 5 or more columns with nothing recorded.
    Empty columns count only as empty, not also as stale.
    """
    by_id = {c.id: c for c in columns}
    fresh = [f for f in freshness_list if f.column_id in by_id]
    lines: list[HealthLine] = []

    home = [f for f in fresh if by_id[f.column_id].home_page]
    if not home:
        lines.append(HealthLine("home_page", True, tr("No column is marked as shown on the home page: the home page "
                                                       "was not checked.")))
    else:
        ids = tuple(f.column_id for f in home)
        recent = [f.days_since for f in home if f.days_since is not None]
        if not recent:
            lines.append(HealthLine("home_page", False, tr("Home page: nothing recorded in its columns ({names}).",
                                                           names=_names(ids, by_id)), ids))
        elif min(recent) > HOME_PAGE_LIMIT_DAYS:
            lines.append(HealthLine("home_page", False, tr(
                "Home page not updated for {days} days (limit {limit}): {names}.",
                days=min(recent), limit=HOME_PAGE_LIMIT_DAYS, names=_names(ids, by_id)), ids))
        else:
            lines.append(HealthLine("home_page", True, tr("Home page updated {days} days ago (limit {limit}).",
                                                          days=min(recent), limit=HOME_PAGE_LIMIT_DAYS), ids))

    stale_ids = tuple(
        f.column_id for f in fresh if f.days_since is not None and (
            (by_id[f.column_id].kind == "dynamic" and f.days_since > STALE_DYNAMIC_DAYS)
            or (by_id[f.column_id].kind == "notice" and f.days_since > STALE_NOTICE_DAYS)))
    if len(stale_ids) >= STALE_COLUMNS_LIMIT:
        lines.append(HealthLine("stale_columns", False, tr(
            "{count} stale columns (news not updated within 2 weeks, notices and policy within 6 months; "
            "limit: fewer than {limit}): {names}.",
            count=len(stale_ids), limit=STALE_COLUMNS_LIMIT, names=_names(stale_ids, by_id)), stale_ids))
    else:
        lines.append(HealthLine("stale_columns", True, tr(
            "{count} stale columns (limit: fewer than {limit}).", count=len(stale_ids), limit=STALE_COLUMNS_LIMIT),
            stale_ids))

    def must_update(c: Column) -> bool:
        return c.kind != "static" or parse_rule(c.update_rule).period_days() is not None

    late_ids = tuple(f.column_id for f in fresh if f.status == "stale" and must_update(by_id[f.column_id]))
    if len(late_ids) >= NOT_UPDATED_LIMIT:
        lines.append(HealthLine("not_updated", False, tr(
            "{count} columns not updated as required (limit: fewer than {limit}): {names}.",
            count=len(late_ids), limit=NOT_UPDATED_LIMIT, names=_names(late_ids, by_id)), late_ids))
    else:
        lines.append(HealthLine("not_updated", True, tr(
            "{count} columns not updated as required (limit: fewer than {limit}).",
            count=len(late_ids), limit=NOT_UPDATED_LIMIT), late_ids))

    empty_ids = tuple(f.column_id for f in fresh if f.status == "empty")
    if len(empty_ids) >= EMPTY_COLUMNS_LIMIT:
        lines.append(HealthLine("empty_columns", False, tr(
            "{count} empty columns (limit: fewer than {limit}): {names}.",
            count=len(empty_ids), limit=EMPTY_COLUMNS_LIMIT, names=_names(empty_ids, by_id)), empty_ids))
    else:
        lines.append(HealthLine("empty_columns", True, tr(
            "{count} empty columns (limit: fewer than {limit}).", count=len(empty_ids), limit=EMPTY_COLUMNS_LIMIT),
            empty_ids))
    return lines
