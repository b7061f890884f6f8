"""One program per database: storage.lock.InstanceLock."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from core.errors import UserError
from storage.lock import DatabaseInUse, InstanceLock, is_locked, lock_path_for, read_holder

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_second_lock_is_refused_with_who_holds_it(tmp_path):
    db = tmp_path / "a.sqlite3"
    first = InstanceLock(db).acquire()
    try:
        with pytest.raises(DatabaseInUse) as err:
            InstanceLock(db).acquire()
        message = str(err.value)
        assert "数据库" in message and "已由另一个政务信息报送助手窗口打开" in message
        assert str(db) in message
        assert f"进程 {os.getpid()}" in message
        assert isinstance(err.value, UserError)
        holder = err.value.holder
        assert holder is not None and holder.pid == os.getpid() and holder.host
        assert is_locked(db)
    finally:
        first.release()
    assert not is_locked(db)
    assert not lock_path_for(db).exists()


def test_message_in_english(tmp_path):
    from core.i18n import set_language

    db = tmp_path / "a.sqlite3"
    with InstanceLock(db):
        set_language("en")
        with pytest.raises(DatabaseInUse, match=r"already open in another InfoDesk window \(.*process"):
            InstanceLock(db).acquire()


def test_context_manager_and_release_twice(tmp_path):
    db = tmp_path / "a.sqlite3"
    lock = InstanceLock(db)
    with lock as held:
        assert held is lock and lock.held
        details = json.loads(lock_path_for(db).read_text(encoding="utf-8"))
        assert details["pid"] == os.getpid() and details["program"] == "InfoDesk"
        assert set(details) >= {"pid", "host", "user", "since"}
    assert not lock.held
    lock.release()
    with InstanceLock(db):  # can be taken again
        pass


def test_acquire_twice_on_one_object_is_harmless(tmp_path):
    lock = InstanceLock(tmp_path / "a.sqlite3")
    lock.acquire()
    lock.acquire()
    assert lock.held
    lock.release()


def test_stale_lock_file_is_taken_over(tmp_path):
    """A lock file left by a process that died (no OS lock on it) does not block."""
    db = tmp_path / "a.sqlite3"
    lock_path_for(db).write_text(json.dumps({"pid": 999999, "host": "old-pc", "user": "someone", "since": "2020-01-01T00:00:00+08:00"}))
    with InstanceLock(db) as lock:
        assert lock.holder().pid == os.getpid()


def test_garbage_lock_file_is_taken_over(tmp_path):
    db = tmp_path / "a.sqlite3"
    lock_path_for(db).write_bytes(b"\x00\xff garbage")
    assert read_holder(lock_path_for(db)) is None
    with InstanceLock(db):
        pass


def test_lock_of_a_killed_process_is_free(tmp_path):
    db = tmp_path / "a.sqlite3"
    code = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {ROOT!r})
        from storage.lock import InstanceLock
        InstanceLock({str(db)!r}).acquire()
        print("locked", flush=True)
        time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        with pytest.raises(DatabaseInUse) as err:
            InstanceLock(db).acquire()
        assert err.value.holder.pid == proc.pid
        proc.kill()
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        proc.stdout.close()
    assert lock_path_for(db).exists()  # the file stays behind…
    with InstanceLock(db):  # …but it is stale
        pass


def test_lock_file_is_private(tmp_path):
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    db = tmp_path / "a.sqlite3"
    with InstanceLock(db):
        assert (lock_path_for(db).stat().st_mode & 0o777) == 0o600


def test_unlockable_folder_is_a_user_error(tmp_path, monkeypatch):
    import storage.lock as lock_module

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(lock_module.os, "open", refuse)
    with pytest.raises(UserError, match="无法锁定数据库.*Permission denied"):
        InstanceLock(tmp_path / "a.sqlite3").acquire()


def test_file_system_without_locks_is_a_user_error(tmp_path, monkeypatch):
    if os.name != "posix":
        pytest.skip("fcntl")
    import storage.lock as lock_module

    def no_locks(fd, op):
        raise OSError(37, "No locks available")

    monkeypatch.setattr(lock_module.fcntl, "flock", no_locks)
    with pytest.raises(UserError, match="无法锁定数据库.*No locks available"):
        InstanceLock(tmp_path / "a.sqlite3").acquire()
