"""The quick ways a new search takes at scale give exactly what the index gives.

* The first window of a search for a Chinese word that most items hold is read by testing the
  rows' text in order (``Database._walk_first_window``), not from a temporary table of every hit;
  for items whose folding makes Chinese characters (⼀ → 一, ㊙ → 秘, U+F900 → U+8C48) the index carries
  a mark, and their folded text is tested.
* A second process counts the upper half of the rows (``storage.counting.CountHelper``); when it
  fails, the program counts alone.
"""
from __future__ import annotations

import io
import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.model import Person
from storage.database import Database, ItemFilter
from storage.search import FOLDS_INTO_CJK, folds_into_cjk, index_tokens, index_tokens_many, normalise
from tests.conftest import make_item


def _plain(db: Database, flt: ItemFilter) -> list[int]:
    """The rows a search should give, in the list's order: every item, tested in Python."""
    q = normalise(flt.search.strip())
    rows = db.conn.execute("SELECT seq, title, body FROM items").fetchall()
    hits = {seq for seq, title, body in rows if q in normalise(title + "\n" + body)}
    return [s for s in db.item_seqs(ItemFilter(sort=flt.sort, descending=flt.descending)) if s in hits]


# ------------------------------------------------------------------ the folding mark
@pytest.mark.parametrize("text, marked", [
    ("一网通办", False), ("⼀网通办", True),  # a Kangxi radical folds into 一
    ("㊙密件", True), ("\uf900", True), ("\u8c48", False),  # ㊙ folds into 秘; U+F900 into U+8C48
    ("ＡＢ１２，。：", False), ("Äpfel é\u0301", False), ("", False),
])
def test_items_whose_folding_makes_chinese_characters_carry_a_mark(text, marked):
    assert folds_into_cjk(text, normalise(text)) is marked
    assert (FOLDS_INTO_CJK in index_tokens(text).split()) is marked
    assert index_tokens_many([text, "保密。" + text]) == [index_tokens(text), index_tokens("保密。" + text)]


def test_no_query_asks_for_the_mark(db):
    item = db.create_item(make_item(title="⼀网通办"), "李晓梅")
    plain = db.create_item(make_item(title="网站"), "李晓梅")
    assert sorted(db.item_seqs(ItemFilter(search="§"))) == []
    assert db.item_seqs(ItemFilter(search="cjk")) == []
    assert sorted(db.items_by_seq(db.item_seqs(ItemFilter(search="网"))), key=lambda i: i.id) == \
        sorted([db.get_item(item.id), db.get_item(plain.id)], key=lambda i: i.id)


# ------------------------------------------------------------------ the first window, read in order
WALK_ALPHABET = "一网通办秘密\u8c48\u2f00\u3299\uf900，a \n"  # ⼀ ㊙ and a compatibility ideograph fold


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.text(WALK_ALPHABET, min_size=1, max_size=10), min_size=1, max_size=12),
       query=st.text("一网通办秘密\u8c48", min_size=1, max_size=3),
       limit=st.integers(1, 6), sort=st.sampled_from(["updated_at", "title"]), descending=st.booleans())
def test_the_first_window_read_in_order_is_what_the_index_finds(tmp_path_factory, texts, query, limit, sort, descending):
    db = Database.open(tmp_path_factory.mktemp("walk") / "walk.sqlite3")
    try:
        db.save_person(Person("李晓梅", "officer"))
        db.WALK_SHARE = 1e-9  # every search of a Chinese word with a hit reads its first window in order
        for i, text in enumerate(texts):
            title, _, body = text.partition("\n")
            db.create_item(make_item(title=title.strip() or f"第{i}条", body=(body,) if body else ()), "李晓梅")
        flt = ItemFilter(search=query, sort=sort, descending=descending)
        want = _plain(db, flt)
        walked = db._walk_first_window(flt, limit)
        if want:
            assert walked == want[:limit], (texts, query)
        assert db.item_page(flt, 0, limit) == want[:limit]
        assert db.count_items(flt) == len(want)
        assert db.item_seqs(flt) == want  # and the temporary table agrees
    finally:
        db.close()


def test_a_common_word_reads_its_first_window_without_a_table(db):
    for i in range(30):
        db.create_item(make_item(title=f"保密审查第{i}期" if i % 3 else f"工作动态第{i}期"), "李晓梅")
    flt = ItemFilter(search="保密审查")
    db.forget_search_results()
    assert db.item_page(flt, 0, 5) == _plain(db, flt)[:5]
    assert not db.conn.execute("SELECT name FROM sqlite_temp_master WHERE name LIKE 'search_hits_%'").fetchall()
    lst = db.item_list(flt)
    assert len(lst) == 20 and list(lst) == _plain(db, flt)  # later rows come from the table
    assert db.conn.execute("SELECT name FROM sqlite_temp_master WHERE name LIKE 'search_hits_%'").fetchall()


def test_rare_words_other_filters_and_mixed_queries_take_the_table(db):
    for i in range(12):
        db.create_item(make_item(title=f"热线{i}" if i == 0 else f"通知{i}"), "李晓梅")
    assert db._walk_first_window(ItemFilter(search="热线"), 5) is None  # 1 in 12
    assert db._walk_first_window(ItemFilter(search="通知", states=("draft",)), 5) is None
    assert db._walk_first_window(ItemFilter(search="通知1"), 5) is None  # not only Chinese characters
    assert db._walk_first_window(ItemFilter(search="通知"), 5) == _plain(db, ItemFilter(search="通知"))[:5]
    with db.transaction():
        assert db._walk_first_window(ItemFilter(search="通知"), 5) is None


def test_hits_far_down_the_list_give_up_the_walk(db):
    for i in range(6):
        db.create_item(make_item(title=f"保密审查{i}"), "李晓梅")  # the oldest: last in the list
    for i in range(10):
        db.create_item(make_item(title=f"工作动态{i}"), "李晓梅")
    db.WALK_MIN_READ = 0  # read at most 8 rows for 1
    flt = ItemFilter(search="保密审查")
    assert db._walk_first_window(flt, 1) is None
    assert db.item_page(flt, 0, 1) == _plain(db, flt)[:1] and len(_plain(db, flt)) == 6


# ------------------------------------------------------------------ the count on two cores
def _wait_until(pred, timeout=20.0):
    end = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > end:
            return False
        time.sleep(0.02)
    return True


@pytest.fixture
def helped(db):
    for i in range(40):
        title = ("切实做好信息发布" if i % 2 else "保密审查") + f"第{i}期"
        db.create_item(make_item(title=title, body=("热线电话",) if i % 5 == 0 else ()), "李晓梅")
    db.SEARCH_HELPER_MIN_ITEMS = 0
    assert db.start_search_helper()
    assert _wait_until(lambda: db._counter.usable)
    return db


def test_the_helper_counts_half_and_the_sum_is_exact(helped, monkeypatch):
    asked = []
    original = helped._counter.start_count
    monkeypatch.setattr(helped._counter, "start_count", lambda m, first: asked.append(first) or original(m, first))
    for q in ("切实做好信息发布", "保密审查", "热线电话", "不存在", "审"):
        helped.forget_search_results()
        assert helped.count_items(ItemFilter(search=q)) == len(_plain(helped, ItemFilter(search=q))), q
    assert len(asked) == 4 and all(a == helped._item_span() // 2 + 1 for a in asked)  # not for "审" (a prefix)


def test_the_first_window_is_read_while_the_helper_counts(helped, monkeypatch):
    from storage.database import ItemList

    flt = ItemFilter(search="保密审查")  # in 20 of the 40 items
    walks = []
    walk = helped._walk
    monkeypatch.setattr(helped, "_walk", lambda *a: walks.append(a[1]) or walk(*a))
    helped.forget_search_results()
    assert helped.count_items(flt) == 20 and walks == [ItemList.WINDOW]
    assert helped.item_page(flt, 0, 10) == _plain(helped, flt)[:10]
    assert helped.item_list(flt)[:20] == _plain(helped, flt)
    assert walks == [ItemList.WINDOW]  # the pages came from what was read while counting
    other = ItemFilter(search="保密审查", sort="title")
    assert helped.item_page(other, 0, 10) == _plain(helped, other)[:10] and len(walks) == 2  # another order: read again


def test_an_answer_nobody_waited_for_is_not_taken_for_the_next(helped):
    helper = helped._counter
    assert helper.start_count('"保密 密审 审查"', 1)  # asked, never waited for (as after an error here)
    assert helper.start_count('"热线 线电 电话"', 1)
    assert helper.result() == 8
    assert helper.usable


def test_a_dead_helper_leaves_the_count_to_the_program(helped):
    proc = helped._counter._proc
    proc.kill()
    proc.wait()
    helped.forget_search_results()
    assert helped.count_items(ItemFilter(search="保密审查")) == 20
    assert not helped._counter.usable


def test_closing_the_database_ends_the_helper(helped):
    proc = helped._counter._proc
    helped.close()
    assert proc.poll() is not None


def test_small_or_in_memory_databases_start_no_helper(db):
    assert not db.start_search_helper()  # 0 items < SEARCH_HELPER_MIN_ITEMS
    mem = Database.open(None)
    try:
        mem.SEARCH_HELPER_MIN_ITEMS = 0
        assert not mem.start_search_helper()
    finally:
        mem.close()


def test_a_closed_database_starts_no_helper(db):
    db.SEARCH_HELPER_MIN_ITEMS = 0
    db.conn.close()  # as when the window's timer fires after the database was closed
    assert not db.start_search_helper()


def test_a_packaged_program_starts_no_helper(db, monkeypatch):
    import sys

    monkeypatch.setattr(sys, "frozen", True, raising=False)  # sys.executable would be the program itself
    db.SEARCH_HELPER_MIN_ITEMS = 0
    assert not db.start_search_helper()
    db.create_item(make_item(title="保密审查"), "李晓梅")
    assert db.count_items(ItemFilter(search="保密审查")) == 1


def test_the_helper_answers_errors_instead_of_ending(db):
    from storage.count_worker import serve

    db.create_item(make_item(title="保密审查"), "李晓梅")
    out = io.StringIO()
    serve(str(db.path), io.StringIO('{"id": 7, "match": "\\"保密 密审\\"", "from": 1}\nnot json\n{"match": "\\"", "from": 0}\n'), out)
    answers = [json.loads(line) for line in out.getvalue().splitlines()]
    assert answers[0] == {"ready": True} and answers[1] == {"id": 7, "count": 1}
    assert "error" in answers[2] and "error" in answers[3]


# ------------------------------------------------------------------ moving on from the previous tokens
@settings(max_examples=300, deadline=None)
@given(st.text("一网\u2f00\u2f06\u3299\u32a4\uf900\uf9ff\u8c48\U0002f800\U0001f21a\u3358ＡＢａ１，。\u0301é\u00a8 ", max_size=12))
def test_the_quick_test_for_folding_characters_agrees_with_the_runs(text):
    from storage.search import may_fold_into_cjk

    assert may_fold_into_cjk(text) is folds_into_cjk(text, normalise(text))


def test_an_index_of_the_previous_tokens_gets_its_marks_without_a_rebuild(db, monkeypatch):
    from storage.search import PREVIOUS_TOKENS_VERSION, TOKENS_VERSION

    marked = db.create_item(make_item(title="⼀网通办", body=("㊙密件",)), "李晓梅")
    plain = db.create_item(make_item(title="一网通办"), "李晓梅")
    with db.transaction() as conn:  # the index as the previous version left it: no marks
        seq = conn.execute("SELECT seq FROM items WHERE id = ?", (marked.id,)).fetchone()[0]
        tokens = index_tokens("⼀网通办\n㊙密件")
        conn.execute("INSERT INTO items_fts (items_fts, rowid, tokens) VALUES ('delete', ?, ?)", (seq, tokens))
        conn.execute("INSERT INTO items_fts (rowid, tokens) VALUES (?, ?)", (seq, tokens.replace(" " + FOLDS_INTO_CJK, "")))
        conn.execute("UPDATE meta SET value = ? WHERE key = 'search_tokens'", (PREVIOUS_TOKENS_VERSION,))
    assert db.conn.execute("SELECT count(*) FROM items_fts WHERE items_fts MATCH ?", (f'"{FOLDS_INTO_CJK}"',)).fetchone()[0] == 0
    path = db.path
    db.close()
    monkeypatch.setattr(Database, "rebuild_search_index", lambda self: pytest.fail("rebuilt"))
    again = Database.open(path)
    try:
        assert again.conn.execute("SELECT value FROM meta WHERE key = 'search_tokens'").fetchone()[0] == TOKENS_VERSION
        assert again.conn.execute("SELECT rowid FROM items_fts WHERE items_fts MATCH ?", (f'"{FOLDS_INTO_CJK}"',)).fetchall() == [(seq,)]
        again.WALK_SHARE = 1e-9
        for q in ("一网通", "秘密", "密件"):
            flt = ItemFilter(search=q)
            assert again._walk_first_window(flt, 10) == _plain(again, flt) == again.item_seqs(flt), q
        assert sorted(again.item_seqs(ItemFilter(search="一网通"))) == sorted(
            again.conn.execute("SELECT seq FROM items WHERE id IN (?, ?)", (marked.id, plain.id)).fetchall()[i][0] for i in range(2))
        # the previous tokens were forgotten exactly: once the item changes, nothing of it is left
        again.update_item(again.get_item(marked.id).replace(title="会议", body=("纪要",)), "李晓梅")
        assert again.item_seqs(ItemFilter(search="网通")) == [again.item_seqs(ItemFilter(search="一网通办"))[0]] != [seq]
        assert again.item_seqs(ItemFilter(search="密件")) == [] and again.item_seqs(ItemFilter(search="秘")) == []
        assert again.conn.execute("SELECT count(*) FROM items_fts WHERE items_fts MATCH ?", (f'"{FOLDS_INTO_CJK}"',)).fetchone()[0] == 0
    finally:
        again.close()
