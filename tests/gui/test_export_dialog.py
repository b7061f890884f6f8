"""The export dialog: options, a background export with progress, cancel and failure leave
nothing, what was written is shown and recorded, "mark as submitted", Chinese strings."""
from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from exporters import registry
from core.atomic import Cancelled
from exporters.export_service import ExportOptions
from exporters.pictures import PictureOptions
from gui.export_dialog import ExportDialog
from tests.gui.conftest import queue_item

OFFICER = "李晓梅"


def sign(db, **kw):
    item = queue_item(db, **kw)
    return db.apply(item.id, "sign_off", "王建国", password="demo", comment="同意")


@pytest.fixture
def dialog(qtbot, db, session_for, tmp_path):
    def make(ids):
        dlg = ExportDialog(session_for(db, OFFICER), ids)
        qtbot.addWidget(dlg)
        dlg.folder.setText(str(tmp_path / "out"))
        return dlg

    return make


def wait_done(qtbot, dlg):
    qtbot.waitUntil(lambda: dlg.task is not None and dlg.task.is_finished() and dlg.cancel_button.text() in ("关闭", "Close"),
                    timeout=20000)


def test_builds_export_options(dialog, db, tmp_path):
    a, b = sign(db, title="甲"), sign(db, title="乙")
    dlg = dialog([a.id, b.id])
    for code, cb in dlg.format_boxes.items():
        cb.setChecked(code in ("docx", "eml"))
    dlg.combined.setChecked(True)
    dlg.fit.setCurrentIndex(dlg.fit.findData("crop"))
    dlg.max_side.setValue(1200)
    assert dlg.options() == ExportOptions(formats=("docx", "eml"), out_dir=tmp_path / "out", combined=True,
                                          pictures=PictureOptions(fit="crop", max_side=1200), actor=OFFICER)


def test_chinese_interface(dialog, db):
    dlg = dialog([sign(db).id])
    assert dlg.windowTitle() == "导出"
    assert dlg.export_button.text() == "导出"
    assert dlg.format_boxes["docx"].text().startswith("Word 报送稿")
    assert dlg.items_label.text() == "已选择 1 条信息："


def test_export_in_the_background_records_and_lists_files(qtbot, dialog, db, tmp_path):
    a, b = sign(db, title="甲"), sign(db, title="乙")
    dlg = dialog([a.id, b.id])
    for code, cb in dlg.format_boxes.items():
        cb.setChecked(code in ("docx", "txt"))
    seen = []
    dlg.progress.valueChanged.connect(seen.append)
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, dlg)
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == ["乙.docx", "乙.txt", "甲.docx", "甲.txt"]
    assert dlg.written.count() == 4 and not dlg.written.isHidden()
    assert dlg.progress.value() == dlg.progress.maximum() and seen
    assert "已登记" in dlg.status.text()
    assert [r["format"] for r in db.exports(a.id)] == ["docx", "txt"]
    assert db.exports(a.id)[0]["actor"] == OFFICER


def test_unsigned_items_are_shown_and_block_the_export(dialog, db):
    signed, queued = sign(db, title="已签"), queue_item(db, title="未签")
    dlg = dialog([signed.id, queued.id])
    assert not dlg.export_button.isEnabled()
    texts = [dlg.items_list.item(i).text() for i in range(dlg.items_list.count())]
    assert texts[0] == "已签" and texts[1].startswith("未签 — ") and "签发" in texts[1]
    assert "未经签发" in dlg.status.text()
    # the review form alone may be printed for a queued item
    for code, cb in dlg.format_boxes.items():
        cb.setChecked(code == "form")
    assert dlg.export_button.isEnabled()


def test_cancel_leaves_nothing(qtbot, dialog, db, tmp_path, monkeypatch):
    started = threading.Event()
    real = registry.formats()["docx"]

    def slow(sources, path, options, progress, cancelled):
        real.write(sources, path, options, progress, cancelled)  # one file written in the staging folder …
        started.set()
        while not cancelled():  # … then wait for the user
            threading.Event().wait(0.01)
        raise Cancelled()

    monkeypatch.setitem(registry.formats(), "docx", replace(real, write=slow))
    item = sign(db)
    dlg = dialog([item.id])
    for code, cb in dlg.format_boxes.items():
        cb.setChecked(code == "docx")
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(started.is_set, timeout=10000)
    assert not dlg.progress.isHidden() and not dlg.export_button.isEnabled()
    qtbot.mouseClick(dlg.cancel_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, dlg)
    assert "取消" in dlg.status.text()
    assert list((tmp_path / "out").iterdir()) == []
    assert db.exports(item.id) == []
    assert dlg.export_button.isEnabled()


def test_failure_leaves_nothing_and_is_shown(qtbot, dialog, db, tmp_path, monkeypatch, messages):
    real = registry.formats()["txt"]

    def broken(sources, path, options, progress, cancelled):
        real.write(sources, path, options, progress, cancelled)
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(registry.formats(), "txt", replace(real, write=broken))
    item = sign(db)
    dlg = dialog([item.id])
    for code, cb in dlg.format_boxes.items():
        cb.setChecked(code in ("docx", "txt"))
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, dlg)
    assert list((tmp_path / "out").iterdir()) == []
    assert db.exports(item.id) == []
    assert "失败" in dlg.status.text()
    assert messages[-1][0] == "warning" and "No space left on device" in messages[-1][2]


def test_user_error_before_writing(qtbot, dialog, db, tmp_path, messages):
    item = sign(db)
    (tmp_path / "afile").write_text("x")
    dlg = dialog([item.id])
    dlg.folder.setText(str(tmp_path / "afile"))
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    assert messages and messages[0][0] == "warning" and "不是文件夹" in messages[0][2]
    assert dlg.task is None


def test_mark_as_submitted_after_export(qtbot, dialog, db, messages):
    item = sign(db)
    dlg = dialog([item.id])
    for code, cb in dlg.format_boxes.items():
        cb.setChecked(code == "eml")
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, dlg)
    assert not dlg.mark_button.isHidden()
    with qtbot.waitSignal(dlg.session.items_changed):
        qtbot.mouseClick(dlg.mark_button, Qt.MouseButton.LeftButton)
    assert messages[-1][0] == "question"
    assert db.get_item(item.id).state == "submitted"
    assert dlg.mark_button.isHidden()


def test_only_the_form_of_a_queued_item_offers_no_marking(qtbot, dialog, db):
    item = queue_item(db)
    dlg = dialog([item.id])
    for code, cb in dlg.format_boxes.items():
        cb.setChecked(code == "form")
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, dlg)
    assert dlg.written.count() == 1 and dlg.mark_button.isHidden()
    assert Path(dlg.written.item(0).data(Qt.ItemDataRole.UserRole)).exists()


def test_translation_file_is_complete():
    from lxml import etree

    from resources import RESOURCES

    ts = RESOURCES / "i18n" / "export_zh_CN.ts"
    qm = RESOURCES / "i18n" / "export_zh_CN.qm"
    assert qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime - 5
    tree = etree.parse(str(ts))
    for msg in tree.iter("message"):
        tr = msg.find("translation")
        assert tr.get("type") not in ("unfinished", "obsolete"), msg.findtext("source")
        text = "".join(tr.itertext()).strip()
        assert text, msg.findtext("source")
    # every self.tr() literal of the dialog is in the .ts
    import ast

    src = Path(__file__).resolve().parents[2] / "gui" / "export_dialog.py"
    literals = {n.args[0].value for n in ast.walk(ast.parse(src.read_text(encoding="utf-8")))
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "tr"
                and n.args and isinstance(n.args[0], ast.Constant)}
    sources = {m.findtext("source") for m in tree.iter("message")}
    assert literals <= sources, literals - sources
