"""Settings › 节假日: where each year's working days come from, importing a holiday file (a bad
one changes nothing), editing a year and saving it back — and deadlines computed afterwards
use the new schedule."""
from __future__ import annotations

import datetime as dt

import pytest

from core import clock
from core.schedule import compute_due, read_holiday_file
from core.schedule import workdays as wd

YEAR = 2030  # beyond chinesecalendar (2004–2026): weekends only until a file says otherwise
EVENT = dt.date(2030, 9, 30)  # a Monday

GOOD = f"""year = {YEAR}
source = "测试用节假日安排（不是真实通知）"
holidays = ["{YEAR}-10-01..{YEAR}-10-07"]
workdays = ["{YEAR}-10-12"]

[names]
"{YEAR}-10-01" = "国庆节"
"{YEAR}-10-12" = "国庆节调休"
"""


@pytest.fixture(autouse=True)
def fresh_calendar():
    """The cached default calendar knows another test's folders: forget it before and after."""
    wd.reset_default_calendar()
    yield
    wd.reset_default_calendar()


@pytest.fixture
def page(db, qtbot, session_for):
    from gui.settings_dialog import SettingsDialog

    dlg = SettingsDialog(session_for(db, "王建国"))
    qtbot.addWidget(dlg)
    dlg.show_page(dlg.holidays_page)
    return dlg.holidays_page


def seven_working_days() -> dt.datetime:
    return compute_due("7个工作日内", EVENT).due


def test_tab_is_there_in_chinese_and_shows_the_sources(db, qtbot, session_for):
    from gui.settings_dialog import SettingsDialog

    dlg = SettingsDialog(session_for(db, "王建国"))
    qtbot.addWidget(dlg)
    labels = [dlg.tabs.tabText(i) for i in range(dlg.tabs.count())]
    assert "节假日" in labels and "邮件发送" in labels
    page = dlg.holidays_page
    this = clock.today().year
    rows = {page.years_tree.topLevelItem(i).text(0): page.years_tree.topLevelItem(i)
            for i in range(page.years_tree.topLevelItemCount())}
    assert str(this) in rows and str(this + 1) in rows
    for year in (this, this + 1):
        kind = wd.WorkCalendar.default().source(year).kind
        row = rows[str(year)]
        if kind == "chinesecalendar":
            assert row.text(1) == "chinesecalendar 软件包"
        elif kind == "weekends":
            assert row.text(1) == "仅周末"
            assert "不计入" in row.text(2)  # says holidays are not counted
            assert row.foreground(1).color().name() == "#e65100"  # the warning colour
            assert f"{year} 年：" in page.warning.text() and "不计入" in page.warning.text()
    assert page.import_button.text() == "导入节假日文件…"


def test_import_a_good_file_is_used_for_deadlines(page, tmp_path, db):
    before = seven_working_days()
    assert before == dt.datetime(2030, 10, 9, 23, 59, 59, tzinfo=clock.TZ)  # weekends only
    assert compute_due("7个工作日内", EVENT).warnings  # … with a warning
    src = tmp_path / "国庆安排.toml"
    src.write_text(GOOD, encoding="utf-8")
    with_signal = []
    page.changed.connect(lambda: with_signal.append(True))
    assert page.import_file(str(src))
    from gui.holidays_page import holidays_folder

    target = holidays_folder() / f"{YEAR}.toml"
    assert target.is_file()
    row = page.year_row(YEAR)
    assert row is not None and row.text(1) == "节假日文件" and row.text(2) == str(target)
    assert "已导入" in page.status.text()
    assert f"{YEAR} 年" not in page.warning.text()
    assert with_signal == [True]
    # a due time computed now counts the holiday week and the make-up Saturday
    after = compute_due("7个工作日内", EVENT)
    assert after.due == dt.datetime(2030, 10, 15, 23, 59, 59, tzinfo=clock.TZ)
    assert after.warnings == []
    # and so does an item saved now (the database computes its due time with the default calendar)
    from core.model import Column
    from tests.conftest import make_item

    db.replace_columns([*db.columns(), Column("hd", "互动交流", kind="interactive", update_rule="7个工作日内")])
    item = db.create_item(make_item(column_id="hd", event_date=EVENT), "李晓梅")
    assert item.due_at == after.due
    # the editor shows the imported days
    assert page.year_spin.value() == YEAR
    dates = {page.days_table.item(r, 0).text() for r in range(page.days_table.rowCount())}
    assert f"{YEAR}-10-01" in dates and f"{YEAR}-10-12" in dates and len(dates) == 8


@pytest.mark.parametrize("text, words", [
    ("year = 2030\nholidays = [\"2030-13-01\"]\n", "不是日期"),
    ("year = 2030\nholidays = [\"2031-01-01\"]\n", "不在"),
    ("year = 2030\nholidays = [\"2030-10-01\"]\nworkdays = [\"2030-10-01\"]\n", "同时"),
    ("this is not toml = = \n", "TOML"),
    ("holidays = []\n", "year"),
])
def test_a_bad_file_is_refused_with_a_message_and_installs_nothing(page, tmp_path, messages, text, words):
    before = seven_working_days()
    src = tmp_path / "坏文件.toml"
    src.write_text(text, encoding="utf-8")
    assert not page.import_file(str(src))
    from gui.holidays_page import holidays_folder

    assert not (holidays_folder() / f"{YEAR}.toml").exists()
    assert not holidays_folder().exists() or list(holidays_folder().iterdir()) == []
    assert messages and messages[-1][0] == "warning" and messages[-1][1] == "节假日"
    assert "未导入" in messages[-1][2] and words in messages[-1][2]
    assert "未导入" in page.status.text()
    assert seven_working_days() == before
    row = page.year_row(YEAR)
    assert row is None or row.text(1) == "仅周末"


def test_a_missing_file_is_a_clear_message(page, tmp_path, messages):
    assert not page.import_file(str(tmp_path / "没有这个文件.toml"))
    assert messages and "无法读取" in messages[-1][2]


def test_edit_a_year_and_save_it_back(page, messages):
    from gui.holidays_page import KIND_HOLIDAY, KIND_WORKDAY, holidays_folder

    before = seven_working_days()
    page.year_spin.setValue(YEAR)
    assert page.days_table.rowCount() == 0
    assert "还没有" in page.edit_note.text()
    page.source_edit.setText("国办发明电〔2029〕7号")
    for n, (day, kind, name) in enumerate([
            (f"{YEAR}-10-01", KIND_HOLIDAY, "国庆节"), (f"{YEAR}-10-02", KIND_HOLIDAY, ""),
            (f"{YEAR}-10-03", KIND_HOLIDAY, ""), (f"{YEAR}-10-04", KIND_HOLIDAY, ""),
            (f"{YEAR}-10-07", KIND_HOLIDAY, "国庆节"), (f"{YEAR}-10-12", KIND_WORKDAY, "调休上班")]):
        row = page.add_day()
        assert row == n
        page.set_row(row, day, kind, name)
    assert page.save_year()
    assert messages == []
    target = holidays_folder() / f"{YEAR}.toml"
    parsed = read_holiday_file(target, YEAR)  # the saved file is a valid holiday file
    assert parsed.holidays == {dt.date(YEAR, 10, d) for d in (1, 2, 3, 4, 7)}
    assert parsed.workdays == {dt.date(YEAR, 10, 12)}
    assert parsed.names[dt.date(YEAR, 10, 1)] == "国庆节" and parsed.names[dt.date(YEAR, 10, 12)] == "调休上班"
    assert parsed.source == "国办发明电〔2029〕7号"
    assert [p.name for p in holidays_folder().iterdir()] == [f"{YEAR}.toml"]  # no temporary file left
    assert page.year_row(YEAR).text(1) == "节假日文件"
    assert "已保存" in page.status.text()
    assert seven_working_days() == dt.datetime(2030, 10, 15, 23, 59, 59, tzinfo=clock.TZ) != before

    # reload: the table shows what was saved; remove a day and save again
    page.load_year(YEAR)
    assert page.days_table.rowCount() == 6
    assert page.source_edit.text() == "国办发明电〔2029〕7号"
    last = page.days_table.rowCount() - 1
    assert page.days_table.item(last, 0).text() == f"{YEAR}-10-12"
    page.days_table.selectRow(last)
    page.remove_day()
    assert page.save_year()
    assert read_holiday_file(target, YEAR).workdays == frozenset()
    assert seven_working_days() == dt.datetime(2030, 10, 16, 23, 59, 59, tzinfo=clock.TZ)


@pytest.mark.parametrize("day, kind, words", [
    ("2030-02-30", "holiday", "不是日期"),
    ("10月1日", "holiday", "不是日期"),
    ("2031-01-01", "holiday", "不在"),
])
def test_bad_rows_are_refused_and_the_saved_file_is_kept(page, messages, day, kind, words):
    from gui.holidays_page import holidays_folder

    page.year_spin.setValue(YEAR)
    page.set_row(page.add_day(), f"{YEAR}-10-01", "holiday", "国庆节")
    assert page.save_year()
    target = holidays_folder() / f"{YEAR}.toml"
    saved = target.read_bytes()
    page.set_row(page.add_day(), day, kind)
    assert not page.save_year()
    assert messages and "第 2 行" in messages[-1][2] and words in messages[-1][2] and "未保存" in messages[-1][2]
    assert target.read_bytes() == saved
    assert [p.name for p in holidays_folder().iterdir()] == [f"{YEAR}.toml"]


def test_the_same_day_as_holiday_and_workday_is_refused(page, messages):
    page.year_spin.setValue(YEAR)
    page.set_row(page.add_day(), f"{YEAR}-10-01", "holiday")
    page.set_row(page.add_day(), f"{YEAR}-10-01", "workday")
    assert not page.save_year()
    assert "既" in messages[-1][2]


def test_an_empty_year_is_not_saved(page, messages):
    page.year_spin.setValue(YEAR)
    assert not page.save_year()
    assert messages and "至少" in messages[-1][2]


def test_a_package_year_starts_from_the_package_dates(page):
    page.year_spin.setValue(2026)
    assert page.days_table.rowCount() > 20
    names = {page.days_table.item(r, 2).text() for r in range(page.days_table.rowCount())}
    assert "春节" in names and "国庆节" in names
    assert "软件包" in page.edit_note.text()


def test_switching_years_does_not_drop_unsaved_edits(page, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked = []

    def question(parent, title, text, *a, **k):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    page.year_spin.setValue(YEAR)
    assert not page.has_unsaved_changes()
    page.set_row(page.add_day(), f"{YEAR}-10-01", "holiday", "国庆节")
    assert page.has_unsaved_changes()
    page.year_spin.setValue(YEAR + 1)  # answered No: the edits stay
    assert asked and "未保存" in asked[0] and str(YEAR) in asked[0]
    assert page.year_spin.value() == YEAR and page.days_table.rowCount() == 1
    page.year_spin.setValue(YEAR + 1)  # answered Yes: the other year is shown
    assert page.year_spin.value() == YEAR + 1 and page.days_table.rowCount() == 0
    assert len(asked) == 2


def test_items_not_yet_out_get_their_due_times_again_after_an_import(db, qtbot, session_for, tmp_path):
    """An item saved before the holiday file came keeps a stale due time unless it is worked out again."""
    from core.model import Column
    from gui.settings_dialog import SettingsDialog
    from tests.conftest import make_item

    db.replace_columns([*db.columns(), Column("hd", "互动交流", kind="interactive", update_rule="7个工作日内")])
    item = db.create_item(make_item(column_id="hd", event_date=EVENT), "李晓梅")
    assert item.due_at == dt.datetime(2030, 10, 9, 23, 59, 59, tzinfo=clock.TZ)  # weekends only
    session = session_for(db, "王建国")
    dlg = SettingsDialog(session)
    qtbot.addWidget(dlg)
    src = tmp_path / "国庆安排.toml"
    src.write_text(GOOD, encoding="utf-8")
    with qtbot.waitSignal(session.items_changed, timeout=2000):
        assert dlg.holidays_page.import_file(str(src))
    assert db.get_item(item.id).due_at == dt.datetime(2030, 10, 15, 23, 59, 59, tzinfo=clock.TZ)
    assert any(e.action == "refresh_due" and e.actor == "王建国" for e in db.audit_entries())


@pytest.mark.parametrize("answer, closed, saved", [("Cancel", False, False), ("Discard", True, False), ("Save", True, True)])
def test_closing_settings_over_unsaved_holiday_edits_asks(db, qtbot, session_for, monkeypatch, answer, closed, saved):
    from PySide6.QtWidgets import QMessageBox

    from gui import settings_dialog
    from gui.holidays_page import holidays_folder
    from gui.settings_dialog import SettingsDialog

    dlg = SettingsDialog(session_for(db, "王建国"))
    qtbot.addWidget(dlg)
    dlg.show()
    page = dlg.holidays_page
    page.year_spin.setValue(YEAR)
    page.add_day(f"{YEAR}-10-01", name="国庆节")
    assert page.has_unsaved_changes()
    asked = []
    monkeypatch.setattr(settings_dialog.QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or getattr(QMessageBox.StandardButton, answer))
    dlg.reject()
    assert asked and str(YEAR) in asked[0]
    assert dlg.isVisible() is not closed
    assert (holidays_folder() / f"{YEAR}.toml").exists() is saved


def test_closing_settings_without_edits_does_not_ask(db, qtbot, session_for, monkeypatch):
    from gui import settings_dialog
    from gui.settings_dialog import SettingsDialog

    dlg = SettingsDialog(session_for(db, "王建国"))
    qtbot.addWidget(dlg)
    dlg.show()
    monkeypatch.setattr(settings_dialog.QMessageBox, "question", lambda *a, **k: pytest.fail("asked"))
    dlg.reject()
    assert not dlg.isVisible()
