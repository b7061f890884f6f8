"""Element validation per content type."""
from __future__ import annotations

import pytest

from core.content_types import registry, validate
from core.model import Attachment, Item

COMPLETE = {
    "work_news": dict(elements={"author": "李晓梅", "publish_date": "2026-11-20", "source": "市政数局"}),
    "notice": dict(elements={"issuer": "市政数局", "publish_date": "2026-11-20"}),
    "official_document": dict(elements={"doc_number": "深府办〔2010〕76号", "issuer": "深圳市人民政府办公厅",
                                        "publish_date": "2010-06-01", "subject_words": "政府网站 内容保障 通知"}),
    "speech": dict(elements={"author": "张明华", "publish_date": "2026-11-20"}),
    "unit_profile": dict(elements={"org_name": "市政数局", "address": "福中三路", "public_phone": "0755-88120000",
                                   "supervision_phone": "0755-88120099", "email": "a@example.gov.cn",
                                   "website": "http://www.sz.gov.cn", "duties": "负责……"}),
    "service_guide": dict(elements={"guide": "一、办理依据"},
                          attachments=(Attachment("申请表.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 10, "a" * 64),)),
}


def make(ctype, **kw):
    base = dict(id="x", title="标题", content_type=ctype, body=("正文。",))
    base.update(COMPLETE[ctype])
    base.update(kw)
    return Item(**base)


def test_six_types_from_the_zhuhai_table():
    reg = registry()
    assert {t.name for t in reg.types.values()} == {"工作动态", "公告公示", "政府文件", "领导讲话", "机构信息", "办事指南"}
    assert reg.get("部门动态").code == "work_news"
    assert reg.get("规范性文件").code == "official_document"


@pytest.mark.parametrize("ctype", sorted(COMPLETE))
def test_complete_item_is_valid(ctype):
    assert validate(make(ctype)) == []


@pytest.mark.parametrize("ctype", sorted(COMPLETE))
def test_each_missing_required_element_is_named(ctype):
    reg = registry()
    ct = reg.get(ctype)
    for code in ct.required:
        if code == "title":
            item = make(ctype, title="")
        elif code == "body":
            item = make(ctype, body=())
        elif code == "forms":
            item = make(ctype, attachments=())
        else:
            els = dict(COMPLETE[ctype]["elements"])
            els.pop(code)
            item = make(ctype, elements=els)
        problems = validate(item)
        assert [(p.element, p.kind) for p in problems] == [(code, "missing")], code
        assert reg.element(code).name in problems[0].message


@pytest.mark.parametrize("code,value", [
    ("doc_number", "76号"), ("publish_date", "2026-13-01"), ("email", "not-an-email"),
    ("public_phone", "电话"), ("website", "not a url"),
])
def test_malformed_elements(code, value):
    ctype = "unit_profile" if code in ("email", "public_phone", "website") else "official_document"
    els = dict(COMPLETE[ctype]["elements"])
    els[code] = value
    problems = validate(make(ctype, elements=els))
    assert [(p.element, p.kind) for p in problems] == [(code, "malformed")]


def test_title_with_control_characters_or_too_long():
    assert [p.kind for p in validate(make("notice", title="标题\n换行"))] == ["malformed"]
    assert [p.kind for p in validate(make("notice", title="长" * 201))] == ["malformed"]


def test_noncharacters_and_implausible_dates():
    import datetime as dt

    assert [p.element for p in validate(make("notice", title="标题\ufffe"))] == ["title"]
    assert [p.element for p in validate(make("notice", event_date=dt.date(1, 1, 1)))] == ["event_date"]
    assert validate(make("notice", event_date=dt.date(2026, 11, 20))) == []


def test_title_character_classes_match_the_per_character_rules():
    """The one-pass classes ``validate`` uses say what ``_noncharacter`` and "< 32 but a tab" say."""
    from core.content_types import _NONCHARACTER, _TITLE_CONTROL, _noncharacter

    probes = set(range(0, 0x300)) | {0xD7FF, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xE000, 0xFDCF, 0xFDD0, 0xFDEF, 0xFDF0}
    for plane in range(17):
        probes |= {plane * 0x10000 + off for off in (0, 0xFFFD, 0xFFFE, 0xFFFF)}
    for cp in sorted(probes):
        ch = chr(cp)
        assert bool(_NONCHARACTER.match(ch)) == _noncharacter(ch), hex(cp)
        assert bool(_TITLE_CONTROL.match(ch)) == (cp < 32 and ch != "\t"), hex(cp)
