"""Attachments stored content-addressed by sha256 in a folder beside the database.

Each blob is written to a temporary name in the same folder, then renamed, so a blob
file is either complete or absent. A database in memory keeps its blobs in memory.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from core.errors import UserError
from core.i18n import tr

_SHA = re.compile(r"^[0-9a-f]{64}$")


def blob_dir_for(db_path: Path | None) -> Path | None:
    if db_path is None:
        return None
    return db_path.with_name(db_path.name + ".blobs")


def path_of(folder: Path | None, sha256: str) -> Path | None:
    if folder is None:
        return None
    if not _SHA.match(sha256):
        raise UserError(tr("Not an attachment key: {key}", key=sha256[:80]))
    return folder / sha256[:2] / sha256


def _mem(memory) -> dict:
    if not hasattr(memory, "_memory_blobs"):
        memory._memory_blobs = {}
    return memory._memory_blobs


def store(folder: Path | None, data: bytes, memory=None) -> str:
    sha = hashlib.sha256(data).hexdigest()
    target = path_of(folder, sha)
    if target is None:
        _mem(memory)[sha] = bytes(data)
        return sha
    if target.exists() and target.stat().st_size == len(data):
        return sha
    for folder_ in (folder, target.parent):  # 0700: the names are content hashes, not for others to list
        folder_.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return sha


STALE_SECONDS = 3600


def sweep_stale_temp(folder: Path) -> None:
    """Remove temporary files of writers killed mid-write (older than an hour: no live
    writer takes that long for one attachment)."""
    import time

    cutoff = time.time() - STALE_SECONDS
    for tmp in folder.glob(".tmp-*"):
        try:
            if tmp.stat().st_mtime < cutoff:
                tmp.unlink()
        except OSError:
            pass


def read(folder: Path | None, sha256: str, memory=None) -> bytes:
    target = path_of(folder, sha256)
    if target is None:
        try:
            return _mem(memory)[sha256]
        except KeyError:
            raise UserError(tr("Attachment {key} is missing from the store.", key=sha256[:12])) from None
    try:
        return target.read_bytes()
    except FileNotFoundError:
        raise UserError(tr("Attachment {key} is missing from the store.", key=sha256[:12])) from None


def delete(folder: Path | None, sha256: str, memory=None) -> None:
    target = path_of(folder, sha256)
    if target is None:
        _mem(memory).pop(sha256, None)
        return
    try:
        target.unlink()
    except FileNotFoundError:
        pass
