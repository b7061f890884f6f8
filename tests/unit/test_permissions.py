"""Files that hold data or keys are readable by their owner alone (0600 on POSIX; their folders 0700).

One run through everything that writes such files — the database (and its -wal/-shm while
open), attachments, the lock file, backups and the copy a restore keeps, recovery copies,
signing key files, exports in every format, exchange packages and person cards, the report
workbook, SMTP settings — then a walk over every file and folder the run made. The test runs
under a permissive umask (0o022, the usual default) so that only explicit modes pass.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.conftest import make_item

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _private_file(path: Path) -> bool:
    return _mode(path) & 0o077 == 0


def test_database_wal_shm_blobs_and_lock_are_private(db, umask_022):
    from core.model import Attachment
    from storage.lock import InstanceLock

    data = b"\x89PNG\r\n\x1a\n" + bytes(100)
    sha = db.store_blob(data)
    db.create_item(make_item(attachments=(Attachment("a.png", "image/png", len(data), sha),)), "李晓梅")
    path = db.path
    wal, shm = Path(str(path) + "-wal"), Path(str(path) + "-shm")
    assert wal.exists() and shm.exists()
    for f in (path, wal, shm, db.blob_path(sha)):
        assert _private_file(f), f"{f.name}: {oct(_mode(f))}"
    with InstanceLock(path) as lock:
        assert _private_file(lock.path)


def test_database_created_by_sqlite_itself_under_umask(tmp_path, umask_022):
    """A file SQLite creates (here: -wal/-shm of a database made elsewhere with mode 0644) is
    made private when InfoDesk opens it."""
    import sqlite3

    from storage.database import Database

    path = tmp_path / "made-elsewhere.sqlite3"
    Database.open(path).close()
    os.chmod(path, 0o644)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    with Database.open(path) as again:
        again.conn.execute("SELECT 1")
        for f in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm")):
            if f.exists():
                assert _private_file(f), f"{f.name}: {oct(_mode(f))}"


def test_everything_a_working_day_writes_is_private(db, tmp_path, umask_022, monkeypatch):
    from core.model import Attachment
    from exporters.export_service import ExportOptions, export_items
    from storage import backup, recovery
    from storage.lock import InstanceLock

    before = {p for p in tmp_path.rglob("*")}
    pic = _png()
    sha = db.store_blob(pic)
    item = db.create_item(make_item(attachments=(Attachment("现场.png", "image/png", len(pic), sha),)), "李晓梅")
    recovery.write_slot(db, recovery.new_slot_id(), item, base_version=1, user="李晓梅")
    db.apply(item.id, "submit", "李晓梅")
    db.apply(item.id, "sign_off", "王建国", password="demo")
    out = tmp_path / "exports"
    export_items(db, [item.id], ExportOptions(formats=("docx", "form", "eml", "txt"), out_dir=out, actor="李晓梅"))
    backup.auto_backup(db)
    manual = backup.create_backup(db, tmp_path / "manual" / "copy.infodesk-backup")

    # Signing keys fall back to a file when there is no keyring (as in these tests).
    from storage import exchange, keys

    queued = db.create_item(make_item(title="交换包"), "李晓梅")
    db.apply(queued.id, "submit", "李晓梅")
    exchange.export_for_signoff(db, [queued.id], "李晓梅", "demo", tmp_path / "pkg" / "for-signoff.infopkg")
    exchange.export_card(db, "王建国", "demo", tmp_path / "pkg" / "wang.infocard")
    assert keys.key_dir().exists()

    from exporters import smtp

    settings = smtp.SmtpSettings(host="smtp.example.gov.cn", port=465, security="ssl", user="zwxx", sender="zwxx@example.gov.cn")
    smtp.save_settings(settings, tmp_path / "config" / "smtp.toml")

    import main

    assert main.main(["--db", str(db.path), "report", "weekly", "--out", str(tmp_path / "report" / "weekly.xlsx")]) == 0

    data_dirs = [db.blob_dir, *db.blob_dir.iterdir(), backup.backup_dir_for(db.path), recovery.recovery_dir(db),
                 keys.key_dir(), manual.path.parent]
    loose_dirs = sorted(f"{d} {oct(_mode(d))}" for d in data_dirs if d.is_dir() and _mode(d) & 0o077)
    assert not loose_dirs, "data folders open to others:\n" + "\n".join(loose_dirs)

    db.close()
    with InstanceLock(db.path) as lock:  # as the GUI does it: hold the lock, close, restore
        backup.restore(db.path, manual.path, lock=lock)

    made = [p for p in tmp_path.rglob("*") if p not in before]
    xdg = tmp_path / "xdg-data"
    made += [p for p in xdg.rglob("*")] if xdg.exists() else []
    loose_files = sorted(str(p.relative_to(tmp_path)) + " " + oct(_mode(p)) for p in set(made)
                         if p.is_file() and not p.is_symlink() and not _private_file(p))
    assert not loose_files, "files readable by others:\n" + "\n".join(loose_files)

    after_restore = [db.blob_dir, *db.blob_dir.iterdir()]
    assert not [d for d in after_restore if d.is_dir() and _mode(d) & 0o077]


def _png() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 200)).save(buf, "PNG")
    return buf.getvalue()
