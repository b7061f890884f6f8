"""ReportsView builds, previews, draws its chart and exports in the background; AdoptionDialog
records adoption and instructions. Offscreen, Qt warnings fail the test."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))

from test_report_figures import MADE, build_scenario  # noqa: E402


@pytest.fixture
def scenario(db, monkeypatch):
    ids = build_scenario(db, monkeypatch)  # leaves INFODESK_NOW at Monday 23 Nov 09:00
    return db, ids


@pytest.fixture
def view(qtbot, scenario, session_for):
    from gui.reports_view import ReportsView

    db, _ = scenario
    v = ReportsView(session_for(db, "李晓梅"))
    qtbot.addWidget(v)
    v.resize(1000, 600)
    v.show()
    assert v.report is not None  # a small database is counted at once
    return v


def test_builds_with_the_last_full_week(view):
    assert view.kind() == "week"
    assert view.period().label == "2026-W47"
    assert view.period_box.count() == 12
    assert view.heading.text() == "测试局信息报送周报  2026年第47周（11月16日—11月22日）"
    rows = {r[0]: r[1:] for r in view.summary_rows()}
    assert rows["新起草"] == ["7", "1", "+6"]
    assert rows["逾期"][0] == "4"
    assert rows["按时率"] == ["50.0%", "100.0%", "-50.0个百分点"]
    assert rows["逾期仍未报送（积压）"][0] == "4"
    assert rows["本溪政务网内容保障考评（2分制）"][0] == "1.67（满分2分）"
    assert rows["信息报送考核（按条计分）"][0] == "10.5"
    assert view.export_button.text() == "导出 Excel…"  # the Chinese catalogue is complete and loaded


def test_chart_draws(view, qtbot):
    chart = view.chart
    assert chart.labels[0] == "11/16 周一" and len(chart.labels) == 7
    assert [name for name, _, _ in chart.series] == ["新起草", "已报送", "已发布"]
    assert chart.series[0][2] == [2, 1, 1, 2, 0, 0, 1]
    image = chart.grab().toImage()
    assert not image.isNull()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}
    assert {"#a5a5a5", "#2f5496", "#70ad47"} & colours  # bars were painted
    assert chart.nice_max(0) == (4, 1) and chart.nice_max(7) == (8, 2) and chart.nice_max(13) == (15, 5)
    chart.set_data("空", [], [])
    chart.grab()


def test_switching_period_and_kind(view, qtbot):
    with qtbot.waitSignal(view.preview_ready) as sig:
        view.set_period("2026-W46")
        view.preview()
    assert sig.args[0].period.label == "2026-W46"
    assert dict((r[0], r[1]) for r in view.summary_rows())["新起草"] == "1"
    with qtbot.waitSignal(view.preview_ready) as sig:
        view.set_kind("month")
    assert sig.args[0].period.label == "2026-10"
    with qtbot.waitSignal(view.preview_ready) as sig:
        view.set_period("2026-11")
        view.preview()
    assert sig.args[0].totals.drafted == 9
    assert len(view.chart.labels) == 30
    with qtbot.waitSignal(view.preview_ready) as sig:
        view.set_kind("quarter")
    assert sig.args[0].period.label == "2026-Q3" and view.chart.labels[0] == "W27"


def test_previews_run_in_the_background_and_the_last_one_wins(view, qtbot, monkeypatch):
    monkeypatch.setattr(type(view), "SYNC_LIMIT", 0)  # as if the database were big
    view.set_period("2026-W45")
    first = view.preview()
    view.set_period("2026-W46")
    with qtbot.waitSignal(view.preview_ready, timeout=20000) as sig:
        second = view.preview()
        assert first is not None and second is not None and first is not second
        assert view.status.text() == "正在统计…"
    assert sig.args[0].period.label == "2026-W46"
    first.wait(10)
    qtbot.wait(50)
    assert view.report.period.label == "2026-W46"  # the earlier answer did not overwrite it


def test_bad_period_shows_a_message(view, qtbot):
    with qtbot.assertNotEmitted(view.preview_ready):
        view.set_period("2026-W60")
        view.preview()
    assert view.banner.isVisible() and "1至53周" in view.banner.label.text()
    with qtbot.assertNotEmitted(view.preview_ready):
        view.set_period("2026-11")  # a month while weekly is chosen
        view.preview()
    assert "2026-W47" in view.banner.label.text()
    assert view.export() is None


def test_export_in_the_background(view, qtbot, tmp_path):
    target = tmp_path / "周报.xlsx"
    with qtbot.waitSignal(view.exported, timeout=20000) as sig:
        task = view.export(target)
        assert task is not None and view.progress.isVisible() and not view.export_button.isEnabled()
    assert sig.args == [str(target)]
    assert not view.progress.isVisible() and view.export_button.isEnabled() and view.open_button.isVisible()
    assert "已保存" in view.status.text()
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[:5] == ["汇总", "明细", "栏目更新", "人员", "积分"]
    assert wb["汇总"]["A1"].value.startswith("测试局信息报送周报 2026年第47周")
    # a name without the extension gets it
    with qtbot.waitSignal(view.exported, timeout=20000) as sig:
        view.export(tmp_path / "second")
    assert sig.args == [str(tmp_path / "second.xlsx")]


def test_export_uses_the_file_dialog(view, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    asked = []

    def fake(parent, title, start, filt):
        asked.append((title, start, filt))
        return str(tmp_path / "picked.xlsx"), filt

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    with qtbot.waitSignal(view.exported, timeout=20000):
        view.export_button.click()
    assert asked and asked[0][1].endswith("测试局信息报送周报_2026-W47.xlsx")
    assert (tmp_path / "picked.xlsx").exists()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: ("", "")))
    with qtbot.assertNotEmitted(view.exported):
        assert view.export() is None


def test_export_cancel_leaves_nothing(view, qtbot, tmp_path):
    target = tmp_path / "cancelled.xlsx"
    with qtbot.waitSignal(view.export_failed, timeout=20000) as sig:
        task = view.export(target)
        task.cancel()  # before the worker gets going: gather or write sees it
    assert "取消" in sig.args[0]
    assert not target.exists() and not list(tmp_path.glob(".~*"))
    assert view.export_button.isEnabled()


def test_export_to_a_bad_place_reports_it(view, qtbot, tmp_path, messages):
    (tmp_path / "folder.xlsx").mkdir()
    with qtbot.waitSignal(view.export_failed, timeout=20000) as sig:
        view.export(tmp_path / "folder.xlsx")
    assert "文件夹" in sig.args[0] and view.banner.isVisible()
    assert not messages  # a user error is shown in the view, not as a crash dialog


def test_adoption_dialog_records(qtbot, scenario, session_for):
    from gui.reports_view import AdoptionDialog

    db, ids = scenario
    session = session_for(db, "李晓梅")
    dialog = AdoptionDialog(session, ids["A"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.records.rowCount() == 0 and dialog.record_button.isEnabled()
    assert dialog.windowTitle() == "采用与批示"
    dialog.by_edit.setText("市政府办公厅《政务信息》")
    dialog.level_box.setCurrentIndex(dialog.level_box.findData("省级"))
    dialog.date_edit.setDate(dialog.date_edit.date().addDays(-3))  # 20 November
    with qtbot.waitSignal(session.items_changed) as changed, qtbot.waitSignal(dialog.recorded) as rec:
        dialog.record_button.click()
    assert changed.args == [[ids["A"]]]
    a = rec.args[0]
    assert (a.kind, a.level, a.by_whom, a.on_date, a.recorded_by) == ("adoption", "省级", "市政府办公厅《政务信息》",
                                                                      dt.date(2026, 11, 20), "李晓梅")
    assert dialog.records.rowCount() == 1 and dialog.records.item(0, 1).text() == "采用"
    assert dialog.by_edit.text() == ""
    # an empty "by" is refused with the reason shown in the dialog
    dialog.kind_box.setCurrentIndex(1)
    with qtbot.assertNotEmitted(dialog.recorded):
        assert dialog.record() is None
    assert dialog.error.isVisible() and "批示领导" in dialog.error.text()
    dialog.by_edit.setText("副市长 张某")
    assert dialog.record().kind == "instruction"
    assert dialog.records.rowCount() == 2 and not dialog.error.isVisible()


def test_adoption_dialog_refuses_a_draft(qtbot, scenario, session_for):
    from gui.reports_view import AdoptionDialog

    db, ids = scenario
    dialog = AdoptionDialog(session_for(db, "陈志强"), ids["D"])
    qtbot.addWidget(dialog)
    assert not dialog.record_button.isEnabled() and not dialog.error.isHidden()


def test_main_window_opens_the_reports_tab(db, window_for, qtbot, monkeypatch):
    monkeypatch.setenv("INFODESK_NOW", MADE.isoformat())
    w = window_for(db, "李晓梅")
    from gui.reports_view import ReportsView

    view = w.open_reports()
    assert isinstance(view, ReportsView) and view.period().label == "2026-W47"
    assert view.report.period.label == "2026-W47"


def test_translations_complete():
    """Every string of the view's .ts has a finished Chinese translation, and the .qm is built."""
    import xml.etree.ElementTree as ET

    from resources import RESOURCES

    ts = RESOURCES / "i18n" / "reports_zh_CN.ts"
    qm = RESOURCES / "i18n" / "reports_zh_CN.qm"
    assert qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime - 1
    root = ET.parse(ts).getroot()
    messages = root.findall(".//message")
    assert len(messages) > 40
    for m in messages:
        t = m.find("translation")
        assert t is not None and (t.text or "").strip() and t.get("type") not in ("unfinished", "obsolete"), \
            m.findtext("source")
    sources = {m.findtext("source") for m in messages}
    text = (Path(__file__).resolve().parents[2] / "gui" / "reports_view.py").read_text(encoding="utf-8")
    import re

    used = set(re.findall(r'self\.tr\("((?:[^"\\]|\\.)*)"\)', text))
    assert used <= sources, used - sources
