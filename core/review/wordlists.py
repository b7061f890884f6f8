"""Word lists (敏感词/内部用语表): thousands of terms matched in one pass.

A list is a UTF-8 text file, one term per line; lines starting with ``#`` are comments,
and header comments set the list's properties::

    # severity: block          (block | warn | info; default warn)
    # name: 内部用语            (shown to the user; default: the file name)
    # kind: allow              (this file is an allow-list: its terms silence hits)

The rule id of a hit is ``wordlist.<file stem>``. Terms and text are folded alike
(full-width → half-width, traditional → simplified, Latin case), so "內部討論稿" and
"ＶＰＮ" match "内部讨论稿" and "vpn"; the spans index the original text. A term made
only of Latin letters and digits matches whole words only.

An allow-list names phrases known to be harmless: any finding (of any text rule) lying
inside an occurrence of an allow-listed phrase is dropped — e.g. "保密审查工作" if a unit's
own list flags "保密".
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import ahocorasick

from core.errors import UserError
from core.i18n import tr
from core.model import SEVERITIES, Finding
from core.review.base import SEVERITY_RANK, finding
from core.review.fold import Folded, fold_term
from resources import RESOURCES

DEFAULT_DIR = RESOURCES / "wordlists"
_HEADER = re.compile(r"^#\s*(severity|name|kind)\s*:\s*(.+?)\s*$", re.I)
_ASCII_WORD = re.compile(r"^[0-9a-z]+$")


@dataclass(frozen=True)
class WordList:
    """One list file: its terms and the severity of a hit."""

    rule: str
    name: str
    severity: str
    terms: tuple[str, ...]
    kind: str = "terms"  # "terms" | "allow"
    path: str = ""


def read_wordlist(path: str | Path) -> WordList:
    """Read one list file (see the module docstring for the format)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise UserError(tr("Cannot read the word list {path}: {error}", path=str(path), error=err.strerror or str(err))) from None
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            content = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise UserError(tr("The word list {path} is not UTF-8 or GB18030 text.", path=str(path))) from None
    props = {"severity": "warn", "name": path.stem, "kind": "terms"}
    terms: list[str] = []
    for line in content.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            m = _HEADER.match(line)
            if m:
                props[m.group(1).lower()] = m.group(2)
            continue
        terms.append(line)
    severity = props["severity"].lower()
    if severity not in SEVERITIES:
        raise UserError(tr("The word list {path} has an unknown severity “{severity}” (use block, warn or info).", path=str(path), severity=severity))
    kind = "allow" if props["kind"].lower() in ("allow", "allow-list", "allowlist") else "terms"
    return WordList(
        rule=f"wordlist.{path.stem}",
        name=props["name"],
        severity=severity,
        terms=tuple(dict.fromkeys(terms)),
        kind=kind,
        path=str(path),
    )


def _automaton(keys: Iterable[tuple[str, object]]) -> ahocorasick.Automaton | None:
    automaton = ahocorasick.Automaton()
    count = 0
    for key, value in keys:
        if key:
            automaton.add_word(key, value)
            count += 1
    if not count:
        return None
    automaton.make_automaton()
    return automaton


def _whole_word_ok(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


@dataclass
class WordIndex:
    """Every term of the loaded lists in one Aho–Corasick automaton, plus the allow-list."""

    lists: tuple[WordList, ...] = ()
    _terms: object = field(default=None, repr=False)
    _allow: object = field(default=None, repr=False)

    def __post_init__(self) -> None:
        entries: dict[str, tuple[str, WordList]] = {}
        allow: dict[str, str] = {}
        for wl in self.lists:
            for term in wl.terms:
                key = fold_term(term)
                if wl.kind == "allow":
                    allow[key] = term
                    continue
                old = entries.get(key)
                if old is None or SEVERITY_RANK[wl.severity] < SEVERITY_RANK[old[1].severity]:
                    entries[key] = (term, wl)
        self._terms = _automaton((k, (k, term, wl)) for k, (term, wl) in entries.items())
        self._allow = _automaton((k, k) for k in allow)

    @property
    def term_count(self) -> int:
        return sum(len(wl.terms) for wl in self.lists if wl.kind != "allow")

    def scan(self, folded: Folded, target: str = "text") -> list[Finding]:
        """Hits of listed terms; a hit inside a longer hit is dropped."""
        if self._terms is None:
            return []
        text = folded.text
        hits: list[tuple[int, int, str, WordList]] = []
        for end_incl, (key, term, wl) in self._terms.iter(text):
            start, end = end_incl - len(key) + 1, end_incl + 1
            if _ASCII_WORD.match(key) and not _whole_word_ok(text, start, end):
                continue
            hits.append((start, end, term, wl))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out: list[Finding] = []
        last_end = -1
        for start, end, term, wl in hits:
            if end <= last_end:
                continue
            last_end = end
            out.append(finding(
                wl.rule, wl.severity, folded, start, end,
                tr("Listed term “{term}” (word list: {list}): check that it may be published; remove or rephrase it, or add the phrase to the allow-list if this is a false hit.", term=term, list=wl.name),
                target,
            ))
        return out

    def allowed_spans(self, folded: Folded) -> list[tuple[int, int]]:
        """Spans of the ORIGINAL text covered by allow-listed phrases."""
        if self._allow is None:
            return []
        spans = []
        for end_incl, key in self._allow.iter(folded.text):
            spans.append(folded.span(end_incl - len(key) + 1, end_incl + 1))
        return spans


def default_paths() -> list[Path]:
    return sorted(DEFAULT_DIR.glob("*.txt")) if DEFAULT_DIR.is_dir() else []


def load_wordlists(extra_paths: Iterable[str | Path] = (), include_default: bool = True) -> WordIndex:
    """The default lists (``resources/wordlists/*.txt``) plus a unit's own files."""
    paths = (default_paths() if include_default else []) + [Path(p) for p in extra_paths]
    return WordIndex(tuple(read_wordlist(p) for p in paths))


@functools.lru_cache(maxsize=1)
def default_wordlists() -> WordIndex:
    """The default lists, loaded once."""
    return load_wordlists()
