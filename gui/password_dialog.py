"""Passwords: confirm a sign-off with one's own password, set one on first use, change it.

Tests drive these dialogs through their widgets (object names ``password``, ``repeat``,
``old_password``) or :meth:`PasswordDialog.fill`, e.g. from a ``QTimer.singleShot`` that
finds ``QApplication.activeModalWidget()``."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox, QVBoxLayout,
                               QWidget)

from core.errors import UserError
from gui.widgets import icon, show_error

MIN_LENGTH = 4



class PasswordDialog(QDialog):
    """``mode``: "confirm" (one field), "set" (new + repeat) or "change" (old + new + repeat)."""

    def __init__(self, name: str, purpose: str = "", mode: str = "confirm", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("passwordDialog")
        self.mode = mode
        self.name = name
        self.setWindowIcon(icon("password"))
        self.setWindowTitle({
            "confirm": self.tr("Confirm with your password"),
            "set": self.tr("Set your password"),
            "change": self.tr("Change your password"),
        }[mode])
        lay = QVBoxLayout(self)
        intro = QLabel(self)
        intro.setObjectName("intro")
        intro.setWordWrap(True)
        if mode == "confirm":
            intro.setText(purpose or self.tr("Enter the password of {name}.").format(name=name))
        elif mode == "set":
            intro.setText(self.tr("{name} has no password yet. Set one now: it confirms your sign-offs and returns, "
                                  "so that nobody else can take them in your name.").format(name=name)
                          + ("\n\n" + purpose if purpose else ""))
        else:
            intro.setText(self.tr("Change the password of {name}.").format(name=name))
        lay.addWidget(intro)
        form = QFormLayout()
        self.old_edit = self._field("old_password")
        self.password_edit = self._field("password")
        self.repeat_edit = self._field("repeat")
        if mode == "change":
            form.addRow(self.tr("Current password:"), self.old_edit)
        form.addRow(self.tr("Password:") if mode == "confirm" else self.tr("New password:"), self.password_edit)
        if mode in ("set", "change"):
            form.addRow(self.tr("Repeat the new password:"), self.repeat_edit)
        lay.addLayout(form)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setStyleSheet("color: #c62828")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        lay.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(380)
        (self.old_edit if mode == "change" else self.password_edit).setFocus()

    def _field(self, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    def fill(self, password: str, repeat: str | None = None, old: str | None = None) -> None:
        self.password_edit.setText(password)
        self.repeat_edit.setText(password if repeat is None else repeat)
        if old is not None:
            self.old_edit.setText(old)

    def password(self) -> str:
        return self.password_edit.text()

    def old_password(self) -> str:
        return self.old_edit.text()

    def problem(self) -> str:
        """Why the fields cannot be accepted ("" when they can)."""
        if not self.password_edit.text():
            return self.tr("Enter a password.")
        if self.mode in ("set", "change"):
            if len(self.password_edit.text()) < MIN_LENGTH:
                return self.tr("A password needs at least {n} characters.").format(n=MIN_LENGTH)
            if self.password_edit.text() != self.repeat_edit.text():
                return self.tr("The two passwords differ.")
        return ""

    def accept(self) -> None:
        why = self.problem()
        if why:
            self.error_label.setText(why)
            self.error_label.show()
            return
        super().accept()


def ask_password(parent: QWidget | None, db, name: str, purpose: str = "", attempts: int = 3) -> str | None:
    """The password of ``name``, checked; a person without one sets one first.
    None when the user cancels (or gives a wrong password ``attempts`` times)."""
    if not db.has_password(name):
        dlg = PasswordDialog(name, purpose, "set", parent)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        try:
            db.set_password(name, dlg.password())
        except UserError as err:
            show_error(parent, err)
            return None
        return dlg.password()
    for attempt in range(attempts):
        dlg = PasswordDialog(name, purpose, "confirm", parent)
        if attempt:
            dlg.error_label.setText(QCoreApplication.translate("PasswordDialog", "Wrong password. Try again."))
            dlg.error_label.show()
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        if db.check_password(name, dlg.password()):
            return dlg.password()
    QMessageBox.warning(parent, QCoreApplication.translate("PasswordDialog", "Wrong password"),
                        QCoreApplication.translate("PasswordDialog", "The password was wrong {n} times; nothing was done.").format(n=attempts))
    return None


def change_password(parent: QWidget | None, db, name: str) -> bool:
    """Let ``name`` change (or set) their own password; True when changed."""
    mode = "change" if db.has_password(name) else "set"
    dlg = PasswordDialog(name, "", mode, parent)
    while dlg.exec() == QDialog.DialogCode.Accepted:
        try:
            db.set_password(name, dlg.password(), old_password=dlg.old_password() if mode == "change" else None)
        except UserError as err:
            dlg.error_label.setText(str(err))
            dlg.error_label.show()
            continue
        QMessageBox.information(parent, dlg.windowTitle(), QCoreApplication.translate("PasswordDialog", "The password was changed."))
        return True
    return False
