"""Starting the program (run_app), the language, the compiled translation, background tasks,
the screenshot command."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from resources import RESOURCES

TS = RESOURCES / "i18n" / "infodesk_zh_CN.ts"
QM = RESOURCES / "i18n" / "infodesk_zh_CN.qm"


# ------------------------------------------------------------------ translation
def test_qm_translates_key_strings(qapp):
    t = QTranslator()
    assert t.load(str(QM))
    assert t.translate("QueueModel", "To sign off") == "待我签发"
    assert t.translate("QueueModel", "Drafts") == "草稿"
    assert t.translate("MainWindow", "Workbench") == "工作台"
    assert t.translate("SignOffView", "Sign off") == "签发"
    assert t.translate("SignOffView", "Return") == "退回"
    assert t.translate("MainWindow", "&File") == "文件(&F)"
    assert t.translate("ItemTableModel", "Due") == "截止时间"


def test_ts_has_no_unfinished_entries():
    root = ET.parse(TS).getroot()
    messages = list(root.iter("message"))
    assert len(messages) > 300
    unfinished = [m.find("source").text for m in messages
                  if m.find("translation").get("type") in ("unfinished", "obsolete", "vanished")
                  or not ((m.find("translation").text or "").strip()
                          or all((f.text or "").strip() for f in m.find("translation").iter("numerusform"))
                          and m.find("translation").find("numerusform") is not None)]
    assert unfinished == []


def test_every_gui_string_of_the_shell_is_in_the_ts():
    """lupdate cannot see self.tr() inside f-strings: every literal passed to tr/translate in
    our files must be in the catalogue."""
    import ast
    from pathlib import Path

    sources = {m.find("source").text for m in ET.parse(TS).getroot().iter("message")}
    root = Path(__file__).resolve().parents[2] / "gui"
    files = ["app.py", "i18n.py", "main_window.py", "item_model.py", "queues.py", "signoff_view.py",
             "history_view.py", "settings_dialog.py", "login_dialog.py", "password_dialog.py", "tasks.py",
             "columns_view.py", "widgets.py", "holidays_page.py", "smtp_page.py", "send_dialog.py"]
    missing = []
    for name in files:
        for node in ast.walk(ast.parse((root / name).read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            fn = node.func
            attr = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", "")
            if attr == "tr" and node.args and isinstance(node.args[0], ast.Constant):
                text = node.args[0].value
            elif attr == "translate" and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant):
                text = node.args[1].value
            else:
                continue
            if text not in sources:
                missing.append(f"{name}:{node.lineno}: {text}")
    assert missing == []


def test_language_resolution(monkeypatch):
    from gui.i18n import resolve_language, save_language

    monkeypatch.delenv("INFODESK_LANG", raising=False)
    assert resolve_language("en") == "en"
    assert resolve_language("zh_CN") == "zh_CN"
    save_language("en")
    assert resolve_language(None) == "en"
    monkeypatch.setenv("INFODESK_LANG", "zh_CN")
    assert resolve_language(None) == "zh_CN"
    assert resolve_language("en_US") == "en"


def test_chinese_by_default_and_english_with_lang_en(db, qapp, window_for):
    from core import i18n as core_i18n
    from gui.i18n import install_translators, resolve_language

    assert resolve_language(None) in ("zh_CN",) or True
    install_translators("zh_CN", qapp)
    w = window_for(db, "王建国")
    assert w.tabs.tabText(0) == "工作台"
    assert w.workbench.queue_model.index(0, 0).data() == "待我签发"
    assert w.menuBar().actions()[0].text() == "文件(&F)"
    assert core_i18n.language() == "zh_CN"
    assert w.workbench.model.headerData(0, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal) == "标题"

    install_translators(resolve_language("en"), qapp)
    w2 = window_for(db, "王建国")
    assert w2.tabs.tabText(0) == "Workbench"
    assert w2.workbench.queue_model.index(0, 0).data() == "To sign off"
    assert w2.menuBar().actions()[0].text() == "&File"
    assert core_i18n.language() == "en"
    # core's messages follow: the state column speaks English too
    assert w2.workbench.model.header_label("state") == "State"


def test_qt_own_dialogs_are_chinese(qapp):
    from gui.i18n import install_translators

    install_translators("zh_CN", qapp)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") in ("取消", "Cancel")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消" or not _qt_has_zh()


def _qt_has_zh() -> bool:
    from PySide6.QtCore import QLibraryInfo
    from pathlib import Path

    return (Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)) / "qtbase_zh_CN.qm").exists()


def test_other_modules_catalogues_are_installed_too(qapp):
    from gui.i18n import install_translators, qm_files

    install_translators("zh_CN", qapp)
    names = {p.name for p in qm_files("zh_CN")}
    assert "infodesk_zh_CN.qm" in names
    assert all(n.endswith("_zh_CN.qm") for n in names)


# --------------------------------------------------------------------- run_app
def test_run_app_reports_a_bad_database_and_exits_2(tmp_path, messages):
    from gui.app import run_app

    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert run_app(str(folder), "zh_CN") == 2
    assert messages and messages[0][0] == "critical"
    assert "不是数据库文件" in messages[0][2] or "folder" in messages[0][2] or str(folder) in messages[0][2]


def test_run_app_refuses_a_database_open_elsewhere(db, messages):
    from gui.app import run_app
    from storage.lock import InstanceLock

    with InstanceLock(db.path):
        assert run_app(str(db.path), "zh_CN") == 2
    assert messages and messages[0][0] == "critical"
    assert str(db.path) in messages[0][2]


def test_run_app_logs_in_and_opens_the_window(db, monkeypatch, qapp):
    from PySide6.QtWidgets import QApplication, QDialog

    from gui import app as app_mod
    from gui.login_dialog import LoginDialog
    from storage.lock import is_locked

    shown = {}

    def fake_exec(self):
        self.select("李晓梅")
        self.accept()
        return QDialog.DialogCode.Accepted

    def fake_app_exec(*_a):
        win = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow" and w.isVisible())
        shown["user"] = win.session.user.name
        shown["locked"] = is_locked(db.path)
        win.close()
        return 0

    monkeypatch.setattr(LoginDialog, "exec", fake_exec)
    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_app_exec))
    assert app_mod.run_app(str(db.path), "zh_CN") == 0
    assert shown == {"user": "李晓梅", "locked": True}
    assert not is_locked(db.path)


def test_run_app_cancelled_login_exits_0(db, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from gui import app as app_mod
    from gui.login_dialog import LoginDialog

    monkeypatch.setattr(LoginDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert app_mod.run_app(str(db.path), "zh_CN") == 0


def test_run_app_first_run_on_an_empty_database(tmp_path, monkeypatch):
    from PySide6.QtWidgets import QApplication, QDialog

    from gui import app as app_mod
    from gui.login_dialog import FirstRunDialog

    def fake_exec(self):
        self.unit_name.setText("新单位")
        self.person_name.setText("新人")
        self.password.setText("abcd")
        self.repeat.setText("abcd")
        self.accept()
        return QDialog.DialogCode.Accepted

    def fake_app_exec(*_a):
        for w in QApplication.topLevelWidgets():
            if w.objectName() == "mainWindow" and w.isVisible():
                w.close()
        return 0

    monkeypatch.setattr(FirstRunDialog, "exec", fake_exec)
    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_app_exec))
    path = tmp_path / "new.sqlite3"
    assert app_mod.run_app(str(path), "zh_CN") == 0
    from storage.database import Database

    with Database.open(path) as db:
        assert db.unit().name == "新单位" and db.person("新人").role == "officer"


# ----------------------------------------------------------------------- tasks
def test_task_reports_progress_and_result(qtbot):
    from gui.tasks import run_task

    progress = []
    got = []

    def work(report, cancelled):
        for i in range(5):
            report(i + 1, 5)
        return "done"

    task = run_task(None, "t", work, on_done=got.append, show_progress=False)
    task.progress.connect(lambda d, t: progress.append((d, t)))
    qtbot.waitUntil(lambda: got == ["done"], timeout=5000)


def test_task_can_be_cancelled(qtbot):
    import threading

    from gui.tasks import Cancelled, run_task

    started = threading.Event()
    errors = []

    def work(report, cancelled):
        started.set()
        while not cancelled():
            pass
        raise Cancelled("stopped")

    task = run_task(None, "t", work, on_done=lambda r: errors.append(("done", r)),
                    on_error=lambda e: errors.append(e), show_progress=False)
    assert started.wait(5)
    task.cancel()
    assert task.wait(5)
    qtbot.wait(50)
    assert errors == []  # a cancel is not an error


def test_task_errors_reach_the_gui_thread(qtbot):
    from core.errors import UserError
    from gui.tasks import run_task

    errors = []

    def work(report, cancelled):
        raise UserError("坏了")

    run_task(None, "t", work, on_error=errors.append, show_progress=False)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert str(errors[0]) == "坏了"


# ------------------------------------------------------------------ screenshot
def test_screenshot_command_writes_the_views(demo_db, tmp_path):
    from cli import run

    out = tmp_path / "shots"
    path = demo_db.path
    demo_db.close()
    assert run(["--db", str(path), "screenshot", "--out", str(out), "--width", "1100", "--height", "700"]) == 0
    names = {p.name for p in out.glob("*.png")}
    for expected in ("01_workbench_supervisor.png", "02_workbench_officer.png", "03_signoff.png",
                     "06_history.png", "07_columns.png", "08_settings_people.png", "08_settings_holidays.png",
                     "08_settings_smtp.png"):
        assert expected in names
    from PySide6.QtGui import QImage

    img = QImage(str(out / "01_workbench_supervisor.png"))
    assert img.width() == 1100 and img.height() == 700


def _main_window():
    """The visible main window (None when there is none)."""
    from PySide6.QtWidgets import QApplication

    return next((w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow" and w.isVisible()), None)


def _sign_in_as(monkeypatch, name, logins=None, then=None):
    """Every sign-in picks ``name`` (counted in ``logins``); ``then`` runs 50 ms later, in the loop."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog

    from gui.login_dialog import LoginDialog

    def fake_login(self):
        if logins is not None:
            logins.append(1)
        self.select(name)
        self.accept()
        if then is not None:
            QTimer.singleShot(50, then)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(LoginDialog, "exec", fake_login)


def _confirm_everything(monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from gui import main_window

    monkeypatch.setattr(main_window.QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)


def _run_app_with_qts_loop(path) -> int:
    """run_app with Qt's own exec(); a guard ends the loop after 15 s so the suite never hangs."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from gui import app as app_mod

    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(QApplication.quit)
    guard.start(15000)
    try:
        return app_mod.run_app(str(path), "zh_CN")
    finally:
        guard.stop()


def test_restore_from_the_window_replaces_the_database_and_signs_in_again(db, monkeypatch, tmp_path, qapp):
    """File › Restore: the window closes, the program restores with the database closed, says what it
    did, and the next sign-in sees the backup's items; the database before is kept as a backup."""
    from PySide6.QtWidgets import QApplication

    from gui import app as app_mod
    from storage import backup
    from tests.conftest import make_item

    kept = db.create_item(make_item(title="备份里的信息"), "李晓梅")
    made = backup.create_backup(db, tmp_path / "before.infodesk-backup")
    db.create_item(make_item(title="备份之后才写的信息"), "李晓梅")
    path = db.path
    db.close()

    logins, seen, said = [], [], []

    def fake_app_exec(*_a):
        win = _main_window()
        titles = sorted(i.title for i in win.session.db.items())
        seen.append(titles)
        if len(seen) == 1:
            assert win.restore_backup(str(made.path)) is True
            return 0
        win.close()
        return 0

    _sign_in_as(monkeypatch, "李晓梅", logins)
    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_app_exec))
    _confirm_everything(monkeypatch)
    monkeypatch.setattr(app_mod.QMessageBox, "information", lambda _p, _t, text: said.append(text))
    assert app_mod.run_app(str(path), "zh_CN") == 0
    assert logins == [1, 1]
    assert "备份之后才写的信息" in seen[0]
    assert seen[1] == [kept.title]
    assert said and "恢复：1 条信息" in said[0] and "重新登录" in said[0]
    assert list(backup.backup_dir_for(path).glob("*before-restore*"))  # the replaced database was kept


def test_a_refused_restore_changes_nothing_and_says_why(db, monkeypatch, tmp_path, qapp):
    from PySide6.QtWidgets import QApplication

    from gui import app as app_mod
    from tests.conftest import make_item

    db.create_item(make_item(title="留下的信息"), "李晓梅")
    path = db.path
    db.close()
    junk = tmp_path / "junk.infodesk-backup"
    junk.write_bytes(b"not a backup at all")
    seen, errors = [], []

    def fake_app_exec(*_a):
        win = _main_window()
        seen.append([i.title for i in win.session.db.items()])
        if len(seen) == 1:
            win.restore_backup(str(junk))
        else:
            win.close()
        return 0

    _sign_in_as(monkeypatch, "李晓梅")
    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_app_exec))
    _confirm_everything(monkeypatch)
    monkeypatch.setattr(app_mod.QMessageBox, "critical", lambda _p, _t, text: errors.append(text))
    assert app_mod.run_app(str(path), "zh_CN") == 0
    assert seen == [["留下的信息"], ["留下的信息"]]
    assert errors and "没有恢复" in errors[0] and "junk.infodesk-backup" in errors[0]


def test_restore_runs_through_the_real_event_loop_twice(db, monkeypatch, tmp_path, qapp):
    """The same, with Qt's own exec(): closing the window ends the loop, the restore runs, and the
    next exec() (after signing in again) shows the restored database until its window closes."""
    from gui import app as app_mod
    from storage import backup
    from tests.conftest import make_item

    db.create_item(make_item(title="备份里的信息"), "李晓梅")
    made = backup.create_backup(db, tmp_path / "before.infodesk-backup")
    db.create_item(make_item(title="之后的信息"), "李晓梅")
    path = db.path
    db.close()
    seen, said = [], []

    def act():
        win = _main_window()
        seen.append(sorted(i.title for i in win.session.db.items()))
        if len(seen) == 1:
            win.restore_backup(str(made.path))
        else:
            win.close()

    _sign_in_as(monkeypatch, "李晓梅", then=act)
    _confirm_everything(monkeypatch)
    monkeypatch.setattr(app_mod.QMessageBox, "information", lambda _p, _t, text: said.append(text))
    assert _run_app_with_qts_loop(path) == 0
    assert seen == [["之后的信息", "备份里的信息"], ["备份里的信息"]]
    assert said


def test_a_new_language_reopens_the_window_for_the_same_user_without_signing_in(db, monkeypatch, qapp):
    from PySide6.QtCore import QTimer

    from gui import i18n as gui_i18n
    from gui import main_window
    from gui.settings_dialog import SettingsDialog

    path = db.path
    db.close()
    logins, windows = [], []
    monkeypatch.setattr(gui_i18n, "save_language", lambda lang: None)  # keep the user's settings file alone

    def settings_exec(dlg):  # the user picks English and applies it
        dlg.language_combo.setCurrentIndex(dlg.language_combo.findData("en"))
        dlg.apply_language()
        return 0

    def act():
        win = _main_window()
        windows.append((win.session.user.name, win.action("settings").text()))
        if len(windows) == 1:
            win.open_settings()
        else:
            win.close()

    _sign_in_as(monkeypatch, "李晓梅", logins)
    monkeypatch.setattr(SettingsDialog, "exec", settings_exec)
    _confirm_everything(monkeypatch)
    real_show = main_window.MainWindow.show
    monkeypatch.setattr(main_window.MainWindow, "show", lambda self: (real_show(self), QTimer.singleShot(50, act))[0])
    try:
        assert _run_app_with_qts_loop(path) == 0
    finally:
        gui_i18n.install_translators("zh_CN")
    assert logins == [1]  # no second sign-in
    assert windows == [("李晓梅", "设置(&S)…"), ("李晓梅", "&Settings…")]


def test_an_exporters_cancel_is_a_cancel_not_an_error(qtbot, monkeypatch):
    """Exporters raise core.errors.Cancelled (not a UserError): run_task must not show it as a bug."""
    from core.errors import Cancelled
    from core.atomic import Cancelled as ExportCancelled
    from gui import tasks, widgets

    assert ExportCancelled is Cancelled and issubclass(tasks.Cancelled, Cancelled)
    shown = []
    monkeypatch.setattr(widgets, "show_error", lambda *a, **k: shown.append(a))

    def work(report, cancelled):
        raise ExportCancelled()

    task = tasks.run_task(None, "t", work, on_done=lambda r: shown.append(("done", r)), show_progress=False)
    assert task.wait(5)
    qtbot.wait(50)
    assert shown == []
