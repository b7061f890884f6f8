"""Storage: migrations, refusal of newer databases, items, sign-off records, blobs."""
from __future__ import annotations

import sqlite3

import pytest

from core.errors import AuthError, UserError, WorkflowError
from core.hashing import content_hash
from core.model import Attachment
from storage.database import Database, ItemFilter
from storage.migrations import LATEST
from tests.conftest import make_item


def test_migrations_from_empty_build_the_schema(tmp_path):
    db = Database.open(tmp_path / "a.sqlite3")
    assert db.schema_version == LATEST
    tables = set(db.db.table_names())
    assert {"items", "people", "columns", "audit", "signoffs", "reviews", "item_versions", "attachments",
            "transitions", "exports", "_migrations", "items_fts"} <= tables
    cols = db.db["items"].columns_dict
    assert cols["id"] is str and cols["version"] is int and "due_at" in cols
    assert [r["id"] for r in db.db["_migrations"].rows] == list(range(1, LATEST + 1))
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    db.close()
    again = Database.open(tmp_path / "a.sqlite3")  # re-opening applies nothing new
    assert again.migrate() == []
    again.close()


def test_newer_database_is_refused(tmp_path):
    path = tmp_path / "new.sqlite3"
    Database.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(UserError, match="更新版本"):
        Database.open(path)


def test_foreign_files_are_refused(tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(UserError, match="不是政务信息报送助手的数据库"):
        Database.open(junk)
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(UserError, match="SQLite"):
        Database.open(other)
    with pytest.raises(UserError):
        Database.open(tmp_path / "missing.sqlite3", create=False)


def test_database_file_is_private(tmp_path):
    path = tmp_path / "p.sqlite3"
    Database.open(path).close()
    assert (path.stat().st_mode & 0o777) == 0o600


def test_create_edit_and_id_prefix(db):
    item = db.create_item(make_item(), "李晓梅")
    assert item.state == "draft" and item.version == 1 and item.contributors == ("李晓梅",)
    assert db.get_item(item.id[:6]).title == item.title
    with pytest.raises(UserError):
        db.get_item("zzzzzz")
    with pytest.raises(UserError):
        db.get_item("ab")
    edited = db.update_item(item.replace(title="新标题"), "陈志强")
    assert edited.version == 2 and edited.contributors == ("李晓梅", "陈志强")
    assert [v["version"] for v in db.versions(item.id)] == [1, 2]
    assert db.update_item(edited, "陈志强").version == 2  # no change, no new version


def test_signoff_with_password_and_four_eyes(db):
    item = db.create_item(make_item(), "李晓梅")
    db.apply(item.id, "submit", "李晓梅")
    with pytest.raises(AuthError):
        db.apply(item.id, "sign_off", "王建国", password="wrong")
    signed = db.apply(item.id, "sign_off", "王建国", password="demo", comment="同意")
    assert signed.state == "signed_off" and signed.signed_hash == content_hash(signed)
    so = db.current_signoff(item.id)
    assert so.signer == "王建国" and so.content_hash == signed.signed_hash and so.comment == "同意"


def test_supervisor_who_edited_cannot_sign(db):
    item = db.create_item(make_item(), "李晓梅")
    db.update_item(item.replace(title="领导改过的标题"), "王建国")
    db.apply(item.id, "submit", "李晓梅")
    with pytest.raises(WorkflowError, match="王建国"):
        db.apply(item.id, "sign_off", "王建国", password="demo")


def test_edit_after_signoff_voids_it(db):
    item = db.create_item(make_item(), "李晓梅")
    db.apply(item.id, "submit", "李晓梅")
    signed = db.apply(item.id, "sign_off", "王建国", password="demo")
    edited = db.update_item(signed.replace(body=signed.body + ("补充一段。",)), "李晓梅")
    assert edited.state == "draft" and edited.signed_hash == ""
    assert db.current_signoff(item.id) is None
    assert db.signoffs(item.id)[0].void_reason == "edited"
    with pytest.raises(WorkflowError):
        db.apply(item.id, "mark_submitted", "李晓梅")


def test_return_needs_reason_and_is_recorded(db):
    item = db.create_item(make_item(), "李晓梅")
    db.apply(item.id, "submit", "李晓梅")
    with pytest.raises(WorkflowError):
        db.apply(item.id, "return", "王建国", password="demo", reason="")
    back = db.apply(item.id, "return", "王建国", password="demo", reason="数据需核实")
    assert back.state == "returned"
    assert db.last_return(item.id)["reason"] == "数据需核实"
    assert db.audit_entries(item.id)[-1].details["reason"] == "数据需核实"


def test_refused_gate_changes_nothing(db):
    from storage.services import gate_for

    item = db.create_item(make_item(elements={"author": "李晓梅"}), "李晓梅")
    before = len(db.audit_entries())
    with pytest.raises(WorkflowError, match="自查"):
        db.apply(item.id, "submit", "李晓梅", gate=gate_for("submit"))
    assert db.get_item(item.id).state == "draft" and len(db.audit_entries()) == before


def test_failed_action_changes_nothing(db):
    item = db.create_item(make_item(), "李晓梅")
    before = len(db.audit_entries())
    with pytest.raises(RuntimeError):
        with db.transaction() as conn:
            conn.execute("UPDATE items SET title = 'x' WHERE id = ?", (item.id,))
            db.audit("李晓梅", "edit", item.id)
            raise RuntimeError("boom")
    assert db.get_item(item.id).title == item.title
    assert len(db.audit_entries()) == before


def test_blobs_are_shared_and_kept_while_used(db):
    data = b"\xff\xd8\xff" + b"x" * 100
    sha = db.store_blob(data)
    assert db.store_blob(data) == sha
    att = Attachment("图.jpg", "image/jpeg", len(data), sha)
    a = db.create_item(make_item(attachments=(att,)), "李晓梅")
    b = db.create_item(make_item(title="另一条", attachments=(att,)), "李晓梅")
    db.update_item(a.replace(attachments=()), "李晓梅")
    assert db.read_blob(sha) == data  # still used by b
    db.update_item(b.replace(attachments=()), "李晓梅")
    assert not db.blob_path(sha).exists()
    assert (db.blob_dir / sha[:2]).is_dir()


def test_filters_and_exclude_contributor(db):
    a = db.create_item(make_item(), "李晓梅")
    b = db.create_item(make_item(title="领导自己写的"), "王建国")
    for it in (a,):
        db.apply(it.id, "submit", "李晓梅")
    mine = db.items(ItemFilter(states=("queued",), exclude_contributor="王建国"))
    assert [i.id for i in mine] == [a.id]
    assert db.count_items(ItemFilter(created_by="王建国")) == 1
    assert db.state_counts() == {"queued": 1, "draft": 1}


def test_stale_blob_temp_files_are_swept(db):
    import os
    import time

    sha = db.store_blob(b"first")
    folder = db.blob_path(sha).parent
    stale = folder / ".tmp-killed"
    stale.write_bytes(b"half")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    fresh = folder / ".tmp-live"
    fresh.write_bytes(b"writing")
    db.store_blob(bytes([sha.encode()[0]]) + b"irst-other")  # any write into the store sweeps its folder
    db.store_blob(b"x" * 10)
    from storage.blobs import sweep_stale_temp

    sweep_stale_temp(folder)
    assert not stale.exists() and fresh.exists()


def test_last_return_names_the_returned_version_even_within_one_second(db, monkeypatch):
    monkeypatch.setenv("INFODESK_NOW", "2026-11-20T10:00:00+08:00")
    item = db.create_item(make_item(), "李晓梅")
    db.apply(item.id, "submit", "李晓梅")
    db.apply(item.id, "return", "王建国", password="demo", reason="请补充")
    db.update_item(db.get_item(item.id).replace(title="补充后的标题"), "李晓梅")  # same second
    assert db.last_return(item.id)["version"] == 1
