"""The gate: may this item go on (to sign-off, submission, export)?

An item passes when every required checklist question is answered acceptably (with the
current checklist's version), no block finding is left open, and the findings are
current. A block finding is closed only by an Override that matches it (rule + text +
target) and carries a written justification of at least ``MIN_JUSTIFICATION``
characters; missing required elements cannot be overridden — they must be filled in.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Callable, Iterable

from core.errors import UserError
from core.i18n import tr
from core.model import ChecklistAnswer, Finding, Item, Override, Review
from core.review.checklist import Checklist, load_checklist

MIN_JUSTIFICATION = 10
#: Rules whose block findings no justification can let through.
NOT_OVERRIDABLE = frozenset({"element.missing"})


@dataclass(frozen=True)
class GateResult:
    passed: bool
    reasons: list[str]
    open_blocks: list[Finding]
    unanswered: list[str]
    #: Required questions answered with an answer that does not let the item through.
    unacceptable: list[str] = field(default_factory=list)
    #: Block findings closed by a valid override.
    overridden: list[Finding] = field(default_factory=list)
    #: Overrides refused (too short, or of a rule that cannot be overridden).
    rejected_overrides: list[Override] = field(default_factory=list)


@functools.lru_cache(maxsize=1)
def default_checklist() -> Checklist:
    return load_checklist()


def _answer_label(value: str) -> str:
    return {"yes": tr("yes"), "no": tr("no"), "na": tr("not applicable")}.get(value, value)


def justification_ok(text: str) -> bool:
    return len((text or "").strip()) >= MIN_JUSTIFICATION


def overridable(finding: Finding) -> bool:
    return finding.rule not in NOT_OVERRIDABLE


def make_override(finding: Finding, justification: str, by: str, at: dt.datetime | None = None) -> Override:
    """An Override of ``finding``; UserError when it cannot be overridden or the justification is too short."""
    if not overridable(finding):
        raise UserError(tr("This problem cannot be overridden; fix it."))
    if not justification_ok(justification):
        raise UserError(tr("Write a justification of at least {min} characters.", min=MIN_JUSTIFICATION))
    if not by:
        raise UserError(tr("An override must name who wrote it."))
    if at is None:
        from core.clock import now

        at = now()
    return Override(rule=finding.rule, text=finding.text, justification=justification.strip(), by=by, at=at, target=finding.target)


def _matches(o: Override, f: Finding) -> bool:
    return o.rule == f.rule and o.text == f.text and o.target == f.target


def _latest(answers: Iterable[ChecklistAnswer]) -> dict[str, ChecklistAnswer]:
    latest: dict[str, ChecklistAnswer] = {}
    for a in answers:
        old = latest.get(a.question_id)
        if old is None or (a.answered_at is None or old.answered_at is None) or a.answered_at >= old.answered_at:
            latest[a.question_id] = a
    return latest


def _stale(item: Item, findings: list[Finding]) -> bool:
    text = item.text
    for f in findings:
        if f.target == "text" and not f.field and f.end > f.start and text[f.start:f.end] != f.text:
            return True
    return False


def evaluate_gate(
    item: Item,
    answers: Iterable[ChecklistAnswer],
    findings: Iterable[Finding],
    overrides: Iterable[Override],
    checklist: Checklist | None = None,
) -> GateResult:
    """Whether ``item`` may be submitted, and every reason why not (in the interface language).

    ``findings`` should come from ``scan_item(item, "submit", …)``; findings whose text no
    longer matches the item make the gate fail with "scan again".
    """
    checklist = checklist or default_checklist()
    findings = list(findings)
    overrides = list(overrides)
    reasons: list[str] = []
    unanswered: list[str] = []
    unacceptable: list[str] = []
    latest = _latest(answers)
    for q in checklist.items:
        if not q.required:
            continue
        a = latest.get(q.id)
        if a is None or a.answer not in ("yes", "no", "na"):
            unanswered.append(q.id)
            reasons.append(tr("Checklist question not answered: {question}", question=q.label))
        elif a.checklist_version and a.checklist_version != checklist.version:
            unanswered.append(q.id)
            reasons.append(tr("Answered against checklist version {old}, now {new}; answer again: {question}",
                              old=a.checklist_version, new=checklist.version, question=q.label))
        elif not q.accepts(a.answer):
            unacceptable.append(q.id)
            reasons.append(tr("The answer “{answer}” does not allow submission: {question}",
                              answer=_answer_label(a.answer), question=q.label))
    open_blocks: list[Finding] = []
    overridden: list[Finding] = []
    rejected: list[Override] = []
    for f in findings:
        if f.severity != "block":
            continue
        candidates = [o for o in overrides if _matches(o, f)]
        valid = [o for o in candidates if overridable(f) and justification_ok(o.justification) and o.by]
        if valid:
            overridden.append(f)
            continue
        open_blocks.append(f)
        for o in candidates:
            if o in rejected:
                continue
            rejected.append(o)
            if not overridable(f):
                reasons.append(tr("Override of “{text}” ({rule}) refused: this problem cannot be overridden; fix it.",
                                  text=f.text, rule=f.rule))
            else:
                reasons.append(tr("Override of “{text}” ({rule}) refused: the justification must be at least {min} characters and name its author.",
                                  text=f.text, rule=f.rule, min=MIN_JUSTIFICATION))
        reasons.append(tr("Blocking problem: {message} [{text}]", message=f.message, text=f.text))
    if _stale(item, findings):
        reasons.append(tr("The scan results are out of date; scan the item again."))
    passed = not reasons
    return GateResult(
        passed=passed,
        reasons=reasons,
        open_blocks=open_blocks,
        unanswered=unanswered,
        unacceptable=unacceptable,
        overridden=overridden,
        rejected_overrides=rejected,
    )


def review_for_submit(
    item: Item,
    answers: Iterable[ChecklistAnswer],
    overrides: Iterable[Override] = (),
    checklist: Checklist | None = None,
    attachment_data=None,
    wordlists=None,
) -> tuple[list[Finding], GateResult]:
    """Scan ``item`` at the submit stage and evaluate the gate: (findings, result)."""
    from core.review.engine import scan_item

    findings = scan_item(item, "submit", attachment_data, wordlists)
    return findings, evaluate_gate(item, answers, findings, overrides, checklist)


def recheck_for_signoff(
    item: Item,
    review: Review,
    checklist: Checklist | None = None,
    attachment_data=None,
    wordlists=None,
    hash_function: Callable[[Item], str] | None = None,
) -> GateResult:
    """Before a supervisor signs off: the content must be the one self-reviewed, and the
    gate must still pass with the review's answers and overrides on a fresh scan."""
    if review.item_id != item.id:
        return GateResult(False, [tr("The self-review belongs to another item.")], [], [])
    if hash_function is None:
        from core.hashing import content_hash as hash_function  # lazy: core.hashing is another module's
    if hash_function(item) != review.content_hash:
        return GateResult(
            False,
            [tr("The item changed after its self-review; the officer must review it again before sign-off.")],
            [], [],
        )
    _findings, result = review_for_submit(item, review.answers, review.overrides, checklist, attachment_data, wordlists)
    return result
