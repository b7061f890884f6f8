"""Full-text search that finds any Chinese query of one character or more, fast and right.

SQLite's trigram tokenizer ignores MATCH queries under 3 characters, and the SQLite
bundled with Python 3.11 answers ``LIKE`` wrongly on trigram tables. So the index holds
tokens we make ourselves, under the plain ``unicode61`` tokenizer:

* every CJK character run gives its bigrams, plus its last character alone
  ("保密审查" → 保密 密审 审查 查), so a one-character query is a prefix query
  (``保*`` matches 保密 … and a final 保) and a longer query is an AND of its bigrams;
* every other run of letters and digits is treated the same way, lower-cased
  ("portal" → po or rt ta al l), so a query from the middle of a word is found too.

The FTS result is a candidate set; the exact substring test (``instr``) on the stored
text then removes the rare false hits (bigrams present but not adjacent).
"""
from __future__ import annotations

import re
import unicodedata

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_RUN = re.compile(rf"([{_CJK}]+)|([^\W_]+)", re.UNICODE)


def normalise(text: str) -> str:
    """Width-fold and lower-case: what both the index and the exact test compare."""
    return unicodedata.normalize("NFKC", text).lower()


def _run_tokens(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)] + [run[-1]]


def index_tokens(text: str) -> str:
    """The token string stored in the FTS table for ``text``."""
    out: list[str] = []
    for cjk, word in _RUN.findall(normalise(text)):
        out.extend(_run_tokens(cjk or word))
    return " ".join(out)


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def match_expression(query: str) -> str | None:
    """The FTS5 MATCH expression for a user query, or None when it has no searchable token."""
    parts: list[str] = []
    for cjk, word in _RUN.findall(normalise(query)):
        run = cjk or word
        if len(run) == 1:
            parts.append(_quote(run) + "*")
        else:
            parts.extend(_quote(run[i:i + 2]) for i in range(len(run) - 1))
    if not parts:
        return None
    return " AND ".join(dict.fromkeys(parts))
