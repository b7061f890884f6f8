"""Numbered schema migrations, recorded in the ``_migrations`` table.

Each migration is a function taking the sqlite3 connection; they run in order inside
one transaction each. ``PRAGMA user_version`` mirrors the highest applied number so a
newer database is refused before anything touches it.
"""
from __future__ import annotations

import sqlite3
from typing import Callable

Migration = Callable[[sqlite3.Connection], None]


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run statements one by one (``executescript`` would commit the open transaction)."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def m001_initial(conn: sqlite3.Connection) -> None:
    run_script(conn,
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE unit (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL DEFAULT '', mailbox TEXT NOT NULL DEFAULT '', short_name TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE people (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('officer', 'supervisor')),
            phone TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1,
            password_hash TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE columns (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, level INTEGER NOT NULL DEFAULT 1,
            parent TEXT NOT NULL DEFAULT '', content TEXT NOT NULL DEFAULT '',
            upkeep_mode TEXT NOT NULL DEFAULT '', update_rule TEXT NOT NULL DEFAULT '',
            supplier TEXT NOT NULL DEFAULT '', disclosure_category TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT 'dynamic', home_page INTEGER NOT NULL DEFAULT 0,
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE items (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            content_type TEXT NOT NULL,
            column_id TEXT NOT NULL DEFAULT '',
            unit TEXT NOT NULL DEFAULT '',
            elements TEXT NOT NULL DEFAULT '{}',
            body TEXT NOT NULL DEFAULT '',
            event_date TEXT,
            created_by TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_by TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'draft'
                CHECK (state IN ('draft','queued','returned','signed_off','submitted','published','withdrawn')),
            version INTEGER NOT NULL DEFAULT 1,
            contributors TEXT NOT NULL DEFAULT '[]',
            signed_hash TEXT NOT NULL DEFAULT '',
            due_at TEXT,
            queued_at TEXT,
            submitted_at TEXT,
            published_at TEXT,
            published_url TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX items_state_updated ON items (state, updated_at);
        CREATE INDEX items_updated ON items (updated_at);
        CREATE INDEX items_column ON items (column_id, updated_at);
        CREATE INDEX items_type ON items (content_type);
        CREATE INDEX items_event ON items (event_date);
        CREATE INDEX items_due ON items (due_at);
        CREATE INDEX items_created_by ON items (created_by);
        CREATE TABLE item_versions (
            item_id TEXT NOT NULL, version INTEGER NOT NULL, saved_at TEXT NOT NULL, saved_by TEXT NOT NULL,
            content TEXT NOT NULL, content_hash TEXT NOT NULL, state TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (item_id, version)
        );
        CREATE TABLE attachments (
            item_id TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL, media_type TEXT NOT NULL,
            size INTEGER NOT NULL, sha256 TEXT NOT NULL, caption TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (item_id, position)
        );
        CREATE INDEX attachments_sha ON attachments (sha256);
        CREATE TABLE signoffs (
            id INTEGER PRIMARY KEY, item_id TEXT NOT NULL, signer TEXT NOT NULL, signed_at TEXT NOT NULL,
            content_hash TEXT NOT NULL, version INTEGER NOT NULL, comment TEXT NOT NULL DEFAULT '',
            voided_at TEXT, void_reason TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX signoffs_item ON signoffs (item_id);
        CREATE TABLE transitions (
            id INTEGER PRIMARY KEY, item_id TEXT NOT NULL, action TEXT NOT NULL, from_state TEXT NOT NULL,
            to_state TEXT NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL, reason TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX transitions_item ON transitions (item_id);
        CREATE INDEX transitions_at ON transitions (at);
        CREATE TABLE reviews (
            item_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, answers TEXT NOT NULL DEFAULT '[]',
            findings TEXT NOT NULL DEFAULT '[]', overrides TEXT NOT NULL DEFAULT '[]',
            reviewed_by TEXT NOT NULL DEFAULT '', reviewed_at TEXT, checklist_version TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE exports (
            id INTEGER PRIMARY KEY, item_id TEXT NOT NULL, format TEXT NOT NULL, path TEXT NOT NULL,
            sha256 TEXT NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL
        );
        CREATE INDEX exports_item ON exports (item_id);
        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
            item_id TEXT NOT NULL DEFAULT '', details TEXT NOT NULL DEFAULT '{}',
            prev_hash TEXT NOT NULL, hash TEXT NOT NULL
        );
        CREATE INDEX audit_item ON audit (item_id);
        CREATE VIRTUAL TABLE items_fts USING fts5(tokens, tokenize = 'unicode61 remove_diacritics 0');
        """
    )


def m002_adoption(conn: sqlite3.Connection) -> None:
    """采用 and 批示 records on items (weekly report and scoring)."""
    run_script(conn,
        """
        CREATE TABLE adoptions (
            id INTEGER PRIMARY KEY, item_id TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('adoption', 'instruction')),
            by_whom TEXT NOT NULL DEFAULT '', level TEXT NOT NULL DEFAULT '', on_date TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '', recorded_by TEXT NOT NULL DEFAULT '', recorded_at TEXT NOT NULL
        );
        CREATE INDEX adoptions_item ON adoptions (item_id);
        """
    )


def m003_exchange(conn: sqlite3.Connection) -> None:
    """Signed review packages between desktops: people's public keys, imported packages,
    decisions received and sent, items that came from another desktop, and conflicts."""
    run_script(conn,
        """
        CREATE TABLE person_keys (
            name TEXT PRIMARY KEY, public_key TEXT NOT NULL, fingerprint TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL, unit TEXT NOT NULL DEFAULT '', added_at TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('local', 'card'))
        );
        CREATE TABLE imported_packages (
            package_id TEXT PRIMARY KEY, kind TEXT NOT NULL, sha256 TEXT NOT NULL, signer TEXT NOT NULL,
            created_at TEXT NOT NULL DEFAULT '', imported_at TEXT NOT NULL, imported_by TEXT NOT NULL DEFAULT '',
            file_name TEXT NOT NULL DEFAULT '', summary TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE exchange_items (
            item_id TEXT PRIMARY KEY, sender TEXT NOT NULL, package_id TEXT NOT NULL, received_at TEXT NOT NULL
        );
        CREATE TABLE received_decisions (
            decision_id TEXT PRIMARY KEY, item_id TEXT NOT NULL, action TEXT NOT NULL, signer TEXT NOT NULL,
            decided_at TEXT NOT NULL, content_hash TEXT NOT NULL, package_id TEXT NOT NULL,
            outcome TEXT NOT NULL, recorded_at TEXT NOT NULL
        );
        CREATE INDEX received_decisions_item ON received_decisions (item_id, decided_at);
        CREATE TABLE sent_decisions (
            transition_id INTEGER PRIMARY KEY, decision_id TEXT NOT NULL, item_id TEXT NOT NULL,
            package_id TEXT NOT NULL, sent_at TEXT NOT NULL
        );
        CREATE TABLE conflicts (
            id INTEGER PRIMARY KEY, item_id TEXT NOT NULL, local_version TEXT NOT NULL, incoming TEXT NOT NULL,
            package_id TEXT NOT NULL, detected_at TEXT NOT NULL, resolved_at TEXT, resolution TEXT NOT NULL DEFAULT '',
            resolved_by TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX conflicts_item ON conflicts (item_id, resolved_at);
        """
    )


def m004_contentless_search(conn: sqlite3.Connection) -> None:
    """The search index keeps only the index, not a copy of its token text (contentless FTS5:
    a quarter less file at 100,000 items). Forgetting an item's tokens now needs those tokens,
    recomputed from the stored title and body (``Database._unindex_item``). The index starts
    empty: ``Database`` fills it from the items when its ``search_tokens`` version is not the
    program's, which it is not after this migration."""
    run_script(conn,
        """
        DROP TABLE items_fts;
        CREATE VIRTUAL TABLE items_fts USING fts5(tokens, content = '', tokenize = 'unicode61 remove_diacritics 0');
        DELETE FROM meta WHERE key = 'search_tokens';
        """
    )


def m005_list_at_scale(conn: sqlite3.Connection) -> None:
    """The item list at 100,000 items and more.

    * The search index takes its tokens as they are (the ``ascii`` tokenizer splits at spaces
      and folds only A–Z, which the tokens no longer hold; ``unicode61`` would split or fold some
      characters again with its Unicode 6.1 tables): faster to fill, and the index then answers
      every one-run query exactly. It is refilled on open (the ``search_tokens`` version).
    * Every column the list sorts by has an index, alone (the "all items" queue) and after the
      state (every other queue), so a sorted page is read straight from an index."""
    run_script(conn,
        """
        DROP TABLE items_fts;
        CREATE VIRTUAL TABLE items_fts USING fts5(tokens, content = '', tokenize = 'ascii');
        DELETE FROM meta WHERE key = 'search_tokens';
        CREATE INDEX items_title ON items (title);
        CREATE INDEX items_created ON items (created_at);
        CREATE INDEX items_state ON items (state);
        CREATE INDEX items_column_only ON items (column_id);
        CREATE INDEX items_state_title ON items (state, title);
        CREATE INDEX items_state_column ON items (state, column_id);
        CREATE INDEX items_state_type ON items (state, content_type);
        CREATE INDEX items_state_author ON items (state, created_by);
        CREATE INDEX items_state_event ON items (state, event_date);
        CREATE INDEX items_state_due ON items (state, due_at);
        CREATE INDEX items_state_created ON items (state, created_at);
        """
    )


def m006_queue_index(conn: sqlite3.Connection) -> None:
    """The state-and-time index also holds who created and who edited each item, so a queue
    sorted by time — and 待我签发, which leaves out the supervisor's own items — is read from
    the index alone, never from the (large) item rows: its count goes from 65 ms to 5 ms at
    100,000 items."""
    run_script(conn,
        """
        DROP INDEX items_state_updated;
        CREATE INDEX items_state_updated ON items (state, updated_at, created_by, contributors);
        """
    )


def m007_compact_reviews(conn: sqlite3.Connection) -> None:
    """Review answers leave out what they share with their review (who, when, checklist version,
    an empty note; ``storage.mapping.answers_json``): 2 KB → 0.6 KB a review. Existing rows are
    rewritten in that form; they read back the same."""
    from storage import mapping

    last = -1
    while rows := conn.execute("SELECT rowid, item_id, content_hash, answers, findings, overrides, reviewed_by, reviewed_at, "
                               "checklist_version FROM reviews WHERE rowid > ? ORDER BY rowid LIMIT 5000", (last,)).fetchall():
        conn.executemany("UPDATE reviews SET answers = ? WHERE rowid = ?",
                         [(mapping.answers_json(mapping.review_from_row(r[1:])), r[0]) for r in rows])
        last = rows[-1][0]


MIGRATIONS: list[tuple[int, str, Migration]] = [
    (1, "initial", m001_initial),
    (2, "adoption", m002_adoption),
    (3, "exchange", m003_exchange),
    (4, "contentless_search", m004_contentless_search),
    (5, "list_at_scale", m005_list_at_scale),
    (6, "queue_index", m006_queue_index),
    (7, "compact_reviews", m007_compact_reviews),
]

LATEST = MIGRATIONS[-1][0]
