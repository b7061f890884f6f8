"""The review panel beside the editor: checklist, findings, masking, overrides, the gate,
submit; and the highlighter that underlines findings as the officer types."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QTextCharFormat
from PySide6.QtWidgets import QApplication

from tests.conftest import make_item


@pytest.fixture(autouse=True)
def chinese(qapp):
    from PySide6.QtCore import QTranslator

    from resources import RESOURCES

    translator = QTranslator()
    assert translator.load(str(RESOURCES / "i18n" / "editor_zh_CN.qm"))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


@pytest.fixture
def open_editor(db, qtbot):
    from gui.editor import ItemEditor
    from gui.session import Session

    def make(item_id=None, user="李晓梅"):
        ed = ItemEditor(Session(db, db.person(user)), item_id)
        qtbot.addWidget(ed)
        ed.resize(1200, 800)
        ed.errors = []
        ed.show_error = ed.errors.append
        return ed

    return make


def type_text(widget, text: str) -> None:
    widget.setFocus()
    ev = QInputMethodEvent()
    ev.setCommitString(text)
    QApplication.sendEvent(widget, ev)


def finding_rows(ed):
    tree = ed.review.tree
    return [tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) for i in range(tree.topLevelItemCount())]


def row_of(ed, rule):
    return next(i for i, f in enumerate(finding_rows(ed)) if f.rule == rule)


def test_gate_blocks_submit_until_checklist_answered_and_blocks_masked_or_overridden(open_editor, db, qtbot):
    item = db.create_item(make_item(body=("联系人身份证11010519491231002X。", "本材料为内部资料。")), "李晓梅")
    ed = open_editor(item.id)
    panel = ed.review
    rules = {f.rule for f in finding_rows(ed)}
    assert {"pii.id_card", "mark.internal"} <= rules
    assert not panel.submit_button.isEnabled()
    assert any("尚未回答" in r for r in panel.gate.reasons)

    # answer the checklist by clicking
    for q in panel.checklist.items:
        value = "yes" if q.accepts("yes") else q.acceptable[0]
        qtbot.mouseClick(panel._radios[q.id][value], Qt.MouseButton.LeftButton)
    answers = {a.question_id: a for a in panel.answers()}
    assert set(answers) == set(panel.checklist.ids)
    first = answers[panel.checklist.items[0].id]
    assert first.answered_by == "李晓梅" and first.answered_at is not None
    assert first.checklist_version == panel.checklist.version
    assert "李晓梅" in panel._stamps[panel.checklist.items[0].id].text()
    assert not panel.gate.unanswered
    assert not panel.submit_button.isEnabled()  # two block findings left

    # one click masks the ID number
    button = panel.action_button(row_of(ed, "pii.id_card"))
    assert "脱敏" in button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert "11*************02X" in ed.body.toPlainText()
    assert "pii.id_card" not in {f.rule for f in finding_rows(ed)}
    assert not panel.submit_button.isEnabled()  # the internal mark still blocks

    # a block without a masked form: only with a written justification
    ed.ask_justification = lambda f: "太短"
    qtbot.mouseClick(panel.action_button(row_of(ed, "mark.internal")), Qt.MouseButton.LeftButton)
    assert ed.errors and "10" in ed.errors[-1]
    assert not panel.submit_button.isEnabled()
    ed.ask_justification = lambda f: "“内部资料”是会议材料的名称，经保密办确认可以公开。"
    qtbot.mouseClick(panel.action_button(row_of(ed, "mark.internal")), Qt.MouseButton.LeftButton)
    assert panel.gate.passed, panel.gate.reasons
    assert panel.submit_button.isEnabled()
    (override,) = panel.overrides()
    assert override.by == "李晓梅" and override.rule == "mark.internal"

    # submit: save, record the review, queue the item
    with qtbot.waitSignal(ed.submitted) as sig:
        qtbot.mouseClick(panel.submit_button, Qt.MouseButton.LeftButton)
    assert sig.args == [item.id]
    stored = db.get_item(item.id)
    assert stored.state == "queued"
    assert "11*************02X" in stored.body[0]
    review = db.review(item.id)
    from core.hashing import content_hash

    assert review.content_hash == content_hash(stored)
    assert review.reviewed_by == "李晓梅"
    assert review.overrides[0].justification.startswith("“内部资料”")
    assert len(review.answers) == len(panel.checklist.items)
    assert not panel.submit_button.isEnabled()  # already waiting for sign-off
    assert len(ed.errors) == 1  # only the too-short justification


def test_missing_elements_block_and_cannot_be_overridden(open_editor, db):
    item = db.create_item(make_item(elements={"author": "李晓梅"}), "李晓梅")
    ed = open_editor(item.id)
    ed.review.answer_all("yes")
    assert not ed.review.submit_button.isEnabled()
    missing = [f for f in finding_rows(ed) if f.rule == "element.missing"]
    assert {f.field for f in missing} == {"publish_date", "source"}
    assert all(f.severity == "block" for f in missing)
    assert ed.review.action_button(row_of(ed, "element.missing")) is None
    ed._element_widgets["publish_date"].setText("2026-11-20")
    ed._element_widgets["source"].setText("市政数局")
    ed.rescan()
    assert ed.review.submit_button.isEnabled()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_clicking_a_finding_selects_it_in_the_body_and_title(open_editor, db, qtbot):
    item = db.create_item(make_item(title="推进会材料（内部资料）", body=("第一段。", "", "请拨打13812345678联系。")), "李晓梅")
    ed = open_editor(item.id)
    ed.show()
    qtbot.waitExposed(ed)
    ed.body.setPlainText("第一段。\n\n请拨打13812345678联系。")
    ed.rescan()
    rows = finding_rows(ed)
    phone = rows.index(next(f for f in rows if f.rule == "pii.mobile"))
    tree = ed.review.tree
    rect = tree.visualItemRect(tree.topLevelItem(phone))
    from PySide6.QtCore import QPoint

    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 5, rect.center().y()))
    assert ed.body.textCursor().selectedText() == "13812345678"
    assert ed.body.textCursor().blockNumber() == 2
    assert ed.review.tree.topLevelItem(phone).text(1) == "第 2 段"
    mark = next(f for f in rows if f.rule == "mark.internal")
    ed.jump_to(mark)
    assert ed.title_edit.selectedText() == "内部资料"


def test_mask_all_personal_data(open_editor, db):
    item = db.create_item(make_item(body=("电话13812345678，另一电话13912345678。", "身份证11010519491231002X")), "李晓梅")
    ed = open_editor(item.id)
    assert ed.review.mask_all() == 3
    text = ed.body.toPlainText()
    assert "138****5678" in text and "139****5678" in text and "11*************02X" in text
    ed.body.document().undo()  # masking is an ordinary, undoable edit
    assert ed.has_unsaved_changes()


def test_stale_mask_is_refused(open_editor, db):
    item = db.create_item(make_item(body=("电话13812345678",)), "李晓梅")
    ed = open_editor(item.id)
    phone = next(f for f in ed.findings() if f.rule == "pii.mobile")
    ed.body.setPlainText("电话已删除，改为固定电话")
    from core.errors import UserError

    with pytest.raises(UserError):
        ed.apply_mask(phone)


def test_highlighter_underlines_a_phone_number_after_typing(open_editor, qtbot):
    ed = open_editor()
    type_text(ed.title_edit, "便民服务")
    type_text(ed.body, "咨询请拨打")
    ed.body.insertPlainText("13812345678")
    type_text(ed.body, "，谢谢。")
    assert ed.highlighter.marks() == []  # nothing yet: the scan waits for a pause
    qtbot.waitUntil(lambda: bool(ed.highlighter.marks()), timeout=2000)
    (mark,) = [m for m in ed.highlighter.marks() if m.key.rule == "pii.mobile"]
    assert (mark.block, mark.start, mark.end, mark.severity) == (0, 5, 16, "warn")
    block = ed.body.document().firstBlock()
    ranges = [r for r in block.layout().formats()
              if r.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline]
    assert [(r.start, r.length) for r in ranges] == [(5, 11)]
    assert ranges[0].format.underlineColor().name() == "#e07000"
    assert "手机号码" in ed._body_tooltip(0, 7)
    assert ed._body_tooltip(0, 1) == ""


def test_highlighter_colours_by_severity(open_editor, db):
    item = db.create_item(make_item(body=("身份证11010519491231002X", "电话13812345678")), "李晓梅")
    ed = open_editor(item.id)
    by_block = {m.block: m.severity for m in ed.highlighter.marks()}
    assert by_block == {0: "block", 1: "warn"}
    formats = ed.body.document().findBlockByNumber(0).layout().formats()
    red = formats[0].format.underlineColor().name()
    assert red == "#d00000"


def test_scan_is_fast_enough_for_typing(open_editor):
    import time

    ed = open_editor()
    ed.body.setPlainText(("市政数局召开政务公开工作推进会，会议要求各单位做好信息发布审核把关。" * 3 + "\n") * 40)
    started = time.perf_counter()
    ed.rescan()
    assert time.perf_counter() - started < 0.5


def test_answers_survive_reopening_after_submit(open_editor, db, qtbot):
    item = db.create_item(make_item(), "李晓梅")
    ed = open_editor(item.id)
    ed.review.answer_all("yes")
    ed.review.set_answer(ed.review.checklist.items[0].id, "yes", note="已核对")
    assert ed.submit()
    assert db.get_item(item.id).state == "queued"
    again = open_editor(item.id)
    first = ed.review.checklist.items[0].id
    assert {a.question_id for a in again.review.answers()} == set(again.review.checklist.ids)
    assert again.review._notes[first].text() == "已核对"
    assert again.review._radios[first]["yes"].isChecked()


def test_supervisor_cannot_submit(open_editor, db):
    item = db.create_item(make_item(), "李晓梅")
    ed = open_editor(item.id, user="王建国")
    ed.review.answer_all("yes")
    assert not ed.review.submit_button.isEnabled()
    assert any("信息员" in r for r in ed.review.reasons.text().split("\n"))
    assert "签发" in ed.banner.text()


def test_underlines_move_with_the_text_until_the_next_scan(open_editor, db, qtbot):
    item = db.create_item(make_item(body=("电话13812345678",)), "李晓梅")
    ed = open_editor(item.id)
    (mark,) = ed.highlighter.marks()
    assert (mark.start, mark.end) == (2, 13)
    cursor = ed.body.textCursor()
    cursor.setPosition(0)
    ed.body.setTextCursor(cursor)
    type_text(ed.body, "办公")
    (moved,) = ed.highlighter.marks()
    assert (moved.start, moved.end) == (4, 15)  # at once, before any scan
    cursor.setPosition(8)
    ed.body.setTextCursor(cursor)
    type_text(ed.body, "0")  # inside the number: its underline goes until the scan
    assert ed.highlighter.marks() == []
    ed.body.moveCursor(cursor.MoveOperation.Start)
    ed.body.textCursor().insertText("新的一行\n")
    assert ed.highlighter.marks() == []


def test_big_attachments_are_scanned_in_the_background(open_editor, db, tmp_path, qtbot):
    from gui.editor import SYNC_ATTACHMENT_SCAN_BYTES

    item = db.create_item(make_item(), "李晓梅")
    ed = open_editor(item.id)
    ed.review.answer_all("yes")
    assert ed.review.submit_button.isEnabled()
    text = ("政务公开工作推进会会议记录。\n" * (SYNC_ATTACHMENT_SCAN_BYTES // 20)) + "联系人身份证11010519491231002X\n"
    path = tmp_path / "记录.txt"
    path.write_text(text, encoding="utf-8")
    ed.attachments.add_files([str(path)])
    ed.rescan()
    assert ed.attachments_pending()
    assert not ed.review.submit_button.isEnabled()
    assert any("正在检查" in r for r in ed.review.reasons.text().split("\n"))
    qtbot.waitUntil(lambda: not ed.attachments_pending(), timeout=10000)
    qtbot.waitUntil(lambda: any(f.target == "记录.txt" and f.rule == "pii.id_card" for f in ed.findings()), timeout=3000)
    assert not ed.review.submit_button.isEnabled()  # the ID number in the attachment blocks
    row = next(i for i, f in enumerate(finding_rows(ed)) if f.target == "记录.txt")
    assert ed.review.tree.topLevelItem(row).text(1) == "记录.txt"
    assert ed.jump_to(finding_rows(ed)[row])
    assert ed.attachments.list.currentRow() == 0
