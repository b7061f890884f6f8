"""Word files as new drafts: title, paragraphs, pictures; refusals with clear messages."""
from __future__ import annotations

import io
import time
import zipfile

import pytest

from core.errors import UserError
from exporters.docx_import import MAX_PICTURES, OLE_SIGNATURE, docx_draft, docx_to_draft


def _jpeg(colour=(200, 30, 30), size=(40, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def _png(colour) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (2, 2), colour).save(out, "PNG")
    return out.getvalue()


def test_title_body_table_and_pictures(tmp_path):
    import docx

    doc = docx.Document()
    doc.add_paragraph("深府办〔2010〕76号")
    doc.add_heading("市政数局召开政务公开工作推进会", level=1)
    doc.add_paragraph("\u3000\u300011月20日，市政数局召开推进会。")
    doc.add_paragraph("")
    doc.add_picture(io.BytesIO(_jpeg()))
    doc.add_paragraph("会议要求各单位做好审核把关。")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "联系人"
    table.rows[0].cells[1].text = "李晓梅"
    doc.add_picture(io.BytesIO(_png((0, 0, 255))))
    path = tmp_path / "news.docx"
    doc.save(path)

    title, paragraphs, pictures = docx_to_draft(path)
    assert title == "市政数局召开政务公开工作推进会"
    assert paragraphs == ["深府办〔2010〕76号", "11月20日，市政数局召开推进会。", "会议要求各单位做好审核把关。",
                          "联系人\u3000李晓梅"]
    assert [media for _n, _b, media in pictures] == ["image/jpeg", "image/png"]
    assert pictures[0][1] == _jpeg()
    assert pictures[0][0].endswith(".jpeg") or pictures[0][0].endswith(".jpg")


def test_first_non_empty_paragraph_is_the_title_without_heading(tmp_path):
    import docx

    doc = docx.Document()
    doc.add_paragraph("   ")
    doc.add_paragraph("关于做好政务公开工作的通知")
    doc.add_paragraph("各单位：")
    path = tmp_path / "plain.docx"
    doc.save(path)
    title, paragraphs, pictures = docx_to_draft(path)
    assert (title, paragraphs, pictures) == ("关于做好政务公开工作的通知", ["各单位："], [])


@pytest.mark.parametrize("content, fragment", [
    (OLE_SIGNATURE + b"\x00" * 600, "加密"),
    (b"", "空文件"),
    (b"%PDF-1.7 not a word file", "不是 Word .docx 文件"),
    (b"PK\x03\x04 broken zip", "已损坏"),
])
def test_unreadable_files_are_refused_with_a_clear_message(tmp_path, content, fragment):
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    with pytest.raises(UserError) as err:
        docx_to_draft(path)
    assert fragment in str(err.value)
    assert "bad.docx" in str(err.value)


def test_a_zip_that_is_not_a_word_file(tmp_path):
    path = tmp_path / "sheet.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UserError, match="不是 Word .docx 文件"):
        docx_to_draft(path)


def test_damaged_document_xml(tmp_path):
    import docx

    good = tmp_path / "good.docx"
    docx.Document().save(good)
    bad = tmp_path / "damaged.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data[: len(data) // 2]
            dst.writestr(info, data)
    with pytest.raises(UserError, match="已损坏"):
        docx_to_draft(bad)


def test_empty_document_is_refused(tmp_path):
    import docx

    path = tmp_path / "blank.docx"
    docx.Document().save(path)
    with pytest.raises(UserError, match="没有可导入的文字"):
        docx_to_draft(path)


def test_zip_bomb_is_refused_before_unpacking(tmp_path):
    import docx

    good = tmp_path / "good.docx"
    d = docx.Document()
    d.add_paragraph("标题")
    d.save(good)
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("word/media/huge.bin", b"\0" * (60 * 1024 * 1024))
    started = time.monotonic()
    with pytest.raises(UserError, match="压缩炸弹"):
        docx_to_draft(bomb)
    assert time.monotonic() - started < 5


def test_thousands_of_pictures_are_capped_with_a_warning(tmp_path):
    import docx

    doc = docx.Document()
    doc.add_paragraph("图片很多的文件")
    count = MAX_PICTURES + 60
    for i in range(count):
        doc.add_picture(io.BytesIO(_png((i % 256, i // 256, 7))))
    path = tmp_path / "many.docx"
    doc.save(path)
    started = time.monotonic()
    draft = docx_draft(path)
    assert time.monotonic() - started < 20
    assert len(draft.pictures) == MAX_PICTURES
    assert any(str(MAX_PICTURES) in w for w in draft.warnings)
    assert draft.title == "图片很多的文件"
    assert len({name for name, _b, _m in draft.pictures}) == MAX_PICTURES


def test_messages_in_english(tmp_path):
    from core.i18n import set_language

    path = tmp_path / "old.doc"
    path.write_bytes(OLE_SIGNATURE + b"\0" * 100)
    set_language("en")
    with pytest.raises(UserError, match="encrypted .password-protected. or an old Word .doc file"):
        docx_to_draft(path)
