"""栏目与时限 — the unit's columns with how fresh each is, and the unit's health against the
national inspection thresholds (国办秘函〔2019〕19号), each failing line naming its columns."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QTableView,
                               QVBoxLayout, QWidget)

from core import clock
from gui.widgets import BACKGROUNDS, colour, esc, status_icon


class ColumnFreshnessModel(QAbstractTableModel):
    HEADERS = ("path", "kind", "rule", "last_update", "days", "next_due", "status")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple] = []  # (Column, Freshness)

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, r: int):
        return self._rows[r] if 0 <= r < len(self._rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def status_text(self, status: str) -> str:
        return {"fresh": self.tr("fresh"), "due_soon": self.tr("due soon"), "stale": self.tr("stale"),
                "empty": self.tr("empty")}.get(status, status)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or index.column() >= len(self.HEADERS):
            return None
        col, fr = self._rows[index.row()]
        key = self.HEADERS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "path":
                return col.path
            if key == "kind":
                try:
                    from core.schedule import kind_label
                except ImportError:  # pragma: no cover
                    return col.kind
                return kind_label(col.kind)
            if key == "rule":
                return col.update_rule
            if key == "last_update":
                return fr.last_update.astimezone(clock.TZ).strftime("%Y-%m-%d") if fr.last_update else ""
            if key == "days":
                if fr.days_since is None:
                    return self.tr("— / {i}").format(i=fr.interval_days)
                return self.tr("{d} / {i}").format(d=fr.days_since, i=fr.interval_days)
            if key == "next_due":
                return fr.next_due.isoformat() if fr.next_due else ""
            if key == "status":
                return self.status_text(fr.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "days":
                return self.tr("Days since the last update / days allowed between updates")
            if key == "status":
                if fr.status == "empty":
                    return self.tr("Nothing was ever submitted or published in this column.")
                if fr.status == "stale":
                    return self.tr("Not updated for {d} days; at most {i} days allowed.").format(
                        d=fr.days_since, i=fr.interval_days)
                if fr.status == "due_soon":
                    return self.tr("Update it by {date}.").format(date=fr.next_due.isoformat() if fr.next_due else "")
                return self.tr("Updated {d} days ago.").format(d=fr.days_since)
            if key == "path":
                return "\n".join(x for x in (col.path, col.content, col.supplier) if x)
        if role == Qt.ItemDataRole.DecorationRole and key == "status":
            return status_icon(fr.status)
        if role == Qt.ItemDataRole.ForegroundRole and key == "status":
            return QBrush(colour(fr.status))
        if role == Qt.ItemDataRole.BackgroundRole and fr.status in ("stale", "due_soon"):
            return QBrush(QColor(BACKGROUNDS[fr.status]))
        if role == Qt.ItemDataRole.UserRole:
            return fr.status
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if not 0 <= section < len(self.HEADERS):
            return None
        return {"path": self.tr("Column"), "kind": self.tr("Kind"), "rule": self.tr("Update rule"),
                "last_update": self.tr("Last update"), "days": self.tr("Days"),
                "next_due": self.tr("Fresh until"), "status": self.tr("Status")}[self.HEADERS[section]]

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class ColumnsView(QWidget):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("columnsView")
        self.session = session
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        self.health_label = QLabel(self)
        self.health_label.setObjectName("health")
        self.health_label.setTextFormat(Qt.TextFormat.RichText)
        self.health_label.setWordWrap(True)
        self.health_label.setStyleSheet("QLabel#health { background: #fafafa; border: 1px solid #ddd;"
                                        " border-radius: 4px; padding: 8px; }")
        lay.addWidget(self.health_label)
        bar = QHBoxLayout()
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("summary")
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.addItem(self.tr("All columns"), "")
        for s in ("stale", "due_soon", "empty", "fresh"):
            self.status_filter.addItem(status_icon(s), ColumnFreshnessModel().status_text(s), s)
        bar.addWidget(self.summary_label, 1)
        bar.addWidget(QLabel(self.tr("Show:"), self))
        bar.addWidget(self.status_filter)
        lay.addLayout(bar)
        self.model = ColumnFreshnessModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("columnsTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        hh = self.table.horizontalHeader()
        for i, w in enumerate((280, 110, 170, 100, 80, 100, 90)):
            hh.resizeSection(i, w)
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        lay.addWidget(self.table, 1)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.session.items_changed.connect(lambda _ids: self.reload())
        self.session.settings_changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        db = self.session.db
        try:
            from core.schedule import freshness_all, health_summary
        except ImportError:  # pragma: no cover - schedule not installed
            self.health_label.setText(esc(self.tr("Column deadlines are not installed in this build.")))
            return
        columns = db.columns()
        now = clock.now()
        fresh = freshness_all(columns, db.column_last_updates(), now)
        self.health = health_summary(fresh, columns)
        by_status: dict[str, int] = {}
        for f in fresh:
            by_status[f.status] = by_status.get(f.status, 0) + 1
        tr_1 = self.tr("Health of the unit’s columns")
        lines = [f'<b>{esc(tr_1)}</b>']
        for h in self.health:
            icon_char = "✔" if h.passed else "✘"
            col = "#2e7d32" if h.passed else "#c62828"
            lines.append(f'<span style="color:{col}">{icon_char}</span> '
                         f'<span style="color:{"#000" if h.passed else col}">{esc(h.message)}</span>')
        self.health_label.setText("<br>".join(lines))
        wanted = self.status_filter.currentData() or ""
        order = {"stale": 0, "due_soon": 1, "empty": 2, "fresh": 3}
        rows = [(c, f) for c, f in zip(columns, fresh) if not wanted or f.status == wanted]
        rows.sort(key=lambda cf: (order.get(cf[1].status, 9), -(cf[1].days_since or 0)))
        self.model.set_rows(rows)
        m = self.model
        self.summary_label.setText(self.tr("{n} columns: {stale} stale, {soon} due soon, {empty} empty, {fresh} fresh.").format(
            n=len(columns), stale=by_status.get("stale", 0), soon=by_status.get("due_soon", 0),
            empty=by_status.get("empty", 0), fresh=by_status.get("fresh", 0)))
        del m
