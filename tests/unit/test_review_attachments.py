"""Attachments: what a .docx or a picture carries besides what the reader sees."""
from __future__ import annotations

import copy
import io
import struct
import zipfile
import zlib

import docx
import pytest
from docx.oxml.ns import qn
from PIL import ExifTags, Image

from core.review import docx_text, scan_attachment, scan_attachment_text

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def save(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def clean_docx(*paragraphs: str) -> docx.Document:
    d = docx.Document()
    d.core_properties.author = ""
    d.core_properties.last_modified_by = ""
    for text in paragraphs:
        d.add_paragraph(text)
    return d


def rewrite_zip(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, (replace or {}).get(info.filename, src.read(info.filename)))
        for name, content in (add or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def rules(findings):
    return sorted({f.rule for f in findings})


def jpeg(gps=False, serial=None) -> bytes:
    im = Image.new("RGB", (16, 12), "white")
    exif = Image.Exif()
    if gps:
        g = exif.get_ifd(ExifTags.IFD.GPSInfo)
        g[1] = "N"
        g[2] = (22.0, 32.0, 35.0)
        g[3] = "E"
        g[4] = (114.0, 3.0, 28.0)
    if serial:
        exif.get_ifd(ExifTags.IFD.Exif)[0xA431] = serial
    buf = io.BytesIO()
    im.save(buf, "JPEG", exif=exif)
    return buf.getvalue()


# ------------------------------------------------------------------ Word

def test_clean_docx_has_no_findings():
    data = save(clean_docx("关于开展政务公开工作的通知", "各单位：请按时报送。"))
    assert scan_attachment("通知.docx", DOCX, data) == []


def test_docx_text_rules_and_target():
    data = save(clean_docx("机密★1年", "申请人身份证号11010519491231002X"))
    text, findings = scan_attachment_text("材料.docx", DOCX, data)
    assert text == docx_text(data) == "机密★1年\n申请人身份证号11010519491231002X"
    assert rules(findings) == ["mark.classified", "pii.id_card"]
    for f in findings:
        assert f.target == "材料.docx"
        assert text[f.start:f.end] == f.text


def test_docx_mark_in_header_is_found():
    d = clean_docx("正文")
    d.sections[0].header.paragraphs[0].text = "内部资料  注意保存"
    findings = scan_attachment("a.docx", DOCX, save(d))
    assert [f.text for f in findings if f.rule == "mark.internal"] == ["内部资料", "注意保存"]


def test_docx_comment():
    d = clean_docx("正文第一段")
    d.add_comment(d.paragraphs[0].runs, text="这段是否要删？领导未同意", author="李四")
    (f,) = [f for f in scan_attachment("a.docx", DOCX, save(d)) if f.rule == "docx.comment"]
    assert f.severity == "block" and "领导未同意" in f.text and "李四" in f.message and f.target == "a.docx"


def test_docx_tracked_changes():
    d = clean_docx("第一段", "第二段")
    body_p = d.paragraphs[1]._p
    run = body_p.r_lst[0]
    ins = body_p.makeelement(qn("w:ins"), {qn("w:id"): "1", qn("w:author"): "王五", qn("w:date"): "2024-01-01T00:00:00Z"})
    run.addprevious(ins)
    ins.append(run)
    dele = body_p.makeelement(qn("w:del"), {qn("w:id"): "2", qn("w:author"): "王五", qn("w:date"): "2024-01-01T00:00:00Z"})
    drun = copy.deepcopy(run)
    t = drun.find(qn("w:t"))
    t.tag = qn("w:delText")
    t.text = "原定补偿标准每亩5万元"
    dele.append(drun)
    ins.addnext(dele)
    data = save(d)
    findings = scan_attachment("a.docx", DOCX, data)
    (f,) = [f for f in findings if f.rule == "docx.tracked_change"]
    assert f.severity == "block" and "原定补偿标准" in f.text
    assert "原定补偿标准" not in docx_text(data)  # deleted text is not part of the visible text


def test_docx_hidden_text():
    d = clean_docx("公开内容")
    run = d.paragraphs[0].add_run("隐藏的内部意见")
    run.font.hidden = True
    (f,) = [f for f in scan_attachment("a.docx", DOCX, save(d)) if f.rule == "docx.hidden_text"]
    assert f.severity == "block" and f.text == "隐藏的内部意见"


def test_docx_metadata_and_company():
    d = clean_docx("正文")
    d.core_properties.author = "张三"
    d.core_properties.last_modified_by = "李四"
    data = save(d)
    app = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           + "<Company>某某市保密局</Company>".encode() + b"</Properties>")
    data = rewrite_zip(data, replace={"docProps/app.xml": app})
    meta = [f for f in scan_attachment("a.docx", DOCX, data) if f.rule == "docx.metadata"]
    assert sorted(f.text for f in meta) == sorted(["张三", "李四", "某某市保密局"])
    assert all(f.severity == "warn" for f in meta)


def test_docx_embedded_object_and_picture_with_gps():
    d = clean_docx("见附图")
    d.add_picture(io.BytesIO(jpeg(gps=True)))
    data = rewrite_zip(save(d), add={"word/embeddings/oleObject1.bin": b"\x00" * 64})
    findings = scan_attachment("a.docx", DOCX, data)
    assert "docx.embedded_object" in rules(findings)
    (gps,) = [f for f in findings if f.rule == "picture.gps"]
    assert gps.target == "a.docx" and gps.severity == "block"


@pytest.mark.parametrize("data, why", [
    (b"PK\x03\x04 broken", "corrupt"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "encrypted/ole"),
    (b"just some text", "not a zip"),
])
def test_unreadable_docx_is_one_finding(data, why):
    (f,) = scan_attachment("坏.docx", DOCX, data)
    assert f.rule == "attachment.unreadable" and f.severity == "block" and f.target == "坏.docx"


def test_docx_without_document_part():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "x")
    assert rules(scan_attachment("a.docx", DOCX, buf.getvalue())) == ["attachment.unreadable"]


def test_docx_with_entity_expansion_is_not_expanded():
    bomb = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "机密★1年">]>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>').encode()
    data = rewrite_zip(save(clean_docx("x")), replace={"word/document.xml": bomb})
    findings = scan_attachment("a.docx", DOCX, data)
    assert "mark.classified" not in rules(findings)


def test_empty_attachment():
    (f,) = scan_attachment("空.docx", DOCX, b"")
    assert f.rule == "attachment.empty"


# ------------------------------------------------------------------ pictures

def test_picture_gps_and_serial():
    findings = scan_attachment("现场.jpg", "image/jpeg", jpeg(gps=True, serial="SN-0042"))
    by_rule = {f.rule: f for f in findings}
    assert by_rule["picture.gps"].severity == "block"
    assert by_rule["picture.gps"].text.startswith("22.54")
    assert by_rule["picture.serial"].severity == "warn" and "SN-0042" in by_rule["picture.serial"].text
    assert all(f.target == "现场.jpg" for f in findings)


def test_clean_picture_has_no_findings():
    assert scan_attachment("a.jpg", "image/jpeg", jpeg()) == []
    buf = io.BytesIO()
    Image.new("RGB", (4, 3)).save(buf, "GIF")
    assert scan_attachment("a.gif", "image/gif", buf.getvalue()) == []


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("size", [(30000, 30000), (10000, 9500), (9000, 9000)])
def test_decompression_bomb_is_a_finding_not_a_crash(size):
    (f,) = scan_attachment("bomb.png", "image/png", _png_header(*size))
    assert f.rule == "attachment.unreadable" and f.severity == "block"


def test_corrupt_picture():
    (f,) = scan_attachment("x.jpg", "image/jpeg", b"\xff\xd8\xff garbage")
    assert f.rule == "attachment.unreadable"


def test_unsupported_and_text_attachments():
    (f,) = scan_attachment("会议.mp4", "video/mp4", b"\x00\x00\x00\x18ftypmp42")
    assert f.rule == "attachment.unsupported" and f.severity == "warn"
    findings = scan_attachment("说明.txt", "text/plain", "内部资料\n正文".encode("gb18030"))
    assert rules(findings) == ["mark.internal"]
