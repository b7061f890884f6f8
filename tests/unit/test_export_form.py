"""The review and sign-off form (信息发布保密审查审批单), read back with python-docx."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from core.hashing import content_hash
from core.model import Finding, Override
from core.review.checklist import load_checklist
from exporters.export_service import load_source
from exporters.review_form import build_document
from exporters.registry import WriteOptions
from tests.unit.test_export_support import OFFICER, full_review, queued_item, signed_item

NOW = dt.datetime(2026, 11, 22, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def form_text(source) -> tuple[Document, str, list[list[str]]]:
    buf = io.BytesIO()
    build_document([source], WriteOptions(now=NOW)).save(buf)
    doc = Document(io.BytesIO(buf.getvalue()))
    rows = []
    for table in doc.tables:
        for row in table.rows:
            cells = []
            for c in row.cells:
                if not cells or c.text != cells[-1]:  # merged cells repeat
                    cells.append(c.text)
            rows.append(cells)
    text = "\n".join(p.text for p in doc.paragraphs) + "\n" + "\n".join("|".join(r) for r in rows)
    return doc, text, rows


def test_signed_form_contents(db):
    item = signed_item(db, comment="同意在政府网站发布。")
    doc, text, rows = form_text(load_source(db, item.id))
    assert doc.paragraphs[0].text == "信息发布保密审查审批单"
    assert "未签发" not in text
    assert ["报送单位", "测试局", "信息类型", "工作动态"] in rows
    assert ["信息标题", item.title] in rows
    assert ["栏目", "工作动态"] in rows
    assert ["拟稿人", "李晓梅", "拟稿时间", rows[3][3]] in rows and rows[3][3].startswith("20")
    assert ["拟发布渠道", "政府网站", "拟发布日期", "2026年11月20日"] in rows
    # every checklist question with its answer
    checklist = load_checklist()
    for q in checklist.items:
        row = next(r for r in rows if len(r) == 3 and r[1].startswith(q.question))
        assert row[2] == "是"
    assert any(r[0].startswith(f"自查人：{OFFICER}") for r in rows)
    so = db.current_signoff(item.id)
    opinion = next(r for r in rows if r[0].startswith("分管领导"))
    assert "同意在政府网站发布。" in opinion[1]
    assert "签发人：王建国" in opinion[1]
    assert f"{so.signed_at.year}年{so.signed_at.month}月{so.signed_at.day}日 {so.signed_at:%H:%M}" in opinion[1]
    hash_row = next(r for r in rows if r[0].startswith("内容校验码"))
    assert content_hash(item) in hash_row[1] and "与签发记录一致" in hash_row[1]
    assert next(r for r in rows if r[0] == "自动检查结果")[1].startswith("未发现")
    assert next(r for r in rows if r[0] == "放行说明")[1] == "无"


def test_queued_form_is_marked_unsigned(db):
    item = queued_item(db)
    doc, text, rows = form_text(load_source(db, item.id))
    assert "未签发" in doc.paragraphs[1].text
    red = doc.paragraphs[1].runs[0].font.color.rgb
    assert str(red) == "C00000"
    opinion = next(r for r in rows if r[0].startswith("分管领导"))
    assert opinion[1].startswith("未签发") and "王建国" not in opinion[1]
    assert "尚未签发" in next(r for r in rows if r[0].startswith("内容校验码"))[1]


def test_findings_and_overrides_listed(db):
    item = queued_item(db)
    f1 = Finding("pii.mobile", "block", 0, 11, "13812345678", "正文含手机号码，请打码后再报送。", masked="138****5678")
    f2 = Finding("wordlist.internal", "warn", 0, 4, "内部资料", "正文含“内部资料”字样。")
    f3 = Finding("info.x", "info", 0, 1, "x", "提示信息。")
    ov = Override("pii.mobile", "13812345678", "该号码为单位公开的服务热线，已在官网公布。", OFFICER, NOW)
    db.save_review(full_review(item.id, content_hash(item), findings=(f1, f2, f3), overrides=(ov,)), OFFICER)
    _doc, _text, rows = form_text(load_source(db, item.id))
    scan = next(r for r in rows if r[0] == "自动检查结果")[1]
    assert scan.startswith("拦截1项；警示1项；提示1项")
    assert "正文含手机号码，请打码后再报送。" in scan and "正文含“内部资料”字样。" in scan
    overrides = next(r for r in rows if r[0] == "放行说明")[1]
    assert "pii.mobile" in overrides and "该号码为单位公开的服务热线，已在官网公布。" in overrides and OFFICER in overrides


def test_unanswered_and_no_answers_shown(db):
    item = queued_item(db)
    review = full_review(item.id, content_hash(item))
    review = review.__class__(**{**review.__dict__, "answers": review.answers[1:]})
    db.save_review(review, OFFICER)
    _doc, _text, rows = form_text(load_source(db, item.id))
    first_q = load_checklist().items[0].question
    assert next(r for r in rows if len(r) == 3 and r[1].startswith(first_q))[2] == "未答"


def test_one_table_per_part_on_a4(db):
    doc, _text, _rows = form_text(load_source(db, signed_item(db).id))
    s = doc.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert len(doc.tables) == 3
    for t in doc.tables:  # every table is the width of the type area (156 mm)
        widths = [int(c.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w"))
                  for c in t._tbl.tblGrid.iterchildren()]
        assert abs(sum(widths) - 8844) < 10  # 156 mm in twips
    for p in doc.paragraphs:
        for r in p.runs:
            rf = r._element.rPr.rFonts
            assert rf.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")


@pytest.mark.parametrize("state", ["draft", "returned", "withdrawn"])
def test_form_refused_before_review(db, state, tmp_path):
    from core.errors import UserError
    from exporters.export_service import ExportOptions, export_items
    from tests.conftest import make_item

    item = db.create_item(make_item(), OFFICER)
    if state == "returned":
        db.save_review(full_review(item.id, content_hash(item)), OFFICER)
        db.apply(item.id, "submit", OFFICER)
        db.apply(item.id, "return", "王建国", password="demo", reason="请补充图片说明")
    elif state == "withdrawn":
        db.apply(item.id, "withdraw", OFFICER)
    with pytest.raises(UserError):
        export_items(db, [item.id], ExportOptions(formats=("form",), out_dir=tmp_path / "o", actor=OFFICER))
    assert not (tmp_path / "o").exists() or list((tmp_path / "o").iterdir()) == []
