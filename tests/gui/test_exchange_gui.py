"""The exchange actions the main window calls, and the watch folder — two desktops, offscreen,
with every dialog bypassed by keyword arguments."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gui import exchange_actions as actions
from gui.session import Session
from gui.watch_folder import WatchFolder
from storage import exchange
from tests.conftest import make_item
from tests.unit.test_exchange import PASSWORD, Desk, queue, sign_off


class Messages(list):
    """notify(kind, title, text) and confirm(title, text) that record instead of blocking."""

    def __init__(self, answer: bool = True):
        super().__init__()
        self.answer = answer

    def notify(self, kind, title, text):
        self.append((kind, title, text))

    def confirm(self, title, text):
        self.append(("question", title, text))
        return self.answer

    def texts(self) -> str:
        return "\n".join(t for _, _, t in self)


@pytest.fixture
def desks(tmp_path, monkeypatch):
    officer = Desk(tmp_path, "officer", monkeypatch)
    supervisor = Desk(tmp_path, "supervisor", monkeypatch)
    yield officer, supervisor
    officer.db.close()
    supervisor.db.close()


def sessions(officer: Desk, supervisor: Desk):
    return Session(officer.db, officer.db.person("李晓梅")), Session(supervisor.db, supervisor.db.person("王建国"))


def swap_cards_gui(officer, supervisor, tmp_path):
    li, wang = sessions(officer, supervisor)
    m = Messages()
    officer.use()
    card_li = actions.export_card(li, None, out_path=tmp_path / "li.infocard", password=PASSWORD, notify=m.notify)
    supervisor.use()
    card_wang = actions.export_card(wang, None, out_path=tmp_path / "wang.infocard", password=PASSWORD, notify=m.notify)
    assert actions.import_files(wang, [card_li.path], None, notify=m.notify, confirm=m.confirm)
    officer.use()
    assert actions.import_files(li, [card_wang.path], None, notify=m.notify, confirm=m.confirm)
    return li, wang, m


def test_round_trip_through_the_gui_functions(desks, tmp_path, qtbot):
    officer, supervisor = desks
    li, wang, m = swap_cards_gui(officer, supervisor, tmp_path)
    assert "指纹" in m.texts() and "电话" in m.texts()  # the Chinese catalogue is loaded
    officer.use()
    item = queue(officer.db)

    m.clear()
    result = actions.export_for_signoff(li, [item.id], None, out_path=tmp_path / "req.infopkg", password=PASSWORD,
                                        notify=m.notify)
    assert result is not None and result.path.exists()
    assert m[-1][0] == "info" and m[-1][1] == "报送签发" and "分管领导" in m[-1][2]

    supervisor.use()
    with qtbot.waitSignal(wang.items_changed, timeout=2000) as changed:
        results = actions.import_files(wang, [str(result.path)], None, notify=m.notify, confirm=m.confirm)
    assert changed.args == [[item.id]]
    assert [o.outcome for o in results[0].outcomes] == ["added"]
    assert item.title in m[-1][2] and m[-1][0] == "info"
    assert supervisor.db.get_item(item.id).state == "queued"

    sign_off(supervisor, item.id)
    dec = actions.export_decisions(wang, None, out_path=tmp_path / "dec.infopkg", password=PASSWORD, notify=m.notify)
    assert dec is not None and "信息员" in m[-1][2]
    assert actions.export_decisions(wang, None, out_path=tmp_path / "again.infopkg", password=PASSWORD,
                                    notify=m.notify) is None
    assert "没有需要发回" in m[-1][2] and not (tmp_path / "again.infopkg").exists()

    officer.use()
    with qtbot.waitSignal(li.items_changed, timeout=2000):
        assert actions.handle_dropped_files(li, [str(dec.path)], None, notify=m.notify, confirm=m.confirm)
    assert officer.db.get_item(item.id).state == "signed_off"
    assert officer.db.current_signoff(item.id).signer == "王建国"
    # dropped twice: nothing changes, and the user is told
    with qtbot.assertNotEmitted(li.items_changed):
        actions.handle_dropped_files(li, [str(dec.path)], None, notify=m.notify, confirm=m.confirm)
    assert "未作任何改动" in m[-1][2]


def test_errors_are_shown_not_raised(desks, tmp_path):
    officer, supervisor = desks
    li, wang = sessions(officer, supervisor)
    m = Messages()
    officer.use()
    draft = officer.db.create_item(make_item(title="一份草稿"), "李晓梅")
    assert actions.export_for_signoff(li, [draft.id], None, out_path=tmp_path / "x.infopkg", password=PASSWORD,
                                      notify=m.notify) is None
    assert m[-1][0] == "error" and "一份草稿" in m[-1][2] and not (tmp_path / "x.infopkg").exists()
    assert actions.export_for_signoff(li, [], None, notify=m.notify) is None
    assert m[-1][0] == "warning"
    assert actions.export_card(li, None, out_path=tmp_path / "c.infocard", password="wrong", notify=m.notify) is None
    assert m[-1][0] == "error" and "口令" in m[-1][2]
    bad = tmp_path / "broken.infopkg"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    supervisor.use()
    assert actions.import_files(wang, [bad], None, notify=m.notify, confirm=m.confirm) == []
    assert m[-1][0] == "error" and "拒绝导入" in m[-1][2] and "broken.infopkg" in m[-1][2]
    assert supervisor.db.count_items() == 0


def test_a_card_is_trusted_only_after_the_fingerprint_is_confirmed(desks, tmp_path):
    officer, supervisor = desks
    li, wang = sessions(officer, supervisor)
    m = Messages(answer=False)
    officer.use()
    card = actions.export_card(li, None, out_path=tmp_path / "li.infocard", password=PASSWORD, notify=m.notify)
    supervisor.use()
    assert actions.import_files(wang, [card.path], None, notify=m.notify, confirm=m.confirm) == []
    question = next(t for k, _, t in m if k == "question")
    assert card.short_fingerprint in question and "李晓梅" in question
    from storage import keys

    assert keys.key_of(supervisor.db, "李晓梅") is None
    m.answer = True
    assert actions.import_files(wang, [card.path], None, notify=m.notify, confirm=m.confirm)
    assert keys.key_of(supervisor.db, "李晓梅").fingerprint == card.fingerprint
    # a new key for the same person asks again, showing both fingerprints, and replaces only on yes
    officer.use()
    new = actions.export_card(li, None, out_path=tmp_path / "li2.infocard", password=PASSWORD, notify=m.notify,
                              new_key=True)
    supervisor.use()
    m.answer = False
    actions.import_files(wang, [new.path], None, notify=m.notify, confirm=m.confirm)
    assert keys.key_of(supervisor.db, "李晓梅").fingerprint == card.fingerprint
    assert card.short_fingerprint in m[-2][2] and new.short_fingerprint in m[-2][2]
    m.answer = True
    actions.import_files(wang, [new.path], None, notify=m.notify, confirm=m.confirm)
    assert keys.key_of(supervisor.db, "李晓梅").fingerprint == new.fingerprint


def test_drops_that_are_not_ours_are_left_to_the_window(desks, tmp_path):
    officer, _ = desks
    li, _ = sessions(*desks)
    word = tmp_path / "稿件.docx"
    word.write_bytes(b"PK\x03\x04 a word file")
    text = tmp_path / "note.txt"
    text.write_text("hello")
    m = Messages()
    assert actions.handle_dropped_files(li, [str(word), str(text)], None, notify=m.notify, confirm=m.confirm) is False
    assert m == []
    officer.use()
    card = actions.export_card(li, None, out_path=tmp_path / "renamed.json", password=PASSWORD, notify=m.notify)
    assert actions.is_exchange_file(str(card.path))  # recognised by its content, whatever its name


def _conflict(desks, tmp_path):
    officer, supervisor = desks
    li, wang, m = swap_cards_gui(officer, supervisor, tmp_path)
    officer.use()
    item = queue(officer.db)
    req = exchange.export_for_signoff(officer.db, [item.id], "李晓梅", PASSWORD, tmp_path / "req.infopkg")
    officer.db.update_item(officer.db.get_item(item.id).replace(title="改过的标题：市政数局召开推进会"), "李晓梅")
    supervisor.use()
    exchange.import_path(supervisor.db, req.path)
    sign_off(supervisor, item.id)
    dec = exchange.export_decisions(supervisor.db, "王建国", PASSWORD, tmp_path / "dec.infopkg")
    officer.use()
    m.clear()
    actions.import_files(li, [dec.path], None, notify=m.notify, confirm=m.confirm)
    assert m[-1][0] == "warning" and "冲突" in m[-1][2]
    return li, item


def test_the_conflict_dialog_keeps_the_chosen_version(desks, tmp_path, qtbot):
    from PySide6.QtCore import Qt

    li, item = _conflict(desks, tmp_path)
    m = Messages()
    dialog = actions.ConflictDialog(li, None, notify=m.notify)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "两台电脑之间的冲突"
    assert dialog.list.count() == 1
    assert "改过的标题" in dialog.local_view.toPlainText()
    assert item.title in dialog.incoming_view.toPlainText() and "王建国" in dialog.incoming_view.toPlainText()
    with qtbot.waitSignal(li.items_changed, timeout=2000):
        qtbot.mouseClick(dialog.keep_incoming, Qt.MouseButton.LeftButton)
    assert dialog.resolved == 1 and dialog.list.count() == 0 and not dialog.keep_incoming.isEnabled()
    assert li.db.get_item(item.id).state == "signed_off"
    assert actions.open_conflict_count(li) == 0


def test_resolve_conflicts_without_a_dialog(desks, tmp_path):
    li, item = _conflict(desks, tmp_path)
    seen = []
    assert actions.resolve_conflicts(li, None, choose=lambda c: seen.append(c.item_id) or "local") == 1
    assert seen == [item.id]
    assert li.db.get_item(item.id).title == "改过的标题：市政数局召开推进会"
    m = Messages()
    assert actions.resolve_conflicts(li, None, notify=m.notify) == 0  # nothing open: a message, no dialog
    assert "没有待处理的冲突" in m[-1][2]


# ------------------------------------------------------------------ watch folder
def _request_file(desks, tmp_path, title="市政数局召开政务公开工作推进会"):
    officer, supervisor = desks
    officer.use()
    item = queue(officer.db, title=title)
    return item, exchange.export_for_signoff(officer.db, [item.id], "李晓梅", PASSWORD, tmp_path / f"{item.id[:8]}.infopkg").path


def test_the_watch_folder_imports_and_moves_files(desks, tmp_path, qtbot):
    officer, supervisor = desks
    swap_cards_gui(officer, supervisor, tmp_path)
    item, package = _request_file(desks, tmp_path)
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / package.name).write_bytes(package.read_bytes())
    (shared / "damaged.infopkg").write_bytes(b"PK\x03\x04 garbage")
    (shared / "readme.txt").write_text("not for us")
    (shared / ".partial.infopkg").write_bytes(b"still copying")
    supervisor.use()
    _, wang = sessions(officer, supervisor)
    watcher = WatchFolder(wang, shared)
    imported, failed = [], []
    watcher.imported.connect(lambda path, result: imported.append((path, result)))
    watcher.failed.connect(lambda path, message: failed.append((path, message)))
    assert watcher.scan() == 0  # first look: files may still be copying
    assert watcher.scan() == 2
    assert [r.outcomes[0].outcome for _, r in imported] == ["added"]
    assert failed and "damaged.infopkg" in failed[0][1] and "拒绝导入" in failed[0][1]
    assert (shared / "processed" / package.name).exists() and not (shared / package.name).exists()
    assert (shared / "rejected" / "damaged.infopkg").exists()
    assert "zip" in (shared / "rejected" / "damaged.infopkg.txt").read_text(encoding="utf-8")
    assert (shared / "readme.txt").exists() and (shared / ".partial.infopkg").exists()
    assert supervisor.db.get_item(item.id).state == "queued"
    assert watcher.scan(settle=False) == 0
    # the same package dropped again: taken, reported as already imported, moved aside under a new name
    (shared / package.name).write_bytes(package.read_bytes())
    assert watcher.scan(settle=False) == 1
    assert imported[-1][1].duplicate
    assert len(list((shared / "processed").iterdir())) == 2


def test_the_watch_folder_notices_new_files_by_itself(desks, tmp_path, qtbot):
    officer, supervisor = desks
    swap_cards_gui(officer, supervisor, tmp_path)
    item, package = _request_file(desks, tmp_path)
    shared = tmp_path / "shared"
    supervisor.use()
    _, wang = sessions(officer, supervisor)
    watcher = WatchFolder(wang, shared, interval_ms=250)
    assert watcher.start() and watcher.active and shared.is_dir()
    with qtbot.waitSignal(watcher.imported, timeout=10_000) as got:
        (shared / package.name).write_bytes(package.read_bytes())
    assert got.args[1].outcomes[0].item_id == item.id
    watcher.stop()
    assert not watcher.active


def test_the_watch_folder_reports_an_unusable_folder(desks, tmp_path, qtbot):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    li, _ = sessions(*desks)
    watcher = WatchFolder(li, blocker / "sub")
    with qtbot.waitSignal(watcher.failed, timeout=2000) as got:
        assert watcher.start() is False
    assert "无法使用交换文件夹" in got.args[1]


def test_conflict_badge_shows_while_conflicts_wait_and_opens_the_dialog(desks, tmp_path, qtbot, monkeypatch):
    li, item = _conflict(desks, tmp_path)
    m = Messages()
    badge = actions.ConflictBadge(li, notify=m.notify)
    qtbot.addWidget(badge)
    assert not badge.isHidden() and badge.count == 1
    assert badge.text() == "1 个冲突待处理"
    opened = []

    def exec_(dialog):  # the user keeps the supervisor's version in the dialog
        opened.append(dialog.list.count())
        assert dialog.keep("incoming")
        return 1

    monkeypatch.setattr(actions.ConflictDialog, "exec", exec_)
    qtbot.mouseClick(badge, Qt.MouseButton.LeftButton)
    assert opened == [1]
    assert badge.isHidden() and badge.count == 0
    assert li.db.get_item(item.id).state == "signed_off"


def test_conflict_badge_hidden_without_conflicts(desks, qtbot):
    li, _ = sessions(*desks)
    badge = actions.ConflictBadge(li)
    qtbot.addWidget(badge)
    assert badge.isHidden() and badge.count == 0


def test_a_package_is_imported_on_a_worker_thread_while_the_window_keeps_painting(desks, tmp_path, qtbot, monkeypatch):
    import threading
    import time

    from PySide6.QtCore import QTimer

    officer, supervisor = desks
    li, wang, m = swap_cards_gui(officer, supervisor, tmp_path)
    item, package = _request_file(desks, tmp_path)
    supervisor.use()
    real = exchange.import_path
    seen = []

    def slow_import(db, path, actor="", **kw):
        seen.append((threading.current_thread() is threading.main_thread(), db is wang.db))
        time.sleep(0.3)  # a package of photos: seconds of hashing and signature checks
        return real(db, path, actor, **kw)

    monkeypatch.setattr(exchange, "import_path", slow_import)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    m.clear()
    results = actions.import_files(wang, [package], None, notify=m.notify, confirm=m.confirm)
    timer.stop()
    assert seen == [(False, False)]  # another thread, its own connection
    assert len(ticks) >= 5  # the GUI thread kept running its event loop meanwhile
    assert [r.package_id for r in results] and m[-1][0] == "info"
    assert wang.db.get_item(item.id).state == "queued"  # the GUI's own connection sees the import


def test_a_refused_package_in_the_worker_is_reported_and_changes_nothing(desks, tmp_path):
    officer, supervisor = desks
    li, wang, m = swap_cards_gui(officer, supervisor, tmp_path)
    _item, package = _request_file(desks, tmp_path)
    data = bytearray(package.read_bytes())
    data[len(data) // 2] ^= 0x01
    bad = tmp_path / "altered.infopkg"
    bad.write_bytes(bytes(data))
    supervisor.use()
    before = supervisor.db.count_items()
    m.clear()
    assert actions.import_files(wang, [bad], None, notify=m.notify, confirm=m.confirm) == []
    assert m[-1][0] == "error" and "altered.infopkg" in m[-1][2]
    assert supervisor.db.count_items() == before


def test_the_watch_folder_imports_on_a_worker_thread(desks, tmp_path, qtbot, monkeypatch):
    import threading

    officer, supervisor = desks
    swap_cards_gui(officer, supervisor, tmp_path)
    item, package = _request_file(desks, tmp_path)
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / package.name).write_bytes(package.read_bytes())
    supervisor.use()
    _, wang = sessions(officer, supervisor)
    real, threads = exchange.import_path, []
    monkeypatch.setattr(exchange, "import_path", lambda db, path, actor="", **kw: (
        threads.append(threading.current_thread() is threading.main_thread()), real(db, path, actor, **kw))[1])
    watcher = WatchFolder(wang, shared)
    assert watcher.scan(settle=False) == 1
    assert threads == [False]
    assert supervisor.db.get_item(item.id).state == "queued"
