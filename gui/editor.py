"""The item editor (信息编辑): one item's fields, body, pictures and self-review.

    editor = ItemEditor(session, item_id=None, content_type="work_news")
    editor.saved.connect(...)       # str: the item id, after every save
    editor.submitted.connect(...)   # str: the item id, once it is queued for sign-off
    editor.save() -> bool; editor.has_unsaved_changes() -> bool; editor.item_id

The fields follow the content type: required elements are marked with *, and what is
missing or malformed is said next to the field as the officer types
(``core.content_types.validate``). The body is one paragraph per line. Findings of the
confidentiality scan are underlined in the body a moment after the last keystroke, and
the review panel beside the editor lists them with the checklist and the gate.

Unsaved edits are written to a recovery slot (``storage.recovery``) a few seconds after
the last keystroke; a clean save or a discard removes it. ``pending_recoveries(db)`` and
:meth:`ItemEditor.from_recovery` restore what a crash left behind.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QObject, QRunnable, QSignalBlocker, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QCalendarWidget, QComboBox, QFormLayout, QHBoxLayout, QInputDialog, QLabel, QLineEdit,
                               QMenu, QMessageBox, QPlainTextEdit, QPushButton, QScrollArea, QSplitter, QToolButton,
                               QVBoxLayout, QWidget, QWidgetAction)

from core.content_types import registry, validate
from core.errors import UserError
from core.hashing import content_hash
from core.model import Finding, Item
from gui.attachments_panel import AttachmentsPanel
from gui.body_edit import BodyEdit
from gui.highlighter import FindingHighlighter, Mark
from storage import recovery

# States whose items open read-only.
READ_ONLY_STATES = ("submitted", "published", "withdrawn")
# Text elements that take several lines.
LONG_ELEMENTS = frozenset({"duties", "guide", "leaders", "sub_units"})
SCAN_DELAY_MS = 300
# Attachments larger than this are scanned off the GUI thread.
SYNC_ATTACHMENT_SCAN_BYTES = 512 * 1024
AUTOSAVE_DELAY_MS = 2000
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

PLACEHOLDERS = {
    "doc_number": "深府办〔2010〕76号",
    "phone": "0755-88888888",
    "email": "office@example.gov.cn",
    "url": "https://www.example.gov.cn",
}


def parse_date_text(text: str) -> tuple[dt.date | None, bool]:
    """(date, ok): "" is (None, True); "2026-11-20" or "2026/11/20" or "2026年11月20日" parse."""
    text = text.strip()
    if not text:
        return None, True
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if not m:
        return None, False
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), True
    except ValueError:
        return None, False


class DateField(QWidget):
    """A date typed as YYYY-MM-DD, or picked from a calendar; may stay empty."""

    textChanged = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.line = QLineEdit(self)
        self.line.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.line.textChanged.connect(self.textChanged)
        self.button = QToolButton(self)
        self.button.setText("…")
        self.button.setToolTip(self.tr("Pick a date"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.button)
        self.calendar = QCalendarWidget(menu)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self.button.setMenu(menu)
        menu.aboutToShow.connect(self._sync_calendar)
        today = QPushButton(self.tr("Today"), self)
        today.setAutoDefault(False)
        today.clicked.connect(lambda: self.set_date(dt.date.today()))
        self.today_button = today
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.button)
        layout.addWidget(today)

    def text(self) -> str:
        return self.line.text()

    def setText(self, text: str) -> None:
        self.line.setText(text)

    def date(self) -> dt.date | None:
        return parse_date_text(self.text())[0]

    def set_date(self, value: dt.date | None) -> None:
        self.line.setText(value.isoformat() if value else "")

    def setReadOnly(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)
        self.button.setEnabled(not read_only)
        self.today_button.setEnabled(not read_only)

    def _sync_calendar(self) -> None:
        d = self.date()
        if d:
            self.calendar.setSelectedDate(QDate(d.year, d.month, d.day))

    def _picked(self, qdate: QDate) -> None:
        self.set_date(dt.date(qdate.year(), qdate.month(), qdate.day()))
        self.button.menu().hide()


class _ProblemLabel(QLabel):
    """The inline message next to a field (hidden when there is none)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        # no word wrap: a wrapping label makes the form ask for height-for-width, which the
        # scroll area around it does not honour (rows get squeezed)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet("color: #c00000")
        self.hide()

    def show_messages(self, messages) -> None:
        text = "\n".join(m for m in messages if m)
        if text != self.text():
            self.setText(text)
        self.setVisible(bool(text))


class ItemEditor(QWidget):
    """Edit one item (new when ``item_id`` is None)."""

    saved = Signal(str)
    submitted = Signal(str)
    # Emitted whenever the content changes (the window may mark its tab).
    changed = Signal()
    # The item's title as typed (for a tab or window title).
    title_changed = Signal(str)

    def __init__(self, session, item_id: str | None = None, content_type: str = "work_news", parent=None):
        super().__init__(parent)
        self.session = session
        self.db = session.db
        self._item: Item | None = self.db.get_item(item_id) if item_id else None
        self._unit_name = self.db.unit().name
        self._slot_id = recovery.new_slot_id()
        self._read_only = False
        self._loading = False
        self._baseline = ""
        self._element_values: dict[str, str] = {}
        self._element_widgets: dict[str, QWidget] = {}
        self._element_problems: dict[str, _ProblemLabel] = {}
        self._para_blocks: list[int] = []
        self._findings: list[Finding] = []
        self._attachment_findings: dict[tuple[str, str], list[Finding]] = {}
        self._attachment_scans: dict[tuple[str, str], QObject] = {}
        self._scan_pool = QThreadPool(self)
        self._scan_pool.setMaxThreadCount(1)
        self._notes: list[str] = []
        # Dialog hooks: tests replace them to answer without a modal loop.
        self.confirm = self._confirm_dialog          # (title, text) -> bool
        self.show_error = self._error_dialog         # (text) -> None
        self.ask_justification = self._justification_dialog  # (finding) -> str | None

        self._build_ui()
        self._scan_timer = QTimer(self)
        self._scan_timer.setSingleShot(True)
        self._scan_timer.setInterval(SCAN_DELAY_MS)
        self._scan_timer.timeout.connect(self.rescan)
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave_timer.timeout.connect(self.autosave)

        start = self._item or Item(id="", title="", content_type=self._valid_type(content_type),
                                   unit=self._unit_name)
        self._load(start)
        self._mark_clean()
        self.destroyed.connect(lambda *_a, slot=self._slot_id: recovery.release_slot(slot))

    # ================================================================== building
    def _build_ui(self) -> None:
        reg = registry()
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setStyleSheet("background: #fff4d6; border: 1px solid #e0c070; padding: 6px")
        self.banner.hide()

        self.type_combo = QComboBox(self)
        for ct in reg.types.values():
            self.type_combo.addItem(ct.label, ct.code)
        self.type_combo.currentIndexChanged.connect(self._on_type_changed)
        self.column_combo = QComboBox(self)
        self.column_combo.addItem(self.tr("(no column)"), "")
        for col in self.db.columns():
            self.column_combo.addItem(col.path, col.id)
        self.column_combo.currentIndexChanged.connect(self._on_changed)

        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText(self.tr("Title of the item"))
        self.title_edit.textChanged.connect(self._on_changed)
        self.title_edit.textChanged.connect(self.title_changed)
        self.title_problem = _ProblemLabel(self)
        self.event_date = DateField(self)
        self.event_date.setToolTip(self.tr("The day the event happened (信息发生日期): deadlines count from it"))
        self.event_date.textChanged.connect(self._on_changed)
        self.event_date_problem = _ProblemLabel(self)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow(self.tr("Content type"), self.type_combo)
        self.form.addRow(self.tr("Column"), self.column_combo)
        self.form.addRow(self._label_for("title", True), self._with_problem(self.title_edit, self.title_problem))
        self.form.addRow(self.tr("Event date"), self._with_problem(self.event_date, self.event_date_problem))
        self._fixed_rows = self.form.rowCount()
        form_widget = QWidget(self)
        form_widget.setLayout(self.form)
        form_scroll = QScrollArea(self)
        form_scroll.setWidgetResizable(True)
        form_scroll.setWidget(form_widget)
        form_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.body_label = QLabel(self)
        self.body = BodyEdit(self)
        self.body.setPlaceholderText(self.tr("Body: one paragraph per line. Text pasted from Word keeps only the text."))
        self.body.textChanged.connect(self._on_changed)
        self.body.tooltip_provider = self._body_tooltip
        self.body_problem = _ProblemLabel(self)
        self.highlighter = FindingHighlighter(self.body.document())
        self._lines: list[str] = [""]
        self.body.document().contentsChange.connect(self._on_body_edit)
        body_box = QWidget(self)
        bl = QVBoxLayout(body_box)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.body_label)
        bl.addWidget(self.body, 1)
        bl.addWidget(self.body_problem)

        self.attachments = AttachmentsPanel(self.session, self)
        self.attachments.changed.connect(self._on_changed)

        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setToolTip(self.tr("Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setStyleSheet("color: #666")
        self.save_action = QAction(self.tr("Save"), self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_action.triggered.connect(self.save)
        self.addAction(self.save_action)

        left_split = QSplitter(Qt.Orientation.Vertical, self)
        left_split.addWidget(form_scroll)
        left_split.addWidget(body_box)
        left_split.addWidget(self.attachments)
        left_split.setStretchFactor(0, 2)
        left_split.setStretchFactor(1, 4)
        left_split.setStretchFactor(2, 1)
        left_split.setChildrenCollapsible(False)
        self._form_scroll = form_scroll
        self._left_split = left_split
        left_split.setSizes([280, 420, 160])

        from gui.review_panel import ReviewPanel

        self.review = ReviewPanel(self.session, self, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left_split)
        self.splitter.addWidget(self.review)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(bottom)

    def showEvent(self, event) -> None:
        self._sync_save_shortcut()
        super().showEvent(event)

    def _sync_save_shortcut(self) -> None:
        """Ctrl+S saves from inside the editor, unless the window around it has its own
        Save action on that key (two would be an ambiguous shortcut and neither would fire)."""
        keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Save)
        window = self.window()
        taken = window is not self and any(
            a is not self.save_action and a.isEnabled() and not isinstance(a.parent(), ItemEditor)
            and any(k in keys for k in a.shortcuts())
            for a in window.findChildren(QAction))
        self.save_action.setShortcuts([] if taken else keys)

    def _with_problem(self, field: QWidget, problem: _ProblemLabel) -> QWidget:
        box = QWidget(self)
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(2)
        v.addWidget(field)
        v.addWidget(problem)
        return box

    def _label_for(self, code: str, required: bool) -> str:
        label = registry().element(code).label
        return f"{label} *" if required else label

    @staticmethod
    def _valid_type(code: str) -> str:
        reg = registry()
        if code in reg.types:
            return code
        try:
            return reg.get(code).code
        except UserError:
            return next(iter(reg.types))

    def _rebuild_elements(self) -> None:
        """The rows of the current content type's elements (values kept across types)."""
        self._remember_elements()
        while self.form.rowCount() > self._fixed_rows:
            self.form.removeRow(self._fixed_rows)
        self._element_widgets.clear()
        self._element_problems.clear()
        reg = registry()
        ct = reg.get(self.content_type)
        for code in ct.elements:
            edef = reg.element(code)
            if code in ("title", "body"):
                continue
            required = code in ct.required
            problem = _ProblemLabel(self)
            if edef.kind in ("pictures", "attachments"):
                widget: QWidget = QLabel(self.tr("Add them under “Pictures and attachments”."), self)
                widget.setStyleSheet("color: #666")
            elif edef.kind == "date":
                widget = DateField(self)
                widget.setText(self._element_values.get(code, ""))
                widget.textChanged.connect(self._on_changed)
            elif code in LONG_ELEMENTS:
                widget = QPlainTextEdit(self)
                widget.setTabChangesFocus(True)
                widget.setMaximumHeight(90)
                widget.setPlainText(self._element_values.get(code, ""))
                widget.textChanged.connect(self._on_changed)
            else:
                widget = QLineEdit(self)
                widget.setText(self._element_values.get(code, ""))
                if edef.kind in PLACEHOLDERS:
                    widget.setPlaceholderText(PLACEHOLDERS[edef.kind])
                widget.textChanged.connect(self._on_changed)
            widget.setObjectName(f"element_{code}")
            self._element_widgets[code] = widget
            self._element_problems[code] = problem
            self.form.addRow(self._label_for(code, required), self._with_problem(widget, problem))
        if hasattr(self, "_form_scroll"):
            hint = self._form_scroll.widget().sizeHint().height()
            self._form_scroll.setMinimumHeight(min(hint + 4, 240))
        body_required = "body" in ct.required
        self.body_label.setText(self._label_for("body", body_required) if "body" in ct.elements
                                else registry().element("body").label)
        self._apply_read_only()

    def _remember_elements(self) -> None:
        for code, widget in self._element_widgets.items():
            value = _widget_text(widget)
            if value is not None:
                self._element_values[code] = value

    # =================================================================== loading
    def _load(self, item: Item) -> None:
        """Show ``item``'s content in the widgets."""
        self._loading = True
        try:
            self._element_values = dict(item.elements)
            with QSignalBlocker(self.type_combo):
                self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(self._valid_type(item.content_type))))
            self._element_widgets.clear()
            self._rebuild_elements_fresh()
            with QSignalBlocker(self.column_combo):
                idx = self.column_combo.findData(item.column_id)
                if idx < 0 and item.column_id:
                    self.column_combo.addItem(self.tr("{id} (not in the column table)").format(id=item.column_id), item.column_id)
                    idx = self.column_combo.count() - 1
                self.column_combo.setCurrentIndex(max(0, idx))
            self.title_edit.setText(item.title)
            self.event_date.set_date(item.event_date)
            self.body.set_paragraphs(item.body)
            self.attachments.set_attachments(item.attachments)
        finally:
            self._loading = False
        self._update_state_ui()
        self._validate()
        self.review.load_for(self._item)
        self.rescan()

    def _rebuild_elements_fresh(self) -> None:
        values = dict(self._element_values)
        self._rebuild_elements()
        self._element_values = values
        for code, widget in self._element_widgets.items():
            _set_widget_text(widget, values.get(code, ""))

    def load_content(self, item: Item) -> None:
        """Show another version of the content (a recovered copy): it counts as unsaved."""
        self._load(item.replace(id=self._item.id if self._item else ""))
        self._on_changed()

    def _mark_clean(self) -> None:
        self._baseline = content_hash(self.build_item())

    # ===================================================================== state
    @property
    def item_id(self) -> str | None:
        return self._item.id if self._item else None

    @property
    def item(self) -> Item | None:
        """The stored item (None for a new draft never saved)."""
        return self._item

    @property
    def content_type(self) -> str:
        return self.type_combo.currentData() or "work_news"

    @property
    def slot_id(self) -> str:
        return self._slot_id

    def is_read_only(self) -> bool:
        return self._read_only

    def has_unsaved_changes(self) -> bool:
        item = self.build_item()
        if self._item is None and not (item.title.strip() or item.body or item.elements or item.attachments
                                       or item.event_date):
            return False  # a new draft with nothing written in it yet
        return content_hash(item) != self._baseline

    def build_item(self) -> Item:
        """The item as the widgets show it now (the stored item's workflow fields kept)."""
        self._remember_elements()
        reg = registry()
        ct = reg.get(self.content_type)
        elements = {}
        for code in ct.elements:
            if code in ("title", "body") or reg.element(code).kind in ("pictures", "attachments"):
                continue
            value = self._element_values.get(code, "").strip()
            if value:
                elements[code] = value
        lines = self.body.paragraph_lines()
        paragraphs: list[str] = []
        blocks: list[int] = []
        for number, line in enumerate(lines):
            if line.strip():
                paragraphs.append(line)
                blocks.append(number)
        self._para_blocks = blocks
        base = self._item or Item(id="", title="", content_type=self.content_type, unit=self._unit_name)
        return base.replace(
            title=self.title_edit.text(),
            content_type=self.content_type,
            column_id=self.column_combo.currentData() or "",
            elements=elements,
            body=tuple(paragraphs),
            event_date=self.event_date.date(),
            attachments=self.attachments.attachments(),
        )

    def _update_state_ui(self) -> None:
        item = self._item
        notes: list[str] = []
        self._read_only = bool(item and item.state in READ_ONLY_STATES)
        if item is not None:
            from core.workflow import state_label

            if self._read_only:
                notes.append(self.tr("This item is {state}: it opens read-only. To change it, withdraw it and start a new item.")
                             .format(state=state_label(item.state)))
            elif item.state == "signed_off":
                notes.append(self.tr("This item has been signed off. Saving a change voids the sign-off: it goes back to draft and must be signed off again."))
            elif item.state == "queued":
                notes.append(self.tr("This item is waiting for sign-off. Saving a change takes it out of the queue: review and submit it again."))
            elif item.state == "returned":
                ret = self.db.last_return(item.id)
                if ret:
                    notes.append(self.tr("Returned by {who}: {reason}").format(who=ret["actor"], reason=ret["reason"]))
            if (not self._read_only and self.session.user.role == "supervisor"
                    and self.session.user.name not in (item.created_by, *item.contributors)):
                notes.append(self.tr("If you save a change here, you become an editor of this item and can no longer sign it off."))
        self._notes = notes
        self._show_banner()
        self._apply_read_only()

    def add_note(self, text: str) -> None:
        self._notes.append(text)
        self._show_banner()

    def _show_banner(self) -> None:
        self.banner.setText("\n".join(self._notes))
        self.banner.setVisible(bool(self._notes))

    def _apply_read_only(self) -> None:
        ro = self._read_only
        self.type_combo.setEnabled(not ro)
        self.column_combo.setEnabled(not ro)
        self.title_edit.setReadOnly(ro)
        self.event_date.setReadOnly(ro)
        self.body.setReadOnly(ro)
        for widget in self._element_widgets.values():
            if isinstance(widget, (QLineEdit, QPlainTextEdit, DateField)):
                widget.setReadOnly(ro)
        if hasattr(self, "attachments"):
            self.attachments.set_read_only(ro)
        if hasattr(self, "save_button"):
            self.save_button.setEnabled(not ro)
            self.save_action.setEnabled(not ro)
        if hasattr(self, "review"):
            self.review.set_read_only(ro)

    # ================================================================== changes
    def _on_type_changed(self, *_args) -> None:
        if self._loading:
            return
        self._rebuild_elements()
        for code, widget in self._element_widgets.items():
            _set_widget_text(widget, self._element_values.get(code, ""))
        self._on_changed()

    def _on_changed(self, *_args) -> None:
        if self._loading:
            return
        self._validate()
        self._scan_timer.start()
        if not self._read_only:
            self._autosave_timer.start()
        self.changed.emit()

    def _on_body_edit(self, _position: int, _removed: int, _added: int) -> None:
        """Move the underlines along with the text until the next scan repaints them.

        Qt reports an input method's commit as a change of the whole line, so the real
        edit is found by comparing the line before and after."""
        new = self.body.toPlainText().split("\n")
        old = self._lines
        self._lines = new
        if len(new) == len(old):
            changed = [i for i, (a, b) in enumerate(zip(old, new)) if a != b]
            if not changed:
                return
            if len(changed) == 1:
                i = changed[0]
                a, b = old[i], new[i]
                prefix = 0
                limit = min(len(a), len(b))
                while prefix < limit and a[prefix] == b[prefix]:
                    prefix += 1
                suffix = 0
                while suffix < limit - prefix and a[-1 - suffix] == b[-1 - suffix]:
                    suffix += 1
                self.highlighter.shift(i, prefix, len(a) - prefix - suffix, len(b) - prefix - suffix)
                return
            self.highlighter.drop_from(changed[0])
            return
        first = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)) - 1)
        self.highlighter.drop_from(max(0, first))

    def _validate(self) -> list:
        """Show what is missing or malformed next to each field; returns the problems."""
        item = self.build_item()
        problems = validate(item)
        by_code: dict[str, list[str]] = {}
        for p in problems:
            by_code.setdefault(p.element, []).append(p.message)
        self.title_problem.show_messages(by_code.pop("title", []))
        self.body_problem.show_messages(by_code.pop("body", []))
        for code, label in self._element_problems.items():
            label.show_messages(by_code.pop(code, []))
        _d, ok = parse_date_text(self.event_date.text())
        self.event_date_problem.show_messages(
            [] if ok else [self.tr("Not a date: write it as YYYY-MM-DD, e.g. 2026-11-20.")])
        return problems

    def dates_ok(self) -> bool:
        if not parse_date_text(self.event_date.text())[1]:
            return False
        return all(parse_date_text(w.text())[1] for w in self._element_widgets.values() if isinstance(w, DateField))

    # ==================================================================== saving
    def save(self) -> bool:
        """Save to the database as the current user; True when the item is stored."""
        if self._read_only:
            return False
        if not parse_date_text(self.event_date.text())[1]:
            self.show_error(self.tr("The event date is not a date: write it as YYYY-MM-DD, e.g. 2026-11-20."))
            self.event_date.line.setFocus()
            return False
        item = self.build_item()
        user = self.session.user.name
        try:
            if self._item is None:
                new = self.db.create_item(item, user)
            else:
                if not self.has_unsaved_changes():
                    self._after_save(self._item, wrote=False)
                    return True
                current = self.db.get_item(self._item.id)
                if current.version != self._item.version:
                    if not self.confirm(self.tr("Changed elsewhere"), self.tr(
                            "{who} saved this item at {when} after you opened it. Save your version over theirs?").format(
                            who=current.updated_by or "?",
                            when=current.updated_at.strftime("%Y-%m-%d %H:%M") if current.updated_at else "?")):
                        return False
                if current.state == "signed_off":
                    if not self.confirm(self.tr("Void the sign-off?"), self.tr(
                            "This item has been signed off. Saving your change voids the sign-off: the item goes back "
                            "to draft and must be reviewed and signed off again. Save anyway?")):
                        return False
                new = self.db.update_item(item.replace(id=current.id), user)
        except UserError as err:
            self.show_error(str(err))
            return False
        self._after_save(new, wrote=True)
        return True

    def _after_save(self, new: Item, wrote: bool) -> None:
        was_new = self._item is None
        self._item = new
        self._mark_clean()
        self._autosave_timer.stop()
        recovery.remove_slot(self.db, self._slot_id)
        self._update_state_ui()
        self.review.load_for(new, keep_answers=True)
        if wrote:
            when = new.updated_at.strftime("%H:%M:%S") if new.updated_at else ""
            self.status.setText(self.tr("Saved at {time} (version {version}).").format(time=when, version=new.version))
            self.session.notify(new.id)
        self.saved.emit(new.id)
        if was_new:
            self.title_changed.emit(new.title)

    def discard_changes(self) -> None:
        """Forget unsaved edits (and their recovery copy) and show the stored item again."""
        self._autosave_timer.stop()
        recovery.remove_slot(self.db, self._slot_id)
        if self._item is not None:
            self._item = self.db.get_item(self._item.id)
            self._load(self._item)
        else:
            self._load(Item(id="", title="", content_type=self.content_type, unit=self._unit_name))
        self._mark_clean()

    def close_slot(self) -> None:
        """The editor is closing without saving: keep no recovery copy."""
        self._autosave_timer.stop()
        recovery.remove_slot(self.db, self._slot_id)

    def maybe_close(self) -> bool:
        """Ask to save unsaved changes; True when the editor may close."""
        if not self.has_unsaved_changes():
            self.close_slot()
            return True
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Unsaved changes"),
                          self.tr("Save the changes to “{title}”?").format(title=self.title_edit.text() or self.tr("(untitled)")),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        choice = box.exec()
        if choice == QMessageBox.StandardButton.Save:
            return self.save()
        if choice == QMessageBox.StandardButton.Discard:
            self.close_slot()
            return True
        return False

    # ==================================================================== submit
    def submit(self) -> bool:
        """Save, record the self-review and queue the item for sign-off (提交签发)."""
        from core import clock
        from core.model import Review
        from core.review import review_for_submit
        from storage.services import gate_for

        if self._read_only:
            return False
        if self._item is None or self.has_unsaved_changes():
            if not self.save():
                return False
        item = self._item
        user = self.session.user.name
        answers = self.review.answers()
        overrides = self.review.overrides()
        checklist = self.review.checklist
        findings, result = review_for_submit(item, answers, overrides, checklist, attachment_data=self.attachment_data,
                                             wordlists=_wordlists())
        if not result.passed:
            self.rescan()
            self.show_error(self.tr("The item cannot be submitted yet:") + "\n" + "\n".join(result.reasons))
            return False
        review = Review(item_id=item.id, content_hash=content_hash(item), answers=tuple(answers), findings=tuple(findings),
                        overrides=tuple(overrides), reviewed_by=user, reviewed_at=clock.now(),
                        checklist_version=checklist.version)
        try:
            self.db.save_review(review, user)
            new = self.db.apply(item.id, "submit", user, gate=gate_for("submit"))
        except UserError as err:
            self.show_error(str(err))
            return False
        self._item = new
        self._mark_clean()
        recovery.remove_slot(self.db, self._slot_id)
        self._update_state_ui()
        self.review.load_for(new, keep_answers=True)
        self.rescan()
        self.status.setText(self.tr("Submitted for sign-off."))
        self.session.notify(new.id)
        self.submitted.emit(new.id)
        return True

    # ================================================================== autosave
    def autosave(self) -> bool:
        """Write the unsaved state to this editor's recovery slot (or remove it when clean)."""
        self._autosave_timer.stop()
        if self._read_only:
            return False
        if not self.has_unsaved_changes():
            recovery.remove_slot(self.db, self._slot_id)
            return False
        try:
            recovery.write_slot(self.db, self._slot_id, self.build_item(),
                                base_version=self._item.version if self._item else 0, user=self.session.user.name)
        except UserError as err:
            self.status.setText(str(err))
            return False
        self.status.setText(self.tr("Recovery copy kept at {time}.").format(time=dt.datetime.now().strftime("%H:%M:%S")))
        return True

    @classmethod
    def from_recovery(cls, session, slot, parent=None) -> "ItemEditor":
        """An editor showing a recovered slot's content, unsaved (its slot is reused)."""
        item_id = None
        stored = None
        if slot.item_id:
            try:
                stored = session.db.get_item(slot.item_id)
                item_id = stored.id
            except UserError:
                stored = None
        if stored is not None and stored.state in READ_ONLY_STATES:
            item_id = None
        editor = cls(session, item_id, slot.item.content_type, parent)
        recovery.release_slot(editor._slot_id)
        editor._slot_id = slot.slot_id
        editor.load_content(slot.item)
        when = slot.saved_at.strftime("%Y-%m-%d %H:%M") if slot.saved_at else "?"
        editor.add_note(QCoreApplication.translate("ItemEditor", "Recovered text from {when}, not saved yet: check it and save, or discard it.").format(when=when))
        if slot.item_id and stored is None:
            editor.add_note(QCoreApplication.translate("ItemEditor", "The item it belonged to no longer exists; saving creates a new draft."))
        elif stored is not None and item_id is None:
            editor.add_note(QCoreApplication.translate("ItemEditor", "The item it belonged to is now read-only; saving creates a new draft."))
        elif stored is not None and stored.version != slot.base_version:
            editor.add_note(QCoreApplication.translate("ItemEditor", "The item was saved again after this copy was made (version {old} → {new}); saving the recovered text replaces that version.")
                            .format(old=slot.base_version, new=stored.version))
        editor.autosave()
        return editor

    # ===================================================================== import
    @classmethod
    def import_docx(cls, session, path, parent=None, show_error=None) -> "ItemEditor | None":
        """A new, unsaved draft made from a Word file; None (after a message) when it cannot be read."""
        from exporters.docx_import import docx_draft

        try:
            draft = docx_draft(path)
        except UserError as err:
            if show_error is None:
                QMessageBox.warning(parent, QCoreApplication.translate("ItemEditor", "Import a Word file"), str(err))
            else:
                show_error(str(err))
            return None
        editor = cls(session, None, "work_news", parent)
        editor.title_edit.setText(draft.title)
        editor.body.set_paragraphs(draft.paragraphs)
        errors = []
        for name, data, media_type in draft.pictures:
            error = editor.attachments.add_data(name, data, media_type, _emit=False)
            if error:
                errors.append(error)
        editor.attachments.changed.emit()
        editor.add_note(QCoreApplication.translate("ItemEditor", "Imported from {name}: check the fields, choose the column and save.").format(name=Path(path).name))
        for message in list(draft.warnings) + errors:
            editor.add_note(message)
        return editor

    # ================================================================== scanning
    def rescan(self) -> list[Finding]:
        """Scan the content now; underline the findings and hand them to the review panel."""
        from core.review import scan_item

        self._scan_timer.stop()
        item = self.build_item()
        findings = [f for f in scan_item(item, "draft", wordlists=_wordlists()) if f.rule != "attachment.not_scanned"]
        findings += self._scan_attachments(item)
        self._findings = findings
        marks = []
        title_findings = []
        for f in findings:
            place = self.locate(f, item)
            if place is None:
                continue
            where, block, start, end = place
            if where == "title":
                title_findings.append(f)
            elif where == "body":
                marks.append(Mark(block, start, end, f.severity, f.message, f))
        self.highlighter.set_marks(marks)
        self._show_title_findings(title_findings)
        self.review.set_findings(item, findings)
        return findings

    def _scan_attachments(self, item: Item) -> list[Finding]:
        """Findings of the attachments, cached by (name, sha256). Small files are scanned at
        once; big ones in a worker thread, and the scan runs again when they are done."""
        from core.review import scan_attachment

        out: list[Finding] = []
        for att in item.attachments:
            key = (att.name, att.sha256)
            if key not in self._attachment_findings and key not in self._attachment_scans:
                if att.size > SYNC_ATTACHMENT_SCAN_BYTES:
                    self._start_attachment_scan(att)
                else:
                    self._attachment_findings[key] = _scan_one_attachment(self.db.read_blob, att, scan_attachment,
                                                                          _wordlists())
            if key in self._attachment_findings:
                out.extend(self._attachment_findings[key])
        return out

    def _start_attachment_scan(self, att) -> None:
        signals = _ScanSignals()
        signals.done.connect(self._on_attachment_scanned)
        self._attachment_scans[(att.name, att.sha256)] = signals
        self._scan_pool.start(_AttachmentScanTask(self.db.read_blob, att, signals, _wordlists()))

    def _on_attachment_scanned(self, key: tuple, findings: list) -> None:
        self._attachment_scans.pop(key, None)
        self._attachment_findings[key] = findings
        self._scan_timer.start()

    def attachments_pending(self) -> bool:
        """Whether some attachment is still being scanned in the background."""
        return bool(self._attachment_scans)

    def wait_for_attachment_scans(self, msecs: int = 10000) -> bool:
        return self._scan_pool.waitForDone(msecs)

    def attachment_data(self, name: str, sha256: str) -> bytes | None:
        try:
            return self.db.read_blob(sha256)
        except UserError:
            return None

    def findings(self) -> list[Finding]:
        return list(self._findings)

    def locate(self, f: Finding, item: Item | None = None):
        """Where a text finding is: ("title", -1, start, end), ("body", block, start, end),
        ("element", code, start, end), or None (attachments, whole-item problems)."""
        if f.target != "text":
            return None
        if f.field:
            if f.field in self._element_widgets and f.end > f.start:
                return ("element", f.field, f.start, f.end)
            return None
        if f.end <= f.start:
            return None
        item = item or self.build_item()
        offset = 0
        segments = [item.title, *item.body]
        for index, seg in enumerate(segments):
            if offset <= f.start and f.end <= offset + len(seg):
                if index == 0:
                    return ("title", -1, f.start - offset, f.end - offset)
                if index - 1 < len(self._para_blocks):
                    return ("body", self._para_blocks[index - 1], f.start - offset, f.end - offset)
                return None
            offset += len(seg) + 1
        return None

    def _show_title_findings(self, findings) -> None:
        if findings:
            worst = "block" if any(f.severity == "block" for f in findings) else "warn" if any(
                f.severity == "warn" for f in findings) else "info"
            colour = {"block": "#d00000", "warn": "#e07000", "info": "#1060d0"}[worst]
            self.title_edit.setStyleSheet(f"QLineEdit {{ border: 2px solid {colour}; }}")
            self.title_edit.setToolTip("\n".join(f.message for f in findings))
        else:
            self.title_edit.setStyleSheet("")
            self.title_edit.setToolTip("")

    def _body_tooltip(self, block: int, column: int) -> str:
        return "\n".join(m.message for m in self.highlighter.marks_at(block, column))

    def jump_to(self, f: Finding) -> bool:
        """Select a finding's text in its field; False when it has no place in the text."""
        place = self.locate(f)
        if place is None:
            if f.target != "text":
                row = next((i for i, a in enumerate(self.attachments.attachments()) if a.name == f.target), -1)
                if row >= 0:
                    self.attachments.list.setCurrentRow(row)
                    self.attachments.list.setFocus()
                    return True
            if f.field and f.field in self._element_widgets:
                self._element_widgets[f.field].setFocus()
                return True
            if f.field == "title":
                self.title_edit.setFocus()
                return True
            if f.field == "body":
                self.body.setFocus()
                return True
            return False
        where, block, start, end = place
        if where == "title":
            self.title_edit.setFocus()
            self.title_edit.setSelection(start, end - start)
        elif where == "body":
            self.body.select_span(block, start, end)
        else:
            widget = self._element_widgets[block]
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                widget.setSelection(start, end - start)
        return True

    def apply_mask(self, f: Finding) -> None:
        """Replace a finding's text by its masked form in place (undoable); UserError when stale."""
        from core.review import apply_mask

        if self._read_only:
            return
        if not f.masked:
            apply_mask("", f)  # raises the "no masked form" message
        place = self.locate(f)
        if place is None:
            raise UserError(self.tr("This finding is not in the text any more; scan again."))
        where, block, start, end = place
        if where == "title":
            text = self.title_edit.text()
            if text[start:end] != f.text:
                apply_mask("", f)
            self.title_edit.setText(text[:start] + f.masked + text[end:])
        elif where == "body":
            doc_block = self.body.document().findBlockByNumber(block)
            if doc_block.text()[start:end] != f.text:
                apply_mask("", f)
            from PySide6.QtGui import QTextCursor

            cursor = QTextCursor(doc_block)
            cursor.setPosition(doc_block.position() + start)
            cursor.setPosition(doc_block.position() + end, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(f.masked)
        else:
            widget = self._element_widgets[block]
            text = _widget_text(widget) or ""
            if text[start:end] != f.text:
                apply_mask("", f)
            _set_widget_text(widget, text[:start] + f.masked + text[end:])
        self.rescan()

    # =================================================================== dialogs
    def _confirm_dialog(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _error_dialog(self, text: str) -> None:
        QMessageBox.warning(self, self.tr("InfoDesk"), text)

    def _justification_dialog(self, f: Finding) -> str | None:
        from core.review.gate import MIN_JUSTIFICATION

        text, ok = QInputDialog.getMultiLineText(
            self, self.tr("Let a blocking problem through"),
            self.tr("“{text}”: {message}\n\nWhy may this go out anyway? Write at least {min} characters; "
                    "your name and the time are recorded with it.").format(text=f.text, message=f.message, min=MIN_JUSTIFICATION))
        return text if ok else None


def _wordlists():
    """The word lists the submit gate uses: the shipped ones plus the unit's own."""
    from storage.services import unit_wordlists

    return unit_wordlists()


def _scan_one_attachment(read, att, scan, wordlists=None) -> list[Finding]:
    try:
        data = read(att.sha256)
    except UserError as err:
        return [Finding("attachment.unavailable", "warn", 0, 0, att.name, str(err), target=att.name)]
    return scan(att.name, att.media_type, data, wordlists)


class _ScanSignals(QObject):
    done = Signal(object, object)


class _AttachmentScanTask(QRunnable):
    def __init__(self, read, att, signals: _ScanSignals, wordlists=None):
        super().__init__()
        self.read, self.att, self.signals, self.wordlists = read, att, signals, wordlists

    def run(self) -> None:
        from core.review import scan_attachment

        try:
            findings = _scan_one_attachment(self.read, self.att, scan_attachment, self.wordlists)
        except Exception as err:  # noqa: BLE001 - reported as a finding; a scanner bug must not kill the thread
            findings = [Finding("attachment.unreadable", "block", 0, 0, self.att.name,
                                f"{type(err).__name__}: {err}", target=self.att.name)]
        self.signals.done.emit((self.att.name, self.att.sha256), findings)


def _widget_text(widget: QWidget) -> str | None:
    if isinstance(widget, (QLineEdit, DateField)):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    return None


def _set_widget_text(widget: QWidget, text: str) -> None:
    if isinstance(widget, (QLineEdit, DateField)):
        if widget.text() != text:
            widget.setText(text)
    elif isinstance(widget, QPlainTextEdit):
        if widget.toPlainText() != text:
            widget.setPlainText(text)


def import_docx(session, path, parent=None, show_error=None) -> ItemEditor | None:
    """Module-level alias of :meth:`ItemEditor.import_docx`."""
    return ItemEditor.import_docx(session, path, parent, show_error)
