"""History, columns and settings views; login and first run."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.conftest import make_item
from tests.gui.conftest import queue_item


# ------------------------------------------------------------------ history
def test_history_lists_audit_entries_and_diffs_versions(db, qtbot, session_for):
    from gui.history_view import HistoryView

    item = db.create_item(make_item(), "李晓梅")
    db.update_item(item.replace(body=(item.body[0], "会议要求各单位抓好落实。")), "李晓梅")
    view = HistoryView(session_for(db, "李晓梅"), item.id)
    qtbot.addWidget(view)
    entries = db.audit_entries(item.id)
    assert view.audit_model.rowCount() == len(entries) == 2
    assert view.audit_model.index(0, 2).data() == "起草"
    assert view.audit_model.index(1, 2).data() == "修改"
    assert view.audit_model.index(0, 1).data() == "李晓梅"
    html = view.compare(1, 2)
    text = view.diff_view.toPlainText()
    assert "会议要求各单位抓好落实。" in text and "line-through" in html
    view.compare(2, 2)
    assert "两个版本内容相同" in view.diff_view.toPlainText()


def test_history_shows_reasons(db, qtbot, session_for):
    from gui.history_view import HistoryView

    item = queue_item(db)
    db.apply(item.id, "return", "王建国", password="demo", reason="请补充来源")
    view = HistoryView(session_for(db, "王建国"), item.id)
    qtbot.addWidget(view)
    details = [view.audit_model.index(r, 3).data() for r in range(view.audit_model.rowCount())]
    assert any("请补充来源" in d and "待签发 → 被退回" in d for d in details)


def test_history_from_the_main_window(db, window_for):
    item = db.create_item(make_item(), "李晓梅")
    w = window_for(db, "李晓梅")
    w.workbench.table.selectRow(0)
    view = w.open_history()
    assert view is not None and view.item_id() == item.id
    assert w.tabs.tabToolTip(w.tabs.currentIndex()).startswith("历史")


# ------------------------------------------------------------------ columns
def test_columns_view_shows_freshness_and_health(demo_db, qtbot, session_for):
    from core import clock
    from core.schedule import freshness_all, health_summary
    from gui.columns_view import ColumnsView

    view = ColumnsView(session_for(demo_db, "李晓梅"))
    qtbot.addWidget(view)
    cols = demo_db.columns()
    assert view.model.rowCount() == len(cols)
    fresh = freshness_all(cols, demo_db.column_last_updates(), clock.now())
    statuses = sorted(view.model.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(view.model.rowCount()))
    assert statuses == sorted(f.status for f in fresh)
    health = health_summary(fresh, cols)
    text = view.health_label.text()
    for line in health:
        assert line.message.split("：")[0][:8] in text
    failing = [h for h in health if not h.passed]
    if failing:
        name = demo_db.column(failing[0].column_ids[0]).name
        assert name in text
    view.status_filter.setCurrentIndex(view.status_filter.findData("empty"))
    assert view.model.rowCount() == sum(1 for f in fresh if f.status == "empty")
    row = view.model.index(0, 6)
    assert row.data() == "空白"
    assert row.data(Qt.ItemDataRole.DecorationRole) is not None


def test_columns_view_from_the_main_window(db, window_for):
    from gui.columns_view import ColumnsView

    w = window_for(db, "李晓梅")
    w.action("columns").trigger()
    assert isinstance(w.tabs.currentWidget(), ColumnsView)
    w.action("columns").trigger()
    assert w.tabs.count() == 2


# ----------------------------------------------------------------- settings
@pytest.fixture
def settings_for(qtbot, session_for):
    from gui.settings_dialog import SettingsDialog

    def make(db, name):
        dlg = SettingsDialog(session_for(db, name))
        qtbot.addWidget(dlg)
        return dlg
    return make


def test_settings_unit_profile(db, settings_for, qtbot):
    dlg = settings_for(db, "王建国")
    assert dlg.unit_name.text() == "测试局"
    dlg.unit_name.setText("深圳市测试局")
    dlg.unit_mailbox.setText("new@example.gov.cn")
    with qtbot.waitSignal(dlg.session.settings_changed):
        assert dlg.save_unit()
    assert db.unit().name == "深圳市测试局" and db.unit().mailbox == "new@example.gov.cn"


def test_settings_people_add_edit_deactivate(db, settings_for):
    from gui.settings_dialog import PersonDialog

    dlg = settings_for(db, "王建国")
    assert dlg.people_tree.topLevelItemCount() == 3
    pd = PersonDialog(None, dlg)
    pd.name.setText("赵敏")
    pd.role.setCurrentIndex(pd.role.findData("officer"))
    pd.phone.setText("0755-1234567")
    pd.password.setText("abcd1234")
    assert dlg.edit_person(new=True, dialog=pd)
    assert db.person("赵敏").phone == "0755-1234567" and db.check_password("赵敏", "abcd1234")
    dlg.select_person("赵敏")
    pd2 = PersonDialog(db.person("赵敏"), dlg)
    pd2.role.setCurrentIndex(pd2.role.findData("supervisor"))
    assert dlg.edit_person(dialog=pd2)
    assert db.person("赵敏").role == "supervisor"
    dlg.select_person("赵敏")
    assert dlg.toggle_person_button.text() == "停用"
    assert dlg.toggle_person()
    assert not db.person("赵敏").active
    assert "赵敏" not in [p.name for p in db.people()]


def test_officer_cannot_manage_people_or_columns(db, settings_for):
    dlg = settings_for(db, "李晓梅")
    assert not dlg.add_person_button.isEnabled()
    assert not dlg.load_builtin_button.isEnabled()
    assert "分管领导" in dlg.people_hint.text()


def test_settings_load_builtin_column_table(db, settings_for):
    from core.schedule import list_builtin_tables, load_column_table

    dlg = settings_for(db, "王建国")
    name = list_builtin_tables()[0]
    dlg.builtin_combo.setCurrentIndex(dlg.builtin_combo.findData(name))
    assert dlg.load_builtin(confirm=False)
    assert [c.id for c in db.columns()] == [c.id for c in load_column_table(name)]
    assert dlg.columns_tree.topLevelItemCount() == len(db.columns())


def test_settings_import_xlsx_columns(db, settings_for, tmp_path):
    from core.schedule import load_column_table
    from exporters import columns_xlsx

    export = getattr(columns_xlsx, "export_columns_xlsx", None)
    if export is None:
        pytest.skip("no .xlsx writer to make a table with")
    path = tmp_path / "table.xlsx"
    export(load_column_table("zhuhai_2007"), path)
    dlg = settings_for(db, "王建国")
    assert dlg.import_xlsx(str(path), confirm=False)
    assert len(db.columns()) == len(load_column_table("zhuhai_2007"))


def test_settings_word_lists(db, settings_for, tmp_path):
    dlg = settings_for(db, "王建国")
    n = dlg.wordlists.count()
    assert n >= 1 and "内置" in dlg.wordlists.item(0).text()
    own = tmp_path / "我们的词表.txt"
    own.write_text("# severity: warn\n内部讨论\n", encoding="utf-8")
    assert dlg.add_wordlist(str(own))
    assert dlg.wordlists.count() == n + 1
    assert "自有" in dlg.wordlists.item(n).text()


def test_settings_language_is_saved_and_applied(db, settings_for):
    from gui.i18n import resolve_language

    dlg = settings_for(db, "王建国")
    assert dlg.language_combo.currentData() == "zh_CN"
    dlg.language_combo.setCurrentIndex(dlg.language_combo.findData("en"))
    assert dlg.apply_language() == "en"
    assert resolve_language(None) == "en"
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("MainWindow", "Workbench") == "Workbench"


def test_change_password(db, modal):
    from gui.password_dialog import change_password

    boxes: list[str] = []

    def fill(dlg):
        assert dlg.mode == "change"
        dlg.fill("newpass", old="demo")
        dlg.accept()
        modal(lambda box: (boxes.append(box.text()), box.accept()))  # "the password was changed"

    modal(fill)
    assert change_password(None, db, "李晓梅")
    assert db.check_password("李晓梅", "newpass")
    assert boxes == ["口令已修改。"]


# -------------------------------------------------------------- login, first run
def test_login_lists_people_and_remembers(db, qtbot):
    from gui.login_dialog import LoginDialog, remembered_user

    dlg = LoginDialog(db)
    qtbot.addWidget(dlg)
    assert dlg.people_list.count() == 3
    dlg.select("陈志强")
    dlg.accept()
    assert dlg.person().name == "陈志强"
    assert remembered_user() == "陈志强"
    again = LoginDialog(db)
    qtbot.addWidget(again)
    assert again.chosen_name() == "陈志强"


def test_first_run_creates_unit_and_person(tmp_path, qtbot):
    from gui.login_dialog import FirstRunDialog
    from storage.database import Database

    db = Database.open(tmp_path / "empty.sqlite3")
    try:
        dlg = FirstRunDialog(db)
        qtbot.addWidget(dlg)
        dlg.accept()
        assert dlg.error_label.text() == "请输入单位名称。"
        dlg.unit_name.setText("某某区政务服务数据管理局")
        dlg.mailbox.setText("zwxx@example.gov.cn")
        dlg.person_name.setText("刘洋")
        dlg.role.setCurrentIndex(dlg.role.findData("officer"))
        dlg.password.setText("abcd")
        dlg.repeat.setText("abce")
        dlg.accept()
        assert dlg.error_label.text() == "两次输入的口令不一致。"
        dlg.repeat.setText("abcd")
        dlg.accept()
        assert dlg.result() == dlg.DialogCode.Accepted
        assert db.unit().name == "某某区政务服务数据管理局"
        assert db.person("刘洋").role == "officer" and db.check_password("刘洋", "abcd")
    finally:
        db.close()


def test_exchange_folder_setting_starts_the_watcher(db, settings_for, window_for, tmp_path):
    w = window_for(db, "李晓梅")
    assert w.watcher is None
    dlg = settings_for(db, "李晓梅")
    dlg.session = w.session
    folder = tmp_path / "交换"
    dlg.save_watch_folder(str(folder))
    assert w.watcher is not None and w.watcher.active and str(w.watcher.folder) == str(folder)
    dlg.save_watch_folder("")
    assert w.watcher is None


def test_export_action_opens_the_export_dialog(db, window_for, modal):
    from gui.export_dialog import ExportDialog

    db.create_item(make_item(), "李晓梅")
    w = window_for(db, "李晓梅")
    w.workbench.table.selectRow(0)
    seen = []
    modal(lambda dlg: (seen.append(dlg), dlg.reject()))
    w.action("export").trigger()
    assert seen and isinstance(seen[0], ExportDialog)


def test_reports_tab(db, window_for):
    from gui.reports_view import ReportsView

    w = window_for(db, "王建国")
    w.action("reports").trigger()
    assert isinstance(w.tabs.currentWidget(), ReportsView)


def test_adoption_action_records_for_the_selected_item(db, window_for):
    from tests.conftest import make_item

    item = db.create_item(make_item(), "李晓梅")
    w = window_for(db, "李晓梅")
    w.refresh()
    w.workbench.table.selectRow(0)
    assert w.selected_ids() == [item.id]
    assert w.action("adoption").isEnabled()
    dialog = w.record_adoption()
    assert dialog is not None and dialog.isVisible()
    assert dialog.item.id == item.id
    dialog.close()
