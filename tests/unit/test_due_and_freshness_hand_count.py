"""Issue 4's acceptance: due/overdue items and stale columns of a database match a hand count.

Time is fixed (INFODESK_NOW = Friday 2026-11-20 09:00 Shanghai). Hand-worked:
- 工作动态 (dynamic, 信息发生后2日内): an event on 11-16 was due 11-18 11:00 → overdue;
  an event on 11-19 is due 11-21 11:00 → due within 24 h? no (26 h) → ok; 11-18 → due 11-20 11:00 → due soon.
- 通知公告 (notice, 3个工作日内): event on Thu 2026-10-08 (after National Day) → 3 working days
  counted from the day after: Fri 10-09, Sat 10-10 (make-up working day), Mon 10-12 → due 10-12 end of day.
- Columns: dt last published 3 days ago → fresh; old 20 days ago (dynamic, 14) → stale;
  gg (notice, 183) 100 days ago → fresh; empty never → empty.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest

from core import clock
from core.model import Column
from main import main
from tests.conftest import make_item

NOW = "2026-11-20T09:00:00+08:00"


@pytest.fixture
def unit(db, monkeypatch):
    monkeypatch.setenv("INFODESK_NOW", NOW)
    db.replace_columns([
        Column("dt", "工作动态", kind="dynamic", update_rule="信息发生后2日内"),
        Column("old", "部门动态", kind="dynamic", update_rule="信息发生后2日内"),
        Column("gg", "通知公告", kind="notice", update_rule="3个工作日内"),
        Column("empty", "专题专栏", kind="dynamic", update_rule="信息发生后5日内"),
    ])
    return db


def publish(db, column, days_ago, title):
    item = db.create_item(make_item(column_id=column, title=title), "李晓梅")
    when = clock.now() - dt.timedelta(days=days_ago)
    db.conn.execute("UPDATE items SET state='published', submitted_at=?, published_at=? WHERE id=?",
                    (when.isoformat(), when.isoformat(), item.id))


def test_columns_match_a_hand_count(unit, capsys):
    publish(unit, "dt", 3, "三天前")
    publish(unit, "old", 20, "二十天前")
    publish(unit, "gg", 100, "一百天前")
    assert main(["--db", str(unit.path), "columns", "--json"]) in (0, 1)
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)["columns"]}
    assert {k: r["status"] for k, r in rows.items()} == {"dt": "fresh", "old": "stale", "gg": "fresh", "empty": "empty"}
    assert rows["old"]["days_since"] == 20 and rows["dt"]["days_since"] == 3
    assert main(["--db", str(unit.path), "columns", "--stale", "--json"]) in (0, 1)
    assert {r["id"] for r in json.loads(capsys.readouterr().out)["columns"]} == {"old", "empty"}


def test_due_and_overdue_items_match_a_hand_count(unit):
    from core.schedule import due_status

    cases = {
        "overdue": ("dt", dt.date(2026, 11, 16), "2026-11-18T11:00:00+08:00", "overdue"),
        "soon": ("dt", dt.date(2026, 11, 18), "2026-11-20T11:00:00+08:00", "due_soon"),
        "later": ("dt", dt.date(2026, 11, 19), "2026-11-21T11:00:00+08:00", "ok"),
        "workdays": ("gg", dt.date(2026, 10, 8), "2026-10-12T23:59:59+08:00", "overdue"),
    }
    for title, (col, event, due, status) in cases.items():
        item = unit.create_item(make_item(title=title, column_id=col, event_date=event), "李晓梅")
        assert item.due_at == clock.parse_datetime(due), title
        assert due_status(item.due_at, clock.now()) == status, title
