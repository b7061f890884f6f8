"""What the main window calls for signed review packages (签发包): menu actions and drops.

Each function takes the :class:`gui.session.Session`, the item ids where it needs them and a
parent widget, and does the whole action: file dialog, password, the work in
``storage/exchange.py``, a message with the result, ``session.notify`` so views refresh.

Tests (and callers that already know the answers) bypass every dialog with keyword
arguments: ``out_path``, ``password``, ``paths``, ``confirm`` (yes/no questions) and
``notify`` (messages), so nothing blocks.

    exchange_actions.export_for_signoff(session, ids, self)
    exchange_actions.import_files(session, None, self)          # asks for files
    if exchange_actions.handle_dropped_files(session, paths, self): event.acceptProposedAction()

Qt strings use the contexts ExchangeActions, ConflictDialog and WatchFolder; their Chinese is in
``resources/i18n/exchange_zh_CN.ts``/``.qm``, which ``gui/i18n.py`` loads with the others.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Sequence

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout,
                               QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPlainTextEdit,
                               QProgressDialog,
                               QPushButton, QSplitter, QToolButton, QVBoxLayout, QWidget)

from core import exchange as fmt
from core.errors import UserError

#: notify(kind, title, text) with kind "info", "warning" or "error".
Notify = Callable[[str, str, str], None]
#: confirm(title, text) -> bool
Confirm = Callable[[str, str], bool]

PACKAGE_SUFFIXES = (fmt.PACKAGE_SUFFIX, fmt.CARD_SUFFIX)


def _message_box(parent: QWidget | None) -> Notify:
    def notify(kind: str, title: str, text: str) -> None:
        icon = {"info": QMessageBox.Icon.Information, "warning": QMessageBox.Icon.Warning}.get(kind, QMessageBox.Icon.Critical)
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.exec()

    return notify


def _question(parent: QWidget | None) -> Confirm:
    def confirm(title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    return confirm


def _ask_password(parent: QWidget | None, name: str) -> str | None:
    text, ok = QInputDialog.getText(
        parent, QCoreApplication.translate("ExchangeActions", "Password"),
        QCoreApplication.translate("ExchangeActions", "Password of {name} (the package is signed in your name):").format(name=name),
        QLineEdit.EchoMode.Password)
    return text if ok else None


class _Busy:
    """A wait cursor for the duration of a block."""

    def __enter__(self):
        if QGuiApplication.instance() is not None:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        return self

    def __exit__(self, *exc):
        if QGuiApplication.instance() is not None:
            QGuiApplication.restoreOverrideCursor()


def _save_path(parent, title: str, default_name: str, pattern: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / default_name), pattern)
    return path or None


# -------------------------------------------------------------------- exports
def export_for_signoff(session, item_ids: Sequence[str], parent: QWidget | None = None, *, out_path=None,
                       password: str | None = None, notify: Notify | None = None):
    """导出待签发包: pack the chosen queued items for the supervisor; returns the ExportResult or None."""
    from storage import exchange

    notify = notify or _message_box(parent)
    title = QCoreApplication.translate("ExchangeActions", "Send for sign-off")
    if not item_ids:
        notify("warning", title, QCoreApplication.translate("ExchangeActions", "Select the items to send first."))
        return None
    name = session.user.name
    if out_path is None:
        out_path = _save_path(parent, title, exchange.default_file_name(fmt.KIND_REQUEST, name),
                              QCoreApplication.translate("ExchangeActions", "InfoDesk packages (*.infopkg)"))
        if out_path is None:
            return None
    if password is None:
        password = _ask_password(parent, name)
        if password is None:
            return None
    try:
        with _Busy():
            result = exchange.export_for_signoff(session.db, list(item_ids), name, password, out_path)
    except UserError as err:
        notify("error", title, str(err))
        return None
    notify("info", title, QCoreApplication.translate(
        "ExchangeActions", "{n} items packed into\n{path}\n\nTake the file to the supervising leader (USB stick, shared "
        "folder or e-mail).").format(n=len(result.item_ids), path=str(result.path)))
    return result


def export_decisions(session, parent: QWidget | None = None, *, out_path=None, password: str | None = None,
                     notify: Notify | None = None, include_sent: bool = False):
    """发回签发结果: pack the user's sign-offs and returns not yet sent; returns the ExportResult or None."""
    from storage import exchange

    notify = notify or _message_box(parent)
    title = QCoreApplication.translate("ExchangeActions", "Send back decisions")
    name = session.user.name
    pending = exchange.pending_decisions(session.db, name, include_sent=include_sent)
    if not pending:
        notify("info", title, QCoreApplication.translate(
            "ExchangeActions", "There are no decisions to send back: sign off or return items received from another "
            "desktop first."))
        return None
    if out_path is None:
        out_path = _save_path(parent, title, exchange.default_file_name(fmt.KIND_DECISIONS, name),
                              QCoreApplication.translate("ExchangeActions", "InfoDesk packages (*.infopkg)"))
        if out_path is None:
            return None
    if password is None:
        password = _ask_password(parent, name)
        if password is None:
            return None
    try:
        with _Busy():
            result = exchange.export_decisions(session.db, name, password, out_path, include_sent=include_sent)
    except UserError as err:
        notify("error", title, str(err))
        return None
    notify("info", title, QCoreApplication.translate(
        "ExchangeActions", "{n} decisions packed into\n{path}\n\nTake the file back to the officers.").format(
        n=len(result.item_ids), path=str(result.path)))
    return result


def export_card(session, parent: QWidget | None = None, *, out_path=None, password: str | None = None,
                notify: Notify | None = None, new_key: bool = False):
    """导出身份卡: write the user's person card; returns the CardResult or None."""
    from storage import exchange

    notify = notify or _message_box(parent)
    title = QCoreApplication.translate("ExchangeActions", "My person card")
    name = session.user.name
    if out_path is None:
        out_path = _save_path(parent, title, exchange.default_file_name("card", name),
                              QCoreApplication.translate("ExchangeActions", "InfoDesk person cards (*.infocard)"))
        if out_path is None:
            return None
    if password is None:
        password = _ask_password(parent, name)
        if password is None:
            return None
    try:
        with _Busy():
            result = exchange.export_card(session.db, name, password, out_path, new_key=new_key)
    except UserError as err:
        notify("error", title, str(err))
        return None
    notify("info", title, QCoreApplication.translate(
        "ExchangeActions", "Card written to\n{path}\n\nFingerprint:\n{fp}\n\nGive the card to the other desktop once; when "
        "it is imported there, read this fingerprint to each other by phone.").format(
        path=str(result.path), fp=result.short_fingerprint))
    return result


# -------------------------------------------------------------------- imports
def _card_precheck(session, data: bytes, confirm: Confirm) -> tuple[bool, bool]:
    """(go on, replace key) for a card: the user compares the fingerprint before it is trusted."""
    from storage import keys

    try:
        card = fmt.parse_card(data)
    except UserError:
        return True, False  # the import refuses it with the reason
    known = keys.key_of(session.db, card.name)
    title = QCoreApplication.translate("ExchangeActions", "Person card")
    if known is not None and known.fingerprint == card.fingerprint:
        return True, False
    if known is not None:
        text = QCoreApplication.translate(
            "ExchangeActions", "This card has a NEW key for {name}.\n\nKnown fingerprint:\n{old}\nNew fingerprint:\n{new}\n\n"
            "Replace the key only after {name} has read you the new fingerprint by phone. Packages signed with the old key "
            "will then be refused. Replace it?").format(name=card.name, old=known.short_fingerprint, new=card.short_fingerprint)
        ok = confirm(title, text)
        return ok, ok
    text = QCoreApplication.translate(
        "ExchangeActions", "Card of {name}.\n\nFingerprint:\n{fp}\n\nCall {name} and compare the fingerprint. Accept the card "
        "only if it is the same.").format(name=card.name, fp=card.short_fingerprint)
    return confirm(title, text), False


def import_files(session, paths: Iterable[str] | None = None, parent: QWidget | None = None, *,
                 notify: Notify | None = None, confirm: Confirm | None = None) -> list:
    """导入: import packages and cards; asks for the files when ``paths`` is None.
    Returns the ImportResults of the files that were accepted."""
    from storage import exchange

    notify = notify or _message_box(parent)
    confirm = confirm or _question(parent)
    title = QCoreApplication.translate("ExchangeActions", "Import packages")
    if paths is None:
        chosen, _ = QFileDialog.getOpenFileNames(
            parent, title, str(Path.home()),
            QCoreApplication.translate("ExchangeActions", "InfoDesk packages and cards (*.infopkg *.infocard);;All files (*)"))
        paths = chosen
    paths = [str(p) for p in paths]
    if not paths:
        return []
    results, lines, failed = [], [], False
    changed: list[str] = []
    with _Busy():
        for path in paths:
            name = Path(path).name
            try:
                if Path(path).suffix.lower() == fmt.CARD_SUFFIX or fmt.sniff(_head(path)) == "card":
                    go, replace = _card_precheck(session, _head(path, fmt.LIMITS.max_card_bytes + 1), confirm)
                    if not go:
                        lines.append(QCoreApplication.translate("ExchangeActions", "{file}: not imported.").format(file=name))
                        continue
                    result = exchange.import_path(session.db, path, session.user.name, replace_key=replace)
                else:
                    result = import_in_background(session, path, parent)
            except (UserError, OSError) as err:
                failed = True
                lines.append(QCoreApplication.translate("ExchangeActions", "{file}: REFUSED — {reason}").format(
                    file=name, reason=str(err)))
                continue
            results.append(result)
            changed.extend(result.changed_ids)
            lines.append(f"{name}:\n" + "\n".join(result.lines()))
    if changed:
        session.notify(*changed)
    conflicts = sum(r.conflicts for r in results)
    if conflicts:
        lines.append(QCoreApplication.translate(
            "ExchangeActions", "{n} items changed on both desktops: both versions are kept. Choose which one to keep under "
            "Exchange › Conflicts.").format(n=conflicts))
    notify("error" if failed else ("warning" if conflicts else "info"), title, "\n\n".join(lines))
    return results


def import_in_background(session, path, parent: QWidget | None = None, *, note: bool = True):
    """``exchange.import_path`` on a worker thread with its own connection, while the window
    keeps painting (with ``note``, a progress note after 0.4 s: a package of photos takes
    seconds to verify). Returns like ``import_path`` (or raises its error) once the import has
    ended: it is one transaction, so there is nothing to cancel half-way. A database in memory
    (tests) cannot be shared with a thread, so it is imported here."""
    from storage import exchange
    from gui.tasks import Task, open_worker_db

    actor = session.user.name
    if session.db.path is None or QCoreApplication.instance() is None:
        return exchange.import_path(session.db, path, actor)

    def work(_progress, _cancelled):
        with open_worker_db(session) as db:
            return exchange.import_path(db, path, actor)

    task = Task(work)
    loop = QEventLoop()
    task.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    dialog = None
    if note:
        dialog = QProgressDialog(QCoreApplication.translate("ExchangeActions", "Checking the signatures and importing {file}…")
                                 .format(file=Path(path).name), "", 0, 0, parent)
        dialog.setCancelButton(None)
        dialog.setWindowTitle(QCoreApplication.translate("ExchangeActions", "Import packages"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
    try:
        task.start()
        if not task.is_finished():  # paint and tick, but take no clicks or keys until it has ended
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        task.wait()
    finally:
        if dialog is not None:
            dialog.reset()
            dialog.hide()
            dialog.deleteLater()
    if task.error is not None:
        raise task.error
    return task.result


def _head(path: str, size: int = 64) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(size)
    except OSError:
        return b""


def is_exchange_file(path: str) -> bool:
    """A file this module handles: by its suffix, or by its first bytes for renamed files."""
    p = Path(path)
    if p.suffix.lower() in PACKAGE_SUFFIXES:
        return True
    if not p.is_file():
        return False
    head = _head(path, 4096)
    if fmt.sniff(head) == "card":
        return b'"infodesk-card"' in head
    return fmt.sniff(head) == "package" and b"manifest.json" in head


def handle_dropped_files(session, paths: Iterable[str], parent: QWidget | None = None, *,
                         notify: Notify | None = None, confirm: Confirm | None = None) -> bool:
    """Files dropped on the main window: import the packages and cards among them.
    Returns False when none of them is ours (the window may handle them otherwise)."""
    ours = [str(p) for p in paths if is_exchange_file(str(p))]
    if not ours:
        return False
    import_files(session, ours, parent, notify=notify, confirm=confirm)
    return True


# ------------------------------------------------------------------ conflicts
class ConflictDialog(QDialog):
    """冲突处理: each open conflict with both versions side by side; keep one."""

    def __init__(self, session, parent: QWidget | None = None, *, notify: Notify | None = None):
        super().__init__(parent)
        self.session = session
        self._notify = notify or _message_box(self)
        self.resolved = 0
        self.setWindowTitle(self.tr("Conflicts between desktops"))
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("These items changed here after they were sent. Both versions are kept until you "
                                        "choose; the one you do not keep stays in the history.")))
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        layout.addWidget(self.list)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.local_view = QPlainTextEdit(readOnly=True)
        self.incoming_view = QPlainTextEdit(readOnly=True)
        for caption, view in ((self.tr("This desktop"), self.local_view), (self.tr("Incoming"), self.incoming_view)):
            box = QWidget()
            v = QVBoxLayout(box)
            v.setContentsMargins(0, 0, 0, 0)
            v.addWidget(QLabel(caption))
            v.addWidget(view)
            split.addWidget(box)
        layout.addWidget(split, 1)
        row = QHBoxLayout()
        self.keep_local = QPushButton(self.tr("Keep this desktop's version"))
        self.keep_incoming = QPushButton(self.tr("Take the incoming version"))
        row.addWidget(self.keep_local)
        row.addWidget(self.keep_incoming)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.keep_local.clicked.connect(lambda: self.keep("local"))
        self.keep_incoming.clicked.connect(lambda: self.keep("incoming"))
        self.list.currentRowChanged.connect(self._show)
        self.reload()

    def reload(self) -> None:
        from storage import exchange

        self._conflicts = exchange.conflicts(self.session.db)
        self.list.clear()
        for c in self._conflicts:
            QListWidgetItem(f"{c.title}  —  {c.item_id[:8]}", self.list)
        has = bool(self._conflicts)
        self.keep_local.setEnabled(has)
        self.keep_incoming.setEnabled(has)
        if has:
            self.list.setCurrentRow(0)
        else:
            self.summary.setText(self.tr("No open conflicts."))
            self.local_view.clear()
            self.incoming_view.clear()

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self._conflicts):
            return
        c = self._conflicts[row]
        self.summary.setText(c.description)
        self.local_view.setPlainText(_describe(c.local, c.local.get("state", "")))
        inc = c.incoming.get("record", {})
        extra = ""
        if c.kind == "decision":
            d = c.incoming["decision"]
            extra = (self.tr("Decision: {what} by {signer}, {at}").format(
                what=self.tr("signed off") if d["action"] == "sign_off" else self.tr("returned"), signer=d["signer"],
                at=d["at"][:16].replace("T", " ")) + "\n" + (d["reason"] or d["comment"]) + "\n\n")
        self.incoming_view.setPlainText(extra + _describe(inc, inc.get("item", {}).get("state", "")))

    def current(self):
        row = self.list.currentRow()
        return self._conflicts[row] if 0 <= row < len(self._conflicts) else None

    def keep(self, which: str) -> bool:
        from storage import exchange

        c = self.current()
        if c is None:
            return False
        try:
            exchange.resolve_conflict(self.session.db, c.item_id, which, self.session.user.name)
        except UserError as err:
            self._notify("error", self.windowTitle(), str(err))
            return False
        self.resolved += 1
        self.session.notify(c.item_id)
        self.reload()
        return True


def _describe(record: dict, state: str) -> str:
    from core.workflow import state_label

    item = record.get("item", {})
    head = [item.get("title", ""), "",
            QCoreApplication.translate("ExchangeActions", "Version {v} · {state} · by {who}").format(
                v=item.get("version", "?"), state=state_label(state) if state else "", who="、".join(item.get("contributors", []))),
            ""]
    return "\n".join(head + list(item.get("body", [])))


def resolve_conflicts(session, parent: QWidget | None = None, *, choose: Callable | None = None,
                      notify: Notify | None = None) -> int:
    """处理冲突: open the conflict dialog (or, with ``choose(conflict) -> "local"|"incoming"|None``,
    settle each without a dialog). Returns how many were resolved."""
    from storage import exchange

    notify = notify or _message_box(parent)
    if choose is None:
        if not exchange.conflicts(session.db):
            notify("info", QCoreApplication.translate("ExchangeActions", "Conflicts"),
                   QCoreApplication.translate("ExchangeActions", "There are no open conflicts."))
            return 0
        dialog = ConflictDialog(session, parent, notify=notify)
        dialog.exec()
        return dialog.resolved
    done = 0
    for c in exchange.conflicts(session.db):
        which = choose(c)
        if which not in ("local", "incoming"):
            continue
        if not exchange.conflicts(session.db, item_id=c.item_id):
            continue  # settled together with an earlier one
        try:
            exchange.resolve_conflict(session.db, c.item_id, which, session.user.name)
        except UserError as err:
            notify("error", QCoreApplication.translate("ExchangeActions", "Conflicts"), str(err))
            continue
        session.notify(c.item_id)
        done += 1
    return done


def open_conflict_count(session) -> int:
    """For a status-bar badge: how many conflicts wait for a choice."""
    from storage import exchange

    return exchange.open_conflict_count(session.db)


class ConflictBadge(QToolButton):
    """A status-bar badge while items changed on both desktops wait for a choice ("2 个冲突待处理");
    hidden when there are none. A click opens the conflict dialog. It counts again whenever
    items change anywhere in the program (``session.items_changed``)."""

    def __init__(self, session, parent: QWidget | None = None, *, notify: Notify | None = None):
        super().__init__(parent)
        from gui.widgets import status_icon

        self.session = session
        self._notify = notify
        self.count = 0
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setIcon(status_icon("due_soon"))
        self.setObjectName("conflictBadge")
        self.clicked.connect(self.resolve)
        session.items_changed.connect(lambda _ids: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        try:
            self.count = open_conflict_count(self.session)
        except Exception:  # noqa: BLE001 - a badge must never break the window (e.g. the database closed)
            self.count = 0
        self.setText(QCoreApplication.translate("ExchangeActions", "{n} conflicts to resolve").format(n=self.count))
        self.setToolTip(QCoreApplication.translate(
            "ExchangeActions", "These items changed on both desktops: both versions are kept until you choose one. "
                               "Click to compare them and choose."))
        self.setHidden(self.count == 0)

    def resolve(self) -> None:
        resolve_conflicts(self.session, self.window(), notify=self._notify)
        self.refresh()


__all__ = ["ConflictBadge", "import_in_background", "export_for_signoff", "export_decisions", "export_card", "import_files", "handle_dropped_files",
           "resolve_conflicts", "ConflictDialog", "is_exchange_file", "open_conflict_count"]
