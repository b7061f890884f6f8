"""The periodic report (信息报送周报/月报/季报) as an Excel workbook (.xlsx, openpyxl).

Sheets: 汇总 (totals against the previous period, by content type, by column, a bar chart per
day or week, the scores), 明细 (one row per item), 栏目更新 (each column's freshness), 人员 (per
person), 积分 (each scoring rule: categories, lines and every fact behind them). What each count
means is defined in ``core.reporting`` and printed in the 统计口径 column of 汇总.

Every sheet has a title row (unit, report, period), a subtitle row (dates, when made), a frozen
header row, column widths fitted to the text (CJK characters count double), an autofilter on its
table, and A4 landscape print set-up fitted to the page width with the title rows repeated.

Text that comes from users (titles, names, reasons, URLs …) is written as text, never as a
formula: a value starting with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage return) is stored
as a string cell with Excel's quote prefix, so neither Excel nor LibreOffice evaluates it.

    write_report(report, "周报.xlsx", progress=cb, cancelled=fn)   # atomic: temp file, then rename
"""
from __future__ import annotations

import datetime as dt
import functools
import io
import os
import re
import zipfile
import unicodedata
from copy import copy
from pathlib import Path
from typing import Callable, Sequence

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.utils.datetime import to_excel
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core import clock
from core.errors import UserError
from core.gcpause import with_gc_paused
from core.i18n import tr
from core.reporting import Counts, Report, freshness_label, measure_definition, measure_label
from core.atomic import Cancelled, never_cancelled, no_progress, save_with

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

BODY_FONT = "宋体"
HEAD_FONT = "黑体"
F_TITLE = Font(name=HEAD_FONT, size=16, bold=True)
F_SUB = Font(name=BODY_FONT, size=10, color="595959")
F_SECTION = Font(name=HEAD_FONT, size=12, bold=True, color="1F3864")
F_HEAD = Font(name=HEAD_FONT, size=11, bold=True, color="FFFFFF")
F_BODY = Font(name=BODY_FONT, size=11)
F_BOLD = Font(name=BODY_FONT, size=11, bold=True)
F_NOTE = Font(name=BODY_FONT, size=9, color="595959")
F_LINK = Font(name=BODY_FONT, size=11, color="0563C1", underline="single")
F_BAD = Font(name=BODY_FONT, size=11, color="9C0006")
F_WARN = Font(name=BODY_FONT, size=11, color="9C5700")
F_GOOD = Font(name=BODY_FONT, size=11, color="006100")

FILL_HEAD = PatternFill("solid", fgColor="2F5496")
FILL_TOTAL = PatternFill("solid", fgColor="D9E1F2")
FILL_SUBTOTAL = PatternFill("solid", fgColor="EDF1F9")
FILL_BAD = PatternFill("solid", fgColor="FFC7CE")  # overdue, stale
FILL_BAD_ROW = PatternFill("solid", fgColor="FDEBEC")
FILL_WARN = PatternFill("solid", fgColor="FFEB9C")  # late, due soon
FILL_GOOD = PatternFill("solid", fgColor="C6EFCE")  # on time, fresh
FILL_EMPTY = PatternFill("solid", fgColor="E7E6E6")  # empty column

THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
A_WRAP = Alignment(vertical="center", wrap_text=True)
A_LEFT = Alignment(vertical="center")
A_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
A_RIGHT = Alignment(horizontal="right", vertical="center")

DATE_FMT = "yyyy-mm-dd"
TIME_FMT = "yyyy-mm-dd hh:mm"
MAX_WIDTH = 60
MIN_WIDTH = 6
_LETTERS = [""] + [get_column_letter(i) for i in range(1, 200)]
#: one pass over a text makes it XML element content: &, <, > escaped, a carriage return kept (as a
#: character reference, which XML does not normalise away), other control characters XML 1.0
#: forbids replaced by U+FFFD
_XML_TABLE = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord("\r"): "&#13;",
              **{c: "\ufffd" for c in (*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF)}}


def _xml_text(text: str) -> str:
    """Text for an XML element: escaped, and without the control characters XML forbids."""
    return text if text.isalnum() else text.translate(_XML_TABLE)


# ------------------------------------------------------------------------------ cell helpers
def safe_text(cell, value: str) -> None:
    """Write ``value`` as text; a formula-like start gets the quote prefix and stays text."""
    cell.value = value
    if value and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


_WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                   "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]")


@functools.lru_cache(maxsize=4096)
def display_width(text: str) -> int:
    """Columns a text needs: East Asian wide and full-width characters count double."""
    if text.isascii():
        return len(text)
    wide = len(_WIDE.findall(text))
    if wide == 0 or any(unicodedata.east_asian_width(ch) in "WF" for ch in _WIDE.sub("", text) if not ch.isascii()):
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return len(text) + wide


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    """Excel has no time zones: the unit's local time, naive."""
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(clock.TZ)
    return moment.replace(tzinfo=None, microsecond=0)


class Sheet:
    """A worksheet written row by row, remembering what each column needs to be wide.

    Cells are kept here, not as openpyxl cells: openpyxl lays out the sheet (columns, merges,
    frozen panes, filter, print set-up, chart) and :meth:`sheet_data` writes the rows' XML in one
    pass when the workbook is saved — about ten times faster than openpyxl's cell by cell writer,
    which matters for a 明细 sheet of ten thousand rows. Styles are registered with the workbook
    once per combination and referred to by number.
    """

    def __init__(self, ws: Worksheet, ncols: int):
        self.ws = ws
        self.ncols = ncols
        self.row = 0
        self.widths: dict[int, int] = {}
        self.caps: dict[int, int] = {}
        #: row -> [(column, text, font size)] of wrapped cells, to size the row once widths are known
        self.wrapped: dict[int, list[tuple[int, str, float]]] = {}
        #: row -> column -> (value, style id)
        self.cells: dict[int, dict[int, tuple[object, int]]] = {}
        self.heights: dict[int, float] = {}
        self._styles: dict[tuple, int] = {}
        self._quoted: dict[int, tuple] = {}  # style number -> its styles (to add the quote prefix)
        self._wrap: dict[int, float] = {}  # style number -> font size when it wraps text, else 0

    def style_id(self, font, fill, align, fmt: str | None, border: bool, quote: bool = False) -> int:
        """The workbook's number for a combination of styles (registered on first use)."""
        key = (id(font), id(fill), id(align), fmt, border, quote)
        sid = self._styles.get(key)
        if sid is None:
            scratch = Cell(self.ws, row=1, column=1)  # not added to the sheet: only its style is used
            scratch.font = font
            scratch.alignment = align
            if fill is not None:
                scratch.fill = fill
            if fmt:
                scratch.number_format = fmt
            if border:
                scratch.border = BORDER
            if quote:
                scratch.quotePrefix = True
            sid = self.ws.parent._cell_styles.add(copy(scratch._style))
            self._styles[key] = sid
            if not quote:
                self._quoted[sid] = (font, fill, align, fmt, border)
                self._wrap[sid] = (font.sz or 11) if (align is not None and align.wrap_text) else 0
        return sid

    def put(self, row: int, col: int, value, *, font=F_BODY, fill=None, align=A_LEFT, fmt: str | None = None,
            border=True, measure=True, link: str = "") -> None:
        """Write one cell (text from users is kept as text: see :func:`safe_text`)."""
        self.set(row, col, value, self.style_id(font, fill, align, fmt, bool(border)), measure)
        if link:
            # openpyxl writes a sheet's hyperlinks (and their relationships) from its own cells:
            # a placeholder cell carries the link; its row is replaced by ours on saving.
            self.ws.cell(row=row, column=col).hyperlink = link

    def set(self, row: int, col: int, value, sid: int, measure: bool = True) -> None:
        """Write one cell with a style number from :meth:`style_id` (the fast path for big tables)."""
        if value.__class__ is str:
            if value.startswith(FORMULA_STARTS):
                sid = self.style_id(*self._quoted[sid], quote=True)
            text = value
        elif value is None:
            text = ""
        elif isinstance(value, dt.datetime):
            text = "0000-00-00 00:00 "
        elif isinstance(value, dt.date):
            text = "0000-00-00  "
        elif isinstance(value, float):
            text = f"{value:.1f}"
        else:
            text = str(value)
        cells = self.cells.get(row)
        if cells is None:
            cells = self.cells[row] = {}
        cells[col] = (value, sid)
        if measure and text:
            if "\n" in text:
                parts = tuple(map(display_width, text.split("\n")))
                width = max(parts)
            else:
                width = display_width(text)
                parts = (width,)
            if width > self.widths.get(col, 0):
                self.widths[col] = width
            size = self._wrap.get(sid)
            if size:
                self.wrapped.setdefault(row, []).append((col, parts, size))

    def set_row(self, row: int, values: Sequence, sids: Sequence[int], measured: Sequence[bool]) -> None:
        """Write a whole row (columns 1…) at once: the fast path of the big tables."""
        cells = self.cells.setdefault(row, {})
        widths, wrap = self.widths, self._wrap
        for col, (value, sid, measure) in enumerate(zip(values, sids, measured), 1):
            if value.__class__ is str:
                if value and value[0] in FORMULA_STARTS:
                    sid = self.style_id(*self._quoted[sid], quote=True)
                cells[col] = (value, sid)
                if measure and value:
                    if "\n" in value:
                        parts = tuple(map(display_width, value.split("\n")))
                        width = max(parts)
                    else:
                        width = display_width(value)
                        parts = (width,)
                    if width > widths.get(col, 0):
                        widths[col] = width
                    size = wrap.get(sid)
                    if size:
                        self.wrapped.setdefault(row, []).append((col, parts, size))
            else:
                cells[col] = (value, sid)
                if measure and value is not None:
                    width = 17 if isinstance(value, dt.datetime) else 12 if isinstance(value, dt.date) else len(str(value))
                    if width > widths.get(col, 0):
                        widths[col] = width

    def sheet_data(self) -> str:
        """The ``<sheetData>`` element of this sheet."""
        out = ["<sheetData>"]
        add = out.append
        epoch = self.ws.parent.epoch
        letters = _LETTERS
        s_attr = {0: ""}
        for r in sorted(self.cells):
            height = self.heights.get(r)
            add(f'<row r="{r}" ht="{height}" customHeight="1">' if height else f'<row r="{r}">')
            row = self.cells[r]
            for c in sorted(row):
                value, sid = row[c]
                sa = s_attr.get(sid)
                if sa is None:
                    sa = s_attr[sid] = f' s="{sid}"'
                cls = value.__class__
                if cls is str and value:
                    add(f'<c r="{letters[c]}{r}"{sa} t="inlineStr"><is><t xml:space="preserve">{_xml_text(value)}</t></is></c>')
                elif value is None or cls is str:
                    if sid:
                        add(f'<c r="{letters[c]}{r}"{sa}/>')
                elif cls is int or cls is float:
                    add(f'<c r="{letters[c]}{r}"{sa} t="n"><v>{value!r}</v></c>')
                elif cls is bool:
                    add(f'<c r="{letters[c]}{r}"{sa} t="b"><v>{int(value)}</v></c>')
                elif isinstance(value, (dt.datetime, dt.date)):
                    add(f'<c r="{letters[c]}{r}"{sa} t="n"><v>{to_excel(value, epoch)!r}</v></c>')
                elif isinstance(value, (int, float)):
                    add(f'<c r="{letters[c]}{r}"{sa} t="n"><v>{float(value)!r}</v></c>')
                else:
                    raise TypeError(f"cannot write {type(value).__name__} to a cell")
            add("</row>")
        add("</sheetData>")
        return "".join(out)

    def dimension(self) -> str:
        if not self.cells:
            return "A1"
        last_row = max(self.cells)
        last_col = max(max(cols) for cols in self.cells.values())
        return f"A1:{_LETTERS[last_col]}{last_row}"

    def title(self, title: str, subtitle: str) -> None:
        ws = self.ws
        last = get_column_letter(max(self.ncols, 1))
        self.put(1, 1, title, font=F_TITLE, align=Alignment(horizontal="center", vertical="center"), border=False,
                 measure=False)
        self.put(2, 1, subtitle, font=F_SUB, align=Alignment(horizontal="center", vertical="center"), border=False,
                 measure=False)
        if self.ncols > 1:
            ws.merge_cells(f"A1:{last}1")
            ws.merge_cells(f"A2:{last}2")
        self.heights[1] = 30
        self.heights[2] = 18
        self.row = 2

    def header(self, headings: Sequence[str], row: int | None = None) -> int:
        row = row or self.row + 1
        for i, h in enumerate(headings, 1):
            self.put(row, i, h, font=F_HEAD, fill=FILL_HEAD, align=A_CENTER)
            self.widths[i] = max(self.widths.get(i, 0), display_width(h) + 2)  # room for the filter button
        self.heights[row] = 22
        self.row = row
        return row

    def fit(self, fixed: dict[int, float] | None = None) -> None:
        """Fit column widths to their text (up to each column's cap), then give rows with wrapped
        text the height their longest cell needs (neither Excel nor LibreOffice does it on open)."""
        dims = self.ws.column_dimensions
        for col in range(1, self.ncols + 1):
            width = self.widths.get(col, MIN_WIDTH)
            cap = self.caps.get(col, MAX_WIDTH)
            w = min(max(width + 2, MIN_WIDTH), cap)
            if fixed and col in fixed:
                w = fixed[col]
            dims[get_column_letter(col)].width = w
        self.size_rows()

    def size_rows(self) -> None:
        dims = self.ws.column_dimensions
        widths = {col: dims[get_column_letter(col)].width or 8.43 for col in range(1, self.ncols + 1)}
        for row, cells in self.wrapped.items():
            lines = 1
            size = 11.0
            for col, parts, sz in cells:
                room = int(max(widths.get(col, 8.43) - 1.5, 2))
                n = sum(-(-int(w * sz / 10.5) // room) or 1 for w in parts)
                if n > lines:
                    lines, size = n, sz
            if lines > 1:
                self.heights[row] = round(lines * size * 1.32 + 3, 1)

    def print_setup(self, title_rows: str) -> None:
        ws = self.ws
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = title_rows
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.page_margins.header = ws.page_margins.footer = 0.3
        ws.oddFooter.center.text = tr("Page &P of &N")
        ws.oddFooter.center.size = 9
        ws.oddHeader.right.text = "&A"
        ws.oddHeader.right.size = 9


# ------------------------------------------------------------------------------ the workbook
def sheet_names() -> tuple[str, ...]:
    """汇总, 明细, 栏目更新, 人员, 积分, 积分明细."""
    return (tr("Summary"), tr("Items"), tr("Column updates"), tr("People"), tr("Points"), tr("Points in detail"))


def default_file_name(report: Report) -> str:
    from core.filenames import safe_filename

    unit = report.unit.short_name or report.unit.name or "InfoDesk"
    return safe_filename(f"{unit}{report.name}_{report.period.label}.xlsx")


@with_gc_paused
def write_report(report: Report, path: str | os.PathLike, *, progress: Callable[[int, int], None] = no_progress,
                 cancelled: Callable[[], bool] = never_cancelled) -> Path:
    """Write ``report`` to ``path`` (.xlsx) atomically; returns the path. Raises ``Cancelled``."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise UserError(tr("The report is an Excel file: give a name ending in .xlsx ({path}).", path=str(target)))
    if target.is_dir():
        raise UserError(tr("{path} is a folder: give a file name.", path=str(target)))
    book = build_workbook(report, progress=progress, cancelled=cancelled)
    if cancelled():
        raise Cancelled()
    try:
        save_with(target, book.save)
    except OSError as err:
        raise UserError(tr("Cannot write {path}: {error}", path=str(target), error=err.strerror or str(err)))
    progress(1, 1)
    return target


class ReportBook:
    """The openpyxl workbook and the rows of its sheets; :meth:`save` writes the .xlsx."""

    def __init__(self, wb: Workbook, sheets: Sequence[Sheet]):
        self.wb = wb
        self.sheets = list(sheets)

    def save(self, fileobj) -> None:
        """openpyxl writes the package with empty sheets; each sheet's rows go in on the way out."""
        skeleton = io.BytesIO()
        self.wb.save(skeleton)
        parts = {s.ws.path.lstrip("/"): s for s in self.sheets}
        with zipfile.ZipFile(skeleton) as zin, zipfile.ZipFile(fileobj, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info.filename)
                sheet = parts.get(info.filename)
                if sheet is not None:
                    xml = data.decode("utf-8")
                    xml, n = _SHEET_DATA.subn(lambda _m: sheet.sheet_data(), xml, count=1)
                    if n != 1:  # pragma: no cover - openpyxl always writes sheetData
                        raise AssertionError(f"no sheetData in {info.filename}")
                    xml = _DIMENSION.sub(f'<dimension ref="{sheet.dimension()}"/>', xml, count=1)
                    data = xml.encode("utf-8")
                zout.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=_ZIP_LEVEL)


#: zlib level 6 (the default) costs three times as much time for 10 % less space
_ZIP_LEVEL = 3
_SHEET_DATA = re.compile(r"<sheetData/>|<sheetData>.*?</sheetData>", re.S)
_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')


@with_gc_paused
def build_workbook(report: Report, *, progress: Callable[[int, int], None] = no_progress,
                   cancelled: Callable[[], bool] = never_cancelled) -> ReportBook:
    wb = Workbook()
    names = sheet_names()
    total = len(report.details) + len(report.columns) + len(report.people) + sum(
        sum(len(l.facts) for l in s.lines) for s in report.scores) + 50
    done = [0]

    def tick(n: int = 1) -> None:
        done[0] += n
        if done[0] % 250 < n or n > 1:
            if cancelled():
                raise Cancelled()
            progress(min(done[0], total), total + 1)

    summary = wb.active
    summary.title = names[0]
    sheets = [Sheet(summary, 6)]
    _summary_sheet(sheets[0], report)
    tick(10)
    for name, ncols, fill in ((names[1], 16, _details_sheet), (names[2], 10, _columns_sheet),
                              (names[3], 15, _people_sheet), (names[4], 7, _points_sheet),
                              (names[5], 7, _point_facts_sheet)):
        sheets.append(Sheet(wb.create_sheet(name), ncols))
        fill(sheets[-1], report, tick)
    wb.properties.title = _title(report)
    wb.properties.creator = "InfoDesk"
    wb.properties.subject = report.period.label
    return ReportBook(wb, sheets)


def _title(report: Report) -> str:
    unit = report.unit.name or tr("(unit not set)")
    return tr("{unit} {report} {period}", unit=unit, report=report.name, period=report.period.title)


def _subtitle(report: Report) -> str:
    p = report.period
    text = tr("Period {first} to {last} ({label}); made {made}", first=p.first.isoformat(), last=p.last.isoformat(),
              label=p.label, made=_local(report.generated_at).strftime("%Y-%m-%d %H:%M"))
    if report.cutoff < p.end:
        text += tr("; the period is not over: figures up to {cutoff}",
                   cutoff=_local(report.cutoff).strftime("%Y-%m-%d %H:%M"))
    return text


def _change(now, before, rate: bool = False) -> str:
    if now is None or before is None:
        return "—"
    if rate:
        diff = (now - before) * 100
        return tr("{diff:+.1f} pts", diff=diff) if abs(diff) >= 0.05 else tr("unchanged")
    diff = now - before
    if diff == 0:
        return tr("unchanged")
    text = f"{diff:+d}"
    if before:
        text += f"（{diff / before * 100:+.0f}%）"
    return text


def _section(sheet: Sheet, text: str) -> None:
    sheet.row += 2
    sheet.put(sheet.row, 1, text, font=F_SECTION, border=False, measure=False)
    sheet.heights[sheet.row] = 20


COUNT_COLUMNS = ("drafted", "submitted", "on_time", "late", "on_time_rate", "overdue", "published")


def _count_cells(sheet: Sheet, row: int, start: int, counts: Counts, font=F_BODY, fill=None) -> None:
    for i, key in enumerate(COUNT_COLUMNS):
        value = counts.get(key)
        if key == "on_time_rate":
            sheet.put(row, start + i, value if value is not None else "—", font=font, fill=fill, align=A_RIGHT,
                      fmt="0.0%")
        else:
            f = font
            if key == "overdue" and value:
                f = F_BAD if font is F_BODY else font
            sheet.put(row, start + i, value, font=f, fill=fill, align=A_RIGHT)


def _summary_sheet(sheet: Sheet, report: Report) -> None:
    ws = sheet.ws
    sheet.ncols = 1 + len(COUNT_COLUMNS)
    sheet.title(_title(report), _subtitle(report))
    ws.sheet_view.showGridLines = False
    # 1. totals against the previous period
    sheet.row += 1
    sheet.put(sheet.row, 1, tr("1. Totals (previous {kind}: {previous})", kind=_kind_word(report),
                               previous=report.previous.title), font=F_SECTION, border=False, measure=False)
    header_row = sheet.header([tr("Measure"), tr("This period"), tr("Previous period"), tr("Change"), tr("Definition")])
    t, p = report.totals, report.previous_totals
    definitions: list[tuple[int, str]] = []
    keys = ("drafted", "queued", "signed_off", "returned", "returns", "submitted", "on_time", "late", "no_due",
            "on_time_rate", "overdue", "backlog", "published", "withdrawn", "adoptions", "instructions")
    for key in keys:
        sheet.row += 1
        r = sheet.row
        if key == "backlog":
            now_v, before_v = report.backlog, None
        else:
            now_v, before_v = t.get(key), p.get(key)
        rate = key == "on_time_rate"
        font = F_BAD if key in ("overdue", "backlog") and now_v else F_BODY
        sheet.put(r, 1, measure_label(key), font=F_BOLD)
        sheet.put(r, 2, now_v if now_v is not None else "—", font=font, align=A_RIGHT, fmt="0.0%" if rate else None)
        sheet.put(r, 3, before_v if before_v is not None else "—", align=A_RIGHT, fmt="0.0%" if rate else None)
        sheet.put(r, 4, _change(now_v, before_v, rate) if key != "backlog" else "—", align=A_RIGHT)
        definition = measure_definition(key)
        sheet.put(r, 5, definition, font=F_NOTE, align=A_WRAP, measure=False)
        _merge_right(sheet, r, 5)
        definitions.append((r, definition))
    _merge_right(sheet, header_row, 5, header=True)
    ws.freeze_panes = f"A{header_row + 1}"

    # 2. by content type, 3. by column
    heads = [measure_label(k) for k in COUNT_COLUMNS]
    for title, first, rows in ((tr("2. By content type"), tr("Content type"), report.by_type),
                               (tr("3. By column"), tr("Column"), report.by_column)):
        _section(sheet, title)
        sheet.header([first, *heads], row=sheet.row + 1)
        if not rows:
            sheet.row += 1
            sheet.put(sheet.row, 1, tr("(nothing in this period)"), font=F_NOTE)
            continue
        for g in rows:
            sheet.row += 1
            sheet.put(sheet.row, 1, g.label, align=A_WRAP)
            _count_cells(sheet, sheet.row, 2, g.counts)
        sheet.row += 1
        total = Counts()
        for g in rows:
            total = total + g.counts
        sheet.put(sheet.row, 1, tr("Total"), font=F_BOLD, fill=FILL_TOTAL)
        _count_cells(sheet, sheet.row, 2, total, font=F_BOLD, fill=FILL_TOTAL)
    sheet.caps[1] = 40

    # 4. per day / week, with a chart
    per = tr("4. Per day") if report.period.kind != "quarter" else tr("4. Per week")
    _section(sheet, per)
    head_row = sheet.header([tr("Day") if report.period.kind != "quarter" else tr("Week"),
                             measure_label("drafted"), measure_label("submitted"), measure_label("published")],
                            row=sheet.row + 1)
    for b in report.buckets:
        sheet.row += 1
        label = b.label if report.period.kind != "quarter" else f"{b.label}（{b.first.month}/{b.first.day}–{b.last.month}/{b.last.day}）"
        sheet.put(sheet.row, 1, label)
        sheet.put(sheet.row, 2, b.drafted, align=A_RIGHT)
        sheet.put(sheet.row, 3, b.submitted, align=A_RIGHT)
        sheet.put(sheet.row, 4, b.published, align=A_RIGHT)
    last_row = sheet.row
    if report.buckets:
        chart = BarChart()
        chart.type = "col"
        chart.grouping = "clustered"
        chart.title = (tr("Items per day") if report.period.kind != "quarter" else tr("Items per week"))
        chart.y_axis.title = tr("items")
        chart.y_axis.number_format = "0"
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.legend.position = "b"
        data = Reference(ws, min_col=2, max_col=4, min_row=head_row, max_row=last_row)
        cats = Reference(ws, min_col=1, min_row=head_row + 1, max_row=last_row)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        for s, colour in zip(chart.series, ("A5A5A5", "2F5496", "70AD47")):
            s.graphicalProperties.solidFill = colour
            s.graphicalProperties.line.solidFill = colour
        chart.height = 7.5
        chart.width = 17
        if report.period.kind == "month":
            chart.width = 24
        ws.add_chart(chart, f"F{head_row}")
        # room for the chart when the table is shorter than it
        sheet.row = max(sheet.row, head_row + 15)

    # 5. points
    if report.scores:
        _section(sheet, tr("5. Points (details on the sheet {sheet})", sheet=sheet_names()[4]))
        head = sheet.header([tr("Scoring rule"), tr("Score"), tr("Full points"), tr("How")], row=sheet.row + 1)
        _merge_right(sheet, head, 4, header=True)
        for s in report.scores:
            sheet.row += 1
            sheet.put(sheet.row, 1, s.rule.name, align=A_WRAP)
            sheet.put(sheet.row, 2, s.total, font=F_BOLD, align=A_RIGHT, fmt="0.00")
            sheet.put(sheet.row, 3, s.full if s.full is not None else "—", align=A_RIGHT, fmt="0.00")
            sheet.put(sheet.row, 4, s.explanation, measure=False)
            _merge_right(sheet, sheet.row, 4)
    sheet.fit()
    ws.column_dimensions["A"].width = min(max(sheet.widths.get(1, 10) + 2, 14), 40)
    # Excel does not fit the height of merged cells: give a long definition the lines it needs
    # (9-point notes in the merged E:H cells).
    room = sum(ws.column_dimensions[get_column_letter(c)].width for c in range(5, sheet.ncols + 1))
    for r, text in definitions:
        lines = -(-int(display_width(text) * 9 / 10.5) // max(int(room) - 2, 10))
        if lines > 1:
            sheet.heights[r] = round(lines * 9 * 1.32 + 3, 1)
    sheet.print_setup("1:2")


def _merge_right(sheet: Sheet, row: int, first: int, header: bool = False) -> None:
    """Merge ``first`` … the last column of ``row`` (bordered, so the merged cell has a frame)."""
    for col in range(first + 1, sheet.ncols + 1):
        sheet.put(row, col, None, measure=False, font=F_HEAD if header else F_BODY,
                  fill=FILL_HEAD if header else None)
    if sheet.ncols > first:
        sheet.ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=sheet.ncols)


def _kind_word(report: Report) -> str:
    from core.reporting import kind_label

    return kind_label(report.period.kind)


def _details_sheet(sheet: Sheet, report: Report, tick) -> None:
    from core.workflow import state_label

    ws = sheet.ws
    sheet.title(_title(report), _subtitle(report))
    heads = [tr("No."), tr("Title"), tr("Column"), tr("Content type"), tr("Author"), tr("Event on"), tr("Due"),
             tr("Submitted at"), tr("Published on"), tr("Timeliness"), tr("Signed off by"), tr("State now"),
             tr("Return reasons"), tr("Adoption / instruction"), tr("Link"), tr("ID")]
    header_row = sheet.header(heads)
    states: dict[str, str] = {}
    # style numbers of each column, for a plain row and for an overdue (tinted) row
    layout = ((A_RIGHT, None, F_BODY), (A_WRAP, None, F_BODY), (A_WRAP, None, F_BODY), (A_LEFT, None, F_BODY),
              (A_LEFT, None, F_BODY), (A_CENTER, DATE_FMT, F_BODY), (A_CENTER, TIME_FMT, F_BODY),
              (A_CENTER, TIME_FMT, F_BODY), (A_CENTER, DATE_FMT, F_BODY), (A_LEFT, None, F_BODY),
              (A_LEFT, None, F_BODY), (A_LEFT, None, F_BODY), (A_WRAP, None, F_BODY), (A_WRAP, None, F_BODY),
              (A_LEFT, None, F_BODY), (A_LEFT, None, F_NOTE))
    plain = [sheet.style_id(font, None, align, fmt, True) for align, fmt, font in layout]
    tinted = [sheet.style_id(font, FILL_BAD_ROW, align, fmt, True) for align, fmt, font in layout]
    timeliness = {"bad": sheet.style_id(F_BAD, FILL_BAD, A_LEFT, None, True),
                  "late": sheet.style_id(F_WARN, FILL_WARN, A_LEFT, None, True),
                  "on_time": sheet.style_id(F_GOOD, FILL_GOOD, A_LEFT, None, True)}
    link_plain = sheet.style_id(F_LINK, None, A_LEFT, None, True)
    link_tinted = sheet.style_id(F_LINK, FILL_BAD_ROW, A_LEFT, None, True)
    put = sheet.set
    for n, d in enumerate(report.details, 1):
        r = header_row + n
        it = d.item
        overdue = d.status.overdue
        sids = tinted if overdue else plain
        state = states.get(it.state) or states.setdefault(it.state, state_label(it.state))
        url = it.published_url.strip()
        is_web = url.lower().startswith(("http://", "https://")) and not any(c in url for c in ' "<>')
        values = (n, it.title, d.column_name, d.type_label, it.created_by, it.event_date, _local(it.due_at),
                  _local(it.submitted_at), _local(it.published_at).date() if it.published_at else None,
                  d.timeliness_text, it.signed_by, state, "；".join(d.returns),
                  "；".join(f"{a.level}{_kind(a.kind)}（{a.by_whom}，{a.on_date.isoformat()}）" for a in d.adoptions),
                  url, it.id[:8])
        sheet.set_row(r, values, sids, ALL_MEASURED)
        if d.timeliness == "overdue" or overdue:
            put(r, 10, d.timeliness_text, timeliness["bad"])
        elif d.timeliness in ("late", "on_time"):
            put(r, 10, d.timeliness_text, timeliness[d.timeliness])
        if is_web:
            put(r, 15, url, link_tinted if overdue else link_plain)
            ws.cell(row=r, column=15).hyperlink = url
        if n % 250 == 0:
            tick(250)
    last = header_row + max(len(report.details), 1)
    if not report.details:
        sheet.put(header_row + 1, 1, tr("(nothing in this period)"), font=F_NOTE)
    sheet.caps.update({2: 44, 3: 28, 13: 24, 14: 24, 15: 24})
    sheet.fit()
    ws.freeze_panes = f"C{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(sheet.ncols)}{last}"
    sheet.print_setup(f"1:{header_row}")


ALL_MEASURED = (True,) * 32


def _kind(kind: str) -> str:
    from core.scoring import record_kind_label

    return record_kind_label(kind)


def _columns_sheet(sheet: Sheet, report: Report, tick) -> None:
    from core.schedule import kind_label

    ws = sheet.ws
    sheet.title(_title(report), _subtitle(report) + tr("; freshness at {cutoff}",
                                                       cutoff=_local(report.cutoff).strftime("%Y-%m-%d %H:%M")))
    heads = [tr("Column"), tr("Column kind"), tr("Upkeep"), tr("Update rule"), tr("Allowed interval (days)"),
             tr("Last update"), tr("Days since"), tr("Status"), measure_label("submitted"), measure_label("published")]
    header_row = sheet.header(heads)
    for n, c in enumerate(report.columns, 1):
        r = header_row + n
        f = c.freshness
        fill, font = {"stale": (FILL_BAD, F_BAD), "due_soon": (FILL_WARN, F_WARN), "fresh": (FILL_GOOD, F_GOOD),
                      "empty": (FILL_EMPTY, F_BODY)}.get(f.status, (None, F_BODY))
        sheet.put(r, 1, c.column.path, align=A_WRAP)
        sheet.put(r, 2, kind_label(c.column.kind))
        sheet.put(r, 3, c.column.upkeep_mode)
        sheet.put(r, 4, c.column.update_rule, align=A_WRAP)
        sheet.put(r, 5, f.interval_days, align=A_RIGHT)
        sheet.put(r, 6, _local(f.last_update), fmt=TIME_FMT, align=A_CENTER)
        sheet.put(r, 7, f.days_since if f.days_since is not None else "—", align=A_RIGHT)
        sheet.put(r, 8, freshness_label(f.status), font=font, fill=fill)
        sheet.put(r, 9, c.submitted, align=A_RIGHT)
        sheet.put(r, 10, c.published, align=A_RIGHT)
        tick()
    last = header_row + max(len(report.columns), 1)
    if not report.columns:
        sheet.put(header_row + 1, 1, tr("(no columns: import the responsibility table first)"), font=F_NOTE)
    sheet.caps.update({1: 50, 4: 30})
    sheet.fit()
    ws.freeze_panes = f"B{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(sheet.ncols)}{last}"
    sheet.print_setup(f"1:{header_row}")


PEOPLE_KEYS = ("drafted", "queued", "submitted", "on_time", "late", "on_time_rate", "overdue", "returns", "published",
               "adoptions", "instructions")


def _people_sheet(sheet: Sheet, report: Report, tick) -> None:
    from core.workflow import role_label

    ws = sheet.ws
    sheet.ncols = 2 + len(PEOPLE_KEYS) + 2
    sheet.title(_title(report), _subtitle(report))
    heads = [tr("Name"), tr("Role"), *[measure_label(k) for k in PEOPLE_KEYS], tr("Sign-offs given"),
             tr("Returns given")]
    header_row = sheet.header(heads)
    total = Counts()
    signed = returned = 0
    for n, p in enumerate(report.people, 1):
        r = header_row + n
        sheet.put(r, 1, p.name)
        sheet.put(r, 2, role_label(p.role) if p.role else tr("(not registered)"))
        _people_counts(sheet, r, p.counts)
        sheet.put(r, 3 + len(PEOPLE_KEYS), p.signed_for_others, align=A_RIGHT)
        sheet.put(r, 4 + len(PEOPLE_KEYS), p.returned_others, align=A_RIGHT)
        total = total + p.counts
        signed += p.signed_for_others
        returned += p.returned_others
        tick()
    last = header_row + max(len(report.people), 1)
    r = last + 1
    sheet.put(r, 1, tr("Total"), font=F_BOLD, fill=FILL_TOTAL)
    sheet.put(r, 2, "", fill=FILL_TOTAL)
    _people_counts(sheet, r, total, font=F_BOLD, fill=FILL_TOTAL)
    sheet.put(r, 3 + len(PEOPLE_KEYS), signed, font=F_BOLD, fill=FILL_TOTAL, align=A_RIGHT)
    sheet.put(r, 4 + len(PEOPLE_KEYS), returned, font=F_BOLD, fill=FILL_TOTAL, align=A_RIGHT)
    sheet.put(r + 2, 1, tr("Items count for the person who created them; sign-offs and returns for the person who "
                           "gave them. Returns: every return in the period."), font=F_NOTE, border=False, measure=False)
    sheet.fit()
    ws.freeze_panes = f"B{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(sheet.ncols)}{last}"
    sheet.print_setup(f"1:{header_row}")


def _people_counts(sheet: Sheet, r: int, counts: Counts, font=F_BODY, fill=None) -> None:
    for i, key in enumerate(PEOPLE_KEYS, 3):
        value = counts.get(key)
        if key == "on_time_rate":
            sheet.put(r, i, value if value is not None else "—", font=font, fill=fill, align=A_RIGHT, fmt="0.0%")
        else:
            f = F_BAD if key == "overdue" and value and font is F_BODY else font
            sheet.put(r, i, value, font=f, fill=fill, align=A_RIGHT)


def _points_sheet(sheet: Sheet, report: Report, tick) -> None:
    """One table per rule on one grid: each category's lines, its subtotal, the total."""
    from core.scoring import fmt_points

    ws = sheet.ws
    sheet.title(_title(report), _subtitle(report))
    ws.sheet_view.showGridLines = False
    heads = [tr("Category"), tr("Line"), tr("Count"), tr("Full points"), tr("Points"), tr("Score"), tr("How")]
    first_header = None
    if not report.scores:
        sheet.put(4, 1, tr("No scoring rule is set for this unit."), font=F_NOTE, border=False, measure=False)
    for s in report.scores:
        rule = s.rule
        sheet.row += 1
        headline = tr("{name}: {score}", name=rule.name, score=fmt_points(s.total))
        if s.full is not None:
            headline += tr(" of {full}", full=fmt_points(s.full))
        sheet.put(sheet.row, 1, headline, font=F_SECTION, border=False, measure=False)
        sheet.heights[sheet.row] = 20
        note = "；".join(x for x in (tr("Source: {source}", source=rule.source) if rule.source else "", rule.description) if x)
        if note:
            sheet.row += 1
            sheet.put(sheet.row, 1, note, font=F_NOTE, align=A_WRAP, border=False, measure=False)
            ws.merge_cells(start_row=sheet.row, start_column=1, end_row=sheet.row, end_column=sheet.ncols)
            sheet.heights[sheet.row] = 13 * (1 + display_width(note) // 150)
        row = sheet.header(heads, row=sheet.row + 1)
        first_header = first_header or row
        by_cat: dict[str, list] = {}
        for ln in s.lines:
            by_cat.setdefault(ln.category, []).append(ln)

        def line_row(ln) -> None:
            sheet.row += 1
            r = sheet.row
            sheet.put(r, 1, ln.category_name or "—")
            sheet.put(r, 2, ln.name, align=A_WRAP)
            sheet.put(r, 3, ln.count, align=A_RIGHT)
            sheet.put(r, 4, None)
            sheet.put(r, 5, ln.points, align=A_RIGHT, fmt="0.00", font=F_BAD if ln.points < 0 else F_GOOD)
            sheet.put(r, 6, None)
            sheet.put(r, 7, ln.explanation, align=A_WRAP)

        if rule.categories and rule.method == "budget":
            for c in s.categories:
                for ln in by_cat.get(c.code, ()):
                    line_row(ln)
                sheet.row += 1
                r = sheet.row
                sheet.put(r, 1, c.name, font=F_BOLD, fill=FILL_SUBTOTAL)
                sheet.put(r, 2, tr("Subtotal"), font=F_BOLD, fill=FILL_SUBTOTAL)
                sheet.put(r, 3, sum(ln.count for ln in by_cat.get(c.code, ())), font=F_BOLD, fill=FILL_SUBTOTAL,
                          align=A_RIGHT)
                sheet.put(r, 4, c.full, font=F_BOLD, fill=FILL_SUBTOTAL, align=A_RIGHT, fmt="0.00")
                sheet.put(r, 5, c.earned - c.lost, font=F_BOLD, fill=FILL_SUBTOTAL, align=A_RIGHT, fmt="0.00")
                sheet.put(r, 6, c.score, font=F_BOLD, fill=FILL_SUBTOTAL, align=A_RIGHT, fmt="0.00")
                sheet.put(r, 7, c.explanation, font=F_BOLD, fill=FILL_SUBTOTAL, align=A_WRAP)
        else:
            for ln in s.lines:
                line_row(ln)
            if not s.lines:
                sheet.row += 1
                sheet.put(sheet.row, 1, tr("(nothing in this period earns or costs points)"), font=F_NOTE)
        sheet.row += 1
        r = sheet.row
        sheet.put(r, 1, tr("Total"), font=F_BOLD, fill=FILL_TOTAL)
        sheet.put(r, 2, "", fill=FILL_TOTAL)
        sheet.put(r, 3, sum(ln.count for ln in s.lines), font=F_BOLD, fill=FILL_TOTAL, align=A_RIGHT)
        sheet.put(r, 4, s.full if s.full is not None else "—", font=F_BOLD, fill=FILL_TOTAL, align=A_RIGHT, fmt="0.00")
        sheet.put(r, 5, sum(ln.points for ln in s.lines), font=F_BOLD, fill=FILL_TOTAL, align=A_RIGHT, fmt="0.00")
        sheet.put(r, 6, s.total, font=F_BOLD, fill=FILL_TOTAL, align=A_RIGHT, fmt="0.00")
        sheet.put(r, 7, s.explanation, font=F_BOLD, fill=FILL_TOTAL, align=A_WRAP)
        sheet.row += 1
        tick()
    sheet.row += 1
    sheet.put(sheet.row, 1, tr("Every item and column behind these points is listed on the sheet {sheet}.",
                                sheet=sheet_names()[5]), font=F_NOTE, border=False, measure=False)
    sheet.caps.update({1: 16, 2: 34, 7: 48})
    sheet.fit()
    for col, width in ((3, 7), (4, 8), (5, 8), (6, 8)):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A3"
    sheet.print_setup("1:2")


def _point_facts_sheet(sheet: Sheet, report: Report, tick) -> None:
    """Every fact behind the points: one filterable table for all rules."""
    ws = sheet.ws
    sheet.title(_title(report), _subtitle(report))
    header_row = sheet.header([tr("Scoring rule"), tr("Category"), tr("Line"), tr("Item or column"),
                               tr("What happened"), tr("Points"), tr("ID")])
    layout = ((F_BODY, A_WRAP, None), (F_BODY, A_LEFT, None), (F_BODY, A_WRAP, None), (F_BODY, A_WRAP, None),
              (F_BODY, A_WRAP, None), (F_BODY, A_RIGHT, "0.00"), (F_NOTE, A_LEFT, None))
    gains = [sheet.style_id(font, None, align, fmt, True) for font, align, fmt in layout]
    losses = list(gains)
    losses[5] = sheet.style_id(F_BAD, None, A_RIGHT, "0.00", True)
    for s in report.scores:
        for ln in s.lines:
            for sf in ln.facts:
                sheet.row += 1
                sheet.set_row(sheet.row, (s.rule.name, ln.category_name or "—", ln.name, sf.fact.subject,
                                          sf.fact.detail, sf.points, (sf.fact.item_id or sf.fact.column_id)[:8]),
                              losses if sf.points < 0 else gains, ALL_MEASURED)
                if sheet.row % 250 == 0:
                    tick(250)
    if sheet.row == header_row:
        sheet.put(header_row + 1, 1, tr("(nothing in this period earns or costs points)"), font=F_NOTE)
    last = max(sheet.row, header_row + 1)
    ws.auto_filter.ref = f"A{header_row}:G{last}"
    sheet.caps.update({1: 36, 2: 14, 3: 30, 4: 44, 5: 44})
    sheet.fit()
    ws.freeze_panes = f"A{header_row + 1}"
    sheet.print_setup(f"1:{header_row}")
