"""Content hashes: what a sign-off certifies.

The hash covers everything that is published — type, column, title, elements, event
date, body and attachments (by sha256) — and nothing about workflow state, so an edit
of any of those voids a sign-off, and moving the item through states does not.
"""
from __future__ import annotations

import hashlib
import json

from core.model import Item


def canonical_content(item: Item) -> dict:
    return {
        "content_type": item.content_type,
        "column_id": item.column_id,
        "title": item.title,
        "elements": {k: item.elements[k] for k in sorted(item.elements) if item.elements[k] != ""},
        "event_date": item.event_date.isoformat() if item.event_date else None,
        "body": list(item.body),
        "attachments": [[a.name, a.sha256, a.caption] for a in item.attachments],
    }


def canonical_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(item: Item) -> str:
    """sha256 (hex) of the item's publishable content."""
    return hashlib.sha256(canonical_json(canonical_content(item)).encode("utf-8")).hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
