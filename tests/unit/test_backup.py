"""Backups and restore: storage.backup and the backup / restore / verify commands."""
from __future__ import annotations

import json
import os
import sqlite3
import zipfile
from pathlib import Path

import pytest

import main
from core.errors import UserError
from storage import backup
from storage.database import Database
from storage.lock import DatabaseInUse, InstanceLock
from storage.migrations import LATEST
from tests.bad_inputs.make import db_digest, file_listing, lying_zip, png_bytes, zip_bomb, zip_slip
from tests.conftest import make_item

POSIX = os.name == "posix"


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def _leftovers(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.name.endswith(".part") or p.name.startswith(".~"))


def _add_picture_item(db, title="带图片的信息", color=(10, 20, 30)):
    from core.model import Attachment

    data = png_bytes(3, 3, color)
    sha = db.store_blob(data)
    return db.create_item(make_item(title=title, attachments=(Attachment("图1.png", "image/png", len(data), sha),)), "李晓梅")


# ------------------------------------------------------------------ auto backup
def test_auto_backup_once_a_day_and_keeps_the_last_n(db, monkeypatch):
    folder = backup.backup_dir_for(db.path)
    made = []
    for day in range(1, 21):
        monkeypatch.setenv("INFODESK_NOW", f"2026-03-{day:02d}T09:00:00+08:00")
        made.append(backup.auto_backup(db, keep=5))
        assert backup.auto_backup(db, keep=5) is None  # today's exists: nothing to do
    assert all(p is not None for p in made)
    assert made[0].name == "test-2026-03-01.infodesk-backup"
    kept = backup.daily_backups(db.path)
    assert [p.name for p in kept] == [f"test-2026-03-{d:02d}.infodesk-backup" for d in range(16, 21)]
    assert sorted(p.name for p in folder.iterdir()) == [p.name for p in kept]  # no temp files
    if POSIX:
        assert _mode(folder) == 0o700
        assert all(_mode(p) == 0o600 for p in kept)


def test_auto_backup_by_path_from_a_worker_thread(db):
    """The GUI runs it in the background: by path, through its own connection."""
    import threading

    db.create_item(make_item(title="后台备份"), "李晓梅")
    result = {}
    worker = threading.Thread(target=lambda: result.setdefault("path", backup.auto_backup(str(db.path))))
    worker.start()
    db.create_item(make_item(title="同时保存"), "李晓梅")  # the window goes on writing meanwhile
    worker.join(30)
    made = result["path"]
    assert made is not None and made.exists() and backup.inspect(made).items >= 1
    assert backup.auto_backup(db.path) is None and backup.auto_backup(db) is None
    assert backup.auto_backup(db.path.parent / "missing.sqlite3") is None


def test_auto_backup_of_memory_database_does_nothing():
    mem = Database.open(None)
    assert backup.auto_backup(mem) is None
    with pytest.raises(UserError):
        backup.create_backup(mem, "x.infodesk-backup")
    mem.close()


def test_prune_leaves_other_files_alone(db, monkeypatch):
    folder = backup.backup_dir_for(db.path)
    folder.mkdir()
    (folder / "other-2026-01-01.infodesk-backup").write_bytes(b"x")
    (folder / "test-2026-01-01-120000.infodesk-backup").write_bytes(b"x")  # on request: kept
    (folder / "notes.txt").write_text("mine")
    for day in range(1, 4):
        monkeypatch.setenv("INFODESK_NOW", f"2026-03-{day:02d}T09:00:00+08:00")
        backup.auto_backup(db, keep=1)
    assert sorted(p.name for p in folder.iterdir()) == [
        "notes.txt", "other-2026-01-01.infodesk-backup", "test-2026-01-01-120000.infodesk-backup",
        "test-2026-03-03.infodesk-backup"]


# ------------------------------------------------------------------ the format
def test_backup_holds_database_blobs_and_manifest(db, tmp_path):
    item = _add_picture_item(db)
    out = tmp_path / "out" / "b.infodesk-backup"
    info = backup.create_backup(db, out)
    assert info.items == 1 and info.blobs == 1 and info.schema_version == LATEST
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read("manifest.json"))
        sha = item.attachments[0].sha256
        assert sorted(names) == sorted(["manifest.json", "database.sqlite3", f"blobs/{sha[:2]}/{sha}"])
        assert manifest["format"] == "infodesk-backup" and manifest["schema_version"] == LATEST
        assert manifest["blobs"] == {sha: item.attachments[0].size}
        (tmp_path / "x.sqlite3").write_bytes(zf.read("database.sqlite3"))
    snap = sqlite3.connect(tmp_path / "x.sqlite3")
    assert snap.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    assert snap.execute("SELECT title FROM items").fetchone()[0] == "带图片的信息"
    assert snap.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    snap.close()
    assert backup.inspect(out).items == 1
    if POSIX:
        assert _mode(out) == 0o600
    assert _leftovers(tmp_path / "out") == []


def test_backup_refuses_to_overwrite_the_database(db):
    with pytest.raises(UserError):
        backup.create_backup(db, db.path)
    with pytest.raises(UserError):
        backup.create_backup(db, db.path.parent)


# ------------------------------------------------------------------ restore
def test_restore_round_trip_keeps_the_replaced_database(db, tmp_path):
    first = _add_picture_item(db, "第一条", (1, 2, 3))
    saved = tmp_path / "saved.infodesk-backup"
    backup.create_backup(db, saved)
    second = _add_picture_item(db, "第二条", (4, 5, 6))
    path = db.path
    db.close()

    result = backup.restore(path, saved)
    assert result.items == 1 and result.kind == "backup" and result.safety_backup is not None
    restored = Database.open(path, create=False)
    try:
        assert [i.title for i in restored.items()] == ["第一条"]
        assert restored.read_blob(first.attachments[0].sha256)
        assert restored.verify().ok
        with pytest.raises(UserError):
            restored.read_blob(second.attachments[0].sha256)  # the store is the backup's
    finally:
        restored.close()
    # The database as it was is in the safety backup: restoring it brings the second item back.
    backup.restore(path, result.safety_backup)
    again = Database.open(path, create=False)
    try:
        assert sorted(i.title for i in again.items()) == ["第一条", "第二条"]
        assert again.read_blob(second.attachments[0].sha256)
    finally:
        again.close()
    assert _leftovers(tmp_path) == []
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~restore")]


def test_restore_a_bare_database_file_and_into_a_new_place(db, tmp_path):
    db.create_item(make_item(title="独立文件"), "李晓梅")
    copy = tmp_path / "copy.sqlite3"
    backup.snapshot(db.conn, copy)
    target = tmp_path / "new" / "fresh.sqlite3"
    result = backup.restore(target, copy)
    assert result.kind == "database" and result.safety_backup is None
    with Database.open(target, create=False) as fresh:
        assert [i.title for i in fresh.items()] == ["独立文件"]
    if POSIX:
        assert _mode(target) == 0o600


def test_restore_of_an_older_schema_upgrades_it(tmp_path):
    from storage.migrations import MIGRATIONS

    old = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(old, isolation_level=None)
    conn.execute("CREATE TABLE _migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    number, name, fn = MIGRATIONS[0]
    fn(conn)
    conn.execute("INSERT INTO _migrations VALUES (?, ?, '2024-01-01T00:00:00+08:00')", (number, name))
    conn.execute(f"PRAGMA user_version = {number}")
    conn.close()
    target = tmp_path / "t.sqlite3"
    result = backup.restore(target, old)
    assert result.schema_before == 1 and result.schema_after == LATEST
    with Database.open(target, create=False) as restored:
        assert restored.schema_version == LATEST


def test_restore_is_refused_while_another_window_has_the_database(db, tmp_path):
    saved = tmp_path / "saved.infodesk-backup"
    backup.create_backup(db, saved)
    db.create_item(make_item(title="之后"), "李晓梅")
    before = db_digest(db.path)
    with InstanceLock(db.path):
        with pytest.raises(DatabaseInUse, match="已由另一个政务信息报送助手窗口打开"):
            backup.restore(db.path, saved)
        code, err = _cli(["--db", str(db.path), "restore", str(saved)])
        assert code == 2 and "已由另一个政务信息报送助手窗口打开" in err
    assert db_digest(db.path) == before


def test_restore_is_refused_while_another_program_has_the_database_open(db, tmp_path):
    """No InfoDesk lock, but an open connection (a command line run, a viewer)."""
    saved = tmp_path / "saved.infodesk-backup"
    backup.create_backup(db, saved)
    db.create_item(make_item(title="之后"), "李晓梅")
    before = db_digest(db.path)
    with pytest.raises(UserError, match="正被其他程序使用"):
        backup.restore(db.path, saved)
    assert db_digest(db.path) == before
    assert [i.title for i in db.items()] == ["之后"]


def test_restore_with_the_lock_the_caller_holds(db, tmp_path):
    """How the GUI restores: it holds the lock, closes its database, passes the lock."""
    saved = tmp_path / "saved.infodesk-backup"
    backup.create_backup(db, saved)
    db.create_item(make_item(title="之后"), "李晓梅")
    path = db.path
    with InstanceLock(path) as lock:
        db.close()
        result = backup.restore(path, saved, lock=lock)
        assert lock.held
    assert result.items == 0


def test_restore_over_a_damaged_database_keeps_its_raw_files(db, tmp_path):
    saved = tmp_path / "saved.infodesk-backup"
    db.create_item(make_item(title="好的"), "李晓梅")
    backup.create_backup(db, saved)
    path = db.path
    db.close()
    path.write_bytes(b"garbage" * 1000)
    result = backup.restore(path, saved)
    assert result.safety_backup.is_dir()
    assert (result.safety_backup / path.name).read_bytes() == b"garbage" * 1000
    with Database.open(path, create=False) as restored:
        assert [i.title for i in restored.items()] == ["好的"]


# ------------------------------------------------------------------ refusals
def _sqlite_file(path: Path, setup) -> Path:
    conn = sqlite3.connect(path, isolation_level=None)
    setup(conn)
    conn.close()
    return path


def _backup_zip(path: Path, manifest: dict | bytes | None, db_bytes: bytes | None, extra: dict | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        if manifest is not None:
            zf.writestr("manifest.json", manifest if isinstance(manifest, bytes) else json.dumps(manifest))
        if db_bytes is not None:
            zf.writestr("database.sqlite3", db_bytes)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path


def _good_manifest(db_bytes: bytes, **changes) -> dict:
    import hashlib

    m = {"format": "infodesk-backup", "format_version": 1, "schema_version": LATEST,
         "database": {"sha256": hashlib.sha256(db_bytes).hexdigest(), "size": len(db_bytes)}, "blobs": {}}
    m.update(changes)
    return m


def _refusals(tmp_path: Path, good_db: Path) -> dict[str, tuple[Path, str]]:
    """Bad restore sources → a fragment of the expected message."""
    good = good_db.read_bytes()
    d = tmp_path / "bad"
    d.mkdir()

    def damaged():
        data = bytearray(good)
        for off in range(4096 * 2, min(len(data), 4096 * 6)):
            data[off] = 0xAB
        (d / "damaged.sqlite3").write_bytes(bytes(data))
        return d / "damaged.sqlite3"

    def broken_audit():
        p = d / "broken-audit.sqlite3"
        p.write_bytes(good)
        conn = sqlite3.connect(p)
        conn.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 2")
        conn.commit()
        conn.close()
        return p

    def newer():
        p = d / "newer.sqlite3"
        p.write_bytes(good)
        conn = sqlite3.connect(p)
        conn.execute(f"PRAGMA user_version = {LATEST + 1}")
        conn.commit()
        conn.close()
        return p

    (d / "text.txt").write_text("hello", encoding="utf-8")
    (d / "empty.infodesk-backup").write_bytes(b"")
    (d / "ole.infodesk-backup").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000))
    cases = {
        "text file": (d / "text.txt", "既不是政务信息报送助手备份"),
        "empty file": (d / "empty.infodesk-backup", "既不是政务信息报送助手备份"),
        "encrypted (OLE) file": (d / "ole.infodesk-backup", "既不是政务信息报送助手备份"),
        "foreign SQLite": (_sqlite_file(d / "foreign.sqlite3", lambda c: c.execute("CREATE TABLE t (x)")), "不是政务信息报送助手的数据库"),
        "damaged database": (damaged(), "损坏"),
        "broken audit chain": (broken_audit(), "审计日志已被破坏"),
        "newer database": (newer(), "更新版本"),
        "zip without manifest": (_backup_zip(d / "nomanifest.infodesk-backup", None, good), "缺少清单文件"),
        "zip without database": (_backup_zip(d / "nodb.infodesk-backup", _good_manifest(good), None), "缺少数据库文件"),
        "wrong manifest format": (_backup_zip(d / "wrongfmt.infodesk-backup", _good_manifest(good, format="infopkg"), good), "不是本程序的备份清单"),
        "manifest not JSON": (_backup_zip(d / "notjson.infodesk-backup", b"\xff{not json", good), "清单文件无法读取"),
        "manifest a list": (_backup_zip(d / "list.infodesk-backup", b"[1, 2]", good), "不是本程序的备份清单"),
        "newer backup format": (_backup_zip(d / "newfmt.infodesk-backup", _good_manifest(good, format_version=99), good), "备份格式 99"),
        "newer schema in manifest": (_backup_zip(d / "newschema.infodesk-backup", _good_manifest(good, schema_version=LATEST + 1), good), "更新版本"),
        "checksum mismatch": (_backup_zip(d / "sum.infodesk-backup", _good_manifest(good[:-1] + b"x"), good), "校验值不符"),
        "zip slip ../": (_backup_zip(d / "slip.infodesk-backup", _good_manifest(good), good, {"../../evil.txt": b"x"}), "不应出现的条目"),
        "zip slip absolute": (d / "abs.infodesk-backup", "不应出现的条目"),
        "unlisted blob missing": (_backup_zip(d / "missingblob.infodesk-backup", _good_manifest(good, blobs={"a" * 64: 3}), good), "附件缺失"),
        "blob with wrong content": (_backup_zip(d / "badblob.infodesk-backup", _good_manifest(good, blobs={"a" * 64: 3}), good,
                                                {f"blobs/aa/{'a' * 64}": b"abc"}), "校验值不符"),
        "truncated zip": (d / "truncated.infodesk-backup", "不是可用的"),
        "member larger than it claims": (d / "lying.infodesk-backup", "不是可用的"),
        "zip bomb": (d / "bomb.infodesk-backup", "压缩炸弹"),
    }
    (d / "abs.infodesk-backup").write_bytes(zip_slip(("/tmp/infodesk-evil.txt",), manifest=json.dumps(_good_manifest(good)).encode()))
    whole = (d / "slip.infodesk-backup").read_bytes()
    (d / "truncated.infodesk-backup").write_bytes(whole[: len(whole) // 2])
    (d / "lying.infodesk-backup").write_bytes(lying_zip("database.sqlite3", 100, good,
                                                        {"manifest.json": json.dumps(_good_manifest(good)).encode()}))
    zip_bomb(d / "bomb.infodesk-backup", "database.sqlite3", size=backup.BOMB_MIN_SIZE + 2**20,
             extra={"manifest.json": json.dumps(_good_manifest(good)).encode()})
    return cases


def test_restore_refuses_bad_sources_and_changes_nothing(db, tmp_path):
    _add_picture_item(db)
    good = tmp_path / "good.sqlite3"
    backup.snapshot(db.conn, good)
    cases = _refusals(tmp_path, good)
    path = db.path
    db.close()
    before_db = db_digest(path)
    before_files = file_listing(path.parent)
    problems = []
    for label, (source, expected) in cases.items():
        try:
            backup.restore(path, source)
        except UserError as err:
            if expected not in str(err):
                problems.append(f"{label}: {err}")
        else:
            problems.append(f"{label}: accepted")
        if db_digest(path) != before_db or file_listing(path.parent) != before_files:
            problems.append(f"{label}: something changed")
    assert not problems, "\n".join(problems)
    assert not Path("/tmp/infodesk-evil.txt").exists()
    assert not (tmp_path.parent / "evil.txt").exists()


def test_restore_refusal_on_the_command_line_is_one_line(db, tmp_path):
    path = db.path
    db.close()
    before = db_digest(path)
    bomb = zip_bomb(tmp_path / "bomb.infodesk-backup", "database.sqlite3", size=backup.BOMB_MIN_SIZE + 2**20,
                    extra={"manifest.json": b"{}"})
    for source in (bomb, tmp_path / "missing.infodesk-backup", tmp_path):
        code, err = _cli(["--db", str(path), "restore", str(source)])
        assert code == 2
        assert err.count("\n") == 1 and "Traceback" not in err, err
    assert db_digest(path) == before


def test_not_enough_disk_space(db, tmp_path, monkeypatch):
    saved = tmp_path / "saved.infodesk-backup"
    backup.create_backup(db, saved)
    path = db.path
    db.close()
    before = db_digest(path)

    class Usage:
        free = 1024

    monkeypatch.setattr(backup.shutil, "disk_usage", lambda p: Usage())
    with pytest.raises(UserError, match="磁盘空间不足"):
        backup.restore(path, saved)
    assert db_digest(path) == before


# ------------------------------------------------------------------ the CLI on the demo database
def _cli(argv: list[str]) -> tuple[int, str]:
    import contextlib
    import io

    err = io.StringIO()
    out = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = main.main(argv)
    return code, err.getvalue()


def test_verify_backup_restore_on_the_demo_database(demo_db, tmp_path, capsys):
    path = demo_db.path
    demo_db.close()
    dbarg = ["--db", str(path)]
    assert main.main([*dbarg, "verify"]) == 0
    assert "完好" in capsys.readouterr().out
    out_file = tmp_path / "demo.infodesk-backup"
    assert main.main([*dbarg, "backup", "--out", str(out_file)]) == 0
    assert "48" in capsys.readouterr().out
    assert main.main([*dbarg, "backup"]) == 0
    capsys.readouterr()
    assert main.main([*dbarg, "backup", "--list"]) == 0
    assert "demo-" in capsys.readouterr().out
    before = db_digest(path)
    with Database.open(path) as d:
        d.create_item(make_item(title="备份之后新建"), "李晓梅")
    assert main.main([*dbarg, "restore", str(out_file)]) == 0
    printed = capsys.readouterr().out
    assert "已恢复" in printed and "before-restore" in printed
    assert db_digest(path) == before
    assert main.main([*dbarg, "verify"]) == 0
    with Database.open(path) as d:
        assert d.count_items() == 48
        for item in d.items():
            for a in item.attachments:
                assert d.read_blob(a.sha256)
