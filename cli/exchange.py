"""Signed review packages between desktops: export-for-signoff, export-decisions, card,
import, keys, conflicts, resolve."""
from __future__ import annotations

import sys

from cli._common import read_password
from core.errors import UserError
from core.i18n import tr


def register(sub) -> None:
    p = sub.add_parser("export-for-signoff", help=tr("pack queued items into a signed package for the supervisor"))
    p.add_argument("items", nargs="+", metavar="ITEM", help=tr("item id or a unique prefix of it"))
    p.add_argument("--as", dest="actor", required=True, metavar="NAME", help=tr("the officer who sends them"))
    p.add_argument("--out", required=True, metavar="FILE", help=tr("the package file to write (.infopkg)"))
    p.set_defaults(handler=cmd_export_for_signoff)

    p = sub.add_parser("export-decisions", help=tr("pack your sign-offs and returns not yet sent into a signed package"))
    p.add_argument("--as", dest="actor", required=True, metavar="NAME", help=tr("the supervisor who decided"))
    p.add_argument("--out", required=True, metavar="FILE", help=tr("the package file to write (.infopkg)"))
    p.add_argument("--to", default="", metavar="OFFICER", help=tr("only items this officer wrote or edited"))
    p.add_argument("--again", action="store_true", help=tr("include decisions already sent (when a package was lost)"))
    p.set_defaults(handler=cmd_export_decisions)

    p = sub.add_parser("card", help=tr("write your person card (public key) for the other desktops"))
    p.add_argument("--as", dest="actor", required=True, metavar="NAME", help=tr("whose card"))
    p.add_argument("--out", required=True, metavar="FILE", help=tr("the card file to write (.infocard)"))
    p.add_argument("--new-key", action="store_true", help=tr("make a new key pair (the old one is no longer accepted)"))
    p.set_defaults(handler=cmd_card)

    p = sub.add_parser("import", help=tr("import packages and person cards"))
    p.add_argument("files", nargs="+", metavar="FILE", help=tr("package (.infopkg) or card (.infocard) files"))
    p.add_argument("--as", dest="actor", default="", metavar="NAME", help=tr("who imports (recorded in the audit log)"))
    p.add_argument("--replace-key", action="store_true",
                   help=tr("accept a card with a new key for a known person (after checking it by phone)"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("keys", help=tr("list the signing keys this database knows"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(handler=cmd_keys)

    p = sub.add_parser("conflicts", help=tr("list items changed on both desktops"))
    p.add_argument("--all", action="store_true", help=tr("include resolved conflicts"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(handler=cmd_conflicts)

    p = sub.add_parser("resolve", help=tr("settle a conflict by keeping one version"))
    p.add_argument("item", metavar="ITEM", help=tr("item id or a unique prefix of it"))
    p.add_argument("--keep", required=True, choices=("local", "incoming"), help=tr("which version to keep"))
    p.add_argument("--as", dest="actor", required=True, metavar="NAME", help=tr("who decides"))
    p.set_defaults(handler=cmd_resolve)


def cmd_export_for_signoff(args, ctx) -> int:
    from storage import exchange

    db = ctx.db()
    password = read_password(db, args.actor, tr("signed packages"))
    result = exchange.export_for_signoff(db, args.items, args.actor, password, args.out)
    print(result.message)
    for title in result.titles:
        print("  " + title)
    return 0


def cmd_export_decisions(args, ctx) -> int:
    from storage import exchange

    db = ctx.db()
    password = read_password(db, args.actor, tr("signed packages"))
    result = exchange.export_decisions(db, args.actor, password, args.out, to=args.to, include_sent=args.again)
    print(result.message)
    for title in result.titles:
        print("  " + title)
    return 0


def cmd_card(args, ctx) -> int:
    from storage import exchange

    db = ctx.db()
    password = read_password(db, args.actor, tr("signed packages"))
    result = exchange.export_card(db, args.actor, password, args.out, new_key=args.new_key)
    print(result.message)
    print(tr("Read this fingerprint to the receiver by phone; they see the same one when they import the card."))
    return 0


def cmd_import(args, ctx) -> int:
    from storage import exchange

    db = ctx.db()
    code = 0
    report = []
    for path in args.files:
        try:
            result = exchange.import_path(db, path, args.actor, replace_key=args.replace_key)
        except UserError as err:
            code = 2
            if args.json:
                report.append({"file": path, "ok": False, "error": str(err)})
            else:
                print(tr("{file}: refused: {reason}", file=path, reason=err), file=sys.stderr)
            continue
        if result.conflicts and code == 0:
            code = 1
        if args.json:
            report.append({
                "file": path, "ok": True, "kind": result.kind, "package_id": result.package_id, "signer": result.signer,
                "duplicate": result.duplicate, "summary": result.summary,
                "fingerprint": result.card.short_fingerprint if result.card else None,
                "items": [{"id": o.item_id, "title": o.title, "outcome": o.outcome, "message": o.message}
                          for o in result.outcomes]})
        else:
            print(f"{path}: " + "\n".join(result.lines()))
    if args.json:
        ctx.print_json(report)
    return code


def cmd_keys(args, ctx) -> int:
    from cli._common import print_table
    from core.workflow import role_label
    from storage import keys

    db = ctx.db()
    known = keys.known_keys(db)
    if args.json:
        ctx.print_json([{"name": k.name, "role": k.role, "unit": k.unit, "fingerprint": k.fingerprint,
                         "short_fingerprint": k.short_fingerprint, "source": k.source, "added_at": k.added_at} for k in known])
        return 0
    source = {"local": tr("this desktop"), "card": tr("card")}
    print_table([tr("Name"), tr("Role"), tr("Fingerprint"), tr("From"), tr("Added")],
                [[k.name, role_label(k.role), k.short_fingerprint, source.get(k.source, k.source), k.added_at[:16].replace("T", " ")]
                 for k in known], [10, 10, 40, 8, 16])
    return 0


def cmd_conflicts(args, ctx) -> int:
    from storage import exchange

    db = ctx.db()
    found = exchange.conflicts(db, include_resolved=args.all)
    if args.json:
        ctx.print_json([{"id": c.id, "item_id": c.item_id, "title": c.title, "kind": c.kind, "package_id": c.package_id,
                         "detected_at": c.detected_at, "description": c.description, "resolved_at": c.resolved_at,
                         "resolution": c.resolution, "resolved_by": c.resolved_by, "local": c.local,
                         "incoming": c.incoming} for c in found])
        return 0
    if not found:
        print(tr("No open conflicts."))
        return 0
    for c in found:
        which = {"local": tr("local"), "incoming": tr("incoming"), "superseded": tr("superseded")}.get(c.resolution, c.resolution)
        status = tr("resolved: kept {which} ({who})", which=which, who=c.resolved_by) if c.resolved_at else tr("open")
        print(f"{c.item_id[:8]}  {c.title}  [{status}]")
        print("  " + c.description)
    if any(c.resolved_at is None for c in found):
        print(tr("Settle each with: resolve ITEM --keep local|incoming --as NAME"))
    return 0


def cmd_resolve(args, ctx) -> int:
    from core.workflow import state_label
    from storage import exchange

    db = ctx.db()
    item = exchange.resolve_conflict(db, args.item, args.keep, args.actor)
    print(tr("{title}: kept the {which} version; now {state}, version {version}.", title=item.title,
             which=tr("local") if args.keep == "local" else tr("incoming"), state=state_label(item.state),
             version=item.version))
    return 0
