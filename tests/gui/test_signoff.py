"""The supervisor's sign-off view: four eyes, password, return with a reason, diff since the
return, bulk sign-off."""
from __future__ import annotations

import pytest

from gui.password_dialog import PasswordDialog
from gui.signoff_view import BulkResultDialog, SignOffView, bulk_sign_off
from storage.services import gate_for
from tests.conftest import make_item
from tests.gui.conftest import queue_item, self_review


def fill_password(password="demo", repeat=None):
    def fill(dlg):
        assert isinstance(dlg, PasswordDialog), dlg
        dlg.fill(password, repeat)
        dlg.buttons.button(dlg.buttons.StandardButton.Ok).click()
    return fill


@pytest.fixture
def view_for(qtbot, session_for):
    def make(db, item_id, name="王建国"):
        v = SignOffView(session_for(db, name), item_id)
        qtbot.addWidget(v)
        v.show()
        return v
    return make


def test_view_shows_content_review_and_facts(db, view_for):
    item = queue_item(db)
    v = view_for(db, item.id)
    text = v.content.toPlainText()
    assert item.title in text and item.body[0] in text and "李晓梅" in text and "来源" in text
    review = v.review_view.toPlainText()
    assert "李晓梅" in review and "保密" in review  # checklist questions are shown
    assert "作者" in v.facts.text()
    assert v.sign_button.isEnabled()
    assert not v.return_button.isEnabled()  # no reason yet
    v.reason_edit.setPlainText("请补充图片")
    assert v.return_button.isEnabled()
    assert not v.pages.isTabEnabled(2)  # never returned: no diff


def test_own_item_cannot_be_signed_off_and_says_why(db, view_for):
    from core.workflow import refusal

    item = db.create_item(make_item(), "李晓梅")
    edited = db.update_item(item.replace(title="王建国修改过的标题"), "王建国")  # the supervisor edited it
    self_review(db, edited)
    queued = db.apply(item.id, "submit", "李晓梅", gate=gate_for("submit"))
    v = view_for(db, queued.id)
    why = refusal(queued, "sign_off", db.person("王建国"))
    assert why
    assert not v.sign_button.isEnabled()
    assert v.sign_button.toolTip() == why
    assert v.refusal_label.isVisible() and v.refusal_label.text() == why
    assert "王建国" in why
    assert not v.return_button.isEnabled()


def test_sign_off_through_the_password_dialog(db, view_for, modal, qtbot):
    item = queue_item(db)
    v = view_for(db, item.id)
    v.comment_edit.setText("同意发布")
    modal(fill_password("demo"))
    with qtbot.waitSignal(v.done) as blocker:
        assert v.sign_off()
    assert blocker.args == [item.id, "sign_off"]
    assert db.get_item(item.id).state == "signed_off"
    signoff = db.current_signoff(item.id)
    assert signoff.signer == "王建国" and signoff.comment == "同意发布"


def test_wrong_password_signs_nothing(db, view_for, modal, messages):
    item = queue_item(db)
    v = view_for(db, item.id)
    tries = []

    def wrong(dlg):
        tries.append(dlg)
        dlg.fill("wrong")
        dlg.accept()
        if len(tries) < 3:
            modal(wrong)

    modal(wrong)
    assert not v.sign_off()
    assert len(tries) == 3
    assert db.get_item(item.id).state == "queued"
    assert messages and messages[0][0] == "warning"


def test_cancel_password_signs_nothing(db, view_for, modal):
    item = queue_item(db)
    v = view_for(db, item.id)
    modal(lambda dlg: dlg.reject())
    assert not v.sign_off()
    assert db.get_item(item.id).state == "queued"


def test_return_needs_reason_and_password(db, view_for, modal, messages):
    item = queue_item(db)
    v = view_for(db, item.id)
    assert not v.return_item()  # no reason
    assert messages and messages[-1][2] == "退回必须填写理由。"
    v.reason_edit.setPlainText("标题不够简洁，请精炼后重新报送。")
    modal(fill_password("demo"))
    assert v.return_item()
    assert db.get_item(item.id).state == "returned"
    assert db.last_return(item.id)["reason"] == "标题不够简洁，请精炼后重新报送。"


def test_first_sign_off_sets_the_password_first(db, view_for, modal):
    from core.model import Person

    db.save_person(Person("赵主任", "supervisor"))  # no password yet
    item = queue_item(db)
    v = view_for(db, item.id, name="赵主任")
    seen = []

    def set_new(dlg):
        seen.append(dlg.mode)
        dlg.fill("secret1", "secret1")
        dlg.accept()

    modal(set_new)
    assert v.sign_off()
    assert seen == ["set"]
    assert db.check_password("赵主任", "secret1")
    assert db.get_item(item.id).state == "signed_off"


def test_set_password_dialog_refuses_different_repeats(qtbot):
    dlg = PasswordDialog("张三", mode="set")
    qtbot.addWidget(dlg)
    dlg.fill("abcd", "abce")
    dlg.accept()
    assert dlg.result() != dlg.DialogCode.Accepted
    assert dlg.error_label.text() == "两次输入的口令不一致。"


def test_diff_since_the_return_is_shown(db, view_for, monkeypatch):
    monkeypatch.setenv("INFODESK_NOW", "2026-11-20T09:00:00+08:00")
    item = queue_item(db)
    monkeypatch.setenv("INFODESK_NOW", "2026-11-20T10:00:00+08:00")
    db.apply(item.id, "return", "王建国", password="demo", reason="请删掉第二段")
    monkeypatch.setenv("INFODESK_NOW", "2026-11-20T11:00:00+08:00")
    edited = db.update_item(db.get_item(item.id).replace(body=(item.body[0], "新的第二段，已修改。")), "李晓梅")
    self_review(db, edited)
    db.apply(item.id, "submit", "李晓梅", gate=gate_for("submit"))
    v = view_for(db, item.id)
    assert v.pages.isTabEnabled(2)
    html = v.diff_view.toHtml()
    text = v.diff_view.toPlainText()
    assert "请删掉第二段" in text
    assert "新的第二段，已修改。" in text and item.body[1][:10] in text
    assert "line-through" in html  # the removed paragraph is struck through


def test_bulk_sign_off_reports_each_item(db, qtbot, session_for, modal):
    a = queue_item(db, title="第一条")
    b = queue_item(db, title="第二条")
    own = db.create_item(make_item(title="领导自己改过的"), "李晓梅")
    own = db.update_item(own.replace(body=("领导修改。",)), "王建国")
    self_review(db, own)
    db.apply(own.id, "submit", "李晓梅", gate=gate_for("submit"))
    session = session_for(db, "王建国")
    got = []
    prompts = []

    def once(dlg):
        prompts.append(dlg)
        fill_password("demo")(dlg)

    modal(once)
    task = bulk_sign_off(session, [a.id, b.id, own.id], None, on_done=got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10000)
    results = {r["id"]: r for r in got[0]}
    assert len(prompts) == 1
    assert results[a.id]["ok"] and results[b.id]["ok"]
    assert not results[own.id]["ok"] and "王建国" in results[own.id]["message"]
    assert db.get_item(a.id).state == db.get_item(b.id).state == "signed_off"
    assert db.get_item(own.id).state == "queued"
    assert task is not None


def test_bulk_sign_off_inline_with_given_password(db, session_for, qtbot):
    from PySide6.QtWidgets import QWidget

    items = [queue_item(db, title=f"第{i}条") for i in range(3)]
    parent = QWidget()
    qtbot.addWidget(parent)
    results = bulk_sign_off(session_for(db, "王建国"), [i.id for i in items], parent, password="demo",
                            background=False)
    assert [r["ok"] for r in results] == [True, True, True]
    dlg = parent._bulk_result_dialog
    assert isinstance(dlg, BulkResultDialog) and dlg.tree.topLevelItemCount() == 3
    dlg.close()


def test_bulk_sign_off_wrong_password_is_reported_per_item(db, session_for, qtbot):
    items = [queue_item(db, title=f"第{i}条") for i in range(2)]
    results = bulk_sign_off(session_for(db, "王建国"), [i.id for i in items], None, password="nope",
                            background=False)
    assert [r["ok"] for r in results] == [False, False]
    assert all("口令" in r["message"] for r in results)
    assert all(db.get_item(i.id).state == "queued" for i in items)


def test_sign_off_from_the_main_window_with_several_selected(db, window_for, modal, qtbot):
    from PySide6.QtCore import QItemSelectionModel

    items = [queue_item(db, title=f"批量{i}") for i in range(3)]
    w = window_for(db, "王建国")
    wb = w.workbench
    sel = wb.table.selectionModel()
    for r in range(wb.model.rowCount()):
        sel.select(wb.model.index(r, 0), QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    assert len(w.selected_ids()) == 3
    assert w.action("sign_off").isEnabled()
    modal(fill_password("demo"))
    w.action("sign_off").trigger()
    qtbot.waitUntil(lambda: all(db.get_item(i.id).state == "signed_off" for i in items), timeout=10000)
    qtbot.waitUntil(lambda: w.workbench.queue_model.counts()["to_sign"] == 0, timeout=5000)
    dlg = getattr(w, "_bulk_result_dialog", None)
    if dlg is not None:
        dlg.close()


def test_precheck_warns_before_the_password(db, view_for):
    from core.model import Review

    item = queue_item(db)
    review = db.review(item.id)
    db.save_review(Review(item.id, "0" * 64, review.answers, review.findings, review.overrides, review.reviewed_by,
                          review.reviewed_at, review.checklist_version), "李晓梅")  # review of other content
    v = view_for(db, item.id)
    assert v.refusal_label.isVisible()
    assert "签发" in v.refusal_label.text()
    assert v.sign_button.isEnabled()  # the gate decides at sign-off; the label says why it will refuse
