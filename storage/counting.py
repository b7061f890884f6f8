"""Counting a search on both cores: a second process counts the upper part of the rows.

:class:`CountHelper` starts ``storage/count_worker.py`` with the same Python and talks to it
over pipes: one JSON line a request, one a reply. It is an optimisation only: whenever the
helper is not ready, has died, answers with an error or does not answer in time, the caller
counts that part itself (and a helper that failed once is not asked again).
"""
from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

WORKER = Path(__file__).with_name("count_worker.py")


class CountHelper:
    #: Seconds to wait for an answer before counting without the helper (and stopping it).
    TIMEOUT = 5.0

    def __init__(self, db_path: Path):
        if getattr(sys, "frozen", False):  # a packaged program: sys.executable is the program, not Python
            raise OSError("no Python to run the helper with")
        self._answers: queue.Queue = queue.Queue()
        self._asked = 0  # the number of the last request: an answer names the request it answers
        self._ready = False
        self._broken = False
        self._lock = threading.Lock()
        self._proc = subprocess.Popen(
            [sys.executable, "-I", str(WORKER), str(db_path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, encoding="utf-8", bufsize=1,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
        self._reader = threading.Thread(target=self._read, name="infodesk-count-reader", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        out = self._proc.stdout
        try:
            for line in out:
                try:
                    msg = json.loads(line)
                except ValueError:
                    msg = {"error": "unreadable answer"}
                if msg.get("ready"):
                    self._ready = True
                else:
                    self._answers.put(msg)
        except (OSError, ValueError):
            pass
        self._answers.put({"error": "the helper ended"})

    @property
    def usable(self) -> bool:
        """Ready (it has opened the database) and not failed."""
        return self._ready and not self._broken and self._proc.poll() is None

    def start_count(self, match: str, first_row: int) -> bool:
        """Ask for the count of ``match`` over rows ``>= first_row``; False if it cannot be asked
        (then count it yourself)."""
        if not self.usable:
            return False
        with self._lock:
            self._asked += 1
            try:
                self._proc.stdin.write(json.dumps({"id": self._asked, "match": match, "from": first_row}) + "\n")
                self._proc.stdin.flush()
            except (OSError, ValueError):
                self._broken = True
                return False
        return True

    def result(self) -> int | None:
        """The count asked for by :meth:`start_count`, or None (then count it yourself)."""
        end = time.monotonic() + self.TIMEOUT
        while True:
            try:
                msg = self._answers.get(timeout=max(0.0, end - time.monotonic()))
            except queue.Empty:
                msg = {"error": "no answer in time"}
            if msg.get("id") in (None, self._asked):  # not an answer to an earlier request nobody waited for
                break
        count = msg.get("count")
        if not isinstance(count, int):
            self._broken = True
            self.close()
            return None
        return count

    def close(self) -> None:
        proc = self._proc
        try:
            if proc.stdin and not proc.stdin.closed:
                proc.stdin.close()
        except OSError:
            pass
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if self._reader is not threading.current_thread():
            self._reader.join(timeout=2)
        if proc.stdout:
            proc.stdout.close()
