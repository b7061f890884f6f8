"""The item list's table model, built like Anki's browser table: it holds only the row
numbers (``seq``) of the items that match the current :class:`ItemFilter`, and fetches the
few fields a row shows (``Database.item_summaries``) a page at a time, the first time
``data()`` needs them, into a bounded cache. Search, filters and sorting run in SQL, so the
list stays instant with 100 000 items."""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections import OrderedDict
from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from core import clock
from core.content_types import registry
from core.model import OPEN_STATES
from core.errors import UserError
from core.workflow import state_label
from gui.widgets import colour, status_icon
from storage.database import ItemFilter


COLUMNS = ("title", "column", "type", "author", "event_date", "due_at", "state")

IdRole = Qt.ItemDataRole.UserRole + 1
SeqRole = Qt.ItemDataRole.UserRole + 2
StateRole = Qt.ItemDataRole.UserRole + 3
DueStatusRole = Qt.ItemDataRole.UserRole + 4
SummaryRole = Qt.ItemDataRole.UserRole + 5


def due_status_of(summary: dict, now: dt.datetime) -> str:
    """"overdue" | "due_soon" | "ok" | "none" for a list row (``none`` once the item went out)."""
    if summary.get("state") not in OPEN_STATES or not summary.get("due_at"):
        return "none"
    try:
        from core.schedule import due_status
    except ImportError:  # pragma: no cover - schedule not installed
        return "none"
    return due_status(clock.parse_datetime(summary["due_at"]), now)


class ItemTableModel(QAbstractTableModel):
    """Rows are item seqs; a row's fields are fetched on first display."""

    PAGE = 250
    CACHE_LIMIT = 5000

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self._filter = ItemFilter()
        self._seqs: Sequence[int] = []  # an ItemList: counted at once, read a window at a time
        self._pos: dict[int, int] = {}  # seq → row, remembered as rows are looked up
        self._cache: OrderedDict[int, dict] = OrderedDict()
        self._now = clock.now()
        self._type_labels: dict[str, str] = {}
        self.fetches = 0  # how many pages were read (tests and timing)

    # ------------------------------------------------------------ the filter
    def item_filter(self) -> ItemFilter:
        return self._filter

    def set_filter(self, flt: ItemFilter) -> None:
        """Show the items matching ``flt`` (keeps the current sort unless ``flt`` sets it)."""
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        """Run the query again (after edits, or when time passes for due colours)."""
        self.beginResetModel()
        self._seqs = self.db.item_list(self._filter)
        self._pos = {}
        self._cache.clear()
        self._type_labels.clear()
        self._now = clock.now()
        self.endResetModel()

    def forget(self, item_ids=()) -> None:
        """Drop cached rows (all when ``item_ids`` is empty) so they are read again."""
        if not item_ids:
            self._cache.clear()
        else:
            wanted = set(item_ids)
            for seq in [s for s, summ in self._cache.items() if summ["id"] in wanted]:
                del self._cache[seq]
        if self._seqs:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._seqs) - 1, len(COLUMNS) - 1))

    # ------------------------------------------------------------- the rows
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._seqs)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def seqs(self) -> list[int]:
        return list(self._seqs)

    def row_of(self, item_id: str) -> int:
        """The row showing ``item_id`` or -1."""
        seq = next((s for s, summ in self._cache.items() if summ["id"] == item_id), None)
        if seq is None:
            row = self.db.conn.execute("SELECT seq FROM items WHERE id = ?", (item_id,)).fetchone()
            if not row:
                return -1
            seq = row[0]
        return self._row_of_seq(seq)

    def _row_of_seq(self, seq: int) -> int:
        row = self._pos.get(seq)
        if row is None:
            try:  # on an ItemList: the windows already read, else one COUNT of the rows before it
                row = self._seqs.index(seq)
            except ValueError:
                row = -1
            self._pos[seq] = row
        return row

    def summary(self, row: int) -> dict | None:
        if row < 0 or row >= len(self._seqs):
            return None
        try:
            seq = self._seqs[row]
        except IndexError:  # items went away since the count: the next reload shows it
            return None
        summ = self._cache.get(seq)
        if summ is None:
            self._fetch_around(row)
            summ = self._cache.get(seq)
        else:
            self._cache.move_to_end(seq)
        return summ

    def item_id(self, row: int) -> str | None:
        summ = self.summary(row)
        return summ["id"] if summ else None

    def _fetch_around(self, row: int) -> None:
        start = max(0, row - self.PAGE // 5)
        wanted = [s for s in self._seqs[start:start + self.PAGE] if s not in self._cache]
        got = self.db.item_summaries(wanted)
        self.fetches += 1
        for s in wanted:
            if s in got:
                self._cache[s] = got[s]
            else:  # deleted since the query: keep a placeholder so the view does not break
                self._cache[s] = {"seq": s, "id": "", "title": "", "column_id": "", "content_type": "",
                                  "created_by": "", "event_date": None, "due_at": None, "state": "",
                                  "updated_at": None, "contributors": []}
        while len(self._cache) > self.CACHE_LIMIT:
            self._cache.popitem(last=False)

    def cached_rows(self) -> int:
        return len(self._cache)

    # ------------------------------------------------------------- display
    def _type_label(self, code: str) -> str:
        label = self._type_labels.get(code)
        if label is None:
            try:
                label = registry().get(code).label
            except UserError:
                label = code
            self._type_labels[code] = label
        return label

    def _column_name(self, column_id: str) -> str:
        if not column_id:
            return ""
        col = self.db.column(column_id)
        return col.name if col else column_id

    def _display(self, summ: dict, key: str) -> str:
        if key == "title":
            return summ["title"]
        if key == "column":
            return self._column_name(summ["column_id"])
        if key == "type":
            return self._type_label(summ["content_type"])
        if key == "author":
            return summ["created_by"]
        if key == "event_date":
            return (summ["event_date"] or "")[:10]
        if key == "due_at":
            if not summ["due_at"]:
                return ""
            due = clock.parse_datetime(summ["due_at"]).astimezone(clock.TZ)
            return due.strftime("%Y-%m-%d %H:%M")
        if key == "state":
            return state_label(summ["state"]) if summ["state"] else ""
        return ""

    def _due_tooltip(self, summ: dict, status: str) -> str:
        col = self.db.column(summ["column_id"]) if summ["column_id"] else None
        rule = col.update_rule if col and col.update_rule else self.tr("(no rule)")
        name = col.name if col else self.tr("(no column)")
        due = self._display(summ, "due_at")
        if status == "overdue":
            head = self.tr("Overdue: was due {due}").format(due=due)
        elif status == "due_soon":
            head = self.tr("Due soon: due {due}").format(due=due)
        else:
            head = self.tr("Due {due}").format(due=due) if due else self.tr("No deadline")
        return head + "\n" + self.tr("Rule of the column “{column}”: {rule}").format(column=name, rule=rule)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._seqs) or index.column() >= len(COLUMNS):
            return None
        summ = self.summary(index.row())
        if summ is None:
            return None
        view = summ.get("_view")
        if view is None:  # what the row shows, worked out once (a repaint asks every role of every cell)
            view = summ["_view"] = ([self._display(summ, k) for k in COLUMNS], due_status_of(summ, self._now))
        column = index.column()
        key = COLUMNS[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return view[0][column]
        if role == IdRole:
            return summ["id"]
        if role == SeqRole:
            return summ["seq"]
        if role == StateRole:
            return summ["state"]
        if role == SummaryRole:
            return {k: v for k, v in summ.items() if k != "_view"}
        status = view[1]
        if role == DueStatusRole:
            return status
        if role == Qt.ItemDataRole.ToolTipRole:
            if key in ("due_at", "title") and summ.get("due_at") or status in ("overdue", "due_soon"):
                return self._due_tooltip(summ, status)
            if key == "title":
                return summ["title"]
            return None
        if role == Qt.ItemDataRole.DecorationRole and key == "due_at" and status in ("overdue", "due_soon"):
            return status_icon(status)
        if role == Qt.ItemDataRole.ForegroundRole and status in ("overdue", "due_soon") and key in ("due_at", "title"):
            return QBrush(colour(status))
        if role == Qt.ItemDataRole.FontRole and status == "overdue" and key == "due_at":
            f = QFont()
            f.setBold(True)
            return f
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.header_label(COLUMNS[section])
            return None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._seqs):
            return str(section + 1)
        return None

    def header_label(self, key: str) -> str:
        return {
            "title": self.tr("Title"),
            "column": self.tr("Column"),
            "type": self.tr("Type"),
            "author": self.tr("Author"),
            "event_date": self.tr("Event date"),
            "due_at": self.tr("Due"),
            "state": self.tr("State"),
        }[key]

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # ---------------------------------------------------------------- sorting
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL: the query runs again with ``ItemFilter.sort``/``descending``."""
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column]
        descending = order == Qt.SortOrder.DescendingOrder
        if self._filter.sort == key and self._filter.descending == descending and self._seqs:
            return
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_seqs = [self._seqs[i.row()] if i.row() < len(self._seqs) else None for i in old_persistent]
        self._filter = dataclasses.replace(self._filter, sort=key, descending=descending)
        self._seqs = self.db.item_list(self._filter)
        self._pos = {}
        new_indexes = []
        for idx, seq in zip(old_persistent, old_seqs):  # the few persistent rows (selection, current)
            r = self._row_of_seq(seq) if seq is not None else -1
            new_indexes.append(self.index(r, idx.column()) if r >= 0 else QModelIndex())
        self.changePersistentIndexList(old_persistent, new_indexes)
        self.layoutChanged.emit()

    def sort_column(self) -> int:
        key = self._filter.sort
        return COLUMNS.index(key) if key in COLUMNS else -1
