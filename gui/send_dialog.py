"""通过邮件发送 — send the e-mail packages of signed-off items over SMTP, with the delivery log.

:func:`send_by_email` is what the window's action and the export dialog call: when sending
is not set up it says so and offers the settings' e-mail tab; otherwise it opens
:class:`SendDialog`. The dialog runs :func:`exporters.export_service.send_items` in a worker
thread (its own database connection, as every background task), one message at a time so
that each row shows "sent" or "failed" with the server's answer as soon as it is known.
Every attempt is recorded by ``send_items``; the dialog shows an item's delivery log (from
:func:`exporters.export_service.delivery_log`) and sends a failed item again on request.
"""
from __future__ import annotations

import threading
from typing import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QMessageBox, QProgressBar, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from core import clock
from core.errors import UserError
from exporters import registry, smtp
from core.errors import Cancelled
from exporters.export_service import delivery_log, load_source, refusal, send_items
from gui.tasks import Task, open_worker_db
from gui.widgets import COLOURS, icon, show_error

#: statuses of a row
READY, REFUSED, SENDING, SENT, FAILED, NOT_SENT = "ready", "refused", "sending", "sent", "failed", "not_sent"


def load_smtp_settings() -> tuple[smtp.SmtpSettings | None, str]:
    """The saved settings when they name a server, else (None, why not)."""
    try:
        s = smtp.load_settings()
    except UserError as err:
        return None, str(err)
    if not s.configured:
        return None, ""
    return s, ""


def open_smtp_settings(session, parent: QWidget | None) -> None:
    from gui.settings_dialog import SettingsDialog

    dlg = SettingsDialog(session, parent)
    dlg.show_page(dlg.smtp_page)
    dlg.exec()


def send_by_email(session, item_ids: Sequence[str], parent: QWidget | None = None) -> "SendDialog | None":
    """The "send by e-mail" action: the dialog, or — when sending is not set up — an offer to set it up."""
    ids = list(dict.fromkeys(item_ids))
    if not ids:
        return None
    settings, problem = load_smtp_settings()
    if settings is None:
        text = QCoreApplication.translate(
            "SendDialog", "Sending by e-mail is not set up yet: enter your unit's mail server (SMTP) in the settings first.")
        if problem:
            text += "\n\n" + problem
        answer = QMessageBox.question(parent, QCoreApplication.translate("SendDialog", "Send by e-mail"),
                                      text + "\n\n" + QCoreApplication.translate("SendDialog",
                                                                                  "Open the e-mail settings now?"))
        if answer != QMessageBox.StandardButton.Yes:
            return None
        open_smtp_settings(session, parent)
        settings, _problem = load_smtp_settings()
        if settings is None:
            return None
    dlg = SendDialog(session, ids, settings, parent)
    dlg.exec()
    return dlg


class SendDialog(QDialog):
    """Send the chosen items; show each one's outcome and delivery log; send a failed one again."""

    def __init__(self, session, item_ids: Sequence[str], settings: smtp.SmtpSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sendDialog")
        self.session = session
        self.settings = settings
        self.item_ids = list(dict.fromkeys(item_ids))
        self.task: Task | None = None
        self.results: dict[str, tuple[bool, str]] = {}
        self._sending: list[str] = []
        self._partial: list = []
        self.setWindowTitle(self.tr("Send by e-mail"))
        self.setWindowIcon(icon("export"))
        self.setMinimumWidth(680)
        lay = QVBoxLayout(self)
        self.route = QLabel(self)
        self.route.setObjectName("route")
        self.route.setWordWrap(True)
        lay.addWidget(self.route)
        self.items_tree = QTreeWidget(self)
        self.items_tree.setObjectName("sendItems")
        self.items_tree.setRootIsDecorated(False)
        self.items_tree.setHeaderLabels([self.tr("Item"), self.tr("Result"), self.tr("Server's answer")])
        self.items_tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.items_tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.items_tree.itemSelectionChanged.connect(self.selection_changed)
        lay.addWidget(self.items_tree)
        self.combined = QCheckBox(self.tr("One message for all the items"), self)
        self.combined.setObjectName("combined")
        self.combined.setEnabled(len(self.item_ids) > 1)
        lay.addWidget(self.combined)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("progress")
        self.progress.hide()
        lay.addWidget(self.progress)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.status)

        box = QGroupBox(self.tr("Delivery log of the selected item"), self)
        bl = QVBoxLayout(box)
        self.log_tree = QTreeWidget(box)
        self.log_tree.setObjectName("deliveryLog")
        self.log_tree.setRootIsDecorated(False)
        self.log_tree.setHeaderLabels([self.tr("Time"), self.tr("By"), self.tr("Result"), self.tr("To"),
                                       self.tr("Server's answer")])
        self.log_tree.header().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        bl.addWidget(self.log_tree)
        lay.addWidget(box, 1)

        buttons = QHBoxLayout()
        self.settings_button = QPushButton(icon("settings"), self.tr("E-mail settings…"), self)
        self.settings_button.setObjectName("smtpSettings")
        self.settings_button.clicked.connect(self.open_settings)
        self.resend_button = QPushButton(icon("refresh"), self.tr("Send the selected again"), self)
        self.resend_button.setObjectName("resend")
        self.resend_button.clicked.connect(lambda: self.resend())
        self.send_button = QPushButton(icon("export"), self.tr("Send"), self)
        self.send_button.setObjectName("send")
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(lambda: self.start())
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setObjectName("close")
        self.close_button.clicked.connect(self.cancel_or_close)
        self.mark_button = QPushButton(icon("export"), self.tr("Mark the sent items as submitted"), self)
        self.mark_button.setObjectName("markSubmitted")
        self.mark_button.setToolTip(self.tr("The portal's mailbox has them: record them as submitted (已报送)."))
        self.mark_button.clicked.connect(self.mark_sent)
        buttons.addWidget(self.settings_button)
        buttons.addStretch(1)
        buttons.addWidget(self.mark_button)
        buttons.addWidget(self.resend_button)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.close_button)
        lay.addLayout(buttons)

        self.load_items()
        self.show_route()
        self.update_state()
        if self.items_tree.topLevelItemCount():
            self.items_tree.setCurrentItem(self.items_tree.topLevelItem(0))

    # ------------------------------------------------------------------ state
    def show_route(self) -> None:
        mailbox = self.session.db.unit().mailbox or self.tr("(no receiving mailbox set)")
        try:
            own = self.session.db.person(self.session.user.name).email
        except UserError:
            own = ""
        sender = self.settings.sender or own or self.settings.user or self.tr("(no sender address)")
        self.route.setText(self.tr("To the receiving mailbox {mailbox}, from {sender}, through {server}.").format(
            mailbox=mailbox, sender=sender, server=self.settings.address))

    def load_items(self) -> None:
        self.refused: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        fmt = registry.get("eml")
        for item_id in self.item_ids:
            try:
                source = load_source(self.session.db, item_id)
            except UserError as err:
                self.refused[item_id] = str(err)
                self.titles[item_id] = item_id[:8]
                continue
            self.titles[item_id] = source.item.title
            why = refusal(source, fmt)
            if why:
                self.refused[item_id] = why
        self.items_tree.clear()
        for item_id in self.item_ids:
            it = QTreeWidgetItem([self.titles[item_id], "", ""])
            it.setData(0, Qt.ItemDataRole.UserRole, item_id)
            self.items_tree.addTopLevelItem(it)
            self.show_row(item_id)
        self.items_tree.header().resizeSection(0, 340)  # the titles are what the officer reads
        self.items_tree.header().resizeSection(1, 110)

    def row(self, item_id: str) -> QTreeWidgetItem | None:
        for i in range(self.items_tree.topLevelItemCount()):
            it = self.items_tree.topLevelItem(i)
            if it.data(0, Qt.ItemDataRole.UserRole) == item_id:
                return it
        return None

    def row_status(self, item_id: str) -> str:
        if item_id in self.refused:
            return REFUSED
        if item_id in self._sending and self.running():
            return SENDING
        if item_id in self.results:
            return SENT if self.results[item_id][0] else FAILED
        return READY

    def show_row(self, item_id: str) -> None:
        it = self.row(item_id)
        if it is None:
            return
        status = self.row_status(item_id)
        labels = {READY: self.tr("to send"), REFUSED: self.tr("cannot be sent"), SENDING: self.tr("sending…"),
                  SENT: self.tr("sent"), FAILED: self.tr("failed")}
        colours = {REFUSED: COLOURS["overdue"], FAILED: COLOURS["overdue"], SENT: COLOURS["ok"]}
        icons = {REFUSED: "failed", FAILED: "failed", SENT: "ok"}
        answer = self.refused.get(item_id) or (self.results[item_id][1] if item_id in self.results else "")
        if status == READY:
            last = self.last_delivery(item_id)
            if last is not None:
                answer = self.tr("last time {result}: {answer}").format(
                    result=self.tr("sent") if last["status"] == "sent" else self.tr("failed"), answer=last["answer"])
        it.setText(1, labels[status])
        it.setText(2, answer)
        it.setToolTip(2, answer)
        it.setIcon(0, icon(icons[status]) if status in icons else icon("__none__"))
        for c in range(3):
            if status in colours:
                it.setForeground(c, QColor(colours[status]))
            else:
                it.setData(c, Qt.ItemDataRole.ForegroundRole, None)

    def last_delivery(self, item_id: str) -> dict | None:
        try:
            log = delivery_log(self.session.db, item_id)
        except UserError:
            return None
        return log[-1] if log else None

    def sendable(self, ids: Sequence[str]) -> list[str]:
        return [i for i in ids if i not in self.refused]

    def selected_ids(self) -> list[str]:
        return [it.data(0, Qt.ItemDataRole.UserRole) for it in self.items_tree.selectedItems()]

    def running(self) -> bool:
        return self.task is not None and not self.task.is_finished()

    def update_state(self) -> None:
        running = self.running()
        self.send_button.setEnabled(not running and bool(self.sendable(self.item_ids)))
        self.resend_button.setEnabled(not running and bool(self.sendable(self.selected_ids()))
                                      and any(i in self.results or self.last_delivery(i) for i in self.selected_ids()))
        self.combined.setEnabled(not running and len(self.sendable(self.item_ids)) > 1)
        self.settings_button.setEnabled(not running)
        sent = self.sent_ids() if not running else []
        self.mark_button.setVisible(bool(sent))
        self.mark_button.setEnabled(bool(sent))
        self.close_button.setText(self.tr("Cancel") if running else self.tr("Close"))
        if not running and self.refused and not self.status.text():
            self.status.setText(self.tr("Only signed-off items are sent: the items marked in red stay here."))

    def sent_ids(self) -> list[str]:
        """The items sent in this dialog that are still signed off (not yet recorded as submitted)."""
        from exporters.export_service import still_signed_off

        return still_signed_off(self.session.db, [i for i, (ok, _answer) in self.results.items() if ok])

    def mark_sent(self) -> None:
        """The server took the messages: the items move to submitted (已报送)."""
        from exporters.export_service import mark_submitted

        ids = self.sent_ids()
        if not ids:
            return
        try:
            mark_submitted(self.session.db, ids, self.session.user.name)
        except UserError as err:
            show_error(self, err, self.tr("Send by e-mail"))
            return
        finally:
            self.session.notify(*ids)
            self.update_state()
        self.status.setStyleSheet(f"color: {COLOURS['ok']}")
        self.status.setText(self.tr("%n item(s) recorded as submitted.", "", len(ids)))

    def selection_changed(self) -> None:
        self.show_log()
        self.update_state()

    def show_log(self) -> None:
        self.log_tree.clear()
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        try:
            log = delivery_log(self.session.db, ids[0])
        except UserError as err:
            self.log_tree.addTopLevelItem(QTreeWidgetItem(["", "", "", "", str(err)]))
            return
        if not log:
            it = QTreeWidgetItem(["", "", self.tr("not sent yet"), "", ""])
            self.log_tree.addTopLevelItem(it)
            return
        for e in reversed(log):  # newest first
            try:
                at = clock.parse_datetime(e["at"]).astimezone(clock.TZ).strftime("%Y-%m-%d %H:%M:%S")
            except (TypeError, ValueError):
                at = str(e["at"])
            ok = e["status"] == "sent"
            it = QTreeWidgetItem([at, e["actor"], self.tr("sent") if ok else self.tr("failed"), e["to"], e["answer"]])
            it.setToolTip(4, e["answer"])
            it.setIcon(2, icon("ok" if ok else "failed"))
            self.log_tree.addTopLevelItem(it)
        for i, w in enumerate((140, 70, 60, 170)):
            self.log_tree.header().resizeSection(i, w)

    def open_settings(self) -> None:
        open_smtp_settings(self.session, self)
        settings, _problem = load_smtp_settings()
        if settings is not None:
            self.settings = settings
            self.show_route()

    # ------------------------------------------------------------------ sending
    def resend(self) -> Task | None:
        return self.start(self.selected_ids())

    def start(self, ids: Sequence[str] | None = None) -> Task | None:
        """Send ``ids`` (default: every item that may be sent) in a worker thread."""
        if self.running():
            return self.task
        settings, problem = load_smtp_settings()  # the saved settings may have changed meanwhile
        if settings is not None:
            self.settings = settings
        todo = self.sendable(self.item_ids if ids is None else ids)
        if not todo:
            return None
        combined = self.combined.isChecked() and len(todo) > 1
        groups = [tuple(todo)] if combined else [(i,) for i in todo]
        session, actor, settings = self.session, self.session.user.name, self.settings
        partial: list = []  # filled by the worker, read by the GUI on each progress signal
        self._partial = partial
        self._sending = list(todo)
        for i in todo:
            self.results.pop(i, None)
            self.show_row(i)
        lock = threading.Lock()

        def work(progress, cancelled):
            with open_worker_db(session) as wdb:
                for n, group in enumerate(groups):
                    if cancelled():
                        raise Cancelled()
                    got = send_items(wdb, list(group), actor, settings, combined=len(group) > 1)
                    with lock:
                        partial.extend(got)
                    progress(n + 1, len(groups))
            return list(partial)

        self.progress.setRange(0, len(groups))
        self.progress.setValue(0)
        self.progress.show()
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Sending {n} message(s)…").format(n=len(groups)))
        self.task = Task(work, self)
        self.task.progress.connect(self.on_progress)
        self.task.finished.connect(self.on_finished)
        self.task.failed.connect(self.on_failed)
        self.task.start()
        for i in todo:
            self.show_row(i)
        self.update_state()
        return self.task

    def _take_results(self) -> None:
        for r in list(self._partial):
            for item_id in r.item_ids:
                self.results[item_id] = (r.ok, r.answer)

    def on_progress(self, done: int, total: int) -> None:
        self._take_results()
        for item_id in self._sending:
            self.show_row(item_id)
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def on_finished(self, results) -> None:
        self._take_results()
        sending, self._sending = self._sending, []
        self.progress.setValue(self.progress.maximum())
        for item_id in sending:
            self.show_row(item_id)
        sent = sum(1 for i in sending if self.results.get(i, (False,))[0])
        failed = len(sending) - sent
        if failed:
            self.status.setStyleSheet(f"color: {COLOURS['overdue']}")
            self.status.setText(self.tr("{sent} sent, {failed} failed: see the server's answer; fix the cause and "
                                        "send the failed ones again.").format(sent=sent, failed=failed))
        else:
            self.status.setStyleSheet(f"color: {COLOURS['ok']}")
            self.status.setText(self.tr("{sent} sent and recorded in each item's delivery log.").format(sent=sent))
        self.finish(sending)

    def on_failed(self, err: BaseException) -> None:
        self._take_results()
        sending, self._sending = self._sending, []
        self.progress.hide()
        for item_id in sending:
            self.show_row(item_id)
        self.status.setStyleSheet(f"color: {COLOURS['overdue']}")
        if isinstance(err, Cancelled):
            self.status.setText(self.tr("Sending stopped; what was sent before is recorded."))
        else:
            self.status.setText(self.tr("Not sent: {error}").format(error=str(err)))
            show_error(self, err, self.tr("Send by e-mail"))
        self.finish(sending)

    def finish(self, ids: list[str]) -> None:
        self.update_state()
        self.show_log()
        if ids:
            self.session.notify(*ids)

    def cancel_or_close(self) -> None:
        if self.running():
            self.task.cancel()
            self.status.setText(self.tr("Stopping after the message being sent…"))
            return
        self.reject()

    def reject(self) -> None:  # Esc, the window's close button
        if self.running():
            self.task.cancel()
            self.task.wait(60)
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.running():
            self.task.cancel()
            self.task.wait(60)
        super().closeEvent(event)
