"""Opening a database that must first be moved on (a migration, new search tokens) says so in a
small window while it works, and only then; the window goes once the database is open."""
from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QApplication

from storage.database import Database
from storage.search import PREVIOUS_TOKENS_VERSION


def _older(path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'search_tokens'", (PREVIOUS_TOKENS_VERSION,))


def test_which_databases_need_an_upgrade(db, tmp_path):
    path = db.path
    assert not Database.needs_upgrade(path)
    assert not Database.needs_upgrade(None) and not Database.needs_upgrade(tmp_path / "missing.sqlite3")
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    assert not Database.needs_upgrade(other)  # not InfoDesk's: opening it says so
    (tmp_path / "text.sqlite3").write_text("not a database", encoding="utf-8")
    assert not Database.needs_upgrade(tmp_path / "text.sqlite3")
    db.close()
    _older(path)
    assert Database.needs_upgrade(path)
    Database.open(path).close()
    assert not Database.needs_upgrade(path)
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM _migrations WHERE id = (SELECT max(id) FROM _migrations)")
    assert Database.needs_upgrade(path)


def test_an_older_database_opens_behind_a_notice(db, monkeypatch):
    from gui import app as app_module

    path = db.path
    db.close()
    _older(path)
    shown: list[str] = []
    real_open = Database.open.__func__

    def watching_open(cls, p, create=True):
        shown.extend(w.labelText() for w in QApplication.topLevelWidgets()
                     if w.objectName() == "upgradeNotice" and w.isVisible())
        return real_open(cls, p, create=create)

    monkeypatch.setattr(Database, "open", classmethod(watching_open))
    opened = app_module.open_with_notice(path)
    opened.close()
    assert len(shown) == 1 and "数据库" in shown[0]  # in the interface's language
    assert not [w for w in QApplication.topLevelWidgets() if w.objectName() == "upgradeNotice" and w.isVisible()]
    shown.clear()
    app_module.open_with_notice(path).close()  # moved on: no notice the next time
    assert shown == []
