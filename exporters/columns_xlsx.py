"""A unit's responsibility table (内容保障任务一览表 / 责任分解表) as an Excel workbook.

Import: one row per column under a heading row with the table's Chinese headings, e.g.

    编号 | 一级栏目 | 二级栏目 | 三级栏目 | 保障内容 | 保障方式 | 更新频率 | 责任单位 | 政务公开类别 | 类型 | 首页

(``栏目名称`` [+ ``上级栏目``] instead of the level headings; ``具体内容``, ``更新时限``, ``信息来源``…
are accepted too — see :data:`HEADINGS`). The heading row may follow a title row. Merged cells
and unknown headings are refused with a :class:`UserError`; bad rows are reported one by one
(Excel row number + reason) and then *no* column is returned: the import is all or nothing.

Export writes the same layout, atomically (temporary file in the same folder, then rename).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from core.errors import UserError
from core.i18n import tr
from core.model import Column
from core.schedule.rules import parse_rule
from core.schedule.tables import COLUMN_KINDS, PATH_SEPARATOR, column_from_levels, column_levels, guess_kind, parse_kind
from core.atomic import Cancelled, never_cancelled, no_progress, save_with

#: Field → headings accepted for it (compared without spaces and line breaks).
HEADINGS: dict[str, tuple[str, ...]] = {
    "id": ("编号", "栏目编号", "id", "栏目id"),
    "level1": ("一级栏目",),
    "level2": ("二级栏目",),
    "level3": ("三级栏目",),
    "name": ("栏目名称", "栏目"),
    "parent": ("上级栏目", "所属栏目"),
    "content": ("保障内容", "具体内容", "内容"),
    "upkeep_mode": ("保障方式",),
    "update_rule": ("更新频率", "更新时限", "时限要求", "更新要求"),
    "supplier": ("责任单位", "信息来源", "供稿单位", "保障单位", "责任部门"),
    "disclosure_category": ("政务公开类别", "公开类别"),
    "kind": ("类型", "栏目类型"),
    "home_page": ("首页", "首页栏目", "是否首页"),
}
#: Headings that are allowed and ignored.
IGNORED_HEADINGS = ("序号", "备注", "说明")
#: Export layout.
EXPORT_HEADINGS = ("编号", "一级栏目", "二级栏目", "三级栏目", "保障内容", "保障方式", "更新频率", "责任单位",
                   "政务公开类别", "类型", "首页")
KIND_NAMES = {"dynamic": "动态", "notice": "通知公告", "static": "静态", "interactive": "互动"}
YES = ("是", "yes", "y", "true", "1", "√", "✓", "首页")
NO = ("否", "no", "n", "false", "0", "")
MAX_NAME = 100
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class RowError:
    """A bad row of an imported table: its Excel row number and why."""

    row: int
    message: str

    def __str__(self) -> str:
        return tr("Row {row}: {message}", row=self.row, message=self.message)


def _norm_heading(value: object) -> str:
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    return re.sub(r"[\s*＊:：]+", "", text).lower()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _heading_field(heading: str) -> str | None:
    for fieldname, words in HEADINGS.items():
        if heading in words:
            return fieldname
    return None


def _open_sheet(path: Path, sheet: str | None):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops on reading (data validation extensions, WPS
            # extras…); they do not matter for the table's text.
            warnings.simplefilter("ignore", UserWarning)
            wb = load_workbook(path, data_only=True)
    except FileNotFoundError:
        raise UserError(tr("File not found: {path}", path=path)) from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise UserError(tr("Cannot open {path} as an Excel workbook (.xlsx): {reason}", path=path, reason=err)) from None
    if sheet is None:
        return wb.worksheets[0]
    if sheet not in wb.sheetnames:
        raise UserError(tr("The workbook has no sheet {sheet}.", sheet=sheet))
    return wb[sheet]


def _find_header(rows: list[tuple]) -> tuple[int, dict[str, int]]:
    """(0-based row index, field → column index) of the heading row."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        headings = [_norm_heading(v) for v in row]
        if not any(h in HEADINGS["level1"] + HEADINGS["name"] for h in headings):
            continue
        fields: dict[str, int] = {}
        unknown: list[str] = []
        for col, heading in enumerate(headings):
            if not heading or heading in IGNORED_HEADINGS:
                continue
            fieldname = _heading_field(heading)
            if fieldname is None:
                unknown.append(_cell_text(row[col]))
            elif fieldname in fields:
                raise UserError(tr("The heading {heading} appears twice in the heading row.", heading=_cell_text(row[col])))
            else:
                fields[fieldname] = col
        if unknown:
            raise UserError(tr("Unknown headings: {headings}. Expected headings: {expected}.",
                               headings="、".join(unknown), expected="、".join(EXPORT_HEADINGS)))
        if "level1" in fields and "name" in fields:
            raise UserError(tr("Use either 一级栏目/二级栏目/三级栏目 or 栏目名称, not both."))
        if "name" in fields and ("level2" in fields or "level3" in fields):
            raise UserError(tr("Use either 一级栏目/二级栏目/三级栏目 or 栏目名称, not both."))
        if "level3" in fields and "level2" not in fields:
            raise UserError(tr("The heading 三级栏目 needs 二级栏目 beside it."))
        return index, fields
    raise UserError(tr("No heading row found: one of the first {count} rows must name the columns "
                       "(一级栏目 or 栏目名称, then 保障内容, 保障方式, 更新频率, 责任单位…).", count=HEADER_SEARCH_ROWS))


def _row_id(path: str, taken: set[str]) -> str:
    """A stable id from the column's path (so re-importing a reordered table keeps ids)."""
    base = "c" + hashlib.sha1(path.encode("utf-8")).hexdigest()[:10]
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def import_columns_xlsx(path: str | os.PathLike, sheet: str | None = None) -> tuple[list[Column], list[RowError]]:
    """Read a responsibility table. Returns ``(columns, [])`` or ``([], row_errors)``.

    Raises :class:`UserError` for a file that cannot be read, merged cells, or a wrong heading row.
    """
    path = Path(path)
    ws = _open_sheet(path, sheet)
    rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
    header_index, fields = _find_header(rows)
    header_row = header_index + 1
    merged = [r for r in ws.merged_cells.ranges if r.max_row >= header_row]
    if merged:
        shown = "、".join(str(r.coord) for r in sorted(merged, key=lambda r: (r.min_row, r.min_col))[:5])
        raise UserError(tr("The table has merged cells ({cells}). Unmerge them and fill in every row, then import "
                           "again.", cells=shown))

    def cell(row: tuple, fieldname: str) -> str:
        col = fields.get(fieldname)
        return _cell_text(row[col]) if col is not None and col < len(row) else ""

    columns: list[Column] = []
    errors: list[RowError] = []
    explicit_ids: dict[str, int] = {}
    taken: set[str] = set()
    if "id" in fields:
        taken = {_cell_text(r[fields["id"]]) for r in rows[header_index + 1:] if fields["id"] < len(r)} - {""}
    for offset, row in enumerate(rows[header_index + 1:]):
        excel_row = header_row + 1 + offset
        if all(_cell_text(v) == "" for v in row):
            continue
        problems: list[str] = []
        if "level1" in fields:
            cells = [cell(row, f) for f in ("level1", "level2", "level3") if f in fields]
            while cells and not cells[-1]:
                cells.pop()
            if not cells:
                problems.append(tr("no column name."))
            elif "" in cells:
                labels = ("一级栏目", "二级栏目", "三级栏目")
                problems.append(tr("{heading} is empty but a lower level is filled in.",
                                   heading=labels[cells.index("")]))
            levels = cells
        else:
            name = cell(row, "name")
            levels = [p.strip() for p in re.split(r"\s*[›>]\s*", cell(row, "parent")) if p.strip()] + [name]
            if not name:
                problems.append(tr("no column name."))
            elif len(levels) > 3:
                problems.append(tr("more than three column levels."))
        if any(len(n) > MAX_NAME for n in levels):
            problems.append(tr("a column name is longer than {max} characters.", max=MAX_NAME))

        kind_text = cell(row, "kind")
        category = cell(row, "disclosure_category")
        kind = parse_kind(kind_text) if kind_text else guess_kind(levels[-1] if levels else "", category)
        if kind is None:
            problems.append(tr("unknown column type {value} (动态, 通知公告, 静态 or 互动).", value=kind_text))

        home_text = cell(row, "home_page").lower()
        if home_text not in YES and home_text not in NO:
            problems.append(tr("首页 must be 是 or 否, not {value}.", value=cell(row, "home_page")))

        rule_text = cell(row, "update_rule")
        rule = parse_rule(rule_text)
        if not rule.recognised:
            problems.append(rule.message)

        col_id = cell(row, "id")
        if col_id:
            if col_id in explicit_ids:
                problems.append(tr("the id {id} is already used in row {other}.", id=col_id, other=explicit_ids[col_id]))
            else:
                explicit_ids[col_id] = excel_row

        if problems:
            errors.extend(RowError(excel_row, p) for p in problems)
            continue
        if not col_id:
            col_id = _row_id(PATH_SEPARATOR.join(levels), taken)
        columns.append(column_from_levels(
            col_id, levels, content=cell(row, "content"), upkeep_mode=cell(row, "upkeep_mode"),
            update_rule=rule_text, supplier=cell(row, "supplier"), disclosure_category=category,
            kind=kind, home_page=home_text in YES and home_text != ""))
    if not errors and not columns:
        raise UserError(tr("The table has a heading row but no columns under it."))
    if errors:
        return [], errors
    return columns, []


def export_columns_xlsx(columns: Sequence[Column], path: str | os.PathLike,
                        progress: Callable[[int, int], None] = no_progress,
                        cancelled: Callable[[], bool] = never_cancelled) -> Path:
    """Write ``columns`` as a responsibility table; nothing is left behind on failure or cancel."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "栏目"
    ws.append(list(EXPORT_HEADINGS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    total = len(columns)
    for done, column in enumerate(columns, 1):
        if cancelled():
            raise Cancelled()
        levels = column_levels(column)
        if len(levels) > 3:
            raise UserError(tr("The column {name} has more than three levels and cannot be exported.",
                               name=column.path))
        if column.kind not in COLUMN_KINDS:
            raise UserError(tr("The column {name} has an unknown type {kind}.", name=column.path, kind=column.kind))
        levels += [""] * (3 - len(levels))
        ws.append([column.id, *levels, column.content, column.upkeep_mode, column.update_rule, column.supplier,
                   column.disclosure_category, KIND_NAMES[column.kind], "是" if column.home_page else "否"])
        progress(done, total)
    for letter, width in zip("ABCDEFGHIJK", (12, 14, 14, 18, 48, 10, 18, 18, 16, 10, 6)):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    if cancelled():
        raise Cancelled()
    return save_with(path, wb.save)
