"""One contract for every registered export format (after Picard's shared format tests):
writes a file for a signed item, refuses an unsigned one, leaves nothing on failure, and any
Unicode title survives the trip."""
from __future__ import annotations

import datetime as dt
import io
import os
import re
from dataclasses import replace
from email import policy
from email.parser import BytesParser

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core.errors import UserError
from core.hashing import content_hash
from core.model import SignOff, Unit
from exporters import registry
from core.atomic import Cancelled
from exporters.export_service import ExportOptions, export_items
from exporters.registry import ExportSource, WriteOptions
from tests.conftest import make_item
from tests.unit.test_export_support import OFFICER, attach, jpeg, queued_item, signed_item

FORMATS = sorted(registry.formats())
NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_the_registry_knows_the_prescribed_formats():
    assert set(FORMATS) == {"docx", "form", "eml", "txt"}
    for code, fmt in registry.formats().items():
        assert fmt.code == code and fmt.extension.startswith(".") and fmt.label and fmt.label != code
    assert registry.get("docx").extension == ".docx"
    with pytest.raises(UserError):
        registry.get("pdf")


def read_back(fmt: str, data: bytes) -> str:
    """Open the file with its own library; return the title as that file shows it."""
    if fmt in ("docx", "form"):
        from docx import Document

        doc = Document(io.BytesIO(data))
        if fmt == "form":
            return doc.tables[0].rows[1].cells[1].text
        return doc.paragraphs[0].text
    if fmt == "eml":
        msg = BytesParser(policy=policy.default).parsebytes(data)
        subject = msg["Subject"]
        return re.sub(r"^【[^】]*】[^：]*：", "", subject).rsplit("（", 1)[0]
    if fmt == "txt":
        assert data.startswith(b"\xef\xbb\xbf")
        return data[3:].decode("utf-8").split("\r\n")[0]
    raise AssertionError(fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_writes_a_file_for_a_signed_item(db, tmp_path, fmt):
    pic = attach(db, "照片.jpg", jpeg(), "image/jpeg", "说明")
    item = signed_item(db, attachments=(pic,))
    result = export_items(db, [item.id], ExportOptions(formats=(fmt,), out_dir=tmp_path, actor=OFFICER))
    [written] = result.files
    assert written.path.suffix == registry.get(fmt).extension and written.path.stat().st_size > 0
    assert read_back(fmt, written.path.read_bytes()) == item.title
    assert [r["format"] for r in db.exports(item.id)] == [fmt]


@pytest.mark.parametrize("fmt", FORMATS)
def test_refuses_an_unsigned_item(db, tmp_path, fmt):
    draft = db.create_item(make_item(), OFFICER)
    with pytest.raises(UserError):
        export_items(db, [draft.id], ExportOptions(formats=(fmt,), out_dir=tmp_path / "o", actor=OFFICER))
    queued = queued_item(db)
    if registry.get(fmt).needs_signoff:
        with pytest.raises(UserError):
            export_items(db, [queued.id], ExportOptions(formats=(fmt,), out_dir=tmp_path / "o", actor=OFFICER))
    else:  # the review form: printed, but marked 未签发
        export_items(db, [queued.id], ExportOptions(formats=(fmt,), out_dir=tmp_path / "o", actor=OFFICER))
    assert db.exports(draft.id) == []
    assert len(db.exports(queued.id)) == (0 if registry.get(fmt).needs_signoff else 1)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("how", ["error", "cancel"])
def test_leaves_nothing_on_failure(db, tmp_path, monkeypatch, fmt, how):
    item = signed_item(db)
    real = registry.formats()[fmt]

    def broken(sources, path, options, progress, cancelled):
        real.write(sources, path, options, progress, cancelled)
        assert path.exists()
        raise RuntimeError("the disk was pulled out")

    if how == "error":
        monkeypatch.setitem(registry.formats(), fmt, replace(real, write=broken))
        expected = RuntimeError
        cancelled = lambda: False  # noqa: E731
    else:
        expected = Cancelled
        calls = iter(range(100))
        cancelled = lambda: next(calls) >= 1  # noqa: E731 - cancelled once the writer has begun
    with pytest.raises(expected):
        export_items(db, [item.id], ExportOptions(formats=(fmt,), out_dir=tmp_path / "o", actor=OFFICER),
                     cancelled=cancelled)
    assert os.listdir(tmp_path / "o") == []
    assert db.exports(item.id) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_writer_alone_is_atomic(tmp_path, fmt):
    """Without the service too: a writer that fails leaves no part file."""
    item = make_item(id="c1", state="signed_off")
    item = item.replace(signed_hash=content_hash(item))
    so = SignOff("c1", "王建国", NOW, content_hash(item), 1)
    src = ExportSource(item, Unit("测试局", "inbox@example.gov.cn"), signoff=so)
    with pytest.raises(Cancelled):
        registry.get(fmt).write([src], tmp_path / f"x{registry.get(fmt).extension}", WriteOptions(),
                                lambda d, t: None, lambda: True)
    assert os.listdir(tmp_path) == []


def _signed_source(title: str) -> ExportSource:
    item = make_item(id="u1", title=title, state="signed_off")
    item = item.replace(signed_hash=content_hash(item))
    so = SignOff("u1", "王建国", NOW, content_hash(item), 1, "同意")
    return ExportSource(item, Unit("测试局", "inbox@example.gov.cn", "测试局"), signoff=so)


def expected_title(fmt: str, title: str) -> str:
    from exporters.docx_submission import xml_text
    from exporters.eml import header_text

    if fmt == "eml":
        return header_text(title)
    if fmt in ("docx",):
        return " ".join(xml_text(title).split())
    if fmt == "form":
        return xml_text(title)
    return " ".join(title.split())


TITLES = st.text(st.characters(codec="utf-8"), min_size=1, max_size=80).filter(lambda t: t.strip())


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TITLES)
@example(title="0000000\x80\x80\x80\x80\x80\x80\u0800 \x80 0")  # a space fell between two encoded words
def test_any_unicode_title_survives(tmp_path, fmt, title):
    src = _signed_source(title)
    path = tmp_path / f"t{registry.get(fmt).extension}"
    registry.get(fmt).write([src], path, WriteOptions(now=NOW), lambda d, t: None, lambda: False)
    shown = read_back(fmt, path.read_bytes())
    want = expected_title(fmt, title)
    if fmt == "form":  # a cell: line breaks become paragraphs
        shown, want = shown.replace("\n", ""), want.replace("\r\n", "").replace("\n", "").replace("\r", "")
        shown, want = " ".join(shown.split()), " ".join(want.split())
    if fmt == "docx":
        shown = " ".join(shown.split())
    assert shown == want
    path.unlink()


@pytest.mark.parametrize("title", ["CON", "a/b\\c:d*e?f\"g<h>i|j", "  . 点 . ", "\u202e反向\u202c", "😀 表情", "\x00\x01控制"])
def test_awkward_titles_through_the_service(db, tmp_path, title):
    item = signed_item(db, title=title)
    result = export_items(db, [item.id], ExportOptions(formats=tuple(FORMATS), out_dir=tmp_path, actor=OFFICER))
    assert len(result.files) == len(FORMATS)
    for f in result.files:
        assert f.path.exists() and f.path.parent == tmp_path.resolve()
