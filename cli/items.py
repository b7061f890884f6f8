"""demo, items, show, people."""
from __future__ import annotations

import datetime as dt

from cli._common import item_json, print_table, state_text, type_label
from core.errors import UserError
from core.i18n import tr
from core.model import STATES


def _positive(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr("not a whole number: {value}", value=text))
    if value < 0 or value > 5_000_000:
        raise argparse.ArgumentTypeError(tr("must be between 0 and 5000000: {value}", value=text))
    return value


def register(sub) -> None:
    p = sub.add_parser("demo", help=tr("fill the database with a realistic demo unit"))
    p.add_argument("--items", type=_positive, default=48, metavar="N", help=tr("number of items (default 48)"))
    p.add_argument("--force", action="store_true", help=tr("add the demo even if the database already has items"))
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("items", help=tr("list items"))
    p.add_argument("--state", choices=STATES, help=tr("only items in this state"))
    p.add_argument("--search", metavar="Q", help=tr("only items whose title or body contains Q"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(handler=cmd_items)

    p = sub.add_parser("show", help=tr("show one item"))
    p.add_argument("item", metavar="ITEM", help=tr("item id or a unique prefix of it"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("people", help=tr("list the unit's people"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(handler=cmd_people)


def cmd_demo(args, ctx) -> int:
    from core.demo import generate
    from storage.bulk import load_demo

    db = ctx.db()
    if db.count_items() and not args.force:
        raise UserError(tr("The database already has items; use --force to add the demo anyway, or --db for a new file."))
    data = generate(args.items)
    load_demo(db, data)
    print(tr("Demo unit {unit}: {n} items, {p} people (password “{pw}”), {c} columns → {path}",
             unit=data.unit.name, n=len(data.items), p=len(data.people), pw=data.password, c=len(data.columns),
             path=str(db.path or ":memory:")))
    return 0


def cmd_items(args, ctx) -> int:
    from storage.database import ItemFilter

    db = ctx.db()
    flt = ItemFilter(states=(args.state,) if args.state else (), search=args.search or "")
    items = db.items(flt)
    if args.json:
        ctx.print_json([item_json(i, db) for i in items])
        return 0
    rows = []
    for i in items:
        col = db.column(i.column_id)
        rows.append([i.id[:8], state_text(i.state), type_label(i.content_type), col.name if col else i.column_id,
                     i.created_by, i.event_date.isoformat() if i.event_date else "", i.title])
    print_table([tr("ID"), tr("State"), tr("Type"), tr("Column"), tr("Author"), tr("Event date"), tr("Title")],
                rows, [8, 10, 10, 16, 8, 10, 50])
    print(tr("{n} items", n=len(items)))
    return 0


def cmd_show(args, ctx) -> int:
    db = ctx.db()
    item = db.get_item(args.item)
    data = item_json(item, db, full=True)
    so = db.current_signoff(item.id)
    data["signoff"] = ({"signer": so.signer, "signed_at": so.signed_at.isoformat(), "content_hash": so.content_hash,
                        "comment": so.comment} if so else None)
    data["history"] = db.transitions(item.id)
    data["due_rule"], data["due_warnings"] = _due_explanation(db, item)
    if args.json:
        ctx.print_json(data)
        return 0
    from core.content_types import registry

    reg = registry()
    print(f"{item.title}")
    print(f"  {tr('ID')}: {item.id}")
    print(f"  {tr('State')}: {state_text(item.state)}    {tr('Type')}: {type_label(item.content_type)}    {tr('Column')}: {data['column']}")
    print(f"  {tr('Author')}: {item.created_by}    {tr('Event date')}: {data['event_date'] or ''}    {tr('Due')}: {data['due_at'] or ''}")
    for code, value in item.elements.items():
        print(f"  {reg.element(code).label}: {value}")
    print()
    for para in item.body:
        print(f"    {para}")
    if item.attachments:
        print()
        for a in item.attachments:
            print(f"  📎 {a.name} ({a.media_type}, {a.size} B)")
    if so:
        print()
        print("  " + tr("Signed off by {who} at {when}", who=so.signer, when=so.signed_at.isoformat()))
    if data["due_rule"]:
        print("  " + data["due_rule"])
    for w in data["due_warnings"]:
        print("  ⚠ " + w)
    for t in data["history"]:
        print(f"  · {t['at']}  {t['actor']}  {t['action']}  {t['from']} → {t['to']}  {t['reason']}")
    return 0


def _due_explanation(db, item) -> tuple[str, list[str]]:
    """The column's rule in words and any warning about the calendar behind the due time."""
    col = db.column(item.column_id) if item.column_id else None
    if not col or not col.update_rule or not item.event_date:
        return "", []
    from core.schedule import compute_due

    try:
        result = compute_due(col.update_rule, item.event_date)
    except UserError as err:
        return "", [str(err)]
    return result.description, list(result.warnings)


def cmd_people(args, ctx) -> int:
    db = ctx.db()
    people = db.people()
    if args.json:
        ctx.print_json([{"name": p.name, "role": p.role, "phone": p.phone, "email": p.email} for p in people])
        return 0
    from core.workflow import role_label

    print_table([tr("Name"), tr("Role"), tr("Phone"), tr("E-mail")],
                [[p.name, role_label(p.role), p.phone, p.email] for p in people], [10, 12, 16, 28])
    return 0
