"""``main.py scan``: one JSON object per file; exit 0 clean, 1 blocking, 2 bad input."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from cli import run

ROOT = Path(__file__).resolve().parents[2]


def lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_clean_and_blocking_files(tmp_path, capsys):
    clean = tmp_path / "clean.txt"
    clean.write_text("做好保密审查工作，严防泄露国家秘密。\n", encoding="utf-8")
    assert run(["scan", str(clean), "--json"]) == 0
    (record,) = lines(capsys.readouterr().out)
    assert record == {"file": str(clean), "findings": []}

    bad = tmp_path / "bad.txt"
    text = "\ufeff机密★1年\n关于某工程的报告\n联系电话13812341234"
    bad.write_bytes(text.encode("utf-8"))
    assert run(["scan", str(clean), str(bad), "--json"]) == 1
    records = lines(capsys.readouterr().out)
    assert [r["file"] for r in records] == [str(clean), str(bad)]
    findings = records[1]["findings"]
    assert [(f["rule"], f["severity"]) for f in findings] == [("mark.classified", "block"), ("pii.mobile", "warn")]
    decoded = text.lstrip("\ufeff")
    for f in findings:
        assert decoded[f["start"]:f["end"]] == f["text"]
        assert set(f) == {"rule", "severity", "start", "end", "text", "message"}


def test_gb18030_text(tmp_path, capsys):
    path = tmp_path / "gbk.txt"
    path.write_bytes("【内部资料】工作简报".encode("gb18030"))
    assert run(["scan", str(path), "--json"]) == 1
    (record,) = lines(capsys.readouterr().out)
    assert [f["text"] for f in record["findings"]] == ["内部资料"]


def test_docx_and_picture(tmp_path, capsys):
    d = docx.Document()
    d.core_properties.author = ""
    d.core_properties.last_modified_by = ""
    d.add_paragraph("申请人11010519491231002X")
    path = tmp_path / "a.docx"
    d.save(path)
    from PIL import Image

    pic = tmp_path / "p.png"
    Image.new("RGB", (4, 3)).save(pic)
    assert run(["scan", str(path), str(pic), "--json"]) == 1
    records = lines(capsys.readouterr().out)
    assert [f["rule"] for f in records[0]["findings"]] == ["pii.id_card"]
    assert records[1]["findings"] == []


def test_bad_input_exits_2(tmp_path, capsys):
    assert run(["scan", str(tmp_path / "absent.txt")]) == 2
    assert "absent.txt" in capsys.readouterr().err
    other = tmp_path / "x.pdf"
    other.write_bytes(b"%PDF-1.4")
    assert run(["scan", str(other), "--json"]) == 2
    err = capsys.readouterr()
    assert err.out == "" and "x.pdf" in err.err
    undecodable = tmp_path / "bin.txt"
    undecodable.write_bytes(b"abc\x80\xff def")
    assert run(["scan", str(undecodable)]) == 2


def test_readable_table_in_english(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text("内部资料\n正文", encoding="utf-8")
    assert run(["--lang", "en", "scan", str(path)]) == 1
    out = capsys.readouterr().out
    assert "mark.internal" in out and "Internal-use mark" in out and "BLOCK" in out


def test_main_entry_point(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("秘密★\n正文", encoding="utf-8")
    proc = subprocess.run([sys.executable, "main.py", "scan", str(path), "--json"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    (record,) = lines(proc.stdout)
    assert record["findings"][0]["text"] == "秘密★"
