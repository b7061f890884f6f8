"""Recovery slots (自动保存的恢复稿): unsaved edits that survive a crash or a power cut.

Every open editor owns one slot: a JSON file in a ``recovery/`` folder beside the
database file (or in the user data folder for a database in memory), written
atomically (temporary name, fsync, rename) with mode 0600 a few seconds after the last
keystroke, and removed on a clean save or an explicit discard. What is left when the
program starts again was lost by a crash; :func:`pending_recoveries` lists it so the
window can offer to restore it.

Attachments are referenced by sha256: the editor stores their bytes in the blob store
as soon as they are added, so a slot never holds file contents.

No Qt here.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import socket
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from core import clock
from core.errors import UserError
from core.i18n import tr
from core.model import Attachment, Item
from core.atomic import atomic_write

FORMAT = "infodesk-recovery"
FORMAT_VERSION = 1
FOLDER_NAME = "recovery"
_SLOT_ID = re.compile(r"^[A-Za-z0-9_\-]{1,80}$")
#: Slots written by editors open in this process (not "pending": they are live).
_LIVE: set[str] = set()


@dataclass(frozen=True)
class RecoverySlot:
    """One recovery slot: the unsaved state of one editor.

    ``item_id`` is "" for a draft never saved; ``base_version`` is the version of the
    stored item the edits started from (0 for a new draft).
    """

    slot_id: str
    item: Item
    item_id: str = ""
    base_version: int = 0
    user: str = ""
    saved_at: dt.datetime | None = None
    database: str = ""
    path: Path | None = field(default=None, compare=False)

    @property
    def title(self) -> str:
        return self.item.title


def recovery_dir(db) -> Path:
    """The folder of recovery slots for ``db`` (a Database, or a path to one, or None)."""
    path = getattr(db, "path", db)
    if path is not None:
        return Path(path).expanduser().resolve().parent / FOLDER_NAME
    import platformdirs

    from storage.database import APP_DIR_NAME

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)) / FOLDER_NAME


def _db_key(db) -> str:
    path = getattr(db, "path", db)
    return str(Path(path).expanduser().resolve()) if path is not None else ":memory:"


def new_slot_id() -> str:
    """A fresh slot id (unique per editor)."""
    return uuid.uuid4().hex


def _check_slot_id(slot_id: str) -> str:
    if not _SLOT_ID.match(slot_id or ""):
        raise UserError(tr("Not a recovery slot name: {name}", name=str(slot_id)[:80]))
    return slot_id


def slot_path(db, slot_id: str) -> Path:
    return recovery_dir(db) / f"{_check_slot_id(slot_id)}.json"


def _item_to_json(item: Item) -> dict:
    return {
        "id": item.id,
        "title": item.title,
        "content_type": item.content_type,
        "column_id": item.column_id,
        "unit": item.unit,
        "elements": dict(item.elements),
        "body": list(item.body),
        "event_date": item.event_date.isoformat() if item.event_date else None,
        "attachments": [
            {"name": a.name, "media_type": a.media_type, "size": a.size, "sha256": a.sha256, "caption": a.caption}
            for a in item.attachments
        ],
    }


def _item_from_json(d: dict) -> Item:
    event = d.get("event_date")
    return Item(
        id=str(d.get("id") or ""),
        title=str(d.get("title") or ""),
        content_type=str(d.get("content_type") or "work_news"),
        column_id=str(d.get("column_id") or ""),
        unit=str(d.get("unit") or ""),
        elements={str(k): str(v) for k, v in (d.get("elements") or {}).items()},
        body=tuple(str(p) for p in d.get("body") or ()),
        event_date=dt.date.fromisoformat(event) if event else None,
        attachments=tuple(
            Attachment(str(a["name"]), str(a.get("media_type", "")), int(a.get("size", 0)), str(a["sha256"]),
                       str(a.get("caption", "")))
            for a in d.get("attachments") or ()
        ),
    )


def write_slot(db, slot_id: str, item: Item, *, base_version: int = 0, user: str = "") -> Path:
    """Write (replace) the slot atomically with mode 0600; returns its path."""
    target = slot_path(db, slot_id)
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)
    payload = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "slot": slot_id,
        "database": _db_key(db),
        "item_id": item.id,
        "base_version": int(base_version),
        "user": user,
        "saved_at": clock.now().isoformat(),
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "item": _item_to_json(item),
    }
    data = json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")
    try:
        with atomic_write(target, mode=0o600) as fh:
            fh.write(data)
    except OSError as err:
        raise UserError(tr("Cannot write the recovery copy {path}: {error}", path=str(target), error=err.strerror or str(err))) from None
    _LIVE.add(slot_id)
    return target


def read_slot(path: str | os.PathLike) -> RecoverySlot:
    """The slot stored at ``path``; UserError when it is damaged."""
    p = Path(path)
    try:
        payload = json.loads(p.read_text(encoding="utf-8"))
        if not isinstance(payload, dict) or payload.get("format") != FORMAT:
            raise ValueError("format")
        item = _item_from_json(payload["item"])
        saved = payload.get("saved_at")
        return RecoverySlot(
            slot_id=_check_slot_id(str(payload.get("slot") or p.stem)),
            item=item,
            item_id=str(payload.get("item_id") or ""),
            base_version=int(payload.get("base_version") or 0),
            user=str(payload.get("user") or ""),
            saved_at=clock.parse_datetime(saved) if saved else None,
            database=str(payload.get("database") or ""),
            path=p,
        )
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise UserError(tr("The recovery copy {path} is damaged ({error}).", path=str(p), error=str(err) or type(err).__name__)) from None


def pending_recoveries(db, *, include_live: bool = False) -> list[RecoverySlot]:
    """Slots left behind for ``db`` by editors that never saved or discarded, newest first.

    Slots of editors open in this process are left out unless ``include_live``. Damaged
    slot files are skipped (they stay on disk for inspection).
    """
    folder = recovery_dir(db)
    if not folder.is_dir():
        return []
    key = _db_key(db)
    out: list[RecoverySlot] = []
    for path in folder.glob("*.json"):
        try:
            slot = read_slot(path)
        except UserError:
            continue
        if slot.database and slot.database != key:
            continue
        if not include_live and slot.slot_id in _LIVE:
            continue
        out.append(slot)
    far_past = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    out.sort(key=lambda s: s.saved_at or far_past, reverse=True)
    return out


def remove_slot(db, slot_id: str) -> None:
    """Delete a slot (after a clean save or a discard); no error when it is gone."""
    _LIVE.discard(slot_id)
    with contextlib.suppress(FileNotFoundError):
        slot_path(db, slot_id).unlink()


def discard_recovery(db, slot: RecoverySlot | str) -> None:
    """Throw away a pending slot the user chose not to restore."""
    remove_slot(db, slot if isinstance(slot, str) else slot.slot_id)


def release_slot(slot_id: str) -> None:
    """Forget that a slot is live in this process (its editor closed without saving)."""
    _LIVE.discard(slot_id)
