"""The report's figures against a database built item by item with known counts.

The week is 2026-W47 (Mon 16 – Sun 22 November 2026); the report is made on Monday 23 November
09:00. Columns: dt 工作动态 (信息发生后2日内, home page), tzgg 通知公告 (信息发生后3日内).
A deadline is 11:00 of the N-th day after the event.

====  ==========  =============================================================================
item  author      what happens (times Asia/Shanghai)
====  ==========  =============================================================================
A     李晓梅      dt, event 16th; drafted 16th, submitted for sign-off, signed off 16th; sent 17th
                  09:00 (due 18th 11:00: on time); published 18th
B     陈志强      dt, event 16th, no 来源 (incomplete); drafted 16th; signed off 18th; sent 19th
                  15:00 (due 18th 11:00: late 1天4小时, overdue)
C     李晓梅      tzgg notice, event 17th; returned 18th "数据…不一致，请核实" (inaccurate); resubmitted,
                  signed off 19th; never sent (due 20th 11:00: overdue)
D     陈志强      dt, event 18th; stays a draft (due 20th 11:00: overdue)
E     李晓梅      dt, event 12th (W46); drafted, signed off, sent 13th (due 14th: on time, W46);
                  published 16th; adopted 市级 on 20th; a 省级 instruction on 21st
F     李晓梅      dt, event 19th; withdrawn 19th (due 21st: not overdue, withdrawn)
G     陈志强      dt, event 21st, drafted 22nd (due 23rd 11:00: next week, pending)
H     李晓梅      dt, event 2nd (W45), a draft never touched since (backlog only)
I     陈志强      dt, event 19th; returned 19th "缺少图片说明，请补充" and 20th "标题不够简洁" (due 21st: overdue)
====  ==========  =============================================================================
"""
from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import make_item
from core import clock
from core.reporting import build_report, parse_period
from core.scoring import load_rule

WEEK = "2026-W47"
MADE = dt.datetime(2026, 11, 23, 9, 0, tzinfo=clock.TZ)


def t(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"2026-11-{text}").replace(tzinfo=clock.TZ)


def build_scenario(db, monkeypatch, extra=None) -> dict[str, str]:
    """Fill ``db`` with items A–I; returns letter → item id."""
    ids: dict[str, str] = {}

    def at(when: str) -> None:
        monkeypatch.setenv("INFODESK_NOW", t(when).isoformat())

    def create(letter, author, when, event, column="dt", **kw):
        at(when)
        elements = {"author": author, "publish_date": f"2026-11-{event:02d}", "source": "测试局"}
        if kw.get("content_type") == "notice":
            elements = {"issuer": "测试局", "publish_date": f"2026-11-{event:02d}"}
        elements.update(kw.pop("elements", {}))
        item = make_item(title=kw.pop("title", f"{letter} 测试信息"), column_id=column, elements=elements,
                         event_date=dt.date(2026, 11, event), **kw)
        ids[letter] = db.create_item(item, author, at=t(when)).id

    def step(letter, action, actor, when, **kw):
        at(when)
        pw = "demo" if action in ("sign_off", "return") else None
        db.apply(ids[letter], action, actor, password=pw, **kw)

    sup = "王建国"
    create("A", "李晓梅", "16T09:00", 16)
    step("A", "submit", "李晓梅", "16T10:00")
    step("A", "sign_off", sup, "16T11:00")
    step("A", "mark_submitted", "李晓梅", "17T09:00")
    step("A", "mark_published", "李晓梅", "18T10:00", on=dt.date(2026, 11, 18), url="http://www.example.gov.cn/a.html")

    create("B", "陈志强", "16T09:30", 16, elements={"source": ""})
    step("B", "submit", "陈志强", "17T10:00")
    step("B", "sign_off", sup, "18T16:00")
    step("B", "mark_submitted", "陈志强", "19T15:00")

    create("C", "李晓梅", "17T08:00", 17, column="tzgg", content_type="notice", title="C 关于测试的公告")
    step("C", "submit", "李晓梅", "17T09:00")
    step("C", "return", sup, "18T09:00", reason="正文中数据与统计口径不一致，请核实。")
    step("C", "submit", "李晓梅", "18T14:00")
    step("C", "sign_off", sup, "19T09:00")

    create("D", "陈志强", "18T09:00", 18)

    create("E", "李晓梅", "12T09:00", 12)
    step("E", "submit", "李晓梅", "12T10:00")
    step("E", "sign_off", sup, "13T09:00")
    step("E", "mark_submitted", "李晓梅", "13T10:00")
    step("E", "mark_published", "李晓梅", "16T10:00", on=dt.date(2026, 11, 16))

    create("F", "李晓梅", "19T09:00", 19)
    step("F", "withdraw", "李晓梅", "19T10:00", reason="重复")

    create("G", "陈志强", "22T09:00", 21)
    create("H", "李晓梅", "02T09:00", 2)

    create("I", "陈志强", "19T09:00", 19)
    step("I", "submit", "陈志强", "19T10:00")
    step("I", "return", sup, "19T15:00", reason="缺少图片说明，请补充后报送。")
    step("I", "submit", "陈志强", "20T09:00")
    step("I", "return", sup, "20T10:00", reason="标题不够简洁，请精炼后重新报送。")

    from storage.reports import add_adoption

    at("22T10:00")
    add_adoption(db, ids["E"], "adoption", "市政府办公厅《政务信息》", "市级", dt.date(2026, 11, 20), actor="李晓梅")
    add_adoption(db, ids["E"], "instruction", "副省长 赵某", "省级", dt.date(2026, 11, 21), note="请各地借鉴", actor="李晓梅")
    if extra:
        extra(ids, create, step, at)
    monkeypatch.setenv("INFODESK_NOW", MADE.isoformat())
    return ids


@pytest.fixture
def scenario(db, monkeypatch):
    ids = build_scenario(db, monkeypatch)
    return db, ids


def make_report(db, week=WEEK, rules=("benxi", "per_item")):
    from storage.reports import gather

    return build_report(gather(db, parse_period(week), now=MADE, rules=[load_rule(r) for r in rules]))


def test_totals(scenario):
    db, ids = scenario
    r = make_report(db)
    t_ = r.totals
    assert (t_.drafted, t_.queued, t_.signed_off, t_.returned, t_.returns) == (7, 4, 3, 2, 3)
    assert (t_.submitted, t_.on_time, t_.late, t_.no_due) == (2, 1, 1, 0)
    assert t_.on_time_rate == 0.5
    assert (t_.published, t_.withdrawn, t_.overdue) == (2, 1, 4)
    assert (t_.adoptions, t_.instructions) == (1, 1)
    assert r.backlog == 4  # C, D, I and the old draft H
    p = r.previous_totals
    assert r.previous.label == "2026-W46"
    assert (p.drafted, p.queued, p.signed_off, p.submitted, p.on_time, p.published, p.overdue) == (1, 1, 1, 1, 1, 0, 0)


def test_details(scenario):
    db, ids = scenario
    r = make_report(db)
    by_letter = {d.item.title.split()[0]: d for d in r.details}
    assert sorted(by_letter) == ["A", "B", "C", "D", "E", "F", "G", "I"]  # H had nothing in the week
    assert by_letter["A"].timeliness == "on_time" and by_letter["A"].timeliness_text == "按时"
    assert by_letter["B"].timeliness == "late" and by_letter["B"].timeliness_text == "超时 1天4小时"
    assert by_letter["C"].timeliness == "overdue" and by_letter["C"].status.overdue
    assert by_letter["C"].timeliness_text == "逾期未报 2天22小时"  # due 20th 11:00, report 23rd 09:00
    assert by_letter["C"].returns == ("正文中数据与统计口径不一致，请核实。",)
    assert by_letter["D"].status.overdue and by_letter["D"].item.state == "draft"
    assert by_letter["E"].status.published and not by_letter["E"].status.drafted
    assert [a.kind for a in by_letter["E"].adoptions] == ["adoption", "instruction"]
    assert by_letter["F"].timeliness == "withdrawn" and not by_letter["F"].status.overdue
    assert by_letter["G"].timeliness == "pending" and not by_letter["G"].status.overdue
    assert by_letter["A"].item.signed_by == "王建国" and by_letter["D"].item.signed_by == ""
    assert by_letter["B"].item.missing == ("来源",)
    assert by_letter["A"].item.missing == ()
    assert by_letter["I"].status.returns == 2


def test_groups_and_people(scenario):
    db, _ = scenario
    r = make_report(db)
    types = {g.key: g.counts for g in r.by_type}
    assert set(types) == {"work_news", "notice"}
    assert (types["notice"].drafted, types["notice"].overdue, types["notice"].returned) == (1, 1, 1)
    assert (types["work_news"].drafted, types["work_news"].submitted, types["work_news"].published) == (6, 2, 2)
    cols = {g.key: g for g in r.by_column}
    assert cols["dt"].label == "工作动态" and cols["dt"].counts.overdue == 3
    people = {p.name: p for p in r.people}
    li, chen, wang = people["李晓梅"].counts, people["陈志强"].counts, people["王建国"]
    assert (li.drafted, li.queued, li.submitted, li.on_time, li.late, li.overdue, li.returns, li.published) == \
        (3, 2, 1, 1, 0, 1, 1, 2)
    assert (li.adoptions, li.instructions) == (1, 1)
    assert (chen.drafted, chen.queued, chen.submitted, chen.on_time, chen.late, chen.overdue, chen.returns) == \
        (4, 2, 1, 0, 1, 3, 2)
    assert chen.on_time_rate == 0.0 and li.on_time_rate == 1.0
    assert (wang.signed_for_others, wang.returned_others, wang.counts.drafted) == (3, 3, 0)


def test_columns_and_chart(scenario):
    db, _ = scenario
    r = make_report(db)
    status = {c.column.id: c.freshness for c in r.columns}
    assert status["dt"].status == "fresh" and status["dt"].days_since == 4  # B sent on the 19th
    assert status["tzgg"].status == "empty"
    per_day = {b.first.day: (b.drafted, b.submitted, b.published) for b in r.buckets}
    assert per_day[16] == (2, 0, 1)  # A, B drafted; E published
    assert per_day[17] == (1, 1, 0)  # C drafted; A sent
    assert per_day[18] == (1, 0, 1)
    assert per_day[19] == (2, 1, 0)  # F, I drafted; B sent
    assert per_day[22] == (1, 0, 0)
    assert sum(b.drafted for b in r.buckets) == r.totals.drafted


def test_scores(scenario):
    """Benxi: 政务信息公开 loses 4 overdue × 0.05 + one inaccurate return 0.05 + one incomplete-return
    0.03 + one incomplete item 0.05 = 0.33 → 0.67; the other parts keep 0.5 each → 1.67.
    Per item: published A, E (2 × 1) + 市级 adoption 2 + 省级 instruction 10 − 4 overdue × 0.5
    − one error return 1 − one incomplete 0.5 = 10.5."""
    db, _ = scenario
    r = make_report(db)
    benxi, per_item = r.scores
    assert benxi.total == 1.67
    assert {c.code: c.score for c in benxi.categories} == {"approval": 0.5, "other": 0.5, "disclosure": 0.67}
    assert per_item.total == 10.5
    codes = {(ln.code, ln.count, ln.points) for ln in per_item.lines}
    assert codes == {("published", 2, 2.0), ("adoption", 1, 2.0), ("instruction", 1, 10.0), ("late", 4, -2.0),
                     ("error", 1, -1.0), ("incomplete", 1, -0.5)}


def test_previous_week_report(scenario):
    """W46 seen on the 23rd: E drafted, signed off and sent on time; nothing overdue."""
    db, _ = scenario
    r = make_report(db, "2026-W46")
    assert (r.totals.drafted, r.totals.submitted, r.totals.on_time, r.totals.overdue) == (1, 1, 1, 0)
    assert [d.item.title.split()[0] for d in r.details] == ["E"]


def test_month_and_quarter_contain_the_week(scenario):
    db, _ = scenario
    week = make_report(db).totals
    month = make_report(db, "2026-11").totals
    quarter = make_report(db, "2026-Q4").totals
    assert month.drafted == quarter.drafted == 9  # every item was drafted in November
    assert month.overdue == quarter.overdue == week.overdue + 1  # and H, a draft due on the 4th
    assert month.submitted == week.submitted + 1  # and E, sent on the 13th
    assert month.published == week.published
