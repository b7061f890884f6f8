"""One program per database: an operating-system lock on ``<database>.lock``.

    lock = InstanceLock(db_path)
    lock.acquire()          # raises DatabaseInUse (a UserError) when another window holds it
    ...
    lock.release()

or ``with InstanceLock(db_path): ...``. The lock is the OS's (``fcntl.flock`` on POSIX,
``msvcrt.locking`` on Windows), so it goes away by itself when the holding process ends,
even when it crashes or is killed: a lock *file* left behind by a dead process is stale
and is simply taken over. The file holds who locked it (pid, host, user, time, program)
so the second window can say who has the database open.

The lock is per open file, not per process: two ``InstanceLock`` objects on one database
exclude each other even within one process. Dropping the object does not release the lock
(it lasts until :meth:`release` or the end of the process), so a forgotten reference can
never let a second window in.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from core import clock
from core.errors import UserError
from core.i18n import tr

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    #: Windows locks byte ranges and a locked range cannot be read by others: lock one byte
    #: far beyond the holder's details so a second window can still read them.
    _WIN_LOCK_OFFSET = 0x7FFFFFF0
else:
    import fcntl

LOCK_SUFFIX = ".lock"
_MAX_INFO = 4096


def lock_path_for(db_path: str | os.PathLike) -> Path:
    p = Path(db_path).expanduser()
    return p.with_name(p.name + LOCK_SUFFIX)


@dataclass(frozen=True)
class LockHolder:
    """Who holds (or last held) a database's lock, as written in its lock file."""

    pid: int = 0
    host: str = ""
    user: str = ""
    since: str = ""
    program: str = ""

    def describe(self) -> str:
        parts = []
        if self.user:
            parts.append(tr("user {user}", user=self.user))
        if self.host:
            parts.append(tr("computer {host}", host=self.host))
        if self.pid:
            parts.append(tr("process {pid}", pid=self.pid))
        if self.since:
            since = self.since
            with contextlib.suppress(ValueError):
                since = dt.datetime.fromisoformat(self.since).astimezone(clock.TZ).strftime("%Y-%m-%d %H:%M")
            parts.append(tr("since {since}", since=since))
        return tr(", ").join(parts) if parts else tr("holder unknown")


class DatabaseInUse(UserError):
    """The database is open in another InfoDesk window (or command)."""

    def __init__(self, db_path: Path, holder: LockHolder | None):
        self.db_path = db_path
        self.holder = holder
        super().__init__(tr("The database {path} is already open in another InfoDesk window ({holder}). "
                            "Close that window first, or open another database.",
                            path=str(db_path), holder=(holder or LockHolder()).describe()))


def _current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (a service account, a container)
        return str(os.getuid()) if hasattr(os, "getuid") else ""


def read_holder(lock_file: str | os.PathLike) -> LockHolder | None:
    """The details in a lock file, or None when it is missing or unreadable."""
    try:
        with open(lock_file, "rb") as fh:
            raw = fh.read(_MAX_INFO)
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    try:
        return LockHolder(pid=int(data.get("pid", 0)), host=str(data.get("host", "")), user=str(data.get("user", "")),
                          since=str(data.get("since", "")), program=str(data.get("program", "")))
    except (TypeError, ValueError):
        return None


class InstanceLock:
    """The exclusive right of this program to use the database at ``db_path``."""

    def __init__(self, db_path: str | os.PathLike, program: str = "InfoDesk"):
        self.db_path = Path(db_path).expanduser()
        self.path = lock_path_for(self.db_path)
        self.program = program
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def holder(self) -> LockHolder | None:
        """Who the lock file names (this process, when we hold it)."""
        return read_holder(self.path)

    # ------------------------------------------------------------------ OS lock
    @staticmethod
    def _try_lock(fd: int) -> bool:
        if sys.platform == "win32":  # pragma: no cover
            os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            except OSError:
                return False
            return True
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True  # other OSErrors (ENOLCK on a share without locks) go to the caller

    @staticmethod
    def _unlock(fd: int) -> None:
        if sys.platform == "win32":  # pragma: no cover
            with contextlib.suppress(OSError):
                os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
            return
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)

    # ------------------------------------------------------------------ public
    def acquire(self) -> "InstanceLock":
        """Take the lock, or raise :class:`DatabaseInUse` naming who holds it."""
        if self._fd is not None:
            return self
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise UserError(tr("Cannot lock the database {path}: {error}", path=str(self.db_path),
                               error=err.strerror or str(err))) from None
        for _attempt in range(20):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
            except OSError as err:
                raise UserError(tr("Cannot lock the database {path}: {error}", path=str(self.db_path),
                                   error=err.strerror or str(err))) from None
            try:
                locked = self._try_lock(fd)
            except OSError as err:
                os.close(fd)
                raise UserError(tr("Cannot lock the database {path}: {error}", path=str(self.db_path),
                                   error=err.strerror or str(err))) from None
            if not locked:
                os.close(fd)
                raise DatabaseInUse(self.db_path, read_holder(self.path))
            # The holder before us may have removed the file between our open() and our lock:
            # then we locked a file nobody else can see. Start again on the file now there.
            if not self._same_file(fd):
                self._unlock(fd)
                os.close(fd)
                continue
            self._fd = fd
            self._write_details()
            return self
        raise UserError(tr("Cannot lock the database {path}: the lock file keeps changing.", path=str(self.db_path)))

    def _same_file(self, fd: int) -> bool:
        if sys.platform == "win32":  # pragma: no cover - an open file cannot be removed there
            return True
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return False
        fst = os.fstat(fd)
        return (st.st_dev, st.st_ino) == (fst.st_dev, fst.st_ino)

    def _write_details(self) -> None:
        fd = self._fd
        assert fd is not None
        details = {
            "pid": os.getpid(), "host": socket.gethostname(), "user": _current_user(),
            "since": clock.now().isoformat(), "program": self.program,
        }
        data = json.dumps(details, ensure_ascii=False).encode("utf-8")
        with contextlib.suppress(OSError):
            os.chmod(self.path, 0o600)
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, data + b"\n")
            with contextlib.suppress(OSError):
                os.fsync(fd)
        except OSError:
            pass  # the details are a courtesy; the OS lock is what counts

    def release(self) -> None:
        """Give the lock up (and remove the lock file). Safe to call twice."""
        fd = self._fd
        if fd is None:
            return
        self._fd = None
        if sys.platform != "win32":
            # Remove while still holding the lock: a waiting opener then finds a new file.
            with contextlib.suppress(OSError):
                if self._same_file(fd):
                    os.unlink(self.path)
        self._unlock(fd)
        os.close(fd)
        if sys.platform == "win32":  # pragma: no cover
            with contextlib.suppress(OSError):
                os.unlink(self.path)

    def __enter__(self) -> "InstanceLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def is_locked(db_path: str | os.PathLike) -> bool:
    """Whether another InstanceLock holds the database now (a quick probe)."""
    probe = InstanceLock(db_path)
    if not probe.path.exists():
        return False
    try:
        probe.acquire()
    except DatabaseInUse:
        return True
    probe.release()
    return False
