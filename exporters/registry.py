"""The export formats, in one registry (after Picard's ``formats/registry.py``).

Each :class:`ExportFormat` names a writer that takes domain objects (:class:`ExportSource`,
one per item) and a destination path, reports progress through ``progress(done, total)``,
stops when ``cancelled()`` turns true (raising :class:`core.atomic.Cancelled`) and
writes atomically. One shared contract test runs over every registered format.

Formats: ``docx`` 报送稿 (GB/T 9704-2012), ``form`` 保密审查审批单, ``eml`` e-mail package for
the portal's mailbox, ``txt`` plain text for Notepad (UTF-8 with BOM, CRLF).

Exporters never read the database: ``exporters.export_service`` loads the sources, checks
that each was signed off, runs the writer and records the export.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from core.errors import UserError
from core.hashing import content_hash
from core.i18n import tr
from core.model import Column, Item, Review, SignOff, Unit
from exporters.pictures import PictureOptions

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]

#: States in which an item has a sign-off in force.
SIGNED_STATES = ("signed_off", "submitted", "published")


def _no_blob(sha256: str) -> bytes:
    raise UserError(tr("Attachment {key} is missing from the store.", key=sha256[:12]))


@dataclass(frozen=True)
class ExportSource:
    """One item with what an exporter needs: its unit, column, self-review and sign-off.

    ``read_attachment(sha256) -> bytes`` reads an attachment's content (it must not use the
    GUI's database connection: exports run in a worker thread).
    """

    item: Item
    unit: Unit = field(default_factory=lambda: Unit(name=""))
    column: Column | None = None
    signoff: SignOff | None = None
    review: Review | None = None
    read_attachment: Callable[[str], bytes] = _no_blob

    @property
    def signed(self) -> bool:
        """A sign-off in force that certifies exactly this content."""
        h = content_hash(self.item)
        return (self.item.state in SIGNED_STATES and bool(self.item.signed_hash) and self.item.signed_hash == h
                and self.signoff is not None and self.signoff.voided_at is None and self.signoff.content_hash == h)

    @property
    def column_name(self) -> str:
        return self.column.name if self.column else self.item.column_id

    @property
    def type_label(self) -> str:
        from core.content_types import registry

        try:
            return registry().get(self.item.content_type).label
        except UserError:
            return self.item.content_type

    @property
    def unit_label(self) -> str:
        return self.unit.short_name or self.unit.name or self.item.unit

    def attachment_bytes(self, attachment) -> bytes:
        """The attachment's content, checked against the sha256 the sign-off covers."""
        data = self.read_attachment(attachment.sha256)
        if hashlib.sha256(data).hexdigest() != attachment.sha256:
            raise UserError(tr("The stored attachment {name} does not match what was signed off (its content changed).",
                               name=attachment.name))
        return data


_PICTURE_CACHE: "dict[tuple, object]" = {}
_PICTURE_CACHE_SIZE = 24
_PICTURE_LOCK = threading.Lock()


def processed_picture(source: "ExportSource", attachment, options: PictureOptions):
    """The attachment as a submission picture (see :func:`exporters.pictures.process_picture`),
    remembered for the last few pictures: an e-mail package needs each photo twice (attached,
    and in the Word copy), and decoding a 12-megapixel photo is the slow part of an export.
    Keyed by the attachment's sha256, which is what the sign-off certifies."""
    from exporters.pictures import process_picture

    key = (attachment.sha256, attachment.name, options)
    with _PICTURE_LOCK:
        hit = _PICTURE_CACHE.get(key)
    if hit is not None:
        return hit
    result = process_picture(source.attachment_bytes(attachment), attachment.name, options)
    with _PICTURE_LOCK:
        _PICTURE_CACHE[key] = result
        while len(_PICTURE_CACHE) > _PICTURE_CACHE_SIZE:
            _PICTURE_CACHE.pop(next(iter(_PICTURE_CACHE)))
    return result


def prefetch_pictures(sources: Sequence["ExportSource"], options: PictureOptions, cancelled=lambda: False) -> None:
    """Prepare the pictures of ``sources`` in a few threads at once (Pillow decodes and scales
    without holding the GIL), so the writers then find them ready."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    todo = [(s, a) for s in sources for a in s.item.attachments if a.is_picture]
    workers = min(4, os.cpu_count() or 1, len(todo))
    if workers < 2 or len(todo) > _PICTURE_CACHE_SIZE:
        return  # the writers prepare them one by one
    from core.atomic import Cancelled

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pictures") as pool:
        futures = [pool.submit(processed_picture, s, a, options) for s, a in todo]
        for f in futures:
            if cancelled():
                for g in futures:
                    g.cancel()
                raise Cancelled()
            f.result()  # a damaged picture's UserError surfaces here


@dataclass(frozen=True)
class WriteOptions:
    """Options every writer gets."""

    pictures: PictureOptions = field(default_factory=PictureOptions)
    #: The From address of an e-mail package ("" leaves it to the mail program).
    sender: str = ""
    #: Time stamped into documents and messages (default: now).
    now: dt.datetime | None = None


Writer = Callable[[Sequence[ExportSource], Path, WriteOptions, Progress, IsCancelled], None]


@dataclass(frozen=True)
class ExportFormat:
    """One way of writing items to a file."""

    code: str
    extension: str
    write: Writer
    #: The file's name (without folder or extension) for these sources.
    stem: Callable[[Sequence[ExportSource]], str]
    #: False for formats that may describe an item that is not signed off yet (the review form).
    needs_signoff: bool = True

    @property
    def label(self) -> str:
        return format_label(self.code)


def format_label(code: str) -> str:
    return {
        "docx": tr("Word submission copy (报送稿)"),
        "form": tr("Review and sign-off form (审批单)"),
        "eml": tr("E-mail package (.eml)"),
        "txt": tr("Plain text (.txt)"),
    }.get(code, code)


def combined_stem(sources: Sequence[ExportSource], what: str = "") -> str:
    """The file name (no extension) for one item, or for several in one file (always Chinese:
    the files go to the receiving office)."""
    if len(sources) == 1:
        return sources[0].item.title + (f"_{what}" if what else "")
    return f"{what or '报送信息'}（共{len(sources)}篇）{sources[0].item.title[:30]}等"


def cn_date(value: "dt.date | dt.datetime | str | None") -> str:
    """成文日期 style: Arabic digits without leading zeros, 2026年11月2日 ("" when not a date)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return value.strip()
    return f"{value.year}年{value.month}月{value.day}日"


def cn_datetime(value: "dt.datetime | None") -> str:
    if value is None:
        return ""
    return f"{cn_date(value)} {value:%H:%M}"


#: Element kinds that are not text lines of their own (title and body have their places;
#: pictures and attachments are files).
NON_TEXT_KINDS = ("body", "pictures", "attachments")


def element_rows(source: ExportSource, skip: Sequence[str] = ()) -> list[tuple[str, str, str]]:
    """(code, Chinese name, value) of the item's elements in its content type's order, then any
    others it carries; empty ones left out, dates as 2026年11月2日."""
    from core.content_types import registry

    reg = registry()
    item = source.item
    try:
        order = list(reg.get(item.content_type).elements)
    except UserError:
        order = []
    order += [c for c in item.elements if c not in order]
    rows = []
    for code in order:
        if code in ("title", *skip):
            continue
        edef = reg.element(code)
        if edef.kind in NON_TEXT_KINDS:
            continue
        value = item.elements.get(code, "").strip()
        if not value:
            continue
        if edef.kind == "date":
            value = cn_date(value)
        rows.append((code, edef.name, value))
    return rows


@functools.lru_cache(maxsize=1)
def formats() -> dict[str, ExportFormat]:
    """Every export format by code, in menu order."""
    from exporters import docx_submission, eml, review_form, text

    return {f.code: f for f in (docx_submission.FORMAT, review_form.FORMAT, eml.FORMAT, text.FORMAT)}


def get(code: str) -> ExportFormat:
    try:
        return formats()[code]
    except KeyError:
        raise UserError(tr("Unknown export format {code}: use one of {known}.", code=code,
                           known=", ".join(formats()))) from None
