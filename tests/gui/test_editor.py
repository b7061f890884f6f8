"""The item editor: fields by content type, inline problems, paste, save, sign-off voiding,
read-only states, attachments, Word import, autosave."""
from __future__ import annotations

import io
import struct
import zlib

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.conftest import make_item


@pytest.fixture(autouse=True)
def chinese(qapp):
    """The editor's Chinese catalogue, as the app loader installs it."""
    from PySide6.QtCore import QTranslator

    from resources import RESOURCES

    translator = QTranslator()
    assert translator.load(str(RESOURCES / "i18n" / "editor_zh_CN.qm"))
    qapp.installTranslator(translator)
    yield translator
    qapp.removeTranslator(translator)


@pytest.fixture
def session(db):
    from gui.session import Session

    return Session(db, db.person("李晓梅"))


@pytest.fixture
def editor_for(session, qtbot):
    from gui.editor import ItemEditor

    def make(item_id=None, content_type="work_news", sess=None):
        ed = ItemEditor(sess or session, item_id, content_type)
        qtbot.addWidget(ed)
        ed.resize(1200, 800)
        ed.show_error = errors.append
        return ed

    errors: list[str] = []
    make.errors = errors
    return make


def type_text(widget, text: str) -> None:
    """Type (Chinese) text the way an input method commits it."""
    widget.setFocus()
    ev = QInputMethodEvent()
    ev.setCommitString(text)
    QApplication.sendEvent(widget, ev)


def fill_complete(ed) -> None:
    ed.title_edit.setText("市政数局召开政务公开工作推进会")
    ed._element_widgets["author"].setText("李晓梅")
    ed._element_widgets["publish_date"].setText("2026-11-20")
    ed._element_widgets["source"].setText("市政数局")
    ed.event_date.setText("2026-11-20")
    ed.column_combo.setCurrentIndex(ed.column_combo.findData("dt"))
    ed.body.setPlainText("11月20日，市政数局召开政务公开工作推进会。")


# ------------------------------------------------------------------ fields
def test_fields_follow_the_content_type(editor_for):
    ed = editor_for()
    assert set(ed._element_widgets) == {"author", "publish_date", "source", "pictures"}
    ed._element_widgets["author"].setText("李晓梅")
    ed.type_combo.setCurrentIndex(ed.type_combo.findData("official_document"))
    assert {"doc_number", "issuer", "publish_date", "subject_words"} <= set(ed._element_widgets)
    assert "author" not in ed._element_widgets
    assert ed.build_item().content_type == "official_document"
    assert "author" not in ed.build_item().elements
    ed.type_combo.setCurrentIndex(ed.type_combo.findData("work_news"))
    assert ed._element_widgets["author"].text() == "李晓梅"  # kept across the switch
    ed.type_combo.setCurrentIndex(ed.type_combo.findData("unit_profile"))
    assert {"org_name", "public_phone", "email", "website", "duties"} <= set(ed._element_widgets)


def test_required_elements_are_marked(editor_for):
    ed = editor_for()
    labels = {ed.form.itemAt(r, ed.form.ItemRole.LabelRole).widget().text() for r in range(ed.form.rowCount())}
    assert "作者 *" in labels and "图片" in labels


def test_missing_and_malformed_elements_are_shown_inline_as_you_type(editor_for):
    ed = editor_for()
    author = ed._element_problems["author"]
    assert not author.isHidden() and "缺少必备要素：作者" in author.text()
    assert "标题" in ed.title_problem.text()
    type_text(ed._element_widgets["author"], "李晓梅")
    assert author.isHidden()
    type_text(ed.title_edit, "保密工作会议")
    assert ed.title_problem.isHidden()
    ed.type_combo.setCurrentIndex(ed.type_combo.findData("official_document"))
    ed._element_widgets["doc_number"].setText("第七号")
    assert "文号" in ed._element_problems["doc_number"].text()
    ed._element_widgets["doc_number"].setText("深府办〔2010〕76号")
    assert ed._element_problems["doc_number"].isHidden()
    ed.event_date.setText("2026-13-45")
    assert not ed.event_date_problem.isHidden()
    ed.event_date.setText("2026年11月20日")
    assert ed.event_date_problem.isHidden()
    assert ed.build_item().event_date.isoformat() == "2026-11-20"


# ------------------------------------------------------------------- paste
def test_paste_from_word_keeps_only_the_text(editor_for):
    ed = editor_for()
    mime = QMimeData()
    mime.setHtml("<p style='font-size:30pt'><b>第一段</b>加粗</p><p></p><p><span style='color:red'>第二段</span></p>")
    mime.setText("\u3000\u3000第一段加粗\r\n\r\n\r\n  第二段\t\n")
    ed.body.insertFromMimeData(mime)
    assert ed.body.toPlainText() == "第一段加粗\n第二段"
    html_only = QMimeData()
    html_only.setHtml("<h1>标题三</h1><table><tr><td>甲</td></tr></table>")
    ed.body.moveCursor(ed.body.textCursor().MoveOperation.End)
    ed.body.insertPlainText("\n")
    ed.body.insertFromMimeData(html_only)
    text = ed.body.toPlainText()
    assert "标题三" in text and "<" not in text
    block = ed.body.document().firstBlock()
    while block.isValid():  # no character formatting came along
        for fr in block.layout().formats():
            assert fr.format.fontWeight() <= 400
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            assert not fmt.fontWeight() > 400 and not fmt.foreground().color().red() > 200
            it += 1
        block = block.next()
    assert ed.build_item().body == ("第一段加粗", "第二段", "标题三", "甲")


def test_clean_pasted_text():
    from gui.body_edit import clean_pasted_text

    assert clean_pasted_text("a\r\n\r\n\u3000b\u2029c\x0c\x07d") == "a\nb\nc\nd"


# -------------------------------------------------------------------- save
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_save_creates_then_updates(editor_for, db, qtbot):
    ed = editor_for()
    with qtbot.waitActive(ed):
        ed.show()
        ed.activateWindow()
    type_text(ed.title_edit, "政务公开推进会")
    ed.body.setPlainText("第一段\n\n第二段")
    assert ed.has_unsaved_changes()
    ed.body.setFocus()
    with qtbot.waitSignal(ed.saved, timeout=2000) as sig:
        qtbot.keyClick(ed.body, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    item = db.get_item(sig.args[0])
    assert ed.item_id == item.id
    assert item.title == "政务公开推进会" and item.body == ("第一段", "第二段")
    assert item.created_by == "李晓梅" and item.state == "draft" and item.version == 1
    assert not ed.has_unsaved_changes()
    ed.body.appendPlainText("第三段")
    assert ed.has_unsaved_changes()
    with qtbot.waitSignal(ed.session.items_changed) as changed:
        assert ed.save()
    assert changed.args == [[item.id]]
    again = db.get_item(item.id)
    assert again.version == 2 and again.body[-1] == "第三段"


def test_reopen_shows_everything_saved(editor_for, db):
    item = db.create_item(make_item(), "李晓梅")
    ed = editor_for(item.id)
    assert ed.title_edit.text() == item.title
    assert ed._element_widgets["source"].text() == "市政数局"
    assert ed.event_date.text() == "2026-11-20"
    assert ed.column_combo.currentData() == "dt"
    assert not ed.has_unsaved_changes()
    assert ed.build_item() == item.replace(attachments=())  # same content, same workflow fields


def _signed_off(db):
    item = db.create_item(make_item(), "李晓梅")
    db.apply(item.id, "submit", "李晓梅")
    return db.apply(item.id, "sign_off", "王建国", password="demo")


def test_editing_a_signed_off_item_voids_the_sign_off_after_confirmation(editor_for, db):
    item = _signed_off(db)
    ed = editor_for(item.id)
    assert "签发" in ed.banner.text() and not ed.banner.isHidden()
    ed.body.appendPlainText("补充一段。")
    asked = []
    ed.confirm = lambda title, text: asked.append(text) or False
    assert not ed.save()
    assert asked and db.get_item(item.id).state == "signed_off"
    ed.confirm = lambda title, text: True
    assert ed.save()
    stored = db.get_item(item.id)
    assert stored.state == "draft" and stored.signed_hash == ""
    assert db.current_signoff(item.id) is None
    assert db.signoffs(item.id)[0].void_reason == "edited"


def test_changed_elsewhere_asks_before_overwriting(editor_for, db):
    item = db.create_item(make_item(), "李晓梅")
    ed = editor_for(item.id)
    db.update_item(item.replace(title="别人改过的标题"), "陈志强")
    ed.body.appendPlainText("我的修改")
    ed.confirm = lambda title, text: False
    assert not ed.save()
    ed.confirm = lambda title, text: True
    assert ed.save()
    assert db.get_item(item.id).body[-1] == "我的修改"


@pytest.mark.parametrize("state_moves", [("submit", "sign_off", "mark_submitted"), ("withdraw",)])
def test_submitted_and_withdrawn_items_open_read_only(editor_for, db, state_moves):
    item = db.create_item(make_item(), "李晓梅")
    for action in state_moves:
        actor = "王建国" if action == "sign_off" else "李晓梅"
        db.apply(item.id, action, actor, password="demo" if action == "sign_off" else None)
    ed = editor_for(item.id)
    assert ed.is_read_only()
    assert ed.title_edit.isReadOnly() and ed.body.isReadOnly()
    assert not ed.save_button.isEnabled() and not ed.review.submit_button.isEnabled()
    assert "只读" in ed.banner.text()
    assert not ed.save()
    assert not ed.attachments.add_button.isEnabled()


# -------------------------------------------------------------- attachments
def _jpeg(size=(400, 300)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 0, 0)).save(out, "PNG")
    return out.getvalue()


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims to be huge (a decompression bomb's header)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def test_attachments_add_remove_reorder_caption_and_flags(editor_for, db, tmp_path, qtbot):
    ed = editor_for()
    panel = ed.attachments
    files = {
        "photo.jpg": _jpeg(),
        "wide.jpg": _jpeg((800, 300)),
        "shot.png": _png(),
        "clip.mp4": b"\0\0\0\x18ftypmp42",
        "form.xls": b"\xd0\xcf\x11\xe0 sheet",
    }
    paths = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    panel.choose_files = lambda: paths
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    names = [a.name for a in panel.attachments()]
    assert names == list(files)
    assert db.read_blob(panel.attachments()[0].sha256) == files["photo.jpg"]
    assert panel.attachments()[0].media_type == "image/jpeg"
    rejected = {a.name for a, _f in panel.rejected()}
    assert rejected == {"shot.png", "clip.mp4"}
    wide = panel.attachments()[1]
    assert any("4:3" in f.message for f in panel.flags(wide))
    assert not panel.flags(panel.attachments()[0])
    assert "jpg" in panel.list.item(2).text() and "✖" in panel.list.item(2).text()
    # the item now has pictures: the missing-picture element is satisfied; the body gets them
    assert [a.name for a in ed.build_item().attachments] == names

    panel.list.setCurrentRow(2)
    assert panel.convert_button.isEnabled()
    panel.convert_selected()
    assert panel.attachments()[2].name == "shot.jpg" and panel.attachments()[2].media_type == "image/jpeg"
    assert {a.name for a, _f in panel.rejected()} == {"clip.mp4"}

    panel.list.setCurrentRow(0)
    qtbot.mouseClick(panel.down_button, Qt.MouseButton.LeftButton)
    assert [a.name for a in panel.attachments()][:2] == ["wide.jpg", "photo.jpg"]
    panel.list.setCurrentRow(1)
    qtbot.mouseClick(panel.up_button, Qt.MouseButton.LeftButton)
    assert [a.name for a in panel.attachments()][:2] == ["photo.jpg", "wide.jpg"]

    panel.list.setCurrentRow(0)
    type_text(panel.caption_edit, "推进会现场")
    assert panel.attachments()[0].caption == "推进会现场"

    panel.list.setCurrentRow(3)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert "clip.mp4" not in [a.name for a in panel.attachments()]

    fill_complete(ed)
    assert ed.save()
    stored = db.get_item(ed.item_id)
    assert [a.name for a in stored.attachments] == ["photo.jpg", "wide.jpg", "shot.jpg", "form.xls"]
    assert stored.attachments[0].caption == "推进会现场"
    # reopened: same order, thumbnails come from the blob store
    ed2 = editor_for(ed.item_id)
    assert [a.name for a in ed2.attachments.attachments()] == ["photo.jpg", "wide.jpg", "shot.jpg", "form.xls"]
    assert ed2.attachments.wait_for_thumbnails()
    qtbot.waitUntil(lambda: not ed2.attachments._pending)
    assert not ed2.attachments.list.item(0).icon().isNull()


def test_bombs_and_broken_pictures_are_refused_with_a_message(editor_for, tmp_path):
    ed = editor_for()
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_png_header(30000, 30000))
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff not really a jpeg")
    errors = ed.attachments.add_files([str(bomb), str(broken), str(tmp_path / "missing.gif")])
    assert len(errors) == 3
    assert "bomb.png" in errors[0] and "像素" in errors[0]
    assert "broken.jpg" in errors[1]
    assert ed.attachments.attachments() == ()
    assert not ed.attachments.status_label.isHidden()


def test_files_dropped_on_the_list_are_added(editor_for, tmp_path, qtbot):
    ed = editor_for()
    path = tmp_path / "现场.gif"
    from PIL import Image

    Image.new("P", (40, 30)).save(path, "GIF")
    with qtbot.waitSignal(ed.attachments.changed):
        ed.attachments.list.files_dropped.emit([str(path)])
    assert [a.name for a in ed.attachments.attachments()] == ["现场.gif"]


# ------------------------------------------------------------------ import
def test_import_a_word_file_as_a_new_draft(session, qtbot, tmp_path, db):
    import docx

    from gui.editor import ItemEditor

    doc = docx.Document()
    doc.add_heading("关于开展政务公开日活动的通知", level=1)
    doc.add_paragraph("各有关单位：")
    doc.add_picture(io.BytesIO(_jpeg()))
    path = tmp_path / "通知.docx"
    doc.save(path)
    ed = ItemEditor.import_docx(session, path)
    qtbot.addWidget(ed)
    assert ed.title_edit.text() == "关于开展政务公开日活动的通知"
    assert ed.body.toPlainText() == "各有关单位："
    assert len(ed.attachments.attachments()) == 1 and ed.attachments.attachments()[0].is_picture
    assert ed.item_id is None and ed.has_unsaved_changes()
    assert "通知.docx" in ed.banner.text()
    errors = []
    bad = tmp_path / "加密.docx"
    bad.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 512)
    assert ItemEditor.import_docx(session, bad, show_error=errors.append) is None
    assert "加密" in errors[0]


# ---------------------------------------------------------------- autosave
def test_autosave_keeps_a_recovery_copy_until_saved(editor_for, db, qtbot):
    from storage import recovery

    ed = editor_for()
    ed._autosave_timer.setInterval(50)
    type_text(ed.title_edit, "自动保存测试")
    path = recovery.slot_path(db, ed.slot_id)
    qtbot.waitUntil(path.exists, timeout=3000)
    assert "自动保存测试" in path.read_text(encoding="utf-8")
    assert recovery.pending_recoveries(db) == []  # live in this process
    assert ed.save()
    assert not path.exists()


def test_discard_removes_the_recovery_copy_and_restores(editor_for, db):
    from storage import recovery

    item = db.create_item(make_item(), "李晓梅")
    ed = editor_for(item.id)
    ed.body.appendPlainText("未保存的内容")
    assert ed.autosave()
    assert recovery.slot_path(db, ed.slot_id).exists()
    ed.discard_changes()
    assert not recovery.slot_path(db, ed.slot_id).exists()
    assert not ed.has_unsaved_changes()
    assert "未保存的内容" not in ed.body.toPlainText()


def test_from_recovery_notes_a_newer_version(editor_for, session, db, qtbot):
    from gui.editor import ItemEditor
    from storage import recovery

    item = db.create_item(make_item(), "李晓梅")
    recovery.write_slot(db, "crashed", item.replace(title="恢复的标题"), base_version=1, user="李晓梅")
    recovery.release_slot("crashed")
    db.update_item(item.replace(title="后来保存的标题"), "李晓梅")
    (slot,) = recovery.pending_recoveries(db)
    ed = ItemEditor.from_recovery(session, slot)
    qtbot.addWidget(ed)
    assert ed.item_id == item.id and ed.title_edit.text() == "恢复的标题"
    assert "版本" in ed.banner.text()
    assert ed.slot_id == "crashed"
    assert ed.save()
    assert recovery.pending_recoveries(db) == []
    assert db.get_item(item.id).title == "恢复的标题"


# ------------------------------------------------------------- translation
def test_every_editor_string_has_a_chinese_translation():
    """Every self.tr / translate literal of the editor's files is in editor_zh_CN.ts, finished."""
    import ast
    import xml.etree.ElementTree as ET

    from resources import RESOURCES

    root = RESOURCES.parent
    ts = ET.parse(RESOURCES / "i18n" / "editor_zh_CN.ts").getroot()
    done = {(ctx.findtext("name"), m.findtext("source")) for ctx in ts.iter("context") for m in ctx.iter("message")
            if m.find("translation").get("type") is None and m.findtext("translation")}
    wanted = set()
    for name in ("editor", "review_panel", "attachments_panel", "body_edit", "highlighter"):
        tree = ast.parse((root / "gui" / f"{name}.py").read_text(encoding="utf-8"))
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            for node in ast.walk(cls):
                if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                    continue
                args = node.args
                if node.func.attr == "tr" and args and isinstance(args[0], ast.Constant):
                    wanted.add((cls.name, args[0].value))
                elif (node.func.attr == "translate" and len(args) >= 2 and isinstance(args[0], ast.Constant)
                      and isinstance(args[1], ast.Constant)):
                    wanted.add((args[0].value, args[1].value))
    assert wanted and not (wanted - done), sorted(wanted - done)


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_no_ambiguous_ctrl_s_inside_a_window_with_its_own_save(session, qtbot):
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import QMainWindow

    from gui.editor import ItemEditor

    window = QMainWindow()
    qtbot.addWidget(window)
    hits = []
    action = QAction("Save", window)
    action.setShortcut(QKeySequence.StandardKey.Save)
    action.triggered.connect(lambda: hits.append(window.centralWidget().save()))
    window.addAction(action)
    ed = ItemEditor(session)
    window.setCentralWidget(ed)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    assert ed.save_action.shortcuts() == []
    ed.title_edit.setText("由窗口保存")
    ed.body.setFocus()
    qtbot.keyClick(ed.body, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert hits == [True] and ed.item_id


def test_drag_reorder_inside_the_list_is_a_change(editor_for, qtbot):
    ed = editor_for()
    panel = ed.attachments
    for name in ("a.jpg", "b.jpg", "c.jpg"):
        panel.add_data(name, _jpeg())
    # what a drag inside the list does to the model
    with qtbot.waitSignal(panel.changed):
        panel.list.model().moveRows(panel.list.rootIndex(), 2, 1, panel.list.rootIndex(), 0)
    assert [a.name for a in panel.attachments()] == ["c.jpg", "a.jpg", "b.jpg"]
    assert [a.name for a in ed.build_item().attachments] == ["c.jpg", "a.jpg", "b.jpg"]


def test_a_blank_new_draft_has_nothing_to_save(editor_for):
    ed = editor_for()
    ed.type_combo.setCurrentIndex(ed.type_combo.findData("notice"))
    ed.column_combo.setCurrentIndex(1)
    assert not ed.has_unsaved_changes()
    assert not ed.autosave()
    type_text(ed.title_edit, "通知")
    assert ed.has_unsaved_changes()
