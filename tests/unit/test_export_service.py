"""The export service: nothing unsigned leaves, every export recorded, all or nothing, safe names;
mark submitted/published; the `export` command."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import pytest

from core.errors import UserError
from exporters import export_service, registry
from exporters.export_service import (ExportOptions, export_items, mark_published, mark_submitted, plan_export,
                                      record_exports, run_plan)
from core.filenames import safe_filename
from tests.conftest import make_item
from tests.unit.test_export_support import OFFICER, SUPERVISOR, attach, jpeg, queued_item, signed_item

ALL = ("docx", "form", "eml", "txt")


def opts(tmp_path, **kw) -> ExportOptions:
    base = dict(formats=ALL, out_dir=tmp_path / "out", actor=OFFICER)
    base.update(kw)
    return ExportOptions(**base)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# ------------------------------------------------------------------- refusals
@pytest.mark.parametrize("fmt", ["docx", "eml", "txt"])
def test_queued_item_refused(db, tmp_path, fmt):
    item = queued_item(db)
    with pytest.raises(UserError) as err:
        export_items(db, [item.id], opts(tmp_path, formats=(fmt,)))
    assert item.title in str(err.value) and "签发" in str(err.value)
    assert files_in(tmp_path / "out") == [] and db.exports(item.id) == []


def test_draft_refused_with_the_reason(db, tmp_path):
    item = db.create_item(make_item(), OFFICER)
    with pytest.raises(UserError) as err:
        export_items(db, [item.id], opts(tmp_path))
    assert "草稿" in str(err.value) and "未经签发" in str(err.value)


def test_one_unsigned_item_stops_the_whole_batch(db, tmp_path):
    good, bad = signed_item(db, title="已签发的"), queued_item(db, title="待签发的")
    with pytest.raises(UserError) as err:
        export_items(db, [good.id, bad.id], opts(tmp_path))
    assert "“待签发的”" in str(err.value) and "“已签发的”" not in str(err.value)
    assert files_in(tmp_path / "out") == [] and db.exports(good.id) == []


def test_content_changed_behind_the_signoff_refused(db, tmp_path):
    item = signed_item(db)
    db.conn.execute("UPDATE items SET title = ? WHERE id = ?", ("篡改后的标题", item.id))
    with pytest.raises(UserError) as err:
        export_items(db, [item.id], opts(tmp_path, formats=("docx",)))
    assert "校验码" in str(err.value) and "重新签发" in str(err.value)
    with pytest.raises(UserError):  # the form too: it would certify content nobody signed
        export_items(db, [item.id], opts(tmp_path, formats=("form",)))
    assert files_in(tmp_path / "out") == []


def test_voided_signoff_refused(db, tmp_path):
    item = signed_item(db)
    db.conn.execute("UPDATE signoffs SET voided_at = '2026-11-22T10:00:00+08:00' WHERE item_id = ?", (item.id,))
    with pytest.raises(UserError) as err:
        export_items(db, [item.id], opts(tmp_path, formats=("txt",)))
    assert "有效签发" in str(err.value)


def test_edit_after_signoff_means_no_export(db, tmp_path):
    item = signed_item(db)
    db.update_item(db.get_item(item.id).replace(title="改过的标题"), OFFICER)
    with pytest.raises(UserError):
        export_items(db, [item.id], opts(tmp_path))


def test_changed_attachment_refused(db, tmp_path):
    pic = attach(db, "a.jpg", jpeg(), "image/jpeg")
    item = signed_item(db, attachments=(pic,))
    blob = db.blob_path(pic.sha256)
    os.chmod(blob, 0o600)
    blob.write_bytes(jpeg(colour=(0, 0, 0)))
    with pytest.raises(UserError) as err:
        export_items(db, [item.id], opts(tmp_path, formats=("docx",)))
    assert "a.jpg" in str(err.value)
    assert files_in(tmp_path / "out") == []


def test_queued_item_form_allowed_and_marked(db, tmp_path):
    item = queued_item(db)
    result = export_items(db, [item.id], opts(tmp_path, formats=("form",)))
    from docx import Document

    assert "未签发" in Document(str(result.paths[0])).paragraphs[1].text
    assert [e["format"] for e in db.exports(item.id)] == ["form"]


def test_who_must_be_named_and_known(db, tmp_path):
    item = signed_item(db)
    with pytest.raises(UserError) as err:
        export_items(db, [item.id], opts(tmp_path, actor=""))
    assert "--as" in str(err.value)
    with pytest.raises(UserError):
        export_items(db, [item.id], opts(tmp_path, actor="路人甲"))


def test_bad_input(db, tmp_path):
    item = signed_item(db)
    with pytest.raises(UserError):
        export_items(db, [item.id], opts(tmp_path, formats=("pdf",)))
    with pytest.raises(UserError):
        export_items(db, [item.id], opts(tmp_path, formats=()))
    with pytest.raises(UserError):
        export_items(db, ["ffffffff"], opts(tmp_path))
    (tmp_path / "afile").write_text("x")
    with pytest.raises(UserError):
        export_items(db, [item.id], opts(tmp_path, out_dir=tmp_path / "afile"))


# -------------------------------------------------------------------- records
def test_every_file_recorded_with_its_hash_and_who(db, tmp_path):
    item = signed_item(db)
    result = export_items(db, [item.id], opts(tmp_path))
    assert [f.format for f in result.files] == list(ALL)
    records = db.exports(item.id)
    assert [r["format"] for r in records] == list(ALL)
    for rec, f in zip(records, result.files):
        assert rec["path"] == str(f.path) and Path(rec["path"]).exists()
        assert rec["sha256"] == hashlib.sha256(f.path.read_bytes()).hexdigest() == f.sha256
        assert rec["actor"] == OFFICER
    audit = [e for e in db.audit_entries(item.id) if e.action == "export"]
    assert len(audit) == 4 and {e.details["format"] for e in audit} == set(ALL)
    assert db.verify().ok


def test_one_folder_one_file_per_item_and_format(db, tmp_path):
    a, b = signed_item(db, title="甲"), signed_item(db, title="乙")
    result = export_items(db, [a.id, b.id, a.id[:8]], opts(tmp_path))  # a given twice: exported once
    assert files_in(tmp_path / "out") == sorted(["甲.docx", "甲_审批单.docx", "甲.eml", "甲.txt",
                                                 "乙.docx", "乙_审批单.docx", "乙.eml", "乙.txt"])
    assert len(result.files) == 8


def test_combined_one_file_per_format_recorded_for_each_item(db, tmp_path):
    a, b = signed_item(db, title="甲"), signed_item(db, title="乙")
    result = export_items(db, [a.id, b.id], opts(tmp_path, combined=True))
    assert len(result.files) == 4 and all(f.item_ids == (a.id, b.id) for f in result.files)
    assert files_in(tmp_path / "out") == sorted(["报送信息（共2篇）甲等.docx", "审批单（共2篇）甲等.docx",
                                                 "报送信息（共2篇）甲等.eml", "报送信息（共2篇）甲等.txt"])
    assert len(db.exports(a.id)) == len(db.exports(b.id)) == 4


def test_existing_files_never_overwritten(db, tmp_path):
    item = signed_item(db, title="甲")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "甲.docx").write_bytes(b"keep me")
    result = export_items(db, [item.id], opts(tmp_path, formats=("docx",)))
    assert result.paths[0].name == "甲 (2).docx"
    assert (tmp_path / "out" / "甲.docx").read_bytes() == b"keep me"


# ---------------------------------------------------------------- all or nothing
def test_failure_mid_export_leaves_nothing(db, tmp_path, monkeypatch):
    a, b = signed_item(db, title="甲"), signed_item(db, title="乙")
    real = registry.formats()["txt"]
    calls = []

    def failing(sources, path, options, progress, cancelled):
        calls.append(path)
        if len(calls) == 2:  # the second .txt: after the Word copies, forms, e-mails and one text
            Path(path).write_bytes(b"half")
            raise OSError(28, "No space left on device")
        real.write(sources, path, options, progress, cancelled)

    from dataclasses import replace

    monkeypatch.setitem(registry.formats(), "txt", replace(real, write=failing))
    with pytest.raises(UserError) as err:
        export_items(db, [a.id, b.id], opts(tmp_path))
    assert "No space left on device" in str(err.value) and "未写入" in str(err.value)
    assert len(calls) == 2
    assert os.listdir(tmp_path / "out") == []  # no file, no staging folder, no part file
    assert db.exports(a.id) == [] and db.exports(b.id) == []


def test_cancel_mid_export_leaves_nothing(db, tmp_path):
    from core.atomic import Cancelled

    ids = [signed_item(db, title=f"第{i}条").id for i in range(3)]
    ticks = iter(range(1000))
    with pytest.raises(Cancelled):
        export_items(db, ids, opts(tmp_path), cancelled=lambda: next(ticks) > 12)
    assert os.listdir(tmp_path / "out") == []
    assert all(db.exports(i) == [] for i in ids)


def test_failing_record_removes_the_files(db, tmp_path, monkeypatch):
    item = signed_item(db)
    plan = plan_export(db, [item.id], opts(tmp_path))
    written, _warnings = run_plan(plan)
    assert len(os.listdir(tmp_path / "out")) == 4

    def broken(*args, **kw):
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr(db, "record_export", broken)
    with pytest.raises(RuntimeError):
        record_exports(db, plan, written)
    assert os.listdir(tmp_path / "out") == []


def test_progress_reaches_the_end(db, tmp_path):
    item = signed_item(db)
    seen = []
    export_items(db, [item.id], opts(tmp_path), progress=lambda d, t: seen.append((d, t)))
    assert seen[-1][0] == seen[-1][1] and all(d <= t for d, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


# ------------------------------------------------------------------ file names
@pytest.mark.parametrize("title", [
    "CON", "aux", "关于“A/B:C*D?E<F>G|H”的通知", "末尾有点和空格. . ", "制表\t符", "LPT1.txt",
    "很长的标题" * 60,
])
def test_windows_unsafe_titles_give_safe_names(db, tmp_path, title):
    item = signed_item(db, title=title)
    result = export_items(db, [item.id], opts(tmp_path, formats=("docx", "txt")))
    for path in result.paths:
        name = path.name
        assert path.exists() and name == safe_filename(name)
        assert not set('<>:"/\\|?*') & set(name) and all(ord(c) >= 32 for c in name)
        assert name.split(".")[0].upper() not in ("CON", "AUX", "LPT1")
        assert len(name.encode("utf-8")) <= 180 and not name.endswith((" ", "."))
        assert name.endswith((".docx", ".txt"))


# ------------------------------------------------------------ after the export
def test_mark_submitted_then_published(db, tmp_path):
    item = signed_item(db)
    export_items(db, [item.id], opts(tmp_path, formats=("eml",)))
    [sub] = mark_submitted(db, [item.id], OFFICER)
    assert sub.state == "submitted"
    pub = mark_published(db, item.id, OFFICER, url="https://www.example.gov.cn/xxgk/1.html", on=dt.date(2026, 11, 21))
    assert pub.state == "published" and pub.published_url.endswith("1.html")
    assert pub.published_at == dt.date(2026, 11, 21) or str(pub.published_at).startswith("2026-11-21")
    # a published item may still be exported again (e.g. a copy for the archive)
    assert export_items(db, [item.id], opts(tmp_path, formats=("txt",))).paths


def test_mark_published_checks_the_url(db):
    item = signed_item(db)
    mark_submitted(db, [item.id], OFFICER)
    with pytest.raises(UserError):
        mark_published(db, item.id, OFFICER, url="javascript:alert(1)")


def test_mark_submitted_refused_for_unsigned(db):
    item = queued_item(db)
    with pytest.raises(UserError):
        mark_submitted(db, [item.id], OFFICER)


# -------------------------------------------------------------------- CLI
def run_cli(db, *args) -> int:
    from cli import run

    return run(["--db", str(db.path), *args])


def test_cli_prints_the_paths_it_wrote(db, tmp_path, capsys):
    a, b = signed_item(db, title="甲"), signed_item(db, title="乙")
    out = tmp_path / "cli"
    assert run_cli(db, "export", a.id[:8], b.id, "--format", "docx,txt", "--out", str(out), "--as", OFFICER) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [str(out.resolve() / n) for n in ("甲.docx", "乙.docx", "甲.txt", "乙.txt")]
    assert all(Path(p).exists() for p in lines)


def test_cli_combined_and_repeated_format(db, tmp_path, capsys):
    a, b = signed_item(db, title="甲"), signed_item(db, title="乙")
    out = tmp_path / "cli"
    assert run_cli(db, "export", a.id, b.id, "--format", "eml", "--format", "form", "--combined", "--out", str(out),
                   "--as", OFFICER) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_cli_unsigned_exits_2_with_one_clear_line(db, tmp_path, capsys):
    item = queued_item(db)
    assert run_cli(db, "export", item.id, "--out", str(tmp_path / "x"), "--as", OFFICER) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("infodesk: ") and item.title in captured.err and len(captured.err.splitlines()) == 1


@pytest.mark.parametrize("args", [
    ("--format", "pdf"), ("--fit", "stretch"), ("--max-side", "5"),
])
def test_cli_bad_input_exits_2(db, tmp_path, capsys, args):
    item = signed_item(db)
    try:
        code = run_cli(db, "export", item.id, "--out", str(tmp_path / "x"), "--as", OFFICER, *args)
    except SystemExit as exc:  # argparse's own exit, where the parser does not catch it
        code = exc.code
    assert code == 2
    assert capsys.readouterr().err.strip()
    assert not (tmp_path / "x").exists()


def test_cli_as_is_required(db, tmp_path, capsys):
    item = signed_item(db)
    try:
        code = run_cli(db, "export", item.id, "--out", str(tmp_path / "x"))
    except SystemExit as exc:
        code = exc.code
    assert code == 2 and "--as" in capsys.readouterr().err


def test_cli_warns_about_pictures_not_4_3(db, tmp_path, capsys):
    pic = attach(db, "宽图.jpg", jpeg(1920, 1080), "image/jpeg")
    item = signed_item(db, attachments=(pic,))
    assert run_cli(db, "export", item.id, "--out", str(tmp_path / "x"), "--as", OFFICER) == 0
    err = capsys.readouterr().err
    assert "宽图.jpg" in err and "4:3" in err


def test_supervisor_may_export_too(db, tmp_path):
    item = signed_item(db)
    export_items(db, [item.id], opts(tmp_path, formats=("txt",), actor=SUPERVISOR))
    assert db.exports(item.id)[0]["actor"] == SUPERVISOR


def test_layers_exporters_do_not_read_the_database():
    """Writers take domain objects: only export_service knows about storage."""
    import ast

    root = Path(export_service.__file__).parent
    for name in ("docx_submission", "review_form", "eml", "text", "pictures", "registry", "smtp"):
        tree = ast.parse((root / f"{name}.py").read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not any(m.startswith(("storage", "sqlite", "PySide6", "gui")) for m in imported), name
