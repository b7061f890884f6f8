"""The review gate applied to workflow moves, from storage and from the CLI."""
from __future__ import annotations

import json

import pytest

from core import clock
from core.errors import WorkflowError
from core.hashing import content_hash
from core.model import Review
from core.review import answer, load_checklist, make_override, review_for_submit
from storage.services import gate_for
from main import main
from tests.conftest import make_item


def full_review(db, item, person="李晓梅", overrides=()):
    cl = load_checklist()
    answers = [answer(cl, q.id, q.acceptable[0], by=person) for q in cl.items]
    findings, _ = review_for_submit(item, answers, overrides)
    db.save_review(Review(item.id, content_hash(item), tuple(answers), tuple(findings), tuple(overrides), person,
                          clock.now(), cl.version), person)


def submit(db, item, who="李晓梅"):
    return db.apply(item.id, "submit", who, gate=gate_for("submit"))


def test_no_review_no_submit(db):
    item = db.create_item(make_item(), "李晓梅")
    with pytest.raises(WorkflowError, match="自查"):
        submit(db, item)
    full_review(db, item)
    assert submit(db, item).state == "queued"


def test_edit_after_review_needs_a_new_review(db):
    item = db.create_item(make_item(), "李晓梅")
    full_review(db, item)
    item = db.update_item(item.replace(title="改过的标题"), "李晓梅")
    with pytest.raises(WorkflowError, match="重新自查"):
        submit(db, item)


@pytest.mark.parametrize("body", ["联系人身份证号码11010519491231002X。", "（内部资料 注意保存）", "机密★1年"])
def test_block_findings_stop_submit_until_overridden(db, body):
    item = db.create_item(make_item(body=("正文第一段。", body)), "李晓梅")
    full_review(db, item)
    with pytest.raises(WorkflowError, match="无法提交签发"):
        submit(db, item)
    assert db.get_item(item.id).state == "draft"
    cl = load_checklist()
    answers = [answer(cl, q.id, q.acceptable[0], by="李晓梅") for q in cl.items]
    findings, _ = review_for_submit(item, answers)
    overrides = tuple(make_override(f, "经本人核实属于公开信息，已征得当事人书面同意。", by="李晓梅")
                      for f in findings if f.severity == "block")
    assert overrides
    full_review(db, item, overrides=overrides)
    assert submit(db, item).state == "queued"
    logged = [e for e in db.audit_entries(item.id) if e.action == "review"][-1]
    assert logged.details["overrides"][0]["justification"].startswith("经本人核实")


def test_missing_element_cannot_be_overridden(db):
    item = db.create_item(make_item(elements={"author": "李晓梅"}), "李晓梅")
    full_review(db, item)
    with pytest.raises(WorkflowError, match="缺少必备要素"):
        submit(db, item)


def test_signoff_rechecks(db):
    item = db.create_item(make_item(), "李晓梅")
    full_review(db, item)
    submit(db, item)
    # the review row is tampered with behind the program's back: sign-off re-checks
    db.conn.execute("UPDATE reviews SET content_hash = 'x' WHERE item_id = ?", (item.id,))
    with pytest.raises(WorkflowError, match="无法签发"):
        db.apply(item.id, "sign_off", "王建国", password="demo", gate=gate_for("sign_off"))
    full_review(db, db.get_item(item.id))
    assert db.apply(item.id, "sign_off", "王建国", password="demo", gate=gate_for("sign_off")).state == "signed_off"


def test_cli_review_then_submit(db, capsys, monkeypatch):
    item = db.create_item(make_item(body=("请联系13812345678了解详情。",)), "李晓梅")
    path = str(db.path)
    assert main(["--db", path, "submit", item.id, "--as", "李晓梅"]) == 2
    assert "自查" in capsys.readouterr().err
    assert main(["--db", path, "review", item.id, "--as", "李晓梅", "--confirm-all", "--json"]) in (0, 1)
    out = json.loads(capsys.readouterr().out)
    phone = [f for f in out["findings"] if f["text"] == "13812345678"]
    assert phone and phone[0]["start"] == item.text.index("13812345678")
    if not out["passed"]:
        assert main(["--db", path, "submit", item.id, "--as", "李晓梅"]) == 2
        capsys.readouterr()
        spec = f"{phone[0]['rule']}:13812345678=该号码为单位公开的办事咨询电话，已经本人确认。"
        assert main(["--db", path, "review", item.id, "--as", "李晓梅", "--override", spec]) == 0
    assert main(["--db", path, "submit", item.id, "--as", "李晓梅"]) == 0
    assert db.get_item(item.id).state == "queued"


def test_bracketed_group_of_marks_is_caught():
    from core.review import scan_text

    found = [(f.rule, f.text) for f in scan_text("正文。\n（内部资料 注意保存）")]
    assert found == [("mark.internal", "内部资料"), ("mark.internal", "注意保存")]
    assert scan_text("严防泄露国家秘密（保密审查工作）") == []
