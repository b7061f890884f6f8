"""Word lists: folding (traditional, full-width, case), spans on the original text, allow-list."""
from __future__ import annotations

import pytest

from core.errors import UserError
from core.review import load_wordlists, read_wordlist, scan_text
from core.review.fold import fold


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_fold_keeps_a_position_map():
    text = "ＡＢ\u200b內部　討論稿"
    folded = fold(text)
    assert folded.text == "ab内部 讨论稿"
    start = folded.text.index("内部")
    assert folded.span(start, start + 2) == (3, 5)
    assert text[3:5] == "內部"
    assert fold("普通文本").index is None  # no map needed when nothing moves


def test_default_lists_load_with_severity():
    index = load_wordlists()
    by_rule = {wl.rule: wl for wl in index.lists}
    assert by_rule["wordlist.internal"].severity == "block"
    assert by_rule["wordlist.sensitive"].severity == "warn"
    assert by_rule["wordlist.allow"].kind == "allow"


@pytest.mark.parametrize("text, original", [
    ("这是内部讨论稿，请勿引用", "内部讨论稿"),
    ("这是內部討論稿，請勿引用", "內部討論稿"),
    ("会议纪要（内部）", "会议纪要（内部）"),
    ("会议纪要(内部)", "会议纪要(内部)"),
    ("此件\u200b不公开", "此件\u200b不公开"),
])
def test_default_internal_terms_block_with_original_span(text, original):
    (f,) = [f for f in scan_text(text) if f.rule == "wordlist.internal"]
    assert f.severity == "block"
    assert text[f.start:f.end] == f.text == original


def test_user_list_fullwidth_and_case(tmp_path):
    path = write(tmp_path, "unit.txt", "# severity: warn\n# name: 本单位词表\nVPN账号\n专项行动方案\n")
    index = load_wordlists([path])
    text = "附：ｖｐｎ账号清单；專項行動方案"
    hits = [f for f in scan_text(text, index) if f.rule == "wordlist.unit"]
    assert [f.text for f in hits] == ["ｖｐｎ账号", "專項行動方案"]
    assert "本单位词表" in hits[0].message


def test_ascii_terms_match_whole_words_only(tmp_path):
    index = load_wordlists([write(tmp_path, "a.txt", "# severity: warn\nvpn\n")], include_default=False)
    assert [f.text for f in scan_text("使用VPN登录", index)] == ["VPN"]
    assert scan_text("openvpn2 客户端", index) == []


def test_longest_hit_wins(tmp_path):
    index = load_wordlists()
    fs = [f for f in scan_text("内部讨论稿", index) if f.rule.startswith("wordlist.")]
    assert [(f.rule, f.text) for f in fs] == [("wordlist.internal", "内部讨论稿")]


def test_allow_list_silences_a_known_false_hit(tmp_path):
    words = write(tmp_path, "w.txt", "# severity: block\n保密\n")
    allow = write(tmp_path, "ok.txt", "# kind: allow\n保密审查工作\n")
    assert [f.text for f in scan_text("做好保密审查工作", load_wordlists([words], include_default=False))] == ["保密"]
    index = load_wordlists([words, allow], include_default=False)
    assert scan_text("做好保密审查工作", index) == []
    assert [f.text for f in scan_text("注意保密。做好保密审查工作", index)][-1:] == ["保密"]


def test_default_allow_list():
    assert [f.text for f in scan_text("被举报人的情况")] == ["被举报人"]
    assert scan_text("依法保护举报人") == []


def test_bad_severity_and_missing_file(tmp_path):
    with pytest.raises(UserError):
        read_wordlist(write(tmp_path, "x.txt", "# severity: fatal\n词\n"))
    with pytest.raises(UserError):
        read_wordlist(tmp_path / "absent.txt")


def test_gb18030_list(tmp_path):
    path = tmp_path / "gb.txt"
    path.write_bytes("# severity: info\n测试用语\n".encode("gb18030"))
    wl = read_wordlist(path)
    assert wl.terms == ("测试用语",) and wl.severity == "info"


def test_thousands_of_terms(tmp_path):
    terms = [f"专用词{i:05d}号" for i in range(5000)]
    index = load_wordlists([write(tmp_path, "big.txt", "# severity: warn\n" + "\n".join(terms))], include_default=False)
    assert index.term_count == 5000
    text = "前文专用词04321号后文专用词00007号"
    assert [f.text for f in scan_text(text, index)] == ["专用词04321号", "专用词00007号"]
