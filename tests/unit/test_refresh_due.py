"""Database.refresh_due_times: the items not yet out get their due times again when the working-day
calendar or a column's rule changes; items that went out keep theirs."""
from __future__ import annotations

import dataclasses
import datetime as dt

from core import clock
from core.model import Column
from core.schedule import workdays as wd
from tests.conftest import make_item

EVENT = dt.date(2030, 9, 30)


def test_refresh_follows_a_new_holiday_file_and_leaves_items_that_went_out(db, tmp_path, monkeypatch):
    db.replace_columns([*db.columns(), Column("hd", "互动交流", kind="interactive", update_rule="7个工作日内")])
    draft = db.create_item(make_item(column_id="hd", event_date=EVENT), "李晓梅")
    gone = db.create_item(make_item(column_id="hd", event_date=EVENT, title="已发布的信息"), "李晓梅")
    db.conn.execute("UPDATE items SET state = 'published' WHERE id = ?", (gone.id,))
    weekends_only = dt.datetime(2030, 10, 9, 23, 59, 59, tzinfo=clock.TZ)
    assert db.get_item(draft.id).due_at == weekends_only
    assert db.refresh_due_times("李晓梅") == 0  # nothing changed yet

    folder = tmp_path / "holidays"
    folder.mkdir()
    (folder / "2030.toml").write_text('year = 2030\nholidays = ["2030-10-01..2030-10-07"]\n', encoding="utf-8")
    monkeypatch.setenv("INFODESK_HOLIDAYS", str(folder))
    wd.reset_default_calendar()
    try:
        assert db.refresh_due_times("李晓梅") == 1
        # Oct 1–7 off (no make-up day): 8, 9, 10, 11, 14, 15, 16
        assert db.get_item(draft.id).due_at == dt.datetime(2030, 10, 16, 23, 59, 59, tzinfo=clock.TZ)
        assert db.get_item(gone.id).due_at == weekends_only  # it went out: its deadline is history
        assert db.audit_entries()[-1].action == "refresh_due"
        assert db.refresh_due_times("李晓梅") == 0
    finally:
        wd.reset_default_calendar()


def test_a_changed_column_rule_moves_the_due_times_of_its_open_items(db):
    db.replace_columns([*db.columns(), Column("hd", "互动交流", kind="interactive", update_rule="信息发生后2日内")])
    item = db.create_item(make_item(column_id="hd", event_date=dt.date(2026, 11, 2)), "李晓梅")
    assert db.get_item(item.id).due_at == dt.datetime(2026, 11, 4, 11, 0, tzinfo=clock.TZ)
    cols = [dataclasses.replace(c, update_rule="信息发生后5日内") if c.id == "hd" else c for c in db.columns()]
    db.replace_columns(cols, "王建国")
    assert db.get_item(item.id).due_at == dt.datetime(2026, 11, 7, 11, 0, tzinfo=clock.TZ)
