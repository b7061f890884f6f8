"""Markings that say a text must not be published (密级标志, 内部标志, 稿本标志).

A marking is a word used AS A MARK: with ★ and a period ("机密★1年"), after a label
("密级：秘密"), in brackets ("【秘密】", "（机密）"), alone on a line or at the head of a
line, in a header line made only of marks ("内部资料  注意保存"), or in a declaration
about the text itself ("本刊为内部资料", "此件不得外传"). A mere mention — "严防泄露国家
秘密", "保密审查工作", "商业秘密", "秘密级以上", "防止内部工作信息上网" — is not a mark and
raises nothing.

Severities:
- ``mark.classified`` (绝密/机密/秘密) — block: marked state secrets never go online.
- ``mark.internal`` (内部资料, 注意保存, 不得外传 …) — block: 防止涉密信息和内部工作信息上网.
- ``mark.draft`` (征求意见稿, 送审稿, 讨论稿, （草案）…) — warn, not block: portals publish
  drafts for public comment every day (公开征求意见), so a block would cry wolf on a
  legitimate notice; the warning asks the officer to confirm the draft is meant for
  consultation, and the checklist's "work secrets / deliberations" question backs it up.
  An internal discussion draft ("内部讨论稿") is caught as internal by the word list.
All rules run on folded text, so traditional characters and full-width forms count too.
"""
from __future__ import annotations

import re

from core.i18n import tr
from core.model import Finding
from core.review.base import finding
from core.review.fold import Folded

LEVEL = r"(?:绝密|机密|秘密)"
PERIOD = r"(?:[ \t]*[★☆][ \t]*(?:\d+[ \t]*(?:年|个月|月|日|天)|长期)?|[ \t]*\*[ \t]*(?:\d+[ \t]*(?:年|个月|月|日|天)|长期))"
CLASSIFIED = rf"{LEVEL}{PERIOD}?"
INTERNAL = r"(?:内部资料|内部文件|内部使用|内部刊物|内部材料|内部参考|内部参阅|内部传阅|内部发行|内部资料注意保存)"
KEEP = r"(?:注意保存|注意保管|注意保密|妥善保管)"
NO_SPREAD = r"(?:不得外传|严禁外传|请勿外传|不准外传|禁止外传|不得外泄|不得扩散|不得翻印|严禁翻印)"
ONLY_INTERNAL = r"(?:仅供内部(?:使用|参考|参阅|传阅|学习)|仅限内部(?:使用|参考|参阅|传阅))"
DRAFT = r"(?:征求意见稿|送审稿|讨论稿|审议稿|修改稿|草稿|初稿|代拟稿|报批稿)"
DRAFT_BRACKET_ONLY = r"(?:草案)"

#: what "本…/此…" refers to when it marks the text itself ("本通知不得外传", "此件注意保存")
NOUNS = (r"(?:文件|文|件|材料|资料|稿|纪要|会议纪要|报告|简报|通报|刊物|刊|通知|函|信息|内容|表|名单|数据|附件"
         r"|情况|汇报|讲话|方案|清单)")

OPEN = r"[【\[(〔<〈《「『]"
CLOSE = r"[】\])〕>〉》」』]"
SEP = r"[ \t,、;:.。!！★☆*]"

ANY_MARK = rf"(?:{CLASSIFIED}|{ONLY_INTERNAL}|{INTERNAL}|{KEEP}|{NO_SPREAD}|{DRAFT}|{DRAFT_BRACKET_ONLY})"
# Extras seen on header lines: 第3份 / 编号: 000123 / 份号 / 保密期限
HEADER_EXTRA = r"(?:第[ \t]*\d+[ \t]*份|份号[ \t]*:?[ \t]*\d+|编号[ \t]*:?[ \t]*[\w-]+|保密期限[ \t]*:?[ \t]*\S+)"

# (regex, group to report) per kind; each pattern has a named group "m".
_PATTERNS: dict[str, list[re.Pattern[str]]] = {
    "classified": [
        re.compile(rf"(?P<m>{LEVEL}[ \t]*[★☆][ \t]*(?:\d+[ \t]*(?:年|个月|月|日|天)|长期)?)"),
        re.compile(rf"(?P<m>{LEVEL}[ \t]*\*[ \t]*(?:\d+[ \t]*(?:年|个月|月|日|天)|长期))"),
        re.compile(rf"密[ \t]*级[ \t]*(?::|[ \t])[ \t]*(?P<m>{CLASSIFIED})"),
        re.compile(rf"{OPEN}[ \t]*(?P<m>{CLASSIFIED})[ \t]*{CLOSE}"),
        re.compile(rf"(?m)^[ \t]*(?P<m>{CLASSIFIED})(?=[ \t]*$|[ \t]+)"),
        re.compile(rf"(?m)(?<=[ \t]{{2}})(?P<m>{CLASSIFIED})(?=[ \t]*$)"),
    ],
    "internal": [
        re.compile(rf"(?P<m>{ONLY_INTERNAL})"),
        re.compile(rf"{OPEN}[ \t]*(?P<m>{INTERNAL}|{KEEP}|{NO_SPREAD})[ \t]*{CLOSE}"),
        re.compile(rf"(?m)^[ \t]*(?P<m>{INTERNAL}|{KEEP}|{NO_SPREAD})(?=[ \t]*$|{SEP})"),
        re.compile(rf"(?m)(?<=[ \t]{{2}})(?P<m>{INTERNAL}|{KEEP}|{NO_SPREAD})(?=[ \t]*$)"),
        re.compile(
            rf"(?:本|此|该){NOUNS}[^。\n]{{0,4}}?"
            rf"(?:系|属|属于|为|是|作为|按)[ \t]*(?P<m>{INTERNAL})"
        ),
        re.compile(
            rf"(?:本|此){NOUNS}[,\s]?(?:请)?(?P<m>{KEEP}|{NO_SPREAD})"
        ),
    ],
    "draft": [
        re.compile(rf"{OPEN}[ \t]*(?P<m>{DRAFT}|{DRAFT_BRACKET_ONLY})[ \t]*{CLOSE}"),
        re.compile(rf"(?m)^[ \t]*(?P<m>{DRAFT})(?=[ \t]*$|{SEP})"),
        re.compile(rf"(?m)(?<=[ \t]{{2}})(?P<m>{DRAFT})(?=[ \t]*$)"),
    ],
}

_HEADER_LINE = re.compile(
    rf"^[ \t]*(?:(?:{ANY_MARK}|{HEADER_EXTRA})[ \t,、;:。★☆]*)+$"
)
# A bracket group made only of marks: "（内部资料 注意保存）", "【机密★1年 不得外传】".
_MARK_GROUP = re.compile(
    rf"{OPEN}[ \t]*(?P<g>(?:(?:{ANY_MARK}|{HEADER_EXTRA})[ \t,、;:。★☆]*)+){CLOSE}"
)
#: a second mark right after a reported one: "内部资料，不得外传", "内部资料 请注意保存"
_FOLLOWING = re.compile(rf"{CLOSE}?[ \t]*[,、;:]?[ \t]*(?:请)?(?P<m>{KEEP}|{NO_SPREAD})")
_TOKEN = re.compile(
    rf"(?P<classified>{CLASSIFIED})|(?P<internal>{ONLY_INTERNAL}|{INTERNAL}|{KEEP}|{NO_SPREAD})|(?P<draft>{DRAFT}|{DRAFT_BRACKET_ONLY})"
)


def _message(kind: str, mark: str) -> tuple[str, str, str]:
    if kind == "classified":
        return (
            "mark.classified",
            "block",
            tr("Classification mark “{mark}”: marked state secrets must never be published. Remove the content, or have the classification lifted in writing first.",
                mark=mark,
            ),
        )
    if kind == "internal":
        return (
            "mark.internal",
            "block",
            tr("Internal-use mark “{mark}”: internal material must not go online. Remove it, or publish only a version approved for the public.",
                mark=mark,
            ),
        )
    return (
        "mark.draft",
        "warn",
        tr("Draft mark “{mark}”: publish a draft only when it is released for public comment; otherwise wait for the final text.",
            mark=mark,
        ),
    )


def scan_marks(folded: Folded, target: str = "text") -> list[Finding]:
    """Classification, internal-use and draft marks in ``folded``."""
    text = folded.text
    hits: dict[tuple[int, int], str] = {}
    for kind, patterns in _PATTERNS.items():
        for pattern in patterns:
            for m in pattern.finditer(text):
                hits.setdefault(m.span("m"), kind)
    # Header lines made only of marks: every token in them is a mark.
    pos = 0
    for line in text.split("\n"):
        if line.strip() and _HEADER_LINE.match(line):
            for m in _TOKEN.finditer(line):
                kind = m.lastgroup or "internal"
                hits.setdefault((pos + m.start(), pos + m.end()), kind)
        pos += len(line) + 1
    for group in _MARK_GROUP.finditer(text):
        base = group.start("g")
        for m in _TOKEN.finditer(group.group("g")):
            hits.setdefault((base + m.start(), base + m.end()), m.lastgroup or "internal")
    # A keep/no-spread phrase right after a mark belongs to it ("本材料为内部资料，不得外传").
    for (start, end), kind in sorted(hits.items()):
        if kind in ("internal", "classified"):
            m = _FOLLOWING.match(text, end)
            while m:
                hits.setdefault(m.span("m"), "internal")
                m = _FOLLOWING.match(text, m.end())
    # Drop hits contained in a longer hit (e.g. "机密" inside "机密★1年").
    spans = sorted(hits, key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[Finding] = []
    last_end = -1
    for start, end in spans:
        if end <= last_end:
            continue
        last_end = max(last_end, end)
        kind = hits[(start, end)]
        rule, severity, message = _message(kind, folded.original[slice(*folded.span(start, end))])
        out.append(finding(rule, severity, folded, start, end, message, target))
    return out
