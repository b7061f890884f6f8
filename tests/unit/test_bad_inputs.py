"""Bad input, one table: every case goes through the real entry point of its feature (a CLI
command run in-process through main.main, or the module function the GUI calls) and must end
in a clear message — a UserError, or exit status 2 with one line on stderr and no traceback —
with NOTHING changed: the same rows in every table of the database and no file left behind.

A few cases are not refusals by design and say so: a .docx with thousands of pictures is read
with the first MAX_PICTURES and a warning; Windows device names and line breaks that reach a
file name or an e-mail header are neutralised, and the export goes ahead.

Exchange packages are the one place where a refusal *is* written down: storage/exchange.py
appends an ``import_refused`` entry to the audit log (a security record). Those cases check that
this entry is the only change.

Small inputs are committed in tests/bad_inputs/files/ (made by tests/bad_inputs/make.py); big
ones are made at test time.
"""
from __future__ import annotations

import contextlib
import email
import hashlib
import io
import json
import sqlite3
import zipfile
from dataclasses import dataclass, field
from email import policy
from pathlib import Path
from typing import Callable

import pytest

import main
from core.errors import UserError
from core.model import Attachment
from tests.bad_inputs import make
from tests.conftest import make_item

RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", *(f"COM{i}" for i in "123456789¹²³"),
            *(f"LPT{i}" for i in "123456789¹²³")}


def _device_name(file_name: str) -> bool:
    """Whether Windows would open a device for this file name (it ignores spaces before the dot)."""
    return file_name.split(".")[0].rstrip(" ").upper() in RESERVED


# ------------------------------------------------------------------ the world a case runs in
class Env:
    """A database (closed while the case runs, so a CLI command opens it like a new process)
    and helpers to put the state a case needs into it."""

    def __init__(self, db, tmp_path: Path):
        self.db = db
        self.db_path: Path = db.path
        self.tmp = tmp_path
        self.inputs = tmp_path / "inputs"
        self.inputs.mkdir()
        self.out = tmp_path / "out"  # an export folder; must stay absent or empty after a refusal

    # state
    def signed(self, title: str = "市政数局召开政务公开工作推进会", attachments=(), **kw):
        item = self.db.create_item(make_item(title=title, attachments=tuple(attachments), **kw), "李晓梅")
        self.db.apply(item.id, "submit", "李晓梅")
        return self.db.apply(item.id, "sign_off", "王建国", password="demo")

    def reviewed_draft(self, title: str):
        """A draft whose self-review is done, so only the content rules decide on submit."""
        from core import clock
        from core.hashing import content_hash
        from core.model import Review
        from core.review import answer, load_checklist

        item = self.db.create_item(make_item(title=title), "李晓梅")
        cl = load_checklist()
        answers = tuple(answer(cl, q.id, q.acceptable[0], by="李晓梅") for q in cl.items)
        self.db.save_review(Review(item.id, content_hash(item), answers, (), (), "李晓梅", clock.now(), cl.version), "李晓梅")
        return item

    def blob(self, name: str, data: bytes, media_type: str) -> Attachment:
        return Attachment(name, media_type, len(data), self.db.store_blob(data))

    def file(self, name: str, data: bytes) -> Path:
        path = self.inputs / name
        path.write_bytes(data)
        return path

    def cli(self, *argv: str) -> list[str]:
        return ["--db", str(self.db_path), *argv]

    def export_args(self, items, *formats: str) -> list[str]:
        items = items if isinstance(items, (list, tuple)) else [items]
        fmt_args = [a for f in formats for a in ("--format", f)]
        return self.cli("export", *(i.id[:12] for i in items), "--out", str(self.out), "--as", "李晓梅", *fmt_args)


@dataclass(frozen=True)
class Case:
    """One bad input. ``prepare(env)`` returns what to run: a CLI argv (list) or a callable."""

    id: str
    feature: str
    prepare: Callable[[Env], object]
    expect: str  # a fragment of the (Chinese) message
    outcome: str = "refused"  # refused | finding | neutralised | warning
    check: Callable[[Env, object], None] | None = None
    audit_refusal: bool = False  # an import_refused audit entry is the one allowed change
    needs: str = ""  # a module that must exist for this case


def _run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main.main(argv)
        except SystemExit as exc:  # argparse
            code = exc.code
    return code, out.getvalue(), err.getvalue()


# ------------------------------------------------------------------ inputs made at test time
def _docx_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
            chunk = b" " * 2**20
            for _ in range(100):
                fh.write(chunk)
            fh.write(b"</w:body></w:document>")
    return buf.getvalue()


def _backup_manifest() -> bytes:
    from storage.migrations import LATEST

    return json.dumps({"format": "infodesk-backup", "format_version": 1, "schema_version": LATEST,
                       "database": {"sha256": "0" * 64, "size": 1}, "blobs": {}}).encode()


def _package_bomb(env: Env):
    from core import exchange

    path = make.zip_bomb(env.inputs / "bomb.infopkg", "items/0001.json", size=24 * 2**20,
                         extra={"manifest.json": b"{}", "manifest.sig": bytes(64)})

    def run():
        with pytest.MonkeyPatch.context() as mp:  # smaller limits, the same code path as 256 MB
            mp.setattr(exchange, "LIMITS", exchange.Limits(max_member_bytes=8 * 2**20, max_total_bytes=16 * 2**20))
            return _run_cli(env.cli("import", str(path)))

    return run


def _docx_draft(path: Path):
    from exporters.docx_import import docx_draft

    return lambda: docx_draft(path)


# ------------------------------------------------------------------ checks of neutralised cases
def _eml_headers_clean(env: Env, _result) -> None:
    files = sorted(env.out.glob("*.eml"))
    assert files, "no e-mail package written"
    for path in files:
        raw = path.read_bytes()
        head = raw.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in raw else raw.split(b"\n\n", 1)[0]
        names = [line.split(b":", 1)[0].strip().lower() for line in head.splitlines() if line[:1] not in (b" ", b"\t")]
        assert b"bcc" not in names and b"x-injected" not in names, head
        msg = email.message_from_bytes(raw, policy=policy.default)
        assert not msg.defects
        assert "\n" not in str(msg["Subject"]) and "\r" not in str(msg["Subject"])
        for part in msg.iter_attachments():
            name = part.get_filename() or ""
            assert "\n" not in name and "\r" not in name, name


def _names_not_reserved(env: Env, _result) -> None:
    files = [p for p in env.out.iterdir()]
    assert files, "nothing exported"
    for p in files:
        assert not _device_name(p.name), p.name
    for path in env.out.glob("*.eml"):
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        for part in msg.iter_attachments():
            assert not _device_name(part.get_filename() or ""), part.get_filename()


def _pictures_capped(env: Env, draft) -> None:
    from exporters.docx_import import MAX_PICTURES

    assert 0 < len(draft.pictures) <= MAX_PICTURES
    assert any(str(MAX_PICTURES) in w for w in draft.warnings), draft.warnings


# ------------------------------------------------------------------ the table
F = make.small_fixture

CASES = [
    # --- Word import (exporters.docx_import: the editor's "import .docx")
    Case("docx-corrupt", "Word import", lambda e: _docx_draft(F("corrupt.docx")), "损坏"),
    Case("docx-encrypted-ole", "Word import", lambda e: _docx_draft(F("encrypted.docx")), "加密"),
    Case("docx-zero-bytes", "Word import", lambda e: _docx_draft(F("zero-bytes.docx")), "空"),
    Case("docx-no-text", "Word import", lambda e: _docx_draft(F("empty.docx")), "没有可导入的文字"),
    Case("docx-zip-bomb", "Word import", lambda e: _docx_draft(e.file("bomb.docx", _docx_bomb())), "恶意"),
    Case("docx-3000-pictures", "Word import", lambda e: _docx_draft(e.file("pictures.docx", make.many_pictures_docx(3000))),
         "", outcome="warning", check=_pictures_capped),
    # --- the same files through the scan command: a blocking "unreadable" finding, exit 1
    Case("scan-corrupt-docx", "scan", lambda e: e.cli("scan", str(F("corrupt.docx"))), "无法检查", outcome="finding"),
    Case("scan-encrypted-docx", "scan", lambda e: e.cli("scan", str(F("encrypted.docx"))), "已加密", outcome="finding"),
    Case("scan-decompression-bomb", "scan", lambda e: e.cli("scan", str(F("huge-dimensions.png"))), "炸弹", outcome="finding"),
    Case("scan-docx-zip-bomb", "scan", lambda e: e.cli("scan", str(e.file("bomb.docx", _docx_bomb()))), "无法检查",
         outcome="finding"),
    # --- pictures on export (exporters.pictures through the export command)
    Case("picture-50000x50000", "export", lambda e: e.export_args(
        e.signed(attachments=[e.blob("现场.png", make.huge_dimension_png(), "image/png")]), "docx", "eml"), "解压炸弹"),
    Case("picture-truncated-jpeg", "export", lambda e: e.export_args(
        e.signed(attachments=[e.blob("现场.jpg", make.truncated_jpeg(), "image/jpeg")]), "docx", "eml"), "损坏"),
    # --- exchange packages (storage.exchange through the import command)
    Case("package-zip-slip", "exchange import", lambda e: e.cli("import", str(e.file("slip.infopkg", make.zip_slip()))),
         "路径穿越", audit_refusal=True),
    Case("package-absolute-path", "exchange import", lambda e: e.cli("import", str(e.file(
        "abs.infopkg", make.zip_slip(("/tmp/infodesk-evil.txt",), manifest=b"{}")))), "路径穿越", audit_refusal=True),
    Case("package-zip-bomb", "exchange import", _package_bomb, "炸弹", audit_refusal=True),
    Case("package-claims-300MB", "exchange import", lambda e: e.cli("import", str(e.file("claims.infopkg", make.lying_zip(
        "items/0001.json", 300 * 2**20, b"{}", {"manifest.json": b"{}", "manifest.sig": bytes(64)})))), "炸弹",
         audit_refusal=True),
    Case("package-missing-manifest", "exchange import", lambda e: e.cli("import", str(e.file(
        "noman.infopkg", make.zip_slip(("items/0001.json",))))), "manifest", audit_refusal=True),
    Case("package-wrong-manifest", "exchange import", lambda e: e.cli("import", str(e.file(
        "wrongman.infopkg", make.zip_slip(("manifest.sig",), manifest=json.dumps({"format": "other"}).encode())))),
         "拒绝导入", audit_refusal=True),
    Case("package-not-a-zip", "exchange import", lambda e: e.cli("import", str(F("not-a-zip.infopkg"))), "既不是",
         audit_refusal=True),
    # --- backups (storage.backup through the restore command)
    Case("backup-zip-slip", "restore", lambda e: e.cli("restore", str(e.file(
        "slip.infodesk-backup", make.zip_slip(manifest=_backup_manifest())))), "不应出现的条目"),
    Case("backup-zip-bomb", "restore", lambda e: e.cli("restore", str(make.zip_bomb(
        e.inputs / "bomb.infodesk-backup", "database.sqlite3", size=80 * 2**20, extra={"manifest.json": _backup_manifest()}))),
         "压缩炸弹"),
    Case("backup-missing-manifest", "restore", lambda e: e.cli("restore", str(e.file(
        "noman.infodesk-backup", make.zip_slip(("database.sqlite3",))))), "缺少清单文件"),
    Case("backup-wrong-manifest", "restore", lambda e: e.cli("restore", str(e.file(
        "wrongman.infodesk-backup", make.zip_slip(("database.sqlite3",), manifest=b'{"format": "infopkg"}')))),
         "不是本程序的备份清单"),
    Case("backup-encrypted-ole", "restore", lambda e: e.cli("restore", str(F("encrypted.docx"))), "既不是"),
    # --- responsibility table (exporters.columns_xlsx through the columns command)
    Case("xlsx-wrong-headers", "responsibility table", lambda e: e.cli("columns", "--table", str(
        make.xlsx_wrong_headers(e.inputs / "headers.xlsx"))), "表头"),
    Case("xlsx-merged-cells", "responsibility table", lambda e: e.cli("columns", "--table", str(
        make.xlsx_merged_cells(e.inputs / "merged.xlsx"))), "合并单元格"),
    Case("xlsx-rule-date-out-of-range", "responsibility table", lambda e: e.cli("columns", "--table", str(
        make.xlsx_bad_dates(e.inputs / "dates.xlsx"))), "无法识别的更新时限"),
    # --- dates out of range
    Case("date-year-99999", "mark-published", lambda e: e.cli("mark-published", e.signed().id[:12], "--as", "李晓梅",
                                                             "--date", "99999-01-01"), "不是日期"),
    Case("date-february-30", "mark-published", lambda e: e.cli("mark-published", e.signed().id[:12], "--as", "李晓梅",
                                                              "--date", "2026-02-30"), "不是日期"),
    Case("date-due-beyond-calendar", "due", lambda e: e.cli("due", "信息发生后2日内", "9999-12-31"), "超出了日历范围"),
    Case("date-year-10000", "due", lambda e: e.cli("due", "信息发生后2日内", "10000-01-01"), "无效"),
    Case("date-adoption-year-0", "adopt", lambda e: e.cli("adopt", e.signed().id[:12], "--as", "李晓梅", "--by", "市政府办公厅",
                                                         "--level", "市级", "--date", "0000-01-01"), "日期"),
    Case("date-report-week-99", "report", lambda e: e.cli("report", "weekly", "--period", "2026-W99", "--json"), "2026-W99"),
    # --- titles
    Case("title-control-characters", "submit", lambda e: e.cli("submit", e.reviewed_draft("坏\x07标题\x1b[31m").id[:12],
                                                              "--as", "李晓梅"), "控制字符"),
    Case("title-line-break", "submit", lambda e: e.cli("submit", e.reviewed_draft("第一行\r\nBcc: x@example.com").id[:12],
                                                      "--as", "李晓梅"), "换行"),
    Case("title-100000-characters", "submit", lambda e: e.cli("submit", e.reviewed_draft("长" * 100_000).id[:12],
                                                             "--as", "李晓梅"), "200"),
    # --- e-mail header injection (exporters.eml through the export command)
    Case("email-subject-line-breaks", "export eml", lambda e: (
        e.db.set_unit(__import__("core.model", fromlist=["Unit"]).Unit("测试局\r\nBcc: evil@example.com", "inbox@example.gov.cn",
                                                                      "测试局\r\nX-Injected: 1"), actor="test"),
        e.export_args(e.signed(attachments=[e.blob("图\r\nBcc: evil@example.com.png", make.png_bytes(8, 6), "image/png")]),
                      "eml"))[1], "", outcome="neutralised", check=_eml_headers_clean),
    Case("email-mailbox-line-break", "export eml", lambda e: (
        e.db.set_unit(__import__("core.model", fromlist=["Unit"]).Unit("测试局", "inbox@example.gov.cn\r\nBcc: evil@example.com",
                                                                      "测试局"), actor="test"),
        e.export_args(e.signed(), "eml"))[1], "不是有效的电子邮件地址"),
    # --- Windows reserved names (core.filenames through the export command)
    Case("filename-windows-reserved", "export", lambda e: e.export_args([
        e.signed("CON", attachments=[e.blob("COM1.png", make.png_bytes(8, 6), "image/png")]),
        e.signed("aux.txt"), e.signed("LPT9"), e.signed("nul "), e.signed("PRN"), e.signed("COM¹"),
        e.signed("con\u3000")], "docx", "eml", "txt", "form"),
        "", outcome="neutralised", check=_names_not_reserved),
]


# ------------------------------------------------------------------ did anything change?
def _digest(path: Path, allow_refusal: bool) -> tuple[str, int]:
    """The digest of every table, leaving out audit entries of refused imports when allowed;
    and how many such entries there are."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        h = hashlib.sha256()
        refusals = 0
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
            h.update(b"\x1e" + table.encode())
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
                if allow_refusal and table == "audit" and row[3] == "import_refused":
                    refusals += 1
                    continue
                if allow_refusal and table == "meta" and row[0] == "audit_head":
                    continue
                h.update(repr(row).encode("utf-8", "surrogatepass"))
        return h.hexdigest(), refusals
    finally:
        conn.close()


def _listing(env: Env) -> dict:
    """Every file but the inputs and the database file itself (whose rows the digest covers)."""
    listing = make.file_listing(env.tmp)
    return {k: v for k, v in listing.items() if not k.startswith("inputs") and k != env.db_path.name}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, db, tmp_path):
    if case.needs:
        pytest.importorskip(case.needs, reason=f"{case.feature} has not landed yet")
    env = Env(db, tmp_path)
    action = case.prepare(env)
    db.close()  # the command opens the database itself, as a separate run would
    before_db, before_refusals = _digest(env.db_path, case.audit_refusal)
    before_files = _listing(env)

    if isinstance(action, list):
        code, out, err = _run_cli(action)
        result = (code, out, err)
    else:
        try:
            result = action()
            code, out, err = (0, "", "") if not isinstance(result, tuple) else result
        except UserError as exc:
            assert case.outcome == "refused", f"{case.id}: unexpected refusal {exc}"
            assert case.expect in str(exc), f"{case.id}: {exc}"
            code, out, err = None, "", str(exc)

    assert "Traceback" not in err, err
    if case.outcome == "refused":
        if code is not None:
            assert code == 2, f"{case.id}: exit {code}\n{out}\n{err}"
            assert err.count("\n") == 1 and err.strip(), f"{case.id}: not one line: {err!r}"
            assert case.expect in err, f"{case.id}: {err!r}"
    elif case.outcome == "finding":
        assert code == 1, f"{case.id}: exit {code}\n{out}\n{err}"
        assert case.expect in out, out
    elif case.outcome in ("neutralised", "warning"):
        assert code == 0, f"{case.id}: exit {code}\n{out}\n{err}"
        case.check(env, result)
        return  # a successful export changes the database (its records) and writes files: that is the point

    after_db, after_refusals = _digest(env.db_path, case.audit_refusal)
    assert after_db == before_db, f"{case.id}: the database changed"
    if case.audit_refusal:
        assert after_refusals == before_refusals + 1, f"{case.id}: the refusal was not logged"
    assert _listing(env) == before_files, f"{case.id}: files changed: {set(_listing(env)) ^ set(before_files)}"
    assert not Path("/tmp/infodesk-evil.txt").exists()


def test_every_case_names_a_feature_and_an_outcome():
    assert len({c.id for c in CASES}) == len(CASES)
    for c in CASES:
        assert c.outcome in ("refused", "finding", "neutralised", "warning")
        assert c.outcome == "refused" or c.outcome == "finding" or c.check is not None
