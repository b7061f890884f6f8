"""设置 › 邮件发送 — the SMTP settings (server, port, security, user, sender) and the password.

The settings are a small JSON file (:func:`exporters.smtp.save_settings`); the password goes
only to the system keyring (:func:`exporters.smtp.set_password`). When no keyring is available
the page says so and keeps the password nowhere — not in the settings file, not in QSettings.
"Test connection" runs :func:`exporters.smtp.check_connection` off the GUI thread.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from shiboken6 import isValid
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
                               QPushButton, QSpinBox, QVBoxLayout, QWidget)

from core.errors import UserError
from exporters import smtp
from gui.tasks import Task, run_task
from gui.widgets import COLOURS, icon, show_error


class SmtpPage(QWidget):
    """The 邮件发送 tab. ``changed`` is emitted after the settings were saved."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("smtpPage")
        self.test_task: Task | None = None
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("Optional: send the e-mail packages of signed-off items straight to the portal's "
                               "receiving mailbox through your unit's mail server (SMTP)."), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.host = QLineEdit(self)
        self.host.setObjectName("smtpHost")
        self.host.setPlaceholderText("smtp.example.gov.cn")
        form.addRow(self.tr("Server:"), self.host)
        self.security = QComboBox(self)
        self.security.setObjectName("smtpSecurity")
        self.security.addItem(self.tr("SSL/TLS (port 465)"), "ssl")
        self.security.addItem(self.tr("STARTTLS (port 587)"), "starttls")
        self.security.addItem(self.tr("None (only on this computer or without a password)"), "none")
        form.addRow(self.tr("Security:"), self.security)
        self.port = QSpinBox(self)
        self.port.setObjectName("smtpPort")
        self.port.setRange(0, 65535)
        self.port.setSpecialValueText(self.tr("default"))
        form.addRow(self.tr("Port:"), self.port)
        self.user = QLineEdit(self)
        self.user.setObjectName("smtpUser")
        self.user.setPlaceholderText(self.tr("empty: the server needs no login"))
        form.addRow(self.tr("User name:"), self.user)
        self.sender = QLineEdit(self)
        self.sender.setObjectName("smtpSender")
        self.sender.setPlaceholderText(self.tr("empty: your own e-mail address in the unit's people"))
        form.addRow(self.tr("From address:"), self.sender)
        self.timeout = QDoubleSpinBox(self)
        self.timeout.setObjectName("smtpTimeout")
        self.timeout.setRange(1, 600)
        self.timeout.setDecimals(0)
        self.timeout.setSuffix(self.tr(" s"))
        form.addRow(self.tr("Time limit:"), self.timeout)
        self.password = QLineEdit(self)
        self.password.setObjectName("smtpPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("leave empty to keep the stored password"))
        form.addRow(self.tr("Password:"), self.password)
        self.password_state = QLabel(self)
        self.password_state.setObjectName("smtpPasswordState")
        self.password_state.setWordWrap(True)
        form.addRow("", self.password_state)
        lay.addLayout(form)

        row = QHBoxLayout()
        self.save_button = QPushButton(icon("save"), self.tr("Save the settings"), self)
        self.save_button.setObjectName("saveSmtp")
        self.save_button.clicked.connect(lambda: self.save())
        self.forget_button = QPushButton(icon("withdraw"), self.tr("Forget the password"), self)
        self.forget_button.setObjectName("forgetSmtpPassword")
        self.forget_button.clicked.connect(lambda: self.forget_password())
        self.test_button = QPushButton(icon("refresh"), self.tr("Test the connection"), self)
        self.test_button.setObjectName("testSmtp")
        self.test_button.clicked.connect(lambda: self.test_connection())
        row.addWidget(self.save_button)
        row.addWidget(self.forget_button)
        row.addStretch(1)
        row.addWidget(self.test_button)
        lay.addLayout(row)
        self.status = QLabel(self)
        self.status.setObjectName("smtpStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.status)
        note = QLabel(self.tr("The password is kept only in the system keyring (Windows Credential Manager, macOS "
                              "Keychain or the Secret Service), never in a file. Settings file: {path}").format(
            path=str(smtp.settings_path())), self)
        note.setWordWrap(True)
        note.setStyleSheet("color: #666")
        lay.addWidget(note)
        lay.addStretch(1)
        self.security.currentIndexChanged.connect(lambda _i: self._security_changed())
        self.load()

    # ------------------------------------------------------------------ fields
    def load(self) -> None:
        try:
            s = smtp.load_settings()
        except UserError as err:
            self._say(str(err), "overdue")
            s = smtp.SmtpSettings()
        self.host.setText(s.host)
        self.security.blockSignals(True)
        self.security.setCurrentIndex(max(0, self.security.findData(s.security)))
        self.security.blockSignals(False)
        self.port.setValue(s.port if s.host else 0)
        self.user.setText(s.user)
        self.sender.setText(s.sender)
        self.timeout.setValue(s.timeout)
        self.password.clear()
        self.show_password_state(s)

    def _security_changed(self) -> None:
        if self.port.value() in (*smtp.DEFAULT_PORTS.values(), 0):
            self.port.setValue(smtp.DEFAULT_PORTS[self.security.currentData()])

    def form_settings(self) -> smtp.SmtpSettings:
        """The settings as entered (a UserError says what is wrong)."""
        host = self.host.text().strip()
        if not host:
            raise UserError(self.tr("Enter the SMTP server, e.g. smtp.example.gov.cn."))
        if any(c.isspace() for c in host) or "/" in host:
            raise UserError(self.tr("“{host}” is not a server name.").format(host=host))
        sender = self.sender.text().strip()
        if sender:
            from exporters.eml import mailbox_address

            mailbox_address(sender, self.tr("The From address"))
        return smtp.SmtpSettings(host=host, port=self.port.value(), security=self.security.currentData(),
                                 user=self.user.text().strip(), sender=sender, timeout=float(self.timeout.value()))

    def show_password_state(self, s: smtp.SmtpSettings | None = None) -> None:
        if s is None:
            try:
                s = self.form_settings()
            except UserError:
                s = None
        if s is None or not s.configured or not s.user:
            self._password_state(self.tr("No login: no password is needed."), "none")
            return
        try:
            stored = smtp.get_password(s) is not None
        except UserError as err:
            self._password_state(self.tr("No system keyring is available: the password cannot be stored, and "
                                         "InfoDesk keeps it nowhere else. ({error})").format(error=str(err)), "overdue")
            return
        if stored:
            self._password_state(self.tr("A password for {account} is stored in the system keyring.").format(
                account=s.account), "ok")
        else:
            self._password_state(self.tr("No password for {account} in the system keyring yet.").format(
                account=s.account), "due_soon")

    def _password_state(self, text: str, status: str) -> None:
        self.password_state.setText(text)
        self.password_state.setStyleSheet(f"color: {COLOURS.get(status, '#666')}")

    def _say(self, text: str, status: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {COLOURS.get(status, '#666')}")

    # ------------------------------------------------------------------ saving
    def _refuse(self, err: UserError) -> bool:
        """Say why nothing was saved, on the page and in a message; False."""
        self._say(str(err), "overdue")
        show_error(self, err, self.tr("E-mail sending"))
        return False

    def save(self) -> bool:
        """Save the settings file, and the password (when one was typed) in the keyring only."""
        try:
            s = self.form_settings()
        except UserError as err:
            return self._refuse(err)
        if s.security == "none" and s.user and not smtp.is_loopback(s.host):
            return self._refuse(UserError(self.tr("With a user name, choose SSL/TLS or STARTTLS: the password must not "
                                                  "cross the network unencrypted.")))
        try:
            previous = smtp.load_settings()
        except UserError:  # an unreadable old file is replaced below
            previous = None
        try:
            path = smtp.save_settings(s)
        except (UserError, OSError) as err:
            return self._refuse(UserError(self.tr("The settings were not saved: {error}").format(
                error=getattr(err, "strerror", None) or str(err))))
        message = self.tr("Settings saved to {path}.").format(path=str(path))
        status = "ok"
        typed = self.password.text()
        self.password.clear()  # never kept in the widget longer than needed
        if typed:
            if not s.user:
                message += " " + self.tr("The password was not stored: enter a user name first.")
                status = "due_soon"
            else:
                try:
                    smtp.set_password(s, typed)
                except UserError as err:
                    message += " " + self.tr("The password was NOT stored: no system keyring is available, and "
                                             "InfoDesk does not keep passwords anywhere else. ({error})").format(
                        error=str(err))
                    status = "overdue"
                    QMessageBox.warning(self, self.tr("E-mail sending"), message)
                else:
                    message += " " + self.tr("The password is stored in the system keyring.")
        if previous is not None and previous.user and previous.account != s.account:
            message += " " + self._move_password(previous, s, keep=not typed)
        self._say(message, status)
        self.show_password_state(s)
        self.changed.emit()
        return True

    def _move_password(self, old: smtp.SmtpSettings, new: smtp.SmtpSettings, keep: bool) -> str:
        """The account (user, server or port) changed: the keyring entry of the old one is not left
        behind. With ``keep`` (no new password typed) it moves to the new account."""
        try:
            password = smtp.get_password(old)
        except UserError:
            return ""
        if not password:
            return ""
        moved = False
        if keep and new.user:
            try:
                smtp.set_password(new, password)
                moved = True
            except UserError:
                return ""  # keep the old entry rather than lose the password
        try:
            smtp.delete_password(old)
        except UserError:
            return ""
        return (self.tr("The stored password moved to the new account.") if moved else
                self.tr("The password stored for the previous account was removed from the keyring."))

    def forget_password(self) -> bool:
        try:
            s = self.form_settings()
            smtp.delete_password(s)
        except UserError as err:
            self._say(str(err), "overdue")
            return False
        self._say(self.tr("The stored password was removed from the system keyring."), "ok")
        self.show_password_state(s)
        return True

    # ----------------------------------------------------------------- testing
    def testing(self) -> bool:
        return self.test_task is not None and not self.test_task.is_finished()

    def test_connection(self) -> Task | None:
        """Connect with the settings as entered (not yet saved) in a worker thread."""
        if self.testing():
            return self.test_task
        try:
            s = self.form_settings()
        except UserError as err:
            self._say(str(err), "overdue")
            return None
        typed = self.password.text() or None
        self.test_button.setEnabled(False)
        self._say(self.tr("Connecting to {address}…").format(address=s.address), "none")

        def work(progress, cancelled):
            return smtp.check_connection(s, typed)

        def done(result: smtp.Delivery) -> None:
            if not isValid(self):  # the settings were closed while the server was being asked
                return
            self.test_button.setEnabled(True)
            if result.ok:
                self._say(self.tr("The connection works. The server answered: {answer}").format(answer=result.answer), "ok")
            else:
                self._say(self.tr("The connection failed. The server answered: {answer}").format(answer=result.answer),
                          "overdue")

        def failed(err: BaseException) -> None:
            if not isValid(self):
                return
            self.test_button.setEnabled(True)
            if isinstance(err, UserError):
                self._say(self.tr("The connection was not tried: {error}").format(error=str(err)), "overdue")
            else:
                show_error(self, err, self.tr("Test the connection"))

        self.test_task = run_task(self, self.tr("Test the connection"), work, on_done=done, on_error=failed,
                                  label=self.tr("Connecting to {address}…").format(address=s.address))
        return self.test_task
