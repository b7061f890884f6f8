"""Rows ↔ domain objects, in one place."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

from core import clock
from core.model import Attachment, ChecklistAnswer, Column, Finding, Item, Override, Review, SignOff

ITEM_FIELDS = ("id", "title", "content_type", "column_id", "unit", "elements", "body", "event_date", "created_by",
               "created_at", "updated_by", "updated_at", "state", "version", "contributors", "signed_hash", "due_at",
               "published_url", "published_at")
ITEM_COLUMNS = ", ".join(ITEM_FIELDS)


def parse_dt(text: str | None) -> dt.datetime | None:
    return clock.parse_datetime(text) if text else None


def parse_date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text[:10]) if text else None


def item_to_row(item: Item) -> dict:
    return {
        "id": item.id, "title": item.title, "content_type": item.content_type, "column_id": item.column_id,
        "unit": item.unit, "elements": json.dumps(dict(item.elements), ensure_ascii=False, sort_keys=True),
        "body": "\n".join(p.replace("\n", " ") for p in item.body),
        "event_date": item.event_date.isoformat() if item.event_date else None,
        "created_by": item.created_by, "created_at": clock.to_iso(item.created_at),
        "updated_by": item.updated_by, "updated_at": clock.to_iso(item.updated_at), "state": item.state,
        "version": item.version, "contributors": json.dumps(list(item.contributors), ensure_ascii=False),
        "signed_hash": item.signed_hash, "due_at": clock.to_iso(item.due_at), "published_url": item.published_url,
        "published_at": clock.to_iso(item.published_at) if isinstance(item.published_at, dt.datetime) else
        (dt.datetime.combine(item.published_at, dt.time(12), tzinfo=clock.TZ).isoformat() if item.published_at else None),
    }


def item_from_row(row, attachments) -> Item:
    r = dict(zip(ITEM_FIELDS, row))
    body = r["body"]
    return Item(
        id=r["id"], title=r["title"], content_type=r["content_type"], column_id=r["column_id"], unit=r["unit"],
        elements=json.loads(r["elements"]), body=tuple(body.split("\n")) if body else (),
        event_date=parse_date(r["event_date"]), attachments=tuple(attachments), created_by=r["created_by"],
        created_at=parse_dt(r["created_at"]), updated_by=r["updated_by"], updated_at=parse_dt(r["updated_at"]),
        state=r["state"], version=r["version"], contributors=tuple(json.loads(r["contributors"])),
        signed_hash=r["signed_hash"], due_at=parse_dt(r["due_at"]), published_url=r["published_url"],
        published_at=parse_date(r["published_at"]),
    )


def column_to_row(c: Column) -> tuple:
    return (c.id, c.name, c.level, c.parent, c.content, c.upkeep_mode, c.update_rule, c.supplier,
            c.disclosure_category, c.kind, int(c.home_page))


def column_from_row(r) -> Column:
    return Column(id=r[0], name=r[1], level=r[2], parent=r[3], content=r[4], upkeep_mode=r[5], update_rule=r[6],
                  supplier=r[7], disclosure_category=r[8], kind=r[9], home_page=bool(r[10]))


def signoff_from_row(r) -> SignOff:
    return SignOff(item_id=r[0], signer=r[1], signed_at=parse_dt(r[2]), content_hash=r[3], version=r[4], comment=r[5],
                   voided_at=parse_dt(r[6]), void_reason=r[7])


def _plain(obj) -> dict:
    d = dataclasses.asdict(obj)
    for k, v in d.items():
        if isinstance(v, (dt.datetime, dt.date)):
            d[k] = v.isoformat()
    return d


def answers_json(rv: Review) -> str:
    """The review's answers as stored: each keeps its question and answer, and its note, who and
    when and the checklist version only where they differ from the review's own (empty note, the
    reviewer, the review's time and version): most answers are given all at once by the reviewer,
    and repeating those four made the reviews half the database (2 KB of 2.2 a row)."""
    at = clock.to_iso(rv.reviewed_at)
    out = []
    for a in rv.answers:
        d = {"question_id": a.question_id, "answer": a.answer}
        if a.note:
            d["note"] = a.note
        if a.answered_by != rv.reviewed_by:
            d["answered_by"] = a.answered_by
        answered_at = clock.to_iso(a.answered_at)
        if answered_at != at:
            d["answered_at"] = answered_at
        if a.checklist_version != rv.checklist_version:
            d["checklist_version"] = a.checklist_version
        out.append(d)
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def review_to_row(rv: Review) -> tuple:
    dump = lambda xs: json.dumps([_plain(x) for x in xs], ensure_ascii=False)  # noqa: E731
    return (rv.item_id, rv.content_hash, answers_json(rv), dump(rv.findings), dump(rv.overrides), rv.reviewed_by,
            clock.to_iso(rv.reviewed_at), rv.checklist_version)


def answer_from_dict(d: dict, reviewed_by: str = "", reviewed_at: str | None = None,
                     checklist_version: str = "") -> ChecklistAnswer:
    """An answer as stored; what it leaves out is the review's (see :func:`answers_json`; rows
    written before schema 7 have every field)."""
    return ChecklistAnswer(
        question_id=d["question_id"], answer=d["answer"], note=d.get("note", ""),
        answered_by=d.get("answered_by", reviewed_by),
        answered_at=parse_dt(d["answered_at"] if "answered_at" in d else reviewed_at),
        checklist_version=d.get("checklist_version", checklist_version))


def override_from_dict(d: dict) -> Override:
    d = dict(d)
    d["at"] = parse_dt(d.get("at"))
    return Override(**d)


def review_from_row(r) -> Review:
    return Review(
        item_id=r[0], content_hash=r[1],
        answers=tuple(answer_from_dict(d, r[5], r[6], r[7]) for d in json.loads(r[2])),
        findings=tuple(Finding(**d) for d in json.loads(r[3])),
        overrides=tuple(override_from_dict(d) for d in json.loads(r[4])),
        reviewed_by=r[5], reviewed_at=parse_dt(r[6]), checklist_version=r[7])
