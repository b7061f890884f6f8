"""The confidentiality checklist (保密审查清单) and its answers.

``resources/checklists/default.toml`` holds the default list; a unit replaces it
(``load_checklist(path)``) or extends it (``load_checklist(extra=[paths])``: same id
replaces, new ids are appended, ``remove = [ids]`` drops). Every question is phrased so
"yes" means safe/confirmed; ``acceptable`` lists the answers that let an item through.
Answers are :class:`core.model.ChecklistAnswer`.
"""
from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from core.errors import UserError
from core.i18n import language, tr
from core.model import ChecklistAnswer
from resources import RESOURCES

DEFAULT_PATH = RESOURCES / "checklists" / "default.toml"
ANSWERS = ("yes", "no", "na")


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    question: str
    question_en: str = ""
    explanation: str = ""
    required: bool = True
    acceptable: tuple[str, ...] = ("yes",)
    informed_by: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The question in the interface language."""
        return (self.question_en or self.question) if language() == "en" else self.question

    def accepts(self, answer: str) -> bool:
        return answer in self.acceptable


@dataclass(frozen=True)
class Checklist:
    version: str
    items: tuple[ChecklistItem, ...]

    def get(self, question_id: str) -> ChecklistItem | None:
        for item in self.items:
            if item.id == question_id:
                return item
        return None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.items)

    def items_for_rule(self, rule: str) -> tuple[ChecklistItem, ...]:
        """The questions a finding of ``rule`` informs (``wordlist.*`` matches any list)."""
        return tuple(
            i for i in self.items
            if rule in i.informed_by or any(r.endswith(".*") and rule.startswith(r[:-1]) for r in i.informed_by)
        )


def _read(path: Path) -> dict:
    try:
        with Path(path).open("rb") as fh:
            return tomllib.load(fh)
    except OSError as err:
        raise UserError(tr("Cannot read the checklist {path}: {error}", path=str(path), error=err.strerror or str(err))) from None
    except tomllib.TOMLDecodeError as err:
        raise UserError(tr("The checklist {path} is not valid TOML: {error}", path=str(path), error=str(err))) from None


def _item(d: dict, path: Path) -> ChecklistItem:
    if not isinstance(d, dict) or not d.get("id") or not d.get("question"):
        raise UserError(tr("The checklist {path} has an item without id or question.", path=str(path)))
    acceptable = tuple(d.get("acceptable", ("yes",)))
    if not acceptable or any(a not in ANSWERS for a in acceptable):
        raise UserError(tr("The checklist item {id} has invalid acceptable answers (use yes, no, na).", id=d["id"]))
    return ChecklistItem(
        id=str(d["id"]),
        question=str(d["question"]),
        question_en=str(d.get("question_en", "")),
        explanation=str(d.get("explanation", "")),
        required=bool(d.get("required", True)),
        acceptable=acceptable,
        informed_by=tuple(d.get("informed_by", ())),
    )


def _parse(path: Path) -> tuple[str, list[ChecklistItem], list[str]]:
    data = _read(path)
    items = [_item(d, path) for d in data.get("items", [])]
    seen: set[str] = set()
    for it in items:
        if it.id in seen:
            raise UserError(tr("The checklist {path} has the item id {id} twice.", path=str(path), id=it.id))
        seen.add(it.id)
    return str(data.get("version", "")), items, [str(r) for r in data.get("remove", [])]


def merge(base: Checklist, version: str, items: Iterable[ChecklistItem], remove: Iterable[str] = ()) -> Checklist:
    """``base`` extended by ``items`` (same id replaces in place, new ids appended), less ``remove``."""
    drop = set(remove)
    by_id = {i.id: i for i in items}
    merged = [by_id.pop(i.id, i) for i in base.items if i.id not in drop]
    merged += [i for i in by_id.values() if i.id not in drop]
    new_version = f"{base.version}+{version}" if version else base.version
    return Checklist(new_version, tuple(merged))


def load_checklist(path: str | Path | None = None, extra: Iterable[str | Path] = ()) -> Checklist:
    """The checklist at ``path`` (default: the shipped one), merged with each ``extra`` file."""
    version, items, _ = _parse(Path(path) if path else DEFAULT_PATH)
    if not version:
        raise UserError(tr("The checklist {path} has no version.", path=str(path or DEFAULT_PATH)))
    checklist = Checklist(version, tuple(items))
    for extra_path in extra:
        v, more, remove = _parse(Path(extra_path))
        checklist = merge(checklist, v, more, remove)
    return checklist


def answer(
    checklist: Checklist,
    question_id: str,
    value: str,
    by: str,
    at: dt.datetime | None = None,
    note: str = "",
) -> ChecklistAnswer:
    """A checked answer to one question, stamped with the checklist's version."""
    if checklist.get(question_id) is None:
        raise UserError(tr("Unknown checklist question: {id}", id=question_id))
    if value not in ANSWERS:
        raise UserError(tr("An answer must be yes, no or na, not “{value}”.", value=value))
    if at is None:
        from core.clock import now

        at = now()
    return ChecklistAnswer(
        question_id=question_id, answer=value, note=note, answered_by=by, answered_at=at,
        checklist_version=checklist.version,
    )
