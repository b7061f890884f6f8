"""The search index stays right as items change: the index is contentless (it keeps no copy of
the token text), so every change must tell it exactly which tokens to forget."""
from __future__ import annotations

import random
import sqlite3

import pytest

from storage.database import Database, ItemFilter
from storage.search import TOKENS_VERSION, index_tokens, index_tokens_many, normalise, plan_search, stored_text
from tests.conftest import make_item

WORDS = ("保密审查", "政务公开", "信息发布", "网站", "热线", "12345", "Portal", "审核签发", "涉密", "不上网", "，", "。", " ")


def _text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(WORDS) for _ in range(n))


def plain_scan(db: Database, query: str) -> list[str]:
    q = normalise(query.strip())
    return sorted(i.id for i in db.items() if q in normalise(i.title + "\n" + "\n".join(i.body)))


def found(db: Database, query: str) -> list[str]:
    return sorted(i.id for i in db.items(ItemFilter(search=query)))


QUERIES = ("保", "密", "网", "保密", "审查", "网站", "保密审", "不上网", "政务公开信息", "12345", "portal", "ＰＯＲＴＡＬ",
           "保密，", "，政务", "审查。网", "5P", "密审", "发布网", "签发涉密不上网", "不存在")


def _fts_rows(db: Database, token: str) -> int:
    return db.conn.execute("SELECT COUNT(*) FROM items_fts WHERE items_fts MATCH ?", (f'"{token}"',)).fetchone()[0]


def test_the_index_is_contentless(db):
    sql = db.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'items_fts'").fetchone()[0]
    assert "content" in sql and "''" in sql
    assert db.conn.execute("SELECT value FROM meta WHERE key = 'search_tokens'").fetchone()[0] == TOKENS_VERSION


def test_edits_keep_search_right(db):
    rng = random.Random(5)
    items = [db.create_item(make_item(title=_text(rng, 3), body=(_text(rng, 8), _text(rng, 5))), "李晓梅") for _ in range(12)]
    for round_ in range(4):
        for k, item in enumerate(items):
            if (k + round_) % 3 == 0:
                continue  # some items keep their text (state-only writes must leave the index alone)
            items[k] = db.update_item(db.get_item(item.id).replace(title=_text(rng, 3), body=(_text(rng, 6),)), "李晓梅")
        for q in QUERIES:
            assert found(db, q) == plain_scan(db, q), (round_, q)
            assert db.count_items(ItemFilter(search=q)) == len(plain_scan(db, q))


def test_an_edit_forgets_the_old_tokens(db):
    item = db.create_item(make_item(title="独一无二的标题", body=("罕见词语甲乙丙",)), "李晓梅")
    assert _fts_rows(db, "罕见") == 1
    db.update_item(item.replace(title="另一个标题", body=("普通内容",)), "李晓梅")
    assert _fts_rows(db, "罕见") == 0 and _fts_rows(db, "独一") == 0
    assert _fts_rows(db, "普通") == 1
    assert found(db, "罕见词语") == [] and found(db, "普通内容") == [item.id]


def test_workflow_moves_do_not_touch_the_index(db):
    item = db.create_item(make_item(title="保密审查工作通知"), "李晓梅")
    before = db.conn.execute("SELECT COUNT(*) FROM items_fts_data").fetchone()[0]
    db.apply(item.id, "submit", "李晓梅")
    assert found(db, "保密审查") == [item.id]
    assert db.conn.execute("SELECT COUNT(*) FROM items_fts_data").fetchone()[0] == before


def test_deleting_a_row_after_unindexing_keeps_search_right(db):
    rng = random.Random(9)
    items = [db.create_item(make_item(title=_text(rng, 2), body=(_text(rng, 6),)), "李晓梅") for _ in range(10)]
    for gone in items[::3]:
        with db.transaction() as conn:
            seq = conn.execute("SELECT seq FROM items WHERE id = ?", (gone.id,)).fetchone()[0]
            db._unindex_item(conn, seq)
            conn.execute("DELETE FROM items WHERE seq = ?", (seq,))
    for q in QUERIES:
        assert found(db, q) == plain_scan(db, q), q
    # nothing left behind for the deleted rows
    seqs = {r[0] for r in db.conn.execute("SELECT seq FROM items")}
    for q in ("保", "政", "网", "1", "p"):
        rows = {r[0] for r in db.conn.execute("SELECT rowid FROM items_fts WHERE items_fts MATCH ?", (f'"{q}" *',))}
        assert rows <= seqs


def test_the_index_is_rebuilt_when_its_tokens_change(tmp_path, db):
    item = db.create_item(make_item(title="政务公开标准化", body=("保密审查",)), "李晓梅")
    with db.transaction() as conn:
        conn.execute("UPDATE meta SET value = 'bigram-0' WHERE key = 'search_tokens'")
        conn.execute("INSERT INTO items_fts (items_fts) VALUES ('delete-all')")
    path = db.path
    db.close()
    again = Database.open(path)
    try:
        assert found(again, "标准化") == [item.id] and found(again, "保") == [item.id]
        assert again.conn.execute("SELECT value FROM meta WHERE key = 'search_tokens'").fetchone()[0] == TOKENS_VERSION
        assert again.rebuild_search_index() == 1
        assert found(again, "密审") == [item.id]
    finally:
        again.close()


def test_a_database_from_before_the_contentless_index_is_migrated(tmp_path):
    from storage.migrations import MIGRATIONS

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE _migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    for number, name, fn in MIGRATIONS[:3]:  # schema 3: the FTS table kept its own copy of the tokens
        fn(conn)
        conn.execute("INSERT INTO _migrations VALUES (?, ?, '2026-01-01T00:00:00+08:00')", (number, name))
    conn.execute("PRAGMA user_version = 3")
    conn.execute("INSERT INTO items (id, title, content_type, body, created_at, updated_at) VALUES "
                 "('0f0e0d0c-0000-4000-8000-000000000001', '关于开展保密审查工作的通知', 'notice', '请各单位做好自查。', "
                 "'2026-11-20T09:00:00+08:00', '2026-11-20T09:00:00+08:00')")
    conn.execute("INSERT INTO items_fts (rowid, tokens) VALUES (1, 'stale tokens')")
    conn.close()
    db = Database.open(path)
    try:
        assert db.schema_version >= 5
        assert found(db, "保密审查") == ["0f0e0d0c-0000-4000-8000-000000000001"]
        assert found(db, "自查") == ["0f0e0d0c-0000-4000-8000-000000000001"]
        assert found(db, "stale") == []
        names = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"items_title", "items_state_title", "items_state_due"} <= names
    finally:
        db.close()


def test_demo_load_indexes_like_create_item(demo_db):
    rows = demo_db.conn.execute("SELECT seq, title, body FROM items").fetchall()
    assert index_tokens_many(stored_text(t, b) for _, t, b in rows) == [index_tokens(stored_text(t, b)) for _, t, b in rows]
    for q in ("保", "会议", "保密审查", "一网通办", "“放管服”", "要求，要", "福田区", "不存在的词"):
        assert found(demo_db, q) == plain_scan(demo_db, q), q


def test_tokens_of_many_texts_equal_tokens_of_each():
    rng = random.Random(3)
    alphabet = "保密审查ＡＢａｂ１２，。：（）Abc12 \u0301é\uf900①²ＫİßΣ_-\u3000\n"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    texts += texts[:100]  # repeats come from the cache
    assert index_tokens_many(texts) == [index_tokens(t) for t in texts]


@pytest.mark.parametrize("query, exact", [("保", True), ("保密审查", True), ("portal", True), ("ＰＯＲＴＡＬ", True),
                                          ("保密，审查", False), ("条目1", False), ("Äpfel", True), ("〔2010〕", False)])
def test_which_queries_the_index_answers_alone(query, exact):
    assert plan_search(query).exact is exact


def test_punctuation_typed_full_width_is_found(db):
    a = db.create_item(make_item(title="通知", body=("会议要求，要坚持问题导向。",)), "李晓梅")
    b = db.create_item(make_item(title="１２月工作安排", body=()), "李晓梅")
    assert found(db, "要求，要坚持") == [a.id]
    assert found(db, "要求,要坚持") == [a.id]
    assert found(db, "12月") == [b.id] and found(db, "１２月") == [b.id]


# ------------------------------------------------------------------ the list at scale
SORTS = ("title", "column", "type", "author", "event_date", "due_at", "state", "updated_at", "created_at")


def test_the_search_index_takes_the_tokens_as_they_are(db):
    sql = db.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'items_fts'").fetchone()[0]
    assert "ascii" in sql
    item = db.create_item(make_item(title="Äpfel 𠀀𠀁 ﹏ ǂa"), "李晓梅")  # letters SQLite's Unicode 6.1 tables do not know
    for q in ("äpfel", "ÄPFEL", "𠀀𠀁", "𠀁", "ǂa", "pf"):
        assert found(db, q) == [item.id], q


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("descending", [True, False])
def test_item_list_reads_what_item_seqs_gives(demo_db, monkeypatch, sort, descending):
    from storage.database import ItemList

    monkeypatch.setattr(ItemList, "WINDOW", 7)
    monkeypatch.setattr(ItemList, "MAX_WINDOWS", 3)
    with demo_db.transaction() as conn:  # some rows without dates: NULLs sort first (ascending) or last
        conn.execute("UPDATE items SET event_date = NULL, due_at = NULL WHERE seq % 5 = 0")
    for flt in (ItemFilter(sort=sort, descending=descending),
                ItemFilter(states=("draft",), sort=sort, descending=descending),
                ItemFilter(states=("queued",), exclude_contributor="王建国", sort=sort, descending=descending),
                ItemFilter(search="会议", sort=sort, descending=descending),
                ItemFilter(search="不存在的词", sort=sort, descending=descending)):
        want = demo_db.item_seqs(flt)
        lst = demo_db.item_list(flt)
        assert len(lst) == len(want) == demo_db.count_items(flt)
        assert [lst[i] for i in range(len(lst))] == want
        assert lst[3:20] == want[3:20] and lst[-5:] == want[-5:] and list(lst) == want
        for row, seq in enumerate(want):
            assert lst.index(seq) == row and seq in lst
        for start in (0, 6, 7, 30):
            assert demo_db.item_page(flt, start, 9) == want[start:start + 9]
    assert -1 not in lst
    with pytest.raises(ValueError):
        demo_db.item_list(ItemFilter(states=("draft",))).index(10**9)


def test_exclude_contributor_is_exact(db):
    from core.model import Person

    db.save_person(Person("王建", "supervisor"), password="demo")
    a = db.create_item(make_item(title="甲"), "李晓梅")
    b = db.create_item(make_item(title="乙"), "李晓梅")
    db.update_item(db.get_item(b.id).replace(title="乙改"), "王建国")
    mine = {i.id for i in db.items(ItemFilter(exclude_contributor="王建"))}
    assert mine == {a.id, b.id}  # "王建" is inside "王建国" but is not a contributor
    assert {i.id for i in db.items(ItemFilter(exclude_contributor="王建国"))} == {a.id}


def _dump(path) -> dict:
    conn = sqlite3.connect(path)
    try:
        out = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
               for t in ("items", "item_versions", "attachments", "signoffs", "reviews", "transitions")}
        out["audit"] = conn.execute("SELECT actor, action, item_id, details FROM audit WHERE action <> 'demo' ORDER BY seq").fetchall()
        out["search"] = [conn.execute("SELECT rowid FROM items_fts WHERE items_fts MATCH ?", (m,)).fetchall()
                         for m in ('"保" *', '"会议"', '"保密 密审 审查"')]
        out["indexes"] = sorted(r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
        out["journal"] = conn.execute("PRAGMA journal_mode").fetchone()[0]
        return out
    finally:
        conn.close()


def test_demo_load_in_a_writer_process_gives_the_same_database(tmp_path, monkeypatch):
    import datetime as dt

    from core import clock
    from core.demo import generate
    from storage import bulk

    data = generate(120, now=dt.datetime(2026, 11, 20, 15, 0, tzinfo=clock.TZ))
    dumps = []
    for name, parallel, threshold in (("plain", False, 10**9), ("writer", True, 10**9), ("writer_journal", True, 50)):
        monkeypatch.setattr(bulk, "PARALLEL_FROM", threshold)
        db = Database.open(tmp_path / f"{name}.sqlite3")
        bulk.load_demo(db, data, parallel=parallel)
        assert db.verify().ok
        assert found(db, "保密审查") == plain_scan(db, "保密审查")
        db.close()
        dumps.append(_dump(tmp_path / f"{name}.sqlite3"))
    assert dumps[0] == dumps[1] == dumps[2]
    assert dumps[2]["journal"] == "wal"


def test_a_failed_writer_process_keeps_nothing(tmp_path, monkeypatch):
    import datetime as dt

    from core import clock
    from core.demo import generate
    from storage import bulk

    data = generate(30, now=dt.datetime(2026, 11, 20, 15, 0, tzinfo=clock.TZ))
    data.items.append(data.items[0])  # the same id twice: the writer's insert fails
    db = Database.open(tmp_path / "fail.sqlite3")
    with pytest.raises(RuntimeError, match="UNIQUE"):
        bulk.load_demo(db, data, parallel=True)
    assert db.count_items() == 0
    names = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"items_title", "items_state_updated", "audit_item"} <= names
    assert db.verify().ok
    db.close()


def test_kept_search_results_follow_changes_from_any_connection(db):
    first = db.create_item(make_item(title="热线服务质量提升"), "李晓梅")
    assert found(db, "热线") == [first.id] and db.count_items(ItemFilter(search="热线")) == 1
    other = Database.open(db.path)  # another connection (a background task, another window)
    try:
        second = other.create_item(make_item(title="热线电话"), "陈志强")
    finally:
        other.close()
    assert found(db, "热线") == sorted([first.id, second.id])
    assert db.count_items(ItemFilter(search="热线")) == 2
    with db.transaction():  # inside a transaction the index is asked directly
        assert len(db.item_seqs(ItemFilter(search="热线"))) == 2
    db.update_item(db.get_item(second.id).replace(title="电话"), "陈志强")
    assert found(db, "热线") == [first.id] and len(db.item_list(ItemFilter(search="热线"))) == 1


def test_several_searches_are_kept_at_once(db):
    a = db.create_item(make_item(title="热线服务"), "李晓梅")
    b = db.create_item(make_item(title="保密审查"), "李晓梅")
    for q, want in (("热线", [a.id]), ("保密", [b.id]), ("热线", [a.id]), ("服务", [a.id])):
        assert found(db, q) == want
    made = db._hits_made
    assert found(db, "热线") == [a.id] and found(db, "保密") == [b.id]
    assert db._hits_made == made  # both still kept: nothing changed
    db.update_item(db.get_item(a.id).replace(title="电话服务"), "李晓梅")
    assert found(db, "热线") == [] and db._hits_made == made + 1
    db.forget_search_results()
    assert not db.conn.execute("SELECT name FROM sqlite_temp_master WHERE name LIKE 'search_hits_%'").fetchall()
