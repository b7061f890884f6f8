"""Atomic file output: write to a temporary name in the same folder, then rename.

A failed or cancelled export leaves nothing behind — neither the temporary file nor a
half-written target.

    with atomic_write(path) as fh:      # binary file object
        fh.write(data)
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterator


class Cancelled(Exception):
    """Raised inside an export when the user cancels; nothing has been written."""


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, mode: int = 0o600) -> Iterator:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".~" + target.name[:40] + ".", suffix=".part", dir=target.parent)
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
