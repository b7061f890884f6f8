"""The transition table: every allowed and refused move, four-eyes, void on edit."""
from __future__ import annotations

import itertools

import pytest

from core import workflow
from core.errors import WorkflowError
from core.hashing import content_hash
from core.model import STATES, Item, Person
from tests.conftest import make_item

OFFICER = Person("李晓梅", "officer")
OTHER_OFFICER = Person("陈志强", "officer")
SUPERVISOR = Person("王建国", "supervisor")

EXPECTED = {
    # action: (allowed source states, target, roles)
    "submit": ({"draft", "returned"}, "queued", {"officer"}),
    "recall": ({"queued"}, "draft", {"officer"}),
    "sign_off": ({"queued"}, "signed_off", {"supervisor"}),
    "return": ({"queued"}, "returned", {"supervisor"}),
    "mark_submitted": ({"signed_off"}, "submitted", {"officer", "supervisor"}),
    "mark_published": ({"submitted"}, "published", {"officer", "supervisor"}),
    "withdraw": (set(STATES) - {"withdrawn"}, "withdrawn", {"officer", "supervisor"}),
    "reopen": ({"withdrawn"}, "draft", {"officer"}),
}


def item_in(state: str, author: str = "李晓梅") -> Item:
    it = make_item(id="i1", created_by=author, contributors=(author,), state=state)
    if state in ("signed_off", "submitted", "published"):
        it = it.replace(signed_hash=content_hash(it))
    return it


def test_table_matches_the_design():
    assert set(workflow.TRANSITIONS) == set(EXPECTED)
    for action, (sources, target, roles) in EXPECTED.items():
        t = workflow.TRANSITIONS[action]
        assert set(t.sources) == sources and t.target == target and set(t.roles) == roles


@pytest.mark.parametrize("action,state,person", list(itertools.product(
    sorted(EXPECTED), STATES, [OFFICER, OTHER_OFFICER, SUPERVISOR])))
def test_every_move_allowed_or_refused(action, state, person):
    sources, target, roles = EXPECTED[action]
    item = item_in(state)
    should = state in sources and person.role in roles
    if action in ("sign_off", "return") and person.name == item.created_by:
        should = False
    if should:
        assert workflow.check(item, action, person, reason="理由") == target
    else:
        with pytest.raises(WorkflowError) as err:
            workflow.check(item, action, person, reason="理由")
        assert str(err.value)  # a reason in words


def test_return_needs_a_reason():
    with pytest.raises(WorkflowError, match="理由"):
        workflow.check(item_in("queued"), "return", SUPERVISOR, reason="  ")
    assert workflow.check(item_in("queued"), "return", SUPERVISOR, reason="请核实数据") == "returned"


def test_nobody_signs_off_their_own_item():
    own = item_in("queued", author="王建国")
    with pytest.raises(WorkflowError, match="王建国"):
        workflow.check(own, "sign_off", SUPERVISOR)
    edited = item_in("queued").replace(contributors=("李晓梅", "王建国"))
    with pytest.raises(WorkflowError):
        workflow.check(edited, "sign_off", SUPERVISOR)


def test_mark_submitted_needs_matching_hash():
    item = item_in("signed_off")
    assert workflow.check(item, "mark_submitted", OFFICER) == "submitted"
    changed = item.replace(title="改过的标题")
    with pytest.raises(WorkflowError, match="重新签发"):
        workflow.check(changed, "mark_submitted", OFFICER)


def test_inactive_person_refused():
    gone = Person("王建国", "supervisor", active=False)
    with pytest.raises(WorkflowError):
        workflow.check(item_in("queued", author="李晓梅"), "sign_off", gone)


def test_edit_outcomes():
    assert workflow.edit_outcome(item_in("draft")) == ("draft", False)
    assert workflow.edit_outcome(item_in("queued")) == ("draft", False)
    assert workflow.edit_outcome(item_in("signed_off")) == ("draft", True)
    for state in ("submitted", "published", "withdrawn"):
        with pytest.raises(WorkflowError):
            workflow.edit_outcome(item_in(state))


def test_allowed_actions_for_supervisor_on_queued():
    assert set(workflow.allowed_actions(item_in("queued"), SUPERVISOR)) == {"sign_off", "return", "withdraw"}
