"""Content types (信息类型) and the elements each requires [珠府办〔2007〕75号 附件1].

``validate(item)`` names every missing or malformed element, in the interface language.
The definitions come from ``resources/content_types.toml`` (a unit may override it).
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from core.i18n import language, tr
from core.model import Item
from resources import RESOURCES

DEFAULT_PATH = RESOURCES / "content_types.toml"

# 深府办〔2010〕76号, 本政办[2010]16号, 国办发〔2014〕57号, 粤府办(2014)73号
DOC_NUMBER = re.compile(r"^\S{1,20}[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d{1,5}\s*号$")
EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$")
PHONE = re.compile(r"^[\d\-()（）\s+转、,，;；]{5,40}$")
URL = re.compile(r"^(https?://)?[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+(:\d+)?(/\S*)?$")


MIN_YEAR, MAX_YEAR = 1949, 2100


def _noncharacter(ch: str) -> bool:
    cp = ord(ch)
    return (cp & 0xFFFE) == 0xFFFE or 0xFDD0 <= cp <= 0xFDEF or 0xD800 <= cp <= 0xDFFF


#: line breaks and control characters a title may not hold (a tab is allowed)
_TITLE_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f]")
#: what ``_noncharacter`` says, as one character class (a title is checked in one C pass)
_NONCHARACTER = re.compile("[\ufdd0-\ufdef\ud800-\udfff" + "".join(
    f"{chr(p | 0xFFFE)}{chr(p | 0xFFFF)}" for p in range(0, 0x110000, 0x10000)) + "]")


@dataclass(frozen=True)
class ElementDef:
    code: str
    name: str
    name_en: str
    kind: str

    @property
    def label(self) -> str:
        return self.name_en if language() == "en" else self.name


@dataclass(frozen=True)
class ContentType:
    code: str
    name: str
    name_en: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.name_en if language() == "en" else self.name

    @property
    def elements(self) -> tuple[str, ...]:
        return self.required + tuple(e for e in self.optional if e not in self.required)


@dataclass(frozen=True)
class ElementProblem:
    """A missing or malformed element; ``element`` is its code."""

    element: str
    kind: str  # "missing" | "malformed"
    message: str


@dataclass(frozen=True)
class Registry:
    types: dict[str, ContentType]
    elements: dict[str, ElementDef]

    def get(self, code_or_name: str) -> ContentType:
        """A type by code, Chinese name, English name or alias."""
        if code_or_name in self.types:
            return self.types[code_or_name]
        for ct in self.types.values():
            if code_or_name in (ct.name, ct.name_en, *ct.aliases):
                return ct
        from core.errors import UserError

        raise UserError(tr("Unknown content type: {name}", name=code_or_name))

    def element(self, code: str) -> ElementDef:
        return self.elements.get(code) or ElementDef(code, code, code, "text")


@functools.lru_cache(maxsize=4)
def load(path: Path = DEFAULT_PATH) -> Registry:
    with Path(path).open("rb") as fh:
        data = tomllib.load(fh)
    elements = {
        code: ElementDef(code, d.get("name", code), d.get("name_en", code), d.get("kind", "text"))
        for code, d in data.get("elements", {}).items()
    }
    types = {
        code: ContentType(
            code=code,
            name=d["name"],
            name_en=d.get("name_en", d["name"]),
            required=tuple(d.get("required", ())),
            optional=tuple(d.get("optional", ())),
            aliases=tuple(d.get("aliases", ())),
        )
        for code, d in data.get("types", {}).items()
    }
    return Registry(types=types, elements=elements)


def registry() -> Registry:
    return load(DEFAULT_PATH)


def _value_present(item: Item, code: str, kind: str) -> bool:
    if kind == "pictures":
        return any(a.is_picture for a in item.attachments)
    if kind == "attachments":
        return any(not a.is_picture for a in item.attachments)
    if code == "body":
        return any(p.strip() for p in item.body)
    return bool(item.element(code).strip())


def _malformed(kind: str, value: str) -> bool:
    value = value.strip()
    if not value:
        return False
    if kind == "date":
        try:
            dt.date.fromisoformat(value[:10])
        except ValueError:
            return True
        return False
    if kind == "doc_number":
        return not DOC_NUMBER.match(value)
    if kind == "email":
        return not EMAIL.match(value)
    if kind == "phone":
        return not PHONE.match(value) or sum(ch.isdigit() for ch in value) < 5
    if kind == "url":
        return not URL.match(value)
    return False


def validate(item: Item, reg: Registry | None = None) -> list[ElementProblem]:
    """Every missing required element and every malformed element of ``item``."""
    reg = reg or registry()
    ct = reg.get(item.content_type)
    problems: list[ElementProblem] = []
    if _TITLE_CONTROL.search(item.title):
        problems.append(ElementProblem("title", "malformed", tr("The title contains line breaks or control characters.")))
    if _NONCHARACTER.search(item.title):
        problems.append(ElementProblem("title", "malformed", tr("The title contains characters that are not text (Unicode non-characters).")))
    if item.event_date is not None and not (MIN_YEAR <= item.event_date.year <= MAX_YEAR):
        problems.append(ElementProblem("event_date", "malformed",
                                       tr("The event date {date} is outside {lo}–{hi}.", date=item.event_date.isoformat(), lo=MIN_YEAR, hi=MAX_YEAR)))
    if len(item.title) > 200:
        problems.append(ElementProblem("title", "malformed", tr("The title is longer than 200 characters.")))
    for code in ct.elements:
        edef = reg.element(code)
        required = code in ct.required
        if required and not _value_present(item, code, edef.kind):
            problems.append(ElementProblem(code, "missing", tr("Missing required element: {name}", name=edef.label)))
            continue
        if edef.kind not in ("pictures", "attachments", "body") and _malformed(edef.kind, item.element(code)):
            problems.append(ElementProblem(code, "malformed", tr("Malformed element {name}: {value}", name=edef.label, value=item.element(code)[:40])))
    return problems
