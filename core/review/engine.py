"""Scanning one item: its text, its elements, its attachments and its completeness."""
from __future__ import annotations

from typing import Callable

from core.i18n import tr
from core.model import Finding, Item
from core.review.attachments import scan_attachment
from core.review.base import sort_and_dedupe
from core.review.textscan import scan_text
from core.review.wordlists import WordIndex

STAGES = ("draft", "submit")
#: Element kinds whose values are meant to be public contact data: not scanned for personal data.
_UNSCANNED_KINDS = frozenset({"phone", "email", "url", "date", "doc_number", "pictures", "attachments", "body"})

AttachmentData = Callable[[str, str], "bytes | None"]


def element_findings(item: Item, stage: str = "draft") -> list[Finding]:
    """Missing or malformed elements of the item's content type (warn while drafting, block at submit)."""
    from core.content_types import validate

    severity = "block" if stage == "submit" else "warn"
    out = []
    for problem in validate(item):
        out.append(Finding(
            rule=f"element.{problem.kind}",
            severity=severity,
            start=0,
            end=0,
            text=problem.element,
            message=problem.message,
            target="text",
            field=problem.element,
        ))
    return out


def _element_text_findings(item: Item, wordlists: WordIndex | None) -> list[Finding]:
    from core.content_types import registry

    reg = registry()
    out: list[Finding] = []
    for code, value in item.elements.items():
        if not value or code in ("title", "body") or reg.element(code).kind in _UNSCANNED_KINDS:
            continue
        out.extend(scan_text(value, wordlists, target="text", field=code))
    return out


def scan_item(
    item: Item,
    stage: str = "draft",
    attachment_data: AttachmentData | None = None,
    wordlists: WordIndex | None = None,
) -> list[Finding]:
    """Every finding for ``item``, sorted by place and without repeats.

    - text rules on ``item.text`` (title + "\\n" + body paragraphs): spans index it;
    - text rules on the text-like elements (author, source, …): ``field`` names the
      element and spans index its value;
    - missing/malformed elements: warn at ``stage="draft"``, block at ``stage="submit"``;
    - attachments: ``attachment_data(name, sha256)`` returns the bytes (None when the
      file is missing). Without ``attachment_data`` attachments are not scanned and an
      info finding says so.
    """
    if stage not in STAGES:
        raise ValueError(f"stage must be one of {STAGES}, not {stage!r}")
    findings = scan_text(item.text, wordlists)
    findings += _element_text_findings(item, wordlists)
    findings += element_findings(item, stage)
    for att in item.attachments:
        if attachment_data is None:
            findings.append(Finding(
                "attachment.not_scanned", "info", 0, 0, att.name,
                tr("The attachment {name} was not scanned.", name=att.name), target=att.name,
            ))
            continue
        try:
            data = attachment_data(att.name, att.sha256)
        except (FileNotFoundError, KeyError):
            data = None
        if data is None:
            findings.append(Finding(
                "attachment.unavailable", "block" if stage == "submit" else "warn", 0, 0, att.name,
                tr("The file of the attachment {name} is missing; attach it again.", name=att.name), target=att.name,
            ))
            continue
        findings += scan_attachment(att.name, att.media_type, data, wordlists)
    return sort_and_dedupe(findings)


def blocking(findings) -> list[Finding]:
    return [f for f in findings if f.severity == "block"]


def scan_many(
    items,
    stage: str = "draft",
    attachment_data: AttachmentData | None = None,
    wordlists: WordIndex | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> dict[str, list[Finding]]:
    """Scan many items (for a background task): ``{item.id: findings}``.

    ``progress(done, total)`` is called after each item; when ``cancelled()`` returns
    True the scan stops and returns what it has.
    """
    items = list(items)
    out: dict[str, list[Finding]] = {}
    for done, item in enumerate(items, 1):
        if cancelled is not None and cancelled():
            break
        out[item.id] = scan_item(item, stage, attachment_data, wordlists)
        if progress is not None:
            progress(done, len(items))
    return out
