"""Update rules (更新频率 / 更新时限) as written in a responsibility table, parsed.

Every text gives a :class:`Rule`; a text the parser does not know gives
``Rule(kind="unrecognised", message=...)`` — it never raises.

Kinds (code names are a fixed interface):

=================  ============================================  =====================
kind               examples                                      fields
=================  ============================================  =====================
``none``           "" (no rule in the table)
``same_day``       信息发生当日, 当日, 当天
``calendar_days``  信息发生后2日内, 3天内, 2周内 (→ 14)              n
``working_days``   7个工作日内, 7个工作日内（复杂的15个工作日内）     n, extended
``months``         信息发生后1月内, 1个月内                          n
``yearly_date``    每年3月31日前, 每年1月底前                        month, day (0 = last day)
``advance_notice`` 链接地址更改前2日内告知, 提前2日告知              n
``periodic``       每周, 每周至少更新一次, 每月至少检查一次, 每季度  n, unit (day|week|month|year)
``on_demand``      必要时更新, 活动期间日常更新, 及时发布, 随时更新
``unrecognised``   anything else                                 message
=================  ============================================  =====================
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from core.i18n import language, tr

KINDS = ("none", "same_day", "calendar_days", "working_days", "months", "yearly_date", "advance_notice",
         "periodic", "on_demand", "unrecognised")
PERIOD_UNITS = ("day", "week", "month", "year")
MAX_DAYS = 3660
MAX_MONTHS = 120

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _cn_number(text: str) -> int | None:
    """一 … 九十九 → int; None when not a Chinese numeral this small."""
    if not text:
        return None
    if all(ch in _CN_DIGITS for ch in text) and len(text) == 1:
        return _CN_DIGITS[text]
    match = re.fullmatch(r"([一二两三四五六七八九])?十([一二三四五六七八九])?", text)
    if match:
        tens = _CN_DIGITS[match.group(1)] if match.group(1) else 1
        ones = _CN_DIGITS[match.group(2)] if match.group(2) else 0
        return tens * 10 + ones
    return None


def normalise_rule_text(text: str) -> str:
    """Full-width to half-width, no spaces or line breaks, Chinese numerals to digits."""
    value = unicodedata.normalize("NFKC", text or "")
    value = re.sub(r"\s+", "", value)
    value = re.sub(r"[一二两三四五六七八九十]{1,3}(?=(个|天|日|周|星期|月|年|工作日|季度))",
                   lambda m: str(_cn_number(m.group(0))) if _cn_number(m.group(0)) is not None else m.group(0),
                   value)
    return value


@dataclass(frozen=True)
class Rule:
    """A parsed update rule. ``text`` is the table's wording, unchanged."""

    kind: str
    text: str
    n: int | None = None
    extended: int | None = None  # working days allowed for complicated cases (public messages: 15)
    unit: str | None = None  # periodic rules: day | week | month | year
    month: int | None = None  # yearly_date
    day: int | None = None  # yearly_date; 0 = the last day of the month
    message: str = ""  # unrecognised: why

    @property
    def recognised(self) -> bool:
        return self.kind != "unrecognised"

    @property
    def has_deadline(self) -> bool:
        """Whether the rule gives a fixed deadline for an event."""
        return self.kind in ("same_day", "calendar_days", "working_days", "months", "yearly_date",
                             "advance_notice", "periodic")

    def period_days(self) -> int | None:
        """For freshness: the longest gap between updates the rule allows, in days."""
        if self.kind == "periodic" and self.n:
            return self.n * {"day": 1, "week": 7, "month": 31, "year": 366}[self.unit or "day"]
        if self.kind == "yearly_date":
            return 366
        return None

    def describe(self, cutoff: str = "11:00") -> str:
        """What the rule means, in the interface language."""
        k = self.kind
        if k == "none":
            return tr("No update rule in the table: no fixed deadline.")
        if k == "same_day":
            return tr("{text}: on the day of the event, by the daily cut-off at {cutoff}; an event at or after "
                      "{cutoff} is due by {cutoff} the next day.", text=self.text, cutoff=cutoff)
        if k == "calendar_days":
            return tr("{text}: within {n} calendar days after the event, by the daily cut-off at {cutoff}.",
                      text=self.text, n=self.n, cutoff=cutoff)
        if k == "months":
            return tr("{text}: within {n} month(s) after the event, by the daily cut-off at {cutoff}.",
                      text=self.text, n=self.n, cutoff=cutoff)
        if k == "yearly_date":
            if self.day == 0:
                return tr("{text}: every year by the last day of month {month}, by the daily cut-off at {cutoff}.",
                          text=self.text, month=self.month, cutoff=cutoff)
            return tr("{text}: every year by {month}/{day}, by the daily cut-off at {cutoff}.",
                      text=self.text, month=self.month, day=self.day, cutoff=cutoff)
        if k == "working_days":
            base = tr("{text}: within {n} working days after the event (working days as the public holiday "
                      "schedule sets them), by the end of the day.", text=self.text, n=self.n)
            if self.extended:
                base += ("" if language().startswith("zh") else " ") + tr(
                    "Up to {extended} working days when the case is complicated.", extended=self.extended)
            return base
        if k == "advance_notice":
            return tr("{text}: announce the change at least {n} days ahead, by the end of the day {n} days "
                      "before the change.", text=self.text, n=self.n)
        if k == "periodic":
            if self.unit == "week":
                return tr("{text}: at least every {n} week(s), counted from the last update.", text=self.text, n=self.n)
            if self.unit == "month":
                return tr("{text}: at least every {n} month(s), counted from the last update.", text=self.text, n=self.n)
            if self.unit == "year":
                return tr("{text}: at least every {n} year(s), counted from the last update.", text=self.text, n=self.n)
            return tr("{text}: at least every {n} day(s), counted from the last update.", text=self.text, n=self.n)
        if k == "on_demand":
            return tr("{text}: no fixed deadline; update when needed.", text=self.text)
        return self.message


def _unrecognised(text: str, reason: str | None = None) -> Rule:
    message = reason or tr("Unrecognised update rule: {text}. Recognised forms include 信息发生当日, 信息发生后2日内, "
                           "7个工作日内, 1个月内, 每年3月31日前, 每周, 必要时更新.", text=text)
    return Rule("unrecognised", text, message=message)


_PREFIX = r"(?:信息)?(?:发生|产生|形成|生成|公布|制发|出台)?(?:之?后)?"
_SUFFIX = r"(?:报送|发布|更新|上网|公开|完成|答复|办结|处理|提供)?(?:信息)?"
_RE_SAME_DAY = re.compile(rf"^{_PREFIX}(?:当日|当天|即日)(?:内)?{_SUFFIX}$")
_RE_DAYS = re.compile(rf"^{_PREFIX}(\d+)个?(?:自然)?(?:日|天)(?:之?内|以内){_SUFFIX}$")
_RE_WEEKS = re.compile(rf"^{_PREFIX}(\d+)个?(?:周|星期)(?:之?内|以内){_SUFFIX}$")
_RE_MONTHS = re.compile(rf"^{_PREFIX}(\d+)个?月(?:之?内|以内){_SUFFIX}$")
_RE_WORKDAYS = re.compile(r"(\d+)个?工作日")
_RE_YEARLY = re.compile(r"^每年(?:的)?(\d+)月(\d+)日(?:前|之前|以前)" + _SUFFIX + "$")
_RE_YEARLY_END = re.compile(r"^每年(?:的)?(\d+)月(?:底|末)(?:前|之前|以前)?" + _SUFFIX + "$")
_RE_ADVANCE = re.compile(r"(?:提前|更改前|更改之前|变更前|变更之前|变动前|调整前)(\d+)个?(?:日|天)")
_RE_PERIODIC = re.compile(r"(?:每|按)(\d+)?个?(日|天|周|星期|月|季度|季|半年|年)(?:度)?")
_ON_DEMAND_WORDS = ("必要时", "随时", "及时", "日常更新", "实时", "不定期", "适时", "有变化时", "发生变化", "动态更新")
_UNITS = {"日": ("day", 1), "天": ("day", 1), "周": ("week", 1), "星期": ("week", 1), "月": ("month", 1),
          "季度": ("month", 3), "季": ("month", 3), "半年": ("month", 6), "年": ("year", 1)}
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _count(text: str, raw: str, limit: int) -> int | Rule:
    n = int(raw)
    if not 1 <= n <= limit:
        return _unrecognised(text, tr("Update rule {text}: {n} is out of range (1 to {max}).",
                                      text=text, n=n, max=limit))
    return n


def parse_rule(text: str | None) -> Rule:
    """Parse a rule as written in a responsibility table. Never raises."""
    original = (text or "").strip()
    t = normalise_rule_text(original)
    if not t:
        return Rule("none", original)

    match = _RE_ADVANCE.search(t)
    if match and ("告知" in t or "通知" in t or "报告" in t or "提前" in t or "链接" in t):
        n = _count(original, match.group(1), MAX_DAYS)
        return n if isinstance(n, Rule) else Rule("advance_notice", original, n=n)

    numbers = _RE_WORKDAYS.findall(t)
    if numbers:
        n = _count(original, numbers[0], MAX_DAYS)
        if isinstance(n, Rule):
            return n
        extended = None
        if len(numbers) > 1:
            ext = _count(original, numbers[1], MAX_DAYS)
            if isinstance(ext, Rule):
                return ext
            if ext > n:
                extended = ext
        return Rule("working_days", original, n=n, extended=extended)

    if _RE_SAME_DAY.match(t):
        return Rule("same_day", original)

    match = _RE_DAYS.match(t)
    if match:
        n = _count(original, match.group(1), MAX_DAYS)
        return n if isinstance(n, Rule) else Rule("calendar_days", original, n=n)

    match = _RE_WEEKS.match(t)
    if match:
        n = _count(original, match.group(1), MAX_DAYS // 7)
        return n if isinstance(n, Rule) else Rule("calendar_days", original, n=n * 7)

    match = _RE_MONTHS.match(t)
    if match:
        n = _count(original, match.group(1), MAX_MONTHS)
        return n if isinstance(n, Rule) else Rule("months", original, n=n)

    match = _RE_YEARLY.match(t)
    if match:
        month, day = int(match.group(1)), int(match.group(2))
        if not (1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1]):
            return _unrecognised(original, tr("Update rule {text}: {month}/{day} is not a date.",
                                              text=original, month=month, day=day))
        return Rule("yearly_date", original, month=month, day=day)
    match = _RE_YEARLY_END.match(t)
    if match:
        month = int(match.group(1))
        if not 1 <= month <= 12:
            return _unrecognised(original, tr("Update rule {text}: {month}/{day} is not a date.",
                                              text=original, month=month, day="-"))
        return Rule("yearly_date", original, month=month, day=0)

    match = _RE_PERIODIC.search(t)
    if match:
        unit, factor = _UNITS[match.group(2)]
        n = _count(original, match.group(1) or "1", MAX_MONTHS)
        if isinstance(n, Rule):
            return n
        return Rule("periodic", original, n=n * factor, unit=unit)

    if any(word in t for word in _ON_DEMAND_WORDS):
        return Rule("on_demand", original)
    return _unrecognised(original)
