"""What the periodic report reads from the database, and the adoption/instruction records.

* :func:`gather` — one period's :class:`core.reporting.ReportInput` (and the previous period's
  data, for comparison) in a handful of queries; fast enough for 100 000 items.
* :func:`add_adoption`, :func:`list_adoptions`, :func:`remove_adoption` — 采用 (an item adopted by a
  higher level) and 批示 (a leader's instruction on it), each write in one transaction with its
  audit entry.
* :func:`scoring_rule_names`, :func:`set_scoring_rules` — which rule files the unit is assessed by
  (kept in the ``meta`` table; default: every shipped rule).

Times are compared as instants (``julianday``), so values written with another UTC offset are
still placed in the right period.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable, Iterable, Sequence

from core import clock
from core.errors import UserError
from core.gcpause import with_gc_paused
from core.i18n import tr
from core.reporting import Adoption, Event, ItemRecord, Period, ReportInput
from storage import mapping

META_SCORING = "scoring_rules"
_CHUNK = 500


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat()


def _pdt(text: str | None) -> dt.datetime | None:
    return clock.parse_datetime(text) if text else None


# ------------------------------------------------------------------------------ scoring rules
def scoring_rule_names(db) -> list[str]:
    """The unit's scoring rules (names or paths), default every shipped rule."""
    from core.scoring import available_rules

    row = db.conn.execute("SELECT value FROM meta WHERE key = ?", (META_SCORING,)).fetchone()
    if row and row[0] and row[0].strip():
        return [n.strip() for n in row[0].split(",") if n.strip()]
    return available_rules()


def set_scoring_rules(db, names: Sequence[str], actor: str) -> None:
    from core.scoring import load_rule

    for n in names:
        load_rule(n)  # refuse a name that does not load
    value = ",".join(n.strip() for n in names if n.strip())
    with db.transaction() as conn:
        conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                     (META_SCORING, value))
        db.audit(actor or "system", "scoring_rules", rules=value)


# ------------------------------------------------------------------------------ gathering
@with_gc_paused
def gather(db, period: Period, *, now: dt.datetime | None = None, rules: Sequence | None = None,
           progress: Callable[[int, int], None] | None = None,
           cancelled: Callable[[], bool] | None = None) -> ReportInput:
    """Everything the report of ``period`` needs (``rules``: ScoringRule objects; None → the unit's)."""
    from core.content_types import registry, validate
    from core.scoring import load_rules

    now = now or clock.now()
    progress = progress or (lambda done, total: None)
    cancelled = cancelled or (lambda: False)
    previous = period.previous()
    a, b = _iso(previous.start), _iso(period.end)
    # A margin on the text compare lets an index do the rough cut; julianday does the exact one.
    a_rough = _iso(previous.start - dt.timedelta(days=1))
    b_rough = _iso(period.end + dt.timedelta(days=1))
    conn = db.conn
    steps = 6
    progress(0, steps)

    def between(col: str) -> str:
        return f"(julianday({col}) >= julianday(:a) AND julianday({col}) < julianday(:b))"

    params = {"a": a, "b": b, "ar": a_rough, "br": b_rough, "da": previous.first.isoformat(),
              "db": period.last.isoformat()}
    rows = conn.execute(
        "SELECT seq, id, title, content_type, column_id, created_by, created_at, state, event_date, due_at, queued_at, "
        "submitted_at, published_at, published_url FROM items WHERE "
        f"{between('created_at')} OR {between('submitted_at')} OR {between('published_at')} OR {between('due_at')} "
        "OR id IN (SELECT item_id FROM transitions WHERE at >= :ar AND at < :br "
        "          AND julianday(at) >= julianday(:a) AND julianday(at) < julianday(:b)) "
        "OR id IN (SELECT item_id FROM adoptions WHERE on_date >= :da AND on_date <= :db)", params).fetchall()
    if cancelled():
        raise _cancelled()
    progress(1, steps)

    ids = [r[1] for r in rows]
    signers = _signers(conn, ids)
    events = [Event(r[0], r[1], r[2], clock.parse_datetime(r[3]), r[4]) for r in conn.execute(
        "SELECT item_id, action, actor, at, reason FROM transitions WHERE at >= :ar AND at < :br "
        "AND julianday(at) >= julianday(:a) AND julianday(at) < julianday(:b) ORDER BY id", params)]
    adoptions = list_adoptions(db, date_from=previous.first, date_to=period.last)
    progress(2, steps)

    # Required elements of what went out in this period (the rules deduct for incomplete items).
    reg = registry()
    out_seqs = []
    for r in rows:
        sub, pub = _pdt(r[11]), _pdt(r[12])
        if period.contains(sub) or period.contains(pub):
            out_seqs.append(r[0])
    missing: dict[str, tuple[str, ...]] = {}
    for start in range(0, len(out_seqs), _CHUNK):
        if cancelled():
            raise _cancelled()
        for item in db.items_by_seq(out_seqs[start:start + _CHUNK]):
            try:
                problems = validate(item, reg)
            except UserError:
                missing[item.id] = (tr("unknown content type {name}", name=item.content_type),)
                continue
            names = []
            for p in problems:
                label = reg.element(p.element).label
                names.append(label if p.kind == "missing" else tr("{name} (malformed)", name=label))
            if names:
                missing[item.id] = tuple(dict.fromkeys(names))
    progress(3, steps)

    items = tuple(ItemRecord(
        id=r[1], title=r[2], content_type=r[3], column_id=r[4], created_by=r[5], created_at=clock.parse_datetime(r[6]),
        state=r[7], event_date=mapping.parse_date(r[8]), due_at=_pdt(r[9]), queued_at=_pdt(r[10]),
        submitted_at=_pdt(r[11]), published_at=_pdt(r[12]), published_url=r[13] or "", signed_by=signers.get(r[1], ""),
        missing=missing.get(r[1], ())) for r in rows)
    progress(4, steps)

    cutoff = min(period.end, now)
    last_updates = column_last_updates(db, cutoff)
    backlog = _backlog(conn, cutoff)
    progress(5, steps)

    if rules is None:
        rules = load_rules(scoring_rule_names(db))
    type_labels = {code: t.label for code, t in reg.types.items()}
    inp = ReportInput(period=period, unit=db.unit(), columns=tuple(db.columns()),
                      people=tuple(db.people(include_inactive=True)), items=items, events=tuple(events),
                      adoptions=tuple(adoptions), last_updates=last_updates, generated_at=now, backlog=backlog,
                      rules=tuple(rules), type_labels=type_labels)
    progress(steps, steps)
    return inp


def _cancelled():
    from core.errors import Cancelled

    return Cancelled()


def _signers(conn, ids: Sequence[str]) -> dict[str, str]:
    """Per item: who signed off the version in force (else the last signer, marked void)."""
    out: dict[str, str] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start:start + _CHUNK])
        marks = ",".join("?" * len(chunk))
        last_valid: dict[str, str] = {}
        last_any: dict[str, str] = {}
        for item_id, signer, voided in conn.execute(
                f"SELECT item_id, signer, voided_at FROM signoffs WHERE item_id IN ({marks}) ORDER BY id", chunk):
            last_any[item_id] = signer
            if voided is None:
                last_valid[item_id] = signer
        for item_id, signer in last_any.items():
            out[item_id] = last_valid.get(item_id) or tr("{name} (void)", name=signer)
    return out


def column_last_updates(db, cutoff: dt.datetime) -> dict[str, dt.datetime]:
    """Per column: the last moment up to ``cutoff`` when an item of it was submitted or published
    (items now submitted or published; the same basis as the column list)."""
    out: dict[str, dt.datetime] = {}
    for col, sub, pub in db.conn.execute(
            "SELECT column_id, submitted_at, published_at FROM items WHERE state IN ('submitted', 'published')"):
        best = None
        for text in (pub, sub):
            moment = _pdt(text)
            if moment is not None and moment < cutoff and (best is None or moment > best):
                best = moment
        if best is not None and (col not in out or best > out[col]):
            out[col] = best
    return out


def _backlog(conn, cutoff: dt.datetime) -> int:
    n = 0
    for due, sub in conn.execute(
            "SELECT due_at, submitted_at FROM items WHERE due_at IS NOT NULL AND state <> 'withdrawn' "
            "AND julianday(due_at) < julianday(?)", (_iso(cutoff),)):
        submitted = _pdt(sub)
        if submitted is None or submitted > cutoff:
            n += 1
    return n


# ------------------------------------------------------------------------------ adoptions
def _adoption(r) -> Adoption:
    return Adoption(id=r[0], item_id=r[1], kind=r[2], by_whom=r[3], level=r[4], on_date=dt.date.fromisoformat(r[5]),
                    note=r[6], recorded_by=r[7], recorded_at=_pdt(r[8]))


_ADOPTION_COLUMNS = "id, item_id, kind, by_whom, level, on_date, note, recorded_by, recorded_at"


def _parse_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.astimezone(clock.TZ).date() if value.tzinfo else value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise UserError(tr("Not a date (YYYY-MM-DD): {value}", value=value)) from None


MAX_TEXT = 200


def add_adoption(db, item_id: str, kind: str, by_whom: str, level: str, on_date: dt.date | str,
                 note: str = "", actor: str = "") -> Adoption:
    """Record that an item was adopted (采用) by ``by_whom`` at ``level``, or drew a leader's
    instruction (批示), on ``on_date``. Only a submitted or published item can be; the date may
    not be in the future nor before the item's event."""
    from core.scoring import normalise_level, normalise_record_kind

    kind = normalise_record_kind(kind)
    level = normalise_level(level)
    by_whom = " ".join((by_whom or "").split())
    note = (note or "").strip()
    if not by_whom:
        raise UserError(tr("Say who adopted the item or gave the instruction (--by)."))
    if len(by_whom) > MAX_TEXT or len(note) > 2000:
        raise UserError(tr("The text is too long (at most {n} characters for who, 2000 for the note).", n=MAX_TEXT))
    day = _parse_date(on_date)
    person = db.person(actor)
    if not person.active:
        raise UserError(tr("{name} is no longer active in this unit.", name=person.name))
    item = db.get_item(item_id)
    if item.state not in ("submitted", "published"):
        from core.workflow import state_label

        raise UserError(tr("Only a submitted or published item can be adopted or draw an instruction; "
                           "this one is {state}.", state=state_label(item.state)))
    today = clock.today()
    if day > today:
        raise UserError(tr("The date {date} is in the future.", date=day.isoformat()))
    if item.event_date and day < item.event_date:
        raise UserError(tr("The date {date} is before the item's event date {event}.", date=day.isoformat(),
                           event=item.event_date.isoformat()))
    dup = db.conn.execute("SELECT id FROM adoptions WHERE item_id = ? AND kind = ? AND by_whom = ? AND level = ? AND on_date = ?",
                          (item.id, kind, by_whom, level, day.isoformat())).fetchone()
    if dup:
        raise UserError(tr("This record exists already (number {id}).", id=dup[0]))
    now = clock.now()
    with db.transaction() as conn:
        cur = conn.execute(
            "INSERT INTO adoptions (item_id, kind, by_whom, level, on_date, note, recorded_by, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (item.id, kind, by_whom, level, day.isoformat(), note, person.name,
                                                now.isoformat()))
        new_id = cur.lastrowid
        db.audit(person.name, kind, item.id, record=new_id, by_whom=by_whom, level=level, on_date=day.isoformat(),
                 note=note)
    return Adoption(new_id, item.id, kind, by_whom, level, day, note, person.name, now)


def list_adoptions(db, item_id: str | None = None, *, date_from: dt.date | None = None,
                   date_to: dt.date | None = None, kind: str | None = None) -> list[Adoption]:
    """Records, oldest first: of one item (id or prefix), and/or dated between two days (inclusive)."""
    clauses, params = [], []
    if item_id:
        clauses.append("item_id = ?")
        params.append(db.resolve_id(item_id))
    if date_from:
        clauses.append("on_date >= ?")
        params.append(date_from.isoformat())
    if date_to:
        clauses.append("on_date <= ?")
        params.append(date_to.isoformat())
    if kind:
        clauses.append("kind = ?")
        params.append(kind)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return [_adoption(r) for r in db.conn.execute(
        f"SELECT {_ADOPTION_COLUMNS} FROM adoptions{where} ORDER BY on_date, id", params)]


def remove_adoption(db, record_id: int, actor: str, reason: str) -> Adoption:
    """Delete a record entered by mistake; the audit log keeps what it said and why it went."""
    if not (reason or "").strip():
        raise UserError(tr("A reason is required to remove a record."))
    person = db.person(actor)
    row = db.conn.execute(f"SELECT {_ADOPTION_COLUMNS} FROM adoptions WHERE id = ?", (int(record_id),)).fetchone()
    if not row:
        raise UserError(tr("No adoption or instruction record number {id}.", id=record_id))
    rec = _adoption(row)
    with db.transaction() as conn:
        conn.execute("DELETE FROM adoptions WHERE id = ?", (rec.id,))
        db.audit(person.name, f"{rec.kind}_removed", rec.item_id, record=rec.id, by_whom=rec.by_whom, level=rec.level,
                 on_date=rec.on_date.isoformat(), reason=reason.strip())
    return rec


def item_titles(db, ids: Iterable[str]) -> dict[str, str]:
    ids = list(ids)
    out: dict[str, str] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        out.update(db.conn.execute(f"SELECT id, title FROM items WHERE id IN ({','.join('?' * len(chunk))})", chunk).fetchall())
    return out
