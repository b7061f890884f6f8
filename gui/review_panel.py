"""The self-review beside the editor (自查): checklist, findings, what still blocks, submit.

- The confidentiality checklist (``core.review``): yes / no / n.a. and a note per
  question; each answer is stamped with the current user and time.
- The findings of the scan, each with where it is: a click selects it in the title,
  body or element; personal data is masked with one click (``Finding.masked``); a block
  finding without a fix may be let through only with a written justification, stored as
  an ``Override`` in the review.
- What still blocks (``GateResult.reasons``). "Submit for sign-off" is enabled only when
  the gate passes; the editor then saves, records the review and queues the item.
"""
from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QRadioButton, QScrollArea, QSplitter, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from core.errors import UserError
from core.model import ChecklistAnswer, Finding, Item, Override

SEVERITY_COLOURS = {"block": "#d00000", "warn": "#e07000", "info": "#1060d0"}
# Rules the submit stage raises to block (see core.review.engine.scan_item).
_SUBMIT_BLOCK_RULES = ("element.", "attachment.unavailable")


def submit_severity(f: Finding) -> Finding:
    """A draft-stage finding as the submit stage reports it."""
    if f.severity != "block" and f.rule.startswith(_SUBMIT_BLOCK_RULES):
        return dataclasses.replace(f, severity="block")
    return f


class ReviewPanel(QWidget):
    """Checklist, findings and gate of the item open in ``editor``."""

    gate_changed = Signal(bool)

    def __init__(self, session, editor, parent=None):
        super().__init__(parent)
        from core.review.gate import default_checklist

        self.session = session
        self.editor = editor
        self.checklist = default_checklist()
        self._answers: dict[str, ChecklistAnswer] = {}
        self._overrides: list[Override] = []
        self._findings: list[Finding] = []
        self._item: Item | None = None
        self._read_only = False
        self._shown_key: tuple | None = None
        self.gate = None

        # ---- checklist
        self._groups: dict[str, QButtonGroup] = {}
        self._notes: dict[str, QLineEdit] = {}
        self._stamps: dict[str, QLabel] = {}
        self._radios: dict[str, dict[str, QRadioButton]] = {}
        box = QWidget(self)
        v = QVBoxLayout(box)
        v.setContentsMargins(4, 4, 4, 4)
        for n, q in enumerate(self.checklist.items, start=1):
            label = QLabel(f"{n}. {q.label}" + ("" if q.required else self.tr(" (optional)")), box)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            if q.explanation:
                label.setToolTip(q.explanation)
            group = QButtonGroup(box)
            row = QHBoxLayout()
            radios = {}
            for value, text in (("yes", self.tr("Yes")), ("no", self.tr("No")), ("na", self.tr("N/A"))):
                rb = QRadioButton(text, box)
                rb.setObjectName(f"answer_{q.id}_{value}")
                group.addButton(rb)
                radios[value] = rb
                row.addWidget(rb)
                rb.toggled.connect(lambda checked, qid=q.id, val=value: checked and self._on_answer(qid, val))
            note = QLineEdit(box)
            note.setPlaceholderText(self.tr("Note"))
            note.editingFinished.connect(lambda qid=q.id: self._on_note(qid))
            row.addWidget(note, 1)
            stamp = QLabel(box)
            stamp.setStyleSheet("color: #777; font-size: small")
            stamp.setTextFormat(Qt.TextFormat.PlainText)
            v.addWidget(label)
            v.addLayout(row)
            v.addWidget(stamp)
            self._groups[q.id] = group
            self._radios[q.id] = radios
            self._notes[q.id] = note
            self._stamps[q.id] = stamp
        v.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(box)
        checklist_box = QGroupBox(self.tr("Confidentiality checklist (version {version})").format(version=self.checklist.version), self)
        cl = QVBoxLayout(checklist_box)
        cl.addWidget(scroll)

        # ---- findings
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels([self.tr("Severity"), self.tr("Where"), self.tr("Found"), self.tr("Action")])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tree.itemClicked.connect(self._on_finding_clicked)
        self.tree.itemActivated.connect(self._on_finding_clicked)
        self.mask_all_button = QPushButton(self.tr("Mask all personal data"), self)
        self.mask_all_button.clicked.connect(self.mask_all)
        findings_box = QGroupBox(self.tr("Findings"), self)
        fl = QVBoxLayout(findings_box)
        fl.addWidget(self.tree, 1)
        fl.addWidget(self.mask_all_button)

        # ---- gate
        self.reasons = QLabel(self)
        self.reasons.setWordWrap(True)
        self.reasons.setTextFormat(Qt.TextFormat.PlainText)
        self.reasons.setAlignment(Qt.AlignmentFlag.AlignTop)
        reasons_scroll = QScrollArea(self)
        reasons_scroll.setWidgetResizable(True)
        reasons_scroll.setWidget(self.reasons)
        self.submit_button = QPushButton(self.tr("Submit for sign-off"), self)
        self.submit_button.setEnabled(False)
        self.submit_button.clicked.connect(self._on_submit)
        gate_box = QGroupBox(self.tr("What still blocks"), self)
        gl = QVBoxLayout(gate_box)
        gl.addWidget(reasons_scroll, 1)
        gl.addWidget(self.submit_button)

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(checklist_box)
        split.addWidget(findings_box)
        split.addWidget(gate_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setStretchFactor(2, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    # ================================================================= loading
    def load_for(self, item: Item | None, keep_answers: bool = False) -> None:
        """Show the stored review of ``item`` (its answers and overrides), unless ``keep_answers``."""
        if not keep_answers:
            self._answers = {}
            self._overrides = []
            if item is not None and item.id:
                review = self.session.db.review(item.id)
                if review is not None:
                    for a in review.answers:
                        if self.checklist.get(a.question_id) is not None:
                            self._answers[a.question_id] = a
                    self._overrides = list(review.overrides)
            self._show_answers()

    def _show_answers(self) -> None:
        for q in self.checklist.items:
            a = self._answers.get(q.id)
            group = self._groups[q.id]
            group.setExclusive(False)
            for value, rb in self._radios[q.id].items():
                rb.blockSignals(True)
                rb.setChecked(bool(a and a.answer == value))
                rb.blockSignals(False)
            group.setExclusive(True)
            self._notes[q.id].setText(a.note if a else "")
            self._show_stamp(q.id)

    def _show_stamp(self, qid: str) -> None:
        a = self._answers.get(qid)
        if a is None:
            self._stamps[qid].setText("")
            return
        when = a.answered_at.strftime("%Y-%m-%d %H:%M") if a.answered_at else ""
        text = self.tr("Answered by {who} at {when}").format(who=a.answered_by, when=when)
        if a.checklist_version and a.checklist_version != self.checklist.version:
            text += " — " + self.tr("for an older checklist: answer again")
        self._stamps[qid].setText(text)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for radios in self._radios.values():
            for rb in radios.values():
                rb.setEnabled(not read_only)
        for note in self._notes.values():
            note.setReadOnly(read_only)
        self.mask_all_button.setEnabled(not read_only)
        self._shown_key = None
        self._update_gate()

    # ================================================================= answers
    def answers(self) -> list[ChecklistAnswer]:
        return list(self._answers.values())

    def overrides(self) -> list[Override]:
        return list(self._overrides)

    def set_answer(self, question_id: str, value: str, note: str | None = None) -> None:
        """Answer one question as the current user (what a click on a radio button does)."""
        from core.review import answer

        if note is None:
            old = self._answers.get(question_id)
            note = old.note if old else self._notes[question_id].text()
        self._answers[question_id] = answer(self.checklist, question_id, value, self.session.user.name, note=note)
        rb = self._radios[question_id][value]
        if not rb.isChecked():
            rb.blockSignals(True)
            rb.setChecked(True)
            rb.blockSignals(False)
        if self._notes[question_id].text() != note:
            self._notes[question_id].setText(note)
        self._show_stamp(question_id)
        self._update_gate()

    def answer_all(self, value: str = "yes") -> None:
        for q in self.checklist.items:
            self.set_answer(q.id, value if q.accepts(value) else q.acceptable[0])

    def _on_answer(self, qid: str, value: str) -> None:
        if not self._read_only:
            self.set_answer(qid, value, self._notes[qid].text())

    def _on_note(self, qid: str) -> None:
        a = self._answers.get(qid)
        note = self._notes[qid].text()
        if a is not None and a.note != note and not self._read_only:
            self.set_answer(qid, a.answer, note)

    # ================================================================ findings
    def set_findings(self, item: Item, findings) -> None:
        """The editor's latest scan (draft stage); the gate is evaluated as at submit."""
        self._item = item
        self._findings = [submit_severity(f) for f in findings]
        self._update_gate()

    def findings(self) -> list[Finding]:
        return list(self._findings)

    def _is_overridden(self, f: Finding) -> bool:
        return any(o.rule == f.rule and o.text == f.text and o.target == f.target for o in self._overrides)

    def _where(self, f: Finding) -> str:
        if f.target != "text":
            return f.target
        if f.field:
            from core.content_types import registry

            return registry().element(f.field).label
        place = self.editor.locate(f)
        if place is None:
            return self.tr("Item")
        where, block, _s, _e = place
        if where == "title":
            return self.tr("Title")
        if where == "body":
            return self.tr("Paragraph {n}").format(n=self.editor._para_blocks.index(block) + 1
                                                     if block in self.editor._para_blocks else block + 1)
        return str(block)

    def _fill_tree(self) -> None:
        key = (tuple(self._findings), tuple(self._overrides), self._read_only)
        if key == self._shown_key:
            return
        self._shown_key = key
        self.tree.clear()
        labels = {"block": self.tr("Block"), "warn": self.tr("Warning"), "info": self.tr("Info")}
        from core.review.gate import overridable

        for f in self._findings:
            found = f.message if f.rule.startswith("element.") else f.text
            row = QTreeWidgetItem([labels.get(f.severity, f.severity), self._where(f), found, ""])
            row.setData(0, Qt.ItemDataRole.UserRole, f)
            row.setForeground(0, QColor(SEVERITY_COLOURS.get(f.severity, "#000")))
            row.setToolTip(2, f.message)
            row.setToolTip(0, f.message)
            self.tree.addTopLevelItem(row)
            button = None
            if f.masked and f.target == "text" and not self._read_only:
                button = QPushButton(self.tr("Mask → {masked}").format(masked=f.masked), self.tree)
                button.setToolTip(self.tr("Replace “{text}” by “{masked}”").format(text=f.text, masked=f.masked))
                button.clicked.connect(lambda _c=False, f=f: self._mask(f))
            elif f.severity == "block" and self._is_overridden(f):
                row.setText(3, self.tr("Let through (justified)"))
                if not self._read_only:
                    button = QPushButton(self.tr("Withdraw justification"), self.tree)
                    button.clicked.connect(lambda _c=False, f=f: self.remove_override(f))
            elif f.severity == "block" and overridable(f) and not self._read_only:
                button = QPushButton(self.tr("Let through…"), self.tree)
                button.setToolTip(self.tr("Let this through with a written justification"))
                button.clicked.connect(lambda _c=False, f=f: self.request_override(f))
            if button is not None:
                button.setObjectName(f"finding_action_{self.tree.topLevelItemCount() - 1}")
                self.tree.setItemWidget(row, 3, button)
        for col in (0, 1, 3):
            self.tree.resizeColumnToContents(col)

    def action_button(self, row: int) -> QPushButton | None:
        item = self.tree.topLevelItem(row)
        return self.tree.itemWidget(item, 3) if item is not None else None

    def _on_finding_clicked(self, row: QTreeWidgetItem, _column: int = 0) -> None:
        f = row.data(0, Qt.ItemDataRole.UserRole)
        if f is not None:
            self.editor.jump_to(f)

    def _mask(self, f: Finding) -> None:
        try:
            self.editor.apply_mask(f)
        except UserError as err:
            self.editor.show_error(str(err))

    def mask_all(self) -> int:
        """Mask every maskable text finding (back to front, so spans stay valid); returns how many."""
        done = 0
        for _ in range(200):
            maskable = [f for f in self.editor.findings() if f.masked and f.target == "text"]
            if not maskable:
                break
            maskable.sort(key=lambda f: (bool(f.field), f.start), reverse=True)
            try:
                self.editor.apply_mask(maskable[0])
            except UserError as err:
                self.editor.show_error(str(err))
                break
            done += 1
        return done

    def request_override(self, f: Finding) -> bool:
        """Ask for a justification and record an Override of ``f``."""
        from core.review import make_override

        text = self.editor.ask_justification(f)
        if text is None:
            return False
        try:
            override = make_override(f, text, self.session.user.name)
        except UserError as err:
            self.editor.show_error(str(err))
            return False
        self._overrides = [o for o in self._overrides if not (o.rule == f.rule and o.text == f.text and o.target == f.target)]
        self._overrides.append(override)
        self._update_gate()
        return True

    def remove_override(self, f: Finding) -> None:
        self._overrides = [o for o in self._overrides if not (o.rule == f.rule and o.text == f.text and o.target == f.target)]
        self._update_gate()

    # ==================================================================== gate
    def _update_gate(self) -> None:
        from core.review import evaluate_gate

        self._fill_tree()
        item = self._item
        if item is None:
            return
        result = evaluate_gate(item, self._answers.values(), self._findings, self._overrides, self.checklist)
        self.gate = result
        reasons = list(result.reasons)
        if self.session.user.role != "officer":
            reasons.append(self.tr("Only an information officer submits items for sign-off."))
        stored = self.editor.item
        if stored is not None and stored.state not in ("draft", "returned", "queued", "signed_off"):
            reasons.append(self.tr("This item cannot be submitted in its current state."))
        if stored is not None and stored.state == "queued" and not self.editor.has_unsaved_changes():
            reasons.append(self.tr("Already waiting for sign-off."))
        if self.editor.attachments_pending():
            reasons.append(self.tr("Attachments are still being checked…"))
        passed = not reasons and not self._read_only
        if result.passed and not reasons:
            self.reasons.setText(self.tr("Nothing blocks: the item may be submitted for sign-off."))
            self.reasons.setStyleSheet("color: #207020")
        else:
            self.reasons.setText("\n".join("• " + r for r in reasons))
            self.reasons.setStyleSheet("color: #b00000")
        self.submit_button.setEnabled(passed)
        self.gate_changed.emit(passed)

    def _on_submit(self) -> None:
        self.editor.submit()
