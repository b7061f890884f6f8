"""The queues on the left of the main window, each with a live count.

草稿, 待签发, 被退回, 已签发, 已报送, 已发布, 全部, 已撤回; a supervisor sees 待我签发 first
(queued items they did not create or edit: a second person must sign off)."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from core.model import Person
from gui.widgets import icon
from storage.database import ItemFilter

CountRole = Qt.ItemDataRole.UserRole + 1
KeyRole = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Queue:
    key: str
    states: tuple[str, ...] = ()
    exclude_contributor: str = ""

    def item_filter(self) -> ItemFilter:
        return ItemFilter(states=self.states, exclude_contributor=self.exclude_contributor)


STATE_QUEUES = ("draft", "queued", "returned", "signed_off", "submitted", "published")


def queues_for(person: Person | None) -> list[Queue]:
    out: list[Queue] = []
    if person is not None and person.role == "supervisor":
        out.append(Queue("to_sign", ("queued",), person.name))
    out.extend(Queue(s, (s,)) for s in STATE_QUEUES)
    out.append(Queue("all"))
    out.append(Queue("withdrawn", ("withdrawn",)))
    return out


class QueueModel(QAbstractListModel):
    """The list of queues; ``refresh_counts`` reads the counts from the database."""

    def __init__(self, db, person: Person | None = None, parent=None):
        super().__init__(parent)
        self.db = db
        self.person = person
        self._queues = queues_for(person)
        self._counts: dict[str, int] = {}
        self.refresh_counts()

    def set_person(self, person: Person | None) -> None:
        self.beginResetModel()
        self.person = person
        self._queues = queues_for(person)
        self._counts = {}
        self.endResetModel()
        self.refresh_counts()

    def queues(self) -> list[Queue]:
        return list(self._queues)

    def queue(self, row: int) -> Queue | None:
        return self._queues[row] if 0 <= row < len(self._queues) else None

    def row_of(self, key: str) -> int:
        for i, q in enumerate(self._queues):
            if q.key == key:
                return i
        return -1

    def counts(self) -> dict[str, int]:
        return dict(self._counts)

    def refresh_counts(self) -> None:
        by_state = self.db.state_counts()
        counts: dict[str, int] = {}
        for q in self._queues:
            if q.key == "all":
                counts[q.key] = sum(by_state.values())
            elif q.exclude_contributor:
                counts[q.key] = self.db.count_items(q.item_filter())
            else:
                counts[q.key] = sum(by_state.get(s, 0) for s in q.states)
        if counts != self._counts:
            self._counts = counts
            if self._queues:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._queues) - 1, 0))

    def label(self, key: str) -> str:
        return {
            "to_sign": self.tr("To sign off"),
            "draft": self.tr("Drafts"),
            "queued": self.tr("Awaiting sign-off"),
            "returned": self.tr("Returned"),
            "signed_off": self.tr("Signed off"),
            "submitted": self.tr("Submitted"),
            "published": self.tr("Published"),
            "all": self.tr("All items"),
            "withdrawn": self.tr("Withdrawn"),
        }.get(key, key)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._queues)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._queues):
            return None
        q = self._queues[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.label(q.key)
        if role == CountRole:
            return self._counts.get(q.key, 0)
        if role == KeyRole:
            return q.key
        if role == Qt.ItemDataRole.DecorationRole:
            return icon("queue_mine" if q.key == "to_sign" else f"queue_{q.key}")
        if role == Qt.ItemDataRole.ToolTipRole:
            if q.key == "to_sign":
                return self.tr("Items awaiting sign-off that you did not create or edit: {n}").format(
                    n=self._counts.get(q.key, 0))
            return self.tr("{queue}: {n} items").format(queue=self.label(q.key), n=self._counts.get(q.key, 0))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.label(q.key)} {self._counts.get(q.key, 0)}"
        if role == Qt.ItemDataRole.FontRole and q.key == "to_sign":
            f = QFont()
            f.setBold(True)
            return f
        return None


class QueueDelegate(QStyledItemDelegate):
    """Draws the queue name with its count as a rounded badge on the right."""

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 48, max(size.height() + 10, 30))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        super().paint(painter, option, index)
        count = index.data(CountRole)
        if count is None:
            return
        text = str(count)
        painter.save()
        f = QFont(option.font)
        f.setPointSizeF(max(7.0, f.pointSizeF() * 0.9))
        painter.setFont(f)
        fm = painter.fontMetrics()
        w = max(fm.horizontalAdvance(text) + 14, 24)
        h = fm.height() + 4
        r = QRect(option.rect.right() - w - 8, option.rect.center().y() - h // 2, w, h)
        urgent = index.data(KeyRole) in ("to_sign", "returned") and count > 0
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        bg = QColor("#c62828") if urgent else QColor("#e0e0e0")
        fg = QColor("#ffffff") if urgent else option.palette.color(QPalette.ColorRole.Text)
        if selected and not urgent:
            bg = option.palette.color(QPalette.ColorRole.Base)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bg)
        painter.drawRoundedRect(r, h / 2, h / 2)
        painter.setPen(fg)
        painter.drawText(r, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()


class QueueList(QListView):
    def __init__(self, model: QueueModel, parent=None):
        super().__init__(parent)
        self.setObjectName("queueList")
        self.setModel(model)
        self.setItemDelegate(QueueDelegate(self))
        self.setUniformItemSizes(True)
        self.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.setIconSize(QSize(18, 18))
        self.setMinimumWidth(140)
