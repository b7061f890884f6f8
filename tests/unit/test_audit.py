"""The audit chain catches an edited, deleted or inserted row."""
from __future__ import annotations

import sqlite3

from tests.conftest import make_item


def filled(db):
    for i in range(3):
        item = db.create_item(make_item(title=f"信息{i}"), "李晓梅")
        db.apply(item.id, "submit", "李晓梅")
    assert db.verify().ok
    return db


def raw(db):
    return sqlite3.connect(db.path)


def test_sound_chain(db):
    result = filled(db).verify()
    assert result.ok and result.entries >= 9 and result.integrity == "ok"


def test_edited_row_is_caught(db):
    filled(db)
    with raw(db) as conn:
        conn.execute("UPDATE audit SET actor = '王建国' WHERE seq = 5")
    result = db.verify()
    assert not result.ok and result.broken_seq == 5


def test_deleted_row_is_caught(db):
    filled(db)
    with raw(db) as conn:
        conn.execute("DELETE FROM audit WHERE seq = 4")
    result = db.verify()
    assert not result.ok and result.broken_seq == 5


def test_deleted_tail_is_caught(db):
    filled(db)
    last = db.audit_entries()[-1].seq
    with raw(db) as conn:
        conn.execute("DELETE FROM audit WHERE seq = ?", (last,))
    assert not db.verify().ok


def test_inserted_row_is_caught(db):
    filled(db)
    entries = db.audit_entries()
    with raw(db) as conn:
        conn.execute("UPDATE audit SET seq = seq + 100 WHERE seq > 3")
        conn.execute("INSERT INTO audit (seq, at, actor, action, item_id, details, prev_hash, hash) VALUES (4, ?, '王建国', 'sign_off', '', '{}', ?, ?)",
                     (entries[3].at, entries[2].hash, "f" * 64))
    result = db.verify()
    assert not result.ok and result.broken_seq == 4
