"""Property-based tests (hypothesis): scanners, masking, the four-eyes rule under any sequence
of moves, search against a plain scan, and any title through every exporter.

Example counts are modest so each test stays within a few seconds.
"""
from __future__ import annotations

import datetime as dt
import email
import io
import zipfile
from email import policy

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core.errors import UserError
from core.model import Person
from tests.conftest import make_item

FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ------------------------------------------------------------------ text strategies
CJK = "政务公开信息保密审查工作市局区一二三会议要求单位发布"
MARKS = ("秘密", "机密", "绝密", "★", "秘密★1年", "机密★", "内部资料", "工作秘密", "注意保存", "秘　密", "机\u200b密", "【绝密】")


@st.composite
def id_numbers(draw) -> str:
    from core.review.pii import id_check_char

    region = draw(st.sampled_from(["110101", "440304", "310115", "510107"]))
    born = draw(st.dates(dt.date(1930, 1, 1), dt.date(2010, 12, 31)))
    seq = draw(st.integers(0, 999))
    first17 = f"{region}{born:%Y%m%d}{seq:03d}"
    check = id_check_char(first17)
    return first17 + (check if draw(st.booleans()) else str((int(check) + 1) % 10) if check.isdigit() else "0")


def _luhn_complete(digits: str) -> str:
    for d in "0123456789":
        from core.review.pii import luhn_valid

        if luhn_valid(digits + d):
            return digits + d
    raise AssertionError


PIECES = st.one_of(
    st.text(alphabet=CJK, min_size=1, max_size=8),
    st.sampled_from(MARKS),
    id_numbers(),
    st.from_regex(r"1[3-9]\d{9}", fullmatch=True),
    st.from_regex(r"1[3-9]\d-\d{4}-\d{4}", fullmatch=True),
    st.from_regex(r"62\d{14}", fullmatch=True).map(_luhn_complete),
    st.from_regex(r"0755-\d{8}", fullmatch=True),
    st.sampled_from(["粤B12345", "京A·D12345", "护照E12345678", "统一社会信用代码91440300MA5DC1234X", "身份证号：", "电话：",
                     "，", "。", "\n", " ", "\t", "（", "）", "Ａ", "１２", "x"]),
    st.text(max_size=6),
)
SCAN_TEXT = st.lists(PIECES, max_size=14).map("".join)


# ------------------------------------------------------------------ scanners
@FAST
@given(SCAN_TEXT)
@example("")
@example("秘密★1年 身份证号110101199003077578，手机13812345678")
@example("\u0130\u0130秘密")  # a character whose lower case is longer
@example("ﬀ秘密ﬁ")  # ligatures that NFKC-fold to two characters
def test_scanners_never_crash_and_spans_stay_in_the_text(text):
    from core.review import scan_text

    for f in scan_text(text):
        assert 0 <= f.start <= f.end <= len(text), f
        assert text[f.start:f.end] == f.text, f
        assert f.severity in ("block", "warn", "info")
        assert f.message


@FAST
@given(SCAN_TEXT, st.lists(SCAN_TEXT, max_size=4), SCAN_TEXT)
def test_item_scan_spans_index_the_item_text(title, body, source):
    from core.review import scan_item

    title = title.replace("\n", " ")
    item = make_item(title=title, body=tuple(body), elements={"author": "李晓梅", "source": source.replace("\n", " ")})
    for f in scan_item(item):
        if f.target != "text" or f.rule.startswith("element."):  # element.missing/malformed name a field, not a span
            continue
        scanned = item.element(f.field) if f.field else item.text
        assert 0 <= f.start <= f.end <= len(scanned), f
        assert scanned[f.start:f.end] == f.text, f


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["a.docx", "b.png", "c.jpg", "d.txt", "e.gif"]),
       st.one_of(st.binary(max_size=300),
                 st.binary(max_size=200).map(lambda b: b"PK\x03\x04" + b),
                 st.binary(max_size=200).map(lambda b: b"\x89PNG\r\n\x1a\n" + b),
                 st.binary(max_size=200).map(lambda b: b"\xff\xd8\xff\xe0" + b),
                 st.text(max_size=200).map(lambda t: _docx_with(t))))
def test_attachment_scanner_never_crashes(name, data):
    """Any bytes under any name: findings (perhaps "unreadable"), or a UserError — never a crash."""
    import mimetypes

    from core.review import scan_attachment

    try:
        findings = scan_attachment(name, mimetypes.guess_type(name)[0] or "", data)
    except UserError:
        return
    for f in findings:
        assert f.severity in ("block", "warn", "info") and f.message


def _docx_with(text: str) -> bytes:
    from xml.sax.saxutils import escape

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml",
                    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
                    + escape("".join(ch for ch in text if ch.isprintable())) + "</w:t></w:r></w:p></w:body></w:document>")
    return buf.getvalue()


# ------------------------------------------------------------------ masking
@FAST
@given(SCAN_TEXT)
@example("身份证号110101199003077578，手机13812345678。")
def test_masking_changes_only_the_masked_spans(text):
    from core.review import apply_masks, scan_text

    findings = scan_text(text)
    chosen = []
    for f in sorted((f for f in findings if f.masked), key=lambda f: (f.start, f.end)):
        if chosen and f.start < chosen[-1].end:
            continue
        chosen.append(f)
    result = apply_masks(text, findings)
    # Rebuild: every piece between masked spans is the original text, unchanged and in place.
    pos = 0
    cursor = 0
    for f in chosen:
        keep = text[cursor:f.start]
        assert result[pos:pos + len(keep)] == keep
        pos += len(keep)
        assert result[pos:pos + len(f.masked)] == f.masked
        assert f.masked != f.text
        pos += len(f.masked)
        cursor = f.end
    assert result[pos:] == text[cursor:]


@FAST
@given(SCAN_TEXT, st.lists(SCAN_TEXT, min_size=1, max_size=4), st.sampled_from(["", "13812345678", "联系人张三13812345678"]))
@example("秘密 110101199003077578", ["手机13812345678，", "无"], "13912345678")
def test_mask_item_masks_exactly_what_masking_the_text_masks(title, body, source):
    """mask_item on an item = apply_masks on its text, paragraph breaks and all; elements without
    findings and everything else about the item unchanged."""
    from core.review import apply_masks, mask_item, scan_item

    title = title.replace("\n", " ")
    body = tuple(p.replace("\n", " ") for p in body)
    item = make_item(title=title, body=body, elements={"author": "李晓梅", "source": source, "publish_date": "2026-11-20"})
    findings = [f for f in scan_item(item) if "\n" not in f.text]
    masked = mask_item(item, findings)
    text_findings = [f for f in findings if f.target == "text" and not f.field]
    assert masked.text == apply_masks(item.text, text_findings)
    assert len(masked.body) == len(item.body)
    assert masked.replace(title=item.title, body=item.body, elements=item.elements) == item
    touched = {f.field for f in findings if f.field and f.masked}
    for code, value in item.elements.items():
        if code not in touched:
            assert masked.elements[code] == value


# ------------------------------------------------------------------ four eyes
PEOPLE = ("王建国", "赵敏", "李晓梅", "陈志强")
MOVES = ("create", "edit", "submit", "recall", "sign_off", "return", "mark_submitted", "mark_published", "withdraw",
         "reopen", "promote", "demote", "deactivate", "reactivate")


def _small_db():
    from core.model import Column, Unit
    from core.passwords import hash_password
    from storage.database import Database

    db = Database.open(None)
    db.set_unit(Unit("测试局", "inbox@example.gov.cn", "测试局"), actor="test")
    for name, role in (("王建国", "supervisor"), ("赵敏", "supervisor"), ("李晓梅", "officer"), ("陈志强", "officer")):
        db.save_person(Person(name, role))
    fast = hash_password("demo", n=2)  # the real cost factor would make each example slow
    db.conn.execute("UPDATE people SET password_hash = ?", (fast,))
    db.replace_columns([Column("dt", "工作动态", kind="dynamic", update_rule="信息发生后2日内")])
    return db


STEPS = st.lists(st.tuples(st.sampled_from(MOVES), st.sampled_from(PEOPLE), st.integers(0, 3), st.booleans()),
                 min_size=1, max_size=40)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(STEPS)
@example([("create", "李晓梅", 0, True), ("submit", "李晓梅", 0, True), ("promote", "李晓梅", 0, True),
          ("sign_off", "李晓梅", 0, True)])  # the author becomes a supervisor: still not their own item
@example([("create", "李晓梅", 0, True), ("edit", "王建国", 0, True), ("submit", "李晓梅", 0, True),
          ("sign_off", "王建国", 0, True)])  # a supervisor who edited it cannot sign it off
@example([("create", "李晓梅", 0, True), ("submit", "李晓梅", 0, True), ("sign_off", "王建国", 0, True),
          ("edit", "王建国", 0, True), ("submit", "李晓梅", 0, True), ("sign_off", "王建国", 0, True)])
def test_no_sequence_of_moves_signs_off_without_a_second_person(steps):
    from core.hashing import content_hash

    db = _small_db()
    try:
        for n, (move, actor, index, flag) in enumerate(steps):
            ids = [r[0] for r in db.conn.execute("SELECT id FROM items ORDER BY seq")]
            item = db.get_item(ids[index % len(ids)]) if ids else None
            try:
                if move == "create" or item is None:
                    db.create_item(make_item(title=f"第{n}条信息"), actor)
                elif move == "edit":
                    db.update_item(item.replace(body=item.body + (f"{actor}修改{n}。",)), actor)
                elif move in ("promote", "demote"):
                    db.save_person(Person(actor, "supervisor" if move == "promote" else "officer"))
                elif move in ("deactivate", "reactivate"):
                    p = db.person(actor)
                    db.save_person(Person(p.name, p.role, active=move == "reactivate"))
                else:
                    db.apply(item.id, move, actor, password="demo" if flag else "wrong",
                             reason="理由" if flag else "", url="https://example.gov.cn/x" if flag else "")
            except UserError:
                pass

        # 1. Every item in a signed state has a sign-off in force, by someone who neither created
        #    nor edited it, for exactly its current content.
        for item in db.items():
            if item.state in ("signed_off", "submitted", "published"):
                so = db.current_signoff(item.id)
                assert so is not None, item
                assert so.signer != item.created_by and so.signer not in item.contributors, (so, item.contributors)
                assert so.content_hash == item.signed_hash == content_hash(item)
        # 2. Replaying the audit log: each sign-off was by a person who had not written the item
        #    up to then, and signed_off is reached by nothing but a sign-off.
        contributors: dict[str, set[str]] = {}
        for e in db.audit_entries():
            if e.action in ("create", "edit"):
                contributors.setdefault(e.item_id, set()).add(e.actor)
            if e.action == "sign_off":
                assert e.actor not in contributors.get(e.item_id, set()), e
        for (action,) in db.conn.execute("SELECT action FROM transitions WHERE to_state = 'signed_off'"):
            assert action == "sign_off"
        for item_id, signer in db.conn.execute("SELECT item_id, signer FROM signoffs"):
            role_at_least_once = db.conn.execute(
                "SELECT 1 FROM audit WHERE action = 'sign_off' AND item_id = ? AND actor = ?", (item_id, signer)).fetchone()
            assert role_at_least_once
        assert db.verify().ok
    finally:
        db.close()


# ------------------------------------------------------------------ search
SEARCH_ALPHABET = "政务公开信息保密审查工作市局区一二三"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.text(SEARCH_ALPHABET, max_size=12), st.lists(st.text(SEARCH_ALPHABET, max_size=10), max_size=3)),
                min_size=1, max_size=6),
       st.text(SEARCH_ALPHABET, min_size=1, max_size=4), st.data())
def test_search_finds_exactly_what_a_plain_scan_finds(docs, query, data):
    from storage.database import Database, ItemFilter

    db = Database.open(None)
    try:
        db.save_person(Person("李晓梅", "officer"))
        items = [db.create_item(make_item(title=t, body=tuple(b)), "李晓梅") for t, b in docs]
        if data.draw(st.booleans()):  # often: a piece of a stored text, so there are hits
            source = data.draw(st.sampled_from(items)).text
            if source.strip():
                start = data.draw(st.integers(0, len(source) - 1))
                query = source[start:start + data.draw(st.integers(1, 5))]
        wanted = query.strip()
        found = {i.id for i in db.items(ItemFilter(search=query))}
        plain = {i.id for i in items if not wanted or wanted in i.title + "\n" + "\n".join(i.body)}
        assert found == plain, (query, [(i.title, i.body) for i in items])
        assert db.count_items(ItemFilter(search=query)) == len(plain)
    finally:
        db.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text("政务公开ＡＢａｂABab１1Ää", min_size=1, max_size=8), min_size=1, max_size=4),
       st.text("政务公开ＡＢａｂABab１1Ää", min_size=1, max_size=3))
@example(["１２月"], "12")
def test_search_folds_width_and_case_like_its_index(texts, query):
    """Full-width text (１２, ＡＢ) and capitals, also outside ASCII, are found like the index folds them
    (this failed while the exact test compared a folded query with unfolded text)."""
    from storage.database import Database, ItemFilter
    from storage.search import normalise

    db = Database.open(None)
    try:
        db.save_person(Person("李晓梅", "officer"))
        items = [db.create_item(make_item(title=t, body=()), "李晓梅") for t in texts]
        found = {i.id for i in db.items(ItemFilter(search=query))}
        plain = {i.id for i in items if normalise(query.strip()) in normalise(i.title + "\n")}
        assert found == plain
    finally:
        db.close()


# ------------------------------------------------------------------ exporters
def _title_ok(title: str) -> bool:
    from core.content_types import validate

    return bool(title.strip()) and not any(p.element == "title" for p in validate(make_item(title=title)))


TITLES = st.text(min_size=1, max_size=80).filter(_title_ok)


def _signed_source(title: str):
    from core import clock
    from core.hashing import content_hash
    from core.model import Column, SignOff, Unit
    from exporters.registry import ExportSource

    item = make_item(title=title, id="0f0e0d0c-0000-4000-8000-000000000001", state="signed_off", created_by="李晓梅",
                     contributors=("李晓梅",), version=1)
    h = content_hash(item)
    item = item.replace(signed_hash=h)
    return ExportSource(item, unit=Unit("测试局", "inbox@example.gov.cn", "测试局"), column=Column("dt", "工作动态"),
                        signoff=SignOff(item.id, "王建国", clock.now(), h, 1))


def _exported_text(path) -> str:
    if path.suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
        return "\n".join(parts)
    if path.suffix == ".eml":
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        assert not msg.defects
        parts = [str(msg["Subject"])]
        parts += [p.get_content() for p in msg.walk() if p.get_content_maintype() == "text"]
        return "\n".join(parts)
    return path.read_bytes().decode("utf-8-sig")


def _squash(text: str) -> str:
    return "".join(text.split())


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(TITLES)
@example("😀𠀀𪚥 emoji and CJK extension B")
@example("\u202e反向 RTL override")
@example("e\u0301 combining")
@example("A\x9fB C1 control")
@example("标题\ufffe\uffff noncharacters")
@example("CON")
@example("../../etc/passwd")
@example("【市政数局】关于“一网通办”的通知（2026年第1号）")
def test_any_valid_title_survives_every_exporter(tmp_path_factory, title):
    """Every title that passes validation comes out of every format (docx, form, eml, txt)
    with its visible characters intact (what a format cannot hold is dropped, never a crash)."""
    from exporters.registry import WriteOptions, formats

    folder = tmp_path_factory.mktemp("export")
    source = _signed_source(title)
    # What a format cannot carry may be dropped: Word XML cannot hold U+FFFE/U+FFFF.
    def visible(text: str) -> str:
        return _squash("".join(ch for ch in text if ch not in "\ufffe\uffff"))

    for code, fmt in formats().items():
        path = folder / f"{code}{fmt.extension}"
        fmt.write([source], path, WriteOptions(), lambda done, total: None, lambda: False)
        text = visible(_exported_text(path))
        assert visible(title) in text, (code, title, text[:300])
        assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []
