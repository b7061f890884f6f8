"""Recovery slots: atomic 0600 JSON beside the database, listed after a crash, removed on save."""
from __future__ import annotations

import datetime as dt
import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from core.errors import UserError
from core.model import Attachment, Item
from storage import recovery

ROOT = Path(__file__).resolve().parents[2]


def _item(**kw) -> Item:
    base = dict(id="", title="标题", content_type="work_news", column_id="dt", elements={"author": "李晓梅"},
                body=("第一段", "第二段"), event_date=dt.date(2026, 11, 20),
                attachments=(Attachment("a.jpg", "image/jpeg", 3, "0" * 64, "说明"),))
    base.update(kw)
    return Item(**base)


def test_slot_round_trip_beside_the_database(db):
    path = recovery.write_slot(db, "slot1", _item(), base_version=0, user="李晓梅")
    assert path.parent == db.path.parent / "recovery"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".part")]
    recovery.release_slot("slot1")  # as if the process had died
    (slot,) = recovery.pending_recoveries(db)
    assert slot.slot_id == "slot1" and slot.user == "李晓梅" and slot.item_id == ""
    assert slot.item.body == ("第一段", "第二段")
    assert slot.item.event_date == dt.date(2026, 11, 20)
    assert slot.item.attachments[0].caption == "说明"
    assert slot.item.elements["author"] == "李晓梅"
    recovery.discard_recovery(db, slot)
    assert recovery.pending_recoveries(db) == []


def test_live_slots_of_this_process_are_not_pending(db):
    recovery.write_slot(db, "live", _item())
    assert recovery.pending_recoveries(db) == []
    assert len(recovery.pending_recoveries(db, include_live=True)) == 1
    recovery.remove_slot(db, "live")
    recovery.remove_slot(db, "live")  # twice is fine


def test_other_databases_and_damaged_files_are_skipped(db, tmp_path):
    folder = recovery.recovery_dir(db)
    recovery.write_slot(tmp_path / "other.sqlite3", "other", _item())
    recovery.release_slot("other")
    (folder / "junk.json").write_text("{not json", encoding="utf-8")
    assert recovery.pending_recoveries(db) == []
    with pytest.raises(UserError, match="已损坏"):
        recovery.read_slot(folder / "junk.json")


def test_slot_names_are_checked(db):
    with pytest.raises(UserError):
        recovery.write_slot(db, "../escape", _item())


def test_memory_database_uses_the_user_data_folder(tmp_path):
    from storage.database import Database

    mem = Database.open(":memory:")
    try:
        folder = recovery.recovery_dir(mem)
        assert str(folder).startswith(str(tmp_path))  # XDG_DATA_HOME of the test
        recovery.write_slot(mem, "m1", _item())
        assert recovery.pending_recoveries(mem, include_live=True)[0].slot_id == "m1"
    finally:
        recovery.remove_slot(mem, "m1")
        mem.close()


def test_kill_during_editing_leaves_a_slot_that_restores(db, qtbot):
    """Type in an editor in another process, let it autosave, SIGKILL it: the text survives."""
    from tests.recovery_worker import BODY, TITLE

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "recovery_worker.py"), str(db.path), "李晓梅"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("READY"), (line, proc.stderr.read() if proc.poll() is not None else "")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL

    (slot,) = recovery.pending_recoveries(db)
    assert slot.item.title == TITLE
    assert slot.item.body == BODY
    assert slot.user == "李晓梅"
    data = json.loads(slot.path.read_text(encoding="utf-8"))
    assert data["pid"] == proc.pid

    from gui.editor import ItemEditor
    from gui.session import Session

    session = Session(db, db.person("李晓梅"))
    editor = ItemEditor.from_recovery(session, slot)
    qtbot.addWidget(editor)
    assert editor.title_edit.text() == TITLE
    assert editor.body.toPlainText() == "\n".join(BODY)
    assert editor.has_unsaved_changes()
    assert editor.save()
    assert db.get_item(editor.item_id).body == BODY
    assert recovery.pending_recoveries(db) == []
    assert not slot.path.exists()
