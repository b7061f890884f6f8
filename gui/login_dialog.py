"""Who is using the program: pick a person of the unit at start (remembered), or — on a
database with nobody in it — set up the unit and its first person."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QVBoxLayout, QWidget)

from core.errors import UserError
from core.model import Person, Unit
from core.workflow import role_label
from gui.i18n import settings
from gui.password_dialog import MIN_LENGTH
from gui.widgets import icon

LAST_USER_KEY = "session/last_user"


def remembered_user() -> str:
    return settings().value(LAST_USER_KEY, "", type=str)


def remember_user(name: str) -> None:
    settings().setValue(LAST_USER_KEY, name)


class LoginDialog(QDialog):
    """The unit's active people; the one used last time is selected. Double-click or OK."""

    def __init__(self, db, parent: QWidget | None = None, preselect: str | None = None):
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.db = db
        self.setWindowTitle(self.tr("Who is working?"))
        self.setWindowIcon(icon("user"))
        lay = QVBoxLayout(self)
        unit = db.unit()
        head = QLabel(self)
        head.setTextFormat(Qt.TextFormat.RichText)
        head.setText("<b>%s</b><br>%s" % (unit.name or self.tr("InfoDesk"), self.tr("Choose your name:")))
        lay.addWidget(head)
        self.people_list = QListWidget(self)
        self.people_list.setObjectName("people")
        self.people_list.setIconSize(QSize(20, 20))
        wanted = preselect if preselect is not None else remembered_user()
        for p in db.people():
            it = QListWidgetItem(icon("user"), f"{p.name}  ·  {role_label(p.role)}")
            it.setData(Qt.ItemDataRole.UserRole, p.name)
            self.people_list.addItem(it)
            if p.name == wanted:
                self.people_list.setCurrentItem(it)
        if self.people_list.currentRow() < 0 and self.people_list.count():
            self.people_list.setCurrentRow(0)
        self.people_list.itemDoubleClicked.connect(lambda _it: self.accept())
        lay.addWidget(self.people_list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Start"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(340, 320)

    def select(self, name: str) -> None:
        for i in range(self.people_list.count()):
            if self.people_list.item(i).data(Qt.ItemDataRole.UserRole) == name:
                self.people_list.setCurrentRow(i)
                return
        raise KeyError(name)

    def chosen_name(self) -> str:
        it = self.people_list.currentItem()
        return it.data(Qt.ItemDataRole.UserRole) if it else ""

    def person(self) -> Person:
        return self.db.person(self.chosen_name())

    def accept(self) -> None:
        if not self.chosen_name():
            return
        remember_user(self.chosen_name())
        super().accept()


class FirstRunDialog(QDialog):
    """First start on an empty database: the unit's profile and the first person."""

    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("firstRunDialog")
        self.db = db
        self.setWindowTitle(self.tr("Welcome to InfoDesk"))
        self.setWindowIcon(icon("app"))
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("This database has nobody in it yet. Enter your unit and yourself; "
                               "more people can be added later under Settings."), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        unit_box = QGroupBox(self.tr("Unit"), self)
        uf = QFormLayout(unit_box)
        self.unit_name = QLineEdit(self)
        self.unit_name.setObjectName("unit_name")
        self.unit_name.setPlaceholderText(self.tr("e.g. 市政务服务数据管理局"))
        self.short_name = QLineEdit(self)
        self.short_name.setObjectName("short_name")
        self.mailbox = QLineEdit(self)
        self.mailbox.setObjectName("mailbox")
        self.mailbox.setPlaceholderText("zwxx@portal.example.gov.cn")
        uf.addRow(self.tr("Unit name:"), self.unit_name)
        uf.addRow(self.tr("Short name:"), self.short_name)
        uf.addRow(self.tr("Receiving mailbox:"), self.mailbox)
        lay.addWidget(unit_box)
        person_box = QGroupBox(self.tr("You"), self)
        pf = QFormLayout(person_box)
        self.person_name = QLineEdit(self)
        self.person_name.setObjectName("person_name")
        self.role = QComboBox(self)
        self.role.setObjectName("role")
        self.role.addItem(role_label("officer"), "officer")
        self.role.addItem(role_label("supervisor"), "supervisor")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(self)
        self.repeat.setObjectName("repeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        pf.addRow(self.tr("Name:"), self.person_name)
        pf.addRow(self.tr("Role:"), self.role)
        pf.addRow(self.tr("Password:"), self.password)
        pf.addRow(self.tr("Repeat the password:"), self.repeat)
        lay.addWidget(person_box)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setStyleSheet("color: #c62828")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        lay.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.setMinimumWidth(440)
        self.created: Person | None = None

    def problem(self) -> str:
        if not self.unit_name.text().strip():
            return self.tr("Enter the unit's name.")
        if not self.person_name.text().strip():
            return self.tr("Enter your name.")
        if len(self.password.text()) < MIN_LENGTH:
            return self.tr("A password needs at least {n} characters.").format(n=MIN_LENGTH)
        if self.password.text() != self.repeat.text():
            return self.tr("The two passwords differ.")
        return ""

    def accept(self) -> None:
        why = self.problem()
        if not why:
            name = self.person_name.text().strip()
            try:
                self.db.set_unit(Unit(self.unit_name.text().strip(), self.mailbox.text().strip(),
                                      self.short_name.text().strip()), actor=name)
                person = Person(name, self.role.currentData())
                self.db.save_person(person, actor=name, password=self.password.text())
            except UserError as err:
                why = str(err)
            else:
                self.created = self.db.person(name)
                remember_user(name)
                super().accept()
                return
        self.error_label.setText(why)
        self.error_label.show()
