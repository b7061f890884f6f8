"""Masking (脱敏): replacing a finding's text by its masked form, leaving the rest intact."""
from __future__ import annotations

from typing import Iterable

from core.errors import UserError
from core.i18n import tr
from core.model import Finding, Item


def apply_mask(text: str, finding: Finding) -> str:
    """``text`` with ``finding``'s span replaced by ``finding.masked``.

    Refused (UserError) when the finding offers no masked form, or when the text at the
    span is no longer the text found (the text was edited since the scan).
    """
    if not finding.masked:
        raise UserError(tr("This finding offers no masked form; edit the text by hand."))
    if text[finding.start:finding.end] != finding.text:
        raise UserError(tr("The text changed since the scan; scan again before masking."))
    return text[: finding.start] + finding.masked + text[finding.end:]


def apply_masks(text: str, findings: Iterable[Finding]) -> str:
    """Apply every maskable finding (back to front; overlapping ones after the first are skipped)."""
    chosen: list[Finding] = []
    for f in sorted((f for f in findings if f.masked), key=lambda f: (f.start, f.end)):
        if chosen and f.start < chosen[-1].end:
            continue
        chosen.append(f)
    for f in reversed(chosen):
        text = apply_mask(text, f)
    return text


def mask_item(item: Item, findings: Iterable[Finding]) -> Item:
    """A new Item with every maskable text finding masked.

    Findings on the item's text (``target == "text"`` and no ``field``) index
    ``item.text`` = title + "\\n" + paragraphs joined by "\\n": each is mapped to the
    title or to its paragraph, so the join stays where it is. Findings with a ``field``
    mask that element's value. Attachment findings are ignored (mask the file itself).
    """
    findings = [f for f in findings if f.masked and f.target == "text"]
    segments = [item.title, *item.body]
    offsets = []
    pos = 0
    for seg in segments:
        offsets.append(pos)
        pos += len(seg) + 1
    per_segment: dict[int, list[Finding]] = {}
    per_field: dict[str, list[Finding]] = {}
    for f in findings:
        if f.field:
            per_field.setdefault(f.field, []).append(f)
            continue
        for i, (seg, off) in enumerate(zip(segments, offsets)):
            if off <= f.start and f.end <= off + len(seg):
                per_segment.setdefault(i, []).append(
                    Finding(f.rule, f.severity, f.start - off, f.end - off, f.text, f.message, f.target, f.masked, f.field)
                )
                break
        else:
            raise UserError(tr("A finding spans the title and the body; edit the text by hand."))
    segments = [apply_masks(seg, per_segment.get(i, ())) for i, seg in enumerate(segments)]
    elements = dict(item.elements)
    for code, fs in per_field.items():
        if code == "title" or code == "body":
            continue
        elements[code] = apply_masks(elements.get(code, ""), fs)
    return item.replace(title=segments[0], body=tuple(segments[1:]), elements=elements)
