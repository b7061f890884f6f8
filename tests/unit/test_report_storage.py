"""storage.reports: adoption/instruction records (checks, audit), the unit's scoring rules,
instants written with other UTC offsets, and invariants of the figures on the demo data."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import make_item
from core.errors import UserError
from core.reporting import build_report, parse_period
from core.scoring import load_rule
from storage.reports import (add_adoption, gather, list_adoptions, remove_adoption, scoring_rule_names,
                             set_scoring_rules)
from test_report_figures import MADE, build_scenario, make_report


def test_adoption_checks(db, monkeypatch):
    ids = build_scenario(db, monkeypatch)
    with pytest.raises(UserError, match="草稿"):
        add_adoption(db, ids["D"], "adoption", "市政府办公厅", "市级", dt.date(2026, 11, 20), actor="陈志强")
    with pytest.raises(UserError, match="早于"):
        add_adoption(db, ids["A"], "adoption", "市政府办公厅", "市级", dt.date(2026, 11, 15), actor="李晓梅")
    with pytest.raises(UserError, match="晚于今天"):
        add_adoption(db, ids["A"], "adoption", "市政府办公厅", "市级", dt.date(2026, 11, 24), actor="李晓梅")
    with pytest.raises(UserError, match="--by"):
        add_adoption(db, ids["A"], "adoption", "   ", "市级", dt.date(2026, 11, 20), actor="李晓梅")
    with pytest.raises(UserError, match="级别"):
        add_adoption(db, ids["A"], "adoption", "市政府办公厅", "村级", dt.date(2026, 11, 20), actor="李晓梅")
    with pytest.raises(UserError):
        add_adoption(db, ids["A"], "adoption", "市政府办公厅", "市级", "2026/11/20", actor="李晓梅")
    with pytest.raises(UserError):
        add_adoption(db, ids["A"], "adoption", "市政府办公厅", "市级", dt.date(2026, 11, 20), actor="路人甲")
    rec = add_adoption(db, ids["A"][:8], "采用", "  市政府办公厅  《政务信息》 ", "city", "2026-11-20", note="第12期",
                       actor="李晓梅")
    assert (rec.item_id, rec.kind, rec.by_whom, rec.level, rec.note) == (ids["A"], "adoption", "市政府办公厅 《政务信息》",
                                                                         "市级", "第12期")
    with pytest.raises(UserError, match="已存在"):
        add_adoption(db, ids["A"], "adoption", "市政府办公厅 《政务信息》", "市级", dt.date(2026, 11, 20), actor="李晓梅")
    entries = [e for e in db.audit_entries(ids["A"]) if e.action == "adoption"]
    assert entries and entries[-1].details["level"] == "市级" and entries[-1].actor == "李晓梅"
    assert db.verify().ok


def test_list_and_remove(db, monkeypatch):
    ids = build_scenario(db, monkeypatch)
    records = list_adoptions(db)
    assert [(r.kind, r.on_date.day) for r in records] == [("adoption", 20), ("instruction", 21)]
    assert [r.kind for r in list_adoptions(db, date_from=dt.date(2026, 11, 21))] == ["instruction"]
    assert [r.kind for r in list_adoptions(db, ids["E"], kind="adoption")] == ["adoption"]
    assert list_adoptions(db, ids["A"]) == []
    with pytest.raises(UserError):
        remove_adoption(db, records[0].id, "李晓梅", "  ")
    with pytest.raises(UserError):
        remove_adoption(db, 9999, "李晓梅", "录错")
    gone = remove_adoption(db, records[0].id, "李晓梅", "录错")
    assert gone.id == records[0].id and [r.id for r in list_adoptions(db)] == [records[1].id]
    removed = [e for e in db.audit_entries(ids["E"]) if e.action == "adoption_removed"]
    assert removed and removed[0].details["reason"] == "录错"
    assert make_report(db).totals.adoptions == 0


def test_scoring_rules_of_the_unit(db):
    assert scoring_rule_names(db) == ["benxi", "per_item"]
    set_scoring_rules(db, ["per_item"], actor="王建国")
    assert scoring_rule_names(db) == ["per_item"]
    r = build_report(gather(db, parse_period("2026-W47"), now=MADE))
    assert [s.rule.code for s in r.scores] == ["per_item"]
    with pytest.raises(UserError):
        set_scoring_rules(db, ["nonsense"], actor="王建国")
    assert scoring_rule_names(db) == ["per_item"]


def test_instants_with_other_utc_offsets(db, monkeypatch):
    """A draft made at 16:30 UTC on Sunday 15 November is Monday 00:30 in Shanghai: week 47."""
    monkeypatch.setenv("INFODESK_NOW", MADE.isoformat())
    utc = dt.datetime(2026, 11, 15, 16, 30, tzinfo=dt.timezone.utc)
    db.create_item(make_item(title="UTC", event_date=dt.date(2026, 11, 16)), "李晓梅", at=utc)
    late = dt.datetime(2026, 11, 15, 15, 59, tzinfo=dt.timezone.utc)  # 23:59 on Sunday in Shanghai
    db.create_item(make_item(title="W46", event_date=dt.date(2026, 11, 15)), "李晓梅", at=late)
    w47 = build_report(gather(db, parse_period("2026-W47"), now=MADE, rules=[]))
    w46 = build_report(gather(db, parse_period("2026-W46"), now=MADE, rules=[]))
    assert [d.item.title for d in w47.details if d.status.drafted] == ["UTC"]
    assert [d.item.title for d in w46.details if d.status.drafted] == ["W46"]


@pytest.fixture
def demo(tmp_path, monkeypatch):
    from core.demo import generate
    from storage.bulk import load_demo
    from storage.database import Database

    monkeypatch.setenv("INFODESK_NOW", "2026-11-22T10:00:00+08:00")
    database = Database.open(tmp_path / "demo.sqlite3")
    load_demo(database, generate(400, with_pictures=False))
    yield database
    database.close()


@pytest.mark.parametrize("label", ["2026-W46", "2026-W47", "2026-11", "2026-Q4"])
def test_groups_add_up_to_the_totals(demo, label):
    r = build_report(gather(demo, parse_period(label), rules=[load_rule("benxi"), load_rule("per_item")]))
    total = r.totals
    assert total.drafted > 0
    for rows, name in ((r.by_type, "type"), (r.by_column, "column")):
        acc = rows[0].counts
        for g in rows[1:]:
            acc = acc + g.counts
        assert acc == total, name
    people = r.people[0].counts
    for p in r.people[1:]:
        people = people + p.counts
    assert people == total
    assert sum(p.signed_for_others for p in r.people) >= total.signed_off
    assert len(r.details) >= max(total.drafted, total.submitted, total.published)
    assert sum(b.drafted for b in r.buckets) == total.drafted
    assert sum(b.submitted for b in r.buckets) == total.submitted
    assert sum(b.published for b in r.buckets) == total.published
    assert total.on_time + total.late + total.no_due == total.submitted
    assert total.returns >= total.returned
    benxi, per_item = r.scores
    assert 0 <= benxi.total <= 2
    assert per_item.total == pytest.approx(sum(ln.points for ln in per_item.lines))
    overdue_facts = sum(ln.count for ln in per_item.lines if ln.code == "late")
    assert overdue_facts == total.overdue
