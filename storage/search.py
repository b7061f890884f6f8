"""Full-text search that finds any Chinese query of one character or more, fast and right.

SQLite's trigram tokenizer ignores MATCH queries under 3 characters, and the SQLite
bundled with Python 3.11 answers ``LIKE`` wrongly on trigram tables. So the index holds
tokens we make ourselves, given to FTS5's ``ascii`` tokenizer, which takes them as they are:

* every CJK character run gives its bigrams, plus its last character alone
  ("保密审查" → 保密 密审 审查 查), so a one-character query is a prefix query
  (``"保"*`` matches 保密 … and a final 保) and a longer one is a *phrase* of its bigrams;
* every other run of letters and digits is treated the same way, lower-cased
  ("portal" → po or rt ta al l), so a query from the middle of a word is found too.

An item whose folding makes Chinese characters out of others (⼀, ㊙, compatibility ideographs)
also gets the token :data:`FOLDS_INTO_CJK`, so a search can test the stored text of every other
item directly (see ``Database._walk_first_window``).

A query that is one run is answered by the index exactly (see :func:`plan_search`); other
queries (spaces, punctuation) take the index's candidates and an exact substring test on the
stored text. The index is contentless (it keeps no copy of the tokens): the database gives it
the old tokens, recomputed with :func:`index_tokens`, when an item's text changes.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_RUN = re.compile(rf"([{_CJK}]+)|([^\W_]+)", re.UNICODE)


#: Full-width ASCII (，：；（）１２…): NFKC maps each to its ASCII twin. Mapping them first gives
#: the same result, and lets NFKC's quick check pass over most Chinese text untouched (2× faster).
_FULL_WIDTH = re.compile("[\uff01-\uff5e]")
_RUN_TEXT = re.compile(rf"[{_CJK}]+|[^\W_]+", re.UNICODE)


def _half_width(m: re.Match) -> str:
    return chr(ord(m.group()) - 0xFEE0)


def normalise(text: str) -> str:
    """Width-fold and lower-case: what both the index and the exact test compare."""
    if _FULL_WIDTH.search(text):
        text = _FULL_WIDTH.sub(_half_width, text)
    return unicodedata.normalize("NFKC", text).lower()


def _run_tokens(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)] + [run[-1]]


#: The token of an item whose folding makes Chinese characters out of others (compatibility
#: ideographs, Kangxi radicals, ㊙, 🈚 …): only there can the folded text hold a Chinese query
#: that the text as stored does not (see :meth:`Database._walk_first_window`). No query asks for
#: it by chance: a query's tokens are made of word characters, and "§" is none.
FOLDS_INTO_CJK = "§cjk"
#: A run of Chinese characters (``CJK_RUN.fullmatch``: a query of Chinese characters only).
CJK_RUN = re.compile(f"[{_CJK}]+")


def folds_into_cjk(text: str, folded: str) -> bool:
    """Whether folding ``text`` (into ``folded``) changed its Chinese characters. Folding keeps a
    Chinese character (none decomposes or composes) and makes none out of other characters
    except the compatibility forms; so when this is False, the folded text holds a run of
    Chinese characters exactly where the stored text does."""
    return CJK_RUN.findall(text) != CJK_RUN.findall(folded)


@functools.cache
def _folding_chars() -> re.Pattern:
    """The characters folding turns into Chinese characters (Kangxi radicals, ㊙, 🈚 …) or changes,
    being Chinese (compatibility ideographs). Folding works character by character here: none of
    them composes with its neighbours. Worked out once, when first needed (a tenth of a second)."""
    cjk = re.compile(f"[{_CJK}]")
    ranges: list[list[int]] = []
    for cp in range(0x110000):
        ch = chr(cp)
        if not unicodedata.decomposition(ch):
            continue  # no decomposition: folding keeps it, or only changes its case (never into Chinese)
        folded = normalise(ch)
        if cjk.search(folded) if not cjk.fullmatch(ch) else folded != ch:
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    return re.compile("[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges) + "]")


def may_fold_into_cjk(text: str) -> bool:
    """The same as ``folds_into_cjk(text, normalise(text))``, found quicker for a long text: whether
    it holds a character that folds into Chinese characters."""
    return _folding_chars().search(text) is not None


def _sentence_tokens(text: str) -> tuple[str, bool]:
    """The bigrams and last character of every run of ``text`` (the same as joining
    :func:`_run_tokens` of each run, built in C loops), and whether its folding made Chinese
    characters (:func:`folds_into_cjk`)."""
    folded = normalise(text)
    out: list[str] = []
    extend, append = out.extend, out.append
    for run in _RUN_TEXT.findall(folded):
        if len(run) > 1:
            extend(map(str.__add__, run, run[1:]))
        append(run[-1])
    return " ".join(out), folds_into_cjk(text, folded)


def index_tokens(text: str) -> str:
    """The token string stored in the FTS table for ``text``: its runs' tokens, and
    :data:`FOLDS_INTO_CJK` when folding made Chinese characters."""
    tokens, marked = _sentence_tokens(text)
    if marked:
        return tokens + " " + FOLDS_INTO_CJK if tokens else FOLDS_INTO_CJK
    return tokens


def stored_text(title: str, body: str) -> str:
    """What the index holds of an item, from its stored title and body (the stored body joins
    paragraphs with newlines): ``Item.text`` of the stored item."""
    return title + "\n" + body if body else title


def index_tokens_many(texts) -> list[str]:
    """:func:`index_tokens` of each text, for bulk loads. Tokens never cross a "。" (it is no
    token character, and neither folding nor lower-casing looks across it), so a text's tokens
    are its sentences' tokens joined; sentences that repeat (as in generated or templated text)
    are tokenised once."""
    cache: dict[str, tuple[str, bool]] = {}
    out: list[str] = []
    for text in texts:
        parts = []
        marked = False
        for sentence in text.split("。"):
            got = cache.get(sentence)
            if got is None:
                if len(cache) >= 200_000:
                    cache.clear()
                got = cache[sentence] = _sentence_tokens(sentence)
            if got[0]:
                parts.append(got[0])
            marked = marked or got[1]
        if marked:
            parts.append(FOLDS_INTO_CJK)
        out.append(" ".join(parts))
    return out


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


#: Changes whenever :func:`index_tokens` would give other tokens for the same text; the
#: database rebuilds its index when the version it was built with differs (a contentless
#: index can only forget an item's tokens if it is told exactly what they were).
TOKENS_VERSION = f"bigram-2/ascii/unicode-{unicodedata.unidata_version}"
#: The tokens before :data:`FOLDS_INTO_CJK`: the same but for the mark, so moving on from them
#: only marks the items that need it (see ``Database._add_folding_marks``).
PREVIOUS_TOKENS_VERSION = f"bigram-1/ascii/unicode-{unicodedata.unidata_version}"

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True)
class SearchPlan:
    """How to find a query: ``match`` (FTS5, None when the query has no searchable token)
    gives candidates; unless ``exact``, a candidate must also contain the query: as typed
    (``raw``, compared with SQLite's ``lower()``, which folds ASCII only) or ``folded`` (compared
    with the folded text, ``infodesk_fold()``)."""

    match: str | None
    exact: bool
    raw: str
    folded: str


def plan_search(query: str) -> SearchPlan | None:
    """The plan for a user query (None for a blank one). What is found: items whose folded
    (:func:`normalise`) title-and-text contains the folded query.

    The query's tokens become one FTS5 *phrase*. Bigrams of a run sit at consecutive positions
    of the index and a run's last bigram is always followed by its final character, so:

    * a query that is one run is a phrase of its bigrams (a one-character query is the prefix
      query ``"保"*``: every character of a run starts a token). The index (``ascii`` tokenizer:
      our tokens are its tokens, unchanged) then answers exactly and no item text is read;
    * runs separated by other characters ("保密，审查") are a phrase of every run's tokens, its
      final character included, except the last run's (the text's run may go on): the runs must
      follow each other in the text; the substring test then checks what lies between them;
    * runs that touch (a CJK run then letters or digits: "条目1") may fall into one run of the
      text, so each gives its own phrase, joined by AND, and the substring test decides."""
    q = query.strip()
    if not q:
        return None
    folded = normalise(q)
    spans = [(m.start(), m.end()) for m in _RUN_TEXT.finditer(folded)]
    raw = q.translate(_ASCII_LOWER)
    if not spans:
        return SearchPlan(None, False, raw, folded)
    runs = [folded[a:b] for a, b in spans]
    exact = len(runs) == 1 and runs[0] == folded
    touching = any(spans[i][1] == spans[i + 1][0] for i in range(len(spans) - 1))
    if touching:
        parts = [_quote(r) + "*" if len(r) == 1 else '"' + " ".join(_bigrams(r)) + '"' for r in runs]
        return SearchPlan(" AND ".join(dict.fromkeys(parts)), False, raw, folded)
    tokens: list[str] = []
    prefix = False
    for i, run in enumerate(runs):
        tokens.extend(_bigrams(run))
        if i < len(runs) - 1 or spans[-1][1] < len(folded):  # the text's run ends here too
            tokens.append(run[-1])
        elif len(run) == 1:  # the text's run starts with this character: a token begins with it
            tokens.append(run)
            prefix = True
    match = '"' + " ".join(tokens) + '"' + (" *" if prefix else "")
    return SearchPlan(match, exact, raw, folded)


def _bigrams(run: str) -> list[str]:
    return [run[i:i + 2] for i in range(len(run) - 1)]
