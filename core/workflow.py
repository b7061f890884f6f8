"""The workflow: which move may be taken from which state, by which role.

States: draft 草稿 → queued 待签发 → signed_off 已签发 → submitted 已报送 → published 已发布;
returned 被退回 (back to the officer with a reason); withdrawn 已撤回 (the record is kept).
Statuses are enforced: any move not in :data:`TRANSITIONS` is refused with a reason.
Nobody signs off (or returns) an item they created or edited.
"""
from __future__ import annotations

from dataclasses import dataclass

from core.errors import WorkflowError
from core.hashing import content_hash
from core.i18n import tr
from core.model import Item, Person


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    needs_reason: bool = False
    needs_password: bool = False
    four_eyes: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", ("draft", "returned"), "queued", ("officer",)),
        Transition("recall", ("queued",), "draft", ("officer",)),
        Transition("sign_off", ("queued",), "signed_off", ("supervisor",), needs_password=True, four_eyes=True),
        Transition("return", ("queued",), "returned", ("supervisor",), needs_reason=True, needs_password=True, four_eyes=True),
        Transition("mark_submitted", ("signed_off",), "submitted", ("officer", "supervisor")),
        Transition("mark_published", ("submitted",), "published", ("officer", "supervisor")),
        Transition("withdraw", ("draft", "queued", "returned", "signed_off", "submitted", "published"), "withdrawn",
                   ("officer", "supervisor"), needs_reason=False),
        Transition("reopen", ("withdrawn",), "draft", ("officer",)),
    )
}

#: States in which an item's content may be edited, and the state an edit leads to.
EDIT_OUTCOME = {
    "draft": "draft",
    "returned": "returned",
    "queued": "draft",       # leaves the queue: it must be reviewed again
    "signed_off": "draft",   # voids the sign-off
}


def state_label(state: str) -> str:
    return {
        "draft": tr("Draft"),
        "queued": tr("Awaiting sign-off"),
        "returned": tr("Returned"),
        "signed_off": tr("Signed off"),
        "submitted": tr("Submitted"),
        "published": tr("Published"),
        "withdrawn": tr("Withdrawn"),
    }.get(state, state)


def action_label(action: str) -> str:
    return {
        "submit": tr("submit for sign-off"),
        "recall": tr("recall from the queue"),
        "sign_off": tr("sign off"),
        "return": tr("return"),
        "mark_submitted": tr("mark as submitted"),
        "mark_published": tr("mark as published"),
        "withdraw": tr("withdraw"),
        "reopen": tr("reopen"),
    }.get(action, action)


def is_own_item(item: Item, person: Person) -> bool:
    return person.name == item.created_by or person.name in item.contributors


def refusal(item: Item, action: str, actor: Person, reason: str = "") -> str | None:
    """Why ``actor`` may not take ``action`` on ``item`` now, or None when allowed."""
    t = TRANSITIONS.get(action)
    if t is None:
        return tr("Unknown action: {action}", action=action)
    if not actor.active:
        return tr("{name} is no longer active in this unit.", name=actor.name)
    if item.state not in t.sources:
        return tr("Cannot {action}: the item is {state}.", action=action_label(action), state=state_label(item.state))
    if actor.role not in t.roles:
        return tr("Only a {role} may {action}.", role=" / ".join(role_label(r) for r in t.roles), action=action_label(action))
    if t.four_eyes and is_own_item(item, actor):
        return tr("{name} created or edited this item and cannot {action} it: a second person must.",
                  name=actor.name, action=action_label(action))
    if t.needs_reason and not reason.strip():
        return tr("A reason is required to {action}.", action=action_label(action))
    if action == "mark_submitted" and item.signed_hash != content_hash(item):
        return tr("The content no longer matches what was signed off; it must be signed off again.")
    return None


def check(item: Item, action: str, actor: Person, reason: str = "") -> str:
    """The target state of ``action``; raises WorkflowError with the reason when refused."""
    why = refusal(item, action, actor, reason)
    if why:
        raise WorkflowError(why)
    return TRANSITIONS[action].target


def allowed_actions(item: Item, actor: Person) -> list[str]:
    return [a for a in TRANSITIONS if refusal(item, a, actor, reason="x") is None]


def edit_outcome(item: Item) -> tuple[str, bool]:
    """(state after an edit, whether the edit voids a sign-off); raises when not editable."""
    if item.state not in EDIT_OUTCOME:
        raise WorkflowError(tr("A {state} item cannot be edited; withdraw it or start a new item.",
                               state=state_label(item.state)))
    return EDIT_OUTCOME[item.state], item.state == "signed_off"


def role_label(role: str) -> str:
    return {"officer": tr("information officer"), "supervisor": tr("supervising leader")}.get(role, role)
