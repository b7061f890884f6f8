"""Reviews are stored compactly (schema 7): an answer leaves out what it shares with its review,
reads back the same, and rows written before are read, and rewritten, the same."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from core import clock
from core.model import ChecklistAnswer, Override, Review
from storage import mapping
from storage.database import Database
from tests.conftest import make_item

T0 = dt.datetime(2026, 12, 2, 16, 24, tzinfo=clock.TZ)
PEOPLE = ("李晓梅", "陈志强", "")
TIMES = (T0, T0 + dt.timedelta(minutes=5), None)
VERSIONS = ("2024.1", "2023.2", "")

answers = st.builds(ChecklistAnswer, question_id=st.sampled_from(["no_marked_secret", "no_pii", "q\"x"]),
                    answer=st.sampled_from(["yes", "no", "na"]), note=st.sampled_from(["", "已核对", "见附件"]),
                    answered_by=st.sampled_from(PEOPLE), answered_at=st.sampled_from(TIMES),
                    checklist_version=st.sampled_from(VERSIONS))
reviews = st.builds(Review, item_id=st.just("a" * 32), content_hash=st.just("h" * 64),
                    answers=st.lists(answers, max_size=6).map(tuple), reviewed_by=st.sampled_from(PEOPLE),
                    reviewed_at=st.sampled_from(TIMES), checklist_version=st.sampled_from(VERSIONS))


def _old_row(rv: Review) -> tuple:
    """A row as written before schema 7: every field of every answer."""
    row = list(mapping.review_to_row(rv))
    row[2] = json.dumps([mapping._plain(a) for a in rv.answers], ensure_ascii=False)
    return tuple(row)


@settings(max_examples=200, deadline=None)
@given(reviews)
def test_a_review_reads_back_as_it_was_written_in_either_form(rv):
    assert mapping.review_from_row(mapping.review_to_row(rv)) == rv
    assert mapping.review_from_row(_old_row(rv)) == rv


def test_answers_given_by_the_reviewer_keep_only_question_and_answer():
    rv = Review("a" * 32, "h" * 64, reviewed_by="陈志强", reviewed_at=T0, checklist_version="2024.1", answers=tuple(
        ChecklistAnswer(f"q{i}", "yes", answered_by="陈志强", answered_at=T0, checklist_version="2024.1") for i in range(13)
    ) + (ChecklistAnswer("late", "no", note="补充", answered_by="李晓梅", answered_at=T0 + dt.timedelta(hours=1),
                         checklist_version="2024.1"),),
        overrides=(Override("pii", "13800000000", "单位公开电话", "陈志强", T0),))
    stored = json.loads(mapping.review_to_row(rv)[2])
    assert stored[0] == {"question_id": "q0", "answer": "yes"}
    assert stored[-1] == {"question_id": "late", "answer": "no", "note": "补充", "answered_by": "李晓梅",
                          "answered_at": (T0 + dt.timedelta(hours=1)).isoformat()}
    assert len(mapping.review_to_row(rv)[2].encode()) * 3 < len(_old_row(rv)[2].encode())


def test_the_demo_loader_writes_reviews_as_the_database_does(demo_db):
    from storage.bulk import _review_row

    rows = demo_db.conn.execute("SELECT item_id, content_hash, answers, findings, overrides, reviewed_by, reviewed_at, "
                                "checklist_version FROM reviews").fetchall()
    assert rows
    for row in rows:
        rv = mapping.review_from_row(row)
        assert _review_row(rv) == mapping.review_to_row(rv) == tuple(row)


def test_schema_7_rewrites_the_reviews_of_an_older_database(db):
    items = [db.create_item(make_item(title=f"第{i}条"), "李晓梅") for i in range(3)]
    saved = []
    for i, item in enumerate(items):
        rv = Review(item.id, "h" * 64, reviewed_by="李晓梅", reviewed_at=T0, checklist_version="2024.1", answers=(
            ChecklistAnswer("no_marked_secret", "yes", answered_by="李晓梅", answered_at=T0, checklist_version="2024.1"),
            ChecklistAnswer("no_pii", "na", note="无个人信息" if i else "", answered_by="陈志强" if i == 2 else "李晓梅",
                            answered_at=T0, checklist_version="2024.1")))
        db.save_review(rv, "李晓梅")
        saved.append(rv)
    with db.transaction() as conn:  # the rows as schema 6 wrote them
        for rv in saved:
            conn.execute("UPDATE reviews SET answers = ? WHERE item_id = ?", (_old_row(rv)[2], rv.item_id))
        conn.execute("DELETE FROM _migrations WHERE id = 7")
        conn.execute("PRAGMA user_version = 6")
    path = db.path
    db.close()
    before = sqlite3.connect(path).execute("SELECT sum(length(answers)) FROM reviews").fetchone()[0]
    again = Database.open(path)
    try:
        assert again.schema_version == 7
        assert [again.review(rv.item_id) for rv in saved] == saved
        after = again.conn.execute("SELECT sum(length(answers)) FROM reviews").fetchone()[0]
        assert after * 2 < before
        assert json.loads(again.conn.execute("SELECT answers FROM reviews WHERE item_id = ?", (saved[0].item_id,)).fetchone()[0]) == [
            {"question_id": "no_marked_secret", "answer": "yes"}, {"question_id": "no_pii", "answer": "na"}]
    finally:
        again.close()


def test_an_answer_field_equal_to_a_default_is_not_lost():
    """An answer given by nobody (""), at no time, with no version, in a review that has all three."""
    a = ChecklistAnswer("q", "yes")
    rv = Review("a" * 32, "h" * 64, answers=(a,), reviewed_by="陈志强", reviewed_at=T0, checklist_version="2024.1")
    assert mapping.review_from_row(mapping.review_to_row(rv)).answers == (a,)
    assert dataclasses.asdict(mapping.review_from_row(mapping.review_to_row(rv)).answers[0])["answered_at"] is None
