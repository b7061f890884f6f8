"""Write a generated data set (the demo) in one transaction, fast enough for 100,000 items."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from typing import Callable

from core import clock
from core.demo import DemoData
from core.hashing import canonical_content, canonical_json
from core.passwords import hash_password
from storage import audit as audit_log
from storage import mapping
from storage.search import index_tokens_many, stored_text

#: Items written per batch: bounds the memory the rows take (the whole load is still one transaction).
CHUNK = 5000
#: Page cache while loading (KiB): the random ids of 100,000 items make every index hot.
LOAD_CACHE_KIB = 256 * 1024
_SCALARS = frozenset((str, int, float, bool, type(None)))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _flat(obj) -> dict:
    """``mapping._plain`` for a dataclass whose fields are scalars or dates (no deep copy);
    anything else goes the general way."""
    names = _FIELD_NAMES.get(type(obj))
    if names is None:
        names = _FIELD_NAMES[type(obj)] = tuple(f.name for f in dataclasses.fields(obj))
    d = {}
    for name in names:
        v = getattr(obj, name)
        if type(v) not in _SCALARS:
            if not isinstance(v, (dt.datetime, dt.date)):
                return mapping._plain(obj)
            v = v.isoformat()
        d[name] = v
    return d


def _review_row(rv) -> tuple:
    """``mapping.review_to_row`` without ``dataclasses.asdict`` (half the load time at 100,000 items)."""
    dump = lambda xs: json.dumps([_flat(x) for x in xs], ensure_ascii=False)  # noqa: E731
    return (rv.item_id, rv.content_hash, dump(rv.answers), dump(rv.findings), dump(rv.overrides), rv.reviewed_by,
            clock.to_iso(rv.reviewed_at), rv.checklist_version)


def load_demo(db, data: DemoData, progress: Callable[[int, int], None] | None = None) -> None:
    """Replace the unit profile, people and columns and add the items with their history."""
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
    try:
        _load(db, data, progress, compute_due, pw, due_cache, total)
    finally:
        db.conn.execute(f"PRAGMA cache_size = {int(cache_size)}")
    db._column_cache = None
    if progress:
        progress(total, total)


def _load(db, data: DemoData, progress, compute_due, pw: str, due_cache: dict, total: int) -> None:
    columns = {c.id: c for c in data.columns}
    with db.transaction() as conn:
        conn.execute("INSERT INTO unit (id, name, mailbox, short_name) VALUES (1, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                     "name=excluded.name, mailbox=excluded.mailbox, short_name=excluded.short_name",
                     (data.unit.name, data.unit.mailbox, data.unit.short_name))
        for p in data.people:
            conn.execute("INSERT OR REPLACE INTO people (name, role, phone, email, active, password_hash) VALUES (?, ?, ?, ?, 1, ?)",
                         (p.name, p.role, p.phone, p.email, pw))
        seq0 = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM items").fetchone()[0]
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
            conn.executemany("INSERT INTO items_fts (rowid, tokens) VALUES (?, ?)",
                             zip(range(seq0 + start + 1, seq0 + start + len(chunk) + 1), index_tokens_many(texts)))
            conn.executemany("INSERT INTO attachments (item_id, position, name, media_type, size, sha256, caption) VALUES (?, ?, ?, ?, ?, ?, ?)", atts)
            conn.executemany("INSERT INTO item_versions (item_id, version, saved_at, saved_by, content, content_hash, state) VALUES (?, ?, ?, ?, ?, ?, ?)", versions)
        conn.executemany("INSERT INTO signoffs (item_id, signer, signed_at, content_hash, version, comment, voided_at, void_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         [(s.item_id, s.signer, s.signed_at.isoformat(), s.content_hash, s.version, s.comment,
                           clock.to_iso(s.voided_at), s.void_reason) for s in data.signoffs])
        conn.executemany("INSERT OR REPLACE INTO reviews (item_id, content_hash, answers, findings, overrides, reviewed_by, reviewed_at, checklist_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         [_review_row(r) for r in data.reviews])
        conn.executemany("INSERT INTO transitions (item_id, action, from_state, to_state, actor, at, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [(e.item_id, e.action, e.from_state, e.to_state, e.actor, e.at.isoformat(), e.reason)
                          for e in data.events if e.to_state])
        audit_rows = [(clock.now().isoformat(), "demo", "demo", "", {"items": total, "people": [p.name for p in data.people]})]
        audit_rows += [(e.at.isoformat(), e.actor, e.action, e.item_id, e.details) for e in data.events]
        audit_log.append_many(conn, audit_rows)
