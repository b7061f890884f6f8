"""adopt, adoptions, adoption-remove: 采用 and 批示 records on items (they count in the scores).

    python main.py adopt ITEM --as 李晓梅 --kind adoption --by 市政府办公厅 --level 市级 --date 2026-11-20
    python main.py adopt ITEM --as 李晓梅 --kind instruction --by "副市长 张三" --level 市级 --note "请各区借鉴"
    python main.py adoptions [ITEM] [--period 2026-11] [--json]
    python main.py adoption-remove 12 --as 李晓梅 --reason "录入错误"
"""
from __future__ import annotations

from core.i18n import tr


def register(sub) -> None:
    p = sub.add_parser("adopt", help=tr("record that an item was adopted by a higher level or drew a leader's instruction"))
    p.add_argument("item", metavar="ITEM", help=tr("item id or a unique prefix of it"))
    p.add_argument("--as", dest="actor", required=True, metavar="NAME", help=tr("who records it"))
    p.add_argument("--kind", default="adoption", metavar="adoption|instruction",
                   help=tr("adoption (采用, default) or instruction (批示)"))
    p.add_argument("--by", dest="by_whom", required=True, metavar="WHOM",
                   help=tr("who adopted it (e.g. 市政府办公厅) or which leader gave the instruction"))
    p.add_argument("--level", required=True, metavar="LEVEL", help=tr("区级, 市级, 省级 or 国家级"))
    p.add_argument("--date", default="", metavar="YYYY-MM-DD", help=tr("the day (default today)"))
    p.add_argument("--note", default="", help=tr("a note (e.g. where it was printed, what the instruction says)"))
    p.set_defaults(handler=cmd_adopt)

    p = sub.add_parser("adoptions", help=tr("list adoption and instruction records"))
    p.add_argument("item", nargs="?", metavar="ITEM", help=tr("only the records of this item"))
    p.add_argument("--period", metavar="PERIOD", help=tr("only records dated in 2026-W47, 2026-11 or 2026-Q4"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(handler=cmd_adoptions)

    p = sub.add_parser("adoption-remove", help=tr("remove an adoption or instruction record entered by mistake"))
    p.add_argument("record", type=int, metavar="NUMBER", help=tr("the record's number (see adoptions)"))
    p.add_argument("--as", dest="actor", required=True, metavar="NAME", help=tr("who removes it"))
    p.add_argument("--reason", required=True, help=tr("why (kept in the audit log)"))
    p.set_defaults(handler=cmd_remove)


def cmd_adopt(args, ctx) -> int:
    from core import clock
    from core.scoring import record_kind_label
    from storage.reports import add_adoption

    db = ctx.db(create=False)
    rec = add_adoption(db, args.item, args.kind, args.by_whom, args.level, args.date or clock.today(), args.note,
                       actor=args.actor)
    title = db.get_item(rec.item_id).title
    print(tr("Recorded {kind} no. {id}: {title} — {level}, {who}, {date}", kind=record_kind_label(rec.kind), id=rec.id,
             title=title, level=rec.level, who=rec.by_whom, date=rec.on_date.isoformat()))
    return 0


def cmd_adoptions(args, ctx) -> int:
    from cli._common import print_table
    from core.reporting import parse_period
    from core.scoring import record_kind_label
    from storage.reports import item_titles, list_adoptions

    db = ctx.db(create=False)
    period = parse_period(args.period) if args.period else None
    records = list_adoptions(db, args.item, date_from=period.first if period else None,
                             date_to=period.last if period else None)
    titles = item_titles(db, {r.item_id for r in records})
    if args.json:
        ctx.print_json([{"id": r.id, "item_id": r.item_id, "title": titles.get(r.item_id, ""), "kind": r.kind,
                         "by": r.by_whom, "level": r.level, "date": r.on_date.isoformat(), "note": r.note,
                         "recorded_by": r.recorded_by,
                         "recorded_at": r.recorded_at.isoformat() if r.recorded_at else None} for r in records])
        return 0
    print_table([tr("No."), tr("Date"), tr("Kind"), tr("Level"), tr("By"), tr("Item"), tr("Title")],
                [[str(r.id), r.on_date.isoformat(), record_kind_label(r.kind), r.level, r.by_whom, r.item_id[:8],
                  titles.get(r.item_id, "")] for r in records], [5, 10, 6, 6, 20, 8, 40])
    print(tr("{n} records", n=len(records)))
    return 0


def cmd_remove(args, ctx) -> int:
    from core.scoring import record_kind_label
    from storage.reports import remove_adoption

    db = ctx.db(create=False)
    rec = remove_adoption(db, args.record, args.actor, args.reason)
    print(tr("Removed {kind} no. {id} ({level}, {who}, {date}).", kind=record_kind_label(rec.kind), id=rec.id,
             level=rec.level, who=rec.by_whom, date=rec.on_date.isoformat()))
    return 0
