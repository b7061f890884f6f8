"""The one Database class: schema, migrations, queries, search, attachments, audit log.

Built on sqlite-utils over a connection in autocommit mode; every user action that
writes runs inside :meth:`Database.transaction` (``BEGIN IMMEDIATE`` … ``COMMIT``), so
it is all-or-nothing, and appends its audit entry in the same transaction.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import sqlite_utils

from core import clock
from core.errors import AuthError, UserError
from core.hashing import canonical_content, canonical_json, content_hash
from core.i18n import tr
from core.model import (OPEN_STATES, Attachment, ChecklistAnswer, Column, Finding, Item, Override, Person, Review,
                        SignOff, Unit)
from core.passwords import hash_password, verify_password
from storage import audit as audit_log
from storage import blobs, mapping
from storage.migrations import LATEST, MIGRATIONS
from storage.counting import CountHelper
from storage.search import (CJK_RUN, FOLDS_INTO_CJK, PREVIOUS_TOKENS_VERSION, TOKENS_VERSION, SearchPlan, index_tokens,
                            index_tokens_many, may_fold_into_cjk, normalise, plan_search, stored_text)

APP_DIR_NAME = "InfoDesk"
DB_FILE_NAME = "infodesk.sqlite3"
SORTABLE = {
    "title": "title", "column": "column_id", "type": "content_type", "author": "created_by",
    "event_date": "event_date", "due_at": "due_at", "state": "state", "updated_at": "updated_at",
    "created_at": "created_at",
}


def default_db_path() -> Path:
    env = os.environ.get("INFODESK_DB")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)) / DB_FILE_NAME


@dataclass(frozen=True)
class ItemFilter:
    """What the item list shows: the GUI and CLI build one; the query runs in SQL."""

    states: tuple[str, ...] = ()
    column_id: str = ""
    content_type: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    search: str = ""
    created_by: str = ""
    exclude_contributor: str = ""  # "待我签发": items this person did not create or edit
    sort: str = "updated_at"
    descending: bool = True


@dataclass
class _Hits:
    """What a connection keeps of one search's results while the database is unchanged (its
    ``state``): the number of hits and, once a query needs it, the temporary table of them."""

    state: tuple[int, int]
    count: int | None = None
    table: str | None = None
    #: (sort, descending, the first window's rows or None) read while the count was finishing
    first: tuple[str, bool, list[int] | None] | None = None


class Database:
    """An InfoDesk database file and its attachment store beside it."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None):
        self.conn = conn
        self.path = path
        self.db = sqlite_utils.Database(conn)
        conn.create_function("infodesk_fold", 1, normalise, deterministic=True)  # search: the folded text
        self._tx_depth = 0
        self._column_cache: dict[str, Column] | None = None
        self._hits: dict[str, _Hits] = {}  # search: match → what is kept of its results
        self._hits_made = 0
        self._counter: CountHelper | None = None  # search: the second process that counts with this one
        self._hits_changes = 0  # rows this connection changed in its own temporary tables

    # ----------------------------------------------------------------- opening
    @staticmethod
    def needs_upgrade(path: str | os.PathLike | None) -> bool:
        """Whether opening the database file at ``path`` will first move it on: a schema
        migration, or search tokens of another version (work that takes seconds on a large
        database, so the program can say so first). False for a new or unreadable file."""
        if path is None or str(path) == ":memory:":
            return False
        p = Path(path).expanduser()
        if not p.is_file() or p.stat().st_size == 0:
            return False
        try:
            conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True, timeout=2)
        except (sqlite3.Error, ValueError):
            return False
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "_migrations" not in tables:
                return False  # not an InfoDesk database (opening it says so)
            done = {r[0] for r in conn.execute("SELECT id FROM _migrations")}
            if any(number not in done for number, _, _ in MIGRATIONS):
                return True
            return "meta" not in tables or Database._tokens_version(conn) != TOKENS_VERSION
        except sqlite3.Error:
            return False
        finally:
            conn.close()

    @classmethod
    def open(cls, path: str | os.PathLike | None, create: bool = True) -> "Database":
        """Open (and migrate) the database at ``path``; ``None`` or ":memory:" for a private one."""
        if path is None or str(path) == ":memory:":
            conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            database = cls(conn, None)
        else:
            p = Path(path).expanduser()
            if not p.exists():
                if not create:
                    raise UserError(tr("No database at {path}.", path=str(p)))
                try:
                    p.parent.mkdir(parents=True, exist_ok=True)
                    fd = os.open(p, os.O_CREAT | os.O_WRONLY, 0o600)
                    os.close(fd)
                except OSError as err:
                    raise UserError(tr("Cannot create the database at {path}: {error}", path=str(p), error=err.strerror or str(err)))
            elif p.is_dir():
                raise UserError(tr("{path} is a folder, not a database file.", path=str(p)))
            try:
                conn = sqlite3.connect(str(p), isolation_level=None, check_same_thread=False, timeout=10)
            except sqlite3.Error as err:
                raise UserError(tr("Cannot open the database at {path}: {error}", path=str(p), error=str(err)))
            database = cls(conn, p)
        try:
            database._prepare()
        except sqlite3.DatabaseError as err:
            database.conn.close()
            raise UserError(tr("{path} is not an InfoDesk database ({error}).", path=str(path), error=str(err)))
        except Exception:
            database.conn.close()
            raise
        return database

    def _prepare(self) -> None:
        conn = self.conn
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > LATEST:
            raise UserError(tr("This database was written by a newer InfoDesk (schema {found}; this program knows up to {known}). "
                               "Update InfoDesk to open it.", found=version, known=LATEST))
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if tables and "_migrations" not in tables:
            raise UserError(tr("{path} is an SQLite file, but not an InfoDesk database.", path=str(self.path)))
        if not tables:  # a new file: items, versions and reviews are rows of 1–2 KB, which 4 KB pages fit badly
            conn.execute("PRAGMA page_size = 8192")
        if self.path is not None:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA busy_timeout = 10000")
        self.migrate()
        self._check_search_index()
        if self.path is not None:
            for suffix in ("", "-wal", "-shm"):
                f = Path(str(self.path) + suffix)
                if f.exists():
                    with contextlib.suppress(OSError):
                        os.chmod(f, 0o600)

    def migrate(self) -> list[int]:
        """Apply every migration not yet applied; return their numbers."""
        conn = self.conn
        conn.execute("CREATE TABLE IF NOT EXISTS _migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        done = {r[0] for r in conn.execute("SELECT id FROM _migrations")}
        if done and max(done) > LATEST:
            raise UserError(tr("This database was written by a newer InfoDesk (schema {found}; this program knows up to {known}). "
                               "Update InfoDesk to open it.", found=max(done), known=LATEST))
        applied = []
        for number, name, fn in MIGRATIONS:
            if number in done:
                continue
            conn.execute("BEGIN IMMEDIATE")
            try:
                fn(conn)
                conn.execute("INSERT INTO _migrations (id, name, applied_at) VALUES (?, ?, ?)",
                             (number, name, clock.now().isoformat()))
                conn.execute(f"PRAGMA user_version = {int(number)}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            applied.append(number)
        return applied

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        if self._counter is not None:
            self._counter.close()
            self._counter = None
        with contextlib.suppress(sqlite3.Error):
            if self.path is not None:
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.close()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One all-or-nothing unit of work; nests (inner blocks join the outer one)."""
        if self._tx_depth:
            self._tx_depth += 1
            try:
                yield self.conn
            finally:
                self._tx_depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._tx_depth = 1
        try:
            yield self.conn
        except BaseException:
            self._tx_depth = 0
            self.conn.execute("ROLLBACK")
            self._column_cache = None
            raise
        else:
            self._tx_depth = 0
            self.conn.execute("COMMIT")

    # ------------------------------------------------------------- attachments
    @property
    def blob_dir(self) -> Path | None:
        return blobs.blob_dir_for(self.path)

    def store_blob(self, data: bytes) -> str:
        """Store bytes content-addressed; return their sha256."""
        return blobs.store(self.blob_dir, data, memory=self)

    def read_blob(self, sha256: str) -> bytes:
        return blobs.read(self.blob_dir, sha256, memory=self)

    def blob_path(self, sha256: str) -> Path | None:
        return blobs.path_of(self.blob_dir, sha256)

    def _delete_unused_blobs(self, shas: Iterable[str]) -> None:
        for sha in set(shas):
            used = self.conn.execute("SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1", (sha,)).fetchone()
            if not used:
                blobs.delete(self.blob_dir, sha, memory=self)

    # ---------------------------------------------------------------- audit log
    def audit(self, actor: str, action: str, item_id: str = "", **details) -> None:
        """Append one entry to the hash-chained audit log (inside the current transaction)."""
        audit_log.append(self.conn, actor=actor, action=action, item_id=item_id, details=details)

    def audit_entries(self, item_id: str | None = None, limit: int | None = None) -> list[audit_log.Entry]:
        return audit_log.entries(self.conn, item_id=item_id, limit=limit)

    def verify(self) -> audit_log.VerifyResult:
        """The audit chain and ``PRAGMA integrity_check``."""
        return audit_log.verify(self.conn)

    # --------------------------------------------------------------- unit/people
    def unit(self) -> Unit:
        row = self.conn.execute("SELECT name, mailbox, short_name FROM unit WHERE id = 1").fetchone()
        return Unit(*row) if row else Unit(name="")

    def set_unit(self, unit: Unit, actor: str = "") -> None:
        with self.transaction() as conn:
            conn.execute("INSERT INTO unit (id, name, mailbox, short_name) VALUES (1, ?, ?, ?) "
                         "ON CONFLICT(id) DO UPDATE SET name=excluded.name, mailbox=excluded.mailbox, short_name=excluded.short_name",
                         (unit.name, unit.mailbox, unit.short_name))
            self.audit(actor or "system", "unit", name=unit.name, mailbox=unit.mailbox)

    def people(self, include_inactive: bool = False) -> list[Person]:
        sql = "SELECT name, role, phone, email, active FROM people"
        if not include_inactive:
            sql += " WHERE active = 1"
        sql += " ORDER BY role DESC, name"
        return [Person(r[0], r[1], r[2], r[3], bool(r[4])) for r in self.conn.execute(sql)]

    def person(self, name: str) -> Person:
        row = self.conn.execute("SELECT name, role, phone, email, active FROM people WHERE name = ?", (name.strip(),)).fetchone()
        if not row:
            known = "、".join(p.name for p in self.people()) or tr("(nobody yet)")
            raise UserError(tr("No person named {name} in this unit. Known: {known}", name=name, known=known))
        return Person(row[0], row[1], row[2], row[3], bool(row[4]))

    def save_person(self, person: Person, actor: str = "", password: str | None = None) -> None:
        if person.role not in ("officer", "supervisor"):
            raise UserError(tr("Unknown role {role}: use officer or supervisor.", role=person.role))
        if not person.name.strip():
            raise UserError(tr("A person needs a name."))
        pw_hash = hash_password(password) if password else None
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO people (name, role, phone, email, active) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET role=excluded.role, phone=excluded.phone, email=excluded.email, active=excluded.active",
                (person.name.strip(), person.role, person.phone, person.email, int(person.active)))
            if pw_hash:
                conn.execute("UPDATE people SET password_hash = ? WHERE name = ?", (pw_hash, person.name.strip()))
            self.audit(actor or person.name, "person", name=person.name, role=person.role, active=person.active)

    def has_password(self, name: str) -> bool:
        row = self.conn.execute("SELECT password_hash FROM people WHERE name = ?", (name,)).fetchone()
        return bool(row and row[0])

    def set_password(self, name: str, new_password: str, old_password: str | None = None) -> None:
        """Set a person's own password; changing an existing one needs the old one."""
        self.person(name)
        if self.has_password(name) and not self.check_password(name, old_password or ""):
            raise AuthError(tr("The current password of {name} is wrong.", name=name))
        pw_hash = hash_password(new_password)
        with self.transaction() as conn:
            conn.execute("UPDATE people SET password_hash = ? WHERE name = ?", (pw_hash, name))
            self.audit(name, "password", name=name)

    def check_password(self, name: str, password: str) -> bool:
        row = self.conn.execute("SELECT password_hash FROM people WHERE name = ?", (name,)).fetchone()
        return bool(row and row[0] and verify_password(password, row[0]))

    def authenticate(self, name: str, password: str | None) -> Person:
        """The person, if ``password`` is theirs (raises AuthError otherwise)."""
        person = self.person(name)
        if not self.has_password(name):
            raise AuthError(tr("{name} has no password yet: set one first (on first use).", name=name))
        if not password or not self.check_password(name, password):
            raise AuthError(tr("Wrong password for {name}.", name=name))
        return person

    # ------------------------------------------------------------------ columns
    def columns(self) -> list[Column]:
        rows = self.conn.execute(
            "SELECT id, name, level, parent, content, upkeep_mode, update_rule, supplier, disclosure_category, kind, home_page "
            "FROM columns ORDER BY position, id").fetchall()
        return [mapping.column_from_row(r) for r in rows]

    def column(self, column_id: str) -> Column | None:
        if self._column_cache is None:
            self._column_cache = {c.id: c for c in self.columns()}
        return self._column_cache.get(column_id)

    def find_column(self, text: str) -> Column:
        """A column by id, exact name or path."""
        cols = self.columns()
        for c in cols:
            if text in (c.id, c.name, c.path):
                return c
        raise UserError(tr("No column {name} in this unit's table.", name=text))

    def replace_columns(self, columns: Sequence[Column], actor: str = "") -> None:
        """Replace the unit's responsibility table in one transaction."""
        ids = [c.id for c in columns]
        if len(set(ids)) != len(ids):
            raise UserError(tr("Column ids must be unique."))
        with self.transaction() as conn:
            conn.execute("DELETE FROM columns")
            conn.executemany(
                "INSERT INTO columns (id, name, level, parent, content, upkeep_mode, update_rule, supplier, disclosure_category, kind, home_page, position) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [mapping.column_to_row(c) + (i,) for i, c in enumerate(columns)])
            self.audit(actor or "system", "columns", count=len(columns))
        self._column_cache = None
        self.refresh_due_times(actor or "system")  # a column's rule may have changed

    def column_last_updates(self) -> dict[str, dt.datetime]:
        """The last submission or publication per column."""
        out: dict[str, dt.datetime] = {}
        for col, when in self.conn.execute(
                "SELECT column_id, MAX(COALESCE(published_at, submitted_at)) FROM items "
                "WHERE state IN ('submitted', 'published') GROUP BY column_id"):
            if when:
                out[col] = mapping.parse_dt(when)
        return out

    def due_item_seqs(self, until: dt.datetime,
                      states: Sequence[str] = OPEN_STATES) -> list[int]:
        """Row numbers of the items in ``states`` due at or before ``until``, soonest first
        (what the start-of-day banner lists)."""
        marks = ",".join("?" * len(states))
        return [r[0] for r in self.conn.execute(
            f"SELECT seq FROM items WHERE state IN ({marks}) AND due_at IS NOT NULL AND due_at <= ? "
            "ORDER BY due_at, seq", (*states, until.astimezone(clock.TZ).isoformat()))]

    # ------------------------------------------------------------------- items
    def _due_for(self, item: Item) -> dt.datetime | None:
        return self._due_at(item.column_id, item.event_date)

    def _due_at(self, column_id: str, event_date: dt.date | None) -> dt.datetime | None:
        """The due time by the rule of column ``column_id`` for an event on ``event_date``."""
        col = self.column(column_id) if column_id else None
        if not col or not event_date or not col.update_rule:
            return None
        try:
            from core.schedule import compute_due
        except ImportError:  # pragma: no cover - schedule rules not installed
            return None
        try:
            return compute_due(col.update_rule, event_date).due
        except UserError:
            return None

    def refresh_due_times(self, actor: str = "") -> int:
        """Work out again the due time of every item not yet out (draft, queued, returned, signed
        off) — after the working-day calendar (a holiday file) or a column's rule changed.
        Returns how many changed; with ``actor`` the audit log records the refresh."""
        rows = self.conn.execute(
            f"SELECT seq, column_id, event_date, due_at FROM items WHERE state IN ({','.join('?' * len(OPEN_STATES))})",
            OPEN_STATES).fetchall()
        seen: dict[tuple[str, str | None], str | None] = {}
        changes: list[tuple[str | None, int]] = []
        for seq, column_id, event_date, due_at in rows:
            key = (column_id or "", event_date)
            if key not in seen:
                seen[key] = clock.to_iso(self._due_at(key[0], mapping.parse_date(event_date)))
            if seen[key] != due_at:
                changes.append((seen[key], seq))
        if changes:
            with self.transaction() as conn:
                conn.executemany("UPDATE items SET due_at = ? WHERE seq = ?", changes)
                if actor:
                    self.audit(actor, "refresh_due", count=len(changes))
        return len(changes)

    def create_item(self, item: Item, actor: str, *, at: dt.datetime | None = None, audit_details: dict | None = None) -> Item:
        """Store a new draft written by ``actor``; returns it with id, times and due time."""
        person = self.person(actor)
        now = at or clock.now()
        new = item.replace(
            id=item.id or str(uuid.uuid4()), created_by=person.name, created_at=now, updated_by=person.name,
            updated_at=now, state="draft", version=1, contributors=(person.name,), signed_hash="")
        new = new.replace(due_at=self._due_for(new))
        with self.transaction() as conn:
            self._write_item(conn, new, insert=True)
            self._write_version(conn, new, person.name, now)
            self.audit(person.name, "create", new.id, title=new.title, content_hash=content_hash(new), **(audit_details or {}))
        return new

    def update_item(self, item: Item, actor: str) -> Item:
        """Save an edit by ``actor``. An edit of a queued item takes it out of the queue; an
        edit of a signed-off item voids the sign-off and sends it back to draft."""
        from core.workflow import edit_outcome

        person = self.person(actor)
        with self.transaction() as conn:
            old = self.get_item(item.id)
            if content_hash(old) == content_hash(item) and old.event_date == item.event_date:
                return old
            new_state, voids = edit_outcome(old)
            now = clock.now()
            contributors = old.contributors + (() if person.name in old.contributors else (person.name,))
            new = item.replace(
                created_by=old.created_by, created_at=old.created_at, updated_by=person.name, updated_at=now,
                state=new_state, version=old.version + 1, contributors=contributors,
                signed_hash="" if voids else old.signed_hash)
            new = new.replace(due_at=self._due_for(new))
            if voids:
                conn.execute("UPDATE signoffs SET voided_at = ?, void_reason = ? WHERE item_id = ? AND voided_at IS NULL",
                             (now.isoformat(), "edited", old.id))
            self._write_item(conn, new, insert=False)
            self._write_version(conn, new, person.name, now)
            if old.state != new_state:
                self._record_transition(conn, new.id, "edit", old.state, new_state, person.name, now, "")
            removed = {a.sha256 for a in old.attachments} - {a.sha256 for a in new.attachments}
            self.audit(person.name, "edit", new.id, version=new.version, content_hash=content_hash(new),
                       from_state=old.state, to_state=new_state, signoff_voided=voids)
            self._delete_unused_blobs(removed)
        return new

    def _write_item(self, conn: sqlite3.Connection, item: Item, insert: bool) -> None:
        row = mapping.item_to_row(item)
        if insert:
            cols = ", ".join(row)
            marks = ", ".join("?" for _ in row)
            cur = conn.execute(f"INSERT INTO items ({cols}) VALUES ({marks})", tuple(row.values()))
            seq = cur.lastrowid
        else:
            old = conn.execute("SELECT seq, title, body FROM items WHERE id = ?", (item.id,)).fetchone()
            seq = old[0]
            text_changed = (old[1], old[2]) != (row["title"], row["body"])
            if text_changed:  # forget the old tokens while the old text is still there
                self._unindex_item(conn, seq)
            sets = ", ".join(f"{k} = ?" for k in row if k != "id")
            conn.execute(f"UPDATE items SET {sets} WHERE id = ?", tuple(v for k, v in row.items() if k != "id") + (item.id,))
            conn.execute("DELETE FROM attachments WHERE item_id = ?", (item.id,))
        if insert or text_changed:
            conn.execute("INSERT INTO items_fts (rowid, tokens) VALUES (?, ?)",
                         (seq, index_tokens(stored_text(row["title"], row["body"]))))
        conn.executemany(
            "INSERT INTO attachments (item_id, position, name, media_type, size, sha256, caption) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(item.id, i, a.name, a.media_type, a.size, a.sha256, a.caption) for i, a in enumerate(item.attachments)])

    # ------------------------------------------------------------ search results
    # What the index finds for a query is counted once, and put in a temporary table (numbered
    # rows, so testing whether a row is in it is one b-tree step) when a query needs it, both
    # kept while nothing in the database changes: the list asks for the count, then a page, then
    # the next page as the user scrolls, all with the same search. Without the table each of
    # those asks the index again, and with tens of thousands of hits SQLite would fetch every
    # hit's (large) row instead of walking the sorted index. A new search of a word found in most
    # items reads its first page without the table (see _walk_first_window): filling it costs as
    # much as counting.
    SEARCH_HITS_KEPT = 4
    #: A new search of a Chinese word in at least this share of the items reads its first page by
    #: testing the text of the rows in order, not from the temporary table.
    WALK_SHARE = 0.25
    #: Rows the walk reads, besides two for each row wanted at that share, before it gives up.
    WALK_MIN_READ = 100

    def _search_state(self) -> tuple[int, int]:
        """Changes since: this connection's (less its own temporary tables') and other connections'."""
        return self.conn.total_changes - self._hits_changes, self.conn.execute("PRAGMA data_version").fetchone()[0]

    def _temp_sql(self, sql: str, params=()) -> sqlite3.Cursor:
        before = self.conn.total_changes
        try:
            return self.conn.execute(sql, params)
        finally:
            self._hits_changes += self.conn.total_changes - before

    def _search_record(self, match: str) -> _Hits | None:
        """What is kept for the FTS ``match`` (made now, empty, when nothing valid is); None
        inside a transaction (the index then holds this connection's uncommitted changes)."""
        if self.conn.in_transaction:
            return None
        state = self._search_state()
        got = self._hits.pop(match, None)
        if got is not None and got.state != state:
            self._drop_hits(got)
            got = None
        if got is None:
            while len(self._hits) >= self.SEARCH_HITS_KEPT:
                self._drop_hits(self._hits.pop(next(iter(self._hits))))
            got = _Hits(state)
        self._hits[match] = got
        return got

    def _search_count(self, match: str, flt: ItemFilter | None = None) -> int | None:
        """How many items the FTS ``match`` finds (kept); None inside a transaction. With the
        search's filter, its first window is read (:meth:`_walk_first_window`) while the helper
        process finishes counting, when the half counted here shows that it will be wanted."""
        rec = self._search_record(match)
        if rec is None:
            return None
        if rec.count is None:
            meanwhile = None
            plan = self._walk_plan(flt) if flt is not None else None
            if plan is not None:
                def meanwhile(share: float) -> None:
                    if share >= self.WALK_SHARE:
                        rec.first = (flt.sort, flt.descending, self._walk(flt, ItemList.WINDOW, share, plan))
            rec.count = self._count_match(match, meanwhile)
        return rec.count

    #: The search helper (:meth:`start_search_helper`) is started for databases of this many items or more.
    SEARCH_HELPER_MIN_ITEMS = 20_000

    def start_search_helper(self) -> bool:
        """Start the second process that counts what a search finds on the other core (the main
        window does this). Only for a database file of :attr:`SEARCH_HELPER_MIN_ITEMS` items or more:
        below that a count takes a few milliseconds. True if it runs."""
        try:
            if self._counter is None and self.path is not None and self._item_span() >= self.SEARCH_HELPER_MIN_ITEMS:
                self._counter = CountHelper(self.path)
        except (OSError, sqlite3.Error):  # no process to be had, or the database closed meanwhile: count alone
            self._counter = None
        return self._counter is not None

    def _count_match(self, match: str, meanwhile: Callable[[float], None] | None = None) -> int:
        """The number of items the FTS ``match`` finds: the helper process counts the upper half of
        the rows while this connection counts the lower, then does ``meanwhile(share)`` (the
        share of the lower half found) before it takes the helper's answer. Not for a
        one-character (prefix) query: most of its cost is merging the index's entries of every
        token it starts, for either half."""
        sql = "SELECT count(*) FROM items_fts WHERE items_fts MATCH ?"
        helper = self._counter
        if helper is not None and "*" not in match:
            middle = self._item_span() // 2 + 1
            if helper.start_count(match, middle):
                lower = self.conn.execute(sql + " AND rowid < ?", (match, middle)).fetchone()[0]
                if meanwhile is not None:
                    meanwhile(lower / max(middle - 1, 1))
                upper = helper.result()
                if upper is None:  # the helper failed: count that half here
                    upper = self.conn.execute(sql + " AND rowid >= ?", (match, middle)).fetchone()[0]
                return lower + upper
        return self.conn.execute(sql, (match,)).fetchone()[0]

    def _search_hits(self, match: str) -> tuple[str, int] | None:
        """(temporary table, number of rows) for the FTS ``match``; None inside a transaction."""
        rec = self._search_record(match)
        if rec is None:
            return None
        if rec.table is None:
            self._hits_made += 1
            name = f"search_hits_{self._hits_made}"
            self._temp_sql(f"CREATE TEMP TABLE {name} (seq INTEGER PRIMARY KEY)")
            rec.count = self._temp_sql(f"INSERT INTO temp.{name} SELECT rowid FROM items_fts WHERE items_fts MATCH ?",
                                       (match,)).rowcount
            rec.table = name
        return rec.table, rec.count

    def forget_search_results(self) -> None:
        """Drop the kept search results (they are worked out again when next asked for)."""
        while self._hits:
            with contextlib.suppress(sqlite3.Error):
                self._drop_hits(self._hits.popitem()[1])

    def _drop_hits(self, rec: _Hits) -> None:
        if rec.table:
            self._temp_sql(f"DROP TABLE IF EXISTS temp.{rec.table}")

    def _walk_first_window(self, flt: ItemFilter, limit: int) -> list[int] | None:
        """The first ``limit`` rows of a search (and nothing else) for a Chinese word that most
        items hold, read without the temporary table, or None where that would not be quicker.

        The rows are taken in the list's order (from the sort column's index) a batch at a time,
        and kept when their text holds the folded query: ``instr`` on the stored text, or on the
        folded text for the few items whose folding made Chinese characters (they carry the
        index's :data:`FOLDS_INTO_CJK` token). For a query of Chinese characters that is exactly
        what the index finds (see :func:`storage.search.folds_into_cjk`). With a quarter of the
        items or more holding the query, about four rows are read for each one shown; where the
        hits lie further down the list than that, this gives up after a bounded number of rows.
        The count may have read them already, while the helper process counted (``rec.first``)."""
        if limit <= 0:
            return None
        plan = self._walk_plan(flt)
        if plan is None:
            return None
        rec = self._search_record(plan.match)
        if rec is None or rec.table is not None:
            return None  # in a transaction, or the table is there already
        count = self._search_count(plan.match)
        span = self._item_span()
        if count is None or count < self.WALK_SHARE * span:
            return None
        if rec.first is not None and rec.first[:2] == (flt.sort, flt.descending):
            rows = rec.first[2]
            if rows is None:
                return None  # it gave up: the hits lie too far down the list
            if len(rows) >= limit or len(rows) < ItemList.WINDOW:  # enough, or all there are
                return rows[:limit]
        return self._walk(flt, limit, count / max(span, 1), plan)

    def _walk_plan(self, flt: ItemFilter) -> SearchPlan | None:
        """The search's plan if its first window may be read by :meth:`_walk_first_window`: a
        search and nothing else, for a query of Chinese characters only."""
        if not _search_only(flt):
            return None
        plan = plan_search(flt.search)
        if plan is None or not plan.exact or plan.match is None or not CJK_RUN.fullmatch(plan.folded):
            return None
        return plan

    def _walk(self, flt: ItemFilter, limit: int, share: float, plan: SearchPlan) -> list[int] | None:
        """The first ``limit`` rows of the search ``flt`` (``plan``: its :meth:`_walk_plan`; see
        :meth:`_walk_first_window`), ``share`` of the items holding its query; None when it gives up."""
        share = max(share, self.WALK_SHARE)
        budget = int(limit / self.WALK_SHARE * 2) + self.WALK_MIN_READ  # rows read before giving up
        batch = min(budget, int(limit / share * 1.2) + 50)
        order = f"SELECT seq FROM items ORDER BY {_order_by(flt)} LIMIT ? OFFSET ?"
        test = ("SELECT seq FROM items WHERE seq IN (SELECT value FROM json_each(?)) AND "
                "(CASE WHEN seq IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?) "
                "THEN instr(infodesk_fold(title || char(10) || body), ?) "
                "ELSE instr(title || char(10) || body, ?) END) > 0")
        marked = '"' + FOLDS_INTO_CJK + '"'
        out: list[int] = []
        read = 0
        while len(out) < limit:
            if read >= budget:
                return None
            seqs = [r[0] for r in self.conn.execute(order, (batch, read))]
            if seqs:
                found = {r[0] for r in self.conn.execute(test, (json.dumps(seqs), marked, plan.folded, plan.folded))}
                out.extend(s for s in seqs if s in found)
            if len(seqs) < batch:
                break  # the end of the list
            read += len(seqs)
            batch = min(batch, max(budget - read, 1))
        return out[:limit]

    def _item_span(self) -> int:
        return self.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM items").fetchone()[0]

    # ------------------------------------------------------------ search index
    # ``items_fts`` is a contentless FTS5 table: it holds the index, not the token text. To
    # forget a row's tokens it must be told them again, so they are recomputed from the stored
    # title and body, which must therefore still be the ones that were indexed: call
    # ``_unindex_item`` before a row's title or body changes or the row is deleted.
    def _unindex_item(self, conn: sqlite3.Connection, seq: int) -> None:
        row = conn.execute("SELECT title, body FROM items WHERE seq = ?", (seq,)).fetchone()
        if row is not None:
            conn.execute("INSERT INTO items_fts (items_fts, rowid, tokens) VALUES ('delete', ?, ?)",
                         (seq, index_tokens(stored_text(row[0], row[1]))))

    @staticmethod
    def _tokens_version(conn: sqlite3.Connection) -> str | None:
        """The token version the search index was built with (``meta.search_tokens``)."""
        row = conn.execute("SELECT value FROM meta WHERE key = 'search_tokens'").fetchone()
        return row[0] if row else None

    def _check_search_index(self) -> None:
        version = self._tokens_version(self.conn)
        if version == PREVIOUS_TOKENS_VERSION:
            self._add_folding_marks()
        elif version != TOKENS_VERSION:
            self.rebuild_search_index()

    def _add_folding_marks(self) -> int:
        """Move the index on from the previous tokens: they differ only by the mark of items whose
        folding makes Chinese characters, so only those few are indexed again (a full rebuild of
        100,000 items takes 11 s; reading them for such characters, about 1 s). Returns how many."""
        marked = 0
        with self.transaction() as conn:
            cur = conn.execute("SELECT seq, title, body FROM items ORDER BY seq")
            while rows := cur.fetchmany(5000):
                for seq, title, body in rows:
                    text = stored_text(title, body)
                    if not may_fold_into_cjk(text):
                        continue
                    tokens = index_tokens(text)
                    old = tokens.removesuffix(FOLDS_INTO_CJK).rstrip(" ")
                    if old == tokens:
                        continue
                    conn.execute("INSERT INTO items_fts (items_fts, rowid, tokens) VALUES ('delete', ?, ?)", (seq, old))
                    conn.execute("INSERT INTO items_fts (rowid, tokens) VALUES (?, ?)", (seq, tokens))
                    marked += 1
            conn.execute("UPDATE meta SET value = ? WHERE key = 'search_tokens'", (TOKENS_VERSION,))
        return marked

    def rebuild_search_index(self) -> int:
        """Index every item again (after a migration, a change of tokens, or to repair the index);
        returns the number of items."""
        count = 0
        with self.transaction() as conn:
            conn.execute("INSERT INTO items_fts (items_fts) VALUES ('delete-all')")
            cur = conn.execute("SELECT seq, title, body FROM items ORDER BY seq")
            while rows := cur.fetchmany(5000):
                tokens = index_tokens_many(stored_text(r[1], r[2]) for r in rows)
                conn.executemany("INSERT INTO items_fts (rowid, tokens) VALUES (?, ?)", zip((r[0] for r in rows), tokens))
                count += len(rows)
            if count:
                conn.execute("INSERT INTO items_fts (items_fts) VALUES ('optimize')")
            conn.execute("INSERT INTO meta (key, value) VALUES ('search_tokens', ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (TOKENS_VERSION,))
        return count

    def _write_version(self, conn: sqlite3.Connection, item: Item, actor: str, at: dt.datetime) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO item_versions (item_id, version, saved_at, saved_by, content, content_hash, state) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (item.id, item.version, at.isoformat(), actor, canonical_json(canonical_content(item)), content_hash(item), item.state))

    def _record_transition(self, conn, item_id, action, from_state, to_state, actor, at, reason) -> None:
        conn.execute("INSERT INTO transitions (item_id, action, from_state, to_state, actor, at, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (item_id, action, from_state, to_state, actor, at.isoformat(), reason))

    def resolve_id(self, ref: str) -> str:
        """The full id for an id or a unique prefix of one."""
        ref = ref.strip().lower()
        if len(ref) < 4:
            raise UserError(tr("Give at least 4 characters of the item id."))
        rows = self.conn.execute("SELECT id FROM items WHERE id >= ? AND id < ? LIMIT 2", (ref, ref + "\uffff")).fetchall()
        if not rows:
            raise UserError(tr("No item with id {ref}.", ref=ref))
        if len(rows) > 1:
            raise UserError(tr("The id prefix {ref} matches several items; give more characters.", ref=ref))
        return rows[0][0]

    def get_item(self, ref: str) -> Item:
        item_id = self.resolve_id(ref)
        row = self.conn.execute(f"SELECT {mapping.ITEM_COLUMNS} FROM items WHERE id = ?", (item_id,)).fetchone()
        atts = self.conn.execute(
            "SELECT name, media_type, size, sha256, caption FROM attachments WHERE item_id = ? ORDER BY position", (item_id,)).fetchall()
        return mapping.item_from_row(row, [Attachment(*a) for a in atts])

    def items(self, flt: ItemFilter | None = None, limit: int | None = None) -> list[Item]:
        seqs = self.item_seqs(flt or ItemFilter())
        if limit is not None:
            seqs = seqs[:limit]
        return self.items_by_seq(seqs)

    def items_by_seq(self, seqs: Sequence[int]) -> list[Item]:
        out: dict[int, Item] = {}
        for start in range(0, len(seqs), 500):
            chunk = list(seqs[start:start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(f"SELECT seq, {mapping.ITEM_COLUMNS} FROM items WHERE seq IN ({marks})", chunk).fetchall()
            ids = [r[1] for r in rows]
            atts: dict[str, list[Attachment]] = {}
            if ids:
                for a in self.conn.execute(
                        f"SELECT item_id, name, media_type, size, sha256, caption FROM attachments WHERE item_id IN ({','.join('?' * len(ids))}) ORDER BY item_id, position", ids):
                    atts.setdefault(a[0], []).append(Attachment(*a[1:]))
            for r in rows:
                out[r[0]] = mapping.item_from_row(r[1:], atts.get(r[1], []))
        return [out[s] for s in seqs if s in out]

    def _where(self, flt: ItemFilter) -> tuple[str, list]:
        clauses: list[str] = []
        params: list = []
        if flt.states:
            clauses.append(f"state IN ({','.join('?' * len(flt.states))})")
            params.extend(flt.states)
        if flt.column_id:
            clauses.append("column_id = ?")
            params.append(flt.column_id)
        if flt.content_type:
            clauses.append("content_type = ?")
            params.append(flt.content_type)
        if flt.date_from:
            clauses.append("event_date >= ?")
            params.append(flt.date_from.isoformat())
        if flt.date_to:
            clauses.append("event_date <= ?")
            params.append(flt.date_to.isoformat())
        if flt.created_by:
            clauses.append("created_by = ?")
            params.append(flt.created_by)
        if flt.exclude_contributor:
            name = flt.exclude_contributor
            if json.dumps(name, ensure_ascii=False)[1:-1] == name:
                # the JSON list holds the name as it is: if it is not in the text, it is not in the list
                # (a cheap test that spares json_each for almost every row)
                clauses.append("created_by <> ? AND (instr(contributors, ?) = 0 OR "
                               "NOT EXISTS (SELECT 1 FROM json_each(items.contributors) WHERE value = ?))")
                params.extend([name, name, name])
            else:
                clauses.append("created_by <> ? AND NOT EXISTS (SELECT 1 FROM json_each(items.contributors) WHERE value = ?)")
                params.extend([name, name])
        plan = plan_search(flt.search)
        if plan is not None:
            if plan.match is not None:
                hits = self._search_hits(plan.match)
                if hits is None:
                    clauses.append("seq IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)")
                    params.append(plan.match)
                elif hits[1] * 50 < self._item_span():  # few: fetch them by number
                    clauses.append(f"seq IN (SELECT seq FROM temp.{hits[0]})")
                else:  # many: walk the index that gives the order (or the smallest one), test each
                    clauses.append(f"+seq IN (SELECT seq FROM temp.{hits[0]})")
            if not plan.exact:  # the index gave candidates: keep those that hold the query (as typed, else folded)
                clauses.append("(instr(lower(title || char(10) || body), ?) > 0 "
                               "OR instr(infodesk_fold(title || char(10) || body), ?) > 0)")
                params.extend((plan.raw, plan.folded))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def item_seqs(self, flt: ItemFilter) -> list[int]:
        """Row numbers of the items matching ``flt``, in its order: search and sort run in SQL.
        (For a list view, :meth:`item_list` reads only the rows shown.)"""
        where, params = self._where(flt)
        sql = f"SELECT seq FROM items{where} ORDER BY {_order_by(flt)}"
        return [r[0] for r in self.conn.execute(sql, params)]

    def item_list(self, flt: ItemFilter) -> "ItemList":
        """The same rows as :meth:`item_seqs`, as a sequence that counts them first and reads them
        a window at a time when asked: what a list view of 100,000 or 1,000,000 items needs."""
        return ItemList(self, flt)

    def item_page(self, flt: ItemFilter, offset: int, limit: int) -> list[int]:
        """``item_seqs(flt)[offset:offset + limit]``, read from the database alone."""
        if offset <= 0:
            first = self._walk_first_window(flt, int(limit))
            if first is not None:
                return first
        where, params = self._where(flt)
        sql = f"SELECT seq FROM items{where} ORDER BY {_order_by(flt)} LIMIT ? OFFSET ?"
        return [r[0] for r in self.conn.execute(sql, (*params, max(0, int(limit)), max(0, int(offset))))]

    def count_items(self, flt: ItemFilter | None = None) -> int:
        flt = flt or ItemFilter()
        plan = plan_search(flt.search)
        if plan is not None and plan.exact and plan.match is not None and _search_only(flt):
            # a search and nothing else: as many as the index finds (it holds exactly the items)
            count = self._search_count(plan.match, flt)
            if count is not None:
                return count
        where, params = self._where(flt)
        return self.conn.execute(f"SELECT COUNT(*) FROM items{where}", params).fetchone()[0]

    def state_counts(self) -> dict[str, int]:
        return dict(self.conn.execute("SELECT state, COUNT(*) FROM items GROUP BY state").fetchall())

    def item_summaries(self, seqs: Sequence[int]) -> dict[int, dict]:
        """Light rows for the list view: only what the table shows."""
        out: dict[int, dict] = {}
        for start in range(0, len(seqs), 500):
            chunk = list(seqs[start:start + 500])
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                    f"SELECT seq, id, title, column_id, content_type, created_by, event_date, due_at, state, updated_at, contributors "
                    f"FROM items WHERE seq IN ({marks})", chunk):
                out[r[0]] = {
                    "seq": r[0], "id": r[1], "title": r[2], "column_id": r[3], "content_type": r[4], "created_by": r[5],
                    "event_date": r[6], "due_at": r[7], "state": r[8], "updated_at": r[9], "contributors": json.loads(r[10]),
                }
        return out

    def versions(self, item_id: str) -> list[dict]:
        return [
            {"version": r[0], "saved_at": r[1], "saved_by": r[2], "content": json.loads(r[3]), "content_hash": r[4], "state": r[5]}
            for r in self.conn.execute(
                "SELECT version, saved_at, saved_by, content, content_hash, state FROM item_versions WHERE item_id = ? ORDER BY version",
                (item_id,))
        ]

    def transitions(self, item_id: str) -> list[dict]:
        return [
            {"action": r[0], "from": r[1], "to": r[2], "actor": r[3], "at": r[4], "reason": r[5]}
            for r in self.conn.execute(
                "SELECT action, from_state, to_state, actor, at, reason FROM transitions WHERE item_id = ? ORDER BY id", (item_id,))
        ]

    def last_return(self, item_id: str) -> dict | None:
        """The last return of an item: who, when, why, and the version returned."""
        row = self.conn.execute(
            "SELECT actor, at, reason FROM transitions WHERE item_id = ? AND action = 'return' ORDER BY id DESC LIMIT 1",
            (item_id,)).fetchone()
        if not row:
            return None
        audited = self.conn.execute(
            "SELECT json_extract(details, '$.version') FROM audit WHERE item_id = ? AND action = 'return' "
            "ORDER BY seq DESC LIMIT 1", (item_id,)).fetchone()
        ver = audited[0] if audited and audited[0] is not None else self.conn.execute(
            "SELECT MAX(version) FROM item_versions WHERE item_id = ? AND saved_at <= ?", (item_id, row[1])).fetchone()[0]
        return {"actor": row[0], "at": row[1], "reason": row[2], "version": ver}

    def signoffs(self, item_id: str) -> list[SignOff]:
        return [mapping.signoff_from_row(r) for r in self.conn.execute(
            "SELECT item_id, signer, signed_at, content_hash, version, comment, voided_at, void_reason FROM signoffs "
            "WHERE item_id = ? ORDER BY id", (item_id,))]

    def current_signoff(self, item_id: str) -> SignOff | None:
        valid = [s for s in self.signoffs(item_id) if s.voided_at is None]
        return valid[-1] if valid else None

    # ------------------------------------------------------------------ reviews
    def save_review(self, review: Review, actor: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO reviews (item_id, content_hash, answers, findings, overrides, reviewed_by, reviewed_at, checklist_version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", mapping.review_to_row(review))
            self.audit(actor, "review", review.item_id, content_hash=review.content_hash,
                       answers={a.question_id: a.answer for a in review.answers},
                       blocks=sum(1 for f in review.findings if f.severity == "block"),
                       overrides=[{"rule": o.rule, "text": o.text, "justification": o.justification} for o in review.overrides])

    def review(self, item_id: str) -> Review | None:
        row = self.conn.execute(
            "SELECT item_id, content_hash, answers, findings, overrides, reviewed_by, reviewed_at, checklist_version FROM reviews WHERE item_id = ?",
            (item_id,)).fetchone()
        return mapping.review_from_row(row) if row else None

    # -------------------------------------------------------------- transitions
    def apply(self, item_id: str, action: str, actor: str, *, reason: str = "", comment: str = "",
              password: str | None = None, url: str = "", on: dt.date | None = None, gate=None) -> Item:
        """Take a workflow move, checked by ``core.workflow`` (and the review gate for submit)."""
        from core import workflow

        item = self.get_item(item_id)
        t = workflow.TRANSITIONS.get(action)
        if t is None:
            raise UserError(tr("Unknown action: {action}", action=action))
        person = self.authenticate(actor, password) if t.needs_password else self.person(actor)
        target = workflow.check(item, action, person, reason=reason)
        if gate is not None:
            gate(self, item, person)
        now = clock.now()
        with self.transaction() as conn:
            current = self.get_item(item.id)
            if current.state != item.state or current.version != item.version:
                raise UserError(tr("The item changed while you worked on it; reload and try again."))
            changes: dict = {"state": target}
            details: dict = {"from_state": item.state, "to_state": target, "version": item.version}
            if action == "sign_off":
                h = content_hash(item)
                conn.execute("INSERT INTO signoffs (item_id, signer, signed_at, content_hash, version, comment) VALUES (?, ?, ?, ?, ?, ?)",
                             (item.id, person.name, now.isoformat(), h, item.version, comment))
                changes["signed_hash"] = h
                details.update(content_hash=h, comment=comment, version=item.version)
            elif action in ("withdraw", "reopen", "recall") and item.signed_hash:
                conn.execute("UPDATE signoffs SET voided_at = ?, void_reason = ? WHERE item_id = ? AND voided_at IS NULL",
                             (now.isoformat(), action, item.id))
                changes["signed_hash"] = ""
            if action == "submit":
                changes["queued_at"] = now.isoformat()
            if action == "mark_submitted":
                changes["submitted_at"] = now.isoformat()
            if action == "mark_published":
                when = on or now.date()
                changes["published_at"] = dt.datetime.combine(when, dt.time(12, 0), tzinfo=clock.TZ).isoformat()
                changes["published_url"] = url
                details.update(url=url, date=when.isoformat())
            if reason:
                details["reason"] = reason
            sets = ", ".join(f"{k} = ?" for k in changes)
            conn.execute(f"UPDATE items SET {sets} WHERE id = ?", (*changes.values(), item.id))
            self._record_transition(conn, item.id, action, item.state, target, person.name, now, reason or comment)
            self.audit(person.name, action, item.id, **details)
        return self.get_item(item.id)

    # ------------------------------------------------------------------ exports
    def record_export(self, item_id: str, fmt: str, path: str, sha256: str, actor: str) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT INTO exports (item_id, format, path, sha256, at, actor) VALUES (?, ?, ?, ?, ?, ?)",
                         (item_id, fmt, path, sha256, clock.now().isoformat(), actor))
            self.audit(actor, "export", item_id, format=fmt, path=path, sha256=sha256)

    def exports(self, item_id: str) -> list[dict]:
        return [dict(zip(("format", "path", "sha256", "at", "actor"), r)) for r in self.conn.execute(
            "SELECT format, path, sha256, at, actor FROM exports WHERE item_id = ? ORDER BY id", (item_id,))]


def _search_only(flt: ItemFilter) -> bool:
    """A search and nothing else (in any order)."""
    return flt == ItemFilter(search=flt.search, sort=flt.sort, descending=flt.descending)


def _order_by(flt: ItemFilter) -> str:
    col = SORTABLE.get(flt.sort, "updated_at")
    direction = "DESC" if flt.descending else "ASC"
    return f"{col} {direction}, seq {direction}"


class ItemList(Sequence):
    """The seqs of the items matching a filter, in its order (``Database.item_list``).

    Like Anki's browser table, a list view needs the number of rows and the few rows on the
    screen: ``len()`` is one ``COUNT``, and rows are read a window at a time (``LIMIT/OFFSET``
    on the index of the sort column) the first time they are asked for. ``index(seq)`` counts
    the rows before it; iterating reads them all in one query. A snapshot of what the query
    gives: make a new one after changes (as ``item_seqs`` would be called again)."""

    WINDOW = 250
    MAX_WINDOWS = 128

    def __init__(self, db: Database, flt: ItemFilter):
        self._db = db
        self._flt = flt
        self._len: int | None = None
        self._windows: dict[int, list[int]] = {}

    @property
    def item_filter(self) -> ItemFilter:
        return self._flt

    def __len__(self) -> int:
        if self._len is None:
            self._len = self._db.count_items(self._flt)
        return self._len

    def _window(self, w: int) -> list[int]:
        got = self._windows.get(w)
        if got is None:
            if len(self._windows) >= self.MAX_WINDOWS:
                self._windows.pop(next(iter(self._windows)))
            got = self._windows[w] = self._db.item_page(self._flt, w * self.WINDOW, self.WINDOW)
            if len(got) < self.WINDOW and self._len is not None and w * self.WINDOW + len(got) < self._len:
                self._len = w * self.WINDOW + len(got)  # fewer rows than counted (items went away since)
        return got

    def __getitem__(self, i):
        n = len(self)
        if isinstance(i, slice):
            start, stop, step = i.indices(n)
            if step != 1:
                return [self[k] for k in range(start, stop, step)]
            out: list[int] = []
            k = start
            while k < stop:
                w, off = divmod(k, self.WINDOW)
                part = self._window(w)[off:off + (stop - k)]
                if not part:
                    break
                out.extend(part)
                k += len(part)
            return out
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("ItemList index out of range")
        w, off = divmod(i, self.WINDOW)
        window = self._window(w)
        if off >= len(window):  # the items changed since the count
            raise IndexError("ItemList index out of range")
        return window[off]

    def __iter__(self) -> Iterator[int]:
        where, params = self._db._where(self._flt)
        for (seq,) in self._db.conn.execute(f"SELECT seq FROM items{where} ORDER BY {_order_by(self._flt)}", params).fetchall():
            yield seq

    def __contains__(self, seq) -> bool:
        if not isinstance(seq, int):
            return False
        where, params = self._db._where(self._flt)
        glue = " AND " if where else " WHERE "
        return self._db.conn.execute(f"SELECT 1 FROM items{where}{glue}seq = ?", (*params, seq)).fetchone() is not None

    def index(self, seq, start: int = 0, stop: int | None = None) -> int:
        """The row of ``seq``: the number of matching rows that sort before it."""
        for w, window in self._windows.items():
            if seq in window:
                pos = w * self.WINDOW + window.index(seq)
                break
        else:
            pos = self._position(seq)
        if pos is None or pos < start or (stop is not None and pos >= stop):
            raise ValueError(f"{seq} is not in the list")
        return pos

    def _position(self, seq) -> int | None:
        if seq not in self:
            return None
        col = SORTABLE.get(self._flt.sort, "updated_at")
        value = self._db.conn.execute(f"SELECT {col} FROM items WHERE seq = ?", (seq,)).fetchone()[0]
        # rows before it in ORDER BY col, seq (ascending: NULLs first; descending: NULLs last)
        if not self._flt.descending:
            if value is None:
                before, extra = f"({col} IS NULL AND seq < ?)", (seq,)
            else:
                before, extra = f"({col} IS NULL OR {col} < ? OR ({col} = ? AND seq < ?))", (value, value, seq)
        elif value is None:
            before, extra = f"({col} IS NOT NULL OR seq > ?)", (seq,)
        else:
            before, extra = f"({col} > ? OR ({col} = ? AND seq > ?))", (value, value, seq)
        where, params = self._db._where(self._flt)
        glue = " AND " if where else " WHERE "
        return self._db.conn.execute(f"SELECT COUNT(*) FROM items{where}{glue}{before}", (*params, *extra)).fetchone()[0]
