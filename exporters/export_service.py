"""Exports end to end: load from the database, check the sign-off, write, record.

NOTHING UNSIGNED LEAVES: an item is exported only when it is signed off (state
``signed_off``, ``submitted`` or ``published``), its content still hashes to what was signed
(``item.signed_hash``) and the sign-off record in force says the same. Anything else is
refused with the reason, before any file is written. The one exception is the review form
(审批单) of a *queued* item, which may be printed for the leader — marked 未签发.

Every file written is recorded (``db.record_export``: item, format, file, sha256, who) with
its audit entry. A failed or cancelled export leaves nothing behind: all files are written in
a hidden staging folder inside the destination and moved into place only when every one of
them has been written; the records are written in one transaction afterwards, and when that
fails the files are removed again.

The three steps can run apart (the GUI runs the middle one in a worker thread, which must not
use the GUI's sqlite connection)::

    plan = plan_export(db, ids, options)          # GUI thread: reads the database, refuses
    written, warnings = run_plan(plan, progress, cancelled)   # worker: files only
    record_exports(db, plan, written)             # GUI thread: one transaction

or all at once: ``export_items(db, ids, options, progress, cancelled)``.

After sending, the user confirms: :func:`mark_submitted`; later :func:`mark_published`
(date and URL). :func:`send_items` sends e-mail packages over SMTP and records each attempt.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from core import clock
from core.errors import UserError
from core.hashing import content_hash
from core.i18n import tr
from core.model import Item
from core.atomic import Cancelled, make_staging_dir, never_cancelled, no_progress
from core.filenames import safe_filename, unique_path
from exporters.pictures import PictureOptions, check_video, is_4_3, is_video, upright_size
from exporters.registry import SIGNED_STATES, ExportFormat, ExportSource, WriteOptions, formats, get

STAGING_PREFIX = ".infodesk-export-"


@dataclass(frozen=True)
class ExportOptions:
    """What the user chose (the GUI dialog and the CLI build one).

    ``formats``: codes of :func:`exporters.registry.formats` (docx, form, eml, txt).
    ``combined``: several items in one file per format (one .docx, one .eml …) instead of one
    file per item. ``actor``: who exports — a person of the unit; the record names them.
    ``sender``: From of e-mail packages ("" = the actor's own e-mail address, if any).
    """

    formats: tuple[str, ...] = ("docx",)
    out_dir: Path = Path(".")
    combined: bool = False
    pictures: PictureOptions = field(default_factory=PictureOptions)
    actor: str = ""
    sender: str = ""


@dataclass(frozen=True)
class PlannedFile:
    format: str
    item_ids: tuple[str, ...]
    name: str


@dataclass
class ExportPlan:
    options: ExportOptions
    out_dir: Path
    sources: dict[str, ExportSource]
    files: list[PlannedFile]
    write_options: WriteOptions

    def sources_of(self, planned: PlannedFile) -> list[ExportSource]:
        return [self.sources[i] for i in planned.item_ids]


@dataclass(frozen=True)
class WrittenFile:
    format: str
    path: Path
    sha256: str
    item_ids: tuple[str, ...]


@dataclass
class ExportResult:
    files: list[WrittenFile]
    warnings: list[str]

    @property
    def paths(self) -> list[Path]:
        return [f.path for f in self.files]


# ------------------------------------------------------------------------- loading
def load_source(db, ref: str) -> ExportSource:
    """An item and everything its exports need, from the database."""
    from storage import blobs

    item = db.get_item(ref)
    folder = db.blob_dir

    def read(sha256: str) -> bytes:  # files only (or the in-memory store): safe in a worker thread
        return blobs.read(folder, sha256, memory=db)

    column = db.column(item.column_id) if item.column_id else None
    return ExportSource(item=item, unit=db.unit(), column=column, signoff=db.current_signoff(item.id),
                        review=db.review(item.id), read_attachment=read)


def refusal(source: ExportSource, fmt: ExportFormat) -> str | None:
    """Why ``source`` may not be exported as ``fmt``, or None."""
    from core.workflow import state_label

    item = source.item
    if not fmt.needs_signoff and item.state == "queued":
        return None  # the review form of a queued item: printed, marked 未签发
    if item.state not in SIGNED_STATES:
        if not fmt.needs_signoff:
            return tr("“{title}” is {state}: a review form is printed only for a queued or signed-off item.",
                      title=item.title, state=state_label(item.state))
        return tr("“{title}” is {state}: only signed-off items may be exported — nothing unsigned leaves.",
                  title=item.title, state=state_label(item.state))
    if not item.signed_hash or item.signed_hash != content_hash(item):
        return tr("“{title}” no longer matches what was signed off (its content hash changed); it must be signed off again.",
                  title=item.title)
    so = source.signoff
    if so is None or so.voided_at is not None or so.content_hash != item.signed_hash:
        return tr("“{title}” has no sign-off in force for this content; it must be signed off again.", title=item.title)
    return None


def check_exportable(source: ExportSource, fmt: ExportFormat) -> None:
    why = refusal(source, fmt)
    if why:
        raise UserError(why)


def _actor(db, name: str):
    if not name.strip():
        raise UserError(tr("Say who exports (--as NAME): every export is recorded with a person's name."))
    person = db.person(name)
    if not person.active:
        raise UserError(tr("{name} is no longer active in this unit.", name=person.name))
    return person


def _unique_ids(db, refs: Iterable[str]) -> list[str]:
    ids: list[str] = []
    for ref in refs:
        item_id = db.resolve_id(ref)
        if item_id not in ids:
            ids.append(item_id)
    if not ids:
        raise UserError(tr("Nothing to export: no items were chosen."))
    return ids


def _out_dir(path: Path) -> Path:
    out = Path(path).expanduser()
    if out.exists() and not out.is_dir():
        raise UserError(tr("{path} is a file, not a folder.", path=str(out)))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UserError(tr("Cannot create the folder {path}: {error}", path=str(out), error=err.strerror or str(err))) from None
    if not os.access(out, os.W_OK):
        raise UserError(tr("Cannot write to the folder {path}.", path=str(out)))
    return out.resolve()


def plan_export(db, refs: Sequence[str], options: ExportOptions) -> ExportPlan:
    """Check everything that can be checked before writing; refuse with every reason at once."""
    if not options.formats:
        raise UserError(tr("Choose at least one format."))
    fmts = [get(code) for code in dict.fromkeys(options.formats)]
    person = _actor(db, options.actor)
    ids = _unique_ids(db, refs)
    sources = {i: load_source(db, i) for i in ids}
    problems = [why for s in sources.values() for f in fmts if (why := refusal(s, f))]
    if problems:
        raise UserError("\n".join(dict.fromkeys(problems)))
    if any(f.code == "eml" for f in fmts):
        unit = next(iter(sources.values())).unit
        if not unit.mailbox.strip():
            raise UserError(tr("The unit has no receiving mailbox (报送邮箱) yet: set the portal's mailbox in the unit's settings first."))
        for s in sources.values():
            for a in s.item.attachments:
                if not a.is_picture and is_video(a.name, a.media_type):
                    check_video(a.name, a.media_type)
    out = _out_dir(options.out_dir)
    files: list[PlannedFile] = []
    taken: set[str] = set()
    for f in fmts:
        groups = [tuple(ids)] if options.combined and len(ids) > 1 else [(i,) for i in ids]
        for group in groups:
            stem = f.stem([sources[i] for i in group])
            name = safe_filename(" ".join(stem.split()) + f.extension)
            candidate = unique_path(out, name)
            n = 2
            while candidate.name.lower() in taken:
                base, ext = os.path.splitext(name)
                candidate = unique_path(out, f"{base} ({n}){ext}")
                n += 1
            taken.add(candidate.name.lower())
            files.append(PlannedFile(f.code, group, candidate.name))
    sender = options.sender.strip() or person.email.strip()
    write_options = WriteOptions(pictures=options.pictures, sender=sender, now=clock.now())
    return ExportPlan(options, out, sources, files, write_options)


# ------------------------------------------------------------------------- writing
def picture_warnings(plan: ExportPlan, cancelled=never_cancelled) -> list[str]:
    """Pictures that are not 4:3 and will not be cropped or padded."""
    if plan.options.pictures.fit != "keep":
        return []
    out = []
    needed = {i for f in plan.files for i in f.item_ids if f.format in ("docx", "eml")}
    for item_id in needed:
        source = plan.sources[item_id]
        for a in source.item.attachments:
            if not a.is_picture:
                continue
            if cancelled():
                raise Cancelled()
            w, h = upright_size(source.attachment_bytes(a), a.name)
            if not is_4_3(w, h):
                out.append(tr("The picture {name} of “{title}” is {width}×{height}, not 4:3; choose crop or pad to make it 4:3.",
                              name=a.name, title=source.item.title, width=w, height=h))
    return out


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def run_plan(plan: ExportPlan, progress=no_progress, cancelled=never_cancelled) -> tuple[list[WrittenFile], list[str]]:
    """Write every planned file (no database access). All or nothing: on any failure or a
    cancel, every file of this export is removed and the exception propagates."""
    warnings = picture_warnings(plan, cancelled)
    staging, staging_lock = make_staging_dir(plan.out_dir, STAGING_PREFIX)  # sweeps those of killed exports
    moved: list[Path] = []
    try:
        steps = 1000
        total = steps * len(plan.files)
        staged: list[tuple[PlannedFile, Path]] = []
        for n, planned in enumerate(plan.files):
            if cancelled():
                raise Cancelled()
            fmt = get(planned.format)
            target = staging / planned.name

            def sub(done: int, of: int, _n=n) -> None:
                progress(_n * steps + (steps * done // of if of else 0), total)

            fmt.write(plan.sources_of(planned), target, plan.write_options, sub, cancelled)
            staged.append((planned, target))
            progress((n + 1) * steps, total)
        if cancelled():
            raise Cancelled()
        written: list[WrittenFile] = []
        for planned, staged_path in staged:
            sha = _sha256_file(staged_path)
            final = plan.out_dir / planned.name
            if final.exists():  # appeared while we worked: never overwrite
                final = unique_path(plan.out_dir, planned.name)
            os.replace(staged_path, final)
            moved.append(final)
            written.append(WrittenFile(planned.format, final, sha, planned.item_ids))
        return written, warnings
    except OSError as err:  # a full disk, a folder that went away, no permission: the user can act
        remove_files(moved)
        raise UserError(tr("Writing the files failed: {error}. Nothing was written.",
                           error=err.strerror or str(err))) from err
    except BaseException:
        remove_files(moved)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        os.close(staging_lock)


def remove_files(paths: Iterable[Path]) -> None:
    for p in paths:
        with contextlib.suppress(OSError):
            os.unlink(p)


def record_exports(db, plan: ExportPlan, written: Sequence[WrittenFile]) -> None:
    """One record per item and file, in one transaction; on failure the files are removed."""
    try:
        with db.transaction():
            for f in written:
                for item_id in f.item_ids:
                    db.record_export(item_id, f.format, str(f.path), f.sha256, plan.options.actor)
    except BaseException:
        remove_files(f.path for f in written)
        raise


def export_items(db, refs: Sequence[str], options: ExportOptions, progress=no_progress,
                 cancelled=never_cancelled) -> ExportResult:
    """Plan, write and record in one go (the CLI; tests)."""
    plan = plan_export(db, refs, options)
    written, warnings = run_plan(plan, progress, cancelled)
    record_exports(db, plan, written)
    return ExportResult(written, warnings)


# ------------------------------------------------------------- after the export
def still_signed_off(db, item_ids: Iterable[str]) -> list[str]:
    """Those of ``item_ids`` (in their order) that are signed off and not yet marked submitted —
    what a "mark as submitted" button offers; items gone since are left out."""
    out = []
    for item_id in item_ids:
        try:
            if db.get_item(item_id).state == "signed_off":
                out.append(item_id)
        except UserError:
            continue
    return out


def mark_submitted(db, refs: Sequence[str], actor: str) -> list[Item]:
    """The user confirms the items were sent to the portal (signed_off → submitted)."""
    return [db.apply(i, "mark_submitted", actor) for i in _unique_ids(db, refs)]


def mark_published(db, ref: str, actor: str, url: str = "", on: dt.date | None = None) -> Item:
    """The portal published the item (submitted → published), on ``on`` at ``url``."""
    from core.content_types import URL

    url = url.strip()
    if url and not URL.match(url):
        raise UserError(tr("Not a web address: {value}", value=url[:80]))
    if on is not None and on > clock.today():
        raise UserError(tr("The publication date {date} is in the future.", date=on.isoformat()))
    return db.apply(db.resolve_id(ref), "mark_published", actor, url=url, on=on)


# ------------------------------------------------------------------------ SMTP
@dataclass(frozen=True)
class SendResult:
    item_ids: tuple[str, ...]
    ok: bool
    answer: str
    sha256: str


def send_items(db, refs: Sequence[str], actor: str, settings, password: str | None = None, combined: bool = False,
               pictures: PictureOptions | None = None, progress=no_progress, cancelled=never_cancelled) -> list[SendResult]:
    """Send the e-mail package(s) of signed-off items over SMTP and record every attempt:
    sent → an export record with format "smtp" (and its audit entry); failed → an audit entry
    ``smtp_failed`` with the server's answer. Sending again later is a resend, recorded the same way."""
    from email.parser import BytesHeaderParser
    from email import policy

    from exporters import smtp
    from exporters.eml import eml_bytes, mailbox_address

    person = _actor(db, actor)
    ids = _unique_ids(db, refs)
    fmt = get("eml")
    sources = {i: load_source(db, i) for i in ids}
    problems = [why for s in sources.values() if (why := refusal(s, fmt))]
    if problems:
        raise UserError("\n".join(problems))
    raw_sender = (settings.sender or person.email or settings.user).strip()
    if not raw_sender:
        raise UserError(tr("No sender address: enter one in the sending settings."))
    sender = mailbox_address(raw_sender, tr("The sender address"))
    options = WriteOptions(pictures=pictures or PictureOptions(), sender=sender, now=clock.now())
    groups = [tuple(ids)] if combined and len(ids) > 1 else [(i,) for i in ids]
    results: list[SendResult] = []
    for n, group in enumerate(groups):
        if cancelled():
            raise Cancelled()
        # no X-Unsent: that marks a draft for mail programs, and this message is being sent
        data = eml_bytes([sources[i] for i in group], options, cancelled=cancelled, draft=False)
        msg = BytesHeaderParser(policy=policy.default).parsebytes(data)
        sha = hashlib.sha256(data).hexdigest()
        to = [msg["To"]]
        delivery = smtp.send(data, sender, to, settings, password)
        where = f"{settings.address}/{to[0]} {msg['Message-ID']}"
        with db.transaction():
            for item_id in group:
                if delivery.ok:
                    db.record_export(item_id, "smtp", where, sha, person.name)
                    db.audit(person.name, "smtp_sent", item_id, server=settings.address, to=to[0],
                             message_id=str(msg["Message-ID"]), answer=delivery.answer)
                else:
                    db.audit(person.name, "smtp_failed", item_id, server=settings.address, to=to[0],
                             message_id=str(msg["Message-ID"]), answer=delivery.answer)
        results.append(SendResult(group, delivery.ok, delivery.answer, sha))
        progress(n + 1, len(groups))
    return results


def delivery_log(db, ref: str) -> list[dict]:
    """Every sending attempt of an item, oldest first: at, actor, status (sent/failed), server,
    to, message id and the server's answer."""
    item_id = db.resolve_id(ref)
    out = []
    for e in db.audit_entries(item_id=item_id):
        if e.action in ("smtp_sent", "smtp_failed"):
            out.append({"at": e.at, "actor": e.actor, "status": "sent" if e.action == "smtp_sent" else "failed",
                        "server": e.details.get("server", ""), "to": e.details.get("to", ""),
                        "message_id": e.details.get("message_id", ""), "answer": e.details.get("answer", "")})
    return out


def available_formats() -> list[tuple[str, str]]:
    """(code, label) of every format, in menu order."""
    return [(code, f.label) for code, f in formats().items()]
