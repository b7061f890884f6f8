"""The whole day in one window, driving the real widgets: an officer writes an item, the gate
stops it, she fixes it and queues it; the supervisor signs it off; a second item is returned
with a reason and shows up back in the officer's queue with that reason."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from gui.item_model import IdRole


def type_text(widget, text: str) -> None:
    """Chinese typed the way an input method commits it (qtbot.keyClicks would abort)."""
    widget.setFocus()
    ev = QInputMethodEvent()
    ev.setCommitString(text)
    QApplication.sendEvent(widget, ev)


def write_item(w, qtbot, title: str, body: str):
    w.action("new").trigger()
    ed = w.tabs.currentWidget()
    ed.errors = []
    ed.show_error = ed.errors.append
    type_text(ed.title_edit, title)
    ed._element_widgets["author"].setText("李晓梅")
    ed._element_widgets["publish_date"].setText("2026-11-20")
    ed._element_widgets["source"].setText("市政数局")
    ed.event_date.setText("2026-11-20")
    ed.column_combo.setCurrentIndex(ed.column_combo.findData("dt"))
    ed.body.setFocus()
    type_text(ed.body, body)
    ed.rescan()
    return ed


def switch_to(w, modal, name: str) -> None:
    def pick(dlg):
        dlg.select(name)
        dlg.accept()

    modal(pick)
    w.switch_user()
    assert w.session.user.name == name


def row_of(w, item_id: str) -> int:
    m = w.workbench.model
    for r in range(m.rowCount()):
        if m.index(r, 0).data(IdRole) == item_id:
            return r
    return -1


def test_write_fail_fix_queue_sign_off_and_return(db, window_for, modal, qtbot):
    w = window_for(db, "李晓梅")

    # 1. the officer writes an item with a mobile number and an ID card number in it
    ed = write_item(w, qtbot, "市政数局召开政务公开工作推进会",
                    "11月20日，市政数局召开政务公开工作推进会。联系人身份证11010519491231002X。")
    assert ed.save()
    item_id = ed.item_id
    assert db.get_item(item_id).state == "draft"
    assert w.workbench.queue_model.counts()["draft"] == 1
    assert w.tabs.tabToolTip(w.tabs.currentIndex()) == "市政数局召开政务公开工作推进会"

    # 2. the gate fails: the checklist is unanswered and the ID number blocks
    panel = ed.review
    assert not panel.submit_button.isEnabled()
    assert not ed.submit()
    assert db.get_item(item_id).state == "draft"
    for q in panel.checklist.items:
        value = "yes" if q.accepts("yes") else q.acceptable[0]
        qtbot.mouseClick(panel._radios[q.id][value], Qt.MouseButton.LeftButton)
    assert not panel.submit_button.isEnabled()  # the ID number still blocks
    assert any(f.severity == "block" for f in ed.findings())

    # 3. she fixes it (masks the personal data) and queues it
    assert panel.mask_all() >= 1
    ed.rescan()
    qtbot.waitUntil(lambda: panel.submit_button.isEnabled(), timeout=3000)
    qtbot.mouseClick(panel.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: db.get_item(item_id).state == "queued", timeout=3000)
    assert "11010519491231002X" not in db.get_item(item_id).text
    assert w.workbench.queue_model.counts()["queued"] == 1

    # a second item, queued the same way, to be returned
    ed2 = write_item(w, qtbot, "关于开展政务公开培训的通知", "各单位：定于11月25日开展政务公开业务培训。")
    ed2.review.answer_all("yes")
    ed2.rescan()
    qtbot.waitUntil(lambda: ed2.review.submit_button.isEnabled(), timeout=3000)
    qtbot.mouseClick(ed2.review.submit_button, Qt.MouseButton.LeftButton)
    second_id = ed2.item_id
    qtbot.waitUntil(lambda: db.get_item(second_id).state == "queued", timeout=3000)

    # 4. the supervisor takes over the window and signs off the first item
    switch_to(w, modal, "王建国")
    assert w.tabs.count() == 1  # the officer's editors were closed
    wb = w.workbench
    assert wb.current_queue().key == "to_sign"
    assert wb.queue_model.counts()["to_sign"] == 2
    r = row_of(w, item_id)
    assert r >= 0
    wb.table.selectRow(r)
    wb.table.activated.emit(wb.model.index(r, 0))
    view = w.tabs.currentWidget()
    from gui.signoff_view import SignOffView

    assert isinstance(view, SignOffView) and view.item_id() == item_id
    assert view.sign_button.isEnabled()
    view.comment_edit.setText("同意")

    def password(dlg):
        dlg.fill("demo")
        dlg.accept()

    modal(password)
    qtbot.mouseClick(view.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: db.get_item(item_id).state == "signed_off", timeout=3000)
    assert db.current_signoff(item_id).signer == "王建国"
    assert w.tabs.count() == 1  # the sign-off tab closed itself
    assert wb.queue_model.counts()["to_sign"] == 1

    # 5. he returns the second one with a reason
    r = row_of(w, second_id)
    wb.table.selectRow(r)
    w.action("return").trigger()
    view = w.tabs.currentWidget()
    assert isinstance(view, SignOffView)
    view.reason_edit.setFocus()
    type_text(view.reason_edit, "请写明培训地点。")
    assert view.return_button.isEnabled()
    modal(password)
    qtbot.mouseClick(view.return_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: db.get_item(second_id).state == "returned", timeout=3000)

    # 6. back to the officer: the item waits in her "returned" queue with the reason
    switch_to(w, modal, "李晓梅")
    wb = w.workbench
    assert wb.queue_model.counts()["returned"] == 1
    wb.select_queue("returned")
    assert wb.model.rowCount() == 1 and wb.model.index(0, 0).data(IdRole) == second_id
    editor = w.open_item(second_id)
    assert "请写明培训地点。" in editor.banner.text()
    assert db.last_return(second_id)["reason"] == "请写明培训地点。"
