"""Start the desktop program: ``run_app(db_path, lang) -> exit code``.

QApplication → translations → the instance lock → the database → who is working
(login, or first-run set-up on an empty database) → the main window."""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from core.errors import UserError

APP_NAME = "InfoDesk"
ORG_NAME = "InfoDesk"


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once) with the names QSettings uses."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else [sys.argv[0]])
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    from gui.widgets import icon

    app.setWindowIcon(icon("app"))
    choose_font(app)
    return app


# Sans-serif fonts with Chinese glyphs, most preferred first (Windows, macOS, Linux).
CJK_SANS = ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
            "WenQuanYi Micro Hei", "Noto Sans SC")


def choose_font(app: QApplication) -> None:
    """Use a sans-serif Chinese font for the whole interface, so that Chinese text does not fall
    back to a serif face next to sans-serif Latin text."""
    from PySide6.QtGui import QFont, QFontDatabase

    families = set(QFontDatabase.families())
    for family in CJK_SANS:
        if family in families:
            font = QFont(app.font())
            font.setFamilies([family])
            app.setFont(font)
            return


def open_database(db_path):
    """(database, lock) for ``db_path``; UserError (already translated) when it cannot be opened."""
    from storage.database import default_db_path

    path = db_path or default_db_path()
    lock = None
    if str(path) != ":memory:":
        try:
            from storage.lock import InstanceLock
        except ImportError:  # pragma: no cover - lock not installed
            InstanceLock = None
        if InstanceLock is not None:
            lock = InstanceLock(path).acquire()
    try:
        db = open_with_notice(path)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    return db, lock


def open_with_notice(path, create: bool = True):
    """``Database.open``, with :func:`upgrade_notice` shown while it moves an older database on."""
    from storage.database import Database

    notice = upgrade_notice() if Database.needs_upgrade(path) else None
    try:
        return Database.open(path, create=create)
    finally:
        if notice is not None:
            notice.close()


def upgrade_notice():
    """A small window saying the database is being moved on to this version (a migration or a
    new search index can take seconds on a large database, before any window shows)."""
    from PySide6.QtWidgets import QLabel, QProgressDialog

    dlg = QProgressDialog("", "", 0, 0)
    label = QLabel(QCoreApplication.translate(
        "App", "Updating the database for this version of InfoDesk. This is done once and may take a minute "
               "for a large database; please wait."), dlg)
    label.setWordWrap(True)
    dlg.setLabel(label)
    dlg.setMinimumWidth(420)
    dlg.setObjectName("upgradeNotice")
    dlg.setWindowTitle(QCoreApplication.translate("App", "InfoDesk"))
    dlg.setCancelButton(None)
    dlg.setWindowModality(Qt.WindowModality.ApplicationModal)
    dlg.setMinimumDuration(0)
    dlg.show()
    for _ in range(3):  # paint it before the work blocks the event loop
        QApplication.processEvents()
    return dlg


def restore_and_reopen(db, lock, source):
    """The window asked to restore ``source`` (File › Restore from a backup): with every window
    closed, the database is closed, replaced by ``storage.backup.restore`` (which checks the whole
    backup before it changes anything, and keeps the replaced database as a backup), reopened, and
    the outcome shown. Returns the reopened database (None when it cannot be opened again)."""
    from storage import backup
    from gui.tasks import running_tasks

    title = QCoreApplication.translate("App", "Restore from a backup")
    path = db.path
    for task in running_tasks():
        task.cancel()
        task.wait(10)
    db.close()
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = backup.restore(path, source, lock=lock)
    except (UserError, OSError) as err:
        QGuiApplication.restoreOverrideCursor()
        QMessageBox.critical(None, title, QCoreApplication.translate(
            "App", "Nothing was restored: the database is as it was.\n\n{error}").format(error=str(err)))
    else:
        QGuiApplication.restoreOverrideCursor()
        lines = [QCoreApplication.translate("App", "Restored from {file}: {items} items, {entries} audit entries, "
                                                   "{blobs} attachments.").format(
            file=Path(source).name, items=result.items, entries=result.audit_entries, blobs=result.blobs)]
        if result.safety_backup is not None:
            lines.append(QCoreApplication.translate("App", "The database as it was before is kept in {path}.").format(
                path=str(result.safety_backup)))
        if result.missing_blobs:
            lines.append(QCoreApplication.translate(
                "App", "Warning: {n} attachments the restored items refer to are not in the store.").format(
                n=len(result.missing_blobs)))
        lines.append(QCoreApplication.translate("App", "Sign in again to go on."))
        QMessageBox.information(None, title, "\n\n".join(lines))
    try:
        return open_with_notice(path, create=False)
    except UserError as err:
        QMessageBox.critical(None, QCoreApplication.translate("App", "InfoDesk cannot start"), str(err))
        return None


def choose_user(db, parent=None):
    """The person working now: first-run set-up on an empty database, else the login dialog.
    None when the user cancels."""
    from gui.login_dialog import FirstRunDialog, LoginDialog

    if not db.people():
        dlg = FirstRunDialog(db, parent)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        return dlg.created
    dlg = LoginDialog(db, parent)
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return None
    return dlg.person()


def run_app(db_path=None, lang: str | None = None) -> int:
    """Run the desktop program; 0 on a normal exit, 2 when the database cannot be opened."""
    from gui.i18n import install_translators, resolve_language

    app = make_app()
    install_translators(resolve_language(lang), app)
    try:
        db, lock = open_database(db_path)
    except UserError as err:
        QMessageBox.critical(None, QCoreApplication.translate("App", "InfoDesk cannot start"), str(err))
        return 2
    try:
        person = None
        while True:
            if person is None:
                person = choose_user(db)
                if person is None:
                    return 0
            from gui.main_window import MainWindow
            from gui.session import Session

            session = Session(db, person)
            window = MainWindow(session)
            window.show()
            from PySide6.QtCore import QEvent, QTimer

            QTimer.singleShot(0, window, window.offer_recoveries)
            QTimer.singleShot(2000, window, window.auto_backup)
            try:
                code = app.exec()
            finally:
                restore_from = getattr(window, "pending_restore", None)
                reopen = getattr(window, "pending_reopen", False)
                user = window.session.user  # (the window may have switched users)
                window.hide()
                window.deleteLater()
                QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            if restore_from is not None:
                db = restore_and_reopen(db, lock, restore_from)
                if db is None:
                    return 2
                person = None  # sign in again on the restored database
                continue
            if reopen:  # the same person, a new window (in the language just chosen)
                person = db.person(user.name)
                continue
            return code
    finally:
        from gui.tasks import running_tasks

        for task in running_tasks():
            task.cancel()
            task.wait(10)
        if db is not None:
            db.close()
        if lock is not None:
            lock.release()
