"""The Word submission copy (报送稿): every GB/T 9704-2012 fact, read back from the file."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Mm, Pt, Twips

from core.model import Unit
from core.atomic import Cancelled
from exporters.docx_submission import docx_bytes, write_docx
from exporters.registry import ExportSource, WriteOptions
from tests.unit.test_export_support import (NS, attach, docx_xml, jpeg, paragraph_text, run_fonts, run_size,
                                            signed_item, w)

BODY = (
    "一、总体要求",
    "二、工作安排。会议要求各单位做好信息发布审核把关。",
    "（一）加强组织领导",
    "（二）压实工作责任。各单位主要负责人亲自抓。",
    "1. 明确责任分工。",
    "（1）细化任务清单。",
    "11月2日，市政数局召开政务公开工作推进会。",
)


@pytest.fixture
def source(db):
    pic = attach(db, "现场.jpg", jpeg(1600, 1200, exif=True), "image/jpeg", "推进会现场")
    table = attach(db, "参会名单.xlsx", b"xlsx-bytes", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    notes = attach(db, "日程安排.docx", b"docx-bytes", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    item = signed_item(db, body=BODY, content_type="official_document", attachments=(pic, table, notes),
                       elements={"doc_number": "深政数〔2026〕7号", "issuer": "深圳市政务服务数据管理局",
                                 "publish_date": "2026-11-02", "subject_words": "政务公开　推进会",
                                 "author": "李晓梅", "source": "市政数局"})
    from exporters.export_service import load_source

    return load_source(db, item.id)


@pytest.fixture
def doc_path(source, tmp_path):
    path = tmp_path / "copy.docx"
    write_docx([source], path, WriteOptions(now=dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone.utc)))
    return path


def body_paragraphs(path):
    return docx_xml(path).findall(".//w:body/w:p", NS)


def find_paragraph(path, text):
    for p in body_paragraphs(path):
        if paragraph_text(p).startswith(text):
            return p
    raise AssertionError(f"no paragraph starting with {text!r}")


def test_page_size_margins_and_grid(doc_path):
    d = Document(str(doc_path))
    s = d.sections[0]
    assert (s.page_width.twips, s.page_height.twips) == (11906, 16838)
    assert (s.top_margin.twips, s.bottom_margin.twips, s.left_margin.twips, s.right_margin.twips) == (2098, 1984, 1587, 1474)
    assert round(s.top_margin.mm) == 37 and round(s.bottom_margin.mm) == 35
    assert round(s.left_margin.mm) == 28 and round(s.right_margin.mm) == 26
    grid = s._sectPr.find(w("docGrid"))
    assert grid.get(w("type")) == "lines" and grid.get(w("linePitch")) == "579"


def test_normal_style_fonts_size_and_exact_line_spacing(doc_path):
    d = Document(str(doc_path))
    normal = d.styles["Normal"]
    assert normal.font.size == Pt(16)
    rfonts = normal.element.rPr.find(w("rFonts"))
    assert rfonts.get(w("eastAsia")) == "仿宋_GB2312" and rfonts.get(w("ascii")) == "仿宋_GB2312"
    pf = normal.paragraph_format
    assert pf.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert pf.line_spacing == Twips(579) and abs(pf.line_spacing.pt - 28.95) < 0.01
    # document defaults: explicit East Asian font, no theme font that would override it
    styles = docx_xml(doc_path, "word/styles.xml")
    rf = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert rf.get(w("eastAsia")) == "仿宋_GB2312"
    assert not any("Theme" in k or "theme" in k for k in rf.attrib)
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(w("eastAsia")) == "zh-CN"


def test_every_run_sets_its_east_asian_font(doc_path):
    for part in ("word/document.xml", "word/footer1.xml", "word/footer2.xml"):
        root = docx_xml(doc_path, part) if part in _parts(doc_path) else None
        if root is None:
            continue
        for r in root.iter(w("r")):
            if r.find("w:t", NS) is None:
                continue
            fonts = run_fonts(r)
            assert fonts.get("eastAsia"), (part, paragraph_text(r))
            assert fonts["eastAsia"] == fonts.get("ascii") == fonts.get("hAnsi")


def _parts(path):
    with zipfile.ZipFile(path) as zf:
        return zf.namelist()


def test_title_is_2hao_xiaobiaosong_centred(doc_path, source):
    p = find_paragraph(doc_path, source.item.title)
    assert p.find("w:pPr/w:jc", NS).get(w("val")) == "center"
    for r in p.findall("w:r", NS):
        assert run_fonts(r)["eastAsia"] == "方正小标宋简体"
        assert run_size(r) == 22


def test_body_is_3hao_fangsong_indented_two_characters(doc_path):
    p = find_paragraph(doc_path, "11月2日")
    ind = p.find("w:pPr/w:ind", NS)
    assert ind.get(w("firstLineChars")) == "200" and ind.get(w("firstLine")) == "640"
    r = p.find("w:r", NS)
    assert run_fonts(r)["eastAsia"] == "仿宋_GB2312" and run_size(r) == 16


@pytest.mark.parametrize("start,font", [
    ("一、总体要求", "黑体"), ("（一）加强组织领导", "楷体_GB2312"), ("1. 明确责任分工", "仿宋_GB2312"),
    ("（1）细化任务清单", "仿宋_GB2312"),
])
def test_heading_levels(doc_path, start, font):
    p = find_paragraph(doc_path, start)
    first = p.find("w:r", NS)
    assert run_fonts(first)["eastAsia"] == font
    assert p.find("w:pPr/w:ind", NS).get(w("firstLineChars")) == "200"


def test_heading_running_into_text_only_its_first_sentence(doc_path):
    p = find_paragraph(doc_path, "二、工作安排")
    runs = p.findall("w:r", NS)
    assert paragraph_text(runs[0]) == "二、工作安排。" and run_fonts(runs[0])["eastAsia"] == "黑体"
    assert run_fonts(runs[1])["eastAsia"] == "仿宋_GB2312"
    p = find_paragraph(doc_path, "（二）压实工作责任")
    runs = p.findall("w:r", NS)
    assert run_fonts(runs[0])["eastAsia"] == "楷体_GB2312" and run_fonts(runs[1])["eastAsia"] == "仿宋_GB2312"


def test_page_numbers_odd_right_even_left_with_page_field(doc_path):
    d = Document(str(doc_path))
    assert d.settings.odd_and_even_pages_header_footer is True
    s = d.sections[0]
    for footer, align, side in ((s.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                (s.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
        assert not footer.is_linked_to_previous
        p = footer.paragraphs[0]
        assert p.alignment == align
        ind = p._p.pPr.find(w("ind"))
        assert ind.get(w(side)) == "280" and ind.get(w(f"{side}Chars")) == "100"  # one 4号 character
        xml = p._p
        instr = "".join(t.text for t in xml.iter(w("instrText")))
        assert instr.strip() == "PAGE"
        kinds = [f.get(w("fldCharType")) for f in xml.iter(w("fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert p.text.startswith("— ") and p.text.endswith(" —")
        for r in p.runs:
            assert r.font.size == Pt(14)
            assert r._element.rPr.rFonts.get(w("eastAsia")) == "宋体"


def test_elements_in_their_places(doc_path, source):
    texts = [paragraph_text(p) for p in body_paragraphs(doc_path)]
    title_at = texts.index(source.item.title)
    assert texts[0] == "深政数〔2026〕7号" and title_at == 2           # 文号 above the title
    assert texts[title_at + 1] == ""                                   # a blank line below the title
    assert texts[title_at + 2] == "作者：李晓梅\u3000来源：市政数局"     # no 发布日期 here: there is an issuer
    # closing: issuer, then 成文日期 in Arabic digits without leading zeros
    i = texts.index("深圳市政务服务数据管理局")
    assert texts[i + 1] == "2026年11月2日"
    assert texts[i - 1] == ""
    assert texts[-1] == "主题词：政务公开　推进会"
    issuer_p, date_p = find_paragraph(doc_path, "深圳市政务服务数据管理局"), find_paragraph(doc_path, "2026年11月2日")
    assert issuer_p.find("w:pPr/w:jc", NS).get(w("val")) == "right"
    # 12 characters of issuer, 6½ of date (digits are half width): the date's right indent is
    # 5½ characters, so its first character stands two characters right of the issuer's
    assert issuer_p.find("w:pPr/w:ind", NS).get(w("right")) == "640"
    assert date_p.find("w:pPr/w:ind", NS).get(w("right")) == str(int(5.5 * 320))


def test_attachment_note(doc_path):
    texts = [paragraph_text(p) for p in body_paragraphs(doc_path)]
    i = texts.index("附件：1.参会名单")
    assert texts[i + 1] == "2.日程安排" and texts[i - 1] == ""
    first, second = find_paragraph(doc_path, "附件："), find_paragraph(doc_path, "2.日程安排")
    assert first.find("w:pPr/w:ind", NS).get(w("firstLineChars")) == "200"
    assert second.find("w:pPr/w:ind", NS).get(w("left")) == str(5 * 320)


def test_picture_fills_the_type_area_width_with_caption_and_no_exif(doc_path):
    from PIL import Image

    root = docx_xml(doc_path)
    extents = [e for e in root.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")]
    assert len(extents) == 1
    cx, cy = int(extents[0].get("cx")), int(extents[0].get("cy"))
    assert cx == Mm(156) and abs(cy - Mm(117)) <= Mm(0.1)
    texts = [paragraph_text(p) for p in body_paragraphs(doc_path)]
    assert "图1\u3000推进会现场" in texts
    with zipfile.ZipFile(doc_path) as zf:
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
        assert len(media) == 1
        data = zf.read(media[0])
    im = Image.open(io.BytesIO(data))
    assert im.format == "JPEG" and not im.getexif() and b"Exif" not in data[:4096]
    assert max(im.size) <= 1600


def test_core_properties_name_the_unit_not_the_library(doc_path, source):
    cp = Document(str(doc_path)).core_properties
    assert cp.title == source.item.title and cp.author == source.unit.name
    assert "python-docx" not in (cp.author + cp.last_modified_by + cp.comments)


def test_publication_date_under_the_title_without_issuer(db):
    from exporters.export_service import load_source

    item = signed_item(db, elements={"author": "李晓梅", "publish_date": "2026-01-05", "source": "市政数局"})
    data = docx_bytes([load_source(db, item.id)])
    texts = [paragraph_text(p) for p in docx_xml(data).findall(".//w:body/w:p", NS)]
    assert "作者：李晓梅\u3000来源：市政数局\u3000发布日期：2026年1月5日" in texts


def test_combined_document_starts_each_item_on_a_new_page_numbered_from_one(db):
    from exporters.export_service import load_source

    a = signed_item(db, title="第一条信息")
    b = signed_item(db, title="第二条信息")
    data = docx_bytes([load_source(db, a.id), load_source(db, b.id)])
    d = Document(io.BytesIO(data))
    assert len(d.sections) == 2
    second = d.sections[1]
    assert second.start_type == 2  # WD_SECTION.NEW_PAGE
    assert second._sectPr.find(w("pgNumType")).get(w("start")) == "1"
    assert second._sectPr.find(w("docGrid")).get(w("linePitch")) == "579"
    titles = [p.text for p in d.paragraphs if p.text in ("第一条信息", "第二条信息")]
    assert titles == ["第一条信息", "第二条信息"]


def test_unit_profile_elements_as_labelled_paragraphs(db):
    from exporters.export_service import load_source

    item = signed_item(db, title="市政数局机构职能", content_type="unit_profile", body=(),
                       elements={"org_name": "深圳市政务服务数据管理局", "address": "深圳市福田区",
                                 "public_phone": "0755-88120000", "supervision_phone": "0755-88120001",
                                 "email": "zwfw@example.gov.cn", "website": "www.example.gov.cn",
                                 "duties": "负责全市政务服务工作。\n负责政务数据管理。"})
    data = docx_bytes([load_source(db, item.id)])
    texts = [paragraph_text(p) for p in docx_xml(data).findall(".//w:body/w:p", NS)]
    assert "地址：深圳市福田区" in texts
    assert "主要职责：负责全市政务服务工作。" in texts and "负责政务数据管理。" in texts


def test_cancel_leaves_no_file(source, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(Cancelled):
        write_docx([source], out / "x.docx", WriteOptions(), cancelled=lambda: True)
    calls = iter([False, False, True])  # cancelled half-way, while the document is being built
    with pytest.raises(Cancelled):
        write_docx([source, source], out / "x.docx", WriteOptions(), cancelled=lambda: next(calls, True))
    assert list(out.iterdir()) == []


def test_progress_reports_each_item(source):
    seen = []
    docx_bytes([source, source], progress=lambda d, t: seen.append((d, t)))
    assert seen == [(1, 2), (2, 2)]


def test_source_without_database(tmp_path):
    """Exporters take domain objects: no database needed."""
    from core.hashing import content_hash
    from core.model import SignOff
    from tests.conftest import make_item

    item = make_item(id="x1", state="signed_off")
    item = item.replace(signed_hash=content_hash(item))
    so = SignOff("x1", "王建国", dt.datetime(2026, 11, 20, 9, tzinfo=dt.timezone.utc), content_hash(item), 1)
    src = ExportSource(item, Unit("测试局", "inbox@example.gov.cn"), signoff=so)
    assert src.signed
    write_docx([src], tmp_path / "a.docx")
    assert Document(str(tmp_path / "a.docx")).paragraphs[0].text == item.title


def test_elements_under_the_title_wrap_between_elements_not_inside_one():
    from exporters.docx_submission import pack_line

    parts = ["作者：李晓梅", "来源：深圳市政务服务数据管理局", "发布日期：2026年11月20日"]
    assert pack_line(parts) == ["作者：李晓梅\u3000来源：深圳市政务服务数据管理局", "发布日期：2026年11月20日"]
    assert pack_line(["作者：甲", "来源：乙"]) == ["作者：甲\u3000来源：乙"]
    assert pack_line([]) == []


def test_no_stray_template_parts_or_metadata(doc_path):
    from tests.unit.test_export_support import docx_parts

    parts = docx_parts(doc_path)
    assert not any(p.startswith(("customXml/", "docProps/thumbnail", "docProps/app")) for p in parts)
    assert "word/stylesWithEffects.xml" not in parts
    settings = docx_xml(doc_path, "word/settings.xml")
    assert settings.find("w:characterSpacingControl", NS).get(w("val")) == "compressPunctuation"
    assert settings.find("w:evenAndOddHeaders", NS) is not None
