"""Shared helpers of the scanners: building findings from spans of folded text."""
from __future__ import annotations

from core.model import SEVERITIES, Finding
from core.review.fold import Folded

SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


def finding(
    rule: str,
    severity: str,
    folded: Folded,
    start: int,
    end: int,
    message: str,
    target: str = "text",
    masked: str = "",
    field: str = "",
) -> Finding:
    """A finding for the folded span [start, end), reported on the original text."""
    s, e = folded.span(start, end)
    return Finding(
        rule=rule,
        severity=severity,
        start=s,
        end=e,
        text=folded.original[s:e],
        message=message,
        target=target,
        masked=masked,
        field=field,
    )


def sort_key(f: Finding) -> tuple:
    return (
        f.target != "text",
        f.target,
        f.field,
        f.start,
        f.end,
        SEVERITY_RANK.get(f.severity, 9),
        f.rule,
        f.text,
    )


def sort_and_dedupe(findings) -> list[Finding]:
    """Sort findings by place and drop exact repeats (same rule, place and text)."""
    seen: set[tuple] = set()
    out: list[Finding] = []
    for f in sorted(findings, key=sort_key):
        key = (f.rule, f.target, f.field, f.start, f.end, f.text)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out
