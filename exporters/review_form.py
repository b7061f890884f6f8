"""The review and sign-off form (信息发布保密审查审批单), one per item, as .docx.

What the local forms ask (see shared/domain/FORMATS.md): unit, title, column, content type,
drafter, planned publication (channel 政府网站, date); every question of the confidentiality
checklist with its answer; the automatic scan's summary; overrides with their written
justifications; the supervising leader's opinion, name, date and time; and the content hash
the sign-off certifies. A table on one A4 page where it fits.

A queued item (self-reviewed, not yet signed off) may be printed for the leader to sign on
paper: its form says 未签发 in red at the top and in the sign-off cells.
"""
from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Sequence

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from core import clock
from core.errors import UserError
from core.hashing import content_hash
from core.atomic import Cancelled, atomic_write, never_cancelled, no_progress
from exporters.docx_submission import (BODY_FONT, HEADING1_FONT, TITLE_FONT, _set_defaults, set_properties, slim, xml_text,
                                       style_fonts, style_run)
from exporters.registry import ExportFormat, ExportSource, WriteOptions, cn_date, cn_datetime, combined_stem

FORM_TITLE = "信息发布保密审查审批单"
UNSIGNED = "未签发"
CHANNEL = "政府网站"
CELL_SIZE = Pt(10.5)   # 五号
LABEL_FONT = HEADING1_FONT
HASH_FONT = "Courier New"
ANSWERS = {"yes": "是", "no": "否", "na": "不适用"}
SEVERITY_NAMES = {"block": "拦截", "warn": "警示", "info": "提示"}
MAX_FINDINGS_LISTED = 8
#: Column widths (mm) of the three tables; each adds up to the 156 mm type area.
INFO_WIDTHS = (26, 52, 26, 52)
CHECK_WIDTHS = (12, 120, 24)
SIGN_WIDTHS = (30, 126)


@functools.lru_cache(maxsize=1)
def _base_bytes() -> bytes:
    document = Document()
    _set_defaults(document)
    document.settings.odd_and_even_pages_header_footer = False
    normal = document.styles["Normal"]
    style_fonts(normal, BODY_FONT, CELL_SIZE)
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.alignment = WD_ALIGN_PARAGRAPH.LEFT
    defaults = document.styles.element.find(qn("w:docDefaults"))
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")
    section = document.sections[0]
    _setup_form_section(section)
    slim(document)
    body = document.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _setup_form_section(section) -> None:
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(15)
    section.left_margin = Mm(28)
    section.right_margin = Mm(26)
    section.header_distance = Mm(12)
    section.footer_distance = Mm(10)


def _cell(cell, text: str, font: str = BODY_FONT, size: Pt = CELL_SIZE, bold: bool | None = None,
          align=WD_ALIGN_PARAGRAPH.LEFT, colour: str | None = None) -> None:
    """Put ``text`` (lines become paragraphs) into ``cell``."""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    text = xml_text(text)
    lines = text.split("\n") if text else [""]
    first = cell.paragraphs[0]
    for i, line in enumerate(lines):
        p = first if i == 0 else cell.add_paragraph()
        p.alignment = align
        p.paragraph_format.space_before = Pt(0)
        p.paragraph_format.space_after = Pt(0)
        if line:
            style_run(p.add_run(line), font, size, bold, colour)


def _label(cell, text: str) -> None:
    _cell(cell, text, LABEL_FONT, align=WD_ALIGN_PARAGRAPH.CENTER)


def _table(document, rows: int, widths_mm: Sequence[int]):
    table = document.add_table(rows=rows, cols=len(widths_mm))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for row in table.rows:
        row.height = Mm(6.5)
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(int(Mm(w).twips)))
    # keep each row on one page
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        if tr_pr.find(qn("w:cantSplit")) is None:
            tr_pr.insert_element_before(OxmlElement("w:cantSplit"), "w:trHeight", "w:tblHeader", "w:tblCellSpacing",
                                        "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
    return table


def _checklist():
    """The checklist (question texts); None when it cannot be read — ids are shown then."""
    try:
        from core.review.checklist import load_checklist

        return load_checklist()
    except (ImportError, UserError):
        return None


def _scan_summary(source: ExportSource) -> str:
    review = source.review
    if review is None:
        return "未进行自查。"
    findings = list(review.findings)
    if not findings:
        return "未发现密级标志、个人信息或敏感词语。"
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_NAMES}
    lines = ["；".join(f"{SEVERITY_NAMES[s]}{n}项" for s, n in counts.items() if n) + "。"]
    shown = [f for f in findings if f.severity in ("block", "warn")][:MAX_FINDINGS_LISTED]
    for f in shown:
        where = "" if f.target == "text" else f"〔{f.target}〕"
        lines.append(f"· [{SEVERITY_NAMES.get(f.severity, f.severity)}]{where}{f.message}")
    rest = sum(1 for f in findings if f.severity in ("block", "warn")) - len(shown)
    if rest > 0:
        lines.append(f"……另有{rest}项")
    return "\n".join(lines)


def _overrides(source: ExportSource) -> str:
    review = source.review
    if review is None or not review.overrides:
        return "无"
    lines = []
    for o in review.overrides:
        where = "" if o.target == "text" else f"〔{o.target}〕"
        lines.append(f"· {o.rule}{where}「{o.text}」：{o.justification}（{o.by}，{cn_datetime(o.at)}）")
    return "\n".join(lines)


def _planned_date(source: ExportSource) -> str:
    item = source.item
    return cn_date(item.elements.get("publish_date", "")) or cn_date(item.event_date) or "—"


def add_form(document, source: ExportSource, options: WriteOptions) -> None:
    item = source.item
    signed = source.signed
    so = source.signoff if signed else None
    review = source.review

    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(4)
    style_run(p.add_run(FORM_TITLE), TITLE_FONT, Pt(22))
    if not signed:
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(4)
        style_run(p.add_run(f"【{UNSIGNED}】本单所列信息尚未经分管领导签发，不得据此发布"), LABEL_FONT, Pt(14),
                  bold=True, colour="C00000")
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p.paragraph_format.space_after = Pt(3)
    style_run(p.add_run(f"编号：{item.id[:8]}"), BODY_FONT, CELL_SIZE)

    # --- the item
    column = source.column.path if source.column else item.column_id
    attachments = "、".join(a.name for a in item.attachments) or "无"
    info = _table(document, 6, INFO_WIDTHS)
    r = info.rows
    _label(r[0].cells[0], "报送单位")
    _cell(r[0].cells[1], source.unit.name or item.unit)
    _label(r[0].cells[2], "信息类型")
    _cell(r[0].cells[3], source.type_label)
    for row, label, value in ((1, "信息标题", item.title), (2, "栏目", column), (5, "附件及图片", attachments)):
        _label(r[row].cells[0], label)
        merged = r[row].cells[1].merge(r[row].cells[3])
        _cell(merged, value, bold=(row == 1) or None)
    _label(r[3].cells[0], "拟稿人")
    _cell(r[3].cells[1], item.created_by)
    _label(r[3].cells[2], "拟稿时间")
    _cell(r[3].cells[3], cn_datetime(item.created_at) if item.created_at else "—")
    _label(r[4].cells[0], "拟发布渠道")
    _cell(r[4].cells[1], CHANNEL)
    _label(r[4].cells[2], "拟发布日期")
    _cell(r[4].cells[3], _planned_date(source))

    # --- the checklist
    checklist = _checklist()
    answers = {a.question_id: a for a in (review.answers if review else ())}
    questions: list[tuple[str, str]] = []
    if checklist is not None:
        questions = [(q.id, q.question) for q in checklist.items]
    known = {qid for qid, _ in questions}
    questions += [(qid, qid) for qid in answers if qid not in known]
    check = _table(document, len(questions) + 2, CHECK_WIDTHS)
    _label(check.rows[0].cells[0], "序号")
    _label(check.rows[0].cells[1], "保密审查事项")
    _label(check.rows[0].cells[2], "结论")
    for i, (qid, question) in enumerate(questions, 1):
        row = check.rows[i]
        _cell(row.cells[0], str(i), align=WD_ALIGN_PARAGRAPH.CENTER)
        a = answers.get(qid)
        text = question + (f"\n（说明：{a.note}）" if a is not None and a.note.strip() else "")
        _cell(row.cells[1], text)
        _cell(row.cells[2], ANSWERS.get(a.answer, a.answer) if a else "未答", align=WD_ALIGN_PARAGRAPH.CENTER,
              bold=(a is None or a.answer == "no") or None)
    last = check.rows[len(questions) + 1]
    merged = last.cells[0].merge(last.cells[2])
    if review is not None:
        version = review.checklist_version or (checklist.version if checklist else "")
        _cell(merged, f"自查人：{review.reviewed_by}　　自查时间：{cn_datetime(review.reviewed_at)}　　清单版本：{version}")
    else:
        _cell(merged, "未进行自查。", bold=True)

    # --- scan, overrides, sign-off, hash
    sign = _table(document, 4, SIGN_WIDTHS)
    rows = sign.rows
    _label(rows[0].cells[0], "自动检查结果")
    _cell(rows[0].cells[1], _scan_summary(source))
    _label(rows[1].cells[0], "放行说明")
    _cell(rows[1].cells[1], _overrides(source))
    _label(rows[2].cells[0], "分管领导\n审查签发意见")
    if so is not None:
        _cell(rows[2].cells[1], f"{so.comment.strip() or '同意发布。'}\n\n签发人：{so.signer}　　签发时间：{cn_datetime(so.signed_at)}")
    else:
        _cell(rows[2].cells[1], f"{UNSIGNED}\n\n签发人：　　　　　　　　签发时间：　　　年　　月　　日", colour="C00000")
        rows[2].height = Mm(24)  # room to sign by hand
    _label(rows[3].cells[0], "内容校验码\n（SHA-256）")
    h = content_hash(item)
    note = "与签发记录一致" if signed else "尚未签发"
    _cell(rows[3].cells[1], h, HASH_FONT, Pt(8))
    rows[3].cells[1].add_paragraph()
    style_run(rows[3].cells[1].paragraphs[-1].add_run(f"（{note}；发布内容改动后校验码随之改变，签发即失效）"), BODY_FONT, Pt(9))

    when = options.now or clock.now()
    p = document.add_paragraph()
    p.paragraph_format.space_before = Pt(4)
    style_run(p.add_run(f"本单由政务信息报送助手生成于{cn_datetime(when)}。"), BODY_FONT, Pt(9))


def build_document(sources: Sequence[ExportSource], options: WriteOptions | None = None,
                   progress=no_progress, cancelled=never_cancelled):
    options = options or WriteOptions()
    document = Document(io.BytesIO(_base_bytes()))
    for i, source in enumerate(sources):
        if cancelled():
            raise Cancelled()
        if i:
            _setup_form_section(document.add_section(WD_SECTION.NEW_PAGE))
        add_form(document, source, options)
        progress(i + 1, len(sources))
    first = sources[0]
    when = options.now or clock.now()
    title = f"{FORM_TITLE}：{first.item.title}" if len(sources) == 1 else combined_stem(sources, "审批单")
    set_properties(document, title, first.unit.name or first.item.unit, when, subject=FORM_TITLE)
    return document


def write_form(sources: Sequence[ExportSource], path: Path, options: WriteOptions | None = None,
               progress=no_progress, cancelled=never_cancelled) -> None:
    document = build_document(sources, options, progress, cancelled)
    if cancelled():
        raise Cancelled()
    with atomic_write(path) as fh:
        document.save(fh)


FORMAT = ExportFormat(code="form", extension=".docx", write=write_form, stem=lambda s: combined_stem(s, "审批单"),
                      needs_signoff=False)
