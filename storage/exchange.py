"""Officer and supervisor on different desktops: signed review packages.

* :func:`export_for_signoff` — an officer packs queued items (with their self-review and
  attachments) into one signed ``.infopkg`` file for the supervisor.
* :func:`import_path` / :func:`import_bytes` — a package or a person card. A sign-off
  request adds the items to the supervisor's queue (same ids, authors and reviews); a
  decision package moves the officer's items to signed off or back to returned — but only
  when the item's content is still what was decided on; otherwise a conflict is kept.
* :func:`export_decisions` — the supervisor's sign-offs and returns not yet sent.
* :func:`export_card` — a person's public key, to exchange once and compare by phone.
* :func:`conflicts` / :func:`resolve_conflict` — both versions are kept until someone chooses.

Every import and export writes its audit entry in the same transaction as its changes;
a refused package is logged too. Importing the same package again changes nothing.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from core import clock
from core import exchange as fmt
from core.errors import UserError
from core.exchange import Card, ItemRecord, Package, PackageError
from core.hashing import content_hash
from core.i18n import tr
from core.model import Item, Review
from core.workflow import role_label, state_label
from core.atomic import write_bytes
from storage import keys, mapping

_ITEM_ID = re.compile(r"^[0-9a-z][0-9a-z._-]{3,63}$")  # what Database.resolve_id can find again
REQUEST_FORMAT = "infopkg"
DECISION_FORMAT = "infopkg-decisions"


# ------------------------------------------------------------------ results
@dataclass(frozen=True)
class ExportResult:
    path: Path
    kind: str
    package_id: str
    sha256: str
    item_ids: tuple[str, ...]
    titles: tuple[str, ...]

    @property
    def message(self) -> str:
        if self.kind == fmt.KIND_REQUEST:
            return tr("Packed {n} items for sign-off into {path}.", n=len(self.item_ids), path=str(self.path))
        return tr("Packed {n} decisions into {path}.", n=len(self.item_ids), path=str(self.path))


@dataclass(frozen=True)
class CardResult:
    path: Path
    name: str
    role: str
    fingerprint: str
    short_fingerprint: str

    @property
    def message(self) -> str:
        return tr("Card of {name} ({role}) written to {path}. Fingerprint: {fp}", name=self.name,
                  role=role_label(self.role), path=str(self.path), fp=self.short_fingerprint)


@dataclass(frozen=True)
class ItemOutcome:
    item_id: str
    title: str
    outcome: str  # added updated unchanged stale conflict signed_off returned already unknown
    message: str


@dataclass
class ImportResult:
    source: str
    kind: str  # "card", fmt.KIND_REQUEST or fmt.KIND_DECISIONS
    package_id: str = ""
    signer: str = ""
    duplicate: bool = False
    outcomes: list[ItemOutcome] = field(default_factory=list)
    card: Card | None = None
    card_status: str = ""  # added, unchanged, replaced (new key) or updated (same key, new role or unit)
    summary: str = ""

    @property
    def conflicts(self) -> int:
        return sum(1 for o in self.outcomes if o.outcome == "conflict")

    @property
    def changed_ids(self) -> list[str]:
        return [o.item_id for o in self.outcomes if o.outcome in ("added", "updated", "signed_off", "returned")]

    def lines(self) -> list[str]:
        return [self.summary] + ["  " + o.message for o in self.outcomes]


@dataclass(frozen=True)
class Conflict:
    id: int
    item_id: str
    package_id: str
    detected_at: str
    local: dict
    incoming: dict
    resolved_at: str | None
    resolution: str
    resolved_by: str

    @property
    def kind(self) -> str:
        return self.incoming.get("kind", "")

    @property
    def title(self) -> str:
        return self.local.get("item", {}).get("title", "")

    @property
    def description(self) -> str:
        loc = self.local.get("item", {})
        inc = self.incoming.get("record", {}).get("item", {})
        if self.kind == "decision":
            d = self.incoming["decision"]
            what = tr("signed off") if d["action"] == "sign_off" else tr("returned")
            return tr("{signer} {what} version {version} ({at}); here the item is now version {local_version} ({state}).",
                      signer=d["signer"], what=what, version=inc.get("version"), at=d["at"][:16].replace("T", " "),
                      local_version=loc.get("version"), state=state_label(self.local.get("state", loc.get("state", ""))))
        return tr("{sender} sent version {version}; here the item is version {local_version} ({state}).",
                  sender=self.incoming.get("sender", ""), version=inc.get("version"), local_version=loc.get("version"),
                  state=state_label(self.local.get("state", loc.get("state", ""))))


# ------------------------------------------------------------------ helpers
def _actor_label(db, actor: str) -> str:
    if actor:
        return db.person(actor).name
    return "system"


def _fetch_item(db, item_id: str) -> Item | None:
    row = db.conn.execute(f"SELECT {mapping.ITEM_COLUMNS} FROM items WHERE id = ?", (item_id,)).fetchone()
    if not row:
        return None
    atts = db.conn.execute("SELECT name, media_type, size, sha256, caption FROM attachments WHERE item_id = ? ORDER BY position",
                           (item_id,)).fetchall()
    from core.model import Attachment

    return mapping.item_from_row(row, [Attachment(*a) for a in atts])


def _queued_at(db, item_id: str) -> dt.datetime | None:
    row = db.conn.execute("SELECT queued_at FROM items WHERE id = ?", (item_id,)).fetchone()
    return mapping.parse_dt(row[0]) if row and row[0] else None


def _save_review(conn, review: Review | None, item_id: str) -> None:
    if review is None:
        conn.execute("DELETE FROM reviews WHERE item_id = ?", (item_id,))
        return
    conn.execute("INSERT OR REPLACE INTO reviews (item_id, content_hash, answers, findings, overrides, reviewed_by, "
                 "reviewed_at, checklist_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", mapping.review_to_row(review))


def _is_own(item: Item, name: str) -> bool:
    return name == item.created_by or name in item.contributors


def _sender(db, person, key: keys.SigningKey) -> dict:
    return {"name": person.name, "role": person.role, "fingerprint": key.fingerprint, "unit": db.unit().name}


def _write_package(db, out_path, data: bytes, body) -> Path:
    """Record the export (``body(conn)``) and write the file in one transaction: the file is
    renamed into place last, so a failure leaves neither a file nor a record."""
    out = Path(out_path).expanduser()
    if out.is_dir():
        raise UserError(tr("{path} is a folder; give a file name.", path=str(out)))
    try:
        with db.transaction() as conn:
            body(conn)
            write_bytes(out, data)
    except OSError as err:
        raise UserError(tr("Cannot write {path}: {error}", path=str(out), error=err.strerror or str(err)))
    return out


def default_file_name(kind: str, name: str, when: dt.datetime | None = None) -> str:
    from core.filenames import safe_filename

    when = when or clock.now()
    label = {fmt.KIND_REQUEST: tr("for sign-off"), fmt.KIND_DECISIONS: tr("decisions"), "card": tr("card")}[kind]
    suffix = fmt.CARD_SUFFIX if kind == "card" else fmt.PACKAGE_SUFFIX
    stamp = "" if kind == "card" else "-" + when.strftime("%Y%m%d-%H%M")
    return safe_filename(f"{label}-{name}{stamp}{suffix}")


# ------------------------------------------------------------------ exports
def export_for_signoff(db, item_refs: Sequence[str], actor: str, password: str | None, out_path) -> ExportResult:
    """Pack the queued items ``item_refs`` of officer ``actor`` into a signed package."""
    person = db.authenticate(actor, password)
    if person.role != "officer":
        raise UserError(tr("Only an information officer sends items for sign-off; {name} is a {role}.",
                           name=person.name, role=role_label(person.role)))
    if not item_refs:
        raise UserError(tr("Choose at least one item to send."))
    items: list[Item] = []
    problems: list[str] = []
    for ref in item_refs:
        item = db.get_item(ref)
        if any(i.id == item.id for i in items):
            continue
        if item.state != "queued":
            problems.append(tr("{title}: it is {state}; only items awaiting sign-off can be sent.",
                               title=item.title, state=state_label(item.state)))
        elif not _is_own(item, person.name):
            problems.append(tr("{title}: {name} neither wrote nor edited it.", title=item.title, name=person.name))
        items.append(item)
    if problems:
        raise UserError(tr("Nothing was packed: {problems}", problems="；".join(problems)))
    key = keys.signing_key(db, person.name)
    records, blobs = [], {}
    for item in items:
        records.append(fmt.item_record(item, db.review(item.id), queued_at=_queued_at(db, item.id)))
        for a in item.attachments:
            blobs[a.sha256] = db.read_blob(a.sha256)
    now = clock.now()
    package_id = fmt.new_package_id()
    data = fmt.build_package(kind=fmt.KIND_REQUEST, sender=_sender(db, person, key), created_at=now,
                             package_id=package_id, records=records, attachments=blobs, sign=key.sign)
    sha = fmt.sha256_hex(data)
    out = Path(out_path).expanduser()

    def record(conn):
        for item in items:
            conn.execute("INSERT INTO exports (item_id, format, path, sha256, at, actor) VALUES (?, ?, ?, ?, ?, ?)",
                         (item.id, REQUEST_FORMAT, str(out), sha, now.isoformat(), person.name))
        db.audit(person.name, "export_for_signoff", package_id=package_id, path=str(out), sha256=sha,
                 items=[{"id": i.id, "version": i.version, "content_hash": content_hash(i)} for i in items],
                 fingerprint=key.fingerprint)

    out = _write_package(db, out, data, record)
    return ExportResult(out, fmt.KIND_REQUEST, package_id, sha, tuple(i.id for i in items), tuple(i.title for i in items))


@dataclass(frozen=True)
class PendingDecision:
    transition_id: int
    item: Item
    action: str
    signer: str
    at: str
    content_hash: str
    comment: str
    reason: str
    sent: bool

    @property
    def decision_id(self) -> str:
        return fmt.decision_id(self.item.id, self.action, self.signer, self.at, self.content_hash)


def pending_decisions(db, actor: str, *, to: str = "", include_sent: bool = False) -> list[PendingDecision]:
    """The latest sign-off or return by ``actor`` of each item that came from another
    desktop, still standing (same content, same state) and not yet sent."""
    sent = {r[0] for r in db.conn.execute("SELECT transition_id FROM sent_decisions")}
    latest: dict[str, tuple] = {}
    for row in db.conn.execute(
            "SELECT id, item_id, action, actor, at, reason FROM transitions WHERE action IN ('sign_off', 'return') "
            "AND item_id IN (SELECT item_id FROM exchange_items) ORDER BY id"):
        latest[row[1]] = row
    out = []
    for tid, item_id, action, who, at, reason in sorted(latest.values()):
        if who != actor or (tid in sent and not include_sent):
            continue
        item = _fetch_item(db, item_id)
        if item is None or (to and not _is_own(item, to)):
            continue
        if action == "sign_off":
            so = db.conn.execute("SELECT content_hash, comment FROM signoffs WHERE item_id = ? AND signer = ? AND signed_at = ? "
                                 "AND voided_at IS NULL ORDER BY id DESC LIMIT 1", (item_id, who, at)).fetchone()
            if so is None or item.state not in ("signed_off", "submitted", "published"):
                continue
            chash, comment, why = so[0], so[1], ""
        else:
            if item.state != "returned":
                continue
            chash, comment, why = content_hash(item), "", reason
        if content_hash(item) != chash:
            continue
        out.append(PendingDecision(tid, item, action, who, at, chash, comment, why, tid in sent))
    return out


def export_decisions(db, actor: str, password: str | None, out_path, *, to: str = "",
                     include_sent: bool = False) -> ExportResult:
    """Pack supervisor ``actor``'s decisions not yet sent (all of them with ``include_sent``)."""
    person = db.authenticate(actor, password)
    if person.role != "supervisor":
        raise UserError(tr("Only a supervising leader sends decisions; {name} is a {role}.",
                           name=person.name, role=role_label(person.role)))
    if to:
        to = db.person(to).name
    pending = pending_decisions(db, person.name, to=to, include_sent=include_sent)
    if not pending:
        raise UserError(tr("{name} has no decisions to send: sign off or return items received from another desktop first.",
                           name=person.name))
    key = keys.signing_key(db, person.name)
    records, decisions, blobs = [], [], {}
    for p in pending:
        records.append(fmt.item_record(p.item, db.review(p.item.id), queued_at=_queued_at(db, p.item.id)))
        decisions.append({"decision_id": p.decision_id, "action": p.action, "signer": p.signer, "at": p.at,
                          "comment": p.comment, "reason": p.reason})
        for a in p.item.attachments:
            blobs[a.sha256] = db.read_blob(a.sha256)
    now = clock.now()
    package_id = fmt.new_package_id()
    data = fmt.build_package(kind=fmt.KIND_DECISIONS, sender=_sender(db, person, key), created_at=now,
                             package_id=package_id, records=records, decisions=decisions, attachments=blobs, sign=key.sign)
    sha = fmt.sha256_hex(data)
    out = Path(out_path).expanduser()

    def record(conn):
        for p in pending:
            conn.execute("INSERT OR REPLACE INTO sent_decisions (transition_id, decision_id, item_id, package_id, sent_at) "
                         "VALUES (?, ?, ?, ?, ?)", (p.transition_id, p.decision_id, p.item.id, package_id, now.isoformat()))
            conn.execute("INSERT INTO exports (item_id, format, path, sha256, at, actor) VALUES (?, ?, ?, ?, ?, ?)",
                         (p.item.id, DECISION_FORMAT, str(out), sha, now.isoformat(), person.name))
        db.audit(person.name, "export_decisions", package_id=package_id, path=str(out), sha256=sha,
                 decisions=[{"id": p.item.id, "action": p.action, "at": p.at, "content_hash": p.content_hash} for p in pending],
                 fingerprint=key.fingerprint)

    out = _write_package(db, out, data, record)
    return ExportResult(out, fmt.KIND_DECISIONS, package_id, sha, tuple(p.item.id for p in pending),
                        tuple(p.item.title for p in pending))


def export_card(db, actor: str, password: str | None, out_path, *, new_key: bool = False) -> CardResult:
    """Write ``actor``'s person card (making their key pair on first use)."""
    person = db.authenticate(actor, password)
    key = keys.signing_key(db, person.name, new=new_key)
    card = Card(name=person.name, role=person.role, unit=db.unit().name, public_key=key.public_bytes,
                created_at=clock.now().isoformat())
    data = fmt.card_bytes(card, key.sign)

    def record(conn):
        db.audit(person.name, "export_card", fingerprint=key.fingerprint, path=str(out_path), new_key=new_key)

    out = _write_package(db, out_path, data, record)
    return CardResult(out, person.name, person.role, key.fingerprint, fmt.short_fingerprint(key.fingerprint))


# ------------------------------------------------------------------ imports
def import_path(db, path, actor: str = "", *, replace_key: bool = False) -> ImportResult:
    """Import one package or card file."""
    p = Path(path).expanduser()
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise UserError(tr("{path} is a folder, not a package.", path=str(p)))
        limit = max(fmt.LIMITS.max_package_bytes, fmt.LIMITS.max_card_bytes)
        if size > limit:
            raise PackageError(tr("The package is refused: the file is larger than {limit} bytes.", limit=limit))
        data = p.read_bytes()
    except FileNotFoundError:
        raise UserError(tr("No file {path}.", path=str(p))) from None
    except OSError as err:
        raise UserError(tr("Cannot read {path}: {error}", path=str(p), error=err.strerror or str(err))) from None
    return import_bytes(db, data, actor, source=p.name, replace_key=replace_key)


def import_bytes(db, data: bytes, actor: str = "", *, source: str = "", replace_key: bool = False) -> ImportResult:
    """Import a package or a card from its bytes; a refusal is logged and raised."""
    label = _actor_label(db, actor)
    try:
        kind = fmt.sniff(data)
        if kind == "card":
            return _import_card(db, fmt.parse_card(data), label, source, replace_key)
        if kind is None:
            raise PackageError(tr("{name} is neither an InfoDesk package nor a person card.", name=source or tr("The file")))
        pkg = fmt.open_package(data)
        done = db.conn.execute("SELECT sha256, imported_at FROM imported_packages WHERE package_id = ?",
                               (pkg.package_id,)).fetchone()
        if done is not None:
            if done[0] != pkg.sha256:
                raise PackageError(tr("The package was altered: another package with the same id {id} was imported before.",
                                      id=pkg.package_id))
            return ImportResult(source, pkg.kind, pkg.package_id, pkg.sender["name"], duplicate=True,
                                summary=tr("This package was already imported on {at}; nothing changed.",
                                           at=done[1][:16].replace("T", " ")))
        _verify_sender(db, pkg)
        records = pkg.items()
        if pkg.kind == fmt.KIND_REQUEST:
            return _import_request(db, pkg, records, label, source)
        return _import_decisions(db, pkg, records, label, source)
    except UserError as err:
        with db.transaction():
            db.audit(label, "import_refused", source=source, sha256=fmt.sha256_hex(data), reason=str(err))
        raise


def _verify_sender(db, pkg: Package) -> None:
    s = pkg.sender
    known = keys.key_by_fingerprint(db, s["fingerprint"])
    if known is None:
        raise PackageError(tr("The package is signed by an unknown key ({fp}) claiming to be {name}: import {name}'s card "
                              "first and compare its fingerprint by phone.",
                              fp=fmt.short_fingerprint(s["fingerprint"]), name=s["name"]))
    if known.name != s["name"] or known.role != s["role"]:
        raise PackageError(tr("The package claims to come from {name} ({role}), but it is signed with the key of "
                              "{key_name} ({key_role}).", name=s["name"], role=role_label(s["role"]),
                              key_name=known.name, key_role=role_label(known.role)))
    pkg.verify(known.public_key)
    try:
        person = db.person(known.name)
    except UserError:
        raise PackageError(tr("{name} signed the package but is not in this unit's register.", name=known.name)) from None
    if person.role != known.role:
        raise PackageError(tr("{name} is registered here as {role}, but the package says {claimed}.", name=person.name,
                              role=role_label(person.role), claimed=role_label(known.role)))
    if not person.active:
        raise PackageError(tr("{name} is no longer active in this unit; the package is refused.", name=person.name))


def _record_package(conn, pkg: Package, label: str, source: str, now: dt.datetime, outcomes: list[ItemOutcome]) -> None:
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.outcome] = counts.get(o.outcome, 0) + 1
    conn.execute("INSERT INTO imported_packages (package_id, kind, sha256, signer, created_at, imported_at, imported_by, "
                 "file_name, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (pkg.package_id, pkg.kind, pkg.sha256, pkg.sender["name"], pkg.created_at, now.isoformat(), label, source,
                  json.dumps(counts, sort_keys=True)))


def _summary(pkg: Package, outcomes: list[ItemOutcome]) -> str:
    conflicts = sum(1 for o in outcomes if o.outcome == "conflict")
    changed = sum(1 for o in outcomes if o.outcome in ("added", "updated", "signed_off", "returned"))
    text = tr("Package from {name} ({fp}), made {at}: {changed} of {n} items changed.", name=pkg.sender["name"],
              fp=fmt.short_fingerprint(pkg.sender["fingerprint"]), at=pkg.created_at[:16].replace("T", " "),
              changed=changed, n=len(outcomes))
    if conflicts:
        text += " " + tr("{n} conflicts kept for you to resolve (“conflicts”).", n=conflicts)
    return text


def _store_attachments(db, pkg: Package, records: Sequence[ItemRecord]) -> None:
    for sha in sorted({a.sha256 for r in records for a in r.item.attachments}):
        data = pkg.attachment(sha)
        if db.store_blob(data) != sha:  # pragma: no cover - attachment() checked it
            raise PackageError(tr("The package was altered: attachment {key} does not match its name.", key=sha[:12]))


def _check_item_id(item_id: str) -> None:
    if not _ITEM_ID.match(item_id):
        raise PackageError(tr("The package holds an item with an invalid id {id}.", id=item_id[:40]))


def _conflict(conn, item: Item, local_review, incoming: dict, package_id: str, now: dt.datetime, db) -> None:
    local = fmt.item_record(item, local_review, queued_at=_queued_at(db, item.id))
    local["state"] = item.state
    local["signed_hash"] = item.signed_hash
    conn.execute("INSERT INTO conflicts (item_id, local_version, incoming, package_id, detected_at) VALUES (?, ?, ?, ?, ?)",
                 (item.id, json.dumps(local, ensure_ascii=False, sort_keys=True),
                  json.dumps(incoming, ensure_ascii=False, sort_keys=True), package_id, now.isoformat()))


def _record_json(pkg: Package, ref: dict) -> dict:
    return json.loads(pkg.member(ref["member"]).decode("utf-8"))


# -- sign-off requests (on the supervisor's desktop)
def _import_request(db, pkg: Package, records: list[ItemRecord], label: str, source: str) -> ImportResult:
    sender = pkg.sender["name"]
    if pkg.sender["role"] != "officer":
        raise PackageError(tr("Items for sign-off come from an information officer; {name} is a {role}.",
                              name=sender, role=role_label(pkg.sender["role"])))
    for rec in records:
        _check_item_id(rec.item.id)
        if rec.item.state != "queued":
            raise PackageError(tr("The package holds {title}, which is not awaiting sign-off.", title=rec.item.title))
        if not _is_own(rec.item, sender):
            raise PackageError(tr("{name} sent {title} but neither wrote nor edited it.", name=sender, title=rec.item.title))
    _store_attachments(db, pkg, records)
    refs = {r["item_id"]: r for r in pkg.manifest["items"]}
    now = clock.now()
    outcomes: list[ItemOutcome] = []
    with db.transaction() as conn:
        if conn.execute("SELECT 1 FROM imported_packages WHERE package_id = ?", (pkg.package_id,)).fetchone():
            raise PackageError(tr("This package is being imported elsewhere; try again."))
        for rec in records:
            outcomes.append(_receive_item(db, conn, pkg, rec, refs[rec.item.id], label, now))
        _record_package(conn, pkg, label, source, now, outcomes)
        db.audit(label, "import_package", kind=pkg.kind, package_id=pkg.package_id, sha256=pkg.sha256, signer=sender,
                 fingerprint=pkg.sender["fingerprint"], source=source,
                 outcomes={o.item_id: o.outcome for o in outcomes})
    return ImportResult(source, pkg.kind, pkg.package_id, sender, outcomes=outcomes, summary=_summary(pkg, outcomes))


def _write_received(db, conn, rec: ItemRecord, version: int, sender: str, package_id: str, label: str,
                    now: dt.datetime, local: Item | None) -> Item:
    item = rec.item.replace(state="queued", signed_hash="", version=version, due_at=None)
    item = item.replace(due_at=db._due_for(item))
    if local is not None and local.signed_hash:
        conn.execute("UPDATE signoffs SET voided_at = ?, void_reason = ? WHERE item_id = ? AND voided_at IS NULL",
                     (now.isoformat(), "replaced by a newer version", item.id))
    db._write_item(conn, item, insert=local is None)
    conn.execute("UPDATE items SET queued_at = ? WHERE id = ?", (clock.to_iso(rec.queued_at or now), item.id))
    db._write_version(conn, item, item.updated_by or item.created_by, item.updated_at or now)
    db._record_transition(conn, item.id, "import", local.state if local else "", "queued", label, now,
                          f"{package_id} ({sender})")
    _save_review(conn, rec.review, item.id)
    conn.execute("INSERT OR REPLACE INTO exchange_items (item_id, sender, package_id, received_at) VALUES (?, ?, ?, ?)",
                 (item.id, sender, package_id, now.isoformat()))
    if local is not None:
        removed = {a.sha256 for a in local.attachments} - {a.sha256 for a in item.attachments}
        db._delete_unused_blobs(removed)
    return item


def _receive_item(db, conn, pkg: Package, rec: ItemRecord, ref: dict, label: str, now: dt.datetime) -> ItemOutcome:
    sender = pkg.sender["name"]
    inc = rec.item
    local = _fetch_item(db, inc.id)

    def done(outcome: str, message: str) -> ItemOutcome:
        db.audit(label, "import_item", inc.id, package_id=pkg.package_id, sender=sender, version=inc.version,
                 content_hash=rec.content_hash, outcome=outcome)
        return ItemOutcome(inc.id, inc.title, outcome, message)

    if local is None:
        _write_received(db, conn, rec, inc.version, sender, pkg.package_id, label, now, None)
        return done("added", tr("{title}: received, awaiting sign-off.", title=inc.title))
    same = content_hash(local) == rec.content_hash
    if local.created_by != inc.created_by:
        _conflict(conn, local, db.review(local.id), {"kind": "request", "record": _record_json(pkg, ref), "sender": sender},
                  pkg.package_id, now, db)
        return done("conflict", tr("{title}: CONFLICT — an item with this id but another author is here; both kept.",
                                   title=inc.title))
    if same and local.state == "returned":
        last = db.last_return(local.id)
        returned_at = mapping.parse_dt(last["at"]) if last else None
        if rec.queued_at and returned_at and rec.queued_at > returned_at:
            _write_received(db, conn, rec, max(inc.version, local.version), sender, pkg.package_id, label, now, local)
            return done("updated", tr("{title}: sent again unchanged after the return, awaiting sign-off.", title=inc.title))
        return done("stale", tr("{title}: older than the return recorded here; ignored.", title=inc.title))
    if same:
        return done("unchanged", tr("{title}: already here ({state}); unchanged.", title=inc.title,
                                    state=state_label(local.state)))
    if inc.version < local.version:
        return done("stale", tr("{title}: older (version {version}) than the one here (version {local}); ignored.",
                                title=inc.title, version=inc.version, local=local.version))
    if inc.version > local.version and local.state in ("queued", "returned", "draft"):
        _write_received(db, conn, rec, inc.version, sender, pkg.package_id, label, now, local)
        return done("updated", tr("{title}: updated to version {version}, awaiting sign-off.", title=inc.title,
                                  version=inc.version))
    _conflict(conn, local, db.review(local.id), {"kind": "request", "record": _record_json(pkg, ref), "sender": sender},
              pkg.package_id, now, db)
    return done("conflict", tr("{title}: CONFLICT — it changed here too ({state}, version {local}); both versions kept.",
                               title=inc.title, state=state_label(local.state), local=local.version))


# -- decisions (on the officer's desktop)
def _import_decisions(db, pkg: Package, records: list[ItemRecord], label: str, source: str) -> ImportResult:
    signer = pkg.sender["name"]
    if pkg.sender["role"] != "supervisor":
        raise PackageError(tr("Only a supervising leader signs off or returns items; {name} is a {role}.",
                              name=signer, role=role_label(pkg.sender["role"])))
    decisions = pkg.manifest["decisions"]
    by_id = {r.item.id: r for r in records}
    for d in decisions:
        rec = by_id[d["item_id"]]
        _check_item_id(rec.item.id)
        if d["signer"] != signer:
            raise PackageError(tr("The package from {name} claims a decision by {other}.", name=signer, other=d["signer"]))
        local = _fetch_item(db, rec.item.id)
        for item in (rec.item, local):
            if item is not None and _is_own(item, signer):
                raise PackageError(tr("Refused: {name} wrote or edited {title} and cannot sign it off or return it "
                                      "(four-eyes rule).", name=signer, title=item.title))
    _store_attachments(db, pkg, [r for r in records if _fetch_item(db, r.item.id) is not None])
    now = clock.now()
    outcomes: list[ItemOutcome] = []
    with db.transaction() as conn:
        if conn.execute("SELECT 1 FROM imported_packages WHERE package_id = ?", (pkg.package_id,)).fetchone():
            raise PackageError(tr("This package is being imported elsewhere; try again."))
        for d in decisions:
            outcomes.append(_receive_decision(db, conn, pkg, by_id[d["item_id"]], d, label, now))
        _record_package(conn, pkg, label, source, now, outcomes)
        db.audit(label, "import_package", kind=pkg.kind, package_id=pkg.package_id, sha256=pkg.sha256, signer=signer,
                 fingerprint=pkg.sender["fingerprint"], source=source,
                 outcomes={o.item_id: o.outcome for o in outcomes})
    return ImportResult(source, pkg.kind, pkg.package_id, signer, outcomes=outcomes, summary=_summary(pkg, outcomes))


def _latest_decision_time(db, item_id: str) -> dt.datetime | None:
    times = [mapping.parse_dt(r[0]) for r in db.conn.execute(
        "SELECT at FROM transitions WHERE item_id = ? AND action IN ('sign_off', 'return') "
        "UNION ALL SELECT decided_at FROM received_decisions WHERE item_id = ?", (item_id, item_id))]
    return max(times) if times else None


def _apply_decision(db, conn, item: Item, d: dict, *, actor_note: dict, at_now: dt.datetime | None = None) -> str:
    """Record a verified decision on ``item`` (content already checked); returns the new state."""
    signer, at = d["signer"], mapping.parse_dt(d["at"])
    when = at_now or at
    if d["action"] == "sign_off":
        conn.execute("INSERT INTO signoffs (item_id, signer, signed_at, content_hash, version, comment) VALUES (?, ?, ?, ?, ?, ?)",
                     (item.id, signer, d["at"], d["content_hash"], item.version, d["comment"]))
        conn.execute("UPDATE items SET state = 'signed_off', signed_hash = ? WHERE id = ?", (d["content_hash"], item.id))
        db._record_transition(conn, item.id, "sign_off", item.state, "signed_off", signer, when, d["comment"])
        target = "signed_off"
    else:
        conn.execute("UPDATE items SET state = 'returned' WHERE id = ?", (item.id,))
        db._record_transition(conn, item.id, "return", item.state, "returned", signer, when, d["reason"])
        target = "returned"
    details = {"from_state": item.state, "to_state": target, "content_hash": d["content_hash"], "version": item.version,
               "decided_at": d["at"], "via": "package", **actor_note}
    if d["action"] == "sign_off":
        details["comment"] = d["comment"]
    else:
        details["reason"] = d["reason"]
    db.audit(signer, d["action"], item.id, **details)
    return target


def _receive_decision(db, conn, pkg: Package, rec: ItemRecord, d: dict, label: str, now: dt.datetime) -> ItemOutcome:
    item_id = rec.item.id
    local = _fetch_item(db, item_id)
    title = local.title if local else rec.item.title

    def done(outcome: str, message: str, record: bool = True) -> ItemOutcome:
        if record:
            conn.execute("INSERT OR REPLACE INTO received_decisions (decision_id, item_id, action, signer, decided_at, "
                         "content_hash, package_id, outcome, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (d["decision_id"], item_id, d["action"], d["signer"], d["at"], d["content_hash"], pkg.package_id,
                          outcome, now.isoformat()))
        db.audit(label, "import_decision", item_id, package_id=pkg.package_id, signer=d["signer"], decision=d["action"],
                 decided_at=d["at"], content_hash=d["content_hash"], outcome=outcome)
        return ItemOutcome(item_id, title, outcome, message)

    if local is None:
        return done("unknown", tr("{title}: not in this database (sent by another officer?); ignored.", title=title),
                    record=False)
    if conn.execute("SELECT 1 FROM received_decisions WHERE decision_id = ?", (d["decision_id"],)).fetchone():
        return done("already", tr("{title}: this decision is already recorded; unchanged.", title=title), record=False)
    latest = _latest_decision_time(db, item_id)
    if latest is not None and latest > mapping.parse_dt(d["at"]):
        return done("stale", tr("{title}: an older decision ({at}); a newer one is already recorded here, so it is ignored.",
                                title=title, at=d["at"][:16].replace("T", " ")))
    if local.state == "queued" and content_hash(local) == d["content_hash"]:
        target = _apply_decision(db, conn, local, d, actor_note={"package_id": pkg.package_id, "imported_by": label,
                                                                    "fingerprint": pkg.sender["fingerprint"]})
        if target == "signed_off":
            return done("signed_off", tr("{title}: signed off by {signer} ({at}).", title=title, signer=d["signer"],
                                         at=d["at"][:16].replace("T", " ")))
        return done("returned", tr("{title}: returned by {signer}: {reason}", title=title, signer=d["signer"],
                                   reason=d["reason"]))
    _conflict(conn, local, db.review(local.id),
              {"kind": "decision", "decision": d, "record": _record_json(pkg, {"member": _member_of(pkg, item_id)}),
               "sender": d["signer"], "fingerprint": pkg.sender["fingerprint"]}, pkg.package_id, now, db)
    return done("conflict", tr("{title}: CONFLICT — changed here after it was sent ({state}, version {version}); "
                               "the decision and your version are both kept.", title=title,
                               state=state_label(local.state), version=local.version))


def _member_of(pkg: Package, item_id: str) -> str:
    refs = pkg.manifest["items"] if pkg.kind == fmt.KIND_REQUEST else pkg.manifest["decisions"]
    return next(r["member"] for r in refs if r["item_id"] == item_id)


# -- cards
def _import_card(db, card: Card, label: str, source: str, replace_key: bool) -> ImportResult:
    try:
        person = db.person(card.name)
    except UserError:
        raise PackageError(tr("The card is of {name}, who is not in this unit's register; add them first.",
                              name=card.name)) from None
    if person.role != card.role:
        raise PackageError(tr("The card says {name} is a {role}, but the register here says {registered}.",
                              name=card.name, role=role_label(card.role), registered=role_label(person.role)))
    if not person.active:
        raise PackageError(tr("{name} is no longer active in this unit; the card is refused.", name=card.name))
    fp = card.fingerprint
    existing = keys.key_of(db, card.name)
    other = keys.key_by_fingerprint(db, fp)
    result = ImportResult(source, "card", signer=card.name, card=card)
    if existing is not None and existing.fingerprint == fp and (existing.role, existing.unit) != (card.role, card.unit):
        with db.transaction() as conn:  # the same key, a new role (the register above already agrees with it)
            keys.save_known_key(conn, name=card.name, role=card.role, unit=card.unit, public_key=card.public_key,
                                source=existing.source)
            db.audit(label, "import_card", name=card.name, role=card.role, unit=card.unit, fingerprint=fp, source=source,
                     replaced="", previous_role=existing.role)
        result.card_status = "updated"
        result.summary = tr("Card of {name} ({role}) imported. Fingerprint: {fp} — compare it with {name} by phone.",
                            name=card.name, role=role_label(card.role), fp=card.short_fingerprint)
        return result
    if existing is not None and existing.fingerprint == fp:
        result.card_status = "unchanged"
        result.summary = tr("The card of {name} is already known; fingerprint {fp}.", name=card.name, fp=card.short_fingerprint)
        return result
    if other is not None and other.name != card.name:
        raise PackageError(tr("This key already belongs to {name} here; the card is refused.", name=other.name))
    if existing is not None and existing.source == "local" and not replace_key:
        raise PackageError(tr("{name} signs on this desktop (key {fp}); a card from elsewhere would replace it. "
                              "Import it with “replace key” only if {name} now signs elsewhere.",
                              name=card.name, fp=existing.short_fingerprint))
    if existing is not None and not replace_key:
        raise PackageError(tr("A different key of {name} is already known ({old}); this card has {new}. Call {name}, compare "
                              "the new fingerprint, then import it with “replace key”.",
                              name=card.name, old=existing.short_fingerprint, new=card.short_fingerprint))
    with db.transaction() as conn:
        keys.save_known_key(conn, name=card.name, role=card.role, unit=card.unit, public_key=card.public_key, source="card")
        db.audit(label, "import_card", name=card.name, role=card.role, unit=card.unit, fingerprint=fp, source=source,
                 replaced=existing.fingerprint if existing is not None else "")
    result.card_status = "replaced" if existing is not None else "added"
    result.summary = (tr("Card of {name} ({role}) imported. Fingerprint: {fp} — compare it with {name} by phone.",
                         name=card.name, role=role_label(card.role), fp=card.short_fingerprint))
    return result


# ---------------------------------------------------------------- conflicts
def _conflict_from_row(r) -> Conflict:
    return Conflict(id=r[0], item_id=r[1], package_id=r[4], detected_at=r[5], local=json.loads(r[2]),
                    incoming=json.loads(r[3]), resolved_at=r[6], resolution=r[7], resolved_by=r[8])


def conflicts(db, *, include_resolved: bool = False, item_id: str = "") -> list[Conflict]:
    sql = ("SELECT id, item_id, local_version, incoming, package_id, detected_at, resolved_at, resolution, resolved_by "
           "FROM conflicts")
    clauses, params = [], []
    if not include_resolved:
        clauses.append("resolved_at IS NULL")
    if item_id:
        clauses.append("item_id = ?")
        params.append(item_id)
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    return [_conflict_from_row(r) for r in db.conn.execute(sql + " ORDER BY id", params)]


def resolve_conflict(db, item_ref: str, keep: str, actor: str) -> Item:
    """Settle the open conflict of an item: keep the ``local`` version (the incoming one is
    dropped, still on record) or the ``incoming`` one (the local one stays in the history)."""
    if keep not in ("local", "incoming"):
        raise UserError(tr("Choose which version to keep: local or incoming."))
    person = db.person(actor)
    item_id = db.resolve_id(item_ref)
    open_ = conflicts(db, item_id=item_id)
    if not open_:
        raise UserError(tr("Item {id} has no open conflict.", id=item_id[:8]))
    c = open_[-1]
    now = clock.now()
    with db.transaction() as conn:
        current = _fetch_item(db, item_id)
        if keep == "incoming":
            if c.kind == "decision":
                _take_incoming_decision(db, conn, current, c, person, now)
            else:
                _take_incoming_request(db, conn, current, c, person, now)
        for other in open_:
            resolution = keep if other.id == c.id else "superseded"
            conn.execute("UPDATE conflicts SET resolved_at = ?, resolution = ?, resolved_by = ? WHERE id = ?",
                         (now.isoformat(), resolution, person.name, other.id))
        db.audit(person.name, "resolve_conflict", item_id, keep=keep, conflict=c.id, package_id=c.package_id,
                 kind=c.kind, superseded=[o.id for o in open_ if o.id != c.id])
    return db.get_item(item_id)


def _incoming_record(db, c: Conflict) -> ItemRecord:
    rec = fmt.parse_item_record(fmt.canonical_bytes(c.incoming["record"]))
    for a in rec.item.attachments:
        db.read_blob(a.sha256)  # raises a clear UserError when an attachment is gone
    return rec


def _merged_contributors(*groups) -> tuple[str, ...]:
    out: list[str] = []
    for g in groups:
        for name in g:
            if name and name not in out:
                out.append(name)
    return tuple(out)


def _take_incoming_decision(db, conn, current: Item, c: Conflict, person, now: dt.datetime) -> None:
    d = c.incoming["decision"]
    rec = _incoming_record(db, c)
    if rec.content_hash != d["content_hash"]:
        raise UserError(tr("The kept decision does not match its content; it cannot be taken."))
    contributors = _merged_contributors(current.contributors, rec.item.contributors)
    if d["signer"] == current.created_by or d["signer"] in contributors:
        raise UserError(tr("{name} wrote or edited this item and cannot sign it off or return it (four-eyes rule).",
                           name=d["signer"]))
    new = rec.item.replace(created_by=current.created_by, created_at=current.created_at, updated_by=person.name,
                           updated_at=now, version=current.version + 1, contributors=contributors, state="queued",
                           signed_hash="", due_at=None)
    new = new.replace(due_at=db._due_for(new))
    if current.signed_hash:
        conn.execute("UPDATE signoffs SET voided_at = ?, void_reason = ? WHERE item_id = ? AND voided_at IS NULL",
                     (now.isoformat(), "conflict resolved", current.id))
    db._write_item(conn, new, insert=False)
    db._write_version(conn, new, person.name, now)
    if rec.review is not None:
        _save_review(conn, rec.review, new.id)
    _apply_decision(db, conn, new.replace(state=current.state), d, at_now=now,
                    actor_note={"package_id": c.package_id, "resolved_by": person.name, "conflict": c.id})
    conn.execute("UPDATE received_decisions SET outcome = 'resolved_incoming' WHERE decision_id = ?", (d["decision_id"],))
    removed = {a.sha256 for a in current.attachments} - {a.sha256 for a in new.attachments}
    db._delete_unused_blobs(removed)


def _take_incoming_request(db, conn, current: Item, c: Conflict, person, now: dt.datetime) -> None:
    rec = _incoming_record(db, c)
    version = rec.item.version if rec.item.version > current.version else current.version + 1
    _write_received(db, conn, rec, version, c.incoming.get("sender", ""), c.package_id, person.name, now, current)


def open_conflict_count(db) -> int:
    return db.conn.execute("SELECT COUNT(*) FROM conflicts WHERE resolved_at IS NULL").fetchone()[0]


def imported_packages(db) -> list[dict]:
    cols = ("package_id", "kind", "sha256", "signer", "created_at", "imported_at", "imported_by", "file_name", "summary")
    return [dict(zip(cols, r)) for r in db.conn.execute(f"SELECT {', '.join(cols)} FROM imported_packages ORDER BY imported_at")]
