"""GUI fixtures: Chinese translators installed, QSettings in the test's own folder, sessions
and main windows for the people of the test database, and helpers that drive modal dialogs."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _gui_isolation(qapp, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    from gui.app import make_app
    from gui.i18n import install_translators

    monkeypatch.delenv("INFODESK_LANG", raising=False)
    make_app()
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    install_translators("zh_CN", qapp)
    yield
    from gui.tasks import running_tasks

    for task in running_tasks():
        task.cancel()
        task.wait(10)
    install_translators("zh_CN", qapp)


@pytest.fixture(autouse=True)
def _stray_dialog_watchdog(qapp):
    """A modal dialog nobody answers would hang the run: close it after a few seconds and
    fail the test that opened it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    stray: list[str] = []
    seen: dict[int, int] = {}

    def poll():
        w = QApplication.activeModalWidget()
        if w is None:
            seen.clear()
            return
        seen[id(w)] = seen.get(id(w), 0) + 1
        if seen[id(w)] >= 16:  # ~4 s
            text = getattr(w, "text", lambda: "")()
            stray.append(f"{type(w).__name__} {w.windowTitle()!r} {text!r}")
            w.close()
            if hasattr(w, "reject"):
                w.reject()

    timer = QTimer()
    timer.setInterval(250)
    timer.timeout.connect(poll)
    timer.start()
    yield stray
    timer.stop()
    assert not stray, f"modal dialogs left open: {stray}"


@pytest.fixture
def session_for():
    from gui.session import Session

    made = []

    def make(db, name):
        s = Session(db, db.person(name))
        made.append(s)
        return s

    return make


@pytest.fixture
def window_for(qtbot, session_for):
    from gui.main_window import MainWindow

    def make(db, name):
        w = MainWindow(session_for(db, name))
        qtbot.addWidget(w)
        w.resize(1200, 760)
        w.show()
        return w

    return make


@pytest.fixture
def modal():
    """``modal(callback)``: call ``callback(dialog)`` on the next modal dialog that opens."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    seen = []

    def arm(callback, tries: int = 200):
        def poll(left=tries):
            w = QApplication.activeModalWidget()
            if w is not None and w not in seen:
                seen.append(w)
                callback(w)
            elif left > 0:
                QTimer.singleShot(10, lambda: poll(left - 1))

        QTimer.singleShot(0, poll)
        return seen

    return arm


@pytest.fixture
def messages(monkeypatch):
    """Record QMessageBox.warning/critical/information/question instead of blocking on them
    (question answers Yes)."""
    from PySide6.QtWidgets import QMessageBox

    got: list[tuple[str, str, str]] = []

    def rec(kind, answer=QMessageBox.StandardButton.Ok):
        def f(parent, title, text, *a, **k):
            got.append((kind, title, text))
            return answer
        return f

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(rec("warning")))
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(rec("critical")))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(rec("information")))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(rec("question", QMessageBox.StandardButton.Yes)))
    return got


def self_review(db, item, officer="李晓梅"):
    """Record a passing self-review of ``item`` as it is now (every question answered yes)."""
    from core import clock
    from core.hashing import content_hash
    from core.model import Review
    from core.review import answer, scan_item
    from core.review.gate import default_checklist

    checklist = default_checklist()
    answers = tuple(answer(checklist, q.id, "yes", officer) for q in checklist.items)
    review = Review(item.id, content_hash(item), answers, tuple(scan_item(item, "submit")), (), officer, clock.now(),
                    checklist.version)
    db.save_review(review, officer)
    return review


def queue_item(db, officer="李晓梅", **kw):
    """A complete item created by ``officer``, self-reviewed and queued for sign-off."""
    from storage.services import gate_for
    from tests.conftest import make_item

    item = db.create_item(make_item(**kw), officer)
    self_review(db, item, officer)
    return db.apply(item.id, "submit", officer, gate=gate_for("submit"))


def pytest_collection_modifyitems(config, items):
    """The offscreen platform warns on every top-level window shown; that is not our bug."""
    for item in items:
        if "tests/gui" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"))
