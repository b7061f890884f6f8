"""The main window: queues and their counts, filters, search as you type, opening items,
the due banner, drag-and-drop, remembered geometry."""
from __future__ import annotations

import datetime as dt
import sys
import types

from PySide6.QtCore import Qt

from gui.item_model import IdRole
from storage.database import ItemFilter
from tests.gui.conftest import queue_item


def test_queue_counts_match_state_counts(demo_db, window_for):
    w = window_for(demo_db, "李晓梅")
    counts = w.workbench.queue_model.counts()
    by_state = demo_db.state_counts()
    for state in ("draft", "queued", "returned", "signed_off", "submitted", "published", "withdrawn"):
        assert counts[state] == by_state.get(state, 0)
    assert counts["all"] == sum(by_state.values())
    assert "to_sign" not in counts


def test_supervisor_sees_to_sign_first(demo_db, window_for):
    w = window_for(demo_db, "王建国")
    qm = w.workbench.queue_model
    assert qm.queue(0).key == "to_sign"
    assert qm.index(0, 0).data() == "待我签发"
    expected = demo_db.count_items(ItemFilter(states=("queued",), exclude_contributor="王建国"))
    assert qm.counts()["to_sign"] == expected
    assert w.workbench.current_queue().key == "to_sign"
    assert w.workbench.model.rowCount() == expected


def test_switching_queue_shows_its_items(demo_db, window_for):
    w = window_for(demo_db, "李晓梅")
    wb = w.workbench
    for key, states in (("published", ("published",)), ("returned", ("returned",)), ("all", ())):
        wb.queue_list.setCurrentIndex(wb.queue_model.index(wb.queue_model.row_of(key), 0))
        assert wb.model.rowCount() == demo_db.count_items(ItemFilter(states=states))
        for r in range(wb.model.rowCount()):
            if states:
                assert demo_db.get_item(wb.model.index(r, 0).data(IdRole)).state in states


def test_search_narrows_as_you_type(demo_db, window_for, qtbot):
    w = window_for(demo_db, "李晓梅")
    wb = w.workbench
    wb.select_queue("all")
    everything = wb.model.rowCount()
    wb.search.setText("政务")  # Chinese typed: keyClicks would abort here (see DESIGN.md)
    assert wb.model.rowCount() == everything  # debounced: nothing yet
    qtbot.waitUntil(lambda: wb.model.rowCount() == demo_db.count_items(ItemFilter(search="政务")), timeout=2000)
    assert wb.model.rowCount() < everything
    qtbot.keyClicks(wb.search, "zzzz")
    qtbot.waitUntil(lambda: wb.model.rowCount() == 0, timeout=2000)
    wb.search.clear()
    qtbot.waitUntil(lambda: wb.model.rowCount() == everything, timeout=2000)


def test_filters_by_column_type_date_and_mine(demo_db, window_for):
    from PySide6.QtCore import QDate

    w = window_for(demo_db, "李晓梅")
    wb = w.workbench
    wb.select_queue("all")
    item = demo_db.items(limit=1)[0]
    wb.column_filter.setCurrentIndex(wb.column_filter.findData(item.column_id))
    assert wb.model.rowCount() == demo_db.count_items(ItemFilter(column_id=item.column_id))
    wb.column_filter.setCurrentIndex(0)
    wb.type_filter.setCurrentIndex(wb.type_filter.findData("notice"))
    assert wb.model.rowCount() == demo_db.count_items(ItemFilter(content_type="notice"))
    wb.type_filter.setCurrentIndex(0)
    day = item.event_date
    wb.date_from.setDate(QDate(day.year, day.month, day.day))
    wb.date_to.setDate(QDate(day.year, day.month, day.day))
    assert wb.model.rowCount() == demo_db.count_items(ItemFilter(date_from=day, date_to=day)) >= 1
    wb.date_from.setDate(wb.date_from.minimumDate())
    wb.date_to.setDate(wb.date_to.minimumDate())
    wb.mine_only.setChecked(True)
    assert wb.model.rowCount() == demo_db.count_items(ItemFilter(created_by="李晓梅"))


def test_header_click_sorts_in_sql(demo_db, window_for):
    w = window_for(demo_db, "李晓梅")
    wb = w.workbench
    wb.select_queue("all")
    wb.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert wb.model.seqs() == demo_db.item_seqs(ItemFilter(sort="title", descending=False))
    wb.search.setText("政务")
    wb.apply_filter()
    assert wb.model.seqs() == demo_db.item_seqs(ItemFilter(search="政务", sort="title", descending=False))


def test_counts_follow_changes(db, window_for):
    w = window_for(db, "王建国")
    assert w.workbench.queue_model.counts()["to_sign"] == 0
    item = queue_item(db)
    w.session.notify(item.id)
    assert w.workbench.queue_model.counts()["to_sign"] == 1
    assert w.workbench.model.rowCount() == 1


def test_supervisor_opens_queued_item_in_signoff_view(db, window_for):
    from gui.signoff_view import SignOffView

    item = queue_item(db)
    w = window_for(db, "王建国")
    view = w.open_item(item.id)
    assert isinstance(view, SignOffView)
    assert w.tabs.currentWidget() is view
    assert w.open_item(item.id) is view  # no second tab
    assert w.tabs.count() == 2


def test_officer_opens_item_in_editor(db, window_for):
    from gui.editor import ItemEditor
    from tests.conftest import make_item

    item = db.create_item(make_item(), "李晓梅")
    w = window_for(db, "李晓梅")
    ed = w.open_item(item.id)
    assert isinstance(ed, ItemEditor)
    assert w.tabs.tabToolTip(w.tabs.currentIndex()) == item.title
    assert w.action("save").isEnabled()
    assert w.close_tab(w.tabs.currentIndex())
    assert w.tabs.count() == 1


def test_new_item_opens_editor_tab(db, window_for):
    from gui.editor import ItemEditor

    w = window_for(db, "李晓梅")
    w.action("new").trigger()
    assert isinstance(w.tabs.currentWidget(), ItemEditor)


def test_due_banner_lists_overdue_for_officer(db, window_for, qtbot):
    from core import clock
    from tests.conftest import make_item

    db.create_item(make_item(event_date=clock.today() - dt.timedelta(days=6), title="逾期的信息"), "李晓梅")
    w = window_for(db, "李晓梅")
    qtbot.waitUntil(lambda: w.workbench.banner.isVisible())
    text = w.workbench.banner.label.text()
    assert "逾期" in text and "逾期的信息" in text
    summaries = w.due_summaries()
    assert [s["title"] for s in summaries] == ["逾期的信息"]


def test_supervisor_banner_points_at_to_sign(db, window_for, qtbot):
    queue_item(db)
    w = window_for(db, "王建国")
    qtbot.waitUntil(lambda: w.workbench.banner.isVisible())
    assert "1" in w.workbench.banner.label.text()
    w.workbench.select_queue("all")
    w.workbench.banner.button.click()
    assert w.workbench.current_queue().key == "to_sign"


def test_dropped_files_go_to_the_exchange_hook(db, window_for, monkeypatch, tmp_path, messages):
    calls = []
    fake = types.ModuleType("gui.exchange_actions")
    fake.handle_dropped_files = lambda session, paths, parent: calls.append((session, paths, parent)) or True
    monkeypatch.setitem(sys.modules, "gui.exchange_actions", fake)
    w = window_for(db, "李晓梅")
    pkg = tmp_path / "a.infopkg"
    pkg.write_bytes(b"x")
    from PySide6.QtCore import QMimeData, QPoint, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(pkg))])
    ev = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
    w.dropEvent(ev)
    assert calls and calls[0][1] == [str(pkg)] and calls[0][2] is w
    assert not messages


def test_dropped_file_nobody_handles_is_named(db, window_for, monkeypatch, tmp_path, messages):
    fake = types.ModuleType("gui.exchange_actions")
    fake.handle_dropped_files = lambda session, paths, parent: False
    monkeypatch.setitem(sys.modules, "gui.exchange_actions", fake)
    w = window_for(db, "李晓梅")
    w.handle_dropped_files([tmp_path / "photo.bmp"])
    assert messages and "photo.bmp" in messages[0][2]


def test_shortcuts(db, window_for):
    w = window_for(db, "李晓梅")
    assert w.action("new").shortcut().toString() == "Ctrl+N"
    assert w.action("save").shortcut().toString() == "Ctrl+S"
    assert w.action("find").shortcut().toString() == "Ctrl+F"
    assert w.action("export").shortcut().toString() == "Ctrl+E"
    assert w.action("refresh").shortcut().toString() == "F5"
    w.action("find").trigger()
    assert w.workbench.search.hasFocus() or w.focusWidget() is w.workbench.search


def test_status_bar_shows_database_and_user(db, window_for):
    w = window_for(db, "李晓梅")
    assert str(db.path) in w.db_label.text()
    assert "李晓梅" in w.user_button.text()


def test_switch_user(db, window_for, modal):
    w = window_for(db, "李晓梅")

    def pick(dlg):
        dlg.select("王建国")
        dlg.accept()

    modal(pick)
    w.switch_user()
    assert w.session.user.name == "王建国"
    assert w.workbench.queue_model.queue(0).key == "to_sign"
    assert "王建国" in w.user_button.text()


def test_geometry_is_remembered(db, window_for, session_for, qtbot):
    from gui.main_window import MainWindow

    w = window_for(db, "李晓梅")
    w.resize(780, 560)
    w.workbench.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    qtbot.wait(10)
    w.workbench.splitter.setSizes([141, 700])
    qtbot.wait(10)
    split = w.workbench.splitter.sizes()
    size = w.size()
    w.close()
    w2 = MainWindow(session_for(db, "李晓梅"))
    qtbot.addWidget(w2)
    w2.show()
    assert w2.size().height() == size.height() == 560  # (the offscreen screen is 800 px wide)
    assert w2.size().width() >= min(size.width(), 790)
    qtbot.wait(10)
    assert abs(w2.workbench.splitter.sizes()[0] - split[0]) <= 2
    assert w2.workbench.model.item_filter().sort == "title" and not w2.workbench.model.item_filter().descending
    assert w2.workbench.model.seqs() == db.item_seqs(w2.workbench.model.item_filter())


def test_workflow_actions_from_the_list(db, window_for, messages):
    from core import clock
    from storage.services import gate_for

    item = queue_item(db)
    db.apply(item.id, "sign_off", "王建国", password="demo", gate=gate_for("sign_off"))
    w = window_for(db, "李晓梅")
    w.workbench.select_queue("signed_off")
    w.workbench.table.selectRow(0)
    assert w.action("mark_submitted").isEnabled()
    w.action("mark_submitted").trigger()
    assert db.get_item(item.id).state == "submitted"
    assert w.workbench.queue_model.counts()["submitted"] == 1


def test_ctrl_s_saves_the_editor_in_the_current_tab(db, window_for, qtbot):
    from PySide6.QtGui import QAction, QKeySequence

    from tests.conftest import make_item

    item = db.create_item(make_item(), "李晓梅")
    w = window_for(db, "李晓梅")
    ed = w.open_item(item.id)
    qtbot.waitUntil(ed.isVisible)
    ed._sync_save_shortcut()
    ctrl_s = QKeySequence(QKeySequence.StandardKey.Save)
    owners = [a for a in w.findChildren(QAction) if a.isEnabled() and ctrl_s in a.shortcuts()]
    assert owners == [w.action("save")]  # one owner: no ambiguous shortcut
    ed.title_edit.setText("改过的标题")
    w.action("save").trigger()
    assert db.get_item(item.id).title == "改过的标题"
    assert not ed.has_unsaved_changes()


def test_backup_now_and_daily_backup(db, window_for, qtbot, modal):
    from storage import backup

    w = window_for(db, "李晓梅")
    got = []
    modal(lambda box: box.accept())  # "the backup was written to …"
    w.backup_now(on_done=got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10000)
    assert got[0].path.exists() and got[0].path.parent == backup.backup_dir_for(db.path)
    daily = []
    w.auto_backup(on_done=daily.append)
    qtbot.waitUntil(lambda: bool(daily), timeout=10000)
    assert daily[0] is not None and daily[0].exists()
    again = []
    w.auto_backup(on_done=again.append)
    qtbot.waitUntil(lambda: bool(again), timeout=10000)
    assert again == [None]  # today's backup exists: nothing to do


def test_select_queue_runs_the_list_query_once(demo_db, window_for, monkeypatch):
    w = window_for(demo_db, "李晓梅")
    wb = w.workbench
    resets = []
    monkeypatch.setattr(wb.model, "reload", lambda *a, _r=wb.model.reload: (resets.append(1), _r(*a)))
    for key in ("published", "published", "all"):  # a new queue, the same one again, another one
        resets.clear()
        wb.select_queue(key)
        assert len(resets) == 1, key
        assert wb.current_queue().key == key
    assert wb.model.rowCount() == demo_db.count_items()


def test_status_bar_has_a_conflict_badge_that_follows_the_database(demo_db, window_for, monkeypatch):
    from gui import exchange_actions

    w = window_for(demo_db, "李晓梅")
    badge = w.conflict_badge
    assert badge in w.statusBar().findChildren(type(badge))
    assert badge.isHidden()
    monkeypatch.setattr(exchange_actions, "open_conflict_count", lambda session: 2)
    w.session.notify()  # any change: the badge counts again
    assert not badge.isHidden() and badge.text() == "2 个冲突待处理"
