"""The e-mail package (.eml) and the plain text for Notepad, parsed back with the standard library."""
from __future__ import annotations

import datetime as dt
import io
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest
from docx import Document
from PIL import Image

from core.errors import UserError
from core.model import Unit
from exporters.eml import eml_bytes, header_text, subject_for, write_eml
from exporters.export_service import load_source
from exporters.pictures import PictureOptions
from exporters.registry import WriteOptions
from exporters.text import BOM, txt_bytes, write_txt
from tests.unit.test_export_support import attach, jpeg, signed_item

NOW = dt.datetime(2026, 11, 22, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def parse(data: bytes):
    return BytesParser(policy=policy.default).parsebytes(data)


@pytest.fixture
def item(db):
    pic = attach(db, "现场照片.jpg", jpeg(1920, 1080, exif=True), "image/jpeg", "推进会现场")
    table = attach(db, "参会人员名单（第一批）.xlsx", b"PK-fake-xlsx",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return signed_item(db, attachments=(pic, table))


@pytest.fixture
def message(db, item):
    return parse(eml_bytes([load_source(db, item.id)], WriteOptions(now=NOW, sender="lixm@example.gov.cn")))


def test_headers(message, item):
    assert message["To"] == "inbox@example.gov.cn"
    assert message["Subject"] == f"【测试局】工作动态：{item.title}（2026-11-20）"
    assert message["X-Unsent"] == "1"
    assert message["From"] == "lixm@example.gov.cn"
    assert message["Date"] and message["Message-ID"]
    assert message.get_content_type() == "multipart/mixed"


def test_body_has_the_elements_and_the_signoff_line(message, item):
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert f"标题：{item.title}" in body
    assert "作者：李晓梅" in body and "来源：市政数局" in body and "发布日期：2026年11月20日" in body
    assert "栏目：工作动态" in body and "信息类型：工作动态" in body
    assert "签发：王建国于" in body and item.signed_hash in body


def test_attachments_word_text_pictures_others_with_chinese_names(message, item):
    atts = {p.get_filename(): p for p in message.iter_attachments()}
    assert set(atts) == {f"{item.title}.docx", f"{item.title}.txt", "现场照片.jpg", "参会人员名单（第一批）.xlsx"}
    # RFC 2231 on the wire
    raw = message.as_bytes(policy=policy.SMTP)
    assert b"filename*=utf-8''" in raw or b"filename*0*=utf-8''" in raw
    word = atts[f"{item.title}.docx"]
    assert word.get_content_type() == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    doc = Document(io.BytesIO(word.get_content()))
    assert doc.paragraphs[0].text == item.title
    text = atts[f"{item.title}.txt"]
    assert text.get_content_type() == "text/plain"
    raw_text = text.get_payload(decode=True)
    assert raw_text.startswith(BOM) and b"\r\n" in raw_text and b"\n" not in raw_text.replace(b"\r\n", b"")
    pic = atts["现场照片.jpg"]
    assert pic.get_content_type() == "image/jpeg"
    im = Image.open(io.BytesIO(pic.get_content()))
    assert im.format == "JPEG" and not im.getexif() and max(im.size) <= 1600
    assert atts["参会人员名单（第一批）.xlsx"].get_content() == b"PK-fake-xlsx"


def test_pictures_cropped_to_4_3_on_request(db, item):
    data = eml_bytes([load_source(db, item.id)], WriteOptions(now=NOW, pictures=PictureOptions(fit="crop")))
    pic = next(p for p in parse(data).iter_attachments() if p.get_filename().endswith(".jpg"))
    w, h = Image.open(io.BytesIO(pic.get_content())).size
    assert abs(w * 3 - h * 4) <= 4


def test_title_with_line_breaks_cannot_inject_headers(db):
    src = load_source(db, signed_item(db).id)
    evil = src.item.replace(title="标题\r\nBcc: victim@evil.example\r\n\r\nbody")
    from dataclasses import replace

    src = replace(src, item=evil)  # not signed any more, but the writer itself must stay safe
    data = eml_bytes([src], WriteOptions(now=NOW))
    msg = parse(data)
    assert msg["Bcc"] is None
    assert "\n" not in msg["Subject"] and "\r" not in msg["Subject"]
    assert "Bcc: victim@evil.example" in msg["Subject"]  # kept as text on one line
    header_block = data.split(b"\r\n\r\n", 1)[0]
    assert b"\r\nBcc:" not in header_block
    for part in msg.iter_attachments():
        assert "\n" not in part.get_filename() and "\r" not in part.get_filename()


@pytest.mark.parametrize("value,expected", [
    ("a\r\nb", "a b"), ("a\nb", "a b"), ("a\u2028b", "a b"), ("a\x85b", "a b"), ("a\x00b\tc", "a b c"), ("  a  ", "a"),
])
def test_header_text(value, expected):
    assert header_text(value) == expected


def test_combined_message_for_several_items(db):
    a, b = signed_item(db, title="第一条"), signed_item(db, title="第二条")
    msg = parse(eml_bytes([load_source(db, a.id), load_source(db, b.id)], WriteOptions(now=NOW)))
    assert msg["Subject"] == "【测试局】报送信息2条：第一条等（2026-11-22）"
    names = [p.get_filename() for p in msg.iter_attachments()]
    assert names == ["第一条.docx", "第一条.txt", "第二条.docx", "第二条.txt"]
    body = msg.get_body().get_content()
    assert "1. 标题：第一条" in body and "2. 标题：第二条" in body


def test_same_names_get_numbers(db):
    a, b = signed_item(db), signed_item(db)
    msg = parse(eml_bytes([load_source(db, a.id), load_source(db, b.id)], WriteOptions(now=NOW)))
    names = [p.get_filename() for p in msg.iter_attachments()]
    assert len(set(names)) == 4 and any(" (2)." in n for n in names)


def test_no_mailbox_refused(db):
    src = load_source(db, signed_item(db).id)
    from dataclasses import replace

    with pytest.raises(UserError) as err:
        eml_bytes([replace(src, unit=Unit("测试局", ""))])
    assert "报送邮箱" in str(err.value)
    with pytest.raises(UserError):
        eml_bytes([replace(src, unit=Unit("测试局", "not an address\r\nBcc: x@y.z"))])


def test_unaccepted_video_refused_accepted_video_attached(db):
    mp4 = attach(db, "会议.mp4", b"\x00\x00\x00 ftypisom", "video/mp4")
    item = signed_item(db, attachments=(mp4,))
    with pytest.raises(UserError) as err:
        eml_bytes([load_source(db, item.id)])
    assert "会议.mp4" in str(err.value)
    wmv = attach(db, "会议.wmv", b"0&\xb2u\x8ef\xcf\x11", "video/x-ms-wmv")
    item = signed_item(db, attachments=(wmv,))
    names = [p.get_filename() for p in parse(eml_bytes([load_source(db, item.id)])).iter_attachments()]
    assert "会议.wmv" in names


def test_subject_date_prefers_the_publication_date(db):
    src = load_source(db, signed_item(db, elements={"author": "李晓梅", "publish_date": "2026-12-01", "source": "x"}).id)
    assert subject_for([src], NOW.date()).endswith("（2026-12-01）")


def test_write_eml_atomic_and_cancellable(db, item, tmp_path):
    out = tmp_path / "out"
    src = load_source(db, item.id)
    with pytest.raises(Exception):
        write_eml([src], out / "x.eml", WriteOptions(), cancelled=lambda: True)
    assert not out.exists() or list(out.iterdir()) == []
    write_eml([src], out / "x.eml", WriteOptions(now=NOW))
    assert parse((out / "x.eml").read_bytes())["X-Unsent"] == "1"


# --------------------------------------------------------------------- plain text
def test_txt_bom_crlf_and_content(db, item, tmp_path):
    path = tmp_path / "a.txt"
    write_txt([load_source(db, item.id)], path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in data.replace(b"\r\n", b"") and b"\r" not in data.replace(b"\r\n", b"")
    text = data[3:].decode("utf-8")
    lines = text.split("\r\n")
    assert lines[0] == item.title and lines[1] == ""
    assert "作者：李晓梅" in lines and "发布日期：2026年11月20日" in lines
    assert "\u3000\u300011月20日，市政数局召开政务公开工作推进会。" in lines
    assert "\u3000\u3000图1\u3000推进会现场（现场照片.jpg）" in lines
    assert "\u3000\u3000附件：参会人员名单（第一批）" in lines


def test_txt_line_breaks_inside_values_normalised(db):
    item = signed_item(db, body=("第一段\r\n仍是第一段", "第二段\r末尾"))
    data = txt_bytes([load_source(db, item.id)])
    assert b"\r\r" not in data and b"\n" not in data.replace(b"\r\n", b"")


def test_txt_issuer_and_date_close_the_text(db):
    item = signed_item(db, content_type="notice", elements={"issuer": "测试局办公室", "publish_date": "2026-03-05"})
    lines = txt_bytes([load_source(db, item.id)])[3:].decode("utf-8").split("\r\n")
    assert lines[-3:] == ["测试局办公室", "2026年3月5日", ""]


def test_fast_bytes_equal_the_standard_librarys(db):
    from email import policy as email_policy

    from exporters.eml import build_message

    pic = attach(db, "图.jpg", jpeg(640, 480), "image/jpeg")
    item = signed_item(db, attachments=(pic,))
    src = load_source(db, item.id)
    fast = parse(eml_bytes([src], WriteOptions(now=NOW)))
    slow = parse(build_message([src], WriteOptions(now=NOW)).as_bytes(policy=email_policy.SMTP))
    assert [p.get_filename() for p in fast.iter_attachments()] == [p.get_filename() for p in slow.iter_attachments()]
    for a, b in zip(fast.iter_attachments(), slow.iter_attachments()):
        assert a.get_payload(decode=True) == b.get_payload(decode=True)
        assert a.get_content_type() == b.get_content_type()
    raw = eml_bytes([src], WriteOptions(now=NOW))
    assert b"@@INFODESK-" not in raw
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    assert b"\n" not in raw.replace(b"\r\n", b"")


@pytest.mark.parametrize("title", [
    "市政数局 召开 政务公开 工作推进会 " * 4 + "结尾",
    "a " * 60,
    "保密审查　全角空格　与 半角 空格",
])
def test_long_subject_keeps_every_space_and_short_lines(title):
    from email import policy
    from email.parser import BytesParser

    from exporters.eml import EncodedSubject

    msg = EmailMessage(policy=policy.default)
    msg["Subject"] = EncodedSubject(title)
    msg.set_content("x")
    raw = msg.as_bytes(policy=policy.SMTP)
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert all(len(line) <= 78 for line in head.split(b"\r\n"))
    assert BytesParser(policy=policy.default).parsebytes(raw)["Subject"] == title
