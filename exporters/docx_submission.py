"""The Word submission copy (报送稿) after GB/T 9704-2012 党政机关公文格式.

Page: A4 (11906 × 16838 twips); margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (type
area 156 × 225 mm); 22 lines of exactly 28.95 pt (``<w:docGrid w:type="lines" w:linePitch="579"/>``).
Text: title 2号 (22 pt) 方正小标宋简体, centred, a blank line below; body 3号 (16 pt) 仿宋_GB2312,
first line indented two characters (``w:firstLineChars="200"`` and 640 twips for programs that
ignore character units); headings "一、" in 黑体 and "（一）" in 楷体_GB2312 ("1." and "（1）" stay
仿宋). Page numbers "— 1 —" in 4号 (14 pt) 宋体: odd pages right with one character of space,
even pages left (odd and even footers, a PAGE field).

python-docx writes only ``w:ascii``/``w:hAnsi`` for a font name; Word then shows Chinese in
its default East Asian font. Every font here is also set through ``w:eastAsia`` (python-docx
issues #154, #329): on each run, on the styles and on the document defaults.

Where the elements go: 文号 centred above the title; 作者/来源 (and 发布日期 when there is no
issuing body) centred in 楷体 under the title; other elements (机构信息, 办事指南 …) as labelled
paragraphs after the body; pictures (EXIF removed, 156 mm wide at most) with captions; 附件说明
a blank line below, indented two characters; 发布机构 and 成文日期 (Arabic digits, no leading
zeros) as the closing lines after 7.3.5.2; 主题词 last.
"""
from __future__ import annotations

import datetime as dt
import functools
import io
import re
import unicodedata
from pathlib import Path
from typing import Sequence

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, Twips

from core import clock
from core.content_types import registry
from core.atomic import Cancelled, atomic_write, never_cancelled, no_progress
from exporters.registry import (ExportFormat, ExportSource, WriteOptions, cn_date, combined_stem, element_rows,
                                prefetch_pictures, processed_picture)
from exporters.text import attachment_stem

# ------------------------------------------------------------------ the standard's numbers
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838  # twips, A4
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 2098, 1984, 1587, 1474  # 37, 35, 28, 26 mm
LINE_PITCH = 579  # twips = 28.95 pt: 22 lines in the 225 mm type area
TYPE_AREA_WIDTH_MM = 156
PICTURE_MAX_HEIGHT_MM = 180
FOOTER_DISTANCE = Mm(25)  # the page number's dash line sits about 7 mm below the type area

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
TITLE_SIZE = Pt(22)   # 2号
BODY_SIZE = Pt(16)    # 3号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
CHAR = 320  # twips of one 3号 character (16 pt)

HEADING1 = re.compile(r"^[一二三四五六七八九十百零〇]+、")
HEADING2 = re.compile(r"^[（(][一二三四五六七八九十百零〇]+[）)]")
#: Elements with a fixed place (not repeated as labelled paragraphs).
PLACED = ("doc_number", "author", "source", "publish_date", "issuer", "subject_words")
UNDER_TITLE = ("author", "source", "publish_date")


# --------------------------------------------------------------------------- XML
#: Child order of w:pPr and w:rPr in the OOXML schema (as python-docx's CT_PPr/CT_RPr).
PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)
RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
    "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden",
    "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)


def child(parent, tag: str, **attrs: str):
    """The ``tag`` child of a w:pPr or w:rPr, created in the order the schema demands (Word
    refuses a file whose elements are out of order), with ``attrs`` (w: names) set."""
    el = parent.find(qn(tag))
    if el is None:
        seq = PPR_ORDER if parent.tag == qn("w:pPr") else RPR_ORDER
        el = OxmlElement(tag)
        successors = seq[seq.index(tag) + 1:]
        parent.insert_element_before(el, *successors)
    for name, value in attrs.items():
        el.set(qn(f"w:{name}"), value)
    return el


#: Characters XML 1.0 cannot hold (python-docx refuses them): C0 controls other than tab, LF
#: and CR, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters a Word file cannot contain."""
    return _NOT_XML.sub("", text or "")


def no_autospace(paragraph) -> None:
    """No extra space between Chinese and Latin/digits, so that 落款 and 附件说明 line up."""
    ppr = paragraph._p.get_or_add_pPr()
    child(ppr, "w:autoSpaceDE", val="0")
    child(ppr, "w:autoSpaceDN", val="0")


# --------------------------------------------------------------------------- fonts
def set_fonts(rpr, name: str) -> None:
    """Set ``name`` for ASCII, high ANSI, complex script and East Asian text of ``rpr`` (a w:rPr)."""
    rfonts = child(rpr, "w:rFonts")
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def style_run(run, font: str, size: Pt | None = None, bold: bool | None = None, colour: str | None = None) -> None:
    run.font.name = font
    set_fonts(run._element.get_or_add_rPr(), font)
    if size is not None:
        run.font.size = size
        # complex-script size too, so every kind of text gets it
        child(run._element.get_or_add_rPr(), "w:szCs", val=str(int(size.pt * 2)))
    if bold is not None:
        run.font.bold = bold
    if colour is not None:
        from docx.shared import RGBColor

        run.font.color.rgb = RGBColor.from_string(colour)


def style_fonts(style, font: str, size: Pt) -> None:
    style.font.name = font
    set_fonts(style.element.get_or_add_rPr(), font)
    style.font.size = size


def exact_spacing(paragraph_format, pitch_twips: int = LINE_PITCH) -> None:
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = Twips(pitch_twips)
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)


def indent_chars(paragraph, first_line: int = 0, left: float = 0, right: float = 0, size_twips: int = CHAR) -> None:
    """Indents in characters (w:…Chars in hundredths) with twip values as a fallback."""
    pf = paragraph.paragraph_format
    pf.first_line_indent = Twips(round(first_line * size_twips)) if first_line else None
    pf.left_indent = Twips(round(left * size_twips)) if left else None
    pf.right_indent = Twips(round(right * size_twips)) if right else None
    ind = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
    if ind is None:
        return
    if first_line:
        ind.set(qn("w:firstLineChars"), str(round(first_line * 100)))
    if left:
        ind.set(qn("w:leftChars"), str(round(left * 100)))
    if right:
        ind.set(qn("w:rightChars"), str(round(right * 100)))


def text_width_chars(text: str) -> float:
    """Width of ``text`` in 3号 characters: CJK and full-width count 1, half-width digits ½."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


# ----------------------------------------------------------------------- the base document
def _page_number_paragraph(footer, align, side: str) -> None:
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    for r in list(p.runs):
        r._element.getparent().remove(r._element)
    p.alignment = align
    pf = p.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    # one character (4号, 14 pt = 280 twips) of space from the edge
    if side == "right":
        indent_chars(p, right=1, size_twips=280)
    else:
        indent_chars(p, left=1, size_twips=280)
    child(p._p.get_or_add_pPr(), "w:snapToGrid", val="0")

    def run(text: str | None = None):
        r = p.add_run(text)
        style_run(r, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        return r

    run("— ")
    begin = run()
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), "begin")
    begin._element.append(fld)
    instr_run = run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    instr_run._element.append(instr)
    sep = run()
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), "separate")
    sep._element.append(fld)
    run("1")
    end = run()
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), "end")
    end._element.append(fld)
    run(" —")


def setup_section(section) -> None:
    """A4, the standard's margins, the 28.95 pt line grid, odd/even page numbers."""
    section.page_width = Twips(PAGE_WIDTH)
    section.page_height = Twips(PAGE_HEIGHT)
    section.top_margin = Twips(MARGIN_TOP)
    section.bottom_margin = Twips(MARGIN_BOTTOM)
    section.left_margin = Twips(MARGIN_LEFT)
    section.right_margin = Twips(MARGIN_RIGHT)
    section.header_distance = Mm(15)
    section.footer_distance = FOOTER_DISTANCE
    section.gutter = Twips(0)
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    for attr in list(grid.attrib):
        del grid.attrib[attr]
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH))
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False
    _page_number_paragraph(section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right")
    _page_number_paragraph(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")


def _set_defaults(document) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, BODY_FONT)
    child(rpr, "w:sz", val="32")
    child(rpr, "w:szCs", val="32")
    child(rpr, "w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    spacing.attrib.clear()
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(LINE_PITCH))
    spacing.set(qn("w:lineRule"), "exact")

    normal = document.styles["Normal"]
    style_fonts(normal, BODY_FONT, BODY_SIZE)
    exact_spacing(normal.paragraph_format)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.widow_control = False
    for name in ("Footer", "Header"):
        style_fonts(document.styles[name], PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    document.settings.odd_and_even_pages_header_footer = True


#: Styles the exports use; the template's other ~150 styles (and its latent styles) are dropped.
KEEP_STYLES = ("Normal", "DefaultParagraphFont", "TableNormal", "NoList", "Header", "HeaderChar", "Footer",
               "FooterChar", "TableGrid")
_DROP_PART_TYPES = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
    # docProps/app.xml of the template says "Microsoft Macintosh Word", one page, no words
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
)


def slim(document) -> None:
    """Drop what python-docx's template carries but no export needs: the Word 2010 copy of the
    styles (438 KB), custom XML, the template's thumbnail picture, unused and latent styles.
    Smaller files, and about four times less XML to parse and compress per document."""
    for rels in (document.part.rels, document.part.package.rels):
        for rId, rel in list(rels.items()):
            if rel.reltype in _DROP_PART_TYPES:
                del rels[rId]
    settings = document.settings.element
    preview = settings.find(qn("w:savePreviewPicture"))
    if preview is not None:
        settings.remove(preview)
    # 标点挤压 as Chinese Word sets it: punctuation compressed, closer to 28 characters a line
    spacing = settings.find(qn("w:characterSpacingControl"))
    if spacing is not None:
        spacing.set(qn("w:val"), "compressPunctuation")
    styles = document.styles.element
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    for style in list(styles.iterchildren(qn("w:style"))):
        if style.get(qn("w:styleId")) not in KEEP_STYLES:
            styles.remove(style)


@functools.lru_cache(maxsize=1)
def _base_bytes() -> bytes:
    document = Document()
    _set_defaults(document)
    setup_section(document.sections[0])
    slim(document)
    # the template's only paragraph would be an empty first line
    body = document.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def new_document():
    """A document set up after GB/T 9704 (A4, margins, grid, fonts, page numbers), empty."""
    return Document(io.BytesIO(_base_bytes()))


def set_properties(document, title: str, author: str, when: dt.datetime, subject: str = "") -> None:
    """Core properties that say what the file is, and nothing about who made it with what."""
    cp = document.core_properties
    cp.title = xml_text(title)[:250]
    cp.author = xml_text(author)[:250]
    cp.last_modified_by = xml_text(author)[:250]
    cp.subject = subject
    cp.comments = ""
    cp.keywords = ""
    cp.category = ""
    cp.revision = 1
    naive = when.astimezone(dt.timezone.utc).replace(tzinfo=None) if when.tzinfo else when
    cp.created = naive
    cp.modified = naive
    cp.last_printed = naive


# ------------------------------------------------------------------------ paragraphs
def add_text(document, text: str, font: str = BODY_FONT, size: Pt = BODY_SIZE, align=None, first_line: int = 0,
             bold: bool | None = None):
    p = document.add_paragraph()
    if align is not None:
        p.alignment = align
    if first_line:
        indent_chars(p, first_line=first_line)
    text = xml_text(text)
    if text:
        style_run(p.add_run(text), font, size, bold)
    return p


def add_blank(document):
    return document.add_paragraph()


def heading_font(text: str) -> str | None:
    if HEADING1.match(text):
        return HEADING1_FONT
    if HEADING2.match(text):
        return HEADING2_FONT
    return None


def add_body_paragraph(document, text: str):
    """A body paragraph, indented two characters; a heading "一、…"/"（一）…" in its font. When
    the heading runs on into text in the same paragraph, only its first sentence takes it."""
    p = document.add_paragraph()
    indent_chars(p, first_line=2)
    text = xml_text(text)
    font = heading_font(text)
    if font is None:
        style_run(p.add_run(text), BODY_FONT, BODY_SIZE)
        return p
    cut = text.find("。")
    head, rest = (text[:cut + 1], text[cut + 1:]) if 0 <= cut < len(text) - 1 else (text, "")
    style_run(p.add_run(head), font, BODY_SIZE)
    if rest:
        style_run(p.add_run(rest), BODY_FONT, BODY_SIZE)
    return p


def _picture_size(width: int, height: int) -> tuple[Emu, Emu]:
    w = Mm(TYPE_AREA_WIDTH_MM)
    h = Emu(int(w * height / max(width, 1)))
    if h > Mm(PICTURE_MAX_HEIGHT_MM):
        h = Mm(PICTURE_MAX_HEIGHT_MM)
        w = Emu(int(h * width / max(height, 1)))
    return Emu(int(w)), Emu(int(h))


def add_picture(document, data: bytes, width: int, height: int, caption: str) -> None:
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pf = p.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    w, h = _picture_size(width, height)
    p.add_run().add_picture(io.BytesIO(data), width=w, height=h)
    cap = add_text(document, caption, HEADING2_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    cap.paragraph_format.keep_together = True


def add_closing(document, issuer: str, date: str) -> None:
    """发文机关署名 and 成文日期 (GB/T 9704 7.3.5.2, no seal): a blank line below the text, the
    issuer two characters from the right, the date on the next line with its first character
    two characters right of the issuer's; a longer date sits two from the right instead."""
    issuer_w, date_w = text_width_chars(issuer), text_width_chars(date)
    if not issuer:
        issuer_right, date_right = 0.0, 2.0
    else:
        date_right = issuer_w - date_w
        issuer_right = 2.0
        if date_right < 2:
            date_right = 2.0
            issuer_right = 4 + date_w - issuer_w
    add_blank(document)
    if issuer:
        p = add_text(document, issuer, align=WD_ALIGN_PARAGRAPH.RIGHT)
        indent_chars(p, right=issuer_right)
        no_autospace(p)
    if date:
        p = add_text(document, date, align=WD_ALIGN_PARAGRAPH.RIGHT)
        indent_chars(p, right=date_right)
        no_autospace(p)


#: Characters of 3号 text on one line of the 156 mm type area (LibreOffice fits 27, Word 28).
LINE_CHARS = 26


def pack_line(parts: Sequence[str], width: float = LINE_CHARS) -> list[str]:
    """``parts`` joined by an ideographic space, as few lines as fit, never breaking a part."""
    lines: list[str] = []
    for part in parts:
        if lines and text_width_chars(lines[-1]) + 1 + text_width_chars(part) <= width:
            lines[-1] += "\u3000" + part
        else:
            lines.append(part)
    return lines


def add_item(document, source: ExportSource, options: WriteOptions, cancelled=never_cancelled) -> None:
    """One item: 文号, title, elements, body, pictures, 附件说明, closing, 主题词."""
    item = source.item
    el = {k: v.strip() for k, v in item.elements.items() if v and v.strip()}
    doc_number = el.get("doc_number", "")
    issuer = el.get("issuer", "")
    if doc_number:
        add_text(document, doc_number, align=WD_ALIGN_PARAGRAPH.CENTER)
        add_blank(document)
    title = add_text(document, " ".join(xml_text(item.title).split()), TITLE_FONT, TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    title.paragraph_format.keep_with_next = True
    # one grid line, as in Word: without this LibreOffice/WPS give a 22 pt line two rows of the
    # 28.95 pt grid whenever the substitute font's line height exceeds the pitch
    child(title._p.get_or_add_pPr(), "w:snapToGrid", val="0")
    add_blank(document)
    under = []
    for code in UNDER_TITLE:
        if code == "publish_date" and issuer:
            continue
        if code in el:
            value = cn_date(el[code]) if code == "publish_date" else el[code]
            under.append(f"{registry().element(code).name}：{value}")
    for line in pack_line(under):
        add_text(document, line, HEADING2_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    for para in item.body:
        para = para.strip()
        if para:
            add_body_paragraph(document, para)
    for _code, name, value in element_rows(source, skip=PLACED):
        lines = [ln.strip() for ln in xml_text(value).splitlines() if ln.strip()]
        p = document.add_paragraph()
        indent_chars(p, first_line=2)
        style_run(p.add_run(f"{name}："), HEADING1_FONT, BODY_SIZE)
        style_run(p.add_run(lines[0] if lines else ""), BODY_FONT, BODY_SIZE)
        for extra in lines[1:]:
            add_body_paragraph(document, extra)
    pictures = [a for a in item.attachments if a.is_picture]
    for i, att in enumerate(pictures, 1):
        if cancelled():
            raise Cancelled()
        pic = processed_picture(source, att, options.pictures)
        caption = f"图{i}　{att.caption.strip()}" if att.caption.strip() else f"图{i}"
        add_picture(document, pic.data, pic.width, pic.height, caption)
    others = [a for a in item.attachments if not a.is_picture]
    if others:
        add_blank(document)
        # GB/T 9704 7.3.4: "附件：" indented two characters, several numbered 1. 2. … and aligned
        if len(others) == 1:
            no_autospace(add_text(document, f"附件：{attachment_stem(others[0].name)}", first_line=2))
        else:
            for i, att in enumerate(others, 1):
                if i == 1:
                    p = add_text(document, f"附件：{i}.{attachment_stem(att.name)}", first_line=2)
                else:
                    p = add_text(document, f"{i}.{attachment_stem(att.name)}")
                    indent_chars(p, left=5)
                no_autospace(p)
    date = cn_date(el.get("publish_date", "")) if issuer else ""
    if issuer or date:
        add_closing(document, issuer, date)
    if el.get("subject_words"):
        add_blank(document)
        p = document.add_paragraph()
        style_run(p.add_run("主题词："), HEADING1_FONT, BODY_SIZE)
        style_run(p.add_run(xml_text(el["subject_words"])), TITLE_FONT, BODY_SIZE)


def _new_item_section(document) -> None:
    """Start the next item on a new page, numbered from 1 again."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    sect = section._sectPr
    pg = sect.find(qn("w:pgNumType"))
    if pg is None:
        pg = OxmlElement("w:pgNumType")
        grid = sect.find(qn("w:docGrid"))
        (grid.addprevious if grid is not None else sect.append)(pg)
    pg.set(qn("w:start"), "1")


def build_document(sources: Sequence[ExportSource], options: WriteOptions | None = None,
                   progress=no_progress, cancelled=never_cancelled):
    """The submission copy of one or several items (each from a new page) as a python-docx Document."""
    options = options or WriteOptions()
    document = new_document()
    prefetch_pictures(sources, options.pictures, cancelled)
    total = len(sources)
    for i, source in enumerate(sources):
        if cancelled():
            raise Cancelled()
        if i:
            _new_item_section(document)
        add_item(document, source, options, cancelled)
        progress(i + 1, total)
    first = sources[0]
    when = options.now or (first.signoff.signed_at if first.signoff else None) or clock.now()
    title = first.item.title if total == 1 else combined_stem(sources, "报送稿")
    set_properties(document, title, first.unit.name or first.item.unit, when, subject="报送稿")
    return document


def docx_bytes(sources: Sequence[ExportSource], options: WriteOptions | None = None,
               progress=no_progress, cancelled=never_cancelled) -> bytes:
    buf = io.BytesIO()
    build_document(sources, options, progress, cancelled).save(buf)
    return buf.getvalue()


def write_docx(sources: Sequence[ExportSource], path: Path, options: WriteOptions | None = None,
               progress=no_progress, cancelled=never_cancelled) -> None:
    document = build_document(sources, options, progress, cancelled)
    if cancelled():
        raise Cancelled()
    with atomic_write(path) as fh:
        document.save(fh)


FORMAT = ExportFormat(code="docx", extension=".docx", write=write_docx, stem=lambda s: combined_stem(s))
