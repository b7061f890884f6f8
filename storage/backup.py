"""Backups of a database and its attachments, and restoring one without losing anything.

The backup format (``*.infodesk-backup``) is one ZIP file:

    manifest.json              {"format": "infodesk-backup", "format_version": 1, "schema_version": …,
                                "created_at": …, "database": {"sha256": …, "size": …},
                                "blobs": {"<sha256>": size, …}, "items": …, "audit_entries": …}
    database.sqlite3           a snapshot taken with SQLite's online backup API (rollback-journal
                               mode, so the file stands alone), deflated
    blobs/<aa>/<sha256>        every attachment in the store, stored as-is (pictures do not shrink)

Backups go to ``backups/`` beside the database, named ``<database stem>-YYYY-MM-DD.infodesk-backup``
for the automatic daily backup (the last ``keep`` of those are kept), ``<stem>-YYYY-MM-DD-HHMMSS``
for one made on request and ``<stem>-before-restore-…`` for the copy a restore keeps of the database
it replaces. Every file is written under a temporary name in the same folder and then renamed, and
is readable by its owner only (0600; the folder 0700).

:func:`restore` accepts such a backup or a bare InfoDesk database file. It refuses anything else
— not a ZIP or SQLite file, a ZIP with a missing or wrong manifest or with unexpected entries
(``../`` paths, absolute paths), one that would unpack to more than the disk holds or that
compresses suspiciously well (a zip bomb), an SQLite file without InfoDesk's ``_migrations``
table, a damaged file (``PRAGMA integrity_check``), a broken audit chain, or a database newer
than this program — and it does all its checking on a copy beside the target. The database in
use is copied to a safety backup first and is replaced only at the very end, by a rename.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from core import clock
from core.errors import UserError
from core.i18n import tr
from storage import blobs
from storage.migrations import LATEST

FORMAT = "infodesk-backup"
FORMAT_VERSION = 1
SUFFIX = ".infodesk-backup"
MANIFEST = "manifest.json"
DB_MEMBER = "database.sqlite3"
BLOB_PREFIX = "blobs/"
BACKUP_DIR_NAME = "backups"
DEFAULT_KEEP = 14
SQLITE_MAGIC = b"SQLite format 3\x00"

#: Refuse a member that unpacks to more than this many times its packed size once it is
#: bigger than BOMB_MIN_SIZE (deflate's best is ≈1030:1, reached only by runs of one byte).
BOMB_RATIO = 400
BOMB_MIN_SIZE = 64 * 1024 * 1024
#: Free space to leave on the disk when unpacking.
DISK_MARGIN = 64 * 1024 * 1024
MAX_MANIFEST = 64 * 1024 * 1024
_CHUNK = 1024 * 1024
_BLOB_MEMBER = re.compile(r"^blobs/([0-9a-f]{2})/([0-9a-f]{64})$")
_SHA = re.compile(r"^[0-9a-f]{64}$")

Progress = Callable[[int, int], None]


def _no_progress(done: int, total: int) -> None:
    return None


# ----------------------------------------------------------------------- names
def backup_dir_for(db_path: str | os.PathLike) -> Path:
    """The folder of a database's backups: ``backups/`` beside it."""
    return Path(db_path).expanduser().parent / BACKUP_DIR_NAME


def _stem(db_path: Path) -> str:
    return db_path.stem or db_path.name


def daily_name(db_path: Path, day: dt.date) -> str:
    return f"{_stem(db_path)}-{day.isoformat()}{SUFFIX}"


def _daily_pattern(db_path: Path) -> re.Pattern:
    return re.compile(rf"^{re.escape(_stem(db_path))}-(\d{{4}}-\d{{2}}-\d{{2}}){re.escape(SUFFIX)}$")


def daily_backups(db_path: str | os.PathLike, folder: str | os.PathLike | None = None) -> list[Path]:
    """The automatic daily backups of a database, oldest first."""
    p = Path(db_path).expanduser()
    folder = Path(folder) if folder is not None else backup_dir_for(p)
    pattern = _daily_pattern(p)
    if not folder.is_dir():
        return []
    found = sorted((m.group(1), f) for f in folder.iterdir() if (m := pattern.match(f.name)) and f.is_file())
    return [f for _, f in found]


def all_backups(db_path: str | os.PathLike, folder: str | os.PathLike | None = None) -> list[Path]:
    """Every backup file of a database in its backup folder (daily, on request, before restore), oldest first."""
    p = Path(db_path).expanduser()
    folder = Path(folder) if folder is not None else backup_dir_for(p)
    if not folder.is_dir():
        return []
    prefix = _stem(p) + "-"
    return sorted((f for f in folder.iterdir() if f.is_file() and f.name.startswith(prefix) and f.name.endswith(SUFFIX)),
                  key=lambda f: (f.stat().st_mtime, f.name))


# ------------------------------------------------------------------ file helpers
def _private_dir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UserError(tr("Cannot create the backup folder {path}: {error}", path=str(folder),
                           error=err.strerror or str(err))) from None
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":  # pragma: no cover
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


@contextlib.contextmanager
def _temp_file(folder: Path, name: str) -> Iterator[Path]:
    """A private temporary file in ``folder``, removed unless the caller renamed it away."""
    fd, tmp = tempfile.mkstemp(prefix=".~" + name[:40] + ".", suffix=".part", dir=folder)
    os.close(fd)
    path = Path(tmp)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)
    try:
        yield path
    finally:
        with contextlib.suppress(OSError):
            path.unlink()


# ------------------------------------------------------------------- snapshot
def snapshot(conn: sqlite3.Connection, dest: Path) -> None:
    """Copy the database behind ``conn`` to ``dest`` with SQLite's online backup API."""
    target = sqlite3.connect(str(dest), isolation_level=None)
    try:
        conn.backup(target)
        # The copy inherits WAL mode; switch it back so the one file holds everything.
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()


@dataclass(frozen=True)
class BackupInfo:
    """What a backup holds (from its manifest)."""

    path: Path
    schema_version: int
    created_at: str = ""
    items: int = 0
    audit_entries: int = 0
    blobs: int = 0
    size: int = 0
    kind: str = "backup"  # "backup" (an .infodesk-backup) or "database" (a bare database file)


def _counts(conn: sqlite3.Connection) -> tuple[int, int]:
    def count(table: str) -> int:
        try:
            return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        except sqlite3.Error:
            return 0

    return count("items"), count("audit")


def create_backup(db, out: str | os.PathLike, progress: Progress = _no_progress) -> BackupInfo:
    """Write a backup of ``db`` (a :class:`storage.database.Database`) to ``out``, atomically."""
    if db.path is None:
        raise UserError(tr("A database in memory cannot be backed up."))
    return _write_backup(db.conn, Path(db.path), out, progress)


def _write_backup(conn: sqlite3.Connection, db_path: Path, out: str | os.PathLike,
                  progress: Progress = _no_progress) -> BackupInfo:
    out = Path(out).expanduser()
    if out.is_dir():
        raise UserError(tr("{path} is a folder; give a file name for the backup.", path=str(out)))
    if out.exists() and out.resolve() == db_path.resolve():
        raise UserError(tr("The backup cannot overwrite the database itself."))
    _private_dir(out.parent)
    blob_dir = blobs.blob_dir_for(db_path)
    with _temp_file(out.parent, out.name + ".db") as snap, _temp_file(out.parent, out.name) as tmp:
        try:
            snapshot(conn, snap)
        except sqlite3.Error as err:
            raise UserError(tr("Cannot back up the database: {error}", error=str(err))) from None
        check = sqlite3.connect(str(snap))
        try:
            schema = check.execute("PRAGMA user_version").fetchone()[0]
            items, audit_entries = _counts(check)
        finally:
            check.close()
        # Blobs are immutable and written before the row that uses them is committed, so every
        # blob the snapshot refers to is already in the store.
        blob_files = _blob_files(blob_dir)
        total = 1 + len(blob_files)
        progress(0, total)
        manifest = {
            "format": FORMAT, "format_version": FORMAT_VERSION, "schema_version": schema,
            "created_at": clock.now().isoformat(), "source": db_path.name,
            "database": {"sha256": _sha256_file(snap), "size": snap.stat().st_size},
            "blobs": {sha: p.stat().st_size for sha, p in blob_files},
            "items": items, "audit_entries": audit_entries,
        }
        try:
            with zipfile.ZipFile(tmp, "w", allowZip64=True) as zf:
                zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1), compress_type=zipfile.ZIP_DEFLATED)
                zf.write(snap, DB_MEMBER, compress_type=zipfile.ZIP_DEFLATED)
                progress(1, total)
                for n, (sha, path) in enumerate(blob_files, start=2):
                    zf.write(path, f"{BLOB_PREFIX}{sha[:2]}/{sha}", compress_type=zipfile.ZIP_STORED)
                    progress(n, total)
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, out)
        except OSError as err:
            raise UserError(tr("Cannot write the backup {path}: {error}", path=str(out), error=err.strerror or str(err))) from None
    _fsync_dir(out.parent)
    return BackupInfo(out, schema, manifest["created_at"], items, audit_entries, len(blob_files), out.stat().st_size)


def _blob_files(blob_dir: Path | None) -> list[tuple[str, Path]]:
    if blob_dir is None or not blob_dir.is_dir():
        return []
    out = []
    for sub in sorted(blob_dir.iterdir()):
        if not sub.is_dir() or not re.fullmatch(r"[0-9a-f]{2}", sub.name):
            continue
        for f in sorted(sub.iterdir()):
            if _SHA.match(f.name) and f.name[:2] == sub.name and f.is_file():
                out.append((f.name, f))
    return out


def auto_backup(db, keep: int = DEFAULT_KEEP, folder: str | os.PathLike | None = None,
                progress: Progress = _no_progress) -> Path | None:
    """Today's automatic backup: made unless one exists already; the last ``keep`` are kept.

    ``db`` is a :class:`storage.database.Database`, or the path of one — then the backup reads
    through its own connection, so it can run in a worker thread while the window goes on using
    its own. Returns the new backup's path, or None when there was nothing to do (today's
    exists, or the database is in memory). Call it when the program starts.
    """
    if isinstance(db, (str, os.PathLike)):
        db_path = Path(db).expanduser()
        if str(db) == ":memory:" or not db_path.exists():
            return None
        conn = None
    else:
        if db.path is None:
            return None
        db_path = Path(db.path)
        conn = db.conn
    folder = Path(folder) if folder is not None else backup_dir_for(db_path)
    target = folder / daily_name(db_path, clock.today())
    if target.exists():
        return None
    if conn is not None:
        _write_backup(conn, db_path, target, progress)
    else:
        try:
            own = sqlite3.connect(str(db_path), timeout=10)
        except sqlite3.Error as err:
            raise UserError(tr("Cannot back up the database: {error}", error=str(err))) from None
        try:
            _write_backup(own, db_path, target, progress)
        finally:
            own.close()
    prune_backups(db_path, keep, folder)
    return target


def prune_backups(db_path: str | os.PathLike, keep: int = DEFAULT_KEEP, folder: str | os.PathLike | None = None) -> list[Path]:
    """Delete the oldest daily backups beyond the last ``keep``; returns what was deleted."""
    keep = max(1, int(keep))
    old = daily_backups(db_path, folder)[:-keep]
    for f in old:
        with contextlib.suppress(OSError):
            f.unlink()
    return old


def manual_backup_path(db_path: str | os.PathLike) -> Path:
    p = Path(db_path).expanduser()
    stamp = clock.now().strftime("%Y-%m-%d-%H%M%S")
    return backup_dir_for(p) / f"{_stem(p)}-{stamp}{SUFFIX}"


# ------------------------------------------------------------------ inspection
def _refuse_backup(path: Path, reason: str) -> UserError:
    return UserError(tr("{path} is not a usable InfoDesk backup: {reason}", path=str(path), reason=reason))


def _file_kind(path: Path) -> str:
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as err:
        raise UserError(tr("Cannot read {path}: {error}", path=str(path), error=err.strerror or str(err))) from None
    if head == SQLITE_MAGIC:
        return "database"
    if head[:4] == b"PK\x03\x04" or zipfile.is_zipfile(path):
        return "backup"
    return "other"


def _read_manifest(path: Path, zf: zipfile.ZipFile) -> dict:
    names = [i.filename for i in zf.infolist()]
    if len(set(names)) != len(names):
        raise _refuse_backup(path, tr("an entry appears twice"))
    for info in zf.infolist():
        name = info.filename
        if name in (MANIFEST, DB_MEMBER) or _BLOB_MEMBER.match(name):
            continue
        raise _refuse_backup(path, tr("unexpected entry {name}", name=name[:200]))
    if MANIFEST not in names:
        raise _refuse_backup(path, tr("the manifest is missing"))
    if DB_MEMBER not in names:
        raise _refuse_backup(path, tr("the database is missing"))
    info = zf.getinfo(MANIFEST)
    if info.file_size > MAX_MANIFEST:
        raise _refuse_backup(path, tr("the manifest is too large"))
    try:
        manifest = json.loads(_read_member(path, zf, info, MAX_MANIFEST).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise _refuse_backup(path, tr("the manifest is not readable")) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse_backup(path, tr("the manifest is not an InfoDesk backup manifest"))
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise _refuse_backup(path, tr("the manifest has no valid format version"))
    if version > FORMAT_VERSION:
        raise UserError(tr("{path} was written by a newer InfoDesk (backup format {found}; this program reads up to {known}). "
                           "Update InfoDesk to restore it.", path=str(path), found=version, known=FORMAT_VERSION))
    schema = manifest.get("schema_version")
    if not isinstance(schema, int) or schema < 0:
        raise _refuse_backup(path, tr("the manifest has no valid schema version"))
    if schema > LATEST:
        raise _newer(schema)
    listed = manifest.get("blobs", {})
    if not isinstance(listed, dict) or not all(isinstance(k, str) and _SHA.match(k) for k in listed):
        raise _refuse_backup(path, tr("the manifest's attachment list is not valid"))
    db_entry = manifest.get("database")
    if not isinstance(db_entry, dict) or not isinstance(db_entry.get("sha256"), str):
        raise _refuse_backup(path, tr("the manifest does not describe the database"))
    return manifest


def _newer(found: int) -> UserError:
    return UserError(tr("This database was written by a newer InfoDesk (schema {found}; this program knows up to {known}). "
                        "Update InfoDesk to open it.", found=found, known=LATEST))


def _check_sizes(path: Path, zf: zipfile.ZipFile, dest_folder: Path) -> None:
    total = 0
    for info in zf.infolist():
        if info.file_size > BOMB_MIN_SIZE and info.file_size > BOMB_RATIO * max(1, info.compress_size):
            raise _refuse_backup(path, tr("entry {name} would unpack to {size} MB from {packed} KB (a zip bomb?)",
                                          name=info.filename[:200], size=info.file_size // 2**20,
                                          packed=info.compress_size // 1024))
        total += info.file_size
    free = shutil.disk_usage(dest_folder).free
    if total + DISK_MARGIN > free:
        raise UserError(tr("Not enough disk space to restore {path}: it needs {need} MB, {free} MB are free.",
                           path=str(path), need=(total + DISK_MARGIN) // 2**20, free=free // 2**20))


def _read_member(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    out = bytearray()
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                out += chunk
                if len(out) > min(limit, info.file_size):
                    raise _refuse_backup(path, tr("entry {name} is larger than it claims", name=info.filename[:200]))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as err:
        raise _refuse_backup(path, tr("entry {name} is damaged ({error})", name=info.filename[:200], error=str(err)[:200])) from None
    return bytes(out)


def _extract_member(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, dest: Path, sync: bool = True) -> str:
    """Unpack one member to ``dest`` (never more than it claims); returns its sha256."""
    h = hashlib.sha256()
    written = 0
    try:
        with zf.open(info) as src, open(dest, "wb") as out:
            while chunk := src.read(_CHUNK):
                written += len(chunk)
                if written > info.file_size:
                    raise _refuse_backup(path, tr("entry {name} is larger than it claims", name=info.filename[:200]))
                h.update(chunk)
                out.write(chunk)
            out.flush()
            if sync:
                os.fsync(out.fileno())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, RuntimeError) as err:
        raise _refuse_backup(path, tr("entry {name} is damaged ({error})", name=info.filename[:200], error=str(err)[:200])) from None
    except OSError as err:
        raise UserError(tr("Cannot unpack {path}: {error}", path=str(path), error=err.strerror or str(err))) from None
    with contextlib.suppress(OSError):
        os.chmod(dest, 0o600)
    return h.hexdigest()


def check_database_file(path: Path, shown: Path | None = None) -> tuple[int, int, int]:
    """Refuse a file that is not a sound InfoDesk database; returns (schema, items, audit entries).

    Opens the file itself (it must be a copy nobody else uses: WAL files are left as they are).
    """
    shown = shown or path
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as err:
        raise UserError(tr("Cannot read {path}: {error}", path=str(shown), error=err.strerror or str(err))) from None
    if head != SQLITE_MAGIC:
        raise UserError(tr("{path} is not an InfoDesk database (not an SQLite file; it may be damaged or encrypted).",
                           path=str(shown)))
    from storage import audit

    try:
        conn = sqlite3.connect(str(path), isolation_level=None)
    except sqlite3.Error as err:
        raise UserError(tr("{path} is not an InfoDesk database ({error}).", path=str(shown), error=str(err))) from None
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "_migrations" not in tables:
            raise UserError(tr("{path} is an SQLite file, but not an InfoDesk database.", path=str(shown)))
        done = [r[0] for r in conn.execute("SELECT id FROM _migrations")]
        version = max([version, *done]) if done else version
        if version > LATEST:
            raise _newer(version)
        integrity = "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check(20)"))
        if integrity != "ok":
            raise UserError(tr("{path} is damaged: {detail}", path=str(shown), detail=integrity[:300]))
        if "audit" in tables and "meta" in tables:
            result = audit.verify(conn)
            if not result.ok:
                raise UserError(tr("The audit log in {path} is broken ({problem}); it will not be restored.",
                                   path=str(shown), problem=result.problem))
        items, entries = _counts(conn)
    except sqlite3.DatabaseError as err:
        if "malformed" in str(err) or "corrupt" in str(err):
            raise UserError(tr("{path} is damaged: {detail}", path=str(shown), detail=str(err))) from None
        raise UserError(tr("{path} is not an InfoDesk database ({error}).", path=str(shown), error=str(err))) from None
    finally:
        conn.close()
    return version, items, entries


# --------------------------------------------------------------------- restore
@dataclass(frozen=True)
class RestoreResult:
    """What :func:`restore` did."""

    database: Path
    source: Path
    kind: str  # "backup" | "database"
    schema_before: int
    schema_after: int
    items: int
    audit_entries: int
    blobs: int
    safety_backup: Path | None = None
    missing_blobs: tuple[str, ...] = field(default_factory=tuple)


def _stage(source: Path, kind: str, staging: Path, progress: Progress) -> tuple[Path, Path | None, dict]:
    """Unpack (or copy) ``source`` into ``staging``; returns (database copy, blob folder or None, manifest)."""
    staged_db = staging / "database.sqlite3"
    if kind == "database":
        try:
            shutil.copyfile(source, staged_db)
        except OSError as err:
            raise UserError(tr("Cannot read {path}: {error}", path=str(source), error=err.strerror or str(err))) from None
        os.chmod(staged_db, 0o600)
        return staged_db, None, {}
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise _refuse_backup(source, tr("not a readable ZIP file ({error})", error=str(err)[:200])) from None
    with zf:
        manifest = _read_manifest(source, zf)
        _check_sizes(source, zf, staging)
        listed: dict = manifest["blobs"]
        infos = [i for i in zf.infolist() if _BLOB_MEMBER.match(i.filename)]
        total = 1 + len(infos)
        progress(0, total)
        digest = _extract_member(source, zf, zf.getinfo(DB_MEMBER), staged_db)
        if digest != manifest["database"]["sha256"]:
            raise _refuse_backup(source, tr("the database does not match its checksum"))
        progress(1, total)
        blob_dir = staging / "blobs"
        blob_dir.mkdir(mode=0o700)
        for n, info in enumerate(infos, start=2):
            m = _BLOB_MEMBER.match(info.filename)
            assert m is not None
            prefix, sha = m.groups()
            if prefix != sha[:2]:
                raise _refuse_backup(source, tr("unexpected entry {name}", name=info.filename[:200]))
            sub = blob_dir / prefix
            sub.mkdir(mode=0o700, exist_ok=True)
            if _extract_member(source, zf, info, sub / sha, sync=False) != sha:  # synced when it joins the store
                raise _refuse_backup(source, tr("attachment {key} does not match its checksum", key=sha[:12]))
            progress(n, total)
        missing = set(listed) - {m.group(2) for i in infos if (m := _BLOB_MEMBER.match(i.filename))}
        if missing:
            raise _refuse_backup(source, tr("{n} attachments listed in the manifest are missing", n=len(missing)))
    return staged_db, blob_dir, manifest


def _remove_sidecars(db_path: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(str(db_path) + suffix)


def _in_use(target: Path) -> UserError:
    return UserError(tr("The database {path} is in use by another program; close it before restoring.", path=str(target)))


def _safety_copy(target: Path) -> Path | None:
    """Keep the database being replaced, and make sure nobody else has it open.

    A sound database is saved as a backup (with its attachments) and left in rollback-journal
    mode, which SQLite allows only when no other connection is open — so no ``-wal`` file of it
    is left to be mixed up with the restored file. A damaged or foreign file is kept as raw files.
    """
    if not target.exists():
        return None
    folder = backup_dir_for(target)
    _private_dir(folder)
    stamp = clock.now().strftime("%Y-%m-%d-%H%M%S")
    out = folder / f"{_stem(target)}-before-restore-{stamp}{SUFFIX}"
    n = 2
    while out.exists() or out.with_suffix("").exists():
        out = folder / f"{_stem(target)}-before-restore-{stamp}-{n}{SUFFIX}"
        n += 1
    sound = False
    conn = None
    try:
        conn = sqlite3.connect(str(target), isolation_level=None, timeout=2)
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        sound = True
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()
    except sqlite3.OperationalError as err:
        if sound and "locked" in str(err).lower():
            conn.close()
            raise _in_use(target) from None
        sound = False
    except sqlite3.DatabaseError:
        sound = False
    if sound and conn is not None:
        try:
            _write_backup(conn, target, out)
            return out
        except UserError:
            pass  # damaged beyond what the backup API reads: keep the raw files below
        finally:
            conn.close()
    elif conn is not None:
        conn.close()
    # Damaged or foreign: keep its files exactly as they are.
    raw = out.with_suffix("")
    try:
        raw.mkdir(mode=0o700)
        for suffix in ("", "-wal", "-shm", "-journal"):
            f = Path(str(target) + suffix)
            if f.exists():
                shutil.copyfile(f, raw / f.name)
                os.chmod(raw / f.name, 0o600)
    except OSError as err:
        raise UserError(tr("Cannot keep a copy of the database {path}: {error}", path=str(target),
                           error=err.strerror or str(err))) from None
    return raw


def restore(db_path: str | os.PathLike, source: str | os.PathLike, *, lock=None,
            progress: Progress = _no_progress) -> RestoreResult:
    """Replace the database at ``db_path`` (and its attachments) by the backup or database ``source``.

    Nothing is changed unless ``source`` passes every check. The database being replaced is first
    saved as ``backups/<stem>-before-restore-….infodesk-backup``. No connection to ``db_path`` may be
    open: pass the :class:`storage.lock.InstanceLock` you hold as ``lock`` (the GUI, after closing
    its database), or none, and one is taken here for the duration (refused while another window
    has the database open).
    """
    from storage.database import Database
    from storage.lock import InstanceLock

    target = Path(db_path).expanduser()
    source = Path(source).expanduser()
    if not source.exists():
        raise UserError(tr("No such file: {path}", path=str(source)))
    if source.is_dir():
        raise UserError(tr("{path} is a folder, not a backup file.", path=str(source)))
    if target.exists() and source.resolve() == target.resolve():
        raise UserError(tr("{path} is the database itself; choose a backup to restore.", path=str(source)))
    if target.is_dir():
        raise UserError(tr("{path} is a folder, not a database file.", path=str(target)))
    kind = _file_kind(source)
    if kind == "other":
        raise UserError(tr("{path} is neither an InfoDesk backup nor an InfoDesk database.", path=str(source)))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UserError(tr("Cannot create the database at {path}: {error}", path=str(target), error=err.strerror or str(err))) from None

    own_lock = None
    if lock is None:
        own_lock = InstanceLock(target).acquire()
    elif not lock.held or Path(lock.db_path).resolve() != target.resolve():
        raise ValueError("restore() needs the held InstanceLock of the target database")
    try:
        prefix = f".~restore-{target.name[:40]}-"
        for stale in target.parent.glob(prefix + "*"):  # left by a restore that was killed: we hold the lock
            shutil.rmtree(stale, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))
        try:
            os.chmod(staging, 0o700)
            staged_db, staged_blobs, manifest = _stage(source, kind, staging, progress)
            schema_before, items, entries = check_database_file(staged_db, shown=source)
            # Bring an older backup up to date on the copy, and check it again after.
            try:
                staged = Database.open(staged_db, create=False)
            except UserError as err:
                raise UserError(tr("{path} cannot be restored: {error}", path=str(source), error=str(err))) from None
            try:
                schema_after = staged.schema_version
                result = staged.verify()
                if not result.ok:
                    raise UserError(tr("The audit log in {path} is broken ({problem}); it will not be restored.",
                                       path=str(source), problem=result.problem))
                referenced = _referenced_blobs(staged.conn)
                staged.conn.execute("PRAGMA journal_mode = DELETE")
            finally:
                staged.conn.close()
            _remove_sidecars(staged_db)
            os.chmod(staged_db, 0o600)
            blob_target = blobs.blob_dir_for(target)
            assert blob_target is not None
            staged_files = _blob_files(staged_blobs)
            available = {sha for sha, _ in staged_files} | {sha for sha, _ in _blob_files(blob_target)}
            missing = tuple(sorted(referenced - available))

            safety = _safety_copy(target)
            replaced_refs = _referenced_blobs_of(target)
            # From here on every step leaves a consistent pair of database and attachments, so a
            # crash anywhere loses nothing: (1) the backup's attachments join the store (content-
            # addressed: a file of that name is that content); (2) the database is replaced by a
            # rename — the point of no return; (3) attachments only the replaced database used go.
            for sha, path in staged_files:
                dest = blob_target / sha[:2] / sha
                if not dest.exists():
                    dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                    with contextlib.suppress(OSError):
                        os.chmod(blob_target, 0o700)
                    with open(path, "rb") as fh:
                        os.fsync(fh.fileno())
                    os.replace(path, dest)
            if staged_files:
                _fsync_dir(blob_target)
            _remove_sidecars(target)
            try:
                os.replace(staged_db, target)
            except OSError as err:
                raise UserError(tr("Cannot replace the database at {path}: {error}", path=str(target),
                                   error=err.strerror or str(err))) from None
            _fsync_dir(target.parent)
            if staged_blobs is not None:
                for sha in replaced_refs - referenced:
                    blobs.delete(blob_target, sha)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    finally:
        if own_lock is not None:
            own_lock.release()
    return RestoreResult(target, source, kind, schema_before, schema_after, items, entries,
                         len(referenced & available), safety, missing)


def _referenced_blobs(conn: sqlite3.Connection) -> set[str]:
    try:
        return {r[0] for r in conn.execute("SELECT DISTINCT sha256 FROM attachments")}
    except sqlite3.Error:
        return set()


def _referenced_blobs_of(db_path: Path) -> set[str]:
    """The attachments the database at ``db_path`` uses (none when it is missing or unreadable)."""
    if not db_path.exists():
        return set()
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    except sqlite3.Error:
        return set()
    try:
        return _referenced_blobs(conn)
    finally:
        conn.close()


def inspect(source: str | os.PathLike) -> BackupInfo:
    """What a backup file holds, from its manifest (without unpacking it)."""
    source = Path(source).expanduser()
    kind = _file_kind(source)
    if kind == "other":
        raise UserError(tr("{path} is neither an InfoDesk backup nor an InfoDesk database.", path=str(source)))
    if kind == "database":
        schema, items, entries = check_database_file(source)
        return BackupInfo(source, schema, "", items, entries, 0, source.stat().st_size, kind)
    try:
        with zipfile.ZipFile(source) as zf:
            m = _read_manifest(source, zf)
    except (zipfile.BadZipFile, OSError) as err:
        raise _refuse_backup(source, tr("not a readable ZIP file ({error})", error=str(err)[:200])) from None
    return BackupInfo(source, m["schema_version"], str(m.get("created_at", "")), int(m.get("items", 0) or 0),
                      int(m.get("audit_entries", 0) or 0), len(m["blobs"]), source.stat().st_size)
