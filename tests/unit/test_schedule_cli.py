"""The `due` and `columns` commands, run in-process."""
from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

import main
from cli.columns import cmd_columns, format_columns_table
from core.model import Column
from core.schedule import freshness_all, health_summary

SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _no_user_holidays(monkeypatch):
    monkeypatch.delenv("INFODESK_HOLIDAYS", raising=False)


def run(capsys, *argv):
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------------------- due
def test_due_calendar_days(capsys):
    code, out, err = run(capsys, "due", "信息发生后2日内", "2026-09-30 10:00")
    assert code == 0 and err == ""
    assert out.splitlines()[0] == "2026-10-02 11:00"
    assert "信息发生后2日内" in out


def test_due_working_days_over_national_day(capsys):
    code, out, err = run(capsys, "due", "7个工作日内", "2026-09-30")
    assert code == 0 and err == ""
    assert out.splitlines()[0] == "2026-10-15 23:59"


def test_due_json(capsys):
    code, out, _ = run(capsys, "due", "信息发生当日", "2026-09-30 11:00", "--json")
    data = json.loads(out)
    assert code == 0
    assert set(data) == {"rule", "event", "due", "description", "warnings"}
    assert data["rule"] == "信息发生当日"
    assert data["event"] == "2026-09-30T11:00:00+08:00"
    assert data["due"] == "2026-10-01T11:00:00+08:00"
    assert data["warnings"] == []


def test_due_in_2027_warns_on_stderr(capsys):
    code, out, err = run(capsys, "due", "7个工作日内", "2027-09-30")
    assert code == 0
    assert out.splitlines()[0] == "2027-10-11 23:59"
    assert "2027" in err and err.startswith("警告：")


def test_due_in_2027_with_a_holiday_folder(capsys, tmp_path):
    (tmp_path / "2027.toml").write_text('year = 2027\nholidays = ["2027-10-01..2027-10-07"]\nworkdays = ["2027-10-09"]\n',
                                        encoding="utf-8")
    code, out, err = run(capsys, "due", "7个工作日内", "2027-09-30", "--holidays", str(tmp_path), "--json")
    data = json.loads(out)
    assert code == 0 and err == ""
    assert data["due"] == "2027-10-15T23:59:59+08:00" and data["warnings"] == []


def test_due_holiday_folder_from_the_environment(capsys, tmp_path, monkeypatch):
    (tmp_path / "2027.toml").write_text('year = 2027\nholidays = ["2027-10-01..2027-10-07"]\n', encoding="utf-8")
    monkeypatch.setenv("INFODESK_HOLIDAYS", str(tmp_path))
    code, out, err = run(capsys, "due", "7个工作日内", "2027-09-30")
    assert out.splitlines()[0] == "2027-10-18 23:59" and err == ""


def test_due_without_fixed_deadline(capsys):
    code, out, _ = run(capsys, "due", "必要时更新", "2026-09-30")
    assert code == 0 and out.splitlines()[0] == "没有固定期限。"


@pytest.mark.parametrize("argv, fragment", [
    (("due", "尽快", "2026-09-30"), "无法识别的更新时限：尽快"),
    (("due", "信息发生后2日内", "2026-02-30"), "日期或时间无效"),
    (("due", "信息发生后2日内", "明天"), "日期或时间无效"),
    (("due", "7个工作日内", "9999-12-30"), "9999-12-30"),
])
def test_due_bad_input_exits_2_with_one_line(capsys, argv, fragment):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and fragment in err


def test_due_in_english(capsys):
    code, out, err = run(capsys, "--lang", "en", "due", "7个工作日内", "2027-01-04")
    assert code == 0 and "No holiday schedule for 2027" in err
    assert "within 7 working days" in out


def test_due_does_not_open_the_database(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("INFODESK_DB", str(tmp_path / "nowhere" / "db.sqlite3"))
    code, _, _ = run(capsys, "due", "信息发生后2日内", "2026-09-30")
    assert code == 0
    assert not (tmp_path / "nowhere").exists()


# ---------------------------------------------------------------------------- columns
NOW = dt.datetime(2026, 9, 15, 9, 0, tzinfo=SH)
COLUMNS = [
    Column("dt", "工作动态", level=2, parent="信息公开", kind="dynamic", update_rule="信息发生后2日内", home_page=True),
    Column("tz", "通知公告", kind="notice", update_rule="信息发生后3日内"),
    Column("jg", "机构概况", kind="static", update_rule="必要时更新"),
]
UPDATES = {"dt": dt.datetime(2026, 8, 20, 10, tzinfo=SH), "tz": dt.datetime(2026, 9, 10, 10, tzinfo=SH)}


def test_format_columns_table():
    fresh = freshness_all(COLUMNS, UPDATES, NOW)
    text = format_columns_table(COLUMNS, fresh, health_summary(fresh, COLUMNS))
    lines = text.splitlines()
    assert lines[0].split() == ["栏目", "类型", "更新频率", "最后更新", "天数", "状态"]
    assert "信息公开 › 工作动态" in lines[1] and "2026-08-20" in lines[1] and "26/7" in lines[1]
    assert lines[1].rstrip().endswith("未及时更新")
    assert lines[2].rstrip().endswith("正常") and lines[3].rstrip().endswith("空白")
    assert "✗ 首页已 26 天未更新" in text
    only = format_columns_table(COLUMNS, fresh, [], only_stale=True)
    assert "工作动态" in only and "机构概况" in only and "通知公告" not in only


class FakeDb:
    def columns(self):
        return list(COLUMNS)

    def column_last_updates(self):
        return dict(UPDATES)


class FakeCtx:
    def db(self, create=True):
        return FakeDb()

    @staticmethod
    def print_json(value):
        from cli._context import Context

        Context.print_json(value)


def test_columns_command_json_against_the_storage_interface(capsys, monkeypatch):
    import argparse

    monkeypatch.setenv("INFODESK_NOW", NOW.isoformat())
    code = cmd_columns(argparse.Namespace(stale=False, json=True, table=None), FakeCtx())
    data = json.loads(capsys.readouterr().out)
    assert code == 1  # a threshold failed: the home page
    assert [c["status"] for c in data["columns"]] == ["stale", "fresh", "empty"]
    assert data["columns"][0]["days_since"] == 26 and data["columns"][0]["interval_days"] == 7
    health = {h["code"]: h for h in data["health"]}
    assert not health["home_page"]["passed"] and health["home_page"]["column_ids"] == ["dt"]


def test_columns_command_on_a_builtin_table(capsys, monkeypatch):
    monkeypatch.setenv("INFODESK_NOW", NOW.isoformat())
    code, out, _ = run(capsys, "columns", "--table", "zhuhai_2007", "--stale", "--json")
    data = json.loads(out)
    assert len(data["columns"]) == 32 and {c["status"] for c in data["columns"]} == {"empty"}
    assert code == 1  # 32 empty columns


def test_columns_command_on_the_database(capsys, db):
    code, out, _ = run(capsys, "--db", str(db.path), "columns", "--json")
    data = json.loads(out)
    assert [c["id"] for c in data["columns"]] == ["dt", "tzgg"]
    assert [c["status"] for c in data["columns"]] == ["empty", "empty"]  # nothing submitted yet
    assert [c["interval_days"] for c in data["columns"]] == [7, 183]  # home-page news, notices
    assert code == 1  # the home page has nothing recorded


def test_columns_unknown_table_exits_2(capsys):
    code, out, err = run(capsys, "columns", "--table", "nowhere")
    assert code == 2 and "shenzhen_2011" in err
