"""设置 — the unit's profile, its people, its columns, word lists, holidays, e-mail sending,
language and password."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget, QMessageBox,
                               QPushButton, QTabWidget, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from core.errors import UserError
from core.model import Person, Unit
from core.workflow import role_label
from gui import i18n as gui_i18n
from gui.password_dialog import MIN_LENGTH, change_password
from gui.widgets import icon, show_error
from resources import RESOURCES


#: QSettings key of the exchange folder watched on this computer.
WATCH_FOLDER_KEY = "exchange/watch_folder"


def user_wordlist_dir() -> Path:
    """Where a unit's own word lists go (``storage.paths.wordlists_dir``; the scan reads them)."""
    from storage.paths import wordlists_dir

    return wordlists_dir()


class PersonDialog(QDialog):
    """Add or edit one person (name, role, phone, e-mail, active)."""

    def __init__(self, person: Person | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("personDialog")
        self.setWindowTitle(self.tr("Edit person") if person else self.tr("Add a person"))
        form = QFormLayout(self)
        self.name = QLineEdit(self)
        self.name.setObjectName("name")
        self.role = QComboBox(self)
        self.role.setObjectName("role")
        for r in ("officer", "supervisor"):
            self.role.addItem(role_label(r), r)
        self.phone = QLineEdit(self)
        self.phone.setObjectName("phone")
        self.email = QLineEdit(self)
        self.email.setObjectName("email")
        self.active = QCheckBox(self.tr("Active in this unit"), self)
        self.active.setObjectName("active")
        self.active.setChecked(True)
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("optional: they can set it on first sign-off"))
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Role:"), self.role)
        form.addRow(self.tr("Phone:"), self.phone)
        form.addRow(self.tr("E-mail:"), self.email)
        form.addRow("", self.active)
        if person is None:
            form.addRow(self.tr("Initial password:"), self.password)
        else:
            self.name.setText(person.name)
            self.name.setReadOnly(True)
            self.role.setCurrentIndex(max(0, self.role.findData(person.role)))
            self.phone.setText(person.phone)
            self.email.setText(person.email)
            self.active.setChecked(person.active)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #c62828")
        self.error_label.hide()
        form.addRow(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(380)

    def person(self) -> Person:
        return Person(self.name.text().strip(), self.role.currentData(), self.phone.text().strip(),
                      self.email.text().strip(), self.active.isChecked())

    def accept(self) -> None:
        if not self.name.text().strip():
            why = self.tr("Enter a name.")
        elif self.password.text() and len(self.password.text()) < MIN_LENGTH:
            why = self.tr("A password needs at least {n} characters.").format(n=MIN_LENGTH)
        else:
            super().accept()
            return
        self.error_label.setText(why)
        self.error_label.show()


class SettingsDialog(QDialog):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.session = session
        self.setWindowTitle(self.tr("Settings"))
        self.setWindowIcon(icon("settings"))
        lay = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settingsTabs")
        self.tabs.addTab(self._unit_page(), self.tr("Unit"))
        self.tabs.addTab(self._people_page(), self.tr("People"))
        self.tabs.addTab(self._columns_page(), self.tr("Columns"))
        self.tabs.addTab(self._wordlists_page(), self.tr("Word lists"))
        from gui.holidays_page import HolidaysPage
        from gui.smtp_page import SmtpPage

        self.holidays_page = HolidaysPage(self)
        self.holidays_page.changed.connect(self._holidays_changed)
        self.tabs.addTab(self.holidays_page, self.tr("Holidays"))
        self.smtp_page = SmtpPage(self)
        self.smtp_page.changed.connect(self.session.settings_changed.emit)
        self.tabs.addTab(self.smtp_page, self.tr("E-mail sending"))
        self.tabs.addTab(self._language_page(), self.tr("Language"))
        self.tabs.addTab(self._password_page(), self.tr("Password"))
        lay.addWidget(self.tabs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(760, 560)

    @property
    def db(self):
        return self.session.db

    def reject(self) -> None:
        """Close — but not over unsaved edits of a year's holidays without asking."""
        page = self.holidays_page
        if page.has_unsaved_changes():
            self.show_page(page)
            answer = QMessageBox.question(
                self, self.tr("Holidays"), self.tr("The changes to the holidays of {year} are not saved. Save them?").format(
                    year=page.year_spin.value()),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save)
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save and not page.save_year():
                return  # the page says why; the edits stay
        super().reject()

    def show_page(self, page: QWidget) -> None:
        """Bring one tab to the front (the send action opens the e-mail tab this way)."""
        self.tabs.setCurrentWidget(page)

    def can_manage(self) -> bool:
        """Only the supervising leader manages people and columns (or anyone while the unit has none)."""
        if self.session.user.role == "supervisor":
            return True
        return not any(p.role == "supervisor" for p in self.db.people())

    # ------------------------------------------------------------------ unit
    def _holidays_changed(self) -> None:
        """The working-day calendar changed: the items not yet out get their due times again."""
        try:
            self.session.db.refresh_due_times(self.session.user.name)
        except UserError as err:
            show_error(self, err, self.tr("Holidays"))
        self.session.settings_changed.emit()
        self.session.notify()  # the lists show the new due times

    def _unit_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        unit = self.db.unit()
        self.unit_name = QLineEdit(unit.name, page)
        self.unit_name.setObjectName("unit_name")
        self.unit_short = QLineEdit(unit.short_name, page)
        self.unit_short.setObjectName("short_name")
        self.unit_mailbox = QLineEdit(unit.mailbox, page)
        self.unit_mailbox.setObjectName("mailbox")
        self.unit_mailbox.setPlaceholderText("zwxx@portal.example.gov.cn")
        form.addRow(self.tr("Unit name:"), self.unit_name)
        form.addRow(self.tr("Short name:"), self.unit_short)
        form.addRow(self.tr("Receiving mailbox:"), self.unit_mailbox)
        hint = QLabel(self.tr("Items are sent to the receiving mailbox of the portal's office (报送邮箱)."), page)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666")
        form.addRow(hint)
        self.save_unit_button = QPushButton(icon("save"), self.tr("Save the unit"), page)
        self.save_unit_button.setObjectName("saveUnit")
        self.save_unit_button.clicked.connect(self.save_unit)
        row = QHBoxLayout()
        row.addWidget(self.save_unit_button)
        row.addStretch(1)
        form.addRow("", row)

        self.watch_folder = QLineEdit(gui_i18n.settings().value(WATCH_FOLDER_KEY, "", type=str), page)
        self.watch_folder.setObjectName("watch_folder")
        self.watch_folder.setPlaceholderText(self.tr("none"))
        browse = QPushButton(self.tr("Choose…"), page)
        browse.clicked.connect(self._choose_watch_folder)
        apply_watch = QPushButton(self.tr("Use this folder"), page)
        apply_watch.setObjectName("applyWatchFolder")
        apply_watch.clicked.connect(lambda: self.save_watch_folder())
        wrow = QHBoxLayout()
        wrow.addWidget(self.watch_folder, 1)
        wrow.addWidget(browse)
        wrow.addWidget(apply_watch)
        form.addRow(self.tr("Exchange folder:"), wrow)
        whint = QLabel(self.tr("Packages and identity cards put into this shared folder (or a USB stick) are imported "
                               "by themselves while InfoDesk runs, on this computer."), page)
        whint.setWordWrap(True)
        whint.setStyleSheet("color: #666")
        form.addRow(whint)
        return page

    def _choose_watch_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Exchange folder"), self.watch_folder.text())
        if path:
            self.watch_folder.setText(path)

    def save_watch_folder(self, path: str | None = None) -> str:
        """Remember the exchange folder on this computer ("" for none); the window starts watching it."""
        if path is not None:
            self.watch_folder.setText(path)
        value = self.watch_folder.text().strip()
        gui_i18n.settings().setValue(WATCH_FOLDER_KEY, value)
        self.session.settings_changed.emit()
        return value

    def save_unit(self) -> bool:
        name = self.unit_name.text().strip()
        if not name:
            QMessageBox.warning(self, self.tr("Unit"), self.tr("Enter the unit's name."))
            return False
        try:
            self.db.set_unit(Unit(name, self.unit_mailbox.text().strip(), self.unit_short.text().strip()),
                             actor=self.session.user.name)
        except UserError as err:
            show_error(self, err)
            return False
        self.session.settings_changed.emit()
        return True

    # ---------------------------------------------------------------- people
    def _people_page(self) -> QWidget:
        page = QWidget(self)
        lay = QVBoxLayout(page)
        self.people_tree = QTreeWidget(page)
        self.people_tree.setObjectName("peopleTree")
        self.people_tree.setRootIsDecorated(False)
        self.people_tree.setHeaderLabels([self.tr("Name"), self.tr("Role"), self.tr("Phone"), self.tr("E-mail"),
                                          self.tr("Active"), self.tr("Password")])
        self.people_tree.itemDoubleClicked.connect(lambda _it, _c: self.edit_person())
        lay.addWidget(self.people_tree)
        row = QHBoxLayout()
        self.add_person_button = QPushButton(icon("new"), self.tr("Add…"), page)
        self.edit_person_button = QPushButton(icon("queue_draft"), self.tr("Edit…"), page)
        self.toggle_person_button = QPushButton(icon("withdraw"), self.tr("Deactivate"), page)
        self.add_person_button.clicked.connect(lambda: self.edit_person(new=True))
        self.edit_person_button.clicked.connect(lambda: self.edit_person())
        self.toggle_person_button.clicked.connect(self.toggle_person)
        for b in (self.add_person_button, self.edit_person_button, self.toggle_person_button):
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        self.people_hint = QLabel(page)
        self.people_hint.setWordWrap(True)
        self.people_hint.setStyleSheet("color: #666")
        lay.addWidget(self.people_hint)
        self.people_tree.currentItemChanged.connect(lambda *_: self._people_buttons())
        self.fill_people()
        return page

    def fill_people(self) -> None:
        self.people_tree.clear()
        for p in self.db.people(include_inactive=True):
            it = QTreeWidgetItem([p.name, role_label(p.role), p.phone, p.email,
                                  self.tr("yes") if p.active else self.tr("no"),
                                  self.tr("set") if self.db.has_password(p.name) else self.tr("not yet")])
            it.setData(0, Qt.ItemDataRole.UserRole, p.name)
            if not p.active:
                for c in range(6):
                    it.setForeground(c, Qt.GlobalColor.gray)
            self.people_tree.addTopLevelItem(it)
        for i, w in enumerate((110, 110, 120, 180, 50)):
            self.people_tree.header().resizeSection(i, w)
        manage = self.can_manage()
        self.people_hint.setText("" if manage else self.tr("Only the supervising leader can change the people of the unit."))
        self._people_buttons()

    def _people_buttons(self) -> None:
        manage = self.can_manage()
        it = self.people_tree.currentItem()
        self.add_person_button.setEnabled(manage)
        self.edit_person_button.setEnabled(manage and it is not None)
        self.toggle_person_button.setEnabled(manage and it is not None)
        if it is not None:
            p = self.db.person(it.data(0, Qt.ItemDataRole.UserRole))
            self.toggle_person_button.setText(self.tr("Deactivate") if p.active else self.tr("Activate"))

    def select_person(self, name: str) -> None:
        for i in range(self.people_tree.topLevelItemCount()):
            it = self.people_tree.topLevelItem(i)
            if it.data(0, Qt.ItemDataRole.UserRole) == name:
                self.people_tree.setCurrentItem(it)
                return

    def edit_person(self, new: bool = False, dialog: PersonDialog | None = None) -> bool:
        if not self.can_manage():
            return False
        person = None
        if not new:
            it = self.people_tree.currentItem()
            if it is None:
                return False
            person = self.db.person(it.data(0, Qt.ItemDataRole.UserRole))
        dlg = dialog or PersonDialog(person, self)
        if dialog is None and dlg.exec() != QDialog.DialogCode.Accepted:
            return False
        p = dlg.person()
        if new and any(x.name == p.name for x in self.db.people(include_inactive=True)):
            QMessageBox.warning(self, self.tr("People"), self.tr("{name} is already in the unit.").format(name=p.name))
            return False
        try:
            self.db.save_person(p, actor=self.session.user.name, password=dlg.password.text() or None)
        except UserError as err:
            show_error(self, err)
            return False
        self.fill_people()
        self.select_person(p.name)
        self.session.settings_changed.emit()
        return True

    def toggle_person(self) -> bool:
        it = self.people_tree.currentItem()
        if it is None or not self.can_manage():
            return False
        p = self.db.person(it.data(0, Qt.ItemDataRole.UserRole))
        if p.name == self.session.user.name and p.active:
            QMessageBox.warning(self, self.tr("People"), self.tr("You cannot deactivate yourself."))
            return False
        try:
            self.db.save_person(Person(p.name, p.role, p.phone, p.email, not p.active), actor=self.session.user.name)
        except UserError as err:
            show_error(self, err)
            return False
        self.fill_people()
        self.select_person(p.name)
        self.session.settings_changed.emit()
        return True

    # --------------------------------------------------------------- columns
    def _columns_page(self) -> QWidget:
        page = QWidget(self)
        lay = QVBoxLayout(page)
        self.columns_label = QLabel(page)
        lay.addWidget(self.columns_label)
        self.columns_tree = QTreeWidget(page)
        self.columns_tree.setObjectName("columnsTree")
        self.columns_tree.setRootIsDecorated(False)
        self.columns_tree.setHeaderLabels([self.tr("Column"), self.tr("Update rule"), self.tr("Upkeep"),
                                           self.tr("Supplier")])
        self.columns_tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.columns_tree.header().setStretchLastSection(False)
        self.columns_tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        lay.addWidget(self.columns_tree)
        row = QHBoxLayout()
        self.builtin_combo = QComboBox(page)
        self.builtin_combo.setObjectName("builtinTables")
        try:
            from core.schedule import list_builtin_tables
            from core.schedule.tables import table_title
        except ImportError:  # pragma: no cover
            names = []
        else:
            names = list_builtin_tables()
            for n in names:
                try:
                    title = table_title(n) or n
                except UserError:
                    title = n
                self.builtin_combo.addItem(title, n)
        self.load_builtin_button = QPushButton(icon("columns"), self.tr("Load this built-in table"), page)
        self.load_builtin_button.setObjectName("loadBuiltin")
        self.load_builtin_button.clicked.connect(self.load_builtin)
        self.import_xlsx_button = QPushButton(icon("import"), self.tr("Import from Excel…"), page)
        self.import_xlsx_button.setObjectName("importXlsx")
        self.import_xlsx_button.clicked.connect(lambda: self.import_xlsx())
        row.addWidget(self.builtin_combo, 1)
        row.addWidget(self.load_builtin_button)
        row.addWidget(self.import_xlsx_button)
        lay.addLayout(row)
        self.fill_columns()
        return page

    def fill_columns(self) -> None:
        self.columns_tree.clear()
        cols = self.db.columns()
        for c in cols:
            it = QTreeWidgetItem([c.path, c.update_rule, c.upkeep_mode, c.supplier])
            it.setToolTip(0, c.content or c.path)
            self.columns_tree.addTopLevelItem(it)
        for i, w in enumerate((0, 150, 90, 120)):
            if w:
                self.columns_tree.header().resizeSection(i, w)
        self.columns_label.setText(self.tr("The unit's responsibility table: {n} columns.").format(n=len(cols)))
        manage = self.can_manage()
        self.load_builtin_button.setEnabled(manage and self.builtin_combo.count() > 0)
        try:
            import exporters.columns_xlsx  # noqa: F401
        except ImportError:  # pragma: no cover
            self.import_xlsx_button.setEnabled(False)
        else:
            self.import_xlsx_button.setEnabled(manage)

    def _replace_columns(self, columns, source: str, confirm: bool = True) -> bool:
        if confirm:
            answer = QMessageBox.question(
                self, self.tr("Replace the columns"),
                self.tr("Replace the unit's {old} columns with the {new} columns of {source}? "
                        "Items keep their column; columns that disappear show as their id.").format(
                    old=len(self.db.columns()), new=len(columns), source=source))
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            self.db.replace_columns(columns, actor=self.session.user.name)
        except UserError as err:
            show_error(self, err)
            return False
        self.fill_columns()
        self.session.settings_changed.emit()
        return True

    def load_builtin(self, confirm: bool = True) -> bool:
        name = self.builtin_combo.currentData()
        if not name:
            return False
        from core.schedule import load_column_table

        try:
            columns = load_column_table(name)
        except UserError as err:
            show_error(self, err)
            return False
        return self._replace_columns(columns, self.builtin_combo.currentText(), confirm)

    def import_xlsx(self, path: str | None = None, confirm: bool = True) -> bool:
        if path is None:
            path, _f = QFileDialog.getOpenFileName(self, self.tr("Import a responsibility table"), "",
                                                   self.tr("Excel workbooks (*.xlsx)"))
            if not path:
                return False
        from exporters.columns_xlsx import import_columns_xlsx

        try:
            columns, errors = import_columns_xlsx(path)
        except UserError as err:
            show_error(self, err)
            return False
        if errors:
            QMessageBox.warning(self, self.tr("Import a responsibility table"),
                                self.tr("The table was not imported; fix these rows first:") + "\n\n"
                                + "\n".join(str(e) for e in errors[:20]))
            return False
        return self._replace_columns(columns, Path(path).name, confirm)

    # ------------------------------------------------------------- wordlists
    def _wordlists_page(self) -> QWidget:
        page = QWidget(self)
        lay = QVBoxLayout(page)
        lay.addWidget(QLabel(self.tr("Word lists the confidentiality scan uses (one term per line):"), page))
        self.wordlists = QListWidget(page)
        self.wordlists.setObjectName("wordlists")
        lay.addWidget(self.wordlists)
        row = QHBoxLayout()
        self.add_wordlist_button = QPushButton(icon("new"), self.tr("Add a list file…"), page)
        self.add_wordlist_button.clicked.connect(lambda: self.add_wordlist())
        row.addWidget(self.add_wordlist_button)
        row.addStretch(1)
        lay.addLayout(row)
        note = QLabel(self.tr("Built-in lists are read-only. Your own lists are kept in {path}.").format(
            path=str(user_wordlist_dir())), page)
        note.setWordWrap(True)
        note.setStyleSheet("color: #666")
        lay.addWidget(note)
        self.fill_wordlists()
        return page

    def wordlist_files(self) -> list[tuple[Path, bool]]:
        """(path, built in) for each list file."""
        builtin = sorted((RESOURCES / "wordlists").glob("*.txt"))
        udir = user_wordlist_dir()
        own = sorted(udir.glob("*.txt")) if udir.is_dir() else []
        return [(p, True) for p in builtin] + [(p, False) for p in own]

    def fill_wordlists(self) -> None:
        self.wordlists.clear()
        try:
            from core.review.wordlists import read_wordlist
        except ImportError:  # pragma: no cover
            read_wordlist = None
        for path, builtin in self.wordlist_files():
            desc = path.name
            if read_wordlist is not None:
                try:
                    wl = read_wordlist(path)
                    desc = self.tr("{name} ({file}): {n} terms, {severity}").format(
                        name=wl.name, file=path.name, n=len(wl.terms), severity=wl.severity if wl.kind != "allow"
                        else self.tr("allow-list"))
                except UserError as err:
                    desc = f"{path.name}: {err}"
            tag = self.tr("built in") if builtin else self.tr("own")
            self.wordlists.addItem(f"[{tag}] {desc}")

    def add_wordlist(self, path: str | None = None) -> bool:
        if path is None:
            path, _f = QFileDialog.getOpenFileName(self, self.tr("Add a word list"), "",
                                                   self.tr("Text files (*.txt)"))
            if not path:
                return False
        try:
            from core.review.wordlists import read_wordlist

            read_wordlist(path)
        except UserError as err:
            show_error(self, err)
            return False
        except ImportError:  # pragma: no cover
            pass
        dest_dir = user_wordlist_dir()
        try:
            dest_dir.mkdir(parents=True, exist_ok=True)
            tmp = dest_dir / (Path(path).name + ".tmp")
            shutil.copyfile(path, tmp)
            os.replace(tmp, dest_dir / Path(path).name)
        except OSError as err:
            show_error(self, UserError(self.tr("Cannot copy {file}: {error}").format(file=path, error=err.strerror or err)))
            return False
        self.fill_wordlists()
        return True

    # -------------------------------------------------------------- language
    def _language_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.language_combo = QComboBox(page)
        self.language_combo.setObjectName("language")
        self.language_combo.addItem("简体中文", "zh_CN")
        self.language_combo.addItem("English", "en")
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(gui_i18n.current_language())))
        form.addRow(self.tr("Interface language:"), self.language_combo)
        self.apply_language_button = QPushButton(self.tr("Apply"), page)
        self.apply_language_button.setObjectName("applyLanguage")
        self.apply_language_button.clicked.connect(self.apply_language)
        form.addRow("", self.apply_language_button)
        note = QLabel(self.tr("The choice is saved. When you close Settings, the window can reopen in the new language at once."), page)
        note.setWordWrap(True)
        note.setStyleSheet("color: #666")
        form.addRow(note)
        return page

    def apply_language(self) -> str:
        lang = self.language_combo.currentData()
        gui_i18n.save_language(lang)
        gui_i18n.install_translators(lang)
        self.session.settings_changed.emit()
        return lang

    # -------------------------------------------------------------- password
    def _password_page(self) -> QWidget:
        page = QWidget(self)
        lay = QVBoxLayout(page)
        has = self.db.has_password(self.session.user.name)
        label = QLabel((self.tr("{name}, your password confirms your sign-offs and returns.") if has else
                        self.tr("{name}, you have no password yet.")).format(name=self.session.user.name), page)
        label.setWordWrap(True)
        lay.addWidget(label)
        b = QPushButton(icon("password"), self.tr("Change my password…") if has else self.tr("Set my password…"), page)
        b.clicked.connect(lambda: change_password(self, self.db, self.session.user.name))
        lay.addWidget(b, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addStretch(1)
        return page
