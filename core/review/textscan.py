"""All text rules over one text: marks, personal data, word lists, allow-list."""
from __future__ import annotations

from core.model import Finding
from core.review.base import sort_and_dedupe
from core.review.fold import fold
from core.review.marks import scan_marks
from core.review.pii import scan_pii
from core.review.wordlists import WordIndex, default_wordlists


def scan_text(text: str, wordlists: WordIndex | None = None, target: str = "text", field: str = "") -> list[Finding]:
    """Findings of every text rule on ``text``; spans index ``text`` itself.

    ``wordlists`` defaults to the shipped lists (``resources/wordlists``); pass
    :func:`core.review.wordlists.load_wordlists` to add a unit's own lists.
    """
    if not text:
        return []
    index = wordlists if wordlists is not None else default_wordlists()
    folded = fold(text)
    found = scan_marks(folded, target) + scan_pii(folded, target) + index.scan(folded, target)
    allowed = index.allowed_spans(folded)
    if allowed:
        found = [f for f in found if not any(a <= f.start and f.end <= b for a, b in allowed)]
    if field:
        from dataclasses import replace

        found = [replace(f, field=field) for f in found]
    return sort_and_dedupe(found)
