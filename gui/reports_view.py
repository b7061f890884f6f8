"""报表 — the weekly, monthly or quarterly report: pick the period, preview the totals and a chart,
export the Excel workbook in the background; and the dialog that records an item's adoption
(采用) or a leader's instruction (批示).

Thin: ``storage.reports.gather`` reads, ``core.reporting.build_report`` counts,
``exporters.weekly_report.write_report`` writes. The export runs on Qt's thread pool with its own
database connection; the chart is drawn with QPainter (QtCharts is not part of the build).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QDate, QPointF, QRectF, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QProgressBar, QPushButton,
                               QSizePolicy, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from core import clock
from core.errors import UserError
from gui.widgets import BACKGROUNDS, COLOURS, Banner

KINDS = ("week", "month", "quarter")
SERIES_COLOURS = ("#a5a5a5", "#2f5496", "#70ad47")


# ================================================================================ the chart
class ChartWidget(QWidget):
    """Grouped bars, drawn with QPainter: one group per label, one bar per series."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = ""
        self.labels: list[str] = []
        self.series: list[tuple[str, QColor, list[int]]] = []
        self.setMinimumSize(320, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt name
        return QSize(520, 300)

    def set_data(self, title: str, labels: Sequence[str], series: Sequence[tuple[str, str, Sequence[int]]]) -> None:
        self.title = title
        self.labels = list(labels)
        self.series = [(name, QColor(c), list(values)) for name, c, values in series]
        self.setAccessibleDescription("; ".join(
            f"{lab}: " + ", ".join(f"{name} {vals[i]}" for name, _, vals in self.series)
            for i, lab in enumerate(self.labels)))
        self.update()

    @staticmethod
    def nice_max(value: int) -> tuple[int, int]:
        """An axis top and step: 0–4 → (4, 1); 7 → (8, 2); 13 → (15, 5); 180 → (200, 50)."""
        if value <= 4:
            return 4, 1
        for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000):
            if value / step <= 5:
                top = -(-value // step) * step
                return top, step
        step = 10 ** len(str(value))
        return -(-value // step) * step, step

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        fm = QFontMetrics(self.font())
        line = fm.height()
        w, h = self.width(), self.height()
        title_font = QFont(self.font())
        title_font.setBold(True)
        title_font.setPointSizeF(self.font().pointSizeF() * 1.15)
        p.setFont(title_font)
        p.setPen(QColor("#1f3864"))
        p.drawText(QRectF(0, 4, w, line * 1.4), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, self.title)
        p.setFont(self.font())
        if not self.labels or not self.series:
            p.setPen(QColor("#757575"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("Nothing to show"))
            p.end()
            return
        # legend
        legend_y = 8 + line * 1.4
        x = 12.0
        for name, colour, _ in self.series:
            p.fillRect(QRectF(x, legend_y + line * 0.25, line * 0.6, line * 0.6), colour)
            x += line * 0.8
            p.setPen(QColor("#404040"))
            p.drawText(QPointF(x, legend_y + line * 0.8), name)
            x += fm.horizontalAdvance(name) + line
        top_value, step = self.nice_max(max((max(v) if v else 0) for _, _, v in self.series))
        left = 10 + fm.horizontalAdvance(str(top_value)) + 6
        plot = QRectF(left, legend_y + line * 1.5, w - left - 12, h - (legend_y + line * 1.5) - line * 2.2)
        if plot.height() < 20 or plot.width() < 20:
            p.end()
            return
        # grid and y labels
        grid = QPen(QColor("#d9d9d9"))
        for v in range(0, top_value + 1, step):
            y = plot.bottom() - plot.height() * v / top_value
            p.setPen(grid)
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(QColor("#595959"))
            p.drawText(QRectF(0, y - line / 2, left - 6, line), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       str(v))
        # bars
        n = len(self.labels)
        group = plot.width() / n
        bar = max(1.0, group * 0.8 / len(self.series))
        for i in range(n):
            gx = plot.left() + group * i + group * 0.1
            for j, (_, colour, values) in enumerate(self.series):
                v = values[i] if i < len(values) else 0
                bh = plot.height() * v / top_value
                p.fillRect(QRectF(gx + j * bar, plot.bottom() - bh, bar - (1 if bar > 3 else 0), bh), colour)
        # x labels: as many as fit
        widest = max(fm.horizontalAdvance(lab) for lab in self.labels) + 8
        every = max(1, int(-(-widest // max(group, 1))))
        p.setPen(QColor("#404040"))
        for i in range(0, n, every):
            rect = QRectF(plot.left() + group * i - group * (every - 1) / 2, plot.bottom() + 3, group * every, line)
            p.drawText(rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self.labels[i])
        p.setPen(QPen(QColor("#808080")))
        p.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        p.end()


# ================================================================================ the view
class ReportsView(QWidget):
    """Pick a period, preview its totals and chart, export the workbook."""

    preview_ready = Signal(object)  # core.reporting.Report
    exported = Signal(str)  # the path written
    export_failed = Signal(str)  # the message shown

    #: up to this many items the preview is counted at once (a few tens of milliseconds);
    #: beyond it, in the background
    SYNC_LIMIT = 3000

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.report = None
        self.task = None
        self._preview_task = None
        self._generation = 0
        self.last_path: Path | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        bar = QHBoxLayout()
        self.kind_box = QComboBox(self)
        for kind, text in zip(KINDS, (self.tr("Weekly report"), self.tr("Monthly report"), self.tr("Quarterly report"))):
            self.kind_box.addItem(text, kind)
        self.period_box = QComboBox(self)
        self.period_box.setEditable(True)
        self.period_box.setMinimumContentsLength(30)
        self.period_box.setToolTip(self.tr("Pick a period or type one: 2026-W47 (ISO week), 2026-11 (month), 2026-Q4 (quarter)"))
        self.preview_button = QPushButton(self.tr("Preview"), self)
        self.export_button = QPushButton(self.tr("Export to Excel…"), self)
        self.export_button.setDefault(True)
        period_label = QLabel(self.tr("Period:"), self)
        period_label.setBuddy(self.period_box)
        bar.addWidget(self.kind_box)
        bar.addWidget(period_label)
        bar.addWidget(self.period_box, 1)
        bar.addWidget(self.preview_button)
        bar.addWidget(self.export_button)
        outer.addLayout(bar)

        self.banner = Banner(self)
        outer.addWidget(self.banner)
        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        f = self.heading.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.2)
        self.heading.setFont(f)
        outer.addWidget(self.heading)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.table = QTableWidget(0, 4, split)
        self.table.setHorizontalHeaderLabels([self.tr("Measure"), self.tr("This period"), self.tr("Previous period"),
                                              self.tr("Change")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2, 3):
            self.table.horizontalHeader().setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.chart = ChartWidget(split)
        split.addWidget(self.table)
        split.addWidget(self.chart)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        outer.addWidget(split, 1)

        foot = QHBoxLayout()
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.hide()
        self.open_button = QPushButton(self.tr("Open the file"), self)
        self.open_button.hide()
        self.status = QLabel(self)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        foot.addWidget(self.status, 1)
        foot.addWidget(self.progress, 1)
        foot.addWidget(self.cancel_button)
        foot.addWidget(self.open_button)
        outer.addLayout(foot)

        self.kind_box.currentIndexChanged.connect(self._kind_changed)
        self.period_box.activated.connect(lambda _i: self.preview())
        self.period_box.lineEdit().returnPressed.connect(self.preview)
        self.preview_button.clicked.connect(self.preview)
        self.export_button.clicked.connect(lambda: self.export())
        self.cancel_button.clicked.connect(self.cancel_export)
        self.open_button.clicked.connect(self.open_file)
        self.session.items_changed.connect(self._items_changed)
        self._fill_periods()
        self.preview()

    def _items_changed(self, _ids) -> None:
        if self.isVisible():
            self.preview()

    # -------------------------------------------------------------------- periods
    def kind(self) -> str:
        return self.kind_box.currentData()

    def set_kind(self, kind: str) -> None:
        self.kind_box.setCurrentIndex(KINDS.index(kind))

    def _kind_changed(self, _index: int) -> None:
        self._fill_periods()
        self.preview()

    def _fill_periods(self) -> None:
        from core.reporting import last_full_period, recent_periods

        now = clock.now()
        self.period_box.blockSignals(True)
        self.period_box.clear()
        default = last_full_period(self.kind(), now)
        for p in recent_periods(self.kind(), now, 12):
            suffix = self.tr(" (not over yet)") if p.end > now else ""
            self.period_box.addItem(f"{p.label}  {p.title}{suffix}", p.label)
        index = self.period_box.findData(default.label)
        self.period_box.setCurrentIndex(max(index, 0))
        self.period_box.blockSignals(False)

    def set_period(self, text: str) -> None:
        """Choose a period by its label (2026-W47 …); typed text works the same way."""
        index = self.period_box.findData(text.strip())
        if index >= 0:
            self.period_box.setCurrentIndex(index)
        else:
            self.period_box.setEditText(text)

    def period(self):
        """The chosen period (raises UserError for text that is not one of the chosen kind)."""
        from core.reporting import parse_period

        text = self.period_box.currentText().strip()
        index = self.period_box.currentIndex()
        if index >= 0 and text == self.period_box.itemText(index):
            text = self.period_box.itemData(index)
        else:
            text = text.split()[0] if text.split() else text
        return parse_period(text, self.kind())

    # -------------------------------------------------------------------- preview
    def preview(self):
        """Count the chosen period and show it; ``preview_ready`` is emitted with the report. A big
        database is counted in the background on its own connection (the latest request wins):
        then the task is returned, else None."""
        from core.reporting import build_report
        from gui.tasks import Task
        from storage.reports import gather

        try:
            period = self.period()
        except UserError as err:
            self.banner.show_message(str(err), "overdue")
            return None
        self._generation += 1
        generation = self._generation
        db = self.session.db
        if db.path is None or db.count_items() <= self.SYNC_LIMIT:
            if self._preview_task is not None:
                self._preview_task.cancel()
            self._preview_done((generation, build_report(gather(db, period))))
            return None

        def work(progress, cancelled):
            from storage.database import Database

            own = Database.open(db.path, create=False)
            try:
                return generation, build_report(gather(own, period, cancelled=cancelled))
            finally:
                own.close()

        if self._preview_task is not None:
            self._preview_task.cancel()
        self._preview_task = Task(work)
        self._preview_task.finished.connect(self._preview_done)
        self._preview_task.failed.connect(self._preview_failed)
        if self.task is None:
            self.status.setText(self.tr("Counting…"))
        return self._preview_task.start()

    def _preview_done(self, result) -> None:
        generation, report = result
        if generation != self._generation:
            return  # a newer preview is on its way
        self._preview_task = None
        if self.task is None:
            self.status.clear()
        self.banner.hide()
        self.report = report
        self._show(report)
        self.preview_ready.emit(report)

    def _preview_failed(self, err: BaseException) -> None:
        from core.errors import Cancelled as ExportCancelled

        if isinstance(err, ExportCancelled):
            return
        self._preview_task = None
        if isinstance(err, UserError):
            self.banner.show_message(str(err), "overdue")
            return
        from gui.widgets import show_error

        show_error(self, err, self.tr("Reports"))

    def _show(self, report) -> None:
        from core.reporting import format_rate, measure_definition, measure_label
        from core.scoring import fmt_points

        unit = report.unit.short_name or report.unit.name
        self.heading.setText(f"{unit}{report.name}  {report.period.title}")
        t, p = report.totals, report.previous_totals
        keys = ("drafted", "queued", "signed_off", "returned", "submitted", "on_time", "late", "on_time_rate",
                "overdue", "backlog", "published", "adoptions", "instructions")
        rows: list[tuple[str, str, str, str, str]] = []
        tips: list[str] = []
        for key in keys:
            tips.append(measure_definition(key))
            if key == "backlog":
                rows.append((measure_label(key), str(report.backlog), "—", "—", "overdue" if report.backlog else ""))
                continue
            now_v, before_v = t.get(key), p.get(key)
            if key == "on_time_rate":
                change = "—" if now_v is None or before_v is None else self.tr("%+.1f pts") % ((now_v - before_v) * 100)
                rows.append((measure_label(key), format_rate(now_v), format_rate(before_v), change, ""))
            else:
                rows.append((measure_label(key), str(now_v), str(before_v), f"{now_v - before_v:+d}" if now_v != before_v
                             else self.tr("unchanged"), "overdue" if key == "overdue" and now_v else ""))
        for s in report.scores:
            full = self.tr(" of %s") % fmt_points(s.full) if s.full is not None else ""
            rows.append((s.rule.name, fmt_points(s.total) + full, "", "", "score"))
            tips.append(f"{s.rule.name}\n{s.explanation}")
        self.table.setRowCount(len(rows))
        for r, (label, now_text, before_text, change, kind) in enumerate(rows):
            for c, text in enumerate((label, now_text, before_text, change)):
                item = QTableWidgetItem(text)
                item.setToolTip(tips[r])
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if kind == "overdue":
                    item.setForeground(QColor(COLOURS["overdue"]))
                    item.setBackground(QColor(BACKGROUNDS["overdue"]))
                elif kind == "score":
                    f = item.font()
                    f.setBold(True)
                    item.setFont(f)
                    item.setBackground(QColor(BACKGROUNDS["info"]))
                self.table.setItem(r, c, item)
        per = self.tr("Items per day") if report.period.kind != "quarter" else self.tr("Items per week")
        self.chart.set_data(per, [b.label for b in report.buckets], [
            (measure_label("drafted"), SERIES_COLOURS[0], [b.drafted for b in report.buckets]),
            (measure_label("submitted"), SERIES_COLOURS[1], [b.submitted for b in report.buckets]),
            (measure_label("published"), SERIES_COLOURS[2], [b.published for b in report.buckets]),
        ])

    def summary_rows(self) -> list[list[str]]:
        """What the preview table shows, row by row (for tests and copying)."""
        return [[self.table.item(r, c).text() if self.table.item(r, c) else "" for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]

    # -------------------------------------------------------------------- export
    def default_path(self) -> Path:
        from exporters.weekly_report import default_file_name

        folder = Path.home() / "Documents"
        if not folder.is_dir():
            folder = Path.home()
        if self.report is None:
            return folder / "report.xlsx"
        return folder / default_file_name(self.report)

    def export(self, path: str | Path | None = None):
        """Ask where to save (unless ``path`` is given) and write the workbook in the background.
        Returns the running task, or None when nothing was started."""
        if self.task is not None:
            return None
        try:
            period = self.period()
        except UserError as err:
            self.banner.show_message(str(err), "overdue")
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Save the report"), str(self.default_path()),
                                                    self.tr("Excel workbook (*.xlsx)"))
            if not chosen:
                return None
            path = chosen
        path = Path(path)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        return self._start(period, path)

    def _start(self, period, path: Path):
        from core.reporting import build_report
        from exporters.weekly_report import write_report
        from gui.tasks import Task
        from storage.reports import gather

        session_db = self.session.db
        prepared = None
        if session_db.path is None:  # a private in-memory database: read it here, write in the background
            prepared = build_report(gather(session_db, period))

        def work(progress, cancelled):
            def phase(start: int, span: int):
                return lambda done, total: progress(start + (span * done // total if total else 0), 1000)

            if prepared is not None:
                report = prepared
            else:
                from storage.database import Database

                db = Database.open(session_db.path, create=False)
                try:
                    report = build_report(gather(db, period, progress=phase(0, 200), cancelled=cancelled),
                                          progress=phase(200, 100))
                finally:
                    db.close()
            return write_report(report, path, progress=phase(300, 700), cancelled=cancelled)

        self.task = Task(work)
        self.task.progress.connect(self._progress)
        self.task.finished.connect(self._finished)
        self.task.failed.connect(self._failed)
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.open_button.hide()
        self.export_button.setEnabled(False)
        self.status.setText(self.tr("Writing %s …") % path.name)
        return self.task.start()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setValue(min(done, total))

    def _end(self) -> None:
        self.task = None
        self.progress.hide()
        self.cancel_button.hide()
        self.export_button.setEnabled(True)

    def _finished(self, path) -> None:
        self._end()
        self.last_path = Path(path)
        self.status.setText(self.tr("Saved: %s") % str(path))
        self.open_button.show()
        self.exported.emit(str(path))

    def _failed(self, err: BaseException) -> None:
        from core.errors import Cancelled as ExportCancelled
        from gui.tasks import Cancelled as TaskCancelled

        self._end()
        if isinstance(err, (ExportCancelled, TaskCancelled)):
            self.status.setText(self.tr("Export cancelled; nothing was written."))
            self.export_failed.emit(self.status.text())
            return
        if isinstance(err, (UserError, OSError)):
            message = str(err)
            self.status.setText(message)
            self.banner.show_message(message, "overdue")
            self.export_failed.emit(message)
            return
        from gui.widgets import show_error

        self.status.setText(self.tr("The export failed."))
        self.export_failed.emit(str(err))
        show_error(self, err, self.tr("Reports"))

    def cancel_export(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText(self.tr("Cancelling…"))

    def open_file(self) -> None:
        if self.last_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_path)))


# ================================================================================ adoption dialog
class AdoptionDialog(QDialog):
    """采用与批示: record that a higher level adopted the item, or that a leader gave an
    instruction on it; the item's earlier records are listed above the form."""

    recorded = Signal(object)  # core.reporting.Adoption

    LEVELS = ("区级", "市级", "省级", "国家级")

    def __init__(self, session, item_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.item = session.db.get_item(item_id)
        self.setWindowTitle(self.tr("Adoption and instructions"))
        outer = QVBoxLayout(self)
        title = QLabel(self.item.title, self)
        title.setWordWrap(True)
        f = title.font()
        f.setBold(True)
        title.setFont(f)
        outer.addWidget(title)

        self.records = QTableWidget(0, 6, self)
        self.records.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Kind"), self.tr("Level"),
                                                self.tr("Adopted by / leader"), self.tr("Note"), self.tr("Recorded by")])
        self.records.verticalHeader().setVisible(False)
        self.records.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.records.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.records.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.records.setMinimumHeight(110)
        outer.addWidget(self.records, 1)

        form = QFormLayout()
        self.kind_box = QComboBox(self)
        self.kind_box.addItem(self.tr("Adoption by a higher level"), "adoption")
        self.kind_box.addItem(self.tr("Leader's instruction"), "instruction")
        self.by_edit = QLineEdit(self)
        self.by_edit.setMaxLength(200)
        self.by_edit.setPlaceholderText(self.tr("e.g. 市政府办公厅《政务信息》, or 副市长 张某"))
        self.level_box = QComboBox(self)
        for level in self.LEVELS:
            self.level_box.addItem(level, level)
        self.level_box.setCurrentIndex(1)
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        today = clock.today()
        self.date_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        if self.item.event_date:
            e = self.item.event_date
            self.date_edit.setMinimumDate(QDate(e.year, e.month, e.day))
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.note_edit = QLineEdit(self)
        self.note_edit.setMaxLength(2000)
        self.note_edit.setPlaceholderText(self.tr("where it was printed, what the instruction says …"))
        form.addRow(self.tr("Kind:"), self.kind_box)
        form.addRow(self.tr("By:"), self.by_edit)
        form.addRow(self.tr("Level:"), self.level_box)
        form.addRow(self.tr("Date:"), self.date_edit)
        form.addRow(self.tr("Note:"), self.note_edit)
        outer.addLayout(form)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {COLOURS['overdue']}")
        self.error.hide()
        outer.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.record_button = self.buttons.addButton(self.tr("Record"), QDialogButtonBox.ButtonRole.ActionRole)
        self.record_button.setDefault(True)
        self.buttons.rejected.connect(self.reject)
        self.record_button.clicked.connect(self.record)
        outer.addWidget(self.buttons)
        allowed = self.item.state in ("submitted", "published")
        if not allowed:
            self._show_error(self.tr("Only a submitted or published item can be adopted or draw an instruction."))
        self.record_button.setEnabled(allowed)
        self.resize(640, 420)
        self.refresh()

    def refresh(self) -> None:
        from core.scoring import record_kind_label
        from storage.reports import list_adoptions

        rows = list_adoptions(self.session.db, self.item.id)
        self.records.setRowCount(len(rows))
        for r, a in enumerate(rows):
            for c, text in enumerate((a.on_date.isoformat(), record_kind_label(a.kind), a.level, a.by_whom, a.note,
                                      a.recorded_by)):
                self.records.setItem(r, c, QTableWidgetItem(text))

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def record(self):
        """Store what the form says; returns the record, or None when refused (the reason is shown)."""
        from storage.reports import add_adoption

        d = self.date_edit.date()
        try:
            rec = add_adoption(self.session.db, self.item.id, self.kind_box.currentData(), self.by_edit.text(),
                               self.level_box.currentData(), dt.date(d.year(), d.month(), d.day()),
                               self.note_edit.text(), actor=self.session.user.name)
        except UserError as err:
            self._show_error(str(err))
            return None
        self.error.hide()
        self.by_edit.clear()
        self.note_edit.clear()
        self.refresh()
        self.session.notify(self.item.id)
        self.recorded.emit(rec)
        return rec


def open_adoption_dialog(session, item_id: str, parent: QWidget | None = None) -> AdoptionDialog:
    """Open the dialog for one item (non-modal; the caller may keep a reference)."""
    dialog = AdoptionDialog(session, item_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
