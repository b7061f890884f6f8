"""`report` and `adopt` on the command line; the report's totals equal what `items` and `show`
say about the same week on the demo database."""
from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from core import clock
from main import main

NOW = "2026-11-22T10:00:00+08:00"  # a Sunday: the last full week is 2026-W46


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("INFODESK_NOW", NOW)
    path = str(tmp_path / "demo.sqlite3")
    code, _, _ = run(capsys, "--db", path, "demo", "--items", "200")
    assert code == 0
    return path


def in_week(text, first, last) -> bool:
    if not text:
        return False
    moment = clock.parse_datetime(text).astimezone(clock.TZ)
    return first <= moment.date() <= last


def test_totals_match_items_and_show(demo, capsys, tmp_path):
    """Count the week's figures from `items --json` and each item's `show --json` history, and
    compare with the workbook and with `report --json`."""
    code, out, _ = run(capsys, "--db", demo, "items", "--json")
    items = json.loads(out)
    assert code == 0 and len(items) == 200
    first, last = dt.date(2026, 11, 9), dt.date(2026, 11, 15)  # 2026-W46
    expect = dict.fromkeys(("drafted", "queued", "signed_off", "returned", "submitted", "published", "withdrawn"), 0)
    touched = 0
    for it in items:
        _, out, _ = run(capsys, "--db", demo, "show", it["id"], "--json")
        shown = json.loads(out)
        hist = shown["history"]
        acts = {h["action"] for h in hist if in_week(h["at"], first, last)}
        flags = {
            "drafted": in_week(shown["created_at"], first, last),
            "queued": "submit" in acts, "signed_off": "sign_off" in acts, "returned": "return" in acts,
            "submitted": "mark_submitted" in acts,
            "published": bool(shown["published_at"]) and first <= dt.date.fromisoformat(shown["published_at"][:10]) <= last,
            "withdrawn": "withdraw" in acts,
        }
        for k, v in flags.items():
            expect[k] += v
        due_in = in_week(it["due_at"], first, last)
        touched += any(flags.values()) or bool(acts) or due_in
    assert expect["drafted"] > 5 and expect["submitted"] > 0  # the demo week is not empty

    out_file = tmp_path / "w46.xlsx"
    code, out, err = run(capsys, "--db", demo, "report", "weekly", "--out", str(out_file))
    assert code == 0, err
    assert str(out_file) in out and "2026年第46周" in out
    assert f"新起草 {expect['drafted']}" in out and f"已报送 {expect['submitted']}" in out

    wb = openpyxl.load_workbook(out_file)
    ws = wb["汇总"]
    labels = {"drafted": "新起草", "queued": "提交签发", "signed_off": "已签发", "returned": "被退回",
              "submitted": "已报送", "published": "已发布", "withdrawn": "已撤回"}
    got = {}
    for row in ws.iter_rows(min_row=4, max_row=25):
        for key, label in labels.items():
            if row[0].value == label and key not in got:
                got[key] = row[1].value
    assert got == expect
    detail_rows = sum(1 for r in wb["明细"].iter_rows(min_row=4) if isinstance(r[0].value, int))
    assert detail_rows == touched

    code, out, _ = run(capsys, "--db", demo, "report", "weekly", "--period", "2026-W46", "--json")
    data = json.loads(out)
    assert code == 0 and data["period"]["label"] == "2026-W46"
    assert {k: data["totals"][k] for k in expect} == expect
    assert len(data["items"]) == touched


@pytest.mark.parametrize("args, words", [
    (("report", "weekly", "--period", "2026-W60"), "周"),
    (("report", "weekly", "--period", "2026-11"), "2026-W47"),
    (("report", "monthly", "--period", "November"), "2026-11"),
    (("report", "quarterly", "--period", "2026-Q5"), "季度"),
    (("report", "weekly", "--out", "report.csv"), ".xlsx"),
    (("report", "weekly", "--scoring", "nonsense"), "benxi"),
    (("report", "daily"), "weekly"),
])
def test_bad_input_exits_2(demo, capsys, args, words, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--db", demo, *args)
    assert code == 2
    assert words in err and err.count("\n") == 1


def test_default_file_name_and_scoring_choice(demo, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "--db", demo, "report", "monthly", "--scoring", "benxi")
    assert code == 0
    files = list(tmp_path.glob("*.xlsx"))
    assert [f.name for f in files] == ["市政数局信息报送月报_2026-10.xlsx"]
    assert "本溪政务网内容保障考评" in out and "按条计分" not in out
    wb = openpyxl.load_workbook(files[0])
    assert wb["积分"]["A3"].value.startswith("本溪政务网内容保障考评")
    code, out, _ = run(capsys, "--db", demo, "report", "quarterly", "--period", "2026-Q4", "--scoring", "none",
                       "--out", str(tmp_path / "q.xlsx"))
    assert code == 0 and "积分" not in out.split("\n", 2)[-1]


def test_adopt_records_and_scores(demo, capsys, tmp_path):
    code, out, _ = run(capsys, "--db", demo, "items", "--state", "published", "--json")
    item = json.loads(out)[0]
    code, out, err = run(capsys, "--db", demo, "adopt", item["id"][:8], "--as", "李晓梅", "--kind", "adoption",
                         "--by", "市政府办公厅《政务信息》", "--level", "市级", "--date", "2026-11-20")
    assert code == 0, err
    assert "已登记采用" in out and "市级" in out
    code, out, err = run(capsys, "--db", demo, "adopt", item["id"][:8], "--as", "李晓梅", "--kind", "批示",
                         "--by", "副市长 张某", "--level", "省级", "--date", "2026-11-21", "--note", "请各区借鉴")
    assert code == 0, err
    code, out, _ = run(capsys, "--db", demo, "adoptions", item["id"][:8], "--json")
    records = json.loads(out)
    assert [(r["kind"], r["level"], r["date"]) for r in records] == [("adoption", "市级", "2026-11-20"),
                                                                     ("instruction", "省级", "2026-11-21")]
    code, out, _ = run(capsys, "--db", demo, "report", "weekly", "--period", "2026-W47", "--json",
                       "--scoring", "per_item")
    data = json.loads(out)
    assert data["totals"]["adoptions"] == 1 and data["totals"]["instructions"] == 1
    lines = {ln["code"]: ln for ln in data["scores"][0]["lines"]}
    assert lines["adoption"]["points"] == 2 and lines["instruction"]["points"] == 5 * 2
    # the audit log has both records
    code, out, _ = run(capsys, "--db", demo, "verify")
    assert code == 0
    code, out, _ = run(capsys, "--db", demo, "adoption-remove", str(records[0]["id"]), "--as", "李晓梅",
                       "--reason", "录入错误")
    assert code == 0 and "已删除" in out
    code, out, _ = run(capsys, "--db", demo, "adoptions", "--json")
    assert len(json.loads(out)) == 1


@pytest.mark.parametrize("extra, words", [
    (("--level", "乡级"), "级别"),
    (("--level", "市级", "--date", "2026-12-01"), "晚于今天"),
    (("--level", "市级", "--date", "2026-02-30"), "日期"),
    (("--level", "市级", "--kind", "表扬"), "记录类型"),
])
def test_adopt_bad_input(demo, capsys, extra, words):
    _, out, _ = run(capsys, "--db", demo, "items", "--state", "published", "--json")
    item = json.loads(out)[0]
    code, out, err = run(capsys, "--db", demo, "adopt", item["id"], "--as", "李晓梅", "--by", "市政府", *extra)
    assert code == 2 and words in err


def test_adopt_refuses_a_draft_and_an_unknown_person(demo, capsys):
    _, out, _ = run(capsys, "--db", demo, "items", "--state", "draft", "--json")
    draft = json.loads(out)[0]
    code, _, err = run(capsys, "--db", demo, "adopt", draft["id"], "--as", "李晓梅", "--by", "市政府", "--level", "市级")
    assert code == 2 and "草稿" in err
    _, out, _ = run(capsys, "--db", demo, "items", "--state", "published", "--json")
    item = json.loads(out)[0]
    code, _, err = run(capsys, "--db", demo, "adopt", item["id"], "--as", "路人甲", "--by", "市政府", "--level", "市级")
    assert code == 2 and "路人甲" in err
