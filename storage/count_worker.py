"""The search counter's second process (see :class:`storage.counting.CountHelper`).

Counting what a search finds is the slowest part of a new search of a common word, and SQLite
counts on one core. This process counts the upper part of the rows (``rowid >= from``) while the
program counts the rest on its own connection, so both cores work. Threads would not do: two
connections in one process share SQLite's memory allocator, and the two halves then take as long
as the whole.

It reads one JSON request per line on stdin ({"id": n, "match": …, "from": …}) and answers one
JSON line on stdout ({"id": n, "count": …} or {"id": n, "error": text}); it ends when stdin closes (the program closed the
database or ended). Standard library only: it runs as a script, with nothing of InfoDesk imported.
"""
from __future__ import annotations

import json
import sqlite3
import sys


def serve(path: str, requests, answers) -> None:
    conn = sqlite3.connect(path, timeout=5.0, check_same_thread=False)
    try:
        conn.execute("PRAGMA query_only = 1")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the file now
        answers.write('{"ready": true}\n')
        answers.flush()
        for line in requests:
            answer: dict = {}
            try:
                req = json.loads(line)
                answer["id"] = req.get("id")
                n = conn.execute("SELECT count(*) FROM items_fts WHERE items_fts MATCH ? AND rowid >= ?",
                                 (str(req["match"]), int(req["from"]))).fetchone()[0]
                answer["count"] = n
            except (sqlite3.Error, ValueError, KeyError, TypeError, AttributeError) as exc:
                answer["error"] = str(exc)
            answers.write(json.dumps(answer) + "\n")
            answers.flush()
    finally:
        conn.close()


if __name__ == "__main__":
    try:
        serve(sys.argv[1], sys.stdin, sys.stdout)
    except (sqlite3.Error, OSError, IndexError) as exc:  # the program counts alone then
        print(json.dumps({"error": str(exc)}), flush=True)
