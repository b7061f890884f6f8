"""Write a generated data set (the demo) in one transaction, fast enough for 100,000 items."""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import multiprocessing
import sqlite3
import sys
import traceback
import types
from typing import Callable, Iterator

from core import clock
from core.demo import DemoData, paused_gc
from core.hashing import canonical_content, canonical_json
from core.passwords import hash_password
from storage import audit as audit_log
from storage import mapping
from storage.search import index_tokens_many, stored_text

#: Items written per batch: bounds the memory the rows take (the whole load is still one transaction).
CHUNK = 5000
#: The tables a demo fills (their indexes are rebuilt at the end of a load into a new database).
BULK_TABLES = ("items", "attachments", "item_versions", "signoffs", "reviews", "transitions", "audit")
#: From this many items the SQL runs in a second process (see :func:`_writer_process`).
PARALLEL_FROM = 20_000
#: Page cache while loading (KiB): the random ids of 100,000 items make every index hot.
LOAD_CACHE_KIB = 256 * 1024
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _iso(value):
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    raise TypeError(type(value).__name__)


_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_iso)


def _json_list(objs) -> str:
    """``json.dumps([mapping._plain(o) for o in objs], ensure_ascii=False)``, the same text, for
    dataclasses of plain values and dates, encoded in one C call (no ``asdict`` deep copies:
    half the load time at 100,000 items); anything else goes the general way."""
    try:
        rows = []
        for obj in objs:
            names = _FIELD_NAMES.get(type(obj))
            if names is None:
                names = _FIELD_NAMES[type(obj)] = tuple(f.name for f in dataclasses.fields(obj))
            rows.append({name: getattr(obj, name) for name in names})
        return _ENCODER.encode(rows)
    except TypeError:
        return json.dumps([mapping._plain(o) for o in objs], ensure_ascii=False)


def _review_row(rv) -> tuple:
    """``mapping.review_to_row`` without ``dataclasses.asdict`` (half the load time at 100,000 items)."""
    dump = _json_list
    return (rv.item_id, rv.content_hash, mapping.answers_json(rv), dump(rv.findings), dump(rv.overrides), rv.reviewed_by,
            clock.to_iso(rv.reviewed_at), rv.checklist_version)


def load_demo(db, data: DemoData, progress: Callable[[int, int], None] | None = None, *,
              parallel: bool | None = None) -> None:
    """Replace the unit profile, people and columns and add the items with their history, in
    one transaction. With ``parallel`` (default: from 20,000 items, for a database file) a
    second process runs the SQL while this one prepares the rows (the result is the same)."""
    try:
        from core.schedule import compute_due
    except ImportError:  # pragma: no cover - before the schedule rules exist
        compute_due = None
    pw = hash_password(data.password)
    db.replace_columns(data.columns, actor="demo")
    for sha, blob in data.pictures.items():
        db.store_blob(blob)
    due_cache: dict[tuple[str, str], object] = {}
    total = len(data.items)
    cache_size = db.conn.execute("PRAGMA cache_size").fetchone()[0]
    db.conn.execute(f"PRAGMA cache_size = -{LOAD_CACHE_KIB}")
    # Into a new file, a rollback journal writes the data once (pages past the end of the file
    # need no journal), where WAL writes it twice (into the log, then into the file): as safe,
    # 0.9 GB less to write at 100,000 items. Only if no one else has the file open.
    journal = None
    if db.path is not None and total >= PARALLEL_FROM and db.conn.execute("SELECT 1 FROM items LIMIT 1").fetchone() is None:
        journal = db.conn.execute("PRAGMA journal_mode").fetchone()[0]
        if journal == "wal" and db.conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] != "delete":
            journal = None
    try:
        with paused_gc():
            if parallel is None:
                parallel = total >= PARALLEL_FROM and db.path is not None and not getattr(sys, "frozen", False)
            with (_writer_process(db) if parallel else db.transaction()) as conn:
                _load(conn, data, progress, compute_due, pw, due_cache, total)
    finally:
        db.conn.execute(f"PRAGMA cache_size = {int(cache_size)}")
        if journal == "wal":
            db.conn.execute("PRAGMA journal_mode = WAL")
    db._column_cache = None
    if progress:
        progress(total, total)


def _load(conn, data: DemoData, progress, compute_due, pw: str, due_cache: dict, total: int) -> None:
    columns = {c.id: c for c in data.columns}
    conn.execute("INSERT INTO unit (id, name, mailbox, short_name) VALUES (1, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                 "name=excluded.name, mailbox=excluded.mailbox, short_name=excluded.short_name",
                 (data.unit.name, data.unit.mailbox, data.unit.short_name))
    for p in data.people:
        conn.execute("INSERT OR REPLACE INTO people (name, role, phone, email, active, password_hash) VALUES (?, ?, ?, ?, 1, ?)",
                     (p.name, p.role, p.phone, p.email, pw))
    seq0 = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM items").fetchone()[0]
    # Into a new database, the indexes of the tables filled here are built once at the end
    # (from sorted keys) instead of row by row: 2.5× faster for the items and their 18 indexes.
    # Dropping them is part of the transaction, so a failed load keeps them.
    rebuild: list[str] = []
    if seq0 == 0:
        for name, sql in conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN "
                f"({', '.join('?' * len(BULK_TABLES))})", BULK_TABLES).fetchall():
            conn.execute(f'DROP INDEX "{name}"')
            rebuild.append(sql)
    # The audit entries first: their chain starts from the log's head, read now (a writer process
    # in rollback-journal mode would keep this connection from reading it later).
    audit_rows = [(clock.now().isoformat(), "demo", "demo", "", {"items": total, "people": [p.name for p in data.people]})]
    audit_rows += [(e.at.isoformat(), e.actor, e.action, e.item_id, e.details) for e in data.events]
    audit_log.append_many(conn, audit_rows)
    for start in range(0, total, CHUNK):
        chunk = data.items[start:start + CHUNK]
        rows, texts, atts, versions = [], [], [], []
        for i, item in enumerate(chunk, start):
            col = columns.get(item.column_id)
            key = (col.update_rule if col else "", item.event_date.isoformat() if item.event_date else "")
            if key not in due_cache:
                try:
                    due_cache[key] = compute_due(key[0], item.event_date).due if compute_due and key[0] and item.event_date else None
                except Exception:  # an unparseable rule has no due time
                    due_cache[key] = None
            row = mapping.item_to_row(item)
            row["due_at"] = clock.to_iso(due_cache[key])
            queued, submitted, published = data.times.get(item.id, (None, None, None))
            row["queued_at"] = clock.to_iso(queued)
            row["submitted_at"] = clock.to_iso(submitted)
            row["published_at"] = clock.to_iso(published)
            row["seq"] = seq0 + i + 1
            rows.append(tuple(row.values()))
            texts.append(stored_text(row["title"], row["body"]))
            atts.extend((item.id, j, a.name, a.media_type, a.size, a.sha256, a.caption) for j, a in enumerate(item.attachments))
            content = canonical_json(canonical_content(item))  # once: the version's content and its hash
            versions.append((item.id, 1, clock.to_iso(item.created_at), item.created_by,
                             content, hashlib.sha256(content.encode("utf-8")).hexdigest(), item.state))
            if progress and (i % 5000 == 0):
                progress(i, total)
        if rows:
            cols = list(row)
            conn.executemany(f"INSERT INTO items ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows)
        if isinstance(conn, _Forward) and (start // CHUNK) % 2:  # the writer makes every other chunk's tokens:
            conn.send(("fts", seq0 + start + 1, texts))             # that shares the work out evenly
        else:
            _index(conn, seq0 + start + 1, texts)
        conn.executemany("INSERT INTO attachments (item_id, position, name, media_type, size, sha256, caption) VALUES (?, ?, ?, ?, ?, ?, ?)", atts)
        conn.executemany("INSERT INTO item_versions (item_id, version, saved_at, saved_by, content, content_hash, state) VALUES (?, ?, ?, ?, ?, ?, ?)", versions)
    conn.executemany("INSERT INTO signoffs (item_id, signer, signed_at, content_hash, version, comment, voided_at, void_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     [(s.item_id, s.signer, s.signed_at.isoformat(), s.content_hash, s.version, s.comment,
                       clock.to_iso(s.voided_at), s.void_reason) for s in data.signoffs])
    for start in range(0, len(data.reviews), CHUNK):
        conn.executemany("INSERT OR REPLACE INTO reviews (item_id, content_hash, answers, findings, overrides, reviewed_by, reviewed_at, checklist_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         [_review_row(r) for r in data.reviews[start:start + CHUNK]])
    conn.executemany("INSERT INTO transitions (item_id, action, from_state, to_state, actor, at, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [(e.item_id, e.action, e.from_state, e.to_state, e.actor, e.at.isoformat(), e.reason)
                      for e in data.events if e.to_state])
    for sql in rebuild:
        conn.execute(sql)


# ------------------------------------------------------------------ the writer process
# Preparing the rows (JSON, hashes) is Python; running the inserts is SQLite (C). One process
# cannot do both at once: the sqlite3 module takes the GIL back after every row, so a writer
# *thread* would wait on the preparing thread all the time. A second process can: it opens the
# file itself, takes the write lock, makes the search tokens, runs each batch it is sent and
# commits once at the end, so the load is still one transaction, rolled back if anything fails.
# A thread in the writer reads the next batches off the pipe while SQLite runs (a pipe holds
# 64 KB: without it the two processes would take turns instead of working at the same time).


def _index(conn, first_seq: int, texts: list[str]) -> None:
    conn.executemany("INSERT INTO items_fts (rowid, tokens) VALUES (?, ?)",
                     zip(range(first_seq, first_seq + len(texts)), index_tokens_many(texts)))


def _write_worker(path: str, inbox_pipe, reply_pipe, cache_kib: int) -> None:
    import queue
    import threading

    inbox: queue.Queue = queue.Queue(maxsize=16)

    def receive() -> None:
        while True:
            try:
                msg = inbox_pipe.recv()
            except (EOFError, OSError):  # the loading process went away: nothing is kept
                msg = ("abort",)
            inbox.put(msg)
            if msg[0] in ("abort", "commit"):
                return

    conn = sqlite3.connect(path, isolation_level=None, timeout=60)
    failed = False
    try:
        try:
            conn.execute("PRAGMA busy_timeout = 60000")
            conn.execute("PRAGMA synchronous = NORMAL")  # as Database has it: WAL commits need no fsync
            conn.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
            conn.execute("BEGIN IMMEDIATE")
            reply_pipe.send(("ready",))
        except BaseException:
            failed = True
            reply_pipe.send(("error", traceback.format_exc()))
        threading.Thread(target=receive, daemon=True).start()
        while True:
            msg = inbox.get()
            if msg[0] == "abort":
                return
            if msg[0] == "commit":
                if not failed:
                    conn.execute("COMMIT")
                    reply_pipe.send(("done",))
                return
            if failed:  # keep reading until told to stop, so the sender never blocks
                continue
            try:
                if msg[0] == "many":
                    conn.executemany(msg[1], msg[2])
                elif msg[0] == "fts":
                    _index(conn, msg[1], msg[2])
                else:
                    conn.execute(msg[1], msg[2])
            except BaseException:
                failed = True
                reply_pipe.send(("error", traceback.format_exc()))
    finally:
        conn.close()  # without COMMIT: rolled back


class _Forward:
    """What ``_load`` and ``audit.append_many`` use as the connection: writes go to the writer
    process; reads (the next item number, the audit head) come from the loader's connection,
    which sees the file as it was, and no one else can write while the writer holds the lock."""

    def __init__(self, read_conn: sqlite3.Connection, out_pipe, reply_pipe):
        self.read_conn = read_conn
        self.out = out_pipe
        self.replies = reply_pipe

    def _check(self) -> None:
        if self.replies.poll():
            msg = self.replies.recv()
            if msg[0] == "error":
                raise RuntimeError("the demo writer process failed:\n" + msg[1])

    def execute(self, sql: str, params=()):
        if sql.lstrip()[:6].upper() == "SELECT":
            return self.read_conn.execute(sql, params)
        self.send(("exec", sql, tuple(params)))
        return None

    def executemany(self, sql: str, rows) -> None:
        self.send(("many", sql, rows if isinstance(rows, list) else list(rows)))

    def send(self, msg: tuple) -> None:
        self._check()
        self.out.send(msg)


@contextlib.contextmanager
def _writer_process(db) -> Iterator[_Forward]:
    ctx = multiprocessing.get_context("spawn")  # a clean interpreter: no inherited SQLite state
    inbox_read, inbox_write = ctx.Pipe(duplex=False)
    reply_read, reply_write = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_write_worker, args=(str(db.path), inbox_read, reply_write, LOAD_CACHE_KIB), daemon=True)
    # The child needs only this module: hide the main script from spawn, which would run it
    # again in the child unless it guards itself with ``if __name__ == "__main__"``.
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        proc.start()
    finally:
        if main is not None:
            sys.modules["__main__"] = main
    inbox_read.close()
    reply_write.close()
    try:
        msg = reply_read.recv()
        if msg[0] != "ready":
            raise RuntimeError("the demo writer process failed:\n" + msg[1])
        fwd = _Forward(db.conn, inbox_write, reply_read)
        try:
            yield fwd
        except BaseException:
            with contextlib.suppress(OSError):
                inbox_write.send(("abort",))
            raise
        fwd._check()
        inbox_write.send(("commit",))
        msg = reply_read.recv()
        if msg[0] != "done":
            raise RuntimeError("the demo writer process failed:\n" + msg[1])
    finally:
        inbox_write.close()
        reply_read.close()
        proc.join(60)
        if proc.is_alive():  # pragma: no cover - only if it hangs
            proc.kill()
