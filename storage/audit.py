"""The audit log: an append-only, hash-chained record of who did what, when.

Each entry's hash covers its own fields and the previous entry's hash, so editing,
deleting or inserting a row breaks the chain at that row. The head (last seq and hash)
is also kept in ``meta``, so cutting entries off the end is caught too.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass

from core import clock
from core.i18n import tr

GENESIS = "0" * 64


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    actor: str
    action: str
    item_id: str
    details: dict
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int
    integrity: str
    broken_seq: int | None = None
    problem: str = ""


def entry_hash(prev_hash: str, seq: int, at: str, actor: str, action: str, item_id: str, details: str) -> str:
    payload = "\x1f".join((prev_hash, str(seq), at, actor, action, item_id, details))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _head(conn: sqlite3.Connection) -> tuple[int, str]:
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def append(conn: sqlite3.Connection, *, actor: str, action: str, item_id: str = "", details: dict | None = None,
           at: str | None = None) -> str:
    seq, prev = _head(conn)
    seq += 1
    at = at or clock.now().isoformat()
    text = json.dumps(details or {}, ensure_ascii=False, sort_keys=True, default=str)
    h = entry_hash(prev, seq, at, actor, action, item_id, text)
    conn.execute("INSERT INTO audit (seq, at, actor, action, item_id, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (seq, at, actor, action, item_id, text, prev, h))
    conn.execute("INSERT INTO meta (key, value) VALUES ('audit_head', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                 (f"{seq}:{h}",))
    return h


def append_many(conn: sqlite3.Connection, rows: list[tuple[str, str, str, str, dict]]) -> None:
    """Append many entries at once: rows of (at, actor, action, item_id, details)."""
    seq, prev = _head(conn)
    out = []
    for at, actor, action, item_id, details in rows:
        seq += 1
        text = json.dumps(details, ensure_ascii=False, sort_keys=True, default=str)
        h = entry_hash(prev, seq, at, actor, action, item_id, text)
        out.append((seq, at, actor, action, item_id, text, prev, h))
        prev = h
    conn.executemany("INSERT INTO audit (seq, at, actor, action, item_id, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", out)
    if out:
        conn.execute("INSERT INTO meta (key, value) VALUES ('audit_head', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                     (f"{seq}:{prev}",))


def entries(conn: sqlite3.Connection, item_id: str | None = None, limit: int | None = None) -> list[Entry]:
    sql = "SELECT seq, at, actor, action, item_id, details, prev_hash, hash FROM audit"
    params: list = []
    if item_id is not None:
        sql += " WHERE item_id = ?"
        params.append(item_id)
    sql += " ORDER BY seq"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [Entry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]) if r[5] else {}, r[6], r[7]) for r in conn.execute(sql, params)]


def verify(conn: sqlite3.Connection) -> VerifyResult:
    integrity = "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check"))
    prev = GENESIS
    expected_seq = 1
    count = 0
    for seq, at, actor, action, item_id, details, prev_hash, h in conn.execute(
            "SELECT seq, at, actor, action, item_id, details, prev_hash, hash FROM audit ORDER BY seq"):
        count += 1
        if seq != expected_seq:
            return VerifyResult(False, count, integrity, seq, tr("entry {seq} follows {prev}: entries are missing or inserted", seq=seq, prev=expected_seq - 1))
        if prev_hash != prev:
            return VerifyResult(False, count, integrity, seq, tr("entry {seq} does not follow the entry before it", seq=seq))
        if entry_hash(prev_hash, seq, at, actor, action, item_id, details) != h:
            return VerifyResult(False, count, integrity, seq, tr("entry {seq} was altered after it was written", seq=seq))
        prev = h
        expected_seq += 1
    head = conn.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()
    if head:
        head_seq, _, head_hash = head[0].partition(":")
        if int(head_seq) != expected_seq - 1 or head_hash != prev:
            return VerifyResult(False, count, integrity, int(head_seq), tr("the log ends before its recorded head entry {seq}: entries were removed", seq=head_seq))
    elif count:
        return VerifyResult(False, count, integrity, None, tr("the log's head record is missing"))
    if integrity != "ok":
        return VerifyResult(False, count, integrity, None, tr("the database file is damaged: {detail}", detail=integrity))
    return VerifyResult(True, count, integrity)
