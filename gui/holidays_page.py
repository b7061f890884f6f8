"""设置 › 节假日 — where each year's working days come from, importing a holiday file, and
editing a year's holidays and make-up working days (调休上班日).

The rules live in :mod:`core.schedule.workdays`: a holiday file in the user's folder, else the
``chinesecalendar`` package (up to 2026), else a shipped file, else weekends only (with a
warning beside every deadline). This page only shows that, and writes the user's files with
:func:`install_holiday_file` / :func:`save_holiday_file` (both atomic, both checked by
:func:`read_holiday_file` first, both resetting the cached calendar so later deadlines use them).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QMessageBox, QPushButton, QSpinBox, QTableWidget,
                               QTableWidgetItem, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from core import clock
from core.errors import UserError
from core.schedule import workdays as wd
from gui.widgets import COLOURS, icon

KIND_HOLIDAY = "holiday"
KIND_WORKDAY = "workday"


def holidays_folder() -> Path:
    """Where imported and edited holiday files go (``storage.paths.holidays_dir``; the calendar reads it)."""
    from storage.paths import holidays_dir

    return holidays_dir()


class HolidaysPage(QWidget):
    """The 节假日 tab. ``changed`` is emitted after a file was installed or saved."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("holidaysPage")
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("Working-day deadlines (such as 7 working days) need each year's public holidays and "
                               "make-up working days. Where each year's schedule comes from:"), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.years_tree = QTreeWidget(self)
        self.years_tree.setObjectName("holidayYears")
        self.years_tree.setRootIsDecorated(False)
        self.years_tree.setHeaderLabels([self.tr("Year"), self.tr("Working days from"), self.tr("Details")])
        self.years_tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.years_tree.setMaximumHeight(130)
        self.years_tree.setWordWrap(True)
        self.years_tree.currentItemChanged.connect(lambda *_: self._year_chosen())
        lay.addWidget(self.years_tree)
        self.warning = QLabel(self)
        self.warning.setObjectName("holidayWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {COLOURS['due_soon']}")
        lay.addWidget(self.warning)
        row = QHBoxLayout()
        self.import_button = QPushButton(icon("import"), self.tr("Import a holiday file…"), self)
        self.import_button.setObjectName("importHolidays")
        self.import_button.clicked.connect(lambda: self.import_file())
        row.addWidget(self.import_button)
        row.addStretch(1)
        lay.addLayout(row)

        box = QGroupBox(self.tr("Edit a year"), self)
        bl = QVBoxLayout(box)
        form = QFormLayout()
        self.year_spin = QSpinBox(box)
        self.year_spin.setObjectName("holidayYear")
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setMaximumWidth(120)
        self.year_spin.setValue(clock.today().year + 1)
        self.year_spin.valueChanged.connect(self._year_changed)
        form.addRow(self.tr("Year:"), self.year_spin)
        self.source_edit = QLineEdit(box)
        self.source_edit.setObjectName("holidaySource")
        self.source_edit.setPlaceholderText(self.tr("the State Council's notice, e.g. 国办发明电〔2026〕N号"))
        form.addRow(self.tr("Source:"), self.source_edit)
        bl.addLayout(form)
        self.edit_note = QLabel(box)
        self.edit_note.setObjectName("holidayEditNote")
        self.edit_note.setWordWrap(True)
        self.edit_note.setStyleSheet("color: #666")
        bl.addWidget(self.edit_note)
        self.days_table = QTableWidget(0, 3, box)
        self.days_table.setObjectName("holidayDays")
        self.days_table.setHorizontalHeaderLabels([self.tr("Date (YYYY-MM-DD)"), self.tr("Kind"), self.tr("Name")])
        self.days_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.days_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.days_table.verticalHeader().setVisible(False)
        self.days_table.setColumnWidth(0, 150)
        self.days_table.setColumnWidth(1, 170)
        bl.addWidget(self.days_table, 1)
        brow = QHBoxLayout()
        self.add_day_button = QPushButton(icon("new"), self.tr("Add a day"), box)
        self.add_day_button.setObjectName("addHolidayDay")
        self.add_day_button.clicked.connect(lambda: self.add_day())
        self.remove_day_button = QPushButton(icon("withdraw"), self.tr("Remove the day"), box)
        self.remove_day_button.setObjectName("removeHolidayDay")
        self.remove_day_button.clicked.connect(self.remove_day)
        self.save_year_button = QPushButton(icon("save"), self.tr("Save the year"), box)
        self.save_year_button.setObjectName("saveHolidayYear")
        self.save_year_button.clicked.connect(lambda: self.save_year())
        brow.addWidget(self.add_day_button)
        brow.addWidget(self.remove_day_button)
        brow.addStretch(1)
        brow.addWidget(self.save_year_button)
        bl.addLayout(brow)
        lay.addWidget(box, 1)
        self._loaded: tuple[int, tuple] = (0, ())
        self.status = QLabel(self)
        self.status.setObjectName("holidayStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.status)
        self.fill_years()
        self.load_year()

    # ------------------------------------------------------------- the years
    def years_shown(self) -> list[int]:
        """This year, next year and every year that has a holiday file in the user's folders."""
        this = clock.today().year
        years = {this, this + 1}
        for folder in wd.default_holiday_dirs():
            if folder.is_dir():
                for path in folder.iterdir():
                    m = wd.HOLIDAY_FILE_NAME.match(path.name)
                    if m and path.is_file():
                        years.add(int(m.group(1)))
        return sorted(years)

    def year_source(self, year: int) -> tuple[str, str, str]:
        """(kind, text, details) for ``year``; kind "error" when its file cannot be read."""
        calendar = wd.WorkCalendar.default()  # a fresh one: it looks at the folders as they are now
        try:
            src = calendar.source(year)
        except UserError as err:
            return "error", self.tr("A holiday file that cannot be used"), str(err)
        if src.kind == wd.SOURCE_FILE:
            return src.kind, self.tr("Holiday file"), str(src.path)
        if src.kind == wd.SOURCE_PACKAGE:
            return src.kind, self.tr("chinesecalendar package"), self.tr(
                "The State Council's schedule as published, built into the program.")
        return src.kind, self.tr("Weekends only"), self.tr(
            "No holiday schedule: public holidays and make-up working days are not counted, so working-day "
            "deadlines may be wrong. Import the year's holiday file.")

    def fill_years(self) -> None:
        current = self.years_tree.currentItem()
        keep = current.data(0, Qt.ItemDataRole.UserRole) if current else None
        self.years_tree.blockSignals(True)
        self.years_tree.clear()
        warnings = []
        for year in self.years_shown():
            kind, text, details = self.year_source(year)
            if kind in ("weekends", "error"):
                warnings.append(self.tr("{year}: {details}").format(year=year, details=details))
            it = QTreeWidgetItem([str(year), text, details])
            it.setData(0, Qt.ItemDataRole.UserRole, year)
            it.setData(1, Qt.ItemDataRole.UserRole, kind)
            it.setToolTip(2, details)
            if kind in ("weekends", "error"):
                for c in range(3):
                    it.setForeground(c, QColor(COLOURS["overdue"] if kind == "error" else COLOURS["due_soon"]))
                it.setIcon(0, icon("due_soon"))
            else:
                it.setIcon(0, icon("ok"))
            self.years_tree.addTopLevelItem(it)
            if year == keep:
                self.years_tree.setCurrentItem(it)
        self.years_tree.blockSignals(False)
        self.warning.setText("\n".join(warnings))
        self.warning.setVisible(bool(warnings))
        self.years_tree.header().resizeSection(0, 70)
        self.years_tree.header().resizeSection(1, 170)

    def year_row(self, year: int) -> QTreeWidgetItem | None:
        for i in range(self.years_tree.topLevelItemCount()):
            it = self.years_tree.topLevelItem(i)
            if it.data(0, Qt.ItemDataRole.UserRole) == year:
                return it
        return None

    def _year_chosen(self) -> None:
        it = self.years_tree.currentItem()
        if it is not None:
            self.year_spin.setValue(int(it.data(0, Qt.ItemDataRole.UserRole)))

    # ------------------------------------------------------------------ import
    def import_file(self, path: str | None = None) -> bool:
        """Check a holiday file and install it as the year's file; a bad file changes nothing."""
        if path is None:
            path, _f = QFileDialog.getOpenFileName(self, self.tr("Import a holiday file"), "",
                                                   self.tr("Holiday files (*.toml)"))
            if not path:
                return False
        try:
            parsed = wd.read_holiday_file(path)
        except UserError as err:
            return self._refuse(self.tr("The holiday file was not imported; nothing was changed."), err)
        folder = holidays_folder()
        target = folder / f"{parsed.year:04d}.toml"
        if target.exists() and Path(path).resolve() != target.resolve():
            answer = QMessageBox.question(
                self, self.tr("Import a holiday file"),
                self.tr("{year} already has a holiday file ({path}). Replace it with {file}?").format(
                    year=parsed.year, path=str(target), file=Path(path).name))
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            installed = wd.install_holiday_file(path, folder)
        except UserError as err:
            return self._refuse(self.tr("The holiday file was not imported; nothing was changed."), err)
        except OSError as err:
            return self._refuse(self.tr("The holiday file was not imported; nothing was changed."),
                                UserError(self.tr("Cannot write {path}: {error}").format(
                                    path=str(folder), error=err.strerror or err)))
        self._after_change(parsed.year, self.tr("{year}: the holiday file was imported to {path} "
                                                "({holidays} holidays, {workdays} make-up working days).").format(
            year=parsed.year, path=str(installed), holidays=len(parsed.holidays), workdays=len(parsed.workdays)))
        return True

    # -------------------------------------------------------------------- edit
    def load_year(self, year: int | None = None) -> None:
        """Fill the table with ``year``'s days: from its file, else the package's, else empty."""
        if year is not None and year != self.year_spin.value():
            self.year_spin.setValue(year)  # calls back here
            return
        year = self.year_spin.value()
        self.days_table.setRowCount(0)
        self.source_edit.clear()
        kind, _text, _details = self.year_source(year)
        rows: list[tuple[dt.date, str, str]] = []
        if kind == wd.SOURCE_FILE:
            src = wd.WorkCalendar.default().source(year)
            parsed = wd.read_holiday_file(src.path, year)
            self.source_edit.setText(parsed.source)
            rows = [(d, KIND_HOLIDAY, parsed.names.get(d, "")) for d in parsed.holidays]
            rows += [(d, KIND_WORKDAY, parsed.names.get(d, "")) for d in parsed.workdays]
            note = self.tr("Editing the holiday file {path}.").format(path=str(src.path))
            if src.path.parent.resolve() != holidays_folder().resolve():
                note += " " + self.tr("Saving writes your own copy to {folder}.").format(folder=str(holidays_folder()))
        elif kind == wd.SOURCE_PACKAGE:
            holidays, workdays = wd.package_schedule(year) or ({}, {})
            self.source_edit.setText(self.tr("chinesecalendar package"))
            rows = [(d, KIND_HOLIDAY, n) for d, n in holidays.items()] + [(d, KIND_WORKDAY, n) for d, n in workdays.items()]
            note = self.tr("These are the package's dates. Saving makes a holiday file for {year} that is used "
                           "instead of the package (for a schedule changed during the year).").format(year=year)
        elif kind == "error":
            note = _details
        else:
            note = self.tr("{year} has no schedule yet: add its holidays and make-up working days from the State "
                           "Council's notice, then save.").format(year=year)
        self.edit_note.setText(note)
        for day, k, name in sorted(rows):
            self.add_day(day.isoformat(), k, name)
        self._loaded = (year, self._table_state())

    def _table_state(self) -> tuple:
        """What the editor shows, to tell whether the user changed anything since it was loaded."""
        rows = []
        for row in range(self.days_table.rowCount()):
            date_cell, name_cell = self.days_table.item(row, 0), self.days_table.item(row, 2)
            combo = self.days_table.cellWidget(row, 1)
            rows.append((date_cell.text() if date_cell else "", combo.currentData() if combo else "",
                         name_cell.text() if name_cell else ""))
        return (self.source_edit.text(), tuple(rows))

    def has_unsaved_changes(self) -> bool:
        return self._loaded[1] != self._table_state()

    def _year_changed(self, year: int) -> None:
        """Another year chosen: unsaved edits of the year shown are not dropped without asking."""
        shown = self._loaded[0]
        if shown and year != shown and self.has_unsaved_changes():
            answer = QMessageBox.question(
                self, self.tr("Holidays"),
                self.tr("The changes to {year} are not saved. Discard them and show {other}?").format(
                    year=shown, other=year))
            if answer != QMessageBox.StandardButton.Yes:
                self.year_spin.blockSignals(True)
                self.year_spin.setValue(shown)
                self.year_spin.blockSignals(False)
                return
        self.load_year()

    def add_day(self, date_text: str = "", kind: str = KIND_HOLIDAY, name: str = "") -> int:
        row = self.days_table.rowCount()
        self.days_table.insertRow(row)
        self.days_table.setItem(row, 0, QTableWidgetItem(date_text))
        combo = QComboBox(self.days_table)
        combo.addItem(self.tr("Holiday (day off)"), KIND_HOLIDAY)
        combo.addItem(self.tr("Make-up working day"), KIND_WORKDAY)
        combo.setCurrentIndex(max(0, combo.findData(kind)))
        self.days_table.setCellWidget(row, 1, combo)
        self.days_table.setItem(row, 2, QTableWidgetItem(name))
        if not date_text:
            self.days_table.setCurrentCell(row, 0)
        return row

    def remove_day(self) -> None:
        rows = sorted({i.row() for i in self.days_table.selectedIndexes()} or
                      ({self.days_table.currentRow()} if self.days_table.currentRow() >= 0 else set()), reverse=True)
        for row in rows:
            self.days_table.removeRow(row)

    def set_row(self, row: int, date_text: str, kind: str, name: str = "") -> None:
        """Fill one row (for tests and for a paste)."""
        self.days_table.item(row, 0).setText(date_text)
        combo = self.days_table.cellWidget(row, 1)
        combo.setCurrentIndex(max(0, combo.findData(kind)))
        self.days_table.item(row, 2).setText(name)

    def edited_days(self) -> tuple[set[dt.date], set[dt.date], dict[dt.date, str]]:
        """The table as holidays, make-up working days and names; a mistake is a UserError naming its row."""
        year = self.year_spin.value()
        holidays: set[dt.date] = set()
        workdays: set[dt.date] = set()
        names: dict[dt.date, str] = {}
        for row in range(self.days_table.rowCount()):
            cell = self.days_table.item(row, 0)
            text = (cell.text() if cell else "").strip()
            name_cell = self.days_table.item(row, 2)
            name = (name_cell.text() if name_cell else "").strip()
            if not text:
                if name:
                    raise UserError(self.tr("Row {row}: enter a date (YYYY-MM-DD).").format(row=row + 1))
                continue
            try:
                day = dt.date.fromisoformat(text.replace("/", "-"))
            except ValueError:
                raise UserError(self.tr("Row {row}: “{text}” is not a date; write it as YYYY-MM-DD.").format(
                    row=row + 1, text=text)) from None
            if day.year != year:
                raise UserError(self.tr("Row {row}: {day} is not in {year}.").format(
                    row=row + 1, day=day.isoformat(), year=year))
            kind = self.days_table.cellWidget(row, 1).currentData()
            mine, other = (holidays, workdays) if kind == KIND_HOLIDAY else (workdays, holidays)
            if day in other:
                raise UserError(self.tr("Row {row}: {day} is listed both as a holiday and as a make-up working "
                                        "day.").format(row=row + 1, day=day.isoformat()))
            mine.add(day)
            if name:
                names[day] = name
        return holidays, workdays, names

    def save_year(self) -> bool:
        """Write the table as the year's holiday file (atomic, read back before it replaces anything)."""
        year = self.year_spin.value()
        try:
            holidays, workdays, names = self.edited_days()
            if not holidays and not workdays:
                raise UserError(self.tr("Add at least one holiday or make-up working day for {year}.").format(year=year))
            saved = wd.save_holiday_file(holidays_folder(), year, holidays, workdays, names, self.source_edit.text())
        except UserError as err:
            return self._refuse(self.tr("The year was not saved; nothing was changed."), err)
        except OSError as err:
            return self._refuse(self.tr("The year was not saved; nothing was changed."),
                                UserError(self.tr("Cannot write {path}: {error}").format(
                                    path=str(holidays_folder()), error=err.strerror or err)))
        self._after_change(year, self.tr("{year}: saved to {path} ({holidays} holidays, {workdays} make-up "
                                         "working days).").format(year=year, path=str(saved.path),
                                                                  holidays=len(saved.holidays),
                                                                  workdays=len(saved.workdays)))
        return True

    # ----------------------------------------------------------------- helpers
    def _after_change(self, year: int, message: str) -> None:
        wd.reset_default_calendar()  # deadlines computed from now on read the new file
        self.fill_years()
        it = self.year_row(year)
        if it is not None:
            self.years_tree.setCurrentItem(it)
        if self.year_spin.value() == year:
            self.load_year()
        else:
            self.year_spin.setValue(year)
        self.status.setStyleSheet(f"color: {COLOURS['ok']}")
        self.status.setText(message)
        self.changed.emit()

    def _refuse(self, headline: str, err: UserError) -> bool:
        self.status.setStyleSheet(f"color: {COLOURS['overdue']}")
        self.status.setText(f"{headline}\n{err}")
        QMessageBox.warning(self, self.tr("Holidays"), f"{headline}\n\n{err}")
        return False
