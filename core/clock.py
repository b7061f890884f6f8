"""Time in the unit's time zone (Asia/Shanghai by default). All datetimes are aware."""
from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

TZ = ZoneInfo(os.environ.get("INFODESK_TZ", "Asia/Shanghai"))


def now() -> dt.datetime:
    """The current time, aware, in the unit's time zone (overridable in tests via INFODESK_NOW)."""
    fixed = os.environ.get("INFODESK_NOW")
    if fixed:
        return parse_datetime(fixed)
    return dt.datetime.now(TZ).replace(microsecond=0)


def today() -> dt.date:
    return now().date()


def parse_datetime(text: str) -> dt.datetime:
    """Parse ISO text; a naive value is taken to be in the unit's time zone."""
    value = dt.datetime.fromisoformat(text.strip())
    if value.tzinfo is None:
        value = value.replace(tzinfo=TZ)
    return value


def to_iso(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None
