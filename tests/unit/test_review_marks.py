"""Classification, internal and draft marks: a mark is reported, a mention is not."""
from __future__ import annotations

import pytest

from core.review import scan_text


def rules(text):
    return [(f.rule, f.severity, f.text) for f in scan_text(text)]


@pytest.mark.parametrize(
    "text, mark",
    [
        ("机密★1年\n关于某项工作的通知", "机密★1年"),
        ("绝密★长期", "绝密★长期"),
        ("秘密★\n正文", "秘密★"),
        ("秘密 ★ 6个月", "秘密 ★ 6个月"),
        ("【秘密】关于某工程的报告", "秘密"),
        ("关于某工程的报告（机密）", "机密"),
        ("密级：秘密", "秘密"),
        ("密 级: 机密★5年", "机密★5年"),
        ("机密\n关于某工程的报告", "机密"),
        ("深府办〔2010〕76号    秘密", "秘密"),
        ("機密★１年\n繁体与全角也算", "機密★１年"),
    ],
)
def test_classification_marks_block(text, mark):
    found = [f for f in scan_text(text) if f.rule == "mark.classified"]
    assert [(f.severity, f.text) for f in found] == [("block", mark)]
    f = found[0]
    assert text[f.start:f.end] == mark


@pytest.mark.parametrize(
    "text",
    [
        "严防泄露国家秘密，做好信息公开前的保密审查工作。",
        "保护商业秘密和个人隐私。",
        "秘密级以上的文件资料不得上网。",
        "国家秘密的密级分为绝密、机密、秘密三级。",
        "防止涉密信息和内部工作信息上网，确保涉密信息不公开，公开信息不涉密。",
        "机密文件管理办法正在修订",
        "要整合内部信息和服务资源。",
        "请注意保存好缴费凭证。",
        "本文件所称内部资料，是指未公开的工作材料。",
        "严禁将内部资料上传至政府网站。",
        "形成了征求意见稿并报市政府审议。",
        "市人大审议了预算草案。",
        "涉密文件不得外传，内部资料不得上网。",
        "会议强调，各单位要加强内部资料管理，做到不得外传。",
    ],
)
def test_mentions_raise_nothing(text):
    assert rules(text) == []


@pytest.mark.parametrize(
    "text, marks",
    [
        ("内部资料\n关于某事的情况通报", ["内部资料"]),
        ("内部资料  注意保存\n正文", ["内部资料", "注意保存"]),
        ("【内部资料】工作简报", ["内部资料"]),
        ("工作简报（内部使用）", ["内部使用"]),
        ("本刊为内部资料，请勿翻印。", ["内部资料"]),
        ("此件不得外传。", ["不得外传"]),
        ("本通知不得外传。", ["不得外传"]),
        ("本材料为内部资料，不得外传。", ["内部资料", "不得外传"]),
        ("【内部资料】请注意保存，严禁外传", ["内部资料", "注意保存", "严禁外传"]),
        ("此名单注意保密。", ["注意保密"]),
        ("以上材料仅供内部参考。", ["仅供内部参考"]),
        ("注意保密\n正文", ["注意保密"]),
    ],
)
def test_internal_marks_block(text, marks):
    found = [f for f in scan_text(text) if f.rule == "mark.internal"]
    assert [f.text for f in found] == marks
    assert all(f.severity == "block" for f in found)


@pytest.mark.parametrize(
    "text, mark",
    [
        ("关于公开征求《某某管理办法（征求意见稿）》意见的公告", "征求意见稿"),
        ("某某条例（草案）", "草案"),
        ("送审稿\n某某办法", "送审稿"),
    ],
)
def test_draft_marks_warn(text, mark):
    found = [f for f in scan_text(text) if f.rule == "mark.draft"]
    assert [(f.severity, f.text) for f in found] == [("warn", mark)]


def test_mark_spans_index_original_text_with_zero_width_and_fullwidth():
    text = "前言\n【\u200b机密】\n　秘密★１年"
    found = scan_text(text)
    assert [f.text for f in found] == ["机密", "秘密★１年"]
    for f in found:
        assert text[f.start:f.end] == f.text
