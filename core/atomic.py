"""Atomic file output: write to a temporary name in the same folder, then rename.

A failed or cancelled write leaves nothing behind — neither the temporary file nor a
half-written target. Used by the exporters and by storage (exchange packages, recovery files),
so it lives here, below both.

    with atomic_write(path) as fh:      # binary file object
        fh.write(data)
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterator

from core.errors import Cancelled  # noqa: F401 - raised inside an export when the user cancels

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: a file open for writing cannot be deleted, which is lock enough
    fcntl = None  # type: ignore[assignment]


def _hold(fd: int) -> bool:
    """Lock a temporary file while it is written (POSIX), so a sweep knows it is alive."""
    if fcntl is None:  # pragma: no cover
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def sweep_stale_parts(folder: str | os.PathLike) -> list[Path]:
    """Remove the temporary files of writers that were killed mid-write (a crash, a power cut,
    SIGKILL) from ``folder``. A live writer holds a lock on its own file, which is left alone."""
    removed: list[Path] = []
    try:
        candidates = sorted(Path(folder).glob(".~*.part"))
    except OSError:
        return removed
    for part in candidates:
        if fcntl is None:  # pragma: no cover - Windows refuses to delete a file still open
            with contextlib.suppress(OSError):
                part.unlink()
                removed.append(part)
            continue
        try:
            fd = os.open(part, os.O_RDONLY)
        except OSError:
            continue
        try:
            if _hold(fd):
                part.unlink()
                removed.append(part)
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


def make_staging_dir(folder: str | os.PathLike, prefix: str) -> tuple[Path, int]:
    """A new temporary folder in ``folder`` for several files that are moved out at the end.

    Returns the folder and a file descriptor that holds its lock: remove the folder, then
    close the descriptor. Folders of the same prefix whose writer died (killed mid-export)
    are removed first; a live one is locked and left alone.
    """
    sweep_stale_dirs(folder, prefix)
    while True:
        path = Path(tempfile.mkdtemp(prefix=prefix, dir=folder))
        fd = os.open(path / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        if _hold(fd):
            return path, fd
        os.close(fd)  # a sweep took it between mkdtemp and the lock: try again


def sweep_stale_dirs(folder: str | os.PathLike, prefix: str, grace: float = 60.0) -> list[Path]:
    """Remove the staging folders (see :func:`make_staging_dir`) of writers that died."""
    import shutil
    import time

    removed: list[Path] = []
    try:
        candidates = sorted(p for p in Path(folder).glob(prefix + "*") if p.is_dir())
    except OSError:
        return removed
    for staging in candidates:
        try:
            fd = os.open(staging / ".lock", os.O_RDONLY)
        except FileNotFoundError:  # just made by a live writer, or very old
            with contextlib.suppress(OSError):
                if time.time() - staging.stat().st_mtime > grace:
                    shutil.rmtree(staging)
                    removed.append(staging)
            continue
        except OSError:
            continue
        try:
            if fcntl is None:  # pragma: no cover - Windows: files a live writer holds cannot be removed
                os.close(fd)
                fd = -1
                shutil.rmtree(staging)
                removed.append(staging)
            elif _hold(fd):
                shutil.rmtree(staging)
                removed.append(staging)
        except OSError:
            pass
        finally:
            if fd >= 0:
                os.close(fd)
    return removed


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, mode: int = 0o600) -> Iterator:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale_parts(target.parent)
    while True:
        fd, tmp = tempfile.mkstemp(prefix=".~" + target.name[:40] + ".", suffix=".part", dir=target.parent)
        keep = os.dup(fd)  # holds the lock until the rename, after the file object is closed
        if _hold(keep) and os.path.exists(tmp):  # else a sweep took it between mkstemp and the lock
            break
        os.close(keep)
        os.close(fd)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    finally:
        os.close(keep)


def write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    with atomic_write(path) as fh:
        fh.write(data)
    return Path(path)


def save_with(path: str | os.PathLike, save: Callable[[object], None]) -> Path:
    """Atomically save through a library's ``save(fileobj)`` (python-docx, openpyxl, Pillow…)."""
    with atomic_write(path) as fh:
        save(fh)
    return Path(path)


def no_progress(done: int, total: int) -> None:
    return None


def never_cancelled() -> bool:
    return False
