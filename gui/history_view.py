"""An item's history: the audit entries (who did what, when) and its saved versions, with
the difference between any two versions."""
from __future__ import annotations

import json

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QSplitter,
                               QTableView, QTextBrowser, QVBoxLayout, QWidget)

from core import clock
from core.content_types import registry
from core.workflow import action_label, state_label
from gui.widgets import content_lines, diff_paragraphs_html, esc


def _time(text: str) -> str:
    try:
        return clock.parse_datetime(text).astimezone(clock.TZ).strftime("%Y-%m-%d %H:%M:%S")
    except (ValueError, TypeError):
        return text or ""


class AuditModel(QAbstractTableModel):
    """The audit entries of one item, oldest first."""

    HEADERS = ("time", "actor", "action", "details")

    def __init__(self, entries=(), parent=None):
        super().__init__(parent)
        self._entries = list(entries)

    def set_entries(self, entries) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entry(self, row: int):
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def action_text(self, action: str) -> str:
        own = {
            "create": self.tr("created"),
            "edit": self.tr("edited"),
            "review": self.tr("self-reviewed"),
            "export": self.tr("exported"),
            "import": self.tr("imported"),
        }
        return own.get(action) or action_label(action)

    def details_text(self, e) -> str:
        d = dict(e.details or {})
        parts = []
        if "from_state" in d and "to_state" in d:
            parts.append(f"{state_label(d.pop('from_state'))} → {state_label(d.pop('to_state'))}")
        if d.get("reason"):
            parts.append(self.tr("reason: {r}").format(r=d.pop("reason")))
        if d.get("comment"):
            parts.append(self.tr("comment: {c}").format(c=d.pop("comment")))
        if "version" in d:
            parts.append(self.tr("version {n}").format(n=d.pop("version")))
        if "content_hash" in d:
            parts.append(self.tr("content {h}").format(h=str(d.pop("content_hash"))[:12]))
        if d.get("title"):
            parts.append(str(d.pop("title")))
        if d.get("signoff_voided"):
            d.pop("signoff_voided")
            parts.append(self.tr("sign-off voided"))
        d.pop("signoff_voided", None)
        for k, v in d.items():
            if v in (None, "", [], {}):
                continue
            parts.append(f"{k}: {v if isinstance(v, (str, int, float)) else json.dumps(v, ensure_ascii=False)}")
        return "；".join(parts)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._entries) or index.column() >= len(self.HEADERS):
            return None
        e = self._entries[index.row()]
        key = self.HEADERS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if key == "time":
                return _time(e.at)
            if key == "actor":
                return e.actor
            if key == "action":
                return self.action_text(e.action)
            text = self.details_text(e)
            if role == Qt.ItemDataRole.ToolTipRole:
                return text + "\n" + self.tr("entry {seq}, hash {h}").format(seq=e.seq, h=e.hash[:16])
            return text
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if not 0 <= section < len(self.HEADERS):
            return None
        return {"time": self.tr("Time"), "actor": self.tr("Who"), "action": self.tr("What"),
                "details": self.tr("Details")}[self.HEADERS[section]]

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class HistoryView(QWidget):
    def __init__(self, session, item_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("historyView")
        self.session = session
        self._item_id = item_id
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        self.header = QLabel(self)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.header)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.audit_model = AuditModel(parent=self)
        self.audit_table = QTableView(split)
        self.audit_table.setObjectName("auditTable")
        self.audit_table.setModel(self.audit_model)
        self.audit_table.verticalHeader().hide()
        self.audit_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.audit_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.audit_table.setAlternatingRowColors(True)
        self.audit_table.setWordWrap(False)
        hh = self.audit_table.horizontalHeader()
        hh.resizeSection(0, 150)
        hh.resizeSection(1, 80)
        hh.resizeSection(2, 110)
        hh.setStretchLastSection(True)
        hh.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

        lower = QWidget(split)
        ll = QVBoxLayout(lower)
        ll.setContentsMargins(0, 0, 0, 0)
        pick = QHBoxLayout()
        self.from_combo = QComboBox(lower)
        self.from_combo.setObjectName("fromVersion")
        self.to_combo = QComboBox(lower)
        self.to_combo.setObjectName("toVersion")
        pick.addWidget(QLabel(self.tr("Compare version"), lower))
        pick.addWidget(self.from_combo, 1)
        pick.addWidget(QLabel(self.tr("with"), lower))
        pick.addWidget(self.to_combo, 1)
        ll.addLayout(pick)
        self.diff_view = QTextBrowser(lower)
        self.diff_view.setObjectName("diff")
        ll.addWidget(self.diff_view, 1)
        split.addWidget(self.audit_table)
        split.addWidget(lower)
        split.setSizes([300, 400])
        lay.addWidget(split, 1)
        self.from_combo.currentIndexChanged.connect(lambda _i: self.show_diff())
        self.to_combo.currentIndexChanged.connect(lambda _i: self.show_diff())
        self.reload()

    def item_id(self) -> str:
        return self._item_id

    def reload(self) -> None:
        db = self.session.db
        item = db.get_item(self._item_id)
        tr_3 = self.tr("{n} versions")
        self.header.setText(f"<b>{esc(item.title)}</b> — {esc(state_label(item.state))} · "
                            f'{esc(tr_3.format(n=item.version))}')
        self.audit_model.set_entries(db.audit_entries(self._item_id))
        self.versions = db.versions(self._item_id)
        for combo in (self.from_combo, self.to_combo):
            combo.blockSignals(True)
            combo.clear()
            for v in self.versions:
                combo.addItem(self.tr("v{n} · {time} · {who} · {state}").format(
                    n=v["version"], time=_time(v["saved_at"])[:16], who=v["saved_by"], state=state_label(v["state"])),
                    v["version"])
            combo.blockSignals(False)
        n = len(self.versions)
        self.from_combo.setCurrentIndex(max(0, n - 2))
        self.to_combo.setCurrentIndex(max(0, n - 1))
        self.show_diff()

    def compare(self, old_version: int, new_version: int) -> str:
        """Select two versions and return the diff shown (HTML)."""
        self.from_combo.setCurrentIndex(self.from_combo.findData(old_version))
        self.to_combo.setCurrentIndex(self.to_combo.findData(new_version))
        self.show_diff()
        return self.diff_view.toHtml()

    def show_diff(self) -> None:
        by_v = {v["version"]: v for v in self.versions}
        a = by_v.get(self.from_combo.currentData())
        b = by_v.get(self.to_combo.currentData())
        if a is None or b is None:
            tr_2 = self.tr("No versions saved.")
            self.diff_view.setHtml(f'<p>{esc(tr_2)}</p>')
            return

        def label(code: str) -> str:
            return registry().element(code).label

        old, new = content_lines(a["content"], label), content_lines(b["content"], label)
        if a["version"] == b["version"]:
            head = self.tr("Version {n}:").format(n=a["version"])
        else:
            head = self.tr("From version {a} to version {b}:").format(a=a["version"], b=b["version"])
        tr_1 = self.tr("The two versions have the same content.")
        body = diff_paragraphs_html(old, new) if old != new else (
            f'<p style="color:#777">{esc(tr_1)}</p>'
            + "".join(f"<p>{esc(x)}</p>" for x in new))
        self.diff_view.setHtml(f"<p><b>{esc(head)}</b></p>{body}")
