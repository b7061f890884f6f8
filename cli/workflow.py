"""The workflow verbs: submit, sign-off, return, withdraw (+ recall, mark-submitted, mark-published)."""
from __future__ import annotations

import datetime as dt

from cli._common import read_password, state_text
from core.i18n import tr


def register(sub) -> None:
    def verb(name, help_text, action, *, reason=None, comment=False, password=False, extra=None):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("item", metavar="ITEM", help=tr("item id or a unique prefix of it"))
        p.add_argument("--as", dest="actor", required=True, metavar="NAME", help=tr("who takes this step"))
        if reason == "required":
            p.add_argument("--reason", required=True, help=tr("why (the drafter is told)"))
        elif reason == "optional":
            p.add_argument("--reason", default="", help=tr("why"))
        if comment:
            p.add_argument("--comment", default="", help=tr("opinion recorded with the sign-off"))
        if extra:
            extra(p)
        p.set_defaults(handler=lambda args, ctx: _run(args, ctx, action, password))

    verb("submit", tr("queue a self-reviewed item for sign-off"), "submit")
    verb("recall", tr("take a queued item back to draft"), "recall")
    verb("sign-off", tr("sign off a queued item (asks for your password)"), "sign_off", comment=True, password=True)
    verb("return", tr("return a queued item with a reason (asks for your password)"), "return", reason="required", password=True)
    verb("withdraw", tr("withdraw an item (the record is kept)"), "withdraw", reason="optional")
    verb("mark-submitted", tr("record that a signed-off item was sent to the portal"), "mark_submitted")

    def published_args(p):
        p.add_argument("--url", default="", help=tr("where it was published"))
        p.add_argument("--date", default="", help=tr("publication date YYYY-MM-DD (default today)"))

    verb("mark-published", tr("record that a submitted item was published"), "mark_published", extra=published_args)


def _run(args, ctx, action: str, needs_password: bool) -> int:
    from core.errors import UserError
    from storage.services import gate_for

    db = ctx.db()
    item = db.get_item(args.item)
    password = read_password(db, args.actor, tr("sign-offs")) if needs_password else None
    on = None
    if getattr(args, "date", ""):
        try:
            on = dt.date.fromisoformat(args.date)
        except ValueError:
            raise UserError(tr("Not a date (YYYY-MM-DD): {value}", value=args.date))
    new = db.apply(item.id, action, args.actor, reason=getattr(args, "reason", "") or "",
                   comment=getattr(args, "comment", "") or "", password=password, url=getattr(args, "url", "") or "",
                   on=on, gate=gate_for(action))
    print(tr("{title}: {old} → {new}", title=new.title, old=state_text(item.state), new=state_text(new.state)))
    return 0
