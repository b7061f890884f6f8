"""Working days (工作日): Chinese public holidays and make-up working days (调休).

Where a year's schedule comes from, in this order:

1. a holiday file ``YYYY.toml`` in one of the user's folders (so a unit can correct
   a year the package has wrong — mid-year changes happened in 2019 and 2020);
2. the ``chinesecalendar`` package (it covers 2004–2026 in version 1.11 and raises
   ``NotImplementedError`` for any other year);
3. a holiday file ``YYYY.toml`` shipped in ``resources/holidays/``;
4. failing all of these: Monday to Friday are working days, and every answer that
   relied on this carries a visible warning (see :meth:`WorkCalendar.warnings_for`).

The holiday file format is described in ``resources/holidays/README.md``::

    year = 2027
    source = "国务院办公厅关于2027年部分节假日安排的通知"
    holidays = ["2027-01-01", "2027-10-01..2027-10-07"]
    workdays = ["2027-02-07"]
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from core.errors import UserError
from core.i18n import tr
from resources import RESOURCES

BUILTIN_HOLIDAY_DIR = RESOURCES / "holidays"
HOLIDAY_FILE_NAME = re.compile(r"^(\d{4})\.toml$")
#: More working days than this in one rule is not a deadline any table means.
MAX_WORKDAYS = 3660

SOURCE_PACKAGE = "chinesecalendar"
SOURCE_FILE = "file"
SOURCE_WEEKENDS = "weekends"


@dataclass(frozen=True)
class HolidayFile:
    """One year's schedule read from a holiday file."""

    year: int
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    path: Path
    source: str = ""
    names: dict[dt.date, str] = field(default_factory=dict, compare=False)

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5


@dataclass(frozen=True)
class YearSource:
    """Where the schedule of one year comes from."""

    year: int
    kind: str  # "chinesecalendar" | "file" | "weekends"
    path: Path | None = None


def _parse_day(value: object, path: Path) -> list[dt.date]:
    """One entry of a holidays/workdays list: a date, "YYYY-MM-DD" or "YYYY-MM-DD..YYYY-MM-DD"."""
    if isinstance(value, dt.datetime):
        return [value.date()]
    if isinstance(value, dt.date):
        return [value]
    if isinstance(value, str):
        text = value.strip()
        try:
            if ".." in text:
                first_text, last_text = (part.strip() for part in text.split("..", 1))
                first, last = dt.date.fromisoformat(first_text), dt.date.fromisoformat(last_text)
                if last < first:
                    raise ValueError(text)
                return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
            return [dt.date.fromisoformat(text)]
        except ValueError:
            pass
    raise UserError(tr("Holiday file {path}: {value} is not a date (YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD).",
                       path=path, value=value))


def read_holiday_file(path: str | os.PathLike, year: int | None = None) -> HolidayFile:
    """Read and check a holiday file; every problem is a :class:`UserError` naming the file."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as err:
        raise UserError(tr("Cannot read the holiday file {path}: {reason}", path=path, reason=err.strerror or err))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise UserError(tr("The holiday file {path} is not valid TOML: {reason}", path=path, reason=err))
    file_year = data.get("year")
    if not isinstance(file_year, int) or isinstance(file_year, bool) or not 1 <= file_year <= 9999:
        raise UserError(tr("Holiday file {path}: 'year' must be a year such as 2027.", path=path))
    if year is not None and file_year != year:
        raise UserError(tr("Holiday file {path} is for {found}, not {year}.", path=path, found=file_year, year=year))
    lists: dict[str, set[dt.date]] = {}
    for key in ("holidays", "workdays"):
        raw = data.get(key, [])
        if not isinstance(raw, list):
            raise UserError(tr("Holiday file {path}: '{key}' must be a list of dates.", path=path, key=key))
        days: set[dt.date] = set()
        for value in raw:
            for day in _parse_day(value, path):
                if day.year != file_year:
                    raise UserError(tr("Holiday file {path}: {day} is not in {year}.",
                                       path=path, day=day.isoformat(), year=file_year))
                days.add(day)
        lists[key] = days
    both = sorted(lists["holidays"] & lists["workdays"])
    if both:
        raise UserError(tr("Holiday file {path}: {day} is listed both as a holiday and as a working day.",
                           path=path, day=both[0].isoformat()))
    names: dict[dt.date, str] = {}
    raw_names = data.get("names", {})
    if isinstance(raw_names, dict):
        for key, name in raw_names.items():
            for day in _parse_day(key, path):
                names[day] = str(name)
    return HolidayFile(year=file_year, holidays=frozenset(lists["holidays"]), workdays=frozenset(lists["workdays"]),
                       path=path, source=str(data.get("source", "")), names=names)


def install_holiday_file(source: str | os.PathLike, folder: str | os.PathLike) -> Path:
    """Check a holiday file the user imports and copy it to ``folder/YYYY.toml`` atomically."""
    parsed = read_holiday_file(source)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{parsed.year:04d}.toml"
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{parsed.year}.", suffix=".tmp")
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    reset_default_calendar()
    return target


def holiday_file_text(year: int, holidays: Iterable[dt.date], workdays: Iterable[dt.date],
                      names: dict[dt.date, str] | None = None, source: str = "") -> str:
    """A holiday file for ``year`` in the format :func:`read_holiday_file` reads (one date a line)."""

    def quoted(text: str) -> str:  # a TOML basic string: JSON's escapes are all valid TOML
        return json.dumps(str(text), ensure_ascii=False)

    def day_list(days: Iterable[dt.date]) -> str:
        days = sorted(set(days))
        if not days:
            return "[]"
        return "[\n" + "".join(f'  "{d.isoformat()}",\n' for d in days) + "]"

    lines = [f"year = {int(year)}"]
    if source.strip():
        lines.append(f"source = {quoted(source.strip())}")
    lines.append(f"holidays = {day_list(holidays)}")
    lines.append(f"workdays = {day_list(workdays)}")
    named = {d: n.strip() for d, n in (names or {}).items() if n and n.strip()}
    if named:
        lines.append("")
        lines.append("[names]")
        lines.extend(f'"{d.isoformat()}" = {quoted(n)}' for d, n in sorted(named.items()))
    return "\n".join(lines) + "\n"


def save_holiday_file(folder: str | os.PathLike, year: int, holidays: Iterable[dt.date], workdays: Iterable[dt.date],
                      names: dict[dt.date, str] | None = None, source: str = "") -> HolidayFile:
    """Write ``folder/YYYY.toml`` atomically from lists edited by the user.

    The new file is written to a temporary name, read back with :func:`read_holiday_file`
    (so a file that would be refused never replaces a good one), then renamed into place; the
    default calendar is reset so that deadlines computed afterwards use it. Returns the file
    as read back from its final place.
    """
    folder = Path(folder)
    text = holiday_file_text(year, holidays, workdays, names, source)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{int(year):04d}.toml"
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{int(year)}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        read_holiday_file(tmp, year)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    reset_default_calendar()
    return read_holiday_file(target, year)


def package_schedule(year: int) -> tuple[dict[dt.date, str], dict[dt.date, str]] | None:
    """The ``chinesecalendar`` package's holidays and make-up working days of ``year`` (date →
    Chinese name), or None when the package does not cover the year — a starting point for a
    unit that corrects a year in its own file."""
    if not WorkCalendar._package_covers(year):
        return None
    try:
        from chinese_calendar import constants
    except ImportError:  # pragma: no cover - a dependency
        return None
    chinese = {h.value: h.chinese for h in constants.Holiday}

    def of_year(table: dict) -> dict[dt.date, str]:
        return {d: chinese.get(str(name), str(name)) for d, name in table.items() if d.year == year}

    return of_year(constants.holidays), of_year(constants.workdays)


def default_holiday_dirs() -> list[Path]:
    """The user's holiday folders: ``INFODESK_HOLIDAYS`` (os.pathsep-separated), then
    ``holidays/`` in the user data folder."""
    dirs: list[Path] = []
    env = os.environ.get("INFODESK_HOLIDAYS")
    if env:
        dirs.extend(Path(p).expanduser() for p in env.split(os.pathsep) if p)
    try:
        import platformdirs

        dirs.append(Path(platformdirs.user_data_dir("InfoDesk", appauthor=False)) / "holidays")
    except Exception:  # pragma: no cover - platformdirs is a dependency; a broken HOME must not stop deadlines
        pass
    return dirs


class WorkCalendar:
    """Which days are working days, and where that knowledge comes from.

    ``holiday_dirs`` are the user's folders of holiday files (checked first);
    ``builtin_dir`` the shipped ones (checked after chinesecalendar);
    ``use_package=False`` ignores chinesecalendar (tests, or a unit that keeps its own files).
    """

    def __init__(self, holiday_dirs: Iterable[str | os.PathLike] = (), *, use_package: bool = True,
                 builtin_dir: str | os.PathLike | None = BUILTIN_HOLIDAY_DIR):
        self.holiday_dirs = [Path(p) for p in holiday_dirs]
        self.builtin_dir = Path(builtin_dir) if builtin_dir is not None else None
        self.use_package = use_package
        self._years: dict[int, YearSource] = {}
        self._files: dict[int, HolidayFile] = {}

    @classmethod
    def default(cls) -> "WorkCalendar":
        return cls(default_holiday_dirs())

    # ------------------------------------------------------------ year sources
    @staticmethod
    def _package_covers(year: int) -> bool:
        try:
            import chinese_calendar
        except ImportError:  # pragma: no cover - a dependency
            return False
        try:
            chinese_calendar.is_workday(dt.date(year, 1, 1))
        except NotImplementedError:
            return False
        return True

    def _find_file(self, folders: Iterable[Path], year: int) -> Path | None:
        for folder in folders:
            candidate = folder / f"{year:04d}.toml"
            if candidate.is_file():
                return candidate
        return None

    def source(self, year: int) -> YearSource:
        """Where ``year``'s schedule comes from (holiday files are read and checked here)."""
        cached = self._years.get(year)
        if cached is not None:
            return cached
        found: YearSource | None = None
        user_file = self._find_file(self.holiday_dirs, year)
        if user_file is not None:
            self._files[year] = read_holiday_file(user_file, year)
            found = YearSource(year, SOURCE_FILE, user_file)
        elif self.use_package and self._package_covers(year):
            found = YearSource(year, SOURCE_PACKAGE)
        else:
            builtin = self._find_file([self.builtin_dir] if self.builtin_dir else [], year)
            if builtin is not None:
                self._files[year] = read_holiday_file(builtin, year)
                found = YearSource(year, SOURCE_FILE, builtin)
            else:
                found = YearSource(year, SOURCE_WEEKENDS)
        self._years[year] = found
        return found

    def is_workday(self, day: dt.date) -> bool:
        if isinstance(day, dt.datetime):
            day = day.date()
        src = self.source(day.year)
        if src.kind == SOURCE_FILE:
            return self._files[day.year].is_workday(day)
        if src.kind == SOURCE_PACKAGE:
            import chinese_calendar

            return chinese_calendar.is_workday(day)
        return day.weekday() < 5

    def holiday_name(self, day: dt.date) -> str:
        """The holiday's name where the source knows it ("" otherwise)."""
        src = self.source(day.year)
        if src.kind == SOURCE_FILE:
            return self._files[day.year].names.get(day, "")
        if src.kind == SOURCE_PACKAGE:
            import chinese_calendar

            _on_holiday, name = chinese_calendar.get_holiday_detail(day)
            return name or ""
        return ""

    def warning_for_year(self, year: int) -> str | None:
        src = self.source(year)
        if src.kind != SOURCE_WEEKENDS:
            return None
        return tr("No holiday schedule for {year}: only weekends were counted as days off. "
                  "Import a holiday file for {year} (the State Council's holiday notice) to count "
                  "public holidays and make-up working days.", year=year)

    def warnings_for(self, years: Iterable[int]) -> list[str]:
        """One visible warning per year in ``years`` that had to fall back to weekends only."""
        out: list[str] = []
        for year in sorted(set(years)):
            message = self.warning_for_year(year)
            if message:
                out.append(message)
        return out

    # --------------------------------------------------------------- counting
    def add_workdays(self, start: dt.date, count: int) -> tuple[dt.date, list[str]]:
        """The ``count``-th working day after ``start`` (``start`` itself not counted), as
        ``chinese_calendar.find_workday(count, start)``; with the warnings of the years used.

        ``count`` 0 gives ``start`` if it is a working day, else the next working day.
        """
        if isinstance(start, dt.datetime):
            start = start.date()
        if not 0 <= count <= MAX_WORKDAYS:
            raise UserError(tr("{count} working days is out of range (0 to {max}).", count=count, max=MAX_WORKDAYS))
        years: set[int] = set()
        day = start
        try:
            if count == 0:
                years.add(day.year)
                while not self.is_workday(day):
                    day += dt.timedelta(days=1)
                    years.add(day.year)
            done = 0
            while done < count:
                day += dt.timedelta(days=1)
                years.add(day.year)
                if self.is_workday(day):
                    done += 1
        except OverflowError:
            raise UserError(tr("The date is too far in the future to count working days from: {date}",
                               date=start.isoformat())) from None
        return day, self.warnings_for(years)

    def workdays_between(self, first: dt.date, last: dt.date) -> tuple[int, list[str]]:
        """Working days from ``first`` to ``last``, both included (0 when last < first)."""
        count, years, day = 0, set(), first
        while day <= last:
            years.add(day.year)
            if self.is_workday(day):
                count += 1
            if day == dt.date.max:
                break
            day += dt.timedelta(days=1)
        return count, self.warnings_for(years)


_default_calendar: WorkCalendar | None = None


def default_calendar() -> WorkCalendar:
    """The calendar used when none is passed: the user's holiday folders, then chinesecalendar,
    then the shipped files. Cached; :func:`reset_default_calendar` after the folders change."""
    global _default_calendar
    if _default_calendar is None:
        _default_calendar = WorkCalendar.default()
    return _default_calendar


def reset_default_calendar() -> None:
    """Forget the cached default calendar (a holiday file was added, or the user folder changed)."""
    global _default_calendar
    _default_calendar = None
