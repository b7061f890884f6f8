"""Write a generated data set (the demo) in one transaction, fast enough for 100,000 items."""
from __future__ import annotations

from typing import Callable

from core import clock
from core.demo import DemoData
from core.hashing import canonical_content, canonical_json, content_hash
from core.passwords import hash_password
from storage import audit as audit_log
from storage import mapping
from storage.search import index_tokens


def load_demo(db, data: DemoData, progress: Callable[[int, int], None] | None = None) -> None:
    """Replace the unit profile, people and columns and add the items with their history."""
    try:
        from core.schedule import compute_due
    except ImportError:  # pragma: no cover - before the schedule rules exist
        compute_due = None
    pw = hash_password(data.password)
    db.replace_columns(data.columns, actor="demo")
    columns = {c.id: c for c in data.columns}
    for sha, blob in data.pictures.items():
        db.store_blob(blob)
    due_cache: dict[tuple[str, str], object] = {}
    total = len(data.items)
    with db.transaction() as conn:
        conn.execute("INSERT INTO unit (id, name, mailbox, short_name) VALUES (1, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                     "name=excluded.name, mailbox=excluded.mailbox, short_name=excluded.short_name",
                     (data.unit.name, data.unit.mailbox, data.unit.short_name))
        for p in data.people:
            conn.execute("INSERT OR REPLACE INTO people (name, role, phone, email, active, password_hash) VALUES (?, ?, ?, ?, 1, ?)",
                         (p.name, p.role, p.phone, p.email, pw))
        seq0 = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM items").fetchone()[0]
        rows, fts, atts, versions = [], [], [], []
        for i, item in enumerate(data.items):
            col = columns.get(item.column_id)
            key = (col.update_rule if col else "", item.event_date.isoformat() if item.event_date else "")
            if key not in due_cache:
                try:
                    due_cache[key] = compute_due(key[0], item.event_date).due if compute_due and key[0] and item.event_date else None
                except Exception:  # an unparseable rule has no due time
                    due_cache[key] = None
            item = item.replace(due_at=due_cache[key])
            row = mapping.item_to_row(item)
            queued, submitted, published = data.times.get(item.id, (None, None, None))
            row["queued_at"] = clock.to_iso(queued)
            row["submitted_at"] = clock.to_iso(submitted)
            row["published_at"] = clock.to_iso(published)
            row["seq"] = seq0 + i + 1
            rows.append(row)
            fts.append((row["seq"], index_tokens(item.text)))
            atts.extend((item.id, j, a.name, a.media_type, a.size, a.sha256, a.caption) for j, a in enumerate(item.attachments))
            versions.append((item.id, 1, clock.to_iso(item.created_at), item.created_by,
                             canonical_json(canonical_content(item)), content_hash(item), item.state))
            if progress and (i % 5000 == 0):
                progress(i, total)
        if rows:
            cols = list(rows[0])
            conn.executemany(f"INSERT INTO items ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                             [tuple(r[c] for c in cols) for r in rows])
        conn.executemany("INSERT INTO items_fts (rowid, tokens) VALUES (?, ?)", fts)
        conn.executemany("INSERT INTO attachments (item_id, position, name, media_type, size, sha256, caption) VALUES (?, ?, ?, ?, ?, ?, ?)", atts)
        conn.executemany("INSERT INTO item_versions (item_id, version, saved_at, saved_by, content, content_hash, state) VALUES (?, ?, ?, ?, ?, ?, ?)", versions)
        conn.executemany("INSERT INTO signoffs (item_id, signer, signed_at, content_hash, version, comment, voided_at, void_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         [(s.item_id, s.signer, s.signed_at.isoformat(), s.content_hash, s.version, s.comment,
                           clock.to_iso(s.voided_at), s.void_reason) for s in data.signoffs])
        conn.executemany("INSERT OR REPLACE INTO reviews (item_id, content_hash, answers, findings, overrides, reviewed_by, reviewed_at, checklist_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         [mapping.review_to_row(r) for r in data.reviews])
        conn.executemany("INSERT INTO transitions (item_id, action, from_state, to_state, actor, at, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [(e.item_id, e.action, e.from_state, e.to_state, e.actor, e.at.isoformat(), e.reason)
                          for e in data.events if e.to_state])
        audit_rows = [(clock.now().isoformat(), "demo", "demo", "", {"items": total, "people": [p.name for p in data.people]})]
        audit_rows += [(e.at.isoformat(), e.actor, e.action, e.item_id, e.details) for e in data.events]
        audit_log.append_many(conn, audit_rows)
    db._column_cache = None
    if progress:
        progress(total, total)
