"""The export dialog: formats, folder, one file or one per item, picture options.

It builds an :class:`exporters.export_service.ExportOptions` (as Anki's dialogs build a plain
options object) and hands the work to the exporters: the database is read and every item
checked on the GUI thread (``plan_export``), the files are written in a worker thread
(``run_plan``: no database there) with a progress bar and Cancel, and the exports are
recorded back on the GUI thread (``record_exports``). A failed or cancelled export leaves
nothing behind. Afterwards the dialog lists what was written and offers to mark the items as
submitted (已报送) once the user has sent them.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QProgressBar,
                               QPushButton, QSpinBox, QVBoxLayout, QWidget)

from core.errors import UserError
from exporters import registry
from core.errors import Cancelled
from exporters.export_service import ExportOptions, ExportResult, plan_export, record_exports, refusal, run_plan
from exporters.pictures import DEFAULT_MAX_SIDE, PictureOptions
from gui.i18n import settings
from gui.tasks import Task
from gui.widgets import icon, show_error

LAST_DIR_KEY = "export/last_dir"
FORMATS_KEY = "export/formats"
FITS = ("keep", "crop", "pad")


class ExportDialog(QDialog):
    """Export the chosen items. ``session``: the open database and the user (who is recorded)."""

    def __init__(self, session, item_ids: Sequence[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.session = session
        self.item_ids = list(dict.fromkeys(item_ids))
        self.task: Task | None = None
        self.plan = None
        self.result: ExportResult | None = None
        self.setWindowTitle(self.tr("Export"))
        self.setWindowIcon(icon("export"))
        self.setMinimumWidth(560)
        lay = QVBoxLayout(self)

        # --- the items and whether each may leave
        self.items_label = QLabel(self)
        lay.addWidget(self.items_label)
        self.items_list = QListWidget(self)
        self.items_list.setObjectName("items")
        self.items_list.setMaximumHeight(120)
        lay.addWidget(self.items_list)

        # --- formats
        box = QGroupBox(self.tr("Formats"), self)
        fl = QVBoxLayout(box)
        self.format_boxes: dict[str, QCheckBox] = {}
        labels = self.format_labels()
        saved = settings().value(FORMATS_KEY, "docx", type=str).split(",")
        for code in registry.formats():
            cb = QCheckBox(labels.get(code, code), box)
            cb.setObjectName(f"format_{code}")
            cb.setChecked(code in saved)
            cb.toggled.connect(self.update_state)
            fl.addWidget(cb)
            self.format_boxes[code] = cb
        self.combined = QCheckBox(self.tr("Combine the items into one file per format"), box)
        self.combined.setObjectName("combined")
        self.combined.setEnabled(len(self.item_ids) > 1)
        fl.addWidget(self.combined)
        lay.addWidget(box)

        # --- folder
        form = QFormLayout()
        row = QHBoxLayout()
        self.folder = QLineEdit(self)
        self.folder.setObjectName("folder")
        self.folder.setText(settings().value(LAST_DIR_KEY, "", type=str) or self.default_folder())
        self.folder.textChanged.connect(self.update_state)
        browse = QPushButton(self.tr("Browse…"), self)
        browse.setObjectName("browse")
        browse.clicked.connect(self.choose_folder)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Folder:"), row)

        # --- pictures
        self.fit = QComboBox(self)
        self.fit.setObjectName("fit")
        self.fit.addItem(self.tr("Keep as they are (warn when not 4:3)"), "keep")
        self.fit.addItem(self.tr("Crop to 4:3 (centre)"), "crop")
        self.fit.addItem(self.tr("Pad to 4:3 (white bars)"), "pad")
        form.addRow(self.tr("Pictures:"), self.fit)
        self.max_side = QSpinBox(self)
        self.max_side.setObjectName("max_side")
        self.max_side.setRange(0, 20000)
        self.max_side.setSingleStep(100)
        self.max_side.setValue(DEFAULT_MAX_SIDE)
        self.max_side.setSuffix(self.tr(" px"))
        self.max_side.setSpecialValueText(self.tr("No limit"))
        form.addRow(self.tr("Longest side:"), self.max_side)
        lay.addLayout(form)

        # --- progress and results
        self.progress = QProgressBar(self)
        self.progress.setObjectName("progress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.hide()
        lay.addWidget(self.progress)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.status)
        self.written = QListWidget(self)
        self.written.setObjectName("written")
        self.written.hide()
        self.written.itemDoubleClicked.connect(lambda it: self.open_path(it.data(Qt.ItemDataRole.UserRole)))
        lay.addWidget(self.written)

        # --- buttons
        buttons = QHBoxLayout()
        self.open_folder_button = QPushButton(self.tr("Open folder"), self)
        self.open_folder_button.setObjectName("open_folder")
        self.open_folder_button.clicked.connect(lambda: self.open_path(self.folder.text()))
        self.open_folder_button.hide()
        self.mark_button = QPushButton(self.tr("Mark as submitted…"), self)
        self.mark_button.setObjectName("mark_submitted")
        self.mark_button.setToolTip(self.tr("Record that these items were sent to the portal (after you have sent them)"))
        self.mark_button.clicked.connect(self.mark_submitted)
        self.mark_button.hide()
        self.export_button = QPushButton(icon("export"), self.tr("Export"), self)
        self.export_button.setObjectName("export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.clicked.connect(self.cancel_or_close)
        self.send_button = QPushButton(self.tr("Send by e-mail…"), self)
        self.send_button.setObjectName("send_email")
        self.send_button.setToolTip(self.tr("Send the e-mail packages straight to the portal's mailbox over SMTP"))
        self.send_button.clicked.connect(self.send_by_email)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.open_folder_button)
        buttons.addWidget(self.mark_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        lay.addLayout(buttons)

        self.load_items()
        self.update_state()

    # ------------------------------------------------------------------ labels
    def format_labels(self) -> dict[str, str]:
        return {
            "docx": self.tr("Word submission copy (报送稿, GB/T 9704)"),
            "form": self.tr("Review and sign-off form (审批单)"),
            "eml": self.tr("E-mail package for the portal's mailbox (.eml)"),
            "txt": self.tr("Plain text for Notepad (.txt)"),
        }

    @staticmethod
    def default_folder() -> str:
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return str(Path(docs or Path.home()) / "InfoDesk")

    # ------------------------------------------------------------------ state
    def load_items(self) -> None:
        from exporters.export_service import load_source

        self.sources = {}
        for item_id in self.item_ids:
            try:
                self.sources[item_id] = load_source(self.session.db, item_id)
            except UserError as err:
                self.sources[item_id] = err
        n = len(self.item_ids)
        self.items_label.setText(self.tr("%n item(s) chosen:", "", n))

    def chosen_formats(self) -> tuple[str, ...]:
        return tuple(code for code, cb in self.format_boxes.items() if cb.isChecked())

    def refusals(self) -> dict[str, str]:
        """Item id → why it cannot be exported in the chosen formats."""
        out = {}
        for item_id, source in self.sources.items():
            if isinstance(source, UserError):
                out[item_id] = str(source)
                continue
            for code in self.chosen_formats():
                why = refusal(source, registry.get(code))
                if why:
                    out[item_id] = why
                    break
        return out

    def update_state(self) -> None:
        if self.running():
            return
        refused = self.refusals()
        self.items_list.clear()
        for item_id, source in self.sources.items():
            title = source.item.title if not isinstance(source, UserError) else item_id[:8]
            it = QListWidgetItem(title)
            it.setData(Qt.ItemDataRole.UserRole, item_id)
            if item_id in refused:
                it.setIcon(icon("failed"))
                it.setForeground(Qt.GlobalColor.darkRed)
                it.setToolTip(refused[item_id])
                it.setText(f"{title} — {refused[item_id]}")
            else:
                it.setIcon(icon("ok"))
            self.items_list.addItem(it)
        ok = bool(self.chosen_formats()) and bool(self.folder.text().strip()) and not refused and bool(self.sources)
        self.export_button.setEnabled(ok)
        self.send_button.setEnabled(bool(self.sources) and not any(
            isinstance(s, UserError) or refusal(s, registry.get("eml")) for s in self.sources.values()))
        if refused:
            self.status.setText(self.tr("Only signed-off items may be exported: nothing unsigned leaves. "
                                        "Remove or sign off the items marked in red."))
        elif not self.chosen_formats():
            self.status.setText(self.tr("Choose at least one format."))
        else:
            self.status.setText("")

    def options(self) -> ExportOptions:
        """What the user chose, as the exporters take it."""
        return ExportOptions(
            formats=self.chosen_formats(),
            out_dir=Path(self.folder.text().strip()).expanduser(),
            combined=self.combined.isChecked() and len(self.item_ids) > 1,
            pictures=PictureOptions(fit=self.fit.currentData(), max_side=self.max_side.value()),
            actor=self.session.user.name,
        )

    def running(self) -> bool:
        return self.task is not None and not self.task.is_finished()

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export to folder"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    # ------------------------------------------------------------------ the work
    def start(self) -> None:
        if self.running():
            return
        try:
            options = self.options()
            self.plan = plan_export(self.session.db, self.item_ids, options)
        except UserError as err:
            show_error(self, err, self.tr("Export"))
            return
        settings().setValue(LAST_DIR_KEY, str(options.out_dir))
        settings().setValue(FORMATS_KEY, ",".join(options.formats))
        self.result = None
        self.written.clear()
        self.written.hide()
        self.mark_button.hide()
        self.open_folder_button.hide()
        self.progress.setRange(0, 0)
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(self.tr("Writing %n file(s)…", "", len(self.plan.files)))
        self.set_inputs_enabled(False)
        self.export_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Cancel"))
        plan = self.plan
        self.task = Task(lambda progress, cancelled: run_plan(plan, progress, cancelled), self)
        self.task.progress.connect(self.on_progress)
        self.task.finished.connect(self.on_finished)
        self.task.failed.connect(self.on_failed)
        self.task.start()

    def set_inputs_enabled(self, enabled: bool) -> None:
        for w in (*self.format_boxes.values(), self.folder, self.fit, self.max_side):
            w.setEnabled(enabled)
        self.combined.setEnabled(enabled and len(self.item_ids) > 1)

    def on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def on_finished(self, outcome) -> None:
        written, warnings = outcome
        try:
            record_exports(self.session.db, self.plan, written)  # files are removed if this fails
        except Exception as err:  # noqa: BLE001 - shown (a bug gets its traceback), never silenced
            self.on_failed(err)
            return
        self.result = ExportResult(written, warnings)
        self.progress.setValue(self.progress.maximum())
        self.set_inputs_enabled(True)
        self.update_state()
        self.cancel_button.setText(self.tr("Close"))
        for f in written:
            it = QListWidgetItem(icon("ok"), f.path.name)
            it.setData(Qt.ItemDataRole.UserRole, str(f.path))
            it.setToolTip(str(f.path))
            self.written.addItem(it)
        for w in warnings:
            it = QListWidgetItem(icon("due_soon"), w)
            it.setForeground(Qt.GlobalColor.darkYellow)
            self.written.addItem(it)
        self.written.show()
        self.open_folder_button.show()
        self.status.setText(self.tr("%n file(s) written to %1 and recorded.", "", len(written)).replace(
            "%1", str(self.plan.out_dir)))
        self.mark_button.setVisible(bool(self.submittable_ids()))
        self.session.notify(*self.item_ids)

    def on_failed(self, err: BaseException) -> None:
        self.progress.hide()
        self.set_inputs_enabled(True)
        self.update_state()
        self.cancel_button.setText(self.tr("Close"))
        if isinstance(err, Cancelled):
            self.status.setText(self.tr("Export cancelled: nothing was written."))
            return
        self.status.setText(self.tr("Export failed: nothing was written."))
        show_error(self, err, self.tr("Export"))

    def cancel_or_close(self) -> None:
        if self.running():
            self.task.cancel()
            self.status.setText(self.tr("Cancelling…"))
            self.cancel_button.setEnabled(True)
            return
        self.reject()

    def reject(self) -> None:  # Esc, the window's close button
        if self.running():
            self.task.cancel()
            self.task.wait(30)
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.running():
            self.task.cancel()
            self.task.wait(30)
        super().closeEvent(event)

    # ------------------------------------------------------------------ after
    def submittable_ids(self) -> list[str]:
        """Exported items still waiting to be marked as sent (signed off, something deliverable written)."""
        if self.result is None:
            return []
        sent_formats = {"docx", "eml", "txt"}
        ids = {i for f in self.result.files if f.format in sent_formats for i in f.item_ids}
        from exporters.export_service import still_signed_off

        return still_signed_off(self.session.db, [i for i in self.item_ids if i in ids])

    def mark_submitted(self) -> None:
        from exporters.export_service import mark_submitted

        ids = self.submittable_ids()
        if not ids:
            return
        answer = QMessageBox.question(
            self, self.tr("Mark as submitted"),
            self.tr("Record that %n item(s) were sent to the portal? Do this only after you have actually sent them.",
                    "", len(ids)))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            mark_submitted(self.session.db, ids, self.session.user.name)
        except UserError as err:
            show_error(self, err, self.tr("Mark as submitted"))
            return
        finally:
            self.session.notify(*ids)
        self.mark_button.hide()
        self.status.setText(self.tr("%n item(s) marked as submitted.", "", len(ids)))

    def send_by_email(self):
        """Send these items over SMTP instead of (or after) writing files (``gui.send_dialog``)."""
        if self.running():
            return None
        from gui.send_dialog import send_by_email

        return send_by_email(self.session, self.item_ids, self)

    def open_path(self, path: str) -> None:
        if path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(path))
