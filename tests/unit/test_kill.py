"""Crash safety: a worker doing real work on a real database file is killed (SIGKILL on POSIX,
TerminateProcess on Windows) at random points and restarted, again and again. Afterwards the
database is sound, the audit chain holds, every operation the worker had seen committed is
there, and no export file is half-written.

The kill points come from a random seed printed on failure; set INFODESK_KILL_SEED to replay.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKER = ROOT / "tests" / "kill_worker.py"
OPS = 200
KILLS = 8

sys.path.insert(0, str(ROOT / "tests"))
from kill_worker import read_journal  # noqa: E402


def _start(db: Path, journal: Path, exports: Path, seed: int, run: int) -> subprocess.Popen:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.Popen([sys.executable, str(WORKER), str(db), str(journal), str(exports), "--ops", str(OPS),
                             "--seed", str(seed), "--run", str(run)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=str(ROOT))


def _parse_export(path: Path) -> None:
    """Raise when an exported file is not complete and readable."""
    if path.suffix == ".docx":
        import docx

        docx.Document(str(path))
    elif path.suffix == ".txt":
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), path
        data.decode("utf-8")
    elif path.suffix == ".eml":
        import email
        from email import policy

        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        assert msg["Subject"] and msg.is_multipart() and not msg.defects, path
        for part in msg.walk():
            part.get_content() if not part.is_multipart() else None
    elif path.suffix == ".xlsx":
        from openpyxl import load_workbook

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            load_workbook(path, read_only=True).close()
    else:
        raise AssertionError(f"unexpected file in the export folder: {path.name}")


def _check(db_path: Path, journal_path: Path, exports: Path, seed: int) -> None:
    from storage.database import Database

    where = f" (seed {seed})"
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity_check" + where
    finally:
        conn.close()
    db = Database.open(db_path, create=False)
    try:
        result = db.verify()
        assert result.ok, f"audit chain: {result.problem}{where}"
        entries = read_journal(journal_path)
        assert len(entries) == OPS, where
        missing = []
        for e in entries:
            marker = e["marker"]
            kind = e["kind"]
            if kind == "create":
                row = db.conn.execute("SELECT title FROM items WHERE id = ?", (e["item"],)).fetchone()
                ok = row is not None and row[0] == e["title"] and marker in row[0]
                for sha in e["blobs"]:
                    ok = ok and hashlib.sha256(db.read_blob(sha)).hexdigest() == sha
            elif kind == "edit":
                row = db.conn.execute("SELECT content FROM item_versions WHERE item_id = ? AND version = ?",
                                      (e["item"], e["version"])).fetchone()
                ok = row is not None and marker in row[0]
            elif kind == "transition":
                row = db.conn.execute("SELECT to_state FROM transitions WHERE item_id = ? AND action = ? AND instr(reason, ?) > 0",
                                      (e["item"], e["action"], marker)).fetchone()
                ok = row is not None and row[0] == e["to"]
                if e["action"] == "sign_off":
                    ok = ok and db.conn.execute("SELECT 1 FROM signoffs WHERE item_id = ? AND comment = ?",
                                                (e["item"], marker)).fetchone() is not None
            elif kind == "export":
                row = db.conn.execute("SELECT sha256 FROM exports WHERE item_id = ? AND path = ?", (e["item"], e["path"])).fetchone()
                path = Path(e["path"])
                ok = (row is not None and row[0] == e["sha256"] and path.exists()
                      and hashlib.sha256(path.read_bytes()).hexdigest() == e["sha256"])
            elif kind == "service_export":
                ok = bool(e["files"])
                for fmt, name, sha in e["files"]:
                    path = Path(name)
                    ok = ok and db.conn.execute("SELECT 1 FROM exports WHERE item_id = ? AND path = ? AND sha256 = ? AND format = ?",
                                                (e["item"], name, sha, fmt)).fetchone() is not None
                    ok = ok and path.exists() and hashlib.sha256(path.read_bytes()).hexdigest() == sha
            elif kind == "file":
                path = Path(e["path"])
                ok = path.exists() and hashlib.sha256(path.read_bytes()).hexdigest() == e["sha256"]
            else:
                raise AssertionError(f"unknown journal entry {e}")
            if not ok:
                missing.append(e)
        assert not missing, f"committed operations lost{where}: {missing[:5]}"

        # Four eyes held under fire: every signed item's sign-off is by someone who did not write it.
        for item in db.items():
            if item.state in ("signed_off", "submitted", "published"):
                so = db.current_signoff(item.id)
                assert so is not None and so.signer not in item.contributors and so.signer != item.created_by, item.id

        # Attachments: a blob file is either complete (its name is its content's hash) or absent.
        blob_dir = db.blob_dir
        if blob_dir is not None and blob_dir.exists():
            for f in blob_dir.rglob("*"):
                if f.is_file() and len(f.name) == 64:
                    assert hashlib.sha256(f.read_bytes()).hexdigest() == f.name, f
    finally:
        db.close()

    # Exports: no temporary files or folders, and every file complete.
    leftovers = [str(p.relative_to(exports)) for p in exports.rglob("*") if p.name.endswith(".part") or p.name.startswith(".")]
    assert not leftovers, f"temporary files left in the export folder{where}: {leftovers}"
    for path in exports.iterdir():
        try:
            _parse_export(path)
        except Exception as err:  # noqa: BLE001
            raise AssertionError(f"half-written export {path.name}: {err!r}{where}") from None


def test_kill_at_random_points_loses_nothing_committed(tmp_path):
    seed = int(os.environ.get("INFODESK_KILL_SEED") or random.SystemRandom().randrange(10**6))
    rng = random.Random(seed)
    db_path = tmp_path / "kill.sqlite3"
    journal = tmp_path / "journal.jsonl"
    exports = tmp_path / "exports"
    exports.mkdir()
    subprocess.run([sys.executable, str(WORKER), str(db_path), str(journal), str(exports), "--setup"], check=True,
                   cwd=str(ROOT), timeout=60)
    started = time.monotonic()
    kills = 0
    run = 0
    progress = []
    while kills < KILLS:
        proc = _start(db_path, journal, exports, seed, run)
        run += 1
        line = proc.stdout.readline().decode()
        if line.strip() != "ready":
            proc.kill()
            _out, err = proc.communicate(timeout=30)
            pytest.fail(f"worker did not start (seed {seed}): {line!r} {err.decode()[-3000:]}")
        time.sleep(rng.uniform(0.01, 0.45))
        if proc.poll() is None:
            proc.kill()
            kills += 1
        _out, err = proc.communicate(timeout=60)
        progress.append(len(read_journal(journal)))
        if proc.returncode not in (0, -9, 1) or (proc.returncode == 1 and os.name == "posix"):
            pytest.fail(f"worker failed (seed {seed}, rc {proc.returncode}): {err.decode()[-3000:]}")
        if proc.returncode == 0:  # it finished before we could kill it again
            break
    # The last run carries on to the end without interruption.
    proc = _start(db_path, journal, exports, seed, run)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, f"final worker run failed (seed {seed}): {err.decode()[-3000:]}"
    assert kills >= 3, f"only {kills} kills landed (seed {seed}, journal lengths {progress})"
    _check(db_path, journal, exports, seed)
    assert time.monotonic() - started < 90, "the kill test is getting slow"


def test_sweep_removes_parts_of_dead_writers_only(tmp_path):
    """A .part file left by a killed writer goes at the next write into the folder; one a live
    writer holds stays (core.atomic)."""
    from core.atomic import atomic_write, sweep_stale_parts, write_bytes

    dead = tmp_path / ".~report.docx.abc123.part"
    dead.write_bytes(b"half a document")
    with atomic_write(tmp_path / "live.docx") as fh:
        fh.write(b"in progress")
        live = [p for p in tmp_path.iterdir() if p.name.startswith(".~live.docx")]
        assert len(live) == 1 and not dead.exists()
        assert sweep_stale_parts(tmp_path) == []  # the live writer's file is locked
        assert live[0].exists()
    assert (tmp_path / "live.docx").read_bytes() == b"in progress"
    write_bytes(tmp_path / "b.txt", b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.txt", "live.docx"]


def test_sweep_leaves_a_part_held_by_another_process(tmp_path):
    if os.name != "posix":
        pytest.skip("flock")
    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
            "from core.atomic import atomic_write\n"
            f"with atomic_write({str(tmp_path / 'x.docx')!r}) as fh:\n"
            "    fh.write(b'abc'); print('writing', flush=True); sys.stdin.readline()\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert proc.stdout.readline().strip() == b"writing"
        from core.atomic import sweep_stale_parts

        assert sweep_stale_parts(tmp_path) == []
        proc.kill()
        proc.wait(10)
        assert len(sweep_stale_parts(tmp_path)) == 1
        assert list(tmp_path.iterdir()) == []
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        proc.stdin.close()
        proc.stdout.close()


def test_staging_folders_of_killed_exports_are_swept(tmp_path):
    """exporters.export_service stages a whole export in a hidden folder; one left by a killed
    export goes at the next export into that folder, a live one stays."""
    import shutil

    from core.atomic import make_staging_dir, sweep_stale_dirs

    prefix = ".infodesk-export-"
    dead = tmp_path / (prefix + "dead")
    dead.mkdir()
    (dead / ".lock").write_bytes(b"")
    (dead / "报送稿.docx").write_bytes(b"finished but never moved")
    live, fd = make_staging_dir(tmp_path, prefix)
    try:
        assert not dead.exists() and live.exists()
        assert sweep_stale_dirs(tmp_path, prefix) == []
        assert live.exists()
    finally:
        shutil.rmtree(live)
        os.close(fd)
    unrelated = tmp_path / "mine"
    unrelated.mkdir()
    assert sweep_stale_dirs(tmp_path, prefix) == []
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]


def test_restore_killed_at_random_points_leaves_old_or_new_never_a_mix(tmp_path):
    """storage.backup.restore in a process killed at random moments: afterwards the database is
    sound and is either the one before or the restored one, with every attachment it uses."""
    import shutil

    from core.model import Attachment
    from storage import backup
    from storage.database import Database
    from tests.conftest import make_item

    seed = int(os.environ.get("INFODESK_KILL_SEED") or random.SystemRandom().randrange(10**6))
    rng = random.Random(seed)
    db_path = tmp_path / "live.sqlite3"
    subprocess.run([sys.executable, str(WORKER), str(db_path), "-", "-", "--setup"], check=True, cwd=str(ROOT), timeout=60)

    def add(db, prefix: str, n: int) -> None:
        for i in range(n):
            data = os.urandom(20_000)
            sha = db.store_blob(data)
            db.create_item(make_item(title=f"{prefix}{i:03d}", attachments=(Attachment(f"{i}.bin", "application/octet-stream",
                                                                                        len(data), sha),)), "李晓梅")

    with Database.open(db_path) as db:
        add(db, "新", 80)
        saved = backup.create_backup(db, tmp_path / "saved.infodesk-backup").path
    # "Old": a different database in the same place (what the restore replaces).
    for f in list(tmp_path.glob("live.sqlite3*")):
        shutil.rmtree(f) if f.is_dir() else f.unlink()
    subprocess.run([sys.executable, str(WORKER), str(db_path), "-", "-", "--setup"], check=True, cwd=str(ROOT), timeout=60)
    with Database.open(db_path) as db:
        add(db, "旧", 40)
        pristine = backup.create_backup(db, tmp_path / "old.infodesk-backup").path

    def state() -> str:
        conn = sqlite3.connect(db_path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
        with Database.open(db_path, create=False) as db:
            assert db.verify().ok
            titles = {i.title[0] for i in db.items()}
            assert len(titles) == 1, f"a mix of both databases (seed {seed})"
            for item in db.items():
                for a in item.attachments:
                    assert hashlib.sha256(db.read_blob(a.sha256)).hexdigest() == a.sha256
            return titles.pop()

    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
            "from storage.backup import restore\n"
            "print('ready', flush=True)\n"
            f"restore({str(db_path)!r}, {str(saved)!r})\n"
            "print('done', flush=True)\n")
    seen = set()
    for _ in range(5):
        assert state() == "旧"
        proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=str(ROOT))
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 1.2))
        proc.kill()
        _out, err = proc.communicate(timeout=60)
        now = state()
        seen.add(now)
        if now == "新":  # the kill came after the rename: put the old one back for the next round
            proc2 = subprocess.run([sys.executable, "-c", code.replace(str(saved), str(pristine))], capture_output=True,
                                   cwd=str(ROOT), timeout=60)
            assert proc2.returncode == 0, proc2.stderr.decode()[-2000:]
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=str(ROOT), timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    assert state() == "新"
    assert not list(tmp_path.glob(".~restore-*")), "staging folder left behind"
