"""Helpers shared by commands: JSON shapes, passwords, tables."""
from __future__ import annotations

import getpass
import os
import sys
import unicodedata

from core.content_types import registry
from core.errors import AuthError, UserError
from core.i18n import tr
from core.model import Item
from core.workflow import state_label


def item_json(item: Item, db=None, full: bool = False) -> dict:
    col = db.column(item.column_id) if db is not None and item.column_id else None
    out = {
        "id": item.id, "title": item.title, "state": item.state, "type": item.content_type,
        "column": col.name if col else item.column_id, "column_id": item.column_id, "created_by": item.created_by,
        "event_date": item.event_date.isoformat() if item.event_date else None,
        "due_at": item.due_at.isoformat() if item.due_at else None,
        "updated_at": item.updated_at.isoformat() if item.updated_at else None, "version": item.version,
    }
    if full:
        out.update({
            "elements": dict(item.elements), "body": list(item.body), "unit": item.unit,
            "created_at": item.created_at.isoformat() if item.created_at else None, "updated_by": item.updated_by,
            "contributors": list(item.contributors), "signed_hash": item.signed_hash,
            "attachments": [{"name": a.name, "media_type": a.media_type, "size": a.size, "sha256": a.sha256,
                             "caption": a.caption} for a in item.attachments],
            "published_url": item.published_url,
            "published_at": item.published_at.isoformat() if item.published_at else None,
        })
    return out


def type_label(code: str) -> str:
    try:
        return registry().get(code).label
    except UserError:
        return code


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, max_width: int) -> str:
    out, w = [], 0
    for ch in text:
        cw = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if w + cw > max_width - 1:
            out.append("…")
            break
        out.append(ch)
        w += cw
    return "".join(out)


def pad(text: str, w: int) -> str:
    text = clip(text, w) if width(text) > w else text
    return text + " " * (w - width(text))


def print_table(headers: list[str], rows: list[list[str]], widths: list[int]) -> None:
    print("  ".join(pad(h, w) for h, w in zip(headers, widths)).rstrip())
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(pad(str(c), w) for c, w in zip(r, widths)).rstrip())


def read_password(db, name: str, purpose: str) -> str:
    """The signer's own password: from the terminal, or INFODESK_PASSWORD without one.
    A person with no password yet sets one here (first use)."""
    env = os.environ.get("INFODESK_PASSWORD")
    interactive = sys.stdin is not None and sys.stdin.isatty()
    if not db.has_password(name):
        if not interactive:
            raise AuthError(tr("{name} has no password yet: set one first (on first use).", name=name))
        print(tr("{name} has no password yet. Set one now (it protects your {purpose}).", name=name, purpose=purpose), file=sys.stderr)
        first = getpass.getpass(tr("New password: "))
        second = getpass.getpass(tr("Repeat the new password: "))
        if first != second:
            raise AuthError(tr("The two passwords differ."))
        db.set_password(name, first)
        return first
    if interactive:
        return getpass.getpass(tr("Password of {name}: ", name=name))
    if env is None:
        raise AuthError(tr("No terminal to ask for the password of {name}: set INFODESK_PASSWORD.", name=name))
    return env


def state_text(state: str) -> str:
    return state_label(state)
